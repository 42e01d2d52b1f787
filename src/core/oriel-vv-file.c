#define G_LOG_DOMAIN "oriel-vv-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "oriel-error.h"
#include "oriel-vv-file.h"

#define GROUP "virt-viewer"
#define OVIRT_GROUP "ovirt"
/* Real files are a few KiB, a CA certificate included; more is a mistake. */
#define MAX_SIZE (1024 * 1024)

typedef enum
{
  KEY_TYPE,
  KEY_STRING,
  KEY_RAW,                      /* kept exactly: a password, a PEM certificate */
  KEY_LIST,
  KEY_BOOLEAN,
  KEY_PORT,
  KEY_COLOR_DEPTH,
  KEY_HOTKEY,
} KeyKind;

typedef struct
{
  const char *name;
  KeyKind kind;
  gsize offset;                 /* of the field in OrielViewerTarget */
} KeyInfo;

#define FIELD(name) G_STRUCT_OFFSET (OrielViewerTarget, name)

/* The [virt-viewer] keys of remote-viewer(1), CONNECTION FILE, plus the
 * hotkeys virt-viewer also takes there (secure-attention, usb-device-reset). */
static const KeyInfo known_keys[] = {
  { "type", KEY_TYPE, 0 },
  { "host", KEY_STRING, FIELD (host) },
  { "port", KEY_PORT, FIELD (port) },
  { "tls-port", KEY_PORT, FIELD (tls_port) },
  { "unix-path", KEY_STRING, FIELD (unix_path) },
  { "username", KEY_STRING, FIELD (username) },
  { "password", KEY_RAW, FIELD (password) },
  { "proxy", KEY_STRING, FIELD (proxy) },
  { "ca", KEY_RAW, FIELD (ca) },
  { "host-subject", KEY_STRING, FIELD (host_subject) },
  { "tls-ciphers", KEY_STRING, FIELD (tls_ciphers) },
  { "secure-channels", KEY_LIST, FIELD (secure_channels) },
  { "disable-channels", KEY_LIST, FIELD (disable_channels) },
  { "disable-effects", KEY_LIST, FIELD (disable_effects) },
  { "color-depth", KEY_COLOR_DEPTH, FIELD (color_depth) },
  { "title", KEY_STRING, FIELD (title) },
  { "fullscreen", KEY_BOOLEAN, FIELD (fullscreen) },
  { "toggle-fullscreen", KEY_HOTKEY, 0 },
  { "release-cursor", KEY_HOTKEY, 0 },
  { "secure-attention", KEY_HOTKEY, 0 },
  { "smartcard-insert", KEY_HOTKEY, 0 },
  { "smartcard-remove", KEY_HOTKEY, 0 },
  { "usb-device-reset", KEY_HOTKEY, 0 },
  { "zoom-in", KEY_HOTKEY, 0 },
  { "zoom-out", KEY_HOTKEY, 0 },
  { "zoom-reset", KEY_HOTKEY, 0 },
  { "enable-smartcard", KEY_BOOLEAN, FIELD (enable_smartcard) },
  { "enable-usbredir", KEY_BOOLEAN, FIELD (enable_usbredir) },
  { "enable-usb-autoshare", KEY_BOOLEAN, FIELD (enable_usb_autoshare) },
  { "usb-filter", KEY_STRING, FIELD (usb_filter) },
  { "usb-redirect-on-connect", KEY_STRING, FIELD (usb_redirect_on_connect) },
  { "delete-this-file", KEY_BOOLEAN, FIELD (delete_this_file) },
  { "version", KEY_STRING, FIELD (version) },
  { "versions", KEY_LIST, FIELD (versions) },
  { "newer-version-url", KEY_STRING, FIELD (newer_version_url) },
};

static gboolean
set_line_error (GError **error, guint line, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_line_error (GError **error, guint line, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
               _("Line %u of the connection file: %s"), line, text);
  return FALSE;
}

/* GKeyFile's errors carry no line number, so the lines are checked here
 * first, the way GKeyFile reads them, to name the first malformed one.
 * This also notes the line of each [virt-viewer] key for later errors.
 * Line text is never quoted: it may hold the password. */
