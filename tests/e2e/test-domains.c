#include "config.h"

#include <glib/gstdio.h>

#include "e2e-util.h"
#include "oriel-application.h"
#include "oriel-domain-details.h"
#include "oriel-connect-dialog.h"
#include "oriel-domain-list.h"
#include "oriel-host-row.h"

/* The domain list and its details strip on the lab: power actions through
 * the buttons, with libvirt's own word on the state (virsh domstate); the
 * list following a `virsh start` made elsewhere; the filter; what the strip
 * says of a domain. oriel-lab-power shuts down on ACPI's power button. */

#define POWER "oriel-lab-power"

static OrielApplication *app;

static OrielWindow *
open_window (void)
{
  OrielWindow *window = e2e_window_new (app, FALSE, NULL);

  while (oriel_window_get_connection (window) == NULL
         || !oriel_connection_is_open (oriel_window_get_connection (window)))
    g_main_context_iteration (NULL, TRUE);
  return window;
}

static OrielDomain *
find (OrielWindow *window, const char *name)
{
  OrielDomain *domain = oriel_connection_find_domain (oriel_window_get_connection (window), name);

  g_assert_nonnull (domain);
  return domain;
}

static char *
virsh_state (const char *name)
{
  g_autofree char *args = g_strdup_printf ("domstate %s", name);
  char *out = e2e_virsh_output (args);

  return g_strstrip (out);
}

typedef struct
{
  OrielDomain *domain;
  OrielDomainState state;
  const char *virsh;            /* what virsh domstate says then */
} StateQuery;

static gboolean
state_is (gpointer data)
{
  StateQuery *query = data;
  g_autofree char *virsh = NULL;

  if (oriel_domain_get_state (query->domain) != query->state)
    return FALSE;
  virsh = virsh_state (oriel_domain_get_name (query->domain));
  return g_str_equal (virsh, query->virsh);
}

static void
wait_state (OrielDomain *domain, OrielDomainState state, const char *virsh)
{
  StateQuery query = { domain, state, virsh };

  if (!e2e_wait_until (state_is, &query, 30000))
    g_error ("%s did not become %s (Oriel: %s)", oriel_domain_get_name (domain), virsh,
             oriel_domain_state_to_string (oriel_domain_get_state (domain)));
}

static GtkButton *
button (OrielWindow *window, OrielPowerAction action)
{
  return oriel_domain_details_get_button (oriel_window_get_domain_details (window), action);
}

static gboolean
usable (OrielWindow *window, OrielPowerAction action)
{
  GtkWidget *widget = GTK_WIDGET (button (window, action));

  return gtk_widget_get_visible (widget) && gtk_widget_is_sensitive (widget);
}

static void
press (OrielWindow *window, OrielPowerAction action)
{
  g_assert_true (usable (window, action));
  gtk_button_clicked (button (window, action));
}

/* Only the actions that apply in @state can be pressed. */
static void
assert_buttons (OrielWindow *window, OrielDomainState state)
{
  gboolean running = state == ORIEL_DOMAIN_STATE_RUNNING;
  gboolean paused = state == ORIEL_DOMAIN_STATE_PAUSED;

  g_assert_cmpint (usable (window, ORIEL_POWER_START), ==, state == ORIEL_DOMAIN_STATE_SHUTOFF);
  g_assert_cmpint (usable (window, ORIEL_POWER_SHUTDOWN), ==, running);
  g_assert_cmpint (usable (window, ORIEL_POWER_REBOOT), ==, running);
  g_assert_cmpint (usable (window, ORIEL_POWER_PAUSE), ==, running);
  g_assert_cmpint (usable (window, ORIEL_POWER_RESUME), ==, paused);
  g_assert_cmpint (usable (window, ORIEL_POWER_FORCE_OFF), ==, running || paused);
}

/* Boots seen on the guest's serial port since its domain started. */
static guint
count_boots (void)
{
  const char *dir = g_getenv ("ORIEL_LAB_DIR");
  g_autofree char *path = g_build_filename (dir ? dir : "/var/tmp/oriel-lab",
                                            POWER "-serial.log", NULL);
  g_autofree char *log = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &log, NULL, NULL))
    return 0;
  for (const char *p = log; (p = strstr (p, "ORIEL-LAB-READY")) != NULL; p++)
    n++;
  return n;
}

