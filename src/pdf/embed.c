/*
 * pdf/embed.c: the document's glyphs per font face, cut with hb-subset
 * (renumbered: the second pass maps Pango's glyph ids through the cut's map) and
 * handed to cairo as FreeType faces; see embed.h for why.
 */
#include <string.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>
#include <hb-subset.h>
#include <cairo-ft.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>

#include "embed.h"

/* One FreeType library for the process: opening and closing faces must not run
 * in two threads at once (batch mode paints documents in parallel, and cairo
 * may drop a face from its font cache in any thread). */
static FT_Library ft_library;
static GMutex ft_lock;

static FT_Library
library(void)
{
	static gsize once;

	if (g_once_init_enter(&once)) {
		if (FT_Init_FreeType(&ft_library) != 0)
			ft_library = NULL;
		g_once_init_leave(&once, 1);
	}
	return ft_library;
}

/* What a cairo face built on a cut face keeps alive: freed when cairo frees it. */
struct cut_memory {
	FT_Face ft;
	hb_blob_t *blob;	/* the subset's bytes, which FreeType reads in place */
};

static const cairo_user_data_key_t cut_memory_key;

static void
cut_memory_free(void *data)
{
	struct cut_memory *m = data;

	g_mutex_lock(&ft_lock);
	FT_Done_Face(m->ft);
	g_mutex_unlock(&ft_lock);
	hb_blob_destroy(m->blob);
	g_free(m);
}

struct cut_face {
	char *file;
	int index;
	hb_set_t *glyphs;		/* the glyphs it shows: its sizes' together */
	hb_map_t *gids;			/* glyph id -> id in the cut face */
	cairo_font_face_t *cface;	/* NULL: not cut; Pango paints from the file */
};

struct font_use {
	struct cut_face *face;		/* NULL: this font is never cut */
	double pixel_size;
	hb_set_t *glyphs;		/* the glyphs shown at this size */
	cairo_scaled_font_t *scaled;
};

struct jb_embed {
	bool collecting;
	int lock;			/* 0 none, 1 shared, 2 exclusive (see below) */
	GHashTable *faces;		/* "index:file" -> struct cut_face * */
	GHashTable *fonts;		/* PangoFont * (ref) -> struct font_use * */
};

static void
cut_face_free(void *data)
{
	struct cut_face *f = data;

	if (f->cface)
		cairo_font_face_destroy(f->cface);
	hb_set_destroy(f->glyphs);
	hb_map_destroy(f->gids);
	g_free(f->file);
	g_free(f);
}

static void
font_use_free(void *data)
{
	struct font_use *u = data;

	if (u->scaled)
		cairo_scaled_font_destroy(u->scaled);
	hb_set_destroy(u->glyphs);
	g_free(u);
}

/*
 * Cairo 1.16 keeps the glyphs of all scaled fonts in one cache of 512 pages of
 * 32 glyphs, and evicting a page there while another thread adds a glyph to
 * that page's font deadlocks (lock order: font, then cache; eviction takes the
 * cache, then the font; fixed with a try-lock in cairo 1.17.2). Fonts Pango
 * shares between documents seldom fill the cache; our per-document fonts would,
 * because cairo keeps the last 256 dropped scaled fonts, with their glyphs, for
 * reuse. So (a) when a document is done, its fonts are pushed out of that list
 * (destroying them and their glyph pages) by 256 throwaway fonts of a glyphless
 * face, and (b) a document that needs a large share of the cache paints alone.
 */
#define CAIRO_HOLDOVERS 256
#define CAIRO_GLYPH_PAGES 512
#define GLYPH_PAGE 32

static GRWLock paint_lock;

static void
push_out_dropped_fonts(void)
{
	static cairo_font_face_t *blank;
	static gsize once;
	static gint serial;
	cairo_matrix_t m, id;
	cairo_font_options_t *fo = cairo_font_options_create();

	if (g_once_init_enter(&once)) {
		blank = cairo_user_font_face_create();
		g_once_init_leave(&once, 1);
	}
	cairo_matrix_init_identity(&id);
	for (int i = 0; i < CAIRO_HOLDOVERS; i++) {
		/* a size never used before (until the counter wraps, after 2^32
		 * of them), so cairo cannot hand back a kept font */
		double size = 1.0 + (guint)g_atomic_int_add(&serial, 1);
		cairo_matrix_init_scale(&m, size, size);
		cairo_scaled_font_destroy(cairo_scaled_font_create(blank, &m, &id, fo));
	}
	cairo_font_options_destroy(fo);
}

