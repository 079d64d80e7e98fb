/*
 * text/shape.c: shape predicates shared by the rule families: character classes
 * of Chinese text, sentence completeness, enumerations, title-like lines, fields,
 * credits, section brackets, dated leads. Pure functions over source spans
 * (bylines are byline.c's, dates dates.c's).
 */
#include <string.h>
#include "rules.h"

gunichar
jb_char_at(const char *s, size_t len, size_t *i)
{
	gunichar c = g_utf8_get_char(s + *i);
	*i = (size_t)(g_utf8_next_char(s + *i) - s);
	if (*i > len)
		*i = len;
	return c;
}

gunichar
jb_char_before(const char *s, size_t *i)
{
	const char *p = g_utf8_prev_char(s + *i);
	*i = (size_t)(p - s);
	return g_utf8_get_char(p);
}

bool
jb_is_han(gunichar c)
{
	return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF)
	    || (c >= 0x20000 && c <= 0x3FFFF) || c == 0x3007;
}

bool
jb_is_cjk(gunichar c)
{
	return jb_is_han(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF)
	    || (c >= 0x2018 && c <= 0x201D) || c == 0x2026 || c == 0x2014 || c == 0x00B7;
}

bool
jb_is_letter(gunichar c)
{
	return g_unichar_isalnum(c) || jb_is_han(c);
}

bool
jb_is_terminal(gunichar c)
{
	return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?'
	    || c == 0x2026 || c == 0xFF1B || c == ';' || c == 0xFF1A || c == ':'
	    || c == 0xFF0E;
}

bool
jb_is_closer(gunichar c)
{
	return c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == 0xFF09
	    || c == ')' || c == 0x300B || c == 0x3011 || c == 0x3009 || c == '*'
	    || c == '"' || c == '\'';
}

bool
jb_is_space(gunichar c)
{
	return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0;
}

/* Letters and digits; the common CJK block is counted without decoding. */
size_t
jb_text_letters(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, i = 0;

	while (i < len) {
		unsigned char b = p[i];
		if (b < 0x80) {
			n += g_ascii_isalnum(b);
			i++;
		} else if (b >= 0xE4 && b <= 0xE9 && i + 2 < len) {
			n++;	/* U+4000..U+9FFF: Han */
			i += 3;
		} else if (jb_is_letter(jb_char_at(s, len, &i)))
			n++;
	}
	return n;
}

/*
 * A text ends mid-sentence unless its last character (closing quotes and
 * brackets aside) ends a sentence. A closing bracket ends a parenthetical note
 * and counts as an end; a closing quote counts only after a sentence end.
 */
bool
jb_text_open(const char *s, size_t len)
{
	size_t i = len;
	bool bracket = false;

	/* Breadcrumbs and menus of web pages (首页 > 新闻), datelines, fields: not sentences. */
	if (memchr(s, '>', len) || memchr(s, '|', len) || jb_text_dateline(s, len) || jb_text_field(s, len))
		return false;
	/* A field line (联系电话：(0571)85310538) is no sentence to finish. */
	for (size_t k = len; k > 0 && len - k < 64; k--) {
		if ((k >= 3 && memcmp(s + k - 3, "\xEF\xBC\x9A", 3) == 0) || s[k - 1] == ':') {
			if (!jb_text_has_punct(s + k, len - k) && jb_text_letters(s, len) <= 40)
				return false;
			break;
		}
	}

	while (i > 0) {
		gunichar c = jb_char_before(s, &i);
		if (jb_is_space(c))
			continue;
		if (jb_is_closer(c)) {
			if (c == 0xFF09 || c == ')' || c == 0x3011)
				bracket = true;
			continue;
		}
		if (jb_is_terminal(c))
			return false;
		return !bracket;
	}
	return false;
}

bool
jb_text_has_punct(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		gunichar c = jb_char_at(s, len, &i);
		if (c == 0xFF0C || c == 0x3002 || c == 0x3001 || c == 0xFF1B || c == 0xFF01
		    || c == 0xFF1F || c == ',' || c == ';')
			return true;
	}
	return false;
}

