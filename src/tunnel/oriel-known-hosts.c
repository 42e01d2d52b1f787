#define G_LOG_DOMAIN "oriel-tunnel"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "oriel-error.h"
#include "oriel-known-hosts.h"

/* OpenSSH's known_hosts format, read by hand: libssh2 1.10's knownhost API
 * cannot parse @revoked or @cert-authority lines (it stops at them or takes
 * them for host names) and reports no file or line numbers, and a person
 * facing a changed or revoked key must be told which line to look at.
 * The rules follow sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT", and OpenSSH's
 * hostfile.c where the manual is silent. */

#define SSH_DEFAULT_PORT 22
#define HASH_MAGIC "|1|"
#define SHA1_LEN 20

typedef enum
{
  MARKER_NONE,
  MARKER_REVOKED,
  MARKER_CERT_AUTHORITY,
} Marker;

typedef struct
{
  Marker marker;
  char *patterns;               /* comma-separated host patterns; NULL when hashed */
  GBytes *salt;                 /* hashed: the HMAC key ... */
  GBytes *hash;                 /* ... and HMAC-SHA1 (salt, host name) */
  OrielKnownHostsEntry entry;
} Line;

struct _OrielKnownHosts
{
  GObject parent_instance;

  GPtrArray *lines;             /* of Line, in the order read */
};

G_DEFINE_FINAL_TYPE (OrielKnownHosts, oriel_known_hosts, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (OrielKnownHostsEntry, oriel_known_hosts_entry,
                     oriel_known_hosts_entry_copy, oriel_known_hosts_entry_free)

OrielKnownHostsEntry *
oriel_known_hosts_entry_copy (const OrielKnownHostsEntry *entry)
{
  OrielKnownHostsEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (OrielKnownHostsEntry, 1);
  copy->file = g_strdup (entry->file);
  copy->line = entry->line;
  copy->key_type = g_strdup (entry->key_type);
  copy->key = entry->key ? g_bytes_ref (entry->key) : NULL;
  return copy;
}

void
oriel_known_hosts_entry_free (OrielKnownHostsEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->file);
  g_free (entry->key_type);
  g_clear_pointer (&entry->key, g_bytes_unref);
  g_free (entry);
}

static void
line_free (Line *line)
{
  g_free (line->patterns);
  g_clear_pointer (&line->salt, g_bytes_unref);
  g_clear_pointer (&line->hash, g_bytes_unref);
  g_free (line->entry.file);
  g_free (line->entry.key_type);
  g_clear_pointer (&line->entry.key, g_bytes_unref);
  g_free (line);
}

static void
oriel_known_hosts_finalize (GObject *object)
{
  OrielKnownHosts *self = ORIEL_KNOWN_HOSTS (object);

  g_clear_pointer (&self->lines, g_ptr_array_unref);

  G_OBJECT_CLASS (oriel_known_hosts_parent_class)->finalize (object);
}

static void
oriel_known_hosts_class_init (OrielKnownHostsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oriel_known_hosts_finalize;
}

static void
oriel_known_hosts_init (OrielKnownHosts *self)
{
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
}

OrielKnownHosts *
oriel_known_hosts_new (void)
{
  return g_object_new (ORIEL_TYPE_KNOWN_HOSTS, NULL);
}

/* g_base64_decode() skips characters it does not know; a damaged line
 * must be refused instead, not read as some other key. */
static GBytes *
decode_base64_strict (const char *text)
{
  gsize len = strlen (text);
  guchar *data;
  gsize out_len;

  if (len == 0 || len % 4 != 0)
    return NULL;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (g_ascii_isalnum (c) || c == '+' || c == '/')
        continue;
      if (c == '=' && (i == len - 1 || (i == len - 2 && text[len - 1] == '=')))
        continue;
      return NULL;
    }

  data = g_base64_decode (text, &out_len);
  if (out_len == 0)
    {
      g_free (data);
      return NULL;
    }
  return g_bytes_new_take (data, out_len);
}

/* A key blob starts with its own type name (RFC 4253, 6.6); OpenSSH
 * refuses lines whose key type field disagrees with it. */
