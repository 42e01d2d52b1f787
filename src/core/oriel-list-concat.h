#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ORIEL_TYPE_LIST_CONCAT (oriel_list_concat_get_type ())
G_DECLARE_FINAL_TYPE (OrielListConcat, oriel_list_concat, ORIEL, LIST_CONCAT, GObject)

OrielListConcat *oriel_list_concat_new        (GType            item_type);
guint            oriel_list_concat_add_slot   (OrielListConcat *self);
void             oriel_list_concat_set        (OrielListConcat *self,
                                               guint            slot,
                                               GListModel      *model);
void             oriel_list_concat_remove_slot (OrielListConcat *self,
                                               guint            slot);

G_END_DECLS
