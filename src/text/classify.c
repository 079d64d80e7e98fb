/*
 * text/classify.c: the structure classifier driver. Walks the raw blocks once,
 * in reading order, and lets the rule families (masthead.c, article.c,
 * rejoin.c, the section/heading/aside/list rules below) decide what each block
 * is; the result is a flat jb_plan (units with parent indices) for doc/build.
 */
#include <string.h>
#include "../core/diag.h"
#include "rules.h"

static int
container(const struct jb_state *st)
{
	if (st->aside >= 0)
		return st->aside;
	if (st->article >= 0)
		return st->article;
	return st->section;
}

int
jb_leaf(struct jb_ctx *x, enum jb_el el, int parent, uint32_t b, size_t skip)
{
	int u = jb_plan_add(x->plan, el, parent, jb_blk(x, b)->line);
	jb_add_text(x, u, b, skip);
	return u;
}

int
jb_open_article(struct jb_ctx *x, struct jb_state *st, uint32_t line)
{
	st->aside = -1;
	st->article = jb_plan_add(x->plan, JB_EL_ARTICLE, st->section, line);
	st->started = true;
	return st->article;
}

/* A box, notice or slogan beside the stories, titled by block b: its unit. */
static int
open_aside(struct jb_ctx *x, int parent, uint32_t b, int kind)
{
	int a = jb_plan_add(x->plan, JB_EL_ASIDE, parent, jb_blk(x, b)->line);

	jb_plan_unit(x->plan, a)->attr = (uint8_t)kind;
	jb_leaf(x, JB_EL_TITLE, a, b, 0);
	return a;
}

static bool
has_word(const char *s, size_t len, const char *const *words)
{
	for (int i = 0; words[i]; i++)
		if (g_strstr_len(s, (gssize)len, words[i]))
			return true;
	return false;
}

static const char *const notice_words[] = {
	"声明", "启事", "公告", "通告", "告示", "讣告", "公示", NULL
};

/* Headings of matter set beside a story in a box. */
static const char *const box_words[] = {
	"链接", "延伸阅读", "小贴士", "名词解释", "知识点", "背景", "记者手记", "短评",
	"相关新闻", "相关阅读", "核心提示", NULL
};

static bool dotted_run(const struct jb_ctx *, uint32_t);

static bool
box_head(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	return (jb_blk(x, b)->mark == JB_MK_NONE || jb_blk(x, b)->mark == JB_MK_HASH)
	    && jb_blk_titleish(x, b) && jb_blk(x, b)->letters <= 8 && !jb_text_has_punct(s, len)
	    && has_word(s, len, box_words) && b + 1 < jb_nblocks(x)
	    && (jb_blk_prose(x, b + 1) || dotted_run(x, b + 1));
}

/* 遗失声明, 招聘启事: a short unmarked line naming a notice. */
bool
jb_blk_notice_title(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	return jb_blk(x, b)->mark == JB_MK_NONE && jb_blk_titleish(x, b) && jb_blk(x, b)->letters <= 12
	    && !jb_text_has_punct(s, len) && has_word(s, len, notice_words);
}

static bool
notice_head(const struct jb_ctx *x, uint32_t b)
{
	return jb_blk_notice_title(x, b) && b + 1 < jb_nblocks(x) && jb_blk_prose(x, b + 1);
}

/*
 * (心血管内科 王 丽), (党委办公室): a bracketed name of a department, alone on its
 * line after a finished paragraph, signs the item as its source.
 */
static bool
source_sign(const struct jb_ctx *x, uint32_t b)
{
	const struct jb_block *bk = jb_blk(x, b);
	size_t len, pl;
	const char *s = jb_blk_text(x, b, &len), *ps;
	int y, m, d;

	if (b == 0 || bk->n != 1 || bk->mark != JB_MK_NONE || bk->letters < 3 || bk->letters > 20
	    || len < 8 || jb_text_parens(s, len, NULL) == 0)
		return false;
	/* （全文完）, （未完待续）: end marks, no source */
	if (jb_text_has_punct(s, len) || jb_text_has_stop(s, len) || jb_text_jump(s, len)
	    || jb_text_field(s, len) || g_strstr_len(s, (gssize)len, "完") || g_strstr_len(s, (gssize)len, "续")
	    || jb_text_date(s, len, &y, &m, &d) || jb_blk_byline(x, b, NULL)
	    || jb_blk(x, b - 1)->letters < 20)
		return false;
	ps = jb_blk_last(x, b - 1, &pl);
	return !jb_text_open(ps, pl);
}

