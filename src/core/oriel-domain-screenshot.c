#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "oriel-domain-screenshot.h"
#include "oriel-error.h"

/* The guest's first screen as the server sees it (virDomainScreenshot), for
 * the list's thumbnails: a blocking stream, read in a worker thread. */

#define MAX_SCREENSHOT (64 * 1024 * 1024)   /* a server's answer is not trusted */

typedef struct
{
  GByteArray *data;
  char *mime_type;
} Shot;

static void
shot_free (Shot *shot)
{
  if (shot->data != NULL)
    g_byte_array_unref (shot->data);
  g_free (shot->mime_type);
  g_free (shot);
}

static int
sink (virStreamPtr stream, const char *bytes, size_t n, void *opaque)
{
  GByteArray *data = opaque;

  if (data->len + n > MAX_SCREENSHOT)
    return -1;
  g_byte_array_append (data, (const guint8 *) bytes, n);
  return (int) n;   /* all of it taken */
}

static void
screenshot_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  virDomainPtr handle = task_data;
  virStreamPtr stream = virStreamNew (virDomainGetConnect (handle), 0);
  Shot *shot = g_new0 (Shot, 1);
  char *mime;

  shot->data = g_byte_array_new ();
  mime = stream ? virDomainScreenshot (handle, stream, 0, 0) : NULL;
  if (mime == NULL || virStreamRecvAll (stream, sink, shot->data) < 0
      || virStreamFinish (stream) < 0)
    {
      g_autofree char *reason = g_strdup (virGetLastErrorMessage ());

      if (stream != NULL && mime != NULL)
        virStreamAbort (stream);
      if (stream != NULL)
        virStreamFree (stream);
      free (mime);
      shot_free (shot);
      g_task_return_new_error (task, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                               _("No picture of the screen: %s"), reason);
      return;
    }
  virStreamFree (stream);
  shot->mime_type = g_strdup (mime);
  free (mime);
  g_task_return_pointer (task, shot, (GDestroyNotify) shot_free);
}

void
oriel_domain_screenshot_async (OrielDomain *domain, GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (ORIEL_IS_DOMAIN (domain));
  task = oriel_domain_new_handle_task (domain, cancellable, callback, user_data,
                                       oriel_domain_screenshot_async);
  g_task_run_in_thread (task, screenshot_thread);
}

/* Returns: (transfer full) (nullable): the image, in @mime_type's format */
GBytes *
oriel_domain_screenshot_finish (OrielDomain *domain, GAsyncResult *result, char **mime_type,
                                GError **error)
{
  Shot *shot;
  GBytes *bytes;

  g_return_val_if_fail (g_task_is_valid (result, domain), NULL);
  shot = g_task_propagate_pointer (G_TASK (result), error);
  if (shot == NULL)
    return NULL;
  if (mime_type != NULL)
    *mime_type = g_steal_pointer (&shot->mime_type);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&shot->data));
  shot_free (shot);
  return bytes;
}
