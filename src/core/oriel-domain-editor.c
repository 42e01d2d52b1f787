#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "oriel-domain-editor.h"
#include "oriel-error.h"

/* The persistent definition, with passwords: what an edit starts from. */
static char *
read_inactive (virDomainPtr domain, GError **error)
{
  char *raw = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
  char *xml;

  if (raw == NULL)
    {
      const virError *err = virGetLastError ();

      if (err != NULL && err->code == VIR_ERR_NO_DOMAIN)
        g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_NOT_FOUND,
                     _("Domain “%s” no longer exists on this host; nothing was changed"),
                     virDomainGetName (domain));
      else
        {
          /* copied first: virDomainGetName resets libvirt's last error */
          g_autofree char *reason = g_strdup (virGetLastErrorMessage ());

          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                       _("Could not read the settings of domain “%s”: %s"),
                       virDomainGetName (domain), reason);
        }
      return NULL;
    }
  xml = g_strdup (raw);
  free (raw);
  return xml;
}

/* What the host offers this domain; without it every known choice is
 * offered and libvirt's validation has the last word. */
static void
load_caps (virDomainPtr domain, OrielDomainConfig *config)
{
  g_autofree char *arch = NULL, *machine = NULL, *virttype = NULL;
  g_autofree char *emulator = oriel_domain_config_caps_query (config, &arch, &machine, &virttype);
  g_autoptr (OrielDomainCaps) caps = NULL;
  char *raw;

  raw = virConnectGetDomainCapabilities (virDomainGetConnect (domain), emulator, arch, machine,
                                         virttype, 0);
  if (raw == NULL)
    {
      g_debug ("no domain capabilities for %s: %s", virDomainGetName (domain),
               virGetLastErrorMessage ());
      return;
    }
  caps = oriel_domain_caps_parse (raw, NULL);
  free (raw);
  oriel_domain_config_set_caps (config, caps);
}

/**
 * oriel_domain_editor_load:
 *
 * Blocks.  Returns: (transfer full) (nullable)
 */
OrielDomainConfig *
oriel_domain_editor_load (virDomainPtr domain, GError **error)
{
  g_autofree char *xml = read_inactive (domain, error);
  OrielDomainConfig *config;

  if (xml == NULL)
    return NULL;
  config = oriel_domain_config_new (xml, error);
  if (config != NULL)
    load_caps (domain, config);
  return config;
}

/* libvirt changes a running display's password in place: the one setting
 * it applies live. */
static gboolean
apply_live_password (virDomainPtr domain, OrielDomainConfig *config, GError **error)
{
  g_autoptr (OrielDomainConfig) live = NULL;
  g_autofree char *markup = NULL;
  char *raw;

  if (virDomainIsActive (domain) != 1)
    return TRUE;
  raw = virDomainGetXMLDesc (domain, VIR_DOMAIN_XML_SECURE);
  if (raw == NULL)
    goto failed;
  live = oriel_domain_config_new (raw, error);
  free (raw);
  if (live == NULL)
    return FALSE;
  /* QEMU starts a display without a password with authentication off,
   * and cannot turn it on while running. */
  if (oriel_domain_config_get_password (live, 0) == NULL
      && oriel_domain_config_get_password (config, 0) != NULL)
    {
      g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_UNSUPPORTED,
                           _("The settings were saved. The running display was started without a password, so the new one applies when the guest restarts"));
      return FALSE;
    }
  if (!oriel_domain_config_set_password (live, 0, oriel_domain_config_get_password (config, 0),
                                         error))
    return FALSE;
  markup = oriel_domain_config_get_graphics_markup (live, 0);
  if (markup == NULL || virDomainUpdateDeviceFlags (domain, markup, VIR_DOMAIN_AFFECT_LIVE) < 0)
    goto failed;
  return TRUE;

failed:
  g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
               _("The settings were saved, but the running guest kept its old password: %s"),
               virGetLastErrorMessage ());
  return FALSE;
}

/**
 * oriel_domain_editor_apply:
 * @live_password: also change the running display's password now
 *
 * Blocks.  Writes @config's edits as the domain's persistent definition,
 * unless the definition changed since @config was loaded.
 */
gboolean
oriel_domain_editor_apply (virDomainPtr domain, OrielDomainConfig *config,
                           gboolean live_password, GError **error)
{
  g_autofree char *now = NULL;
  virDomainPtr defined;

  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (config), FALSE);

  now = read_inactive (domain, error);
  if (now == NULL)
    return FALSE;
  if (!g_str_equal (now, oriel_domain_config_get_original (config)))
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_CHANGED,
                   _("Domain “%s” was changed elsewhere after its settings were loaded; nothing was written. Reload to see the current settings"),
                   virDomainGetName (domain));
      return FALSE;
    }
  if (!oriel_domain_config_is_modified (config))
    return TRUE;
  if (virDomainIsPersistent (domain) == 0)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   _("Domain “%s” is transient: it has no saved settings to change"),
                   virDomainGetName (domain));
      return FALSE;
    }
  defined = virDomainDefineXMLFlags (virDomainGetConnect (domain),
                                     oriel_domain_config_get_xml (config),
                                     VIR_DOMAIN_DEFINE_VALIDATE);
  if (defined == NULL)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   _("libvirt refused the new settings, nothing was changed: %s"),
                   virGetLastErrorMessage ());
      return FALSE;
    }
  virDomainFree (defined);
  if (live_password)
    return apply_live_password (domain, config, error);
  return TRUE;
}

static virDomainPtr
handle_of (GVirDomain *domain)
{
  virDomainPtr handle = NULL;

  g_object_get (domain, "handle", &handle, NULL);
  return handle;
}

static void
free_handle (gpointer handle)
{
  g_boxed_free (GVIR_TYPE_DOMAIN_HANDLE, handle);
}

static void
load_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GError *error = NULL;
  OrielDomainConfig *config = oriel_domain_editor_load (data, &error);

  if (config == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, config, g_object_unref);
}

void
oriel_domain_editor_load_async (GVirDomain *domain, GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (GVIR_IS_DOMAIN (domain));
  g_task_set_source_tag (task, oriel_domain_editor_load_async);
  g_task_set_task_data (task, handle_of (domain), free_handle);
  g_task_run_in_thread (task, load_thread);
}

/* Returns: (transfer full) (nullable) */
OrielDomainConfig *
oriel_domain_editor_load_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  virDomainPtr handle;
  OrielDomainConfig *config;    /* a copy: the pane may go on editing */
  gboolean live_password;
} ApplyData;

static void
apply_data_free (ApplyData *data)
{
  free_handle (data->handle);
  g_object_unref (data->config);
  g_free (data);
}

static void
apply_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ApplyData *data = task_data;
  GError *error = NULL;

  if (oriel_domain_editor_apply (data->handle, data->config, data->live_password, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
oriel_domain_editor_apply_async (GVirDomain *domain, OrielDomainConfig *config,
                                 gboolean live_password, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ApplyData *data = g_new0 (ApplyData, 1);

  g_return_if_fail (GVIR_IS_DOMAIN (domain));
  data->handle = handle_of (domain);
  data->config = oriel_domain_config_copy (config);
  data->live_password = live_password;
  g_task_set_source_tag (task, oriel_domain_editor_apply_async);
  g_task_set_task_data (task, data, (GDestroyNotify) apply_data_free);
  g_task_run_in_thread (task, apply_thread);
}

gboolean
oriel_domain_editor_apply_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
