#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <spice-client.h>
#include <string.h>
#include <unistd.h>

#include "e2e-util.h"
#include "oriel-application.h"
#include "oriel-auth-dialog.h"

/* Secrets out of sight: with every debug message on, the lab's display
 * password (typed into the password dialog, and read from the domain XML)
 * is in no log line, no process's command line or environment, and no file
 * under Oriel's own folders; Oriel's descriptors are all close-on-exec and
 * none of its sockets listens on TCP. */

#define PASSWORD "labpass1"

static OrielApplication *app;
static GString *log_text;
static GHashTable *inherited;   /* descriptors open before Oriel started: the harness's */
static char *home;

/* Every message, debug ones included, is kept to be searched; all but the
 * debug ones go on to the usual writer (thousands of lines otherwise). */
static GLogWriterOutput
keep_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") || g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      {
        if (fields[i].length < 0)
          g_string_append (log_text, fields[i].value);
        else
          g_string_append_len (log_text, fields[i].value, fields[i].length);
        g_string_append_c (log_text, '\n');
      }
  if (level & G_LOG_LEVEL_DEBUG)
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, data);
}

typedef struct
{
  OrielAuthDialog *dialog;
} DialogQuery;

static gboolean
find_auth_dialog (gpointer data)
{
  DialogQuery *query = data;
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ORIEL_IS_AUTH_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      query->dialog = l->data;
  return query->dialog != NULL;
}

/* The password typed in (a read-only link: the display asks), then read
 * from the XML (read-write: no question). */
static void
connect_both_ways (const char *domain)
{
  g_autofree char *start = g_strdup_printf ("start %s", domain);
  DialogQuery query = { NULL };
  OrielWindow *window;
  OrielConsoleTab *tab;

  e2e_lab (start);
  window = e2e_window_new (app, TRUE, domain);
  tab = e2e_wait_for_tab (window, domain);
  g_assert_true (e2e_wait_until (find_auth_dialog, &query, 20000));
  oriel_auth_dialog_set_password (query.dialog, PASSWORD);
  gtk_dialog_response (GTK_DIALOG (query.dialog), GTK_RESPONSE_OK);
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 20000));
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (300);

  window = e2e_window_new (app, FALSE, domain);
  tab = e2e_wait_for_tab (window, domain);
  g_assert_true (e2e_wait_for_tab_state (tab, ORIEL_CONSOLE_TAB_CONNECTED, 20000));
  gtk_widget_destroy (GTK_WIDGET (window));
  e2e_sleep (300);
}

static gboolean
file_has_password (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, PASSWORD, strlen (PASSWORD)) != NULL;
}

static void
scan_tree (const char *dir, GString *found)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        scan_tree (path, found);
      else if (file_has_password (path))
        g_string_append_printf (found, " %s", path);
    }
}

/* Every process this user can see, Oriel's own first. */
static void
scan_processes (GString *found)
{
  g_autoptr (GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *cmdline = NULL;
      g_autofree char *environ_path = NULL;

      if (strspn (name, "0123456789") != strlen (name))
        continue;
      cmdline = g_strdup_printf ("/proc/%s/cmdline", name);
      environ_path = g_strdup_printf ("/proc/%s/environ", name);
      if (file_has_password (cmdline))
        g_string_append_printf (found, " %s", cmdline);
      if (file_has_password (environ_path))
        g_string_append_printf (found, " %s", environ_path);
    }
}