/* The last unit is part of an article head: the lead under it belongs to it. */
static bool
head_just_placed(const struct jb_ctx *x)
{
	guint n = x->plan->units->len;
	enum jb_el el;

	if (n == 0)
		return false;
	el = jb_plan_unit(x->plan, (int)n - 1)->el;
	return el == JB_EL_TITLE || el == JB_EL_KICKER || el == JB_EL_SUBTITLE || el == JB_EL_BYLINE
	    || el == JB_EL_AUTHOR || el == JB_EL_ARTICLE;
}

/* 编者按：… before the first story speaks about the page, not inside a story. */
static bool
editors_note(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	return (len > 9 && memcmp(s, "编者按", 9) == 0) || (len > 12 && memcmp(s, "编者的话", 12) == 0);
}


/* ●9月3日，街道召开…。 in a periodical: a news item as a ▲ one is (the ● stays in
 * its text: the spec names no such marker). */
static bool
dot_item(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	return x->periodical && jb_blk(x, b)->mark == JB_MK_NONE && jb_blk(x, b)->letters >= 20
	    && len > 3 && (memcmp(s, "●", 3) == 0 || memcmp(s, "◆", 3) == 0)
	    && jb_text_has_stop(s, len);
}

/* "## " and deeper marked headings: a section, a notice, a box or a heading. */
static uint32_t
marked_heading(struct jb_ctx *x, struct jb_state *st, uint32_t b)
{
	const struct jb_block *bk = jb_blk(x, b);
	size_t len;
	const char *s = jb_blk_text(x, b, &len);
	uint32_t nb = jb_nblocks(x);
	int level = bk->hashes > 1 ? bk->hashes - 1 : 1, u;

	if (level > 3)
		level = 3;
	if (bk->letters <= 12 && has_word(s, len, notice_words)) {
		int parent = st->article >= 0 ? st->article : st->section;
		st->aside = open_aside(x, parent, b, JB_ASIDE_NOTICE);
		return b + 1;
	}
	bool dated = bk->hashes >= 2 && bk->letters <= 8 && !jb_text_has_punct(s, len)
	    && b + 2 < nb && jb_blk_date_lead(x, b + 1) && jb_blk_date_lead(x, b + 2);
	if (dated || (bk->hashes >= 2 && bk->letters <= 4 && !jb_text_spaced(s, len)
	    && !jb_text_has_punct(s, len)
	    && (b + 1 >= nb || jb_blk(x, b + 1)->letters < 40 || jb_blk(x, b + 1)->mark == JB_MK_HASH))) {
		/* A short category line (分类信息) above non-story matter, or above
		 * dated news items (## 专班动态 over 8月1日，… 7月29日，…): a section. */
		st->article = st->aside = -1;
		st->section = jb_plan_add(x->plan, JB_EL_SECTION, -1, bk->line);
		st->started = true;
		st->dated = dated ? st->section : -1;
		jb_leaf(x, JB_EL_TITLE, st->section, b, 0);
		return b + 1;
	}
	if (st->article >= 0 && b + 1 < nb && jb_blk(x, b + 1)->blank_before >= x->gap) {
		/* A titled block set off by an image: a box beside the story. */
		st->aside = open_aside(x, st->article, b, JB_ASIDE_BOX);
		return b + 1;
	}
	st->aside = -1;
	if (container(st) < 0 && !st->started) {
		jb_open_article(x, st, bk->line);
		jb_leaf(x, JB_EL_TITLE, st->article, b, 0);
		return b + 1;
	}
	u = jb_leaf(x, JB_EL_HEADING, container(st), b, 0);
	jb_plan_unit(x->plan, u)->attr = (uint8_t)level;
	return b + 1;
}

