/*
 * pdf/page.c: boxes -> pages (see page.h). Slot k's baseline is JB_EM_ASCENT body
 * sizes plus k line pitches below the type area top: the first line's em box
 * touches the top of the type area and the last line's the bottom, on every page.
 */
#include <math.h>
#include "../core/diag.h"
#include "page.h"

struct pager {
	const struct jb_style *st;
	struct jb_flow *flow;
	struct jb_diag *diag;
	GPtrArray *pages;
	struct jb_page *cur;
	int s;			/* next free slot on cur */
	int L;			/* slots per page */
	int article;		/* article mark in progress */
	double gap;		/* line pitch - body size */
};

double
jb_grid_baseline(const struct jb_style *st, int k)
{
	return st->margin_top + JB_EM_ASCENT * st->body_size + k * st->line_pitch;
}

static double
band_top(struct pager *pg, int k)
{
	return pg->st->margin_top + k * pg->st->line_pitch - pg->gap / 2;
}

static void
page_free(gpointer p)
{
	struct jb_page *pp = p;

	g_array_free(pp->items, TRUE);
	g_free(pp);
}

static void
new_page(struct pager *pg)
{
	struct jb_page *p = g_new0(struct jb_page, 1);

	p->items = g_array_new(FALSE, TRUE, sizeof(struct jb_item));
	p->number = (int)pg->pages->len + 1;
	p->article = -1;
	g_ptr_array_add(pg->pages, p);
	pg->cur = p;
	pg->s = 0;
}

static void
add_item(struct pager *pg, const struct jb_item *it)
{
	if (pg->cur->article < 0)
		pg->cur->article = pg->article;
	g_array_append_val(pg->cur->items, *it);
}

/* A box that opens a mark: record where, and follow articles for running heads. */
static void
open_mark(struct pager *pg, const struct jb_box *b, double y)
{
	if (b->mark < 0 || (guint)b->mark >= pg->flow->marks->len)
		return;
	struct jb_mark *m = &g_array_index(pg->flow->marks, struct jb_mark, b->mark);
	m->page = pg->cur->number;
	m->y = y;
	if (m->article)
		pg->article = b->mark;
}

static int pair_lines(const struct pager *, const struct jb_box *);

static int
box_lines(const struct pager *pg, const struct jb_box *b)
{
	int n = b->para ? jb_para_line_count(b->para) : 0;

	if (b->kind == JB_BOX_PAIR)
		return pair_lines(pg, b);
	return MAX(n + ((b->flags & JB_BOX_NUMBER_BELOW) ? 1 : 0), 1);
}

/* Grid lines that must follow on this page for box i to keep with what comes
 * next: itself, every following keep box, then two lines of the first box
 * that does not keep (or all of it if it is shorter). */
static int
keep_chain(struct pager *pg, guint i)
{
	GPtrArray *bx = pg->flow->boxes;
	int total = 0;

	for (guint j = i; j < bx->len; j++) {
		const struct jb_box *b = bx->pdata[j];
		bool keep = b->flags & JB_BOX_KEEP_NEXT;
		switch (b->kind) {
		case JB_BOX_SPACE:
			total += j == i ? 0 : b->slots;
			continue;
		case JB_BOX_RULE:
			continue;
		case JB_BOX_BLOCK:
			total += b->slots;
			break;
		case JB_BOX_LINES:
		case JB_BOX_PAIR:
			/* two lines of what follows, or all three of a three-line
			 * paragraph, which never splits 2 + 1 (widow rule) */
			total += keep || box_lines(pg, b) <= 3 ? box_lines(pg, b) : 2;
			break;
		default:
			return total;
		}
		if (!keep)
			break;
	}
	return total;
}

static void
place_line(struct pager *pg, const struct jb_box *b, const struct jb_para *para, int line,
    double x, int slot, bool first, bool last)
{
	struct jb_item it = { 0 };

	it.kind = JB_ITEM_LINE;
	it.box = b;
	it.para = para;
	it.line = line;
	it.first = first;
	it.last = last;
	it.x = x;
	it.y = jb_grid_baseline(pg->st, slot);
	it.band_top = band_top(pg, slot);
	it.band_bot = it.band_top + pg->st->line_pitch;
	if (first)
		open_mark(pg, b, it.band_top);
	add_item(pg, &it);
}