struct jb_embed *
jb_embed_new(void)
{
	struct jb_embed *e = g_new0(struct jb_embed, 1);

	e->collecting = true;
	e->faces = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, cut_face_free);
	e->fonts = g_hash_table_new_full(NULL, NULL, g_object_unref, font_use_free);
	return e;
}

void
jb_embed_free(struct jb_embed *e)
{
	if (e == NULL)
		return;
	g_hash_table_destroy(e->fonts);
	g_hash_table_destroy(e->faces);
	if (!e->collecting)
		push_out_dropped_fonts();
	if (e->lock == 2)
		g_rw_lock_writer_unlock(&paint_lock);
	else if (e->lock == 1)
		g_rw_lock_reader_unlock(&paint_lock);
	g_free(e);
}

static const cairo_user_data_key_t embed_key;

void
jb_embed_attach(cairo_t *cr, struct jb_embed *e)
{
	cairo_set_user_data(cr, &embed_key, e, NULL);
}

struct jb_embed *
jb_embed_of(cairo_t *cr)
{
	return cr ? cairo_get_user_data(cr, &embed_key) : NULL;
}

bool
jb_embed_collecting(const struct jb_embed *e)
{
	return e && e->collecting;
}

/* The face file behind a Pango font, if it is one we can cut: a plain face of
 * a file, not a variable instance, not emboldened or slanted by fontconfig
 * (cairo draws those itself, from the original outlines). */
static struct cut_face *
face_for(struct jb_embed *e, PangoFont *font, double *pixel_size)
{
	FcPattern *pat;
	FcChar8 *file = NULL;
	FcBool b = FcFalse;
	FcMatrix *mx;
	int index = 0;
	char *key;
	struct cut_face *f;

	if (!PANGO_IS_FC_FONT(font) || (pat = pango_fc_font_get_pattern(PANGO_FC_FONT(font))) == NULL)
		return NULL;
	if (FcPatternGetString(pat, FC_FILE, 0, &file) != FcResultMatch
	    || FcPatternGetInteger(pat, FC_INDEX, 0, &index) != FcResultMatch || index < 0 || index > 0xFFFF)
		return NULL;
	if ((FcPatternGetBool(pat, FC_EMBOLDEN, 0, &b) == FcResultMatch && b)
	    || (FcPatternGetBool(pat, FC_VARIABLE, 0, &b) == FcResultMatch && b)
	    || FcPatternGetMatrix(pat, FC_MATRIX, 0, &mx) == FcResultMatch
	    || FcPatternGetDouble(pat, FC_PIXEL_SIZE, 0, pixel_size) != FcResultMatch || !(*pixel_size > 0))
		return NULL;
	key = g_strdup_printf("%d:%s", index, (const char *)file);
	f = g_hash_table_lookup(e->faces, key);
	if (f == NULL) {
		f = g_new0(struct cut_face, 1);
		f->file = g_strdup((const char *)file);
		f->index = index;
		f->glyphs = hb_set_create();
		g_hash_table_insert(e->faces, key, f);
	} else {
		g_free(key);
	}
	return f;
}

static struct font_use *
use_of(struct jb_embed *e, PangoFont *font)
{
	struct font_use *u = g_hash_table_lookup(e->fonts, font);

	if (u == NULL && e->collecting) {
		u = g_new0(struct font_use, 1);
		u->face = face_for(e, font, &u->pixel_size);
		u->glyphs = hb_set_create();
		g_hash_table_insert(e->fonts, g_object_ref(font), u);
	}
	return u;
}

void
jb_embed_collect(struct jb_embed *e, PangoFont *font, const PangoGlyphInfo *glyphs, int n)
{
	struct font_use *u = use_of(e, font);

	if (u == NULL || u->face == NULL)
		return;
	for (int i = 0; i < n; i++) {
		PangoGlyph g = glyphs[i].glyph;
		if (g != PANGO_GLYPH_EMPTY && !(g & PANGO_GLYPH_UNKNOWN_FLAG))
			hb_set_add(u->glyphs, g);
	}
}

/* The source face as hb-subset sees it: without its character map. Glyph ids
 * are what we cut by, and with a cmap hb-subset would first walk all of it (tens
 * of thousands of entries and variation sequences in a CJK face: more time than
 * the cut itself); cairo takes the text of each glyph from our clusters. */
