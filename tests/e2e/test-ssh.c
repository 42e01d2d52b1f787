#include "config.h"

#include <dirent.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "e2e-util.h"
#include "oriel-application.h"
#include "oriel-known-hosts.h"
#include "oriel-serial-view.h"
#include "oriel-ssh-dialog.h"

/* End-to-end over SSH: the lab's own sshd on 127.0.0.1 with its own host
 * keys, user keys and known_hosts (tests/lab/sshd.sh), the lab's libvirtd
 * and guests behind it. */

static OrielApplication *app;
static GHashTable *lab;          /* ORIEL_LAB_SSH_* from sshd.sh env */
static char *tmpdir;

static const char *
lab_get (const char *name)
{
  const char *value = g_hash_table_lookup (lab, name);

  if (value == NULL)
    g_error ("sshd.sh env has no %s", name);
  return value;
}

static void
load_lab_env (void)
{
  g_autofree char *command = g_strdup_printf ("bash %s env", g_getenv ("ORIEL_LAB_SSHD_SH"));
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  int status = 0;

  if (!g_spawn_command_line_sync (command, &out, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: is the lab's sshd running (tests/lab/sshd.sh start)?", command);
  lab = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *eq = strchr (lines[i], '=');

      if (eq != NULL)
        g_hash_table_insert (lab, g_strndup (lines[i], eq - lines[i]), g_strdup (eq + 1));
    }
}

static char *
ssh_uri (const char *user, const char *keyfile, const char *known_hosts)
{
  GString *uri = g_string_new (NULL);

  g_string_printf (uri, "qemu+ssh://%s@127.0.0.1:%s/system?known_hosts=%s", user,
                   lab_get ("ORIEL_LAB_SSH_PORT"), known_hosts);
  if (keyfile != NULL)
    g_string_append_printf (uri, "&keyfile=%s", keyfile);
  return g_string_free (uri, FALSE);
}

static OrielWindow *
ssh_window (const char *uri)
{
  OrielWindow *window = oriel_window_new (app, uri, FALSE, NULL);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (OrielWindow *window)
{
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (300);
}

/* ------------------------------------------------- dialog handling --- */

typedef struct
{
  OrielWindow *window;
  guint password_dialogs;
  guint host_key_dialogs;
  const char *password;
  gboolean accept_host_key;
  char *fingerprint_seen;
} Answerer;

static void
answer_dialogs (Answerer *answerer)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      OrielSshDialog *dialog;
      OrielSshPrompt *prompt;

      if (!ORIEL_IS_SSH_DIALOG (l->data) || !gtk_widget_get_visible (l->data))
        continue;
      dialog = l->data;
      prompt = oriel_ssh_dialog_get_prompt (dialog);
      switch (oriel_ssh_prompt_get_kind (prompt))
        {
        case ORIEL_SSH_PROMPT_HOST_KEY:
          answerer->host_key_dialogs++;
          g_free (answerer->fingerprint_seen);
          answerer->fingerprint_seen = g_strdup (oriel_ssh_prompt_get_fingerprint (prompt));
          gtk_dialog_response (GTK_DIALOG (dialog), answerer->accept_host_key
                                                      ? GTK_RESPONSE_OK
                                                      : GTK_RESPONSE_CANCEL);
          break;
        case ORIEL_SSH_PROMPT_PASSWORD:
        case ORIEL_SSH_PROMPT_KBD_INTERACTIVE:
        case ORIEL_SSH_PROMPT_PASSPHRASE:
        default:
          answerer->password_dialogs++;
          oriel_ssh_dialog_set_answer (dialog, answerer->password ? answerer->password : "");
          gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
          break;
        }
    }
}

typedef struct
{
  Answerer *answerer;
  OrielWindow *window;
} OpenQuery;

static gboolean
connection_open (gpointer data)
{
  OpenQuery *query = data;
  OrielConnection *connection = oriel_window_get_connection (query->window);

  if (query->answerer != NULL)
    answer_dialogs (query->answerer);
  return (connection != NULL && oriel_connection_is_open (connection))
         || oriel_window_get_error (query->window) != NULL;
}

