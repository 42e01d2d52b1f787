#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "oriel-util.h"
#include "oriel-char-device.h"
#include "oriel-domain.h"
#include "oriel-error.h"
#include "oriel-graphics-info.h"
#include "oriel-xml-util.h"

/* A domain as the UI sees it: name, state and display summary kept up to
 * date from libvirt's lifecycle events, with every libvirt call off the
 * main thread. */
struct _OrielDomain
{
  GObject parent_instance;

  GVirDomain *gvir;
  gboolean read_only;
  gboolean exposed;             /* a console open to the network, see is_exposed */
  OrielDomainState state;
  char *graphics_label;
  char *title;                  /* <title>, or NULL */
  char *origin;                 /* its connection's URI (a GRefString, shared) */
  char *name_key;               /* caches for sorting and search, made when asked */
  char *title_key;
  char *search_text;
  gboolean details_asked;       /* graphics and title fetched, or on the way */
  gboolean state_given;         /* made with a state read in bulk: no query */
  GCancellable *cancellable;
  guint refresh_serial;         /* the newest state query: older answers are stale */
};

G_DEFINE_FINAL_TYPE (OrielDomain, oriel_domain, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (OrielDomainState, oriel_domain_state,
  G_DEFINE_ENUM_VALUE (ORIEL_DOMAIN_STATE_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (ORIEL_DOMAIN_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (ORIEL_DOMAIN_STATE_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (ORIEL_DOMAIN_STATE_SHUTOFF, "shutoff"),
  G_DEFINE_ENUM_VALUE (ORIEL_DOMAIN_STATE_CRASHED, "crashed"),
  G_DEFINE_ENUM_VALUE (ORIEL_DOMAIN_STATE_SUSPENDED, "suspended"))

enum
{
  PROP_0,
  PROP_GVIR,
  PROP_READ_ONLY,
  PROP_NAME,
  PROP_STATE,
  PROP_STATE_LABEL,
  PROP_GRAPHICS_LABEL,
  PROP_EXPOSED,
  PROP_TITLE,
  PROP_KNOWN_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum { STARTED, N_SIGNALS };
static guint signals[N_SIGNALS];

const char *
oriel_domain_state_to_string (OrielDomainState state)
{
  switch (state)
    {
    case ORIEL_DOMAIN_STATE_RUNNING:
      return _("Running");
    case ORIEL_DOMAIN_STATE_PAUSED:
      return _("Paused");
    case ORIEL_DOMAIN_STATE_SHUTOFF:
      return _("Shut off");
    case ORIEL_DOMAIN_STATE_CRASHED:
      return _("Crashed");
    case ORIEL_DOMAIN_STATE_SUSPENDED:
      return _("Suspended");
    case ORIEL_DOMAIN_STATE_UNKNOWN:
    default:
      return _("Unknown");
    }
}

static OrielDomainState
state_from_gvir (GVirDomainState state)
{
  switch (state)
    {
    case GVIR_DOMAIN_STATE_RUNNING:
    case GVIR_DOMAIN_STATE_BLOCKED:
    case GVIR_DOMAIN_STATE_SHUTDOWN:  /* still running while shutting down */
      return ORIEL_DOMAIN_STATE_RUNNING;
    case GVIR_DOMAIN_STATE_PAUSED:
      return ORIEL_DOMAIN_STATE_PAUSED;
    case GVIR_DOMAIN_STATE_SHUTOFF:
      return ORIEL_DOMAIN_STATE_SHUTOFF;
    case GVIR_DOMAIN_STATE_CRASHED:
      return ORIEL_DOMAIN_STATE_CRASHED;
    case GVIR_DOMAIN_STATE_PMSUSPENDED:
      return ORIEL_DOMAIN_STATE_SUSPENDED;
    case GVIR_DOMAIN_STATE_NONE:
    default:
      return ORIEL_DOMAIN_STATE_UNKNOWN;
    }
}

static void
set_state (OrielDomain *self, OrielDomainState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_LABEL]);
}

static void
set_graphics_label (OrielDomain *self, const char *label)
{
  if (oriel_set_str (&self->graphics_label, label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRAPHICS_LABEL]);
}

static void
set_title (OrielDomain *self, const char *title)
{
  if (!oriel_set_str (&self->title, title))
    return;
  g_clear_pointer (&self->title_key, g_free);
  g_clear_pointer (&self->search_text, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* @text for searching: case-folded, accents gone ("Élan" finds "elan"). */
char *
oriel_domain_fold (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  g_autofree char *folded = g_utf8_casefold (decomposed ? decomposed : "", -1);
  GString *plain = g_string_sized_new (strlen (folded));

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (plain, c);
    }
  return g_string_free (plain, FALSE);
}

/* The name and title as the list's search sees them. */
const char *
oriel_domain_get_search_text (OrielDomain *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), "");
  if (self->search_text == NULL)
    {
      g_autofree char *both = g_strconcat (oriel_domain_get_name (self), "\n",
                                           self->title ? self->title : "", NULL);

      self->search_text = oriel_domain_fold (both);
    }
  return self->search_text;
}

/* Collation keys, for sorting thousands without collating each time. */
const char *
oriel_domain_get_name_key (OrielDomain *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), "");
  if (self->name_key == NULL)
    self->name_key = g_utf8_collate_key (oriel_domain_get_name (self), -1);
  return self->name_key;
}

