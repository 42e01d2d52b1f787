#define G_LOG_DOMAIN "oriel-tunnel"

#include "config.h"

#include <glob.h>
#include <pwd.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "oriel-error.h"
#include "oriel-ssh-config.h"

/* The OpenSSH client configuration, ssh_config(5), for the few options
 * Oriel uses, so that "ssh host" and Oriel reach the same machine as the
 * same user with the same keys. Where the manual is vague this follows what
 * ssh -G prints (OpenSSH 9): Host patterns are matched case-sensitively
 * against the name as given, a repeated IdentityFile is listed once, and
 * UserKnownHostsFile, like every option but IdentityFile, keeps its first
 * value (one line may name several files). ssh stops at a malformed line;
 * Oriel skips it, with a debug message, and reads on. */

#define SSH_DEFAULT_PORT 22
#define MAX_INCLUDE_DEPTH 16    /* as OpenSSH's READCONF_MAX_DEPTH */

typedef struct
{
  char *text;
  char *where;                  /* "file:line", for messages */
} Value;

typedef struct
{
  const char *host;
  const char *include_dir;      /* where relative Include paths start */

  char *hostname;
  char *user;
  int port;
  GPtrArray *identity_files;    /* of Value, unexpanded */
  GPtrArray *known_hosts_files; /* of Value, unexpanded; NULL until set */
  int hash_known_hosts;
  int connect_timeout;
  int server_alive_interval;
} Parser;

G_DEFINE_BOXED_TYPE (OrielSshConfig, oriel_ssh_config, oriel_ssh_config_copy,
                     oriel_ssh_config_free)

OrielSshConfig *
oriel_ssh_config_copy (const OrielSshConfig *config)
{
  OrielSshConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_new0 (OrielSshConfig, 1);
  *copy = *config;
  copy->hostname = g_strdup (config->hostname);
  copy->user = g_strdup (config->user);
  copy->identity_files = g_strdupv (config->identity_files);
  copy->user_known_hosts_files = g_strdupv (config->user_known_hosts_files);
  return copy;
}

void
oriel_ssh_config_free (OrielSshConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->hostname);
  g_free (config->user);
  g_strfreev (config->identity_files);
  g_strfreev (config->user_known_hosts_files);
  g_free (config);
}

static void
value_free (Value *value)
{
  g_free (value->text);
  g_free (value->where);
  g_free (value);
}

static Value *
value_new (const char *text, const char *file, guint number)
{
  Value *value = g_new0 (Value, 1);

  value->text = g_strdup (text);
  value->where = g_strdup_printf ("%s:%u", file, number);
  return value;
}

static void
parser_clear (Parser *parser)
{
  g_clear_pointer (&parser->hostname, g_free);
  g_clear_pointer (&parser->user, g_free);
  g_clear_pointer (&parser->identity_files, g_ptr_array_unref);
  g_clear_pointer (&parser->known_hosts_files, g_ptr_array_unref);
}

/* Splits arguments as OpenSSH's argv_split() does: words apart at blanks,
 * "..." and '...' quote, a backslash keeps a following quote, backslash or
 * (unquoted) space literal, and a word starting with # ends the line.
 * Returns NULL on an unterminated quote. */
static GStrv
split_args (const char *text)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const char *p = text;

  for (;;)
    {
      g_autoptr (GString) word = NULL;
      char quote = 0;

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0' || *p == '#')
        break;

      word = g_string_new (NULL);
      for (; *p != '\0'; p++)
        {
          if (*p == '\\'
              && (p[1] == '\'' || p[1] == '"' || p[1] == '\\' || (quote == 0 && p[1] == ' ')))
            g_string_append_c (word, *++p);
          else if (quote == 0 && (*p == ' ' || *p == '\t'))
            break;
          else if (quote == 0 && (*p == '"' || *p == '\''))
            quote = *p;
          else if (quote != 0 && *p == quote)
            quote = 0;
          else
            g_string_append_c (word, *p);
        }
      if (quote != 0)
        return NULL;
      g_strv_builder_add (builder, word->str);
    }
  return g_strv_builder_end (builder);
}

