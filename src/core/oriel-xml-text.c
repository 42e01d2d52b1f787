#define G_LOG_DOMAIN "oriel-core"

#include "config.h"

#include <glib/gi18n.h>
#include <libxml/tree.h>
#include <string.h>

#include "oriel-error.h"
#include "oriel-xml-text.h"
#include "oriel-xml-util.h"

typedef struct
{
  char *name;
  gsize start;           /* first byte of the name */
  gsize value_start;     /* first byte after the opening quote */
  gsize value_end;       /* the closing quote */
  char quote;
  char *value;           /* entities resolved */
} Attr;

struct _OrielXmlElem
{
  char *name;
  gsize start;           /* '<' */
  gsize name_end;
  gsize tag_end;         /* after the '>' of the start tag */
  gsize content_end;     /* '<' of the end tag, or tag_end when empty */
  gsize end;             /* after the end tag */
  gboolean empty;        /* <x/> */
  GPtrArray *attrs;
  GPtrArray *children;
  OrielXmlElem *parent;
};

struct _OrielXmlText
{
  GString *text;
  OrielXmlElem *root;
};

static void
attr_free (Attr *attr)
{
  g_free (attr->name);
  g_free (attr->value);
  g_free (attr);
}

static void
elem_free (OrielXmlElem *elem)
{
  if (elem == NULL)
    return;
  g_free (elem->name);
  g_ptr_array_unref (elem->attrs);
  g_ptr_array_unref (elem->children);
  g_free (elem);
}

