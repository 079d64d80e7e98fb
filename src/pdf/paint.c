/*
 * pdf/paint.c: laid-out pages -> PDF bytes on a Cairo PDF surface (see paint.h):
 * text, rules, panels, running heads, folios, contents leaders and links, the
 * outline and the document information; the glyphs come from pdf/embed.c.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <cairo-pdf.h>
#include "../core/diag.h"
#include "../style/font.h"
#include "embed.h"
#include "paint.h"

static cairo_status_t
write_bytes(void *closure, const unsigned char *data, unsigned int len)
{
	g_byte_array_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void
set_color(cairo_t *cr, guint32 c)
{
	cairo_set_source_rgb(cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0, (c & 0xFF) / 255.0);
}

/* Left edge of the type area. The same on every page: GB/T 9704 5.2.1 gives
 * the binding margin as the left margin (左白边), and the other styles are
 * symmetric, so facing pages register through the sheet. */
static double
area_left(const struct jb_style *st, int number)
{
	(void)number;
	return st->margin_inner;
}

/* A one-line label in a role's face, set by the typesetter like any text (so
 * its marks are compressed too): measure it with label_width, paint its first
 * line (text longer than the measure keeps only that) with label_paint. NULL
 * if it cannot be set. */
static struct jb_para *
label_new(const struct jb_paint_info *pi, enum jb_role r, const char *text)
{
	struct jb_para_spec spec = { 0 };
	struct jb_inline il = { text, NULL, 0 };
	struct jb_para *p;

	spec.family = pi->fonts->role[r].family;
	spec.size = pi->st->role[r].size;
	spec.weight = pi->st->role[r].weight;
	spec.align = JB_ALIGN_LEFT;
	spec.measure = pi->st->area_w;
	spec.adjust_punct = true;
	p = jb_para_new(pi->pc, &il, &spec, pi->diag);
	if (p && jb_para_line_count(p) == 0) {
		jb_para_free(p);
		p = NULL;
	}
	return p;
}

static double
label_width(const struct jb_para *p)
{
	return p ? jb_para_line_width(p, 0) : 0;
}

/* Paints the label with its first line's left edge at x, and frees it. */
static void
label_paint(struct jb_para *p, cairo_t *cr, double x, double baseline)
{
	if (p == NULL)
		return;
	jb_para_paint_line(p, 0, cr, x - jb_para_line_x(p, 0), baseline);
	jb_para_free(p);
}

/* Tinted panels behind asides: one rectangle per aside per page, grown half a
 * grid line into the blank lines around it. */
static void
paint_panels(const struct jb_paint_info *pi, cairo_t *cr, const struct jb_page *pg, double left)
{
	const struct jb_style *st = pi->st;
	GHashTable *seen = g_hash_table_new(NULL, NULL);

	for (guint i = 0; i < pg->items->len; i++) {
		const struct jb_item *a = &g_array_index(pg->items, struct jb_item, i);
		int id = a->box->panel;
		if (a->kind != JB_ITEM_LINE || id == 0 || g_hash_table_contains(seen, GINT_TO_POINTER(id)))
			continue;
		g_hash_table_add(seen, GINT_TO_POINTER(id));
		double top = a->band_top, bot = a->band_bot;
		for (guint j = i; j < pg->items->len; j++) {
			const struct jb_item *b = &g_array_index(pg->items, struct jb_item, j);
			if (b->kind == JB_ITEM_LINE && b->box->panel == id) {
				top = MIN(top, b->band_top);
				bot = MAX(bot, b->band_bot);
			}
		}
		double pad = st->line_pitch / 2;
		top = MAX(top - pad, st->margin_top - pad);
		bot = MIN(bot + pad, st->margin_top + st->area_h + pad);
		set_color(cr, st->tint_color);
		cairo_rectangle(cr, left, top, st->area_w, bot - top);
		cairo_fill(cr);
		set_color(cr, st->rule_color);
		cairo_set_line_width(cr, st->rule_thin);
		cairo_rectangle(cr, left, top, st->area_w, bot - top);
		cairo_stroke(cr);
	}
	g_hash_table_destroy(seen);
}

/* Contents entry's last line: leader dots to the page number at the right
 * edge of the type area, and a link over the whole entry. */
