/*
 * pdf/typeset.c: the paragraph typesetter behind pdf/typeset.h: the print
 * PangoContext, itemising and shaping a block once, cutting it into clusters with
 * clreq classes, punctuation width adjustment and Han-Western spacing, and painting
 * the lines that ts-line.c broke and justified. Pango shapes; we place every glyph.
 */
#include <math.h>
#include <string.h>
#include <hb.h>

#include "../core/diag.h"
#include "embed.h"
#include "ts-internal.h"

PangoContext *
jb_print_context_new(void)
{
	PangoFontMap *fm = pango_cairo_font_map_get_default();
	PangoContext *ctx = pango_font_map_create_context(fm);
	cairo_font_options_t *fo = cairo_font_options_create();

	/* notes §4.1: 72 dpi makes Pango units points; rounding and hinting would
	 * break the measure arithmetic of the grid. */
	pango_cairo_context_set_resolution(ctx, 72.0);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	/* zh-cn selects the SC faces and locl forms (notes §4.5). */
	pango_context_set_language(ctx, pango_language_from_string("zh-cn"));
	return ctx;
}

/* The marks clreq lets us trim (§Punctuation Width Adjustment): pause/stop marks,
 * quotes and brackets. Dashes, ellipses, connectors and interpuncts are not. */
static int
mark_kind(gunichar c)
{
	switch (c) {
	case 0x3001: case 0xFF0C: case 0xFF1B: case 0xFF1A: case 0xFF0E:
		return TS_MK_COMMA;
	case 0x3002: case 0xFF01: case 0xFF1F:
		return TS_MK_STOP;
	case 0x201C: case 0x201D: case 0x2018: case 0x2019:
	case 0x300C: case 0x300D: case 0x300E: case 0x300F:
	case 0xFF08: case 0xFF09: case 0x3010: case 0x3011:
	case 0x3014: case 0x3015: case 0x3016: case 0x3017:
	case 0xFF3B: case 0xFF3D: case 0xFF5B: case 0xFF5D:
	case 0x300A: case 0x300B: case 0x3008: case 0x3009:
		return TS_MK_BRACKET;
	default:
		return TS_MK_NONE;
	}
}

static bool
is_space(gunichar c)
{
	return c == ' ' || c == 0x00A0 || c == '\t';
}

/* Han in the sense of clreq's Han-Western spacing: ideographs, kana, hangul. */
static bool
is_han(gunichar c)
{
	switch (g_unichar_get_script(c)) {
	case G_UNICODE_SCRIPT_HAN:
	case G_UNICODE_SCRIPT_HIRAGANA:
	case G_UNICODE_SCRIPT_KATAKANA:
	case G_UNICODE_SCRIPT_HANGUL:
	case G_UNICODE_SCRIPT_BOPOMOFO:
		return g_unichar_isalpha(c) || c == 0x3007;
	default:
		return false;
	}
}

static bool
west_alnum(const struct ts_clu *k)
{
	return k->cls == TS_WEST && g_unichar_isalnum(k->c);
}

static bool
west_alnum_last(const struct ts_clu *k)
{
	return k->cls == TS_WEST && g_unichar_isalnum(k->clast);
}

static int
classify(gunichar c, double nat, double em)
{
	if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029)
		return TS_BREAK;
	if (is_space(c))
		return TS_SPACE;
	if (mark_kind(c) != TS_MK_NONE && nat >= 0.8 * em)
		return TS_PUNCT;
	if (is_han(c))
		return TS_HAN;
	/* full-width: ＡＢ ～ 〇, and the East Asian ambiguous — … ▲ ① when the
	 * font sets them full width; never a wide Latin letter such as w or M */
	if (g_unichar_iswide(c) || (g_unichar_iswide_cjk(c) && !g_unichar_isalnum(c) && nat >= 0.8 * em))
		return TS_WIDE;
	return TS_WEST;
}

/* A byte offset moved forward to a character boundary (Pango would otherwise cut
 * an item inside a character). */
static guint
snap(const char *text, guint len, guint off)
{
	off = MIN(off, len);
	while (off < len && ((guchar)text[off] & 0xC0) == 0x80)
		off++;
	return off;
}

