/*
 * core/render.h: the font machinery behind two tables, in two modules, so that
 * each job loads only what it needs:
 *  - jianbao-fonts.so, the font module (fontconfig, HarfBuzz, FreeType's
 *    rasteriser, FriBidi, zlib): font roles, the EPUB cover and --embed-fonts;
 *  - jianbao-render.so, the renderer module (Pango, Cairo): the PDF.
 * Structure -> XML and EPUB without cover or embedded fonts load neither; an EPUB
 * with a cover loads the font module (about 15 libraries) and not Pango and
 * Cairo (about 40). The core asks for a table the first time a job needs it: a
 * program linked with the whole static library (tests, fuzzers) has both built
 * in; the jianbao command loads each module once per process (render.c).
 * Defined by render/font-module.c and render/module.c.
 */
#ifndef JB_RENDER_H
#define JB_RENDER_H

#include <stdbool.h>
#include <glib.h>
#include <libxml/tree.h>

struct jb_env;
struct jb_diag;
struct jb_style;
struct jb_fonts;
struct book;
struct css_font;

/* Raised whenever a table or a structure the two sides share changes. */
#define JB_RENDER_ABI 2

/* First in both tables: what the loader checks before using one. */
struct jb_module_head {
	unsigned abi;		/* JB_RENDER_ABI the module was built with */
	const char *version;	/* JB_VERSION the module was built with */
	size_t env_size, style_size, book_size;	/* shared structures, as the module saw them */
};

/* What a module's table starts with: this build's view of the shared structures
 * (needs env.h, style.h and epub/book.h). */
#define JB_MODULE_HEAD { .abi = JB_RENDER_ABI, .version = JB_VERSION, \
	.env_size = sizeof(struct jb_env), .style_size = sizeof(struct jb_style), \
	.book_size = sizeof(struct book) }

/* jianbao-fonts.so */
struct jb_font_ops {
	struct jb_module_head head;
	/* style/font.c: font roles through fontconfig (jb_env_fonts caches them). */
	struct jb_fonts *(*fonts_resolve)(const struct jb_style *, const char *fontdir,
	    struct jb_diag *);
	void (*fonts_free)(struct jb_fonts *);
	/* FcInit() with the font dirs a cached resolve left pending (font.h). */
	bool (*fontconfig_init)(void);
	/* epub/cover.c, epub/subset.c: the EPUB cover and --embed-fonts. */
	GBytes *(*epub_cover_png)(const struct book *, const struct jb_fonts *, struct jb_diag *);
	bool (*epub_subset_fonts)(struct book *, const struct jb_fonts *, GPtrArray *resources,
	    struct css_font *fonts, int *nfonts, int *role_font, struct jb_diag *);
};

/* jianbao-render.so */
struct jb_render_ops {
	struct jb_module_head head;
	/* pdf/pdf.c: the print PDF. */
	bool (*pdf_render)(xmlDoc *, const struct jb_env *, GByteArray *out, struct jb_diag *);
};

/* The tables, loading their module on the first call (thread-safe). NULL if it
 * cannot be loaded: then an error naming the module's path and why is added to
 * diag (which may be NULL), on every call. */
const struct jb_font_ops *jb_font_ops(struct jb_diag *);
const struct jb_render_ops *jb_render_ops(struct jb_diag *);

#endif
