#define G_LOG_DOMAIN "oriel-tunnel"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "oriel-error.h"
#include "oriel-known-hosts.h"
#include "oriel-ssh-session-private.h"

/* The worker's first part: TCP, SSH handshake, host key, login. Runs in
 * the session's thread; asks people only through oriel_ssh_worker_ask(). */

/* Not open to the Terrapin prefix attack: no chacha20-poly1305 and no
 * encrypt-then-MAC (libssh2 1.10 has neither anyway; this keeps it so). */
#define CIPHERS "aes256-ctr,aes192-ctr,aes128-ctr"
#define MACS "hmac-sha2-256,hmac-sha2-512,hmac-sha1"
#define KEX "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256," \
            "ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group16-sha512," \
            "diffie-hellman-group14-sha256"
#define HOSTKEYS "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521," \
                 "rsa-sha2-512,rsa-sha2-256,ssh-rsa"

#define CONNECT_TIMEOUT_S 20
#define MAX_PASSWORD_TRIES 3

/* Whole sentences, so that a translation can order its words freely. */
GError *
oriel_ssh_error_from_session (OrielSshSession *self, OrielSshStep step)
{
  char *message = NULL;
  g_autofree char *label = oriel_ssh_target_describe (self->target);
  const char *reason;

  if (self->ssh != NULL)
    libssh2_session_last_error (self->ssh, &message, NULL, 0);
  reason = message && *message ? message : _("the connection failed");
  switch (step)
    {
    case ORIEL_SSH_STEP_START:
      /* Translators: an SSH user and host, then libssh2's reason (English) */
      return g_error_new (ORIEL_ERROR, ORIEL_ERROR_FAILED, _("Could not start SSH with %s: %s"),
                          label, reason);
    case ORIEL_SSH_STEP_LOGIN:
      /* Translators: an SSH user and host, then libssh2's reason (English) */
      return g_error_new (ORIEL_ERROR, ORIEL_ERROR_FAILED, _("Could not log in to %s: %s"),
                          label, reason);
    case ORIEL_SSH_STEP_CHANNEL:
      /* Translators: an SSH user and host, then libssh2's reason (English) */
      return g_error_new (ORIEL_ERROR, ORIEL_ERROR_FAILED, _("Could not open a channel to %s: %s"),
                          label, reason);
    case ORIEL_SSH_STEP_COMMAND:
    default:
      /* Translators: an SSH user and host, then libssh2's reason (English) */
      return g_error_new (ORIEL_ERROR, ORIEL_ERROR_FAILED, _("Could not run a command on %s: %s"),
                          label, reason);
    }
}

/* Waits until libssh2 can go on; -1 when cancelled or timed out. */
int
oriel_ssh_wait_socket (OrielSshSession *self, int timeout_ms)
{
  struct pollfd fds[2] = { { self->sock, 0, 0 }, { self->wake_fds[0], POLLIN, 0 } };
  int dir = libssh2_session_block_directions (self->ssh);
  int rc;

  if (dir & LIBSSH2_SESSION_BLOCK_INBOUND)
    fds[0].events |= POLLIN;
  if (dir & LIBSSH2_SESSION_BLOCK_OUTBOUND)
    fds[0].events |= POLLOUT;
  if (fds[0].events == 0)
    fds[0].events = POLLIN;

  do
    rc = poll (fds, 2, timeout_ms);
  while (rc < 0 && errno == EINTR);
  if (rc <= 0 || g_cancellable_is_cancelled (self->cancellable))
    return -1;
  if (fds[1].revents & POLLIN)
    {
      char buf[64];
      while (read (self->wake_fds[0], buf, sizeof buf) > 0)
        ;
    }
  if (fds[0].revents & POLLIN)
    self->last_inbound = g_get_monotonic_time ();
  return 0;
}

/* Runs a libssh2 call until it stops saying EAGAIN. */
#define SSH_RETRY(self, rc, call)                                        \
  do                                                                     \
    {                                                                    \
      while (((rc) = (call)) == LIBSSH2_ERROR_EAGAIN)                    \
        if (oriel_ssh_wait_socket ((self), CONNECT_TIMEOUT_S * 1000) < 0) \
          break;                                                         \
    }                                                                    \
  while (0)

static gboolean
cancelled (OrielSshSession *self, GError **error)
{
  g_autofree char *label = oriel_ssh_target_describe (self->target);

  if (!g_cancellable_is_cancelled (self->cancellable))
    return FALSE;
  g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_CANCELLED,
               _("The connection to %s was cancelled."), label);
  return TRUE;
}

