#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-error.h"
#include "oriel-libvirt-open.h"

/* libvirt-gobject opens with virConnectOpen, which gives libvirt no way to
 * ask for credentials: SASL (qemu+tcp, qemu+tls) and polkit then fail. So
 * connections are opened here with virConnectOpenAuth and handed to
 * libvirt-gobject afterwards. */

static const int credential_types[] = {
  VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE, VIR_CRED_ECHOPROMPT,
  VIR_CRED_NOECHOPROMPT, VIR_CRED_REALM, VIR_CRED_EXTERNAL,
};

typedef struct
{
  const char *uri;
  GMainContext *context;
  OrielCredentialsFunc func;
  gpointer user_data;
  GCancellable *cancellable;
  gboolean cancelled;           /* the person (or a cancel) ended it */
} AuthData;

typedef struct
{
  OrielCredentials *request;
  OrielCredentialsFunc func;
  gpointer user_data;
} Invocation;

static gboolean
invoke_cb (gpointer data)
{
  Invocation *invocation = data;

  invocation->func (invocation->request, invocation->user_data);
  return G_SOURCE_REMOVE;
}

static void
invocation_free (gpointer data)
{
  Invocation *invocation = data;

  g_object_unref (invocation->request);
  g_free (invocation);
}

static OrielCredentialKind
kind_of (int type)
{
  switch (type)
    {
    case VIR_CRED_AUTHNAME:
    case VIR_CRED_USERNAME:
      return ORIEL_CREDENTIAL_USERNAME;
    case VIR_CRED_PASSPHRASE:
      return ORIEL_CREDENTIAL_PASSPHRASE;
    case VIR_CRED_ECHOPROMPT:
    case VIR_CRED_LANGUAGE:
    case VIR_CRED_CNONCE:
      return ORIEL_CREDENTIAL_ECHO_PROMPT;
    case VIR_CRED_NOECHOPROMPT:
      return ORIEL_CREDENTIAL_SECRET_PROMPT;
    case VIR_CRED_REALM:
      return ORIEL_CREDENTIAL_REALM;
    default:
      return ORIEL_CREDENTIAL_EXTERNAL;
    }
}

/* libvirt's callback, on the opening thread: the request goes to the main
 * context and this thread waits for its answers. */
static int
auth_cb (virConnectCredentialPtr cred, unsigned int ncred, void *opaque)
{
  AuthData *auth = opaque;
  g_autoptr (OrielCredentials) request = oriel_credentials_new (auth->uri);
  Invocation *invocation;

  for (unsigned int i = 0; i < ncred; i++)
    oriel_credentials_add (request, kind_of (cred[i].type), cred[i].prompt, cred[i].challenge,
                           cred[i].defresult);
  g_debug ("%s asks for %u credentials", auth->uri, ncred);

  invocation = g_new0 (Invocation, 1);
  invocation->request = g_object_ref (request);
  invocation->func = auth->func;
  invocation->user_data = auth->user_data;
  {
    /* Not g_main_context_invoke: from a thread that can acquire the
     * context (the main loop between two iterations) it would call the
     * handler right here, off the main thread. */
    g_autoptr (GSource) source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, invoke_cb, invocation, invocation_free);
    g_source_attach (source, auth->context);
  }

  if (!oriel_credentials_wait (request, auth->cancellable))
    {
      auth->cancelled = TRUE;
      return -1;
    }
  for (unsigned int i = 0; i < ncred; i++)
    {
      const char *answer;

      if (!oriel_credentials_needs_answer (request, i))
        {
          cred[i].result = NULL;
          cred[i].resultlen = 0;
          continue;
        }
      answer = oriel_credentials_get_answer (request, i);
      if (answer == NULL)
        answer = cred[i].defresult ? cred[i].defresult : "";
      /* libvirt frees results with free(), and wipes none: it is its copy */
      cred[i].result = strdup (answer);
      if (cred[i].result == NULL)
        return -1;
      cred[i].resultlen = strlen (answer);
    }
  return 0;
}

/**
 * oriel_libvirt_open:
 * @context: where @func runs (the caller's main context)
 * @func: shows a credentials request; called only if libvirt asks
 *
 * Opens @uri, asking for credentials through @func. Blocks: call it from a
 * worker thread. Returns: (transfer full) (nullable): the connection
 */
virConnectPtr
oriel_libvirt_open (const char *uri, gboolean read_only, GMainContext *context,
                    OrielCredentialsFunc func, gpointer user_data, GCancellable *cancellable,
                    GError **error)
{
  AuthData data = { uri, context, func, user_data, cancellable, FALSE };
  virConnectAuth auth = {
    (int *) credential_types, G_N_ELEMENTS (credential_types), auth_cb, &data,
  };
  virConnectPtr conn;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  conn = virConnectOpenAuth (uri, &auth, read_only ? VIR_CONNECT_RO : 0);
  if (conn != NULL)
    return conn;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (data.cancelled)
    g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_CANCELLED,
                         _("Authentication was cancelled."));
  else
    g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_FAILED,
                         virGetLastErrorMessage ());
  return NULL;
}