static void
wait_connected (OrielWindow *window, Answerer *answerer)
{
  OpenQuery query = { answerer, window };

  g_assert_true (e2e_wait_until (connection_open, &query, 30000));
  if (oriel_window_get_error (window) != NULL)
    g_error ("the window says: %s", oriel_window_get_error (window));
}

static OrielConsoleTab *
open_console (OrielWindow *window, const char *name, Answerer *answerer)
{
  OrielConnection *connection = oriel_window_get_connection (window);
  OrielConsoleTab *tab;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  oriel_window_open_console (window, oriel_connection_find_domain (connection, name));
  tab = e2e_wait_for_tab (window, name);
  while (oriel_console_tab_get_state (tab) != ORIEL_CONSOLE_TAB_CONNECTED
         && g_get_monotonic_time () < deadline)
    {
      if (answerer != NULL)
        answer_dialogs (answerer);
      e2e_sleep (50);
    }
  if (oriel_console_tab_get_state (tab) != ORIEL_CONSOLE_TAB_CONNECTED)
    g_error ("%s over SSH: %s", name, oriel_console_tab_get_message (tab));
  return tab;
}

/* ------------------------------------------------ process checks --- */

/* Established TCP connections of this process to @port, by matching our
 * socket inodes against the kernel's table. */
static guint
tcp_connections_to (guint port)
{
  g_autoptr (GHashTable) inodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint count = 0;

  while ((name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL && g_str_has_prefix (target, "socket:["))
        g_hash_table_add (inodes, g_strndup (target + 8, strlen (target) - 9));
    }
  for (const char *const *table = (const char *const[]) { "/proc/net/tcp", "/proc/net/tcp6", NULL };
       *table; table++)
    {
      g_autofree char *text = NULL;
      g_auto (GStrv) lines = NULL;

      if (!g_file_get_contents (*table, &text, NULL, NULL))
        continue;
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 1; lines[i]; i++)
        {
          g_auto (GStrv) f = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
          g_autoptr (GPtrArray) fields = g_ptr_array_new ();
          const char *rem;

          for (guint j = 0; f[j]; j++)
            if (*f[j])
              g_ptr_array_add (fields, f[j]);
          if (fields->len < 10)
            continue;
          rem = g_ptr_array_index (fields, 2);
          /* state 01 is ESTABLISHED; the remote port is hex after ':' */
          if (g_str_equal (g_ptr_array_index (fields, 3), "01")
              && g_ascii_strtoull (strrchr (rem, ':') + 1, NULL, 16) == port
              && g_hash_table_contains (inodes, g_ptr_array_index (fields, 9)))
            count++;
        }
    }
  return count;
}

static guint
child_processes (void)
{
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint count = 0;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *end;
      char state;
      int ppid;

      if (!g_ascii_isdigit (*name) || !g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      end = strrchr (stat, ')');
      if (end != NULL && sscanf (end + 2, "%c %d", &state, &ppid) == 2 && ppid == getpid ())
        {
          g_test_message ("child process %s: %s", name, stat);
          count++;
        }
    }
  return count;
}

/* ---------------------------------------------------------- tests --- */

static void
test_consoles_one_connection (void)
{
  g_autofree char *uri = ssh_uri ("root", lab_get ("ORIEL_LAB_SSH_KEY"),
                                  lab_get ("ORIEL_LAB_SSH_KNOWN_HOSTS"));
  guint port = atoi (lab_get ("ORIEL_LAB_SSH_PORT"));
  OrielWindow *window;
  OrielConsoleTab *spice, *vnc;

  e2e_lab ("start oriel-lab-spice oriel-lab-vnc");
  window = ssh_window (uri);
  wait_connected (window, NULL);
  g_assert_nonnull (oriel_connection_find_domain (oriel_window_get_connection (window),
                                                  "oriel-lab-spice"));

  spice = open_console (window, "oriel-lab-spice", NULL);
  g_assert_true (e2e_wait_for_frame_match (spice, "oriel-lab-spice", 20000, NULL));
  vnc = open_console (window, "oriel-lab-vnc", NULL);
  g_assert_true (e2e_wait_for_frame_match (vnc, "oriel-lab-vnc", 20000, NULL));

  /* the libvirt link, every SPICE channel and the VNC link: one login */
  g_assert_cmpuint (tcp_connections_to (port), ==, 1);
  g_assert_cmpuint (child_processes (), ==, 0);
  /* Through the loss and the reconnect, the main loop kept answering. */
  g_test_message ("longest main loop stall: %.1f ms", e2e_stall_longest_ms ());
  g_assert_cmpfloat (e2e_stall_longest_ms (), <, E2E_MAX_STALL_MS);
  close_window (window);
  /* the last user gone, the connection closes */
  g_assert_cmpuint (tcp_connections_to (port), ==, 0);
}

