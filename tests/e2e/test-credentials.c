#include "config.h"

#include <glib/gstdio.h>

#include "e2e-util.h"
#include "oriel-application.h"
#include "oriel-auth-dialog.h"
#include "oriel-credentials-dialog.h"
#include "oriel-keyring.h"
#include "oriel-util.h"

/* Credentials end to end: display passwords from the XML and the keyring
 * (a private secret service: build-aux/keyring-session.sh), libvirt over
 * TLS with SASL (the lab's libvirtd listens on loopback with certificates
 * of its own), and SPICE TLS checked against a CA and a subject. */

#define PW_DOMAIN "oriel-lab-vnc-pw"
#define TLS_DOMAIN "oriel-lab-spice-tls"

static OrielApplication *app;
static GHashTable *lab;         /* lab.sh tls-env and sshd.sh env */

static void
load_env (const char *script, const char *verb)
{
  g_autofree char *command = g_strdup_printf ("bash %s %s", script, verb);
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  int status = 0;

  if (!g_spawn_command_line_sync (command, &out, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    return;   /* the tests that need it skip */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *eq = strchr (lines[i], '=');

      if (eq != NULL)
        g_hash_table_insert (lab, g_strndup (lines[i], eq - lines[i]), g_strdup (eq + 1));
    }
}

static const char *
lab_get (const char *name)
{
  return g_hash_table_lookup (lab, name);
}

static gboolean
need (const char *name, const char *why)
{
  if (lab_get (name) != NULL)
    return TRUE;
  g_test_skip (why);
  return FALSE;
}

static void
close_window (OrielWindow *window)
{
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (300);
}

static OrielWindow *
window_for (const char *uri, gboolean read_only, const char *domain)
{
  return oriel_window_new (app, uri, read_only, domain);
}

static void
present (OrielWindow *window)
{
  gtk_window_present (GTK_WINDOW (window));
}

/* ------------------------------------------------------- display passwords */

static OrielAuthDialog *
wait_for_auth_dialog (void)
{
  GtkWindow *dialog = e2e_wait_for_window (ORIEL_TYPE_AUTH_DIALOG, 20000);

  if (dialog == NULL)
    g_error ("no password dialog appeared");
  return ORIEL_AUTH_DIALOG (dialog);
}

typedef struct
{
  OrielConsoleTab *tab;
  gboolean saw_dialog;
} Unasked;

static gboolean
connected_unasked (gpointer data)
{
  Unasked *query = data;

  if (e2e_find_window (ORIEL_TYPE_AUTH_DIALOG) != NULL)
    query->saw_dialog = TRUE;
  return query->saw_dialog
         || oriel_console_tab_get_state (query->tab) == ORIEL_CONSOLE_TAB_CONNECTED;
}

/* Connected, and no password dialog at any moment on the way. */
static void
assert_connects_unasked (OrielConsoleTab *tab, const char *domain)
{
  Unasked query = { tab, FALSE };

  g_assert_true (e2e_wait_until (connected_unasked, &query, 30000));
  g_assert_false (query.saw_dialog);
  g_assert_true (e2e_wait_for_frame_match (tab, domain, 20000, NULL));
}

/* A read-write link reads the password in the XML (VIR_DOMAIN_XML_SECURE):
 * no question at all, even though the display has one. */
static void
test_xml_password (void)
{
  OrielWindow *window;
  OrielConsoleTab *tab;

  e2e_lab ("start oriel-lab-spice-pw");
  window = window_for (LAB_URI, FALSE, "oriel-lab-spice-pw");
  present (window);
  tab = e2e_wait_for_tab (window, "oriel-lab-spice-pw");
  assert_connects_unasked (tab, "oriel-lab-spice-pw");
  close_window (window);
}

typedef struct
{
  gboolean done;
  char *password;
} Lookup;

static void
lookup_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Lookup *lookup = user_data;
  g_autoptr (GError) error = NULL;

  lookup->password = oriel_keyring_lookup_finish (result, &error);
  g_assert_no_error (error);
  lookup->done = TRUE;
}

/* What the keyring holds for the password guest's display (read as Oriel
 * files it: libvirt host, domain UUID, graphics index). */
static char *
kept_password (void)
{
  g_autofree char *uuid = e2e_virsh_output ("domuuid " PW_DOMAIN);
  g_autofree char *display = g_strdup_printf ("%s#0", g_strstrip (uuid));
  Lookup lookup = { FALSE, NULL };

  oriel_keyring_lookup_async ("localhost", display, NULL, lookup_cb, &lookup);
  while (!lookup.done)
    g_main_context_iteration (NULL, TRUE);
  return lookup.password;
}

static gboolean
keyring_holds (gpointer data)
{
  char *password = kept_password ();
  gboolean same = g_strcmp0 (password, data) == 0;

  oriel_secret_free (password);
  return same;
}

