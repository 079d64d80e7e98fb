/*
 * pdf/pdf.c: the print edition's driver: bulletin -> boxes (flow, parts) -> pages
 * (page) -> PDF bytes (paint), every page laid out before any is painted; dates
 * from SOURCE_DATE_EPOCH so the same input gives the same bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include "../core/diag.h"
#include "../core/env.h"
#include "../core/render.h"
#include "../style/font.h"
#include "flow.h"
#include "page.h"
#include "paint.h"
#include "pdf.h"

/* SOURCE_DATE_EPOCH as an ISO 8601 UTC date for cairo; NULL if unset or bad. */
static char *
source_date(struct jb_diag *diag)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end = NULL;
	long long v;
	time_t t;
	struct tm tm;
	char buf[32];

	if (e == NULL || *e == '\0')
		return NULL;
	errno = 0;
	v = strtoll(e, &end, 10);
	if (errno || *end || v < 0) {
		jb_warn(diag, "bad-source-date", 0, "SOURCE_DATE_EPOCH '%s' is not a number of seconds; ignored", e);
		return NULL;
	}
	t = (time_t)v;
	if (gmtime_r(&t, &tm) == NULL || strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return NULL;
	return g_strdup(buf);
}

bool
jb_pdf_render(xmlDoc *doc, const struct jb_env *env, GByteArray *out, struct jb_diag *diag)
{
	const struct jb_style *st = jb_env_style(env);
	const struct jb_fonts *fonts = jb_env_fonts(env, diag);
	struct jb_paint_info pi = { 0 };
	PangoContext *pc;
	struct jb_flow *flow;
	GPtrArray *pages;
	char *date;
	bool ok;

	if (fonts == NULL)
		return false;
	/* Pango's font map reads fontconfig's configuration: the application font
	 * dirs a cached resolve left pending go in first. */
	if (!jb_font_ops(diag)->fontconfig_init()) {
		jb_error(diag, "font-missing", 0, "fontconfig could not be initialised");
		return false;
	}
	pc = jb_print_context_new();
	flow = jb_flow_build(doc, st, fonts, pc, diag);
	if (flow == NULL) {
		g_object_unref(pc);
		return false;
	}
	pages = jb_paginate(flow, st, diag);
	date = source_date(diag);
	pi.st = st;
	pi.fonts = fonts;
	pi.pc = pc;
	pi.flow = flow;
	pi.pages = pages;
	pi.creator = "jianbao " JB_VERSION;
	pi.date = date;
	pi.diag = diag;
	ok = jb_paint_pdf(&pi, out, diag);
	g_free(date);
	/* Pages borrow lines from the flow's paragraphs: free them first. */
	g_ptr_array_free(pages, TRUE);
	jb_flow_free(flow);
	g_object_unref(pc);
	return ok;
}
