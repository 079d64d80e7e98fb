/*
 * pdf/flow.c: bulletin tree -> boxes (see flow.h): each element's role, grid
 * behaviour (lines on grid lines or a centred block), spacing in whole grid
 * lines and keep rules. Masthead, contents and colophon: parts.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../core/diag.h"
#include "../doc/doc.h"
#include "../style/font.h"
#include "flow.h"

/* Inline content being collected: text plus bold byte ranges. */
struct inl {
	GString *s;
	GArray *bold;		/* struct jb_span */
};

static void
inl_append(struct inl *in, const xmlNode *n, bool bold)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			guint start = (guint)in->s->len;
			/* Layout line ends inside the XML are not text. */
			for (const xmlChar *p = c->content; p && *p; p++)
				if (*p != '\n' && *p != '\r')
					g_string_append_c(in->s, (char)*p);
			if (bold && in->s->len > start) {
				struct jb_span sp = { start, (guint)in->s->len };
				g_array_append_val(in->bold, sp);
			}
		} else if (c->type == XML_ELEMENT_NODE) {
			if (jb_is(c, "br"))
				g_string_append_c(in->s, '\n');
			else
				inl_append(in, c, bold || jb_is(c, "b"));
		}
	}
}

static void
inl_text(struct inl *in, const char *t, bool bold)
{
	guint start = (guint)in->s->len;

	g_string_append(in->s, t);
	if (bold && in->s->len > start) {
		struct jb_span sp = { start, (guint)in->s->len };
		g_array_append_val(in->bold, sp);
	}
}

static struct jb_para *
make_para(struct jb_flow_ctx *fx, struct inl *in, enum jb_role r, double measure,
    double indent_em, enum jb_align align, int line)
{
	const struct jb_style *st = fx->st;
	const struct jb_role_style *rs = &st->role[r];
	struct jb_para_spec spec = { 0 };
	struct jb_inline il = { in->s->str, (const struct jb_span *)(void *)in->bold->data, in->bold->len };
	struct jb_para *p;

	spec.family = fx->fonts->role[r].family;
	spec.size = rs->size;
	spec.weight = rs->weight;
	spec.align = align;
	spec.measure = measure > 0 ? measure : st->area_w;
	spec.indent = indent_em * rs->size;
	/* Text at body size keeps the body's character pitch so it closes the measure
	 * (GB/T 9704: 28 characters of 16 pt in 156 mm need a 15.79 pt pitch). */
	spec.char_pitch = fabs(rs->size - st->body_size) < 0.01 ? st->char_pitch : 0;
	spec.adjust_punct = r != JB_ROLE_MASTHEAD;
	p = jb_para_new(fx->pc, &il, &spec, fx->diag);
	if (p == NULL) {
		fx->failed = true;
		return NULL;
	}
	/* The text stays in the tree and the other outputs; the PDF can only show
	 * a box with the code, so say so rather than lose it quietly. */
	char *miss = jb_para_missing_chars(p);
	if (miss)
		jb_warn(fx->diag, "pdf-missing-glyph", line,
		    "no installed font has %s: the PDF shows a box with the code instead", miss);
	g_free(miss);
	return p;
}

struct jb_para *
jb_flow_para(struct jb_flow_ctx *fx, const xmlNode *n, enum jb_role r, double measure,
    double indent_em, enum jb_align align, const char *prefix, const char *suffix, bool bold_all)
{
	struct inl in = { g_string_new(NULL), g_array_new(FALSE, FALSE, sizeof(struct jb_span)) };
	struct jb_para *p;

	if (prefix)
		inl_text(&in, prefix, bold_all);
	if (n)
		inl_append(&in, n, bold_all);
	if (suffix)
		inl_text(&in, suffix, bold_all);
	p = make_para(fx, &in, r, measure, indent_em, align, n ? jb_line_of(n) : 0);
	g_string_free(in.s, TRUE);
	g_array_free(in.bold, TRUE);
	return p;
}

