/*
 * render/font-module.c: the table of jianbao-fonts.so, the font module: font
 * roles through fontconfig (and their cache), the EPUB cover (HarfBuzz outlines, FreeType's
 * rasteriser) and font subsets (hb-subset); see core/render.h. Built into the
 * module with style/font.c, style/fontcache.c, epub/cover.c, epub/glyphs.c and epub/subset.c; the
 * static library carries it too.
 */
#include <gmodule.h>
#include "../jianbao.h"
#include "../core/env.h"
#include "../core/render.h"
#include "../epub/book.h"
#include "../style/font.h"

G_MODULE_EXPORT const struct jb_font_ops jb_font_module = {
	.head = JB_MODULE_HEAD,
	.fonts_resolve = jb_fonts_resolve,
	.fonts_free = jb_fonts_free,
	.fontconfig_init = jb_fonts_fontconfig_init,
	.epub_cover_png = jb_epub_cover_png,
	.epub_subset_fonts = jb_epub_subset_fonts,
};
