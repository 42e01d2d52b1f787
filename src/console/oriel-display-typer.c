#define G_LOG_DOMAIN "oriel-console"

#include "config.h"

#include "oriel-display-typer.h"

/* The keys that make @c on a keyboard with this computer's layout: the
 * key itself, with Shift (or AltGr) held when it is on a shifted level.
 * The protocol libraries turn keyvals into key codes through the same
 * layout, so the guest sees what a person typing it would have sent. */
static guint
keys_for (GdkKeymap *keymap, gunichar c, guint keys[3])
{
  g_autofree GdkKeymapKey *entries = NULL;
  guint keyval;
  int n_entries = 0;
  guint n = 0;

  if (c == '\n' || c == '\r')
    keyval = GDK_KEY_Return;
  else if (c == '\t')
    keyval = GDK_KEY_Tab;
  else
    keyval = gdk_unicode_to_keyval (c);
  if (!gdk_keymap_get_entries_for_keyval (keymap, keyval, &entries, &n_entries) || n_entries == 0)
    return 0;
  /* the entry of the first group, lowest level: the plainest way to type it */
  for (int i = 1; i < n_entries; i++)
    if (entries[i].group < entries[0].group
        || (entries[i].group == entries[0].group && entries[i].level < entries[0].level))
      entries[0] = entries[i];
  if (entries[0].level == 1 || entries[0].level == 3)
    keys[n++] = GDK_KEY_Shift_L;
  if (entries[0].level >= 2)
    keys[n++] = GDK_KEY_ISO_Level3_Shift;
  keys[n++] = keyval;
  return n;
}

/* Keys for the guest, one character at a time: QEMU's PS/2 keyboard holds
 * only a few key codes, and a SPICE server (unlike QEMU's VNC server, with
 * its key-delay-ms) passes a burst on at once, so most of it would be lost. */
#define TYPE_INTERVAL_MS 20

typedef struct
{
  OrielDisplay *display;        /* not a reference: the typer dies with it */
  GArray *keys;                 /* of guint: count, keyvals..., count, ... */
  guint next;
  guint source;
} Typer;

static void
typer_free (gpointer data)
{
  Typer *typer = data;

  g_clear_handle_id (&typer->source, g_source_remove);
  g_array_unref (typer->keys);
  g_free (typer);
}

static gboolean
type_next (gpointer data)
{
  Typer *typer = data;
  guint n;

  if (typer->next >= typer->keys->len)
    {
      typer->source = 0;
      g_object_set_data (G_OBJECT (typer->display), "oriel-typer", NULL);
      return G_SOURCE_REMOVE;
    }
  n = g_array_index (typer->keys, guint, typer->next);
  oriel_display_send_keys (typer->display, &g_array_index (typer->keys, guint, typer->next + 1), n);
  typer->next += n + 1;
  return G_SOURCE_CONTINUE;
}

/**
 * oriel_display_type_text:
 *
 * Types @text into the guest, as a person would, after what is still being
 * typed from an earlier call.
 *
 * Returns: how many characters had no key on this keyboard layout and are
 *   left out.
 */
guint
oriel_display_type_text (OrielDisplay *display, const char *text)
{
  GdkKeymap *keymap;
  Typer *typer;
  guint skipped = 0;

  g_return_val_if_fail (ORIEL_IS_DISPLAY (display), 0);
  g_return_val_if_fail (text != NULL, 0);

  if (!g_utf8_validate (text, -1, NULL))
    return (guint) g_utf8_strlen (text, -1);
  keymap = gdk_keymap_get_for_display (gtk_widget_get_display (GTK_WIDGET (display)));
  typer = g_object_get_data (G_OBJECT (display), "oriel-typer");
  if (typer == NULL)
    {
      typer = g_new0 (Typer, 1);
      typer->display = display;
      typer->keys = g_array_new (FALSE, FALSE, sizeof (guint));
      g_object_set_data_full (G_OBJECT (display), "oriel-typer", typer, typer_free);
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint keys[3];
      guint n;

      if (c == '\r' && p[1] == '\n')
        continue;               /* one Return for a CR LF line end */
      n = keys_for (keymap, c, keys);
      if (n == 0)
        {
          skipped++;
          continue;
        }
      g_array_append_val (typer->keys, n);
      g_array_append_vals (typer->keys, keys, n);
    }
  if (typer->source == 0)
    typer->source = g_timeout_add (TYPE_INTERVAL_MS, type_next, typer);
  return skipped;
}