static gboolean
connect_tcp (OrielSshSession *self, GError **error)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  GSocket *socket;
  int one = 1;

  g_socket_client_set_timeout (client, CONNECT_TIMEOUT_S);
  connection = g_socket_client_connect_to_host (client, self->target->hostname,
                                                self->target->port, self->cancellable, error);
  if (connection == NULL)
    {
      g_autofree char *label = oriel_ssh_target_describe (self->target);
      g_prefix_error (error, _("Could not reach %s: "), label);
      return FALSE;
    }
  socket = g_socket_connection_get_socket (connection);
  self->sock = fcntl (g_socket_get_fd (socket), F_DUPFD_CLOEXEC, 3);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  if (self->sock < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "%s", g_strerror (errno));
      return FALSE;
    }
  /* small interactive messages; and let the kernel notice a dead peer too */
  setsockopt (self->sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt (self->sock, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
  fcntl (self->sock, F_SETFL, fcntl (self->sock, F_GETFL) | O_NONBLOCK);
  return TRUE;
}

static const char *
key_type_name (int type)
{
  switch (type)
    {
    case LIBSSH2_HOSTKEY_TYPE_RSA:
      return "ssh-rsa";
    case LIBSSH2_HOSTKEY_TYPE_DSS:
      return "ssh-dss";
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_256:
      return "ecdsa-sha2-nistp256";
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_384:
      return "ecdsa-sha2-nistp384";
    case LIBSSH2_HOSTKEY_TYPE_ECDSA_521:
      return "ecdsa-sha2-nistp521";
    case LIBSSH2_HOSTKEY_TYPE_ED25519:
      return "ssh-ed25519";
    default:
      return NULL;
    }
}

static OrielKnownHosts *
load_known_hosts (OrielSshSession *self)
{
  OrielKnownHosts *known = oriel_known_hosts_new ();

  for (guint i = 0; self->target->known_hosts_files && self->target->known_hosts_files[i]; i++)
    {
      g_autoptr (GError) error = NULL;

      if (!oriel_known_hosts_load_file (known, self->target->known_hosts_files[i], &error))
        g_debug ("%s", error->message);
    }
  oriel_known_hosts_load_file (known, "/etc/ssh/ssh_known_hosts", NULL);
  return known;
}

/* Only methods this libssh2 has: 1.10 drops unknown names from a
 * preference list with an overlapping memcpy (AddressSanitizer saw it). */
static void
set_method_pref (LIBSSH2_SESSION *ssh, int method, const char *wanted)
{
  g_auto (GStrv) names = g_strsplit (wanted, ",", -1);
  g_autoptr (GString) usable = g_string_new (NULL);
  const char **algs = NULL;
  int n = libssh2_session_supported_algs (ssh, method, &algs);

  for (guint i = 0; names[i]; i++)
    for (int j = 0; j < n; j++)
      if (g_str_equal (names[i], algs[j]))
        {
          g_string_append_printf (usable, "%s%s", usable->len ? "," : "", names[i]);
          break;
        }
  if (algs != NULL)
    libssh2_free (ssh, algs);
  if (usable->len > 0)
    libssh2_session_method_pref (ssh, method, usable->str);
}

/* Prefers the key types already known for the host, as OpenSSH does, so a
 * host with an ed25519 and an RSA key is not "unknown" for the other one. */
static void
set_preferences (OrielSshSession *self, OrielKnownHosts *known)
{
  g_auto (GStrv) types = oriel_known_hosts_get_key_types (known, self->target->hostname,
                                                          self->target->port);
  g_autoptr (GString) hostkeys = g_string_new (NULL);
  g_auto (GStrv) all = g_strsplit (HOSTKEYS, ",", -1);

  for (guint i = 0; types && types[i]; i++)
    for (guint j = 0; all[j]; j++)
      if (g_str_equal (types[i], all[j])
          || (g_str_equal (types[i], "ssh-rsa") && g_str_has_prefix (all[j], "rsa-sha2-")))
        {
          if (!strstr (hostkeys->str, all[j]))
            g_string_append_printf (hostkeys, "%s%s", hostkeys->len ? "," : "", all[j]);
        }
  for (guint j = 0; all[j]; j++)
    if (!strstr (hostkeys->str, all[j]))
      g_string_append_printf (hostkeys, "%s%s", hostkeys->len ? "," : "", all[j]);

  set_method_pref (self->ssh, LIBSSH2_METHOD_KEX, KEX);
  set_method_pref (self->ssh, LIBSSH2_METHOD_HOSTKEY, hostkeys->str);
  set_method_pref (self->ssh, LIBSSH2_METHOD_CRYPT_CS, CIPHERS);
  set_method_pref (self->ssh, LIBSSH2_METHOD_CRYPT_SC, CIPHERS);
  set_method_pref (self->ssh, LIBSSH2_METHOD_MAC_CS, MACS);
  set_method_pref (self->ssh, LIBSSH2_METHOD_MAC_SC, MACS);
}

/* Before any authentication: a changed or revoked key ends it here. */
static gboolean
check_host_key (OrielSshSession *self, OrielKnownHosts *known, GError **error)
{
  g_autofree char *label = oriel_ssh_target_describe (self->target);
  g_autoptr (OrielKnownHostsEntry) conflict = NULL;
  g_autoptr (OrielSshPrompt) prompt = NULL;
  g_autoptr (GBytes) key = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *known_fingerprint = NULL;
  g_autofree char *answer = NULL;
  g_autoptr (GError) append_error = NULL;
  const char *blob;
  const char *type;
  const char *file;
  size_t len = 0;
  int raw_type = 0;

  blob = libssh2_session_hostkey (self->ssh, &len, &raw_type);
  type = key_type_name (raw_type);
  if (blob == NULL || type == NULL)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                   _("%s offered a host key of a kind Oriel cannot check."), label);
      return FALSE;
    }
  key = g_bytes_new (blob, len);
  fingerprint = oriel_host_key_fingerprint (key);

  switch (oriel_known_hosts_check (known, self->target->hostname, self->target->port, type, key,
                                   &conflict))
    {
    case ORIEL_HOST_KEY_MATCH:
      return TRUE;

    case ORIEL_HOST_KEY_REVOKED:
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_HOST_KEY,
                   _("The host key of %s (%s %s) is revoked in %s, line %u. Oriel will not "
                     "connect. Ask the host's administrator for its current key."),
                   label, type, fingerprint, conflict->file, conflict->line);
      return FALSE;

    case ORIEL_HOST_KEY_CHANGED:
      known_fingerprint = oriel_host_key_fingerprint (conflict->key);
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_HOST_KEY,
                   _("The host key of %s has changed. It is now %s %s, but %s, line %u says "
                     "%s. Someone may be intercepting the connection, or the host was "
                     "reinstalled. Oriel will not connect; check the new key with the host's "
                     "administrator, then remove the old line."),
                   label, type, fingerprint, conflict->file, conflict->line, known_fingerprint);
      return FALSE;

    case ORIEL_HOST_KEY_UNKNOWN:
    default:
      break;
    }

  prompt = oriel_ssh_prompt_new (ORIEL_SSH_PROMPT_HOST_KEY, label, NULL, TRUE);
  oriel_ssh_prompt_set_host_key (prompt, type, fingerprint);
  answer = oriel_ssh_worker_ask (self, prompt);
  if (g_strcmp0 (answer, "yes") != 0)
    {
      g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_CANCELLED,
                   _("The host key of %s was not accepted."), label);
      return FALSE;
    }

  file = self->target->known_hosts_files ? self->target->known_hosts_files[0] : NULL;
  if (file == NULL
      || !oriel_known_hosts_append (file, self->target->hostname, self->target->port, type, key,
                                    self->target->hash_known_hosts, &append_error))
    g_warning ("The host key of %s was accepted for this run but not saved: %s", label,
               append_error ? append_error->message : "no known_hosts file");
  return TRUE;
}

