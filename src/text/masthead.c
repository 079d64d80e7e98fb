/*
 * text/masthead.c: the parts of a periodical bulletin around its articles: the
 * masthead (<meta>: title, (subtitle), issue 第…期, issuer, date), the printed
 * table of contents (【目录】, entries with or without their "- " and ☆), and
 * the distribution colophon at the end (送：… / 发：… / …印发).
 */
#include <string.h>
#include "rules.h"

static bool
has_prefix(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);
	return len >= n && memcmp(s, p, n) == 0;
}

static bool
has_suffix(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);
	return len >= n && memcmp(s + len - n, p, n) == 0;
}

static bool
bracketed(const char *s, size_t len, size_t *in, size_t *inlen)
{
	size_t o = 0, c = 0;

	if (has_prefix(s, len, "\xEF\xBC\x88"))	/* （ */
		o = 3;
	else if (has_prefix(s, len, "(") || has_prefix(s, len, "["))
		o = 1;
	else if (has_prefix(s, len, "\xE3\x80\x94"))	/* 〔 */
		o = 3;
	if (has_suffix(s, len, "\xEF\xBC\x89"))
		c = 3;
	else if (has_suffix(s, len, ")") || has_suffix(s, len, "]"))
		c = 1;
	else if (has_suffix(s, len, "\xE3\x80\x95"))
		c = 3;
	if (!o || !c || len <= o + c)
		return false;
	*in = o;
	*inlen = len - o - c;
	return true;
}

/* 2023 年第 33 期, 第5期 (总第 100 期) */
static bool
is_issue(const char *s, size_t len)
{
	const char *q = g_strstr_len(s, (gssize)len, "\xE6\x9C\x9F");	/* 期 */
	size_t i = 0;
	bool digit = false;

	if (!q || jb_text_letters(s, len) > 24)
		return false;
	while (i < (size_t)(q - s)) {
		gunichar c = jb_char_at(s, len, &i);
		if (jb_digit(c) >= 0 || g_utf8_strchr("一二三四五六七八九十百", -1, c))
			digit = true;
	}
	return digit && g_strstr_len(s, (gssize)len, "\xE7\xAC\xAC") != NULL;	/* 第 */
}

static void
leaf(struct jb_ctx *x, enum jb_el el, int parent, uint32_t line, uint32_t off, uint32_t len)
{
	int u = jb_plan_add(x->plan, el, parent, line);
	jb_plan_span(x->plan, u, off, len, false);
}

static const char *const pub_words[] = {
	"简报", "动态", "通讯", "快报", "专报", "周报", "月报", "信息", "工作", "参阅", NULL
};

/* The line's text without its spaces (简  报 = 简报, 工 作 动 态 = 工作动态). */
static GString *
unspaced(const char *s, size_t len)
{
	GString *g = g_string_sized_new(len);
	size_t i = 0;

	while (i < len) {
		size_t at = i;
		if (!jb_is_space(jb_char_at(s, len, &i)))
			g_string_append_len(g, s + at, (gssize)(i - at));
	}
	return g;
}

static bool
has_pub_word(const char *s, size_t len)
{
	GString *g = unspaced(s, len);
	bool hit = false;

	for (int i = 0; pub_words[i] && !hit; i++)
		hit = strstr(g->str, pub_words[i]) != NULL;
	g_string_free(g, TRUE);
	return hit;
}

/* A line that only names the kind of publication: 工作动态, 简  报, 工作简报. */
static bool
kind_only(const char *s, size_t len)
{
	static const char *const kinds[] = { "简报", "动态", "工作动态", "工作简报", "工作信息", "信息",
		"快报", "专报", "通讯", "内部通讯", "工作通讯", NULL };
	GString *g = unspaced(s, len);
	bool hit = false;

	for (int i = 0; kinds[i] && !hit; i++)
		hit = strcmp(g->str, kinds[i]) == 0;
	g_string_free(g, TRUE);
	return hit;
}