static gboolean
scan_lines (const char *data, gsize length, GHashTable *key_lines, GError **error)
{
  const char *p = data;
  const char *end = data + length;
  gboolean seen_group = FALSE;
  gboolean in_group = FALSE;
  guint line = 0;

  while (p < end)
    {
      const char *newline = memchr (p, '\n', end - p);
      const char *eol = newline != NULL ? newline : end;
      g_autofree char *text = NULL;
      const char *equal;

      line++;
      if (!g_utf8_validate_len (p, eol - p, NULL))
        return set_line_error (error, line, _("this line is not UTF-8 text."));
      text = g_strstrip (g_strndup (p, eol - p)); /* "\r" too */
      p = newline != NULL ? newline + 1 : end;

      if (*text == '\0' || *text == '#')
        continue;
      if (*text == '[')
        {
          gsize len = strlen (text);

          if (len < 3 || text[len - 1] != ']' || strpbrk (text + 1, "[") != NULL
              || strchr (text, ']') != text + len - 1)
            return set_line_error (error, line,
                                   _("a group line must be a name in brackets, as in "
                                     "[virt-viewer]."));
          text[len - 1] = '\0';
          in_group = g_str_equal (text + 1, GROUP);
          seen_group = TRUE;
          continue;
        }

      equal = strchr (text, '=');
      if (equal == NULL || equal == text)
        return set_line_error (error, line,
                               _("this line is not a [group], a key=value setting or a "
                                 "# comment."));
      if (!seen_group)
        return set_line_error (error, line,
                               _("a setting comes before any group: the file must start "
                                 "with [virt-viewer]."));
      if (in_group)
        g_hash_table_insert (key_lines, g_strchomp (g_strndup (text, equal - text)),
                             GUINT_TO_POINTER (line));
    }
  return TRUE;
}

static guint
line_of (GHashTable *key_lines, const char *key)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (key_lines, key));
}

static gboolean
parse_boolean (const char *text, gboolean *value)
{
  if (g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1"))
    *value = TRUE;
  else if (g_ascii_strcasecmp (text, "false") == 0 || g_str_equal (text, "0"))
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_type (const char *text, OrielGraphicsType *type, guint line, GError **error)
{
  if (g_ascii_strcasecmp (text, "spice") == 0)
    *type = ORIEL_GRAPHICS_SPICE;
  else if (g_ascii_strcasecmp (text, "vnc") == 0)
    *type = ORIEL_GRAPHICS_VNC;
  else if (g_ascii_strcasecmp (text, "ovirt") == 0)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_UNSUPPORTED,
                   _("Line %u of the connection file: type=ovirt is not supported; Oriel "
                     "opens type=spice and type=vnc files."),
                   line);
      return FALSE;
    }
  else
    return set_line_error (error, line,
                           _("the type “%s” is unknown: use type=spice or type=vnc."), text);
  return TRUE;
}

/* GKeyFile's own message says only that the value "cannot be interpreted". */
static gboolean
set_escape_error (GError **error, guint line, const char *key)
{
  return set_line_error (error, line,
                         _("the value of “%s” has a backslash that starts none of \\n, \\t, "
                           "\\r, \\s or \\\\; write a backslash itself as \\\\."),
                         key);
}