const char *
oriel_domain_get_title_key (OrielDomain *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), "");
  if (self->title_key == NULL)
    self->title_key = g_utf8_collate_key (self->title ? self->title : "", -1);
  return self->title_key;
}

static void
set_exposed (OrielDomain *self, gboolean exposed)
{
  if (self->exposed == exposed)
    return;
  self->exposed = exposed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPOSED]);
}

static char *
summarize_graphics (GPtrArray *infos)
{
  g_autoptr (GString) label = g_string_new (NULL);

  for (guint i = 0; i < infos->len; i++)
    {
      const OrielGraphicsInfo *info = g_ptr_array_index (infos, i);

      if (label->len > 0)
        g_string_append (label, ", ");
      g_string_append (label, oriel_graphics_info_get_label (info));
    }
  if (label->len == 0)
    /* Translators: the domain has no graphical display */
    return g_strdup (C_("graphics", "None"));
  return g_string_free (g_steal_pointer (&label), FALSE);
}

typedef GPtrArray *(*XmlParser) (const char *xml, GError **error);

typedef struct
{
  virDomainPtr handle;
  XmlParser parse;
  char *title;                  /* read from the same XML, for the list */
} FetchData;

typedef struct
{
  OrielDomain *self;
  guint serial;
} InfoRequest;

static void
info_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  InfoRequest *request = user_data;
  g_autoptr (OrielDomain) self = request->self;
  guint serial = request->serial;
  g_autoptr (GError) error = NULL;
  GVirDomainInfo *info;

  g_free (request);
  info = gvir_domain_get_info_finish (GVIR_DOMAIN (source), result, &error);
  /* events close together (a destroy, then a start) send queries that may
   * come back in any order: only the newest one tells the state */
  if (serial != self->refresh_serial)
    {
      if (info != NULL)
        g_boxed_free (GVIR_TYPE_DOMAIN_INFO, info);
      return;
    }
  if (info == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("State of %s unknown: %s", oriel_domain_get_name (self), error->message);
      return;
    }
  g_debug ("%s: state %d (query %u)", oriel_domain_get_name (self), info->state, serial);
  set_state (self, state_from_gvir (info->state));
  g_boxed_free (GVIR_TYPE_DOMAIN_INFO, info);
}

static void
graphics_ready_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  OrielDomain *self = ORIEL_DOMAIN (source);
  g_autoptr (GPtrArray) infos = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *label = NULL;

  infos = oriel_domain_fetch_graphics_finish (self, result, &error);
  if (infos == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Graphics of %s unknown: %s", oriel_domain_get_name (self), error->message);
      return;
    }
  label = summarize_graphics (infos);
  set_graphics_label (self, label);
  set_title (self, ((FetchData *) g_task_get_task_data (G_TASK (result)))->title);
  /* without secrets a password is unknown: then nothing is claimed */
  if (!self->read_only)
    {
      gboolean exposed = FALSE;

      for (guint i = 0; i < infos->len; i++)
        exposed = exposed || oriel_graphics_info_is_exposed (g_ptr_array_index (infos, i));
      set_exposed (self, exposed);
    }
}

/* Re-reads state and graphics; called on every lifecycle event. */
void
oriel_domain_refresh (OrielDomain *self)
{
  InfoRequest *request;

  g_return_if_fail (ORIEL_IS_DOMAIN (self));

  request = g_new0 (InfoRequest, 1);
  request->self = g_object_ref (self);
  request->serial = ++self->refresh_serial;
  gvir_domain_get_info_async (self->gvir, self->cancellable, info_ready_cb, request);
  self->details_asked = TRUE;
  oriel_domain_fetch_graphics_async (self, self->cancellable, graphics_ready_cb, NULL);
}