static void
test_password_asked_once (void)
{
  g_autofree char *uri = ssh_uri (lab_get ("ORIEL_LAB_SSH_USER"), NULL,
                                  lab_get ("ORIEL_LAB_SSH_KNOWN_HOSTS"));
  Answerer answerer = { 0 };
  OrielWindow *window;
  OrielConsoleTab *tab;

  answerer.password = lab_get ("ORIEL_LAB_SSH_PASSWORD");
  e2e_lab ("start oriel-lab-spice oriel-lab-vnc");
  window = ssh_window (uri);
  wait_connected (window, &answerer);
  tab = open_console (window, "oriel-lab-spice", &answerer);
  g_assert_true (e2e_wait_for_frame_match (tab, "oriel-lab-spice", 20000, NULL));
  tab = open_console (window, "oriel-lab-vnc", &answerer);
  g_assert_true (e2e_wait_for_frame_match (tab, "oriel-lab-vnc", 20000, NULL));

  g_assert_cmpuint (answerer.password_dialogs, ==, 1);
  g_assert_cmpuint (answerer.host_key_dialogs, ==, 0);
  close_window (window);
}

static char *
lab_known_line (const char *type)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (lab_get ("ORIEL_LAB_SSH_KNOWN_HOSTS"), &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (strstr (lines[i], type) != NULL)
      return g_strdup (lines[i]);
  g_error ("no %s line in the lab's known_hosts", type);
}

static void
test_unknown_host_appends_one_line (void)
{
  g_autofree char *known = g_build_filename (tmpdir, "known_hosts_unknown", NULL);
  /* other hosts' lines that must survive byte for byte, no final newline */
  const char *before = "# my hosts\n"
                       "host.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"
                       "|1|c2FsdHNhbHRzYWx0c2FsdHNhbHQ=|AAAAAAAAAAAAAAAAAAAAAAAAAAA= ssh-rsa AAAAB3NzaC1yc2E=";
  g_autofree char *uri = NULL;
  g_autofree char *after = NULL;
  Answerer answerer = { 0 };
  OrielWindow *window;
  g_auto (GStrv) added = NULL;

  g_assert_true (g_file_set_contents (known, before, -1, NULL));
  uri = ssh_uri ("root", lab_get ("ORIEL_LAB_SSH_KEY"), known);
  answerer.accept_host_key = TRUE;
  window = ssh_window (uri);
  wait_connected (window, &answerer);
  g_assert_cmpuint (answerer.host_key_dialogs, ==, 1);
  g_assert_true (g_str_has_prefix (answerer.fingerprint_seen, "SHA256:"));

  g_assert_true (g_file_get_contents (known, &after, NULL, NULL));
  g_assert_true (g_str_has_prefix (after, before));
  /* a newline was missing at the end, then exactly one new line */
  added = g_strsplit (after + strlen (before) + 1, "\n", -1);
  g_assert_cmpuint (g_strv_length (added), ==, 2);
  g_assert_cmpstr (added[1], ==, "");
  g_test_message ("appended: %s", added[0]);
  close_window (window);
  g_free (answerer.fingerprint_seen);
}

/* known_hosts where every one of the host's lines has another key of the
 * same type, as after a reinstall or an interception */
