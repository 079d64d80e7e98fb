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
/* Where and how to set a text: the band [x, x + w) from top y, at size, centred
 * or flush left (flush right when right to left). */
struct jb_glyph_box {
	double size, x, y, w;
	int max_lines;		/* > 0: the last line allowed ends with "…" */
	bool center;
	bool draw;		/* false: only measure */
	bool balance;		/* a headline: lines chosen together (see glyphs.c) */
};

/* What setting it took. */
struct jb_glyph_fit {
	double height;
	int lines;
	int mid_breaks;		/* line breaks not at a phrase space */
	int mid_words;		/* line breaks inside a word */
	bool truncated;		/* max_lines could not hold it: the last line ends in "…" */
};

/* Sets text as box says, breaking lines with kinsoku and clreq punctuation
 * adjustment; drawing uses the canvas's current colour. False when the role's
 * font file cannot be read. */
bool jb_glyph_text(struct gfaces *, const struct jb_font_face *, const char *text,
    const struct jb_glyph_box *, struct jb_glyph_fit *);

#endif