/* The display summary and title, read once when first wanted (a row
 * shown, a console opened): a list of thousands asks only for its visible
 * rows. Lifecycle events read them again. */
void
oriel_domain_ensure_details (OrielDomain *self)
{
  g_return_if_fail (ORIEL_IS_DOMAIN (self));
  if (self->details_asked)
    return;
  self->details_asked = TRUE;
  oriel_domain_fetch_graphics_async (self, self->cancellable, graphics_ready_cb, NULL);
}

/* The URI of the connection it came from: which host, when a window shows
 * several. */
void
oriel_domain_set_origin (OrielDomain *self, const char *uri)
{
  g_return_if_fail (ORIEL_IS_DOMAIN (self));
  g_clear_pointer (&self->origin, g_ref_string_release);
  self->origin = uri ? g_ref_string_new_intern (uri) : NULL;
}

/* Returns: (nullable) */
const char *
oriel_domain_get_origin (OrielDomain *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), NULL);
  return self->origin;
}

/* Returns: (nullable): the domain's title, once its details are read */
const char *
oriel_domain_get_title (OrielDomain *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), NULL);
  return self->title;
}

static void
lifecycle_cb (GVirDomain *gvir, OrielDomain *self)
{
  g_debug ("%s: lifecycle event", oriel_domain_get_name (self));
  oriel_domain_refresh (self);
}

/* A new run of the guest: its displays are new too, even when a stop and a
 * start came too close together for the state to be seen as shut off. */
static void
started_cb (GVirDomain *gvir, OrielDomain *self)
{
  lifecycle_cb (gvir, self);
  g_signal_emit (self, signals[STARTED], 0);
}


static void
fetch_data_free (FetchData *data)
{
  g_boxed_free (GVIR_TYPE_DOMAIN_HANDLE, data->handle);
  g_free (data->title);
  g_free (data);
}

static void
fetch_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  OrielDomain *self = source;
  FetchData *data = task_data;
  g_autofree char *xml = NULL;
  GPtrArray *result;
  GError *error = NULL;

  /* A read-only connection may not ask for secrets; passwords then stay unknown. */
  xml = oriel_domain_read_xml (self, data->handle, self->read_only ? 0 : VIR_DOMAIN_XML_SECURE,
                               &error);
  if (xml == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  data->title = oriel_xml_domain_title (xml);
  result = data->parse (xml, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

/* Reads the live description (with secrets where allowed) and parses it,
 * both in a worker thread. */
static void
fetch_async (OrielDomain *self, XmlParser parse, gpointer tag, GCancellable *cancellable,
             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  FetchData *data = g_new0 (FetchData, 1);

  g_task_set_source_tag (task, tag);
  g_object_get (self->gvir, "handle", &data->handle, NULL);
  data->parse = parse;
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

/**
 * oriel_domain_fetch_graphics_async:
 *
 * The domain's <graphics> devices, as OrielGraphicsInfo.
 */
void
oriel_domain_fetch_graphics_async (OrielDomain         *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (ORIEL_IS_DOMAIN (self));
  fetch_async (self, oriel_graphics_info_parse, oriel_domain_fetch_graphics_async, cancellable,
               callback, user_data);
}

/* Returns: (transfer full) (element-type OrielGraphicsInfo) */
GPtrArray *
oriel_domain_fetch_graphics_finish (OrielDomain *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * oriel_domain_fetch_consoles_async:
 *
 * The domain's text consoles (<serial> and <console>), as OrielCharDevice.
 */
void
oriel_domain_fetch_consoles_async (OrielDomain         *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (ORIEL_IS_DOMAIN (self));
  fetch_async (self, oriel_char_device_parse, oriel_domain_fetch_consoles_async, cancellable,
               callback, user_data);
}

/* Returns: (transfer full) (element-type OrielCharDevice) */
GPtrArray *
oriel_domain_fetch_consoles_finish (OrielDomain *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A console of the domain listens on every interface with neither a
 * password nor TLS (known only with a read-write connection). */
gboolean
oriel_domain_is_exposed (OrielDomain *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), FALSE);
  return self->exposed;
}

/* TRUE when reached through a read-only connection: nothing can be changed. */
gboolean
oriel_domain_is_read_only (OrielDomain *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), TRUE);
  return self->read_only;
}

OrielDomain *
oriel_domain_new (GVirDomain *gvir, gboolean read_only)
{
  g_return_val_if_fail (GVIR_IS_DOMAIN (gvir), NULL);
  return g_object_new (ORIEL_TYPE_DOMAIN, "gvir", gvir, "read-only", read_only, NULL);
}

/**
 * oriel_domain_new_with_state:
 * @state: the state the connection read for all domains at once
 *
 * A domain whose state is known: nothing is asked of libvirt until its
 * details are wanted (oriel_domain_ensure_details) or an event comes.
 */
OrielDomain *
oriel_domain_new_with_state (GVirDomain *gvir, gboolean read_only, OrielDomainState state)
{
  g_return_val_if_fail (GVIR_IS_DOMAIN (gvir), NULL);
  return g_object_new (ORIEL_TYPE_DOMAIN, "gvir", gvir, "read-only", read_only,
                       "known-state", (int) state, NULL);
}

/* virDomainState as read in bulk (virConnectGetAllDomainStats) */
OrielDomainState
oriel_domain_state_from_libvirt (int state)
{
  return state_from_gvir ((GVirDomainState) state);
}

GVirDomain *
oriel_domain_get_gvir (OrielDomain *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), NULL);
  return self->gvir;
}