static PangoAttrList *
para_attrs(const char *text, const struct jb_inline *in, const struct jb_para_spec *spec, guint len)
{
	PangoAttrList *al = pango_attr_list_new();
	PangoFontDescription *fd = pango_font_description_new();
	PangoAttribute *a;

	pango_font_description_set_family(fd, spec->family && *spec->family ? spec->family : "serif");
	pango_font_description_set_absolute_size(fd, spec->size * PANGO_SCALE);
	pango_font_description_set_weight(fd, spec->weight > 0 ? spec->weight : 400);
	a = pango_attr_font_desc_new(fd);
	pango_font_description_free(fd);
	a->start_index = 0;
	a->end_index = G_MAXUINT;
	pango_attr_list_insert(al, a);
	a = pango_attr_language_new(pango_language_from_string("zh-cn"));
	pango_attr_list_insert(al, a);
	for (guint i = 0; in->bold && i < in->nbold; i++) {
		guint s = snap(text, len, in->bold[i].start), e = snap(text, len, in->bold[i].end);

		/* Bold inside an already bold block (a bold lead sentence taken as a
		 * title) looks the same in print; a Black face would only cost a fifth
		 * embedded CJK font. */
		if (s >= e || spec->weight >= 700)
			continue;
		a = pango_attr_weight_new(700);
		a->start_index = s;
		a->end_index = e;
		pango_attr_list_change(al, a);
	}
	return al;
}

/*
 * A bold span in a family without a bold face (FandolFang, most Fangsong and Kai
 * fonts) gets fontconfig's synthetic emboldening, which cairo can only embed as a
 * fallback CFF with other ascent and descent than the regular face: the line then
 * reads back from the PDF as two lines. Such runs keep the regular face and are
 * emboldened when painted (fill + stroke, like PDF text render mode 2).
 */
static PangoFont *
unbolden(PangoContext *ctx, PangoFont *f)
{
	PangoFontDescription *fd = pango_font_describe_with_absolute_size(f);
	hb_font_t *hb = pango_font_get_hb_font(f);
	PangoFont *r = NULL;

	/* asked for bold, but the face itself (OS/2 weight class) is not */
	if (pango_font_description_get_weight(fd) >= 600 && hb &&
	    hb_style_get_value(hb, HB_STYLE_TAG_WEIGHT) < 550) {
		pango_font_description_set_weight(fd, PANGO_WEIGHT_NORMAL);
		r = pango_context_load_font(ctx, fd);
	}
	pango_font_description_free(fd);
	return r;
}

/* An item's logical extents: the font's ascent and descent, which HarfBuzz
 * reads from the font's tables. Pango would ask cairo, which opens the whole
 * face in FreeType and loads every glyph; it still draws the hex boxes of
 * glyphs the font lacks, so those items ask Pango. */
