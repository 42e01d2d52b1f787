#include "config.h"

#include <glib/gstdio.h>

#include "oriel-error.h"
#include "oriel-ssh-link.h"

static char *home;

static void
test_is_ssh (void)
{
  g_assert_true (oriel_uri_is_ssh ("qemu+ssh://root@host/system"));
  g_assert_true (oriel_uri_is_ssh ("qemu+ssh://host:2222/session"));
  g_assert_false (oriel_uri_is_ssh ("qemu:///system"));
  g_assert_false (oriel_uri_is_ssh ("qemu+tcp://host/system"));
  g_assert_false (oriel_uri_is_ssh ("qemu+libssh2://host/system"));
  g_assert_false (oriel_uri_is_ssh ("not a uri"));
}

static void
test_remote_uri (void)
{
  g_autofree char *a = oriel_ssh_remote_uri ("qemu+ssh://root@host:2222/system?keyfile=/k");
  g_autofree char *b = oriel_ssh_remote_uri ("qemu+ssh://host/session");
  g_autofree char *c = oriel_ssh_remote_uri ("qemu+ssh://host");

  g_assert_cmpstr (a, ==, "qemu:///system");
  g_assert_cmpstr (b, ==, "qemu:///session");
  g_assert_cmpstr (c, ==, "qemu:///system");
}

static void
write_config (const char *text)
{
  g_autofree char *dir = g_build_filename (home, ".ssh", NULL);
  g_autofree char *path = g_build_filename (dir, "config", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
test_target_from_config (void)
{
  g_autoptr (OrielSshTarget) target = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *identity = g_build_filename (home, ".ssh", "id_alias", NULL);
  g_autofree char *known = g_build_filename (home, ".ssh", "known_hosts", NULL);

  write_config ("Host alias\n"
                "  HostName real.example\n"
                "  User bob\n"
                "  Port 2200\n"
                "  IdentityFile ~/.ssh/id_alias\n");
  target = oriel_ssh_target_new_for_uri ("qemu+ssh://alias/system", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (target->host, ==, "alias");
  g_assert_cmpstr (target->hostname, ==, "real.example");
  g_assert_cmpstr (target->user, ==, "bob");
  g_assert_cmpuint (target->port, ==, 2200);
  g_assert_cmpstr (target->identity_files[0], ==, identity);
  g_assert_null (target->identity_files[1]);
  g_assert_cmpstr (target->known_hosts_files[0], ==, known);
}

/* What the URI says beats the config, as with ssh's own command line. */
static void
test_target_uri_wins (void)
{
  g_autoptr (OrielSshTarget) target = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *identity = g_build_filename (home, ".ssh", "id_alias", NULL);
  g_autofree char *label = NULL;

  write_config ("Host alias\n  HostName real.example\n  User bob\n  Port 2200\n"
                "  IdentityFile ~/.ssh/id_alias\n");
  target = oriel_ssh_target_new_for_uri (
    "qemu+ssh://carol@alias:2300/system?keyfile=/keys/k&known_hosts=/keys/known", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (target->user, ==, "carol");
  g_assert_cmpuint (target->port, ==, 2300);
  g_assert_cmpstr (target->identity_files[0], ==, "/keys/k");
  g_assert_cmpstr (target->identity_files[1], ==, identity);
  g_assert_cmpstr (target->known_hosts_files[0], ==, "/keys/known");
  g_assert_null (target->known_hosts_files[1]);
  label = oriel_ssh_target_describe (target);
  g_assert_cmpstr (label, ==, "carol@real.example:2300");
}

/* Without any IdentityFile or keyfile=, ssh's default key names. */
static void
test_target_defaults (void)
{
  g_autoptr (OrielSshTarget) target = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *ed25519 = g_build_filename (home, ".ssh", "id_ed25519", NULL);
  g_autofree char *label = NULL;

  write_config ("");
  target = oriel_ssh_target_new_for_uri ("qemu+ssh://dave@hv.example/system", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (target->hostname, ==, "hv.example");
  g_assert_cmpuint (target->port, ==, 22);
  g_assert_cmpstr (target->identity_files[0], ==, ed25519);
  g_assert_cmpuint (g_strv_length (target->identity_files), ==, 3);
  label = oriel_ssh_target_describe (target);
  g_assert_cmpstr (label, ==, "dave@hv.example");
}

static void
test_target_no_host (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielSshTarget) target = oriel_ssh_target_new_for_uri ("qemu+ssh:///system", &error);

  g_assert_null (target);
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "qemu+ssh://[user@]host"));
}

int
main (int argc, char *argv[])
{
  int status;
  g_autofree char *command = NULL;

  /* a home of the test's own: ~/.ssh/config is what each test writes */
  home = g_dir_make_tmp ("oriel-ssh-uri-XXXXXX", NULL);
  g_setenv ("HOME", home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tunnel/ssh-uri/is-ssh", test_is_ssh);
  g_test_add_func ("/tunnel/ssh-uri/remote-uri", test_remote_uri);
  g_test_add_func ("/tunnel/ssh-uri/target-from-config", test_target_from_config);
  g_test_add_func ("/tunnel/ssh-uri/target-uri-wins", test_target_uri_wins);
  g_test_add_func ("/tunnel/ssh-uri/target-defaults", test_target_defaults);
  g_test_add_func ("/tunnel/ssh-uri/target-no-host", test_target_no_host);
  status = g_test_run ();

  command = g_strdup_printf ("rm -rf %s", home);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  return status;
}