/* 东江市人力资源和社会保障局: an organisation's name, whose publication is the next line. */
static bool
organisation(const char *s, size_t len)
{
	static const char *const ends[] = { "局", "委员会", "办公室", "厅", "部", "政府", "委", "院",
		"中心", "公司", "集团", "协会", "学校", "大学", "街道", "镇", "乡", NULL };

	for (int i = 0; ends[i]; i++) {
		size_t n = strlen(ends[i]);
		if (len > n && memcmp(s + len - n, ends[i], n) == 0)
			return true;
	}
	return false;
}

/*
 * The masthead's fields printed on one line apart by wide blanks (two full-width
 * spaces or four columns): 2024年第6期（总第41期）　　　　…办公室　　　　2024年6月12日.
 * True when it holds an issue and a date among two or three parts; with x, adds
 * them to meta (the issue, then the issuer, then the date, in the vocabulary's order).
 */
static bool
fields_in_line(const char *s, size_t len, struct jb_ctx *x, int meta, uint32_t line)
{
	size_t at[4], n[4], parts = 0, i = 0;
	int y, m, d, is = -1, dt = -1, who = -1;

	while (i < len && parts < 4) {
		size_t st = i, end = i, run = 0;
		while (i < len) {
			size_t j = i;
			gunichar c = jb_char_at(s, len, &j);
			if (jb_is_space(c)) {
				run += c == 0x3000 ? 2 : 1;
				if (run >= 4)
					break;
			} else {
				run = 0;
				end = j;
			}
			i = j;
		}
		at[parts] = st;
		n[parts++] = end - st;
		while (i < len && jb_is_space(g_utf8_get_char(s + i)))
			i = (size_t)(g_utf8_next_char(s + i) - s);
	}
	if (i < len || parts < 2 || parts > 3)
		return false;
	for (size_t k = 0; k < parts; k++) {
		if (is < 0 && is_issue(s + at[k], n[k]))
			is = (int)k;
		else if (dt < 0 && jb_text_date(s + at[k], n[k], &y, &m, &d))
			dt = (int)k;
		else if (who < 0 && jb_text_letters(s + at[k], n[k]) >= 2)
			who = (int)k;
		else
			return false;
	}
	if (is < 0 || dt < 0)
		return false;
	if (x) {
		uint32_t off = (uint32_t)(s - x->src->text);
		leaf(x, JB_EL_ISSUE, meta, line, off + (uint32_t)at[is], (uint32_t)n[is]);
		if (who >= 0)
			leaf(x, JB_EL_ISSUER, meta, line, off + (uint32_t)at[who], (uint32_t)n[who]);
		leaf(x, JB_EL_DATE, meta, line, off + (uint32_t)at[dt], (uint32_t)n[dt]);
	}
	return true;
}

/* Where the date starts on a line that prints the issuer before it; 0 if it does not. */
static size_t
date_prefix(const char *s, size_t len)
{
	size_t i = 0, at = 0;

	while (i < len) {
		if (jb_digit(jb_char_at(s, len, &i)) >= 0)
			break;
		at = i;
	}
	if (at == len || jb_text_letters(s, at) < 2)
		return 0;
	return at;
}

/*
 * The masthead: short lines at the top, among them an issue line (第…期), or a
 * date and a bracketed kind. The publication's name is the line with a word
 * like 简报 (with the organisation's line above it), the issuer the other line,
 * or the text printed before the date.
 */