/* Descriptors without close-on-exec would leak into anything started. */
static void
check_descriptors (void)
{
  g_autoptr (GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  g_autoptr (GString) open_on_exec = g_string_new (NULL);
  const char *name;

  while ((name = g_dir_read_name (fds)) != NULL)
    {
      int fd = atoi (name);
      int flags = fcntl (fd, F_GETFD);
      g_autofree char *link = NULL;
      g_autofree char *path = g_strdup_printf ("/proc/self/fd/%s", name);

      if (fd <= 2 || flags < 0 || (flags & FD_CLOEXEC)
          || g_hash_table_contains (inherited, GINT_TO_POINTER (fd)))
        continue;
      link = g_file_read_link (path, NULL);
      g_string_append_printf (open_on_exec, " %d (%s)", fd, link ? link : "?");
    }
  if (open_on_exec->len > 0)
    g_error ("descriptors without close-on-exec:%s", open_on_exec->str);
}

/* The socket inodes of this process, then any TCP socket among them in the
 * LISTEN state (0A) of /proc/net/tcp and tcp6. */
static void
check_no_listening (void)
{
  g_autoptr (GHashTable) inodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *tables[] = { "/proc/net/tcp", "/proc/net/tcp6" };
  const char *name;

  while ((name = g_dir_read_name (fds)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/fd/%s", name);
      g_autofree char *link = g_file_read_link (path, NULL);

      if (link != NULL && g_str_has_prefix (link, "socket:["))
        g_hash_table_add (inodes, g_strndup (link + 8, strlen (link) - 9));
    }
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *contents = NULL;
      g_auto (GStrv) lines = NULL;

      if (!g_file_get_contents (tables[t], &contents, NULL, NULL))
        continue;
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 1; lines[i] != NULL; i++)
        {
          g_auto (GStrv) cols = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
          GPtrArray *words = g_ptr_array_new ();

          for (guint c = 0; cols[c] != NULL; c++)
            if (*cols[c] != '\0')
              g_ptr_array_add (words, cols[c]);
          /* sl local remote st tx:rx tr:when retrnsmt uid timeout inode */
          if (words->len > 9 && g_str_equal (g_ptr_array_index (words, 3), "0A")
              && g_hash_table_contains (inodes, g_ptr_array_index (words, 9)))
            g_error ("Oriel listens on TCP %s", (char *) g_ptr_array_index (words, 1));
          g_ptr_array_free (words, TRUE);
        }
    }
}

static void
test_out_of_sight (void)
{
  g_autoptr (GString) found = g_string_new (NULL);

  connect_both_ways ("oriel-lab-spice-pw");
  connect_both_ways ("oriel-lab-vnc-pw");

  g_assert_cmpuint (log_text->len, >, 1000);  /* debug messages were on */
  if (strstr (log_text->str, PASSWORD) != NULL)
    g_error ("the password is in a log message");
  scan_processes (found);
  scan_tree (home, found);
  if (found->len > 0)
    g_error ("the password is in:%s", found->str);
  check_descriptors ();
  check_no_listening ();
}

int
main (int argc, char **argv)
{
  int status;

  /* every debug message of every library, as --debug asks */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  spice_util_set_debug (TRUE);
  home = g_dir_make_tmp ("oriel-secrets-XXXXXX", NULL);
  g_setenv ("HOME", home, TRUE);
  for (guint i = 0; i < 4; i++)
    {
      static const char * const vars[] = { "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                                           "XDG_DATA_HOME", "XDG_STATE_HOME" };
      g_autofree char *dir = g_build_filename (home, vars[i], NULL);

      g_mkdir (dir, 0700);
      g_setenv (vars[i], dir, TRUE);
    }
  log_text = g_string_new (NULL);
  inherited = g_hash_table_new (NULL, NULL);
  {
    g_autoptr (GDir) fds = g_dir_open ("/proc/self/fd", 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (fds)) != NULL)
      g_hash_table_add (inherited, GINT_TO_POINTER (atoi (name)));
  }
  g_log_set_writer_func (keep_writer, NULL, NULL);
  app = e2e_init (&argc, &argv);
  g_test_add_func ("/e2e/secrets/out-of-sight", test_out_of_sight);
  status = g_test_run ();
  g_object_unref (app);
  g_hash_table_unref (inherited);
  g_string_free (log_text, TRUE);
  return status;
}
