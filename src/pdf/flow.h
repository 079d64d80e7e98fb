/*
 * pdf/flow.h: the bulletin as a vertical list of boxes (typeset blocks with their
 * grid behaviour, spacing and keep rules) plus the marks (sections, articles) the
 * outline and contents need. Boxes own their paragraphs; pages only borrow them.
 */
#ifndef JB_FLOW_H
#define JB_FLOW_H

#include <stdbool.h>
#include <glib.h>
#include <libxml/tree.h>
#include "typeset.h"

struct jb_fonts;
struct jb_diag;

enum jb_box_kind {
	JB_BOX_LINES,	/* each line on its own grid slot; may break across pages */
	JB_BOX_BLOCK,	/* atomic; its lines centred in `slots` whole grid lines */
	JB_BOX_SPACE,	/* `slots` empty grid lines, dropped at the top of a page */
	JB_BOX_BREAK,	/* start a new page (unless the page is empty) */
	JB_BOX_RULE,	/* a rule between the previous slot and the next */
	JB_BOX_PAIR,	/* para flush left and para2 flush right on one slot */
	JB_BOX_COLOPHON	/* 版记: sub-boxes between rules at the foot of the last page */
};

#define JB_BOX_KEEP_NEXT	1u	/* never the last thing on a page */
#define JB_BOX_RULE_ABOVE	2u	/* COLOPHON sub-box: thin rule above it */
#define JB_BOX_NUMBER_BELOW	4u	/* contents entry: leaders and number on a line of their own */

struct jb_box {
	enum jb_box_kind kind;
	enum jb_role role;
	unsigned flags;
	struct jb_para *para;	/* owned */
	struct jb_para *para2;	/* owned: PAIR right side; LINES hanging marker */
	double x;		/* left edge of the measure, from the type area's left (pt) */
	double measure;		/* for PAIR/contents: right edge = x + measure */
	double marker_x;	/* hanging marker's left edge */
	int slots;		/* BLOCK: grid lines taken; SPACE: lines */
	double size, leading;	/* BLOCK: type size and baseline pitch inside it */
	double top;		/* BLOCK: em top below the type area top; RULE: below the
				 * last baseline (pt), if >= 0 */
	guint32 color;
	int panel;		/* aside number (tinted panel), 0 = none */
	int mark;		/* >= 0: opens outline mark N (destination) */
	int target;		/* >= 0: contents entry linking to mark N */
	double rule;		/* RULE thickness (pt); colour in color */
	GPtrArray *sub;		/* COLOPHON: struct jb_box * (LINES or PAIR), owned */
};

/* An outline entry: a section or an article, in reading order. */
struct jb_mark {
	int level;		/* 0 top level, 1 inside a section */
	int parent;		/* mark index, -1 = root */
	bool article;
	char *title;		/* outline and contents text */
	int page;		/* 1-based, set by the page builder */
	double y;		/* top of the destination on its page (pt from page top) */
};

struct jb_flow {
	GPtrArray *boxes;	/* struct jb_box * */
	GArray *marks;		/* struct jb_mark */
	char *title, *author, *subject;	/* document information */
	char *runhead;		/* publication title for running heads; NULL = article titles */
	bool periodical;	/* <meta> present: masthead on page 1 */
};

/* Shared by flow.c and parts.c while the flow is built. */
struct jb_flow_ctx {
	const struct jb_style *st;
	const struct jb_fonts *fonts;
	PangoContext *pc;
	struct jb_diag *diag;
	struct jb_flow *flow;
	int panels;
	bool failed;
};

struct jb_flow *jb_flow_build(xmlDoc *, const struct jb_style *, const struct jb_fonts *,
    PangoContext *, struct jb_diag *);
void jb_flow_free(struct jb_flow *);

/* Builders used by parts.c. */
struct jb_box *jb_box_new(enum jb_box_kind, enum jb_role);
void jb_box_free(struct jb_box *);
/* Typesets inline content (text, <b>, <br/>) of node (may be NULL) for role at
 * measure; prefix/suffix (may be NULL) are set around it; bold_all sets it all bold. */
struct jb_para *jb_flow_para(struct jb_flow_ctx *, const xmlNode *, enum jb_role,
    double measure, double indent_em, enum jb_align, const char *prefix,
    const char *suffix, bool bold_all);
struct jb_para *jb_flow_para_text(struct jb_flow_ctx *, const char *text, enum jb_role,
    double measure, enum jb_align);
/* Appends a box for a block of text in role (lines on the grid or a centred block). */
struct jb_box *jb_flow_add_text(struct jb_flow_ctx *, GPtrArray *to, const xmlNode *,
    enum jb_role, unsigned flags);
void jb_flow_add_space(GPtrArray *to, int lines);
/* Fills a BLOCK box's size, leading and slots from its role and paragraph. */
void jb_flow_size_block(const struct jb_style *, struct jb_box *);
/* Text of a node with whitespace runs collapsed (for outline and matching); g_free. */
char *jb_flow_plain(const xmlNode *);

/* parts.c: the print edition's document parts. */
void jb_parts_masthead(struct jb_flow_ctx *, GPtrArray *to, const xmlNode *meta);
void jb_parts_contents(struct jb_flow_ctx *, GPtrArray *to, const xmlNode *contents);
void jb_parts_colophon(struct jb_flow_ctx *, GPtrArray *to, const xmlNode *colophon);

#endif