static gboolean
booted_again (gpointer data)
{
  return count_boots () > GPOINTER_TO_UINT (data);
}

static void
answer_force_off (int response)
{
  GtkWindow *dialog = e2e_wait_for_window (GTK_TYPE_MESSAGE_DIALOG, 5000);

  g_assert_nonnull (dialog);
  gtk_dialog_response (GTK_DIALOG (dialog), response);
  e2e_sleep (200);
}

/* Start, pause, resume, shut down, start, reboot, force off (asked first):
 * each through its button, each state confirmed by libvirt. */
static void
test_power (void)
{
  OrielWindow *window;
  OrielDomain *domain;
  g_autofree char *before = NULL;
  guint boots;

  e2e_lab ("start");
  if (!g_str_equal (before = virsh_state (POWER), "shut off"))
    e2e_virsh ("destroy " POWER);
  window = open_window ();
  domain = find (window, POWER);
  wait_state (domain, ORIEL_DOMAIN_STATE_SHUTOFF, "shut off");
  g_assert_true (oriel_domain_list_select (oriel_window_get_domain_list (window), domain));
  assert_buttons (window, ORIEL_DOMAIN_STATE_SHUTOFF);

  press (window, ORIEL_POWER_START);
  wait_state (domain, ORIEL_DOMAIN_STATE_RUNNING, "running");
  assert_buttons (window, ORIEL_DOMAIN_STATE_RUNNING);
  e2e_lab ("wait-ready " POWER);

  press (window, ORIEL_POWER_PAUSE);
  wait_state (domain, ORIEL_DOMAIN_STATE_PAUSED, "paused");
  assert_buttons (window, ORIEL_DOMAIN_STATE_PAUSED);
  press (window, ORIEL_POWER_RESUME);
  wait_state (domain, ORIEL_DOMAIN_STATE_RUNNING, "running");

  press (window, ORIEL_POWER_SHUTDOWN);
  wait_state (domain, ORIEL_DOMAIN_STATE_SHUTOFF, "shut off");

  press (window, ORIEL_POWER_START);
  wait_state (domain, ORIEL_DOMAIN_STATE_RUNNING, "running");
  e2e_lab ("wait-ready " POWER);
  /* a reboot: the guest powers off, libvirt resets it and it boots again */
  boots = count_boots ();
  press (window, ORIEL_POWER_REBOOT);
  g_assert_true (e2e_wait_until (booted_again, GUINT_TO_POINTER (boots), 30000));
  wait_state (domain, ORIEL_DOMAIN_STATE_RUNNING, "running");

  press (window, ORIEL_POWER_FORCE_OFF);
  answer_force_off (GTK_RESPONSE_CANCEL);
  g_assert_cmpint (oriel_domain_get_state (domain), ==, ORIEL_DOMAIN_STATE_RUNNING);
  press (window, ORIEL_POWER_FORCE_OFF);
  answer_force_off (GTK_RESPONSE_ACCEPT);
  wait_state (domain, ORIEL_DOMAIN_STATE_SHUTOFF, "shut off");
  g_assert_null (oriel_domain_details_get_error (oriel_window_get_domain_details (window)));
  gtk_widget_destroy (GTK_WIDGET (window));
}

static gboolean
has_error (gpointer data)
{
  return oriel_domain_details_get_error (data) != NULL;
}

/* An action libvirt refuses says why, in the strip: a domain whose kernel
 * is not there cannot start. */