/* Entities and character references of @s[0..len), as libxml2 resolved them. */
static char *
unescape (const char *s, gsize len)
{
  GString *out = g_string_sized_new (len);

  for (gsize i = 0; i < len; i++)
    {
      const char *semi;
      gsize n;

      if (s[i] != '&' || (semi = memchr (s + i, ';', len - i)) == NULL)
        {
          g_string_append_c (out, s[i]);
          continue;
        }
      n = semi - (s + i) + 1;
      if (n == 4 && strncmp (s + i, "&lt;", 4) == 0)
        g_string_append_c (out, '<');
      else if (n == 4 && strncmp (s + i, "&gt;", 4) == 0)
        g_string_append_c (out, '>');
      else if (n == 5 && strncmp (s + i, "&amp;", 5) == 0)
        g_string_append_c (out, '&');
      else if (n == 6 && strncmp (s + i, "&apos;", 6) == 0)
        g_string_append_c (out, '\'');
      else if (n == 6 && strncmp (s + i, "&quot;", 6) == 0)
        g_string_append_c (out, '"');
      else if (n > 3 && s[i + 1] == '#')
        {
          gboolean hex = s[i + 2] == 'x';
          gunichar c = g_ascii_strtoull (s + i + (hex ? 3 : 2), NULL, hex ? 16 : 10);

          g_string_append_unichar (out, c);
        }
      else
        {
          g_string_append_len (out, s + i, n);
        }
      i += n - 1;
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Skips past @end (a terminator such as "-->") from @pos; FALSE if missing. */
static gboolean
skip_past (const char *text, gsize len, gsize *pos, const char *end)
{
  const char *hit = g_strstr_len (text + *pos, len - *pos, end);

  if (hit == NULL)
    return FALSE;
  *pos = hit - text + strlen (end);
  return TRUE;
}

static OrielXmlElem *
scan_start_tag (const char *t, gsize len, gsize *pos)
{
  OrielXmlElem *elem = g_new0 (OrielXmlElem, 1);
  gsize p = *pos + 1, n;

  elem->start = *pos;
  elem->attrs = g_ptr_array_new_with_free_func ((GDestroyNotify) attr_free);
  elem->children = g_ptr_array_new_with_free_func ((GDestroyNotify) elem_free);
  for (n = p; n < len && !is_space (t[n]) && t[n] != '/' && t[n] != '>'; n++)
    ;
  elem->name = g_strndup (t + p, n - p);
  elem->name_end = n;
  p = n;
  for (;;)
    {
      Attr *attr;

      while (p < len && is_space (t[p]))
        p++;
      if (p >= len)
        goto fail;
      if (t[p] == '/' || t[p] == '>')
        break;
      attr = g_new0 (Attr, 1);
      attr->start = p;
      for (n = p; n < len && !is_space (t[n]) && t[n] != '='; n++)
        ;
      attr->name = g_strndup (t + p, n - p);
      g_ptr_array_add (elem->attrs, attr);
      for (p = n; p < len && (is_space (t[p]) || t[p] == '='); p++)
        ;
      if (p >= len || (t[p] != '\'' && t[p] != '"'))
        goto fail;
      attr->quote = t[p];
      attr->value_start = ++p;
      while (p < len && t[p] != attr->quote)
        p++;
      if (p >= len)
        goto fail;
      attr->value_end = p++;
      attr->value = unescape (t + attr->value_start, attr->value_end - attr->value_start);
    }
  elem->empty = t[p] == '/';
  if (elem->empty)
    p++;
  if (p >= len || t[p] != '>')
    goto fail;
  elem->tag_end = p + 1;
  if (elem->empty)
    elem->content_end = elem->end = elem->tag_end;
  *pos = elem->tag_end;
  return elem;

fail:
  elem_free (elem);
  return NULL;
}

/* Indexes every element with its byte offsets.  The text was already found
 * well-formed by libxml2, so this scanner only needs to be exact, not forgiving. */
static OrielXmlElem *
scan (const char *t, gsize len)
{
  OrielXmlElem *root = NULL, *open = NULL;
  gsize pos = 0;

  while (pos < len)
    {
      const char *lt = memchr (t + pos, '<', len - pos);
      gboolean ok = TRUE;

      if (lt == NULL)
        break;
      pos = lt - t;
      if (strncmp (lt, "<!--", 4) == 0)
        ok = skip_past (t, len, &pos, "-->");
      else if (strncmp (lt, "<![CDATA[", 9) == 0)
        ok = skip_past (t, len, &pos, "]]>");
      else if (strncmp (lt, "<?", 2) == 0)
        ok = skip_past (t, len, &pos, "?>");
      else if (strncmp (lt, "<!", 2) == 0)
        ok = FALSE;                       /* DOCTYPE: domain XML never has one */
      else if (strncmp (lt, "</", 2) == 0)
        {
          if (open == NULL)
            ok = FALSE;
          else
            {
              open->content_end = pos;
              ok = skip_past (t, len, &pos, ">");
              open->end = pos;
              open = open->parent;
            }
        }
      else
        {
          OrielXmlElem *elem = scan_start_tag (t, len, &pos);

          if (elem == NULL)
            ok = FALSE;
          else if (open != NULL)
            {
              elem->parent = open;
              g_ptr_array_add (open->children, elem);
            }
          else if (root == NULL)
            root = elem;
          else
            {
              elem_free (elem);
              ok = FALSE;
            }
          if (ok && !elem->empty)
            open = elem;
        }
      if (!ok)
        {
          elem_free (root);
          return NULL;
        }
    }
  if (open != NULL)
    {
      elem_free (root);
      return NULL;
    }
  return root;
}

static gboolean
reindex (OrielXmlText *self, GError **error)
{
  OrielXmlElem *root = scan (self->text->str, self->text->len);

  if (root == NULL)
    {
      g_set_error_literal (error, ORIEL_ERROR, ORIEL_ERROR_INVALID_XML,
                           _("The domain description uses XML constructs Oriel cannot edit safely"));
      return FALSE;
    }
  elem_free (self->root);
  self->root = root;
  return TRUE;
}

/**
 * oriel_xml_text_new:
 *
 * Returns: (transfer full) (nullable): @text indexed for editing, or NULL
 * with an error if it is not a well-formed <domain> document.
 */
OrielXmlText *
oriel_xml_text_new (const char *text, GError **error)
{
  g_autoptr (OrielXmlText) self = NULL;
  xmlDoc *doc;

  g_return_val_if_fail (text != NULL, NULL);

  doc = oriel_xml_read_domain (text, error);
  if (doc == NULL)
    return NULL;
  xmlFreeDoc (doc);

  self = g_new0 (OrielXmlText, 1);
  self->text = g_string_new (text);
  if (!reindex (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

OrielXmlText *
oriel_xml_text_copy (OrielXmlText *self)
{
  OrielXmlText *copy = g_new0 (OrielXmlText, 1);

  copy->text = g_string_new_len (self->text->str, self->text->len);
  reindex (copy, NULL);
  return copy;
}

void
oriel_xml_text_free (OrielXmlText *self)
{
  if (self == NULL)
    return;
  g_string_free (self->text, TRUE);
  elem_free (self->root);
  g_free (self);
}

const char *
oriel_xml_text_get (OrielXmlText *self)
{
  return self->text->str;
}

OrielXmlElem *
oriel_xml_text_root (OrielXmlText *self)
{
  return self->root;
}

const char *
oriel_xml_elem_name (OrielXmlElem *elem)
{
  return elem->name;
}

OrielXmlElem *
oriel_xml_elem_parent (OrielXmlElem *elem)
{
  return elem->parent;
}

/* Returns: (nullable): the @nth child element called @name (NULL: any). */
OrielXmlElem *
oriel_xml_elem_child (OrielXmlElem *elem, const char *name, guint nth)
{
  if (elem == NULL)
    return NULL;
  for (guint i = 0; i < elem->children->len; i++)
    {
      OrielXmlElem *child = g_ptr_array_index (elem->children, i);

      if ((name == NULL || g_str_equal (child->name, name)) && nth-- == 0)
        return child;
    }
  return NULL;
}

guint
oriel_xml_elem_n_children (OrielXmlElem *elem, const char *name)
{
  guint n = 0;

  for (guint i = 0; elem != NULL && i < elem->children->len; i++)
    if (g_str_equal (((OrielXmlElem *) g_ptr_array_index (elem->children, i))->name, name))
      n++;
  return n;
}

static Attr *
find_attr (OrielXmlElem *elem, const char *name)
{
  for (guint i = 0; elem != NULL && i < elem->attrs->len; i++)
    {
      Attr *attr = g_ptr_array_index (elem->attrs, i);

      if (g_str_equal (attr->name, name))
        return attr;
    }
  return NULL;
}

/* Returns: (nullable): the attribute's value, entities resolved. */
const char *
oriel_xml_elem_attr (OrielXmlElem *elem, const char *name)
{
  Attr *attr = find_attr (elem, name);

  return attr ? attr->value : NULL;
}

/* Returns: (transfer full): the character data of a leaf element. */
char *
oriel_xml_elem_text (OrielXmlText *self, OrielXmlElem *elem)
{
  if (elem->empty)
    return g_strdup ("");
  return unescape (self->text->str + elem->tag_end, elem->content_end - elem->tag_end);
}

/* Returns: (transfer full): the element as written, tags and all. */
char *
oriel_xml_elem_markup (OrielXmlText *self, OrielXmlElem *elem)
{
  return g_strndup (self->text->str + elem->start, elem->end - elem->start);
}

/* libvirt's own escaping, so written values look like the rest of its XML. */
static char *
escape_attr (const char *value)
{
  GString *out = g_string_new (NULL);

  for (const char *c = value; *c; c++)
    switch (*c)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '\'': g_string_append (out, "&apos;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      default: g_string_append_c (out, *c);
      }
  return g_string_free (out, FALSE);
}

static void
splice (OrielXmlText *self, gsize pos, gsize len, const char *with)
{
  g_string_erase (self->text, pos, len);
  g_string_insert (self->text, pos, with);
  if (!reindex (self, NULL))
    g_critical ("an edit left the domain XML unreadable");
}

/* The quote style the document already uses. */
static char
document_quote (OrielXmlText *self)
{
  Attr *attr = self->root->attrs->len ? g_ptr_array_index (self->root->attrs, 0) : NULL;

  return attr ? attr->quote : '\'';
}

/**
 * oriel_xml_text_set_attr:
 * @value: (nullable): NULL removes the attribute
 */
void
oriel_xml_text_set_attr (OrielXmlText *self, OrielXmlElem *elem, const char *name,
                         const char *value)
{
  oriel_xml_text_set_attr_in_order (self, elem, name, value, NULL);
}

/**
 * oriel_xml_text_set_attr_in_order:
 * @order: (nullable): attribute names in the order libvirt writes them; a
 *   new attribute goes after those that precede it, else last
 */
void
oriel_xml_text_set_attr_in_order (OrielXmlText *self, OrielXmlElem *elem, const char *name,
                                  const char *value, const char * const *order)
{
  Attr *attr = find_attr (elem, name);
  g_autofree char *escaped = value ? escape_attr (value) : NULL;

  if (attr != NULL && value != NULL)
    {
      if (!g_str_equal (attr->value, value))
        splice (self, attr->value_start, attr->value_end - attr->value_start, escaped);
    }
  else if (attr != NULL)
    {
      gsize from = attr->start;

      while (from > 0 && is_space (self->text->str[from - 1]))
        from--;
      splice (self, from, attr->value_end + 1 - from, "");
    }
  else if (value != NULL)
    {
      Attr *last = elem->attrs->len ? g_ptr_array_index (elem->attrs, elem->attrs->len - 1) : NULL;
      const char * const *earlier = order;
      g_autofree char *text = NULL;
      gsize at;
      char q;

      /* Where @order says: after the last attribute that comes before it. */
      for (; earlier && *earlier && !g_str_equal (*earlier, name); earlier++)
        ;
      if (earlier != NULL && *earlier != NULL)
        {
          Attr *after = NULL;

          for (guint i = 0; i < elem->attrs->len; i++)
            {
              Attr *a = g_ptr_array_index (elem->attrs, i);

              for (const char * const *o = order; o != earlier; o++)
                if (g_str_equal (a->name, *o))
                  after = a;
            }
          last = after;
        }
      at = last ? last->value_end + 1 : elem->name_end;
      q = last ? last->quote : document_quote (self);
      text = g_strdup_printf (" %s=%c%s%c", name, q, escaped, q);
      splice (self, at, 0, text);
    }
}

/* The whitespace before @pos on its line, or NULL if text precedes it. */
static char *
indent_at (OrielXmlText *self, gsize pos)
{
  const char *t = self->text->str;
  gsize from = pos;

  while (from > 0 && (t[from - 1] == ' ' || t[from - 1] == '\t'))
    from--;
  if (from > 0 && t[from - 1] != '\n')
    return NULL;
  return g_strndup (t + from, pos - from);
}

static char *
indent_step (OrielXmlText *self)
{
  OrielXmlElem *first = oriel_xml_elem_child (self->root, NULL, 0);
  char *step = first ? indent_at (self, first->start) : NULL;

  if (step == NULL || *step == '\0')
    {
      g_free (step);
      return g_strdup ("  ");
    }
  return step;
}

/* Removes @elem, and its line when it stands alone on it. */
void
oriel_xml_text_remove (OrielXmlText *self, OrielXmlElem *elem)
{
  const char *t = self->text->str;
  g_autofree char *indent = indent_at (self, elem->start);
  gsize from = elem->start, to = elem->end;

  if (indent != NULL)
    {
      gsize after = to;

      while (t[after] == ' ' || t[after] == '\t')
        after++;
      if (t[after] == '\r')
        after++;
      if (t[after] == '\n')
        {
          from -= strlen (indent);
          to = after + 1;
        }
    }
  splice (self, from, to - from, "");
}

/* @markup's lines after the first, indented by @indent. */
static char *
indent_markup (const char *markup, const char *indent)
{
  g_auto (GStrv) lines = g_strsplit (markup, "\n", -1);
  g_autofree char *sep = g_strconcat ("\n", indent, NULL);

  return g_strjoinv (sep, lines);
}

/**
 * oriel_xml_text_insert:
 * @before: (nullable): a child of @parent, or NULL to append
 * @markup: one element, its nested lines indented by two spaces
 *
 * Inserts @markup as a child of @parent, indented like its siblings.
 */
void
oriel_xml_text_insert (OrielXmlText *self, OrielXmlElem *parent, OrielXmlElem *before,
                       const char *markup)
{
  g_autofree char *step = indent_step (self);
  g_autofree char *parent_indent = indent_at (self, parent->start);
  g_autofree char *markup_step = NULL;
  g_autofree char *text = NULL;
  g_autofree char *indent = NULL;
  OrielXmlElem *last = oriel_xml_elem_child (parent, NULL, parent->children->len
                                             ? parent->children->len - 1 : G_MAXUINT);
  GString *fixed;

  /* The markup is written with single quotes and two-space steps; follow
   * the document's style.  Values in it are escaped, so every ' is a quote. */
  fixed = g_string_new (markup);
  if (document_quote (self) == '"')
    g_strdelimit (fixed->str, "'", '"');
  if (!g_str_equal (step, "  "))
    for (gsize i = 0; i + 1 < fixed->len; i++)
      if (fixed->str[i] == '\n')
        while (i + 2 < fixed->len && strncmp (fixed->str + i + 1, "  ", 2) == 0)
          {
            g_string_erase (fixed, i + 1, 2);
            g_string_insert (fixed, i + 1, step);
            i += strlen (step);
          }
  markup_step = g_string_free (fixed, FALSE);

  if (before != NULL)
    {
      indent = indent_at (self, before->start);
      if (indent == NULL)
        {
          splice (self, before->start, 0, markup_step);
          return;
        }
      {
        g_autofree char *body = indent_markup (markup_step, indent);

        text = g_strconcat (body, "\n", indent, NULL);
      }
      splice (self, before->start, 0, text);
    }
  else if (last != NULL)
    {
      g_autofree char *body = NULL;

      indent = indent_at (self, last->start);
      if (indent == NULL)
        indent = g_strdup ("");
      body = indent_markup (markup_step, indent);
      text = g_strconcat ("\n", indent, body, NULL);
      splice (self, last->end, 0, text);
    }
  else
    {
      g_autofree char *body = NULL;
      const char *pi = parent_indent ? parent_indent : "";

      indent = g_strconcat (pi, step, NULL);
      body = indent_markup (markup_step, indent);
      if (parent->empty)
        {
          gsize slash = parent->tag_end - 2;

          text = g_strdup_printf (">\n%s%s\n%s</%s>", indent, body, pi, parent->name);
          /* Also drops a space written before "/>". */
          while (slash > parent->name_end && is_space (self->text->str[slash - 1]))
            slash--;
          splice (self, slash, parent->tag_end - slash, text);
        }
      else
        {
          text = g_strdup_printf ("\n%s%s\n%s", indent, body, pi);
          splice (self, parent->tag_end, parent->content_end - parent->tag_end, text);
        }
    }
}
