/*
 * epub/epub.c: jb_epub_render, the EPUB 3 writer's entry point: book metadata,
 * the package document, nav and NCX, and the OCF zip (libzip, in memory, mimetype
 * first and stored, fixed entry times) so that the same input gives the same bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>
#include "../core/diag.h"
#include "../core/env.h"
#include "../core/render.h"
#include "../doc/doc.h"
#include "book.h"
#include "epub.h"

/* DOS times start in 1980; earlier epochs would wrap. */
#define DOS_EPOCH_MIN 315619200
#define DOS_EPOCH_MAX 4354732800	/* 2107-12-30: the last DOS date */
#define DATE_MAX 253402300799	/* 9999-12-31T23:59:59Z */

static const char container_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
	"<rootfiles>\n"
	"<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n"
	"</rootfiles>\n</container>\n";

/* Apple Books shows embedded fonts only when asked to. */
static const char apple_options_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<display_options>\n<platform name=\"*\">\n"
	"<option name=\"specified-fonts\">true</option>\n"
	"</platform>\n</display_options>\n";

static const char a11y_summary[] =
	"Text-only publication in reading order, with a table of contents and semantic "
	"headings for every section and article. The source's pictures are not included; "
	"their captions are kept as text. The cover image repeats the title page.";

static void
free_resource(gpointer p)
{
	struct resource *r = p;

	g_free(r->path);
	g_free(r->id);
	if (r->data)
		g_bytes_unref(r->data);
	g_free(r);
}

static void
free_doc(gpointer p)
{
	struct xdoc *d = p;

	g_free(d->id);
	g_free(d->title);
	g_string_free(d->body, TRUE);
	g_free(d);
}

static void
free_toc(gpointer p)
{
	struct tocent *t = p;

	g_free(t->label);
	g_free(t->href);
	g_free(t);
}

static struct resource *
add_resource(GPtrArray *res, const char *path, const char *id, const char *type,
    const char *props, GBytes *data, bool store)
{
	struct resource *r = g_new0(struct resource, 1);

	r->path = g_strdup(path);
	r->id = g_strdup(id);
	r->media_type = type;
	r->properties = props;
	r->data = data;
	r->store = store;
	g_ptr_array_add(res, r);
	return r;
}

static GBytes *
gstring_bytes(GString *s)
{
	gsize len = s->len;

	return g_bytes_new_take(g_string_free(s, FALSE), len);
}

/* Flattened text of a child element, or NULL. */
static char *
child_text(const xmlNode *n, const char *name)
{
	const xmlNode *c = n ? jb_child(n, name) : NULL;
	char *t, *s;

	if (c == NULL)
		return NULL;
	t = jb_text_of(c);
	for (s = t; *s; s++)
		if (*s == '\n' || *s == '\t' || *s == '\r')
			*s = ' ';
	g_strstrip(t);
	if (*t == '\0') {
		g_free(t);
		return NULL;
	}
	return t;
}

/* The first article title anywhere, for books without a masthead. */
static char *
first_title(const xmlNode *n)
{
	for (const xmlNode *c = jb_first_elem(n); c; c = jb_next_elem(c)) {
		char *t;
		if (jb_is(c, "article") && (t = child_text(c, "title")))
			return t;
		if (jb_is(c, "section") && (t = first_title(c)))
			return t;
	}
	return NULL;
}

static void
book_metadata(struct book *b, const xmlNode *root)
{
	const xmlNode *meta = jb_child(root, "meta");
	char *t;

	b->cover_title = child_text(meta, "title");
	b->subtitle = child_text(meta, "subtitle");
	b->issue = child_text(meta, "issue");
	b->publisher = child_text(meta, "issuer");
	b->date_text = child_text(meta, "date");
	if (meta && jb_child(meta, "date")) {
		char *v = jb_attr(jb_child(meta, "date"), "value");
		if (v && strlen(v) >= 10 && g_ascii_isdigit(v[0]) && v[4] == '-' && v[7] == '-') {
			v[10] = '\0';
			b->date = v;
		} else {
			g_free(v);
		}
	}
	if (b->cover_title == NULL)
		b->cover_title = first_title(root);
	if (b->cover_title == NULL && (t = jb_attr(root, "source")) != NULL) {
		char *dot = strrchr(t, '.');
		if (dot && dot != t)
			*dot = '\0';
		b->cover_title = g_path_get_basename(t);
		g_free(t);
	}
	if (b->cover_title == NULL)
		b->cover_title = g_strdup("简报");
	if (meta && b->issue)
		b->title = g_strdup_printf("%s %s", b->cover_title, b->issue);
	else
		b->title = g_strdup(b->cover_title);
}