static void
test_power_error (void)
{
  g_autofree char *dir = g_dir_make_tmp ("oriel-e2e-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "domain.xml", NULL);
  g_autofree char *define = g_strdup_printf ("define %s", path);
  const char *xml =
    "<domain type='qemu'><name>oriel-e2e-broken</name><memory unit='MiB'>64</memory>"
    "<os><type arch='x86_64' machine='pc'>hvm</type>"
    "<kernel>/nonexistent/oriel-e2e-kernel</kernel></os><devices/></domain>";
  OrielWindow *window;
  OrielDomain *domain;
  OrielDomainDetails *details;
  const char *error;

  g_spawn_command_line_sync ("virsh -q -c " LAB_URI " undefine oriel-e2e-broken", NULL, NULL,
                             NULL, NULL);
  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
  e2e_virsh (define);
  window = open_window ();
  domain = find (window, "oriel-e2e-broken");
  details = oriel_window_get_domain_details (window);
  g_assert_true (oriel_domain_list_select (oriel_window_get_domain_list (window), domain));
  press (window, ORIEL_POWER_START);
  g_assert_true (e2e_wait_until (has_error, details, 20000));
  error = oriel_domain_details_get_error (details);
  g_test_message ("refused: %s", error);
  g_assert_nonnull (strstr (error, "Could not start “oriel-e2e-broken”"));
  g_assert_nonnull (strstr (error, "/nonexistent/oriel-e2e-kernel"));
  g_assert_cmpint (oriel_domain_get_state (domain), ==, ORIEL_DOMAIN_STATE_SHUTOFF);
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_virsh ("undefine oriel-e2e-broken");
  g_unlink (path);
  g_rmdir (dir);
}

/* A `virsh start` made outside Oriel shows in the list within a second. */
static void
test_follows_virsh (void)
{
  OrielWindow *window = open_window ();
  OrielDomain *domain = find (window, POWER);
  StateQuery running = { domain, ORIEL_DOMAIN_STATE_RUNNING, "running" };
  gint64 started;
  double ms;

  wait_state (domain, ORIEL_DOMAIN_STATE_SHUTOFF, "shut off");
  e2e_virsh ("start " POWER);
  started = g_get_monotonic_time ();
  while (oriel_domain_get_state (domain) != ORIEL_DOMAIN_STATE_RUNNING
         && g_get_monotonic_time () - started < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  ms = (g_get_monotonic_time () - started) / 1000.0;
  g_test_message ("the list showed it running %.0f ms after virsh returned", ms);
  g_assert_cmpfloat (ms, <, 1000.0);
  g_assert_true (state_is (&running));
  e2e_virsh ("destroy " POWER);
  wait_state (domain, ORIEL_DOMAIN_STATE_SHUTOFF, "shut off");
  gtk_widget_destroy (GTK_WIDGET (window));
}

static gboolean
details_read (gpointer data)
{
  const char *uuid = oriel_domain_details_get_field (data, "uuid");

  return uuid != NULL && *uuid != '\0';
}

/* Typing filters the list; the strip says what the domain has. */
static void
test_filter_and_details (void)
{
  OrielWindow *window = open_window ();
  OrielDomainList *list = oriel_window_get_domain_list (window);
  GListModel *shown = G_LIST_MODEL (oriel_domain_list_get_filter (list));
  OrielDomainDetails *details = oriel_window_get_domain_details (window);
  OrielDomain *domain = find (window, "oriel-lab-multi");
  g_autofree char *uuid = e2e_virsh_output ("domuuid oriel-lab-multi");
  g_autoptr (OrielDomain) first = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (shown), >=, 8);
  gtk_entry_set_text (oriel_domain_list_get_entry (list), "LAB-MUL");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  first = g_list_model_get_item (shown, 0);
  g_assert_true (first == domain);
  g_assert_true (oriel_domain_list_select (list, domain));
  g_assert_true (e2e_wait_until (details_read, details, 10000));
  g_assert_cmpstr (oriel_domain_details_get_field (details, "uuid"), ==, g_strstrip (uuid));
  g_assert_cmpstr (oriel_domain_details_get_field (details, "monitors"), ==, "2 (virtio)");
  g_assert_nonnull (strstr (oriel_domain_details_get_field (details, "displays"), "SPICE"));
  g_assert_nonnull (strstr (oriel_domain_details_get_field (details, "consoles"), "Serial"));
  g_assert_cmpstr (oriel_domain_details_get_field (details, "gpus"), ==, "None");
  e2e_keep_screenshot (gtk_widget_get_window (GTK_WIDGET (window)), "domain-details");
  gtk_entry_set_text (oriel_domain_list_get_entry (list), "");
  g_assert_cmpuint (g_list_model_get_n_items (shown), >=, 8);
  gtk_widget_destroy (GTK_WIDGET (window));
}

static GHashTable *
sshd_env (void)
{
  g_autofree char *command = g_strdup_printf ("bash %s env", g_getenv ("ORIEL_LAB_SSHD_SH"));
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  GHashTable *env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!g_spawn_command_line_sync (command, &out, NULL, NULL, NULL))
    return env;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *eq = strchr (lines[i], '=');

      if (eq != NULL)
        g_hash_table_insert (env, g_strndup (lines[i], eq - lines[i]), g_strdup (eq + 1));
    }
  return env;
}

