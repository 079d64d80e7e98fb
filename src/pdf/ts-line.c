/*
 * pdf/ts-line.c: clreq line breaking and line adjustment for the typesetter.
 * Chooses breaks among the corrected candidates (total fit for justified text,
 * line by line otherwise; no one-character last line, 孤字), then shrinks or
 * stretches each line by clreq's priorities and sets every cluster's final geometry.
 */
#include <math.h>
#include <string.h>

#include "ts-internal.h"

#define EPS 0.01	/* pt: well under the 0.5 pt the checkers allow */

struct brk {
	const struct jb_para *p;
	bool punct;		/* spec->adjust_punct */
	double *P, *S, *V;	/* prefix sums: base width, shrink capacity, visible clusters */
	double *J, *O;		/* prefix sums: stretchability, visible non-marks */
	int *hard;		/* hard[k]: last hard break before cluster k, or -1 */
	int *lv;		/* lv[k]: last visible cluster before k, or -1 */
	bool spaces;		/* the text has a kept word space */
};

static bool
invisible(const struct ts_clu *c)
{
	return c->cls == TS_SPACE || c->cls == TS_BREAK;
}

/* Last visible cluster of [s, e), or s - 1, from the table: O(1) however many
 * spaces trail. */
static int
last_vis(const struct brk *b, int s, int e)
{
	return b->lv[e] >= s ? b->lv[e] : s - 1;
}

static double
base_adv(const struct ts_clu *c)
{
	return c->nat - c->trimL - c->trimR;
}

/* A full-width mark at line end is set half width (GB/T 15834 5.1.10). */
static double
end_trim(const struct brk *b, const struct ts_clu *c)
{
	return b->punct && c->cls == TS_PUNCT ? c->capR - c->trimR : 0;
}

static double
shrink_cap(const struct ts_clu *c, double em, bool punct)
{
	double s = 0;

	if (c->cls == TS_SPACE && !(c->flags & TS_F_DROP) && c->nat > em / 4)
		s += c->nat - em / 4;
	if (punct && c->cls == TS_PUNCT)
		s += c->capL - c->trimL + c->capR - c->trimR;
	if (c->flags & TS_F_HW)
		s += c->gap - em / 8;
	return s;
}

/* Natural and minimal width of a line holding clusters [s, e). */
static void
widths(const struct brk *b, int s, int e, double *w, double *min)
{
	const struct jb_para *p = b->p;
	int l = last_vis(b, s, e);
	const struct ts_clu *c;

	if (l < s) {
		*w = *min = 0;
		return;
	}
	c = &p->clu[l];
	*w = b->P[l + 1] - b->P[s] - c->gap - end_trim(b, c);
	*min = *w - (b->S[l] - b->S[s]) - (b->punct && c->cls == TS_PUNCT ? c->capL - c->trimL : 0);
}

static bool
valid_end(const struct jb_para *p, int e)
{
	return e >= p->nclu || (p->clu[e].flags & TS_F_BRK) || p->clu[e - 1].cls == TS_BREAK;
}

static double
avail(const struct jb_para_spec *spec, int line)
{
	return spec->measure - (line == 0 ? spec->indent : 0);
}

/*
 * Greedy, one line at a time: clreq tries reduction before expansion, but halving
 * every comma of a line looks worse than spreading a character's width over thirty
 * gaps; so the furthest break that fits reduced competes with the furthest that
 * fits as set, each scored by how far it is pushed (cubed, as TeX's badness).
 */
static int
next_break(const struct brk *b, int s, double av)
{
	const struct jb_para *p = b->p;
	int fs = -1, fn = -1, fit = -1;
	double need = 0, cap = 0, slack = 0, gaps = 0;

	for (int e = s + 1; e <= p->nclu; e++) {
		double w, min;

		widths(b, s, e, &w, &min);
		if (min > av + EPS && e > s + 1)
			break;
		fit = e;
		if (valid_end(p, e)) {
			fs = e;
			need = w - av;
			cap = w - min;
			if (w <= av + EPS) {
				fn = e;
				slack = av - w;
				gaps = b->V[e] - b->V[s] - 1;
			}
		}
		if (p->clu[e - 1].cls == TS_BREAK)
			break;
	}
	if (fs > s && fn > s && fs != fn && need > EPS) {
		double rs = cap > 0 ? need / cap : 1;
		double rn = fn >= p->nclu || p->clu[fn - 1].cls == TS_BREAK ? 0 :
		    gaps > 0 ? slack / gaps / (0.1 * p->em) : 10;

		if (rn * rn * rn < rs * rs * rs)
			return fn;
	}
	/* nothing allowed fits (a long URL or number): break where it fills */
	return fs > s ? fs : (fit > s ? fit : s + 1);
}