static void
place_lines(struct pager *pg, const struct jb_box *b)
{
	int n = jb_para_line_count(b->para), i = 0;

	/* A contents entry's number line is one more line of the entry (line -1). */
	if (b->flags & JB_BOX_NUMBER_BELOW)
		n++;

	while (i < n) {
		if (pg->s >= pg->L)
			new_page(pg);
		int r = pg->L - pg->s, left = n - i, take = left;
		if (left > r) {
			take = r;
			/* Orphan: the first line alone at the foot of a page. */
			if (i == 0 && r == 1 && pg->s > 0) {
				new_page(pg);
				continue;
			}
			/* Widow: the last line alone at the head of the next page. Pull
			 * one more line over; a three-line paragraph with two lines free
			 * goes over whole. */
			if (left - r == 1 && r >= (i == 0 ? 3 : 2))
				take = r - 1;
			else if (left - r == 1 && i == 0 && pg->s > 0) {
				new_page(pg);
				continue;
			}
		}
		for (int k = 0; k < take; k++, i++) {
			bool extra = (b->flags & JB_BOX_NUMBER_BELOW) && i == n - 1;
			/* the hanging marker first: items are painted, and extracted, in order */
			if (i == 0 && b->para2)
				place_line(pg, b, b->para2, 0, b->marker_x, pg->s, false, false);
			place_line(pg, b, b->para, extra ? -1 : i, b->x, pg->s, i == 0, i == n - 1);
			pg->s++;
			pg->cur->body_lines++;
		}
		/* The rest goes over, even when a line was left free for it. */
		if (i < n)
			new_page(pg);
	}
}

/* Left and right text on one line (issuer and date); when they would collide
 * the right-hand text drops to the next line, still flush right. */
static bool
pair_fits(const struct pager *pg, const struct jb_box *b)
{
	return jb_para_line_count(b->para) == 1 && jb_para_line_count(b->para2) == 1
	    && jb_para_line_width(b->para, 0) + jb_para_line_width(b->para2, 0)
	    + pg->st->char_pitch <= b->measure;
}

static int
pair_lines(const struct pager *pg, const struct jb_box *b)
{
	return pair_fits(pg, b) ? 1 : jb_para_line_count(b->para) + jb_para_line_count(b->para2);
}

static void
place_pair(struct pager *pg, const struct jb_box *b)
{
	int n1 = jb_para_line_count(b->para), n2 = jb_para_line_count(b->para2);
	int n = pair_lines(pg, b), first2 = n == 1 ? 0 : n1;

	if (pg->s + n > pg->L && pg->s > 0)
		new_page(pg);
	for (int i = 0; i < n; i++) {
		if (pg->s >= pg->L)
			new_page(pg);
		if (i < n1)
			place_line(pg, b, b->para, i, b->x, pg->s, i == 0, i == n1 - 1);
		if (i >= first2 && i - first2 < n2) {
			double w = jb_para_line_width(b->para2, i - first2);
			place_line(pg, b, b->para2, i - first2, b->x + b->measure - w, pg->s, false, false);
		}
		pg->s++;
		pg->cur->body_lines++;
	}
}

static void
place_block(struct pager *pg, const struct jb_box *b)
{
	const struct jb_style *st = pg->st;
	int n = jb_para_line_count(b->para);
	double h = (n - 1) * b->leading + b->size, top;
	int slots = b->slots;

	if (pg->s + slots > pg->L && pg->s > 0)
		new_page(pg);
	if (b->top >= 0 && pg->s == 0) {
		/* Placed by measure (the GB/T 9704 masthead): the body resumes on the
		 * first grid line below it. */
		top = st->margin_top + b->top;
		slots = (int)ceil((b->top + h + pg->gap / 2) / st->line_pitch);
	} else
		top = band_top(pg, pg->s) + (slots * st->line_pitch - h) / 2;
	if (slots > pg->L)
		jb_warn(pg->diag, "pdf-overflow", 0, "a %s block is taller than the page", jb_role_name(b->role));
	for (int i = 0; i < n; i++) {
		struct jb_item it = { 0 };
		it.kind = JB_ITEM_LINE;
		it.box = b;
		it.para = b->para;
		it.line = i;
		it.first = i == 0;
		it.last = i == n - 1;
		it.x = b->x;
		it.y = top + JB_EM_ASCENT * b->size + i * b->leading;
		it.band_top = band_top(pg, pg->s);
		it.band_bot = it.band_top + slots * st->line_pitch;
		if (i == 0)
			open_mark(pg, b, it.band_top);
		add_item(pg, &it);
	}
	pg->s = MIN(pg->L, pg->s + slots);
}