typedef struct
{
  OrielWindow *window;
  OrielDomain *domain;
} TabQuery;

static gboolean
tab_of (gpointer data)
{
  TabQuery *query = data;

  return oriel_window_find_tab (query->window, query->domain) != NULL;
}

static gboolean
all_connected (gpointer data)
{
  GtkListBox *rows = oriel_window_get_host_list (data);
  g_autoptr (GList) children = gtk_container_get_children (GTK_CONTAINER (rows));

  if (g_list_length (children) != 2)
    return FALSE;
  for (GList *l = children; l != NULL; l = l->next)
    if (oriel_host_get_state (oriel_host_row_get_host (l->data)) != ORIEL_HOST_CONNECTED)
      return FALSE;
  return TRUE;
}

static OrielDomain *
shown_from (GListModel *shown, const char *scheme)
{
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr (OrielDomain) domain = g_list_model_get_item (shown, i);

      if (g_str_has_prefix (oriel_domain_get_origin (domain), scheme))
        return domain;
    }
  return NULL;
}

static gboolean
saved_autoconnect_is (const char *uri, gboolean expected)
{
  g_autoptr (GSettings) settings = g_settings_new ("io.github.oriel.Oriel");
  g_autoptr (GVariant) saved = g_settings_get_value (settings, "connections");
  GVariantIter iter;
  const char *each;
  gboolean autoconnect;

  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "(&sb)", &each, &autoconnect))
    if (g_str_equal (each, uri))
      return autoconnect == expected;
  return FALSE;
}

static gboolean
saved_has (const char *uri)
{
  g_autoptr (GSettings) settings = g_settings_new ("io.github.oriel.Oriel");
  g_autoptr (GVariant) saved = g_settings_get_value (settings, "connections");
  GVariantIter iter;
  const char *each;
  gboolean autoconnect;

  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "(&sb)", &each, &autoconnect))
    if (g_str_equal (each, uri))
      return TRUE;
  return FALSE;
}

/* Two hosts in the sidebar at once (this lab locally and over SSH), added
 * through the connection builder: both lists in one, a column saying whose
 * each domain is, a console opened through the SSH host; removing the host
 * closes its console and forgets the saved connection. */