uint32_t
jb_masthead(struct jb_ctx *x, uint32_t b)
{
	enum { MAXL = 8 };
	uint8_t kind[MAXL];
	uint32_t nb = 0, e = b;
	int unk[MAXL], nu = 0, datei = -1, issue2 = -1, combined = -1, y, m, d;
	bool issue = false, sub = false;

	for (; e < jb_nblocks(x) && nb < MAXL; e++, nb++) {
		const struct jb_block *bk = jb_blk(x, e);
		size_t len, in, inl, so, sl;
		const char *s = jb_blk_text(x, e, &len);
		if (bk->n != 1 || (bk->mark != JB_MK_NONE && bk->mark != JB_MK_HASH) || bk->letters > 48
		    || jb_blk_section(x, e, &so, &sl) || jb_text_has_stop(s, len))
			break;
		bool iss = is_issue(s, len);
		if (!issue && combined < 0 && jb_ln(x, bk->first)->gaps >= 1
		    && fields_in_line(s, len, NULL, 0, 0)) {
			/* 第6期　　　　…办公室　　　　2024年6月12日: the fields on one line, and
			 * the masthead ends with it */
			kind[nb] = JB_EL_ISSUE, issue = true, combined = (int)nb;
			nb++;
			break;
		}
		if (iss && !issue)
			kind[nb] = JB_EL_ISSUE, issue = true;
		else if (iss && issue2 < 0 && kind[nb - 1] == JB_EL_ISSUE)
			kind[nb] = 0xFE, issue2 = (int)nb;	/* （总第 100 期） on a line of its own */
		else if (bracketed(s, len, &in, &inl) && !sub)
			kind[nb] = JB_EL_SUBTITLE, sub = true;
		else if (datei < 0 && jb_text_date(s, len, &y, &m, &d))
			kind[nb] = JB_EL_DATE, datei = (int)nb;
		else if (nu < 3 && datei < 0)
			kind[nb] = JB_EL_ISSUER, unk[nu++] = (int)nb;
		else
			break;
	}
	if (!(issue || (datei >= 0 && sub)) || nb < 2 || nu == 0 || kind[0] != JB_EL_ISSUER)
		return b;
	/* Name lines: up to the first with a publication word, consecutive from the top. */
	int name_end = 0, issuer = -1;
	for (int i = 0; i < nu; i++) {
		size_t len;
		const char *s = jb_blk_text(x, b + (uint32_t)unk[i], &len);
		if (has_pub_word(s, len) && unk[i] == i) {
			name_end = i;
			break;
		}
	}
	if (name_end + 1 < nu && combined < 0)
		issuer = unk[name_end + 1];
	if (name_end + 2 < nu && combined < 0)
		nb = (uint32_t)unk[name_end + 2];	/* a third line is no masthead's */
	if (combined >= 0 && name_end + 1 < nu)
		nb = (uint32_t)unk[name_end + 1];	/* the issuer is on the fields' line */
	/* 山海共富 over 工作动态: the name and, under it, the kind of publication (the
	 * subtitle, as "(工作动态)" is); an organisation's line over it is part of the name */
	int kind_line = -1;
	if (name_end > 0 && !sub) {
		size_t l0, l1;
		const char *s0 = jb_blk_text(x, b + (uint32_t)unk[name_end - 1], &l0);
		const char *s1 = jb_blk_text(x, b + (uint32_t)unk[name_end], &l1);
		if (kind_only(s1, l1) && !organisation(s0, l0))
			kind_line = unk[name_end--];
	}

	int meta = jb_plan_add(x->plan, JB_EL_META, -1, jb_blk(x, b)->line);
	int t = jb_plan_add(x->plan, JB_EL_TITLE, meta, jb_blk(x, b)->line);
	for (int i = 0; i <= name_end; i++) {
		size_t len;
		const char *s = jb_blk_text(x, b + (uint32_t)unk[i], &len);
		jb_plan_span(x->plan, t, (uint32_t)(s - x->src->text), (uint32_t)len, i > 0);
	}
	static const uint8_t order[] = { JB_EL_SUBTITLE, JB_EL_ISSUE, JB_EL_ISSUER, JB_EL_DATE };
	if (kind_line >= 0) {
		size_t len;
		const char *s = jb_blk_text(x, b + (uint32_t)kind_line, &len);
		leaf(x, JB_EL_SUBTITLE, meta, jb_blk(x, b + (uint32_t)kind_line)->line,
		    (uint32_t)(s - x->src->text), (uint32_t)len);
	}
	for (unsigned o = 0; o < sizeof order; o++) {
		for (uint32_t i = 0; i < nb; i++) {
			size_t len, in, inl, pre;
			const char *s = jb_blk_text(x, b + i, &len);
			uint32_t off = (uint32_t)(s - x->src->text), line = jb_blk(x, b + i)->line;
			if (order[o] == JB_EL_ISSUER) {
				if ((int)i == issuer)
					leaf(x, JB_EL_ISSUER, meta, line, off, (uint32_t)len);
				else if (issuer < 0 && (int)i == datei && (pre = date_prefix(s, len)) > 0) {
					size_t e2 = pre;
					while (e2 > 0 && jb_is_space(g_utf8_get_char(g_utf8_prev_char(s + e2))))
						e2 = (size_t)(g_utf8_prev_char(s + e2) - s);
					leaf(x, JB_EL_ISSUER, meta, line, off, (uint32_t)e2);
				}
				continue;
			}
			if (kind[i] != order[o])
				continue;
			if ((int)i == combined) {
				fields_in_line(s, len, x, meta, line);	/* issue, issuer, date */
				break;
			}
			if (kind[i] == JB_EL_SUBTITLE && bracketed(s, len, &in, &inl))
				leaf(x, JB_EL_SUBTITLE, meta, line, off + (uint32_t)in, (uint32_t)inl);
			else if (kind[i] == JB_EL_DATE && issuer < 0 && (pre = date_prefix(s, len)) > 0)
				leaf(x, JB_EL_DATE, meta, line, off + (uint32_t)pre, (uint32_t)(len - pre));
			else
				leaf(x, order[o], meta, line, off, (uint32_t)len);
			if (kind[i] == JB_EL_ISSUE && issue2 >= 0) {
				const char *s2 = jb_blk_text(x, b + (uint32_t)issue2, &len);
				jb_plan_span(x->plan, (int)x->plan->units->len - 1,
				    (uint32_t)(s2 - x->src->text), (uint32_t)len, true);
			}
			break;
		}
	}
	return b + nb;
}