static gboolean
blob_has_type (GBytes *blob, const char *type)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (blob, &len);
  gsize type_len = strlen (type);
  guint32 name_len;

  if (len < 4)
    return FALSE;
  memcpy (&name_len, data, 4);
  name_len = GUINT32_FROM_BE (name_len);
  return name_len == type_len && type_len < len - 4 && memcmp (data + 4, type, type_len) == 0;
}

/* "|1|base64(salt)|base64(hash)"; both are SHA-1 sized, as OpenSSH checks. */
static gboolean
parse_hashed (Line *line, const char *field)
{
  g_auto (GStrv) parts = NULL;

  if (!g_str_has_prefix (field, HASH_MAGIC))
    return FALSE;
  parts = g_strsplit (field + strlen (HASH_MAGIC), "|", -1);
  if (g_strv_length (parts) != 2)
    return FALSE;
  line->salt = decode_base64_strict (parts[0]);
  line->hash = decode_base64_strict (parts[1]);
  return line->salt != NULL && line->hash != NULL && g_bytes_get_size (line->salt) == SHA1_LEN
         && g_bytes_get_size (line->hash) == SHA1_LEN;
}

static char *
next_field (char **cursor)
{
  char *start = *cursor;
  char *end;

  while (*start == ' ' || *start == '\t')
    start++;
  if (*start == '\0')
    {
      *cursor = start;
      return NULL;
    }
  end = start;
  while (*end != '\0' && *end != ' ' && *end != '\t')
    end++;
  if (*end != '\0')
    *end++ = '\0';
  *cursor = end;
  return start;
}

static void
parse_line (OrielKnownHosts *self, const char *origin, guint number, char *text)
{
  g_autoptr (GBytes) key = NULL;
  Marker marker = MARKER_NONE;
  char *cursor = text;
  char *field;
  char *hosts;
  char *key_type;
  char *key_text;
  Line *line;

  field = next_field (&cursor);
  if (field == NULL || field[0] == '#')
    return;

  if (field[0] == '@')
    {
      if (g_str_equal (field, "@revoked"))
        marker = MARKER_REVOKED;
      else if (g_str_equal (field, "@cert-authority"))
        marker = MARKER_CERT_AUTHORITY;
      else
        {
          g_debug ("%s:%u: skipped: unknown marker %s", origin, number, field);
          return;
        }
      field = next_field (&cursor);
    }

  hosts = field;
  key_type = next_field (&cursor);
  key_text = next_field (&cursor);
  if (hosts == NULL || key_type == NULL || key_text == NULL)
    {
      g_debug ("%s:%u: skipped: expected host names, key type and key", origin, number);
      return;
    }
  if (!g_utf8_validate (hosts, -1, NULL))
    {
      g_debug ("%s:%u: skipped: host names are not valid UTF-8", origin, number);
      return;
    }

  key = decode_base64_strict (key_text);
  if (key == NULL)
    {
      g_debug ("%s:%u: skipped: the key is not valid base64", origin, number);
      return;
    }
  if (!blob_has_type (key, key_type))
    {
      g_debug ("%s:%u: skipped: the key is not of type %s", origin, number, key_type);
      return;
    }

  line = g_new0 (Line, 1);
  line->marker = marker;
  if (hosts[0] == '|')
    {
      if (!parse_hashed (line, hosts))
        {
          g_debug ("%s:%u: skipped: malformed hashed host name", origin, number);
          line_free (line);
          return;
        }
    }
  else
    line->patterns = g_ascii_strdown (hosts, -1);
  line->entry.file = g_strdup (origin);
  line->entry.line = number;
  line->entry.key_type = g_strdup (key_type);
  line->entry.key = g_steal_pointer (&key);
  g_ptr_array_add (self->lines, line);
}

static void
parse_data (OrielKnownHosts *self, const char *data, gsize len, const char *origin)
{
  const char *p = data;
  const char *end = data + len;
  guint number = 0;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      gsize line_len = (eol ? eol : end) - p;
      g_autofree char *text = NULL;

      number++;
      if (line_len > 0 && p[line_len - 1] == '\r')
        line_len--;
      text = g_strndup (p, line_len);
      if (strlen (text) != line_len)
        g_debug ("%s:%u: skipped: contains a NUL byte", origin, number);
      else
        parse_line (self, origin, number, text);
      p = eol ? eol + 1 : end;
    }
}