static void
test_two_hosts (void)
{
  g_autoptr (GHashTable) env = sshd_env ();
  const char *port = g_hash_table_lookup (env, "ORIEL_LAB_SSH_PORT");
  g_autofree char *uri = NULL;
  OrielWindow *window;
  OrielConnectDialog *dialog;
  GListModel *shown;
  OrielDomain *remote;
  OrielConsoleTab *tab;
  g_autoptr (GError) error = NULL;
  g_autofree char *built = NULL;
  g_autoptr (GList) rows = NULL;

  if (port == NULL)
    {
      g_test_skip ("the lab's sshd is not running (sshd.sh start)");
      return;
    }
  uri = g_strdup_printf ("qemu+ssh://root@127.0.0.1:%s/system?known_hosts=%s&keyfile=%s", port,
                         (char *) g_hash_table_lookup (env, "ORIEL_LAB_SSH_KNOWN_HOSTS"),
                         (char *) g_hash_table_lookup (env, "ORIEL_LAB_SSH_KEY"));
  window = open_window ();
  dialog = ORIEL_CONNECT_DIALOG (oriel_window_show_connect_dialog (window));
  /* the builder: SSH with user, host and port; a bad port is refused */
  oriel_connect_dialog_set_fields (dialog, ORIEL_URI_SSH, "root", "127.0.0.1", "70000", NULL);
  g_assert_null (oriel_connect_dialog_get_uri (dialog, NULL));
  g_assert_nonnull (strstr (oriel_connect_dialog_get_error (dialog), "70000"));
  oriel_connect_dialog_set_fields (dialog, ORIEL_URI_SSH, "root", "127.0.0.1", port, NULL);
  built = oriel_connect_dialog_get_uri (dialog, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (built, "qemu+ssh://root@127.0.0.1:"));
  /* the lab's own known_hosts and key: its full URI */
  oriel_connect_dialog_set_fields (dialog, ORIEL_URI_CUSTOM, NULL, NULL, NULL, uri);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  g_assert_true (e2e_wait_until (all_connected, window, 30000));
  g_assert_true (saved_has (uri));

  shown = G_LIST_MODEL (oriel_domain_list_get_filter (oriel_window_get_domain_list (window)));
  gtk_entry_set_text (oriel_domain_list_get_entry (oriel_window_get_domain_list (window)),
                      "oriel-lab-vnc-pw");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  g_assert_nonnull (shown_from (shown, "qemu:///"));
  remote = shown_from (shown, "qemu+ssh://");
  g_assert_nonnull (remote);

  e2e_lab ("start oriel-lab-vnc-pw");
  oriel_window_open_console (window, remote);
  /* the remote one's tab (the local domain has the same name) */
  {
    TabQuery query = { window, remote };

    g_assert_true (e2e_wait_until (tab_of, &query, 20000));
    tab = oriel_window_find_tab (window, remote);
  }
  g_assert_true (oriel_console_tab_get_domain (tab) == remote);
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 30000));
  g_assert_true (e2e_wait_for_frame_match (tab, "oriel-lab-vnc-pw", 20000, NULL));
  e2e_keep_screenshot (gtk_widget_get_window (GTK_WIDGET (window)), "two-hosts");

  rows = gtk_container_get_children (GTK_CONTAINER (oriel_window_get_host_list (window)));
  /* Edit: the builder with its URI; connecting at start turned off */
  for (GList *l = rows; l != NULL; l = l->next)
    if (g_str_has_prefix (oriel_host_get_uri (oriel_host_row_get_host (l->data)), "qemu+ssh://"))
      {
        OrielConnectDialog *edit;
        g_autofree char *shown_uri = NULL;

        g_assert_true (saved_autoconnect_is (uri, TRUE));
        gtk_button_clicked (oriel_host_row_get_edit_button (l->data));
        edit = (OrielConnectDialog *) e2e_wait_for_window (ORIEL_TYPE_CONNECT_DIALOG, 5000);
        g_assert_nonnull (edit);
        shown_uri = oriel_connect_dialog_get_uri (edit, NULL);
        g_assert_cmpstr (shown_uri, ==, uri);
        oriel_connect_dialog_set_autoconnect (edit, FALSE);
        gtk_dialog_response (GTK_DIALOG (edit), GTK_RESPONSE_OK);
        g_assert_true (saved_autoconnect_is (uri, FALSE));
        g_assert_true (all_connected (window));
      }
  for (GList *l = rows; l != NULL; l = l->next)
    if (g_str_has_prefix (oriel_host_get_uri (oriel_host_row_get_host (l->data)), "qemu+ssh://"))
      {
        g_assert_true (gtk_widget_get_visible (
          GTK_WIDGET (oriel_host_row_get_remove_button (l->data))));
        gtk_button_clicked (oriel_host_row_get_remove_button (l->data));
        break;
      }
  e2e_sleep (300);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_null (oriel_window_find_tab (window, remote));
  g_assert_false (saved_has (uri));
  gtk_widget_destroy (GTK_WIDGET (window));
}

typedef struct
{
  OrielDomainList *list;
  OrielDomain *domain;
  GdkPixbuf *thumbnail;
} ThumbQuery;

static gboolean
has_thumbnail (gpointer data)
{
  ThumbQuery *query = data;

  g_clear_object (&query->thumbnail);
  query->thumbnail = oriel_domain_list_get_thumbnail (query->list, query->domain);
  return query->thumbnail != NULL;
}