bool
jb_text_has_stop(const char *s, size_t len)
{
	size_t i = 0;
	gunichar prev = 0;

	while (i < len) {
		gunichar c = jb_char_at(s, len, &i);
		if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F)
			return true;
		/* 有哪些新进展?: half-width marks after Chinese text end a sentence too. */
		if ((c == '?' || c == '!') && jb_is_cjk(prev))
			return true;
		prev = c;
	}
	return false;
}

/* Two phrases set apart by a space, as headings are printed (建幸福家园 赋能社区). */
bool
jb_text_spaced(const char *s, size_t len)
{
	size_t i = 0;
	gunichar prev = 0;
	bool gap = false, before = false;

	while (i < len) {
		gunichar c = jb_char_at(s, len, &i);
		if (jb_is_space(c)) {
			if (!gap)
				before = prev && jb_is_cjk(prev);
			gap = true;
			continue;
		}
		if (gap && before && jb_is_cjk(c))
			return true;
		gap = false;
		prev = c;
	}
	return false;
}

/* ■ 小标题, ● 要点: a line led by a bullet symbol and a space. */
bool
jb_text_bulleted(const char *s, size_t len)
{
	size_t i = 0;
	gunichar c;

	if (len < 4)
		return false;
	c = jb_char_at(s, len, &i);
	return (c == 0x25A0 || c == 0x25CF || c == 0x25C6 || c == 0x25C7 || c == 0x25A1
	    || c == 0x25CB || c == 0x2605) && i < len && jb_is_space(g_utf8_get_char(s + i));
}

static bool
is_cn_numeral(gunichar c)
{
	static const gunichar num[] = { 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
		0x4E03, 0x516B, 0x4E5D, 0x5341, 0 };
	for (int i = 0; num[i]; i++)
		if (c == num[i])
			return true;
	return false;
}

/*
 * The style of a numbering, so that levels do not mix: 1 = (一) （1）, 2 = 第一、,
 * 3 = 一、, 4 = 1. 1、; 0 = not numbered.
 */
int
jb_text_enum_style(const char *s, size_t len)
{
	size_t i = 0;
	gunichar c;

	if (!jb_text_enumerated(s, len))
		return 0;
	c = jb_char_at(s, len, &i);
	if (c == 0xFF08 || c == '(')
		return jb_digit(jb_char_at(s, len, &i)) >= 0 ? 5 : 1;
	if (c == 0x7B2C)
		return 2;
	if (c >= 0x2460 && c <= 0x2473)
		return 6;
	return is_cn_numeral(c) ? 3 : 4;
}

bool
jb_text_enumerated(const char *s, size_t len)
{
	size_t i = 0, k = 0;
	gunichar c;

	if (len == 0)
		return false;
	c = jb_char_at(s, len, &i);
	if (c == 0xFF08 || c == '(') {
		/* （一） and （1）: numerals or digits, up to three */
		size_t j = i;
		while (i < len && is_cn_numeral(c = jb_char_at(s, len, &i)))
			k++;
		if (k == 0)
			for (i = j; i < len && jb_digit(c = jb_char_at(s, len, &i)) >= 0;)
				k++;
		return k > 0 && k <= 3 && (c == 0xFF09 || c == ')');
	}
	/* ①…⑳ before text */
	if (c >= 0x2460 && c <= 0x2473)
		return i < len;
	if (c == 0x7B2C) {	/* 第 */
		while (i < len && is_cn_numeral(c = jb_char_at(s, len, &i)))
			k++;
		return k > 0 && (c == 0xFF0C || c == 0x3001 || c == 0x7AE0 || c == 0x8282);
	}
	if (is_cn_numeral(c)) {
		while (i < len && is_cn_numeral(c = jb_char_at(s, len, &i)))
			;
		return c == 0x3001;
	}
	if (c < 0x80 && g_ascii_isdigit(c)) {
		while (i < len && (c = jb_char_at(s, len, &i)) < 0x80 && g_ascii_isdigit(c))
			;
		return c == 0x3001 || c == '.' || c == 0xFF0E;
	}
	return false;
}

struct jb_block *
jb_blk(const struct jb_ctx *x, uint32_t b)
{
	return &g_array_index(x->scan->blocks, struct jb_block, b);
}

uint32_t
jb_nblocks(const struct jb_ctx *x)
{
	return x->scan->blocks->len;
}

