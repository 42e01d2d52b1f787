#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "oriel-console-bridge.h"
#include "oriel-domain.h"
#include "oriel-error.h"

/* A domain's text console (serial or console device) as a local stream,
 * opened through its libvirt connection in a worker thread. */

static void
free_stream (gpointer stream)
{
  virStreamAbort (stream);
  virStreamFree (stream);
}

static void
open_console_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  OrielDomain *self = source;
  virDomainPtr handle = task_data;
  const char *devname = g_object_get_data (G_OBJECT (task), "devname");
  gboolean force = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "force"));
  virStreamPtr stream;

  /* a non-blocking stream, driven by libvirt's events on the main loop */
  stream = virStreamNew (virDomainGetConnect (handle), VIR_STREAM_NONBLOCK);
  if (stream == NULL
      || virDomainOpenConsole (handle, devname, stream,
                               VIR_DOMAIN_CONSOLE_SAFE | (force ? VIR_DOMAIN_CONSOLE_FORCE : 0))
           < 0)
    {
      /* a copy of this thread's error, taken before anything else can
       * replace it (freeing the stream reports through it too) */
      virErrorPtr err = virSaveLastError ();
      int code = err && err->code == VIR_ERR_OPERATION_FAILED
                     && err->message && strstr (err->message, "Active console")
                   ? ORIEL_ERROR_BUSY
                   : ORIEL_ERROR_FAILED;

      g_task_return_new_error (task, ORIEL_ERROR, code, _("Could not open %s of “%s”: %s"),
                               devname, oriel_domain_get_name (self),
                               err && err->message ? err->message : _("libvirt gave no reason"));
      virFreeError (err);
      if (stream != NULL)
        virStreamFree (stream);
      return;
    }
  g_task_return_pointer (task, stream, free_stream);
}

static void
console_opened_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  virStreamPtr stream;
  GError *error = NULL;
  GIOStream *local;

  stream = g_task_propagate_pointer (G_TASK (result), &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* the bridge's watches belong on the main context: made here, not in the thread */
  local = oriel_console_bridge_new (stream, &error);
  if (local == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, local, g_object_unref);
}

/**
 * oriel_domain_open_console_async:
 * @devname: a device alias, as in OrielCharDevice
 * @force: take the console over from another client
 *
 * Opens the text console through the domain's libvirt connection, so it
 * works wherever that connection reaches (over SSH too).
 */
void
oriel_domain_open_console_async (OrielDomain         *self,
                                 const char          *devname,
                                 gboolean             force,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  g_autoptr (GTask) open_task = NULL;

  g_return_if_fail (ORIEL_IS_DOMAIN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, oriel_domain_open_console_async);
  open_task = oriel_domain_new_handle_task (self, cancellable, console_opened_cb, task,
                                            open_console_thread);
  g_object_set_data_full (G_OBJECT (open_task), "devname", g_strdup (devname), g_free);
  g_object_set_data (G_OBJECT (open_task), "force", GINT_TO_POINTER (force));
  g_task_run_in_thread (open_task, open_console_thread);
}

/* Returns: (transfer full): the console's bytes, as a local socket. */
GIOStream *
oriel_domain_open_console_finish (OrielDomain *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

