/*
 * text/article.c: article segmentation: heads ([kicker] title [subtitle]
 * [byline]) of marked and unmarked pages, bylines with padded names unpadded,
 * signed bylines after a story, and ▲ items whose lead sentence is the title.
 */
#include <string.h>
#include "rules.h"

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
	/* —, -, （ or ( */
	return (len >= 3 && (memcmp(s, "\xE2\x80\x94", 3) == 0 || memcmp(s, "\xEF\xBC\x88", 3) == 0))
	    || (len >= 1 && (s[0] == '-' || s[0] == '('));
}

static bool
starts_dash(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);
	return starts_dash_at(s, len);
}

static void
subtitle(struct jb_ctx *x, int art, uint32_t b)
{
	size_t te, len;
	const char *s = jb_blk_text(x, b, &len);
	/* Brackets around a whole (副题) line are marks the structure replaces. */
	size_t k = jb_text_parens(s, len, &te);
	int u = jb_plan_add(x->plan, JB_EL_SUBTITLE, art, jb_blk(x, b)->line);

	jb_plan_span(x->plan, u, (uint32_t)(s - x->src->text + k), (uint32_t)(len - k - te), false);
}

void
jb_byline(struct jb_ctx *x, int art, uint32_t b)
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

bool
jb_blk_has_punct(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);
	return jb_text_has_punct(s, len);
}

bool
jb_blk_enumerated(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);
	return jb_text_enumerated(s, len);
}

/* ★ 全县首个“零工市场”开市: on a page without bylines a bulleted line heads a news flash. */
static bool
bulleted(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	return jb_text_bulleted(s, len);
}

/* (2024年7月20日) under a speech's title: its subtitle. */
static bool
bracket_date(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);
	int y, m, d;

	return jb_blk(x, b)->n == 1 && jb_blk(x, b)->letters <= 12 && starts_dash_at(s, len)
	    && s[0] != '-' && jb_text_date(s, len, &y, &m, &d);
}

/*
 * A lead that opens a story of its own wherever it stands: 本报讯, 新华社北京8月1日电.
 * A story never runs on into another agency's or paper's dateline.
 */