/* "~" and "~/x" are the home folder, "~name/x" that user's. */
static char *
expand_tilde (const char *path)
{
  const char *slash;
  g_autofree char *name = NULL;
  struct passwd pw, *result = NULL;
  char buffer[4096];

  if (path[0] != '~')
    return g_strdup (path);

  slash = strchr (path, '/');
  if (path[1] == '\0' || path[1] == '/')
    return g_strconcat (g_get_home_dir (), slash ? slash : "", NULL);

  name = slash ? g_strndup (path + 1, slash - path - 1) : g_strdup (path + 1);
  if (getpwnam_r (name, &pw, buffer, sizeof buffer, &result) != 0 || result == NULL)
    return NULL;
  return g_strconcat (pw.pw_dir, slash ? slash : "", NULL);
}

typedef struct
{
  const char *home;
  const char *local_user;
  const char *hostname;
  const char *remote_user;
  const char *port;
} Tokens;

/* ~, then %-tokens and ${VAR}, in the order ssh expands them. */
static char *
expand_path (const Value *value, const Tokens *tokens)
{
  g_autofree char *path = expand_tilde (value->text);
  g_autoptr (GString) out = NULL;

  if (path == NULL)
    {
      g_debug ("%s: skipped %s: no such user", value->where, value->text);
      return NULL;
    }

  out = g_string_new (NULL);
  for (const char *p = path; *p != '\0'; p++)
    {
      if (*p == '%')
        {
          p++;
          switch (*p)
            {
            case '%':
              g_string_append_c (out, '%');
              break;
            case 'd':
              g_string_append (out, tokens->home);
              break;
            case 'u':
              g_string_append (out, tokens->local_user);
              break;
            case 'h':
              g_string_append (out, tokens->hostname);
              break;
            case 'r':
              g_string_append (out, tokens->remote_user);
              break;
            case 'p':
              g_string_append (out, tokens->port);
              break;
            default:
              g_debug ("%s: skipped %s: Oriel does not expand %%%c", value->where, value->text,
                       *p ? *p : ' ');
              return NULL;
            }
        }
      else if (p[0] == '$' && p[1] == '{')
        {
          const char *end = strchr (p, '}');
          g_autofree char *name = NULL;
          const char *env;

          if (end == NULL)
            {
              g_debug ("%s: skipped %s: unterminated ${", value->where, value->text);
              return NULL;
            }
          name = g_strndup (p + 2, end - p - 2);
          env = g_getenv (name);
          if (env == NULL)
            {
              g_debug ("%s: skipped %s: %s is not set", value->where, value->text, name);
              return NULL;
            }
          g_string_append (out, env);
          p = end;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* HostName knows only %h, the name as given, and %%. */
static char *
expand_hostname (const char *text, const char *host)
{
  g_autoptr (GString) out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p != '%')
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
      if (*p == 'h')
        g_string_append (out, host);
      else if (*p == '%')
        g_string_append_c (out, '%');
      else
        return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ConnectTimeout and ServerAliveInterval: "90", "1m30s", ... or "none". */
static gboolean
parse_time (const char *text, int *seconds)
{
  gint64 total = 0;
  const char *p = text;

  if (g_ascii_strcasecmp (text, "none") == 0)
    {
      *seconds = 0;
      return TRUE;
    }
  if (*p == '\0')
    return FALSE;
  while (*p != '\0')
    {
      gint64 number = 0;
      gint64 unit;

      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        {
          number = number * 10 + (*p++ - '0');
          if (number > G_MAXINT)
            return FALSE;
        }
      switch (*p)
        {
        case '\0':
          unit = 1;
          break;
        case 's':
        case 'S':
          unit = 1;
          break;
        case 'm':
        case 'M':
          unit = 60;
          break;
        case 'h':
        case 'H':
          unit = 60 * 60;
          break;
        case 'd':
        case 'D':
          unit = 24 * 60 * 60;
          break;
        case 'w':
        case 'W':
          unit = 7 * 24 * 60 * 60;
          break;
        default:
          return FALSE;
        }
      if (*p != '\0')
        p++;
      total += number * unit;
      if (total > G_MAXINT)
        return FALSE;
    }
  *seconds = (int) total;
  return TRUE;
}

/* A Host line applies when a pattern matches and no negated one does. */
static gboolean
host_matches (const char *host, char **patterns)
{
  gboolean matched = FALSE;

  for (guint i = 0; patterns[i] != NULL; i++)
    {
      const char *pattern = patterns[i];
      gboolean negated = pattern[0] == '!';

      if (negated)
        pattern++;
      if (!g_pattern_match_simple (pattern, host))
        continue;
      if (negated)
        return FALSE;
      matched = TRUE;
    }
  return matched;
}

static gboolean read_file (Parser *parser, const char *path, gboolean top, guint depth,
                           GError **error);

static gboolean
include_files (Parser *parser, char **args, const char *where, guint depth, GError **error)
{
  for (guint i = 0; args[i] != NULL; i++)
    {
      g_autofree char *expanded = expand_tilde (args[i]);
      g_autofree char *pattern = NULL;
      glob_t matches;
      int status;

      if (expanded == NULL)
        {
          g_debug ("%s: Include %s skipped: no such user", where, args[i]);
          continue;
        }
      if (g_path_is_absolute (expanded))
        pattern = g_steal_pointer (&expanded);
      else
        pattern = g_build_filename (parser->include_dir, expanded, NULL);

      status = glob (pattern, 0, NULL, &matches);
      if (status == GLOB_NOMATCH)
        {
          g_debug ("%s: Include %s matches no file", where, pattern);
          continue;
        }
      if (status != 0)
        {
          g_debug ("%s: Include %s skipped: it cannot be expanded", where, pattern);
          continue;
        }
      for (gsize j = 0; j < matches.gl_pathc; j++)
        {
          const char *path = matches.gl_pathv[j];

          if (g_file_test (path, G_FILE_TEST_IS_DIR))
            {
              g_debug ("%s: Include skipped %s: it is a folder", where, path);
              continue;
            }
          if (!read_file (parser, path, FALSE, depth + 1, error))
            {
              globfree (&matches);
              return FALSE;
            }
        }
      globfree (&matches);
    }
  return TRUE;
}

static void
set_string (char **field, const char *value)
{
  if (*field == NULL)
    *field = g_strdup (value);
}

static void
set_int (int *field, int value, int unset)
{
  if (*field == unset)
    *field = value;
}

/* One line; *active says whether the current Host block applies. Only a
 * broken Include stops the reading. */
static gboolean
process_line (Parser *parser, const char *file, guint number, const char *line,
              gboolean *active, guint depth, GError **error)
{
  g_auto (GStrv) args = NULL;
  g_autofree char *keyword = NULL;
  g_autofree char *where = g_strdup_printf ("%s:%u", file, number);
  const char *p = line;
  const char *start;
  const char *arg;
  guint n_args;

  while (*p == ' ' || *p == '\t' || *p == '\f')
    p++;
  if (*p == '\0' || *p == '#')
    return TRUE;

  /* "Keyword value", "Keyword=value" or "Keyword = value" */
  start = p;
  while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '=')
    p++;
  keyword = g_strndup (start, p - start);
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '=')
    p++;

  args = split_args (p);
  if (args == NULL)
    {
      g_debug ("%s: skipped: unterminated quote", where);
      return TRUE;
    }
  n_args = g_strv_length (args);
  if (n_args == 0)
    {
      g_debug ("%s: skipped: %s has no value", where, keyword);
      /* A broken block header must not leave the previous block applying. */
      if (g_ascii_strcasecmp (keyword, "Host") == 0 || g_ascii_strcasecmp (keyword, "Match") == 0)
        *active = FALSE;
      return TRUE;
    }
  arg = args[0];

  if (g_ascii_strcasecmp (keyword, "Host") == 0)
    {
      *active = host_matches (parser->host, args);
      return TRUE;
    }
  if (g_ascii_strcasecmp (keyword, "Match") == 0)
    {
      g_debug ("%s: Match blocks are not supported; skipping this one", where);
      *active = FALSE;
      return TRUE;
    }
  if (g_ascii_strcasecmp (keyword, "Include") == 0)
    {
      if (!*active)
        return TRUE;
      if (depth + 1 >= MAX_INCLUDE_DEPTH)
        {
          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                       /* Translators: %s is "file:line" in an SSH configuration file */
                       _("The SSH configuration includes files more than %d levels deep at %s; "
                         "check its Include lines for a loop"),
                       MAX_INCLUDE_DEPTH, where);
          return FALSE;
        }
      return include_files (parser, args, where, depth, error);
    }
  if (g_ascii_strcasecmp (keyword, "UserKnownHostsFile") == 0)
    {
      if (*active && parser->known_hosts_files == NULL)
        {
          parser->known_hosts_files = g_ptr_array_new_with_free_func ((GDestroyNotify) value_free);
          for (guint i = 0; args[i] != NULL; i++)
            g_ptr_array_add (parser->known_hosts_files, value_new (args[i], file, number));
        }
      return TRUE;
    }

  /* The rest take exactly one value. */
  if (!*active)
    return TRUE;
  if (g_ascii_strcasecmp (keyword, "HostName") != 0 && g_ascii_strcasecmp (keyword, "User") != 0
      && g_ascii_strcasecmp (keyword, "Port") != 0
      && g_ascii_strcasecmp (keyword, "IdentityFile") != 0
      && g_ascii_strcasecmp (keyword, "HashKnownHosts") != 0
      && g_ascii_strcasecmp (keyword, "ConnectTimeout") != 0
      && g_ascii_strcasecmp (keyword, "ServerAliveInterval") != 0)
    return TRUE;                /* an option Oriel has no use for */
  if (n_args > 1)
    {
      g_debug ("%s: skipped: %s takes one value", where, keyword);
      return TRUE;
    }

  if (g_ascii_strcasecmp (keyword, "HostName") == 0)
    {
      g_autofree char *hostname = expand_hostname (arg, parser->host);

      if (hostname == NULL)
        g_debug ("%s: skipped: HostName may only contain %%h and %%%%", where);
      else
        set_string (&parser->hostname, hostname);
    }
  else if (g_ascii_strcasecmp (keyword, "User") == 0)
    set_string (&parser->user, arg);
  else if (g_ascii_strcasecmp (keyword, "Port") == 0)
    {
      guint64 port;

      if (!g_ascii_string_to_unsigned (arg, 10, 1, 65535, &port, NULL))
        g_debug ("%s: skipped: %s is not a port number", where, arg);
      else
        set_int (&parser->port, (int) port, 0);
    }
  else if (g_ascii_strcasecmp (keyword, "IdentityFile") == 0)
    g_ptr_array_add (parser->identity_files, value_new (arg, file, number));
  else if (g_ascii_strcasecmp (keyword, "HashKnownHosts") == 0)
    {
      if (g_ascii_strcasecmp (arg, "yes") == 0)
        set_int (&parser->hash_known_hosts, 1, -1);
      else if (g_ascii_strcasecmp (arg, "no") == 0)
        set_int (&parser->hash_known_hosts, 0, -1);
      else
        g_debug ("%s: skipped: HashKnownHosts is yes or no, not %s", where, arg);
    }
  else
    {
      int seconds;
      int *field = g_ascii_strcasecmp (keyword, "ConnectTimeout") == 0
                     ? &parser->connect_timeout
                     : &parser->server_alive_interval;

      if (!parse_time (arg, &seconds))
        g_debug ("%s: skipped: %s is not a time", where, arg);
      else
        set_int (field, seconds, -1);
    }
  return TRUE;
}