/* urn:uuid from the SHA-1 of the document, shaped as a name-based (v5) UUID. */
static char *
content_uuid(xmlDoc *doc, struct jb_diag *diag)
{
	char *xml = NULL;
	size_t len = 0;
	guint8 h[20];
	gsize hl = sizeof h;
	GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA1);

	if (jb_doc_serialize(doc, &xml, &len, diag))
		g_checksum_update(ck, (const guchar *)xml, len);
	g_free(xml);
	g_checksum_get_digest(ck, h, &hl);
	g_checksum_free(ck);
	h[6] = (h[6] & 0x0f) | 0x50;
	h[8] = (h[8] & 0x3f) | 0x80;
	return g_strdup_printf("urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7],
	    h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
}

/* SOURCE_DATE_EPOCH (reproducible builds), else now; kept within what
 * dcterms:modified can say (years 1970..9999). */
static gint64
build_time(struct jb_diag *diag)
{
	const char *s = g_getenv("SOURCE_DATE_EPOCH");
	char *end;
	gint64 t;

	if (s && *s) {
		errno = 0;
		t = g_ascii_strtoll(s, &end, 10);
		if (*end == '\0' && errno == 0 && t >= 0 && t <= DATE_MAX)
			return t;
		jb_warn(diag, "bad-source-date", 0, "SOURCE_DATE_EPOCH '%s' is not a number of seconds "
		    "from 1970 to 9999; using the current time", s);
	}
	return (gint64)time(NULL);
}

static void
esc(GString *o, const char *s)
{
	jb_epub_escape(o, s, false);
}

/* Depths made well-nested: a child is at most one deeper than its predecessor. */
static void
normalise_depths(GPtrArray *toc)
{
	int prev = -1;

	for (guint i = 0; i < toc->len; i++) {
		struct tocent *t = toc->pdata[i];
		if (t->depth > prev + 1)
			t->depth = prev + 1;
		prev = t->depth;
	}
}

static GString *
nav_doc(const struct book *b, bool cover)
{
	GString *o = g_string_new(NULL);
	int depth = -1;

	g_string_append_printf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
	    "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\""
	    " lang=\"%s\" xml:lang=\"%s\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>", b->lang, b->lang);
	esc(o, b->title);
	g_string_append(o, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n"
	    "</head>\n<body>\n<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>目录</h1>\n");
	for (guint i = 0; i < b->toc->len; i++) {
		const struct tocent *t = b->toc->pdata[i];
		if (t->depth > depth)
			g_string_append(o, "\n<ol>\n");
		else
			g_string_append(o, "</li>\n");
		for (; depth > t->depth; depth--)
			g_string_append(o, "</ol>\n</li>\n");
		depth = t->depth;
		g_string_append_printf(o, "<li><a href=\"%s\">", t->href);
		esc(o, t->label);
		g_string_append(o, "</a>");
	}
	for (; depth >= 0; depth--)
		g_string_append(o, "</li>\n</ol>\n");
	g_string_append(o, "</nav>\n<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"\">\n"
	    "<h2>导览</h2>\n<ol>\n");
	if (cover)
		g_string_append(o, "<li><a epub:type=\"cover\" href=\"cover.xhtml\">封面</a></li>\n");
	for (guint i = 0; i < b->docs->len; i++) {
		const struct xdoc *d = b->docs->pdata[i];
		if (d == b->titlepage)
			g_string_append(o, "<li><a epub:type=\"titlepage\" href=\"title.xhtml\">报头</a></li>\n");
		else if (d->type && strcmp(d->type, "bodymatter") == 0) {
			g_string_append_printf(o, "<li><a epub:type=\"bodymatter\" href=\"%s.xhtml\">正文</a></li>\n",
			    d->id);
			break;
		}
	}
	g_string_append(o, "</ol>\n</nav>\n</body>\n</html>\n");
	return o;
}

