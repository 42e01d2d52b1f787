#define G_LOG_DOMAIN "oriel-console"

#include "config.h"

#include "oriel-display-vte.h"

/* A text console as just another display: a VTE terminal fed with what the
 * guest writes; what a person types goes out through ::input. */
struct _OrielDisplayVte
{
  OrielDisplay parent_instance;

  VteTerminal *terminal;
};

G_DEFINE_FINAL_TYPE (OrielDisplayVte, oriel_display_vte, ORIEL_TYPE_DISPLAY)

enum
{
  INPUT,
  OUTPUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* PCRE2_CASELESS, without pulling in pcre2.h for one flag */
#define SEARCH_CASELESS 0x00000008u

static void
commit_cb (VteTerminal *terminal, const char *text, guint size, OrielDisplayVte *self)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, size);

  g_signal_emit (self, signals[INPUT], 0, bytes);
}

void
oriel_display_vte_feed (OrielDisplayVte *self, GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_return_if_fail (ORIEL_IS_DISPLAY_VTE (self));
  vte_terminal_feed (self->terminal, data, (gssize) size);
  g_signal_emit (self, signals[OUTPUT], 0, bytes);
}

/* Finds @text (plain, any case) in the scrollback, wrapping around. */
gboolean
oriel_display_vte_search (OrielDisplayVte *self, const char *text, gboolean backwards)
{
  g_autofree char *pattern = NULL;
  VteRegex *regex;

  g_return_val_if_fail (ORIEL_IS_DISPLAY_VTE (self), FALSE);

  if (text == NULL || *text == '\0')
    {
      vte_terminal_search_set_regex (self->terminal, NULL, 0);
      return FALSE;
    }
  pattern = g_regex_escape_string (text, -1);
  regex = vte_regex_new_for_search (pattern, -1, SEARCH_CASELESS, NULL);
  vte_terminal_search_set_regex (self->terminal, regex, 0);
  vte_terminal_search_set_wrap_around (self->terminal, TRUE);
  if (regex != NULL)
    vte_regex_unref (regex);
  return backwards ? vte_terminal_search_find_previous (self->terminal)
                   : vte_terminal_search_find_next (self->terminal);
}

/* direction: +1 bigger, -1 smaller, 0 back to normal */
void
oriel_display_vte_zoom (OrielDisplayVte *self, int direction)
{
  double scale = vte_terminal_get_font_scale (self->terminal);

  if (direction > 0)
    scale *= 1.2;
  else if (direction < 0)
    scale /= 1.2;
  else
    scale = 1.0;
  vte_terminal_set_font_scale (self->terminal, CLAMP (scale, 0.25, 4.0));
}

/* The whole scrollback as text, to a file a person chose. */
gboolean
oriel_display_vte_save_log (OrielDisplayVte *self, GFile *file, GError **error)
{
  g_autoptr (GFileOutputStream) out = NULL;

  g_return_val_if_fail (ORIEL_IS_DISPLAY_VTE (self), FALSE);

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error);
  if (out == NULL)
    return FALSE;
  if (!vte_terminal_write_contents_sync (self->terminal, G_OUTPUT_STREAM (out),
                                         VTE_WRITE_DEFAULT, NULL, error))
    return FALSE;
  return g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error);
}

/* Returns: (transfer full): the text on screen and in the scrollback. */
char *
oriel_display_vte_get_text (OrielDisplayVte *self)
{
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();

  g_return_val_if_fail (ORIEL_IS_DISPLAY_VTE (self), NULL);

  if (!vte_terminal_write_contents_sync (self->terminal, out, VTE_WRITE_DEFAULT, NULL, NULL))
    return g_strdup ("");
  g_output_stream_write (out, "", 1, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

VteTerminal *
oriel_display_vte_get_terminal (OrielDisplayVte *self)
{
  g_return_val_if_fail (ORIEL_IS_DISPLAY_VTE (self), NULL);
  return self->terminal;
}

/* The Send Key menu's combinations mean nothing on a serial line. */
static void
oriel_display_vte_send_keys (OrielDisplay *display, const guint *keyvals, guint n_keyvals)
{
  g_debug ("Key combinations are not sent to a text console");
}

static GdkPixbuf *
oriel_display_vte_get_pixbuf (OrielDisplay *display)
{
  return NULL;
}

static void
oriel_display_vte_class_init (OrielDisplayVteClass *klass)
{
  OrielDisplayClass *display_class = ORIEL_DISPLAY_CLASS (klass);

  display_class->send_keys = oriel_display_vte_send_keys;
  display_class->get_pixbuf = oriel_display_vte_get_pixbuf;

  /* what a person typed, for the guest */
  signals[INPUT] = g_signal_new ("input", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
  /* what the guest sent, as shown (for logging and measuring) */
  signals[OUTPUT] = g_signal_new ("output", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
}

static void
oriel_display_vte_init (OrielDisplayVte *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);

  self->terminal = VTE_TERMINAL (vte_terminal_new ());
  vte_terminal_set_scrollback_lines (self->terminal, 10000);
  vte_terminal_set_scroll_on_output (self->terminal, TRUE);
  vte_terminal_set_scroll_on_keystroke (self->terminal, TRUE);
  g_signal_connect_object (self->terminal, "commit", G_CALLBACK (commit_cb), self, 0);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_ALWAYS);
  gtk_container_add (GTK_CONTAINER (scrolled), GTK_WIDGET (self->terminal));
  gtk_container_add (GTK_CONTAINER (self), scrolled);
  gtk_widget_show_all (scrolled);
  oriel_display_set_ready (ORIEL_DISPLAY (self), TRUE);
}

OrielDisplay *
oriel_display_vte_new (void)
{
  return g_object_new (ORIEL_TYPE_DISPLAY_VTE, NULL);
}
