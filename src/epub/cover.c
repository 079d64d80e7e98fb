/*
 * epub/cover.c: the cover, a red-head bulletin front drawn with Cairo in the style's
 * fonts and colours (masthead or first headline, issue, date, headlines; text by
 * glyphs.c, Pango for characters a face lacks), written as a palette PNG.
 */
#include <string.h>
#include <cairo.h>
#include <zlib.h>
#include <pango/pangocairo.h>
#include "../core/diag.h"
#include "../style/font.h"
#include "book.h"
#include "glyphs.h"

/* Layout in a 750 x 1000 design space, rendered at COVER_SCALE: 600 x 800 px,
 * the screen of a basic e-reader. Pixels cost time twice (painting, then PNG). */
#define COVER_W 750
#define COVER_H 1000
#ifndef COVER_SCALE
#define COVER_SCALE 0.8
#endif
#define MARGIN 64

static void
set_rgb(cairo_t *cr, guint32 c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0,
	    (c & 0xff) / 255.0);
}

/* Pango sets only the texts with a character their face lacks (glyphs.c sets the
 * others). Its layouts all use one font size and are scaled when drawn
 * (k = size / BASE_PX): Pango sorts the fallback fonts of every (face, size) on a
 * thread, so one size per face keeps those sorts to one per face. */
#define BASE_PX 32.0

