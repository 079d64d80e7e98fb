/*
 * text/plan.h: the structurer's output before any XML exists: a flat array of
 * units in reading order, each with its parent's index and the source spans of
 * its text. Written by text/classify and its rule families, read by doc/build.
 */
#ifndef JB_PLAN_H
#define JB_PLAN_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>

enum jb_el {
	JB_EL_META, JB_EL_CONTENTS, JB_EL_SECTION, JB_EL_ARTICLE, JB_EL_ASIDE,
	JB_EL_COLOPHON, JB_EL_FIGURE, JB_EL_LIST, JB_EL_BYLINE,
	/* leaves: inline text */
	JB_EL_TITLE, JB_EL_KICKER, JB_EL_SUBTITLE, JB_EL_ISSUE, JB_EL_ISSUER,
	JB_EL_DATE, JB_EL_ENTRY, JB_EL_P, JB_EL_HEADING, JB_EL_CAPTION,
	JB_EL_CREDIT, JB_EL_LI, JB_EL_AUTHOR,
	JB_EL__MAX
};

enum { JB_ASIDE_BOX = 1, JB_ASIDE_NOTICE, JB_ASIDE_SLOGAN };
enum { JB_LIST_BULLET = 1, JB_LIST_ORDERED };
#define JB_UNIT_TRUNCATED 1u

struct jb_span {
	uint32_t off, len;
	uint8_t br;		/* a hard line break (<br/>) precedes this span */
};

struct jb_unit {
	uint8_t el;		/* enum jb_el */
	uint8_t attr;		/* heading level, aside kind or list kind */
	uint16_t flags;		/* JB_UNIT_* */
	uint32_t joined;	/* pieces rejoined into this p (0 or 1 = not joined) */
	int32_t parent;		/* index of the parent unit, -1 = bulletin */
	uint32_t line;		/* 1-based input line */
	uint32_t span0, nspan;	/* range in jb_plan.spans */
};

struct jb_plan {
	GArray *units;		/* struct jb_unit */
	GArray *spans;		/* struct jb_span */
};

void jb_plan_init(struct jb_plan *);
void jb_plan_clear(struct jb_plan *);
/* Appends a unit and returns its index. */
int jb_plan_add(struct jb_plan *, enum jb_el, int parent, uint32_t line);
/* Appends a span of source text to unit u (which must be the last unit added). */
void jb_plan_span(struct jb_plan *, int u, uint32_t off, uint32_t len, bool br);
struct jb_unit *jb_plan_unit(const struct jb_plan *, int u);

#endif
