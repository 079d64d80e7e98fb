/*
 * pdf/paint.h: pages -> PDF bytes through a Cairo PDF surface: glyphs, rules,
 * tinted panels, running heads, folios, contents leaders and links, the outline
 * and the document information. The only module that draws.
 */
#ifndef JB_PAINT_H
#define JB_PAINT_H

#include <stdbool.h>
#include <glib.h>
#include "page.h"

struct jb_paint_info {
	const struct jb_style *st;
	const struct jb_fonts *fonts;
	PangoContext *pc;
	struct jb_flow *flow;
	GPtrArray *pages;		/* struct jb_page * */
	const char *creator;
	const char *date;		/* ISO 8601 creation date, NULL = now */
	struct jb_diag *diag;		/* the job's */
};

bool jb_paint_pdf(const struct jb_paint_info *, GByteArray *out, struct jb_diag *);

#endif
