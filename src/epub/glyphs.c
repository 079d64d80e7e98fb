/*
 * epub/glyphs.c: the cover's text set straight from the resolved font files:
 * HarfBuzz shapes and gives the outlines, raster.c paints them. A character the
 * role's face lacks is set in the first face fontconfig sorts for it (looked up
 * once per character), so a cover never shows a box where a font has the glyph.
 * Faces and fallbacks are kept for the whole process, shared by the threads of a
 * batch: hundreds of covers are drawn from the same two or three font files.
 * Mixed directions (a Uyghur title beside a Chinese one) follow the Unicode bidi
 * algorithm: FriBidi's embedding levels, runs shaped in their direction, each
 * line reordered for display.
 */
#include <math.h>
#include <string.h>
#include <fontconfig/fontconfig.h>
#include <fribidi.h>
#include <hb.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include "../pdf/kinsoku.h"
#include "../style/font.h"
#include "glyphs.h"
#include "raster.h"

#define MAX_FACES 32

struct gface {
	char *file;
	int index;
	hb_font_t *hb;		/* scale: upem */
	double upem, asc, desc;	/* font units */
	hb_codepoint_t ell;	/* the face's "…", 0 if it lacks one */
	hb_position_t ell_adv;	/* its advance, font units */
};

/* One glyph of a shaped text, in ems of its own face (faces differ in upem). */
struct pglyph {
	struct gface *f;
	hb_codepoint_t id;
	double adv, dx, dy;
	double trim;		/* advance given up by punctuation adjustment (adjust_marks) */
	double blank_l, blank_r;	/* a full-width mark's empty em on each side (mark_blanks) */
	uint8_t mark;		/* MARK_CLOSING or MARK_OPENING for such a mark, else 0 */
	bool word_start;	/* a word begins here (mark_words) */
	unsigned int cluster;	/* byte offset of its character in the text */
	FriBidiLevel level;	/* bidi embedding level: odd is right to left */
};

enum { MARK_CLOSING = 1, MARK_OPENING = 2 };

/* The advance a glyph takes on its line, in ems. */
#define ADV(q) ((q)->adv - (q)->trim)

/* The last text shaped, with its face: the cover measures a text, then draws it,
 * often at several sizes, and shaping does not depend on size. */
struct gshaped {
	struct gface *f;
	char *text;
	GArray *glyphs;		/* struct pglyph, in logical order */
	bool rtl;		/* the paragraph's base direction */
	bool words;		/* word starts marked (mark_words, when first needed) */
};

/* The process's faces (immutable once made: HarfBuzz fonts may be shared by
 * threads) and fallbacks, under one lock. */
static GMutex faces_lock;
static struct gface *faces[MAX_FACES];
static int nfaces;
static GHashTable *fallbacks;	/* code point -> face, or NULL: no font has it */

struct gfaces {
	struct jb_canvas *cv;
	struct gshaped last;
};

struct gfaces *
jb_gfaces_new(struct jb_canvas *cv)
{
	struct gfaces *g = g_new0(struct gfaces, 1);

	g->cv = cv;
	return g;
}

void
jb_gfaces_free(struct gfaces *g)
{
	if (g == NULL)
		return;
	if (g->last.glyphs)
		g_array_free(g->last.glyphs, TRUE);
	g_free(g->last.text);
	g_free(g);
}

/* One glyph of a short string (the ellipsis), 0 if the face lacks it; its advance
 * in font units (the hb font's scale is upem, so shaping does not depend on size). */
static hb_codepoint_t
one_glyph(hb_font_t *hb, const char *s, hb_position_t *adv)
{
	hb_buffer_t *b = hb_buffer_create();
	hb_glyph_info_t *gi;
	hb_glyph_position_t *gp;
	unsigned int n;
	hb_codepoint_t id = 0;

	hb_buffer_add_utf8(b, s, -1, 0, -1);
	hb_buffer_guess_segment_properties(b);
	hb_shape(hb, b, NULL, 0);
	gi = hb_buffer_get_glyph_infos(b, &n);
	gp = hb_buffer_get_glyph_positions(b, &n);
	*adv = 0;
	if (n == 1) {
		id = gi[0].codepoint;
		*adv = gp[0].x_advance;
	}
	hb_buffer_destroy(b);
	return id;
}

