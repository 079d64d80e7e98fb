/*
 * epub/glyphs.c: the cover's text set straight from the resolved font files:
 * HarfBuzz shapes, cairo-ft draws. Pango's fallback-font sort per face was half the
 * cover's time; a text with a character its face lacks is left to Pango.
 */
#include <string.h>
#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>
#include <hb.h>
#include "../style/font.h"
#include "glyphs.h"

struct gface {
	const struct jb_font_face *src;
	hb_font_t *hb;
	cairo_font_face_t *cf;
	double upem, asc, desc;	/* font units */
	hb_codepoint_t ell;	/* the face's "…", 0 if it lacks one */
	hb_position_t ell_adv;	/* its advance, font units */
};

/* The last text shaped, with its face: the cover measures a text, then draws it,
 * often at several sizes, and the hb font's scale is upem, so one shaping serves
 * every call on the same text and face. */
struct gshaped {
	struct gface *f;
	char *text;
	hb_buffer_t *buf;	/* NULL: the face lacks a character of the text */
};

struct gfaces {
	struct gface f[JB_ROLE__MAX];
	int n;
	struct gshaped last;
};

struct gfaces *
jb_gfaces_new(void)
{
	return g_new0(struct gfaces, 1);
}

void
jb_gfaces_free(struct gfaces *g)
{
	if (g == NULL)
		return;
	for (int i = 0; i < g->n; i++) {
		hb_font_destroy(g->f[i].hb);
		cairo_font_face_destroy(g->f[i].cf);
	}
	hb_buffer_destroy(g->last.buf);
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

static struct gface *
get_face(struct gfaces *g, const struct jb_font_face *src)
{
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_extents_t ext;
	FcPattern *pat;
	struct gface *f;

	for (int i = 0; i < g->n; i++)
		if (strcmp(g->f[i].src->file, src->file) == 0 && g->f[i].src->index == src->index)
			return &g->f[i];
	if (g->n == JB_ROLE__MAX || src->file == NULL)
		return NULL;
	blob = hb_blob_create_from_file_or_fail(src->file);
	if (blob == NULL)
		return NULL;
	f = &g->f[g->n++];
	f->src = src;
	face = hb_face_create(blob, (unsigned)src->index);
	hb_blob_destroy(blob);
	f->upem = hb_face_get_upem(face);
	f->hb = hb_font_create(face);
	hb_face_destroy(face);
	hb_font_set_scale(f->hb, (int)f->upem, (int)f->upem);
	hb_font_get_h_extents(f->hb, &ext);
	f->asc = ext.ascender;
	f->desc = -ext.descender;
	f->ell = one_glyph(f->hb, "…", &f->ell_adv);
	/* cairo opens and locks the FreeType face itself: no FT_Library of ours whose
	 * lifetime would have to outlast cairo's font caches. */
	pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FILE, (const FcChar8 *)src->file);
	FcPatternAddInteger(pat, FC_INDEX, src->index);
	FcPatternAddBool(pat, FC_HINTING, FcFalse);
	f->cf = cairo_ft_font_face_create_for_pattern(pat);
	FcPatternDestroy(pat);
	return f;
}

/* Characters that may not start / end a line (a short clreq list). */
static bool
no_start(hb_codepoint_t c)
{
	if (c < 128)
		return c && strchr("!),.:;?]}", (int)c) != NULL;
	return g_utf8_strchr("，。、；：？！）」』”’》〉】…·", -1, c) != NULL;
}

static bool
no_end(hb_codepoint_t c)
{
	if (c < 128)
		return c == '(' || c == '[' || c == '{';
	return g_utf8_strchr("（「『“‘《〈【", -1, c) != NULL;
}

/* The text shaped in face f, from the last call's shaping when it was the same;
 * NULL when the face lacks one of its characters. */
