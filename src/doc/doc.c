/* doc/doc.c: schema, safe XML input, serialisation and tree helpers (see doc.h). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include "../core/diag.h"
#include "doc.h"

struct err_sink {
	struct jb_diag *diag;
	int count;
	bool fatal;	/* a limit was hit: drop what follows */
};

/* libxml2's wording for its own limits points at XML_PARSE_HUGE, an API switch
 * the user cannot reach: say what the limit is instead. */
static const char *
limit_message(const xmlError *e)
{
	const char *m = e->message ? e->message : "";

	if (strstr(m, "Excessive depth") != NULL)
		return "XML input is nested too deeply (the limit is "
		    G_STRINGIFY(JB_DOC_MAX_DEPTH) " elements)";
	if (strstr(m, "huge text node") != NULL)
		return "a text in XML input is longer than 10,000,000 bytes (libxml2's limit; "
		    "split it into several elements)";
	return NULL;
}

/* libxml2 2.9 reports through a per-thread structured error handler. */
static void
on_xml_error(void *ctx, xmlErrorPtr e)
{
	struct err_sink *sink = ctx;
	const char *limit;
	char *msg;

	if (e == NULL || sink->count >= 20 || sink->fatal)
		return;
	sink->count++;
	limit = limit_message(e);
	/* After a limit, the parser stops and every later message is noise. */
	sink->fatal = limit != NULL;
	msg = g_strdup(limit ? limit : e->message ? e->message : "XML error");
	g_strchomp(msg);
	jb_diag_add(sink->diag, e->level == XML_ERR_WARNING ? JB_WARNING : JB_ERROR,
	    limit ? "too-deep" : e->domain == XML_FROM_RELAXNGV ? "invalid-xml" : "bad-xml",
	    e->line, e->int2 > 0 ? e->int2 : 0, "%s", msg);
	g_free(msg);
}

xmlRelaxNGPtr
jb_schema_new(struct jb_diag *diag)
{
	struct err_sink sink = { diag, 0, false };
	xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(jb_schema_text, (int)strlen(jb_schema_text));
	xmlRelaxNGPtr schema;

	xmlRelaxNGSetParserStructuredErrors(pc, on_xml_error, &sink);
	schema = xmlRelaxNGParse(pc);
	xmlRelaxNGFreeParserCtxt(pc);
	if (schema == NULL)
		jb_error(diag, "internal", 0, "the built-in schema does not compile");
	return schema;
}

void
jb_schema_free(xmlRelaxNGPtr s)
{
	if (s)
		xmlRelaxNGFree(s);
}

/* The first element nested deeper than JB_DOC_MAX_DEPTH, or NULL. libxml2 stops
 * at 256 levels, so the recursion is bounded. */
static const xmlNode *
too_deep(const xmlNode *n, int d)
{
	if (d > JB_DOC_MAX_DEPTH)
		return n;
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			const xmlNode *k = too_deep(c, d + 1);
			if (k != NULL)
				return k;
		}
	return NULL;
}

/* The first element with more than JB_DOC_MAX_INLINE children of which some are
 * text: libxml2's RELAX NG validator is quadratic in the length of mixed content
 * (16,000 <br/> in one <p> take seconds), while element-only lists stay linear. */
static const xmlNode *
too_wide(const xmlNode *n)
{
	int kids = 0;
	bool text = false;

	for (const xmlNode *c = n->children; c; c = c->next) {
		kids++;
		text = text || (c->type == XML_TEXT_NODE && !xmlIsBlankNode(c));
		if (c->type == XML_ELEMENT_NODE) {
			const xmlNode *w = too_wide(c);
			if (w != NULL)
				return w;
		}
	}
	return text && kids > JB_DOC_MAX_INLINE ? n : NULL;
}

