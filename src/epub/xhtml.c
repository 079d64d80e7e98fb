/*
 * epub/xhtml.c: the bulletin tree -> XHTML content documents (one per article or
 * section, a title page for the masthead, the colophon last) and the table of
 * contents entries, in reading order. Any schema-valid tree is accepted.
 */
#include <string.h>
#include "../doc/doc.h"
#include "book.h"

#define LABEL_MAX 24	/* characters of text that label an untitled article in the toc */
#define LOOSE_DOC_MAX (128 * 1024)	/* bytes of XHTML after which running text goes on in a new document */

void
jb_epub_escape(GString *o, const char *s, bool attr)
{
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		switch (c) {
		case '&': g_string_append(o, "&amp;"); break;
		case '<': g_string_append(o, "&lt;"); break;
		case '>': g_string_append(o, "&gt;"); break;
		case '"':
			if (attr)
				g_string_append(o, "&quot;");
			else
				g_string_append_c(o, '"');
			break;
		case '\n': case '\t': case '\r':
			g_string_append_c(o, attr ? ' ' : (char)c);
			break;
		default:
			/* Control characters are not XML; the tree should hold none. */
			if (c >= 0x20)
				g_string_append_c(o, (char)c);
		}
	}
}

void
jb_epub_collect(struct book *b, enum jb_role r, const char *s)
{
	if (!b->collect)
		return;
	for (const char *p = s; *p; p = g_utf8_next_char(p))
		g_hash_table_add(b->chars[r], GUINT_TO_POINTER(g_utf8_get_char(p)));
}

/* Inline content: text, <b>, <br/>; unknown elements give their text. */
static void
inline_into(struct book *b, GString *o, const xmlNode *n, enum jb_role r)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			jb_epub_escape(o, (const char *)c->content, false);
			jb_epub_collect(b, r, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			if (jb_is(c, "br")) {
				g_string_append(o, "<br/>");
			} else if (jb_is(c, "b")) {
				g_string_append(o, "<b>");
				inline_into(b, o, c, r);
				g_string_append(o, "</b>");
			} else {
				inline_into(b, o, c, r);
			}
		}
	}
}

/* <tag class="cls">inline</tag> */
static void
block(struct book *b, const char *tag, const char *cls, const xmlNode *n, enum jb_role r)
{
	GString *o = b->cur->body;

	g_string_append_printf(o, "<%s", tag);
	if (cls)
		g_string_append_printf(o, " class=\"%s\"", cls);
	g_string_append_c(o, '>');
	inline_into(b, o, n, r);
	g_string_append_printf(o, "</%s>\n", tag);
}