struct jb_para *
jb_flow_para_text(struct jb_flow_ctx *fx, const char *text, enum jb_role r, double measure,
    enum jb_align align)
{
	return jb_flow_para(fx, NULL, r, measure, 0, align, text, NULL, false);
}

struct jb_box *
jb_box_new(enum jb_box_kind kind, enum jb_role r)
{
	struct jb_box *b = g_new0(struct jb_box, 1);

	b->kind = kind;
	b->role = r;
	b->top = -1;
	b->mark = -1;
	b->target = -1;
	return b;
}

void
jb_box_free(struct jb_box *b)
{
	if (b == NULL)
		return;
	if (b->para)
		jb_para_free(b->para);
	if (b->para2)
		jb_para_free(b->para2);
	if (b->sub)
		g_ptr_array_free(b->sub, TRUE);
	g_free(b);
}

void
jb_flow_add_space(GPtrArray *to, int lines)
{
	if (lines <= 0)
		return;
	struct jb_box *b = jb_box_new(JB_BOX_SPACE, JB_ROLE_BODY);
	b->slots = lines;
	g_ptr_array_add(to, b);
}

/* A role set larger than the body, or given several lines or its own leading,
 * is a block centred in whole grid lines; anything else sits line by line on
 * the grid. */
static bool
role_is_block(const struct jb_style *st, enum jb_role r)
{
	const struct jb_role_style *rs = &st->role[r];

	return rs->size > st->body_size + 0.01 || rs->lines > 1 || rs->leading > 0;
}

/* Fills a BLOCK box's geometry from its paragraph. */
void
jb_flow_size_block(const struct jb_style *st, struct jb_box *b)
{
	const struct jb_role_style *rs = &st->role[b->role];
	int n = b->para ? jb_para_line_count(b->para) : 1;
	double gap = st->line_pitch - st->body_size;

	b->size = rs->size;
	b->leading = rs->leading > 0 ? rs->leading : MAX(st->line_pitch, rs->size * 1.25);
	double h = (n - 1) * b->leading + rs->size + gap;
	b->slots = MAX(rs->lines, (int)ceil(h / st->line_pitch - 0.01));
	if (b->slots < 1)
		b->slots = 1;
}

struct jb_box *
jb_flow_add_text(struct jb_flow_ctx *fx, GPtrArray *to, const xmlNode *n, enum jb_role r,
    unsigned flags)
{
	const struct jb_style *st = fx->st;
	const struct jb_role_style *rs = &st->role[r];
	bool block = role_is_block(st, r);
	struct jb_box *b = jb_box_new(block ? JB_BOX_BLOCK : JB_BOX_LINES, r);

	b->flags = flags;
	b->color = rs->color;
	b->measure = st->area_w;
	b->para = jb_flow_para(fx, n, r, st->area_w, rs->indent, rs->align, NULL, NULL, false);
	if (b->para == NULL) {
		jb_box_free(b);
		return NULL;
	}
	if (block)
		jb_flow_size_block(st, b);
	jb_flow_add_space(to, rs->space_before);
	g_ptr_array_add(to, b);
	jb_flow_add_space(to, rs->space_after);
	return b;
}

char *
jb_flow_plain(const xmlNode *n)
{
	char *t = jb_text_of(n);
	GString *s = g_string_new(NULL);
	bool sp = false;

	for (const char *p = t; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			sp = s->len > 0;
			continue;
		}
		if (sp)
			g_string_append_c(s, ' ');
		sp = false;
		g_string_append_c(s, *p);
	}
	g_free(t);
	return g_string_free(s, FALSE);
}

static int
add_mark(struct jb_flow *f, int level, int parent, bool article, char *title)
{
	struct jb_mark m = { level, parent, article, title, 0, 0 };

	g_array_append_val(f->marks, m);
	return (int)f->marks->len - 1;
}