bool
jb_blk_news_lead(const struct jb_ctx *x, uint32_t b)
{
	static const char *const leads[] = { "本报讯", "本网讯", "本台讯", "新华社", "中新社", NULL };
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	for (int i = 0; leads[i]; i++) {
		size_t n = strlen(leads[i]);
		if (len > n && memcmp(s, leads[i], n) == 0)
			return i < 3 || g_strstr_len(s, (gssize)(len < 60 ? len : 60), "电");
	}
	return false;
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

static bool
place_headline(const struct jb_ctx *x, uint32_t b)
{
	size_t len, i = 0, han = 0;
	const char *s = jb_blk_text(x, b, &len);

	if (jb_blk(x, b)->mark != JB_MK_NONE || !jb_blk_titleish(x, b) || jb_text_has_punct(s, len))
		return false;
	while (i < len) {
		gunichar c = jb_char_at(s, len, &i);
		if (c == 0xFF1A)
			return han >= 2 && han <= 10 && jb_text_letters(s + i, len - i) >= 6;
		if (!jb_is_han(c))
			return false;
		han++;
	}
	return false;
}

/*
 * Running text follows, perhaps after furniture fields (来源：…, 发布时间：…, one
 * per line on some sites) or a first numbered heading (一、基本情况).
 */
static bool
story_follows(const struct jb_ctx *x, uint32_t b)
{
	uint32_t nb = jb_nblocks(x);
	bool numbered = false;

	for (int k = 0; k < 6 && b < nb; k++, b++) {
		size_t len;
		const char *s = jb_blk_text(x, b, &len);
		if (jb_blk(x, b)->n == 1 && (jb_text_field(s, len) || jb_text_button(s, len)
		    || ((memchr(s, '>', len) || memchr(s, '|', len)) && !jb_text_has_stop(s, len))))
			continue;
		if (!numbered && jb_text_enumerated(s, len) && jb_blk_heading_like(x, b)) {
			numbered = true;
			continue;
		}
		/* A date under a line is the signature of a notice, not its text. */
		return jb_blk_prose(x, b) && !jb_blk_titleish(x, b) && !jb_text_dateline(s, len);
	}
	return false;
}

/*
 * An article head: [kicker] title [subtitle] [byline]. Marked input says it
 * with "# " (a "##" line right above it is the kicker); unmarked input with a
 * run of up to three headline-like lines directly above a byline.
 */
/* Two or three lines set with hard breaks inside one bold run, no sentence end. */
static bool
bold_rows(const struct jb_ctx *x, uint32_t b)
{
	const struct jb_block *bk = jb_blk(x, b);
	const struct jb_line *first, *last;
	const char *fs, *ls;

	if (!bk->rows || bk->n < 2 || bk->n > 3 || bk->mark != JB_MK_NONE || bk->letters > 48)
		return false;
	first = jb_ln(x, bk->first);
	last = jb_ln(x, bk->first + bk->n - 1);
	fs = x->src->text + first->off;
	ls = x->src->text + last->off;
	if (first->len < 4 || last->len < 4 || memcmp(fs, "**", 2) != 0
	    || memcmp(ls + last->len - 2, "**", 2) != 0)
		return false;
	for (uint32_t i = 0; i < bk->n; i++) {
		const struct jb_line *l = jb_ln(x, bk->first + i);
		const char *t = x->src->text + l->off;
		size_t a = i == 0 ? 2 : 0, z = l->len - (i + 1 == bk->n ? 2 : 0);

		if (z <= a || g_strstr_len(t + a, (gssize)(z - a), "**") || jb_text_has_stop(t + a, z - a))
			return false;
	}
	return true;
}

/* Two wrapped lines, no sentence end, over a dated news lead. */
static bool
wrapped_head(const struct jb_ctx *x, uint32_t b)
{
	const struct jb_block *bk = jb_blk(x, b);

	if (bk->n != 2 || bk->rows || bk->mark != JB_MK_NONE || bk->letters > 60
	    || b + 1 >= jb_nblocks(x) || jb_blk(x, b + 1)->blank_before == 0
	    || !jb_blk_date_lead(x, b + 1))
		return false;
	for (uint32_t i = 0; i < 2; i++) {
		const struct jb_line *l = jb_ln(x, bk->first + i);

		if (jb_text_has_stop(x->src->text + l->off, l->len))
			return false;
	}
	return true;
}

/* Does the contents list this lead a word or two shorter (目录: …全链条数字化;
 * the item: …全链条数字化改造。)? An entry that is the lead's start, four fifths of it. */
static bool
listed_short(const struct jb_ctx *x, const char *lead)
{
	GHashTableIter it;
	gpointer k;
	size_t n = strlen(lead);

	g_hash_table_iter_init(&it, x->entries);
	while (g_hash_table_iter_next(&it, &k, NULL)) {
		size_t m = strlen(k);
		if (m < n && m * 5 >= n * 4 && memcmp(k, lead, m) == 0)
			return true;
	}
	return false;
}

/* Do blocks [b, b + n) together make an entry of the contents? */
static bool
listed(const struct jb_ctx *x, uint32_t b, uint32_t n)
{
	GString *k = g_string_new(NULL);
	bool hit;

	for (uint32_t i = b; i < b + n; i++) {
		size_t len;
		const char *s = jb_blk_text(x, i, &len);

		jb_entry_key(k, s, len);
	}
	hit = g_hash_table_contains(x->entries, k->str);
	g_string_free(k, TRUE);
	return hit;
}

/* Two one-line blocks set without a blank line between them, neither listed
 * alone, that together make an entry of the contents (…医院复审 / 现场评审). */
static bool
listed_pair(const struct jb_ctx *x, uint32_t b)
{
	uint32_t nb = jb_nblocks(x);

	return g_hash_table_size(x->entries) > 0 && b + 1 < nb && jb_blk(x, b)->n == 1
	    && jb_blk(x, b + 1)->n == 1 && jb_blk(x, b + 1)->blank_before == 0
	    && jb_blk(x, b)->mark == JB_MK_NONE && jb_blk(x, b + 1)->mark == JB_MK_NONE
	    && !listed(x, b, 1) && !listed(x, b + 1, 1) && listed(x, b, 2);
}

bool
jb_head_group(struct jb_ctx *x, struct jb_state *st, uint32_t b, uint32_t *next)
{
	uint32_t kick = UINT32_MAX, title, sub = UINT32_MAX, by = UINT32_MAX, nb = jb_nblocks(x);

	if (!x->marked && jb_blk(x, b)->n == 1 && jb_blk(x, b)->mark == JB_MK_NONE && st->started
	    && jb_blk_titleish(x, b) && !is_byline_at(x, b + 1) && listed(x, b, 1)
	    && b + 1 < nb && jb_blk_prose(x, b + 1)) {
		/* A line the contents lists, over running text: a headline, even set
		 * solid with its story. */
		int art = jb_open_article(x, st, jb_blk(x, b)->line);

		jb_leaf(x, JB_EL_TITLE, art, b, 0);
		*next = b + 1;
		return true;
	}
	if (!x->marked && wrapped_head(x, b)) {
		/* …暨“守底线、 / 查隐患、保安全”专项行动部署会 over 4月9日，…: a headline
		 * wrapped in two lines over its dated lead */
		int art = jb_open_article(x, st, jb_blk(x, b)->line);

		jb_leaf(x, JB_EL_TITLE, art, b, 0);
		*next = b + 1;
		return true;
	}
	if (!x->marked && listed_pair(x, b)) {
		/* A headline the contents lists, printed in two lines: one title. */
		int art = jb_open_article(x, st, jb_blk(x, b)->line);
		const struct jb_line *l = jb_ln(x, jb_blk(x, b + 1)->first);
		int u = jb_leaf(x, JB_EL_TITLE, art, b, 0);

		jb_plan_span(x->plan, u, l->off, l->len, false);
		*next = b + 2;
		if (is_byline_at(x, b + 2)) {
			jb_byline(x, art, b + 2);
			*next = b + 3;
		}
		return true;
	}

	if (x->marked) {
		if (is_hash(x, b, 1))
			title = b;
		else if (is_hash(x, b, 2) && is_hash(x, b + 1, 1) && jb_blk(x, b + 1)->blank_before < x->gap)
			kick = b, title = b + 1;
		else if (jb_blk(x, b)->mark == JB_MK_NONE && jb_blk_titleish(x, b) && jb_blk(x, b)->letters <= 16
		    && !jb_blk_has_punct(x, b) && is_hash(x, b + 1, 1) && jb_blk(x, b + 1)->blank_before < x->gap
		    && (b == 0 || !jb_blk_open(x, b - 1)))
			kick = b, title = b + 1;	/* an unmarked short line over # : its kicker */
		else
			return false;
		if (is_byline_at(x, title + 1))
			by = title + 1;
		else if (title + 2 < nb && is_byline_at(x, title + 2)
		    && (is_hash(x, title + 1, 2) || jb_blk_titleish(x, title + 1)))
			sub = title + 1, by = title + 2;
		else if (title + 1 < nb && jb_blk_titleish(x, title + 1) && starts_dash(x, title + 1))
			sub = title + 1;
	} else if (bold_rows(x, b) && b + 1 < nb && story_follows(x, b + 1)) {
		title = b;	/* **…能力  / 提升…成效**: a bold headline set in lines */
	} else if (jb_blk(x, b)->rows && jb_blk(x, b)->n <= 3 && is_byline_at(x, b + 1)) {
		/* Kicker, headline and subtitle printed on consecutive lines. */
		const struct jb_block *bk = jb_blk(x, b);
		const struct jb_line *l0 = jb_ln(x, bk->first);
		int art = jb_open_article(x, st, bk->line), k = 0;
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
		jb_byline(x, art, b + 1);
		*next = b + 2;
		return true;
	} else {
		uint32_t r = 0;
		size_t so, sl;
		/* a line of names over a headline over a byline is a kicker of short
		 * phrases (强基础 补短板 惠民生 / 云溪县：… / 黄立新): one head has one byline */
		bool kicker_names = b + 2 < nb && is_byline_at(x, b) && jb_blk_titleish(x, b + 1)
		    && !is_byline_at(x, b + 1) && is_byline_at(x, b + 2);
		while (r < 3 && b + r < nb && (jb_blk_titleish(x, b + r) || (r > 0 && bracket_date(x, b + r)))
		    && (r == 0 || jb_blk(x, b + r)->blank_before < x->gap)
		    && (!is_byline_at(x, b + r) || (r == 0 && kicker_names))
		    && !jb_blk_section(x, b + r, &so, &sl))
			r++;
		/* The same head stands over a news lead (本报讯…) that names its reporters. */
		bool lead = r > 1 && b + r < nb && jb_blk(x, b + r)->blank_before < x->gap
		    && !jb_blk_enumerated(x, b) && dateline_lead(x, b + r);
		if (r > 0 && (is_byline_at(x, b + r) || lead)) {
			by = lead ? UINT32_MAX : b + r;
			if (r == 1)
				title = b;
			else if (r == 2 && starts_dash(x, b + 1))
				title = b, sub = b + 1;
			else if (r == 2)
				kick = b, title = b + 1;
			else
				kick = b, title = b + 1, sub = b + 2;
		} else if (jb_blk_titleish(x, b) && !jb_blk_heading_like(x, b) && !jb_blk_enumerated(x, b)
		    && b + 2 < nb && jb_blk_titleish(x, b + 1) && starts_dash(x, b + 1)
		    && jb_blk(x, b + 1)->blank_before < x->gap
		    && (!st->started || !x->has_bylines || st->ended_at == b) && story_follows(x, b + 2)) {
			/* A headline and its ——subtitle over the story, without a byline (web pages). */
			title = b, sub = b + 1;
		} else if (jb_blk_titleish(x, b) && !jb_blk_enumerated(x, b) && b + 1 < nb
		    && jb_blk(x, b + 1)->blank_before < x->gap && dateline_lead(x, b + 1)) {
			/* 本报讯 / 新华社…电 opens a story: the line above is its headline. */
			title = b;
		} else if (place_headline(x, b) && b + 1 < nb && jb_blk_prose(x, b + 1)
		    && jb_blk(x, b + 1)->letters >= 40 && (b == 0 || !jb_blk_open(x, b - 1))) {
			/* 桐庐：…, 西湖区：…: a place and a colon lead a headline, not a heading. */
			title = b;
		} else if (jb_blk_titleish(x, b) && (!jb_blk_heading_like(x, b) || st->ended_at == b
		    || (x->periodical && st->article < 0) || (!x->has_bylines && bulleted(x, b)))
		    && (!st->started || !x->has_bylines || st->ended_at == b) && !jb_blk_enumerated(x, b)
		    && story_follows(x, b + 1)) {
			/* No byline: a headline opening the page, or a news brief's item. */
			title = b;
		} else
			return false;
	}
	int art = jb_open_article(x, st, jb_blk(x, kick != UINT32_MAX ? kick : title)->line);
	if (kick != UINT32_MAX)
		jb_leaf(x, JB_EL_KICKER, art, kick, 0);
	jb_leaf(x, JB_EL_TITLE, art, title, 0);
	if (sub != UINT32_MAX)
		subtitle(x, art, sub);
	if (by != UINT32_MAX)
		jb_byline(x, art, by);
	*next = (by != UINT32_MAX ? by : sub != UINT32_MAX ? sub : title) + 1;
	return true;
}

/* ▲ item: its lead sentence is the title when bold or listed in the contents. */
uint32_t
jb_triangle_item(struct jb_ctx *x, struct jb_state *st, uint32_t b)
{
	size_t len, i = 0, end = 0, after = 0;
	const char *s = jb_blk_text(x, b, &len);
	int art = jb_open_article(x, st, jb_blk(x, b)->line);

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
		/* **…行动。**: the full stop printed inside the bold run. */
		bool inbold = !bold && end > 2 && memcmp(s, "**", 2) == 0 && after + 2 <= len
		    && memcmp(s + after, "**", 2) == 0 && !g_strstr_len(s + 2, (gssize)(end - 2), "**");
		bool listed = false;
		if (!bold && g_hash_table_size(x->entries)) {
			GString *k = g_string_new(NULL);
			jb_entry_key(k, s, end);
			listed = g_hash_table_contains(x->entries, k->str) || listed_short(x, k->str);
			g_string_free(k, TRUE);
		}
		if (bold || inbold || listed) {
			int u = jb_plan_add(x->plan, JB_EL_TITLE, art, jb_blk(x, b)->line);
			jb_plan_span(x->plan, u, (uint32_t)(s - x->src->text), (uint32_t)end, false);
			if (inbold) {	/* the closing ** after the dropped stop */
				jb_plan_span(x->plan, u, (uint32_t)(s + after - x->src->text), 2, false);
				after += 2;
			}
			while (after < len && s[after] == ' ')
				after++;
			if (after >= len && jb_blk(x, b)->n == 1)
				return b + 1;
			return jb_paragraph(x, b, after, art);
		}
	}
	return jb_paragraph(x, b, 0, art);
}

/* A byline away from the head: only when a role word or brackets say so. */
bool
jb_signed_byline(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	if (!jb_blk_byline(x, b, NULL))
		return false;
	return g_strstr_len(s, (gssize)len, "记者") || g_strstr_len(s, (gssize)len, "通讯员")
	    || g_strstr_len(s, (gssize)len, "\xEF\xBC\x88") || s[0] == '(';
}