/* clreq §Paragraphs: a last line holding one character (孤字) pulls one more
 * character down from the line before, if that line may break earlier. */
static void
fix_orphan(const struct brk *b, const struct jb_para_spec *spec, GArray *lines)
{
	const struct jb_para *p = b->p;
	int n = (int)lines->len;

	for (int i = 1; i < n; i++) {
		struct ts_line *prev = &g_array_index(lines, struct ts_line, i - 1);
		struct ts_line *l = &g_array_index(lines, struct ts_line, i);
		int e;
		double w, min;

		if (i + 1 < n && p->clu[l->c1 - 1].cls != TS_BREAK)
			continue;
		if (p->clu[prev->c1 - 1].cls == TS_BREAK)
			continue;
		if (b->O[l->c1] - b->O[l->c0] != 1)	/* one visible character, not a mark */
			continue;
		for (e = prev->c1 - 1; e > prev->c0 + 1; e--)
			if (valid_end(p, e))
				break;
		if (e <= prev->c0 + 1 || prev->c1 - e > 3)
			continue;
		widths(b, e, l->c1, &w, &min);
		if (w > avail(spec, i) + EPS)
			continue;
		prev->c1 = e;
		l->c0 = e;
	}
}

/* How far a line is pushed: TeX's badness, 100 r^3, where r is the share of the
 * reduction capacity used, or the stretch per unit of stretchability (1/10 em per
 * inter-character gap, 1/4 em per word space, 1/12 em per Han-Western gap). */
static double
badness(const struct brk *b, int s, int e, double av, bool last, double w, double min)
{
	double r;
	int l = last_vis(b, s, e);

	if (w > av + EPS)
		r = w - min > 0 ? (w - av) / (w - min) : 1;
	else if (last || l < s)
		return 0;
	else
		r = (av - w) / MAX(b->J[l] - b->J[s], 0.05 * b->p->em);
	return MIN(100 * r * r * r, 1e12);
}

/*
 * Centred lines (titles, slogans) are balanced rather than filled: every line,
 * the last too, scores its blank, so a title breaks into two near-equal lines, not
 * a full one and a stub; and where the text has word spaces (上城区 厚植… 建设…)
 * the break falls on one of them.
 */
static double
balance_bad(const struct brk *b, int s, int e, double av, double w, double min)
{
	const struct jb_para *p = b->p;
	double r = av > 0 ? MAX(av - w, 0) / av : 0;
	double bad = 400 * r * r;

	if (w > av + EPS) {
		r = w - min > 0 ? (w - av) / (w - min) : 1;
		bad = 100 * r * r * r;
	}
	/* one more line costs more than any imbalance; a break off the spaces
	 * costs more than a short first line */
	bad += 50;
	if (e < p->nclu && p->clu[e - 1].cls != TS_SPACE && b->spaces)
		bad += 150;
	return bad;
}

/*
 * Total fit (Knuth-Plass on clreq's candidates): the breaks that minimise the sum
 * over lines of (10 + badness)^2, with a penalty for a one-character last line
 * (孤字). Lines are evaluated on prefix sums: O(characters x line length). False
 * when no set of allowed breaks fits (an unbreakable run wider than the measure).
 */