/* Changes the running guest's VNC password (libvirt passes it to QEMU). */
static void
set_display_password (const char *password)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "oriel-graphics-XXXXXX.xml", NULL);
  g_autofree char *xml = g_strdup_printf (
    "<graphics type='vnc' autoport='yes' listen='127.0.0.1' passwd='%s'>"
    "<listen type='address' address='127.0.0.1'/></graphics>", password);
  g_autofree char *args = NULL;
  int fd = g_mkstemp (path);

  g_assert_cmpint (fd, >=, 0);
  g_assert_true (g_file_set_contents (path, xml, -1, NULL));
  close (fd);
  args = g_strdup_printf ("update-device " PW_DOMAIN " %s --live", path);
  e2e_virsh (args);
  g_unlink (path);
}

static gboolean
skip_unless_subprocess (void)
{
  if (g_test_subprocess ())
    return FALSE;
  g_test_skip ("runs as a step of /e2e/credentials/keyring");
  return TRUE;
}

/* Step 1: asked (the read-only link may not read the XML's password),
 * "Remember" ticked; kept once the display took it. */
static void
test_keyring_remember (void)
{
  OrielWindow *window;
  OrielConsoleTab *tab;
  OrielAuthDialog *dialog;

  if (skip_unless_subprocess ())
    return;
  window = window_for (LAB_URI, TRUE, PW_DOMAIN);
  present (window);
  tab = e2e_wait_for_tab (window, PW_DOMAIN);
  dialog = wait_for_auth_dialog ();
  g_assert_true (oriel_auth_dialog_get_can_remember (dialog));
  oriel_auth_dialog_set_password (dialog, "labpass1");
  oriel_auth_dialog_set_remember (dialog, TRUE);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 20000));
  g_assert_true (e2e_wait_until (keyring_holds, "labpass1", 10000));
  close_window (window);
}

/* Step 2, a new process: the kept password opens the display unasked. */
static void
test_keyring_reuse (void)
{
  OrielWindow *window;
  OrielConsoleTab *tab;

  if (skip_unless_subprocess ())
    return;
  window = window_for (LAB_URI, TRUE, PW_DOMAIN);
  present (window);
  tab = e2e_wait_for_tab (window, PW_DOMAIN);
  assert_connects_unasked (tab, PW_DOMAIN);
  close_window (window);
}

/* Step 3: the domain's password changed. The kept one is tried, refused,
 * removed from the keyring, and the person is asked, saying why. */
static void
test_keyring_changed (void)
{
  OrielWindow *window;
  OrielConsoleTab *tab;
  OrielAuthDialog *dialog;
  const char *reason;
  char *kept;

  if (skip_unless_subprocess ())
    return;
  set_display_password ("labpass2");
  window = window_for (LAB_URI, TRUE, PW_DOMAIN);
  present (window);
  tab = e2e_wait_for_tab (window, PW_DOMAIN);
  dialog = wait_for_auth_dialog ();
  reason = oriel_auth_dialog_get_reason (dialog);
  g_test_message ("asked: %s", reason ? reason : "(no reason)");
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "keyring"));
  kept = kept_password ();
  g_assert_null (kept);
  oriel_auth_dialog_set_password (dialog, "labpass2");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 20000));
  g_assert_true (e2e_wait_for_frame_match (tab, PW_DOMAIN, 20000, NULL));
  close_window (window);
  set_display_password ("labpass1");
}

