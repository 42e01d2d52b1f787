#include "config.h"

#include <libvirt/libvirt.h>

#include "oriel-connection.h"
#include "oriel-test-wait.h"
#include "oriel-error.h"

/* OrielConnection against libvirt's test driver: a real libvirt connection
 * with no daemon. test:///default is shared by every connection of the
 * process, so a second, raw one changes what the first one lists. */

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} Open;

static void
open_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Open *open = user_data;

  open->ok = oriel_connection_open_finish (ORIEL_CONNECTION (source), result, &open->error);
  open->done = TRUE;
}

static gboolean
open_connection (OrielConnection *connection, GError **error)
{
  Open open = { 0 };

  oriel_connection_open_async (connection, NULL, open_cb, &open);
  while (!open.done)
    g_main_context_iteration (NULL, TRUE);
  if (open.error != NULL)
    g_propagate_error (error, open.error);
  return open.ok;
}

static OrielDomainState
state_of (OrielConnection *connection, const char *name)
{
  OrielDomain *domain = oriel_connection_find_domain (connection, name);

  return domain ? oriel_domain_get_state (domain) : ORIEL_DOMAIN_STATE_UNKNOWN;
}

static const char new_domain_xml[] =
  "<domain type='test'><name>fresh</name><memory>8192</memory>"
  "<os><type>hvm</type></os></domain>";

/* Changes made through another connection reach the list by events alone. */
static void
test_events (void)
{
  g_autoptr (OrielConnection) connection = oriel_connection_new ("test:///default", FALSE);
  g_autoptr (GError) error = NULL;
  virConnectPtr other;
  virDomainPtr dom;
  virDomainPtr fresh;

  g_assert_true (open_connection (connection, &error));
  g_assert_no_error (error);
  WAIT_FOR (state_of (connection, "test") == ORIEL_DOMAIN_STATE_RUNNING);
  g_assert_null (oriel_connection_find_domain (connection, "fresh"));

  other = virConnectOpen ("test:///default");
  g_assert_nonnull (other);
  dom = virDomainLookupByName (other, "test");
  g_assert_nonnull (dom);

  g_assert_cmpint (virDomainSuspend (dom), ==, 0);
  WAIT_FOR (state_of (connection, "test") == ORIEL_DOMAIN_STATE_PAUSED);
  g_assert_cmpint (virDomainResume (dom), ==, 0);
  WAIT_FOR (state_of (connection, "test") == ORIEL_DOMAIN_STATE_RUNNING);
  g_assert_cmpint (virDomainDestroy (dom), ==, 0);
  WAIT_FOR (state_of (connection, "test") == ORIEL_DOMAIN_STATE_SHUTOFF);
  g_assert_cmpint (virDomainCreate (dom), ==, 0);
  WAIT_FOR (state_of (connection, "test") == ORIEL_DOMAIN_STATE_RUNNING);

  fresh = virDomainDefineXML (other, new_domain_xml);
  g_assert_nonnull (fresh);
  WAIT_FOR (oriel_connection_find_domain (connection, "fresh") != NULL);
  WAIT_FOR (state_of (connection, "fresh") == ORIEL_DOMAIN_STATE_SHUTOFF);
  g_assert_cmpint (virDomainCreate (fresh), ==, 0);
  WAIT_FOR (state_of (connection, "fresh") == ORIEL_DOMAIN_STATE_RUNNING);
  g_assert_cmpint (virDomainDestroy (fresh), ==, 0);
  g_assert_cmpint (virDomainUndefine (fresh), ==, 0);
  WAIT_FOR (oriel_connection_find_domain (connection, "fresh") == NULL);

  /* a transient domain leaves the list when it stops */
  virDomainFree (fresh);
  fresh = virDomainCreateXML (other, new_domain_xml, 0);
  g_assert_nonnull (fresh);
  WAIT_FOR (state_of (connection, "fresh") == ORIEL_DOMAIN_STATE_RUNNING);
  g_assert_cmpint (virDomainDestroy (fresh), ==, 0);
  WAIT_FOR (oriel_connection_find_domain (connection, "fresh") == NULL);
  g_assert_nonnull (oriel_connection_find_domain (connection, "test"));

  virDomainFree (fresh);
  virDomainFree (dom);
  virConnectClose (other);
}

typedef enum
{
  ANSWER_RIGHT,
  ANSWER_WRONG,
  ANSWER_CANCEL,
  ANSWER_LATER,
} Answer;

typedef struct
{
  Answer answer;
  guint asked;
  OrielCredentials *pending;
  GPtrArray *kinds;
} Answerer;