static gboolean
apply_key (OrielViewerTarget *target,
           GKeyFile          *file,
           const KeyInfo     *info,
           guint              line,
           gboolean          *have_type,
           GError           **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *value = NULL;
  gpointer field = G_STRUCT_MEMBER_P (target, info->offset);
  gint64 number;

  if (info->kind == KEY_LIST)
    {
      g_auto (GStrv) items = g_key_file_get_string_list (file, GROUP, info->name, NULL,
                                                          &local_error);
      g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();

      if (local_error != NULL)
        return set_escape_error (error, line, info->name);
      /* "main; display;" is main and display. */
      for (guint i = 0; items[i] != NULL; i++)
        if (*g_strstrip (items[i]) != '\0')
          g_strv_builder_add (kept, items[i]);
      g_strfreev (*(char ***) field);
      *(char ***) field = g_strv_builder_end (kept);
      return TRUE;
    }

  /* get_string undoes the \n, \s, \t, \\ escapes (a PEM "ca" uses \n).
   * On a bad escape it sets the error yet still returns a value. */
  value = g_key_file_get_string (file, GROUP, info->name, &local_error);
  if (local_error != NULL)
    return set_escape_error (error, line, info->name);

  if (info->kind == KEY_RAW)
    {
      g_free (*(char **) field);
      *(char **) field = g_steal_pointer (&value);
      return TRUE;
    }

  /* GKeyFile keeps trailing blanks; "5900 " is still a port. */
  g_strstrip (value);
  switch (info->kind)
    {
      case KEY_TYPE:
        *have_type = TRUE;
        return parse_type (value, &target->type, line, error);

      case KEY_STRING:
        g_free (*(char **) field);
        *(char **) field = g_steal_pointer (&value);
        return TRUE;

      case KEY_HOTKEY:
        /* Kept as virt-viewer spells it; the caller translates. */
        g_hash_table_replace (target->hotkeys, g_strdup (info->name), g_steal_pointer (&value));
        return TRUE;

      case KEY_BOOLEAN:
        if (!parse_boolean (value, field))
          return set_line_error (error, line,
                                 _("“%s” must be true or false (or 1 or 0), not “%s”."),
                                 info->name, value);
        return TRUE;

      case KEY_PORT:
        /* -1 is how generated files say "no such port". */
        if (!g_ascii_string_to_signed (value, 10, -1, 65535, &number, NULL) || number == 0)
          return set_line_error (error, line,
                                 _("“%s” must be a port number from 1 to 65535, not “%s”; "
                                   "for example %s=5900."),
                                 info->name, value, info->name);
        *(int *) field = (int) number;
        return TRUE;

      case KEY_COLOR_DEPTH:
        if (!g_ascii_string_to_signed (value, 10, 0, 32, &number, NULL)
            || (number != 0 && number != 8 && number != 16 && number != 24 && number != 32))
          return set_line_error (error, line,
                                 _("“color-depth” must be 16 or 32 (or 8, 24, or 0 for the "
                                   "server’s choice), not “%s”."),
                                 value);
        *(int *) field = (int) number;
        return TRUE;

      case KEY_RAW:
      case KEY_LIST:
      default:
        g_assert_not_reached ();
    }
}

static const KeyInfo *
find_key (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (known_keys); i++)
    if (g_str_equal (known_keys[i].name, name))
      return &known_keys[i];
  return NULL;
}

/* What a file must say to be usable at all. */
static gboolean
check_target (const OrielViewerTarget *target, GHashTable *key_lines, GError **error)
{
  if (target->unix_path != NULL
      && (target->host != NULL || target->port != -1 || target->tls_port != -1))
    return set_line_error (error, line_of (key_lines, "unix-path"),
                           _("“unix-path” cannot be combined with “host”, “port” or "
                             "“tls-port”: keep one way to reach the display."));
  if (target->unix_path != NULL)
    return TRUE;
  if (target->host == NULL || *target->host == '\0')
    {
      g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                           _("The connection file names no display: add host= and port= "
                             "(or unix-path=) to its [virt-viewer] group."));
      return FALSE;
    }
  if (target->port == -1 && (target->type == ORIEL_GRAPHICS_VNC || target->tls_port == -1))
    {
      g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                           target->type == ORIEL_GRAPHICS_VNC
                           ? _("The connection file names no port: add one to its "
                               "[virt-viewer] group, as in port=5900.")
                           : _("The connection file names no port: add port= or tls-port= "
                               "to its [virt-viewer] group, as in port=5900."));
      return FALSE;
    }
  return TRUE;
}

