/*
 * doc/doc.h: the bulletin tree (a libxml2 xmlDoc) in and out: the embedded
 * RELAX NG schema, safe loading of .xml input (no DTD, no entities, no network,
 * validated, errors with the XML line), serialisation (UTF-8, one block per
 * line), and small typed helpers the builders and renderers share.
 */
#ifndef JB_DOC_H
#define JB_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>
#include <libxml/relaxng.h>

struct jb_diag;

/* Maximum element nesting accepted in XML input (libxml2's own limit is 256). */
#define JB_DOC_MAX_DEPTH 64
/* Maximum children of one element with mixed content (text, <b>, <br/>) in XML
 * input: bounds RELAX NG validation, which is quadratic there, to ~1 s per MB. */
#define JB_DOC_MAX_INLINE 2048

xmlRelaxNGPtr jb_schema_new(struct jb_diag *);
void jb_schema_free(xmlRelaxNGPtr);
extern const char jb_schema_text[];	/* generated from bulletin.rng */

xmlDoc *jb_doc_load(const char *bytes, size_t len, xmlRelaxNGPtr, struct jb_diag *);
bool jb_doc_validate(xmlDoc *, xmlRelaxNGPtr, struct jb_diag *);
/* Serialises to *out (g_free) with a trailing newline. */
bool jb_doc_serialize(xmlDoc *, char **out, size_t *len, struct jb_diag *);

/* Helpers (borrowed results unless said otherwise). */
bool jb_is(const xmlNode *, const char *name);	/* element named name */
xmlNode *jb_child(const xmlNode *, const char *name);	/* first element child so named */
xmlNode *jb_first_elem(const xmlNode *);	/* first element child */
xmlNode *jb_next_elem(const xmlNode *);	/* next element sibling */
int jb_line_of(const xmlNode *);	/* @line, 0 if absent */
char *jb_text_of(const xmlNode *);	/* all text, <br/> as "\n"; g_free */
char *jb_attr(const xmlNode *, const char *name);	/* g_free; NULL if absent */

#endif