/* With faces_lock held. */
static struct gface *
get_face_locked(const char *file, int index)
{
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_extents_t ext;
	struct gface *f;

	for (int i = 0; i < nfaces; i++)
		if (strcmp(faces[i]->file, file) == 0 && faces[i]->index == index)
			return faces[i];
	if (nfaces == MAX_FACES)
		return NULL;
	blob = hb_blob_create_from_file_or_fail(file);
	if (blob == NULL)
		return NULL;
	f = faces[nfaces++] = g_new0(struct gface, 1);
	f->file = g_strdup(file);
	f->index = index;
	face = hb_face_create(blob, (unsigned)index);
	hb_blob_destroy(blob);
	f->upem = hb_face_get_upem(face);
	f->hb = hb_font_create(face);
	hb_face_destroy(face);
	hb_font_set_scale(f->hb, (int)f->upem, (int)f->upem);
	hb_font_get_h_extents(f->hb, &ext);
	f->asc = ext.ascender;
	f->desc = -ext.descender;
	f->ell = one_glyph(f->hb, "…", &f->ell_adv);
	hb_font_make_immutable(f->hb);
	return f;
}

static struct gface *
get_face(const char *file, int index)
{
	struct gface *f;

	g_mutex_lock(&faces_lock);
	f = get_face_locked(file, index);
	g_mutex_unlock(&faces_lock);
	return f;
}

/* The face fontconfig prefers for a character the role's face lacks, or NULL
 * when no installed font has it (the role's face then shows its .notdef). */
static struct gface *
fallback_face(gunichar c)
{
	gpointer hit;
	FcPattern *pat;
	FcCharSet *cs;
	FcFontSet *fs;
	FcResult res;
	struct gface *f = NULL;

	g_mutex_lock(&faces_lock);
	if (fallbacks == NULL)
		fallbacks = g_hash_table_new(NULL, NULL);
	if (g_hash_table_lookup_extended(fallbacks, GUINT_TO_POINTER(c), NULL, &hit)) {
		g_mutex_unlock(&faces_lock);
		return hit;
	}
	if (jb_fonts_fontconfig_init()) {
		pat = FcPatternCreate();
		cs = FcCharSetCreate();
		FcCharSetAddChar(cs, c);
		FcPatternAddCharSet(pat, FC_CHARSET, cs);
		FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"zh-cn");
		FcConfigSubstitute(NULL, pat, FcMatchPattern);
		FcDefaultSubstitute(pat);
		fs = FcFontSort(NULL, pat, FcFalse, NULL, &res);
		for (int i = 0; fs && i < fs->nfont && f == NULL; i++) {
			FcCharSet *have;
			FcChar8 *file;
			int index = 0;

			if (FcPatternGetCharSet(fs->fonts[i], FC_CHARSET, 0, &have) == FcResultMatch
			    && FcCharSetHasChar(have, c)
			    && FcPatternGetString(fs->fonts[i], FC_FILE, 0, &file) == FcResultMatch) {
				hb_codepoint_t gid;

				FcPatternGetInteger(fs->fonts[i], FC_INDEX, 0, &index);
				f = get_face_locked((const char *)file, index);
				/* a format HarfBuzz cannot read (PCF bitmaps): the next one */
				if (f && !hb_font_get_nominal_glyph(f->hb, c, &gid))
					f = NULL;
			}
		}
		if (fs)
			FcFontSetDestroy(fs);
		FcCharSetDestroy(cs);
		FcPatternDestroy(pat);
	}
	g_hash_table_insert(fallbacks, GUINT_TO_POINTER(c), f);
	g_mutex_unlock(&faces_lock);
	return f;
}

/* Characters that take no glyph of their own stay in the run around them. */
static bool
rides_along(gunichar c)
{
	GUnicodeType t = g_unichar_type(c);

	return g_unichar_iszerowidth(c) || t == G_UNICODE_CONTROL || t == G_UNICODE_FORMAT
	    || g_unichar_ismark(c);
}

/* Glyphs of text[start, start + len) in face f at bidi level lev, appended in
 * logical order (HarfBuzz gives a right-to-left run in visual order). */
