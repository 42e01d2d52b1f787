#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "oriel-error.h"
#include "oriel-ssh-config.h"

/* fixtures/ssh-config/config stands for ~/.ssh/config and etc/ssh_config
 * for /etc/ssh/ssh_config. The expected values were checked against
 * "ssh -G" (OpenSSH 9.2) on a copy with absolute Include paths, except
 * where Oriel differs on purpose: Match blocks, %-tokens (ssh -G shows
 * them unexpanded) and malformed lines (ssh refuses the whole file). */

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "ssh-config", name, NULL);
}

static OrielSshConfig *
lookup_full (const char *host, const char *user, guint16 port)
{
  g_autofree char *user_file = fixture_path ("config");
  g_autofree char *system_file = fixture_path ("etc/ssh_config");
  const char *const paths[] = { user_file, system_file, NULL };
  g_autoptr (GError) error = NULL;
  OrielSshConfig *config;

  config = oriel_ssh_config_lookup_full (paths, host, user, port, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
  return config;
}

static OrielSshConfig *
lookup (const char *host)
{
  return lookup_full (host, NULL, 0);
}

/* A path under the home folder, as ~ expands. */
static char *
home (const char *path)
{
  return g_build_filename (g_get_home_dir (), path, NULL);
}

static void
assert_identity_files (const OrielSshConfig *config, ...)
{
  va_list args;
  guint i = 0;
  const char *name;

  va_start (args, config);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *expected = name[0] == '/' ? g_strdup (name) : home (name);

      g_assert_nonnull (config->identity_files[i]);
      g_assert_cmpstr (config->identity_files[i], ==, expected);
      i++;
    }
  va_end (args);
  g_assert_null (config->identity_files[i]);
}

static void
test_exact (void)
{
  g_autoptr (OrielSshConfig) config = lookup ("exact.example.com");
  g_autofree char *kh = home (".ssh/known_hosts.exact");

  g_assert_cmpstr (config->hostname, ==, "192.0.2.20");
  g_assert_cmpstr (config->user, ==, "alice");      /* "User=alice" */
  g_assert_cmpint (config->port, ==, 2201);         /* "port = 2201" */
  g_assert_cmpint (config->hash_known_hosts, ==, 1);
  g_assert_cmpint (config->connect_timeout, ==, 90); /* 1m30s */
  g_assert_cmpint (config->server_alive_interval, ==, 15);
  g_assert_cmpuint (g_strv_length (config->user_known_hosts_files), ==, 2);
  g_assert_cmpstr (config->user_known_hosts_files[0], ==, kh);
  g_assert_cmpstr (config->user_known_hosts_files[1], ==, "/srv/with space/known_hosts");
}

/* Every IdentityFile that applies, in the order read, each once; "none" is
 * no file. */
static void
test_identity_files (void)
{
  g_autoptr (OrielSshConfig) exact = lookup ("exact.example.com");
  g_autoptr (OrielSshConfig) other = lookup ("other.example.net");

  assert_identity_files (exact, ".ssh/id_exact", ".ssh/id_wild", ".ssh/id_all", ".ssh/id_system",
                         NULL);
  assert_identity_files (other, ".ssh/id_exact", ".ssh/id_all", ".ssh/id_system", NULL);
}

/* The first value obtained wins, across blocks and files. */
static void
test_precedence (void)
{
  g_autoptr (OrielSshConfig) foo = lookup ("foo.example.com");
  g_autoptr (OrielSshConfig) other = lookup ("other.example.net");
  g_autofree char *wild = home (".ssh/known_hosts.wild");

  g_assert_cmpstr (foo->user, ==, "wildcard");
  g_assert_cmpstr (foo->hostname, ==, "foo.example.com");
  g_assert_cmpint (foo->port, ==, 22);              /* from the system file */
  g_assert_cmpint (foo->server_alive_interval, ==, 15);
  g_assert_cmpint (foo->hash_known_hosts, ==, 0);
  g_assert_cmpint (foo->connect_timeout, ==, 0);    /* "none" */
  g_assert_cmpstrv (foo->user_known_hosts_files, ((const char *const[]) { wild, NULL }));

  g_assert_cmpstr (other->user, ==, "system");
  g_assert_cmpint (other->server_alive_interval, ==, 60);
  /* unset: the caller uses ssh's defaults */
  g_assert_cmpuint (g_strv_length (other->user_known_hosts_files), ==, 0);
}

static void
test_negation (void)
{
  g_autoptr (OrielSshConfig) private = lookup ("private.example.com");
  g_autoptr (OrielSshConfig) node = lookup ("node1.example.org");
  g_autoptr (OrielSshConfig) node12 = lookup ("node12.example.org");

  /* "Host *.example.com !private.example.com" does not apply */
  g_assert_cmpstr (private->user, ==, "private");
  g_assert_cmpint (private->server_alive_interval, ==, 60);
  assert_identity_files (private, ".ssh/id_exact", ".ssh/id_all", ".ssh/id_system", NULL);
  /* several patterns on one Host line, with ? */
  g_assert_cmpstr (node->user, ==, "private");
  g_assert_cmpstr (node12->user, ==, "system");
}