static void
item_extents(const struct ts_item *it, PangoRectangle *lr)
{
	PangoFont *font = it->pi->analysis.font;
	hb_font_extents_t fx;
	int w = 0;

	for (int g = 0; g < it->gs->num_glyphs; g++) {
		if (it->gs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
			font = NULL;
		w += it->gs->glyphs[g].geometry.width;
	}
	if (font == NULL || !hb_font_get_h_extents(pango_font_get_hb_font(font), &fx)) {
		pango_glyph_string_extents(it->gs, it->pi->analysis.font, NULL, lr);
		return;
	}
	lr->x = 0;
	lr->y = -fx.ascender;
	lr->width = w;
	lr->height = fx.ascender - fx.descender;
}

/* Itemise and shape the whole block once; cut it into clusters. */
static void
shape(struct jb_para *p, PangoContext *ctx, PangoAttrList *al, PangoLogAttr *la, int nla)
{
	int len = (int)strlen(p->text);
	GList *items = pango_itemize(ctx, p->text, 0, len, al, NULL);
	int n = g_list_length(items), k = 0, cap = len + 1, ci = 0;

	p->items = g_new0(struct ts_item, n > 0 ? n : 1);
	p->clu = g_new0(struct ts_clu, cap);
	for (GList *l = items; l; l = l->next, k++) {
		struct ts_item *it = &p->items[k];
		PangoGlyphItem gi;
		PangoGlyphItemIter gii;
		PangoRectangle lr;

		it->pi = l->data;
		it->gs = pango_glyph_string_new();
		if (it->pi->analysis.font) {
			PangoFont *r = unbolden(ctx, it->pi->analysis.font);

			if (r) {
				g_object_unref(it->pi->analysis.font);
				it->pi->analysis.font = r;
				it->fake_bold = true;
			}
		}
		pango_shape_with_flags(p->text + it->pi->offset, it->pi->length, p->text, len,
		    &it->pi->analysis, it->gs, PANGO_SHAPE_NONE);
		item_extents(it, &lr);
		it->asc = -(double)lr.y / PANGO_SCALE;
		it->desc = (double)(lr.y + lr.height) / PANGO_SCALE;
		gi.item = it->pi;
		gi.glyphs = it->gs;
		for (gboolean more = pango_glyph_item_iter_init_start(&gii, &gi, p->text);
		    more; more = pango_glyph_item_iter_next_cluster(&gii)) {
			struct ts_clu *c = &p->clu[p->nclu++];
			int w = 0;

			c->b0 = gii.start_index;
			c->b1 = gii.end_index;
			c->item = k;
			/* right-to-left items (Hebrew, Arabic) iterate backwards:
			 * their cluster is (end_glyph, start_glyph] */
			c->g0 = gii.start_glyph <= gii.end_glyph ? gii.start_glyph : gii.end_glyph + 1;
			c->g1 = gii.start_glyph <= gii.end_glyph ? gii.end_glyph : gii.start_glyph + 1;
			c->c = g_utf8_get_char(p->text + c->b0);
			c->clast = g_utf8_get_char(g_utf8_find_prev_char(p->text, p->text + c->b1));
			for (int g = c->g0; g < c->g1; g++)
				w += it->gs->glyphs[g].geometry.width;
			c->nat = (double)w / PANGO_SCALE;
			c->cls = classify(c->c, c->nat, p->em);
			if (c->cls == TS_BREAK)
				c->nat = 0;
			/* Pango's UAX #14 break before this cluster's first character */
			if (ci < nla && la[ci].is_line_break)
				c->flags |= TS_F_BRK;
			ci += gii.end_char - gii.start_char;
		}
	}
	g_list_free(items);
	p->nitems = n;
}

/* Punctuation blank from the glyph's ink: which side of the frame is empty decides
 * what may be trimmed (SC marks sit left, opening brackets right; Kai fonts differ).
 * Snapped to quarter frames so a mark loses 1/4 or 1/2 of its width, never ink. */
static void
mark_blank(struct jb_para *p, struct ts_clu *c)
{
	struct ts_item *it = &p->items[c->item];
	PangoRectangle ink;
	double u = c->nat, x0, x1;

	if (c->g1 - c->g0 != 1) {
		c->cls = TS_WIDE;
		return;
	}
	pango_font_get_glyph_extents(it->pi->analysis.font, it->gs->glyphs[c->g0].glyph, &ink, NULL);
	x0 = (double)ink.x / PANGO_SCALE + (double)it->gs->glyphs[c->g0].geometry.x_offset / PANGO_SCALE;
	x1 = x0 + (double)ink.width / PANGO_SCALE;
	c->capL = MIN(floor(MAX(x0, 0) / (u / 4) + 0.05), 2) * u / 4;
	c->capR = MIN(floor(MAX(u - x1, 0) / (u / 4) + 0.05), 2) * u / 4;
	if (c->capL == 0 && c->capR == 0)
		c->cls = TS_WIDE;
}

static int
prev_visible(const struct jb_para *p, int i)
{
	while (i >= 0 && p->clu[i].cls == TS_SPACE)
		i--;
	return i;
}

static int
next_visible(const struct jb_para *p, int i)
{
	while (i < p->nclu && p->clu[i].cls == TS_SPACE)
		i++;
	return i;
}

static bool
cjk(const struct ts_clu *k)
{
	return k->cls == TS_HAN || k->cls == TS_PUNCT || k->cls == TS_WIDE;
}

/*
 * Line-independent adjustments, before breaking (clreq: "punctuation width
 * adjustment before prohibition"): char_pitch tracking, adjacent marks 2 em ->
 * 1.5 em, Han-Western quarter-em gaps replacing the input's spaces there.
 */
static void
adjust(struct jb_para *p, const struct jb_para_spec *spec)
{
	double track = spec->char_pitch > 0 && fabs(spec->char_pitch - spec->size) > 1e-3
	    ? spec->char_pitch - spec->size : 0;

	for (int i = 0; i < p->nclu; i++) {
		struct ts_clu *c = &p->clu[i];

		/* GB/T 9704 grid: every full-width character advances by the pitch */
		if (track != 0 && cjk(c) && c->nat >= 0.8 * p->em)
			c->nat += track;
		c->mark = mark_kind(c->c);
		if (c->cls == TS_PUNCT)
			mark_blank(p, c);
		/* never split or space out —— and …… (clreq: unbreakable marks) */
		if (i > 0 && c->c == p->clu[i - 1].c && (c->c == 0x2014 || c->c == 0x2026 ||
		    c->c == 0x22EF || c->c == 0x2E3A))
			p->clu[i - 1].flags |= TS_F_TIE;
		/* no space inside a Western word or number */
		if (i > 0 && c->cls == TS_WEST && p->clu[i - 1].cls == TS_WEST)
			p->clu[i - 1].flags |= TS_F_TIE;
	}
	/* adjacent full-width marks: trim the closing one's right blank, else the
	 * opening one's left blank, so brackets stay tight on their text */
	if (spec->adjust_punct) {
		for (int i = 0; i + 1 < p->nclu; i++) {
			struct ts_clu *a = &p->clu[i], *b = &p->clu[i + 1];
			double want, t;

			if (a->mark == TS_MK_NONE || b->mark == TS_MK_NONE)
				continue;
			/* no justification space between adjacent marks either */
			a->flags |= TS_F_NOJ;
			/* a proportional quote (Kai fonts) next to a full-width mark
			 * still makes a pair: the full-width one gives up its blank */
			if (a->cls != TS_PUNCT && b->cls != TS_PUNCT)
				continue;
			want = (a->cls == TS_PUNCT ? a->nat : b->nat) / 2;
			t = MIN(want, a->capR - a->trimR);
			a->trimR += t;
			want -= t;
			t = MIN(want, b->capL - b->trimL);
			b->trimL += t;
		}
	}
	/* Han-Western spacing: a quarter em between Han and a Western letter or
	 * digit (clreq §Mixed Text); input spaces at such boundaries, and next to a
	 * full-width mark, become that gap (or nothing) */
	for (int i = 0; i < p->nclu; i++) {
		struct ts_clu *c = &p->clu[i];
		int a, b;
		bool hw;

		if (c->cls == TS_SPACE) {
			int j = i;

			while (j + 1 < p->nclu && p->clu[j + 1].cls == TS_SPACE)
				j++;
			a = prev_visible(p, i - 1);
			b = next_visible(p, j + 1);
			if (a >= 0 && b < p->nclu) {
				struct ts_clu *A = &p->clu[a], *B = &p->clu[b];
				bool drop = (cjk(A) && (west_alnum(B) || B->cls == TS_PUNCT)) ||
				    (cjk(B) && (west_alnum_last(A) || A->cls == TS_PUNCT));

				if (drop) {
					for (int k = i; k <= j; k++) {
						p->clu[k].flags |= TS_F_DROP;
						p->clu[k].nat = 0;
					}
					hw = (A->cls == TS_HAN && west_alnum(B)) ||
					    (west_alnum_last(A) && B->cls == TS_HAN);
					if (hw) {
						p->clu[j].gap = p->em / 4;
						p->clu[j].flags |= TS_F_HW;
					}
				}
			}
			i = j;
			continue;
		}
		if (i + 1 < p->nclu) {
			struct ts_clu *B = &p->clu[i + 1];

			hw = (c->cls == TS_HAN && west_alnum(B)) ||
			    (west_alnum_last(c) && B->cls == TS_HAN);
			if (hw) {
				c->gap = p->em / 4;
				c->flags |= TS_F_HW;
			}
		}
	}
}

/* A '/' between two letters or digits, in a Western run that has had "://". */
static bool
url_slash(const struct jb_para *p, int i, bool url)
{
	return url && i + 1 < p->nclu && west_alnum_last(&p->clu[i - 1]) && west_alnum(&p->clu[i + 1]);
}

/* clreq break rules over Pango's candidates (notes §4.3). */
static void
fix_breaks(struct jb_para *p)
{
	int a = p->nclu > 0 && p->clu[0].cls != TS_SPACE ? 0 : -1;
	bool url = false;	/* inside a Western run that has had "://" */

	for (int i = 1; i < p->nclu; i++) {
		struct ts_clu *c = &p->clu[i];
		struct ts_clu *A = a >= 0 ? &p->clu[a] : NULL;

		/* Pango 1.50 (pre-LB19a) never breaks around “ ” ‘ ’: between two
		 * full-width characters clreq allows it unless a rule below forbids */
		if (A && a == i - 1 && cjk(A) && cjk(c))
			c->flags |= TS_F_BRK;
		if (c->cls == TS_SPACE || c->cls == TS_BREAK)
			c->flags &= ~TS_F_BRK;
		if (jb_kinsoku_no_start(c->c) || (A && jb_kinsoku_no_end(A->clast)))
			c->flags &= ~TS_F_BRK;
		if (p->clu[i - 1].flags & TS_F_TIE && p->clu[i - 1].cls != TS_WEST)
			c->flags &= ~TS_F_BRK;
		if (p->clu[i - 1].cls == TS_BREAK)
			c->flags |= TS_F_BRK;
		/* a URL longer than a line may break before a single slash (never
		 * after one: GB-style kinsoku keeps / from ending a line) */
		url = c->cls == TS_WEST && (url || g_str_has_prefix(p->text + c->b0, "://"));
		if (c->c == '/' && url_slash(p, i, url))
			c->flags |= TS_F_BRK;
		/* nothing visible before: a line of nothing but spaces */
		if (A == NULL)
			c->flags &= ~TS_F_BRK;
		if (c->cls != TS_SPACE)
			a = i;
	}
	if (p->nclu > 0)
		p->clu[0].flags &= ~TS_F_BRK;
}

/* Ascent and descent of an empty line: the first item's, or the role font's. */
static void
base_extents(struct jb_para *p, PangoContext *ctx, const struct jb_para_spec *spec)
{
	PangoFontDescription *fd;
	PangoFontMetrics *m;

	if (p->nitems > 0) {
		p->asc0 = p->items[0].asc;
		p->desc0 = p->items[0].desc;
		return;
	}
	fd = pango_font_description_new();
	pango_font_description_set_family(fd, spec->family && *spec->family ? spec->family : "serif");
	pango_font_description_set_absolute_size(fd, spec->size * PANGO_SCALE);
	pango_font_description_set_weight(fd, spec->weight > 0 ? spec->weight : 400);
	m = pango_context_get_metrics(ctx, fd, pango_language_from_string("zh-cn"));
	p->asc0 = (double)pango_font_metrics_get_ascent(m) / PANGO_SCALE;
	p->desc0 = (double)pango_font_metrics_get_descent(m) / PANGO_SCALE;
	pango_font_metrics_unref(m);
	pango_font_description_free(fd);
}

struct jb_para *
jb_para_new(PangoContext *ctx, const struct jb_inline *in,
    const struct jb_para_spec *spec, struct jb_diag *diag)
{
	struct jb_para *p;
	PangoAttrList *al;
	PangoLogAttr *la;
	int nchars;

	if (ctx == NULL || in == NULL || spec == NULL || spec->size <= 0) {
		if (diag)
			jb_error(diag, "typeset", 0, "typesetter called without context, text or size");
		return NULL;
	}
	p = g_new0(struct jb_para, 1);
	p->text = g_strdup(in->text ? in->text : "");
	if (!g_utf8_validate(p->text, -1, NULL)) {
		if (diag)
			jb_error(diag, "bad-utf8", 0, "typesetter given text that is not UTF-8");
		g_free(p->text);
		g_free(p);
		return NULL;
	}
	p->em = spec->size;
	al = para_attrs(p->text, in, spec, (guint)strlen(p->text));
	nchars = (int)g_utf8_strlen(p->text, -1);
	la = g_new0(PangoLogAttr, nchars + 1);
	pango_get_log_attrs(p->text, (int)strlen(p->text), -1,
	    pango_language_from_string("zh-cn"), la, nchars + 1);
	shape(p, ctx, al, la, nchars + 1);
	g_free(la);
	pango_attr_list_unref(al);
	base_extents(p, ctx, spec);
	adjust(p, spec);
	fix_breaks(p);
	ts_break_lines(p, spec);
	return p;
}

void
jb_para_free(struct jb_para *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < p->nitems; i++) {
		pango_item_free(p->items[i].pi);
		pango_glyph_string_free(p->items[i].gs);
	}
	g_free(p->items);
	g_free(p->clu);
	g_free(p->lines);
	g_free(p->text);
	g_free(p);
}