const struct jb_line *
jb_ln(const struct jb_ctx *x, uint32_t l)
{
	return &g_array_index(x->scan->lines, struct jb_line, l);
}

const char *
jb_blk_text(const struct jb_ctx *x, uint32_t b, size_t *len)
{
	const struct jb_block *bk = jb_blk(x, b);
	const struct jb_line *l = jb_ln(x, bk->first);
	const char *s = x->src->text + l->off;
	size_t n = l->len, k = 0;

	switch (bk->mark) {
	case JB_MK_HASH: k = bk->hashes + 1u; break;
	case JB_MK_DASH: k = 2; break;
	case JB_MK_TRIANGLE: case JB_MK_STAR: k = 3; break;
	default: break;
	}
	while (k < n && s[k] == ' ')
		k++;
	*len = n - k;
	return s + k;
}

const char *
jb_blk_last(const struct jb_ctx *x, uint32_t b, size_t *len)
{
	const struct jb_block *bk = jb_blk(x, b);
	const struct jb_line *l;

	if (bk->n == 1)
		return jb_blk_text(x, b, len);
	l = jb_ln(x, bk->first + bk->n - 1);
	*len = l->len;
	return x->src->text + l->off;
}

bool
jb_blk_open(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_last(x, b, &len);
	return jb_text_open(s, len);
}

/*
 * Brackets around the whole text, （…） or (…): returns the opening bracket's
 * length (0 when not bracketed) and sets *close to the closing one's.
 */
size_t
jb_text_parens(const char *s, size_t len, size_t *close)
{
	size_t k = 0;

	if (len > 6 && memcmp(s, "\xEF\xBC\x88", 3) == 0 && memcmp(s + len - 3, "\xEF\xBC\x89", 3) == 0)
		k = 3;
	else if (len > 2 && s[0] == '(' && s[len - 1] == ')')
		k = 1;
	if (close)
		*close = k;
	return k;
}

/* 李强在会上讲话。 本报记者 王小明 摄: a line signed by its photographer. */
bool
jb_text_photo_signed(const char *s, size_t len)
{
	return (len >= 3 && memcmp(s + len - 3, "摄", 3) == 0)
	    || (len >= 6 && memcmp(s + len - 6, "摄影", 6) == 0);
}

/*
 * A field of page furniture or a form: 责任编辑：李明, 分享到：, 来源：…, 电话：0571…
 * A short label, a colon, then nothing, a short value, digits or another field.
 */
static const char *const furniture[] = {
	"上一篇", "下一篇", "来源", "作者", "编辑", "责任编辑", "发布时间", "发布日期", "时间",
	"浏览次数", "点击数", "阅读", "字号", "版权所有", "主办", "主办单位", "承办", "地址",
	"邮编", "网站标识码", "备案号", "分享到", "原标题", "审核", "校对", "附件", NULL
};

