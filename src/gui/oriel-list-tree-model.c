#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include "oriel-list-tree-model.h"

/* A GListModel seen as a flat GtkTreeModel (one column: the item), so a
 * GtkTreeView, which draws only the rows in sight, can show thousands of
 * domains; GTK 3 has no such adapter. It shows a copy of the list, brought
 * up to date only when its owner says: row by row (items_changed), or, for
 * a change of thousands of rows, all at once (reset) while the view is
 * detached, which is far cheaper than a signal per row. The copy keeps the
 * view consistent: a view walks its rows when it lets go of a model. */
struct _OrielListTreeModel
{
  GObject parent_instance;

  GListModel *list;
  GPtrArray *items;             /* the rows as the views know them */
  int stamp;
};

static void tree_model_init (GtkTreeModelIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OrielListTreeModel, oriel_list_tree_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_TREE_MODEL, tree_model_init))

static guint
n_items (OrielListTreeModel *self)
{
  return self->items->len;
}

static void
set_iter (OrielListTreeModel *self, GtkTreeIter *iter, guint index)
{
  iter->stamp = self->stamp;
  iter->user_data = GUINT_TO_POINTER (index);
  iter->user_data2 = NULL;
  iter->user_data3 = NULL;
}

static GtkTreeModelFlags
get_flags (GtkTreeModel *model)
{
  return GTK_TREE_MODEL_LIST_ONLY;
}

static int
get_n_columns (GtkTreeModel *model)
{
  return 1;
}

static GType
get_column_type (GtkTreeModel *model, int column)
{
  return G_TYPE_OBJECT;
}

static gboolean
get_iter (GtkTreeModel *model, GtkTreeIter *iter, GtkTreePath *path)
{
  OrielListTreeModel *self = ORIEL_LIST_TREE_MODEL (model);
  int depth = 0;
  int *indices = gtk_tree_path_get_indices_with_depth (path, &depth);

  if (depth != 1 || indices[0] < 0 || (guint) indices[0] >= n_items (self))
    return FALSE;
  set_iter (self, iter, (guint) indices[0]);
  return TRUE;
}

static GtkTreePath *
get_path (GtkTreeModel *model, GtkTreeIter *iter)
{
  return gtk_tree_path_new_from_indices (GPOINTER_TO_INT (iter->user_data), -1);
}

static void
get_value (GtkTreeModel *model, GtkTreeIter *iter, int column, GValue *value)
{
  OrielListTreeModel *self = ORIEL_LIST_TREE_MODEL (model);

  g_value_init (value, G_TYPE_OBJECT);
  g_value_set_object (value, g_ptr_array_index (self->items, GPOINTER_TO_UINT (iter->user_data)));
}

static gboolean
iter_next (GtkTreeModel *model, GtkTreeIter *iter)
{
  OrielListTreeModel *self = ORIEL_LIST_TREE_MODEL (model);
  guint next = GPOINTER_TO_UINT (iter->user_data) + 1;

  if (next >= n_items (self))
    return FALSE;
  iter->user_data = GUINT_TO_POINTER (next);
  return TRUE;
}

static gboolean
iter_previous (GtkTreeModel *model, GtkTreeIter *iter)
{
  guint index = GPOINTER_TO_UINT (iter->user_data);

  if (index == 0)
    return FALSE;
  iter->user_data = GUINT_TO_POINTER (index - 1);
  return TRUE;
}

static gboolean
iter_nth_child (GtkTreeModel *model, GtkTreeIter *iter, GtkTreeIter *parent, int n)
{
  OrielListTreeModel *self = ORIEL_LIST_TREE_MODEL (model);

  if (parent != NULL || n < 0 || (guint) n >= n_items (self))
    return FALSE;
  set_iter (self, iter, (guint) n);
  return TRUE;
}

static gboolean
iter_children (GtkTreeModel *model, GtkTreeIter *iter, GtkTreeIter *parent)
{
  return iter_nth_child (model, iter, parent, 0);
}

