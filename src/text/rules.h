/*
 * text/rules.h: internal to text/: the scanner's lines and blocks, the shape
 * predicates shared by the rule families (shape.c), and the rule families'
 * entry points. For use by the files of text/ (and doc/build.c) only.
 */
#ifndef JB_RULES_H
#define JB_RULES_H

#include <stdbool.h>
#include <stdint.h>
#include <glib.h>
#include "plan.h"
#include "source.h"

struct jb_diag;

/* One input line, trimmed of surrounding whitespace (offsets into jb_source.text). */
struct jb_line {
	uint32_t off, len;
	uint32_t num;		/* 1-based line number */
	uint32_t letters;	/* letters and digits */
	uint32_t width;		/* printed width in half-width columns, indentation included */
	uint8_t br;		/* ended in two or more spaces: a hard break */
	uint8_t indent;		/* started with an indentation */
	uint8_t lead;		/* its indentation in columns (a full-width space is two), at most 255 */
	uint8_t gaps;		/* runs of two full-width spaces or more inside it: table columns */
};

/* Marks recognised on the first line of a block. */
enum jb_mark {
	JB_MK_NONE, JB_MK_HASH, JB_MK_DASH, JB_MK_TRIANGLE, JB_MK_STAR
};

/* A raw block: consecutive non-blank lines that belong together. */
struct jb_block {
	uint32_t first, n;	/* lines */
	uint32_t blank_before;	/* blank lines before it (0 when split from a group) */
	uint32_t line;		/* 1-based line of its first line */
	uint32_t letters;	/* letters and digits */
	uint8_t mark;		/* enum jb_mark of the first line */
	uint8_t hashes;		/* number of # for JB_MK_HASH */
	uint8_t rows;		/* line-structured: its lines are rows (<br/> between) */
	uint8_t list;		/* every line carries a "- " marker */
	/* Filled by the classifier. */
	uint8_t titleish;	/* cache of jb_blk_titleish: 0 unknown, 1 no, 2 yes */
	uint8_t done;		/* 2: the image gap before it is placed */
	uint8_t sect;		/* a marked section title (hash_levels in classify.c) */
};

struct jb_scan {
	GArray *lines;		/* struct jb_line */
	GArray *blocks;		/* struct jb_block */
};

void jb_scan_run(const struct jb_source *, struct jb_scan *);
void jb_scan_clear(struct jb_scan *);

/* shape.c: characters */
gunichar jb_char_at(const char *s, size_t len, size_t *i);
gunichar jb_char_before(const char *s, size_t *i);
bool jb_is_han(gunichar);
bool jb_is_cjk(gunichar);	/* Han or CJK / full-width punctuation */
bool jb_is_letter(gunichar);	/* what the fidelity check counts */
bool jb_is_terminal(gunichar);	/* ends a sentence */
bool jb_is_closer(gunichar);	/* closing quote or bracket */
bool jb_is_space(gunichar);

/* The classifier's context: the source, its blocks, the plan being filled, and page-level facts. */
struct jb_ctx {
	const struct jb_source *src;
	struct jb_scan *scan;
	struct jb_plan *plan;
	struct jb_diag *diag;
	GHashTable *entries;	/* letters of contents entries -> 1 */
	bool marked;		/* the input uses # heading marks */
	bool spaced_heads;	/* unmarked headings on this page are two spaced phrases */
	bool has_bylines;	/* headlines on this page stand over bylines */
	bool periodical;	/* a masthead or 【】 sections: ▲ leads items, not captions */
	uint32_t colophon_from;	/* first block of the colophon (nblocks = none) */
	uint32_t gap;		/* blank lines that stand for an image on this page */
};

