/* libvirt URIs and SSH targets: what `-c`, saved hosts and links give. */
#include "fuzz-common.h"
#include "oriel-ssh-link.h"
#include "oriel-uri.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* No person's ~/.ssh/config: the URI alone decides. */
  g_setenv ("HOME", "/nonexistent", TRUE);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *uri = fuzz_string (data, size);
  OrielSshTarget *target;

  g_free (oriel_uri_get_host (uri));
  g_free (oriel_ssh_remote_uri (uri));
  oriel_uri_is_local (uri);
  oriel_address_is_loopback (uri);
  oriel_address_is_wildcard (uri);
  if (oriel_uri_is_ssh (uri) && (target = oriel_ssh_target_new_for_uri (uri, NULL)) != NULL)
    {
      g_free (oriel_ssh_target_describe (target));
      oriel_ssh_target_free (target);
    }
  return 0;
}
