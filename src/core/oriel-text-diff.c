#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include "oriel-text-diff.h"

/* GLib has no diff; domain XML is a few hundred lines, so a plain
 * longest-common-subsequence table over the lines that differ is enough. */

typedef struct
{
  char op;               /* ' ', '-', '+' */
  const char *line;
  guint a, b;            /* 1-based line numbers before and after */
} Edit;

static void
flush_hunk (GString *out, GArray *edits, guint from, guint to)
{
  guint a_start = 0, b_start = 0, a_len = 0, b_len = 0;

  for (guint i = from; i < to; i++)
    {
      Edit *e = &g_array_index (edits, Edit, i);

      if (e->op != '+')
        {
          if (a_len++ == 0)
            a_start = e->a;
        }
      if (e->op != '-')
        {
          if (b_len++ == 0)
            b_start = e->b;
        }
    }
  if (a_len == 0)
    a_start = g_array_index (edits, Edit, from).a - 1;
  if (b_len == 0)
    b_start = g_array_index (edits, Edit, from).b - 1;
  g_string_append_printf (out, "@@ -%u,%u +%u,%u @@\n", a_start, a_len, b_start, b_len);
  for (guint i = from; i < to; i++)
    {
      Edit *e = &g_array_index (edits, Edit, i);

      g_string_append_printf (out, "%c%s\n", e->op, e->line);
    }
}

char *
oriel_text_diff (const char *before, const char *after, guint context)
{
  g_auto (GStrv) a = g_strsplit (before, "\n", -1);
  g_auto (GStrv) b = g_strsplit (after, "\n", -1);
  guint n = g_strv_length (a), m = g_strv_length (b);
  guint pre = 0, suf = 0, rows, cols, i, j;
  g_autofree guint *lcs = NULL;
  g_autoptr (GArray) edits = g_array_new (FALSE, FALSE, sizeof (Edit));
  GString *out = g_string_new (NULL);
  guint start = G_MAXUINT, last_change = 0;

  while (pre < n && pre < m && g_str_equal (a[pre], b[pre]))
    pre++;
  while (suf < n - pre && suf < m - pre && g_str_equal (a[n - 1 - suf], b[m - 1 - suf]))
    suf++;
  rows = n - pre - suf;
  cols = m - pre - suf;
  lcs = g_new0 (guint, (gsize) (rows + 1) * (cols + 1));
#define L(x, y) lcs[(gsize) (x) * (cols + 1) + (y)]
  for (i = rows; i-- > 0;)
    for (j = cols; j-- > 0;)
      L (i, j) = g_str_equal (a[pre + i], b[pre + j]) ? L (i + 1, j + 1) + 1
                 : MAX (L (i + 1, j), L (i, j + 1));

  for (i = 0; i < pre; i++)
    g_array_append_val (edits, ((Edit) { ' ', a[i], i + 1, i + 1 }));
  i = j = 0;
  while (i < rows || j < cols)
    {
      if (i < rows && j < cols && g_str_equal (a[pre + i], b[pre + j]))
        {
          g_array_append_val (edits, ((Edit) { ' ', a[pre + i], pre + i + 1, pre + j + 1 }));
          i++, j++;
        }
      else if (i < rows && (j == cols || L (i + 1, j) >= L (i, j + 1)))
        {
          g_array_append_val (edits, ((Edit) { '-', a[pre + i], pre + i + 1, pre + j + 1 }));
          i++;
        }
      else
        {
          g_array_append_val (edits, ((Edit) { '+', b[pre + j], pre + i + 1, pre + j + 1 }));
          j++;
        }
    }
#undef L
  for (i = 0; i < suf; i++)
    g_array_append_val (edits, ((Edit) { ' ', a[n - suf + i], n - suf + i + 1, m - suf + i + 1 }));

  /* Group changes whose context overlaps into hunks. */
  for (i = 0; i < edits->len; i++)
    {
      if (g_array_index (edits, Edit, i).op == ' ')
        continue;
      if (start != G_MAXUINT && i > last_change + 2 * context + 1)
        {
          flush_hunk (out, edits, start, MIN (last_change + context + 1, edits->len));
          start = G_MAXUINT;
        }
      if (start == G_MAXUINT)
        start = i > context ? i - context : 0;
      last_change = i;
    }
  if (start != G_MAXUINT)
    flush_hunk (out, edits, start, MIN (last_change + context + 1, edits->len));
  return g_string_free (out, FALSE);
}