static void
place_rule(struct pager *pg, double x, double y, double w, double h, const struct jb_box *b)
{
	struct jb_item it = { 0 };

	it.kind = JB_ITEM_RULE;
	it.box = b;
	it.x = x;
	it.y = y;
	it.w = w;
	it.h = h;
	add_item(pg, &it);
}

/* The colophon fills the last lines of the last page, its last rule on the
 * bottom edge of the type area (GB/T 9704 7.4.1); each line is centred between
 * its rules rather than on the grid. */
static void
place_colophon(struct pager *pg, const struct jb_box *c)
{
	const struct jb_style *st = pg->st;
	int total = 0;
	double bottom = st->margin_top + st->area_h, pitch = st->line_pitch;
	double size = st->role[JB_ROLE_COLOPHON].size;

	for (guint i = 0; i < c->sub->len; i++)
		total += box_lines(pg, c->sub->pdata[i]);
	/* One free grid line above the first rule. */
	if (pg->L - pg->s < total + 1 && pg->s > 0)
		new_page(pg);
	double y = bottom - total * pitch;
	place_rule(pg, 0, y, st->area_w, st->rule_thick, c);
	for (guint i = 0; i < c->sub->len; i++) {
		const struct jb_box *b = c->sub->pdata[i];
		int n = box_lines(pg, b);
		int first2 = b->kind == JB_BOX_PAIR && !pair_fits(pg, b) ? jb_para_line_count(b->para) : 0;
		if (i > 0 && (b->flags & JB_BOX_RULE_ABOVE))
			place_rule(pg, 0, y, st->area_w, st->rule_thin, c);
		for (int k = 0; k < n; k++) {
			struct jb_item it = { 0 };
			it.kind = JB_ITEM_LINE;
			it.box = b;
			it.y = y + (pitch - size) / 2 + JB_EM_ASCENT * size;
			it.band_top = y;
			it.band_bot = y + pitch;
			if (b->kind == JB_BOX_LINES && b->para2 && k == 0) {
				it.para = b->para2;
				it.line = 0;
				it.x = b->marker_x;
				add_item(pg, &it);
			}
			if (k < jb_para_line_count(b->para)) {
				it.para = b->para;
				it.line = k;
				it.x = b->x;
				add_item(pg, &it);
			}
			if (b->kind == JB_BOX_PAIR && k >= first2 && k - first2 < jb_para_line_count(b->para2)) {
				it.para = b->para2;
				it.line = k - first2;
				it.x = b->x + b->measure - jb_para_line_width(b->para2, k - first2);
				add_item(pg, &it);
			}
			y += pitch;
		}
	}
	place_rule(pg, 0, bottom, st->area_w, st->rule_thick, c);
	pg->s = pg->L;
}

GPtrArray *
jb_paginate(struct jb_flow *f, const struct jb_style *st, struct jb_diag *diag)
{
	struct pager pg = { 0 };

	pg.st = st;
	pg.flow = f;
	pg.diag = diag;
	pg.pages = g_ptr_array_new_with_free_func(page_free);
	pg.L = st->lines_per_page;
	pg.article = -1;
	pg.gap = st->line_pitch - st->body_size;
	new_page(&pg);
	for (guint i = 0; i < f->boxes->len; i++) {
		const struct jb_box *b = f->boxes->pdata[i];

		if ((b->flags & JB_BOX_KEEP_NEXT) && pg.s > 0 && pg.s + keep_chain(&pg, i) > pg.L)
			new_page(&pg);
		switch (b->kind) {
		case JB_BOX_SPACE:
			if (pg.s > 0)
				pg.s = MIN(pg.L, pg.s + b->slots);
			break;
		case JB_BOX_BREAK:
			if (pg.s > 0 || pg.cur->items->len > 0)
				new_page(&pg);
			break;
		case JB_BOX_RULE:
			/* Between two grid lines, or at a set distance below the last
			 * baseline (the masthead's rule; a blank line follows it). */
			if (pg.s > 0 && b->top >= 0)
				place_rule(&pg, b->x, jb_grid_baseline(st, pg.s - 1) + b->top, b->measure, b->rule, b);
			else if (pg.s > 0 || (b->flags & JB_BOX_KEEP_NEXT))
				place_rule(&pg, b->x, band_top(&pg, pg.s), b->measure, b->rule, b);
			break;
		case JB_BOX_LINES:
			place_lines(&pg, b);
			break;
		case JB_BOX_PAIR:
			place_pair(&pg, b);
			break;
		case JB_BOX_BLOCK:
			place_block(&pg, b);
			break;
		case JB_BOX_COLOPHON:
			place_colophon(&pg, b);
			break;
		}
	}
	return pg.pages;
}