/**
 * oriel_known_hosts_load_data:
 * @data: known_hosts text
 * @origin: what to name as the file in entries and messages
 *
 * Adds the key lines of @data. Lines that cannot be read are skipped, as
 * ssh does, with a debug message naming @origin and the line number.
 */
void
oriel_known_hosts_load_data (OrielKnownHosts *self, const char *data, const char *origin)
{
  g_return_if_fail (ORIEL_IS_KNOWN_HOSTS (self));
  g_return_if_fail (data != NULL);
  g_return_if_fail (origin != NULL);

  parse_data (self, data, strlen (data), origin);
}

/**
 * oriel_known_hosts_load_file:
 * @path: a known_hosts file, such as ~/.ssh/known_hosts
 *
 * Adds the key lines of @path after those already loaded; call it once per
 * file (the user's files, then /etc/ssh/ssh_known_hosts). A file that does
 * not exist adds nothing and is not an error.
 *
 * Returns: %FALSE with @error set when @path exists but cannot be read.
 */
gboolean
oriel_known_hosts_load_file (OrielKnownHosts *self, const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (ORIEL_IS_KNOWN_HOSTS (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   /* Translators: the first %s is a path, the second why it failed */
                   _("Could not read the known SSH hosts in %s: %s"), path,
                   local_error->message);
      return FALSE;
    }

  parse_data (self, data, len, path);
  return TRUE;
}

/* ssh looks non-standard ports up, and writes them, as "[host]:port". */
static char *
host_key_name (const char *host, guint16 port)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  if (port == 0 || port == SSH_DEFAULT_PORT)
    return g_steal_pointer (&lower);
  return g_strdup_printf ("[%s]:%u", lower, port);
}

static GBytes *
hmac_sha1 (GBytes *salt, const char *name)
{
  g_autoptr (GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA1, g_bytes_get_data (salt, NULL),
                                       g_bytes_get_size (salt));
  guint8 digest[SHA1_LEN];
  gsize digest_len = sizeof digest;

  g_hmac_update (hmac, (const guchar *) name, -1);
  g_hmac_get_digest (hmac, digest, &digest_len);
  return g_bytes_new (digest, digest_len);
}

/* As OpenSSH's match_hostname(): a negated pattern that matches rules the
 * whole line out, whatever else on it matches. */
static gboolean
patterns_match (const char *patterns, const char *name)
{
  g_auto (GStrv) list = g_strsplit (patterns, ",", -1);
  gboolean matched = FALSE;

  for (guint i = 0; list[i] != NULL; i++)
    {
      const char *pattern = list[i];
      gboolean negated = pattern[0] == '!';

      if (negated)
        pattern++;
      if (*pattern == '\0' || !g_pattern_match_simple (pattern, name))
        continue;
      if (negated)
        return FALSE;
      matched = TRUE;
    }
  return matched;
}

static gboolean
hashed_matches (const Line *line, const char *name)
{
  g_autoptr (GBytes) hash = hmac_sha1 (line->salt, name);

  return g_bytes_equal (hash, line->hash);
}

static gboolean
line_matches (const Line *line, const char *name)
{
  if (line->patterns != NULL)
    return patterns_match (line->patterns, name);
  return hashed_matches (line, name);
}

/**
 * oriel_known_hosts_check:
 * @host: the host name as the person gave it (or HostKeyAlias)
 * @port: the SSH port; 0 means 22
 * @key_type: the type of @key, such as "ssh-ed25519"
 * @key: the public key blob the server presented
 * @conflict: (out) (optional) (nullable): for %ORIEL_HOST_KEY_CHANGED the
 *   first known line with a key of @key_type, for %ORIEL_HOST_KEY_REVOKED
 *   the @revoked line; %NULL otherwise
 *
 * Looks @key up as ssh does: a revoked key is refused whatever else is
 * known; a host may have several lines and one with @key is enough; the key
 * counts as changed only when the host is known with another key of the
 * same type (a new type is unknown, not changed). @cert-authority lines do
 * not vouch for plain keys.
 */
