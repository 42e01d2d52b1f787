#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-domain-config-private.h"

/* Video models QEMU offers through libvirt, when the host does not list them. */
static const char * const known_models[] = {
  "vga", "cirrus", "vmvga", "qxl", "virtio", "bochs", "ramfb", "none", NULL
};

/* Devices libvirt writes after <video>: a new one goes before them. */
static const char * const after_video[] = {
  "hostdev", "redirdev", "redirfilter", "hub", "watchdog", "memballoon", "rng",
  "panic", "shmem", "memory", "iommu", "vsock", "crypto", NULL
};

/* libvirt's order of <model> attributes, kept when adding one. */
static const char * const attr_order[] = {
  "type", "ram", "vram", "vram64", "vgamem", "heads", "primary", NULL
};

static OrielXmlElem *model_of (OrielDomainConfig *self, guint index);

static void
set_model_attr (OrielDomainConfig *self, guint index, const char *name, const char *value)
{
  oriel_xml_text_set_attr_in_order (self->text, model_of (self, index), name, value, attr_order);
}

/* qxl and virtio-gpu take up to 16 outputs (QEMU's limit for both); the
 * others drive one. */
guint
oriel_video_model_max_heads (const char *model)
{
  if (g_strcmp0 (model, "qxl") == 0 || g_strcmp0 (model, "virtio") == 0)
    return ORIEL_VIDEO_MAX_HEADS;
  return 1;
}

/* Models whose video memory libvirt passes on to QEMU. */
gboolean
oriel_video_model_has_vram (const char *model)
{
  static const char * const with_vram[] = { "qxl", "vga", "cirrus", "vmvga", "bochs", NULL };

  return model != NULL && g_strv_contains (with_vram, model);
}

gboolean
oriel_video_model_has_accel3d (const char *model)
{
  return g_strcmp0 (model, "virtio") == 0;
}

guint
oriel_domain_config_get_n_videos (OrielDomainConfig *self)
{
  return oriel_xml_elem_n_children (oriel_domain_config_devices (self), "video");
}

static OrielXmlElem *
model_of (OrielDomainConfig *self, guint index)
{
  return oriel_xml_elem_child (oriel_domain_config_device (self, "video", index), "model", 0);
}

/* Returns: (nullable): the model type, NULL if there is no such device. */
const char *
oriel_domain_config_get_video_model (OrielDomainConfig *self, guint index)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), NULL);
  if (oriel_domain_config_device (self, "video", index) == NULL)
    return NULL;
  return model_of (self, index) ? oriel_xml_elem_attr (model_of (self, index), "type") : "";
}

static gboolean
check_video (OrielDomainConfig *self, guint index, GError **error)
{
  if (oriel_domain_config_device (self, "video", index) != NULL)
    return TRUE;
  return oriel_domain_config_invalid (error, _("This domain has no video device number %u"),
                                      index + 1);
}

/* Drops the accel3d switch, and its element when nothing else is in it. */
static void
remove_accel3d (OrielDomainConfig *self, guint index)
{
  OrielXmlElem *accel = oriel_xml_elem_child (model_of (self, index), "acceleration", 0);

  if (accel == NULL)
    return;
  oriel_xml_text_set_attr (self->text, accel, "accel3d", NULL);
  accel = oriel_xml_elem_child (model_of (self, index), "acceleration", 0);
  if (oriel_xml_elem_child (accel, NULL, 0) == NULL
      && oriel_xml_elem_attr (accel, "accel2d") == NULL
      && oriel_xml_elem_attr (accel, "rendernode") == NULL)
    oriel_xml_text_remove (self->text, accel);
}

static gboolean
known_model (OrielDomainConfig *self, const char *model)
{
  if (self->caps != NULL && self->caps->video_models != NULL)
    return oriel_domain_caps_has_video_model (self->caps, model);
  return g_strv_contains (known_models, model);
}

gboolean
oriel_domain_config_set_video_model (OrielDomainConfig *self, guint index, const char *model,
                                     GError **error)
{
  const char *old;
  guint heads;

  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), FALSE);

  if (model == NULL || !known_model (self, model))
    {
      const char * const *offer = self->caps && self->caps->video_models
                                  ? (const char * const *) self->caps->video_models
                                  : known_models;
      g_autofree char *list = g_strjoinv (", ", (char **) offer);

      return oriel_domain_config_invalid (error,
                                          _("“%s” is not a video model this host offers; choose one of: %s"),
                                          model ? model : "", list);
    }
  if (index == oriel_domain_config_get_n_videos (self) && index == 0)
    {
      g_autofree char *markup = g_strdup_printf ("<video>\n  <model type='%s' heads='1' primary='yes'/>\n</video>",
                                                 model);

      oriel_domain_config_insert_device (self, after_video, markup);
      oriel_domain_config_changed (self);
      return TRUE;
    }
  if (!check_video (self, index, error))
    return FALSE;
  if (model_of (self, index) == NULL)
    oriel_xml_text_insert (self->text, oriel_domain_config_device (self, "video", index),
                           oriel_xml_elem_child (oriel_domain_config_device (self, "video", index),
                                                 NULL, 0),
                           "<model type='vga'/>");

  old = oriel_xml_elem_attr (model_of (self, index), "type");
  if (g_strcmp0 (old, model) == 0)
    return TRUE;
  heads = oriel_domain_config_get_heads (self, index);

  set_model_attr (self, index, "type", model);
  /* What the new model cannot take goes; the rest (heads where allowed,
   * vram, primary, the PCI slot) stays. */
  if (g_strcmp0 (model, "qxl") != 0)
    {
      set_model_attr (self, index, "ram", NULL);
      set_model_attr (self, index, "vgamem", NULL);
    }
  if (!oriel_video_model_has_vram (model))
    set_model_attr (self, index, "vram", NULL);
  if (!oriel_video_model_has_accel3d (model))
    remove_accel3d (self, index);
  if (g_str_equal (model, "none"))
    {
      set_model_attr (self, index, "heads", NULL);
      set_model_attr (self, index, "primary", NULL);
    }
  else if (heads > oriel_video_model_max_heads (model))
    {
      g_autofree char *max = g_strdup_printf ("%u", oriel_video_model_max_heads (model));

      set_model_attr (self, index, "heads", max);
    }
  /* Neither sits on a PCI slot of its own. */
  if (g_str_equal (model, "none") || g_str_equal (model, "ramfb"))
    {
      OrielXmlElem *address = oriel_xml_elem_child (oriel_domain_config_device (self, "video", index),
                                                    "address", 0);

      if (address != NULL)
        oriel_xml_text_remove (self->text, address);
    }
  oriel_domain_config_changed (self);
  return TRUE;
}

