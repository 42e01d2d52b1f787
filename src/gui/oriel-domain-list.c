#define G_LOG_DOMAIN "oriel-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "oriel-domain-list.h"
#include "oriel-list-tree-model.h"
#include "oriel-settings.h"
#include "oriel-thumbnails.h"
#include "oriel-uri.h"

/* The domains of a connection: a filter entry over a list with name,
 * title, state and display columns. The view draws only the rows in sight,
 * and only those ask libvirt for their title and displays, so a host with
 * thousands of domains lists them at once. */
struct _OrielDomainList
{
  GtkBox parent_instance;

  GtkSearchEntry *entry;
  GtkTreeView *view;
  GtkWidget *empty_label;
  GtkTreeViewColumn *columns[5];     /* by OrielDomainSort */
  GtkTreeViewColumn *host_column;    /* shown with several hosts */
  GtkTreeViewColumn *thumbnail_column;
  OrielThumbnails *thumbnails;
  GtkCellRenderer *exposed_renderer;

  OrielDomainFilter *filter;
  OrielListTreeModel *model;
  gboolean updating;            /* rows moving: the selection is put back */
};

G_DEFINE_FINAL_TYPE (OrielDomainList, oriel_domain_list, GTK_TYPE_BOX)

enum { DOMAIN_ACTIVATED, SELECTION_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* A change of this many rows detaches the view instead of a signal per row. */
#define BIG_CHANGE 64

static OrielDomain *
domain_at (OrielDomainList *self, GtkTreeModel *model, GtkTreeIter *iter)
{
  return oriel_list_tree_model_peek (ORIEL_LIST_TREE_MODEL (model), iter);
}

static void
name_data (GtkTreeViewColumn *column, GtkCellRenderer *cell, GtkTreeModel *model,
           GtkTreeIter *iter, gpointer data)
{
  OrielDomain *domain = domain_at (data, model, iter);

  g_object_set (cell, "text", domain ? oriel_domain_get_name (domain) : "", NULL);
}

/* The warning of a console open to the network (see the settings pane). */
static void
exposed_data (GtkTreeViewColumn *column, GtkCellRenderer *cell, GtkTreeModel *model,
              GtkTreeIter *iter, gpointer data)
{
  OrielDomain *domain = domain_at (data, model, iter);
  gboolean exposed;

  if (domain != NULL)
    oriel_domain_ensure_details (domain);   /* in sight: worth a query */
  exposed = domain != NULL && oriel_domain_is_exposed (domain);

  g_object_set (cell, "visible", exposed, NULL);
}

static void
title_data (GtkTreeViewColumn *column, GtkCellRenderer *cell, GtkTreeModel *model,
            GtkTreeIter *iter, gpointer data)
{
  OrielDomain *domain = domain_at (data, model, iter);

  if (domain != NULL)
    oriel_domain_ensure_details (domain);   /* in sight: worth a query */
  g_object_set (cell, "text", domain && oriel_domain_get_title (domain)
                                ? oriel_domain_get_title (domain) : "", NULL);
}

static void
state_data (GtkTreeViewColumn *column, GtkCellRenderer *cell, GtkTreeModel *model,
            GtkTreeIter *iter, gpointer data)
{
  OrielDomain *domain = domain_at (data, model, iter);

  g_object_set (cell, "text",
                domain ? oriel_domain_state_to_string (oriel_domain_get_state (domain)) : "",
                NULL);
}

static void
thumbnail_data (GtkTreeViewColumn *column, GtkCellRenderer *cell, GtkTreeModel *model,
                GtkTreeIter *iter, gpointer data)
{
  OrielDomainList *self = data;
  OrielDomain *domain = domain_at (self, model, iter);

  g_object_set (cell, "pixbuf", domain ? oriel_thumbnails_get (self->thumbnails, domain) : NULL,
                NULL);
}

static void
thumbnail_changed_cb (OrielThumbnails *thumbnails, OrielDomain *domain, OrielDomainList *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

static void
update_thumbnails (OrielDomainList *self)
{
  GSettings *settings = oriel_settings_get ();
  gboolean on = settings == NULL || g_settings_get_enum (settings, "thumbnails") != 0;

  gtk_tree_view_column_set_visible (self->thumbnail_column, on);
}

static void
thumbnails_setting_cb (GSettings *settings, const char *key, OrielDomainList *self)
{
  update_thumbnails (self);
}

static void
host_data (GtkTreeViewColumn *column, GtkCellRenderer *cell, GtkTreeModel *model,
           GtkTreeIter *iter, gpointer data)
{
  OrielDomain *domain = domain_at (data, model, iter);
  const char *origin = domain ? oriel_domain_get_origin (domain) : NULL;
  g_autofree char *host = origin ? oriel_uri_get_host (origin) : NULL;

  g_object_set (cell, "text", host && *host ? host : "localhost", NULL);
}

static void
graphics_data (GtkTreeViewColumn *column, GtkCellRenderer *cell, GtkTreeModel *model,
               GtkTreeIter *iter, gpointer data)
{
  OrielDomain *domain = domain_at (data, model, iter);
  const char *label = domain ? oriel_domain_get_graphics_label (domain) : NULL;

  g_object_set (cell, "text", label ? label : "", NULL);
}

/* Returns: (transfer none) (nullable) */
OrielDomain *
oriel_domain_list_get_selected (OrielDomainList *self)
{
  GtkTreeModel *model = NULL;
  GtkTreeIter iter;

  g_return_val_if_fail (ORIEL_IS_DOMAIN_LIST (self), NULL);
  if (!gtk_tree_selection_get_selected (gtk_tree_view_get_selection (self->view), &model, &iter))
    return NULL;
  return domain_at (self, model, &iter);
}

static gboolean
find_row (OrielDomainList *self, OrielDomain *domain, GtkTreeIter *iter)
{
  GtkTreeModel *model = GTK_TREE_MODEL (self->model);
  gboolean valid;

  /* the rows as the view has them */
  for (valid = gtk_tree_model_get_iter_first (model, iter); valid;
       valid = gtk_tree_model_iter_next (model, iter))
    if (oriel_list_tree_model_peek (self->model, iter) == (gpointer) domain)
      return TRUE;
  return FALSE;
}

/* Selects @domain's row and brings it in sight; FALSE if it is not shown. */
gboolean
oriel_domain_list_select (OrielDomainList *self, OrielDomain *domain)
{
  GtkTreeIter iter;
  g_autoptr (GtkTreePath) path = NULL;

  g_return_val_if_fail (ORIEL_IS_DOMAIN_LIST (self), FALSE);
  if (domain == NULL || !find_row (self, domain, &iter))
    {
      gtk_tree_selection_unselect_all (gtk_tree_view_get_selection (self->view));
      return FALSE;
    }
  path = gtk_tree_model_get_path (GTK_TREE_MODEL (self->model), &iter);
  gtk_tree_view_set_cursor (self->view, path, NULL, FALSE);
  return TRUE;
}

static void
update_empty (OrielDomainList *self)
{
  gtk_widget_set_visible (self->empty_label,
                          g_list_model_get_n_items (G_LIST_MODEL (self->filter)) == 0);
}

/* A change of many rows at once (a filter keystroke, a sort, a host's
 * first listing): the view is detached meanwhile, so it builds its rows in
 * one go instead of hearing of each; the selection stays. */
static void
filter_changed_cb (OrielDomainFilter *filter, guint position, guint removed, guint added,
                   OrielDomainList *self)
{
  OrielDomain *selected = oriel_domain_list_get_selected (self);
  g_autoptr (OrielDomain) keep = selected ? g_object_ref (selected) : NULL;

  /* a row that moves (a domain started: running ones come first) is
   * deleted and inserted: the selection follows the domain, not the row */
  self->updating = TRUE;
  if (removed + added < BIG_CHANGE)
    oriel_list_tree_model_items_changed (self->model, position, removed, added);
  else
    {
      gtk_tree_view_set_model (self->view, NULL);
      oriel_list_tree_model_reset (self->model);
      gtk_tree_view_set_model (self->view, GTK_TREE_MODEL (self->model));
    }
  {
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->view);
    GtkTreeIter iter;

    /* no scrolling: the person may be looking elsewhere in the list */
    gtk_tree_selection_unselect_all (selection);
    if (keep != NULL && find_row (self, keep, &iter))
      gtk_tree_selection_select_iter (selection, &iter);
  }
  self->updating = FALSE;
  if (oriel_domain_list_get_selected (self) != keep)
    g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  update_empty (self);
}

static void
domain_changed_cb (OrielDomainFilter *filter, OrielDomain *domain, OrielDomainList *self)
{
  /* cells read the domain when drawn: a redraw is all a change needs */
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

/* Typing filters at once ("changed", not the entry's delayed search). */
static void
entry_changed_cb (GtkEditable *entry, OrielDomainList *self)
{
  oriel_domain_filter_set_text (self->filter, gtk_entry_get_text (GTK_ENTRY (entry)));
}

static void
entry_activate_cb (GtkEntry *entry, OrielDomainList *self)
{
  OrielDomain *domain = oriel_domain_list_get_selected (self);
  g_autoptr (OrielDomain) first = NULL;

  /* Enter in the filter opens the selected domain, or the only match */
  if (domain == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->filter)) == 1)
    domain = first = g_list_model_get_item (G_LIST_MODEL (self->filter), 0);
  if (domain != NULL)
    g_signal_emit (self, signals[DOMAIN_ACTIVATED], 0, domain);
}