/* shape.c: blocks and their text (first line only unless said otherwise) */
struct jb_block *jb_blk(const struct jb_ctx *, uint32_t b);
uint32_t jb_nblocks(const struct jb_ctx *);
const struct jb_line *jb_ln(const struct jb_ctx *, uint32_t l);
/* Text of the block's first line after its mark. */
const char *jb_blk_text(const struct jb_ctx *, uint32_t b, size_t *len);
/* Text of the block's last line. */
const char *jb_blk_last(const struct jb_ctx *, uint32_t b, size_t *len);
bool jb_text_open(const char *s, size_t len);	/* ends mid-sentence */
bool jb_blk_open(const struct jb_ctx *, uint32_t b);
bool jb_text_has_punct(const char *s, size_t len);	/* ，。、；！？ or ascii ,;. between CJK */
bool jb_text_has_stop(const char *s, size_t len);	/* 。！？ inside */
bool jb_text_spaced(const char *s, size_t len);	/* two CJK phrases separated by a space */
int jb_text_enum_style(const char *, size_t);
bool jb_text_enumerated(const char *s, size_t len);	/* 一、 （一） 1. 第一， */
bool jb_text_bulleted(const char *s, size_t len);	/* ■ 小标题 */
size_t jb_text_letters(const char *s, size_t len);
bool jb_text_field(const char *s, size_t len);
/* （…） or (…) around the whole text: the opening bracket's length (0 none), *close the closing one's. */
size_t jb_text_parens(const char *s, size_t len, size_t *close);
bool jb_text_photo_signed(const char *s, size_t len);	/* ends in 摄 or 摄影 */
bool jb_blk_titleish(const struct jb_ctx *, uint32_t b);
bool jb_blk_credit(const struct jb_ctx *, uint32_t b);
bool jb_text_credit_at(const char *s, size_t len, size_t *start);	/* trailing （…提供） */
bool jb_blk_section(const struct jb_ctx *, uint32_t b, size_t *in_off, size_t *in_len);
bool jb_blk_slogan(const struct jb_ctx *, uint32_t b);
bool jb_blk_date_lead(const struct jb_ctx *, uint32_t b);	/* 5月10日，… 近日，…: a dated news lead */
void jb_entry_key(GString *key, const char *s, size_t len);	/* letters and digits of s */
/* Authors of a byline: (off,len) pairs of their pieces, each author closed by (UINT32_MAX,0). */
bool jb_blk_byline(const struct jb_ctx *, uint32_t b, GArray *authors);
int jb_digit(gunichar);
bool jb_text_date(const char *s, size_t len, int *y, int *m, int *d);
bool jb_text_button(const char *, size_t);
bool jb_text_jump(const char *, size_t);
bool jb_text_folio(const char *, size_t);
bool jb_text_dateline(const char *s, size_t len);

/* classify.c: the driver, and where its walk stands */
struct jb_state {
	int section, article, aside;	/* open containers, -1 = none */
	bool started;		/* any article or section seen */
	uint32_t ended_at;	/* the block right after one that closed a story (a byline or
				 * credit after it), unless an image gap came between; UINT32_MAX none */
	int dated;		/* a section of dated news items (## 专班动态): each its story */
};

void jb_classify(struct jb_ctx *);
int jb_leaf(struct jb_ctx *, enum jb_el, int parent, uint32_t b, size_t skip);
int jb_open_article(struct jb_ctx *, struct jb_state *, uint32_t line);
bool jb_blk_notice_title(const struct jb_ctx *, uint32_t b);	/* 遗失声明: names a notice */

/* article.c: article heads, bylines, ▲ items */
bool jb_blk_news_lead(const struct jb_ctx *, uint32_t);
bool jb_head_group(struct jb_ctx *, struct jb_state *, uint32_t b, uint32_t *next);
uint32_t jb_triangle_item(struct jb_ctx *, struct jb_state *, uint32_t b);
void jb_byline(struct jb_ctx *, int art, uint32_t b);
bool jb_signed_byline(const struct jb_ctx *, uint32_t b);
bool jb_blk_has_punct(const struct jb_ctx *, uint32_t b);
bool jb_blk_enumerated(const struct jb_ctx *, uint32_t b);

/* punct.c: half-width ,:;?!() inside Chinese text -> full width */
void jb_punct_normalize(const char *s, size_t len, GString *out);

/* masthead.c */
uint32_t jb_masthead(struct jb_ctx *, uint32_t b);
uint32_t jb_contents(struct jb_ctx *, uint32_t b);
void jb_find_colophon(struct jb_ctx *);
bool jb_text_colophon(const char *s, size_t len);	/* 送：…, 抄送…, …印发 */
bool jb_text_end_matter(const char *s, size_t len);	/* 编辑：…, 审核：… */
void jb_colophon(struct jb_ctx *, uint32_t b);

/* rejoin.c: a paragraph from block b (from byte skip of its first line),
 * rejoined with its continuations; captions met on the way become figures after
 * it. Returns the next block. */
uint32_t jb_paragraph(struct jb_ctx *, uint32_t b, size_t skip, int parent);
/* Image gap before block b when nothing was interrupted: figure(s); returns next block. */
uint32_t jb_gap_figures(struct jb_ctx *, uint32_t b, int parent);
bool jb_blk_prose(const struct jb_ctx *, uint32_t b);
bool jb_blk_heading_like(const struct jb_ctx *, uint32_t b);
bool jb_blk_item_title(const struct jb_ctx *, uint32_t b);
void jb_add_text(struct jb_ctx *, int u, uint32_t b, size_t skip);
uint32_t jb_photo_caption(const struct jb_ctx *, uint32_t b);
void jb_photo_figure(struct jb_ctx *, uint32_t b, uint32_t n, int parent);

#define JB_GAP 3	/* blank lines that stand for an image, when paragraphs are one blank apart */

#endif