static uint32_t
list_block(struct jb_ctx *x, struct jb_state *st, uint32_t b)
{
	int parent = container(st), l;
	uint32_t nb = jb_nblocks(x);

	if (parent < 0)
		parent = jb_open_article(x, st, jb_blk(x, b)->line);
	l = jb_plan_add(x->plan, JB_EL_LIST, parent, jb_blk(x, b)->line);
	jb_plan_unit(x->plan, l)->attr = JB_LIST_BULLET;
	do {
		const struct jb_block *bk = jb_blk(x, b);
		for (uint32_t i = 0; i < bk->n; i++) {
			const struct jb_line *ln = jb_ln(x, bk->first + i);
			int u = jb_plan_add(x->plan, JB_EL_LI, l, ln->num);
			jb_plan_span(x->plan, u, ln->off + 2, ln->len - 2, false);
		}
		b++;
	} while (b < nb && b < x->colophon_from && jb_blk(x, b)->list
	    && jb_blk(x, b)->blank_before < x->gap);
	return b;
}

/* The block before b ends with a colon: what follows is announced (附件：, 如下：). */
static bool
announced(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s;

	if (b == 0)
		return false;
	s = jb_blk_last(x, b - 1, &len);
	return (len >= 3 && memcmp(s + len - 3, "\xEF\xBC\x9A", 3) == 0) || (len && s[len - 1] == ':');
}

/* Both numbered alike: 二、 over (一) is a heading over a subheading, not a list. */
static bool
same_style(const struct jb_ctx *x, uint32_t a, uint32_t b)
{
	size_t la, lb;
	const char *sa = jb_blk_text(x, a, &la), *sb = jb_blk_text(x, b, &lb);
	int k = jb_text_enum_style(sa, la);

	return k != 0 && k == jb_text_enum_style(sb, lb);
}

/*
 * 1.建强组织体系。在小区全面建立…: text past a sentence end makes a numbered
 * paragraph, not a list item (on a page set solid no blank line tells them apart).
 */
static bool
runs_past_stop(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		gunichar c = jb_char_at(s, len, &i);
		if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F)
			return jb_text_letters(s + i, len - i) > 0;
	}
	return false;
}

/* Numbered lines with no blank between them (1. … / 2. …), or announced by a colon: an ordered list. */
static bool
ordered_run(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	if (!jb_blk_enumerated(x, b) || jb_blk(x, b)->n != 1)
		return false;
	/*
	 * Announced items are short (附件 names); numbered paragraphs stay paragraphs,
	 * and a numbered line with running text under it is a heading (一、… then its text).
	 */
	return (announced(x, b) && jb_blk(x, b)->letters <= 40 && !jb_text_has_stop(s, len)
	    && (b + 1 >= jb_nblocks(x) || jb_blk_enumerated(x, b + 1) || !jb_blk_prose(x, b + 1))
	    /* 一、 over （一）: a heading over a subheading, not items */
	    && !(b + 1 < jb_nblocks(x) && jb_blk_enumerated(x, b + 1) && !same_style(x, b, b + 1)))
	    || (b + 1 < jb_nblocks(x) && !runs_past_stop(s, len)
	    && jb_blk(x, b + 1)->blank_before == 0 && same_style(x, b, b + 1)
	    /* on a page set solid no blank line says "list": only short items without a clause break do */
	    && (x->gap >= JB_GAP || !(g_strstr_len(s, (gssize)len, "\xEF\xBC\x8C") || memchr(s, ',', len))))
	    /* on a page whose paragraphs stand apart, numbered lines set together under
	     * a colon (会议议定以下事项：) are its items, whatever their length */
	    || (x->gap >= JB_GAP && announced(x, b) && b + 1 < jb_nblocks(x)
	    && jb_blk(x, b + 1)->blank_before == 0 && same_style(x, b, b + 1));
}

