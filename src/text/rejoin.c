/*
 * text/rejoin.c: paragraphs rejoined where the page layout split them mid-
 * sentence, image gaps (three blank lines) and the captions printed in them or
 * in the split, which move out into <figure>s after the rejoined paragraph;
 * truncated paragraphs and displaced fragments are marked and warned about.
 */
#include <string.h>
#include "../core/diag.h"
#include "rules.h"

#define GAP_DONE 2	/* jb_block.done: the image gap before it is already placed */

void
jb_add_text(struct jb_ctx *x, int u, uint32_t b, size_t skip)
{
	const struct jb_block *bk = jb_blk(x, b);
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	if (skip > len)
		skip = len;
	jb_plan_span(x->plan, u, (uint32_t)(s - x->src->text + skip), (uint32_t)(len - skip), false);
	for (uint32_t i = 1; i < bk->n; i++) {
		const struct jb_line *l = jb_ln(x, bk->first + i);
		jb_plan_span(x->plan, u, l->off, l->len, bk->rows || jb_ln(x, bk->first + i - 1)->br);
	}
}

static bool
is_fully_bold(const char *s, size_t len)
{
	return len > 4 && memcmp(s, "**", 2) == 0 && memcmp(s + len - 2, "**", 2) == 0
	    && !g_strstr_len(s + 2, (gssize)len - 4, "**");
}

/* A numbered line on its own with longer running text under it (not another
 * numbered line: numbered lines in a row are a list or numbered paragraphs). */
static bool
point_over_text(const struct jb_ctx *x, uint32_t b)
{
	size_t nl;
	const char *ns;

	if (jb_blk(x, b)->n != 1 || jb_blk(x, b)->letters > 36 || b + 1 >= jb_nblocks(x)
	    || jb_blk(x, b + 1)->letters <= jb_blk(x, b)->letters || jb_blk(x, b + 1)->mark != JB_MK_NONE)
		return false;
	ns = jb_blk_text(x, b + 1, &nl);
	return !jb_text_enumerated(ns, nl);
}

/*
 * 一、提高政治站位，切实增强…责任感。: a speech's or report's numbered point is one
 * sentence (s, after its number) on a line of its own over running text.
 */
static bool
numbered_point(const struct jb_ctx *x, uint32_t b, const char *s, size_t len)
{
	size_t i = 0, stops = 0, last = 0;

	if (!point_over_text(x, b))
		return false;
	while (i < len) {
		gunichar c = jb_char_at(s, len, &i);
		if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F) {
			stops++;
			last = i;
		}
	}
	return stops == 1 && last == len;
}

/* A heading: marked, a bold line, or an unmarked short line in this page's heading style. */
bool
jb_blk_heading_like(const struct jb_ctx *x, uint32_t b)
{
	const struct jb_block *bk = jb_blk(x, b);
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	if (bk->mark == JB_MK_HASH)
		return true;
	if (bk->n != 1 || bk->mark != JB_MK_NONE)
		return false;
	if (is_fully_bold(s, len) && bk->letters <= 40 && !jb_text_has_stop(s, len - 2))
		return true;
	/* 一、全力抓好项目建设: the enumeration's 、 is no punctuation of the phrase. */
	size_t ps = 0;
	if (jb_text_enumerated(s, len)) {
		const char *d = g_strstr_len(s, (gssize)(len < 16 ? len : 16), "\xE3\x80\x81");
		if (d)
			ps = (size_t)(d - s) + 3;
		else if ((d = g_strstr_len(s, (gssize)(len < 16 ? len : 16), "\xEF\xBC\x89")))
			ps = (size_t)(d - s) + 3;	/* （一）摸清底数建清单。 */
	}
	/* a marked page may number its lower headings without marks (## 一、 over （一）…。);
	 * a numbered phrase pair with a comma (一、工业生产较快增长，新兴产业支撑有力)
	 * over longer text is one too */
	if (ps > 0 && (numbered_point(x, b, s + ps, len - ps)
	    || (!jb_text_has_stop(s, len) && bk->letters <= 30 && point_over_text(x, b))))
		return true;
	if (x->marked || !jb_blk_titleish(x, b) || jb_text_has_punct(s + ps, len - ps) || bk->letters > 30)
		return false;
	if (jb_text_enumerated(s, len) || jb_text_bulleted(s, len))
		return true;
	/* （完）, (记者 张三): a bracketed line is no heading. */
	if ((len > 6 && memcmp(s, "\xEF\xBC\x88", 3) == 0) || s[0] == '(')
		return false;
	if (x->spaced_heads)
		return jb_text_spaced(s, len);
	/* Without bylines, such lines head items of their own (see head_group). */
	return x->has_bylines && bk->letters <= 24;
}

