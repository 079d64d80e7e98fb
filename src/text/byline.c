/*
 * text/byline.c: who wrote a story: a byline line's names (2 to 4 characters, or
 * padded single ones paired up), role words going with the name after them
 * (本报记者 王小明, 文/图 张三, 市政协委员 周立新), and the author pieces for the tree.
 * Used by the article rules (article.c) and the page survey (classify.c).
 */
#include <string.h>
#include "rules.h"

static const char *const roles[] = {
	"记者", "本报记者", "通讯员", "见习记者", "特约记者", "实习生", "特约撰稿人",
	"本报通讯员", "首席记者", "摄影记者", "本刊记者", "本网记者", "融媒体记者", "本报特约记者",
	/* a speaker's office goes with the name as a role does (市长 李 明) */
	"市长", "县长", "区长", "省长", "局长", "部长", "主任", "书记", "主席", NULL
};

static bool
is_suffix(const char *s, const uint32_t *tok)
{
	static const char *const sfx[] = { "报道", "整理", NULL };

	for (int r = 0; sfx[r]; r++)
		if (tok[1] == strlen(sfx[r]) && memcmp(s + tok[0], sfx[r], tok[1]) == 0)
			return true;
	return false;
}

/* One of the role words listed above (记者, 通讯员, 市长), or a title that ends
 * in one of those that name a body's member or reporter (市政协委员, 全国人大代表,
 * 新华社记者). */
static bool
is_role_word(const char *s, const uint32_t *tok)
{
	static const char *const tails[] = { "委员", "代表", "记者", "通讯员", NULL };

	for (int r = 0; roles[r]; r++)
		if (tok[1] == strlen(roles[r]) && memcmp(s + tok[0], roles[r], tok[1]) == 0)
			return true;
	for (int r = 0; tails[r]; r++) {
		size_t tl = strlen(tails[r]);

		if (tok[1] > tl && tok[1] <= 24 && memcmp(s + tok[0] + tok[1] - tl, tails[r], tl) == 0)
			return true;
	}
	return false;
}

/* A role word of a byline: 记者, 文/ (slashed), and 图 or 摄 after 文/ (文/图 张三);
 * any other character after 文/ begins a name (文/钱 程). */
static bool
is_role(const char *s, uint32_t tok[][2], const bool *slash, int t)
{
	return slash[t] || (t > 0 && slash[t - 1] && tok[t][1] == 3
	    && (memcmp(s + tok[t][0], "图", 3) == 0 || memcmp(s + tok[t][0], "摄", 3) == 0
	    || memcmp(s + tok[t][0], "文", 3) == 0)) || is_role_word(s, tok[t]);
}

/*
 * A byline: one line of personal names separated by spaces. Two-character names
 * are printed padded to three (陈 璐), so single characters pair up; role words
 * (记者, 通讯员) go with the name after them.
 */