static uint32_t
ordered_list(struct jb_ctx *x, struct jb_state *st, uint32_t b)
{
	int parent = container(st), l;

	if (parent < 0)
		parent = jb_open_article(x, st, jb_blk(x, b)->line);
	l = jb_plan_add(x->plan, JB_EL_LIST, parent, jb_blk(x, b)->line);
	jb_plan_unit(x->plan, l)->attr = JB_LIST_ORDERED;
	/* Items are as far apart as the first two. */
	uint32_t spacing = b + 1 < jb_nblocks(x) ? jb_blk(x, b + 1)->blank_before : 0;
	if (spacing >= x->gap)
		spacing = 0;
	do {
		jb_leaf(x, JB_EL_LI, l, b, 0);
		b++;
	} while (b < jb_nblocks(x) && b < x->colophon_from && jb_blk(x, b)->blank_before <= spacing
	    && same_style(x, b - 1, b) && jb_blk(x, b)->n == 1);
	return b;
}

/* · 我市公交实现移动支付全覆盖 2024-09-20: a dotted line (a link, a short point). */
static bool
dotted(const struct jb_ctx *x, uint32_t b)
{
	const struct jb_block *bk = jb_blk(x, b);
	size_t len, i = 0;
	const char *s = jb_blk_text(x, b, &len);
	gunichar c;

	if (bk->n != 1 || bk->mark != JB_MK_NONE || bk->letters == 0 || bk->letters > 40 || len < 3
	    || jb_text_has_stop(s, len))
		return false;
	c = jb_char_at(s, len, &i);
	return c == 0x00B7 || c == 0x2022 || c == 0x30FB || c == 0x25AA;
}

/* Two or more dotted lines equally spaced: a bullet list, the dots kept as printed. */
static bool
dotted_run(const struct jb_ctx *x, uint32_t b)
{
	return dotted(x, b) && b + 1 < jb_nblocks(x) && b + 1 < x->colophon_from && dotted(x, b + 1)
	    && jb_blk(x, b + 1)->blank_before < x->gap;
}

static uint32_t
dotted_list(struct jb_ctx *x, struct jb_state *st, uint32_t b)
{
	int parent = container(st), l;
	uint32_t spacing = jb_blk(x, b + 1)->blank_before;

	if (parent < 0)
		parent = jb_open_article(x, st, jb_blk(x, b)->line);
	l = jb_plan_add(x->plan, JB_EL_LIST, parent, jb_blk(x, b)->line);
	jb_plan_unit(x->plan, l)->attr = JB_LIST_BULLET;
	do {
		jb_leaf(x, JB_EL_LI, l, b, 0);
		b++;
	} while (b < jb_nblocks(x) && b < x->colophon_from && jb_blk(x, b)->blank_before == spacing
	    && dotted(x, b));
	st->aside = -1;	/* a titled box of links ends with them */
	return b;
}

/* A slogan grid or a printed line pair: an aside of the page, titled by a short line above it. */
static uint32_t
slogan(struct jb_ctx *x, struct jb_state *st, uint32_t b, bool titled)
{
	int a, u;

	st->aside = st->article = -1;
	a = jb_plan_add(x->plan, JB_EL_ASIDE, st->section, jb_blk(x, b)->line);
	jb_plan_unit(x->plan, a)->attr = JB_ASIDE_SLOGAN;
	if (titled) {
		jb_leaf(x, JB_EL_TITLE, a, b, 0);
		b++;
	}
	u = jb_plan_add(x->plan, JB_EL_P, a, jb_blk(x, b)->line);
	jb_add_text(x, u, b, 0);
	return b + 1;
}

/*
 * An image gap is three blank lines where paragraphs are one blank line apart.
 * Pages set otherwise keep the proportion: with no blank line between
 * paragraphs any blank line is a gap; with wider spacing, a wider run.
 */
static void
blank_habit(struct jb_ctx *x)
{
	uint32_t hist[17] = { 0 }, nb = jb_nblocks(x), mode = 1;

	for (uint32_t b = 1; b < nb; b++) {
		uint32_t k = jb_blk(x, b)->blank_before;
		hist[k > 16 ? 16 : k]++;
	}
	for (uint32_t k = 0; k < 17; k++)
		if (hist[k] > hist[mode])
			mode = k;
	if (hist[mode] * 2 <= nb - (nb > 0))
		return;
	if (mode == 0)
		x->gap = 1;
	else if (mode >= 2)
		x->gap = mode + 2;
}

