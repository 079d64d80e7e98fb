/*
 * epub/cover.c: the cover, a red-head bulletin front painted on a canvas
 * (raster.h) in the style's fonts and colours (masthead or first headline, issue,
 * date, headlines; text by glyphs.c), written as a palette PNG.
 */
#include <string.h>
#include <zlib.h>
#include "../core/diag.h"
#include "../style/font.h"
#include "book.h"
#include "glyphs.h"
#include "raster.h"

/* Layout in a 750 x 1000 design space, rendered at COVER_SCALE: 900 x 1200 px,
 * shown full screen by a 300-ppi reader (1072 x 1448) without visible blur, at
 * 2 ms more than 600 x 800. Pixels cost time twice (painting, then PNG). */
#define COVER_W 750
#define COVER_H 1000
#ifndef COVER_SCALE
#define COVER_SCALE 1.2
#endif
#define MARGIN 64

/* What drawing the cover needs at every step. */
struct cover {
	const struct book *b;
	const struct jb_fonts *fonts;
	struct jb_canvas *cv;
	struct gfaces *gf;
	bool failed;		/* a font file could not be read */
};

/* Sets text centred in the band [x, x + w) from y, in at most max_lines lines
 * (balanced: glyphs.c); returns its height in design units. The size is the
 * largest, down to three quarters of the given one, at which every break falls
 * between phrases ("奔向全域共富 开创高质量发展新格局" in two lines), else at
 * which none falls inside a word; else the largest at which the text fits. */
static double
draw_text(struct cover *c, enum jb_role role, const char *text, double size, int max_lines,
    double x, double y, double w, guint32 color)
{
	const struct jb_font_face *face = &c->fonts->role[role];
	struct jb_glyph_box box = { size, x, y, w, max_lines, true, false, true };
	struct jb_glyph_fit fit;
	double phrases = 0, words = 0, fits = 0, sz;

	for (sz = size;; sz *= 0.9) {
		box.size = sz;
		if (!jb_glyph_text(c->gf, face, text, &box, &fit)) {
			c->failed = true;
			return 0;
		}
		if (!fit.truncated) {
			if (fits == 0)
				fits = sz;
			if (sz < size * 0.74)
				break;
			if (fit.mid_breaks == 0) {
				phrases = sz;
				break;
			}
			if (fit.mid_words == 0 && words == 0)
				words = sz;
		}
		if (sz < 12)
			break;	/* set it truncated, at this size */
	}
	box.size = phrases ? phrases : words ? words : fits ? fits : sz;
	box.draw = true;
	jb_canvas_set_color(c->cv, color);
	jb_glyph_text(c->gf, face, text, &box, &fit);
	return fit.height;
}

/* The lower part of the cover: the headlines inside, one line each, as a
 * front page announces them, as many as fit. */
static void
headlines(struct cover *c, double y)
{
	const struct book *b = c->b;
	const struct jb_style *st = b->st;
	double w = COVER_W - 2 * MARGIN, bottom = COVER_H - 24 - 36 - 40;
	int shown = 0;

	for (guint i = 0; i < b->toc->len && shown < 8; i++) {
		const struct tocent *t = b->toc->pdata[i];
		const struct tocent *next = i + 1 < b->toc->len ? b->toc->pdata[i + 1] : NULL;
		bool group = next && next->depth > t->depth;
		enum jb_role role = group ? JB_ROLE_SECTION : JB_ROLE_CONTENTS;
		double indent = t->depth ? 24 : 0;
		struct jb_glyph_box box = { group ? 24 : 22, MARGIN + indent, y, w - indent, 1, false,
			false, false };
		struct jb_glyph_fit fit;

		if (strcmp(t->label, b->cover_title) == 0)
			continue;
		if (!jb_glyph_text(c->gf, &c->fonts->role[role], t->label, &box, &fit)) {
			c->failed = true;
			return;
		}
		if (y + fit.height > bottom)
			break;
		jb_canvas_set_color(c->cv, group ? st->role[JB_ROLE_SECTION].color : st->text_color);
		box.draw = true;
		jb_glyph_text(c->gf, &c->fonts->role[role], t->label, &box, &fit);
		y += fit.height + 10;
		shown++;
	}
}

static void
png_chunk(GByteArray *png, const char *type, const guint8 *data, guint32 len)
{
	guint8 be[4] = { len >> 24, len >> 16, len >> 8, len };
	uLong crc = crc32(0, (const Bytef *)type, 4);

	g_byte_array_append(png, be, 4);
	g_byte_array_append(png, (const guint8 *)type, 4);
	if (len)
		g_byte_array_append(png, data, len);
	if (len)	/* crc32() with a NULL buffer returns the initial value, not crc */
		crc = crc32(crc, data, len);
	be[0] = crc >> 24, be[1] = crc >> 16, be[2] = crc >> 8, be[3] = crc;
	g_byte_array_append(png, be, 4);
}

