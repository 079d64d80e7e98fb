/*
 * pdf/embed.h: the fonts a PDF embeds. Cairo 1.16 subsets a font by reading its
 * whole CFF table, twice per face per document (15-20 MB for a CJK face: most
 * of the time and memory of a PDF). So the painter runs twice: the first pass
 * collects the glyphs each face sets; each face is then cut to them with
 * hb-subset, and the second pass shows the same glyphs, renumbered, from that
 * small face, which is all cairo has to read. Owns the subsets and their cairo faces
 * (a face lives until cairo drops its last scaled font).
 */
#ifndef JB_EMBED_H
#define JB_EMBED_H

#include <stdbool.h>
#include <cairo.h>
#include <pango/pango.h>

struct jb_embed;

struct jb_embed *jb_embed_new(void);
void jb_embed_free(struct jb_embed *);

/* The embed set for painting on cr (NULL: paint with Pango's own fonts). */
void jb_embed_attach(cairo_t *cr, struct jb_embed *);
struct jb_embed *jb_embed_of(cairo_t *cr);

/* First pass: true while collecting (nothing is drawn). */
bool jb_embed_collecting(const struct jb_embed *);
void jb_embed_collect(struct jb_embed *, PangoFont *, const PangoGlyphInfo *, int n);

/* Between the passes: cut every face to its glyphs. A face that cannot be cut
 * (a variable or synthetic font, a failure in hb-subset or FreeType) is simply
 * painted by Pango from the whole font, as before. May wait for other threads'
 * documents (see embed.c on cairo's glyph cache) until jb_embed_free, which
 * must come after the PDF surface is destroyed. */
void jb_embed_build(struct jb_embed *);

/* Second pass: shows a glyph item at (x, y) from the cut face, with its text
 * clusters (ToUnicode); false if this font or a glyph was not cut, and then
 * the caller paints it with Pango. */
bool jb_embed_show(struct jb_embed *, cairo_t *cr, const char *text, PangoGlyphItem *, double x, double y);

#endif