/* The first box added from index `from` opens mark m (its destination). */
static void
set_mark(GPtrArray *to, guint from, int m)
{
	for (guint i = from; i < to->len; i++) {
		struct jb_box *b = to->pdata[i];
		if (b->kind == JB_BOX_LINES || b->kind == JB_BOX_BLOCK) {
			b->mark = m;
			return;
		}
	}
}

static void add_children(struct jb_flow_ctx *, GPtrArray *, const xmlNode *, bool in_aside);

static void
add_list(struct jb_flow_ctx *fx, GPtrArray *to, const xmlNode *list, int panel)
{
	const struct jb_style *st = fx->st;
	char *kind = jb_attr(list, "kind");
	bool ordered = kind && !strcmp(kind, "ordered");
	double em = st->char_pitch, inset = panel ? em : 0;
	int k = 0;

	g_free(kind);
	for (const xmlNode *li = jb_first_elem(list); li; li = jb_next_elem(li)) {
		if (!jb_is(li, "li"))
			continue;
		struct jb_box *b = jb_box_new(JB_BOX_LINES, JB_ROLE_LIST);
		char mk[16];
		/* Hanging marker: the text block starts two characters in, the marker
		 * sits in that margin, so wrapped lines align under the text. */
		b->x = inset + 2 * em;
		b->measure = st->area_w - 2 * em - 2 * inset;
		b->color = st->role[JB_ROLE_LIST].color;
		b->panel = panel;
		b->para = jb_flow_para(fx, li, JB_ROLE_LIST, b->measure, 0, JB_ALIGN_JUSTIFY, NULL, NULL, false);
		if (ordered)
			g_snprintf(mk, sizeof mk, "%d.", ++k);
		else
			g_strlcpy(mk, "\xe2\x80\xa2", sizeof mk);	/* • */
		b->para2 = jb_flow_para_text(fx, mk, JB_ROLE_LIST, 2 * em, JB_ALIGN_LEFT);
		b->marker_x = inset + (ordered ? 0.5 * em : 0.75 * em);
		if (b->para == NULL || b->para2 == NULL) {
			jb_box_free(b);
			continue;
		}
		g_ptr_array_add(to, b);
	}
}

static void
add_figure(struct jb_flow_ctx *fx, GPtrArray *to, const xmlNode *fig, int panel)
{
	const struct jb_style *st = fx->st;
	struct jb_box *r;
	guint first = to->len;

	/* The image is not in the text: its caption stands where it stood, between
	 * two short rules, so it reads as a figure and never as a blank box. */
	r = jb_box_new(JB_BOX_RULE, JB_ROLE_CAPTION);
	r->rule = st->rule_thin;
	r->color = 0x888888;
	r->x = st->area_w / 4;
	r->measure = st->area_w / 2;
	r->flags = JB_BOX_KEEP_NEXT;
	g_ptr_array_add(to, r);
	for (const xmlNode *c = jb_first_elem(fig); c; c = jb_next_elem(c)) {
		struct jb_box *b = NULL;
		if (jb_is(c, "caption"))
			b = jb_flow_add_text(fx, to, c, JB_ROLE_CAPTION, 0);
		else if (jb_is(c, "credit")) {
			b = jb_box_new(JB_BOX_LINES, JB_ROLE_CREDIT);
			b->para = jb_flow_para(fx, c, JB_ROLE_CREDIT, st->area_w, 0, JB_ALIGN_CENTER, NULL, NULL, false);
			b->color = st->role[JB_ROLE_CAPTION].color;
			if (b->para)
				g_ptr_array_add(to, b);
			else
				jb_box_free(b);
		}
		if (b)
			b->panel = panel;
	}
	if (to->len == first + 1) {
		/* A figure with no caption at all: say so rather than leave nothing. */
		struct jb_box *b = jb_box_new(JB_BOX_LINES, JB_ROLE_CAPTION);
		b->para = jb_flow_para_text(fx, "（图）", JB_ROLE_CAPTION, st->area_w, JB_ALIGN_CENTER);
		b->color = st->role[JB_ROLE_CAPTION].color;
		if (b->para)
			g_ptr_array_add(to, b);
		else
			jb_box_free(b);
	}
	r = jb_box_new(JB_BOX_RULE, JB_ROLE_CAPTION);
	r->rule = st->rule_thin;
	r->color = 0x888888;
	r->x = st->area_w / 4;
	r->measure = st->area_w / 2;
	g_ptr_array_add(to, r);
}