static bool
total_fit(const struct brk *b, const struct jb_para_spec *spec, GArray *lines, bool balance,
    bool quick)
{
	const struct jb_para *p = b->p;
	int n = p->nclu, *from = g_new(int, (gsize)(guint)n + 1), nl = 0;
	double *best = g_new(double, (gsize)(guint)n + 1);
	bool ok;

	for (int k = 0; k <= n; k++)
		best[k] = G_MAXDOUBLE;
	best[0] = 0;
	for (int e = 1; e <= n; e++) {
		bool last = e == n || p->clu[e - 1].cls == TS_BREAK;
		int top = e - 1;

		if (!valid_end(p, e))
			continue;
		/* a justified line other than the last filled under 3/4 is hardly ever
		 * worth it: start the scan there (P is increasing; binary search) */
		if (!last && quick) {
			double lim = 0.75 * avail(spec, 1);
			int lo = 0, hi = e - 1;

			while (lo < hi) {
				int mid = (lo + hi + 1) / 2;

				if (b->P[e] - b->P[mid] >= lim)
					lo = mid;
				else
					hi = mid - 1;
			}
			top = lo;
		}
		/* a line holds no hard break but at its end */
		for (int s = top; s > b->hard[e - 1]; s--) {
			double av = avail(spec, s == 0 ? 0 : 1), w, min, d;

			widths(b, s, e, &w, &min);
			if (min > av + EPS)
				break;
			if (best[s] == G_MAXDOUBLE)
				continue;
			d = 10 + (balance ? balance_bad(b, s, e, av, w, min) : badness(b, s, e, av, last, w, min));
			d *= d;
			if (last && s > 0 && p->clu[s - 1].cls != TS_BREAK && b->O[e] - b->O[s] == 1)
				d += 1e4;
			if (best[s] + d < best[e]) {
				best[e] = best[s] + d;
				from[e] = s;
			}
		}
	}
	ok = best[n] < G_MAXDOUBLE;
	if (ok) {
		for (int e = n; e > 0; e = from[e])
			nl++;
		g_array_set_size(lines, nl);
		for (int e = n, i = nl - 1; e > 0; e = from[e], i--) {
			struct ts_line *l = &g_array_index(lines, struct ts_line, i);

			l->c0 = from[e];
			l->c1 = e;
		}
	}
	g_free(from);
	g_free(best);
	return ok;
}

/* Spreads `need` over the clusters' capacities in cap[] proportionally; returns
 * what could not be placed. */
static double
spread(double need, const double *cap, double *got, int n)
{
	double t = 0;

	for (int k = 0; k < n; k++)
		t += cap[k];
	if (t <= 0)
		return need;
	for (int k = 0; k < n; k++)
		got[k] = cap[k] * MIN(1.0, need / t);
	return need > t ? need - t : 0;
}

/* Reduction (clreq §Line Adjustment): word spaces to 1/4 em, brackets, then
 * commas and the like, then Han-Western gaps to 1/8 em, then stops, to half. */
static void
shrink(struct jb_para *p, int c0, int last, double need, bool punct, double *cap, double *got)
{
	int n = last - c0 + 1;

	for (int lev = 0; lev < 5 && need > EPS; lev++) {
		for (int k = 0; k < n; k++) {
			struct ts_clu *c = &p->clu[c0 + k];

			cap[k] = got[k] = 0;
			switch (lev) {
			case 0:
				if (c->cls == TS_SPACE && !(c->flags & TS_F_DROP) && c->adv > p->em / 4)
					cap[k] = c->adv - p->em / 4;
				break;
			case 1: case 2: case 4:
				if (punct && c->cls == TS_PUNCT && c->mark ==
				    (lev == 1 ? TS_MK_BRACKET : lev == 2 ? TS_MK_COMMA : TS_MK_STOP))
					cap[k] = c->capL + c->capR - (c->nat - c->adv);
				break;
			case 3:
				if ((c->flags & TS_F_HW) && c0 + k < last)
					cap[k] = c->extra - p->em / 8;
				break;
			}
			cap[k] = MAX(cap[k], 0);
		}
		need = spread(need, cap, got, n);
		for (int k = 0; k < n; k++) {
			struct ts_clu *c = &p->clu[c0 + k];

			if (got[k] <= 0)
				continue;
			if (lev == 3) {
				c->extra -= got[k];
			} else if (c->cls == TS_PUNCT) {
				/* right blank first; the left one moves the glyph */
				double r = c->capR - (c->nat - c->adv - (c->shift));
				double t = MIN(got[k], MAX(r, 0));

				c->adv -= got[k];
				c->shift += got[k] - t;
			} else {
				c->adv -= got[k];
			}
		}
	}
}

/*
 * May justification open the gap between c and the next cluster d? Not next to a
 * space, not before a mark that may not start a line (，。”） stay on the text they
 * close) nor after one that may not end it (“（ stay on the text they open), and
 * so not beside a dash, ellipsis, connector or solidus (clreq §Line Adjustment).
 */
