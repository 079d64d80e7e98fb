/*
 * pdf/typeset.c: the paragraph typesetter behind pdf/typeset.h (first cut: a
 * PangoLayout per paragraph with width, justification and indent; lines painted
 * with pango_cairo_show_layout_line). The print PangoContext lives here too.
 */
#include <string.h>

#include "../core/diag.h"
#include "typeset.h"

struct jb_para {
	PangoLayout *layout;
	int nlines;
	double indent;
	double measure;
	enum jb_align align;
};

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

struct jb_para *
jb_para_new(PangoContext *ctx, const struct jb_inline *in,
    const struct jb_para_spec *spec, struct jb_diag *diag)
{
	struct jb_para *p = g_new0(struct jb_para, 1);
	PangoFontDescription *fd = pango_font_description_new();
	PangoAttrList *al = pango_attr_list_new();
	const char *text = in->text ? in->text : "";

	(void)diag;
	p->layout = pango_layout_new(ctx);
	pango_font_description_set_family(fd, spec->family ? spec->family : "serif");
	pango_font_description_set_absolute_size(fd, spec->size * PANGO_SCALE);
	pango_font_description_set_weight(fd, spec->weight);
	pango_layout_set_font_description(p->layout, fd);
	pango_font_description_free(fd);
	for (guint i = 0; i < in->nbold; i++) {
		PangoAttribute *a = pango_attr_weight_new(spec->weight >= 700 ? 900 : 700);
		a->start_index = in->bold[i].start;
		a->end_index = in->bold[i].end;
		pango_attr_list_insert(al, a);
	}
	pango_layout_set_attributes(p->layout, al);
	pango_attr_list_unref(al);
	pango_layout_set_text(p->layout, text, -1);
	pango_layout_set_width(p->layout, (int)(spec->measure * PANGO_SCALE));
	pango_layout_set_wrap(p->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_indent(p->layout, (int)(spec->indent * PANGO_SCALE));
	switch (spec->align) {
	case JB_ALIGN_JUSTIFY:
		pango_layout_set_justify(p->layout, TRUE);
		break;
	case JB_ALIGN_CENTER:
		pango_layout_set_alignment(p->layout, PANGO_ALIGN_CENTER);
		break;
	case JB_ALIGN_RIGHT:
		pango_layout_set_alignment(p->layout, PANGO_ALIGN_RIGHT);
		break;
	default:
		break;
	}
	p->nlines = pango_layout_get_line_count(p->layout);
	p->indent = spec->indent;
	p->measure = spec->measure;
	p->align = spec->align;
	return p;
}

void
jb_para_free(struct jb_para *p)
{
	if (p == NULL)
		return;
	g_object_unref(p->layout);
	g_free(p);
}

int
jb_para_line_count(const struct jb_para *p)
{
	return p->nlines;
}

static void
line_geom(const struct jb_para *p, int i, double *x, double *w, double *asc, double *desc)
{
	PangoLayoutIter *it = pango_layout_get_iter(p->layout);
	PangoRectangle lr;

	for (int k = 0; k < i; k++)
		pango_layout_iter_next_line(it);
	pango_layout_iter_get_line_extents(it, NULL, &lr);
	if (x)
		*x = (double)lr.x / PANGO_SCALE;
	if (w)
		*w = (double)lr.width / PANGO_SCALE;
	if (asc)
		*asc = (double)(pango_layout_iter_get_baseline(it) - lr.y) / PANGO_SCALE;
	if (desc)
		*desc = (double)(lr.y + lr.height - pango_layout_iter_get_baseline(it)) / PANGO_SCALE;
	pango_layout_iter_free(it);
}

double
jb_para_line_width(const struct jb_para *p, int i)
{
	double w = 0;

	line_geom(p, i, NULL, &w, NULL, NULL);
	return w;
}

void
jb_para_line_extents(const struct jb_para *p, int i, double *ascent, double *descent)
{
	line_geom(p, i, NULL, NULL, ascent, descent);
}

void
jb_para_line_range(const struct jb_para *p, int i, guint *start, guint *end)
{
	PangoLayoutLine *l = pango_layout_get_line_readonly(p->layout, i);

	*start = (guint)l->start_index;
	*end = (guint)(l->start_index + l->length);
}

void
jb_para_paint_line(const struct jb_para *p, int i, cairo_t *cr, double x, double y)
{
	PangoLayoutLine *l = pango_layout_get_line_readonly(p->layout, i);
	double lx = 0;

	line_geom(p, i, &lx, NULL, NULL, NULL);
	cairo_move_to(cr, x + lx, y);
	pango_cairo_show_layout_line(cr, l);
}