int
jb_para_line_count(const struct jb_para *p)
{
	return p ? p->nlines : 0;
}

double
jb_para_line_width(const struct jb_para *p, int i)
{
	if (p == NULL || i < 0 || i >= p->nlines)
		return 0;
	return p->lines[i].w;
}

double
jb_para_line_x(const struct jb_para *p, int i)
{
	if (p == NULL || i < 0 || i >= p->nlines)
		return 0;
	return p->lines[i].x;
}

void
jb_para_line_extents(const struct jb_para *p, int i, double *ascent, double *descent)
{
	if (p == NULL || i < 0 || i >= p->nlines) {
		if (ascent)
			*ascent = 0;
		if (descent)
			*descent = 0;
		return;
	}
	if (ascent)
		*ascent = p->lines[i].asc;
	if (descent)
		*descent = p->lines[i].desc;
}

void
jb_para_line_range(const struct jb_para *p, int i, guint *start, guint *end)
{
	const struct ts_line *l;

	if (p == NULL || i < 0 || i >= p->nlines) {
		*start = *end = 0;
		return;
	}
	l = &p->lines[i];
	*start = l->c0 < l->c1 ? p->clu[l->c0].b0 : (guint)strlen(p->text);
	*end = l->c0 < l->c1 ? p->clu[l->c1 - 1].b1 : *start;
}