/* Pages without bylines (news briefs): an unmarked short line heads an item of its own. */
bool
jb_blk_item_title(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	return !x->marked && !x->spaced_heads && !x->has_bylines && jb_blk_titleish(x, b)
	    && !jb_text_has_punct(s, len) && jb_blk(x, b)->letters <= 30 && !jb_text_enumerated(s, len);
}

/* 2024年5月20日 alone on its line: the date of a signature, never inside a sentence. */
static bool
date_only(const struct jb_ctx *x, uint32_t b)
{
	size_t len, i = 0;
	const char *s = jb_blk_text(x, b, &len);
	int y, m, d;

	if (jb_blk(x, b)->n != 1 || jb_blk(x, b)->letters > 12 || !jb_text_date(s, len, &y, &m, &d))
		return false;
	while (i < len) {
		gunichar c = jb_char_at(s, len, &i);
		if (!(c < 0x80 && (g_ascii_isdigit(c) || c == ' ' || c == '-' || c == '.' || c == '/'))
		    && c != 0x5E74 && c != 0x6708 && c != 0x65E5)
			return false;
	}
	return true;
}

/* 列席人员：县委督查室 方 卫，… : a short label and its value on one line, a
 * field of a record, not a sentence left open. */
static bool
field_line(const struct jb_ctx *x, uint32_t b)
{
	size_t len, i = 0, han = 0;
	const char *s = jb_blk_text(x, b, &len);
	gunichar c = 0;

	/* one line, or rows under a label (参会人员：… over its indented names) */
	if (jb_blk(x, b)->n != 1 ? !jb_blk(x, b)->rows : jb_blk(x, b)->letters > 40)
		return false;
	while (i < len && han <= 6 && jb_is_han(c = jb_char_at(s, len, &i)))
		han++;
	return han >= 2 && han <= 6 && c == 0xFF1A && i < len && !jb_text_has_stop(s + i, len - i);
}

/* Can this block continue a paragraph split by the page? */
bool
jb_blk_prose(const struct jb_ctx *x, uint32_t b)
{
	const struct jb_block *bk = jb_blk(x, b);
	size_t so, sl, len;
	const char *s;

	if (b >= x->colophon_from || bk->letters == 0 || bk->mark != JB_MK_NONE || bk->list || jb_blk_slogan(x, b)
	    || jb_blk_credit(x, b) || jb_blk_section(x, b, &so, &sl) || jb_blk_heading_like(x, b)
	    || jb_blk_item_title(x, b))
		return false;
	s = jb_blk_text(x, b, &len);
	if (jb_text_field(s, len))
		return false;
	if (jb_blk_titleish(x, b) && b + 1 < jb_nblocks(x) && jb_blk_byline(x, b + 1, NULL))
		return false;
	if (date_only(x, b))
		return false;
	/* 首页 > 新闻, 网站地图 | 联系我们: navigation never continues a sentence */
	if (bk->n == 1 && (memchr(s, '>', len) || memchr(s, '|', len)) && !jb_text_has_stop(s, len))
		return false;
	if (bk->n == 1 && (jb_text_folio(s, len) || jb_text_jump(s, len)))
		return false;	/* a page number, or （下转第6版）: the sentence goes on elsewhere */
	return !jb_blk_notice_title(x, b);
}

static bool
caption_like(const struct jb_ctx *x, uint32_t b)
{
	const struct jb_block *bk = jb_blk(x, b);
	size_t so, sl;

	return b < x->colophon_from && (bk->mark == JB_MK_NONE
	    || (bk->mark == JB_MK_TRIANGLE && !x->periodical)) && !bk->list
	    && (bk->n == 1 || bk->rows) && bk->letters >= 2 && bk->letters <= 100
	    && !jb_blk_heading_like(x, b) && !jb_blk_section(x, b, &so, &sl)
	    && !(b + 1 < jb_nblocks(x) && jb_blk_byline(x, b + 1, NULL));
}