static void
row_activated_cb (GtkTreeView *view, GtkTreePath *path, GtkTreeViewColumn *column,
                  OrielDomainList *self)
{
  GtkTreeIter iter;

  if (gtk_tree_model_get_iter (GTK_TREE_MODEL (self->model), &iter, path))
    g_signal_emit (self, signals[DOMAIN_ACTIVATED], 0,
                   domain_at (self, GTK_TREE_MODEL (self->model), &iter));
}

static void
selection_changed_cb (OrielDomainList *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
update_sort_indicators (OrielDomainList *self)
{
  gboolean descending = FALSE;
  OrielDomainSort sort = oriel_domain_filter_get_sort (self->filter, &descending);

  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    {
      gtk_tree_view_column_set_sort_indicator (self->columns[i], i == sort);
      gtk_tree_view_column_set_sort_order (self->columns[i], descending ? GTK_SORT_DESCENDING
                                                                        : GTK_SORT_ASCENDING);
    }
}

/* A header click sorts by that column; a second one turns the order. */
static void
header_clicked_cb (GtkTreeViewColumn *column, OrielDomainList *self)
{
  OrielDomainSort sort = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), "sort"));
  gboolean descending = FALSE;
  OrielDomainSort current = oriel_domain_filter_get_sort (self->filter, &descending);

  oriel_domain_filter_set_sort (self->filter, sort, current == sort && !descending);
  update_sort_indicators (self);
}

