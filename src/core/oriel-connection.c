#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt-gobject/libvirt-gobject.h>

#include "oriel-connection.h"
#include "oriel-domain-loader.h"
#include "oriel-error.h"
#include "oriel-libvirt-open.h"
#include "oriel-uri.h"

/* A libvirt connection and the live list of its domains. With no URI it
 * tries the system instance first, then the session one, as virt-viewer
 * and virt-manager do. */
struct _OrielConnection
{
  GObject parent_instance;

  char *requested_uri;          /* NULL: pick the default */
  char *link_uri;               /* what libvirt opens when tunneled */
  OrielChannelOpener *opener;   /* reaches the host's displays, or NULL */
  gboolean want_read_only;
  gboolean no_read_only;        /* a reopen of a read-write link: no fallback */
  GVirConnection *gvir;
  gboolean read_only;           /* how gvir's link was opened */
  virConnectPtr watched;        /* has our close and lifecycle callbacks */
  GWeakRef *watch_ref;          /* close callback data: ours (libvirt frees it
                                   only for some drivers), freed after unregistering */
  int lifecycle_id;             /* libvirt's id of our lifecycle callback, or -1 */
  GListStore *domains;          /* of OrielDomain, sorted by name */
  gboolean open;
  gboolean linked;              /* libvirt answered; the list may still be loading */
};

G_DEFINE_FINAL_TYPE (OrielConnection, oriel_connection, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_URI,
  PROP_READ_ONLY,
  PROP_OPEN,
  PROP_LINKED,
  N_PROPS
};

enum
{
  CLOSED,
  CREDENTIALS_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *const default_uris[] = { "qemu:///system", "qemu:///session", NULL };

/* Attempts go URI by URI, each read-write then read-only: attempt n uses
 * uris[n / 2], read-only when n is odd. */
typedef struct
{
  GStrv uris;
  guint attempt;
  GError *first_error;          /* what to report if nothing works */
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_strfreev (data->uris);
  g_clear_error (&data->first_error);
  g_free (data);
}

static void try_next (GTask *task);

static int
compare_domains (gconstpointer a, gconstpointer b, gpointer user_data)
{
  return strcmp (oriel_domain_get_name_key ((OrielDomain *) a),
                 oriel_domain_get_name_key ((OrielDomain *) b));
}

/* Returns: (transfer none) (nullable) */
static OrielDomain *
find_uuid (OrielConnection *self, const char *uuid, guint *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (OrielDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i);

      if (g_strcmp0 (oriel_domain_get_uuid (domain), uuid) == 0)
        {
          *position = i;
          return domain;
        }
    }
  return NULL;
}

static OrielDomain *
add_gvir (OrielConnection *self, GVirDomain *gvir)
{
  g_autoptr (OrielDomain) domain = NULL;
  OrielDomain *found;
  guint position;

  found = find_uuid (self, gvir_domain_get_uuid (gvir), &position);
  if (found != NULL)
    return found;
  domain = oriel_domain_new (gvir, self->read_only);
  oriel_domain_set_origin (domain, oriel_connection_get_uri (self));
  g_list_store_insert_sorted (self->domains, domain, compare_domains, NULL);
  return domain;
}

/* What libvirt-gobject would have done had it opened the connection (its
 * event handler is registered only by its own open): new and removed
 * domains change the list; the rest reach the domain as GVirDomain signals,
 * which OrielDomain follows. */