char *
jb_para_missing_chars(const struct jb_para *p)
{
	GString *s = NULL;
	GHashTable *seen = NULL;	/* made at the first missing character: most paragraphs have none */
	int n = 0, more = 0;

	if (p == NULL)
		return NULL;
	for (int i = 0; i < p->nitems; i++) {
		const PangoGlyphString *gs = p->items[i].gs;
		for (int g = 0; g < gs->num_glyphs; g++) {
			PangoGlyph gl = gs->glyphs[g].glyph;
			gunichar c = gl & ~PANGO_GLYPH_UNKNOWN_FLAG;
			char u[8] = { 0 };

			/* controls (a hard break) and format characters are never drawn */
			if (gl == PANGO_GLYPH_EMPTY || !(gl & PANGO_GLYPH_UNKNOWN_FLAG)
			    || !g_unichar_validate(c) || g_unichar_iscntrl(c)
			    || g_unichar_type(c) == G_UNICODE_FORMAT
			    || (seen && g_hash_table_contains(seen, GUINT_TO_POINTER(c))))
				continue;
			if (seen == NULL)
				seen = g_hash_table_new(NULL, NULL);
			g_hash_table_add(seen, GUINT_TO_POINTER(c));
			if (n == 8) {
				more++;
				continue;
			}
			g_unichar_to_utf8(c, u);
			if (s == NULL)
				s = g_string_new(NULL);
			g_string_append_printf(s, "%sU+%04X %s", n ? ", " : "", c, u);
			n++;
		}
	}
	if (seen)
		g_hash_table_destroy(seen);
	if (s && more)
		g_string_append_printf(s, " and %d more", more);
	return s ? g_string_free(s, FALSE) : NULL;
}