bool
jb_text_field(const char *s, size_t len)
{
	size_t i = 0, label = 0, ob, cb;

	/* 【来源：金华日报】, （责任编辑：陈琳）: a field set in brackets. */
	if (len > 6 && memcmp(s, "\xE3\x80\x90", 3) == 0 && memcmp(s + len - 3, "\xE3\x80\x91", 3) == 0) {
		s += 3;
		len -= 6;
	} else if ((ob = jb_text_parens(s, len, &cb)) > 0) {
		s += ob;
		len -= ob + cb;
	}
	/* Every field has its colon near its start: most lines are answered here. */
	{
		size_t head = len < 240 ? len : 240;
		if (!memchr(s, ':', head) && !g_strstr_len(s, (gssize)head, "\xEF\xBC\x9A"))
			return false;
	}

	for (int k = 0; furniture[k]; k++) {
		size_t n = strlen(furniture[k]);
		if (len > n && memcmp(s, furniture[k], n) == 0
		    && (memcmp(s + n, "\xEF\xBC\x9A", 3) == 0 || s[n] == ':'))
			return true;
	}
	/* 2024-03-15 10:20:31  来源:浙江在线  作者:…: fields set side by side after a space. */
	if (len <= 240 && !jb_text_has_punct(s, len))
		for (int k = 0; furniture[k]; k++) {
			size_t n = strlen(furniture[k]);
			const char *p = s;
			while ((p = g_strstr_len(p, (gssize)(len - (size_t)(p - s)), furniture[k])) != NULL) {
				size_t at = (size_t)(p - s);
				if (at > 0 && s[at - 1] == ' ' && at + n < len
				    && (s[at + n] == ':' || (at + n + 3 <= len
				    && memcmp(s + at + n, "\xEF\xBC\x9A", 3) == 0)))
					return true;
				p += n;
			}
		}

	while (i < len) {
		gunichar c = jb_char_at(s, len, &i);
		if (c == 0xFF1A || c == ':') {
			const char *v = s + i;
			size_t vl = len - i, j = 0;
			bool digit = false;
			if (label == 0 || label > 6)
				return false;
			while (j < vl)
				if (g_ascii_isdigit(v[j++]))
					digit = true;
			/* a value with digits is a field's (电话：0571…), not a quotation's
			 * that runs on (笋干：“大家看，这是…800 米以上…) */
			/* a quoted value is a headline's second half (古籍修复师：与时间赛跑的“书医”) */
			bool quoted = g_strstr_len(v, (gssize)vl, "“") || g_strstr_len(v, (gssize)vl, "《");
			return (jb_text_letters(v, vl) <= 8 && !quoted)
			    || (digit && jb_text_letters(v, vl) <= 24 && !jb_text_has_punct(v, vl))
			    || g_strstr_len(v, (gssize)vl, "\xEF\xBC\x9A") || g_strstr_len(v, (gssize)vl, ":");
		}
		if (!jb_is_han(c))
			return false;
		label++;
	}
	return false;
}

/* A headline-like line: one short line, no sentence end inside or at its end. */
static bool titleish(const struct jb_ctx *, uint32_t);

bool
jb_blk_titleish(const struct jb_ctx *x, uint32_t b)
{
	struct jb_block *bk = jb_blk(x, b);

	if (!bk->titleish)
		bk->titleish = titleish(x, b) ? 2 : 1;
	return bk->titleish == 2;
}

static bool
titleish(const struct jb_ctx *x, uint32_t b)
{
	const struct jb_block *bk = jb_blk(x, b);
	size_t len;
	const char *s;

	if (bk->n != 1 || bk->letters == 0 || bk->letters > 48 || bk->mark == JB_MK_DASH
	    || bk->mark == JB_MK_TRIANGLE)
		return false;
	s = jb_blk_text(x, b, &len);
	size_t cst;
	if (jb_text_has_stop(s, len) || jb_text_credit_at(s, len, &cst) || jb_text_field(s, len)
	    || memchr(s, '>', len) || memchr(s, '|', len) || jb_text_dateline(s, len)
	    || jb_text_button(s, len) || jb_text_jump(s, len) || jb_text_folio(s, len))
		return false;
	/* 请输入关键词 搜索: a web page's search box. */
	if (g_strstr_len(s, (gssize)len, "请输入") || (len >= 6 && (memcmp(s + len - 6, "搜索", 6) == 0
	    || memcmp(s + len - 6, "检索", 6) == 0) && memchr(s, ' ', len)))
		return false;
	/* · 某某新闻 2024-09-20: a dotted line lists, it heads nothing. */
	{
		gunichar c0 = g_utf8_get_char(s);
		if (c0 == 0x00B7 || c0 == 0x2022 || c0 == 0x30FB)
			return false;
	}
	size_t i = len;
	while (i > 0) {
		gunichar c = jb_char_before(s, &i);
		if (c == '*' || jb_is_space(c))
			continue;
		return !(c == 0xFF1B || c == ';' || c == 0xFF1A || c == ':' || c == 0xFF0C
		    || c == ',' || c == 0x3001);
	}
	return false;
}

/* （县卫生健康局基层卫生科）, （街道应急管理办公室）: an office's name alone in brackets,
 * a 简报's way of naming who sent the story in. */