static int
lifecycle_cb (virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
  g_autoptr (OrielConnection) self = g_weak_ref_get (opaque);
  char uuid[VIR_UUID_STRING_BUFLEN];
  OrielDomain *domain;
  guint position;
  const char *signal = "updated";

  if (self == NULL || self->gvir == NULL || virDomainGetUUIDString (dom, uuid) < 0)
    return 0;
  g_debug ("%s: lifecycle event %d (%d)", virDomainGetName (dom), event, detail);
  domain = find_uuid (self, uuid, &position);
  if (event == VIR_DOMAIN_EVENT_UNDEFINED
      /* a transient domain ends when it stops (the check fails if it is gone) */
      || (event == VIR_DOMAIN_EVENT_STOPPED && virDomainIsPersistent (dom) != 1))
    {
      if (domain != NULL)
        {
          g_autoptr (OrielDomain) gone = g_object_ref (domain);

          g_signal_emit_by_name (oriel_domain_get_gvir (gone), "stopped");
          g_list_store_remove (self->domains, position);
        }
      return 0;
    }
  if (domain == NULL)
    {
      GVirDomain *gvir = g_object_new (GVIR_TYPE_DOMAIN, "handle", dom, NULL);

      add_gvir (self, gvir);
      g_object_unref (gvir);
      return 0;   /* new: it reads its own state */
    }

  switch (event)
    {
    case VIR_DOMAIN_EVENT_STARTED:
      signal = "started";
      break;
    case VIR_DOMAIN_EVENT_SUSPENDED:
      signal = "suspended";
      break;
    case VIR_DOMAIN_EVENT_RESUMED:
      signal = "resumed";
      break;
    case VIR_DOMAIN_EVENT_STOPPED:
      signal = "stopped";
      break;
    case VIR_DOMAIN_EVENT_PMSUSPENDED:
      signal = "pmsuspended";
      break;
    default:
      break;
    }
  g_signal_emit_by_name (oriel_domain_get_gvir (domain), signal);
  return 0;
}

static void
connection_closed_cb (GVirConnection *gvir, OrielConnection *self)
{
  g_debug ("Connection to %s closed", gvir_connection_get_uri (gvir));
  self->open = FALSE;
  self->linked = FALSE;
  g_list_store_remove_all (self->domains);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN]);
  g_signal_emit (self, signals[CLOSED], 0);
}

static void
loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  OrielConnection *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) loaded = oriel_domain_loader_run_finish (result, &error);

  if (loaded == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_list_model_get_n_items (G_LIST_MODEL (self->domains)) == 0)
    /* the usual case: one change for the whole (sorted) list */
    g_list_store_splice (self->domains, 0, 0, loaded->pdata, loaded->len);
  else
    {
      /* events came first: those domains are there already */
      for (guint i = 0; i < loaded->len; i++)
        {
          OrielDomain *domain = g_ptr_array_index (loaded, i);
          guint position;

          if (find_uuid (self, oriel_domain_get_uuid (domain), &position) == NULL)
            g_list_store_insert_sorted (self->domains, domain, compare_domains, NULL);
        }
    }
  /* states the bulk read could not give */
  for (guint i = 0; i < loaded->len; i++)
    if (oriel_domain_get_state (g_ptr_array_index (loaded, i)) == ORIEL_DOMAIN_STATE_UNKNOWN)
      oriel_domain_refresh (g_ptr_array_index (loaded, i));

  self->open = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN]);
  g_task_return_boolean (task, TRUE);
}

