#include "config.h"

#include <glib/gstdio.h>
#include <libvirt/libvirt.h>

#include "oriel-connection.h"
#include "oriel-test-wait.h"
#include "oriel-domain-filter.h"
#include "oriel-domain-list-fixture.h"

/* The domain list as the window shows it (OrielDomainFilter over a
 * connection's domains) against libvirt's test driver: test:///default,
 * and a node file of 10,000 domains made here. */

static gboolean
open_done (gpointer data)
{
  return *(gboolean *) data;
}

static void
open_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (oriel_connection_open_finish (ORIEL_CONNECTION (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static OrielConnection *
open_uri (const char *uri)
{
  OrielConnection *connection = oriel_connection_new (uri, FALSE);
  gboolean done = FALSE;

  oriel_connection_open_async (connection, NULL, open_cb, &done);
  WAIT_FOR (open_done (&done));
  return connection;
}

static OrielDomain *
nth (GListModel *model, guint i)
{
  OrielDomain *domain = g_list_model_get_item (model, i);

  g_object_unref (domain);   /* the model keeps it */
  return domain;
}

static const char *
nth_name (GListModel *model, guint i)
{
  return oriel_domain_get_name (nth (model, i));
}

/* Tracks items-changed to check the model's own counting. */
typedef struct
{
  guint n;
  guint changes;
} Count;

static void
changed_cb (GListModel *model, guint position, guint removed, guint added, Count *count)
{
  g_assert_cmpuint (position + removed, <=, count->n);
  count->n = count->n - removed + added;
  count->changes++;
  g_assert_cmpuint (count->n, ==, g_list_model_get_n_items (model));
}

static char *node_path;

/* 10,000 domains: every fourth running, every tenth with a title. */
static void
test_ten_thousand (void)
{
  g_autofree char *uri = g_strconcat ("test://", node_path, NULL);
  g_autoptr (OrielConnection) connection = NULL;
  g_autoptr (OrielDomainFilter) filter = NULL;
  GListModel *model;
  Count count = { 0 };
  guint running = 0;

  connection = open_uri (uri);
  g_assert_cmpuint (g_list_model_get_n_items (oriel_connection_get_domains (connection)), ==,
                    ORIEL_FIXTURE_DOMAINS);
  filter = oriel_domain_filter_new (oriel_connection_get_domains (connection));
  model = G_LIST_MODEL (filter);
  count.n = g_list_model_get_n_items (model);
  g_signal_connect (filter, "items-changed", G_CALLBACK (changed_cb), &count);
  g_assert_cmpuint (count.n, ==, ORIEL_FIXTURE_DOMAINS);

  /* running first, each group by name; every state known without a query */
  for (guint i = 0; i < count.n; i++)
    {
      OrielDomain *domain = nth (model, i);

      g_assert_cmpint (oriel_domain_get_state (domain), !=, ORIEL_DOMAIN_STATE_UNKNOWN);
      if (oriel_domain_is_active (domain))
        {
          g_assert_cmpuint (i, ==, running);
          running++;
        }
    }
  g_assert_cmpuint (running, ==, ORIEL_FIXTURE_DOMAINS / 4);
  g_assert_cmpstr (nth_name (model, 0), ==, "vm-00000");
  g_assert_cmpstr (nth_name (model, 1), ==, "vm-00004");
  g_assert_cmpstr (nth_name (model, running), ==, "vm-00001");

  /* filter as you type: "vm-0999" is vm-09990..vm-09999, "0999" adds vm-00999 */
  oriel_domain_filter_set_text (filter, "VM-0999");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  oriel_domain_filter_set_text (filter, "0999");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 11);
  oriel_domain_filter_set_text (filter, "vm-09999");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  oriel_domain_filter_set_text (filter, "no such domain");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  oriel_domain_filter_set_text (filter, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, ORIEL_FIXTURE_DOMAINS);

  /* sort by name, both ways, without running first */
  oriel_domain_filter_set_running_first (filter, FALSE);
  g_assert_cmpstr (nth_name (model, 0), ==, "vm-00000");
  g_assert_cmpstr (nth_name (model, 1), ==, "vm-00001");
  oriel_domain_filter_set_sort (filter, ORIEL_DOMAIN_SORT_NAME, TRUE);
  g_assert_cmpstr (nth_name (model, 0), ==, "vm-09999");
  /* by state: running (1) before shut off (4) */
  oriel_domain_filter_set_sort (filter, ORIEL_DOMAIN_SORT_STATE, FALSE);
  g_assert_true (oriel_domain_is_active (nth (model, 0)));
  g_assert_false (oriel_domain_is_active (nth (model, count.n - 1)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, count.n);
}

/* Titles are read when a domain's details are wanted (a row shown); then
 * the filter finds them, accents and case aside. */
static void
test_titles (void)
{
  g_autofree char *uri = g_strconcat ("test://", node_path, NULL);
  g_autoptr (OrielConnection) connection = open_uri (uri);
  g_autoptr (OrielDomainFilter) filter = oriel_domain_filter_new (oriel_connection_get_domains (connection));
  OrielDomain *titled = oriel_connection_find_domain (connection, "vm-00100");

  g_assert_nonnull (titled);
  g_assert_null (oriel_domain_get_title (titled));
  oriel_domain_filter_set_text (filter, "ÉQUIPE 10");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 0);
  oriel_domain_ensure_details (titled);
  WAIT_FOR (oriel_domain_get_title (titled) != NULL);
  g_assert_cmpstr (oriel_domain_get_title (titled), ==, "Équipe 10");
  WAIT_FOR (g_list_model_get_n_items (G_LIST_MODEL (filter)) == 1);
  g_assert_true (nth (G_LIST_MODEL (filter), 0) == titled);
  oriel_domain_filter_set_text (filter, "equipe 10");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filter)), ==, 1);
}