static bool
office_name(const char *s, size_t len)
{
	static const char *const ends[] = { "局", "科", "室", "处", "办", "部", "委", "厅", "院",
		"所", "站", "队", "中心", "委员会", "小组", "公司", "集团", "街道", NULL };
	size_t i = 0;

	if (len < 6 || jb_text_letters(s, len) > 16)
		return false;
	while (i < len)
		if (!jb_is_han(jb_char_at(s, len, &i)))
			return false;
	for (int k = 0; ends[k]; k++)
		if (len > strlen(ends[k]) && memcmp(s + len - strlen(ends[k]), ends[k], strlen(ends[k])) == 0)
			return true;
	return false;
}

/* A trailing photo/source credit in brackets: （图片由…提供）, (…供稿), （…摄）; alone on
 * its line, an office's name too. */
bool
jb_text_credit_at(const char *s, size_t len, size_t *start)
{
	size_t i = len, close_at;
	gunichar c;
	int depth = 0;

	if (len == 0)
		return false;
	/* （…） (…) and the rarer 〔…〕 ［…］ */
	c = jb_char_before(s, &i);
	if (c != 0xFF09 && c != ')' && c != 0x3015 && c != 0xFF3D)
		return false;
	gunichar closer = c, opener = c == 0xFF09 ? 0xFF08 : c == ')' ? '(' : c == 0x3015 ? 0x3014 : 0xFF3B;
	close_at = i;
	while (i > 0) {
		c = jb_char_before(s, &i);
		if (c == closer || (closer == 0xFF09 && c == ')') || (closer == ')' && c == 0xFF09))
			depth++;
		else if (c == opener || (opener == 0xFF08 && c == '(') || (opener == '(' && c == 0xFF08)) {
			if (depth-- == 0)
				break;
		}
		if (close_at - i > 200)
			return false;
	}
	if (depth >= 0 && !(c == opener || (opener == 0xFF08 && c == '(') || (opener == '(' && c == 0xFF08)))
		return false;
	{
		const char *in = s + i;
		size_t n = close_at - i;
		static const char *const keys[] = { "提供", "供稿", "摄", "来源", "供图", "图片", "综合", "执笔",
			"文/", "文／", NULL };
		bool hit = false;
		for (int k = 0; keys[k]; k++)
			if (g_strstr_len(in, (gssize)n, keys[k]))
				hit = true;
		/* （据新华社）, （据人民日报）: a story taken from another source */
		size_t ob = in[0] == '(' ? 1 : 3;
		if (!hit && !(n >= ob + 3 && memcmp(in + ob, "据", 3) == 0)
		    && !(i == 0 && office_name(in + ob, n - ob)))
			return false;
	}
	*start = i;
	return true;
}

bool
jb_blk_credit(const struct jb_ctx *x, uint32_t b)
{
	size_t len, st;
	const char *s = jb_blk_text(x, b, &len);

	if (jb_blk(x, b)->n != 1 || jb_blk(x, b)->mark != JB_MK_NONE)
		return false;
	return jb_text_credit_at(s, len, &st) && st == 0;
}

/* — 2 —, - 2 -, －2－: a page number printed in the footer of a word-processed page. */
bool
jb_text_folio(const char *s, size_t len)
{
	size_t i = 0, digits = 0, dashes = 0;

	if (len > 24)
		return false;
	while (i < len) {
		gunichar c = jb_char_at(s, len, &i);
		if (jb_digit(c) >= 0)
			digits++;
		else if (c == '-' || c == 0x2014 || c == 0x2013 || c == 0xFF0D || c == 0x2500)
			dashes++;
		else if (!jb_is_space(c))
			return false;
	}
	return digits >= 1 && digits <= 3 && dashes >= 2;
}

/* (下转第二版), （上接第1版）: a story jumps to or from another page. */
bool
jb_text_jump(const char *s, size_t len)
{
	return len <= 40 && ((len > 6 && memcmp(s, "\xEF\xBC\x88", 3) == 0) || (len > 2 && s[0] == '('))
	    && g_strstr_len(s, (gssize)len, "版") && (g_strstr_len(s, (gssize)len, "转")
	    || g_strstr_len(s, (gssize)len, "接"));
}