/* The block right after b (one blank line) goes on with a number (14 个月,相关…):
 * the cut sentence resumes there, so b, a sentence of its own, is a caption. */
static bool
digit_next(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s;

	if (b + 1 >= jb_nblocks(x) || jb_blk(x, b + 1)->blank_before >= x->gap || !jb_blk_prose(x, b + 1))
		return false;
	s = jb_blk_text(x, b + 1, &len);
	return len > 0 && jb_digit(g_utf8_get_char(s)) >= 0;
}

/* Past an image inside a cut sentence: a short line that looks like a heading is
 * a caption all the same when running text follows it (headings cut no sentence:
 * …机手接单后 / 下坂村村民在田头学习操作植保无人机 / 按统一标准收费…). */
static bool
caption_in_cut(const struct jb_ctx *x, uint32_t b)
{
	const struct jb_block *bk = jb_blk(x, b);
	size_t so, sl, len;
	const char *s = jb_blk_text(x, b, &len);

	return b < x->colophon_from && bk->mark == JB_MK_NONE && bk->n == 1 && bk->letters >= 4
	    && bk->letters <= 30 && !jb_text_has_punct(s, len) && !jb_blk_enumerated(x, b)
	    && !jb_blk_section(x, b, &so, &sl) && b + 1 < jb_nblocks(x)
	    && jb_blk(x, b + 1)->blank_before < x->gap && jb_blk_prose(x, b + 1)
	    && !jb_blk_byline(x, b + 1, NULL);
}

/* What follows a caption standing alone: a break in the running text. */
static bool
structural(const struct jb_ctx *x, uint32_t b)
{
	const struct jb_block *bk;
	size_t so, sl;

	if (b >= jb_nblocks(x) || b >= x->colophon_from)
		return true;
	bk = jb_blk(x, b);
	return bk->blank_before >= x->gap || bk->mark != JB_MK_NONE || jb_blk_heading_like(x, b)
	    || jb_blk_item_title(x, b)
	    || jb_blk_section(x, b, &so, &sl) || jb_blk_credit(x, b) || jb_blk_slogan(x, b)
	    || (jb_blk_titleish(x, b) && b + 1 < jb_nblocks(x) && jb_blk_byline(x, b + 1, NULL));
}

/* A photo credit ending a caption's line: （图片由…提供）, or a signature after the
 * caption's sentence or phrase (…就餐。 本报记者 陈 晨 摄, …作业　图/郑 凯). Only
 * the line's end is looked at: this runs for every short block. */
static bool
has_trailing_credit(const struct jb_ctx *x, uint32_t b, size_t *st)
{
	size_t len, at = 0;
	const char *s = jb_blk_text(x, b, &len), *p;

	if (jb_blk(x, b)->n != 1)
		return false;
	if (jb_text_credit_at(s, len, st) && *st > 0)
		return true;
	if (jb_text_photo_signed(s, len)) {
		/* back from the end, within a signature's length, to a sentence end */
		for (size_t i = len; i > 0 && len - i < 64;) {
			gunichar c = jb_char_before(s, &i);
			if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F) {
				at = i + 3;
				break;
			}
		}
	} else if (len > 4 && (p = g_strstr_len(s + (len > 64 ? len - 64 : 0), MIN((gssize)len, 64), "图"))
	    && ((size_t)(p - s) + 4 <= len && (p[3] == '/' || ((size_t)(p - s) + 6 <= len
	    && memcmp(p + 3, "／", 3) == 0)))) {
		size_t k = (size_t)(p - s), q = k;
		if (k > 0 && jb_is_space(jb_char_before(s, &q)))
			at = k;		/* 图/ after a space */
	}
	if (at == 0 || at >= len)
		return false;
	while (at < len && jb_is_space(g_utf8_get_char(s + at)))
		at = (size_t)(g_utf8_next_char(s + at) - s);
	if (at >= len || jb_text_letters(s + at, len - at) > 16 || jb_text_has_punct(s + at, len - at)
	    || !(jb_text_photo_signed(s + at, len - at) || memcmp(s + at, "图", 3) == 0))
		return false;
	*st = at;
	return true;
}

