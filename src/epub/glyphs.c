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
	unsigned int cluster;	/* byte offset of its character in the text */
	FriBidiLevel level;	/* bidi embedding level: odd is right to left */
};

/* The advance a glyph takes on its line, in ems. */
#define ADV(q) ((q)->adv - (q)->trim)

/* The last text shaped, with its face: the cover measures a text, then draws it,
 * often at several sizes, and shaping does not depend on size. */
struct gshaped {
	struct gface *f;
	char *text;
	GArray *glyphs;		/* struct pglyph, in logical order */
	bool rtl;		/* the paragraph's base direction */
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
			pos[i].x_offset / f->upem, pos[i].y_offset / f->upem, 0, info[i].cluster, lev };
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

/* The empty part of a full-width mark's em on each side, from its ink (fonts
 * differ: a Kai face centres ，。), in quarter ems, at most a half. */
static void
mark_blanks(const struct pglyph *q, double *left, double *right)
{
	hb_glyph_extents_t e;

	*left = *right = 0;
	if (q->adv < 0.9 || !hb_font_get_glyph_extents(q->f->hb, q->id, &e))
		return;
	double x0 = e.x_bearing / q->f->upem, x1 = x0 + e.width / q->f->upem;
	*left = MIN(floor(MAX(x0, 0) * 4 + 0.05), 2) / 4;
	*right = MIN(floor(MAX(q->adv - x1, 0) * 4 + 0.05), 2) / 4;
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

	for (unsigned int i = 0; i < n; i++) {
		struct pglyph *q = &gl[i];
		gunichar c = g_utf8_get_char(text + q->cluster);
		double l, r;

		if (q->level & 1) {
			prev = -1;
			continue;
		}
		if (c == ' ') {
			unsigned int j = i + 1;

			while (j < n && text[gl[j].cluster] == ' ')
				j++;
			if ((prev >= 0) || (j < n && !(gl[j].level & 1)
			    && half_ink_opening(g_utf8_get_char(text + gl[j].cluster))
			    && (mark_blanks(&gl[j], &l, &r), l > 0)))
				q->trim = q->adv;
			continue;
		}
		if (!(half_ink_closing(c) || half_ink_opening(c)) || (mark_blanks(q, &l, &r), l + r == 0)) {
			prev = -1;
			continue;
		}
		if (prev >= 0) {
			struct pglyph *a = &gl[prev];
			double al, ar, want = 0.5, t;

			mark_blanks(a, &al, &ar);
			t = MIN(want, ar - a->trim);
			a->trim += t;
			want -= t;
			t = MIN(want, l);
			q->trim += t;
			q->dx -= t;	/* its left blank goes: the ink moves left with the advance */
		}
		prev = (int)i;
	}
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

/* How far (in ems) to move a centred line [start, shown) so that its ink, not
 * its em boxes, is centred: half the empty part of a full-width mark at either
 * end (a headline ending in ” otherwise looks pushed to the left). */
static double
optical_shift(const char *text, const struct pglyph *gl, unsigned int start, unsigned int shown)
{
	const struct pglyph *a, *z;
	double shift = 0, l, r;

	if (shown <= start)
		return 0;
	a = &gl[start];
	z = &gl[shown - 1];
	if (half_ink_closing(g_utf8_get_char(text + z->cluster))) {
		mark_blanks(z, &l, &r);
		shift += MAX(r - z->trim, 0) / 2;
	}
	if (half_ink_opening(g_utf8_get_char(text + a->cluster))) {
		mark_blanks(a, &l, &r);
		shift -= MAX(l - a->trim, 0) / 2;
	}
	return shift;
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
	unsigned int a = i, b = i;

	if (text[gl[i].cluster] != ' ' || i == 0)
		return false;
	while (a > 0 && text[gl[a - 1].cluster] == ' ')
		a--;
	while (b < n && text[gl[b].cluster] == ' ')
		b++;
	return a > 0 && b < n && a == i && g_unichar_iswide(g_utf8_get_char(text + gl[a - 1].cluster))
	    && g_unichar_iswide(g_utf8_get_char(text + gl[b].cluster));
}

bool
jb_glyph_text(struct gfaces *g, const struct jb_font_face *src, const char *text,
    const struct jb_glyph_box *box, struct jb_glyph_fit *fit)
{
	struct gface *f = src->file ? get_face(src->file, src->index) : NULL;
	GArray *glyphs;
	const struct pglyph *gl;
	unsigned int n, start = 0;
	double size = box->size, w = box->w, k, lh, ell_adv;
	int lines = 0;

	memset(fit, 0, sizeof *fit);
	if (f == NULL)
		return false;
	glyphs = shaped(g, f, text);
	gl = (const struct pglyph *)glyphs->data;
	n = glyphs->len;
	k = size / f->upem;
	lh = (f->asc + f->desc) * k;
	ell_adv = f->ell_adv * k;
	while (start < n) {
		unsigned int end, shown;	/* the line is [start, end); its glyphs shown end at shown */
		double lw = 0;
		bool ellipsis = false;

		while (lines > 0 && start < n && text[gl[start].cluster] == ' ')
			start++;	/* a continued line does not begin with a space */
		if (start == n)
			break;
		end = start;
		for (; end < n && lw + ADV(&gl[end]) * size <= w + 0.01; end++)
			lw += ADV(&gl[end]) * size;
		if (end == start) {
			lw += ADV(&gl[end]) * size;	/* one glyph wider than the band */
			end++;
		}
		if (end < n) {
			/* at the last phrase space that fits, if asked and there is one;
			 * else kinsoku: move the break back over forbidden line starts
			 * and ends, and out of words and numbers ("2024", a Latin or
			 * Uyghur word) */
			unsigned int e = end;

			if (box->phrases)
				while (e > start + 1 && !phrase_space(text, gl, n, e))
					e--;
			if (e > start + 1 && box->phrases)
				end = e;
			else {
				e = end;
				while (e > start + 1 && no_break(text, gl[e - 1].cluster, gl[e].cluster))
					e--;
				if (e > start + 1)
					end = e;
				if (!phrase_space(text, gl, n, end))
					fit->mid_breaks++;
			}
		}
		shown = end;
		if (end < n && box->max_lines && lines + 1 == box->max_lines && f->ell) {
			/* the last line allowed: cut it and end it with an ellipsis */
			end = start;
			lw = 0;
			for (; end < n && lw + ADV(&gl[end]) * size + ell_adv <= w + 0.01; end++)
				lw += ADV(&gl[end]) * size;
			shown = end;
			lw += ell_adv;
			ellipsis = true;
		} else {
			/* spaces at the end of a broken line take no room (nor ink) */
			while (shown > start && end < n && text[gl[shown - 1].cluster] == ' ')
				shown--;
			lw = 0;
			for (unsigned int i = start; i < shown; i++)
				lw += ADV(&gl[i]) * size;
		}
		if (box->draw) {
			bool rtl = g->last.rtl;
			double px = box->center ? box->x + (w - lw) / 2 : rtl ? box->x + w - lw : box->x;

			if (box->center && !ellipsis && !rtl)
				px += optical_shift(text, gl, start, shown) * size;
			double base = box->y + lines * lh + f->asc * k;
			unsigned int *order = visual_order(gl, start, shown);

			/* The ellipsis ends the line: on the left of a right-to-left one. */
			if (ellipsis && rtl) {
				jb_canvas_glyph(g->cv, f->hb, f->ell, px, base, k);
				px += ell_adv;
			}
			for (unsigned int v = 0; v < shown - start; v++) {
				const struct pglyph *q = &gl[order[v]];

				jb_canvas_glyph(g->cv, q->f->hb, q->id, px + q->dx * size, base - q->dy * size,
				    size / q->f->upem);
				px += ADV(q) * size;
			}
			if (ellipsis && !rtl)
				jb_canvas_glyph(g->cv, f->hb, f->ell, px, base, k);
			g_free(order);
		}
		lines++;
		start = end;
		if (ellipsis)
			break;
	}
	fit->height = lines * lh;
	fit->lines = lines;
	return true;
}