/* 【打印本页】【关闭窗口】, 【字体：大 中 小】: buttons of a web page, not sections or headlines. */
bool
jb_text_button(const char *s, size_t len)
{
	static const char *const buttons[] = { "打印", "关闭", "字体", "收藏", "分享", "返回", NULL };

	if (len < 8 || memcmp(s, "\xE3\x80\x90", 3) != 0 || memcmp(s + len - 3, "\xE3\x80\x91", 3) != 0)
		return false;
	for (int k = 0; buttons[k]; k++)
		if (g_strstr_len(s, (gssize)len, buttons[k]))
			return true;
	return false;
}

/* 【重要动态】: one bracketed phrase filling the line. */
bool
jb_blk_section(const struct jb_ctx *x, uint32_t b, size_t *in_off, size_t *in_len)
{
	const struct jb_block *bk = jb_blk(x, b);
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	if (bk->sect && len > 0) {
		*in_off = (size_t)(s - x->src->text);
		*in_len = len;
		return true;
	}
	if (bk->n != 1 || (bk->mark != JB_MK_NONE && bk->mark != JB_MK_HASH) || len < 8
	    || memcmp(s, "\xE3\x80\x90", 3) != 0 || memcmp(s + len - 3, "\xE3\x80\x91", 3) != 0)
		return false;
	if (g_strstr_len(s + 3, (gssize)len - 6, "\xE3\x80\x90") || g_strstr_len(s + 3, (gssize)len - 6, "\xE3\x80\x91")
	    || g_strstr_len(s + 3, (gssize)len - 6, "\xEF\xBC\x9A") || g_strstr_len(s + 3, (gssize)len - 6, ":")
	    || jb_text_letters(s, len) > 12)
		return false;
	if (jb_text_button(s, len))
		return false;
	*in_off = (size_t)(s - x->src->text) + 3;
	*in_len = len - 6;
	return true;
}

/* A news lead that opens with its date: 5月10日，… 5月10日至17日，… 3月5日上午，…
 * 近日，… 日前，… 2024年3月5日，… */
bool
jb_blk_date_lead(const struct jb_ctx *x, uint32_t b)
{
	size_t len, i = 0;
	const char *s = jb_blk_text(x, b, &len);
	int dates = 0;

	/* the text first: cheap, and most blocks fail it at their first character */
	if (jb_blk(x, b)->mark != JB_MK_NONE)
		return false;
	if (len > 9 && (memcmp(s, "近日，", 9) == 0 || memcmp(s, "日前，", 9) == 0))
		return jb_blk_prose(x, b);
	while (i < len && i < 60) {
		size_t j = i;
		gunichar c = jb_char_at(s, len, &j);

		if (jb_digit(c) >= 0 || c == 0x5E74 || c == 0x6708 || c == 0x81F3 || c == '-')
			;	/* digits, 年 月 至 */
		else if (c == 0x65E5)	/* 日 */
			dates++;
		else if (dates > 0 && (c == 0xFF0C || c == ','))
			return jb_blk_prose(x, b);
		else if (dates > 0 && (c == 0x4E0A || c == 0x4E0B || c == 0x665A || c == 0x5348))
			;	/* 上午 下午 晚 */
		else
			return false;
		i = j;
	}
	return false;
}

/* Appends the letters and digits of s to key: how a contents entry and a headline
 * are matched (punctuation and spacing differ between the two). */
void
jb_entry_key(GString *key, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t st = i;
		if (jb_is_letter(jb_char_at(s, len, &i)))
			g_string_append_len(key, s + st, (gssize)(i - st));
	}
}

/* A grid of short rows without sentence punctuation: a slogan. */
bool
jb_blk_slogan(const struct jb_ctx *x, uint32_t b)
{
	const struct jb_block *bk = jb_blk(x, b);
	const struct jb_line *l = jb_ln(x, bk->first);

	/* a table (columns), a label over rows indented under its value
	 * (参会人员：邵国华… / 　　　　　胡 斌…) or a label line over its rows (菜园公约：
	 * / 一户一块地，…) is no slogan */
	const char *s = x->src->text + l->off;
	return bk->n >= 2 && bk->rows && !bk->list && bk->mark == JB_MK_NONE && l->gaps < 2
	    && !(jb_ln(x, bk->first + 1)->lead >= l->lead + 8)
	    && !(l->len >= 3 && memcmp(s + l->len - 3, "：", 3) == 0) && !(l->len >= 1 && s[l->len - 1] == ':');
}