static char *
write_changed_known_hosts (void)
{
  g_autofree char *known = g_build_filename (tmpdir, "known_hosts_changed", NULL);
  g_autoptr (GString) text = g_string_new (NULL);
  const char *types[][2] = { { "ed25519", "ssh-ed25519" },
                             { "ecdsa", "ecdsa-sha2-nistp256" },
                             { "rsa", "ssh-rsa" } };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *key = g_build_filename (tmpdir, types[i][0], NULL);
      g_autofree char *pub = g_strdup_printf ("%s.pub", key);
      g_autofree char *command = g_strdup_printf ("ssh-keygen -q -t %s -N '' -f %s", types[i][0], key);
      g_autofree char *line = NULL;
      g_auto (GStrv) fields = NULL;

      if (!g_file_test (pub, G_FILE_TEST_EXISTS))
        g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
      g_assert_true (g_file_get_contents (pub, &line, NULL, NULL));
      fields = g_strsplit (line, " ", 3);
      g_string_append_printf (text, "[127.0.0.1]:%s %s %s\n", lab_get ("ORIEL_LAB_SSH_PORT"),
                              types[i][1], fields[1]);
    }
  g_assert_true (g_file_set_contents (known, text->str, -1, NULL));
  return g_steal_pointer (&known);
}

static gsize
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gsize) st.st_size : 0;
}

/* What sshd logged since @offset mentions no authentication at all. */
static void
assert_no_auth_attempt (gsize offset)
{
  g_autofree char *log = NULL;
  gsize length = 0;
  const char *since;

  e2e_sleep (500);
  g_assert_true (g_file_get_contents (lab_get ("ORIEL_LAB_SSH_LOG"), &log, &length, NULL));
  since = log + MIN (offset, length);
  g_test_message ("sshd said: %s", since);
  g_assert_nonnull (strstr (since, "Connection from 127.0.0.1"));
  g_assert_null (strstr (since, "Accepted"));
  g_assert_null (strstr (since, "Failed"));
  g_assert_null (strstr (since, "Postponed"));
  g_assert_null (strstr (since, "Invalid user"));
}