static void
test_case (void)
{
  g_autoptr (OrielSshConfig) upper = lookup ("EXACT.example.com");

  /* as in ssh: Host patterns see the name as typed, and are case-sensitive;
   * the name connected to is lower case */
  g_assert_cmpstr (upper->user, ==, "wildcard");
  g_assert_cmpstr (upper->hostname, ==, "exact.example.com");
}

static void
test_include (void)
{
  g_autoptr (OrielSshConfig) included = lookup ("included.example.com");
  g_autoptr (OrielSshConfig) cond = lookup ("inc-cond");
  g_autoptr (OrielSshConfig) other = lookup ("other.example.net");
  g_autoptr (OrielSshConfig) etc = lookup ("system-include.example.com");

  /* the Include glob reads config.d/10-first.conf then 20-second.conf, not README */
  g_assert_cmpstr (included->user, ==, "included");
  g_assert_cmpint (included->port, ==, 2202);
  assert_identity_files (included, ".ssh/id_included", ".ssh/id_wild", ".ssh/id_exact",
                         ".ssh/id_all", ".ssh/id_system", NULL);

  /* an Include inside a Host block applies to that host only, and its own
   * Host lines end with it */
  g_assert_cmpstr (cond->user, ==, "conditional");
  g_assert_cmpint (cond->port, ==, 2203);
  g_assert_cmpstr (other->user, ==, "system");
  g_assert_cmpint (other->port, ==, 22);
  /* the user's file comes first */
  g_assert_cmpstr (etc->user, ==, "wildcard");
}

/* A relative Include is looked for next to the top-level file it comes
 * from: ~/.ssh for the user's file, /etc/ssh (here etc/) for the system's. */
static void
test_include_system (void)
{
  g_autofree char *system_file = fixture_path ("etc/ssh_config");
  const char *const paths[] = { system_file, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielSshConfig) config = NULL;

  config = oriel_ssh_config_lookup (paths, "system-include.example.com", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->user, ==, "from-etc-include");
}

static void
test_include_loop (void)
{
  g_autofree char *loop = fixture_path ("loop");
  const char *const paths[] = { loop, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielSshConfig) config = oriel_ssh_config_lookup (paths, "x", NULL, &error);

  g_assert_null (config);
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Include"));
}

static void
test_include_folder (void)
{
  g_autofree char *dir = g_dir_make_tmp ("oriel-ssh-config-XXXXXX", NULL);
  g_autofree char *config_path = g_build_filename (dir, "config", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder", NULL);
  const char *const paths[] = { config_path, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielSshConfig) config = NULL;

  /* an included folder is passed over; nothing else goes wrong here */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (config_path, "Include folder missing\nUser ok\n", -1, NULL));
  config = oriel_ssh_config_lookup (paths, "x", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->user, ==, "ok");
  g_rmdir (folder);
  g_unlink (config_path);
  g_rmdir (dir);
}

static void
test_tokens (void)
{
  g_autoptr (OrielSshConfig) alias = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *known_hosts = NULL;

  g_setenv ("ORIEL_TEST_KEYS", "/keys", TRUE);
  g_unsetenv ("ORIEL_TEST_UNSET");
  alias = lookup_full ("alias", "root", 0);

  /* HostName's %h is the name given, the result is lower case */
  g_assert_cmpstr (alias->hostname, ==, "alias.internal.example.net");
  /* %d home, %u local user, %h host name, %r remote user, %p port, %%;
   * ${VAR}; values with an unset variable or a token Oriel does not
   * know (%C) are left out */
  expected = g_strdup_printf ("%s/keys/%s/alias.internal.example.net/root/22/%%/id",
                              g_get_home_dir (), g_get_user_name ());
  assert_identity_files (alias, expected, "/keys/id_env", ".ssh/id_exact", ".ssh/id_all",
                         ".ssh/id_system", NULL);
  known_hosts = home ("kh/alias.internal.example.net_22");
  g_assert_cmpstrv (alias->user_known_hosts_files, ((const char *const[]) { known_hosts, NULL }));
}

static void
test_tokens_port_user (void)
{
  g_autoptr (OrielSshConfig) alias = lookup_full ("alias", NULL, 2022);
  g_autofree char *expected = g_strdup_printf ("%s/keys/%s/alias.internal.example.net/%s/2022/%%/id",
                                               g_get_home_dir (), g_get_user_name (),
                                               "system");
  g_autofree char *known_hosts = home ("kh/alias.internal.example.net_2022");

  /* the caller's port wins over Port 22 from the system file, and %r is
   * the User from the configuration when the caller gives none */
  g_assert_cmpint (alias->port, ==, 2022);
  g_assert_cmpstr (alias->user, ==, "system");
  g_assert_cmpstr (alias->identity_files[0], ==, expected);
  g_assert_cmpstr (alias->user_known_hosts_files[0], ==, known_hosts);
}

