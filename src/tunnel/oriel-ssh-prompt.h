#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  ORIEL_SSH_PROMPT_HOST_KEY,        /* unknown host: accept its key? */
  ORIEL_SSH_PROMPT_PASSWORD,
  ORIEL_SSH_PROMPT_PASSPHRASE,      /* of a private key file */
  ORIEL_SSH_PROMPT_KBD_INTERACTIVE, /* one question of the server's */
} OrielSshPromptKind;

#define ORIEL_TYPE_SSH_PROMPT (oriel_ssh_prompt_get_type ())
G_DECLARE_FINAL_TYPE (OrielSshPrompt, oriel_ssh_prompt, ORIEL, SSH_PROMPT, GObject)

/* A question the SSH worker needs a person to answer. It is asked on the
 * main thread; the worker waits for oriel_ssh_prompt_reply(). */
OrielSshPrompt     *oriel_ssh_prompt_new          (OrielSshPromptKind kind,
                                                   const char        *host_label,
                                                   const char        *text,
                                                   gboolean           echo);
OrielSshPromptKind  oriel_ssh_prompt_get_kind     (OrielSshPrompt *self);
const char         *oriel_ssh_prompt_get_host     (OrielSshPrompt *self);
const char         *oriel_ssh_prompt_get_text     (OrielSshPrompt *self);
gboolean            oriel_ssh_prompt_get_echo     (OrielSshPrompt *self);
void                oriel_ssh_prompt_set_host_key (OrielSshPrompt *self,
                                                   const char     *key_type,
                                                   const char     *fingerprint);
const char         *oriel_ssh_prompt_get_key_type (OrielSshPrompt *self);
const char         *oriel_ssh_prompt_get_fingerprint (OrielSshPrompt *self);
void                oriel_ssh_prompt_reply        (OrielSshPrompt *self,
                                                   const char     *answer);
char               *oriel_ssh_prompt_wait         (OrielSshPrompt *self,
                                                   GCancellable   *cancellable);

G_END_DECLS