static hb_buffer_t *
shaped(struct gfaces *g, struct gface *f, const char *text)
{
	hb_glyph_info_t *info;
	unsigned int n;

	if (g->last.f == f && g->last.text && strcmp(g->last.text, text) == 0)
		return g->last.buf;
	hb_buffer_destroy(g->last.buf);
	g_free(g->last.text);
	g->last.f = f;
	g->last.text = g_strdup(text);
	g->last.buf = hb_buffer_create();
	hb_buffer_add_utf8(g->last.buf, text, -1, 0, -1);
	hb_buffer_guess_segment_properties(g->last.buf);
	hb_shape(f->hb, g->last.buf, NULL, 0);
	info = hb_buffer_get_glyph_infos(g->last.buf, &n);
	for (unsigned int i = 0; i < n; i++)
		if (info[i].codepoint == 0) {
			hb_buffer_destroy(g->last.buf);
			g->last.buf = NULL;
			break;
		}
	return g->last.buf;
}

bool
jb_glyph_text(cairo_t *cr, struct gfaces *g, const struct jb_font_face *src, const char *text,
    double size, double x, double y, double w, int max_lines, bool center, bool draw,
    double *height, int *nlines)
{
	struct gface *f = get_face(g, src);
	hb_buffer_t *buf;
	hb_glyph_info_t *info;
	hb_glyph_position_t *pos;
	hb_codepoint_t ell;
	unsigned int n, start = 0;
	double k, lh, ell_adv, *adv;
	int lines = 0;

	if (f == NULL)
		return false;
	buf = shaped(g, f, text);
	if (buf == NULL)
		return false;	/* a character the face lacks: Pango falls back */
	info = hb_buffer_get_glyph_infos(buf, &n);
	pos = hb_buffer_get_glyph_positions(buf, &n);
	ell = f->ell;
	k = size / f->upem;
	lh = (f->asc + f->desc) * k;
	ell_adv = f->ell_adv * k;
	adv = g_new(double, n + 1);
	for (unsigned int i = 0; i < n; i++)
		adv[i] = pos[i].x_advance * k;
	if (draw) {
		cairo_set_font_face(cr, f->cf);
		cairo_set_font_size(cr, size);
	}
	while (start < n) {
		unsigned int end;
		double lw = 0;
		bool ellipsis = false;

		while (lines > 0 && start < n && text[info[start].cluster] == ' ')
			start++;	/* a continued line does not begin with a space */
		if (start == n)
			break;
		end = start;
		while (end < n && lw + adv[end] <= w + 0.01)
			lw += adv[end++];
		if (end == start)
			lw += adv[end++];	/* one glyph wider than the band */
		if (end < n) {
			/* kinsoku: move the break back over forbidden line starts and ends */
			unsigned int e = end;
			while (e > start + 1 && (no_start(g_utf8_get_char(text + info[e].cluster))
			    || no_end(g_utf8_get_char(text + info[e - 1].cluster))))
				e--;
			if (e > start + 1)
				end = e;
		}
		if (end < n && max_lines && lines + 1 == max_lines && ell) {
			/* the last line allowed: cut it and end it with an ellipsis */
			end = start;
			lw = 0;
			while (end < n && lw + adv[end] + ell_adv <= w + 0.01)
				lw += adv[end++];
			lw += ell_adv;
			ellipsis = true;
		} else {
			lw = 0;
			for (unsigned int i = start; i < end; i++)
				lw += adv[i];
		}
		if (draw) {
			cairo_glyph_t *gl = g_new(cairo_glyph_t, end - start + 1);
			double px = center ? x + (w - lw) / 2 : x, base = y + lines * lh + f->asc * k;
			int ng = 0;
			for (unsigned int i = start; i < end; i++, ng++) {
				gl[ng].index = info[i].codepoint;
				gl[ng].x = px + pos[i].x_offset * k;
				gl[ng].y = base - pos[i].y_offset * k;
				px += adv[i];
			}
			if (ellipsis) {
				gl[ng].index = ell;
				gl[ng].x = px;
				gl[ng].y = base;
				ng++;
			}
			cairo_show_glyphs(cr, gl, ng);
			g_free(gl);
		}
		lines++;
		start = end;
		if (ellipsis)
			break;
	}
	*height = lines * lh;
	*nlines = lines;
	g_free(adv);
	return true;
}
