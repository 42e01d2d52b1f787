#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <libsecret/secret.h>

#include "oriel-keyring.h"
#include "oriel-util.h"

/* Display passwords the person chose to remember, in the secret service
 * (GNOME Keyring, KWallet, KeePassXC), never in a file of Oriel's. An item
 * is found by the host and the display: a domain's UUID, or the address of
 * a display reached without libvirt. */

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.oriel.Oriel.DisplayPassword", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "display", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Only a session bus that already runs: asking GDBus for one otherwise
 * would autolaunch a bus daemon (X11's dbus-launch) just to find nothing. */
gboolean
oriel_keyring_is_available (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  g_autofree char *runtime_bus = NULL;

  if (address != NULL && *address != '\0')
    return TRUE;
  runtime_bus = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  return g_file_test (runtime_bus, G_FILE_TEST_EXISTS);
}

static void
lookup_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

/* Finishes with the password, or NULL (and no error) when none is kept. */
void
oriel_keyring_lookup_async (const char *host, const char *display, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, oriel_keyring_lookup_async);
  secret_password_lookup (get_schema (), cancellable, lookup_cb, task,
                          "host", host, "display", display, NULL);
}

/* Returns: (transfer full) (nullable): free it with oriel_secret_free() */
char *
oriel_keyring_lookup_finish (GAsyncResult *result, GError **error)
{
  char *password = g_task_propagate_pointer (G_TASK (result), error);
  char *copy;

  if (password == NULL)
    return NULL;
  /* libsecret's copy lives in non-pageable memory, freed its own way */
  copy = g_strdup (password);
  secret_password_free (password);
  return copy;
}

static void
store_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
oriel_keyring_store_async (const char *host, const char *display, const char *label,
                           const char *password, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, oriel_keyring_store_async);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, password, cancellable,
                         store_cb, task, "host", host, "display", display, NULL);
}

gboolean
oriel_keyring_store_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
forget_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was nothing to remove */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
oriel_keyring_forget_async (const char *host, const char *display, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, oriel_keyring_forget_async);
  secret_password_clear (get_schema (), cancellable, forget_cb, task,
                         "host", host, "display", display, NULL);
}

gboolean
oriel_keyring_forget_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