/* ------------------------------------------------------------ login --- */

static gboolean
try_agent (OrielSshSession *self)
{
  LIBSSH2_AGENT *agent;
  struct libssh2_agent_publickey *identity = NULL, *previous = NULL;
  gboolean ok = FALSE;
  int rc;

  if (g_getenv ("SSH_AUTH_SOCK") == NULL || (agent = libssh2_agent_init (self->ssh)) == NULL)
    return FALSE;
  if (libssh2_agent_connect (agent) == 0 && libssh2_agent_list_identities (agent) == 0)
    {
      while (!ok && libssh2_agent_get_identity (agent, &identity, previous) == 0)
        {
          SSH_RETRY (self, rc, libssh2_agent_userauth (agent, self->target->user, identity));
          ok = rc == 0;
          previous = identity;
        }
      libssh2_agent_disconnect (agent);
    }
  libssh2_agent_free (agent);
  return ok;
}

static gboolean
try_key_file (OrielSshSession *self, const char *path, GError **error)
{
  g_autofree char *label = oriel_ssh_target_describe (self->target);
  g_autofree char *what = g_strdup_printf ("passphrase:%s", path);
  g_autofree char *passphrase = oriel_ssh_secrets_lookup (self->target, what);
  int rc;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;

  for (guint tries = 0; tries <= MAX_PASSWORD_TRIES; tries++)
    {
      g_autoptr (OrielSshPrompt) prompt = NULL;

      SSH_RETRY (self, rc, libssh2_userauth_publickey_fromfile_ex (
                             self->ssh, self->target->user, strlen (self->target->user), NULL,
                             path, passphrase ? passphrase : ""));
      if (rc == 0)
        {
          if (passphrase != NULL)
            oriel_ssh_secrets_store (self->target, what, passphrase);
          return TRUE;
        }
      /* the server refused the key, or it is not a key: next method */
      if (rc != LIBSSH2_ERROR_FILE || cancelled (self, error))
        return FALSE;

      /* it could not be read: encrypted, so ask for its passphrase */
      if (passphrase != NULL)
        explicit_bzero (passphrase, strlen (passphrase));
      g_clear_pointer (&passphrase, g_free);
      prompt = oriel_ssh_prompt_new (ORIEL_SSH_PROMPT_PASSPHRASE, label, path, FALSE);
      passphrase = oriel_ssh_worker_ask (self, prompt);
      if (passphrase == NULL)
        {
          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_CANCELLED,
                       _("The login to %s was cancelled."), label);
          return FALSE;
        }
    }
  return FALSE;
}