static GString *
ncx_doc(const struct book *b, const char *uuid)
{
	GString *o = g_string_new(NULL);
	int depth = -1, maxdepth = 1;

	for (guint i = 0; i < b->toc->len; i++) {
		const struct tocent *t = b->toc->pdata[i];
		if (t->depth + 1 > maxdepth)
			maxdepth = t->depth + 1;
	}
	g_string_append_printf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"%s\">\n"
	    "<head>\n<meta name=\"dtb:uid\" content=\"%s\"/>\n<meta name=\"dtb:depth\" content=\"%d\"/>\n"
	    "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n"
	    "</head>\n<docTitle><text>", b->lang, uuid, maxdepth);
	esc(o, b->title);
	g_string_append(o, "</text></docTitle>\n<navMap>\n");
	for (guint i = 0; i < b->toc->len; i++) {
		const struct tocent *t = b->toc->pdata[i];
		for (; depth >= t->depth; depth--)
			g_string_append(o, "</navPoint>\n");
		depth = t->depth;
		g_string_append_printf(o, "<navPoint id=\"np%u\" playOrder=\"%u\"><navLabel><text>", i + 1, i + 1);
		esc(o, t->label);
		g_string_append_printf(o, "</text></navLabel><content src=\"%s\"/>\n", t->href);
	}
	for (; depth >= 0; depth--)
		g_string_append(o, "</navPoint>\n");
	g_string_append(o, "</navMap>\n</ncx>\n");
	return o;
}

static GString *
opf_doc(const struct book *b, const char *uuid, gint64 when, GPtrArray *res, bool cover)
{
	GString *o = g_string_new(NULL);
	GDateTime *dt = g_date_time_new_from_unix_utc(when);
	char *mod = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");

	g_date_time_unref(dt);
	g_string_append_printf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\""
	    " xml:lang=\"%s\">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	    "<dc:identifier id=\"uid\">%s</dc:identifier>\n<dc:title>", b->lang, uuid);
	esc(o, b->title);
	g_string_append_printf(o, "</dc:title>\n<dc:language>%s</dc:language>\n", b->lang);
	for (guint i = 0; i < b->creators->len; i++) {
		g_string_append_printf(o, "<dc:creator id=\"creator%u\">", i + 1);
		esc(o, b->creators->pdata[i]);
		g_string_append_printf(o, "</dc:creator>\n<meta refines=\"#creator%u\" property=\"role\""
		    " scheme=\"marc:relators\">aut</meta>\n", i + 1);
	}
	if (b->publisher) {
		g_string_append(o, "<dc:publisher>");
		esc(o, b->publisher);
		g_string_append(o, "</dc:publisher>\n");
	}
	if (b->date)
		g_string_append_printf(o, "<dc:date>%s</dc:date>\n", b->date);
	g_string_append_printf(o, "<meta property=\"dcterms:modified\">%s</meta>\n", mod);
	g_string_append_printf(o,
	    "<meta property=\"schema:accessMode\">textual</meta>\n"
	    "<meta property=\"schema:accessModeSufficient\">textual</meta>\n"
	    "<meta property=\"schema:accessibilityFeature\">tableOfContents</meta>\n"
	    "<meta property=\"schema:accessibilityFeature\">readingOrder</meta>\n"
	    "<meta property=\"schema:accessibilityFeature\">structuralNavigation</meta>\n"
	    "<meta property=\"schema:accessibilityHazard\">none</meta>\n"
	    "<meta property=\"schema:accessibilitySummary\">%s</meta>\n", a11y_summary);
	if (cover)
		g_string_append(o, "<meta name=\"cover\" content=\"cover-image\"/>\n");
	g_string_append(o, "</metadata>\n<manifest>\n");
	for (guint i = 0; i < res->len; i++) {
		const struct resource *r = res->pdata[i];
		g_string_append_printf(o, "<item id=\"%s\" href=\"%s\" media-type=\"%s\"%s%s%s/>\n",
		    r->id, r->path, r->media_type, r->properties ? " properties=\"" : "",
		    r->properties ? r->properties : "", r->properties ? "\"" : "");
	}
	g_string_append(o, "</manifest>\n<spine toc=\"ncx\">\n");
	for (guint i = 0; i < res->len; i++) {
		const struct resource *r = res->pdata[i];
		if (strcmp(r->media_type, "application/xhtml+xml") == 0 && strcmp(r->id, "nav") != 0)
			g_string_append_printf(o, "<itemref idref=\"%s\"/>\n", r->id);
	}
	g_string_append(o, "</spine>\n</package>\n");
	g_free(mod);
	return o;
}