OrielViewerTarget *
oriel_vv_file_parse (const char *data, gsize length, GError **error)
{
  g_autoptr (OrielViewerTarget) target = NULL;
  g_autoptr (GKeyFile) file = NULL;
  g_autoptr (GHashTable) key_lines = NULL;
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) groups = NULL;
  g_auto (GStrv) keys = NULL;
  gboolean have_type = FALSE;
  gsize blank;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > MAX_SIZE)
    {
      g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                           _("The connection file is larger than 1 MiB; a real one is a few "
                             "kilobytes."));
      return NULL;
    }
  for (blank = 0; blank < length && g_ascii_isspace (data[blank]); blank++)
    ;
  if (blank == length)
    {
      g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                           _("The connection file is empty: it must start with [virt-viewer] "
                             "and a line such as type=spice."));
      return NULL;
    }

  key_lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!scan_lines (data, length, key_lines, error))
    return NULL;

  file = g_key_file_new ();
  if (!g_key_file_load_from_data (file, data, length, G_KEY_FILE_NONE, &local_error))
    {
      /* The scan passed: only what it does not model (a key name GKeyFile
       * refuses) ends here. */
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("The connection file cannot be read: %s"), local_error->message);
      return NULL;
    }

  target = oriel_viewer_target_new ();
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      if (g_str_equal (groups[i], OVIRT_GROUP))
        target->has_ovirt = TRUE;
      else if (!g_str_equal (groups[i], GROUP))
        g_debug ("Ignoring the unknown group [%s] of a connection file", groups[i]);
    }
  if (!g_key_file_has_group (file, GROUP))
    {
      g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                           _("The connection file has no [virt-viewer] group: it must start "
                             "with [virt-viewer] and a line such as type=spice."));
      return NULL;
    }

  keys = g_key_file_get_keys (file, GROUP, NULL, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const KeyInfo *info = find_key (keys[i]);
      guint line = line_of (key_lines, keys[i]);

      if (info == NULL)
        g_debug ("Ignoring the unknown key “%s” on line %u of a connection file", keys[i],
                 line);
      else if (!apply_key (target, file, info, line, &have_type, error))
        return NULL;
    }

  if (!have_type)
    {
      g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                           _("The connection file has no type: add type=spice or type=vnc "
                             "to its [virt-viewer] group."));
      return NULL;
    }
  if (!check_target (target, key_lines, error))
    return NULL;
  return g_steal_pointer (&target);
}

/* Reads all of @fd, refusing more than MAX_SIZE bytes. */
static char *
read_all (int fd, gsize *length, GError **error)
{
  g_autoptr (GByteArray) buffer = g_byte_array_new ();
  guint8 chunk[4096];

  for (;;)
    {
      gssize got = read (fd, chunk, sizeof chunk);
      int saved = errno;

      if (got < 0 && saved == EINTR)
        continue;
      if (got < 0)
        {
          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                       _("Could not read the connection file: %s"), g_strerror (saved));
          break;
        }
      if (got == 0)
        {
          *length = buffer->len;
          g_byte_array_append (buffer, (const guint8 *) "", 1);
          return (char *) g_byte_array_free (g_steal_pointer (&buffer), FALSE);
        }
      if (buffer->len + got > MAX_SIZE)
        {
          g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                               _("The connection file is larger than 1 MiB; a real one is a "
                                 "few kilobytes."));
          break;
        }
      g_byte_array_append (buffer, chunk, got);
    }
  /* Best effort: the password may be in there. */
  memset (buffer->data, 0, buffer->len);
  memset (chunk, 0, sizeof chunk);
  return NULL;
}

static OrielViewerTarget *
parse_and_wipe (char *data, gsize length, GError **error)
{
  OrielViewerTarget *target = oriel_vv_file_parse (data, length, error);

  memset (data, 0, length);
  g_free (data);
  return target;
}

OrielViewerTarget *
oriel_vv_file_read_fd (int fd, GError **error)
{
  char *data;
  gsize length;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = read_all (fd, &length, error);
  if (data == NULL)
    return NULL;
  return parse_and_wipe (data, length, error);
}

OrielViewerTarget *
oriel_vv_file_load (const char *path, GError **error)
{
  g_autofree char *name = NULL;
  OrielViewerTarget *target;
  struct stat info;
  char *data;
  gsize length;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_name (path);
  /* O_NONBLOCK: opening a FIFO must not wait for a writer; refused below. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   _("Could not open the connection file “%s”: %s"), name, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &info) < 0 || !S_ISREG (info.st_mode))
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("“%s” is not a regular file: give the path of a .vv connection file."),
                   name);
      close (fd);
      return NULL;
    }
  if (info.st_size > MAX_SIZE)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                   _("“%s” is larger than 1 MiB; a connection file is a few kilobytes."),
                   name);
      close (fd);
      return NULL;
    }

  data = read_all (fd, &length, error);
  close (fd);
  if (data == NULL)
    {
      g_prefix_error (error, "%s: ", name);
      return NULL;
    }
  target = parse_and_wipe (data, length, error);
  if (target == NULL)
    g_prefix_error (error, "%s: ", name);
  return target;
}