static void
shape_run(struct gface *f, const char *text, unsigned int start, unsigned int len,
    FriBidiLevel lev, GArray *out)
{
	hb_buffer_t *b = hb_buffer_create();
	hb_glyph_info_t *info;
	hb_glyph_position_t *pos;
	unsigned int n;
	bool rtl = lev & 1;

	hb_buffer_add_utf8(b, text, -1, start, (int)len);
	hb_buffer_guess_segment_properties(b);
	hb_buffer_set_direction(b, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
	hb_shape(f->hb, b, NULL, 0);
	info = hb_buffer_get_glyph_infos(b, &n);
	pos = hb_buffer_get_glyph_positions(b, &n);
	for (unsigned int k = 0; k < n; k++) {
		unsigned int i = rtl ? n - 1 - k : k;
		struct pglyph pg = { f, info[i].codepoint, pos[i].x_advance / f->upem,
			pos[i].x_offset / f->upem, pos[i].y_offset / f->upem, 0, 0, 0, 0, false, info[i].cluster, lev };
		g_array_append_val(out, pg);
	}
	hb_buffer_destroy(b);
}

/* The bidi embedding level of each character of text (nchars of them); the
 * paragraph's direction from its first strong character, as Pango does. */
static FriBidiLevel *
bidi_levels(const char *text, glong *nchars, bool *rtl)
{
	gunichar *u = g_utf8_to_ucs4_fast(text, -1, nchars);
	FriBidiCharType *types = g_new(FriBidiCharType, *nchars + 1);
	FriBidiBracketType *brackets = g_new(FriBidiBracketType, *nchars + 1);
	FriBidiLevel *levels = g_new0(FriBidiLevel, *nchars + 1);
	FriBidiParType base = FRIBIDI_PAR_ON;

	fribidi_get_bidi_types(u, (FriBidiStrIndex)*nchars, types);
	fribidi_get_bracket_types(u, (FriBidiStrIndex)*nchars, types, brackets);
	if (fribidi_get_par_embedding_levels_ex(types, brackets, (FriBidiStrIndex)*nchars, &base,
	    levels) == 0)
		memset(levels, 0, (gsize)(*nchars + 1) * sizeof *levels);	/* out of memory: as LTR */
	*rtl = FRIBIDI_IS_RTL(base);
	g_free(u);
	g_free(types);
	g_free(brackets);
	return levels;
}

/* A full-width mark whose ink fills only half its em, at the side away from the
 * text it belongs to: closing quotes and brackets, ，。、 (left half), opening ones
 * (right half), as GB fonts draw them. */
static bool
half_ink_closing(gunichar c)
{
	return g_utf8_strchr("，。、”’」』》〉）】〕；：！？", -1, c) != NULL;
}

static bool
half_ink_opening(gunichar c)
{
	return g_utf8_strchr("“‘「『《〈（【〔", -1, c) != NULL;
}

/* Each left-to-right full-width mark's class and the empty part of its em on each
 * side, from its ink (fonts differ: a Kai face centres ，。), in quarter ems, at
 * most a half; once per shaped text, as the line breaker asks again and again. */
static void
mark_blanks(const char *text, GArray *glyphs)
{
	struct pglyph *gl = (struct pglyph *)glyphs->data;

	for (unsigned int i = 0; i < glyphs->len; i++) {
		struct pglyph *q = &gl[i];
		gunichar c = g_utf8_get_char(text + q->cluster);
		hb_glyph_extents_t e;

		q->mark = (q->level & 1) ? 0 : half_ink_closing(c) ? MARK_CLOSING
		    : half_ink_opening(c) ? MARK_OPENING : 0;
		if (!q->mark || q->adv < 0.9 || !hb_font_get_glyph_extents(q->f->hb, q->id, &e))
			continue;
		double x0 = e.x_bearing / q->f->upem, x1 = x0 + e.width / q->f->upem;
		q->blank_l = MIN(floor(MAX(x0, 0) * 4 + 0.05), 2) / 4;
		q->blank_r = MIN(floor(MAX(q->adv - x1, 0) * 4 + 0.05), 2) / 4;
	}
}

/* clreq punctuation width adjustment, as the PDF does it (pdf/typeset.c): two
 * adjacent full-width marks take one and a half ems, the closing one giving up
 * its right blank (else the opening one its left), and a space the input has
 * beside a full-width mark takes no room ("期 （总" reads "期（总"). Left to
 * right text only. */
static void
adjust_marks(const char *text, GArray *glyphs)
{
	struct pglyph *gl = (struct pglyph *)glyphs->data;
	unsigned int n = glyphs->len;
	int prev = -1;		/* the last mark, with only spaces after it */

	mark_blanks(text, glyphs);
	for (unsigned int i = 0; i < n; i++) {
		struct pglyph *q = &gl[i];

		if (q->level & 1) {
			prev = -1;
			continue;
		}
		if (text[q->cluster] == ' ') {
			unsigned int j = i + 1;

			while (j < n && text[gl[j].cluster] == ' ')
				j++;
			if (prev >= 0 || (j < n && gl[j].mark == MARK_OPENING && gl[j].blank_l > 0))
				q->trim = q->adv;
			continue;
		}
		if (!q->mark || q->blank_l + q->blank_r == 0) {
			prev = -1;
			continue;
		}
		if (prev >= 0) {
			struct pglyph *a = &gl[prev];
			double want = 0.5, t;

			t = MIN(want, a->blank_r - a->trim);
			a->trim += t;
			want -= t;
			t = MIN(want, q->blank_l);
			q->trim += t;
			q->dx -= t;	/* its left blank goes: the ink moves left with the advance */
		}
		prev = (int)i;
	}
}

/* Where words begin, by ICU's word segmentation (a dictionary for Chinese, loaded
 * anyway with libxml2): a headline that has to break inside a phrase breaks
 * between words (攀登, not 攀|登) where it can. Without ICU data every glyph
 * stays unmarked and lines break as kinsoku allows. */
static void
mark_words(const char *text, GArray *glyphs)
{
	struct pglyph *gl = (struct pglyph *)glyphs->data;
	UErrorCode err = U_ZERO_ERROR;
	UText *ut = utext_openUTF8(NULL, text, -1, &err);
	UBreakIterator *bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &err);
	unsigned int i = 0;

	if (U_SUCCESS(err))
		ubrk_setUText(bi, ut, &err);
	/* boundaries in byte offsets, rising; glyphs are in logical order */
	for (int32_t b = U_SUCCESS(err) ? ubrk_first(bi) : UBRK_DONE; b != UBRK_DONE; b = ubrk_next(bi)) {
		while (i < glyphs->len && gl[i].cluster < (unsigned int)b)
			i++;
		for (unsigned int j = i; j < glyphs->len && gl[j].cluster == (unsigned int)b; j++)
			gl[j].word_start = j == i;
	}
	ubrk_close(bi);
	utext_close(ut);
}

