#define G_LOG_DOMAIN "oriel-monitor-mapping"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "oriel-error.h"
#include "oriel-monitor-mapping.h"

#define KEY "monitor-mapping"
#define FALLBACK_GROUP "fallback"
/* Shown in every parse error, so the person sees the form that works. */
#define EXAMPLE "1:2;2:3"

struct _OrielMonitorMapping
{
  guint n_displays;
  /* A fixed table: the bound is small, and it spares growing and clearing. */
  int monitor[ORIEL_MONITOR_MAPPING_MAX];
};

OrielMonitorMapping *
oriel_monitor_mapping_new (void)
{
  OrielMonitorMapping *self = g_new0 (OrielMonitorMapping, 1);

  for (guint i = 0; i < ORIEL_MONITOR_MAPPING_MAX; i++)
    self->monitor[i] = -1;
  return self;
}

void
oriel_monitor_mapping_free (OrielMonitorMapping *self)
{
  g_free (self);
}

void
oriel_monitor_mapping_set (OrielMonitorMapping *self, guint guest_display, int client_monitor)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (guest_display < ORIEL_MONITOR_MAPPING_MAX);
  g_return_if_fail (client_monitor >= -1 && client_monitor < ORIEL_MONITOR_MAPPING_MAX);

  /* One display per monitor, or the text form would not parse back. */
  if (client_monitor >= 0)
    for (guint i = 0; i < self->n_displays; i++)
      if (self->monitor[i] == client_monitor)
        self->monitor[i] = -1;
  self->monitor[guest_display] = client_monitor;
  self->n_displays = MAX (self->n_displays, guest_display + 1);
}

int
oriel_monitor_mapping_get (const OrielMonitorMapping *self, guint guest_display)
{
  g_return_val_if_fail (self != NULL, -1);

  if (guest_display >= self->n_displays)
    return -1;
  return self->monitor[guest_display];
}

guint
oriel_monitor_mapping_get_n_displays (const OrielMonitorMapping *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_displays;
}

void
oriel_monitor_mapping_swap (OrielMonitorMapping *self, guint display_a, guint display_b)
{
  int tmp;

  g_return_if_fail (self != NULL);
  g_return_if_fail (display_a < ORIEL_MONITOR_MAPPING_MAX);
  g_return_if_fail (display_b < ORIEL_MONITOR_MAPPING_MAX);

  tmp = self->monitor[display_a];
  self->monitor[display_a] = self->monitor[display_b];
  self->monitor[display_b] = tmp;
  self->n_displays = MAX (self->n_displays, MAX (display_a, display_b) + 1);
}

static gboolean
all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* A 1-based number of the text form, as a 0-based index; FALSE when out of range. */
static gboolean
parse_index (const char *s, guint *index)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (s, 10, 1, ORIEL_MONITOR_MAPPING_MAX, &value, NULL))
    return FALSE;
  *index = (guint) value - 1;
  return TRUE;
}

static gboolean
parse_item (OrielMonitorMapping *self, const char *item, GError **error)
{
  const char *colon = strchr (item, ':');
  g_autofree char *left = NULL;
  g_autofree char *right = NULL;
  guint display, monitor;

  if (colon == NULL || strchr (colon + 1, ':') != NULL)
    goto malformed;
  left = g_strstrip (g_strndup (item, colon - item));
  right = g_strstrip (g_strdup (colon + 1));
  if (!all_digits (left) || !all_digits (right))
    goto malformed;
  if (!parse_index (left, &display) || !parse_index (right, &monitor))
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("The monitor mapping item “%s” is out of range: displays and monitors "
                     "are numbered from 1 to %u, as in “%s”"),
                   item, ORIEL_MONITOR_MAPPING_MAX, EXAMPLE);
      return FALSE;
    }
  if (oriel_monitor_mapping_get (self, display) >= 0)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("The monitor mapping item “%s” places guest display %u a second time; "
                     "name each display once, as in “%s”"),
                   item, display + 1, EXAMPLE);
      return FALSE;
    }
  for (guint i = 0; i < self->n_displays; i++)
    if (self->monitor[i] == (int) monitor)
      {
        g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                     _("The monitor mapping item “%s” puts a second display on client "
                       "monitor %u; give each monitor one display, as in “%s”"),
                     item, monitor + 1, EXAMPLE);
        return FALSE;
      }
  oriel_monitor_mapping_set (self, display, (int) monitor);
  return TRUE;

malformed:
  g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
               _("The monitor mapping item “%s” is not DISPLAY:MONITOR; for example “%s” "
                 "shows guest display 1 on client monitor 2 and display 2 on monitor 3"),
               item, EXAMPLE);
  return FALSE;
}

OrielMonitorMapping *
oriel_monitor_mapping_parse (const char *text, GError **error)
{
  g_autoptr (OrielMonitorMapping) self = oriel_monitor_mapping_new ();
  g_auto (GStrv) items = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  items = g_strsplit (text, ";", -1);
  for (guint i = 0; items[i]; i++)
    {
      char *item = g_strstrip (items[i]);

      /* GKeyFile writes lists with a trailing ';'. */
      if (*item == '\0')
        continue;
      if (!parse_item (self, item, error))
        return NULL;
    }
  return g_steal_pointer (&self);
}

char *
oriel_monitor_mapping_to_string (const OrielMonitorMapping *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < self->n_displays; i++)
    {
      if (self->monitor[i] < 0)
        continue;
      g_string_append_printf (out, "%s%u:%d", out->len ? ";" : "", i + 1, self->monitor[i] + 1);
    }
  return g_string_free (out, FALSE);
}

