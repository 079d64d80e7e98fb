/*
 * text/classify.c: the structure classifier driver. Walks the raw blocks once,
 * in reading order, and lets the rule families (masthead.c, rejoin.c, the
 * article and heading rules below) decide what each block is; the result is a
 * flat jb_plan (units with parent indices) for doc/build.
 */
#include <string.h>
#include "../core/diag.h"
#include "rules.h"

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

/* Where the walk stands. */
struct state {
	int section, article, aside;
	bool started;		/* any article or section seen */
	bool ended;		/* the last block closed a story (byline or credit after it) */
};

static int
container(const struct state *st)
{
	if (st->aside >= 0)
		return st->aside;
	if (st->article >= 0)
		return st->article;
	return st->section;
}

static int
leaf(struct jb_ctx *x, enum jb_el el, int parent, uint32_t b, size_t skip)
{
	int u = jb_plan_add(x->plan, el, parent, jb_blk(x, b)->line);
	jb_add_text(x, u, b, skip);
	return u;
}

static int
open_article(struct jb_ctx *x, struct state *st, uint32_t line)
{
	st->aside = -1;
	st->article = jb_plan_add(x->plan, JB_EL_ARTICLE, st->section, line);
	st->started = true;
	return st->article;
}

static bool
is_byline_at(const struct jb_ctx *x, uint32_t b)
{
	return b < jb_nblocks(x) && jb_blk(x, b)->blank_before < x->gap && jb_blk_byline(x, b, NULL);
}

static bool
is_hash(const struct jb_ctx *x, uint32_t b, int level)
{
	const struct jb_block *bk;

	if (b >= jb_nblocks(x))
		return false;
	bk = jb_blk(x, b);
	return bk->mark == JB_MK_HASH && bk->n == 1
	    && (level == 1 ? bk->hashes == 1 : bk->hashes >= 2);
}

static bool
starts_dash_at(const char *s, size_t len)
{
	return (len >= 3 && memcmp(s, "\xE2\x80\x94", 3) == 0) || (len >= 1 && s[0] == '-')
	    || (len >= 3 && (memcmp(s, "\xEF\xBC\x88", 3) == 0 || memcmp(s, "\xE2\x80\x94", 3) == 0))
	    || (len >= 1 && s[0] == '(');
}

static bool
starts_dash(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);
	return starts_dash_at(s, len);
}

/* Brackets around a whole (副题) line are marks the structure replaces. */
static size_t
subtitle_brackets(const struct jb_ctx *x, uint32_t b, size_t *trim_end)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	*trim_end = 0;
	if (len > 6 && memcmp(s, "\xEF\xBC\x88", 3) == 0 && memcmp(s + len - 3, "\xEF\xBC\x89", 3) == 0) {
		*trim_end = 3;
		return 3;
	}
	if (len > 2 && s[0] == '(' && s[len - 1] == ')') {
		*trim_end = 1;
		return 1;
	}
	return 0;
}

static void
subtitle(struct jb_ctx *x, int art, uint32_t b)
{
	size_t te, len, k = subtitle_brackets(x, b, &te);
	const char *s = jb_blk_text(x, b, &len);
	int u = jb_plan_add(x->plan, JB_EL_SUBTITLE, art, jb_blk(x, b)->line);

	jb_plan_span(x->plan, u, (uint32_t)(s - x->src->text + k), (uint32_t)(len - k - te), false);
}

static void
byline(struct jb_ctx *x, int art, uint32_t b)
{
	GArray *a = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	int by = jb_plan_add(x->plan, JB_EL_BYLINE, art, jb_blk(x, b)->line);

	jb_blk_byline(x, b, a);
	int u = -1;
	for (guint i = 0; i + 1 < a->len; i += 2) {
		uint32_t *v = &g_array_index(a, uint32_t, i);
		if (v[0] == UINT32_MAX) {
			u = -1;
			continue;
		}
		if (u < 0)
			u = jb_plan_add(x->plan, JB_EL_AUTHOR, by, jb_blk(x, b)->line);
		jb_plan_span(x->plan, u, v[0], v[1], false);
	}
	g_array_free(a, TRUE);
}

static bool
blk_has_punct(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);
	return jb_text_has_punct(s, len);
}

static bool
enumerated(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);
	return jb_text_enumerated(s, len);
}