static void
find_tree_view (GtkWidget *widget, gpointer data)
{
  GtkWidget **found = data;

  if (*found == NULL && GTK_IS_TREE_VIEW (widget))
    *found = widget;
  else if (*found == NULL && GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), find_tree_view, data);
}

static gboolean
count_draw (GtkWidget *widget, cairo_t *cr, gpointer data)
{
  (*(guint *) data)++;
  return FALSE;
}

/* A running local domain's row shows a small picture of its screen: the
 * server's own screenshot, scaled, and taken again while the row stays in
 * sight; a shut-off domain has none. A list with no picture in sight is
 * not drawn again and again (an idle window costs nothing). */
static void
test_thumbnails (void)
{
  OrielWindow *window = open_window ();
  OrielDomainList *list = oriel_window_get_domain_list (window);
  ThumbQuery query = { list, find (window, "oriel-lab-vnc"), NULL };
  g_autoptr (GdkPixbuf) server = NULL;
  g_autoptr (GdkPixbuf) scaled = NULL;
  g_autoptr (GdkPixbuf) first = NULL;
  GtkWidget *view = NULL;
  guint draws = 0;
  double diff;

  e2e_lab ("start oriel-lab-vnc");
  wait_state (find (window, POWER), ORIEL_DOMAIN_STATE_SHUTOFF, "shut off");

  /* only a shut-off domain in sight: after the first drawing, none */
  find_tree_view (GTK_WIDGET (list), &view);
  g_assert_nonnull (view);
  g_signal_connect (view, "draw", G_CALLBACK (count_draw), &draws);
  gtk_entry_set_text (oriel_domain_list_get_entry (list), POWER);
  e2e_sleep (2000);
  g_assert_true (gtk_widget_is_drawable (view));
  draws = 0;
  e2e_sleep (6000);
  g_test_message ("%u drawings of the list in 6 s with no picture in sight", draws);
  g_assert_cmpuint (draws, ==, 0);
  gtk_entry_set_text (oriel_domain_list_get_entry (list), "");

  g_assert_true (e2e_wait_until (has_thumbnail, &query, 20000));
  server = e2e_server_screenshot ("oriel-lab-vnc");
  scaled = gdk_pixbuf_scale_simple (server, gdk_pixbuf_get_width (query.thumbnail),
                                    gdk_pixbuf_get_height (query.thumbnail), GDK_INTERP_BILINEAR);
  diff = e2e_differing_fraction (query.thumbnail, scaled, 24);
  g_test_message ("thumbnail %dx%d, %.4f of its pixels differ from the server's, scaled",
                  gdk_pixbuf_get_width (query.thumbnail), gdk_pixbuf_get_height (query.thumbnail),
                  diff);
  g_assert_cmpfloat (diff, <, 0.05);
  g_assert_null (oriel_domain_list_get_thumbnail (query.list, find (window, POWER)));

  /* left alone in sight, the picture is taken again: a new one 10 s on */
  first = g_steal_pointer (&query.thumbnail);
  draws = 0;
  e2e_sleep (12000);
  g_test_message ("%u drawings of the list in 12 s with a picture in sight", draws);
  g_assert_cmpuint (draws, >=, 1);
  g_assert_true (has_thumbnail (&query));
  g_assert_true (query.thumbnail != first);
  g_clear_object (&query.thumbnail);
  g_signal_handlers_disconnect_by_func (view, count_draw, &draws);
  gtk_widget_destroy (GTK_WIDGET (window));
}

int
main (int argc, char **argv)
{
  app = e2e_init (&argc, &argv);
  g_test_add_func ("/e2e/domains/power", test_power);
  g_test_add_func ("/e2e/domains/power-error", test_power_error);
  g_test_add_func ("/e2e/domains/follows-virsh", test_follows_virsh);
  g_test_add_func ("/e2e/domains/filter-and-details", test_filter_and_details);
  g_test_add_func ("/e2e/domains/two-hosts", test_two_hosts);
  g_test_add_func ("/e2e/domains/thumbnails", test_thumbnails);
  return g_test_run ();
}