/* The number of monitors; 1 when unset. */
guint
oriel_domain_config_get_heads (OrielDomainConfig *self, guint index)
{
  const char *heads = oriel_xml_elem_attr (model_of (self, index), "heads");
  guint64 n = 1;

  if (heads != NULL && !g_ascii_string_to_unsigned (heads, 10, 1, G_MAXUINT, &n, NULL))
    n = 1;
  return n;
}

gboolean
oriel_domain_config_set_heads (OrielDomainConfig *self, guint index, guint heads,
                               GError **error)
{
  const char *model;
  guint max;
  g_autofree char *text = NULL;

  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), FALSE);

  if (!check_video (self, index, error))
    return FALSE;
  model = oriel_domain_config_get_video_model (self, index);
  max = oriel_video_model_max_heads (model);
  if (heads < 1)
    return oriel_domain_config_invalid (error, _("At least one monitor is needed"));
  if (heads > max && max == 1)
    return oriel_domain_config_invalid (error,
                                        _("The “%s” model drives one monitor only; choose qxl or virtio for more"),
                                        model);
  if (heads > max)
    return oriel_domain_config_invalid (error,
                                        _("The “%s” model drives at most %u monitors"),
                                        model, max);
  if (heads == oriel_domain_config_get_heads (self, index))
    return TRUE;
  text = g_strdup_printf ("%u", heads);
  set_model_attr (self, index, "heads", text);
  oriel_domain_config_changed (self);
  return TRUE;
}

gboolean
oriel_domain_config_get_accel3d (OrielDomainConfig *self, guint index)
{
  OrielXmlElem *accel = oriel_xml_elem_child (model_of (self, index), "acceleration", 0);

  return g_strcmp0 (oriel_xml_elem_attr (accel, "accel3d"), "yes") == 0;
}

gboolean
oriel_domain_config_set_accel3d (OrielDomainConfig *self, guint index, gboolean accel3d,
                                 GError **error)
{
  const char *model;
  OrielXmlElem *accel;

  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), FALSE);

  if (!check_video (self, index, error))
    return FALSE;
  model = oriel_domain_config_get_video_model (self, index);
  if (accel3d && !oriel_video_model_has_accel3d (model))
    return oriel_domain_config_invalid (error,
                                        _("3D acceleration needs the virtio model, not “%s”"),
                                        model);
  if (accel3d == oriel_domain_config_get_accel3d (self, index))
    return TRUE;
  accel = oriel_xml_elem_child (model_of (self, index), "acceleration", 0);
  if (!accel3d)
    remove_accel3d (self, index);
  else if (accel != NULL)
    oriel_xml_text_set_attr (self->text, accel, "accel3d", "yes");
  else
    oriel_xml_text_insert (self->text, model_of (self, index), NULL,
                           "<acceleration accel3d='yes'/>");
  oriel_domain_config_changed (self);
  return TRUE;
}

/* Video memory in KiB; 0 when libvirt picks it. */
guint
oriel_domain_config_get_vram (OrielDomainConfig *self, guint index)
{
  const char *vram = oriel_xml_elem_attr (model_of (self, index), "vram");
  guint64 n = 0;

  if (vram != NULL && !g_ascii_string_to_unsigned (vram, 10, 0, G_MAXUINT, &n, NULL))
    n = 0;
  return n;
}

gboolean
oriel_domain_config_set_vram (OrielDomainConfig *self, guint index, guint vram_kib,
                              GError **error)
{
  const char *model;
  g_autofree char *text = NULL;

  g_return_val_if_fail (ORIEL_IS_DOMAIN_CONFIG (self), FALSE);

  if (!check_video (self, index, error))
    return FALSE;
  model = oriel_domain_config_get_video_model (self, index);
  if (vram_kib != 0 && !oriel_video_model_has_vram (model))
    return oriel_domain_config_invalid (error,
                                        _("The “%s” model has no video memory setting"), model);
  /* QEMU rounds video memory to a power of two; say so instead. */
  if (vram_kib != 0 && (vram_kib < 1024 || vram_kib > 1024 * 1024
                        || (vram_kib & (vram_kib - 1)) != 0))
    return oriel_domain_config_invalid (error,
                                        _("%u KiB is not allowed: video memory is a power of two from 1024 KiB (1 MiB) to 1048576 KiB (1 GiB)"),
                                        vram_kib);
  if (vram_kib == oriel_domain_config_get_vram (self, index))
    return TRUE;
  text = vram_kib ? g_strdup_printf ("%u", vram_kib) : NULL;
  set_model_attr (self, index, "vram", text);
  oriel_domain_config_changed (self);
  return TRUE;
}