static GBytes *
cover_page(const struct book *b)
{
	GString *o = g_string_new(NULL);

	g_string_append_printf(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
	    "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\""
	    " lang=\"%s\" xml:lang=\"%s\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>", b->lang, b->lang);
	esc(o, b->title);
	g_string_append(o, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n"
	    "</head>\n<body epub:type=\"cover\">\n<div class=\"cover\"><img src=\"cover.png\" alt=\"\"/></div>\n"
	    "</body>\n</html>\n");
	return gstring_bytes(o);
}

static bool
add_entry(zip_t *za, const char *name, GBytes *data, bool store, gint64 when, struct jb_diag *diag)
{
	gsize len;
	const void *p = g_bytes_get_data(data, &len);
	zip_source_t *src = zip_source_buffer(za, p, len, 0);
	zip_int64_t idx;

	if (src == NULL || (idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
		if (src)
			zip_source_free(src);
		jb_error(diag, "epub-zip", 0, "cannot add %s to the EPUB: %s", name, zip_strerror(za));
		return false;
	}
	/* Level 1: on these small XHTML files it is 3 % larger than level 6 and takes
	 * half the time. */
	if (zip_set_file_compression(za, (zip_uint64_t)idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
	    store ? 0 : 1) < 0 || zip_file_set_mtime(za, (zip_uint64_t)idx, (time_t)when, 0) < 0) {
		jb_error(diag, "epub-zip", 0, "cannot set up %s in the EPUB: %s", name, zip_strerror(za));
		return false;
	}
	return true;
}

/* The OCF container, written to memory and copied to out. */
static bool
package(GPtrArray *res, bool apple, gint64 when, GByteArray *out, struct jb_diag *diag)
{
	zip_error_t zerr;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t zst;
	GBytes *mimetype = g_bytes_new_static("application/epub+zip", 20);
	GBytes *container = g_bytes_new_static(container_xml, sizeof container_xml - 1);
	GBytes *apple_opts = g_bytes_new_static(apple_options_xml, sizeof apple_options_xml - 1);
	bool ok = false;

	if (when < DOS_EPOCH_MIN)
		when = DOS_EPOCH_MIN;
	if (when > DOS_EPOCH_MAX)
		when = DOS_EPOCH_MAX;
	zip_error_init(&zerr);
	src = zip_source_buffer_create(NULL, 0, 0, &zerr);
	if (src == NULL) {
		jb_error(diag, "epub-zip", 0, "cannot create the EPUB buffer: %s", zip_error_strerror(&zerr));
		goto out;
	}
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &zerr);
	if (za == NULL) {
		jb_error(diag, "epub-zip", 0, "cannot open the EPUB buffer: %s", zip_error_strerror(&zerr));
		zip_source_free(src);
		goto out;
	}
	ok = add_entry(za, "mimetype", mimetype, true, when, diag)
	    && add_entry(za, "META-INF/container.xml", container, false, when, diag)
	    && (!apple || add_entry(za, "META-INF/com.apple.ibooks.display-options.xml", apple_opts,
	    false, when, diag));
	for (guint i = 0; ok && i < res->len; i++) {
		const struct resource *r = res->pdata[i];
		char *name = g_strconcat("OEBPS/", r->path, NULL);
		ok = add_entry(za, name, r->data, r->store, when, diag);
		g_free(name);
	}
	if (!ok) {
		zip_discard(za);
		zip_source_free(src);
		goto out;
	}
	if (zip_close(za) < 0) {
		jb_error(diag, "epub-zip", 0, "cannot finish the EPUB: %s", zip_strerror(za));
		zip_discard(za);
		zip_source_free(src);
		ok = false;
		goto out;
	}
	ok = false;
	if (zip_source_stat(src, &zst) == 0 && zip_source_open(src) == 0) {
		g_byte_array_set_size(out, (guint)zst.size);
		ok = zip_source_read(src, out->data, zst.size) == (zip_int64_t)zst.size;
		zip_source_close(src);
	}
	if (!ok) {
		g_byte_array_set_size(out, 0);
		jb_error(diag, "epub-zip", 0, "cannot read the EPUB back from memory");
	}
	zip_source_free(src);
out:
	zip_error_fini(&zerr);
	g_bytes_unref(mimetype);
	g_bytes_unref(container);
	g_bytes_unref(apple_opts);
	return ok;
}

