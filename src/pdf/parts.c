/*
 * pdf/parts.c: the print edition's document parts as boxes: the masthead (报头,
 * built like GB/T 9704's 版头), the contents (printed 【目录】 or generated from
 * the structure, entries linked to their articles) and the colophon (版记).
 */
#include <string.h>
#include "../core/diag.h"
#include "../doc/doc.h"
#include "../style/font.h"
#include "flow.h"

static struct jb_box *
text_box(struct jb_flow_ctx *fx, const xmlNode *n, const char *text, enum jb_role r,
    enum jb_align al, double x, double measure, bool bold)
{
	const struct jb_style *st = fx->st;
	const struct jb_role_style *rs = &st->role[r];
	bool block = rs->size > st->body_size + 0.01 || rs->lines > 1 || rs->leading > 0;
	struct jb_box *b = jb_box_new(block ? JB_BOX_BLOCK : JB_BOX_LINES, r);

	b->x = x;
	b->measure = measure;
	b->color = rs->color;
	b->para = jb_flow_para(fx, n, r, measure, 0, al, text, NULL, bold);
	if (b->para == NULL) {
		jb_box_free(b);
		return NULL;
	}
	if (block)
		jb_flow_size_block(st, b);
	return b;
}

static void
push(GPtrArray *to, struct jb_box *b)
{
	if (b)
		g_ptr_array_add(to, b);
}

void
jb_parts_masthead(struct jb_flow_ctx *fx, GPtrArray *to, const xmlNode *meta)
{
	const struct jb_style *st = fx->st;
	const xmlNode *title = jb_child(meta, "title"), *sub = jb_child(meta, "subtitle");
	const xmlNode *issue = jb_child(meta, "issue"), *issuer = jb_child(meta, "issuer");
	const xmlNode *date = jb_child(meta, "date");
	struct jb_box *b;

	/* Publication title, large, centred, red; in GB/T 9704 its top edge sits
	 * masthead-top below the top of the type area. */
	b = text_box(fx, title, NULL, JB_ROLE_MASTHEAD, JB_ALIGN_CENTER, 0, st->area_w, false);
	if (b && st->masthead_top > 0)
		b->top = st->masthead_top;
	push(to, b);
	if (sub)
		push(to, text_box(fx, sub, NULL, JB_ROLE_MASTHEAD_SUB, JB_ALIGN_CENTER, 0, st->area_w, false));
	if (issue)
		push(to, text_box(fx, issue, NULL, JB_ROLE_ISSUE, JB_ALIGN_CENTER, 0, st->area_w, false));
	if (issuer || date) {
		/* Issuer flush left, date flush right, on one line above the red rule. */
		b = jb_box_new(JB_BOX_PAIR, JB_ROLE_ISSUER);
		b->measure = st->area_w;
		b->color = st->role[JB_ROLE_ISSUER].color;
		b->para = jb_flow_para(fx, issuer, JB_ROLE_ISSUER, st->area_w, 0, JB_ALIGN_LEFT, NULL, NULL, false);
		b->para2 = jb_flow_para(fx, date, JB_ROLE_ISSUER, st->area_w, 0, JB_ALIGN_LEFT, NULL, NULL, false);
		if (b->para && b->para2)
			push(to, b);
		else
			jb_box_free(b);
	}
	b = jb_box_new(JB_BOX_RULE, JB_ROLE_MASTHEAD);
	b->rule = st->rule_thick * 3;	/* the masthead's red rule is the heaviest on the page */
	b->color = st->rule_color;
	b->measure = st->area_w;
	b->top = JB_MM(4);	/* 4 mm below the line above it (GB/T 9704 7.2.7) */
	push(to, b);
	jb_flow_add_space(to, 1);
}

/* Entry text and article title match when one contains the other once
 * whitespace is ignored (printed contents often shorten or lengthen titles). */
static char *
squeeze(const char *s)
{
	GString *o = g_string_new(NULL);

	for (; *s; s++)
		if (*s != ' ' && *s != '\t')
			g_string_append_c(o, *s);
	return g_string_free(o, FALSE);
}

static int
find_article(struct jb_flow *f, const char *entry, bool *used)
{
	char *e = squeeze(entry);
	int found = -1;

	for (guint i = 0; i < f->marks->len && found < 0; i++) {
		struct jb_mark *m = &g_array_index(f->marks, struct jb_mark, i);
		if (!m->article || used[i])
			continue;
		char *t = squeeze(m->title);
		if (*e && *t && (strstr(t, e) || strstr(e, t)) && MIN(strlen(e), strlen(t)) >= 6)
			found = (int)i;
		g_free(t);
	}
	g_free(e);
	return found;
}

/* A contents entry: justified over the whole measure so its wrapped lines
 * close like body text; when its last line leaves no room for the page number,
 * the leaders and the number take a line of their own. */
static struct jb_box *
entry_box(struct jb_flow_ctx *fx, const xmlNode *n, const char *text, double x, bool bold,
    int target)
{
	const struct jb_style *st = fx->st;
	double numw = 3 * st->char_pitch, measure = st->area_w - x;
	struct jb_box *b = text_box(fx, n, text, JB_ROLE_CONTENTS, JB_ALIGN_JUSTIFY, x, measure, bold);

	if (b == NULL)
		return NULL;
	int last = jb_para_line_count(b->para) - 1;
	if (last < 0 || jb_para_line_width(b->para, last) > measure - numw)
		b->flags |= JB_BOX_NUMBER_BELOW;
	b->kind = JB_BOX_LINES;
	b->target = target;
	return b;
}