/* The text shaped in face f, runs of characters it lacks in fallback faces, runs
 * of each bidi level in their direction; from the last call's shaping when it was
 * the same. */
static GArray *
shaped(struct gfaces *g, struct gface *f, const char *text)
{
	struct gface *run = NULL;
	FriBidiLevel run_level = 0, *levels;
	unsigned int run_start = 0;
	const char *p;
	glong nchars, i;

	if (g->last.f == f && g->last.text && strcmp(g->last.text, text) == 0)
		return g->last.glyphs;
	if (g->last.glyphs)
		g_array_free(g->last.glyphs, TRUE);
	g_free(g->last.text);
	g->last.f = f;
	g->last.text = g_strdup(text);
	g->last.glyphs = g_array_new(FALSE, FALSE, sizeof(struct pglyph));
	levels = bidi_levels(text, &nchars, &g->last.rtl);
	for (p = text, i = 0; *p && i < nchars; p = g_utf8_next_char(p), i++) {
		gunichar c = g_utf8_get_char(p);
		hb_codepoint_t gid;
		struct gface *want = f;

		if (!hb_font_get_nominal_glyph(f->hb, c, &gid)) {
			if (rides_along(c) && run)
				want = run;
			else if ((want = fallback_face(c)) == NULL)
				want = f;
		}
		if (want != run || levels[i] != run_level) {
			if (run)
				shape_run(run, text, run_start, (unsigned)(p - text) - run_start, run_level,
				    g->last.glyphs);
			run = want;
			run_level = levels[i];
			run_start = (unsigned)(p - text);
		}
	}
	if (run)
		shape_run(run, text, run_start, (unsigned)(p - text) - run_start, run_level,
		    g->last.glyphs);
	g_free(levels);
	adjust_marks(text, g->last.glyphs);
	g->last.words = false;
	return g->last.glyphs;
}

