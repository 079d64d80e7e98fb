/*
 * render/module.c: the table of jianbao-render.so, the renderer module: the
 * entry points of everything that needs fonts (see core/render.h). Built into
 * the module with src/pdf/, epub/cover.c, epub/glyphs.c, epub/subset.c and
 * style/font.c; the static library carries it too, for programs linked whole.
 */
#include <gmodule.h>
#include "../jianbao.h"
#include "../core/env.h"
#include "../core/render.h"
#include "../epub/book.h"
#include "../pdf/pdf.h"
#include "../style/font.h"

G_MODULE_EXPORT const struct jb_render_ops jb_render_module = {
	.abi = JB_RENDER_ABI,
	.version = JB_VERSION,
	.env_size = sizeof(struct jb_env),
	.style_size = sizeof(struct jb_style),
	.book_size = sizeof(struct book),
	.fonts_resolve = jb_fonts_resolve,
	.fonts_free = jb_fonts_free,
	.pdf_render = jb_pdf_render,
	.epub_cover_png = jb_epub_cover_png,
	.epub_subset_fonts = jb_epub_subset_fonts,
};