/* One run of clusters of the same item: a glyph string with our geometry, and an
 * item narrowed to its bytes so cairo gets the cluster-to-text map (ToUnicode and
 * ActualText for SC locl forms that have no cmap entry). */
static void
paint_run(const struct jb_para *p, int c0, int c1, cairo_t *cr, struct jb_embed *em,
    double x, double y, PangoGlyphString *gs)
{
	const struct ts_item *it = &p->items[p->clu[c0].item];
	const struct ts_clu *first = &p->clu[c0], *last = &p->clu[c1 - 1];
	PangoItem sub = *it->pi;
	PangoGlyphItem gi;
	int g0 = MIN(first->g0, last->g0), ng = MAX(first->g1, last->g1) - g0;

	if (ng <= 0)
		return;
	if (jb_embed_collecting(em)) {
		/* the first pass needs only the glyphs that will be shown */
		for (int k = c0; k < c1; k++) {
			const struct ts_clu *c = &p->clu[k];
			if (c->g1 > c->g0 && c->cls != TS_BREAK && !(c->flags & TS_F_DROP))
				jb_embed_collect(em, it->pi->analysis.font, it->gs->glyphs + c->g0, c->g1 - c->g0);
		}
		return;
	}
	pango_glyph_string_set_size(gs, ng);
	memcpy(gs->glyphs, it->gs->glyphs + g0, sizeof(PangoGlyphInfo) * ng);
	for (int g = 0; g < ng; g++)
		gs->log_clusters[g] = it->gs->log_clusters[g0 + g] - (int)(first->b0 - it->pi->offset);
	for (int k = c0; k < c1; k++) {
		const struct ts_clu *c = &p->clu[k];
		PangoGlyphInfo *gl = gs->glyphs + (c->g0 - g0);
		int n = c->g1 - c->g0, w = 0;

		if (n <= 0)
			continue;
		if (c->cls == TS_BREAK || (c->flags & TS_F_DROP)) {
			for (int g = 0; g < n; g++) {
				gl[g].glyph = PANGO_GLYPH_EMPTY;
				gl[g].geometry.width = 0;
			}
		}
		for (int g = 0; g < n; g++) {
			gl[g].geometry.x_offset -= (int)lround(c->shift * PANGO_SCALE);
			w += gl[g].geometry.width;
		}
		/* the cluster's last glyph carries the adjustment of its advance */
		gl[n - 1].geometry.width += (int)lround((c->adv + c->extra) * PANGO_SCALE) - w;
	}
	sub.offset = (int)first->b0;
	sub.length = (int)(last->b1 - first->b0);
	sub.num_chars = (int)g_utf8_strlen(p->text + first->b0, sub.length);
	gi.item = &sub;
	gi.glyphs = gs;
	cairo_move_to(cr, x, y);
	if (!jb_embed_show(em, cr, p->text, &gi, x, y))
		pango_cairo_show_glyph_item(cr, p->text, &gi);
	if (it->fake_bold) {
		cairo_save(cr);
		cairo_new_path(cr);
		cairo_move_to(cr, x, y);
		pango_cairo_glyph_string_path(cr, sub.analysis.font, gs);
		cairo_set_line_width(cr, p->em * 0.035);
		cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
		cairo_stroke(cr);
		cairo_restore(cr);
	}
}

void
jb_para_paint_line(const struct jb_para *p, int i, cairo_t *cr, double x, double y)
{
	const struct ts_line *l;
	PangoGlyphString *gs;
	struct jb_embed *em = jb_embed_of(cr);
	double pos;
	int s;

	if (p == NULL || i < 0 || i >= p->nlines)
		return;
	l = &p->lines[i];
	gs = pango_glyph_string_new();
	pos = x + l->x;
	s = l->c0;
	for (int k = l->c0; k <= l->c1; k++) {
		if (k < l->c1 && p->clu[k].item == p->clu[s].item)
			continue;
		if (k > s) {
			double w = 0;

			paint_run(p, s, k, cr, em, pos, y, gs);
			for (int j = s; j < k; j++)
				w += p->clu[j].adv + p->clu[j].extra;
			pos += w;
		}
		s = k;
	}
	pango_glyph_string_free(gs);
}