/* A news lead: 本报讯, 新华社北京3月5日电, （记者 张三）. */
static bool
dateline_lead(const struct jb_ctx *x, uint32_t b)
{
	static const char *const leads[] = { "本报讯", "新华社", "中新社", "本网讯", "本台讯",
		"（记者", "(记者", "记者 ", "央视网消息", "人民网", "据", NULL };
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	if (!jb_blk_prose(x, b) || jb_blk_titleish(x, b))
		return false;
	for (int i = 0; leads[i]; i++) {
		size_t n = strlen(leads[i]);
		if (len > n && memcmp(s, leads[i], n) == 0)
			return i < 10 || g_strstr_len(s, (gssize)(len < 90 ? len : 90), "报道") != NULL;
	}
	return false;
}

/* Running text follows, perhaps after furniture fields (来源：…, 发布时间：…). */
static bool
story_follows(const struct jb_ctx *x, uint32_t b)
{
	uint32_t nb = jb_nblocks(x);

	for (int k = 0; k < 3 && b < nb; k++, b++) {
		size_t len;
		const char *s = jb_blk_text(x, b, &len);
		if (jb_blk(x, b)->n == 1 && jb_text_field(s, len))
			continue;
		return jb_blk_prose(x, b) && !jb_blk_titleish(x, b);
	}
	return false;
}

/*
 * An article head: [kicker] title [subtitle] [byline]. Marked input says it
 * with "# " (a "##" line right above it is the kicker); unmarked input with a
 * run of up to three headline-like lines directly above a byline.
 */
static bool
head_group(struct jb_ctx *x, struct state *st, uint32_t b, uint32_t *next)
{
	uint32_t kick = UINT32_MAX, title, sub = UINT32_MAX, by = UINT32_MAX, nb = jb_nblocks(x);

	if (x->marked) {
		if (is_hash(x, b, 1))
			title = b;
		else if (is_hash(x, b, 2) && is_hash(x, b + 1, 1) && jb_blk(x, b + 1)->blank_before < x->gap)
			kick = b, title = b + 1;
		else
			return false;
		if (is_byline_at(x, title + 1))
			by = title + 1;
		else if (title + 2 < nb && is_byline_at(x, title + 2)
		    && (is_hash(x, title + 1, 2) || jb_blk_titleish(x, title + 1)))
			sub = title + 1, by = title + 2;
		else if (title + 1 < nb && jb_blk_titleish(x, title + 1) && starts_dash(x, title + 1))
			sub = title + 1;
	} else if (jb_blk(x, b)->rows && jb_blk(x, b)->n <= 3 && is_byline_at(x, b + 1)) {
		/* Kicker, headline and subtitle printed on consecutive lines. */
		const struct jb_block *bk = jb_blk(x, b);
		const struct jb_line *l0 = jb_ln(x, bk->first);
		int art = open_article(x, st, bk->line), k = 0;
		uint8_t els[3] = { JB_EL_TITLE, 0, 0 };
		if (bk->n == 2 && starts_dash_at(x->src->text + jb_ln(x, bk->first + 1)->off,
		    jb_ln(x, bk->first + 1)->len))
			els[1] = JB_EL_SUBTITLE;
		else if (bk->n == 2)
			els[0] = JB_EL_KICKER, els[1] = JB_EL_TITLE;
		else
			els[0] = JB_EL_KICKER, els[1] = JB_EL_TITLE, els[2] = JB_EL_SUBTITLE;
		for (; k < (int)bk->n; k++) {
			int u = jb_plan_add(x->plan, els[k], art, l0[k].num);
			jb_plan_span(x->plan, u, l0[k].off, l0[k].len, false);
		}
		byline(x, art, b + 1);
		*next = b + 2;
		return true;
	} else {
		uint32_t r = 0;
		while (r < 3 && b + r < nb && jb_blk_titleish(x, b + r)
		    && (r == 0 || jb_blk(x, b + r)->blank_before < x->gap) && !is_byline_at(x, b + r))
			r++;
		if (r > 0 && is_byline_at(x, b + r)) {
			by = b + r;
			if (r == 1)
				title = b;
			else if (r == 2 && starts_dash(x, b + 1))
				title = b, sub = b + 1;
			else if (r == 2)
				kick = b, title = b + 1;
			else
				kick = b, title = b + 1, sub = b + 2;
		} else if (jb_blk_titleish(x, b) && !enumerated(x, b) && b + 1 < nb
		    && jb_blk(x, b + 1)->blank_before < x->gap && dateline_lead(x, b + 1)) {
			/* 本报讯 / 新华社…电 opens a story: the line above is its headline. */
			title = b;
		} else if (jb_blk_titleish(x, b) && (!jb_blk_heading_like(x, b) || st->ended)
		    && (!st->started || !x->has_bylines || st->ended) && !enumerated(x, b)
		    && story_follows(x, b + 1)) {
			/* No byline: a headline opening the page, or a news brief's item. */
			title = b;
		} else
			return false;
	}
	int art = open_article(x, st, jb_blk(x, kick != UINT32_MAX ? kick : title)->line);
	if (kick != UINT32_MAX)
		leaf(x, JB_EL_KICKER, art, kick, 0);
	leaf(x, JB_EL_TITLE, art, title, 0);
	if (sub != UINT32_MAX)
		subtitle(x, art, sub);
	if (by != UINT32_MAX)
		byline(x, art, by);
	*next = (by != UINT32_MAX ? by : sub != UINT32_MAX ? sub : title) + 1;
	return true;
}