static hb_blob_t *
table_but_cmap(hb_face_t *face, hb_tag_t tag, void *data)
{
	(void)face;
	if (tag == HB_TAG('c', 'm', 'a', 'p'))
		return hb_blob_get_empty();
	return hb_face_reference_table(data, tag);
}

static hb_subset_plan_t *
plan(hb_face_t *face, const struct cut_face *f)
{
	/* Tables cairo does not read: layout (shaping is done), vertical metrics. */
	static const hb_tag_t drop[] = {
		HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
		HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
		HB_TAG('V', 'O', 'R', 'G'), HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'),
		HB_TAG('D', 'S', 'I', 'G'), HB_TAG('m', 'o', 'r', 'x'), HB_TAG('k', 'e', 'r', 'n'),
		HB_TAG('c', 'm', 'a', 'p'),
	};
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_subset_plan_t *p;

	if (in == NULL)
		return NULL;
	hb_set_union(hb_subset_input_glyph_set(in), f->glyphs);
	/* Flat charstrings: cheaper to cut than renumbered subroutines. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_DESUBROUTINIZE);
	for (size_t i = 0; i < G_N_ELEMENTS(drop); i++)
		hb_set_add(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG), drop[i]);
	p = hb_subset_plan_create_or_fail(face, in);
	hb_subset_input_destroy(in);
	return p;
}

/* Cuts one face to its glyphs; leaves f->cface NULL on any failure. */
static void
cut(struct cut_face *f)
{
	hb_blob_t *blob, *out = NULL;
	hb_face_t *whole, *face, *sub = NULL;
	hb_subset_plan_t *p;
	FT_Library lib = library();
	FT_Face ft = NULL;
	struct cut_memory *mem;
	const char *data;
	unsigned int len = 0;
	cairo_font_face_t *cf;

	if (lib == NULL || hb_set_is_empty(f->glyphs)
	    || (blob = hb_blob_create_from_file_or_fail(f->file)) == NULL)
		return;
	whole = hb_face_create(blob, (unsigned)f->index);
	face = hb_face_create_for_tables(table_but_cmap, hb_face_reference(whole), (hb_destroy_func_t)hb_face_destroy);
	hb_face_set_index(face, (unsigned)f->index);
	hb_face_set_upem(face, hb_face_get_upem(whole));
	hb_face_set_glyph_count(face, hb_face_get_glyph_count(whole));
	hb_face_destroy(whole);
	if ((p = plan(face, f)) != NULL) {
		sub = hb_subset_plan_execute_or_fail(p);
		if (sub != NULL)
			f->gids = hb_map_copy(hb_subset_plan_old_to_new_glyph_mapping(p));
		hb_subset_plan_destroy(p);
	}
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	if (sub == NULL || f->gids == NULL || hb_map_allocation_successful(f->gids) == false) {
		if (sub)
			hb_face_destroy(sub);
		return;
	}
	out = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	data = hb_blob_get_data(out, &len);
	g_mutex_lock(&ft_lock);
	if (len < 12 || FT_New_Memory_Face(lib, (const FT_Byte *)data, (FT_Long)len, 0, &ft) != 0)
		ft = NULL;
	g_mutex_unlock(&ft_lock);
	if (ft == NULL) {
		hb_blob_destroy(out);
		return;
	}
	mem = g_new(struct cut_memory, 1);
	mem->ft = ft;
	mem->blob = out;
	cf = cairo_ft_font_face_create_for_ft_face(ft, 0);
	if (cairo_font_face_status(cf) != CAIRO_STATUS_SUCCESS
	    || cairo_font_face_set_user_data(cf, &cut_memory_key, mem, cut_memory_free) != CAIRO_STATUS_SUCCESS) {
		cairo_font_face_destroy(cf);
		cut_memory_free(mem);
		return;
	}
	f->cface = cf;
}

void
jb_embed_build(struct jb_embed *e)
{
	GHashTableIter it;
	void *value;
	guint pages = 0;

	e->collecting = false;
	g_hash_table_iter_init(&it, e->fonts);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		const struct font_use *u = value;
		if (u->face)
			hb_set_union(u->face->glyphs, u->glyphs);
		pages += (hb_set_get_population(u->glyphs) + GLYPH_PAGE - 1) / GLYPH_PAGE;
	}
	g_hash_table_iter_init(&it, e->faces);
	while (g_hash_table_iter_next(&it, NULL, &value))
		cut(value);
	/* Two documents in parallel must not fill the cache between them; Pango's
	 * shared fonts and the cover keep a share too. */
	if (pages > CAIRO_GLYPH_PAGES / 4) {
		g_rw_lock_writer_lock(&paint_lock);
		e->lock = 2;
	} else {
		g_rw_lock_reader_lock(&paint_lock);
		e->lock = 1;
	}
}

