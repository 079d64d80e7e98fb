/*
 * epub/book.h: the EPUB writer's internal model, shared by its modules: content
 * documents from the bulletin tree (xhtml.c), stylesheet (css.c), cover (cover.c,
 * glyphs.c), font subsets (subset.c) and the package (epub.c).
 */
#ifndef JB_EPUB_BOOK_H
#define JB_EPUB_BOOK_H

#include <stdbool.h>
#include <glib.h>
#include <libxml/tree.h>
#include "../style/style.h"

struct jb_env;
struct jb_diag;
struct jb_fonts;

/* One XHTML content document of the spine. */
struct xdoc {
	char *id;		/* manifest id, also the file name stem */
	char *title;		/* <title> text */
	const char *type;	/* epub:type of <body> (a literal), or NULL */
	GString *body;		/* inside <body> */
	bool has_article;	/* an article already opened this document */
	bool in_section;	/* a <section> wrapper is open in this document */
};

/* One entry of the table of contents, in reading order. */
struct tocent {
	int depth;		/* 0 = top */
	char *label;
	char *href;		/* file#fragment */
};

/* A resource of the package other than the content documents. */
struct resource {
	char *path;		/* relative to OEBPS/ */
	char *id;
	const char *media_type;
	const char *properties;	/* manifest properties or NULL */
	GBytes *data;
	bool store;		/* already compressed: store, do not deflate */
};

struct book {
	const struct jb_env *env;
	const struct jb_style *st;
	struct jb_diag *diag;
	const char *lang;	/* borrowed from the tree or "zh-CN" */
	char *title;		/* dc:title */
	char *cover_title;	/* large text of the cover */
	char *publisher;	/* meta/issuer, or NULL */
	char *date;		/* meta/date/@value, or NULL */
	char *issue, *subtitle, *date_text;	/* for the cover */
	GPtrArray *creators;	/* unique author names, reading order */
	GPtrArray *docs;	/* struct xdoc *, spine order */
	GPtrArray *toc;		/* struct tocent * */
	GPtrArray *titles;	/* article titles, normalised, for contents links */
	GPtrArray *title_hrefs;
	struct xdoc *cur;	/* document being written, or NULL */
	struct xdoc *titlepage;	/* reserved first document, or NULL */
	int ndocs, nids;
	bool collect;		/* gather the characters of each role for font subsets */
	GHashTable *chars[JB_ROLE__MAX];	/* with collect: set of code points (GUINT_TO_POINTER) */
};

/* xhtml.c: walks the tree into b->docs and b->toc. */
void jb_epub_build_docs(struct book *, xmlNode *root);
/* Adds the characters of s to role r's set (with collect only). */
void jb_epub_collect(struct book *, enum jb_role, const char *s);
/* Writes one complete content document. */
GString *jb_epub_xhtml_page(const struct book *, const struct xdoc *);
void jb_epub_escape(GString *, const char *, bool attr);

/* css.c: the stylesheet from the style. With embedded fonts, fonts[0..nfonts) get
 * @font-face rules and role_font[r] (or NULL: none embedded) names the subset that
 * heads role r's family list, -1 for none. */
struct css_font {
	char *family;		/* private family name of the subset */
	char *path;		/* relative to the stylesheet */
	int weight;
};
GString *jb_epub_css(const struct jb_style *, const struct css_font *fonts,
    const int *role_font, int nfonts);

/* The two below are in the font module: called through core/render.h. */
/* cover.c: the cover as a PNG, painted in the style's fonts (glyphs.c, raster.c). */
GBytes *jb_epub_cover_png(const struct book *, const struct jb_fonts *, struct jb_diag *);

/* subset.c: hb-subset of the fonts the roles use, one per font face. Appends
 * resources and fills fonts/role_font (role -> index in fonts, -1 = none). */
bool jb_epub_subset_fonts(struct book *, const struct jb_fonts *, GPtrArray *resources,
    struct css_font *fonts, int *nfonts, int *role_font, struct jb_diag *);

#endif