static void
add_aside(struct jb_flow_ctx *fx, GPtrArray *to, const xmlNode *aside)
{
	const struct jb_style *st = fx->st;
	char *kind = jb_attr(aside, "kind");
	bool slogan = kind && !strcmp(kind, "slogan");
	int panel = ++fx->panels;
	double em = st->char_pitch;
	guint first;

	g_free(kind);
	/* One blank grid line above and below: the tinted panel grows into them. */
	jb_flow_add_space(to, 1);
	first = to->len;
	for (const xmlNode *c = jb_first_elem(aside); c; c = jb_next_elem(c)) {
		struct jb_box *b = NULL;
		if (jb_is(c, "title")) {
			b = jb_box_new(JB_BOX_LINES, JB_ROLE_ASIDE);
			b->para = jb_flow_para(fx, c, JB_ROLE_ASIDE, st->area_w - 2 * em, 0, JB_ALIGN_CENTER,
			    NULL, NULL, true);
			b->x = em;
			b->flags = JB_BOX_KEEP_NEXT;
		} else if (jb_is(c, "p") || jb_is(c, "credit")) {
			enum jb_align al = slogan ? JB_ALIGN_CENTER : jb_is(c, "credit") ? JB_ALIGN_RIGHT
			    : st->role[JB_ROLE_ASIDE].align;
			b = jb_box_new(JB_BOX_LINES, JB_ROLE_ASIDE);
			b->para = jb_flow_para(fx, c, JB_ROLE_ASIDE, st->area_w - 2 * em,
			    slogan || jb_is(c, "credit") ? 0 : st->role[JB_ROLE_ASIDE].indent, al,
			    NULL, NULL, slogan);
			b->x = em;
		} else if (jb_is(c, "heading")) {
			b = jb_box_new(JB_BOX_LINES, JB_ROLE_ASIDE);
			b->para = jb_flow_para(fx, c, JB_ROLE_ASIDE, st->area_w - 2 * em, 0, JB_ALIGN_LEFT,
			    NULL, NULL, true);
			b->x = em;
			b->flags = JB_BOX_KEEP_NEXT;
		} else if (jb_is(c, "list")) {
			add_list(fx, to, c, panel);
		} else if (jb_is(c, "figure")) {
			add_figure(fx, to, c, panel);
		}
		if (b && b->para == NULL) {
			jb_box_free(b);
			b = NULL;
		}
		if (b) {
			b->color = st->role[JB_ROLE_ASIDE].color;
			b->measure = st->area_w - 2 * em;
			g_ptr_array_add(to, b);
		}
	}
	for (guint i = first; i < to->len; i++)
		((struct jb_box *)to->pdata[i])->panel = panel;
	jb_flow_add_space(to, 1);
}

/* A ▲ item of a bulletin: a short article with only a title, no kicker,
 * subtitle or byline. */
static bool
is_item(const xmlNode *art, bool in_section)
{
	if (jb_child(art, "kicker") || jb_child(art, "subtitle") || jb_child(art, "byline"))
		return false;
	return in_section || (art->parent && jb_child(art->parent, "meta"));
}

static bool
ends_with_stop(const char *t)
{
	static const char *const stops[] = { "。", "！", "？", "…", "：", ".", "!", "?", NULL };

	for (int i = 0; stops[i]; i++)
		if (g_str_has_suffix(t, stops[i]))
			return true;
	return false;
}

