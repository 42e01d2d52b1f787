#define G_LOG_DOMAIN "oriel-console"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "oriel-display-keys.h"
#include "oriel-error.h"
#include "oriel-viewer-options.h"

typedef struct
{
  guint from;
  GArray *to;                   /* of guint keyvals; empty: blocked */
} Remap;

static char *release_sequence;  /* "Control_L+Alt_L", as the libraries spell it */
static GArray *remaps;          /* of Remap */

static void
remap_clear (gpointer data)
{
  g_array_unref (((Remap *) data)->to);
}

static const struct
{
  GdkModifierType mask;
  const char *key;
} modifier_keys[] = {
  { GDK_CONTROL_MASK, "Control_L" },
  { GDK_SHIFT_MASK, "Shift_L" },
  { GDK_MOD1_MASK, "Alt_L" },
  { GDK_SUPER_MASK, "Super_L" },
  { GDK_META_MASK, "Meta_L" },
};

/**
 * oriel_display_keys_set_release:
 * @accel: (nullable): a GTK accelerator ("<Control><Alt>", "<Shift>F12"),
 *   NULL for the default Ctrl+Alt
 */
gboolean
oriel_display_keys_set_release (const char *accel, GError **error)
{
  const char *given = accel;
  g_autoptr (GString) sequence = g_string_new (NULL);
  GdkModifierType mods = 0;
  guint key = 0;

  if (accel == NULL)
    {
      g_clear_pointer (&release_sequence, g_free);
      return TRUE;
    }
  /* not gtk_accelerator_parse(): it refuses modifiers alone ("<Control><Alt>") */
  while (*accel == '<')
    {
      const char *end = strchr (accel, '>');
      g_autofree char *name = end ? g_strndup (accel + 1, end - accel - 1) : NULL;

      if (name == NULL)
        break;
      if (g_ascii_strcasecmp (name, "Control") == 0 || g_ascii_strcasecmp (name, "Primary") == 0)
        mods |= GDK_CONTROL_MASK;
      else if (g_ascii_strcasecmp (name, "Shift") == 0)
        mods |= GDK_SHIFT_MASK;
      else if (g_ascii_strcasecmp (name, "Alt") == 0)
        mods |= GDK_MOD1_MASK;
      else if (g_ascii_strcasecmp (name, "Super") == 0)
        mods |= GDK_SUPER_MASK;
      else if (g_ascii_strcasecmp (name, "Meta") == 0)
        mods |= GDK_META_MASK;
      accel = end + 1;
    }
  if (*accel != '\0')
    {
      key = gdk_keyval_from_name (accel);
      if (key == GDK_KEY_VoidSymbol)
        key = 0;
      if (key == 0)
        mods = 0;               /* a bad key spoils the whole combination */
    }
  for (guint i = 0; i < G_N_ELEMENTS (modifier_keys); i++)
    if (mods & modifier_keys[i].mask)
      g_string_append_printf (sequence, "%s%s", sequence->len ? "+" : "", modifier_keys[i].key);
  if (key != 0)
    g_string_append_printf (sequence, "%s%s", sequence->len ? "+" : "", gdk_keyval_name (key));
  if (sequence->len == 0)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("“%s” is not a key combination for releasing the pointer; "
                     "try one like “ctrl+alt” or “shift+f12”."), given);
      return FALSE;
    }
  g_free (release_sequence);
  release_sequence = g_string_free (g_steal_pointer (&sequence), FALSE);
  return TRUE;
}

const char *
oriel_display_keys_get_release (void)
{
  return release_sequence ? release_sequence : ORIEL_GRAB_SEQUENCE;
}

/* "Ctrl+Alt", "Shift+F12": the release keys for people */
char *
oriel_display_keys_release_label (void)
{
  g_auto (GStrv) keys = NULL;
  g_autoptr (GString) label = g_string_new (NULL);

  if (release_sequence == NULL)
    return g_strdup (C_("keyboard shortcut", "Ctrl+Alt"));
  keys = g_strsplit (release_sequence, "+", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *name = keys[i];

      if (g_str_has_prefix (name, "Control"))
        name = C_("keyboard shortcut", "Ctrl");
      else if (g_str_has_prefix (name, "Alt"))
        name = C_("keyboard shortcut", "Alt");
      else if (g_str_has_prefix (name, "Shift"))
        name = C_("keyboard shortcut", "Shift");
      else if (g_str_has_prefix (name, "Super"))
        name = C_("keyboard shortcut", "Super");
      g_string_append_printf (label, "%s%s", label->len ? "+" : "", name);
    }
  return g_string_free (g_steal_pointer (&label), FALSE);
}