static GtkTreeViewColumn *
add_column (OrielDomainList *self, const char *title, OrielDomainSort sort, int width,
            GtkTreeCellDataFunc func)
{
  GtkTreeViewColumn *column = gtk_tree_view_column_new ();
  GtkCellRenderer *text = gtk_cell_renderer_text_new ();

  gtk_tree_view_column_set_title (column, title);
  /* fixed sizes: the view then measures no row it does not draw */
  gtk_tree_view_column_set_sizing (column, GTK_TREE_VIEW_COLUMN_FIXED);
  gtk_tree_view_column_set_fixed_width (column, width);
  gtk_tree_view_column_set_resizable (column, TRUE);
  gtk_tree_view_column_set_clickable (column, TRUE);
  g_object_set (text, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
  if (sort == ORIEL_DOMAIN_SORT_NAME)
    {
      self->exposed_renderer = gtk_cell_renderer_pixbuf_new ();
      g_object_set (self->exposed_renderer, "icon-name", "dialog-warning-symbolic", NULL);
      gtk_tree_view_column_pack_start (column, self->exposed_renderer, FALSE);
      gtk_tree_view_column_set_cell_data_func (column, self->exposed_renderer, exposed_data,
                                               self, NULL);
    }
  gtk_tree_view_column_pack_start (column, text, TRUE);
  gtk_tree_view_column_set_cell_data_func (column, text, func, self, NULL);
  g_object_set_data (G_OBJECT (column), "sort", GINT_TO_POINTER (sort));
  g_signal_connect (column, "clicked", G_CALLBACK (header_clicked_cb), self);
  gtk_tree_view_append_column (self->view, column);
  self->columns[sort] = column;
  return column;
}

static void
oriel_domain_list_dispose (GObject *object)
{
  OrielDomainList *self = ORIEL_DOMAIN_LIST (object);

  if (self->filter != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->filter, self);
      oriel_domain_filter_set_source (self->filter, NULL);
    }
  if (self->thumbnails != NULL)
    {
      /* pictures still on their way keep it alive a while */
      g_signal_handlers_disconnect_by_data (self->thumbnails, self);
      g_clear_object (&self->thumbnails);
    }
  g_clear_object (&self->model);
  g_clear_object (&self->filter);
  G_OBJECT_CLASS (oriel_domain_list_parent_class)->dispose (object);
}

