/*
 * core/render.h: the font machinery behind one table. Everything that needs
 * Pango, Cairo, HarfBuzz, fontconfig or FreeType (the PDF, the EPUB cover, font
 * subsets, font roles) lives in the renderer module, jianbao-render.so, so that
 * structure -> XML and EPUB without cover or embedded fonts start none of it and
 * load none of their ~35 shared libraries. The core asks for the table the first
 * time a job needs fonts: a program linked with the whole static library
 * (tests, fuzzers) has it built in; the jianbao command loads the module once per
 * process (render.c). For use by core/api.c and epub/epub.c; defined by
 * render/module.c.
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

/* Raised whenever the table or a structure the two sides share changes. */
#define JB_RENDER_ABI 1

struct jb_render_ops {
	unsigned abi;		/* JB_RENDER_ABI the module was built with */
	const char *version;	/* JB_VERSION the module was built with */
	size_t env_size, style_size, book_size;	/* shared structures, as the module saw them */

	/* style/font.c: font roles through fontconfig (jb_env_fonts caches them). */
	struct jb_fonts *(*fonts_resolve)(const struct jb_style *, const char *fontdir,
	    struct jb_diag *);
	void (*fonts_free)(struct jb_fonts *);
	/* pdf/pdf.c: the print PDF. */
	bool (*pdf_render)(xmlDoc *, const struct jb_env *, GByteArray *out, struct jb_diag *);
	/* epub/cover.c, epub/subset.c: the EPUB cover and --embed-fonts. */
	GBytes *(*epub_cover_png)(const struct book *, const struct jb_fonts *, struct jb_diag *);
	bool (*epub_subset_fonts)(struct book *, const struct jb_fonts *, GPtrArray *resources,
	    struct css_font *fonts, int *nfonts, int *role_font, struct jb_diag *);
};

/* The table, loading the module on the first call (thread-safe). NULL if it
 * cannot be loaded: then an error naming the module's path and why is added to
 * diag (which may be NULL), on every call. */
const struct jb_render_ops *jb_render_ops(struct jb_diag *);

#endif