static void
paint_entry(const struct jb_paint_info *pi, cairo_t *cr, const struct jb_item *it, double left)
{
	const struct jb_style *st = pi->st;
	const struct jb_box *b = it->box;
	struct jb_mark *m = &g_array_index(pi->flow->marks, struct jb_mark, b->target);
	char num[16];
	double size = st->role[JB_ROLE_CONTENTS].size;

	if (m->page <= 0)
		return;
	g_snprintf(num, sizeof num, "%d", m->page);
	struct jb_para *lab = label_new(pi, JB_ROLE_CONTENTS, num);
	double nw = label_width(lab);
	double right = left + st->area_w;
	double x0 = it->line < 0 ? left + it->x + 2 * st->char_pitch
	    : left + it->x + jb_para_line_x(it->para, it->line) + jb_para_line_width(it->para, it->line)
	    + size * 0.5;
	double x1 = right - nw - size * 0.5;
	double step = size / 2, r = size * 0.06;

	set_color(cr, st->text_color);
	/* Dots on a fixed pitch from the right so leaders line up down the page. */
	for (double x = x1 - step / 2; x >= x0; x -= step) {
		cairo_new_sub_path(cr);
		cairo_arc(cr, x, it->y - size * 0.1, r, 0, 2 * M_PI);
	}
	cairo_fill(cr);
	label_paint(lab, cr, right - nw, it->y);
	char *attr = g_strdup_printf("dest='m%d' rect=[%.2f %.2f %.2f %.2f]", b->target,
	    left + b->x, it->band_top, st->area_w - b->x, it->band_bot - it->band_top);
	cairo_tag_begin(cr, CAIRO_TAG_LINK, attr);
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	g_free(attr);
}

static const char *
runhead_text(const struct jb_paint_info *pi, const struct jb_page *pg)
{
	if (pi->flow->runhead)
		return pi->flow->runhead;
	/* Before the first article (a contents page) there is no article to name. */
	if (pg->article >= 0)
		return g_array_index(pi->flow->marks, struct jb_mark, pg->article).title;
	return NULL;
}

static void
paint_furniture(const struct jb_paint_info *pi, cairo_t *cr, const struct jb_page *pg, double left)
{
	const struct jb_style *st = pi->st;
	double gap = st->line_pitch - st->body_size;
	const char *rh = runhead_text(pi, pg);

	if (st->running_head && rh && *rh) {
		/* Running head above a hairline, clear of the first line's em box. */
		double rs = st->role[JB_ROLE_RUNHEAD].size;
		double rule_y = st->margin_top - MAX(gap / 2, rs * 0.6);
		struct jb_para *lab = label_new(pi, JB_ROLE_RUNHEAD, rh);
		double w = label_width(lab);
		double x = left + (st->area_w - w) / 2;
		if (w > st->area_w)
			x = left;
		set_color(cr, st->role[JB_ROLE_RUNHEAD].color);
		cairo_save(cr);
		cairo_rectangle(cr, left, 0, st->area_w, st->page_h);
		cairo_clip(cr);
		label_paint(lab, cr, x, rule_y - rs * 0.45);
		cairo_restore(cr);
		cairo_rectangle(cr, left, rule_y - st->rule_thin / 2, st->area_w, st->rule_thin);
		cairo_fill(cr);
	}
	/* Folio: its em box starts folio-drop below the type area (GB/T 9704 7.5:
	 * 7 mm, outer side, one character in). */
	char *num = g_strdup_printf(st->folio_format, pg->number);
	double fs = st->role[JB_ROLE_FOLIO].size;
	struct jb_para *lab = label_new(pi, JB_ROLE_FOLIO, num);
	double w = label_width(lab), x;
	double y = st->margin_top + st->area_h + st->folio_drop + JB_EM_ASCENT * fs;

	if (!strcmp(st->folio_position, "outer"))
		x = pg->number % 2 ? left + st->area_w - st->char_pitch - w : left + st->char_pitch;
	else
		x = left + (st->area_w - w) / 2;
	set_color(cr, st->role[JB_ROLE_FOLIO].color);
	label_paint(lab, cr, x, y);
	g_free(num);
}

