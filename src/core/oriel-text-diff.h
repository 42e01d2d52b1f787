#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lines of @before and @after compared, as unified-diff hunks ("@@ ... @@",
 * then lines prefixed with ' ', '-' or '+'); "" when they are equal. */
char *oriel_text_diff (const char *before,
                       const char *after,
                       guint       context);

G_END_DECLS