/* Text with whitespace collapsed, for labels and titles. */
static char *
flat_text(const xmlNode *n)
{
	char *t = jb_text_of(n), *s;
	GString *o = g_string_new(NULL);
	bool space = false;

	for (s = t; *s; s++) {
		if (*s == '\n' || *s == '\t' || *s == '\r' || *s == ' ') {
			space = o->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(o, ' ');
		space = false;
		g_string_append_c(o, *s);
	}
	g_free(t);
	return g_string_free(o, FALSE);
}

/* Text without any whitespace: how contents entries are matched to titles. */
static char *
bare_text(const xmlNode *n)
{
	char *t = jb_text_of(n);
	GString *o = g_string_new(NULL);

	for (char *s = t; *s; s++)
		if (!g_ascii_isspace(*s))
			g_string_append_c(o, *s);
	g_free(t);
	return g_string_free(o, FALSE);
}

static char *
truncated_label(const xmlNode *n)
{
	char *t = flat_text(n);
	glong len = g_utf8_strlen(t, -1);

	if (len > LABEL_MAX) {
		char *end = g_utf8_offset_to_pointer(t, LABEL_MAX);
		*end = '\0';
		char *l = g_strconcat(t, "…", NULL);
		g_free(t);
		return l;
	}
	return t;
}

static struct xdoc *
new_doc(struct book *b, const char *id, const char *title, const char *type)
{
	struct xdoc *d = g_new0(struct xdoc, 1);

	if (id)
		d->id = g_strdup(id);
	else
		d->id = g_strdup_printf("c%03d", ++b->ndocs);
	d->title = g_strdup(title && *title ? title : b->title);
	d->type = type;
	d->body = g_string_new(NULL);
	g_ptr_array_add(b->docs, d);
	return d;
}

static void
close_doc(struct book *b)
{
	if (b->cur && b->cur->in_section) {
		g_string_append(b->cur->body, "</section>\n");
		b->cur->in_section = false;
	}
	b->cur = NULL;
}

static struct xdoc *
open_doc(struct book *b, const char *title)
{
	close_doc(b);
	b->cur = new_doc(b, NULL, title, "bodymatter");
	return b->cur;
}

static void
toc_add(struct book *b, int depth, const char *label, const char *frag)
{
	struct tocent *t = g_new0(struct tocent, 1);

	t->depth = depth;
	t->label = g_strdup(label);
	t->href = g_strdup_printf("%s.xhtml#%s", b->cur->id, frag);
	g_ptr_array_add(b->toc, t);
}

static int
hlevel(int base, int add)
{
	return base + add > 6 ? 6 : base + add;
}

static void blocks(struct book *, const xmlNode *first, int hbase, enum jb_role body);

static void
byline(struct book *b, const xmlNode *n)
{
	GString *o = b->cur->body;
	bool first = true;

	g_string_append(o, "<p class=\"byline\">");
	for (const xmlNode *a = jb_first_elem(n); a; a = jb_next_elem(a)) {
		char *t = jb_text_of(a);
		if (!first)
			g_string_append(o, "\xe3\x80\x80");	/* U+3000 between names */
		jb_epub_escape(o, t, false);
		jb_epub_collect(b, JB_ROLE_BYLINE, t);
		if (!first)
			jb_epub_collect(b, JB_ROLE_BYLINE, "\xe3\x80\x80");
		bool seen = false;
		for (guint i = 0; i < b->creators->len; i++)
			if (strcmp(b->creators->pdata[i], t) == 0)
				seen = true;
		if (!seen && *t)
			g_ptr_array_add(b->creators, t);
		else
			g_free(t);
		first = false;
	}
	g_string_append(o, "</p>\n");
}

static void
figure(struct book *b, const xmlNode *n)
{
	GString *o = b->cur->body;
	const xmlNode *c = jb_first_elem(n);

	if (c == NULL) {
		/* An image gap with no caption: there is nothing to show or to say. */
		g_string_append(o, "<!-- figure without caption -->\n");
		return;
	}
	g_string_append(o, "<figure class=\"figure\">\n<figcaption>\n");
	for (; c; c = jb_next_elem(c)) {
		if (jb_is(c, "credit"))
			block(b, "p", "credit", c, JB_ROLE_CREDIT);
		else
			block(b, "p", "caption", c, JB_ROLE_CAPTION);
	}
	g_string_append(o, "</figcaption>\n</figure>\n");
}

static void
list(struct book *b, const xmlNode *n)
{
	char *kind = jb_attr(n, "kind");
	const char *tag = kind && strcmp(kind, "ordered") == 0 ? "ol" : "ul";

	g_string_append_printf(b->cur->body, "<%s class=\"list\">\n", tag);
	if (strcmp(tag, "ol") == 0)
		jb_epub_collect(b, JB_ROLE_LIST, "0123456789.");
	else
		jb_epub_collect(b, JB_ROLE_LIST, "\xe2\x80\xa2");
	for (const xmlNode *c = jb_first_elem(n); c; c = jb_next_elem(c))
		block(b, "li", "li", c, JB_ROLE_LIST);
	g_string_append_printf(b->cur->body, "</%s>\n", tag);
	g_free(kind);
}

static void
aside(struct book *b, const xmlNode *n, int hbase)
{
	char *kind = jb_attr(n, "kind");
	const xmlNode *c = jb_first_elem(n);
	int id = ++b->nids;

	g_string_append_printf(b->cur->body, "<aside class=\"%s\" id=\"x%d\">\n",
	    kind ? kind : "box", id);
	if (c && jb_is(c, "title")) {
		char tag[4];
		g_snprintf(tag, sizeof tag, "h%d", hlevel(hbase, 1));
		block(b, tag, "aside-title", c, JB_ROLE_HEADING2);
		c = jb_next_elem(c);
	}
	blocks(b, c, hlevel(hbase, 1), JB_ROLE_ASIDE);
	g_string_append(b->cur->body, "</aside>\n");
	g_free(kind);
}

static void
heading(struct book *b, const xmlNode *n, int hbase)
{
	char *lv = jb_attr(n, "level");
	int level = lv ? atoi(lv) : 1;
	char tag[4], cls[16];

	if (level < 1 || level > 3)
		level = 1;
	g_snprintf(tag, sizeof tag, "h%d", hlevel(hbase, level));
	g_snprintf(cls, sizeof cls, "heading%d", level);
	block(b, tag, cls, n, JB_ROLE_HEADING1 + level - 1);
	g_free(lv);
}

/* One block of an article, section or aside. */
static void
one_block(struct book *b, const xmlNode *c, int hbase, enum jb_role body)
{
	if (jb_is(c, "p"))
		block(b, "p", body == JB_ROLE_BODY ? NULL : "aside", c, body);
	else if (jb_is(c, "heading"))
		heading(b, c, hbase);
	else if (jb_is(c, "figure"))
		figure(b, c);
	else if (jb_is(c, "list"))
		list(b, c);
	else if (jb_is(c, "credit"))
		block(b, "p", "credit", c, JB_ROLE_CREDIT);
	else if (jb_is(c, "aside"))
		aside(b, c, hbase);
	else if (jb_is(c, "byline"))
		byline(b, c);
	else if (jb_is(c, "title"))	/* not expected here; keep its text */
		block(b, "p", "subtitle", c, JB_ROLE_SUBTITLE);
}

/* The blocks from `first` to the end of its parent. */
static void
blocks(struct book *b, const xmlNode *first, int hbase, enum jb_role body)
{
	for (const xmlNode *c = first; c; c = jb_next_elem(c))
		one_block(b, c, hbase, body);
}

static bool
is_header_part(const xmlNode *c)
{
	return jb_is(c, "kicker") || jb_is(c, "title") || jb_is(c, "subtitle");
}

static void
article(struct book *b, const xmlNode *a, int hbase, bool in_section)
{
	const xmlNode *title = jb_child(a, "title"), *c = jb_first_elem(a);
	char *label = NULL, frag[24];
	bool had_byline = false;
	GString *o;

	if (title)
		label = flat_text(title);
	else if (jb_child(a, "kicker"))
		label = flat_text(jb_child(a, "kicker"));
	else if (jb_child(a, "subtitle"))
		label = flat_text(jb_child(a, "subtitle"));
	else if (c)	/* untitled: its first words, so that every document is in the toc */
		label = truncated_label(c);
	if (b->cur == NULL || b->cur->has_article)
		open_doc(b, label);
	b->cur->has_article = true;
	g_snprintf(frag, sizeof frag, "a%d", ++b->nids);
	if (label && *label)
		toc_add(b, in_section ? 1 : 0, label, frag);
	if (title) {
		g_ptr_array_add(b->titles, bare_text(title));
		g_ptr_array_add(b->title_hrefs, g_strdup_printf("%s.xhtml#%s", b->cur->id, frag));
	}
	o = b->cur->body;
	g_string_append_printf(o, "<article class=\"article\" id=\"%s\">\n", frag);
	if (c && (is_header_part(c) || jb_is(c, "byline"))) {
		g_string_append(o, "<header>\n");
		for (; c && (is_header_part(c) || (jb_is(c, "byline") && !had_byline)); c = jb_next_elem(c)) {
			if (jb_is(c, "kicker")) {
				block(b, "p", "kicker", c, JB_ROLE_KICKER);
			} else if (jb_is(c, "title")) {
				char tag[4];
				g_snprintf(tag, sizeof tag, "h%d", hbase);
				block(b, tag, "title", c, JB_ROLE_TITLE);
			} else if (jb_is(c, "subtitle")) {
				block(b, "p", "subtitle", c, JB_ROLE_SUBTITLE);
			} else {
				byline(b, c);
				had_byline = true;
			}
		}
		g_string_append(o, "</header>\n");
	}
	for (; c; c = jb_next_elem(c)) {
		/* A long article goes on in a new document, as a continued <article>. */
		if (b->cur->body->len > LOOSE_DOC_MAX) {
			g_string_append(b->cur->body, "</article>\n");
			open_doc(b, label);
			b->cur->has_article = true;
			g_string_append_printf(b->cur->body, "<article class=\"article continued\" id=\"a%d\">\n",
			    ++b->nids);
		}
		one_block(b, c, hbase, JB_ROLE_BODY);
	}
	g_string_append(b->cur->body, "</article>\n");
	g_free(label);
}

static void
section(struct book *b, const xmlNode *s)
{
	const xmlNode *title = jb_child(s, "title");
	char *label = title ? flat_text(title) : g_strdup("");
	char frag[24];

	open_doc(b, label);
	b->cur->in_section = true;
	g_snprintf(frag, sizeof frag, "s%d", ++b->nids);
	g_string_append_printf(b->cur->body, "<section class=\"section\" id=\"%s\">\n", frag);
	if (title) {
		block(b, "h1", "section-title", title, JB_ROLE_SECTION);
		if (*label)
			toc_add(b, 0, label, frag);
	}
	for (const xmlNode *c = jb_first_elem(s); c; c = jb_next_elem(c)) {
		if (c == title)
			continue;
		if (jb_is(c, "article"))
			article(b, c, 2, true);
		else {
			if (b->cur == NULL)
				open_doc(b, label);
			one_block(b, c, 1, JB_ROLE_BODY);
		}
	}
	close_doc(b);
	g_free(label);
}

/* A block directly under <bulletin>. */
static void
loose(struct book *b, const xmlNode *n)
{
	if (jb_is(n, "heading") && (b->cur == NULL || b->cur->body->len > 0)) {
		char *label = flat_text(n), frag[24];
		open_doc(b, label);
		g_snprintf(frag, sizeof frag, "h%d", ++b->nids);
		g_string_append_printf(b->cur->body, "<div id=\"%s\"></div>\n", frag);
		if (*label)
			toc_add(b, 0, label, frag);
		g_free(label);
	}
	/* Untitled running text is cut into documents of a bounded size so that a
	 * long unstructured input still opens fast on a reader. */
	if (b->cur == NULL || b->cur->body->len > LOOSE_DOC_MAX)
		open_doc(b, NULL);
	one_block(b, n, 0, JB_ROLE_BODY);
}

static void
titlepage(struct book *b, const xmlNode *meta, const xmlNode *contents)
{
	GString *o;

	b->cur = b->titlepage;
	o = b->cur->body;
	g_string_append(o, "<section class=\"titlepage\" epub:type=\"titlepage\">\n");
	if (meta) {
		g_string_append(o, "<header class=\"masthead-block\">\n");
		for (const xmlNode *c = jb_first_elem(meta); c; c = jb_next_elem(c)) {
			if (jb_is(c, "title"))
				block(b, "h1", "masthead", c, JB_ROLE_MASTHEAD);
			else if (jb_is(c, "subtitle"))
				block(b, "p", "masthead-subtitle", c, JB_ROLE_MASTHEAD_SUB);
			else if (jb_is(c, "issue"))
				block(b, "p", "issue", c, JB_ROLE_ISSUE);
			else if (jb_is(c, "issuer"))
				block(b, "p", "issuer", c, JB_ROLE_ISSUER);
			else if (jb_is(c, "date"))
				block(b, "p", "date", c, JB_ROLE_ISSUER);
		}
		g_string_append(o, "</header>\n");
	}
	if (contents) {
		const xmlNode *c = jb_first_elem(contents);
		/* the printed contents, named by its own title for assistive technology */
		if (c && jb_is(c, "title")) {
			g_string_append(o, "<nav class=\"contents-nav\" aria-labelledby=\"contents-title\">\n");
			g_string_append_printf(o, "<%s class=\"contents-title\" id=\"contents-title\">",
			    meta ? "h2" : "h1");
			inline_into(b, o, c, JB_ROLE_SECTION);
			g_string_append_printf(o, "</%s>\n", meta ? "h2" : "h1");
			c = jb_next_elem(c);
		} else {
			g_string_append(o, "<nav class=\"contents-nav\">\n");
		}
		g_string_append(o, "<ol class=\"contents-list\">\n");
		for (; c; c = jb_next_elem(c)) {
			char *key = bare_text(c);
			const char *href = NULL;
			for (guint i = 0; i < b->titles->len && !href; i++)
				if (strcmp(b->titles->pdata[i], key) == 0)
					href = b->title_hrefs->pdata[i];
			g_string_append(o, "<li class=\"contents\">");
			if (href)
				g_string_append_printf(o, "<a href=\"%s\">", href);
			inline_into(b, o, c, JB_ROLE_CONTENTS);
			g_string_append(o, href ? "</a></li>\n" : "</li>\n");
			g_free(key);
		}
		g_string_append(o, "</ol>\n</nav>\n");
	}
	g_string_append(o, "</section>\n");
	b->cur = NULL;
}

static void
colophon(struct book *b, const xmlNode *n)
{
	close_doc(b);
	b->cur = new_doc(b, "colophon", NULL, "backmatter");
	g_string_append(b->cur->body, "<section class=\"colophon-block\" epub:type=\"colophon\" id=\"colophon\">\n");
	toc_add(b, 0, "版记", "colophon");
	for (const xmlNode *c = jb_first_elem(n); c; c = jb_next_elem(c))
		block(b, "p", "colophon", c, JB_ROLE_COLOPHON);
	g_string_append(b->cur->body, "</section>\n");
	b->cur = NULL;
}

void
jb_epub_build_docs(struct book *b, xmlNode *root)
{
	const xmlNode *meta = jb_child(root, "meta"), *contents = jb_child(root, "contents");

	if (meta || contents) {
		b->titlepage = new_doc(b, "title", NULL, "frontmatter");
	}
	for (const xmlNode *c = jb_first_elem(root); c; c = jb_next_elem(c)) {
		if (c == meta || c == contents)
			continue;
		if (jb_is(c, "section"))
			section(b, c);
		else if (jb_is(c, "article"))
			article(b, c, 1, false);
		else if (jb_is(c, "colophon"))
			colophon(b, c);
		else
			loose(b, c);
	}
	close_doc(b);
	if (b->titlepage) {
		/* the title page opens the toc, under the publication's name */
		const xmlNode *t = meta ? jb_child(meta, "title") : jb_child(contents, "title");
		struct tocent *te = g_new0(struct tocent, 1);
		te->label = t ? flat_text(t) : g_strdup("");
		if (*te->label == '\0') {
			g_free(te->label);
			te->label = g_strdup(b->title);
		}
		te->href = g_strdup("title.xhtml");
		g_ptr_array_insert(b->toc, 0, te);
		titlepage(b, meta, contents);
	}
	/* A bulletin with nothing in it still makes a valid book: one empty page. */
	if (b->docs->len == 0)
		new_doc(b, NULL, NULL, "bodymatter");
	/* The nav needs at least one entry: the first document. */
	if (b->toc->len == 0) {
		struct xdoc *d = b->docs->pdata[0];
		struct tocent *t = g_new0(struct tocent, 1);
		t->label = g_strdup(b->title);
		t->href = g_strdup_printf("%s.xhtml", d->id);
		g_ptr_array_add(b->toc, t);
	}
}

GString *
jb_epub_xhtml_page(const struct book *b, const struct xdoc *d)
{
	GString *o = g_string_sized_new(d->body->len + 512);

	g_string_append_printf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
	    "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\""
	    " lang=\"%s\" xml:lang=\"%s\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>", b->lang, b->lang);
	jb_epub_escape(o, d->title, false);
	g_string_append(o, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n"
	    "</head>\n");
	if (d->type)
		g_string_append_printf(o, "<body epub:type=\"%s\">\n", d->type);
	else
		g_string_append(o, "<body>\n");
	g_string_append_len(o, d->body->str, d->body->len);
	g_string_append(o, "</body>\n</html>\n");
	return o;
}