static void
add_article(struct jb_flow_ctx *fx, GPtrArray *to, const xmlNode *art, int level, int parent,
    bool in_section)
{
	const struct jb_style *st = fx->st;
	const xmlNode *title = jb_child(art, "title");
	bool item = is_item(art, in_section);
	bool runin = item && title && !strcmp(st->item_title, "run-in");
	guint first = to->len;
	char *mt;
	const xmlNode *c;

	if (title)
		mt = jb_flow_plain(title);
	else {
		/* Untitled item: the outline shows its opening words. */
		const xmlNode *p = jb_child(art, "p");
		char *t = p ? jb_flow_plain(p) : g_strdup("");
		glong n = g_utf8_strlen(t, -1);
		if (n > 18) {
			char *e = g_utf8_offset_to_pointer(t, 18);
			*e = '\0';
			mt = g_strconcat(t, "…", NULL);
		} else
			mt = g_strdup(*t ? t : "（无题）");
		g_free(t);
	}
	int m = add_mark(fx->flow, level, parent, true, mt);

	for (c = jb_first_elem(art); c; c = jb_next_elem(c)) {
		if (jb_is(c, "kicker"))
			jb_flow_add_text(fx, to, c, JB_ROLE_KICKER, JB_BOX_KEEP_NEXT);
		else if (jb_is(c, "title") && item && !runin) {
			/* A ▲ item's title set as a head of its own. */
			struct jb_box *b = jb_box_new(JB_BOX_LINES, JB_ROLE_HEADING2);
			jb_flow_add_space(to, 1);
			b->para = jb_flow_para(fx, c, JB_ROLE_HEADING2, st->area_w, 0, JB_ALIGN_LEFT,
			    "▲", NULL, false);
			b->flags = JB_BOX_KEEP_NEXT;
			b->color = st->role[JB_ROLE_HEADING2].color;
			if (b->para)
				g_ptr_array_add(to, b);
			else
				jb_box_free(b);
		} else if (jb_is(c, "title") && runin) {
			const xmlNode *nx = jb_next_elem(c);
			if (nx && jb_is(nx, "p")) {
				/* Run-in: the bold lead sentence opens the first paragraph. */
				struct inl in = { g_string_new(NULL), g_array_new(FALSE, FALSE, sizeof(struct jb_span)) };
				char *tt = jb_flow_plain(c);
				struct jb_box *b = jb_box_new(JB_BOX_LINES, JB_ROLE_BODY);
				jb_flow_add_space(to, st->role[JB_ROLE_BODY].space_before);
				inl_text(&in, "▲", false);
				inl_append(&in, c, true);
				if (!ends_with_stop(tt))
					inl_text(&in, "。", true);
				inl_append(&in, nx, false);
				b->para = make_para(fx, &in, JB_ROLE_BODY, st->area_w,
				    st->role[JB_ROLE_BODY].indent, st->role[JB_ROLE_BODY].align, jb_line_of(c));
				b->color = st->role[JB_ROLE_BODY].color;
				b->measure = st->area_w;
				g_string_free(in.s, TRUE);
				g_array_free(in.bold, TRUE);
				g_free(tt);
				if (b->para)
					g_ptr_array_add(to, b);
				else
					jb_box_free(b);
				c = nx;
			} else {
				struct jb_box *b = jb_box_new(JB_BOX_LINES, JB_ROLE_BODY);
				b->para = jb_flow_para(fx, c, JB_ROLE_BODY, st->area_w,
				    st->role[JB_ROLE_BODY].indent, JB_ALIGN_LEFT, "▲", NULL, true);
				b->flags = JB_BOX_KEEP_NEXT;
				if (b->para)
					g_ptr_array_add(to, b);
				else
					jb_box_free(b);
			}
		} else if (jb_is(c, "title"))
			jb_flow_add_text(fx, to, c, JB_ROLE_TITLE, JB_BOX_KEEP_NEXT);
		else if (jb_is(c, "subtitle"))
			jb_flow_add_text(fx, to, c, JB_ROLE_SUBTITLE, JB_BOX_KEEP_NEXT);
		else if (jb_is(c, "byline")) {
			GString *s = g_string_new(NULL);
			for (const xmlNode *a = jb_first_elem(c); a; a = jb_next_elem(a)) {
				char *t = jb_flow_plain(a);
				if (s->len)
					g_string_append(s, "　");
				g_string_append(s, t);
				g_free(t);
			}
			const struct jb_role_style *rs = &st->role[JB_ROLE_BYLINE];
			struct jb_box *b = jb_box_new(role_is_block(st, JB_ROLE_BYLINE) ? JB_BOX_BLOCK : JB_BOX_LINES,
			    JB_ROLE_BYLINE);
			b->para = jb_flow_para_text(fx, s->str, JB_ROLE_BYLINE, st->area_w, rs->align);
			b->flags = JB_BOX_KEEP_NEXT;
			b->color = rs->color;
			g_string_free(s, TRUE);
			if (b->para == NULL) {
				jb_box_free(b);
				continue;
			}
			if (b->kind == JB_BOX_BLOCK)
				jb_flow_size_block(st, b);
			jb_flow_add_space(to, rs->space_before);
			g_ptr_array_add(to, b);
			jb_flow_add_space(to, rs->space_after);
		} else
			add_children(fx, to, c, false);
	}
	set_mark(to, first, m);
}