static bool
gap_ok(const struct ts_clu *c, const struct ts_clu *d)
{
	if (invisible(c) || invisible(d) || (d->flags & TS_F_DROP))
		return false;
	return !jb_kinsoku_no_start(d->c) && !jb_kinsoku_no_end(c->clast);
}

/* Expansion: word spaces to 1/2 em, Han-Western gaps to 1/3 em, then every
 * other gap equally; never inside a Western word, a number, —— or ……. */
static void
expand(struct jb_para *p, int c0, int last, double slack, double *cap, double *got)
{
	int n = last - c0, nslot = 0;

	if (n <= 0)
		return;
	for (int lev = 0; lev < 2 && slack > EPS; lev++) {
		for (int k = 0; k < n; k++) {
			struct ts_clu *c = &p->clu[c0 + k];

			got[k] = 0;
			if (lev == 0)
				cap[k] = c->cls == TS_SPACE && !(c->flags & TS_F_DROP) ? MAX(p->em / 2 - c->adv, 0) : 0;
			else
				cap[k] = (c->flags & TS_F_HW) ? p->em / 12 : 0;
		}
		slack = spread(slack, cap, got, n);
		for (int k = 0; k < n; k++)
			p->clu[c0 + k].extra += got[k];
	}
	if (slack <= EPS)
		return;
	for (int k = 0; k < n; k++) {
		struct ts_clu *c = &p->clu[c0 + k], *d = c + 1;

		cap[k] = 0;
		if ((c->flags & (TS_F_TIE | TS_F_HW | TS_F_NOJ)) || !gap_ok(c, d))
			continue;
		cap[k] = 1;
		nslot++;
	}
	/* word spaces share the rest with the gaps, as in Western justification;
	 * Han-Western gaps only when nothing else can take it */
	for (int k = 0; k < n; k++) {
		struct ts_clu *c = &p->clu[c0 + k];

		if (c->cls == TS_SPACE && !(c->flags & TS_F_DROP)) {
			cap[k] = 1;
			nslot++;
		}
	}
	if (nslot == 0)
		for (int k = 0; k < n; k++) {
			cap[k] = (p->clu[c0 + k].flags & TS_F_HW) ? 1 : 0;
			nslot += (int)cap[k];
		}
	for (int k = 0; k < n && nslot > 0; k++)
		p->clu[c0 + k].extra += cap[k] * slack / nslot;
}

/* Final geometry of one line's clusters, then its adjustment and alignment. */
static void
set_line(struct jb_para *p, const struct brk *b, const struct jb_para_spec *spec, struct ts_line *l,
    int idx, bool last_of_para, double *cap, double *got)
{
	int last = last_vis(b, l->c0, l->c1);
	double av = avail(spec, idx), w = 0;
	bool hard = l->c1 > l->c0 && p->clu[l->c1 - 1].cls == TS_BREAK;

	l->asc = l->desc = 0;
	for (int k = l->c0; k < l->c1; k++) {
		struct ts_clu *c = &p->clu[k];
		const struct ts_item *it = &p->items[c->item];

		c->adv = k <= last ? base_adv(c) : 0;
		c->shift = c->trimL;
		c->extra = k < last ? c->gap : 0;
		l->asc = MAX(l->asc, it->asc);
		l->desc = MAX(l->desc, it->desc);
	}
	if (l->c0 == l->c1) {
		l->asc = p->asc0;
		l->desc = p->desc0;
	}
	if (last >= l->c0) {
		struct ts_clu *c = &p->clu[last];

		c->adv -= end_trim(b, c);
		for (int k = l->c0; k <= last; k++)
			w += p->clu[k].adv + p->clu[k].extra;
		if (w > av + EPS)
			shrink(p, l->c0, last, w - av, spec->adjust_punct, cap, got);
		else if (spec->align == JB_ALIGN_JUSTIFY && !last_of_para && !hard && w < av - EPS)
			expand(p, l->c0, last, av - w, cap, got);
		w = 0;
		for (int k = l->c0; k <= last; k++)
			w += p->clu[k].adv + p->clu[k].extra;
	}
	l->w = w;
	l->x = idx == 0 ? spec->indent : 0;
	if (spec->align == JB_ALIGN_CENTER)
		l->x += (av - w) / 2;
	else if (spec->align == JB_ALIGN_RIGHT)
		l->x += av - w;
}