/* Marked levels are relative. A page that files its stories under marked section
 * titles (## 学校要闻 straight over ### 学校召开…会议) heads its stories one level
 * deeper than its shallowest marks: when every line of the shallowest level stands
 * directly over a deeper marked line, with no text between, those lines are
 * section titles and the next level heads stories. Levels are renumbered so that
 * the story level is 1 (#), as the rules read them. */
static void
hash_levels(struct jb_ctx *x, uint32_t from)
{
	uint32_t nb = jb_nblocks(x), over = 0, all = 0;
	unsigned int top = 99, next = 99;

	for (uint32_t b = from; b < nb; b++)
		if (jb_blk(x, b)->mark == JB_MK_HASH && jb_blk(x, b)->hashes < top)
			top = jb_blk(x, b)->hashes;
	for (uint32_t b = from; b < nb; b++) {
		const struct jb_block *bk = jb_blk(x, b);

		if (bk->mark != JB_MK_HASH)
			continue;
		if (bk->hashes > top && bk->hashes < next)
			next = bk->hashes;
		if (bk->hashes == top) {
			all++;
			if (b + 1 < nb && jb_blk(x, b + 1)->mark == JB_MK_HASH && jb_blk(x, b + 1)->hashes > top)
				over++;
		}
	}
	if (all == 0 || over < all || next == 99)
		return;
	for (uint32_t b = from; b < nb; b++) {
		struct jb_block *bk = jb_blk(x, b);

		if (bk->mark != JB_MK_HASH)
			continue;
		if (bk->hashes < next)
			bk->sect = 1;
		else
			bk->hashes = (uint8_t)(bk->hashes - next + 1);
	}
}

static bool
end_matter(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	return jb_blk(x, b)->n == 1 && jb_text_end_matter(s, len);
}

/* 表1　2024年上半年…主要经济指标 right over a table (rows set in columns). */
static bool
table_title(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	return b + 1 < jb_nblocks(x) && jb_blk(x, b)->n == 1 && jb_blk(x, b)->mark == JB_MK_NONE
	    && len > 4 && memcmp(s, "表", 3) == 0 && jb_digit(g_utf8_get_char(s + 3)) >= 0
	    && jb_blk(x, b)->letters <= 40 && !jb_text_has_stop(s, len)
	    && jb_blk(x, b + 1)->blank_before == 0 && jb_blk(x, b + 1)->rows
	    && jb_ln(x, jb_blk(x, b + 1)->first)->gaps >= 2;
}

/* 表1　… over its table (and its 注：… line): a box beside the running text. */
static uint32_t
table_box(struct jb_ctx *x, const struct jb_state *st, uint32_t b)
{
	int a = open_aside(x, container(st), b, JB_ASIDE_BOX);
	size_t nl;
	const char *ns;

	jb_leaf(x, JB_EL_P, a, b + 1, 0);
	b += 2;
	if (b < jb_nblocks(x) && jb_blk(x, b)->n == 1 && jb_blk(x, b)->blank_before < x->gap
	    && (ns = jb_blk_text(x, b, &nl), nl > 3 && (memcmp(ns, "注：", 6) == 0 || memcmp(ns, "注:", 4) == 0)))
		jb_leaf(x, JB_EL_P, a, b++, 0);
	return b;
}

/* ▲北苑街道 3月8日，北苑街道举办…: a news brief led by who it is about (a short
 * name, a space, then the news), not a photo caption. */
static bool
brief_item(const struct jb_ctx *x, uint32_t b)
{
	size_t len, i = 0, name = 0;
	const char *s = jb_blk_text(x, b, &len);
	gunichar c = 0;

	while (i < len && name < 9 && jb_is_han(c = jb_char_at(s, len, &i)))
		name++;
	return name >= 2 && name <= 8 && jb_is_space(c) && jb_text_letters(s + i, len - i) >= 10
	    && jb_text_has_punct(s + i, len - i);
}