/* ▲ item: its lead sentence is the title when bold or listed in the contents. */
static uint32_t
triangle_item(struct jb_ctx *x, struct state *st, uint32_t b)
{
	size_t len, i = 0, end = 0, after = 0;
	const char *s = jb_blk_text(x, b, &len);
	int art = open_article(x, st, jb_blk(x, b)->line);

	while (i < len) {
		size_t at = i;
		gunichar c = jb_char_at(s, len, &i);
		if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F) {
			end = at;
			after = i;
			break;
		}
	}
	if (end > 0 && jb_text_letters(s, end) <= 80) {
		bool bold = end > 4 && memcmp(s, "**", 2) == 0 && memcmp(s + end - 2, "**", 2) == 0;
		bool listed = false;
		if (!bold && g_hash_table_size(x->entries)) {
			GString *k = g_string_new(NULL);
			size_t j = 0;
			while (j < end) {
				size_t st0 = j;
				if (jb_is_letter(jb_char_at(s, end, &j)))
					g_string_append_len(k, s + st0, (gssize)(j - st0));
			}
			listed = g_hash_table_contains(x->entries, k->str);
			g_string_free(k, TRUE);
		}
		if (bold || listed) {
			int u = jb_plan_add(x->plan, JB_EL_TITLE, art, jb_blk(x, b)->line);
			jb_plan_span(x->plan, u, (uint32_t)(s - x->src->text), (uint32_t)end, false);
			while (after < len && s[after] == ' ')
				after++;
			if (after >= len && jb_blk(x, b)->n == 1)
				return b + 1;
			return jb_paragraph(x, b, after, art);
		}
	}
	return jb_paragraph(x, b, 0, art);
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
	"链接", "延伸阅读", "小贴士", "名词解释", "知识点", "背景", "记者手记", "短评", NULL
};

static bool
box_head(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	return (jb_blk(x, b)->mark == JB_MK_NONE || jb_blk(x, b)->mark == JB_MK_HASH)
	    && jb_blk_titleish(x, b) && jb_blk(x, b)->letters <= 8 && !jb_text_has_punct(s, len)
	    && has_word(s, len, box_words) && b + 1 < jb_nblocks(x) && jb_blk_prose(x, b + 1);
}

static bool
notice_head(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	return jb_blk(x, b)->mark == JB_MK_NONE && jb_blk_titleish(x, b) && jb_blk(x, b)->letters <= 12
	    && !jb_text_has_punct(s, len) && has_word(s, len, notice_words)
	    && b + 1 < jb_nblocks(x) && jb_blk_prose(x, b + 1);
}