const char *
oriel_domain_get_name (OrielDomain *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), NULL);
  return gvir_domain_get_name (self->gvir);
}

const char *
oriel_domain_get_uuid (OrielDomain *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), NULL);
  return gvir_domain_get_uuid (self->gvir);
}

OrielDomainState
oriel_domain_get_state (OrielDomain *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), ORIEL_DOMAIN_STATE_UNKNOWN);
  return self->state;
}

gboolean
oriel_domain_is_active (OrielDomain *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), FALSE);
  return self->state == ORIEL_DOMAIN_STATE_RUNNING || self->state == ORIEL_DOMAIN_STATE_PAUSED;
}

const char *
oriel_domain_get_graphics_label (OrielDomain *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), NULL);
  return self->graphics_label;
}

/* Name, numeric id (of a running domain) or UUID, as virsh accepts them. */
gboolean
oriel_domain_matches (OrielDomain *self, const char *name_id_or_uuid)
{
  return oriel_domain_matches_as (self, name_id_or_uuid, ORIEL_LOOKUP_ANY);
}

/* --domain-name, --id, --uuid: one kind of key only. */
gboolean
oriel_domain_matches_as (OrielDomain *self, const char *key, OrielLookup lookup)
{
  gint64 id;

  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if ((lookup == ORIEL_LOOKUP_ANY || lookup == ORIEL_LOOKUP_NAME)
      && g_strcmp0 (oriel_domain_get_name (self), key) == 0)
    return TRUE;
  if ((lookup == ORIEL_LOOKUP_ANY || lookup == ORIEL_LOOKUP_UUID)
      && g_ascii_strcasecmp (oriel_domain_get_uuid (self), key) == 0)
    return TRUE;
  if ((lookup == ORIEL_LOOKUP_ANY || lookup == ORIEL_LOOKUP_ID)
      && g_ascii_string_to_signed (key, 10, 0, G_MAXINT, &id, NULL))
    {
      g_autoptr (GError) error = NULL;
      /* the id is cached by libvirt-gobject; no RPC happens here */
      gint current = gvir_domain_get_id (self->gvir, &error);

      return current >= 0 && current == id;
    }
  return FALSE;
}

static void
oriel_domain_constructed (GObject *object)
{
  OrielDomain *self = ORIEL_DOMAIN (object);

  G_OBJECT_CLASS (oriel_domain_parent_class)->constructed (object);

  g_signal_connect_object (self->gvir, "started", G_CALLBACK (started_cb), self, 0);
  g_signal_connect_object (self->gvir, "stopped", G_CALLBACK (lifecycle_cb), self, 0);
  g_signal_connect_object (self->gvir, "suspended", G_CALLBACK (lifecycle_cb), self, 0);
  g_signal_connect_object (self->gvir, "resumed", G_CALLBACK (lifecycle_cb), self, 0);
  g_signal_connect_object (self->gvir, "pmsuspended", G_CALLBACK (lifecycle_cb), self, 0);
  g_signal_connect_object (self->gvir, "updated", G_CALLBACK (lifecycle_cb), self, 0);
  /* made in a loader's thread: its tasks would never run there */
  if (!self->state_given)
    oriel_domain_refresh (self);
}