/* The display order of glyphs [start, end) (Unicode bidi rule L2): from the
 * highest level down to the lowest odd one, every stretch at that level or
 * higher is reversed. */
static unsigned int *
visual_order(const struct pglyph *gl, unsigned int start, unsigned int end)
{
	unsigned int n = end - start, *order = g_new(unsigned int, n + 1);
	int top = 0, low_odd = G_MAXINT;	/* FriBidiLevel is a signed char */

	for (unsigned int i = 0; i < n; i++) {
		order[i] = start + i;
		if (gl[start + i].level > top)
			top = gl[start + i].level;
		if ((gl[start + i].level & 1) && gl[start + i].level < low_odd)
			low_odd = gl[start + i].level;
	}
	for (int lev = top; lev >= low_odd; lev--)
		for (unsigned int i = 0; i < n;) {
			unsigned int j = i;

			while (j < n && gl[order[j]].level >= lev)
				j++;
			for (unsigned int a = i, b = j; a + 1 < b; a++, b--) {
				unsigned int t = order[a];
				order[a] = order[b - 1];
				order[b - 1] = t;
			}
			i = j > i ? j : i + 1;
		}
	return order;
}

/* How far (in ems) to move a centred line [start, shown) so that its ink, not its
 * em boxes, is centred: half the empty part of a full-width opening mark at its
 * start (a closing one at its end is out of the line's width: line_width). */
static double
optical_shift(const struct pglyph *gl, unsigned int start, unsigned int shown)
{
	if (shown <= start || gl[start].mark != MARK_OPENING)
		return 0;
	return -MAX(gl[start].blank_l - gl[start].trim, 0) / 2;
}

/* A letter or digit that is not an ideograph: part of a word or number. */
static bool
in_word(gunichar c)
{
	return g_unichar_isalnum(c) && !g_unichar_iswide(c);
}

/* May the line not break between the characters at byte offsets a and b? Two
 * glyphs of one cluster never part either. */
static bool
no_break(const char *text, unsigned int a, unsigned int b)
{
	gunichar before = g_utf8_get_char(text + a), after = g_utf8_get_char(text + b);

	return a == b || jb_kinsoku_no_start(after) || jb_kinsoku_no_end(before)
	    || (in_word(before) && in_word(after));
}

/* A space between two full-width characters: where a Chinese headline's phrases
 * meet ("奔向全域共富 开创高质量发展新格局"), its natural line break. Spaces
 * between words (Latin, Uyghur) and beside digits are not. */
static bool
phrase_space(const char *text, const struct pglyph *gl, unsigned int n, unsigned int i)
{
	unsigned int b = i;

	if (i == 0 || i >= n || text[gl[i].cluster] != ' ' || text[gl[i - 1].cluster] == ' ')
		return false;
	while (b < n && text[gl[b].cluster] == ' ')
		b++;
	/* full width: East Asian Wide, or set so by the font (“” are Ambiguous) */
	return b < n && (g_unichar_iswide(g_utf8_get_char(text + gl[i - 1].cluster)) || gl[i - 1].adv > 0.9)
	    && (g_unichar_iswide(g_utf8_get_char(text + gl[b].cluster)) || gl[b].adv > 0.9);
}

/* One line of a set text: glyphs [start, end), of which [start, shown) are
 * shown (a broken line's last spaces are not); its width in units. */
struct gline {
	unsigned int start, end, shown;
	double w;
	bool ellipsis;
};

static bool
is_space(const char *text, const struct pglyph *q)
{
	return text[q->cluster] == ' ';
}

/* The blank a closing mark at a line's end gives up, in ems (clreq: line-end
 * marks are set half width), so a line ending in ” or 。 is measured, and
 * centred, on its ink. */
static double
end_blank(const struct pglyph *q)
{
	return q->mark == MARK_CLOSING ? MAX(q->blank_r - q->trim, 0) : 0;
}

/* The width of glyphs [a, b) as a line, at size. */
static double
line_width(const char *text, const struct pglyph *gl, unsigned int a, unsigned int b, double size)
{
	double lw = 0;

	for (unsigned int i = a; i < b; i++)
		lw += ADV(&gl[i]) * size;
	return b > a ? lw - end_blank(&gl[b - 1]) * size : 0;
}

