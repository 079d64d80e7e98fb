/* epub/raster.c: the cover's canvas (see raster.h). */
#include <math.h>
#include <string.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include "raster.h"

#define HSLOTS 4096	/* open-addressing slots of the colour -> index table */

struct jb_canvas {
	int w, h;
	double scale;		/* pixels per design unit */
	guint8 *rows;		/* h rows of a filter byte and w indices */
	guint32 pal[256];	/* 0xRRGGBB */
	int npal;
	guint32 key[HSLOTS];	/* colour + 1, 0 for an empty slot */
	guint8 val[HSLOTS];
	guint32 color;		/* the current colour, and its index */
	guint8 color_idx;
	FT_Library ft;
	hb_draw_funcs_t *draw;
	/* The outline being built, in FreeType's 26.6 pixels, y up. */
	GArray *points;		/* FT_Vector */
	GArray *tags;		/* char */
	GArray *contours;	/* short: index of each contour's last point */
	/* The glyph being drawn: its origin and design units per font unit. */
	double ox, oy, k;
};

struct jb_canvas *
jb_canvas_new(int w, int h, double scale)
{
	struct jb_canvas *c = g_new0(struct jb_canvas, 1);

	if (FT_Init_FreeType(&c->ft) != 0) {
		g_free(c);
		return NULL;
	}
	c->w = w;
	c->h = h;
	c->scale = scale;
	c->rows = g_malloc0((gsize)(w + 1) * h);	/* all index 0: white */
	jb_canvas_set_color(c, 0xffffff);
	c->points = g_array_new(FALSE, FALSE, sizeof(FT_Vector));
	c->tags = g_array_new(FALSE, FALSE, sizeof(char));
	c->contours = g_array_new(FALSE, FALSE, sizeof(short));
	return c;
}

void
jb_canvas_free(struct jb_canvas *c)
{
	if (c == NULL)
		return;
	FT_Done_FreeType(c->ft);
	hb_draw_funcs_destroy(c->draw);
	g_array_free(c->points, TRUE);
	g_array_free(c->tags, TRUE);
	g_array_free(c->contours, TRUE);
	g_free(c->rows);
	g_free(c);
}

/* The palette index of colour rgb, added if new; when all 256 are taken, the
 * nearest one. */
static guint8
index_of(struct jb_canvas *c, guint32 rgb)
{
	guint32 slot = (rgb * 2654435761u) >> 20;
	int best = 0;
	long bestd = G_MAXLONG;

	while (c->key[slot] && c->key[slot] != rgb + 1)
		slot = (slot + 1) & (HSLOTS - 1);
	if (c->key[slot])
		return c->val[slot];
	if (c->npal < 256) {
		c->key[slot] = rgb + 1;
		c->val[slot] = (guint8)c->npal;
		c->pal[c->npal] = rgb;
		return (guint8)c->npal++;
	}
	for (int i = 0; i < 256; i++) {
		long d = 0;
		for (int sh = 0; sh <= 16; sh += 8) {
			long e = (long)((rgb >> sh) & 0xff) - (long)((c->pal[i] >> sh) & 0xff);
			d += e * e;
		}
		if (d < bestd)
			bestd = d, best = i;
	}
	return (guint8)best;
}

void
jb_canvas_set_color(struct jb_canvas *c, guint32 rgb)
{
	c->color = rgb & 0xffffff;
	c->color_idx = index_of(c, c->color);
}

void
jb_canvas_paint(struct jb_canvas *c)
{
	for (int y = 0; y < c->h; y++)
		memset(c->rows + (gsize)y * (c->w + 1) + 1, c->color_idx, (size_t)c->w);
}

const guint8 *
jb_canvas_rows(const struct jb_canvas *c, int *w, int *h, guint8 plte[768], int *npal)
{
	for (int i = 0; i < c->npal; i++) {
		plte[3 * i] = c->pal[i] >> 16;
		plte[3 * i + 1] = c->pal[i] >> 8;
		plte[3 * i + 2] = c->pal[i];
	}
	*w = c->w;
	*h = c->h;
	*npal = c->npal;
	return c->rows;
}

/* The current colour over palette entry under at coverage a (1..254), rounded
 * to 33 levels a channel. */
static guint8
blend(struct jb_canvas *c, guint8 under, unsigned a)
{
	guint32 d = c->pal[under], out = 0;

	if (d == c->color)
		return under;
	for (int sh = 0; sh <= 16; sh += 8) {
		int s = (c->color >> sh) & 0xff, t = (d >> sh) & 0xff;
		int v = t + ((s - t) * (int)a + 127) / 255;
		v = (v + 4) >> 3 << 3;
		out |= (guint32)(v > 255 ? 255 : v) << sh;
	}
	return index_of(c, out);
}

/* FreeType's rows count up from the bottom; its spans carry coverage 0..255. */
static void
blend_spans(int y, int count, const FT_Span *spans, void *user)
{
	struct jb_canvas *c = user;
	guint8 *row = c->rows + (gsize)(c->h - 1 - y) * (c->w + 1) + 1;
	int last_under = -1, last_a = -1;
	guint8 last_out = 0;

	for (int i = 0; i < count; i++) {
		unsigned a = spans[i].coverage;
		guint8 *p = row + spans[i].x;

		if (a == 255) {
			memset(p, c->color_idx, spans[i].len);
			continue;
		}
		if (a == 0)
			continue;
		for (int n = 0; n < spans[i].len; n++, p++) {
			if (*p != last_under || (int)a != last_a) {
				last_under = *p;
				last_a = (int)a;
				last_out = blend(c, *p, a);
			}
			*p = last_out;
		}
	}
}