static void
oriel_domain_list_class_init (OrielDomainListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = oriel_domain_list_dispose;
  /**
   * OrielDomainList::domain-activated:
   * @domain: double-clicked, or Enter pressed on it
   */
  signals[DOMAIN_ACTIVATED] =
    g_signal_new ("domain-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, ORIEL_TYPE_DOMAIN);
  /* the selected domain changed (get it with oriel_domain_list_get_selected) */
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
}

static void
oriel_domain_list_init (OrielDomainList *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);
  GtkWidget *overlay = gtk_overlay_new ();

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  self->filter = oriel_domain_filter_new (NULL);
  self->model = oriel_list_tree_model_new (G_LIST_MODEL (self->filter));
  g_signal_connect (self->filter, "items-changed", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect (self->filter, "domain-changed", G_CALLBACK (domain_changed_cb), self);

  self->entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->entry), _("Filter by name or title"));
  gtk_widget_set_margin_start (GTK_WIDGET (self->entry), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->entry), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->entry), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->entry), 6);
  g_signal_connect (self->entry, "changed", G_CALLBACK (entry_changed_cb), self);
  g_signal_connect (self->entry, "activate", G_CALLBACK (entry_activate_cb), self);

  self->view = GTK_TREE_VIEW (gtk_tree_view_new_with_model (GTK_TREE_MODEL (self->model)));
  gtk_tree_view_set_fixed_height_mode (self->view, TRUE);
  gtk_tree_view_set_enable_search (self->view, FALSE);   /* the entry filters instead */
  {
    GtkCellRenderer *picture = gtk_cell_renderer_pixbuf_new ();

    self->thumbnails = oriel_thumbnails_new ();
    g_signal_connect (self->thumbnails, "changed", G_CALLBACK (thumbnail_changed_cb), self);
    self->thumbnail_column = gtk_tree_view_column_new ();
    /* Translators: the column of small pictures of the domains' screens */
    gtk_tree_view_column_set_title (self->thumbnail_column, _("Screen"));
    /* a click sorts by state: the screens are the running domains' */
    gtk_tree_view_column_set_clickable (self->thumbnail_column, TRUE);
    g_object_set_data (G_OBJECT (self->thumbnail_column), "sort",
                       GINT_TO_POINTER (ORIEL_DOMAIN_SORT_STATE));
    g_signal_connect (self->thumbnail_column, "clicked", G_CALLBACK (header_clicked_cb), self);
    gtk_tree_view_column_set_sizing (self->thumbnail_column, GTK_TREE_VIEW_COLUMN_FIXED);
    gtk_tree_view_column_set_fixed_width (self->thumbnail_column, ORIEL_THUMBNAIL_WIDTH + 8);
    /* every row as tall as a picture: the view's rows have one height */
    gtk_cell_renderer_set_fixed_size (picture, ORIEL_THUMBNAIL_WIDTH + 4,
                                      ORIEL_THUMBNAIL_WIDTH * 3 / 4 + 4);
    gtk_tree_view_column_pack_start (self->thumbnail_column, picture, FALSE);
    gtk_tree_view_column_set_cell_data_func (self->thumbnail_column, picture, thumbnail_data,
                                             self, NULL);
    gtk_tree_view_append_column (self->view, self->thumbnail_column);
    if (oriel_settings_get () != NULL)
      g_signal_connect_object (oriel_settings_get (), "changed::thumbnails",
                               G_CALLBACK (thumbnails_setting_cb), self, 0);
  }
  add_column (self, _("Name"), ORIEL_DOMAIN_SORT_NAME, 140, name_data);
  add_column (self, _("Title"), ORIEL_DOMAIN_SORT_TITLE, 90, title_data);
  add_column (self, _("State"), ORIEL_DOMAIN_SORT_STATE, 70, state_data);
  add_column (self, _("Display"), ORIEL_DOMAIN_SORT_GRAPHICS, 70, graphics_data);
  {
    GtkCellRenderer *text = gtk_cell_renderer_text_new ();

    self->host_column = gtk_tree_view_column_new ();
    gtk_tree_view_column_set_title (self->host_column, _("Host"));
    gtk_tree_view_column_set_clickable (self->host_column, TRUE);
    g_object_set_data (G_OBJECT (self->host_column), "sort",
                       GINT_TO_POINTER (ORIEL_DOMAIN_SORT_HOST));
    g_signal_connect (self->host_column, "clicked", G_CALLBACK (header_clicked_cb), self);
    self->columns[ORIEL_DOMAIN_SORT_HOST] = self->host_column;
    gtk_tree_view_column_set_sizing (self->host_column, GTK_TREE_VIEW_COLUMN_FIXED);
    gtk_tree_view_column_set_fixed_width (self->host_column, 90);
    gtk_tree_view_column_set_resizable (self->host_column, TRUE);
    g_object_set (text, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
    gtk_tree_view_column_pack_start (self->host_column, text, TRUE);
    gtk_tree_view_column_set_cell_data_func (self->host_column, text, host_data, self, NULL);
    gtk_tree_view_column_set_visible (self->host_column, FALSE);
    gtk_tree_view_insert_column (self->view, self->host_column, 2);   /* after the name */
  }
  update_sort_indicators (self);
  update_thumbnails (self);
  g_signal_connect (self->view, "row-activated", G_CALLBACK (row_activated_cb), self);
  g_signal_connect_swapped (gtk_tree_view_get_selection (self->view), "changed",
                            G_CALLBACK (selection_changed_cb), self);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->view)), _("Domains"));

  self->empty_label = gtk_label_new (_("No domains"));
  gtk_style_context_add_class (gtk_widget_get_style_context (self->empty_label), "dim-label");
  gtk_widget_set_valign (self->empty_label, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->empty_label, 48);
  gtk_widget_set_no_show_all (self->empty_label, TRUE);

  gtk_container_add (GTK_CONTAINER (scrolled), GTK_WIDGET (self->view));
  gtk_container_add (GTK_CONTAINER (overlay), scrolled);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), self->empty_label);
  gtk_overlay_set_overlay_pass_through (GTK_OVERLAY (overlay), self->empty_label, TRUE);
  gtk_widget_set_vexpand (overlay, TRUE);
  gtk_container_add (GTK_CONTAINER (self), GTK_WIDGET (self->entry));
  gtk_container_add (GTK_CONTAINER (self), overlay);
  gtk_widget_show_all (GTK_WIDGET (self));
  update_empty (self);
}

