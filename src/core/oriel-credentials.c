#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include "oriel-credentials.h"
#include "oriel-util.h"

/* One authentication round of a libvirt connection. libvirt asks from the
 * thread that opens the connection; the request is shown on the main loop
 * and the opening thread waits here for the answer (or a cancel). */
typedef struct
{
  OrielCredentialKind kind;
  char *prompt;
  char *challenge;
  char *default_answer;
  char *answer;                 /* a secret for some kinds: wiped when freed */
} Item;

typedef enum
{
  PENDING,
  SUBMITTED,
  CANCELLED,
} State;

struct _OrielCredentials
{
  GObject parent_instance;

  char *uri;
  GArray *items;                /* of Item */
  GMutex lock;
  GCond cond;
  State state;
};

G_DEFINE_FINAL_TYPE (OrielCredentials, oriel_credentials, G_TYPE_OBJECT)

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_free (item->prompt);
  g_free (item->challenge);
  g_free (item->default_answer);
  oriel_secret_free (item->answer);
}

static void
oriel_credentials_finalize (GObject *object)
{
  OrielCredentials *self = ORIEL_CREDENTIALS (object);

  g_array_unref (self->items);
  g_free (self->uri);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (oriel_credentials_parent_class)->finalize (object);
}

static void
oriel_credentials_class_init (OrielCredentialsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oriel_credentials_finalize;
}

static void
oriel_credentials_init (OrielCredentials *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, item_clear);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
}

/* @uri: the connection asking, for the prompt's title */
OrielCredentials *
oriel_credentials_new (const char *uri)
{
  OrielCredentials *self = g_object_new (ORIEL_TYPE_CREDENTIALS, NULL);

  self->uri = g_strdup (uri);
  return self;
}

void
oriel_credentials_add (OrielCredentials *self, OrielCredentialKind kind, const char *prompt,
                       const char *challenge, const char *default_answer)
{
  Item item = { kind, g_strdup (prompt), g_strdup (challenge), g_strdup (default_answer), NULL };

  g_return_if_fail (ORIEL_IS_CREDENTIALS (self));
  g_array_append_val (self->items, item);
}

const char *
oriel_credentials_get_uri (OrielCredentials *self)
{
  g_return_val_if_fail (ORIEL_IS_CREDENTIALS (self), NULL);
  return self->uri;
}

guint
oriel_credentials_get_n_items (OrielCredentials *self)
{
  g_return_val_if_fail (ORIEL_IS_CREDENTIALS (self), 0);
  return self->items->len;
}

static Item *
get_item (OrielCredentials *self, guint index)
{
  g_return_val_if_fail (ORIEL_IS_CREDENTIALS (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  return &g_array_index (self->items, Item, index);
}

OrielCredentialKind
oriel_credentials_get_kind (OrielCredentials *self, guint index)
{
  Item *item = get_item (self, index);

  return item ? item->kind : ORIEL_CREDENTIAL_EXTERNAL;
}

const char *
oriel_credentials_get_prompt (OrielCredentials *self, guint index)
{
  Item *item = get_item (self, index);

  return item ? item->prompt : NULL;
}

const char *
oriel_credentials_get_challenge (OrielCredentials *self, guint index)
{
  Item *item = get_item (self, index);

  return item ? item->challenge : NULL;
}

const char *
oriel_credentials_get_default (OrielCredentials *self, guint index)
{
  Item *item = get_item (self, index);

  return item ? item->default_answer : NULL;
}

/* The answer must not be shown as typed. */
gboolean
oriel_credentials_is_secret (OrielCredentials *self, guint index)
{
  OrielCredentialKind kind = oriel_credentials_get_kind (self, index);

  return kind == ORIEL_CREDENTIAL_PASSPHRASE || kind == ORIEL_CREDENTIAL_SECRET_PROMPT;
}

/* EXTERNAL asks nothing of the person: the check happens elsewhere (a
 * polkit agent), and libvirt only wants to know it may go on. */
gboolean
oriel_credentials_needs_answer (OrielCredentials *self, guint index)
{
  return oriel_credentials_get_kind (self, index) != ORIEL_CREDENTIAL_EXTERNAL;
}

void
oriel_credentials_set_answer (OrielCredentials *self, guint index, const char *answer)
{
  Item *item = get_item (self, index);

  if (item == NULL)
    return;
  g_mutex_lock (&self->lock);
  oriel_secret_free (item->answer);
  item->answer = g_strdup (answer);
  g_mutex_unlock (&self->lock);
}

/* Returns: (nullable): the answer, or NULL when none was given */
const char *
oriel_credentials_get_answer (OrielCredentials *self, guint index)
{
  Item *item = get_item (self, index);

  return item ? item->answer : NULL;
}

static void
finish (OrielCredentials *self, State state)
{
  g_mutex_lock (&self->lock);
  if (self->state == PENDING)
    self->state = state;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* The answers are complete: the waiting connection goes on. */
void
oriel_credentials_submit (OrielCredentials *self)
{
  g_return_if_fail (ORIEL_IS_CREDENTIALS (self));
  finish (self, SUBMITTED);
}

/* Nobody will answer: the connection fails as cancelled. */
void
oriel_credentials_cancel (OrielCredentials *self)
{
  g_return_if_fail (ORIEL_IS_CREDENTIALS (self));
  finish (self, CANCELLED);
}

static void
cancelled_cb (GCancellable *cancellable, OrielCredentials *self)
{
  oriel_credentials_cancel (self);
}

/* Blocks the calling thread (never the main one) until the request is
 * submitted or cancelled. Returns: TRUE when submitted */
gboolean
oriel_credentials_wait (OrielCredentials *self, GCancellable *cancellable)
{
  gulong handler = 0;
  gboolean submitted;

  g_return_val_if_fail (ORIEL_IS_CREDENTIALS (self), FALSE);

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);
  g_mutex_lock (&self->lock);
  while (self->state == PENDING)
    g_cond_wait (&self->cond, &self->lock);
  submitted = self->state == SUBMITTED;
  g_mutex_unlock (&self->lock);
  g_cancellable_disconnect (cancellable, handler);
  return submitted;
}

gboolean
oriel_credentials_was_cancelled (OrielCredentials *self)
{
  gboolean cancelled;

  g_return_val_if_fail (ORIEL_IS_CREDENTIALS (self), FALSE);
  g_mutex_lock (&self->lock);
  cancelled = self->state == CANCELLED;
  g_mutex_unlock (&self->lock);
  return cancelled;
}
