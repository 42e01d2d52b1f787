#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ORIEL_TYPE_LIST_TREE_MODEL (oriel_list_tree_model_get_type ())
G_DECLARE_FINAL_TYPE (OrielListTreeModel, oriel_list_tree_model, ORIEL, LIST_TREE_MODEL, GObject)

OrielListTreeModel *oriel_list_tree_model_new           (GListModel         *list);
void                oriel_list_tree_model_items_changed (OrielListTreeModel *self,
                                                         guint               position,
                                                         guint               removed,
                                                         guint               added);
void                oriel_list_tree_model_reset         (OrielListTreeModel *self);
gpointer            oriel_list_tree_model_peek          (OrielListTreeModel *self,
                                                         GtkTreeIter        *iter);

G_END_DECLS