static bool
is_contents_head(const struct jb_ctx *x, uint32_t b, uint32_t *off, uint32_t *len)
{
	size_t so, sl, l;
	const char *s;

	if (jb_blk_section(x, b, &so, &sl)) {
		s = x->src->text + so;
		l = sl;
	} else {
		if (jb_blk(x, b)->n != 1)
			return false;
		s = jb_blk_text(x, b, &l);
	}
	/* 目录, 本期目录, 本期要目 */
	if (l < 6 || l > 18 || !(memcmp(s + l - 6, "目录", 6) == 0 || memcmp(s + l - 6, "要目", 6) == 0
	    || memcmp(s + l - 6, "导读", 6) == 0))
		return false;
	*off = (uint32_t)(s - x->src->text);
	*len = (uint32_t)l;
	return true;
}

/* Where an entry's text starts: after the "- " and a ☆, ★ or ● marker. */
static size_t
entry_start(const struct jb_ctx *x, const struct jb_line *l)
{
	const char *s = x->src->text + l->off;
	size_t n = l->len, k = 0;

	if (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ')
		k = 2;
	while (k < n && s[k] == ' ')
		k++;
	if (n - k >= 3 && (memcmp(s + k, "\xE2\x98\x86", 3) == 0 || memcmp(s + k, "\xE2\x98\x85", 3) == 0
	    || memcmp(s + k, "\xE2\x97\x8F", 3) == 0))
		k += 3;
	while (k < n && s[k] == ' ')
		k++;
	return k;
}

/* One entry: the "- " and a ☆ or ★ marker off; its key (its letters and digits,
 * without its number: 1. 集团党委… heads 集团党委…) is appended to *key. Returns
 * its unit, -1 when the line holds no text. */
static int
entry(struct jb_ctx *x, int parent, const struct jb_line *l, GString *key)
{
	const char *s = x->src->text + l->off;
	size_t n = l->len, k = entry_start(x, l), i = k;

	if (k >= n)
		return -1;
	leaf(x, JB_EL_ENTRY, parent, l->num, l->off + (uint32_t)k, (uint32_t)(n - k));
	if (jb_text_enumerated(s + k, n - k))
		while (i < n) {
			size_t at = i;
			gunichar c = jb_char_at(s, n, &i);
			if (!(jb_digit(c) >= 0 || c == '.' || c == 0xFF0E || c == 0x3001 || c == ' '
			    || c == 0xFF08 || c == 0xFF09 || c == '(' || c == ')'
			    || g_utf8_strchr("一二三四五六七八九十", -1, c))) {
				i = at;
				break;
			}
		}
	jb_entry_key(key, s + i, n - i);
	return (int)x->plan->units->len - 1;
}

/* Lines set together, each numbered (1. … / 2. …), none past 60 letters or a stop. */
static bool
numbered_lines(const struct jb_ctx *x, uint32_t b)
{
	const struct jb_block *bk = jb_blk(x, b);

	for (uint32_t i = 0; i < bk->n; i++) {
		const struct jb_line *l = jb_ln(x, bk->first + i);
		const char *s = x->src->text + l->off;

		if (l->letters > 60 || !jb_text_enumerated(s, l->len) || jb_text_has_stop(s, l->len))
			return false;
	}
	return true;
}

/* Running text right under a line (set solid): that line heads a story, it lists none. */
static bool
story_under(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s;

	if (b + 1 >= jb_nblocks(x) || jb_blk(x, b + 1)->blank_before >= x->gap || jb_blk(x, b + 1)->letters <= 40)
		return false;
	s = jb_blk_text(x, b + 1, &len);
	return jb_text_has_stop(s, len);
}

uint32_t
jb_contents(struct jb_ctx *x, uint32_t b)
{
	uint32_t off, len, e;
	int c;

	if (b >= jb_nblocks(x) || !is_contents_head(x, b, &off, &len))
		return b;
	/* Entries: list lines, then ☆ lines that lost their "- " after a page break. */
	for (e = b + 1; e < jb_nblocks(x); e++) {
		const struct jb_block *bk = jb_blk(x, e);
		size_t tl, so, sl;
		const char *s = jb_blk_text(x, e, &tl);
		/* Plain lines too: numbered ones, or lines set right under an entry. */
		bool plain = bk->mark == JB_MK_NONE && !bk->list && bk->letters > 0
		    && (bk->letters <= 60 || numbered_lines(x, e))
		    && !jb_text_has_stop(s, tl) && !jb_blk_section(x, e, &so, &sl)
		    && (jb_text_enumerated(s, tl) || (bk->blank_before == 0 && e > b + 1
		    && !story_under(x, e)));
		if (!(bk->list || bk->mark == JB_MK_STAR || plain) || bk->blank_before >= x->gap)
			break;
	}
	/* A contents needs an entry with text (a bare "☆" line is none). */
	bool any = false;
	for (uint32_t i = b + 1; i < e && !any; i++) {
		const struct jb_block *bk = jb_blk(x, i);
		for (uint32_t l = 0; l < bk->n && !any; l++)
			any = entry_start(x, jb_ln(x, bk->first + l)) < jb_ln(x, bk->first + l)->len;
	}
	if (!any)
		return b;
	c = jb_plan_add(x->plan, JB_EL_CONTENTS, -1, jb_blk(x, b)->line);
	leaf(x, JB_EL_TITLE, c, jb_blk(x, b)->line, off, len);
	GString *key = g_string_new(NULL);
	int last = -1;
	for (uint32_t i = b + 1; i < e; i++) {
		const struct jb_block *bk = jb_blk(x, i);
		for (uint32_t l = 0; l < bk->n; l++) {
			const struct jb_line *ln = jb_ln(x, bk->first + l);
			/* an unmarked line among marked ones: the entry above, wrapped
			 * (☆武义县以“助老食堂”织密农村养老服 / 务网) */
			bool marked = bk->mark == JB_MK_STAR || bk->list;
			bool after_marked = l > 0 ? marked : (i > b + 1 && bk->blank_before == 0
			    && bk->mark == JB_MK_NONE && (jb_blk(x, i - 1)->mark == JB_MK_STAR
			    || jb_blk(x, i - 1)->list) && ln->letters <= 8);
			if (last >= 0 && after_marked && entry_start(x, ln) == 0 && ln->len > 0) {
				g_hash_table_remove(x->entries, key->str);
				jb_plan_span(x->plan, last, ln->off, ln->len, false);
				jb_entry_key(key, x->src->text + ln->off, ln->len);
			} else {
				if (last >= 0)
					g_hash_table_replace(x->entries, g_strdup(key->str), GINT_TO_POINTER(1));
				g_string_truncate(key, 0);
				last = entry(x, c, ln, key);
				continue;
			}
		}
	}
	if (last >= 0)
		g_hash_table_replace(x->entries, g_strdup(key->str), GINT_TO_POINTER(1));
	g_string_free(key, TRUE);
	return e;
}

/* A distribution line (送：…, 抄送…, …印发), shape.c's callers included. */
bool
jb_text_colophon(const char *s, size_t len)
{
	static const char *const pre[] = { "送：", "送:", "报：", "报:", "发：", "发:", "抄送",
		"抄报", "主送", "分送", "发送", "报送", "印数", NULL };
	static const char *const post[] = { "印发", "编印", "印制", "份）", "份)", NULL };

	for (int i = 0; pre[i]; i++)
		if (has_prefix(s, len, pre[i]))
			return true;
	for (int i = 0; post[i]; i++)
		if (has_suffix(s, len, post[i]))
			return true;
	return false;
}

/* End matter printed with the distribution lines: 编辑：… 审核：… 签发：… */
bool
jb_text_end_matter(const char *s, size_t len)
{
	static const char *const pre[] = { "编辑", "责任编辑", "审核", "签发", "校对", "联系人",
		"联系电话", "电话", "地址", "邮编", NULL };

	for (int i = 0; pre[i]; i++)
		if (has_prefix(s, len, pre[i]) && jb_text_field(s, len))
			return true;
	return false;
}

void
jb_find_colophon(struct jb_ctx *x)
{
	uint32_t b = jb_nblocks(x), strong = b;

	x->colophon_from = b;
	while (b > 0) {
		size_t len;
		const char *s = jb_blk_text(x, b - 1, &len);
		/* one line, or a distribution line wrapped under a hanging indent */
		if ((jb_blk(x, b - 1)->n != 1 && (jb_blk(x, b - 1)->n > 3 || !jb_text_colophon(s, len)))
		    || jb_blk(x, b - 1)->letters > 200)
			break;
		if (jb_text_colophon(s, len))
			strong = b - 1;
		else if (!jb_text_end_matter(s, len))
			break;
		b--;
	}
	/* At least one distribution line; end matter only around it. */
	if (strong < jb_nblocks(x))
		x->colophon_from = b;
}

void
jb_colophon(struct jb_ctx *x, uint32_t b)
{
	int c = jb_plan_add(x->plan, JB_EL_COLOPHON, -1, jb_blk(x, b)->line);

	for (; b < jb_nblocks(x); b++) {
		int u = jb_plan_add(x->plan, JB_EL_P, c, jb_blk(x, b)->line);
		jb_add_text(x, u, b, 0);
	}
}