OrielMonitorMapping *
oriel_monitor_mapping_resolve (const OrielMonitorMapping *saved,
                               guint                      n_displays,
                               guint                      n_monitors,
                               guint                      start_monitor)
{
  OrielMonitorMapping *self;
  gboolean taken[ORIEL_MONITOR_MAPPING_MAX] = { FALSE, };
  guint next = 0;

  g_return_val_if_fail (n_displays <= ORIEL_MONITOR_MAPPING_MAX, NULL);
  g_return_val_if_fail (n_monitors == 0 || start_monitor < n_monitors, NULL);

  /* Monitors past the bound cannot be named by a mapping anyway. */
  n_monitors = MIN (n_monitors, ORIEL_MONITOR_MAPPING_MAX);
  self = oriel_monitor_mapping_new ();
  self->n_displays = n_displays;

  /* A saved monitor that no longer exists (a laptop off its dock) is not an
   * error: that display just joins the others. */
  for (guint i = 0; saved != NULL && i < n_displays; i++)
    {
      int m = oriel_monitor_mapping_get (saved, i);

      if (m >= 0 && (guint) m < n_monitors && !taken[m])
        {
          self->monitor[i] = m;
          taken[m] = TRUE;
        }
    }

  for (guint i = 0; i < n_displays; i++)
    {
      if (self->monitor[i] >= 0)
        continue;
      while (next < n_monitors && taken[(start_monitor + next) % n_monitors])
        next++;
      if (next == n_monitors)
        break;
      self->monitor[i] = (start_monitor + next) % n_monitors;
      taken[self->monitor[i]] = TRUE;
    }
  return self;
}

static gboolean
check_uuid (const char *uuid, GError **error)
{
  /* It becomes a group name; a stray ']' or newline would corrupt the file. */
  if (uuid == NULL || g_uuid_string_is_valid (uuid))
    return TRUE;
  g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
               _("“%s” is not a UUID such as “12345678-9abc-4def-8123-456789abcdef”"), uuid);
  return FALSE;
}

/* The settings file as a key file, comments kept for saving; an empty one and
 * *missing set when it does not exist yet. */
static GKeyFile *
read_settings (const char *path, gboolean *missing, GError **error)
{
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autoptr (GError) local = NULL;
  g_autofree char *name = NULL;

  *missing = FALSE;
  if (g_key_file_load_from_file (keys, path,
                                 G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, &local))
    return g_steal_pointer (&keys);
  if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      *missing = TRUE;
      return g_steal_pointer (&keys);
    }
  name = g_filename_display_name (path);
  if (local->domain == G_KEY_FILE_ERROR)
    g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                 _("%s is not a settings file virt-viewer can read: %s"), name, local->message);
  else
    g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                 _("Could not read %s: %s"), name, local->message);
  return NULL;
}

OrielMonitorMapping *
oriel_monitor_mapping_load_virt_viewer (const char *path, const char *uuid, GError **error)
{
  const char *groups[] = { uuid, FALLBACK_GROUP };
  g_autoptr (GKeyFile) keys = NULL;
  gboolean missing;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_uuid (uuid, error))
    return NULL;
  keys = read_settings (path, &missing, error);
  if (keys == NULL || missing)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      g_autofree char *value = NULL;
      g_autoptr (GError) local = NULL;
      OrielMonitorMapping *mapping;

      if (groups[i] == NULL || !g_key_file_has_key (keys, groups[i], KEY, NULL))
        continue;
      value = g_key_file_get_string (keys, groups[i], KEY, &local);
      mapping = value ? oriel_monitor_mapping_parse (value, &local) : NULL;
      if (mapping == NULL)
        {
          g_autofree char *name = g_filename_display_name (path);

          /* Only an invalid encoding makes GKeyFile refuse a string. */
          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                       _("%s, group [%s]: %s"), name, groups[i], local->message);
        }
      return mapping;
    }
  return NULL;
}

gboolean
oriel_monitor_mapping_save_virt_viewer (const OrielMonitorMapping *self,
                                        const char                *path,
                                        const char                *uuid,
                                        GError                   **error)
{
  const char *group = uuid ? uuid : FALLBACK_GROUP;
  g_autoptr (GKeyFile) keys = NULL;
  g_autoptr (GError) local = NULL;
  g_autofree char *text = NULL;
  gboolean missing;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_uuid (uuid, error))
    return FALSE;
  keys = read_settings (path, &missing, error);
  if (keys == NULL)
    return FALSE;

  text = oriel_monitor_mapping_to_string (self);
  if (*text != '\0')
    g_key_file_set_string (keys, group, KEY, text);
  else if (missing)
    return TRUE;                /* nothing to remove from a file that is not there */
  else
    {
      g_auto (GStrv) left = NULL;

      g_key_file_remove_key (keys, group, KEY, NULL);
      left = g_key_file_get_keys (keys, group, NULL, NULL);
      /* Drop the group only when it was nothing but this key. */
      if (left != NULL && left[0] == NULL)
        g_key_file_remove_group (keys, group, NULL);
    }

  if (missing)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      /* virt-viewer may never have run here: no ~/.config/virt-viewer yet. */
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;
          g_autofree char *name = g_filename_display_name (dir);

          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                       _("Could not create the folder %s: %s"), name, g_strerror (saved));
          return FALSE;
        }
    }
  if (!g_key_file_save_to_file (keys, path, &local))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   _("Could not write %s: %s"), name, local->message);
      return FALSE;
    }
  return TRUE;
}