static gboolean
credentials_cb (OrielConnection *connection, OrielCredentials *request, Answerer *answerer)
{
  answerer->asked++;
  for (guint i = 0; i < oriel_credentials_get_n_items (request); i++)
    {
      OrielCredentialKind kind = oriel_credentials_get_kind (request, i);

      g_ptr_array_add (answerer->kinds, GINT_TO_POINTER (kind));
      if (kind == ORIEL_CREDENTIAL_USERNAME)
        oriel_credentials_set_answer (request, i, "alice");
      else if (kind == ORIEL_CREDENTIAL_PASSPHRASE)
        oriel_credentials_set_answer (request, i,
                                      answerer->answer == ANSWER_WRONG ? "guess" : "node-pass");
    }
  switch (answerer->answer)
    {
    case ANSWER_CANCEL:
      oriel_credentials_cancel (request);
      break;
    case ANSWER_LATER:
      answerer->pending = g_object_ref (request);
      break;
    default:
      oriel_credentials_submit (request);
    }
  return TRUE;
}

static char *
auth_uri (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "node-auth.xml", NULL);
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);

  return g_strconcat ("test://", absolute, NULL);
}

static OrielConnection *
new_guarded (Answerer *answerer)
{
  g_autofree char *uri = auth_uri ();
  OrielConnection *connection = oriel_connection_new (uri, FALSE);

  if (answerer != NULL)
    {
      answerer->kinds = g_ptr_array_new ();
      g_signal_connect (connection, "credentials-requested", G_CALLBACK (credentials_cb),
                        answerer);
    }
  return connection;
}

/* The driver asks for a user name, then a password (libvirt's remote
 * driver asks a SASL step's questions together; this one asks them one by
 * one): each reaches the signal, and the right answers open the link. */
static void
test_credentials_answered (void)
{
  Answerer answerer = { ANSWER_RIGHT };
  g_autoptr (OrielConnection) connection = new_guarded (&answerer);
  g_autoptr (GError) error = NULL;

  g_assert_true (open_connection (connection, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (answerer.asked, ==, 2);
  g_assert_cmpuint (answerer.kinds->len, ==, 2);
  g_assert_cmpint (GPOINTER_TO_INT (answerer.kinds->pdata[0]), ==, ORIEL_CREDENTIAL_USERNAME);
  g_assert_cmpint (GPOINTER_TO_INT (answerer.kinds->pdata[1]), ==, ORIEL_CREDENTIAL_PASSPHRASE);
  g_assert_nonnull (oriel_connection_find_domain (connection, "guarded"));
  g_assert_false (oriel_connection_is_read_only (connection));
  g_ptr_array_unref (answerer.kinds);
}

/* A wrong password fails with libvirt's reason, with no read-only try that
 * would ask again; a cancel ends at once, with no second question. */
static void
test_credentials_refused (void)
{
  Answerer wrong = { ANSWER_WRONG };
  Answerer cancel = { ANSWER_CANCEL };
  g_autoptr (OrielConnection) first = new_guarded (&wrong);
  g_autoptr (OrielConnection) second = new_guarded (&cancel);
  g_autoptr (OrielConnection) unattended = new_guarded (NULL);
  g_autoptr (GError) error = NULL;

  g_assert_false (open_connection (first, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_FAILED);
  g_test_message ("wrong password: %s", error->message);
  g_assert_nonnull (strstr (error->message, "authentication failed"));
  g_assert_cmpuint (wrong.asked, ==, 2);   /* two questions, one try */
  g_clear_error (&error);

  g_assert_false (open_connection (second, &error));
  g_assert_error (error, ORIEL_ERROR, ORIEL_ERROR_AUTH_CANCELLED);
  g_assert_cmpuint (cancel.asked, ==, 1);
  g_clear_error (&error);

  /* nobody to ask: refused, not hung */
  g_assert_false (open_connection (unattended, &error));
  g_assert_nonnull (error);
  g_ptr_array_unref (wrong.kinds);
  g_ptr_array_unref (cancel.kinds);
}

/* An answer may come much later (a person typing): the main loop runs
 * meanwhile, and a connection dropped while waiting cancels the question. */
static void
test_credentials_later (void)
{
  Answerer answerer = { ANSWER_LATER };
  OrielConnection *connection = new_guarded (&answerer);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Open open = { 0 };

  oriel_connection_open_async (connection, cancellable, open_cb, &open);
  WAIT_FOR (answerer.pending != NULL);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (open.done);
  g_cancellable_cancel (cancellable);
  WAIT_FOR (open.done);
  g_assert_false (open.ok);
  g_assert_error (open.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (oriel_credentials_was_cancelled (answerer.pending));
  g_clear_error (&open.error);
  g_clear_object (&answerer.pending);
  g_object_unref (connection);
  g_ptr_array_unref (answerer.kinds);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/connection/events", test_events);
  g_test_add_func ("/connection/credentials/answered", test_credentials_answered);
  g_test_add_func ("/connection/credentials/refused", test_credentials_refused);
  g_test_add_func ("/connection/credentials/later", test_credentials_later);
  return g_test_run ();
}
