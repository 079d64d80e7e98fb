/*
 * pdf/typeset.h: the paragraph typesetter (line breaker + line adjuster) of the
 * PDF engine. Given one block's text (with bold runs and hard breaks), a role
 * style and a measure, it produces lines that obey clreq: no line-start/line-end
 * prohibited characters, punctuation width adjustment (adjacent marks, line-end
 * marks half width), quarter-em Han-Western spacing replacing input spaces there,
 * justification by clreq priorities (never all slack into one space, never inside
 * Latin words or numbers), first-line indent. Pango shapes and proposes breaks;
 * this module decides and places every glyph. It knows nothing of pages or grids:
 * pdf/page places the lines it returns on baselines.
 *
 * Owner: the caller owns a jb_para and frees it with jb_para_free. Lines are
 * borrowed from their paragraph. Not thread-safe per paragraph; one PangoContext
 * per job.
 */
#ifndef JB_TYPESET_H
#define JB_TYPESET_H

#include <stdbool.h>
#include <glib.h>
#include <pango/pangocairo.h>
#include "../style/style.h"

struct jb_diag;

/* Inline text of a block: UTF-8 with '\n' for a hard break (<br/>), and bold
 * spans as byte ranges into text. */
struct jb_span { guint start, end; };

struct jb_inline {
	const char *text;
	const struct jb_span *bold;	/* may be NULL */
	guint nbold;
};

struct jb_para_spec {
	const char *family;	/* resolved family (jb_fonts role) */
	double size;		/* pt */
	int weight;		/* CSS weight for the whole block; bold spans get 700 or more */
	enum jb_align align;	/* justify: last line flush left; center/right: every line */
	double measure;		/* line length in pt */
	double indent;		/* first-line indent in pt (may be 0) */
	double char_pitch;	/* pt per Han character on the grid (0 = size): tracking */
	bool adjust_punct;	/* clreq punctuation width adjustment (on for body text) */
};

struct jb_para;

/* Typesets one block. NULL only on internal failure (recorded in diag). */
struct jb_para *jb_para_new(PangoContext *, const struct jb_inline *,
    const struct jb_para_spec *, struct jb_diag *);
void jb_para_free(struct jb_para *);
int jb_para_line_count(const struct jb_para *);
/* Natural extents of line i: width actually set (pt), ascent and descent (pt, > 0). */
double jb_para_line_width(const struct jb_para *, int i);
void jb_para_line_extents(const struct jb_para *, int i, double *ascent, double *descent);
/* Where line i starts, from the measure's left edge (first-line indent, centring,
 * right alignment), pt: the line's ink runs from there for jb_para_line_width. */
double jb_para_line_x(const struct jb_para *, int i);
/* Byte range of the input text that line i holds (for links, outline, tests). */
void jb_para_line_range(const struct jb_para *, int i, guint *start, guint *end);
/* The characters no installed font has ("U+0E2A ส, ..."; at most 8; g_free), which
 * the PDF can only show as boxes with their code; NULL if there are none. */
char *jb_para_missing_chars(const struct jb_para *);
/* Paints line i with its left edge of the measure at x and its baseline at y,
 * in the current source colour. */
void jb_para_paint_line(const struct jb_para *, int i, cairo_t *, double x, double y);

/* Pure clreq character classes (kinsoku.h), for the breaker and its unit tests. */
#include "kinsoku.h"

/* A PangoContext set up for print: 72 dpi (Pango units = pt), unrounded glyph
 * positions, no hinting, language zh-cn. Caller unrefs. */
PangoContext *jb_print_context_new(void);

#endif