/* Page-level facts used by the rules: marks, bylines, the page's heading style. */
static void
survey(struct jb_ctx *x, uint32_t from)
{
	uint32_t nb = jb_nblocks(x);

	for (uint32_t b = 0; b < nb; b++)
		if (jb_blk(x, b)->mark == JB_MK_HASH)
			x->marked = true;
	for (uint32_t b = from + 1; b < nb; b++)
		if (jb_blk_byline(x, b, NULL) && (jb_blk_titleish(x, b - 1)
		    || jb_blk(x, b - 1)->mark == JB_MK_HASH))
			x->has_bylines = true;
	for (uint32_t b = from + 1; b + 1 < nb && !x->marked; b++) {
		size_t len;
		const char *s = jb_blk_text(x, b, &len);
		if (jb_blk_titleish(x, b) && !jb_text_has_punct(s, len) && !jb_blk_byline(x, b + 1, NULL)
		    && jb_blk(x, b + 1)->letters > 40 && !jb_blk_open(x, b - 1)
		    && jb_text_spaced(s, len))
			x->spaced_heads = true;
	}
}

void
jb_classify(struct jb_ctx *x)
{
	struct jb_state st = { -1, -1, -1, false, UINT32_MAX, -1 };
	uint32_t nb = jb_nblocks(x), b, next;

	blank_habit(x);
	jb_find_colophon(x);
	b = jb_masthead(x, 0);
	b = jb_contents(x, b);
	/* The vocabulary has one contents, right after the masthead. */
	guint head_units = x->plan->units->len;
	bool had_contents = b > 0 && head_units > 0
	    && jb_plan_unit(x->plan, (int)head_units - 1)->el == JB_EL_ENTRY;
	hash_levels(x, b);
	survey(x, b);
	x->periodical = x->plan->units->len > 0;
	for (uint32_t k = b; k < nb && !x->periodical; k++) {
		size_t so, sl;
		if (jb_blk_section(x, k, &so, &sl))
			x->periodical = true;
	}
	while (b < nb) {
		const struct jb_block *bk = jb_blk(x, b);
		size_t so, sl;

		if (b >= x->colophon_from) {
			jb_colophon(x, b);
			break;
		}
		if (bk->blank_before >= x->gap && b > 0 && !(bk->done & 2)) {
			/* An image between a story's end and the next block hides that end
			 * (the gap may leave b where it was: the block is walked again). */
			st.ended_at = UINT32_MAX;
			b = jb_gap_figures(x, b, container(&st));
			continue;
		}
		if (!had_contents && x->plan->units->len == head_units
		    && (next = jb_contents(x, b)) != b) {
			b = next;	/* its units make the plan longer than head_units: no second */
			continue;
		}
		if (jb_blk_section(x, b, &so, &sl)) {
			st.article = st.aside = -1;
			st.section = jb_plan_add(x->plan, JB_EL_SECTION, -1, bk->line);
			st.started = true;
			int u = jb_plan_add(x->plan, JB_EL_TITLE, st.section, bk->line);
			jb_plan_span(x->plan, u, (uint32_t)so, (uint32_t)sl, false);
			b++;
			continue;
		}
		if (notice_head(x, b)) {
			/* 遗失声明, 招聘启事: a notice beside the stories, titled by this line. */
			int parent = st.article >= 0 ? st.article : st.section;
			st.aside = open_aside(x, parent, b, JB_ASIDE_NOTICE);
			b++;
			continue;
		}
		if (st.article >= 0 && box_head(x, b)) {
			st.aside = open_aside(x, st.article, b, JB_ASIDE_BOX);
			b++;
			continue;
		}
		if (jb_head_group(x, &st, b, &next)) {
			b = next;
			continue;
		}
		if (bk->mark == JB_MK_TRIANGLE && !x->periodical && bk->letters <= 80 && bk->n == 1
		    && container(&st) >= 0 && !brief_item(x, b)) {
			/* On a newspaper page a short ▲ line is a photo caption (its
			 * photographer's signature split off as the credit). */
			jb_photo_figure(x, b, 1, container(&st));
			b++;
			continue;
		}
		if (bk->mark == JB_MK_TRIANGLE || dot_item(x, b)) {
			b = jb_triangle_item(x, &st, b);
			continue;
		}
		if (bk->mark == JB_MK_HASH) {
			b = marked_heading(x, &st, b);
			continue;
		}
		if (table_title(x, b)) {
			b = table_box(x, &st, b);
			continue;
		}
		if (bk->list) {
			b = list_block(x, &st, b);
			continue;
		}
		if (ordered_run(x, b)) {
			b = ordered_list(x, &st, b);
			continue;
		}
		if (dotted_run(x, b)) {
			b = dotted_list(x, &st, b);
			continue;
		}
		if (jb_blk_slogan(x, b) && st.article >= 0 && b + 1 < nb && jb_blk_prose(x, b + 1)
		    && jb_blk_has_punct(x, b + 1)) {
			/* Lines set as rows inside a running story: the caption of an image there. */
			int fig = jb_plan_add(x->plan, JB_EL_FIGURE, container(&st), bk->line);
			jb_leaf(x, JB_EL_CAPTION, fig, b, 0);
			b++;
			continue;
		}
		if (jb_blk_slogan(x, b)) {
			b = slogan(x, &st, b, false);
			continue;
		}
		if (jb_blk_titleish(x, b) && b + 1 < nb && jb_blk_slogan(x, b + 1)
		    && jb_blk(x, b + 1)->blank_before < x->gap && bk->letters <= 16) {
			b = slogan(x, &st, b, true);
			continue;
		}
		uint32_t pc = jb_photo_caption(x, b);
		if (pc > 0) {
			int parent = container(&st);
			if (parent < 0)
				parent = jb_open_article(x, &st, bk->line);
			jb_photo_figure(x, b, pc, parent);
			b += pc;
			continue;
		}
		if (jb_blk_credit(x, b) || (st.article >= 0 && source_sign(x, b))) {
			size_t len;
			const char *s = jb_blk_text(x, b, &len);
			/* A credit for the whole page (本版…) closes a box. */
			if (g_strstr_len(s, (gssize)len, "本版"))
				st.aside = -1;
			int parent = container(&st);
			jb_leaf(x, parent >= 0 ? JB_EL_CREDIT : JB_EL_P, parent, b, 0);
			st.ended_at = b + 1;
			b++;
			continue;
		}
		if (st.article >= 0 && jb_signed_byline(x, b)) {
			/* ■ 本报记者 王五 after the story: the byline where it is printed. */
			st.aside = -1;
			jb_byline(x, st.article, b);
			st.ended_at = b + 1;
			b++;
			continue;
		}
		if (jb_blk_heading_like(x, b)) {
			int u;

			if (st.article >= 0 && b + 1 < nb && jb_blk_date_lead(x, b + 1)
			    && !jb_blk_enumerated(x, b)) {
				/* 市政协开展…活动 over 5月10日至17日，…: a new story, not a
				 * heading (a heading never stands over a dated news lead) */
				jb_open_article(x, &st, bk->line);
				jb_leaf(x, JB_EL_TITLE, st.article, b, 0);
				b++;
				continue;
			}
			st.aside = -1;
			u = jb_leaf(x, JB_EL_HEADING, container(&st), b, 0);
			jb_plan_unit(x->plan, u)->attr = x->marked ? 2 : 1;
			b++;
			continue;
		}
		if (container(&st) < 0 && !st.started && jb_blk_titleish(x, b)
		    && !jb_blk_has_punct(x, b)) {
			/* The name of the page or publication above its first story. */
			int u = jb_leaf(x, JB_EL_HEADING, -1, b, 0);
			jb_plan_unit(x->plan, u)->attr = 1;
			b++;
			continue;
		}
		if (container(&st) < 0 && (bk->letters >= 30 || st.started) && !editors_note(x, b)
		    && !end_matter(x, b))
			jb_open_article(x, &st, bk->line);	/* 编辑：… 校对：… opens no story */
		else if (st.article >= 0 && st.aside < 0 && jb_blk_news_lead(x, b) && !head_just_placed(x))
			jb_open_article(x, &st, bk->line);	/* a headless story of its own */
		else if (st.section >= 0 && st.section == st.dated && st.aside < 0 && jb_blk_date_lead(x, b))
			jb_open_article(x, &st, bk->line);	/* the next dated item */
		b = jb_paragraph(x, b, 0, container(&st));
	}
}
