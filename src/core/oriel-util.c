#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <unistd.h>

#include "oriel-util.h"

/* For tasks that return an fd and do not check their cancellable (so the
 * fd is not lost): an fd that arrives after cancellation is closed here,
 * and the caller sees G_IO_ERROR_CANCELLED. */
int
oriel_task_propagate_fd (GTask *task, GError **error)
{
  int fd = (int) g_task_propagate_int (task, error);

  if (fd >= 0 && g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), error))
    {
      close (fd);
      return -1;
    }
  return fd;
}
