/*
 * doc/build.c: plan -> xmlDoc. Element-only nodes (no whitespace text) so the
 * serialiser indents one block per line; inline text gets <b> for paired **
 * and <br/> for hard breaks. The text is copied once, from the source into the tree.
 */
#include <string.h>
#include "build.h"
#include "../text/rules.h"

static const char *const names[JB_EL__MAX] = {
	[JB_EL_META] = "meta", [JB_EL_CONTENTS] = "contents", [JB_EL_SECTION] = "section",
	[JB_EL_ARTICLE] = "article", [JB_EL_ASIDE] = "aside", [JB_EL_COLOPHON] = "colophon",
	[JB_EL_FIGURE] = "figure", [JB_EL_LIST] = "list", [JB_EL_BYLINE] = "byline",
	[JB_EL_TITLE] = "title", [JB_EL_KICKER] = "kicker", [JB_EL_SUBTITLE] = "subtitle",
	[JB_EL_ISSUE] = "issue", [JB_EL_ISSUER] = "issuer", [JB_EL_DATE] = "date",
	[JB_EL_ENTRY] = "entry", [JB_EL_P] = "p", [JB_EL_HEADING] = "heading",
	[JB_EL_CAPTION] = "caption", [JB_EL_CREDIT] = "credit", [JB_EL_LI] = "li",
	[JB_EL_AUTHOR] = "author",
};

static void
set_int(xmlNode *n, const char *name, unsigned v)
{
	char buf[16];
	g_snprintf(buf, sizeof buf, "%u", v);
	xmlNewProp(n, (const xmlChar *)name, (const xmlChar *)buf);
}

/* XML 1.0 cannot carry C0 controls other than tab and newline: they are left out. */
static void
add_text(xmlNode *parent, const char *s, size_t len)
{
	size_t i = 0, st = 0;

	for (; i <= len; i++) {
		if (i < len && !((unsigned char)s[i] < 0x20 && s[i] != '\t'))
			continue;
		if (i > st)
			xmlAddChild(parent, xmlNewTextLen((const xmlChar *)s + st, (int)(i - st)));
		st = i + 1;
	}
}

/* Inline content: "\n" is a hard break, paired ** enclose bold; an unpaired ** stays text. */
static void
inline_content(xmlNode *node, const char *s, size_t len)
{
	size_t pairs = 0, seen = 0, st = 0;
	xmlNode *cur = node;

	for (size_t i = 0; i + 1 < len; i++)
		if (s[i] == '*' && s[i + 1] == '*')
			pairs++, i++;
	pairs /= 2;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			add_text(cur, s + st, i - st);
			xmlAddChild(cur, xmlNewNode(NULL, (const xmlChar *)"br"));
			st = i + 1;
		} else if (s[i] == '*' && i + 1 < len && s[i + 1] == '*' && seen < pairs * 2) {
			add_text(cur, s + st, i - st);
			if (cur == node)
				cur = xmlNewChild(node, NULL, (const xmlChar *)"b", NULL);
			else
				cur = node;
			seen++;
			i++;
			st = i + 1;
		}
	}
	add_text(cur, s + st, len - st);
}

static void
fill(xmlNode *n, const struct jb_source *src, const struct jb_plan *plan,
    const struct jb_unit *u, bool norm, GString *buf, GString *tmp)
{
	g_string_truncate(buf, 0);
	for (uint32_t k = 0; k < u->nspan; k++) {
		const struct jb_span *sp = &g_array_index(plan->spans, struct jb_span, u->span0 + k);
		if (sp->br && buf->len)
			g_string_append_c(buf, '\n');
		g_string_append_len(buf, src->text + sp->off, sp->len);
	}
	if (norm && u->el != JB_EL_AUTHOR) {
		g_string_truncate(tmp, 0);
		jb_punct_normalize(buf->str, buf->len, tmp);
		GString *t = buf;
		buf = tmp;
		tmp = t;
	}
	if (u->el == JB_EL_AUTHOR)
		add_text(n, buf->str, buf->len);
	else
		inline_content(n, buf->str, buf->len);
	if (u->el == JB_EL_DATE) {
		int y, m, d;
		if (jb_text_date(buf->str, buf->len, &y, &m, &d)) {
			char v[16];
			g_snprintf(v, sizeof v, "%04d-%02d-%02d", y, m, d);
			xmlNewProp(n, (const xmlChar *)"value", (const xmlChar *)v);
		}
	}
}

xmlDoc *
jb_doc_build(const struct jb_source *src, const struct jb_plan *plan, bool norm)
{
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *root;
	xmlNode **nodes = g_new0(xmlNode *, plan->units->len + 1);
	GString *buf = g_string_new(NULL), *tmp = g_string_new(NULL);
	char *base = g_path_get_basename(src->name);

	/* Element and attribute names from one dictionary, not a copy per node. */
	doc->dict = xmlDictCreate();
	root = xmlNewDocNode(doc, NULL, (const xmlChar *)"bulletin", NULL);
	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, (const xmlChar *)"version", (const xmlChar *)"1");
	xmlNodeSetLang(root, (const xmlChar *)"zh-CN");
	xmlNewProp(root, (const xmlChar *)"source", (const xmlChar *)base);
	for (guint i = 0; i < plan->units->len; i++) {
		const struct jb_unit *u = &g_array_index(plan->units, struct jb_unit, i);
		xmlNode *parent = u->parent >= 0 ? nodes[u->parent] : root;
		xmlNode *n = xmlNewChild(parent, NULL, (const xmlChar *)names[u->el], NULL);
		nodes[i] = n;
		if (u->el == JB_EL_HEADING)
			set_int(n, "level", u->attr ? u->attr : 1);
		if (u->el == JB_EL_P && (u->flags & JB_UNIT_TRUNCATED))
			xmlNewProp(n, (const xmlChar *)"truncated", (const xmlChar *)"yes");
		if (u->el == JB_EL_P && u->joined > 1)
			set_int(n, "joined", u->joined);
		if (u->el == JB_EL_ASIDE && u->attr)
			xmlNewProp(n, (const xmlChar *)"kind", (const xmlChar *)(u->attr == JB_ASIDE_BOX ? "box"
			    : u->attr == JB_ASIDE_NOTICE ? "notice" : "slogan"));
		if (u->el == JB_EL_LIST)
			xmlNewProp(n, (const xmlChar *)"kind",
			    (const xmlChar *)(u->attr == JB_LIST_ORDERED ? "ordered" : "bullet"));
		if (u->el != JB_EL_AUTHOR && u->line > 0)
			set_int(n, "line", u->line);
		if (u->el >= JB_EL_TITLE)
			fill(n, src, plan, u, norm, buf, tmp);
	}
	g_string_free(buf, TRUE);
	g_string_free(tmp, TRUE);
	g_free(nodes);
	g_free(base);
	return doc;
}