/* PNG chunks around deflated scanlines (each already prefixed by its filter byte). */
static GBytes *
png_pack(int w, int h, int type, const guint8 *plte, int nplte, const guint8 *raw,
    gsize rawlen, struct jb_diag *diag)
{
	z_stream zs = { 0 };
	GByteArray *png;
	guint8 *z;
	uLong zcap;
	guint8 ihdr[13] = { w >> 24, w >> 16, w >> 8, w, h >> 24, h >> 16, h >> 8, h,
		8, (guint8)type, 0, 0, 0 };	/* 8 bits, deflate, no interlace */

	/* Run-length matches only: a cover is flat paint and type, whose rows zlib's
	 * Z_RLE packs a little smaller than level 1 does, and sooner. */
	if (deflateInit2(&zs, 1, Z_DEFLATED, 15, 9, Z_RLE) != Z_OK) {
		jb_error(diag, "epub-cover", 0, "cannot compress the cover");
		return NULL;
	}
	zcap = deflateBound(&zs, rawlen);
	z = g_malloc(zcap);
	zs.next_in = (Bytef *)raw;
	zs.avail_in = rawlen;
	zs.next_out = z;
	zs.avail_out = zcap;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&zs);
		g_free(z);
		jb_error(diag, "epub-cover", 0, "cannot compress the cover");
		return NULL;
	}
	deflateEnd(&zs);
	png = g_byte_array_sized_new(zs.total_out + 1024);
	g_byte_array_append(png, (const guint8 *)"\x89PNG\r\n\x1a\n", 8);
	png_chunk(png, "IHDR", ihdr, sizeof ihdr);
	if (nplte)
		png_chunk(png, "PLTE", plte, 3 * nplte);
	png_chunk(png, "IDAT", z, zs.total_out);
	png_chunk(png, "IEND", NULL, 0);
	g_free(z);
	return g_byte_array_free_to_bytes(png);
}

/* The canvas as a palette PNG: its rows are already the scanlines. A general
 * PNG writer (libpng, adaptive filters, zlib level 6) took a third of the run. */
static GBytes *
encode_png(const struct jb_canvas *cv, struct jb_diag *diag)
{
	guint8 plte[768];
	int w, h, npal;
	const guint8 *rows = jb_canvas_rows(cv, &w, &h, plte, &npal);

	return png_pack(w, h, 3, plte, npal, rows, (gsize)(w + 1) * h, diag);
}

GBytes *
jb_epub_cover_png(const struct book *b, const struct jb_fonts *fonts, struct jb_diag *diag)
{
	const struct jb_style *st = b->st;
	struct cover c = { b, fonts, NULL, NULL, false };
	double w = COVER_W - 2 * MARGIN, y = 150, h;
	bool masthead = b->subtitle || b->issue || b->publisher || b->date_text;
	GBytes *png = NULL;

	c.cv = jb_canvas_new((int)(COVER_W * COVER_SCALE), (int)(COVER_H * COVER_SCALE), COVER_SCALE);
	if (c.cv == NULL) {
		jb_error(diag, "epub-cover", 0, "cannot draw the cover: FreeType does not start");
		return NULL;
	}
	c.gf = jb_gfaces_new(c.cv);
	/* Paper, with an accent band at the foot as on printed bulletins. */
	jb_canvas_set_color(c.cv, st->tint_color);
	jb_canvas_paint(c.cv);
	jb_canvas_set_color(c.cv, 0xffffff);
	jb_canvas_rect(c.cv, 24, 24, COVER_W - 48, COVER_H - 48);

	if (masthead) {
		h = draw_text(&c, JB_ROLE_MASTHEAD, b->cover_title, 120, 2, MARGIN, y, w,
		    st->role[JB_ROLE_MASTHEAD].color);
		y += h + 24;
		if (b->subtitle) {
			h = draw_text(&c, JB_ROLE_MASTHEAD_SUB, b->subtitle, 44, 1, MARGIN, y, w,
			    st->role[JB_ROLE_MASTHEAD_SUB].color);
			y += h + 40;
		}
		if (b->issue) {
			h = draw_text(&c, JB_ROLE_ISSUE, b->issue, 30, 2, MARGIN, y, w,
			    st->role[JB_ROLE_ISSUE].color);
			y += h + 20;
		}
		/* The red rule of a 红头 bulletin. */
		jb_canvas_set_color(c.cv, st->rule_color);
		jb_canvas_rect(c.cv, MARGIN, y, w, 5);
		jb_canvas_rect(c.cv, MARGIN, y + 10, w, 1.5);
		y += 48;
		if (b->publisher) {
			h = draw_text(&c, JB_ROLE_ISSUER, b->publisher, 26, 3, MARGIN, y, w,
			    st->role[JB_ROLE_ISSUER].color);
			y += h + 12;
		}
		if (b->date_text) {
			h = draw_text(&c, JB_ROLE_ISSUER, b->date_text, 26, 1, MARGIN, y, w,
			    st->role[JB_ROLE_ISSUER].color);
			y += h;
		}
		headlines(&c, y + 56);
	} else {
		/* A newspaper page: its headline is the cover. */
		jb_canvas_set_color(c.cv, st->rule_color);
		jb_canvas_rect(c.cv, MARGIN, y - 40, w, 5);
		h = draw_text(&c, JB_ROLE_TITLE, b->cover_title, 72, 4, MARGIN, y, w, st->accent_color);
		y += h + 30;
		jb_canvas_set_color(c.cv, st->accent_color);
		jb_canvas_rect(c.cv, MARGIN, y, w, 1.5);
		headlines(&c, y + 40);
	}
	jb_canvas_set_color(c.cv, st->accent_color);
	jb_canvas_rect(c.cv, 24, COVER_H - 24 - 36, COVER_W - 48, 36);
	jb_gfaces_free(c.gf);

	if (c.failed)
		jb_error(diag, "epub-cover", 0, "cannot draw the cover: a font file cannot be read");
	else
		png = encode_png(c.cv, diag);
	jb_canvas_free(c.cv);
	return png;
}