GtkWidget *
oriel_domain_list_new (void)
{
  return g_object_new (ORIEL_TYPE_DOMAIN_LIST, NULL);
}

/* @domains: (nullable): a connection's domains; NULL shows none */
void
oriel_domain_list_set_domains (OrielDomainList *self, GListModel *domains)
{
  g_return_if_fail (ORIEL_IS_DOMAIN_LIST (self));
  oriel_domain_filter_set_source (self->filter, domains);
}

/* With several hosts in the list, a column says whose each domain is. */
void
oriel_domain_list_set_show_host (OrielDomainList *self, gboolean show)
{
  g_return_if_fail (ORIEL_IS_DOMAIN_LIST (self));
  gtk_tree_view_column_set_visible (self->host_column, show);
}

/* Returns: (transfer none) */
OrielDomainFilter *
oriel_domain_list_get_filter (OrielDomainList *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_LIST (self), NULL);
  return self->filter;
}

/* Returns: (transfer none) */
GtkEntry *
oriel_domain_list_get_entry (OrielDomainList *self)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_LIST (self), NULL);
  return GTK_ENTRY (self->entry);
}

/* Whether @domain's row shows the exposure warning, as its cell is drawn. */
gboolean
oriel_domain_list_shows_exposed (OrielDomainList *self, OrielDomain *domain)
{
  GtkTreeIter iter;
  gboolean visible = FALSE;

  g_return_val_if_fail (ORIEL_IS_DOMAIN_LIST (self), FALSE);
  if (!find_row (self, domain, &iter))
    return FALSE;
  gtk_tree_view_column_cell_set_cell_data (self->columns[ORIEL_DOMAIN_SORT_NAME],
                                           GTK_TREE_MODEL (self->model), &iter, FALSE, FALSE);
  g_object_get (self->exposed_renderer, "visible", &visible, NULL);
  return visible;
}

/* Returns: (transfer full) (nullable): @domain's thumbnail, as its cell
 * is drawn */
GdkPixbuf *
oriel_domain_list_get_thumbnail (OrielDomainList *self, OrielDomain *domain)
{
  GList *cells;
  GdkPixbuf *pixbuf = NULL;
  GtkTreeIter iter;

  g_return_val_if_fail (ORIEL_IS_DOMAIN_LIST (self), NULL);
  if (!find_row (self, domain, &iter))
    return NULL;
  gtk_tree_view_column_cell_set_cell_data (self->thumbnail_column,
                                           GTK_TREE_MODEL (self->model), &iter, FALSE, FALSE);
  cells = gtk_cell_layout_get_cells (GTK_CELL_LAYOUT (self->thumbnail_column));
  g_object_get (cells->data, "pixbuf", &pixbuf, NULL);
  g_list_free (cells);
  return pixbuf;
}
