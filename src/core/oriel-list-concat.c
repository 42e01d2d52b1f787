#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include "oriel-list-concat.h"

/* Several lists read as one, in slot order: every host's domains in one
 * list. A slot's list may be replaced (a host reconnected: a new list) or
 * empty. GLib has no such model (GTK 4's GtkFlattenListModel is the same
 * idea). */

typedef struct
{
  guint id;
  GListModel *model;            /* or NULL */
  gulong handler;
} Slot;

struct _OrielListConcat
{
  GObject parent_instance;

  GType item_type;
  GArray *slots;                /* of Slot */
  guint next_id;
};

static void list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OrielListConcat, oriel_list_concat, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_init))

static guint
slot_len (Slot *slot)
{
  return slot->model ? g_list_model_get_n_items (slot->model) : 0;
}

static guint
get_n_items (GListModel *model)
{
  OrielListConcat *self = ORIEL_LIST_CONCAT (model);
  guint n = 0;

  for (guint i = 0; i < self->slots->len; i++)
    n += slot_len (&g_array_index (self->slots, Slot, i));
  return n;
}

static gpointer
get_item (GListModel *model, guint position)
{
  OrielListConcat *self = ORIEL_LIST_CONCAT (model);

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = &g_array_index (self->slots, Slot, i);
      guint len = slot_len (slot);

      if (position < len)
        return g_list_model_get_item (slot->model, position);
      position -= len;
    }
  return NULL;
}

static GType
get_item_type (GListModel *model)
{
  return ORIEL_LIST_CONCAT (model)->item_type;
}

static void
list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static guint
index_of (OrielListConcat *self, guint id, guint *offset)
{
  guint before = 0;

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = &g_array_index (self->slots, Slot, i);

      if (slot->id == id)
        {
          if (offset != NULL)
            *offset = before;
          return i;
        }
      before += slot_len (slot);
    }
  g_return_val_if_reached (G_MAXUINT);
}

typedef struct
{
  OrielListConcat *self;
  guint id;
} Watch;

static void
slot_changed_cb (GListModel *model, guint position, guint removed, guint added, gpointer data)
{
  Watch *watch = data;
  guint offset = 0;

  if (index_of (watch->self, watch->id, &offset) != G_MAXUINT)
    g_list_model_items_changed (G_LIST_MODEL (watch->self), offset + position, removed, added);
}

static void
watch_free (gpointer data, GClosure *closure)
{
  g_free (data);
}

OrielListConcat *
oriel_list_concat_new (GType item_type)
{
  OrielListConcat *self = g_object_new (ORIEL_TYPE_LIST_CONCAT, NULL);

  self->item_type = item_type;
  return self;
}

/* Returns: a new empty slot, after the others */
guint
oriel_list_concat_add_slot (OrielListConcat *self)
{
  Slot slot = { ++self->next_id, NULL, 0 };

  g_return_val_if_fail (ORIEL_IS_LIST_CONCAT (self), 0);
  g_array_append_val (self->slots, slot);
  return slot.id;
}

static void
clear_slot (Slot *slot)
{
  if (slot->model != NULL)
    {
      g_clear_signal_handler (&slot->handler, slot->model);
      g_clear_object (&slot->model);
    }
}

/* @model: (nullable): what the slot shows from now on */
void
oriel_list_concat_set (OrielListConcat *self, guint id, GListModel *model)
{
  guint offset = 0;
  guint i;
  guint removed;
  Slot *slot;

  g_return_if_fail (ORIEL_IS_LIST_CONCAT (self));
  i = index_of (self, id, &offset);
  if (i == G_MAXUINT)
    return;
  slot = &g_array_index (self->slots, Slot, i);
  if (slot->model == model)
    return;
  removed = slot_len (slot);
  clear_slot (slot);
  if (model != NULL)
    {
      Watch *watch = g_new0 (Watch, 1);

      watch->self = self;
      watch->id = id;
      slot->model = g_object_ref (model);
      slot->handler = g_signal_connect_data (model, "items-changed", G_CALLBACK (slot_changed_cb),
                                             watch, watch_free, 0);
    }
  if (removed > 0 || slot_len (slot) > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), offset, removed, slot_len (slot));
}

void
oriel_list_concat_remove_slot (OrielListConcat *self, guint id)
{
  guint i;

  g_return_if_fail (ORIEL_IS_LIST_CONCAT (self));
  oriel_list_concat_set (self, id, NULL);
  i = index_of (self, id, NULL);
  if (i != G_MAXUINT)
    g_array_remove_index (self->slots, i);
}

static void
oriel_list_concat_finalize (GObject *object)
{
  OrielListConcat *self = ORIEL_LIST_CONCAT (object);

  for (guint i = 0; i < self->slots->len; i++)
    clear_slot (&g_array_index (self->slots, Slot, i));
  g_array_unref (self->slots);
  G_OBJECT_CLASS (oriel_list_concat_parent_class)->finalize (object);
}

static void
oriel_list_concat_class_init (OrielListConcatClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oriel_list_concat_finalize;
}

static void
oriel_list_concat_init (OrielListConcat *self)
{
  self->slots = g_array_new (FALSE, TRUE, sizeof (Slot));
}