static void
oriel_domain_dispose (GObject *object)
{
  OrielDomain *self = ORIEL_DOMAIN (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (oriel_domain_parent_class)->dispose (object);
}

static void
oriel_domain_finalize (GObject *object)
{
  OrielDomain *self = ORIEL_DOMAIN (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->gvir);
  g_free (self->graphics_label);
  g_free (self->title);
  g_clear_pointer (&self->origin, g_ref_string_release);
  g_free (self->name_key);
  g_free (self->title_key);
  g_free (self->search_text);
  G_OBJECT_CLASS (oriel_domain_parent_class)->finalize (object);
}

static void
oriel_domain_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  OrielDomain *self = ORIEL_DOMAIN (object);

  switch (prop_id)
    {
    case PROP_GVIR:
      g_value_set_object (value, self->gvir);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_NAME:
      g_value_set_string (value, oriel_domain_get_name (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, oriel_domain_state_to_string (self->state));
      break;
    case PROP_EXPOSED:
      g_value_set_boolean (value, self->exposed);
      break;
    case PROP_GRAPHICS_LABEL:
      g_value_set_string (value, self->graphics_label);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oriel_domain_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  OrielDomain *self = ORIEL_DOMAIN (object);

  switch (prop_id)
    {
    case PROP_GVIR:
      self->gvir = g_value_dup_object (value);
      break;
    case PROP_READ_ONLY:
      self->read_only = g_value_get_boolean (value);
      break;
    case PROP_KNOWN_STATE:
      /* construct-only properties are always set: -1 is "not given" */
      if (g_value_get_int (value) >= 0)
        {
          self->state = g_value_get_int (value);
          self->state_given = TRUE;
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oriel_domain_class_init (OrielDomainClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = oriel_domain_constructed;
  object_class->dispose = oriel_domain_dispose;
  object_class->finalize = oriel_domain_finalize;
  object_class->get_property = oriel_domain_get_property;
  object_class->set_property = oriel_domain_set_property;

  properties[PROP_GVIR] =
    g_param_spec_object ("gvir", NULL, NULL, GVIR_TYPE_DOMAIN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, ORIEL_TYPE_DOMAIN_STATE, ORIEL_DOMAIN_STATE_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_LABEL] =
    g_param_spec_string ("state-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KNOWN_STATE] =
    g_param_spec_int ("known-state", NULL, NULL, -1, ORIEL_DOMAIN_STATE_SUSPENDED, -1,
                      G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPOSED] =
    g_param_spec_boolean ("exposed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GRAPHICS_LABEL] =
    g_param_spec_string ("graphics-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STARTED] = g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
oriel_domain_init (OrielDomain *self)
{
  self->cancellable = g_cancellable_new ();
  self->graphics_label = g_strdup ("");
}

static void
unref_handle (gpointer handle)
{
  g_boxed_free (GVIR_TYPE_DOMAIN_HANDLE, handle);
}

/**
 * oriel_domain_read_xml:
 *
 * The description of @self through @handle (in a worker thread: it is a
 * round trip to the host), with libvirt's reason when there is none.
 *
 * Returns: (transfer full) (nullable)
 */
char *
oriel_domain_read_xml (OrielDomain *self, virDomainPtr handle, unsigned int flags, GError **error)
{
  char *raw = virDomainGetXMLDesc (handle, flags);
  char *xml;

  if (raw == NULL)
    {
      /* copied first: any libvirt call (the name's too) resets the error */
      g_autofree char *reason = g_strdup (virGetLastErrorMessage ());

      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   _("Could not read the description of domain “%s”: %s"),
                   oriel_domain_get_name (self), reason);
      return NULL;
    }
  xml = g_strdup (raw);   /* libvirt's memory is free()d, GLib's g_free()d */
  free (raw);
  return xml;
}

/**
 * oriel_domain_new_handle_task:
 *
 * A task on @self for a libvirt call made in a worker thread: its task
 * data is libvirt's handle of the domain (a reference of its own, so the
 * call outlives a domain that goes meanwhile).
 *
 * Returns: (transfer full)
 */
GTask *
oriel_domain_new_handle_task (OrielDomain *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data,
                              gpointer source_tag)
{
  GTask *task;
  virDomainPtr handle = NULL;

  g_return_val_if_fail (ORIEL_IS_DOMAIN (self), NULL);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_object_get (self->gvir, "handle", &handle, NULL);
  g_task_set_task_data (task, handle, unref_handle);
  return task;
}