OrielHostKeyStatus
oriel_known_hosts_check (OrielKnownHosts *self, const char *host, guint16 port,
                         const char *key_type, GBytes *key, OrielKnownHostsEntry **conflict)
{
  g_autofree char *name = NULL;
  const Line *revoked = NULL;
  const Line *changed = NULL;
  gboolean matched = FALSE;

  if (conflict != NULL)
    *conflict = NULL;
  g_return_val_if_fail (ORIEL_IS_KNOWN_HOSTS (self), ORIEL_HOST_KEY_UNKNOWN);
  g_return_val_if_fail (host != NULL, ORIEL_HOST_KEY_UNKNOWN);
  g_return_val_if_fail (key_type != NULL, ORIEL_HOST_KEY_UNKNOWN);
  g_return_val_if_fail (key != NULL, ORIEL_HOST_KEY_UNKNOWN);

  name = host_key_name (host, port);
  for (guint i = 0; i < self->lines->len; i++)
    {
      const Line *line = g_ptr_array_index (self->lines, i);

      if (line->marker == MARKER_CERT_AUTHORITY)
        continue;
      if (!line_matches (line, name))
        continue;

      if (line->marker == MARKER_REVOKED)
        {
          /* The blob carries its type, so equal blobs are the same key. */
          if (revoked == NULL && g_bytes_equal (line->entry.key, key))
            revoked = line;
          continue;
        }
      if (!g_str_equal (line->entry.key_type, key_type))
        continue;
      if (g_bytes_equal (line->entry.key, key))
        matched = TRUE;
      else if (changed == NULL)
        changed = line;
    }

  if (revoked != NULL)
    {
      if (conflict != NULL)
        *conflict = oriel_known_hosts_entry_copy (&revoked->entry);
      return ORIEL_HOST_KEY_REVOKED;
    }
  if (matched)
    return ORIEL_HOST_KEY_MATCH;
  if (changed != NULL)
    {
      if (conflict != NULL)
        *conflict = oriel_known_hosts_entry_copy (&changed->entry);
      return ORIEL_HOST_KEY_CHANGED;
    }
  return ORIEL_HOST_KEY_UNKNOWN;
}

/**
 * oriel_known_hosts_get_key_types:
 * @host: the host name
 * @port: the SSH port; 0 means 22
 *
 * The types of the keys known for @host, in the order of the files, each
 * once; @revoked and @cert-authority lines do not count. Offering these
 * first in the host key algorithm preference avoids a needless
 * "unknown host" when the server has several keys. RSA keys are
 * "ssh-rsa" here whatever signature algorithm they are used with.
 *
 * Returns: (transfer full): a possibly empty %NULL-terminated array
 */