/* "## " and deeper marked headings: a section, a notice, a box or a heading. */
static uint32_t
marked_heading(struct jb_ctx *x, struct state *st, uint32_t b)
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
		st->aside = jb_plan_add(x->plan, JB_EL_ASIDE, parent, bk->line);
		jb_plan_unit(x->plan, st->aside)->attr = JB_ASIDE_NOTICE;
		leaf(x, JB_EL_TITLE, st->aside, b, 0);
		return b + 1;
	}
	if (bk->hashes >= 2 && bk->letters <= 4 && !jb_text_spaced(s, len) && !jb_text_has_punct(s, len)
	    && (b + 1 >= nb || jb_blk(x, b + 1)->letters < 40 || jb_blk(x, b + 1)->mark == JB_MK_HASH)) {
		/* A short category line (分类信息) above non-story matter: a section. */
		st->article = st->aside = -1;
		st->section = jb_plan_add(x->plan, JB_EL_SECTION, -1, bk->line);
		st->started = true;
		leaf(x, JB_EL_TITLE, st->section, b, 0);
		return b + 1;
	}
	if (st->article >= 0 && b + 1 < nb && jb_blk(x, b + 1)->blank_before >= x->gap) {
		/* A titled block set off by an image: a box beside the story. */
		st->aside = jb_plan_add(x->plan, JB_EL_ASIDE, st->article, bk->line);
		jb_plan_unit(x->plan, st->aside)->attr = JB_ASIDE_BOX;
		leaf(x, JB_EL_TITLE, st->aside, b, 0);
		return b + 1;
	}
	st->aside = -1;
	if (container(st) < 0 && !st->started) {
		open_article(x, st, bk->line);
		leaf(x, JB_EL_TITLE, st->article, b, 0);
		return b + 1;
	}
	u = leaf(x, JB_EL_HEADING, container(st), b, 0);
	jb_plan_unit(x->plan, u)->attr = (uint8_t)level;
	return b + 1;
}