static bool
read_extra_css(const char *path, GString *css, struct jb_diag *diag)
{
	char *text = NULL;
	gsize len = 0;
	GError *err = NULL;

	if (!g_file_get_contents(path, &text, &len, &err)) {
		jb_diag_add_file(diag, JB_ERROR, "bad-css", path, 0, 0, "cannot read extra CSS: %s",
		    err->message);
		g_error_free(err);
		return false;
	}
	if (!g_utf8_validate(text, (gssize)len, NULL)) {
		jb_diag_add_file(diag, JB_ERROR, "bad-css", path, 0, 0, "extra CSS is not UTF-8");
		g_free(text);
		return false;
	}
	g_string_append_printf(css, "/* extra CSS */\n");
	g_string_append_len(css, text, (gssize)len);
	if (len && text[len - 1] != '\n')
		g_string_append_c(css, '\n');
	g_free(text);
	return true;
}

static void
book_free(struct book *b)
{
	g_free(b->title);
	g_free(b->cover_title);
	g_free(b->publisher);
	g_free(b->date);
	g_free(b->issue);
	g_free(b->subtitle);
	g_free(b->date_text);
	g_ptr_array_free(b->creators, TRUE);
	g_ptr_array_free(b->docs, TRUE);
	g_ptr_array_free(b->toc, TRUE);
	g_ptr_array_free(b->titles, TRUE);
	g_ptr_array_free(b->title_hrefs, TRUE);
	for (int r = 0; r < JB_ROLE__MAX; r++)
		if (b->chars[r])
			g_hash_table_destroy(b->chars[r]);
}

