/*
 * pdf/page.h: the page builder: boxes onto the baseline grid, page breaks with
 * keep-with-next and widow/orphan rules, the colophon pinned to the last page.
 * Pages are plain data, complete before anything is drawn.
 */
#ifndef JB_PAGE_H
#define JB_PAGE_H

#include <glib.h>
#include "flow.h"

/* Ascent of the ideographic em box above the baseline, as a share of the size
 * (Noto CJK and FandolFang: 0.88 above, 0.12 below). */
#define JB_EM_ASCENT 0.88

enum jb_item_kind {
	JB_ITEM_LINE,	/* one line of a paragraph */
	JB_ITEM_RULE	/* a horizontal rule */
};

struct jb_item {
	enum jb_item_kind kind;
	const struct jb_box *box;
	const struct jb_para *para;	/* LINE */
	int line;			/* LINE: index in para */
	bool first, last;		/* LINE: first/last line of its box */
	double x, y;	/* from the type area's left / the page top: LINE measure left and
			 * baseline; RULE left end and centre line */
	double w, h;	/* RULE: length and thickness */
	double band_top, band_bot;	/* LINE: the grid band it occupies (panels) */
};

struct jb_page {
	GArray *items;		/* struct jb_item */
	int number;		/* 1-based */
	int article;		/* mark of the article running at the top (running head), -1 */
	int body_lines;		/* grid slots holding text */
};

/* Lays out every box; fills marks' page and y. Never fails (an oversized block
 * overflows its page with a warning). Returns struct jb_page *. */
GPtrArray *jb_paginate(struct jb_flow *, const struct jb_style *, struct jb_diag *);
/* Baseline of grid slot k (0-based) from the page top. */
double jb_grid_baseline(const struct jb_style *, int k);

#endif
