#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <malloc.h>

#include "oriel-domain-screenshot.h"
#include "oriel-settings.h"
#include "oriel-thumbnails.h"
#include "oriel-uri.h"

/* Small pictures of running domains' screens for the domain list, taken by
 * the server (virDomainScreenshot) only for the rows being drawn, and again
 * when older than REFRESH_US: a list of thousands costs a screenshot per
 * row in sight now and then. The "thumbnails" setting says for which hosts
 * (remote ones send every picture over the network).
 *
 * The refresh has one timer, armed only while some picture drawn since it
 * was taken will be due: at that moment ::changed has its row drawn again,
 * and drawing asks for the new picture. A list with no picture in sight
 * (a remote host by default, shut-off domains) wakes nobody. */

#define REFRESH_US (10 * G_USEC_PER_SEC)

typedef struct
{
  GdkPixbuf *pixbuf;            /* or NULL: none yet, or none to be had */
  gint64 taken;                 /* when asked last (0: never) */
  gint64 drawn;                 /* when its row was drawn last (0: not since a nudge) */
  gboolean pending;
} Entry;

struct _OrielThumbnails
{
  GObject parent_instance;

  GHashTable *entries;          /* OrielDomain (weak) -> Entry */
  GQueue waiting;               /* domains whose picture is due, in order */
  gboolean busy;                /* one picture at a time: slow, light */
  GCancellable *cancellable;
  guint refresh_id;             /* the next picture due in sight */
};

static void next (OrielThumbnails *self);
static void schedule (OrielThumbnails *self);

G_DEFINE_FINAL_TYPE (OrielThumbnails, oriel_thumbnails, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->pixbuf);
  g_free (entry);
}

/* Whether the setting asks for @domain's picture at all. */
gboolean
oriel_thumbnails_wanted (OrielDomain *domain)
{
  GSettings *settings = oriel_settings_get ();
  int mode = settings ? g_settings_get_enum (settings, "thumbnails") : 1;
  const char *origin = oriel_domain_get_origin (domain);

  if (mode == 0 || oriel_domain_get_state (domain) != ORIEL_DOMAIN_STATE_RUNNING)
    return FALSE;
  return mode == 2 || origin == NULL || oriel_uri_is_local (origin);
}

static GdkPixbuf *
load (GBytes *bytes, const char *mime_type)
{
  g_autoptr (GdkPixbufLoader) loader = NULL;
  GdkPixbuf *full;
  int width, height;

  loader = gdk_pixbuf_loader_new_with_mime_type (mime_type, NULL);
  if (loader == NULL)
    return NULL;
  if (!gdk_pixbuf_loader_write_bytes (loader, bytes, NULL) || !gdk_pixbuf_loader_close (loader, NULL))
    return NULL;
  full = gdk_pixbuf_loader_get_pixbuf (loader);
  if (full == NULL)
    return NULL;
  width = gdk_pixbuf_get_width (full);
  height = gdk_pixbuf_get_height (full);
  if (width <= 0 || height <= 0)
    return NULL;
  return gdk_pixbuf_scale_simple (full, ORIEL_THUMBNAIL_WIDTH,
                                  MAX (1, ORIEL_THUMBNAIL_WIDTH * height / width),
                                  GDK_INTERP_BILINEAR);
}

typedef struct
{
  OrielThumbnails *self;
} Request;

typedef struct
{
  GBytes *bytes;
  char *mime_type;
} Picture;

static void
picture_free (Picture *picture)
{
  g_bytes_unref (picture->bytes);
  g_free (picture->mime_type);
  g_free (picture);
}

/* Decoding and scaling a screen is work for a thread, not the main loop. */
static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Picture *picture = task_data;
  GdkPixbuf *pixbuf = load (picture->bytes, picture->mime_type);

  /* the full-size decode is gone: give its pages back (worker threads
   * each have their own malloc arena, which otherwise keeps them) */
  malloc_trim (0);

  if (pixbuf == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             "the screenshot (%s) could not be read", picture->mime_type);
  else
    g_task_return_pointer (task, pixbuf, g_object_unref);
}

static void
loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (OrielThumbnails) self = user_data;
  g_autoptr (GError) error = NULL;
  GdkPixbuf *pixbuf = g_task_propagate_pointer (G_TASK (result), &error);
  Entry *entry = g_hash_table_lookup (self->entries, source);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (entry != NULL)
    entry->pending = FALSE;
  if (pixbuf == NULL || entry == NULL)
    {
      if (error != NULL)
        g_debug ("%s: %s", oriel_domain_get_name (ORIEL_DOMAIN (source)), error->message);
      g_clear_object (&pixbuf);
    }
  else
    {
      g_clear_object (&entry->pixbuf);
      entry->pixbuf = pixbuf;
      g_signal_emit (self, signals[CHANGED], 0, source);
    }
  next (self);
}