GStrv
oriel_known_hosts_get_key_types (OrielKnownHosts *self, const char *host, guint16 port)
{
  g_autoptr (GStrvBuilder) builder = NULL;
  g_autoptr (GHashTable) seen = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (ORIEL_IS_KNOWN_HOSTS (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  builder = g_strv_builder_new ();
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  name = host_key_name (host, port);
  for (guint i = 0; i < self->lines->len; i++)
    {
      const Line *line = g_ptr_array_index (self->lines, i);

      if (line->marker != MARKER_NONE || g_hash_table_contains (seen, line->entry.key_type))
        continue;
      if (!line_matches (line, name))
        continue;
      g_hash_table_add (seen, line->entry.key_type);
      g_strv_builder_add (builder, line->entry.key_type);
    }
  return g_strv_builder_end (builder);
}

/**
 * oriel_host_key_fingerprint:
 * @key: a public key blob
 *
 * Returns: (transfer full): "SHA256:" and the unpadded base64 of the
 * SHA-256 of @key, as ssh-keygen -l and ssh show it
 */
char *
oriel_host_key_fingerprint (GBytes *key)
{
  g_autoptr (GChecksum) checksum = NULL;
  g_autofree char *encoded = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  gsize len;

  g_return_val_if_fail (key != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, g_bytes_get_data (key, NULL), g_bytes_get_size (key));
  g_checksum_get_digest (checksum, digest, &digest_len);
  encoded = g_base64_encode (digest, digest_len);
  len = strlen (encoded);
  while (len > 0 && encoded[len - 1] == '=')
    encoded[--len] = '\0';
  return g_strconcat ("SHA256:", encoded, NULL);
}

/* Anything else could break the line apart, turn it into a pattern, or
 * smuggle a second line into the file. */
static gboolean
host_is_writable (const char *host)
{
  if (host[0] == '\0')
    return FALSE;
  for (const char *p = host; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c <= ' ' || c >= 0x7f || strchr (",*?![]|@#\\", c) != NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
key_type_is_valid (const char *key_type)
{
  if (key_type[0] == '\0')
    return FALSE;
  for (const char *p = key_type; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_.@", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* The salt must be unpredictable: GRand is not a cryptographic source. */
static gboolean
random_salt (guint8 *salt, gsize len)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n = getrandom (salt + done, len - done, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = EIO;
          return FALSE;
        }
      done += n;
    }
  return TRUE;
}

static gboolean
write_all (int fd, const char *data, gsize len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          if (n == 0)
            errno = ENOSPC;
          return FALSE;
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

/**
 * oriel_known_hosts_append:
 * @path: the known_hosts file to add to (the first UserKnownHostsFile)
 * @host: the host name as the person gave it
 * @port: the SSH port; 0 means 22
 * @key_type: the type of @key
 * @key: the public key blob to record
 * @hashed: hide the host name as ssh's HashKnownHosts does
 *
 * Appends one line for @host and @key. The file is never rewritten: other
 * lines stay as they are, byte for byte. A missing file is created with
 * mode 0600, and a missing folder with mode 0700.
 */
gboolean
oriel_known_hosts_append (const char *path, const char *host, guint16 port,
                          const char *key_type, GBytes *key, gboolean hashed, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *hosts = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *text = NULL;
  struct stat st;
  char last = '\n';
  int saved_errno;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (key_type != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!host_is_writable (host))
    {
      g_autofree char *escaped = g_strescape (host, NULL);

      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   _("The host name “%s” cannot be recorded as a known SSH host; "
                     "connect to it by a plain host name or address"),
                   escaped);
      return FALSE;
    }
  /* A line ssh would skip as malformed is no use to anyone. */
  if (!key_type_is_valid (key_type) || !blob_has_type (key, key_type))
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   _("The host key of %s is not a valid SSH key and was not recorded"), host);
      return FALSE;
    }

  name = host_key_name (host, port);
  if (hashed)
    {
      guint8 salt_data[SHA1_LEN];
      g_autoptr (GBytes) salt = NULL;
      g_autoptr (GBytes) hash = NULL;
      g_autofree char *salt64 = NULL;
      g_autofree char *hash64 = NULL;

      if (!random_salt (salt_data, sizeof salt_data))
        {
          saved_errno = errno;
          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                       _("Could not get random data to hide the host name in %s: %s"), path,
                       g_strerror (saved_errno));
          return FALSE;
        }
      salt = g_bytes_new (salt_data, sizeof salt_data);
      hash = hmac_sha1 (salt, name);
      salt64 = g_base64_encode (salt_data, sizeof salt_data);
      hash64 = g_base64_encode (g_bytes_get_data (hash, NULL), g_bytes_get_size (hash));
      hosts = g_strconcat (HASH_MAGIC, salt64, "|", hash64, NULL);
    }
  else
    hosts = g_steal_pointer (&name);

  encoded = g_base64_encode (g_bytes_get_data (key, NULL), g_bytes_get_size (key));

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   _("Could not create the folder %s for known SSH hosts: %s"), dir,
                   g_strerror (saved_errno));
      return FALSE;
    }

  /* O_APPEND: each write lands at the end even if ssh appends meanwhile. */
  fd = g_open (path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   _("Could not open %s to record the host key of %s: %s"), path, host,
                   g_strerror (saved_errno));
      return FALSE;
    }

  /* A last line without its newline would otherwise swallow ours. */
  if (fstat (fd, &st) == 0 && st.st_size > 0 && pread (fd, &last, 1, st.st_size - 1) != 1)
    last = '\n';
  text = g_strdup_printf ("%s%s %s %s\n", last == '\n' ? "" : "\n", hosts, key_type, encoded);

  if (!write_all (fd, text, strlen (text)))
    {
      saved_errno = errno;
      close (fd);
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   _("Could not record the host key of %s in %s: %s"), host, path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (close (fd) != 0)
    {
      saved_errno = errno;
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   _("Could not record the host key of %s in %s: %s"), host, path,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}
