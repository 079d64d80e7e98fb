/*
 * epub/glyphs.h: the cover's text without Pango: HarfBuzz shaping and cairo
 * glyphs from the resolved font files (see glyphs.c).
 */
#ifndef JB_EPUB_GLYPHS_H
#define JB_EPUB_GLYPHS_H

#include <stdbool.h>
#include <cairo.h>

struct gfaces;
struct jb_font_face;

struct gfaces *jb_gfaces_new(void);
void jb_gfaces_free(struct gfaces *);
/* Sets text in the band [x, x + w) from top y, centred or flush left, breaking lines
 * (with kinsoku) and, with max_lines > 0, ending the last allowed line with "…".
 * With draw false it only measures. Gives the height and the number of lines.
 * False when the face lacks a character of the text (the caller uses Pango). */
bool jb_glyph_text(cairo_t *, struct gfaces *, const struct jb_font_face *, const char *text,
    double size, double x, double y, double w, int max_lines, bool center, bool draw,
    double *height, int *nlines);

#endif
