/*
 * style/style.h: a style file (styles/NAME.ini, GLib key file) parsed into an
 * immutable struct jb_style, the single source of page geometry, font roles,
 * sizes, spacing and colours for both the EPUB stylesheet and the PDF layout.
 * Bad values are errors naming file, line and key. Loaded once, shared read-only.
 */
#ifndef JB_STYLE_H
#define JB_STYLE_H

#include <stdbool.h>
#include <glib.h>

struct jb_diag;
struct jb_options;

/* Text roles: every piece of text the renderers set belongs to one. */
enum jb_role {
	JB_ROLE_BODY,		/* [body]      paragraphs */
	JB_ROLE_TITLE,		/* [title]     article headline (主题) */
	JB_ROLE_KICKER,		/* [kicker]    引题 */
	JB_ROLE_SUBTITLE,	/* [subtitle]  副题 */
	JB_ROLE_BYLINE,		/* [byline] */
	JB_ROLE_SECTION,	/* [section]   【…】 section titles */
	JB_ROLE_HEADING1,	/* [heading1] */
	JB_ROLE_HEADING2,	/* [heading2] */
	JB_ROLE_HEADING3,	/* [heading3] */
	JB_ROLE_CAPTION,	/* [caption]   figure captions */
	JB_ROLE_CREDIT,		/* [credit]    （…供稿）, photo credits */
	JB_ROLE_ASIDE,		/* [aside]     boxes, notices, slogans */
	JB_ROLE_LIST,		/* [list]      list items */
	JB_ROLE_MASTHEAD,	/* [masthead]  publication title (报头) */
	JB_ROLE_MASTHEAD_SUB,	/* [masthead-subtitle] */
	JB_ROLE_ISSUE,		/* [issue]     期号 line */
	JB_ROLE_ISSUER,		/* [issuer]    issuer and date line */
	JB_ROLE_CONTENTS,	/* [contents]  contents entries */
	JB_ROLE_COLOPHON,	/* [colophon]  送/发/印发 (版记) */
	JB_ROLE_RUNHEAD,	/* [running-head] */
	JB_ROLE_FOLIO,		/* [folio]     page numbers */
	JB_ROLE__MAX
};

enum jb_align { JB_ALIGN_JUSTIFY, JB_ALIGN_LEFT, JB_ALIGN_CENTER, JB_ALIGN_RIGHT };

struct jb_role_style {
	char *font;		/* family list, comma-separated, first with Han glyphs wins */
	double size;		/* pt */
	int weight;		/* CSS weight 100..900 */
	enum jb_align align;
	double indent;		/* first-line indent in em of this role */
	int lines;		/* PDF: minimum grid lines the block occupies (0 = natural) */
	int space_before;	/* PDF: grid lines before */
	int space_after;	/* PDF: grid lines after */
	guint32 color;		/* 0xRRGGBB */
	double leading;		/* line pitch for multi-line blocks, pt (0 = grid pitch) */
	int font_line;		/* line of the style file that set font (0 = default) */
};

struct jb_style {
	char *name;		/* "default" */
	char *path;		/* file it came from */
	char *description;
	char *checksum;	/* SHA-256 of the file's text */
	/* [page] */
	double page_w, page_h;	/* pt */
	double margin_top, margin_inner;	/* pt */
	int chars_per_line, lines_per_page;
	double body_size;	/* pt */
	double line_pitch;	/* pt, baseline to baseline */
	double char_pitch;	/* pt, advance of one body character (>= body_size - 1) */
	double folio_drop;	/* pt from type-area bottom to folio baseline */
	char *folio_format;	/* e.g. "— %d —" or "%d" */
	char *folio_position;	/* "outer" or "center" */
	bool running_head;
	bool contents_page;	/* generate a contents page when > 1 article */
	char *item_title;	/* ▲ item titles: "run-in" or "head" */
	double rule_thick, rule_thin;	/* pt, masthead / colophon rules */
	double masthead_top;	/* pt from type-area top to masthead title baseline, 0 = first line */
	/* [color] */
	guint32 text_color, accent_color, rule_color, tint_color;
	/* roles */
	struct jb_role_style role[JB_ROLE__MAX];
	/* [epub] */
	char *extra_css;	/* path of a CSS file appended to the stylesheet, or NULL */
	/* derived */
	double area_w, area_h;	/* type area, pt */
};

/* Loads NAME (looked up as DATADIR/styles/NAME.ini) or a path; applies option
 * overrides (paper, body size, leading). NULL on error (recorded). */
struct jb_style *jb_style_load(const char *name_or_path, const char *datadir,
    const struct jb_options *, struct jb_diag *);
void jb_style_free(struct jb_style *);
const char *jb_role_name(enum jb_role);
/* Hash of the style's file contents (for incremental batch runs); borrowed. */
const char *jb_style_checksum(const struct jb_style *);
/* Paper name or WxHmm to pt; false if unknown. */
bool jb_paper_size(const char *paper, double *w, double *h);

#define JB_MM(x) ((x) * 72.0 / 25.4)

#endif