/* Remember, restart, change: three processes sharing one keyring. */
static void
test_keyring (void)
{
  if (!oriel_keyring_is_available ())
    {
      g_test_skip ("no secret service (run under build-aux/keyring-session.sh)");
      return;
    }
  e2e_lab ("start " PW_DOMAIN);
  set_display_password ("labpass1");
  g_test_trap_subprocess ("/e2e/credentials/keyring/remember", 120 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_passed ();
  g_test_trap_subprocess ("/e2e/credentials/keyring/reuse", 120 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_passed ();
  g_test_trap_subprocess ("/e2e/credentials/keyring/changed", 120 * G_USEC_PER_SEC, 0);
  set_display_password ("labpass1");
  g_test_trap_assert_passed ();
}

/* ------------------------------------------------------ libvirt over TLS */

static char *
tls_uri (const char *pki)
{
  return g_strdup_printf ("%s?pkipath=%s", lab_get ("ORIEL_LAB_TLS_URI"), pki);
}

static gboolean
find_credentials_dialog (gpointer data)
{
  OrielCredentialsDialog **dialog = data;
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  *dialog = NULL;
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ORIEL_IS_CREDENTIALS_DIALOG (l->data) && gtk_widget_get_visible (l->data)
        && oriel_credentials_dialog_get_request (l->data) != NULL)
      *dialog = l->data;
  return *dialog != NULL;
}

typedef struct
{
  OrielWindow *window;
  const char *domain;
  const char *password;         /* the SASL answer */
  guint asked;
  gboolean saw_username;
  gboolean saw_password;
} Login;

/* Answers every dialog as a person would, field by field, until the
 * window lists @domain or shows an error. */
static gboolean
login_step (gpointer data)
{
  Login *login = data;
  OrielCredentialsDialog *dialog = NULL;
  OrielConnection *connection = oriel_window_get_connection (login->window);

  if (find_credentials_dialog (&dialog))
    {
      OrielCredentials *request = oriel_credentials_dialog_get_request (dialog);

      login->asked++;
      for (guint i = 0; i < oriel_credentials_get_n_items (request); i++)
        switch (oriel_credentials_get_kind (request, i))
          {
          case ORIEL_CREDENTIAL_USERNAME:
            login->saw_username = TRUE;
            oriel_credentials_dialog_set_answer (dialog, i, lab_get ("ORIEL_LAB_SASL_USER"));
            break;
          case ORIEL_CREDENTIAL_PASSPHRASE:
          case ORIEL_CREDENTIAL_SECRET_PROMPT:
            login->saw_password = TRUE;
            oriel_credentials_dialog_set_answer (dialog, i, login->password);
            break;
          default:
            break;
          }
      gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    }
  return oriel_window_get_error (login->window) != NULL
         || (connection != NULL && oriel_connection_find_domain (connection, login->domain));
}

/* qemu+tls:// with the lab's CA: the SASL questions reach the one dialog,
 * and the answers open the link. */
static void
test_libvirt_tls (void)
{
  g_autofree char *uri = NULL;
  Login login = { NULL, "oriel-lab-spice", NULL };

  if (!need ("ORIEL_LAB_TLS_URI", "the lab's libvirtd has no TLS listener (lab.sh tls-env)"))
    return;
  uri = tls_uri (lab_get ("ORIEL_LAB_TLS_PKI"));
  login.password = lab_get ("ORIEL_LAB_SASL_PASS");
  login.window = window_for (uri, FALSE, NULL);
  present (login.window);
  g_assert_true (e2e_wait_until (login_step, &login, 30000));
  g_assert_null (oriel_window_get_error (login.window));
  g_assert_nonnull (oriel_connection_find_domain (oriel_window_get_connection (login.window),
                                                  "oriel-lab-spice"));
  g_assert_cmpuint (login.asked, >=, 1);
  g_assert_true (login.saw_username);
  g_assert_true (login.saw_password);
  close_window (login.window);
}

/* A wrong SASL password: refused with libvirt's reason, asked no more. */
static void
test_libvirt_tls_wrong_password (void)
{
  g_autofree char *uri = NULL;
  Login login = { NULL, "oriel-lab-spice", "not-the-password" };
  const char *error;

  if (!need ("ORIEL_LAB_TLS_URI", "the lab's libvirtd has no TLS listener (lab.sh tls-env)"))
    return;
  uri = tls_uri (lab_get ("ORIEL_LAB_TLS_PKI"));
  login.window = window_for (uri, FALSE, NULL);
  present (login.window);
  g_assert_true (e2e_wait_until (login_step, &login, 30000));
  error = oriel_window_get_error (login.window);
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error);
  g_assert_nonnull (strstr (error, "authentication"));
  g_assert_cmpuint (login.asked, ==, 1);
  close_window (login.window);
}

/* Another CA: the daemon's certificate is refused before any question. */
static void
test_libvirt_tls_wrong_ca (void)
{
  g_autofree char *uri = NULL;
  Login login = { NULL, "oriel-lab-spice", NULL };
  g_autofree char *lower = NULL;

  if (!need ("ORIEL_LAB_TLS_URI", "the lab's libvirtd has no TLS listener (lab.sh tls-env)"))
    return;
  uri = tls_uri (lab_get ("ORIEL_LAB_TLS_PKI_OTHER"));
  login.password = lab_get ("ORIEL_LAB_SASL_PASS");
  login.window = window_for (uri, FALSE, NULL);
  present (login.window);
  g_assert_true (e2e_wait_until (login_step, &login, 30000));
  g_assert_nonnull (oriel_window_get_error (login.window));
  g_test_message ("refused: %s", oriel_window_get_error (login.window));
  lower = g_ascii_strdown (oriel_window_get_error (login.window), -1);
  g_assert_nonnull (strstr (lower, "certificate"));
  g_assert_cmpuint (login.asked, ==, 0);
  close_window (login.window);
}

/* ------------------------------------------------------------ SPICE TLS */

static gboolean
spice_tls_ready (void)
{
  if (!need ("ORIEL_LAB_SPICE_TLS", "QEMU has no SPICE TLS here (lab.sh tls-env)"))
    return FALSE;
  e2e_lab ("start " TLS_DOMAIN);
  return TRUE;
}

