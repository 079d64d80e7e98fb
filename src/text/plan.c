/*
 * text/plan.c: the flat plan the classifier fills and doc/build reads: units in
 * reading order with their parent's index and the source spans of their text.
 */
#include <string.h>
#include "plan.h"
void
jb_plan_init(struct jb_plan *p)
{
	p->units = g_array_new(FALSE, FALSE, sizeof(struct jb_unit));
	p->spans = g_array_new(FALSE, FALSE, sizeof(struct jb_span));
}

void
jb_plan_clear(struct jb_plan *p)
{
	if (p->units)
		g_array_free(p->units, TRUE);
	if (p->spans)
		g_array_free(p->spans, TRUE);
	p->units = p->spans = NULL;
}

int
jb_plan_add(struct jb_plan *p, enum jb_el el, int parent, uint32_t line)
{
	struct jb_unit u;

	memset(&u, 0, sizeof u);
	u.el = (uint8_t)el;
	u.parent = parent;
	u.line = line;
	u.span0 = p->spans->len;
	g_array_append_val(p->units, u);
	return (int)p->units->len - 1;
}

void
jb_plan_span(struct jb_plan *p, int u, uint32_t off, uint32_t len, bool br)
{
	struct jb_span s = { off, len, br };

	g_array_append_val(p->spans, s);
	jb_plan_unit(p, u)->nspan++;
}

struct jb_unit *
jb_plan_unit(const struct jb_plan *p, int u)
{
	return &g_array_index(p->units, struct jb_unit, u);
}