static void
add_heading(struct jb_flow_ctx *fx, GPtrArray *to, const xmlNode *h)
{
	char *lv = jb_attr(h, "level");
	int level = lv ? atoi(lv) : 1;
	enum jb_role r = level <= 1 ? JB_ROLE_HEADING1 : level == 2 ? JB_ROLE_HEADING2 : JB_ROLE_HEADING3;

	g_free(lv);
	jb_flow_add_text(fx, to, h, r, JB_BOX_KEEP_NEXT);
}

/* One block-level element inside an article, section or the bulletin. */
static void
add_children(struct jb_flow_ctx *fx, GPtrArray *to, const xmlNode *c, bool in_aside)
{
	if (jb_is(c, "p"))
		jb_flow_add_text(fx, to, c, JB_ROLE_BODY, 0);
	else if (jb_is(c, "heading"))
		add_heading(fx, to, c);
	else if (jb_is(c, "credit"))
		jb_flow_add_text(fx, to, c, JB_ROLE_CREDIT, 0);
	else if (jb_is(c, "figure"))
		add_figure(fx, to, c, 0);
	else if (jb_is(c, "list"))
		add_list(fx, to, c, 0);
	else if (jb_is(c, "aside") && !in_aside)
		add_aside(fx, to, c);
}

static void
add_section(struct jb_flow_ctx *fx, GPtrArray *to, const xmlNode *sec)
{
	const xmlNode *t = jb_child(sec, "title");
	guint first = to->len;
	int m = add_mark(fx->flow, 0, -1, false, t ? jb_flow_plain(t) : g_strdup("（无题）"));

	for (const xmlNode *c = jb_first_elem(sec); c; c = jb_next_elem(c)) {
		if (jb_is(c, "title"))
			jb_flow_add_text(fx, to, c, JB_ROLE_SECTION, JB_BOX_KEEP_NEXT);
		else if (jb_is(c, "article"))
			add_article(fx, to, c, 1, m, true);
		else
			add_children(fx, to, c, false);
	}
	set_mark(to, first, m);
}

static char *
child_plain(const xmlNode *n, const char *name)
{
	const xmlNode *c = n ? jb_child(n, name) : NULL;

	return c ? jb_flow_plain(c) : NULL;
}