static void
refused (const char *known, const char *must_say)
{
  g_autofree char *uri = ssh_uri ("root", lab_get ("ORIEL_LAB_SSH_KEY"), known);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize offset = file_size (lab_get ("ORIEL_LAB_SSH_LOG"));
  Answerer answerer = { 0 };
  OpenQuery query;
  OrielWindow *window;

  g_assert_true (g_file_get_contents (known, &before, NULL, NULL));
  window = ssh_window (uri);
  query.answerer = &answerer;
  query.window = window;
  g_assert_true (e2e_wait_until (connection_open, &query, 30000));
  g_assert_nonnull (oriel_window_get_error (window));
  g_test_message ("refused: %s", oriel_window_get_error (window));
  g_assert_nonnull (strstr (oriel_window_get_error (window), must_say));
  g_assert_nonnull (strstr (oriel_window_get_error (window), known));
  g_assert_cmpuint (answerer.host_key_dialogs, ==, 0);
  g_assert_cmpuint (answerer.password_dialogs, ==, 0);
  g_assert_null (oriel_window_get_connection (window));
  assert_no_auth_attempt (offset);
  /* and the file was left alone */
  g_assert_true (g_file_get_contents (known, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  close_window (window);
}

static void
test_changed_host_key_refused (void)
{
  g_autofree char *known = write_changed_known_hosts ();

  refused (known, "has changed");
}

static void
test_revoked_host_key_refused (void)
{
  g_autofree char *known = g_build_filename (tmpdir, "known_hosts_revoked", NULL);
  g_autofree char *ed = lab_known_line ("ssh-ed25519");
  g_autofree char *ec = lab_known_line ("ecdsa-sha2");
  g_autofree char *rsa = lab_known_line ("ssh-rsa");
  g_autofree char *text = g_strdup_printf ("%s\n%s\n%s\n@revoked %s\n@revoked %s\n@revoked %s\n",
                                           ed, ec, rsa, ed, ec, rsa);

  g_assert_true (g_file_set_contents (known, text, -1, NULL));
  refused (known, "revoked");
}

static void
test_passphrase_key (void)
{
  g_autofree char *uri = ssh_uri ("root", lab_get ("ORIEL_LAB_SSH_KEY_ENC"),
                                  lab_get ("ORIEL_LAB_SSH_KNOWN_HOSTS"));
  Answerer answerer = { 0 };
  OrielWindow *window;
  OrielConsoleTab *tab;

  answerer.password = lab_get ("ORIEL_LAB_SSH_KEY_PASS");
  e2e_lab ("start oriel-lab-vnc");
  window = ssh_window (uri);
  wait_connected (window, &answerer);
  tab = open_console (window, "oriel-lab-vnc", &answerer);
  g_assert_true (e2e_wait_for_frame_match (tab, "oriel-lab-vnc", 20000, NULL));
  g_assert_cmpuint (answerer.password_dialogs, ==, 1);
  close_window (window);
}

/* A key in ssh-agent: no question at all. */
static void
test_agent (void)
{
  g_autofree char *sock = g_build_filename (tmpdir, "agent.sock", NULL);
  g_autofree char *start = g_strdup_printf ("ssh-agent -a %s", sock);
  g_autofree char *add = g_strdup_printf ("env SSH_AUTH_SOCK=%s ssh-add -q %s", sock,
                                          lab_get ("ORIEL_LAB_SSH_KEY"));
  g_autofree char *uri = ssh_uri ("root", NULL, lab_get ("ORIEL_LAB_SSH_KNOWN_HOSTS"));
  g_autofree char *out = NULL;
  g_autofree char *stop = NULL;
  Answerer answerer = { 0 };
  OrielWindow *window;
  const char *pid;

  e2e_lab_command (start);
  e2e_lab_command (add);
  g_setenv ("SSH_AUTH_SOCK", sock, TRUE);

  window = ssh_window (uri);
  wait_connected (window, &answerer);
  g_assert_cmpuint (answerer.password_dialogs, ==, 0);
  g_assert_cmpuint (answerer.host_key_dialogs, ==, 0);
  close_window (window);

  g_unsetenv ("SSH_AUTH_SOCK");
  /* the agent detached itself; find it by its socket */
  g_spawn_command_line_sync ("pgrep -n -x ssh-agent", &out, NULL, NULL, NULL);
  pid = g_strstrip (out);
  if (*pid)
    {
      stop = g_strdup_printf ("kill %s", pid);
      g_spawn_command_line_sync (stop, NULL, NULL, NULL, NULL);
    }
}

static void
test_login_cancelled (void)
{
  /* a user of its own: the lab user's password is remembered for the run */
  g_autofree char *uri = ssh_uri ("oriel-nobody", NULL, lab_get ("ORIEL_LAB_SSH_KNOWN_HOSTS"));
  Answerer answerer = { 0 };
  OrielWindow *window;
  OpenQuery query;
  gboolean cancelled = FALSE;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  window = ssh_window (uri);
  while (!cancelled && g_get_monotonic_time () < deadline)
    {
      g_autoptr (GList) list = gtk_window_list_toplevels ();

      for (GList *l = list; l != NULL; l = l->next)
        if (ORIEL_IS_SSH_DIALOG (l->data) && gtk_widget_get_visible (l->data))
          {
            gtk_dialog_response (GTK_DIALOG (l->data), GTK_RESPONSE_CANCEL);
            cancelled = TRUE;
          }
      e2e_sleep (50);
    }
  g_assert_true (cancelled);
  query.answerer = &answerer;
  query.window = window;
  g_assert_true (e2e_wait_until (connection_open, &query, 10000));
  g_test_message ("%s", oriel_window_get_error (window));
  g_assert_nonnull (strstr (oriel_window_get_error (window), "cancelled"));
  g_assert_cmpuint (answerer.password_dialogs, ==, 0);
  close_window (window);
}

typedef struct
{
  OrielConsoleTab *tab;
  OrielSerialView *view;
} SerialQuery;

static gboolean
serial_ready (gpointer data)
{
  SerialQuery *query = data;
  g_autoptr (GList) views = oriel_console_tab_get_text_views (query->tab);

  query->view = views ? views->data : NULL;
  return query->view != NULL && oriel_serial_view_get_state (query->view) == ORIEL_SERIAL_VIEW_CONNECTED;
}

static gboolean
shows_42 (gpointer data)
{
  g_autofree char *text = oriel_display_vte_get_text (oriel_serial_view_get_display (data));

  return strstr (text, "\n42\n") != NULL;
}

/* The text console rides the libvirt link, so the same one connection. */
static void
test_serial_over_ssh (void)
{
  g_autofree char *uri = ssh_uri ("root", lab_get ("ORIEL_LAB_SSH_KEY"),
                                  lab_get ("ORIEL_LAB_SSH_KNOWN_HOSTS"));
  guint port = atoi (lab_get ("ORIEL_LAB_SSH_PORT"));
  SerialQuery query = { 0 };
  OrielWindow *window;

  e2e_lab ("start oriel-lab-vnc");
  window = ssh_window (uri);
  wait_connected (window, NULL);
  query.tab = open_console (window, "oriel-lab-vnc", NULL);
  /* a text console attaches when it is shown (Ctrl+Shift+T) */
  g_action_group_activate_action (G_ACTION_GROUP (window), "toggle-text", NULL);
  g_assert_true (e2e_wait_until (serial_ready, &query, 20000));
  vte_terminal_feed_child (oriel_display_vte_get_terminal (oriel_serial_view_get_display (query.view)),
                           "echo $((6*7))\r", -1);
  g_assert_true (e2e_wait_until (shows_42, query.view, 10000));
  g_assert_cmpuint (tcp_connections_to (port), ==, 1);
  close_window (window);
}

static GHashTable *
fd_targets (void)
{
  GHashTable *targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GDir) d = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);

      g_hash_table_insert (targets, g_strdup (name), g_file_read_link (path, NULL));
    }
  return targets;
}

