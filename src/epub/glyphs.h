/*
 * epub/glyphs.h: the cover's text: HarfBuzz shaping from the resolved font files,
 * a fontconfig fallback face for each character a role's face lacks, lines broken
 * with kinsoku, glyph outlines painted on the canvas (raster.h). See glyphs.c.
 */
#ifndef JB_EPUB_GLYPHS_H
#define JB_EPUB_GLYPHS_H

#include <stdbool.h>

struct gfaces;
struct jb_canvas;
struct jb_font_face;

struct gfaces *jb_gfaces_new(struct jb_canvas *);
void jb_gfaces_free(struct gfaces *);
/* Sets text in the band [x, x + w) from top y, centred or flush left, breaking lines
 * (with kinsoku) and, with max_lines > 0, ending the last allowed line with "…".
 * With draw false it only measures; drawing uses the canvas's current colour.
 * Gives the height and the number of lines. False when the role's font file
 * cannot be read. */
bool jb_glyph_text(struct gfaces *, const struct jb_font_face *, const char *text,
    double size, double x, double y, double w, int max_lines, bool center, bool draw,
    double *height, int *nlines);

#endif