static void
test_caller_wins (void)
{
  g_autoptr (OrielSshConfig) config = lookup_full ("exact.example.com", "bob", 2299);

  g_assert_cmpstr (config->user, ==, "bob");
  g_assert_cmpint (config->port, ==, 2299);
  g_assert_cmpstr (config->hostname, ==, "192.0.2.20");
}

static void
test_quoting (void)
{
  g_autoptr (OrielSshConfig) config = lookup ("quoting");

  g_assert_cmpstr (config->user, ==, "Jane Doe");
  assert_identity_files (config, "my keys/id", "escaped space/id", ".ssh/id_exact", ".ssh/id_all",
                         ".ssh/id_system", NULL);
}

static void
test_match_skipped (void)
{
  g_autoptr (OrielSshConfig) match = lookup ("match.example.com");
  g_autoptr (OrielSshConfig) exact = lookup ("exact.example.com");

  /* the Match block would set User from-match and Port 9999 */
  g_assert_cmpstr (match->user, ==, "wildcard");
  g_assert_cmpint (match->port, ==, 22);
  g_assert_cmpint (exact->port, ==, 2201);
}

/* A FIFO would block a reader for ever; found by the fuzzer. */
static void
test_include_fifo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("oriel-ssh-config-XXXXXX", NULL);
  g_autofree char *config_path = g_build_filename (dir, "config", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  const char *const paths[] = { config_path, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielSshConfig) config = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_true (g_file_set_contents (config_path, "Include fifo\nUser ok\n", -1, NULL));
  config = oriel_ssh_config_lookup (paths, "x", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->user, ==, "ok");
  g_unlink (fifo);
  g_unlink (config_path);
  g_rmdir (dir);
}

static void
test_malformed (void)
{
  g_autofree char *path = fixture_path ("malformed");
  const char *const paths[] = { path, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielSshConfig) config = oriel_ssh_config_lookup (paths, "host", NULL, &error);

  g_assert_no_error (error);
  /* the broken lines are skipped, and the first good values win */
  g_assert_cmpint (config->port, ==, 2204);
  g_assert_cmpstr (config->user, ==, "fine");
  g_assert_cmpint (config->hash_known_hosts, ==, 1);
  g_assert_cmpint (config->connect_timeout, ==, 300);
  assert_identity_files (config, ".ssh/id_fine", NULL);
}

static void
test_missing (void)
{
  g_autofree char *missing = fixture_path ("no-such-config");
  const char *const paths[] = { missing, "/nonexistent/oriel/ssh_config", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielSshConfig) config = oriel_ssh_config_lookup (paths, "Some.Host", NULL, &error);
  g_autoptr (OrielSshConfig) copy = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (config->hostname, ==, "some.host");
  g_assert_null (config->user);
  g_assert_cmpint (config->port, ==, 0);
  g_assert_cmpuint (g_strv_length (config->identity_files), ==, 0);
  g_assert_cmpuint (g_strv_length (config->user_known_hosts_files), ==, 0);
  g_assert_cmpint (config->hash_known_hosts, ==, -1);
  g_assert_cmpint (config->connect_timeout, ==, -1);
  g_assert_cmpint (config->server_alive_interval, ==, -1);

  copy = oriel_ssh_config_copy (config);
  g_assert_cmpstr (copy->hostname, ==, "some.host");
  g_assert_nonnull (copy->identity_files);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tunnel/ssh-config/exact", test_exact);
  g_test_add_func ("/tunnel/ssh-config/identity-files", test_identity_files);
  g_test_add_func ("/tunnel/ssh-config/precedence", test_precedence);
  g_test_add_func ("/tunnel/ssh-config/negation", test_negation);
  g_test_add_func ("/tunnel/ssh-config/case", test_case);
  g_test_add_func ("/tunnel/ssh-config/include", test_include);
  g_test_add_func ("/tunnel/ssh-config/include/system", test_include_system);
  g_test_add_func ("/tunnel/ssh-config/include/loop", test_include_loop);
  g_test_add_func ("/tunnel/ssh-config/include/folder", test_include_folder);
  g_test_add_func ("/tunnel/ssh-config/include/fifo", test_include_fifo);
  g_test_add_func ("/tunnel/ssh-config/tokens", test_tokens);
  g_test_add_func ("/tunnel/ssh-config/tokens/port-user", test_tokens_port_user);
  g_test_add_func ("/tunnel/ssh-config/caller-wins", test_caller_wins);
  g_test_add_func ("/tunnel/ssh-config/quoting", test_quoting);
  g_test_add_func ("/tunnel/ssh-config/match-skipped", test_match_skipped);
  g_test_add_func ("/tunnel/ssh-config/malformed", test_malformed);
  g_test_add_func ("/tunnel/ssh-config/missing", test_missing);
  return g_test_run ();
}
