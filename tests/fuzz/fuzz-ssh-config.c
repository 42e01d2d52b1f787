/* ~/.ssh/config: Host patterns, keywords and their arguments. */
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz-common.h"
#include "oriel-ssh-config.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_setenv ("HOME", "/nonexistent", TRUE);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* The reader takes paths: an in-memory file stands in for one. */
  int fd = memfd_create ("ssh_config", MFD_CLOEXEC);
  g_autofree char *path = g_strdup_printf ("/proc/self/fd/%d", fd);
  const char *paths[] = { path, NULL };
  static const char * const hosts[] = { "example.org", "lab", "10.0.0.1", NULL };

  if (fd < 0)
    return 0;
  if (write (fd, data, size) == (ssize_t) size)
    for (guint i = 0; hosts[i]; i++)
      oriel_ssh_config_free (oriel_ssh_config_lookup_full (paths, hosts[i], i ? NULL : "root",
                                                           i == 2 ? 2222 : 0, NULL));
  close (fd);
  return 0;
}
