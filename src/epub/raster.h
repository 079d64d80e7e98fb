/*
 * epub/raster.h: the cover's canvas, painted through FreeType's anti-aliasing
 * rasteriser, which turns every shape (rectangles, glyph outlines from HarfBuzz)
 * into coverage spans blended here in the current colour. No Cairo: the cover
 * needs flat paint and type only, and Cairo with its ~25 libraries cost more to
 * load than the whole cover takes to draw. Pixels are palette indices, ready to be
 * a PNG's scanlines: the colours set are exact, the blended edges are rounded to
 * 33 levels a channel (as many as the eye tells apart), 256 colours at most.
 * Coordinates are in design units, scaled to pixels by the canvas's scale.
 */
#ifndef JB_EPUB_RASTER_H
#define JB_EPUB_RASTER_H

#include <stdbool.h>
#include <glib.h>
#include <hb.h>

struct jb_canvas;

/* A w x h pixel canvas, white; NULL if FreeType cannot start. */
struct jb_canvas *jb_canvas_new(int w, int h, double scale);
void jb_canvas_free(struct jb_canvas *);
void jb_canvas_set_color(struct jb_canvas *, guint32 rgb);
/* The whole canvas in the current colour. */
void jb_canvas_paint(struct jb_canvas *);
/* A rectangle, its edges anti-aliased where they fall between pixels. */
void jb_canvas_rect(struct jb_canvas *, double x, double y, double w, double h);
/* Glyph gid of font (whose scale is its upem) with its origin at (x, y), y down,
 * k design units per font unit. */
void jb_canvas_glyph(struct jb_canvas *, hb_font_t *font, hb_codepoint_t gid, double x,
    double y, double k);
/* The picture as PNG scanlines, top first: each row a filter byte (0, None) and w
 * palette indices; plte gets npal RGB triples. */
const guint8 *jb_canvas_rows(const struct jb_canvas *, int *w, int *h, guint8 plte[768],
    int *npal);

#endif