static gboolean
read_file (Parser *parser, const char *path, gboolean top, guint depth, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_auto (GStrv) lines = NULL;
  gboolean active = TRUE;       /* lines before the first Host apply to all */
  gsize len;
  GStatBuf st;

  /* A FIFO or terminal (an Include of /dev/stdin, say) would block the
   * reader for ever: only regular files are configuration. */
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_debug ("%s: not a regular file; passed over", path);
      return TRUE;
    }
  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      /* ssh itself passes over an unreadable top-level file, but refuses an
       * unreadable Include. */
      if (top)
        {
          g_debug ("%s: not read: %s", path, local_error->message);
          return TRUE;
        }
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   /* Translators: the first %s is a path, the second why it failed */
                   _("Could not read the SSH configuration file %s: %s"), path,
                   local_error->message);
      return FALSE;
    }
  if (strlen (data) != len)
    {
      g_debug ("%s: not read: it contains NUL bytes", path);
      return TRUE;
    }

  lines = g_strsplit (data, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize line_len = strlen (line);

      if (line_len > 0 && line[line_len - 1] == '\r')
        line[line_len - 1] = '\0';
      if (!g_utf8_validate (line, -1, NULL))
        {
          g_debug ("%s:%u: skipped: not valid UTF-8", path, i + 1);
          continue;
        }
      if (!process_line (parser, path, i + 1, line, &active, depth, error))
        return FALSE;
    }
  return TRUE;
}