static gboolean
iter_has_child (GtkTreeModel *model, GtkTreeIter *iter)
{
  return FALSE;
}

static int
iter_n_children (GtkTreeModel *model, GtkTreeIter *iter)
{
  return iter == NULL ? (int) n_items (ORIEL_LIST_TREE_MODEL (model)) : 0;
}

static gboolean
iter_parent (GtkTreeModel *model, GtkTreeIter *iter, GtkTreeIter *child)
{
  return FALSE;
}

static void
tree_model_init (GtkTreeModelIface *iface)
{
  iface->get_flags = get_flags;
  iface->get_n_columns = get_n_columns;
  iface->get_column_type = get_column_type;
  iface->get_iter = get_iter;
  iface->get_path = get_path;
  iface->get_value = get_value;
  iface->iter_next = iter_next;
  iface->iter_previous = iter_previous;
  iface->iter_children = iter_children;
  iface->iter_has_child = iter_has_child;
  iface->iter_n_children = iter_n_children;
  iface->iter_nth_child = iter_nth_child;
  iface->iter_parent = iter_parent;
}

/* The list changed this way (call after it did): the views hear of each row. */
void
oriel_list_tree_model_items_changed (OrielListTreeModel *self, guint position, guint removed,
                                     guint added)
{
  g_autoptr (GtkTreePath) path = NULL;

  g_return_if_fail (ORIEL_IS_LIST_TREE_MODEL (self));

  self->stamp++;
  path = gtk_tree_path_new_from_indices ((int) position, -1);
  for (guint i = 0; i < removed; i++)
    {
      g_ptr_array_remove_index (self->items, position);
      gtk_tree_model_row_deleted (GTK_TREE_MODEL (self), path);
    }
  for (guint i = 0; i < added; i++)
    {
      g_autoptr (GtkTreePath) row = gtk_tree_path_new_from_indices ((int) (position + i), -1);
      GtkTreeIter iter;

      g_ptr_array_insert (self->items, (int) (position + i),
                          g_list_model_get_item (self->list, position + i));
      set_iter (self, &iter, position + i);
      gtk_tree_model_row_inserted (GTK_TREE_MODEL (self), row, &iter);
    }
}

static void
copy_list (OrielListTreeModel *self)
{
  guint n = g_list_model_get_n_items (self->list);

  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->items, g_list_model_get_item (self->list, i));
}

/* Takes the list as it is now, silently: only with no view attached. */
void
oriel_list_tree_model_reset (OrielListTreeModel *self)
{
  g_return_if_fail (ORIEL_IS_LIST_TREE_MODEL (self));
  self->stamp++;
  copy_list (self);
}

/* Returns: (transfer none): the item at @iter, without a reference taken */
gpointer
oriel_list_tree_model_peek (OrielListTreeModel *self, GtkTreeIter *iter)
{
  guint index;

  g_return_val_if_fail (ORIEL_IS_LIST_TREE_MODEL (self), NULL);
  index = GPOINTER_TO_UINT (iter->user_data);
  return index < self->items->len ? g_ptr_array_index (self->items, index) : NULL;
}

static void
oriel_list_tree_model_finalize (GObject *object)
{
  g_clear_object (&ORIEL_LIST_TREE_MODEL (object)->list);
  g_ptr_array_unref (ORIEL_LIST_TREE_MODEL (object)->items);
  G_OBJECT_CLASS (oriel_list_tree_model_parent_class)->finalize (object);
}

static void
oriel_list_tree_model_class_init (OrielListTreeModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = oriel_list_tree_model_finalize;
}

static void
oriel_list_tree_model_init (OrielListTreeModel *self)
{
  self->stamp = g_random_int ();
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

OrielListTreeModel *
oriel_list_tree_model_new (GListModel *list)
{
  OrielListTreeModel *self = g_object_new (ORIEL_TYPE_LIST_TREE_MODEL, NULL);

  self->list = g_object_ref (list);
  copy_list (self);
  return self;
}