static gboolean
close_idle_cb (gpointer data)
{
  g_autoptr (OrielConnection) self = g_weak_ref_get (data);

  /* Closing our side too ends in "connection-closed", as for any close. */
  if (self != NULL && self->gvir != NULL && self->open)
    gvir_connection_close (self->gvir);
  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* libvirt saw the daemon go (EOF, an error, keepalive): libvirt-gobject
 * does not pass libvirt's close callback on, so it is registered here. */
static void
libvirt_closed_cb (virConnectPtr conn, int reason, void *opaque)
{
  g_autoptr (OrielConnection) self = g_weak_ref_get (opaque);
  GWeakRef *ref;

  if (self == NULL || reason == VIR_CONNECT_CLOSE_REASON_CLIENT)
    return;
  g_debug ("libvirt closed the connection to %s (reason %d)",
           oriel_connection_get_uri (self), reason);
  /* Not from inside libvirt's callback: it holds the connection's lock. */
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  g_idle_add_full (G_PRIORITY_DEFAULT, close_idle_cb, ref, weak_ref_free);
}

static void
unwatch_close (OrielConnection *self)
{
  if (self->watched != NULL)
    {
      if (self->lifecycle_id >= 0)
        virConnectDomainEventDeregisterAny (self->watched, self->lifecycle_id);
      self->lifecycle_id = -1;
      virConnectUnregisterCloseCallback (self->watched, libvirt_closed_cb);
      g_boxed_free (GVIR_TYPE_CONNECTION_HANDLE, g_steal_pointer (&self->watched));
    }
  g_clear_pointer (&self->watch_ref, weak_ref_free);
}

static void
watch_close (OrielConnection *self)
{
  unwatch_close (self);
  self->watch_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (self->watch_ref, self);
  g_object_get (self->gvir, "handle", &self->watched, NULL);
  /* No free function: only the remote driver would call it (the others
   * accept the callback and drop it), so the data stays ours. */
  if (self->watched == NULL
      || virConnectRegisterCloseCallback (self->watched, libvirt_closed_cb, self->watch_ref,
                                          NULL) < 0)
    g_debug ("no close callback on %s", oriel_connection_get_uri (self));
  if (self->watched != NULL)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, self);
      self->lifecycle_id =
        virConnectDomainEventRegisterAny (self->watched, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                          VIR_DOMAIN_EVENT_CALLBACK (lifecycle_cb), ref,
                                          weak_ref_free);
      if (self->lifecycle_id < 0)
        g_warning ("No domain events from %s: the list will not follow changes",
                   oriel_connection_get_uri (self));
    }
}

static void
opened (GTask *task)
{
  OrielConnection *self = g_task_get_source_object (task);

  watch_close (self);
  g_signal_connect_object (self->gvir, "connection-closed",
                           G_CALLBACK (connection_closed_cb), self, 0);
  oriel_domain_loader_run_async (self->watched, oriel_connection_get_uri (self), self->read_only,
                                 g_task_get_cancellable (task), loaded_cb, task);
}

typedef struct
{
  char *uri;
  gboolean read_only;
  GMainContext *context;
  GWeakRef owner;
  gboolean asked;               /* libvirt asked for credentials */
} OpenAttempt;

/* On the main loop: the person (or a test) answers through the signal. */
static void
credentials_cb (OrielCredentials *request, gpointer user_data)
{
  OpenAttempt *attempt = user_data;
  g_autoptr (OrielConnection) self = g_weak_ref_get (&attempt->owner);
  gboolean handled = FALSE;

  attempt->asked = TRUE;
  if (self != NULL)
    g_signal_emit (self, signals[CREDENTIALS_REQUESTED], 0, request, &handled);
  if (!handled)
    oriel_credentials_cancel (request);
}

static void
open_attempt_free (OpenAttempt *attempt)
{
  g_free (attempt->uri);
  g_main_context_unref (attempt->context);
  g_weak_ref_clear (&attempt->owner);
  g_free (attempt);
}

static void
close_connection (gpointer conn)
{
  virConnectClose (conn);
}

static void
open_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  OpenAttempt *attempt = task_data;
  GError *error = NULL;
  virConnectPtr conn;

  conn = oriel_libvirt_open (attempt->uri, attempt->read_only, attempt->context, credentials_cb,
                             attempt, cancellable, &error);
  if (conn == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, conn, close_connection);
}

static void
open_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GTask *task = user_data;
  OrielConnection *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  OpenAttempt *attempt = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  virConnectPtr conn;

  conn = g_task_propagate_pointer (G_TASK (result), &error);
  if (conn != NULL)
    {
      g_clear_object (&self->gvir);
      self->gvir = g_object_new (GVIR_TYPE_CONNECTION, "uri", attempt->uri, "handle", conn, NULL);
      self->read_only = attempt->read_only;
      virConnectClose (conn);   /* gvir holds its own reference */
      self->linked = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKED]);
      opened (task);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_CANCELLED))
    {
      if (error->domain == ORIEL_ERROR)
        g_prefix_error (&error, _("Could not connect to %s: "), oriel_connection_get_uri (self));
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  g_debug ("Opening %s%s failed: %s", attempt->uri, attempt->read_only ? " read-only" : "",
           error->message);
  if (data->first_error == NULL)
    data->first_error = g_steal_pointer (&error);
  data->attempt++;
  /* refused credentials: read-only would only ask for them again */
  if (attempt->asked && data->attempt % 2 == 1)
    data->attempt++;
  try_next (task);
}