/* The cut face at the size of Pango's font (its pattern's pixel size: the
 * print context is at 72 dpi with no matrix, and transformed fonts are never
 * cut), unhinted as the print context asks. Pango's own cairo font for the
 * whole face is never made, so cairo never opens the big file. */
static cairo_scaled_font_t *
scaled_for(struct font_use *u)
{
	cairo_matrix_t fm, ctm;
	cairo_font_options_t *fo;

	if (u->scaled)
		return u->scaled;
	cairo_matrix_init_scale(&fm, u->pixel_size, u->pixel_size);
	cairo_matrix_init_identity(&ctm);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	u->scaled = cairo_scaled_font_create(u->face->cface, &fm, &ctm, fo);
	cairo_font_options_destroy(fo);
	if (cairo_scaled_font_status(u->scaled) != CAIRO_STATUS_SUCCESS) {
		cairo_scaled_font_destroy(u->scaled);
		u->scaled = NULL;
	}
	return u->scaled;
}

/* As Pango's cairo renderer shows a glyph item (pangocairo-render.c): glyphs at
 * their geometry, and one text cluster per Pango cluster, less empty glyphs. */
bool
jb_embed_show(struct jb_embed *e, cairo_t *cr, const char *text, PangoGlyphItem *gi, double x, double y)
{
	PangoFont *font = gi->item->analysis.font;
	PangoGlyphString *gs = gi->glyphs;
	struct font_use *u = e ? use_of(e, font) : NULL;
	cairo_scaled_font_t *sf;
	cairo_glyph_t *glyphs;
	cairo_text_cluster_t *clusters;
	PangoGlyphItemIter iter;
	bool backward = (gi->item->analysis.level & 1) != 0;
	int n = 0, nc = 0, pos = 0;

	if (u == NULL || u->face == NULL || u->face->cface == NULL || (sf = scaled_for(u)) == NULL)
		return false;
	glyphs = g_new(cairo_glyph_t, MAX(gs->num_glyphs, 1));
	for (int i = 0; i < gs->num_glyphs; i++) {
		const PangoGlyphInfo *g = &gs->glyphs[i];
		if (g->glyph != PANGO_GLYPH_EMPTY) {
			/* a glyph the font lacks (Pango draws its box) or one not cut */
			if ((g->glyph & PANGO_GLYPH_UNKNOWN_FLAG) || !hb_set_has(u->glyphs, g->glyph)) {
				g_free(glyphs);
				return false;
			}
			glyphs[n].index = hb_map_get(u->face->gids, g->glyph);
			glyphs[n].x = x + (double)(pos + g->geometry.x_offset) / PANGO_SCALE;
			glyphs[n].y = y + (double)g->geometry.y_offset / PANGO_SCALE;
			n++;
		}
		pos += g->geometry.width;
	}
	clusters = g_new(cairo_text_cluster_t, MAX(gs->num_glyphs, 1));
	if (pango_glyph_item_iter_init_start(&iter, gi, text)) {
		do {
			int nb = iter.end_index - iter.start_index;
			int ng = backward ? iter.start_glyph - iter.end_glyph : iter.end_glyph - iter.start_glyph;
			for (int i = MIN(iter.start_glyph, iter.end_glyph + 1); i < MAX(iter.start_glyph + 1, iter.end_glyph); i++)
				if (gs->glyphs[i].glyph == PANGO_GLYPH_EMPTY)
					ng--;
			clusters[nc].num_bytes = nb;
			clusters[nc].num_glyphs = ng;
			nc++;
		} while (pango_glyph_item_iter_next_cluster(&iter));
	}
	cairo_set_scaled_font(cr, sf);
	cairo_show_text_glyphs(cr, text + gi->item->offset, gi->item->length, glyphs, n, clusters, nc,
	    backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
	g_free(glyphs);
	g_free(clusters);
	return true;
}