/* Design units to 26.6 pixels with y up. */
static void
add_point(struct jb_canvas *c, double x, double y, char tag)
{
	FT_Vector v = { (FT_Pos)lround(x * c->scale * 64),
		(FT_Pos)lround((c->h - y * c->scale) * 64) };

	g_array_append_val(c->points, v);
	g_array_append_val(c->tags, tag);
}

static void
close_contour(struct jb_canvas *c)
{
	short last = c->contours->len ? g_array_index(c->contours, short, c->contours->len - 1) : -1;

	if ((int)c->points->len - 1 > last) {
		short end = (short)(c->points->len - 1);
		g_array_append_val(c->contours, end);
	}
}

static void
fill_outline(struct jb_canvas *c)
{
	FT_Outline o = { 0 };
	FT_Raster_Params rp = { 0 };

	close_contour(c);
	/* FreeType counts points and contours in shorts: a larger shape is dropped
	 * (no CJK glyph comes near). */
	if (c->points->len > 0 && c->points->len < 32000) {
		o.n_points = (short)c->points->len;
		o.n_contours = (short)c->contours->len;
		o.points = (FT_Vector *)c->points->data;
		o.tags = c->tags->data;
		o.contours = (short *)c->contours->data;
		o.flags = FT_OUTLINE_NONE;	/* non-zero winding, as Cairo fills */
		rp.source = &o;
		rp.flags = FT_RASTER_FLAG_AA | FT_RASTER_FLAG_DIRECT | FT_RASTER_FLAG_CLIP;
		rp.gray_spans = blend_spans;
		rp.user = c;
		rp.clip_box.xMin = 0;
		rp.clip_box.yMin = 0;
		rp.clip_box.xMax = c->w;
		rp.clip_box.yMax = c->h;
		FT_Outline_Render(c->ft, &o, &rp);
	}
	g_array_set_size(c->points, 0);
	g_array_set_size(c->tags, 0);
	g_array_set_size(c->contours, 0);
}

void
jb_canvas_rect(struct jb_canvas *c, double x, double y, double w, double h)
{
	add_point(c, x, y, FT_CURVE_TAG_ON);
	add_point(c, x + w, y, FT_CURVE_TAG_ON);
	add_point(c, x + w, y + h, FT_CURVE_TAG_ON);
	add_point(c, x, y + h, FT_CURVE_TAG_ON);
	fill_outline(c);
}

/* HarfBuzz's outline callbacks: font units, y up, from the glyph's origin. */
#define GX(c, fx) ((c)->ox + (fx) * (c)->k)
#define GY(c, fy) ((c)->oy - (fy) * (c)->k)

static void
move_to(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float x, float y, void *u)
{
	struct jb_canvas *c = data;

	close_contour(c);
	add_point(c, GX(c, x), GY(c, y), FT_CURVE_TAG_ON);
}

static void
line_to(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float x, float y, void *u)
{
	struct jb_canvas *c = data;

	add_point(c, GX(c, x), GY(c, y), FT_CURVE_TAG_ON);
}

static void
quadratic_to(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float cx, float cy,
    float x, float y, void *u)
{
	struct jb_canvas *c = data;

	add_point(c, GX(c, cx), GY(c, cy), FT_CURVE_TAG_CONIC);
	add_point(c, GX(c, x), GY(c, y), FT_CURVE_TAG_ON);
}

static void
cubic_to(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float c1x, float c1y,
    float c2x, float c2y, float x, float y, void *u)
{
	struct jb_canvas *c = data;

	add_point(c, GX(c, c1x), GY(c, c1y), FT_CURVE_TAG_CUBIC);
	add_point(c, GX(c, c2x), GY(c, c2y), FT_CURVE_TAG_CUBIC);
	add_point(c, GX(c, x), GY(c, y), FT_CURVE_TAG_ON);
}

static void
close_path(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, void *u)
{
	close_contour(data);
}

void
jb_canvas_glyph(struct jb_canvas *c, hb_font_t *font, hb_codepoint_t gid, double x, double y,
    double k)
{
	if (c->draw == NULL) {
		c->draw = hb_draw_funcs_create();
		hb_draw_funcs_set_move_to_func(c->draw, move_to, NULL, NULL);
		hb_draw_funcs_set_line_to_func(c->draw, line_to, NULL, NULL);
		hb_draw_funcs_set_quadratic_to_func(c->draw, quadratic_to, NULL, NULL);
		hb_draw_funcs_set_cubic_to_func(c->draw, cubic_to, NULL, NULL);
		hb_draw_funcs_set_close_path_func(c->draw, close_path, NULL, NULL);
		hb_draw_funcs_make_immutable(c->draw);
	}
	c->ox = x;
	c->oy = y;
	c->k = k;
#if HB_VERSION_ATLEAST(7, 0, 0)
	hb_font_draw_glyph(font, gid, c->draw, c);
#else
	hb_font_get_glyph_shape(font, gid, c->draw, c);
#endif
	fill_outline(c);
}