static void
add_line(GArray *lines, const char *text, const struct pglyph *gl, unsigned int n,
    unsigned int start, unsigned int end, double size, struct jb_glyph_fit *fit)
{
	struct gline l = { start, end, end, 0, false };

	while (l.shown > start && end < n && is_space(text, &gl[l.shown - 1]))
		l.shown--;	/* spaces at the end of a broken line take no room (nor ink) */
	l.w = line_width(text, gl, start, l.shown, size);
	g_array_append_val(lines, l);
	if (end < n) {
		if (!phrase_space(text, gl, n, end))
			fit->mid_breaks++;
		if (!gl[end].word_start)
			fit->mid_words++;
	}
}

/* As many glyphs on each line as fit, the break moved back over kinsoku and out of
 * words and numbers, then to the start of a word when one begins in the line's
 * last two fifths; with max_lines, the last line allowed ends in "…". */
static void
greedy_lines(const char *text, const struct pglyph *gl, unsigned int n, const struct gface *f,
    const struct jb_glyph_box *box, GArray *lines, struct jb_glyph_fit *fit)
{
	double size = box->size, w = box->w, ell_adv = f->ell_adv * size / f->upem;
	unsigned int start = 0;

	while (start < n) {
		unsigned int end, e;
		double lw = 0;

		while (lines->len > 0 && start < n && is_space(text, &gl[start]))
			start++;	/* a continued line does not begin with a space */
		if (start == n)
			break;
		for (end = start; end < n && lw + ADV(&gl[end]) * size <= w + 0.01; end++)
			lw += ADV(&gl[end]) * size;
		if (end == start)
			end++;	/* one glyph wider than the band */
		if (end < n) {
			for (e = end; e > start + 1 && no_break(text, gl[e - 1].cluster, gl[e].cluster); e--)
				;
			if (e > start + 1)
				end = e;
			for (e = end; e > start + 1 && e * 5 > start * 2 + end * 3 && !gl[e].word_start; e--)
				;
			if (e > start + 1 && e * 5 > start * 2 + end * 3
			    && !no_break(text, gl[e - 1].cluster, gl[e].cluster))
				end = e;
		}
		if (end < n && box->max_lines && (int)lines->len + 1 == box->max_lines && f->ell) {
			/* the last line allowed: cut it and end it with an ellipsis */
			struct gline l = { start, start, start, ell_adv, true };

			for (lw = 0; l.end < n && lw + ADV(&gl[l.end]) * size + ell_adv <= w + 0.01; l.end++)
				lw += ADV(&gl[l.end]) * size;
			l.shown = l.end;
			l.w += lw;
			g_array_append_val(lines, l);
			fit->truncated = true;
			return;
		}
		add_line(lines, text, gl, n, start, end, size, fit);
		start = end;
	}
}

/* The cheapest breaks by dynamic programming, as a typesetter sets a headline:
 * the fewest lines that fit in max_lines; among those, lines of even length
 * (the sum of squared slack, the last line included, so 8 + 8 + 4 characters
 * become 7 + 7 + 6) with a cost for each break inside a phrase (when the text
 * has phrase spaces) and a higher one for each break inside a word. False
 * when max_lines cannot hold the text. */
