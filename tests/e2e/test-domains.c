#include "config.h"

#include <glib/gstdio.h>

#include "e2e-util.h"
#include "oriel-application.h"
#include "oriel-domain-details.h"
#include "oriel-domain-list.h"

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

static gboolean
find_confirmation (gpointer data)
{
  GtkWidget **dialog = data;
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (GTK_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      *dialog = l->data;
  return *dialog != NULL;
}

static void
answer_force_off (int response)
{
  GtkWidget *dialog = NULL;

  g_assert_true (e2e_wait_until (find_confirmation, &dialog, 5000));
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

int
main (int argc, char **argv)
{
  app = e2e_init (&argc, &argv);
  g_test_add_func ("/e2e/domains/power", test_power);
  g_test_add_func ("/e2e/domains/power-error", test_power_error);
  g_test_add_func ("/e2e/domains/follows-virsh", test_follows_virsh);
  g_test_add_func ("/e2e/domains/filter-and-details", test_filter_and_details);
  return g_test_run ();
}
