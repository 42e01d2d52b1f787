#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A domain XML document kept as its original text.  Reading goes through a
 * small element index with byte offsets; every edit is a splice of that text,
 * so what is not edited stays byte for byte (quotes, entities, comments,
 * blank lines).  libxml2 only offers a tree that it reserialises in its own
 * style, which is why this exists. */

typedef struct _OrielXmlText OrielXmlText;
typedef struct _OrielXmlElem OrielXmlElem;

OrielXmlText *oriel_xml_text_new        (const char    *text,
                                         GError       **error);
OrielXmlText *oriel_xml_text_copy       (OrielXmlText  *self);
void          oriel_xml_text_free       (OrielXmlText  *self);
const char   *oriel_xml_text_get        (OrielXmlText  *self);
OrielXmlElem *oriel_xml_text_root       (OrielXmlText  *self);

const char   *oriel_xml_elem_name       (OrielXmlElem  *elem);
OrielXmlElem *oriel_xml_elem_parent     (OrielXmlElem  *elem);
OrielXmlElem *oriel_xml_elem_child      (OrielXmlElem  *elem,
                                         const char    *name,
                                         guint          nth);
guint         oriel_xml_elem_n_children (OrielXmlElem  *elem,
                                         const char    *name);
const char   *oriel_xml_elem_attr       (OrielXmlElem  *elem,
                                         const char    *name);
char         *oriel_xml_elem_text       (OrielXmlText  *self,
                                         OrielXmlElem  *elem);
char         *oriel_xml_elem_markup     (OrielXmlText  *self,
                                         OrielXmlElem  *elem);

/* Edits.  Each one invalidates every OrielXmlElem pointer taken before it. */
void          oriel_xml_text_set_attr   (OrielXmlText  *self,
                                         OrielXmlElem  *elem,
                                         const char    *name,
                                         const char    *value);
void          oriel_xml_text_set_attr_in_order (OrielXmlText       *self,
                                                OrielXmlElem       *elem,
                                                const char         *name,
                                                const char         *value,
                                                const char * const *order);
void          oriel_xml_text_remove     (OrielXmlText  *self,
                                         OrielXmlElem  *elem);
void          oriel_xml_text_insert     (OrielXmlText  *self,
                                         OrielXmlElem  *parent,
                                         OrielXmlElem  *before,
                                         const char    *markup);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OrielXmlText, oriel_xml_text_free)

G_END_DECLS