static void
shot_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Request *request = user_data;
  g_autoptr (OrielThumbnails) self = request->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *mime_type = NULL;
  g_autoptr (GBytes) bytes = oriel_domain_screenshot_finish (ORIEL_DOMAIN (source), result,
                                                             &mime_type, &error);
  g_autoptr (GTask) task = NULL;
  Picture *picture;
  Entry *entry;

  g_free (request);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  entry = g_hash_table_lookup (self->entries, source);
  if (entry == NULL || bytes == NULL)
    {
      if (entry != NULL)
        entry->pending = FALSE;
      if (error != NULL)   /* tried again after REFRESH_US */
        g_debug ("%s: %s", oriel_domain_get_name (ORIEL_DOMAIN (source)), error->message);
      self->busy = FALSE;
      next (self);
      return;
    }
  picture = g_new0 (Picture, 1);
  picture->bytes = g_steal_pointer (&bytes);
  picture->mime_type = g_steal_pointer (&mime_type);
  task = g_task_new (source, self->cancellable, loaded_cb, g_object_ref (self));
  g_task_set_task_data (task, picture, (GDestroyNotify) picture_free);
  g_task_run_in_thread (task, load_thread);
}

static void
domain_gone (gpointer data, GObject *where_it_was)
{
  OrielThumbnails *self = data;

  g_queue_remove (&self->waiting, where_it_was);
  g_hash_table_remove (self->entries, where_it_was);
}

/* Takes the next picture due, if none is being taken. */
static void
next (OrielThumbnails *self)
{
  OrielDomain *domain;
  Request *request;

  if (self->busy)
    return;
  if (g_queue_is_empty (&self->waiting))
    {
      schedule (self);  /* all taken: when is the first one due again? */
      return;
    }
  domain = g_queue_pop_head (&self->waiting);
  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  self->busy = TRUE;
  oriel_domain_screenshot_async (domain, self->cancellable, shot_ready_cb, request);
}

static gboolean
refresh_cb (gpointer data)
{
  OrielThumbnails *self = data;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer domain;
  Entry *entry;
  g_autoptr (GPtrArray) due = g_ptr_array_new_with_free_func (g_object_unref);

  self->refresh_id = 0;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &domain, (gpointer *) &entry))
    if (!entry->pending && entry->drawn >= entry->taken && now - entry->taken >= REFRESH_US)
      {
        /* nudged once: a row out of sight is not drawn, and stays quiet */
        entry->drawn = 0;
        g_ptr_array_add (due, g_object_ref (domain));
      }
  for (guint i = 0; i < due->len; i++)
    g_signal_emit (self, signals[CHANGED], 0, g_ptr_array_index (due, i));
  schedule (self);
  return G_SOURCE_REMOVE;
}

/* Arms the timer for the first picture drawn since it was taken that will
 * be due; none such, no timer. */
static void
schedule (OrielThumbnails *self)
{
  GHashTableIter iter;
  Entry *entry;
  gint64 first = G_MAXINT64;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (!entry->pending && entry->taken != 0 && entry->drawn >= entry->taken)
      first = MIN (first, entry->taken + REFRESH_US);
  if (first != G_MAXINT64)
    self->refresh_id = g_timeout_add (MAX (0, (first - g_get_monotonic_time () + 999) / 1000),
                                      refresh_cb, self);
}

/**
 * oriel_thumbnails_get:
 *
 * Returns: (transfer none) (nullable): @domain's picture; a newer one is
 * asked for when it is old (one at a time), and ::changed says when it
 * comes
 */
GdkPixbuf *
oriel_thumbnails_get (OrielThumbnails *self, OrielDomain *domain)
{
  Entry *entry;
  gint64 now = g_get_monotonic_time ();

  g_return_val_if_fail (ORIEL_IS_THUMBNAILS (self), NULL);
  if (!oriel_thumbnails_wanted (domain))
    return NULL;
  entry = g_hash_table_lookup (self->entries, domain);
  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      g_hash_table_insert (self->entries, domain, entry);
      g_object_weak_ref (G_OBJECT (domain), domain_gone, self);
    }
  entry->drawn = now;
  if (!entry->pending && (entry->taken == 0 || now - entry->taken > REFRESH_US))
    {
      entry->pending = TRUE;
      entry->taken = now;
      g_queue_push_tail (&self->waiting, domain);
      next (self);
    }
  return entry->pixbuf;
}

static void
forget_weak (gpointer key, gpointer value, gpointer data)
{
  g_object_weak_unref (key, domain_gone, data);
}

static void
oriel_thumbnails_dispose (GObject *object)
{
  OrielThumbnails *self = ORIEL_THUMBNAILS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_queue_clear (&self->waiting);
  g_hash_table_foreach (self->entries, forget_weak, self);
  g_hash_table_remove_all (self->entries);
  G_OBJECT_CLASS (oriel_thumbnails_parent_class)->dispose (object);
}

static void
oriel_thumbnails_finalize (GObject *object)
{
  OrielThumbnails *self = ORIEL_THUMBNAILS (object);

  g_hash_table_unref (self->entries);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (oriel_thumbnails_parent_class)->finalize (object);
}

static void
oriel_thumbnails_class_init (OrielThumbnailsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = oriel_thumbnails_dispose;
  G_OBJECT_CLASS (klass)->finalize = oriel_thumbnails_finalize;
  /* a domain's picture came: its row is drawn again */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, ORIEL_TYPE_DOMAIN);
}

static void
oriel_thumbnails_init (OrielThumbnails *self)
{
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, entry_free);
  self->cancellable = g_cancellable_new ();
}

OrielThumbnails *
oriel_thumbnails_new (void)
{
  return g_object_new (ORIEL_TYPE_THUMBNAILS, NULL);
}