static guint
keyval_named (const char *name, GError **error)
{
  guint keyval = gdk_keyval_from_name (name);

  if (keyval == GDK_KEY_VoidSymbol || keyval == 0)
    {
      /* virt-viewer accepts any case ("ALT_L", "f1") */
      g_autofree char *lower = g_ascii_strdown (name, -1);

      keyval = gdk_keyval_from_name (lower);
      if (keyval == GDK_KEY_VoidSymbol || keyval == 0)
        {
          g_autofree char *title = g_strdup (lower);

          title[0] = g_ascii_toupper (title[0]);
          for (char *p = strchr (title, '_'); p != NULL && p[1] != '\0'; p = strchr (p + 1, '_'))
            p[1] = g_ascii_toupper (p[1]);
          keyval = gdk_keyval_from_name (title);
        }
    }
  if (keyval == GDK_KEY_VoidSymbol || keyval == 0)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("There is no key called “%s”. Key names are X keysym names such as "
                     "“Super_L”, “F1” or “a”."), name);
      return 0;
    }
  return keyval;
}

/* Checks every key name first: a bad map changes nothing. */
gboolean
oriel_display_keys_set_remaps (GPtrArray *list, GError **error)
{
  g_autoptr (GArray) parsed = g_array_new (FALSE, TRUE, sizeof (Remap));

  g_array_set_clear_func (parsed, remap_clear);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const OrielKeyRemap *item = g_ptr_array_index (list, i);
      Remap remap = { 0 };

      remap.from = keyval_named (item->from, error);
      if (remap.from == 0)
        return FALSE;
      remap.to = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (parsed, remap);
      for (guint j = 0; item->to != NULL && item->to[j] != NULL; j++)
        {
          guint keyval = keyval_named (item->to[j], error);

          if (keyval == 0)
            return FALSE;
          g_array_append_val (g_array_index (parsed, Remap, parsed->len - 1).to, keyval);
        }
    }
  g_clear_pointer (&remaps, g_array_unref);
  if (parsed->len > 0)
    remaps = g_steal_pointer (&parsed);
  return TRUE;
}

void
oriel_display_keys_reset (void)
{
  g_clear_pointer (&release_sequence, g_free);
  g_clear_pointer (&remaps, g_array_unref);
}

static const Remap *
find_remap (guint keyval)
{
  for (guint i = 0; remaps != NULL && i < remaps->len; i++)
    if (g_array_index (remaps, Remap, i).from == gdk_keyval_to_lower (keyval)
        || g_array_index (remaps, Remap, i).from == keyval)
      return &g_array_index (remaps, Remap, i);
  return NULL;
}

static GdkModifierType
modifier_of (guint keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Control_L: case GDK_KEY_Control_R: return GDK_CONTROL_MASK;
    case GDK_KEY_Shift_L: case GDK_KEY_Shift_R: return GDK_SHIFT_MASK;
    case GDK_KEY_Alt_L: case GDK_KEY_Alt_R: return GDK_MOD1_MASK;
    case GDK_KEY_Super_L: case GDK_KEY_Super_R: return GDK_SUPER_MASK;
    case GDK_KEY_Meta_L: case GDK_KEY_Meta_R: return GDK_META_MASK;
    default: return 0;
    }
}

/* Whether @event completes the release keys: it is one of them and the
 * others are held. */
static gboolean
completes_release (const GdkEventKey *event)
{
  g_auto (GStrv) names = g_strsplit (oriel_display_keys_get_release (), "+", -1);
  gboolean found = FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      guint keyval = gdk_keyval_from_name (names[i]);
      GdkModifierType mod = modifier_of (keyval);

      if (gdk_keyval_to_lower (event->keyval) == gdk_keyval_to_lower (keyval)
          || (mod != 0 && modifier_of (event->keyval) == mod))
        found = TRUE;
      else if (mod == 0 || !(event->state & mod))
        return FALSE;
    }
  return found;
}

/* Runs before the protocol widget's own handler (the signals run last): a
 * remapped key never reaches the guest as itself. The release keys, with
 * nothing grabbed, take the focus out of the display: otherwise a person on
 * the keyboard alone could not leave it, as every Tab goes to the guest. */
static gboolean
key_event_cb (GtkWidget *widget, GdkEventKey *event, OrielDisplay *display)
{
  const Remap *remap = find_remap (event->keyval);

  if (event->type == GDK_KEY_PRESS && !oriel_display_get_grabbed (display)
      && completes_release (event))
    {
      GtkWidget *toplevel = gtk_widget_get_toplevel (widget);

      if (gtk_widget_is_toplevel (toplevel))
        {
          g_debug ("release keys without a grab: the focus leaves the display");
          if (!gtk_widget_child_focus (toplevel, GTK_DIR_TAB_FORWARD))
            gtk_window_set_focus (GTK_WINDOW (toplevel), NULL);
          return TRUE;
        }
    }

  if (remap == NULL)
    return FALSE;
  if (event->type == GDK_KEY_PRESS && remap->to->len > 0)
    oriel_display_send_keys (display, (const guint *) remap->to->data, remap->to->len);
  return TRUE;
}

/* For the protocol widget of a graphical display. */
void
oriel_display_keys_watch (OrielDisplay *display, GtkWidget *widget)
{
  g_signal_connect_object (widget, "key-press-event", G_CALLBACK (key_event_cb), display, 0);
  g_signal_connect_object (widget, "key-release-event", G_CALLBACK (key_event_cb), display, 0);
}
