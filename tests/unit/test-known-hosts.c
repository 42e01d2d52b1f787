#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "oriel-error.h"
#include "oriel-known-hosts.h"

/* fixtures/known-hosts/: host-{a,b,d,r}.pub (ed25519) and host-c.pub
 * (ecdsa) come from "ssh-keygen -t ... -N ''" (the private halves were
 * thrown away); known_hosts is written by hand around them, with one of
 * every kind of line; known_hosts.hashed is a plain list hashed by
 * "ssh-keygen -H -f" (its .old copy not kept); ssh_known_hosts stands for
 * the system-wide file. The line numbers below are those of the files. */

typedef struct
{
  OrielKnownHosts *known;
  char *path;                   /* fixtures/known-hosts/known_hosts */
} Fixture;

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "known-hosts", name, NULL);
}

/* The blob of an OpenSSH .pub file: "type base64 comment". */
static GBytes *
load_key (const char *name, char **key_type)
{
  g_autofree char *path = fixture_path (name);
  g_autofree char *text = NULL;
  g_auto (GStrv) fields = NULL;
  guchar *data;
  gsize len;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  fields = g_strsplit (g_strstrip (text), " ", 3);
  g_assert_cmpuint (g_strv_length (fields), >=, 2);
  if (key_type != NULL)
    *key_type = g_strdup (fields[0]);
  data = g_base64_decode (fields[1], &len);
  return g_bytes_new_take (data, len);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->known = oriel_known_hosts_new ();
  fixture->path = fixture_path ("known_hosts");
  g_assert_true (oriel_known_hosts_load_file (fixture->known, fixture->path, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->known);
  g_clear_pointer (&fixture->path, g_free);
}

static OrielHostKeyStatus
check (OrielKnownHosts *known, const char *host, guint16 port, const char *key_name,
       OrielKnownHostsEntry **conflict)
{
  g_autofree char *key_type = NULL;
  g_autoptr (GBytes) key = load_key (key_name, &key_type);

  return oriel_known_hosts_check (known, host, port, key_type, key, conflict);
}

static void
test_fingerprint (void)
{
  /* ssh-keygen -lf host-a.pub, host-c.pub */
  g_autoptr (GBytes) a = load_key ("host-a.pub", NULL);
  g_autoptr (GBytes) c = load_key ("host-c.pub", NULL);
  g_autofree char *fa = oriel_host_key_fingerprint (a);
  g_autofree char *fc = oriel_host_key_fingerprint (c);

  g_assert_cmpstr (fa, ==, "SHA256:9k9nkKP8dwmyjWHSVTACJNlTB25SOgao04Lvt+9TsX4");
  g_assert_cmpstr (fc, ==, "SHA256:1amInPNqazU3NmAR1e6AYeBL6yDJuOZiHXc56DdnnZ8");
}

static void
test_match (Fixture *fixture, gconstpointer data)
{
  OrielKnownHostsEntry *conflict = (gpointer) 0x1;

  g_assert_cmpint (check (fixture->known, "server.example.com", 22, "host-a.pub", &conflict), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_null (conflict);
  /* the second name on the line, names are case-insensitive, 0 is 22 */
  g_assert_cmpint (check (fixture->known, "192.0.2.10", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (fixture->known, "Server.Example.COM", 0, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (fixture->known, "ecdsa.example.com", 22, "host-c.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
}

static void
test_unknown (Fixture *fixture, gconstpointer data)
{
  OrielKnownHostsEntry *conflict = NULL;

  g_assert_cmpint (check (fixture->known, "nowhere.example.com", 22, "host-a.pub", &conflict),
                   ==, ORIEL_HOST_KEY_UNKNOWN);
  g_assert_null (conflict);
  /* a known host with a key of a type not yet known: not a changed key */
  g_assert_cmpint (check (fixture->known, "server.example.com", 22, "host-c.pub", &conflict), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
  g_assert_null (conflict);
  /* a name is not a pattern for longer names */
  g_assert_cmpint (check (fixture->known, "server.example.com.evil", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
}

static void
test_changed (Fixture *fixture, gconstpointer data)
{
  g_autoptr (OrielKnownHostsEntry) conflict = NULL;
  g_autoptr (GBytes) a = load_key ("host-a.pub", NULL);

  g_assert_cmpint (check (fixture->known, "server.example.com", 22, "host-b.pub", &conflict), ==,
                   ORIEL_HOST_KEY_CHANGED);
  g_assert_nonnull (conflict);
  g_assert_cmpstr (conflict->file, ==, fixture->path);
  g_assert_cmpuint (conflict->line, ==, 2);
  g_assert_cmpstr (conflict->key_type, ==, "ssh-ed25519");
  g_assert_true (g_bytes_equal (conflict->key, a));
}

static void
test_several_lines (Fixture *fixture, gconstpointer data)
{
  g_autoptr (OrielKnownHostsEntry) conflict = NULL;

  /* lines 7 and 8: either key is fine, a third is a change from the first */
  g_assert_cmpint (check (fixture->known, "multi.example.com", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (fixture->known, "multi.example.com", 22, "host-b.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (fixture->known, "multi.example.com", 22, "host-d.pub", &conflict), ==,
                   ORIEL_HOST_KEY_CHANGED);
  g_assert_cmpuint (conflict->line, ==, 7);
}

static void
test_revoked (Fixture *fixture, gconstpointer data)
{
  g_autoptr (OrielKnownHostsEntry) any = NULL;
  g_autoptr (OrielKnownHostsEntry) here = NULL;
  g_autoptr (GBytes) b = load_key ("host-b.pub", NULL);

  /* "@revoked *" (line 10): for every host, known or not, any port */
  g_assert_cmpint (check (fixture->known, "nowhere.example.com", 2022, "host-r.pub", &any), ==,
                   ORIEL_HOST_KEY_REVOKED);
  g_assert_cmpstr (any->file, ==, fixture->path);
  g_assert_cmpuint (any->line, ==, 10);

  /* line 11 revokes key b for one host; line 12 also lists it as that
   * host's key: revoked wins over the match */
  g_assert_cmpint (check (fixture->known, "revoked-here.example.com", 22, "host-b.pub", &here), ==,
                   ORIEL_HOST_KEY_REVOKED);
  g_assert_cmpuint (here->line, ==, 11);
  g_assert_true (g_bytes_equal (here->key, b));

  /* ... and only for the hosts of its pattern, as in OpenSSH */
  g_assert_cmpint (check (fixture->known, "multi.example.com", 22, "host-b.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
}

static void
test_port (Fixture *fixture, gconstpointer data)
{
  g_autoptr (OrielKnownHostsEntry) conflict = NULL;

  /* line 3: [server.example.com]:2222 has key b */
  g_assert_cmpint (check (fixture->known, "server.example.com", 2222, "host-b.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (fixture->known, "server.example.com", 2222, "host-a.pub", &conflict),
                   ==, ORIEL_HOST_KEY_CHANGED);
  g_assert_cmpuint (conflict->line, ==, 3);
  /* the port-22 key does not vouch for another port, nor the other way */
  g_assert_cmpint (check (fixture->known, "server.example.com", 2223, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
  g_assert_cmpint (check (fixture->known, "192.0.2.10", 2222, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
}

static void
test_patterns (Fixture *fixture, gconstpointer data)
{
  /* line 5: *.wild.example.com,!bad.wild.example.com */
  g_assert_cmpint (check (fixture->known, "foo.wild.example.com", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (fixture->known, "a.b.wild.example.com", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (fixture->known, "bad.wild.example.com", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
  g_assert_cmpint (check (fixture->known, "wild.example.com", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
  /* patterns see the whole "[host]:port" string, as in OpenSSH: this one
   * does not end in ".wild.example.com" (but "@revoked *" matches it) */
  g_assert_cmpint (check (fixture->known, "foo.wild.example.com", 2200, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
  /* line 6: node?.example.org */
  g_assert_cmpint (check (fixture->known, "node1.example.org", 22, "host-b.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (fixture->known, "node12.example.org", 22, "host-b.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
}

static void
test_cert_authority (Fixture *fixture, gconstpointer data)
{
  /* line 13 is a CA key for *.ca.example.com: it vouches for certificates,
   * not for a plain host key that happens to be the CA's */
  g_assert_cmpint (check (fixture->known, "x.ca.example.com", 22, "host-d.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
}

static void
test_malformed (Fixture *fixture, gconstpointer data)
{
  g_auto (GStrv) types = NULL;

  /* lines 15 to 19 are broken and skipped; line 20 after them is read */
  types = oriel_known_hosts_get_key_types (fixture->known, "broken.example.com", 22);
  g_assert_cmpuint (g_strv_length (types), ==, 0);
  g_assert_cmpint (check (fixture->known, "missing-key.example.com", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
  /* the line says ssh-rsa but the key is ed25519 */
  g_assert_cmpint (check (fixture->known, "mismatch.example.com", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
  g_assert_cmpint (check (fixture->known, "marked.example.com", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
  g_assert_cmpint (check (fixture->known, "after-bad.example.com", 22, "host-d.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
}

static void
test_key_types (Fixture *fixture, gconstpointer data)
{
  g_auto (GStrv) server = oriel_known_hosts_get_key_types (fixture->known, "server.example.com", 22);
  g_auto (GStrv) ecdsa = oriel_known_hosts_get_key_types (fixture->known, "ecdsa.example.com", 22);
  g_auto (GStrv) multi = oriel_known_hosts_get_key_types (fixture->known, "multi.example.com", 22);
  g_auto (GStrv) ca = oriel_known_hosts_get_key_types (fixture->known, "x.ca.example.com", 22);
  g_auto (GStrv) both = NULL;
  g_autoptr (GBytes) c = load_key ("host-c.pub", NULL);
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (c, NULL), g_bytes_get_size (c));
  g_autofree char *line = NULL;
  const char *const expect_ed25519[] = { "ssh-ed25519", NULL };
  const char *const expect_ecdsa[] = { "ecdsa-sha2-nistp256", NULL };
  const char *const expect_both[] = { "ssh-ed25519", "ecdsa-sha2-nistp256", NULL };

  g_assert_cmpstrv (server, expect_ed25519);
  g_assert_cmpstrv (ecdsa, expect_ecdsa);
  g_assert_cmpstrv (multi, expect_ed25519);     /* once, though on two lines */
  g_assert_cmpuint (g_strv_length (ca), ==, 0); /* @revoked and @cert-authority don't count */

  line = g_strdup_printf ("server.example.com ecdsa-sha2-nistp256 %s\n", b64);
  oriel_known_hosts_load_data (fixture->known, line, "extra");
  both = oriel_known_hosts_get_key_types (fixture->known, "server.example.com", 22);
  g_assert_cmpstrv (both, expect_both);
}

static void
test_several_files (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (OrielKnownHostsEntry) conflict = NULL;
  g_autofree char *global = fixture_path ("ssh_known_hosts");
  g_autofree char *missing = fixture_path ("no-such-file");

  g_assert_true (oriel_known_hosts_load_file (fixture->known, missing, &error));
  g_assert_no_error (error);
  g_assert_true (oriel_known_hosts_load_file (fixture->known, global, &error));
  g_assert_no_error (error);

  /* either file's key is good; a change is reported from the first file */
  g_assert_cmpint (check (fixture->known, "server.example.com", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (fixture->known, "server.example.com", 22, "host-d.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (fixture->known, "global.example.com", 22, "host-c.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (fixture->known, "server.example.com", 22, "host-b.pub", &conflict), ==,
                   ORIEL_HOST_KEY_CHANGED);
  g_assert_cmpstr (conflict->file, ==, fixture->path);
  g_assert_cmpuint (conflict->line, ==, 2);
  g_clear_pointer (&conflict, oriel_known_hosts_entry_free);

  g_assert_cmpint (check (fixture->known, "global.example.com", 22, "host-d.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
  g_assert_cmpint (check (fixture->known, "global.example.com", 22, "host-r.pub", &conflict), ==,
                   ORIEL_HOST_KEY_REVOKED);
  g_assert_cmpstr (conflict->file, ==, fixture->path);
}

static void
test_unreadable (void)
{
  g_autoptr (OrielKnownHosts) known = oriel_known_hosts_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = fixture_path ("");

  /* a folder where the file should be */
  g_assert_false (oriel_known_hosts_load_file (known, dir, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, dir));
}

static void
test_hashed (void)
{
  g_autoptr (OrielKnownHosts) known = oriel_known_hosts_new ();
  g_autoptr (OrielKnownHostsEntry) conflict = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = fixture_path ("known_hosts.hashed");
  g_auto (GStrv) types = NULL;

  g_assert_true (oriel_known_hosts_load_file (known, path, &error));
  g_assert_no_error (error);

  g_assert_cmpint (check (known, "hashed.example.com", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (known, "HASHED.example.com", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (known, "hashed.example.com", 22, "host-b.pub", &conflict), ==,
                   ORIEL_HOST_KEY_CHANGED);
  g_assert_cmpstr (conflict->file, ==, path);
  g_assert_cmpuint (conflict->line, ==, 1);
  g_assert_cmpint (check (known, "hashed.example.com", 2200, "host-b.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (known, "hashed.example.com", 2201, "host-b.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
  g_assert_cmpint (check (known, "10.0.0.5", 22, "host-c.pub", NULL), ==, ORIEL_HOST_KEY_MATCH);
  /* ssh-keygen -H split "multi-a.example.com,multi-b.example.com" in two */
  g_assert_cmpint (check (known, "multi-a.example.com", 22, "host-d.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (known, "multi-b.example.com", 22, "host-d.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (known, "multi-c.example.com", 22, "host-d.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);
  types = oriel_known_hosts_get_key_types (known, "10.0.0.5", 22);
  g_assert_cmpuint (g_strv_length (types), ==, 1);
  g_assert_cmpstr (types[0], ==, "ecdsa-sha2-nistp256");
}

static void
test_load_data (void)
{
  g_autoptr (OrielKnownHosts) known = oriel_known_hosts_new ();
  g_autoptr (OrielKnownHostsEntry) conflict = NULL;
  g_autoptr (GBytes) b = load_key ("host-b.pub", NULL);
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (b, NULL), g_bytes_get_size (b));
  g_autofree char *data = NULL;

  /* CRLF line ends, a tab between fields, a last line without a newline */
  data = g_strdup_printf ("# comment\r\n\r\ncrlf.example.com\tssh-ed25519 %s comment\r\n"
                          "nonl.example.com ssh-ed25519 %s",
                          b64, b64);
  oriel_known_hosts_load_data (known, data, "data");
  g_assert_cmpint (check (known, "crlf.example.com", 22, "host-b.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (known, "nonl.example.com", 22, "host-a.pub", &conflict), ==,
                   ORIEL_HOST_KEY_CHANGED);
  g_assert_cmpstr (conflict->file, ==, "data");
  g_assert_cmpuint (conflict->line, ==, 4);
}

/* Append tests work in a private copy of the fixture. */
typedef struct
{
  char *dir;
  char *path;
  char *before;
  gsize before_len;
} AppendFixture;

static void
append_set_up (AppendFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *source = fixture_path ("known_hosts");

  fixture->dir = g_dir_make_tmp ("oriel-known-hosts-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "known_hosts", NULL);
  g_assert_true (g_file_get_contents (source, &fixture->before, &fixture->before_len, NULL));
  g_assert_true (g_file_set_contents (fixture->path, fixture->before, fixture->before_len, NULL));
}

static void
append_tear_down (AppendFixture *fixture, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autoptr (GDir) sub = g_dir_open (path, 0, NULL);

      while (sub != NULL && (name = g_dir_read_name (sub)) != NULL)
        {
          g_autofree char *inner = g_build_filename (path, name, NULL);
          g_unlink (inner);
        }
      if (sub != NULL)
        g_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->before);
}

/* The file is what it was plus exactly one line; returns that line. */
static char *
appended_line (AppendFixture *fixture)
{
  g_autofree char *after = NULL;
  gsize after_len;
  const char *added;

  g_assert_true (g_file_get_contents (fixture->path, &after, &after_len, NULL));
  g_assert_cmpuint (after_len, >, fixture->before_len);
  g_assert_cmpmem (after, fixture->before_len, fixture->before, fixture->before_len);
  added = after + fixture->before_len;
  g_assert_cmpint (after[after_len - 1], ==, '\n');
  g_assert_null (memchr (added, '\n', after_len - fixture->before_len - 1));
  return g_strndup (added, after_len - fixture->before_len - 1);
}

static void
test_append_plain (AppendFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) c = load_key ("host-c.pub", NULL);
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (OrielKnownHosts) known = oriel_known_hosts_new ();
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (c, NULL), g_bytes_get_size (c));

  g_assert_true (oriel_known_hosts_append (fixture->path, "New.Example.com", 2022,
                                           "ecdsa-sha2-nistp256", c, FALSE, &error));
  g_assert_no_error (error);
  line = appended_line (fixture);
  expected = g_strdup_printf ("[new.example.com]:2022 ecdsa-sha2-nistp256 %s", b64);
  g_assert_cmpstr (line, ==, expected);

  g_assert_true (oriel_known_hosts_load_file (known, fixture->path, &error));
  g_assert_cmpint (check (known, "new.example.com", 2022, "host-c.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
}

static void
test_append_hashed (AppendFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) d = load_key ("host-d.pub", NULL);
  g_autoptr (OrielKnownHosts) known = oriel_known_hosts_new ();
  g_autofree char *line = NULL;
  g_autofree char *second = NULL;
  g_auto (GStrv) fields = NULL;
  g_autofree char *keygen = g_find_program_in_path ("ssh-keygen");

  g_assert_true (oriel_known_hosts_append (fixture->path, "secret.example.com", 22, "ssh-ed25519",
                                           d, TRUE, &error));
  g_assert_no_error (error);
  line = appended_line (fixture);
  g_assert_true (g_str_has_prefix (line, "|1|"));
  g_assert_null (strstr (line, "secret"));
  fields = g_strsplit (line, " ", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 3);
  g_assert_cmpstr (fields[1], ==, "ssh-ed25519");

  g_assert_true (oriel_known_hosts_load_file (known, fixture->path, &error));
  g_assert_cmpint (check (known, "secret.example.com", 22, "host-d.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
  g_assert_cmpint (check (known, "secret.example.com", 2222, "host-d.pub", NULL), ==,
                   ORIEL_HOST_KEY_UNKNOWN);

  /* a fresh salt each time: the same host hashes differently */
  g_free (fixture->before);
  g_assert_true (g_file_get_contents (fixture->path, &fixture->before, &fixture->before_len,
                                      NULL));
  g_assert_true (oriel_known_hosts_append (fixture->path, "secret.example.com", 2222,
                                           "ssh-ed25519", d, TRUE, &error));
  second = appended_line (fixture);
  g_assert_cmpstr (strchr (second, ' '), ==, strchr (line, ' '));
  g_assert_false (strncmp (second, line, strchr (line, ' ') - line) == 0);

  /* and OpenSSH reads our hashes: ssh-keygen -F finds the new lines */
  if (keygen != NULL)
    {
      const char *argv[] = { keygen, "-F", "[secret.example.com]:2222", "-f", fixture->path, NULL };
      g_autofree char *out = NULL;
      int status;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                                   NULL, &out, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (out, second));
    }
}

static void
test_append_no_newline (AppendFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) a = load_key ("host-a.pub", NULL);
  g_autofree char *after = NULL;
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (a, NULL), g_bytes_get_size (a));
  g_autofree char *expected = NULL;

  g_free (fixture->before);
  fixture->before = g_strdup ("last.example.com ssh-ed25519 AAAA");
  fixture->before_len = strlen (fixture->before);
  g_assert_true (g_file_set_contents (fixture->path, fixture->before, -1, NULL));

  g_assert_true (oriel_known_hosts_append (fixture->path, "next.example.com", 22, "ssh-ed25519",
                                           a, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fixture->path, &after, NULL, NULL));
  expected = g_strdup_printf ("%s\nnext.example.com ssh-ed25519 %s\n", fixture->before, b64);
  g_assert_cmpstr (after, ==, expected);
}

static void
test_append_create (AppendFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) a = load_key ("host-a.pub", NULL);
  g_autofree char *dir = g_build_filename (fixture->dir, "ssh", NULL);
  g_autofree char *path = g_build_filename (dir, "known_hosts", NULL);
  g_autoptr (OrielKnownHosts) known = oriel_known_hosts_new ();
  GStatBuf st;

  g_assert_true (oriel_known_hosts_append (path, "fresh.example.com", 22, "ssh-ed25519", a, TRUE,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0700);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  g_assert_true (oriel_known_hosts_load_file (known, path, &error));
  g_assert_cmpint (check (known, "fresh.example.com", 22, "host-a.pub", NULL), ==,
                   ORIEL_HOST_KEY_MATCH);
}

static void
test_append_refused (AppendFixture *fixture, gconstpointer data)
{
  g_autoptr (GBytes) a = load_key ("host-a.pub", NULL);
  const char *bad[] = { "evil.example.com\n* ssh-ed25519", "a b", "*.example.com",
                        "!x", "a,b", "|1|x", "", NULL };
  g_autofree char *after = NULL;
  gsize after_len;

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (oriel_known_hosts_append (fixture->path, bad[i], 22, "ssh-ed25519", a, FALSE,
                                                &error));
      g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (GError) error = NULL;

      /* a key type the blob does not carry, an empty key type */
      g_assert_false (oriel_known_hosts_append (fixture->path, "ok.example.com", 22,
                                                i == 0 ? "ssh-rsa" : "", a, FALSE, &error));
      g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED);
    }
  g_assert_true (g_file_get_contents (fixture->path, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, fixture->before, fixture->before_len);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tunnel/known-hosts/fingerprint", test_fingerprint);
#define ADD(name, func) \
  g_test_add ("/tunnel/known-hosts/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("match", test_match);
  ADD ("unknown", test_unknown);
  ADD ("changed", test_changed);
  ADD ("several-lines", test_several_lines);
  ADD ("revoked", test_revoked);
  ADD ("port", test_port);
  ADD ("patterns", test_patterns);
  ADD ("cert-authority", test_cert_authority);
  ADD ("malformed", test_malformed);
  ADD ("key-types", test_key_types);
  ADD ("several-files", test_several_files);
#undef ADD
  g_test_add_func ("/tunnel/known-hosts/unreadable", test_unreadable);
  g_test_add_func ("/tunnel/known-hosts/hashed", test_hashed);
  g_test_add_func ("/tunnel/known-hosts/load-data", test_load_data);
#define ADD(name, func) \
  g_test_add ("/tunnel/known-hosts/append/" name, AppendFixture, NULL, append_set_up, func, \
              append_tear_down)
  ADD ("plain", test_append_plain);
  ADD ("hashed", test_append_hashed);
  ADD ("no-newline", test_append_no_newline);
  ADD ("create", test_append_create);
  ADD ("refused", test_append_refused);
#undef ADD
  return g_test_run ();
}
