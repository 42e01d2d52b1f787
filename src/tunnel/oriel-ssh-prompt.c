#define G_LOG_DOMAIN "oriel-tunnel"

#include "config.h"

#include <string.h>

#include "oriel-ssh-prompt.h"

struct _OrielSshPrompt
{
  GObject parent_instance;

  OrielSshPromptKind kind;
  char *host;
  char *text;
  gboolean echo;
  char *key_type;
  char *fingerprint;

  GMutex lock;
  GCond cond;
  gboolean answered;
  char *answer;                 /* NULL after an answer: cancelled */
};

G_DEFINE_FINAL_TYPE (OrielSshPrompt, oriel_ssh_prompt, G_TYPE_OBJECT)

OrielSshPrompt *
oriel_ssh_prompt_new (OrielSshPromptKind kind, const char *host_label, const char *text,
                      gboolean echo)
{
  OrielSshPrompt *self = g_object_new (ORIEL_TYPE_SSH_PROMPT, NULL);

  self->kind = kind;
  self->host = g_strdup (host_label);
  self->text = g_strdup (text);
  self->echo = echo;
  return self;
}

OrielSshPromptKind
oriel_ssh_prompt_get_kind (OrielSshPrompt *self)
{
  return self->kind;
}

const char *
oriel_ssh_prompt_get_host (OrielSshPrompt *self)
{
  return self->host;
}

const char *
oriel_ssh_prompt_get_text (OrielSshPrompt *self)
{
  return self->text;
}

gboolean
oriel_ssh_prompt_get_echo (OrielSshPrompt *self)
{
  return self->echo;
}

void
oriel_ssh_prompt_set_host_key (OrielSshPrompt *self, const char *key_type, const char *fingerprint)
{
  g_free (self->key_type);
  g_free (self->fingerprint);
  self->key_type = g_strdup (key_type);
  self->fingerprint = g_strdup (fingerprint);
}

const char *
oriel_ssh_prompt_get_key_type (OrielSshPrompt *self)
{
  return self->key_type;
}

const char *
oriel_ssh_prompt_get_fingerprint (OrielSshPrompt *self)
{
  return self->fingerprint;
}

/* @answer: the text, "yes" to accept a host key, or NULL to cancel. Only
 * the first reply counts. */
void
oriel_ssh_prompt_reply (OrielSshPrompt *self, const char *answer)
{
  g_return_if_fail (ORIEL_IS_SSH_PROMPT (self));

  g_mutex_lock (&self->lock);
  if (!self->answered)
    {
      self->answered = TRUE;
      self->answer = g_strdup (answer);
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);
}

static void
cancelled_cb (GCancellable *cancellable, OrielSshPrompt *self)
{
  oriel_ssh_prompt_reply (self, NULL);
}

/* Worker side: blocks until answered or @cancellable fires.
 * Returns: (transfer full) (nullable): the answer; NULL means cancelled. */
char *
oriel_ssh_prompt_wait (OrielSshPrompt *self, GCancellable *cancellable)
{
  gulong id = 0;
  char *answer;

  if (cancellable != NULL)
    id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);
  g_mutex_lock (&self->lock);
  while (!self->answered)
    g_cond_wait (&self->cond, &self->lock);
  answer = g_steal_pointer (&self->answer);
  g_mutex_unlock (&self->lock);
  if (id != 0)
    g_cancellable_disconnect (cancellable, id);
  return answer;
}

static void
oriel_ssh_prompt_finalize (GObject *object)
{
  OrielSshPrompt *self = ORIEL_SSH_PROMPT (object);

  g_free (self->host);
  g_free (self->text);
  g_free (self->key_type);
  g_free (self->fingerprint);
  if (self->answer != NULL)
    explicit_bzero (self->answer, strlen (self->answer));
  g_free (self->answer);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (oriel_ssh_prompt_parent_class)->finalize (object);
}

static void
oriel_ssh_prompt_class_init (OrielSshPromptClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oriel_ssh_prompt_finalize;
}

static void
oriel_ssh_prompt_init (OrielSshPrompt *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}