static PangoLayout *
text_layout(cairo_t *cr, const struct book *b, const struct jb_fonts *fonts, enum jb_role role,
    const char *text)
{
	PangoLayout *lay = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_new();
	const struct jb_role_style *rs = &b->st->role[role];

	pango_font_description_set_family(fd, fonts->role[role].family);
	pango_font_description_set_weight(fd, rs->weight > 0 ? rs->weight : 400);
	pango_font_description_set_absolute_size(fd, BASE_PX * PANGO_SCALE);
	pango_layout_set_font_description(lay, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(lay, text, -1);
	return lay;
}

static void
show_scaled(cairo_t *cr, PangoLayout *lay, double x, double y, double k, guint32 color)
{
	cairo_save(cr);
	set_rgb(cr, color);
	cairo_translate(cr, x, y);
	cairo_scale(cr, k, k);
	cairo_move_to(cr, 0, 0);
	pango_cairo_show_layout(cr, lay);
	cairo_restore(cr);
}

/* Sets text centred in the band [x, x + w) from y; returns its height in px.
 * The size shrinks until the text fits in max_lines lines. */
static double
draw_text(cairo_t *cr, const struct book *b, const struct jb_fonts *fonts, struct gfaces *gf,
    enum jb_role role, const char *text, double size, int max_lines, double x, double y,
    double w, guint32 color)
{
	PangoLayout *lay;
	double gh;
	int pw, ph, nl;

	for (double sz = size;; sz *= 0.9) {
		if (!jb_glyph_text(cr, gf, &fonts->role[role], text, sz, x, y, w, 0, true, false, &gh, &nl))
			break;	/* a character the face lacks: Pango finds a fallback */
		if (nl <= max_lines || sz < 12) {
			set_rgb(cr, color);
			jb_glyph_text(cr, gf, &fonts->role[role], text, sz, x, y, w, max_lines, true, true,
			    &gh, &nl);
			return gh;
		}
	}
	lay = text_layout(cr, b, fonts, role, text);

	pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(lay, PANGO_ALIGN_CENTER);
	for (;;) {
		pango_layout_set_width(lay, (int)(w * BASE_PX / size * PANGO_SCALE));
		if (pango_layout_get_line_count(lay) <= max_lines || size < 12)
			break;
		size *= 0.9;
	}
	pango_layout_get_pixel_size(lay, &pw, &ph);
	show_scaled(cr, lay, x, y, size / BASE_PX, color);
	g_object_unref(lay);
	return ph * size / BASE_PX;
}

/* The lower part of the cover: the headlines inside, one line each, as a
 * front page announces them, as many as fit. */
static void
headlines(cairo_t *cr, const struct book *b, const struct jb_fonts *fonts, struct gfaces *gf,
    double y)
{
	const struct jb_style *st = b->st;
	double w = COVER_W - 2 * MARGIN, bottom = COVER_H - 24 - 36 - 40;
	int shown = 0;

	for (guint i = 0; i < b->toc->len && shown < 8; i++) {
		const struct tocent *t = b->toc->pdata[i];
		const struct tocent *next = i + 1 < b->toc->len ? b->toc->pdata[i + 1] : NULL;
		bool group = next && next->depth > t->depth;
		enum jb_role role = group ? JB_ROLE_SECTION : JB_ROLE_CONTENTS;
		double k = (group ? 24 : 22) / BASE_PX, indent = t->depth ? 24 : 0, gh;
		PangoLayout *lay;
		int pw, ph, nl;

		if (strcmp(t->label, b->cover_title) == 0)
			continue;
		if (jb_glyph_text(cr, gf, &fonts->role[role], t->label, k * BASE_PX, MARGIN + indent, y,
		    w - indent, 1, false, false, &gh, &nl)) {
			if (y + gh > bottom)
				break;
			set_rgb(cr, group ? st->role[JB_ROLE_SECTION].color : st->text_color);
			jb_glyph_text(cr, gf, &fonts->role[role], t->label, k * BASE_PX, MARGIN + indent, y,
			    w - indent, 1, false, true, &gh, &nl);
			y += gh + 10;
			shown++;
			continue;
		}
		lay = text_layout(cr, b, fonts, role, t->label);
		pango_layout_set_width(lay, (int)((w - indent) / k * PANGO_SCALE));
		pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
		pango_layout_get_pixel_size(lay, &pw, &ph);
		if (y + ph * k > bottom) {
			g_object_unref(lay);
			break;
		}
		show_scaled(cr, lay, MARGIN + indent, y, k,
		    group ? st->role[JB_ROLE_SECTION].color : st->text_color);
		y += ph * k + 10;
		shown++;
		g_object_unref(lay);
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

	/* zlib's fastest level: a cover is flat paint and type, runs that level 1
	 * finds as well as level 6 in half the time. */
	if (deflateInit2(&zs, 1, Z_DEFLATED, 15, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
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

/* Anti-aliased edges: 33 levels per channel are as many as the eye tells apart. */
static guint32
quantize(guint32 c, const guint32 *pinned, int npinned)
{
	guint32 q = 0;

	for (int i = 0; i < npinned; i++)
		if (pinned[i] == c)
			return c;
	for (int sh = 0; sh <= 16; sh += 8) {
		guint32 v = (((c >> sh) & 0xff) + 4) >> 3 << 3;
		q |= (v > 255 ? 255 : v) << sh;
	}
	return q;
}

#define HSLOTS 4096

/* The surface as 8-bit palette scanlines (filter None), or NULL if it has more
 * than 256 colours after quantising the edges. A third of the bytes of RGB: the
 * PNG is smaller and quicker to compress. */
static guint8 *
palette_rows(cairo_surface_t *s, const guint32 *pinned, int npinned, guint8 *plte, int *nplte)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s), n = 0;
	const guint8 *px = cairo_image_surface_get_data(s);
	guint8 *raw = g_malloc((gsize)(w + 1) * h), *out = raw, idx = 0;
	guint32 *key = g_new0(guint32, HSLOTS), last = 0xffffffff;
	guint8 *val = g_new0(guint8, HSLOTS);

	for (int y = 0; y < h; y++) {
		const guint32 *in = (const guint32 *)(px + (gsize)y * stride);
		*out++ = 0;
		for (int x = 0; x < w; x++) {
			guint32 c = in[x] & 0xffffff, q, slot;
			if (c != last) {
				last = c;
				q = quantize(c, pinned, npinned);
				slot = (q * 2654435761u) >> 20;
				while (key[slot] && key[slot] != q + 1)
					slot = (slot + 1) & (HSLOTS - 1);
				if (key[slot] == 0) {
					if (n == 256) {
						g_free(raw);
						raw = NULL;
						goto out;
					}
					key[slot] = q + 1;
					val[slot] = (guint8)n;
					plte[3 * n] = q >> 16;
					plte[3 * n + 1] = q >> 8;
					plte[3 * n + 2] = q;
					n++;
				}
				idx = val[slot];
			}
			*out++ = idx;
		}
	}
out:
	g_free(key);
	g_free(val);
	*nplte = n;
	return raw;
}

/* The surface as PNG: palette when it fits (always, for the covers drawn here),
 * else RGB with the Sub filter. cairo's own writer (libpng, adaptive filters,
 * zlib level 6) took a third of the whole run. */
static GBytes *
encode_png(cairo_surface_t *s, const guint32 *pinned, int npinned, struct jb_diag *diag)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s), nplte = 0;
	const guint8 *px;
	guint8 plte[3 * 256], *raw;
	gsize rowlen = 1 + 3 * (gsize)w;
	GBytes *png;

	cairo_surface_flush(s);
	px = cairo_image_surface_get_data(s);
	raw = palette_rows(s, pinned, npinned, plte, &nplte);
	if (raw) {
		png = png_pack(w, h, 3, plte, nplte, raw, (gsize)(w + 1) * h, diag);
		g_free(raw);
		return png;
	}
	raw = g_malloc(rowlen * h);
	for (int y = 0; y < h; y++) {
		const guint32 *in = (const guint32 *)(px + (gsize)y * stride);
		guint8 *out = raw + rowlen * y, prev[3] = { 0, 0, 0 };
		*out++ = 1;	/* Sub: each byte minus the one a pixel to the left */
		for (int x = 0; x < w; x++) {
			guint8 c[3] = { in[x] >> 16, in[x] >> 8, in[x] };
			for (int k = 0; k < 3; k++) {
				*out++ = (guint8)(c[k] - prev[k]);
				prev[k] = c[k];
			}
		}
	}
	png = png_pack(w, h, 2, NULL, 0, raw, rowlen * h, diag);
	g_free(raw);
	return png;
}

GBytes *
jb_epub_cover_png(const struct book *b, const struct jb_fonts *fonts, struct jb_diag *diag)
{
	const struct jb_style *st = b->st;
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)(COVER_W * COVER_SCALE), (int)(COVER_H * COVER_SCALE));
	cairo_t *cr = cairo_create(s);
	struct gfaces *gf = jb_gfaces_new();
	double w = COVER_W - 2 * MARGIN, y = 150, h;
	bool masthead = b->subtitle || b->issue || b->publisher || b->date_text;
	GBytes *png;
	cairo_status_t status;

	cairo_scale(cr, COVER_SCALE, COVER_SCALE);
	/* Paper, with an accent band at the foot as on printed bulletins. */
	set_rgb(cr, st->tint_color);
	cairo_paint(cr);
	set_rgb(cr, 0xffffff);
	cairo_rectangle(cr, 24, 24, COVER_W - 48, COVER_H - 48);
	cairo_fill(cr);

	if (masthead) {
		h = draw_text(cr, b, fonts, gf, JB_ROLE_MASTHEAD, b->cover_title, 120, 2, MARGIN, y, w,
		    st->role[JB_ROLE_MASTHEAD].color);
		y += h + 24;
		if (b->subtitle) {
			h = draw_text(cr, b, fonts, gf, JB_ROLE_MASTHEAD_SUB, b->subtitle, 44, 1, MARGIN, y, w,
			    st->role[JB_ROLE_MASTHEAD_SUB].color);
			y += h + 40;
		}
		if (b->issue) {
			h = draw_text(cr, b, fonts, gf, JB_ROLE_ISSUE, b->issue, 30, 2, MARGIN, y, w,
			    st->role[JB_ROLE_ISSUE].color);
			y += h + 20;
		}
		/* The red rule of a 红头 bulletin. */
		set_rgb(cr, st->rule_color);
		cairo_rectangle(cr, MARGIN, y, w, 5);
		cairo_fill(cr);
		cairo_rectangle(cr, MARGIN, y + 10, w, 1.5);
		cairo_fill(cr);
		y += 48;
		if (b->publisher) {
			h = draw_text(cr, b, fonts, gf, JB_ROLE_ISSUER, b->publisher, 26, 3, MARGIN, y, w,
			    st->role[JB_ROLE_ISSUER].color);
			y += h + 12;
		}
		if (b->date_text) {
			h = draw_text(cr, b, fonts, gf, JB_ROLE_ISSUER, b->date_text, 26, 1, MARGIN, y, w,
			    st->role[JB_ROLE_ISSUER].color);
			y += h;
		}
		headlines(cr, b, fonts, gf, y + 56);
	} else {
		/* A newspaper page: its headline is the cover. */
		set_rgb(cr, st->rule_color);
		cairo_rectangle(cr, MARGIN, y - 40, w, 5);
		cairo_fill(cr);
		h = draw_text(cr, b, fonts, gf, JB_ROLE_TITLE, b->cover_title, 72, 4, MARGIN, y, w,
		    st->accent_color);
		y += h + 30;
		cairo_rectangle(cr, MARGIN, y, w, 1.5);
		cairo_fill(cr);
		headlines(cr, b, fonts, gf, y + 40);
	}
	set_rgb(cr, st->accent_color);
	cairo_rectangle(cr, 24, COVER_H - 24 - 36, COVER_W - 48, 36);
	cairo_fill(cr);
	cairo_destroy(cr);
	jb_gfaces_free(gf);

	status = cairo_surface_status(s);
	if (status != CAIRO_STATUS_SUCCESS) {
		jb_error(diag, "epub-cover", 0, "cannot draw the cover: %s", cairo_status_to_string(status));
		cairo_surface_destroy(s);
		return NULL;
	}
	{
		/* Colours that must come out exact: the paper and the style's inks. */
		guint32 pinned[JB_ROLE__MAX + 8];
		int np = 0;
		pinned[np++] = 0xffffff;
		pinned[np++] = st->tint_color & 0xffffff;
		pinned[np++] = st->text_color & 0xffffff;
		pinned[np++] = st->accent_color & 0xffffff;
		pinned[np++] = st->rule_color & 0xffffff;
		for (int r = 0; r < JB_ROLE__MAX; r++)
			pinned[np++] = st->role[r].color & 0xffffff;
		png = encode_png(s, pinned, np, diag);
	}
	cairo_surface_destroy(s);
	return png;
}