/* Events keep the shown list current: a domain defined elsewhere appears
 * in its place, a paused one keeps its place among the running, a stopped
 * one moves down, an undefined one goes. */
static void
test_events (void)
{
  g_autoptr (OrielConnection) connection = open_uri ("test:///default");
  g_autoptr (OrielDomainFilter) filter = oriel_domain_filter_new (oriel_connection_get_domains (connection));
  GListModel *model = G_LIST_MODEL (filter);
  virConnectPtr other = virConnectOpen ("test:///default");
  virDomainPtr fresh;
  virDomainPtr test;
  Count count = { g_list_model_get_n_items (model), 0 };

  g_signal_connect (filter, "items-changed", G_CALLBACK (changed_cb), &count);
  g_assert_cmpuint (count.n, ==, 1);
  fresh = virDomainDefineXML (other, "<domain type='test'><name>aaa-fresh</name>"
                                     "<memory>8192</memory><os><type>hvm</type></os></domain>");
  g_assert_nonnull (fresh);
  WAIT_FOR (g_list_model_get_n_items (model) == 2);
  /* shut off: after the running "test" */
  g_assert_cmpstr (nth_name (model, 1), ==, "aaa-fresh");
  g_assert_cmpint (virDomainCreate (fresh), ==, 0);
  WAIT_FOR (g_strcmp0 (nth_name (model, 0), "aaa-fresh") == 0);
  test = virDomainLookupByName (other, "test");
  g_assert_cmpint (virDomainDestroy (test), ==, 0);
  WAIT_FOR (oriel_domain_get_state (nth (model, 1)) == ORIEL_DOMAIN_STATE_SHUTOFF);
  g_assert_cmpstr (nth_name (model, 1), ==, "test");
  g_assert_cmpint (virDomainCreate (test), ==, 0);
  WAIT_FOR (oriel_domain_is_active (nth (model, 1)));
  oriel_domain_filter_set_text (filter, "fresh");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpint (virDomainDestroy (fresh), ==, 0);
  g_assert_cmpint (virDomainUndefine (fresh), ==, 0);
  WAIT_FOR (g_list_model_get_n_items (model) == 0);
  oriel_domain_filter_set_text (filter, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpuint (count.changes, >, 0);
  virDomainFree (fresh);
  virDomainFree (test);
  virConnectClose (other);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("oriel-domains-XXXXXX", NULL);
  node_path = g_build_filename (dir, "node.xml", NULL);
  oriel_fixture_write_node (node_path, ORIEL_FIXTURE_DOMAINS);

  g_test_add_func ("/domain-list/ten-thousand", test_ten_thousand);
  g_test_add_func ("/domain-list/titles", test_titles);
  g_test_add_func ("/domain-list/events", test_events);
  status = g_test_run ();
  g_unlink (node_path);
  g_rmdir (dir);
  g_free (node_path);
  return status;
}
