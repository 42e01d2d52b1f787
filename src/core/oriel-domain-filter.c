#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <string.h>

#include "oriel-domain-filter.h"

/* The domain list as shown: the domains whose name or title holds the
 * typed text (case and accents aside), sorted by a column, running ones
 * first by default. Each change is one items-changed covering only the
 * span that differs, so a view of thousands of rows redraws what moved. */
struct _OrielDomainFilter
{
  GObject parent_instance;

  GListModel *source;           /* of OrielDomain */
  GPtrArray *sorted;            /* every domain of the source, in order */
  GPtrArray *items;             /* what is shown: the matches among them */
  char *text;                   /* as typed */
  char *folded;                 /* case-folded, or NULL: everything */
  OrielDomainSort sort;
  gboolean descending;
  gboolean running_first;
  guint update_id;              /* a recount after a domain changed */
};

static void list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OrielDomainFilter, oriel_domain_filter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_init))

enum { DOMAIN_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static GType
get_item_type (GListModel *model)
{
  return ORIEL_TYPE_DOMAIN;
}

static guint
get_n_items (GListModel *model)
{
  return ORIEL_DOMAIN_FILTER (model)->items->len;
}

static gpointer
get_item (GListModel *model, guint position)
{
  OrielDomainFilter *self = ORIEL_DOMAIN_FILTER (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static gboolean
matches (OrielDomainFilter *self, OrielDomain *domain)
{
  return self->folded == NULL || strstr (oriel_domain_get_search_text (domain), self->folded);
}

static int
rank (OrielDomain *domain)
{
  return oriel_domain_is_active (domain) ? 0 : 1;
}

static int
compare (gconstpointer pa, gconstpointer pb, gpointer data)
{
  OrielDomainFilter *self = data;
  OrielDomain *a = *(OrielDomain **) pa;
  OrielDomain *b = *(OrielDomain **) pb;
  int order = 0;

  if (self->running_first && rank (a) != rank (b))
    return rank (a) - rank (b);
  switch (self->sort)
    {
    case ORIEL_DOMAIN_SORT_TITLE:
      order = g_strcmp0 (oriel_domain_get_title_key (a), oriel_domain_get_title_key (b));
      break;
    case ORIEL_DOMAIN_SORT_STATE:
      order = (int) oriel_domain_get_state (a) - (int) oriel_domain_get_state (b);
      break;
    case ORIEL_DOMAIN_SORT_GRAPHICS:
      order = g_strcmp0 (oriel_domain_get_graphics_label (a), oriel_domain_get_graphics_label (b));
      break;
    case ORIEL_DOMAIN_SORT_HOST:
      order = g_strcmp0 (oriel_domain_get_origin (a), oriel_domain_get_origin (b));
      break;
    case ORIEL_DOMAIN_SORT_NAME:
    default:
      break;
    }
  if (order == 0)
    order = strcmp (oriel_domain_get_name_key (a), oriel_domain_get_name_key (b));
  return self->descending ? -order : order;
}

/* Sorts every domain again (a new source, a new order, a domain changed). */
static void
resort (OrielDomainFilter *self)
{
  guint n = self->source ? g_list_model_get_n_items (self->source) : 0;

  g_clear_handle_id (&self->update_id, g_source_remove);
  g_ptr_array_set_size (self->sorted, 0);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->sorted, g_list_model_get_item (self->source, i));
  g_ptr_array_sort_with_data (self->sorted, compare, self);
}

/* Picks the matches from the sorted domains (a keystroke needs no sort);
 * tells only the span that changed. */
static void
update (OrielDomainFilter *self)
{
  g_autoptr (GPtrArray) old = self->items;
  guint prefix = 0;
  guint suffix = 0;

  self->items = g_ptr_array_new_full (self->sorted->len, g_object_unref);
  for (guint i = 0; i < self->sorted->len; i++)
    {
      OrielDomain *domain = g_ptr_array_index (self->sorted, i);

      if (matches (self, domain))
        g_ptr_array_add (self->items, g_object_ref (domain));
    }

  while (prefix < old->len && prefix < self->items->len
         && old->pdata[prefix] == self->items->pdata[prefix])
    prefix++;
  while (suffix < old->len - prefix && suffix < self->items->len - prefix
         && old->pdata[old->len - 1 - suffix] == self->items->pdata[self->items->len - 1 - suffix])
    suffix++;
  if (prefix == old->len && prefix == self->items->len)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), prefix, old->len - prefix - suffix,
                              self->items->len - prefix - suffix);
}

static gboolean
update_cb (gpointer data)
{
  OrielDomainFilter *self = data;

  self->update_id = 0;
  resort (self);
  update (self);
  return G_SOURCE_REMOVE;
}

/* A domain changed: recount once the burst is over (details arrive for
 * every visible row at once), and only when the change can matter. */