/* Someone allowed only read access (libvirt's read-only socket) can still
 * watch consoles, through the listen address instead of libvirt's fd; so a
 * refused read-write open is retried read-only. */
static void
try_next (GTask *task)
{
  OrielConnection *self = g_task_get_source_object (task);
  OpenData *data = g_task_get_task_data (task);
  g_autoptr (GTask) open_task = NULL;
  OpenAttempt *attempt;
  const char *uri;

  if (self->want_read_only && data->attempt % 2 == 0)
    data->attempt++;
  else if (self->no_read_only && data->attempt % 2 == 1)
    data->attempt++;
  uri = data->uris[data->attempt / 2];
  if (uri == NULL)
    {
      GError *error = g_steal_pointer (&data->first_error);

      g_prefix_error (&error, _("Could not connect to %s: "), oriel_connection_get_uri (self));
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  attempt = g_new0 (OpenAttempt, 1);
  attempt->uri = g_strdup (uri);
  attempt->read_only = data->attempt % 2 == 1;
  attempt->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&attempt->owner, self);
  open_task = g_task_new (self, g_task_get_cancellable (task), open_cb, task);
  g_task_set_task_data (open_task, attempt, (GDestroyNotify) open_attempt_free);
  g_task_run_in_thread (open_task, open_thread);
}

/**
 * oriel_connection_open_async:
 *
 * Opens the connection (read-write, falling back to read-only) and fetches
 * its domains; the domain list then follows libvirt's events.
 */
void
oriel_connection_open_async (OrielConnection     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  OpenData *data;

  g_return_if_fail (ORIEL_IS_CONNECTION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, oriel_connection_open_async);
  data = g_new0 (OpenData, 1);
  if (self->link_uri != NULL)
    data->uris = g_strdupv ((char *[]) { self->link_uri, NULL });
  else if (self->requested_uri != NULL)
    data->uris = g_strdupv ((char *[]) { self->requested_uri, NULL });
  else
    data->uris = g_strdupv ((char **) default_uris);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  try_next (task);
}