static OrielConsoleTab *
open_tls_console (const char *uri, const char *ca_file, const char *subject,
                  OrielWindow **window)
{
  *window = window_for (uri, FALSE, TLS_DOMAIN);
  oriel_window_set_spice_tls (*window, ca_file, subject);
  present (*window);
  return e2e_wait_for_tab (*window, TLS_DOMAIN);
}

static void
assert_tls_connects (const char *uri, const char *subject)
{
  OrielWindow *window;
  OrielConsoleTab *tab = open_tls_console (uri, lab_get ("ORIEL_LAB_SPICE_CA"), subject,
                                           &window);

  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 30000));
  g_assert_true (e2e_wait_for_frame_match (tab, TLS_DOMAIN, 20000, NULL));
  close_window (window);
}

/* Refused with @reason in the tab's message, and it stays refused: no
 * connection in the clear instead. */
static void
assert_tls_refused (const char *ca_file, const char *subject, const char *reason)
{
  OrielWindow *window;
  OrielConsoleTab *tab = open_tls_console (LAB_URI, ca_file, subject, &window);

  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_DISCONNECTED, 30000));
  g_test_message ("refused: %s", oriel_console_tab_get_message (tab));
  g_assert_nonnull (strstr (oriel_console_tab_get_message (tab), reason));
  e2e_sleep (2000);
  g_assert_cmpint (oriel_console_tab_get_state (tab), ==, ORIEL_CONSOLE_TAB_DISCONNECTED);
  close_window (window);
}

/* The lab's CA, the host name (127.0.0.1 in the certificate), or the
 * subject in spice-gtk's notation. */
static void
test_spice_tls (void)
{
  if (!spice_tls_ready ())
    return;
  assert_tls_connects (LAB_URI, NULL);
  assert_tls_connects (LAB_URI, lab_get ("ORIEL_LAB_SPICE_SUBJECT"));
}

static void
test_spice_tls_refused (void)
{
  if (!spice_tls_ready ())
    return;
  assert_tls_refused (lab_get ("ORIEL_LAB_OTHER_CA"), NULL, "not signed by");
  /* no CA given: the system's authorities do not know the lab's */
  assert_tls_refused (NULL, NULL, "not signed by");
  assert_tls_refused (lab_get ("ORIEL_LAB_SPICE_CA"), "C=XX,O=Somebody Else,CN=elsewhere",
                      "not to the expected subject");
}

/* The TLS-only guest over the SSH tunnel: TLS end to end, its certificate
 * checked here, by host name and by subject. */
static void
test_spice_tls_ssh (void)
{
  g_autofree char *uri = NULL;

  if (!spice_tls_ready ())
    return;
  if (!need ("ORIEL_LAB_SSH_PORT", "the lab's sshd is not running (sshd.sh start)"))
    return;
  uri = g_strdup_printf ("qemu+ssh://root@127.0.0.1:%s/system?known_hosts=%s&keyfile=%s",
                         lab_get ("ORIEL_LAB_SSH_PORT"), lab_get ("ORIEL_LAB_SSH_KNOWN_HOSTS"),
                         lab_get ("ORIEL_LAB_SSH_KEY"));
  assert_tls_connects (uri, NULL);
  assert_tls_connects (uri, lab_get ("ORIEL_LAB_SPICE_SUBJECT"));
}

int
main (int argc, char **argv)
{
  app = e2e_init (&argc, &argv);
  lab = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  load_env (g_getenv ("ORIEL_LAB_SH"), "tls-env");
  load_env (g_getenv ("ORIEL_LAB_SSHD_SH"), "env");

  g_test_add_func ("/e2e/credentials/xml-password", test_xml_password);
  g_test_add_func ("/e2e/credentials/keyring", test_keyring);
  g_test_add_func ("/e2e/credentials/keyring/remember", test_keyring_remember);
  g_test_add_func ("/e2e/credentials/keyring/reuse", test_keyring_reuse);
  g_test_add_func ("/e2e/credentials/keyring/changed", test_keyring_changed);
  g_test_add_func ("/e2e/credentials/libvirt-tls", test_libvirt_tls);
  g_test_add_func ("/e2e/credentials/libvirt-tls/wrong-password", test_libvirt_tls_wrong_password);
  g_test_add_func ("/e2e/credentials/libvirt-tls/wrong-ca", test_libvirt_tls_wrong_ca);
  g_test_add_func ("/e2e/credentials/spice-tls", test_spice_tls);
  g_test_add_func ("/e2e/credentials/spice-tls/refused", test_spice_tls_refused);
  g_test_add_func ("/e2e/credentials/spice-tls/ssh", test_spice_tls_ssh);
  return g_test_run ();
}