static GStrv
expand_paths (GPtrArray *values, const Tokens *tokens, gboolean drop_none)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      const Value *value = g_ptr_array_index (values, i);
      char *path;

      if (drop_none && g_ascii_strcasecmp (value->text, "none") == 0)
        continue;
      path = expand_path (value, tokens);
      if (path == NULL)
        continue;
      if (!g_hash_table_add (seen, path))
        continue;               /* listed once, as ssh does */
      g_strv_builder_add (builder, path);
    }
  return g_strv_builder_end (builder);
}

/**
 * oriel_ssh_config_lookup_full:
 * @paths: configuration files in order of precedence, usually
 *   ~/.ssh/config then /etc/ssh/ssh_config
 * @host: the host name as the person gave it
 * @user_or_null: the user the person asked for, which wins over User
 * @port_or_zero: the port the person asked for, which wins over Port
 *
 * Reads @paths as ssh does for @host. Missing files are skipped. A
 * relative Include is taken from the folder of the top-level file that
 * leads to it (~/.ssh for the user's file, /etc/ssh for the system one).
 *
 * Returns: (transfer full): the options for @host, or %NULL with @error
 * set when an included file cannot be read or Include nests too deep
 */
OrielSshConfig *
oriel_ssh_config_lookup_full (const char *const *paths, const char *host,
                              const char *user_or_null, guint16 port_or_zero, GError **error)
{
  g_autoptr (OrielSshConfig) config = NULL;
  Parser parser = {
    .host = host,
    .hash_known_hosts = -1,
    .connect_timeout = -1,
    .server_alive_interval = -1,
  };
  g_autofree char *port = NULL;
  Tokens tokens;

  g_return_val_if_fail (host != NULL && g_utf8_validate (host, -1, NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser.identity_files = g_ptr_array_new_with_free_func ((GDestroyNotify) value_free);
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autofree char *dir = g_path_get_dirname (paths[i]);

      parser.include_dir = dir;
      if (!read_file (&parser, paths[i], TRUE, 0, error))
        {
          parser_clear (&parser);
          return NULL;
        }
    }

  config = g_new0 (OrielSshConfig, 1);
  /* ssh lower-cases the name it connects to, and %h is that name. */
  config->hostname = g_ascii_strdown (parser.hostname ? parser.hostname : host, -1);
  config->user = g_strdup (user_or_null ? user_or_null : parser.user);
  config->port = port_or_zero ? port_or_zero : parser.port;
  config->hash_known_hosts = parser.hash_known_hosts;
  config->connect_timeout = parser.connect_timeout;
  config->server_alive_interval = parser.server_alive_interval;

  port = g_strdup_printf ("%d", config->port ? config->port : SSH_DEFAULT_PORT);
  tokens.home = g_get_home_dir ();
  tokens.local_user = g_get_user_name ();
  tokens.hostname = config->hostname;
  tokens.remote_user = config->user ? config->user : tokens.local_user;
  tokens.port = port;
  config->identity_files = expand_paths (parser.identity_files, &tokens, TRUE);
  config->user_known_hosts_files = expand_paths (parser.known_hosts_files, &tokens, FALSE);

  parser_clear (&parser);
  return g_steal_pointer (&config);
}

/**
 * oriel_ssh_config_lookup:
 *
 * As oriel_ssh_config_lookup_full() with no port of the caller's.
 */
OrielSshConfig *
oriel_ssh_config_lookup (const char *const *paths, const char *host, const char *user_or_null,
                         GError **error)
{
  return oriel_ssh_config_lookup_full (paths, host, user_or_null, 0, error);
}
