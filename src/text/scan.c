/*
 * text/scan.c: lines -> raw blocks by shape only: blank-line runs, leading
 * marks (#, - , ▲, ☆), hard breaks (two trailing spaces), word grids, and
 * groups of lines split back into lists, rows and paragraphs.
 * Offsets into the source; no text is copied. Linear in the input.
 */
#include <string.h>
#include "rules.h"

/* Leading/trailing whitespace: ASCII blanks, NBSP and the ideographic space U+3000. */
static size_t
ws_len_fwd(const char *s, size_t len)
{
	if (len >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\f' || s[0] == '\v'))
		return 1;
	if (len >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	if (len >= 3 && (unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80
	    && (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

static size_t
ws_len_back(const char *s, size_t len)
{
	if (len >= 1 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'
	    || s[len - 1] == '\f' || s[len - 1] == '\v'))
		return 1;
	if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && (unsigned char)s[len - 1] == 0xA0)
		return 2;
	if (len >= 3 && (unsigned char)s[len - 3] == 0xE3 && (unsigned char)s[len - 2] == 0x80
	    && (unsigned char)s[len - 1] == 0x80)
		return 3;
	return 0;
}

static void
read_line(const struct jb_source *src, guint i, struct jb_line *ln)
{
	size_t len, k, lead = 0, trail_sp = 0;
	const char *s = jb_source_line(src, i, &len);

	while ((k = ws_len_fwd(s + lead, len - lead)) > 0)
		lead += k;
	while (len > lead && s[len - 1] == ' ') {
		trail_sp++;
		len--;
	}
	while (len > lead && (k = ws_len_back(s, len)) > 0)
		len -= k;
	ln->off = (uint32_t)(s - src->text + lead);
	ln->len = (uint32_t)(len - lead);
	ln->num = i + 1;
	ln->br = trail_sp >= 2;
	ln->indent = lead >= 2 && ln->len > 0;

	ln->letters = (uint32_t)jb_text_letters(src->text + ln->off, ln->len);
	/*
	 * A wrapped line fills the measure whatever it holds: count punctuation
	 * and the indentation too, wide characters as two columns.
	 */
	/* In the same pass: the indentation in columns, and the runs of four columns
	 * of blanks or more between text (a table's columns: 指标名称　　　　单位). */
	uint32_t run = 0, gaps = 0;
	bool text = false;
	ln->width = 0;
	for (k = 0; k < len;) {
		unsigned char b = (unsigned char)s[k];
		bool blank;
		if (b < 0x80) {
			ln->width++;
			blank = b == ' ' || b == '\t';
			run += blank ? (b == '\t' ? 4 : 1) : 0;
			k++;
		} else if (b >= 0xE3 && b <= 0xE9 && k + 2 < len) {
			ln->width += 2;	/* U+3000..U+9FFF: CJK, wide; decoded without a lookup */
			blank = b == 0xE3 && (unsigned char)s[k + 1] == 0x80 && (unsigned char)s[k + 2] == 0x80;
			run += blank ? 2 : 0;
			k += 3;
		} else {
			blank = false;
			ln->width += g_unichar_iswide(jb_char_at(s, len, &k)) ? 2 : 1;
		}
		if (!blank) {
			if (!text)
				ln->lead = (uint8_t)MIN(run, 255);
			else if (run >= 4)
				gaps++;
			text = true;
			run = 0;
		}
	}
	if (!text)
		ln->lead = 0;
	ln->gaps = (uint8_t)MIN(gaps, 255);
}

static enum jb_mark
line_mark(const struct jb_source *src, const struct jb_line *ln, uint8_t *hashes)
{
	const char *s = src->text + ln->off;
	size_t n = ln->len, h = 0;

	while (h < n && s[h] == '#')
		h++;
	if (h >= 1 && h <= 6 && h < n && s[h] == ' ') {
		*hashes = (uint8_t)h;
		return JB_MK_HASH;
	}
	if (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ' && !jb_text_folio(s, n))
		return JB_MK_DASH;
	if (n >= 3 && memcmp(s, "\xE2\x96\xB2", 3) == 0)	/* ▲ */
		return JB_MK_TRIANGLE;
	if (n >= 3 && memcmp(s, "\xE2\x98\x86", 3) == 0)	/* ☆ */
		return JB_MK_STAR;
	return JB_MK_NONE;
}

/* A line of short Han words set apart by spaces: a slogan grid row or a list of names. */
static bool
short_words(const char *s, size_t len)
{
	size_t i = 0, w = 0, words = 0;

	while (i <= len) {
		gunichar c = i < len ? jb_char_at(s, len, &i) : (i++, ' ');
		if (jb_is_space(c)) {
			if (w > 4)
				return false;
			words += w > 0;
			w = 0;
		} else if (jb_is_han(c))
			w++;
		else
			return false;
	}
	return words >= 2;
}

/* Rows: a grid of short words (富强 民主 文明 和谐), or every line ends in a hard break. */
static bool
group_rows(const struct jb_source *src, const struct jb_line *l, uint32_t n)
{
	bool allbr = true;

	for (uint32_t i = 0; i + 1 < n; i++)
		if (!l[i].br)
			allbr = false;
	if (allbr)
		return true;
	for (uint32_t i = 0; i < n; i++) {
		if (l[i].letters > 16 || !short_words(src->text + l[i].off, l[i].len))
			return false;
	}
	return true;
}

static void
push_block(struct jb_scan *sc, const struct jb_source *src, uint32_t first,
    uint32_t n, uint32_t blank_before, bool rows)
{
	struct jb_block b;
	const struct jb_line *l = &g_array_index(sc->lines, struct jb_line, first);

	memset(&b, 0, sizeof b);
	b.first = first;
	b.n = n;
	b.blank_before = blank_before;
	b.line = l->num;
	b.mark = line_mark(src, l, &b.hashes);
	b.rows = rows && n > 1;
	b.list = true;
	for (uint32_t i = 0; i < n; i++) {
		b.letters += l[i].letters;
		if (line_mark(src, &l[i], &(uint8_t){0}) != JB_MK_DASH)
			b.list = false;
	}
	g_array_append_val(sc->blocks, b);
}

/* A line that may be a row of a slogan or a caption set in lines. */
static bool
row_like(const struct jb_source *src, const struct jb_line *l)
{
	uint8_t h;
	return l->letters > 0 && l->letters <= 16 && !jb_text_has_punct(src->text + l->off, l->len)
	    && line_mark(src, l, &h) == JB_MK_NONE;
}

static bool
is_credit_line(const struct jb_source *src, const struct jb_line *l)
{
	size_t st;
	return jb_text_credit_at(src->text + l->off, l->len, &st) && st == 0;
}

/* …人头攒动。 记者 张磊 摄, …（图片由…提供）: a caption's credit ends its line's block. */
static bool
ends_in_credit(const struct jb_source *src, const struct jb_line *l)
{
	const char *s = src->text + l->off;
	size_t st;

	return jb_text_photo_signed(s, l->len) || jb_text_credit_at(s, l->len, &st);
}

/* 参会人员：…: a short label and a full-width colon, a value after it. */
static bool
label_line(const struct jb_source *src, const struct jb_line *l)
{
	const char *s = src->text + l->off;
	const char *colon = g_strstr_len(s, MIN((gssize)l->len, 19), "：");

	return colon != NULL && colon > s && (size_t)(colon - s) + 3 < l->len;
}

/* A distribution line with its colon (送：…, 抄送：…): a wrapped body line may
 * begin with 报送 or 发送, never with such a field. */
static bool
dist_line(const struct jb_source *src, const struct jb_line *l)
{
	const char *s = src->text + l->off;
	const char *colon = g_strstr_len(s, MIN((gssize)l->len, 16), "：");

	if (colon == NULL)
		colon = g_strstr_len(s, MIN((gssize)l->len, 13), ":");
	return colon != NULL && jb_text_colophon(s, l->len);
}

/*
 * A group of lines with no blank between them holds, in order: "- " lists,
 * lines chained by hard breaks (two trailing spaces), rows of one make (a
 * slogan grid, a headline set in lines), and paragraphs: one per line, or hard-
 * wrapped. A wrapped line runs the full width of the group and reads like prose
 * (punctuation, or long); an indented line, a numbered line, a line of names or
 * a credit starts anew.
 */
static void
split_group(struct jb_scan *sc, const struct jb_source *src, uint32_t first,
    uint32_t n, uint32_t blank_before)
{
	const struct jb_line *l = &g_array_index(sc->lines, struct jb_line, first);
	uint32_t maxw = 0, full = 0, i = 0, j;
	uint8_t h;

	if (n == 1 || group_rows(src, l, n)) {
		push_block(sc, src, first, n, blank_before, true);
		return;
	}
	for (j = 0; j < n; j++)
		if (l[j].width > maxw)
			maxw = l[j].width;
	for (j = 0; j + 1 < n; j++)
		if (l[j].width * 10 >= maxw * 9)
			full++;
	bool wrapped = maxw >= 24 && full * 2 >= n - 1;
	while (i < n) {
		uint32_t bb = i == 0 ? blank_before : 0;
		/* A table: three lines or more, each set in columns. */
		for (j = i; j < n && l[j].gaps >= 2; j++)
			;
		if (j - i >= 3) {
			push_block(sc, src, first + i, j - i, bb, true);
			i = j;
			continue;
		}
		/* 参会人员：邵国华　… over lines indented under its value: one block of rows */
		if (label_line(src, &l[i])) {
			for (j = i + 1; j < n && l[j].lead >= 8 && l[j].lead >= l[i].lead + 8; j++)
				;
			if (j - i >= 2) {
				push_block(sc, src, first + i, j - i, bb, true);
				i = j;
				continue;
			}
		}
		if (line_mark(src, &l[i], &h) == JB_MK_DASH) {
			for (j = i + 1; j < n && line_mark(src, &l[j], &h) == JB_MK_DASH; j++)
				;
			push_block(sc, src, first + i, j - i, bb, false);
			i = j;
			continue;
		}
		if (l[i].br && i + 1 < n && row_like(src, &l[i])) {
			for (j = i; j < n && l[j].br; j++)
				;
			j = j < n ? j + 1 : n;
			push_block(sc, src, first + i, j - i, bb, true);
			i = j;
			continue;
		}
		/* short_words has letters, no punctuation and no mark: row_like but for the length */
		if (l[i].letters <= 16 && short_words(src->text + l[i].off, l[i].len)) {
			for (j = i + 1; j < n && !l[j - 1].br && l[j].letters <= 16
			    && short_words(src->text + l[j].off, l[j].len); j++)
				;
			if (j - i >= 2) {
				push_block(sc, src, first + i, j - i, bb, true);
				i = j;
				continue;
			}
		}
		/* 送：… (a distribution line) runs on only into its hanging indent */
		bool dist = dist_line(src, &l[i]);
		for (j = i + 1; j < n; j++) {
			const struct jb_line *p = &l[j - 1], *c = &l[j];
			const char *ps = src->text + p->off;
			if (dist || dist_line(src, c)) {
				/* wrapped, with or without a hanging indent, until its list ends
				 * in 。 (a bracket may close a line mid-list) */
				if (!(dist && !dist_line(src, c) && line_mark(src, c, &h) == JB_MK_NONE
				    && !(p->len >= 3 && memcmp(ps + p->len - 3, "。", 3) == 0)))
					break;
				continue;
			}
			bool cont = wrapped && !c->indent && !p->br && p->width * 10 >= maxw * 9
			    && line_mark(src, c, &h) == JB_MK_NONE
			    && !jb_text_enumerated(src->text + c->off, c->len)
			    && !short_words(src->text + c->off, c->len) && !is_credit_line(src, c)
			    && !ends_in_credit(src, p)
			    /* a short line left open with more lines after it is no paragraph's end: a caption */
			    && !(c->width * 10 < maxw * 9 && j + 1 < n
			    && jb_text_open(src->text + c->off, c->len))
			    && (jb_text_has_punct(ps, p->len) || p->letters >= 30
			    /* or it is as wide as a prose line under it (…老党员颁 / 发“光荣…”纪念章，…) */
			    || (n >= 3 && c->width * 10 >= maxw * 9 && jb_text_has_punct(src->text + c->off, c->len)))
			    /* Two lines say little about a width: then only an open line runs on. */
			    && (n >= 3 || jb_text_open(ps, p->len));
			if (!cont)
				break;
		}
		push_block(sc, src, first + i, j - i, bb, false);
		i = j;
	}
}

void
jb_scan_run(const struct jb_source *src, struct jb_scan *sc)
{
	guint nl = jb_source_lines(src);
	uint32_t blanks = 0, gstart = 0, gn = 0, gblank = 0;

	sc->lines = g_array_sized_new(FALSE, FALSE, sizeof(struct jb_line), nl);
	sc->blocks = g_array_new(FALSE, FALSE, sizeof(struct jb_block));
	for (guint i = 0; i < nl; i++) {
		struct jb_line ln;
		read_line(src, i, &ln);
		g_array_append_val(sc->lines, ln);
	}
	for (guint i = 0; i <= nl; i++) {
		const struct jb_line *ln = i < nl ?
		    &g_array_index(sc->lines, struct jb_line, i) : NULL;
		if (ln && ln->len > 0) {
			if (gn == 0) {
				gstart = i;
				gblank = blanks;
			}
			gn++;
			blanks = 0;
			continue;
		}
		if (gn > 0)
			split_group(sc, src, gstart, gn, gblank);
		gn = 0;
		blanks++;
	}
}

void
jb_scan_clear(struct jb_scan *sc)
{
	if (sc->lines)
		g_array_free(sc->lines, TRUE);
	if (sc->blocks)
		g_array_free(sc->blocks, TRUE);
	sc->lines = sc->blocks = NULL;
}
