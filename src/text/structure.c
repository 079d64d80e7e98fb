/* text/structure.c: minimal structurer (blank-line paragraphs) until the classifier lands. */
#include <string.h>
#include "../core/diag.h"
#include "structure.h"

xmlDoc *
jb_structure(const struct jb_source *src, const struct jb_options *opt, struct jb_diag *diag)
{
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"bulletin"), *art;
	GString *para = g_string_new(NULL);
	guint start = 0;
	char *base = g_path_get_basename(src->name);

	(void)opt; (void)diag;
	xmlDocSetRootElement(doc, root);
	xmlNewProp(root, (const xmlChar *)"version", (const xmlChar *)"1");
	xmlNodeSetLang(root, (const xmlChar *)"zh-CN");
	xmlNewProp(root, (const xmlChar *)"source", (const xmlChar *)base);
	g_free(base);
	art = xmlNewChild(root, NULL, (const xmlChar *)"article", NULL);
	for (guint i = 0; i <= jb_source_lines(src); i++) {
		size_t len = 0;
		const char *l = i < jb_source_lines(src) ? jb_source_line(src, i, &len) : "";
		char *t = g_strstrip(g_strndup(l, len));
		if (*t)
			g_string_append(para, t);
		if ((!*t || i == jb_source_lines(src)) && para->len) {
			xmlNode *p = xmlNewTextChild(art, NULL, (const xmlChar *)"p", (const xmlChar *)para->str);
			char num[16];
			g_snprintf(num, sizeof num, "%u", start + 1);
			xmlNewProp(p, (const xmlChar *)"line", (const xmlChar *)num);
			g_string_truncate(para, 0);
		}
		if (*t && para->len == strlen(t))
			start = i;
		g_free(t);
	}
	g_string_free(para, TRUE);
	return doc;
}