static void
domain_notify_cb (OrielDomain *domain, GParamSpec *pspec, OrielDomainFilter *self)
{
  const char *name = pspec->name;
  gboolean matters;

  /* a view redraws the row; one handler per domain serves both */
  g_signal_emit (self, signals[DOMAIN_CHANGED], 0, domain);

  if (g_str_equal (name, "state"))
    matters = self->running_first || self->sort == ORIEL_DOMAIN_SORT_STATE;
  else if (g_str_equal (name, "title"))
    matters = self->folded != NULL || self->sort == ORIEL_DOMAIN_SORT_TITLE;
  else if (g_str_equal (name, "graphics-label"))
    matters = self->sort == ORIEL_DOMAIN_SORT_GRAPHICS;
  else
    matters = FALSE;
  if (matters && self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_DEFAULT, update_cb, self, NULL);
}

static void
source_changed_cb (GListModel *source, guint position, guint removed, guint added,
                   OrielDomainFilter *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr (OrielDomain) domain = g_list_model_get_item (source, i);

      g_signal_connect_object (domain, "notify", G_CALLBACK (domain_notify_cb), self, 0);
    }
  resort (self);
  update (self);
}

/* @domains: (nullable): of OrielDomain; NULL empties the list */
void
oriel_domain_filter_set_source (OrielDomainFilter *self, GListModel *domains)
{
  g_return_if_fail (ORIEL_IS_DOMAIN_FILTER (self));

  if (self->source == domains)
    return;
  if (self->source != NULL)
    {
      guint n = g_list_model_get_n_items (self->source);

      g_signal_handlers_disconnect_by_data (self->source, self);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (OrielDomain) domain = g_list_model_get_item (self->source, i);

          g_signal_handlers_disconnect_by_data (domain, self);
        }
    }
  g_set_object (&self->source, domains);
  if (domains != NULL)
    {
      g_signal_connect_object (domains, "items-changed", G_CALLBACK (source_changed_cb), self, 0);
      source_changed_cb (domains, 0, 0, g_list_model_get_n_items (domains), self);
    }
  else
    {
      resort (self);
      update (self);
    }
}

OrielDomainFilter *
oriel_domain_filter_new (GListModel *domains)
{
  OrielDomainFilter *self = g_object_new (ORIEL_TYPE_DOMAIN_FILTER, NULL);

  oriel_domain_filter_set_source (self, domains);
  return self;
}

/* Shows the domains whose name or title holds @text; "" shows all. */
void
oriel_domain_filter_set_text (OrielDomainFilter *self, const char *text)
{
  g_return_if_fail (ORIEL_IS_DOMAIN_FILTER (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  g_free (self->folded);
  self->text = g_strdup (text);
  self->folded = text && *text ? oriel_domain_fold (text) : NULL;
  update (self);
}

void
oriel_domain_filter_set_sort (OrielDomainFilter *self, OrielDomainSort sort, gboolean descending)
{
  g_return_if_fail (ORIEL_IS_DOMAIN_FILTER (self));

  if (self->sort == sort && self->descending == descending)
    return;
  self->sort = sort;
  self->descending = descending;
  resort (self);
  update (self);
}

OrielDomainSort
oriel_domain_filter_get_sort (OrielDomainFilter *self, gboolean *descending)
{
  g_return_val_if_fail (ORIEL_IS_DOMAIN_FILTER (self), ORIEL_DOMAIN_SORT_NAME);
  if (descending != NULL)
    *descending = self->descending;
  return self->sort;
}

/* Running and paused domains above the others (the default). */
void
oriel_domain_filter_set_running_first (OrielDomainFilter *self, gboolean running_first)
{
  g_return_if_fail (ORIEL_IS_DOMAIN_FILTER (self));

  if (self->running_first == running_first)
    return;
  self->running_first = running_first;
  resort (self);
  update (self);
}

static void
oriel_domain_filter_dispose (GObject *object)
{
  OrielDomainFilter *self = ORIEL_DOMAIN_FILTER (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->source != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      g_clear_object (&self->source);
    }
  G_OBJECT_CLASS (oriel_domain_filter_parent_class)->dispose (object);
}

static void
oriel_domain_filter_finalize (GObject *object)
{
  OrielDomainFilter *self = ORIEL_DOMAIN_FILTER (object);

  g_ptr_array_unref (self->items);
  g_ptr_array_unref (self->sorted);
  g_free (self->text);
  g_free (self->folded);
  G_OBJECT_CLASS (oriel_domain_filter_parent_class)->finalize (object);
}

static void
oriel_domain_filter_class_init (OrielDomainFilterClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = oriel_domain_filter_dispose;
  G_OBJECT_CLASS (klass)->finalize = oriel_domain_filter_finalize;
  /**
   * OrielDomainFilter::domain-changed:
   * @domain: a domain of the source whose state or details changed
   */
  signals[DOMAIN_CHANGED] =
    g_signal_new ("domain-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, ORIEL_TYPE_DOMAIN);
}

static void
oriel_domain_filter_init (OrielDomainFilter *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->sorted = g_ptr_array_new_with_free_func (g_object_unref);
  self->running_first = TRUE;
}