bool
jb_blk_byline(const struct jb_ctx *x, uint32_t b, GArray *authors)
{
	const struct jb_block *bk = jb_blk(x, b);
	size_t len, i = 0, ob, cb;
	const char *s;
	uint32_t tok[16][2];
	bool slash[16];
	int nt = 0;

	if (bk->n != 1 || bk->mark != JB_MK_NONE || bk->letters < 2 || bk->letters > 24)
		return false;
	s = jb_blk_text(x, b, &len);
	if (jb_text_jump(s, len))
		return false;
	/* 市水利局 over 2024年5月20日: the signature of a notice, not its authors. */
	if (b + 1 < jb_nblocks(x) && jb_blk(x, b + 1)->blank_before == 0 && jb_blk(x, b + 1)->n == 1) {
		size_t dl;
		int y, m, d;
		const char *ds = jb_blk_text(x, b + 1, &dl);
		if (jb_text_letters(ds, dl) <= 12 && jb_text_date(ds, dl, &y, &m, &d))
			return false;
	}
	/* □ 本报记者 张三: a decoration before a byline goes with its spaces. */
	if (len > 4 && (memcmp(s, "□", 3) == 0 || memcmp(s, "■", 3) == 0 || memcmp(s, "●", 3) == 0
	    || memcmp(s, "◆", 3) == 0)) {
		s += 3;
		len -= 3;
	}
	/* （记者 张三）: the brackets around a byline are dropped with its spaces. */
	ob = jb_text_parens(s, len, &cb);
	s += ob;
	len -= ob + cb;
	/* （全文完）, （未完待续）: a story's end mark, no name */
	{
		static const char *const ends[] = { "完", "全文完", "待续", "未完待续", "续完", NULL };
		for (int k = 0; ends[k]; k++)
			if (len == strlen(ends[k]) && memcmp(s, ends[k], len) == 0)
				return false;
	}
	while (i < len) {
		size_t st, nch = 0;
		gunichar c;
		/* Names are set apart by spaces, or by 、 and ， (本报记者 张三、李四). */
		while (i < len && (c = g_utf8_get_char(s + i), jb_is_space(c) || c == 0x3001 || c == 0xFF0C))
			jb_char_at(s, len, &i);
		if (i >= len)
			break;
		st = i;
		slash[nt] = false;
		while (i < len) {
			size_t j = i;
			c = jb_char_at(s, len, &j);
			if (jb_is_space(c) || c == 0x3001 || c == 0xFF0C)
				break;
			if ((c == '/' || c == 0xFF0F) && nch > 0) {
				/* 文/张三, 图／李四 */
				slash[nt] = true;
				break;
			}
			if (!jb_is_han(c) && c != 0x00B7 && c != 0x2022)
				return false;
			nch++;
			i = j;
		}
		if (nt == 16)
			return false;
		tok[nt][0] = (uint32_t)st;
		tok[nt][1] = (uint32_t)(i - st);
		/* Names have up to four characters; longer words only as roles (本报通讯员). */
		if (nch > 4 && !is_role(s, tok, slash, nt))
			return false;
		nt++;
		if (i < len && slash[nt - 1])
			jb_char_at(s, len, &i);
	}
	/* A lone word of four characters is a phrase (暂无评论), a lone name has two or three. */
	if (nt == 0 || (nt == 1 && (tok[0][1] < 6 || tok[0][1] > 9)))
		return false;
	/* Four-character words side by side (揭榜挂帅 破难攻坚) are a phrase, not names;
	 * words listed with 、 are names only after a role word (记者 张三、李四). */
	int four = 0, nroles = 0;
	for (int t = 0; t < nt; t++) {
		bool role = is_role_word(s, tok[t]);
		four += tok[t][1] == 12 && !role;
		nroles += role || slash[t];
	}
	if (nt > 1 && four * 2 >= nt)
		return false;
	if (nroles == 0 && (g_strstr_len(s, (gssize)len, "、") || g_strstr_len(s, (gssize)len, "，")))
		return false;
	if (authors)
		g_array_set_size(authors, 0);
	uint32_t base = (uint32_t)(s - x->src->text), sep[2] = { UINT32_MAX, 0 };
	for (int t = 0; t < nt; t++) {
		/* 记者 王小明: role words (文/图 本报记者 李华: all of them) go with the name after them. */
		while (t + 1 < nt && is_role(s, tok, slash, t)) {
			uint32_t rl = tok[t][1];
			if (slash[t])
				rl += s[tok[t][0] + rl] == '/' ? 1 : 3;	/* keep 文/ as printed */
			if (authors)
				g_array_append_vals(authors, (uint32_t[]){ base + tok[t][0], rl }, 2);
			t++;
		}
		if (tok[t][1] == 3) {
			if (t + 1 >= nt || tok[t + 1][1] != 3)
				return false;	/* a lone character is no name */
			if (authors)
				g_array_append_vals(authors, (uint32_t[]){ base + tok[t][0], 3,
				    base + tok[t + 1][0], 3 }, 4);
			t++;
		} else if (authors)
			g_array_append_vals(authors, (uint32_t[]){ base + tok[t][0], tok[t][1] }, 2);
		/* 本报记者 孙 丽 报道: what the reporter did goes with the name, it is none. */
		if (t + 2 == nt && is_suffix(s, tok[t + 1])) {
			if (authors)
				g_array_append_vals(authors, (uint32_t[]){ base + tok[t + 1][0], tok[t + 1][1] }, 2);
			t++;
		}
		if (authors)
			g_array_append_vals(authors, sep, 2);
	}
	return true;
}