void
jb_parts_contents(struct jb_flow_ctx *fx, GPtrArray *to, const xmlNode *contents)
{
	const struct jb_style *st = fx->st;
	struct jb_flow *f = fx->flow;
	double em = st->char_pitch;
	const xmlNode *t = contents ? jb_child(contents, "title") : NULL;
	struct jb_box *b;
	bool sections = false;

	b = text_box(fx, t, t ? NULL : "目　录", JB_ROLE_HEADING1, JB_ALIGN_CENTER, 0, st->area_w, false);
	if (b) {
		b->flags = JB_BOX_KEEP_NEXT;
		push(to, b);
	}
	if (contents) {
		bool *used = g_new0(bool, f->marks->len + 1);
		for (const xmlNode *e = jb_first_elem(contents); e; e = jb_next_elem(e)) {
			if (!jb_is(e, "entry"))
				continue;
			char *txt = jb_flow_plain(e);
			int m = find_article(f, txt, used);
			g_free(txt);
			if (m >= 0)
				used[m] = true;
			push(to, entry_box(fx, e, NULL, 0, false, m));
		}
		g_free(used);
		return;
	}
	for (guint i = 0; i < f->marks->len; i++)
		sections |= !g_array_index(f->marks, struct jb_mark, i).article;
	for (guint i = 0; i < f->marks->len; i++) {
		struct jb_mark *m = &g_array_index(f->marks, struct jb_mark, i);
		/* Articles inside sections are indented under their section. */
		double x = sections && m->level > 0 ? 2 * em : 0;
		push(to, entry_box(fx, NULL, m->title, x, !m->article, (int)i));
	}
}

void
jb_parts_colophon(struct jb_flow_ctx *fx, GPtrArray *to, const xmlNode *colophon)
{
	const struct jb_style *st = fx->st;
	double em = st->role[JB_ROLE_COLOPHON].size;
	struct jb_box *c = jb_box_new(JB_BOX_COLOPHON, JB_ROLE_COLOPHON);
	GRegex *re = g_regex_new("^(.*?)\\s*([0-9]{4}\\s*年\\s*[0-9]{1,2}\\s*月\\s*[0-9]{1,2}\\s*日\\s*印发)\\s*$",
	    0, 0, NULL);

	c->sub = g_ptr_array_new_with_free_func((GDestroyNotify)jb_box_free);
	for (const xmlNode *p = jb_first_elem(colophon); p; p = jb_next_elem(p)) {
		char *txt = jb_text_of(p);
		GMatchInfo *mi = NULL;
		struct jb_box *b;

		if (g_regex_match(re, txt, 0, &mi) && c->sub->len > 0) {
			/* The 印发 line: issuer one character in from the left, date one
			 * character in from the right, a thin rule above it (GB/T 9704 7.4.3). */
			char *l = g_match_info_fetch(mi, 1), *r = g_match_info_fetch(mi, 2);
			b = jb_box_new(JB_BOX_PAIR, JB_ROLE_COLOPHON);
			b->x = em;
			b->measure = st->area_w - 2 * em;
			b->flags = JB_BOX_RULE_ABOVE;
			b->para = jb_flow_para_text(fx, l, JB_ROLE_COLOPHON, b->measure, JB_ALIGN_LEFT);
			b->para2 = jb_flow_para_text(fx, r, JB_ROLE_COLOPHON, b->measure, JB_ALIGN_LEFT);
			g_free(l);
			g_free(r);
		} else {
			const char *colon = strstr(txt, "：");
			b = jb_box_new(JB_BOX_LINES, JB_ROLE_COLOPHON);
			b->x = em;
			b->measure = st->area_w - 2 * em;
			if (colon && g_utf8_strlen(txt, colon - txt) <= 4 && colon[3] != '\0') {
				/* 送：/抄送：… : wrapped lines align under the first
				 * character after the colon (GB/T 9704 7.4.2). */
				char *lab = g_strndup(txt, (gsize)(colon - txt) + 3);
				b->para2 = jb_flow_para_text(fx, lab, JB_ROLE_COLOPHON, b->measure, JB_ALIGN_LEFT);
				g_free(lab);
				if (b->para2 && jb_para_line_count(b->para2) == 1) {
					/* the colon keeps its full width here, as in the line above */
					double lw = MAX(jb_para_line_width(b->para2, 0),
					    g_utf8_strlen(txt, colon - txt + 3) * em);
					b->marker_x = em;
					b->x = em + lw;
					b->measure -= lw;
					b->para = jb_flow_para_text(fx, colon + 3, JB_ROLE_COLOPHON, b->measure,
					    JB_ALIGN_JUSTIFY);
				}
			}
			if (b->para == NULL)
				b->para = jb_flow_para(fx, p, JB_ROLE_COLOPHON, b->measure, 0, JB_ALIGN_JUSTIFY,
				    NULL, NULL, false);
		}
		g_match_info_free(mi);
		g_free(txt);
		b->color = st->role[JB_ROLE_COLOPHON].color;
		if (b->para == NULL || (b->kind == JB_BOX_PAIR && b->para2 == NULL))
			jb_box_free(b);
		else
			g_ptr_array_add(c->sub, b);
	}
	g_regex_unref(re);
	if (c->sub->len == 0) {
		jb_box_free(c);
		return;
	}
	g_ptr_array_add(to, c);
}