static void
doc_info(struct jb_flow *f, const xmlNode *root)
{
	const xmlNode *meta = jb_child(root, "meta");

	if (meta) {
		char *t = child_plain(meta, "title"), *iss = child_plain(meta, "issue");
		f->runhead = g_strdup(t);
		f->title = iss ? g_strdup_printf("%s %s", t, iss) : g_strdup(t);
		f->author = child_plain(meta, "issuer");
		f->subject = child_plain(meta, "subtitle");
		g_free(t);
		g_free(iss);
		return;
	}
	/* A newspaper page: the first headline names the document, the bylines
	 * are its authors. */
	for (guint i = 0; i < f->marks->len; i++) {
		struct jb_mark *m = &g_array_index(f->marks, struct jb_mark, i);
		if (m->article) {
			f->title = g_strdup(m->title);
			break;
		}
	}
	GString *au = g_string_new(NULL);
	for (const xmlNode *a = jb_first_elem(root); a; a = jb_next_elem(a)) {
		const xmlNode *bl = jb_is(a, "article") ? jb_child(a, "byline") : NULL;
		for (const xmlNode *x = bl ? jb_first_elem(bl) : NULL; x; x = jb_next_elem(x)) {
			char *t = jb_flow_plain(x);
			if (!strstr(au->str, t)) {
				if (au->len)
					g_string_append(au, "、");
				g_string_append(au, t);
			}
			g_free(t);
		}
	}
	f->author = au->len ? g_string_free(au, FALSE) : (g_string_free(au, TRUE), NULL);
}

struct jb_flow *
jb_flow_build(xmlDoc *doc, const struct jb_style *st, const struct jb_fonts *fonts,
    PangoContext *pc, struct jb_diag *diag)
{
	struct jb_flow *f = g_new0(struct jb_flow, 1);
	struct jb_flow_ctx fx = { st, fonts, pc, diag, f, 0, false };
	xmlNode *root = xmlDocGetRootElement(doc);
	GPtrArray *head = g_ptr_array_new(), *body = g_ptr_array_new();
	const xmlNode *contents = NULL, *colophon = NULL, *meta = NULL;
	int narticles = 0;

	f->boxes = g_ptr_array_new_with_free_func((GDestroyNotify)jb_box_free);
	f->marks = g_array_new(FALSE, TRUE, sizeof(struct jb_mark));
	for (const xmlNode *c = root ? jb_first_elem(root) : NULL; c; c = jb_next_elem(c)) {
		if (jb_is(c, "meta"))
			meta = c;
		else if (jb_is(c, "contents"))
			contents = c;
		else if (jb_is(c, "colophon"))
			colophon = c;
		else if (jb_is(c, "section"))
			add_section(&fx, body, c);
		else if (jb_is(c, "article"))
			add_article(&fx, body, c, 0, -1, false);
		else
			add_children(&fx, body, c, false);
	}
	f->periodical = meta != NULL;
	if (meta)
		jb_parts_masthead(&fx, head, meta);
	for (guint i = 0; i < f->marks->len; i++)
		narticles += g_array_index(f->marks, struct jb_mark, i).article;
	if (contents || (st->contents_page && narticles > 1)) {
		jb_parts_contents(&fx, head, contents);
		/* Without a masthead the contents are a page of their own. */
		if (!meta)
			g_ptr_array_add(head, jb_box_new(JB_BOX_BREAK, JB_ROLE_BODY));
	}
	for (guint i = 0; i < head->len; i++)
		g_ptr_array_add(f->boxes, head->pdata[i]);
	for (guint i = 0; i < body->len; i++)
		g_ptr_array_add(f->boxes, body->pdata[i]);
	if (colophon)
		jb_parts_colophon(&fx, f->boxes, colophon);
	g_ptr_array_free(head, TRUE);
	g_ptr_array_free(body, TRUE);
	doc_info(f, root);
	if (fx.failed) {
		jb_flow_free(f);
		return NULL;
	}
	return f;
}

void
jb_flow_free(struct jb_flow *f)
{
	if (f == NULL)
		return;
	g_ptr_array_free(f->boxes, TRUE);
	for (guint i = 0; i < f->marks->len; i++)
		g_free(g_array_index(f->marks, struct jb_mark, i).title);
	g_array_free(f->marks, TRUE);
	g_free(f->title);
	g_free(f->author);
	g_free(f->subject);
	g_free(f->runhead);
	g_free(f);
}