/* A caption, its credit split off when printed on the same line. */
static bool
add_caption(struct jb_ctx *x, int fig, uint32_t b)
{
	size_t st, len;
	const char *s = jb_blk_text(x, b, &len);
	uint32_t off = (uint32_t)(s - x->src->text);
	int u;

	if (has_trailing_credit(x, b, &st)) {
		size_t e = st;
		while (e > 0 && s[e - 1] == ' ')
			e--;
		u = jb_plan_add(x->plan, JB_EL_CAPTION, fig, jb_blk(x, b)->line);
		jb_plan_span(x->plan, u, off, (uint32_t)e, false);
		u = jb_plan_add(x->plan, JB_EL_CREDIT, fig, jb_blk(x, b)->line);
		jb_plan_span(x->plan, u, off + (uint32_t)st, (uint32_t)(len - st), false);
		return true;
	}
	u = jb_plan_add(x->plan, JB_EL_CAPTION, fig, jb_blk(x, b)->line);
	jb_add_text(x, u, b, 0);
	return false;
}


static bool
starts_with(const struct jb_ctx *x, uint32_t b, const char *p)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);
	return len >= strlen(p) && memcmp(s, p, strlen(p)) == 0;
}

/*
 * Text that carries on past a sentence end (经之路。近年来…) is running text, not
 * a caption: captions are one phrase or one sentence.
 */
static bool
runs_on(const struct jb_ctx *x, uint32_t b)
{
	size_t len, st, i = 0;
	const char *s = jb_blk_text(x, b, &len);

	/* 作品。（记者 陈明 摄）: the photo's credit after the sentence is no running text. */
	if (has_trailing_credit(x, b, &st))
		len = st;
	while (i < len) {
		gunichar c = jb_char_at(s, len, &i);
		if ((c == 0x3002 || c == 0xFF01 || c == 0xFF1F) && jb_text_letters(s + i, len - i) > 0
		    && !starts_with(x, b, "图为"))
			return !g_strstr_len(s + i, (gssize)(len - i), "图为");
	}
	return false;
}

/* 李强在会上讲话。 本报记者 王小明 摄: a caption signed by its photographer. */
static bool
photo_credit_end(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_last(x, b, &len);

	return jb_text_photo_signed(s, len);
}

static bool credit_line(const struct jb_ctx *, uint32_t);

/* Does the block end on a sentence end (。！？, or one with a closing quote)? */
static bool
ends_sentence(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_last(x, b, &len);

	return !jb_text_open(s, len) && jb_text_has_stop(s, len);
}

/*
 * The figures of an image gap before block j. With want (a paragraph was cut
 * by the image), short blocks are captions until the continuation; without,
 * the block after the gap is a caption only when something says so: a credit,
 * rows, 图为, or a break in the running text right after it.
 * Figures go to parent. Returns the first block that is not part of them.
 */
static uint32_t
figure_run(struct jb_ctx *x, uint32_t j, bool want, int parent)
{
	uint32_t k = j, nb = jb_nblocks(x);
	bool captioned = false;	/* an image of this run has its caption */

	while (k < nb && jb_blk(x, k)->blank_before >= x->gap && !(jb_blk(x, k)->done & GAP_DONE)) {
		const struct jb_block *bk = jb_blk(x, k);
		uint32_t gapline = bk->line - bk->blank_before;
		bool take, whole;	/* whole: no more captions under this gap */
		size_t st;
		int fig;

		jb_blk(x, k)->done |= GAP_DONE;
		/* After a captioned image, a block past the next gap that ends a
		 * sentence more likely resumes the cut one (…实现 | 步行道与骑行道分离。)
		 * than captions a second image: then only a mark makes it a caption, as
		 * when nothing was cut. A phrase (钱塘区产业工人群体庞大) still is one. */
		bool resumes = want && digit_next(x, k);	/* the cut sentence goes on right after k */
		if (want && (!captioned || !ends_sentence(x, k) || resumes)) {
			take = caption_like(x, k) && ((bk->letters >= 4 && bk->letters <= 80
			    && !runs_on(x, k)) || photo_credit_end(x, k));
			if (!take)
				take = resumes = caption_in_cut(x, k);
		} else
			take = caption_like(x, k) && (has_trailing_credit(x, k, &st) || bk->rows
			    || starts_with(x, k, "图为") || photo_credit_end(x, k)
			    || (!want && structural(x, k + 1)));
		if ((take || jb_blk_credit(x, k)) && parent == -1)	/* figures stand in a story */
			parent = jb_plan_add(x->plan, JB_EL_ARTICLE, -1, gapline);
		if (!take && jb_blk_credit(x, k)) {
			fig = jb_plan_add(x->plan, JB_EL_FIGURE, parent, bk->line);
			int u = jb_plan_add(x->plan, JB_EL_CREDIT, fig, bk->line);
			jb_add_text(x, u, k, 0);
			captioned = true;	/* its credit: the image is whole */
			k++;
			continue;
		}
		if (!take) {
			/* An image without caption; a lone blank line on a page set solid says less. */
			if (parent != -1 && x->gap >= JB_GAP)
				jb_plan_add(x->plan, JB_EL_FIGURE, parent, gapline);
			return k;
		}
		fig = jb_plan_add(x->plan, JB_EL_FIGURE, parent, bk->line);
		whole = add_caption(x, fig, k) || resumes;	/* credited, or the text goes on */
		captioned = true;
		k++;
		/* More captions of the same image, after a single blank line. */
		while (k < nb && jb_blk(x, k)->blank_before < x->gap && !whole) {
			if (jb_blk_credit(x, k) || credit_line(x, k)) {
				int u = jb_plan_add(x->plan, JB_EL_CREDIT, fig, jb_blk(x, k)->line);
				jb_add_text(x, u, k, 0);
				k++;
				break;
			}
			if (!want || !caption_like(x, k) || jb_blk(x, k)->letters < 4
			    || jb_blk(x, k)->letters > 80 || runs_on(x, k) || k + 1 >= nb)
				break;
			/* Each caption under one gap may describe its own picture. */
			fig = jb_plan_add(x->plan, JB_EL_FIGURE, parent, jb_blk(x, k)->line);
			whole = add_caption(x, fig, k);
			k++;
		}
	}
	return k;
}