static void
paint_page(const struct jb_paint_info *pi, cairo_t *cr, const struct jb_page *pg)
{
	const struct jb_style *st = pi->st;
	double left = area_left(st, pg->number);

	paint_panels(pi, cr, pg, left);
	for (guint i = 0; i < pg->items->len; i++) {
		const struct jb_item *it = &g_array_index(pg->items, struct jb_item, i);
		const struct jb_box *b = it->box;

		if (it->kind == JB_ITEM_RULE) {
			set_color(cr, b->color ? b->color : st->rule_color);
			if (b->kind == JB_BOX_COLOPHON)
				set_color(cr, st->text_color);
			cairo_rectangle(cr, left + it->x, it->y - it->h / 2, it->w, it->h);
			cairo_fill(cr);
			continue;
		}
		if (it->first && b->mark >= 0 && it->para == b->para) {
			char *attr = g_strdup_printf("name='m%d' x=%.2f y=%.2f", b->mark, left, it->band_top);
			cairo_tag_begin(cr, CAIRO_TAG_DEST, attr);
			cairo_tag_end(cr, CAIRO_TAG_DEST);
			g_free(attr);
		}
		set_color(cr, b->color ? b->color : st->text_color);
		if (it->line >= 0)
			jb_para_paint_line(it->para, it->line, cr, left + it->x, it->y);
		if (it->last && b->target >= 0 && it->para == b->para)
			paint_entry(pi, cr, it, left);
	}
	if (pg->number > 1)
		paint_furniture(pi, cr, pg, left);
}

static void
add_outline(const struct jb_paint_info *pi, cairo_surface_t *s)
{
	GArray *marks = pi->flow->marks;
	int *ids = g_new0(int, marks->len + 1);

	for (guint i = 0; i < marks->len; i++) {
		struct jb_mark *m = &g_array_index(marks, struct jb_mark, i);
		int parent = m->parent >= 0 && (guint)m->parent < i ? ids[m->parent] : CAIRO_PDF_OUTLINE_ROOT;
		if (m->page <= 0) {
			ids[i] = parent;
			continue;
		}
		char *attr = g_strdup_printf("page=%d pos=[%.2f %.2f]", m->page,
		    area_left(pi->st, m->page), m->y);
		ids[i] = cairo_pdf_surface_add_outline(s, parent, m->title, attr,
		    m->article ? 0 : CAIRO_PDF_OUTLINE_FLAG_OPEN | CAIRO_PDF_OUTLINE_FLAG_BOLD);
		g_free(attr);
	}
	g_free(ids);
}

/* The first pass: every page painted on a one-pixel scratch surface while the
 * embed set collects the glyphs of each face instead of drawing them. */
static void
collect_glyphs(const struct jb_paint_info *pi, struct jb_embed *embed)
{
	cairo_surface_t *scratch = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
	cairo_t *cr = cairo_create(scratch);

	jb_embed_attach(cr, embed);
	for (guint i = 0; i < pi->pages->len; i++)
		paint_page(pi, cr, pi->pages->pdata[i]);
	cairo_destroy(cr);
	cairo_surface_destroy(scratch);
	jb_embed_build(embed);
}

bool
jb_paint_pdf(const struct jb_paint_info *pi, GByteArray *out, struct jb_diag *diag)
{
	const struct jb_style *st = pi->st;
	cairo_surface_t *s;
	cairo_t *cr;
	cairo_status_t status;
	struct jb_embed *embed;

	s = cairo_pdf_surface_create_for_stream(write_bytes, out, st->page_w, st->page_h);

	cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
	if (pi->flow->title)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, pi->flow->title);
	if (pi->flow->author)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, pi->flow->author);
	if (pi->flow->subject)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, pi->flow->subject);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, pi->creator);
	if (pi->date) {
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, pi->date);
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, pi->date);
	}
	embed = jb_embed_new();
	collect_glyphs(pi, embed);
	cr = cairo_create(s);
	jb_embed_attach(cr, embed);
	/* Cairo 1.16 writes link annotations under object numbers it never emits
	 * (qpdf: "object 3 0 not found") unless the content sits inside a
	 * structure element; one Document element around all pages avoids that
	 * and makes the PDF tagged. */
	cairo_tag_begin(cr, "Document", "");
	for (guint i = 0; i < pi->pages->len; i++) {
		const struct jb_page *pg = pi->pages->pdata[i];
		char lab[16];
		g_snprintf(lab, sizeof lab, "%d", pg->number);
		cairo_pdf_surface_set_page_label(s, lab);
		paint_page(pi, cr, pg);
		cairo_show_page(cr);
	}
	cairo_tag_end(cr, "Document");
	add_outline(pi, s);
	status = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(s);
	cairo_surface_destroy(s);
	jb_embed_free(embed);
	if (status != CAIRO_STATUS_SUCCESS) {
		jb_error(diag, "pdf-write", 0, "cairo could not write the PDF: %s", cairo_status_to_string(status));
		return false;
	}
	return true;
}