static guint
count_entries (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* The sshd processes serving this test's connections: children of the
 * listener whose peer port is one of ours. Simpler: all of its children,
 * as nothing else uses the lab's sshd while this runs. */
static void
signal_sshd_children (const char *how)
{
  g_autofree char *command = g_strdup_printf ("bash %s %s", g_getenv ("ORIEL_LAB_SSHD_SH"), how);

  e2e_lab_command (command);
}

typedef struct
{
  OrielConsoleTab *tabs[2];
  OrielConsoleTabState state;
} TabsQuery;

static gboolean
tabs_in_state (gpointer data)
{
  TabsQuery *query = data;

  return oriel_console_tab_get_state (query->tabs[0]) == query->state
         && oriel_console_tab_get_state (query->tabs[1]) == query->state;
}

typedef struct
{
  guint fds;
  guint threads;
} Counts;

static gboolean
counts_back (gpointer data)
{
  Counts *before = data;

  e2e_sleep (200);
  return count_entries ("/proc/self/fd") <= before->fds
         && count_entries ("/proc/self/task") <= before->threads;
}

static void
link_loss (const char *how, guint detect_ms)
{
  g_autofree char *uri = ssh_uri ("root", lab_get ("ORIEL_LAB_SSH_KEY"),
                                  lab_get ("ORIEL_LAB_SSH_KNOWN_HOSTS"));
  guint port = atoi (lab_get ("ORIEL_LAB_SSH_PORT"));
  TabsQuery query;
  Counts before;
  g_autoptr (GHashTable) before_fds = NULL;
  OrielWindow *window;
  gint64 start, back;

  e2e_lab ("start oriel-lab-spice oriel-lab-vnc");
  window = ssh_window (uri);
  wait_connected (window, NULL);
  query.tabs[0] = open_console (window, "oriel-lab-spice", NULL);
  query.tabs[1] = open_console (window, "oriel-lab-vnc", NULL);
  g_assert_true (e2e_wait_for_frame_match (query.tabs[0], "oriel-lab-spice", 20000, NULL));
  g_assert_true (e2e_wait_for_frame_match (query.tabs[1], "oriel-lab-vnc", 20000, NULL));
  e2e_sleep (2000);  /* let GLib's worker threads settle */
  before.fds = count_entries ("/proc/self/fd");
  before.threads = count_entries ("/proc/self/task");
  before_fds = fd_targets ();

  start = g_get_monotonic_time ();
  signal_sshd_children (how);
  e2e_stall_reset ();
  query.state = ORIEL_CONSOLE_TAB_DISCONNECTED;
  g_assert_true (e2e_wait_until (tabs_in_state, &query, detect_ms));
  g_test_message ("noticed after %.1f s: %s", (g_get_monotonic_time () - start) / 1e6,
                  oriel_console_tab_get_message (query.tabs[0]));
  g_assert_nonnull (strstr (oriel_console_tab_get_message (query.tabs[0]), "SSH connection"));
  g_assert_nonnull (oriel_window_get_error (window));

  /* the listener accepted again all along: back within 5 s of noticing */
  back = g_get_monotonic_time ();
  query.state = ORIEL_CONSOLE_TAB_CONNECTED;
  g_assert_true (e2e_wait_until (tabs_in_state, &query, 5000));
  g_test_message ("reconnected after %.1f s", (g_get_monotonic_time () - back) / 1e6);
  g_assert_true (e2e_wait_for_frame_match (query.tabs[0], "oriel-lab-spice", 20000, NULL));
  g_assert_true (e2e_wait_for_frame_match (query.tabs[1], "oriel-lab-vnc", 20000, NULL));
  g_assert_null (oriel_window_get_error (window));
  g_assert_cmpuint (tcp_connections_to (port), ==, 1);
  g_assert_cmpuint (child_processes (), ==, 0);
  /* Through the loss and the reconnect, the main loop kept answering. */
  g_test_message ("longest main loop stall: %.1f ms", e2e_stall_longest_ms ());
  g_assert_cmpfloat (e2e_stall_longest_ms (), <, E2E_MAX_STALL_MS);

  if (!e2e_wait_until (counts_back, &before, 30000))
    {
      g_autoptr (GHashTable) after = fd_targets ();
      GHashTableIter iter;
      gpointer name, target;

      /* what is new, for the report */
      g_hash_table_iter_init (&iter, after);
      while (g_hash_table_iter_next (&iter, &name, &target))
        if (g_strcmp0 (g_hash_table_lookup (before_fds, name), target) != 0)
          g_test_message ("new fd %s -> %s", (char *) name, (char *) target);
    }
  if (!e2e_wait_until (counts_back, &before, 100))
    g_error ("fds %u -> %u, threads %u -> %u", before.fds, count_entries ("/proc/self/fd"),
             before.threads, count_entries ("/proc/self/task"));
  close_window (window);
  if (g_str_equal (how, "stop-children"))
    signal_sshd_children ("kill-children");
}

static void
test_link_dropped (void)
{
  link_loss ("kill-children", 10000);
}

static void
test_link_stalled (void)
{
  /* noticed by keepalive within 15 s */
  link_loss ("stop-children", 15000);
}

int
main (int argc, char *argv[])
{
  int status;

  /* no agent and no keys of the machine's user: only what a test gives */
  tmpdir = g_dir_make_tmp ("oriel-e2e-ssh-XXXXXX", NULL);
  g_setenv ("HOME", tmpdir, TRUE);
  g_unsetenv ("SSH_AUTH_SOCK");
  g_setenv ("XDG_RUNTIME_DIR", tmpdir, TRUE);

  load_lab_env ();
  app = e2e_init (&argc, &argv);

  g_test_add_func ("/e2e/ssh/consoles-one-connection", test_consoles_one_connection);
  g_test_add_func ("/e2e/ssh/password-asked-once", test_password_asked_once);
  g_test_add_func ("/e2e/ssh/serial", test_serial_over_ssh);
  g_test_add_func ("/e2e/ssh/login-cancelled", test_login_cancelled);
  g_test_add_func ("/e2e/ssh/passphrase-key", test_passphrase_key);
  g_test_add_func ("/e2e/ssh/agent", test_agent);
  g_test_add_func ("/e2e/ssh/unknown-host", test_unknown_host_appends_one_line);
  g_test_add_func ("/e2e/ssh/changed-host-key", test_changed_host_key_refused);
  g_test_add_func ("/e2e/ssh/revoked-host-key", test_revoked_host_key_refused);
  g_test_add_func ("/e2e/ssh/link-dropped", test_link_dropped);
  g_test_add_func ("/e2e/ssh/link-stalled", test_link_stalled);
  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf %s", tmpdir);
    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  return status;
}
