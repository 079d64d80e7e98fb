/*
 * pdf/ts-internal.h: data shared by the typesetter's parts: typeset.c (shaping,
 * clusters, punctuation adjustment, painting) and ts-line.c (clreq line breaking
 * and justification). Not part of the engine's interface (that is typeset.h).
 */
#ifndef JB_TS_INTERNAL_H
#define JB_TS_INTERNAL_H

#include "typeset.h"

/* Cluster classes: what a cluster is for spacing and justification. */
enum ts_cls {
	TS_HAN,		/* ideographs, kana, full-width letters: the grid unit */
	TS_PUNCT,	/* full-width mark with trimmable blank (clreq §Punctuation Width Adjustment) */
	TS_WIDE,	/* other full-width (— … ～ ▲): no trimming */
	TS_WEST,	/* Western letters, digits and their punctuation */
	TS_SPACE,	/* U+0020 / U+00A0 word space */
	TS_BREAK	/* '\n': forced line break */
};

/* Kinds of marks, by the order in which clreq reduces them (§Line Adjustment). */
enum ts_mark { TS_MK_NONE, TS_MK_BRACKET, TS_MK_COMMA, TS_MK_STOP };

enum {
	TS_F_BRK = 1,		/* a line may break before this cluster */
	TS_F_DROP = 2,		/* a space at a Han-Western boundary: set as the gap instead */
	TS_F_TIE = 4,		/* no justification space after (inside —— ……, Western word) */
	TS_F_HW = 8,		/* gap after is a Han-Western gap */
	TS_F_NOJ = 16		/* no justification space after (between two marks) */
};

struct ts_clu {
	guint b0, b1;		/* bytes of the text */
	int item, g0, g1;	/* glyphs [g0, g1) of items[item] */
	gunichar c, clast;	/* first and last character */
	guint8 cls, mark, flags;
	double nat;		/* natural advance incl. char_pitch tracking, pt */
	double capL, capR;	/* trimmable blank on each side, pt */
	double trimL, trimR;	/* trimmed by the adjacent-mark rule */
	double gap;		/* Han-Western gap after, pt */
	/* final, on its line */
	double adv, shift, extra;	/* advance, glyph shift left, space after */
};

struct ts_item {
	PangoItem *pi;
	PangoGlyphString *gs;
	double asc, desc;
	bool fake_bold;		/* face has no bold: regular glyphs, filled and stroked */
};

struct ts_line {
	int c0, c1;		/* clusters */
	double x, w;		/* offset from the measure's left edge; width set */
	double asc, desc;
};

struct jb_para {
	char *text;
	struct ts_item *items;
	int nitems;
	struct ts_clu *clu;
	int nclu;
	struct ts_line *lines;
	int nlines;
	double em;		/* role size */
	double asc0, desc0;	/* of the base font, for empty lines */
};

/* ts-line.c: breaks p->clu into p->lines and sets every cluster's final geometry. */
void ts_break_lines(struct jb_para *p, const struct jb_para_spec *spec);

#endif