uint32_t
jb_gap_figures(struct jb_ctx *x, uint32_t b, int parent)
{
	return figure_run(x, b, false, parent);
}

/* A photo's own credit: （图片由…提供）, （记者 张三 摄）. */
static bool
photo_credit(const char *s, size_t len)
{
	return g_strstr_len(s, (gssize)len, "图") || g_strstr_len(s, (gssize)len, "摄")
	    || g_strstr_len(s, (gssize)len, "照片");
}

/* A photo credit on a line of its own: （图片由…提供）, or 记者 黄 磊 摄 unbracketed. */
static bool
credit_line(const struct jb_ctx *x, uint32_t b)
{
	size_t len;
	const char *s = jb_blk_text(x, b, &len);

	if (jb_blk_credit(x, b))
		return photo_credit(s, len);
	return jb_blk(x, b)->n == 1 && jb_blk(x, b)->mark == JB_MK_NONE && jb_blk(x, b)->letters <= 16
	    && !jb_text_has_punct(s, len) && photo_credit_end(x, b);
}

/*
 * A caption known by its photo credit, with or without an image gap: a line
 * ending in （图片由…提供） or 摄, or a short line right above such a credit.
 * Returns the number of blocks it takes (0 = none).
 */
uint32_t
jb_photo_caption(const struct jb_ctx *x, uint32_t b)
{
	const struct jb_block *bk = jb_blk(x, b);
	size_t len, st;
	const char *s = jb_blk_text(x, b, &len);

	if (b >= x->colophon_from || bk->n != 1 || bk->letters > 100 || bk->letters < 2
	    || !(bk->mark == JB_MK_NONE || (bk->mark == JB_MK_TRIANGLE && !x->periodical)))
		return 0;
	if (has_trailing_credit(x, b, &st) && photo_credit(s + st, len - st))
		return 1;
	if (photo_credit_end(x, b) && bk->letters <= 80)
		return 1;
	/*
	 * A short line right above its photo credit, or one sentence set solid on it
	 * (a paragraph above the page's 本版图片… credit is no caption).
	 */
	if ((jb_blk_titleish(x, b) || (bk->letters <= 60 && !jb_text_open(s, len) && !runs_on(x, b)
	    && b + 1 < jb_nblocks(x) && jb_blk(x, b + 1)->blank_before == 0))
	    && !jb_blk_credit(x, b) && b + 1 < jb_nblocks(x)
	    && jb_blk(x, b + 1)->blank_before < x->gap && credit_line(x, b + 1)) {
		s = jb_blk_text(x, b + 1, &len);
		if (!g_strstr_len(s, (gssize)len, "本版"))
			return 2;
	}
	return 0;
}

