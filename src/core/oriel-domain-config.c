#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <stdarg.h>

#include "oriel-domain-config-private.h"
#include "oriel-error.h"
#include "oriel-text-diff.h"

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OrielDomainConfig, oriel_domain_config, G_TYPE_OBJECT)

static void
oriel_domain_config_finalize (GObject *object)
{
  OrielDomainConfig *self = ORIEL_DOMAIN_CONFIG (object);

  g_free (self->original);
  g_free (self->name);
  oriel_xml_text_free (self->text);
  oriel_domain_caps_free (self->caps);
  G_OBJECT_CLASS (oriel_domain_config_parent_class)->finalize (object);
}

static void
oriel_domain_config_class_init (OrielDomainConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oriel_domain_config_finalize;

  /* Any successful edit. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
oriel_domain_config_init (OrielDomainConfig *self)
{
}

/**
 * oriel_domain_config_new:
 * @xml: a domain's XML, best read with the INACTIVE and SECURE flags
 *
 * Returns: (transfer full) (nullable)
 */
OrielDomainConfig *
oriel_domain_config_new (const char *xml, GError **error)
{
  OrielXmlText *text;
  OrielDomainConfig *self;
  OrielXmlElem *name;

  g_return_val_if_fail (xml != NULL, NULL);

  text = oriel_xml_text_new (xml, error);
  if (text == NULL)
    return NULL;
  self = g_object_new (ORIEL_TYPE_DOMAIN_CONFIG, NULL);
  self->original = g_strdup (xml);
  self->text = text;
  name = oriel_xml_elem_child (oriel_xml_text_root (text), "name", 0);
  self->name = name ? oriel_xml_elem_text (text, name) : NULL;
  return self;
}

/* Returns: (transfer full): an independent copy, edits and all. */
OrielDomainConfig *
oriel_domain_config_copy (OrielDomainConfig *self)
{
  OrielDomainConfig *copy = g_object_new (ORIEL_TYPE_DOMAIN_CONFIG, NULL);

  copy->original = g_strdup (self->original);
  copy->text = oriel_xml_text_copy (self->text);
  copy->caps = self->caps ? oriel_domain_caps_copy (self->caps) : NULL;
  copy->name = g_strdup (self->name);
  return copy;
}

const char *
oriel_domain_config_get_xml (OrielDomainConfig *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), NULL);
  return oriel_xml_text_get (self->text);
}

const char *
oriel_domain_config_get_original (OrielDomainConfig *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), NULL);
  return self->original;
}

gboolean
oriel_domain_config_is_modified (OrielDomainConfig *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), FALSE);
  return !g_str_equal (self->original, oriel_xml_text_get (self->text));
}

/* Returns: (transfer full): the edits so far as unified-diff hunks. */
char *
oriel_domain_config_diff (OrielDomainConfig *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), NULL);
  return oriel_text_diff (self->original, oriel_xml_text_get (self->text), 2);
}

const char *
oriel_domain_config_get_name (OrielDomainConfig *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), NULL);
  return self->name;
}

/* @caps: (transfer none) (nullable): what the host offers; validation follows it. */
void
oriel_domain_config_set_caps (OrielDomainConfig *self, OrielDomainCaps *caps)
{
  g_return_if_fail (ORIEL_IS_DOMAIN_CONFIG (self));
  oriel_domain_caps_free (self->caps);
  self->caps = caps ? oriel_domain_caps_copy (caps) : NULL;
}

/* Returns: (transfer none) (nullable) */
OrielDomainCaps *
oriel_domain_config_get_caps (OrielDomainConfig *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), NULL);
  return self->caps;
}

/**
 * oriel_domain_config_caps_query:
 *
 * What to ask virConnectGetDomainCapabilities for this domain.
 *
 * Returns: (transfer full) (nullable): the emulator path
 */
char *
oriel_domain_config_caps_query (OrielDomainConfig *self, char **arch, char **machine,
                                char **virttype)
{
  OrielXmlElem *root = oriel_xml_text_root (self->text);
  OrielXmlElem *type = oriel_xml_elem_child (oriel_xml_elem_child (root, "os", 0), "type", 0);
  OrielXmlElem *emulator = oriel_xml_elem_child (oriel_domain_config_devices (self),
                                                 "emulator", 0);

  *arch = g_strdup (type ? oriel_xml_elem_attr (type, "arch") : NULL);
  *machine = g_strdup (type ? oriel_xml_elem_attr (type, "machine") : NULL);
  *virttype = g_strdup (oriel_xml_elem_attr (root, "type"));
  return emulator ? oriel_xml_elem_text (self->text, emulator) : NULL;
}

OrielXmlElem *
oriel_domain_config_devices (OrielDomainConfig *self)
{
  return oriel_xml_elem_child (oriel_xml_text_root (self->text), "devices", 0);
}

OrielXmlElem *
oriel_domain_config_device (OrielDomainConfig *self, const char *name, guint index)
{
  return oriel_xml_elem_child (oriel_domain_config_devices (self), name, index);
}

void
oriel_domain_config_changed (OrielDomainConfig *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Adds a device before the first child named in @before_any, else last;
 * libvirt sorts devices itself, this only keeps the preview readable. */
void
oriel_domain_config_insert_device (OrielDomainConfig *self, const char * const *before_any,
                                   const char *markup)
{
  OrielXmlElem *devices = oriel_domain_config_devices (self);
  OrielXmlElem *before = NULL;

  if (devices == NULL)
    {
      oriel_xml_text_insert (self->text, oriel_xml_text_root (self->text), NULL,
                             "<devices>\n</devices>");
      devices = oriel_domain_config_devices (self);
    }
  for (guint i = 0; before == NULL && oriel_xml_elem_child (devices, NULL, i); i++)
    {
      OrielXmlElem *child = oriel_xml_elem_child (devices, NULL, i);

      if (g_strv_contains (before_any, oriel_xml_elem_name (child)))
        before = child;
    }
  oriel_xml_text_insert (self->text, devices, before, markup);
}

gboolean
oriel_domain_config_invalid (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (ORIEL_ERROR, ORIEL_ERROR_INVALID_VALUE,
                                                format, args));
  va_end (args);
  return FALSE;
}