bool
jb_epub_render(xmlDoc *doc, const struct jb_env *env, GByteArray *out, struct jb_diag *diag)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	struct book b = { 0 };
	const struct jb_options *opt = &env->opt;
	const struct jb_fonts *fonts = NULL;
	const struct jb_font_ops *ops = NULL;
	GPtrArray *res = g_ptr_array_new_with_free_func(free_resource);
	struct css_font cfonts[JB_ROLE__MAX];
	int role_font[JB_ROLE__MAX], nfonts = 0;
	xmlChar *lang;
	char *uuid = NULL;
	GString *css;
	GBytes *png = NULL;
	gint64 when;
	bool ok = false;

	if (root == NULL || !jb_is(root, "bulletin")) {
		jb_error(diag, "epub-input", 0, "not a bulletin document");
		g_ptr_array_free(res, TRUE);
		return false;
	}
	memset(cfonts, 0, sizeof cfonts);
	for (int r = 0; r < JB_ROLE__MAX; r++)
		role_font[r] = -1;
	b.env = env;
	b.st = env->style;
	b.diag = diag;
	lang = xmlNodeGetLang(root);
	b.lang = lang && *lang ? (const char *)lang : "zh-CN";
	b.creators = g_ptr_array_new_with_free_func(g_free);
	b.docs = g_ptr_array_new_with_free_func(free_doc);
	b.toc = g_ptr_array_new_with_free_func(free_toc);
	b.titles = g_ptr_array_new_with_free_func(g_free);
	b.title_hrefs = g_ptr_array_new_with_free_func(g_free);
	b.collect = opt->embed_fonts;
	for (int r = 0; r < JB_ROLE__MAX && b.collect; r++)
		b.chars[r] = g_hash_table_new(NULL, NULL);
	book_metadata(&b, root);
	jb_epub_build_docs(&b, root);
	normalise_depths(b.toc);
	uuid = content_uuid(doc, diag);
	when = build_time(diag);

	/* Fonts only when something needs them: --no-cover without embedding loads
	 * no font module and starts no font machinery. */
	if (opt->cover || opt->embed_fonts) {
		ops = jb_font_ops(diag);
		if (ops == NULL || (fonts = jb_env_fonts(env, diag)) == NULL)
			goto out;
	}
	if (opt->cover) {
		png = ops->epub_cover_png(&b, fonts, diag);
		if (png == NULL)
			goto out;
	}
	if (opt->embed_fonts) {
		/* The nav shows the toc labels in the body face. */
		for (guint i = 0; i < b.toc->len; i++) {
			const struct tocent *t = b.toc->pdata[i];
			jb_epub_collect(&b, JB_ROLE_BODY, t->label);
		}
		jb_epub_collect(&b, JB_ROLE_BODY, "目录");
	}
	if (opt->embed_fonts && !ops->epub_subset_fonts(&b, fonts, res, cfonts, &nfonts, role_font, diag))
		goto out;

	css = jb_epub_css(b.st, cfonts, opt->embed_fonts ? role_font : NULL, nfonts);
	if (b.st->extra_css && *b.st->extra_css && !read_extra_css(b.st->extra_css, css, diag)) {
		g_string_free(css, TRUE);
		goto out;
	}
	if (opt->css && !read_extra_css(opt->css, css, diag)) {
		g_string_free(css, TRUE);
		goto out;
	}
	/* Manifest order = zip order; the spine is the XHTML items in this order. */
	{
		GPtrArray *front = g_ptr_array_new_with_free_func(free_resource);
		add_resource(front, "nav.xhtml", "nav", "application/xhtml+xml", "nav",
		    gstring_bytes(nav_doc(&b, png != NULL)), false);
		add_resource(front, "toc.ncx", "ncx", "application/x-dtbncx+xml", NULL,
		    gstring_bytes(ncx_doc(&b, uuid)), false);
		add_resource(front, "style.css", "css", "text/css", NULL, gstring_bytes(css), false);
		if (png) {
			add_resource(front, "cover.png", "cover-image", "image/png", "cover-image", png, true);
			png = NULL;
			add_resource(front, "cover.xhtml", "cover", "application/xhtml+xml", NULL,
			    cover_page(&b), false);
		}
		for (guint i = 0; i < b.docs->len; i++) {
			const struct xdoc *d = b.docs->pdata[i];
			char *path = g_strconcat(d->id, ".xhtml", NULL);
			add_resource(front, path, d->id, "application/xhtml+xml", NULL,
			    gstring_bytes(jb_epub_xhtml_page(&b, d)), false);
			g_free(path);
		}
		/* fonts (added by the subsetter) go last */
		for (guint i = 0; i < res->len; i++)
			g_ptr_array_add(front, res->pdata[i]);
		g_ptr_array_set_free_func(res, NULL);
		g_ptr_array_free(res, TRUE);
		res = front;
	}
	{
		GString *opf = opf_doc(&b, uuid, when, res, opt->cover);
		/* The package document first after META-INF, as readers look for it. */
		struct resource *r = g_new0(struct resource, 1);
		r->path = g_strdup("content.opf");
		r->id = g_strdup("opf");
		r->media_type = "application/oebps-package+xml";
		r->data = gstring_bytes(opf);
		g_ptr_array_insert(res, 0, r);
	}
	ok = package(res, opt->embed_fonts && nfonts > 0, when, out, diag);
out:
	if (png)
		g_bytes_unref(png);
	for (int i = 0; i < nfonts; i++) {
		g_free(cfonts[i].family);
		g_free(cfonts[i].path);
	}
	g_ptr_array_free(res, TRUE);
	g_free(uuid);
	book_free(&b);
	xmlFree(lang);
	return ok;
}