xmlDoc *
jb_doc_load(const char *bytes, size_t len, xmlRelaxNGPtr schema, struct jb_diag *diag)
{
	struct err_sink sink = { diag, 0, false };
	xmlDoc *doc = NULL;

	/* A bulletin has no use for a DTD: refusing it outright closes the door on
	 * external entities (XXE) and entity-expansion bombs before any parsing. */
	for (const char *p = bytes; (p = memchr(p, '<', len - (size_t)(p - bytes))) != NULL; p++) {
		if ((size_t)(bytes + len - p) >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0) {
			int line = 1;
			for (const char *q = bytes; q < p; q++)
				line += *q == '\n';
			jb_error(diag, "doctype", line, "XML input may not have a DOCTYPE (DTDs and entities are refused)");
			return NULL;
		}
		if ((size_t)(bytes + len - p) >= 8 && memcmp(p, "<!ENTITY", 8) == 0) {
			jb_error(diag, "doctype", 0, "XML input may not declare entities");
			return NULL;
		}
	}
	if (len > (size_t)INT_MAX) {
		jb_error(diag, "too-large", 0, "XML input is too large");
		return NULL;
	}
	xmlSetStructuredErrorFunc(&sink, on_xml_error);
	doc = xmlReadMemory(bytes, (int)len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOCDATA);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc == NULL) {
		if (!jb_diag_failed(diag))
			jb_error(diag, "bad-xml", 0, "not well-formed XML");
		return NULL;
	}
	if (doc->intSubset || doc->extSubset) {
		jb_error(diag, "doctype", 0, "XML input may not have a DOCTYPE");
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	const xmlNode *deep = root ? too_deep(root, 1) : NULL;
	if (root == NULL || deep != NULL) {
		jb_error(diag, "too-deep", deep ? (int)xmlGetLineNo(deep) : 0,
		    "XML input is nested more than %d elements deep", JB_DOC_MAX_DEPTH);
		xmlFreeDoc(doc);
		return NULL;
	}
	const xmlNode *wide = too_wide(root);
	if (wide != NULL) {
		jb_error(diag, "too-large", (int)xmlGetLineNo(wide),
		    "<%s> holds more than %d parts of text, <b> and <br/>; split it (the "
		    "schema check would take quadratic time)", (const char *)wide->name,
		    JB_DOC_MAX_INLINE);
		xmlFreeDoc(doc);
		return NULL;
	}
	if (!jb_doc_validate(doc, schema, diag)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

bool
jb_doc_validate(xmlDoc *doc, xmlRelaxNGPtr schema, struct jb_diag *diag)
{
	struct err_sink sink = { diag, 0, false };
	xmlRelaxNGValidCtxtPtr vc;
	int rc;

	if (schema == NULL)
		return false;
	vc = xmlRelaxNGNewValidCtxt(schema);
	xmlRelaxNGSetValidStructuredErrors(vc, on_xml_error, &sink);
	rc = xmlRelaxNGValidateDoc(vc, doc);
	xmlRelaxNGFreeValidCtxt(vc);
	if (rc != 0 && sink.count == 0)
		jb_error(diag, "invalid-xml", 0, "XML does not match the bulletin schema");
	if (rc != 0 && sink.count > 0)
		jb_error(diag, "invalid-xml", 0, "XML does not match the bulletin schema (see docs/bulletin-xml.md)");
	return rc == 0;
}

/*
 * libxml2 indents the children of an element that has no text child, which
 * would add whitespace inside <title><b>…</b></title>: an empty text node
 * keeps such inline content on its line.
 */
static void
keep_inline(xmlNode *n)
{
	for (; n; n = n->next) {
		bool text = false, inl = false;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (xmlNode *c = n->children; c; c = c->next) {
			if (c->type == XML_TEXT_NODE)
				text = true;
			else if (jb_is(c, "b") || jb_is(c, "br"))
				inl = true;
		}
		if (inl && !text)
			xmlAddPrevSibling(n->children, xmlNewText((const xmlChar *)""));
		keep_inline(n->children);
	}
}

bool
jb_doc_serialize(xmlDoc *doc, char **out, size_t *len, struct jb_diag *diag)
{
	xmlChar *buf = NULL;
	int n = 0;

	keep_inline(xmlDocGetRootElement(doc));
	xmlDocDumpFormatMemoryEnc(doc, &buf, &n, "UTF-8", 1);
	if (buf == NULL) {
		jb_error(diag, "internal", 0, "cannot serialise the XML tree");
		return false;
	}
	*out = g_strndup((const char *)buf, (gsize)n);
	*len = (size_t)n;
	xmlFree(buf);
	return true;
}

bool
jb_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNode *
jb_first_elem(const xmlNode *n)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

xmlNode *
jb_next_elem(const xmlNode *n)
{
	for (xmlNode *c = n ? n->next : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

xmlNode *
jb_child(const xmlNode *n, const char *name)
{
	for (xmlNode *c = jb_first_elem(n); c; c = jb_next_elem(c))
		if (jb_is(c, name))
			return c;
	return NULL;
}

int
jb_line_of(const xmlNode *n)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)"line");
	int line = v ? atoi((const char *)v) : 0;

	xmlFree(v);
	return line;
}

char *
jb_attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? g_strdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

static void
text_into(const xmlNode *n, GString *s)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			g_string_append(s, (const char *)c->content);
		else if (jb_is(c, "br"))
			g_string_append_c(s, '\n');
		else if (c->type == XML_ELEMENT_NODE)
			text_into(c, s);
	}
}

char *
jb_text_of(const xmlNode *n)
{
	GString *s = g_string_new(NULL);

	text_into(n, s);
	return g_string_free(s, FALSE);
}
