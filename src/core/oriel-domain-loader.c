#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libvirt-gobject/libvirt-gobject.h>
#include <libvirt/virterror.h>

#include "oriel-domain.h"
#include "oriel-domain-loader.h"
#include "oriel-error.h"

/* Every domain of a connection with its state, in one libvirt call
 * (virConnectGetAllDomainStats with the state group) instead of a list
 * and a query per domain: over SSH, a round trip per domain is what made
 * other viewers take tens of seconds for a few dozen. The objects are made
 * and sorted in the worker thread too, so the main loop only receives the
 * finished list. */

static int
compare_domains (gconstpointer a, gconstpointer b)
{
  /* the keys are made here, in the worker thread, and kept by the domains */
  return strcmp (oriel_domain_get_name_key (*(OrielDomain **) a),
                 oriel_domain_get_name_key (*(OrielDomain **) b));
}

static void
add (GPtrArray *domains, virDomainPtr dom, const char *origin, gboolean read_only, int state)
{
  GVirDomain *gvir = g_object_new (GVIR_TYPE_DOMAIN, "handle", dom, NULL);
  OrielDomain *domain = oriel_domain_new_with_state (gvir, read_only,
                                                     state < 0 ? ORIEL_DOMAIN_STATE_UNKNOWN
                                                               : oriel_domain_state_from_libvirt (state));

  /* made here, off the main loop: the first keystroke in the filter and
   * the first sort would otherwise fold and collate thousands of names */
  oriel_domain_get_search_text (domain);
  oriel_domain_get_name_key (domain);
  oriel_domain_set_origin (domain, origin);
  g_ptr_array_add (domains, domain);
  g_object_unref (gvir);
}

static int
state_of (virDomainStatsRecordPtr record)
{
  for (int i = 0; i < record->nparams; i++)
    if (g_str_equal (record->params[i].field, "state.state")
        && record->params[i].type == VIR_TYPED_PARAM_INT)
      return record->params[i].value.i;
  return -1;
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  virConnectPtr conn = task_data;
  gboolean read_only = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "read-only"));
  const char *origin = g_object_get_data (G_OBJECT (task), "origin");
  g_autoptr (GPtrArray) domains = g_ptr_array_new_with_free_func (g_object_unref);
  virDomainStatsRecordPtr *records = NULL;
  int n;

  n = virConnectGetAllDomainStats (conn, VIR_DOMAIN_STATS_STATE, &records, 0);
  if (n >= 0)
    {
      for (int i = 0; i < n; i++)
        add (domains, records[i]->dom, origin, read_only, state_of (records[i]));
      virDomainStatsRecordListFree (records);
    }
  else
    {
      virDomainPtr *list = NULL;

      /* a driver without bulk stats: the list, then each domain asks */
      g_debug ("No bulk domain stats (%s); listing only", virGetLastErrorMessage ());
      n = virConnectListAllDomains (conn, &list, 0);
      if (n < 0)
        {
          g_task_return_new_error (task, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                                   _("Could not list the domains: %s"),
                                   virGetLastErrorMessage ());
          return;
        }
      for (int i = 0; i < n; i++)
        {
          int state = -1;

          if (virDomainGetState (list[i], &state, NULL, 0) < 0)
            state = -1;
          add (domains, list[i], origin, read_only, state);
          virDomainFree (list[i]);
        }
      free (list);
    }

  g_ptr_array_sort (domains, compare_domains);
  g_task_return_pointer (task, g_steal_pointer (&domains), (GDestroyNotify) g_ptr_array_unref);
}

static void
close_connection (gpointer conn)
{
  virConnectClose (conn);
}

/**
 * oriel_domain_loader_run_async:
 * @conn: an open connection (a reference is taken)
 * @origin: its URI, as each domain keeps it
 *
 * Finishes with every domain, sorted by name, their states set.
 */
void
oriel_domain_loader_run_async (virConnectPtr conn, const char *origin, gboolean read_only,
                               GCancellable *cancellable, GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, oriel_domain_loader_run_async);
  virConnectRef (conn);
  g_task_set_task_data (task, conn, close_connection);
  g_object_set_data (G_OBJECT (task), "read-only", GINT_TO_POINTER (read_only));
  g_object_set_data_full (G_OBJECT (task), "origin", g_strdup (origin), g_free);
  g_task_run_in_thread (task, load_thread);
}

/* Returns: (transfer full) (element-type OrielDomain) */
GPtrArray *
oriel_domain_loader_run_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
