/* known_hosts files: a line a person or another tool wrote. */
#include "fuzz-common.h"
#include "oriel-known-hosts.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const guint8 key_bytes[] = "\0\0\0\x0bssh-ed25519\0\0\0\x20" "0123456789abcdef0123456789abcdef";
  g_autofree char *text = fuzz_string (data, size);
  g_autoptr (OrielKnownHosts) hosts = oriel_known_hosts_new ();
  g_autoptr (GBytes) key = g_bytes_new_static (key_bytes, sizeof key_bytes - 1);
  static const char * const names[] = { "example.org", "127.0.0.1", "[host]:2222", "", NULL };

  oriel_known_hosts_load_data (hosts, text, "fuzz");
  for (guint i = 0; names[i]; i++)
    {
      g_autoptr (OrielKnownHostsEntry) conflict = NULL;

      g_strfreev (oriel_known_hosts_get_key_types (hosts, names[i], 22));
      oriel_known_hosts_check (hosts, names[i], i == 2 ? 2222 : 22, "ssh-ed25519", key, &conflict);
    }
  return 0;
}