gboolean
oriel_connection_open_finish (OrielConnection *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

OrielConnection *
oriel_connection_new (const char *uri, gboolean read_only)
{
  return g_object_new (ORIEL_TYPE_CONNECTION, "uri", uri, "read-only", read_only, NULL);
}

/**
 * oriel_connection_new_tunneled:
 * @uri: the URI the person gave (qemu+ssh://...), used in messages
 * @link_uri: what libvirt opens: the tunnel's local end
 * @opener: reaches the displays on that host
 */
OrielConnection *
oriel_connection_new_tunneled (const char *uri, const char *link_uri, OrielChannelOpener *opener,
                               gboolean read_only)
{
  OrielConnection *self = oriel_connection_new (uri, read_only);

  self->link_uri = g_strdup (link_uri);
  self->opener = g_object_ref (opener);
  return self;
}

/* Returns: (transfer none) (nullable) */
OrielChannelOpener *
oriel_connection_get_opener (OrielConnection *self)
{
  g_return_val_if_fail (ORIEL_IS_CONNECTION (self), NULL);
  return self->opener;
}

const char *
oriel_connection_get_uri (OrielConnection *self)
{
  g_return_val_if_fail (ORIEL_IS_CONNECTION (self), NULL);
  if (self->link_uri != NULL)
    return self->requested_uri;
  if (self->gvir != NULL)
    return gvir_connection_get_uri (self->gvir);
  return self->requested_uri ? self->requested_uri : default_uris[0];
}

/* For a reopen after the link was lost: a host that refuses read-write for
 * a moment (a daemon still starting) must not leave the person on a
 * read-only link that cannot open consoles; the caller tries again. */
void
oriel_connection_set_no_read_only_fallback (OrielConnection *self)
{
  g_return_if_fail (ORIEL_IS_CONNECTION (self));
  self->no_read_only = TRUE;
}

gboolean
oriel_connection_is_open (OrielConnection *self)
{
  g_return_val_if_fail (ORIEL_IS_CONNECTION (self), FALSE);
  return self->open;
}

gboolean
oriel_connection_is_read_only (OrielConnection *self)
{
  g_return_val_if_fail (ORIEL_IS_CONNECTION (self), FALSE);
  return self->gvir != NULL && self->read_only;
}

gboolean
oriel_connection_is_local (OrielConnection *self)
{
  g_return_val_if_fail (ORIEL_IS_CONNECTION (self), FALSE);
  return oriel_uri_is_local (oriel_connection_get_uri (self));
}

/* Returns: (transfer none): a model of OrielDomain, sorted by name. */
GListModel *
oriel_connection_get_domains (OrielConnection *self)
{
  g_return_val_if_fail (ORIEL_IS_CONNECTION (self), NULL);
  return G_LIST_MODEL (self->domains);
}

/* Returns: (transfer none) (nullable) */
OrielDomain *
oriel_connection_find_domain (OrielConnection *self, const char *name_id_or_uuid)
{
  return oriel_connection_find_domain_as (self, name_id_or_uuid, ORIEL_LOOKUP_ANY);
}

OrielDomain *
oriel_connection_find_domain_as (OrielConnection *self, const char *name_id_or_uuid,
                                 OrielLookup lookup)
{
  guint n;

  g_return_val_if_fail (ORIEL_IS_CONNECTION (self), NULL);
  g_return_val_if_fail (name_id_or_uuid != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (OrielDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i);

      if (oriel_domain_matches_as (domain, name_id_or_uuid, lookup))
        return domain;
    }
  return NULL;
}

static void
oriel_connection_finalize (GObject *object)
{
  OrielConnection *self = ORIEL_CONNECTION (object);

  g_debug ("Connection %p to %s finalized", self, oriel_connection_get_uri (self));
  unwatch_close (self);
  if (self->gvir != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->gvir, self);
      gvir_connection_close (self->gvir);
    }
  g_clear_object (&self->gvir);
  g_clear_object (&self->domains);
  g_clear_object (&self->opener);
  g_free (self->requested_uri);
  g_free (self->link_uri);
  G_OBJECT_CLASS (oriel_connection_parent_class)->finalize (object);
}

static void
oriel_connection_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  OrielConnection *self = ORIEL_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, oriel_connection_get_uri (self));
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, oriel_connection_is_read_only (self));
      break;
    case PROP_OPEN:
      g_value_set_boolean (value, self->open);
      break;
    case PROP_LINKED:
      g_value_set_boolean (value, self->linked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oriel_connection_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  OrielConnection *self = ORIEL_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_URI:
      self->requested_uri = g_value_dup_string (value);
      break;
    case PROP_READ_ONLY:
      self->want_read_only = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
oriel_connection_class_init (OrielConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = oriel_connection_finalize;
  object_class->get_property = oriel_connection_get_property;
  object_class->set_property = oriel_connection_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPEN] =
    g_param_spec_boolean ("open", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* libvirt answered; "open" follows once the domains are listed */
  properties[PROP_LINKED] =
    g_param_spec_boolean ("linked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * OrielConnection::credentials-requested:
   * @request: what libvirt asks; submit or cancel it, now or later
   *
   * libvirt needs credentials to open the link (SASL, polkit). A handler
   * that takes the request returns TRUE; unanswered, the open fails.
   */
  signals[CREDENTIALS_REQUESTED] =
    g_signal_new ("credentials-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 1,
                  ORIEL_TYPE_CREDENTIALS);

  /* libvirt's events must run on the GLib main loop before any connection
   * opens; once per process. */
  gvir_init_object_check (NULL, NULL, NULL);
  gvir_event_register ();
}

static void
oriel_connection_init (OrielConnection *self)
{
  self->domains = g_list_store_new (ORIEL_TYPE_DOMAIN);
  self->lifecycle_id = -1;
}