/* What cluster k adds to a line's stretchability, by expand()'s rules. */
static double
stretch_of(const struct jb_para *p, int k)
{
	const struct ts_clu *c = &p->clu[k], *d = k + 1 < p->nclu ? c + 1 : NULL;

	if (c->cls == TS_SPACE && !(c->flags & TS_F_DROP))
		return p->em / 4;
	if (c->flags & TS_F_HW)
		return p->em / 12;
	if (d == NULL || (c->flags & (TS_F_TIE | TS_F_NOJ)) || !gap_ok(c, d))
		return 0;
	return p->em / 10;
}

void
ts_break_lines(struct jb_para *p, const struct jb_para_spec *spec)
{
	struct brk b = { p, spec->adjust_punct, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false };
	GArray *lines = g_array_new(FALSE, TRUE, sizeof(struct ts_line));
	double *cap, *got;
	int s = 0;

	b.P = g_new(double, p->nclu + 1);
	b.S = g_new(double, p->nclu + 1);
	b.V = g_new(double, p->nclu + 1);
	b.J = g_new(double, p->nclu + 1);
	b.O = g_new(double, p->nclu + 1);
	b.hard = g_new(int, p->nclu + 1);
	b.P[0] = b.S[0] = b.V[0] = b.J[0] = b.O[0] = 0;
	b.hard[0] = -1;
	b.lv = g_new(int, p->nclu + 1);
	b.lv[0] = -1;
	for (int k = 0; k < p->nclu; k++) {
		const struct ts_clu *c = &p->clu[k];

		b.P[k + 1] = b.P[k] + (invisible(c) && c->cls != TS_SPACE ? 0 : base_adv(c)) + c->gap;
		b.S[k + 1] = b.S[k] + shrink_cap(c, p->em, b.punct);
		b.V[k + 1] = b.V[k] + (invisible(c) ? 0 : 1);
		b.O[k + 1] = b.O[k] + (invisible(c) || c->cls == TS_PUNCT ? 0 : 1);
		b.J[k + 1] = b.J[k] + stretch_of(p, k);
		b.hard[k + 1] = c->cls == TS_BREAK ? k : b.hard[k];
		b.lv[k + 1] = invisible(c) ? b.lv[k] : k;
		b.spaces |= c->cls == TS_SPACE && !(c->flags & TS_F_DROP);
	}
	/* justified and centred text is broken for the whole paragraph; ragged
	 * lines, and paragraphs total fit can't set, are filled one at a time */
	if (p->nclu == 0 || spec->align == JB_ALIGN_LEFT || spec->align == JB_ALIGN_RIGHT ||
	    !(spec->align == JB_ALIGN_CENTER ? total_fit(&b, spec, lines, true, false) :
	    total_fit(&b, spec, lines, false, true) || total_fit(&b, spec, lines, false, false))) {
		while (s < p->nclu) {
			struct ts_line l = { 0 };

			l.c0 = s;
			l.c1 = next_break(&b, s, avail(spec, (int)lines->len));
			g_array_append_val(lines, l);
			s = l.c1;
		}
		if (spec->align == JB_ALIGN_JUSTIFY || spec->align == JB_ALIGN_LEFT)
			fix_orphan(&b, spec, lines);
	}
	if (lines->len == 0) {
		/* the empty block is one empty line */
		struct ts_line l = { 0 };

		g_array_append_val(lines, l);
	}
	cap = g_new(double, p->nclu + 1);
	got = g_new(double, p->nclu + 1);
	for (guint i = 0; i < lines->len; i++)
		set_line(p, &b, spec, &g_array_index(lines, struct ts_line, i), (int)i,
		    i + 1 == lines->len, cap, got);
	g_free(cap);
	g_free(got);
	g_free(b.P);
	g_free(b.S);
	g_free(b.V);
	g_free(b.J);
	g_free(b.hard);
	g_free(b.lv);
	g_free(b.O);
	p->nlines = (int)lines->len;
	p->lines = (struct ts_line *)(void *)g_array_free(lines, FALSE);
}
