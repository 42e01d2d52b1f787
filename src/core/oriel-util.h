#pragma once

#include <gio/gio.h>
#include <string.h>

G_BEGIN_DECLS

/* g_set_str() arrived in GLib 2.76; Debian 12 has 2.74. */
static inline gboolean
oriel_set_str (char **str_pointer, const char *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;
  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;
  return TRUE;
}

/* Frees a string that held a secret, overwriting it first so the freed
 * memory keeps no copy (explicit_bzero: the compiler may not drop it). */
static inline void
oriel_secret_free (char *secret)
{
  if (secret != NULL)
    explicit_bzero (secret, strlen (secret));
  g_free (secret);
}

static inline void
oriel_secret_clear (char **secret)
{
  oriel_secret_free (*secret);
  *secret = NULL;
}

int oriel_task_propagate_fd (GTask   *task,
                             GError **error);

G_END_DECLS