static bool
balanced_lines(const char *text, const struct pglyph *gl, unsigned int n, const struct jb_glyph_box *box,
    GArray *lines, struct jb_glyph_fit *fit)
{
	int nl = box->max_lines > 0 ? box->max_lines : 8, best = -1;
	double size = box->size, w = box->w, *cost = g_new(double, (gsize)(nl + 1) * (n + 1));
	unsigned int *from = g_new(unsigned int, (gsize)(nl + 1) * (n + 1)), *ends;
	bool phrases = false;

#define AT(k, e) ((gsize)(k) * (n + 1) + (e))
	for (unsigned int i = 0; i < n && !phrases; i++)
		phrases = phrase_space(text, gl, n, i);
	for (gsize i = 0; i < (gsize)(nl + 1) * (n + 1); i++)
		cost[i] = INFINITY;
	cost[AT(0, 0)] = 0;
	for (int k = 1; k <= nl && best < 0; k++) {
		for (unsigned int s = 0; s < n; s++) {
			unsigned int a = s;
			double full = 0, vis = 0;

			if (!isfinite(cost[AT(k - 1, s)]))
				continue;
			while (s > 0 && a < n && is_space(text, &gl[a]))
				a++;
			for (unsigned int e = a + 1; a < n && e <= n; e++) {
				double slack, c;

				full += ADV(&gl[e - 1]) * size;
				if (!is_space(text, &gl[e - 1]))
					vis = full - end_blank(&gl[e - 1]) * size;
				if (vis > w + 0.01 && e > a + 1)
					break;
				if (e < n && !phrase_space(text, gl, n, e)
				    && no_break(text, gl[e - 1].cluster, gl[e].cluster))
					continue;
				slack = (w - vis) / w;
				c = cost[AT(k - 1, s)] + 100 * slack * slack;
				if (e < n && phrases && !phrase_space(text, gl, n, e))
					c += 30;
				if (e < n && !gl[e].word_start)
					c += 60;
				if (c < cost[AT(k, e)]) {
					cost[AT(k, e)] = c;
					from[AT(k, e)] = s;
				}
			}
		}
		if (isfinite(cost[AT(k, n)]))
			best = k;
	}
	if (best > 0) {
		ends = g_new(unsigned int, best + 1);
		ends[0] = 0;
		for (unsigned int k = (unsigned int)best, e = n; k > 0; e = from[AT(k, e)], k--)
			ends[k] = e;
		for (int k = 1; k <= best; k++) {
			unsigned int a = ends[k - 1];

			while (k > 1 && a < ends[k] && is_space(text, &gl[a]))
				a++;
			add_line(lines, text, gl, n, a, ends[k], size, fit);
		}
		g_free(ends);
	}
#undef AT
	g_free(cost);
	g_free(from);
	return best > 0;
}

bool
jb_glyph_text(struct gfaces *g, const struct jb_font_face *src, const char *text,
    const struct jb_glyph_box *box, struct jb_glyph_fit *fit)
{
	struct gface *f = src->file ? get_face(src->file, src->index) : NULL;
	const struct pglyph *gl;
	GArray *lines;
	unsigned int n;
	double size = box->size, k, lh, ell_adv;

	memset(fit, 0, sizeof *fit);
	if (f == NULL)
		return false;
	gl = (const struct pglyph *)shaped(g, f, text)->data;
	n = g->last.glyphs->len;
	/* a text that fits in one line, or is cut to one (headline list), never asks
	 * where words are: ICU's Chinese segmentation costs a millisecond to start */
	if (!g->last.words && (box->balance || box->max_lines != 1)
	    && line_width(text, gl, 0, n, size) > box->w + 0.01) {
		mark_words(text, g->last.glyphs);
		g->last.words = true;
	}
	k = size / f->upem;
	lh = (f->asc + f->desc) * k;
	ell_adv = f->ell_adv * k;
	lines = g_array_new(FALSE, FALSE, sizeof(struct gline));
	if (!box->balance || !balanced_lines(text, gl, n, box, lines, fit)) {
		memset(fit, 0, sizeof *fit);
		g_array_set_size(lines, 0);
		greedy_lines(text, gl, n, f, box, lines, fit);
	}
	for (unsigned int i = 0; box->draw && i < lines->len; i++) {
		const struct gline *l = &g_array_index(lines, struct gline, i);
		bool rtl = g->last.rtl;
		double px = box->center ? box->x + (box->w - l->w) / 2 : rtl ? box->x + box->w - l->w : box->x;
		double base = box->y + i * lh + f->asc * k;
		unsigned int *order = visual_order(gl, l->start, l->shown);

		if (box->center && !l->ellipsis && !rtl)
			px += optical_shift(gl, l->start, l->shown) * size;
		/* The ellipsis ends the line: on the left of a right-to-left one. */
		if (l->ellipsis && rtl) {
			jb_canvas_glyph(g->cv, f->hb, f->ell, px, base, k);
			px += ell_adv;
		}
		for (unsigned int v = 0; v < l->shown - l->start; v++) {
			const struct pglyph *q = &gl[order[v]];

			jb_canvas_glyph(g->cv, q->f->hb, q->id, px + q->dx * size, base - q->dy * size,
			    size / q->f->upem);
			px += ADV(q) * size;
		}
		if (l->ellipsis && !rtl)
			jb_canvas_glyph(g->cv, f->hb, f->ell, px, base, k);
		g_free(order);
	}
	fit->lines = (int)lines->len;
	fit->height = fit->lines * lh;
	g_array_free(lines, TRUE);
	return true;
}