static char *
ask_password (OrielSshSession *self, const char *text, gboolean retry)
{
  g_autofree char *label = oriel_ssh_target_describe (self->target);
  g_autoptr (OrielSshPrompt) prompt = NULL;
  g_autofree char *message = NULL;
  char *password;

  if (!retry && (password = oriel_ssh_secrets_lookup (self->target, "password")) != NULL)
    return password;
  message = retry ? g_strdup_printf (_("The password was not accepted. %s"), text)
                  : g_strdup (text);
  prompt = oriel_ssh_prompt_new (ORIEL_SSH_PROMPT_PASSWORD, label, message, FALSE);
  return oriel_ssh_worker_ask (self, prompt);
}

static gboolean
try_password (OrielSshSession *self, GError **error)
{
  g_autofree char *label = oriel_ssh_target_describe (self->target);
  /* Translators: shown above the password entry */
  g_autofree char *text = g_strdup_printf (_("Password for %s"), label);
  int rc;

  for (guint tries = 0; tries < MAX_PASSWORD_TRIES; tries++)
    {
      g_autofree char *password = ask_password (self, text, tries > 0);

      if (password == NULL)
        {
          g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_CANCELLED,
                       _("The login to %s was cancelled."), label);
          return FALSE;
        }
      SSH_RETRY (self, rc, libssh2_userauth_password_ex (self->ssh, self->target->user,
                                                         strlen (self->target->user), password,
                                                         strlen (password), NULL));
      if (rc == 0)
        oriel_ssh_secrets_store (self->target, "password", password);
      explicit_bzero (password, strlen (password));
      if (rc == 0)
        return TRUE;
      oriel_ssh_secrets_store (self->target, "password", NULL);
      if (rc != LIBSSH2_ERROR_AUTHENTICATION_FAILED || cancelled (self, error))
        return FALSE;
    }
  return FALSE;
}

typedef struct
{
  OrielSshSession *self;
  guint round;
  gboolean cancelled;
} KbdState;

static
LIBSSH2_USERAUTH_KBDINT_RESPONSE_FUNC (kbd_callback)
{
  KbdState *state = *abstract;
  OrielSshSession *self = state->self;
  g_autofree char *label = oriel_ssh_target_describe (self->target);

  for (int i = 0; i < num_prompts; i++)
    {
      g_autofree char *text = g_strndup (prompts[i].text, prompts[i].length);
      g_autofree char *answer = NULL;

      /* a lone hidden question is the password: asked once per host */
      if (num_prompts == 1 && !prompts[i].echo)
        answer = ask_password (self, g_strstrip (text), state->round > 0);
      else if (!state->cancelled)
        {
          g_autoptr (OrielSshPrompt) prompt =
            oriel_ssh_prompt_new (ORIEL_SSH_PROMPT_KBD_INTERACTIVE, label, text, prompts[i].echo);
          answer = oriel_ssh_worker_ask (self, prompt);
        }
      if (answer == NULL)
        state->cancelled = TRUE;
      else if (num_prompts == 1 && !prompts[i].echo)
        oriel_ssh_secrets_store (self->target, "password", answer);
      /* libssh2 frees the responses with free() */
      responses[i].text = strdup (answer ? answer : "");
      responses[i].length = answer ? strlen (answer) : 0;
      if (answer != NULL)
        explicit_bzero (answer, strlen (answer));
    }
  state->round++;
}