void
jb_photo_figure(struct jb_ctx *x, uint32_t b, uint32_t n, int parent)
{
	int fig = jb_plan_add(x->plan, JB_EL_FIGURE, parent, jb_blk(x, b)->line);

	add_caption(x, fig, b);
	if (n == 2) {
		int u = jb_plan_add(x->plan, JB_EL_CREDIT, fig, jb_blk(x, b + 1)->line);
		jb_add_text(x, u, b + 1, 0);
	}
}

/* A short line without punctuation inside an open sentence: a caption printed in the split. */
static bool
interrupting_caption(const struct jb_ctx *x, uint32_t n)
{
	const struct jb_block *bk = jb_blk(x, n);
	size_t len;
	const char *s = jb_blk_text(x, n, &len);

	/*
	 * A line set solid between the two pieces of an open sentence is no heading,
	 * whatever it looks like: headings do not cut sentences (on a page set solid
	 * the open sentence is all there is to tell).
	 */
	bool solid = bk->blank_before == 0 && n + 1 < jb_nblocks(x) && jb_blk(x, n + 1)->blank_before == 0;

	return n + 1 < jb_nblocks(x) && bk->n == 1 && bk->mark == JB_MK_NONE
	    && bk->letters >= 6 && bk->letters <= 30 && !jb_text_has_punct(s, len)
	    && jb_text_open(s, len) && (solid || (!jb_blk_heading_like(x, n) && !jb_blk_item_title(x, n)))
	    && jb_blk(x, n + 1)->blank_before < x->gap && jb_blk_prose(x, n + 1);
}

/* A page number between the two pieces of a sentence cut by the page. */
static bool
folio_between(const struct jb_ctx *x, uint32_t n)
{
	size_t len;
	const char *s = jb_blk_text(x, n, &len);

	return n + 1 < jb_nblocks(x) && jb_blk(x, n)->n == 1 && jb_text_folio(s, len)
	    && jb_blk(x, n + 1)->blank_before < x->gap && jb_blk_prose(x, n + 1);
}

/* 康、协商议事…: starts inside a word or a sentence. */
static bool
looks_displaced(const char *s, size_t len)
{
	size_t i = 0;
	gunichar c0, c1;

	if (len == 0)
		return false;
	c0 = jb_char_at(s, len, &i);
	if (c0 == 0x3001 || c0 == 0xFF0C || c0 == 0x3002 || c0 == 0xFF1B || c0 == 0xFF1A
	    || c0 == ',' || c0 == ';')
		return true;
	if (i >= len)
		return false;
	c1 = jb_char_at(s, len, &i);
	return jb_is_han(c0) && (c1 == 0x3001 || c1 == 0xFF0C)
	    && !g_utf8_strchr("一二三四五六七八九十", -1, c0);
}