static uint32_t
list_block(struct jb_ctx *x, struct state *st, uint32_t b)
{
	int parent = container(st), l;
	uint32_t nb = jb_nblocks(x);

	if (parent < 0)
		parent = open_article(x, st, jb_blk(x, b)->line);
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

/* Numbered lines with no blank between them (1. … / 2. …), or announced by a colon: an ordered list. */
static bool
ordered_run(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	if (!enumerated(x, b) || jb_blk(x, b)->n != 1)
		return false;
	/* Announced items are short (附件 names); numbered paragraphs stay paragraphs. */
	return (announced(x, b) && jb_blk(x, b)->letters <= 40 && !jb_text_has_stop(s, len))
	    || (b + 1 < jb_nblocks(x)
	    && jb_blk(x, b + 1)->blank_before == 0 && enumerated(x, b + 1));
}

static uint32_t
ordered_list(struct jb_ctx *x, struct state *st, uint32_t b)
{
	int parent = container(st), l;

	if (parent < 0)
		parent = open_article(x, st, jb_blk(x, b)->line);
	l = jb_plan_add(x->plan, JB_EL_LIST, parent, jb_blk(x, b)->line);
	jb_plan_unit(x->plan, l)->attr = JB_LIST_ORDERED;
	/* Items are as far apart as the first two. */
	uint32_t spacing = b + 1 < jb_nblocks(x) ? jb_blk(x, b + 1)->blank_before : 0;
	if (spacing >= x->gap)
		spacing = 0;
	do {
		leaf(x, JB_EL_LI, l, b, 0);
		b++;
	} while (b < jb_nblocks(x) && b < x->colophon_from && jb_blk(x, b)->blank_before <= spacing
	    && enumerated(x, b) && jb_blk(x, b)->n == 1);
	return b;
}

/* A slogan grid or a printed line pair: an aside of the page, titled by a short line above it. */
static uint32_t
slogan(struct jb_ctx *x, struct state *st, uint32_t b, bool titled)
{
	int a, u;

	st->aside = st->article = -1;
	a = jb_plan_add(x->plan, JB_EL_ASIDE, st->section, jb_blk(x, b)->line);
	jb_plan_unit(x->plan, a)->attr = JB_ASIDE_SLOGAN;
	if (titled) {
		leaf(x, JB_EL_TITLE, a, b, 0);
		b++;
	}
	u = jb_plan_add(x->plan, JB_EL_P, a, jb_blk(x, b)->line);
	jb_add_text(x, u, b, 0);
	return b + 1;
}

/* A byline away from the head: only when a role word or brackets say so. */
static bool
signed_byline(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	if (!jb_blk_byline(x, b, NULL))
		return false;
	return g_strstr_len(s, (gssize)len, "记者") || g_strstr_len(s, (gssize)len, "通讯员")
	    || g_strstr_len(s, (gssize)len, "\xEF\xBC\x88") || s[0] == '(';
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
	struct state st = { -1, -1, -1, false, false };
	uint32_t nb = jb_nblocks(x), b, next;

	blank_habit(x);
	jb_find_colophon(x);
	b = jb_masthead(x, 0);
	b = jb_contents(x, b);
	/* The vocabulary has one contents, right after the masthead. */
	guint head_units = x->plan->units->len;
	bool had_contents = b > 0 && head_units > 0
	    && jb_plan_unit(x->plan, (int)head_units - 1)->el == JB_EL_ENTRY;
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
		bool ended = st.ended;

		st.ended = false;

		if (b >= x->colophon_from) {
			jb_colophon(x, b);
			break;
		}
		if (bk->blank_before >= x->gap && b > 0 && !(bk->done & 2)) {
			b = jb_gap_figures(x, b, container(&st));
			continue;
		}
		if (!had_contents && x->plan->units->len == head_units
		    && (next = jb_contents(x, b)) != b) {
			had_contents = true;
			b = next;
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
			st.aside = jb_plan_add(x->plan, JB_EL_ASIDE, parent, bk->line);
			jb_plan_unit(x->plan, st.aside)->attr = JB_ASIDE_NOTICE;
			leaf(x, JB_EL_TITLE, st.aside, b, 0);
			b++;
			continue;
		}
		if (st.article >= 0 && box_head(x, b)) {
			st.aside = jb_plan_add(x->plan, JB_EL_ASIDE, st.article, bk->line);
			jb_plan_unit(x->plan, st.aside)->attr = JB_ASIDE_BOX;
			leaf(x, JB_EL_TITLE, st.aside, b, 0);
			b++;
			continue;
		}
		st.ended = ended;
		if (head_group(x, &st, b, &next)) {
			st.ended = false;
			b = next;
			continue;
		}
		st.ended = false;
		if (bk->mark == JB_MK_TRIANGLE && !x->periodical && bk->letters <= 80 && bk->n == 1
		    && container(&st) >= 0) {
			/* On a newspaper page a short ▲ line is a photo caption. */
			int fig = jb_plan_add(x->plan, JB_EL_FIGURE, container(&st), bk->line);
			leaf(x, JB_EL_CAPTION, fig, b, 0);
			b++;
			continue;
		}
		if (bk->mark == JB_MK_TRIANGLE) {
			b = triangle_item(x, &st, b);
			continue;
		}
		if (bk->mark == JB_MK_HASH) {
			b = marked_heading(x, &st, b);
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
		if (jb_blk_slogan(x, b) && st.article >= 0 && b + 1 < nb && jb_blk_prose(x, b + 1)
		    && blk_has_punct(x, b + 1)) {
			/* Lines set as rows inside a running story: the caption of an image there. */
			int fig = jb_plan_add(x->plan, JB_EL_FIGURE, container(&st), bk->line);
			leaf(x, JB_EL_CAPTION, fig, b, 0);
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
				parent = open_article(x, &st, bk->line);
			jb_photo_figure(x, b, pc, parent);
			b += pc;
			continue;
		}
		if (jb_blk_credit(x, b)) {
			size_t len;
			const char *s = jb_blk_text(x, b, &len);
			/* A credit for the whole page (本版…) closes a box. */
			if (g_strstr_len(s, (gssize)len, "本版"))
				st.aside = -1;
			int parent = container(&st);
			leaf(x, parent >= 0 ? JB_EL_CREDIT : JB_EL_P, parent, b, 0);
			st.ended = true;
			b++;
			continue;
		}
		if (st.article >= 0 && signed_byline(x, b)) {
			/* ■ 本报记者 王五 after the story: the byline where it is printed. */
			st.aside = -1;
			byline(x, st.article, b);
			st.ended = true;
			b++;
			continue;
		}
		if (jb_blk_heading_like(x, b)) {
			int u;
			st.aside = -1;
			u = leaf(x, JB_EL_HEADING, container(&st), b, 0);
			jb_plan_unit(x->plan, u)->attr = x->marked ? 2 : 1;
			b++;
			continue;
		}
		if (container(&st) < 0 && !st.started && jb_blk_titleish(x, b)
		    && !blk_has_punct(x, b)) {
			/* The name of the page or publication above its first story. */
			int u = leaf(x, JB_EL_HEADING, -1, b, 0);
			jb_plan_unit(x->plan, u)->attr = 1;
			b++;
			continue;
		}
		if (container(&st) < 0 && (bk->letters >= 30 || st.started))
			open_article(x, &st, bk->line);
		b = jb_paragraph(x, b, 0, container(&st));
	}
}