static gboolean
try_keyboard_interactive (OrielSshSession *self, GError **error)
{
  g_autofree char *label = oriel_ssh_target_describe (self->target);
  KbdState state = { self, 0, FALSE };
  void **abstract = libssh2_session_abstract (self->ssh);
  int rc;

  *abstract = &state;
  for (guint tries = 0; tries < MAX_PASSWORD_TRIES && !state.cancelled; tries++)
    {
      SSH_RETRY (self, rc, libssh2_userauth_keyboard_interactive_ex (
                             self->ssh, self->target->user, strlen (self->target->user),
                             kbd_callback));
      if (rc == 0)
        {
          *abstract = NULL;
          return TRUE;
        }
      oriel_ssh_secrets_store (self->target, "password", NULL);
      if (rc != LIBSSH2_ERROR_AUTHENTICATION_FAILED || cancelled (self, error))
        break;
    }
  *abstract = NULL;
  if (state.cancelled && error != NULL && *error == NULL)
    g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_CANCELLED,
                 _("The login to %s was cancelled."), label);
  return FALSE;
}

static gboolean
authenticate (OrielSshSession *self, GError **error)
{
  g_autofree char *label = oriel_ssh_target_describe (self->target);
  g_auto (GStrv) methods = NULL;
  char *list;

  do
    list = libssh2_userauth_list (self->ssh, self->target->user, strlen (self->target->user));
  while (list == NULL && libssh2_session_last_errno (self->ssh) == LIBSSH2_ERROR_EAGAIN
         && oriel_ssh_wait_socket (self, CONNECT_TIMEOUT_S * 1000) == 0);
  if (list == NULL)
    {
      if (libssh2_userauth_authenticated (self->ssh))
        return TRUE;  /* "none" was enough */
      *error = oriel_ssh_error_from_session (self, ORIEL_SSH_STEP_LOGIN);
      return FALSE;
    }
  methods = g_strsplit (list, ",", -1);
  g_debug ("%s offers %s", label, list);

  if (g_strv_contains ((const char *const *) methods, "publickey"))
    {
      if (try_agent (self))
        return TRUE;
      for (guint i = 0; self->target->identity_files && self->target->identity_files[i]; i++)
        {
          if (try_key_file (self, self->target->identity_files[i], error))
            return TRUE;
          if (error && *error)
            return FALSE;
        }
    }
  /* OpenSSH's order: the server's own questions (PAM, one-time codes)
   * before a plain password */
  if (g_strv_contains ((const char *const *) methods, "keyboard-interactive"))
    {
      if (try_keyboard_interactive (self, error))
        return TRUE;
      if (error && *error)
        return FALSE;
    }
  if (g_strv_contains ((const char *const *) methods, "password"))
    {
      if (try_password (self, error))
        return TRUE;
      if (error && *error)
        return FALSE;
    }

  g_set_error (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_FAILED,
               _("Could not log in to %s (it offers: %s). Load a key into ssh-agent, name one "
                 "with IdentityFile in ~/.ssh/config or keyfile= in the URI, or check the "
                 "password."),
               label, list);
  return FALSE;
}

gboolean
oriel_ssh_worker_connect (OrielSshSession *self, GError **error)
{
  g_autoptr (OrielKnownHosts) known = NULL;
  int rc;

  if (!connect_tcp (self, error))
    return FALSE;

  self->ssh = libssh2_session_init_ex (NULL, NULL, NULL, NULL);
  if (self->ssh == NULL)
    {
      g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_FAILED, _("Could not start SSH."));
      return FALSE;
    }
  libssh2_session_set_blocking (self->ssh, 0);
  known = load_known_hosts (self);
  set_preferences (self, known);

  SSH_RETRY (self, rc, libssh2_session_handshake (self->ssh, self->sock));
  if (rc != 0)
    {
      if (!cancelled (self, error))
        *error = oriel_ssh_error_from_session (self, ORIEL_SSH_STEP_START);
      return FALSE;
    }
  if (!check_host_key (self, known, error))
    return FALSE;
  if (!authenticate (self, error))
    {
      if (error && *error == NULL && !cancelled (self, error))
        *error = oriel_ssh_error_from_session (self, ORIEL_SSH_STEP_LOGIN);
      return FALSE;
    }
  /* keepalives asking for an answer, sent by the worker's stall watch only
   * (oriel-ssh-loop.c); the interval only stops libssh2 sending two at once */
  libssh2_keepalive_config (self->ssh, 1, 2);
  self->last_inbound = g_get_monotonic_time ();
  self->last_probe = 0;
  return TRUE;
}