uint32_t
jb_paragraph(struct jb_ctx *x, uint32_t b, size_t skip, int parent)
{
	GArray *pieces = g_array_new(FALSE, FALSE, sizeof(uint32_t));
	GArray *cap = g_array_new(FALSE, FALSE, sizeof(uint32_t));	/* captions in the split: (block, count) */
	GArray *folios = g_array_new(FALSE, FALSE, sizeof(uint32_t));	/* page numbers in the split */
	struct jb_plan figs = { NULL, NULL };
	uint32_t cur = b, next, nb = jb_nblocks(x);
	bool truncated = false;
	struct jb_plan *main_plan = x->plan;
	int u;

	g_array_append_val(pieces, b);
	jb_plan_init(&figs);
	for (;;) {
		size_t len;
		const char *s = jb_blk_last(x, cur, &len);
		uint32_t n = cur + 1;
		if (cur == b && jb_blk(x, b)->n == 1) {
			s = jb_blk_text(x, b, &len);
			s += skip, len -= skip;
		}
		/* a page number standing between two paragraphs ends nothing: it is a
		 * paragraph of its own, and the next page's one starts anew */
		if (!jb_text_open(s, len) || (cur == b && ((jb_blk(x, b)->n == 1 && jb_text_folio(s, len))
		    || field_line(x, b)))) {
			next = n;
			break;
		}
		if (n >= nb || n >= x->colophon_from) {
			truncated = true;
			next = n;
			break;
		}
		if (jb_blk(x, n)->blank_before >= x->gap && !(jb_blk(x, n)->done & GAP_DONE)) {
			/* Figures are planned aside and copied in after the paragraph. */
			x->plan = &figs;
			n = figure_run(x, n, true, -2);
			x->plan = main_plan;
			if (n < nb && jb_blk_prose(x, n) && !(jb_blk(x, n)->blank_before >= x->gap
			    && !(jb_blk(x, n)->done & GAP_DONE))) {
				g_array_append_val(pieces, n);
				cur = n;
				continue;
			}
			truncated = true;
			next = n;
			break;
		}
		/* One block set inside the split moves out and the next one continues: a
		 * folio (— 2 —: the page ended inside the sentence; its number follows the
		 * paragraph) or a caption printed in the gap. */
		bool folio = folio_between(x, n);
		if (folio || interrupting_caption(x, n)) {
			if (folio)
				g_array_append_val(folios, n);
			else
				g_array_append_vals(cap, (uint32_t[]){ n, 1 }, 2);
			n++;
			g_array_append_val(pieces, n);
			cur = n;
			continue;
		}
		uint32_t pc = jb_photo_caption(x, n);
		if (pc > 0 && n + pc < nb && jb_blk(x, n + pc)->blank_before < x->gap
		    && jb_blk_prose(x, n + pc)) {
			/* A credited photo set inside the split: its caption (and credit) move out. */
			g_array_append_vals(cap, (uint32_t[]){ n, pc }, 2);
			n += pc;
			g_array_append_val(pieces, n);
			cur = n;
			continue;
		}
		if (jb_blk_prose(x, n)) {
			g_array_append_val(pieces, n);
			cur = n;
			continue;
		}
		truncated = true;
		next = n;
		break;
	}
	if (parent < 0 && (cap->len || figs.units->len))	/* figures need a story to stand in */
		parent = jb_plan_add(x->plan, JB_EL_ARTICLE, -1, jb_blk(x, b)->line);
	u = jb_plan_add(x->plan, JB_EL_P, parent, jb_blk(x, b)->line);
	for (guint i = 0; i < pieces->len; i++) {
		uint32_t pb = g_array_index(pieces, uint32_t, i);
		jb_add_text(x, u, pb, i == 0 ? skip : 0);
	}
	jb_plan_unit(x->plan, u)->joined = pieces->len;
	if (truncated && pieces->len == 1 && skip == 0 && jb_blk_titleish(x, b)) {
		size_t len;
		const char *s = jb_blk_text(x, b, &len);
		/* A stray headline-like line is no sentence cut short. */
		truncated = jb_text_has_punct(s, len);
	}
	if (truncated) {
		jb_plan_unit(x->plan, u)->flags |= JB_UNIT_TRUNCATED;
		jb_warn(x->diag, "truncated", (int)jb_blk(x, b)->line,
		    "paragraph ends mid-sentence and no continuation was found");
	} else if (pieces->len == 1 && skip == 0) {
		size_t len;
		const char *s = jb_blk_text(x, b, &len);
		if (looks_displaced(s, len))
			jb_warn(x->diag, "displaced", (int)jb_blk(x, b)->line,
			    "fragment looks like the displaced continuation of another paragraph");
	}
	for (guint i = 0; i < folios->len; i++)
		jb_leaf(x, JB_EL_P, parent, g_array_index(folios, uint32_t, i), 0);
	/* Captions that were printed inside the split, then the gap figures, in reading order. */
	for (guint i = 0; i + 1 < cap->len; i += 2)
		jb_photo_figure(x, g_array_index(cap, uint32_t, i), g_array_index(cap, uint32_t, i + 1), parent);
	if (figs.units->len) {
		int base = (int)x->plan->units->len;
		for (guint i = 0; i < figs.units->len; i++) {
			struct jb_unit fu = g_array_index(figs.units, struct jb_unit, i);
			int v = jb_plan_add(x->plan, fu.el, fu.parent == -2 ? parent : base + fu.parent,
			    fu.line);
			for (uint32_t k = 0; k < fu.nspan; k++) {
				struct jb_span sp = g_array_index(figs.spans, struct jb_span, fu.span0 + k);
				jb_plan_span(x->plan, v, sp.off, sp.len, sp.br);
			}
		}
	}
	jb_plan_clear(&figs);
	g_array_free(pieces, TRUE);
	g_array_free(cap, TRUE);
	g_array_free(folios, TRUE);
	return next;
}
