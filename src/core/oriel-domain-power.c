#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt/virterror.h>

#include "oriel-domain-power.h"
#include "oriel-error.h"

/* Start, shut down, reboot, pause, resume and force off, each a libvirt
 * call in a worker thread. The domain's state follows from libvirt's
 * events, not from here. */

/* Whether @action makes sense in the domain's state (a read-only link
 * allows none). */
gboolean
oriel_domain_power_applies (OrielDomain *domain, OrielPowerAction action)
{
  OrielDomainState state;

  g_return_val_if_fail (ORIEL_IS_DOMAIN (domain), FALSE);
  if (oriel_domain_is_read_only (domain))
    return FALSE;
  state = oriel_domain_get_state (domain);
  switch (action)
    {
    case ORIEL_POWER_START:
      return state == ORIEL_DOMAIN_STATE_SHUTOFF || state == ORIEL_DOMAIN_STATE_CRASHED;
    case ORIEL_POWER_SHUTDOWN:
    case ORIEL_POWER_REBOOT:
    case ORIEL_POWER_PAUSE:
      return state == ORIEL_DOMAIN_STATE_RUNNING;
    case ORIEL_POWER_RESUME:
      return state == ORIEL_DOMAIN_STATE_PAUSED;
    case ORIEL_POWER_FORCE_OFF:
      return state == ORIEL_DOMAIN_STATE_RUNNING || state == ORIEL_DOMAIN_STATE_PAUSED
             || state == ORIEL_DOMAIN_STATE_SUSPENDED;
    default:
      return FALSE;
    }
}

static char *
failure_message (OrielPowerAction action, const char *name, const char *reason)
{
  switch (action)
    {
    case ORIEL_POWER_START:
      return g_strdup_printf (_("Could not start “%s”: %s"), name, reason);
    case ORIEL_POWER_SHUTDOWN:
      return g_strdup_printf (_("Could not shut down “%s”: %s"), name, reason);
    case ORIEL_POWER_REBOOT:
      return g_strdup_printf (_("Could not reboot “%s”: %s"), name, reason);
    case ORIEL_POWER_PAUSE:
      return g_strdup_printf (_("Could not pause “%s”: %s"), name, reason);
    case ORIEL_POWER_RESUME:
      return g_strdup_printf (_("Could not resume “%s”: %s"), name, reason);
    case ORIEL_POWER_FORCE_OFF:
    default:
      return g_strdup_printf (_("Could not force off “%s”: %s"), name, reason);
    }
}

static void
power_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  OrielDomain *domain = source;
  OrielPowerAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "action"));
  virDomainPtr handle = task_data;
  int rc;

  switch (action)
    {
    case ORIEL_POWER_START:
      rc = virDomainCreate (handle);
      break;
    case ORIEL_POWER_SHUTDOWN:
      rc = virDomainShutdown (handle);
      break;
    case ORIEL_POWER_REBOOT:
      rc = virDomainReboot (handle, 0);
      break;
    case ORIEL_POWER_PAUSE:
      rc = virDomainSuspend (handle);
      break;
    case ORIEL_POWER_RESUME:
      rc = virDomainResume (handle);
      break;
    case ORIEL_POWER_FORCE_OFF:
    default:
      rc = virDomainDestroy (handle);
      break;
    }
  if (rc < 0)
    {
      g_autofree char *reason = g_strdup (virGetLastErrorMessage ());
      g_autofree char *message = failure_message (action, oriel_domain_get_name (domain), reason);

      g_task_return_new_error (task, ORIEL_ERROR, ORIEL_ERROR_FAILED, "%s", message);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
oriel_domain_power_async (OrielDomain *domain, OrielPowerAction action, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (ORIEL_IS_DOMAIN (domain));

  task = oriel_domain_new_handle_task (domain, cancellable, callback, user_data,
                                       oriel_domain_power_async);
  g_object_set_data (G_OBJECT (task), "action", GINT_TO_POINTER (action));
  g_task_run_in_thread (task, power_thread);
}

gboolean
oriel_domain_power_finish (OrielDomain *domain, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, domain), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
