#pragma once

#include <glib.h>

/* Unit tests' wait on the main loop for COND, failing by name after 20 s. */

static inline gboolean
oriel_test_wait_timeout_cb (gpointer data)
{
  g_error ("timed out waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

#define WAIT_FOR(cond)                                                            \
  G_STMT_START {                                                                  \
    guint timeout_ = g_timeout_add_seconds (20, oriel_test_wait_timeout_cb,       \
                                            (gpointer) #cond);                    \
    while (!(cond))                                                               \
      g_main_context_iteration (NULL, TRUE);                                      \
    g_source_remove (timeout_);                                                   \
  } G_STMT_END
