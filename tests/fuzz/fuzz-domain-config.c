/* The domain XML editor: a document, then edits.  Whatever the input, an
 * edit that succeeds must leave a document that reads back, and one that
 * fails must leave it unchanged.
 *
 * Input: lines of KEY=VALUE, a line "--", then the XML. */
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "oriel-domain-config.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  return 0;
}

static void
check_well_formed (const char *xml)
{
  g_autoptr (OrielDomainConfig) again = oriel_domain_config_new (xml, NULL);

  if (again == NULL)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *input = fuzz_string (data, size);
  char *split = strstr (input, "\n--\n");
  g_autoptr (OrielDomainConfig) config = NULL;
  g_auto (GStrv) edits = NULL;

  if (split == NULL)
    return 0;
  *split = '\0';
  config = oriel_domain_config_new (split + 4, NULL);
  if (config == NULL)
    return 0;
  edits = g_strsplit (input, "\n", 16);
  for (guint i = 0; edits[i]; i++)
    {
      g_auto (GStrv) kv = g_strsplit (edits[i], "=", 2);
      g_autofree char *before = g_strdup (oriel_domain_config_get_xml (config));

      if (kv[0] == NULL || kv[1] == NULL)
        continue;
      if (oriel_domain_config_set_key (config, kv[0], kv[1], NULL))
        check_well_formed (oriel_domain_config_get_xml (config));
      else if (strcmp (before, oriel_domain_config_get_xml (config)) != 0)
        abort ();
      g_free (oriel_domain_config_get_key (config, kv[0], NULL));
    }
  g_free (oriel_domain_config_diff (config));
  g_free (oriel_domain_config_describe_exposure (config, 0));
  return 0;
}
