/*
 * tests/unit/test-typeset.c: unit tests of the paragraph typesetter (pdf/typeset.h)
 * on crafted strings, and a driver that sets the paragraphs of gold XML files on a
 * grid into a PDF for the PDF-level checks of tests/t-typeset.sh.
 *   test-typeset                      unit tests (TAP-like; exit 1 on failure)
 *   test-typeset pdf OUT.pdf OUT.txt [--pitch P] [--size S] [--chars N]
 *       [--family F] [--br split|keep] XML...
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cairo-pdf.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "../../src/core/diag.h"
#include "../../src/pdf/ts-internal.h"

static int npass, nfail;
static PangoContext *ctx;

#define OK(cond, ...) do { if (cond) { npass++; } else { nfail++; \
	printf("  FAIL %s:%d: ", __FILE__, __LINE__); printf(__VA_ARGS__); printf("\n"); } } while (0)

static const char *family = "Noto Serif CJK SC";

static struct jb_para_spec
body(double size, double chars)
{
	struct jb_para_spec s = { family, size, 400, JB_ALIGN_JUSTIFY,
	    chars * size, 2 * size, 0, true };
	return s;
}

static struct jb_para *
set(const char *text, const struct jb_para_spec *spec)
{
	struct jb_inline in = { text, NULL, 0 };
	struct jb_diag *d = jb_diag_new("test");
	struct jb_para *p = jb_para_new(ctx, &in, spec, d);

	jb_diag_free(d);
	return p;
}

/* First and last visible character of line i. */
static void
edges(const struct jb_para *p, const char *text, int i, gunichar *first, gunichar *last)
{
	guint s, e;
	const char *a, *b;

	jb_para_line_range(p, i, &s, &e);
	a = text + s;
	b = text + e;
	while (a < b && (*a == ' ' || *a == '\n'))
		a++;
	while (b > a && (b[-1] == ' ' || b[-1] == '\n'))
		b--;
	*first = a < b ? g_utf8_get_char(a) : 0;
	*last = a < b ? g_utf8_get_char(g_utf8_find_prev_char(a, b)) : 0;
}

static int
kinsoku_violations(const struct jb_para *p, const char *text)
{
	int bad = 0;

	for (int i = 0; i < jb_para_line_count(p); i++) {
		gunichar f, l;

		edges(p, text, i, &f, &l);
		if ((i > 0 && jb_kinsoku_no_start(f)) || (i + 1 < jb_para_line_count(p) && jb_kinsoku_no_end(l)))
			bad++;
	}
	return bad;
}

/* Visible clusters on line i (an overfull line of one word is allowed). */
static int
last_visible_count(const struct jb_para *p, int i)
{
	int n = 0;

	for (int k = p->lines[i].c0; k < p->lines[i].c1; k++)
		n += p->clu[k].cls != TS_SPACE && p->clu[k].cls != TS_BREAK &&
		    !(k > p->lines[i].c0 && (p->clu[k - 1].flags & TS_F_TIE));
	return n;
}

static void
test_kinsoku(void)
{
	const char *ns = "，。、；：？！）】》」』”’…—～·", *ne = "（【《「『“‘/／";
	const char *neither = "汉字aZ09《》（"; /* 《 and （ are no_end only */

	for (const char *s = ns; *s; s = g_utf8_next_char(s))
		OK(jb_kinsoku_no_start(g_utf8_get_char(s)), "no_start U+%04X", g_utf8_get_char(s));
	for (const char *s = ne; *s; s = g_utf8_next_char(s))
		OK(jb_kinsoku_no_end(g_utf8_get_char(s)), "no_end U+%04X", g_utf8_get_char(s));
	for (const char *s = neither; *s; s = g_utf8_next_char(s)) {
		gunichar c = g_utf8_get_char(s);

		OK(!jb_kinsoku_no_start(c) || c == 0x300B, "not no_start U+%04X", c);
	}
	OK(!jb_kinsoku_no_end(0x6C49) && !jb_kinsoku_no_end(0xFF0C), "汉 ， may end a line");
}

/* Crafted strings where a naive breaker puts a prohibited mark at an edge: the
 * mark sits exactly at the measure boundary for every shift 0..9. */
static void
test_breaks(void)
{
	const char *marks[] = { "“", "，", "—", "～", "·", "/", "（", "……", "——", "》", "。”" };
	struct jb_para_spec s = body(10, 10);

	s.indent = 0;
	for (guint m = 0; m < G_N_ELEMENTS(marks); m++) {
		for (int shift = 5; shift <= 12; shift++) {
			GString *t = g_string_new(NULL);
			struct jb_para *p;

			for (int k = 0; k < shift; k++)
				g_string_append(t, "汉");
			g_string_append(t, marks[m]);
			for (int k = 0; k < 14; k++)
				g_string_append(t, "字");
			p = set(t->str, &s);
			OK(kinsoku_violations(p, t->str) == 0, "kinsoku: %s", t->str);
			OK(jb_para_line_count(p) >= 2, "wraps: %s", t->str);
			for (int i = 0; i + 1 < jb_para_line_count(p); i++) {
				OK(fabs(jb_para_line_width(p, i) - 100) < 0.05, "justified line %d of %s: %.2f",
				    i, t->str, jb_para_line_width(p, i));
				/* stretch never parts a mark from the text it closes or opens */
				for (int k = p->lines[i].c0; k + 1 < p->lines[i].c1; k++)
					if (jb_kinsoku_no_start(p->clu[k + 1].c) || jb_kinsoku_no_end(p->clu[k].clast))
						OK(p->clu[k].extra == 0, "no stretch at %d of %s", k, t->str);
			}
			jb_para_free(p);
			g_string_free(t, TRUE);
		}
	}
}

static double
width1(const char *text, double size)
{
	struct jb_para_spec s = body(size, 100);
	struct jb_para *p;
	double w;

	s.indent = 0;
	s.align = JB_ALIGN_LEFT;
	p = set(text, &s);
	w = jb_para_line_width(p, 0);
	OK(jb_para_line_count(p) == 1, "one line: %s", text);
	jb_para_free(p);
	return w;
}

static void
test_spacing(void)
{
	double d = width1("2023", 10), w;

	/* input spaces at Han-Western boundaries become quarter-em gaps */
	w = width1("年 2023 年", 10);
	OK(fabs(w - (20 + d + 5)) < 0.05, "年 2023 年: %.2f, want %.2f", w, 20 + d + 5);
	w = width1("年2023年", 10);
	OK(fabs(w - (20 + d + 5)) < 0.05, "年2023年 gets gaps: %.2f", w);
	/* a space between two Latin words stays a word space */
	OK(width1("ab cd", 10) > width1("abcd", 10) + 1.5, "word space kept");
	/* adjacent marks: 2 em -> 1.5 em */
	w = width1("汉。”汉", 10);
	OK(fabs(w - 35) < 0.05, "汉。”汉 = 3.5 em: %.2f", w);
	w = width1("汉，“汉", 10);
	OK(fabs(w - 35) < 0.05, "汉，“汉 = 3.5 em: %.2f", w);
	w = width1("汉（“汉", 10);
	OK(fabs(w - 35) < 0.05, "汉（“汉 = 3.5 em: %.2f", w);
	/* a full-width mark at line end is set half width */
	w = width1("汉汉。", 10);
	OK(fabs(w - 25) < 0.05, "line-end 。 half width: %.2f", w);
	/* a last line isn't justified; an empty block is one empty line */
	{
		struct jb_para_spec s = body(10, 10);
		struct jb_para *p = set("", &s);

		OK(jb_para_line_count(p) == 1 && jb_para_line_width(p, 0) == 0, "empty: one empty line");
		jb_para_free(p);
	}
}

static void
test_pitch(void)
{
	/* GB/T 9704: 16 pt type on a 15.79 pt pitch, 28 characters a line */
	struct jb_para_spec s = body(16, 28);
	GString *t = g_string_new(NULL);
	struct jb_para *p;

	s.char_pitch = 156 * 72 / 25.4 / 28;
	s.measure = 28 * s.char_pitch;
	s.indent = 2 * s.char_pitch;
	for (int k = 0; k < 200; k++)
		g_string_append(t, k % 3 ? "文" : "件");
	p = set(t->str, &s);
	for (int i = 0; i + 1 < jb_para_line_count(p); i++) {
		guint a, b;

		jb_para_line_range(p, i, &a, &b);
		OK(g_utf8_strlen(t->str + a, b - a) == (i == 0 ? 26 : 28), "pitch: line %d holds %ld",
		    i, g_utf8_strlen(t->str + a, b - a));
		OK(fabs(jb_para_line_width(p, i) + (i == 0 ? s.indent : 0) - s.measure) < 0.05,
		    "pitch: line %d width %.2f", i, jb_para_line_width(p, i));
	}
	jb_para_free(p);
	g_string_free(t, TRUE);
}

static void
test_breaks_align(void)
{
	struct jb_para_spec s = body(10, 10);
	struct jb_para *p;

	s.indent = 0;
	p = set("一二\n三四五六七八九十甲乙丙丁", &s);
	OK(jb_para_line_count(p) == 3, "hard break: %d lines", jb_para_line_count(p));
	OK(fabs(jb_para_line_width(p, 0) - 20) < 0.05, "line before a hard break not justified");
	jb_para_free(p);
	s.align = JB_ALIGN_CENTER;
	p = set("一二三", &s);
	OK(fabs(jb_para_line_x(p, 0) - 35) < 0.05, "centred: x %.2f", jb_para_line_x(p, 0));
	jb_para_free(p);
	s.align = JB_ALIGN_RIGHT;
	p = set("一二三", &s);
	OK(fabs(jb_para_line_x(p, 0) - 70) < 0.05, "right: x %.2f", jb_para_line_x(p, 0));
	jb_para_free(p);
	/* centred titles are balanced, and break at their word spaces */
	{
		struct jb_para_spec c = body(16, 12.5);
		const char *t1 = "以组织工作攀登之姿助推拱墅高质量发展";
		const char *t2 = "上城区 厚植职业教育沃土 建设技能人才高地";
		guint a, b2;

		c.indent = 0;
		c.align = JB_ALIGN_CENTER;
		p = set(t1, &c);
		OK(jb_para_line_count(p) == 2 && fabs(jb_para_line_width(p, 0) - jb_para_line_width(p, 1)) < 0.05,
		    "balanced title: 2 lines of 9 (%d lines)", jb_para_line_count(p));
		jb_para_free(p);
		p = set(t2, &c);
		jb_para_line_range(p, 0, &a, &b2);
		OK(jb_para_line_count(p) == 2 && t2[b2 - 1] == ' ', "title breaks at its word space");
		jb_para_free(p);
	}
	/* never stretch inside a Latin word: a line of Han and one word */
	s.align = JB_ALIGN_JUSTIFY;
	p = set("汉字汉字 Internationalization 汉字汉字汉字汉字", &s);
	for (int i = 0; i < jb_para_line_count(p); i++)
		for (int k = p->lines[i].c0; k < p->lines[i].c1 - 1; k++)
			if (p->clu[k].cls == TS_WEST && p->clu[k + 1].cls == TS_WEST)
				OK(p->clu[k].extra == 0, "no space inside a word");
	jb_para_free(p);
}

/* Slack is never dumped into one ASCII space (Pango 1.50 does): the word space
 * grows to 1/2 em at most and the Han gaps take the rest; a one-character last
 * line (孤字) pulls a character down. */
static void
test_slack(void)
{
	struct jb_para_spec s = body(10, 20);
	const char *t = "这是一个很长的句子里面有 open source 两个英文单词然后继续写汉字直到换行为止好的";
	struct jb_para *p;
	bool space_seen = false;
	double han = 0, sp = 0;

	s.indent = 0;
	p = set(t, &s);
	OK(jb_para_line_count(p) >= 2, "slack: wraps");
	for (int k = p->lines[0].c0; k < p->lines[0].c1 - 1; k++) {
		const struct ts_clu *c = &p->clu[k];

		if (c->cls == TS_SPACE && !(c->flags & TS_F_DROP)) {
			space_seen = true;
			sp = c->adv + c->extra;
		}
		if (c->cls == TS_HAN && p->clu[k + 1].cls == TS_HAN)
			han = MAX(han, c->extra);
	}
	OK(space_seen, "slack: the first line holds the word space");
	/* the space grows to 1/2 em, then takes no more than each Han gap */
	OK(han > 0.1 && sp <= 5.0 + han + 0.01, "word space %.2f, Han gaps %.2f", sp, han);
	OK(fabs(jb_para_line_width(p, 0) - 200) < 0.05, "slack: line 0 justified (%.2f)", jb_para_line_width(p, 0));
	jb_para_free(p);
	/* 21 characters on 20: without the orphan rule the last line holds one */
	p = set("一二三四五六七八九十一二三四五六七八九十甲", &s);
	OK(jb_para_line_count(p) == 2, "orphan: 2 lines");
	{
		guint a, b;

		jb_para_line_range(p, 1, &a, &b);
		OK(g_utf8_strlen(p->text + a, b - a) == 2, "orphan: last line holds 2 characters, not 1");
		OK(fabs(jb_para_line_width(p, 0) - 200) < 0.05, "orphan: line 0 still justified");
	}
	jb_para_free(p);
}

/* Wide Latin letters are Western (no breaks inside "www"); a URL breaks only
 * before a single slash; total fit keeps every line's spacing moderate where a
 * greedy breaker leaves one line with 16 pt gaps before an unbreakable URL. */
static void
test_latin(void)
{
	const char *t = "The quick brown fox jumps over the lazy dog. 这是一个 Chinese–English 混排的句子，"
	    "其中包括 URL https://www.example.org/path/to/page 以及 email 地址 someone@example.com。";
	struct jb_para_spec s = body(12, 20);
	struct jb_para *p = set("汉字 wwwwMMMM 汉字", &s);

	for (int k = 0; k < p->nclu; k++)
		if (p->clu[k].c == 'w' || p->clu[k].c == 'M')
			OK(p->clu[k].cls == TS_WEST, "w and M are Western (cluster %d)", k);
	jb_para_free(p);
	p = set(t, &s);
	for (int i = 0; i < jb_para_line_count(p); i++) {
		gunichar f, l;

		edges(p, t, i, &f, &l);
		OK(l != '/', "line %d does not end with /", i);
		for (int k = p->lines[i].c0; i + 1 < jb_para_line_count(p) && k < p->lines[i].c1; k++)
			OK(p->clu[k].extra <= 12, "line %d: gap %.2f pt <= 1 em", i, p->clu[k].extra);
	}
	jb_para_free(p);
	/* a line that cannot be filled well (an unbreakable run follows) still takes
	 * what it can: no one-character line before the URL */
	s.indent = 0;
	p = set("他说明了这个问题 https://www.example.org/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 以及其他内容", &s);
	for (int i = 0; i + 1 < jb_para_line_count(p); i++) {
		guint a, b;

		jb_para_line_range(p, i, &a, &b);
		OK(g_utf8_strlen(p->text + a, b - a) >= 4, "line %d holds %ld characters", i,
		    g_utf8_strlen(p->text + a, b - a));
	}
	jb_para_free(p);
	s.measure = 160;
	p = set("见 https://www.example.org/path/to/some/page/index.html 。", &s);
	OK(jb_para_line_count(p) >= 3, "long URL wraps");
	for (int i = 1; i < jb_para_line_count(p); i++) {
		gunichar f, l;

		edges(p, p->text, i, &f, &l);
		OK(f == '/' || f == 'h', "URL line %d starts at a slash (U+%04X)", i, f);
	}
	jb_para_free(p);
}

/* Runs that once made the breaker quadratic: 60 KB of spaces, of commas (no
 * allowed break at all), of one word, of one URL with a slash every 2 bytes.
 * Linear takes tens of ms; quadratic took seconds. The time is printed, not
 * asserted (speed belongs to bench/); the suite's own timeout catches a hang. */
static void
test_pathological(void)
{
	static const char *units[] = { " ", "，", "a", "/a", "汉 " };
	struct jb_para_spec s = body(10.5, 28);

	for (guint u = 0; u < G_N_ELEMENTS(units); u++) {
		GString *t = g_string_new(u == 3 ? "见 http://x" : "");
		struct jb_para *p;
		gint64 t0;

		while (t->len < 60000)
			g_string_append(t, units[u]);
		t0 = g_get_monotonic_time();
		p = set(t->str, &s);
		t0 = g_get_monotonic_time() - t0;
		OK(p && jb_para_line_count(p) >= 1, "pathological %u: lines", u);
		fprintf(stderr, "info: pathological '%s' x %zu: %.0f ms\n", units[u], t->len, t0 / 1000.0);
		jb_para_free(p);
		g_string_free(t, TRUE);
	}
}

/* Random mixes of Han, marks, Latin, digits, spaces and breaks at odd measures:
 * lines tile the text in order, nothing is wider than the measure unless a single
 * cluster is, widths are finite, and no mark needs breaking rules it can't get. */
static void
test_random(void)
{
	static const char *atoms[] = { "汉", "字", "，", "。", "“", "”", "（", "）", "《", "》",
	    "、", "—", "……", "～", "·", "/", " ", "  ", "a", "Word", "2023", "3.5%", "\n",
	    "：", "！", "\t", "▲", "①", "ｘ", "שלום", "مرحبا", "\xe2\x80\x8b", "é", "https://example.org/a/b" };
	GRand *r = g_rand_new_with_seed(4);
	cairo_surface_t *sf = cairo_image_surface_create(CAIRO_FORMAT_A8, 64, 64);
	cairo_t *cr = cairo_create(sf);
	int bad = 0;

	for (int n = 0; n < 400; n++) {
		GString *t = g_string_new(NULL);
		struct jb_para_spec s = body(10, g_rand_int_range(r, 1, 30));
		struct jb_span sp[2];
		struct jb_inline in;
		struct jb_diag *d = jb_diag_new("rand");
		struct jb_para *p;
		guint prev = 0;
		int len = g_rand_int_range(r, 0, 120);

		for (int k = 0; k < len; k++)
			g_string_append(t, atoms[g_rand_int_range(r, 0, G_N_ELEMENTS(atoms))]);
		sp[0].start = t->len / 3;
		sp[0].end = t->len / 2;
		sp[1].start = t->len / 2;	/* bold spans need not fall on characters */
		sp[1].end = t->len + 5;
		in.text = t->str;
		in.bold = sp;
		in.nbold = 2;
		s.indent = g_rand_int_range(r, 0, 3) * 10;
		s.align = (enum jb_align)g_rand_int_range(r, 0, 4);
		s.char_pitch = n % 3 == 0 ? 9.8 : 0;
		s.adjust_punct = n % 5 != 0;
		p = jb_para_new(ctx, &in, &s, d);
		OK(p != NULL && jb_para_line_count(p) >= 1, "random %d: lines", n);
		for (int k = 1; p && k < p->nclu; k++)
			if (p->clu[k].b0 != p->clu[k - 1].b1) {
				printf("  clusters out of order at %d: [%u,%u) [%u,%u) U+%04X U+%04X item %d %d\n", k,
				    p->clu[k - 1].b0, p->clu[k - 1].b1, p->clu[k].b0, p->clu[k].b1,
				    p->clu[k - 1].c, p->clu[k].c, p->clu[k - 1].item, p->clu[k].item);
				break;
			}
		for (int i = 0; p && i < jb_para_line_count(p); i++) {
			guint a, b;
			double w = jb_para_line_width(p, i), asc, desc;
			double av = s.measure - (i == 0 ? s.indent : 0);

			jb_para_line_range(p, i, &a, &b);
			jb_para_line_extents(p, i, &asc, &desc);
			jb_para_paint_line(p, i, cr, 0, 20);
			if (a != prev || b < a || !isfinite(w) || asc <= 0 || desc <= 0 ||
			    (w > av + 0.05 && p->lines[i].c1 - p->lines[i].c0 > 1 &&
			    last_visible_count(p, i) > 1)) {
				if (!bad)
					printf("  line %d [%u,%u) prev %u w %.2f av %.2f asc %.2f desc %.2f vis %d"
					    " measure %.1f indent %.1f align %d\n",
					    i, a, b, prev, w, av, asc, desc, last_visible_count(p, i),
					    s.measure, s.indent, s.align);
				for (int j = 0; j < jb_para_line_count(p); j++)
					printf("    %d: c %d-%d\n", j, p->lines[j].c0, p->lines[j].c1);
				bad++;
			}
			prev = b;
		}
		OK(p == NULL || prev == t->len, "random %d: lines cover the text", n);
		if (bad) {
			printf("  random %d: bad lines in [%s]\n", n, t->str);
			bad = 0;
			nfail++;
		}
		jb_para_free(p);
		jb_diag_free(d);
		g_string_free(t, TRUE);
	}
	g_rand_free(r);
	cairo_destroy(cr);
	cairo_surface_destroy(sf);
}

/* ---- PDF driver ---- */

static bool split_br;	/* <br/> ends the paragraph: every line then is justified or last */

static void
collect(xmlNode *n, GString *t, GArray *bold)
{
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE) {
			g_string_append(t, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE && !xmlStrcmp(c->name, BAD_CAST "br")) {
			g_string_append_c(t, '\n');
		} else if (c->type == XML_ELEMENT_NODE) {
			struct jb_span sp = { (guint)t->len, 0 };

			collect(c, t, bold);
			sp.end = (guint)t->len;
			if (!xmlStrcmp(c->name, BAD_CAST "b"))
				g_array_append_val(bold, sp);
		}
	}
}

/* Warm timing: every <p> of the files typeset again, 5 passes, best pass. */
static void
bench(int argc, char **argv, int i0, double size, double chars, double pitch, double meas)
{
	GPtrArray *texts = g_ptr_array_new_with_free_func(g_free);
	gint64 best = G_MAXINT64;
	long nch = 0;

	for (int i = i0; i < argc; i++) {
		xmlDoc *doc = xmlReadFile(argv[i], NULL, XML_PARSE_NONET);
		xmlNode *n = doc ? xmlDocGetRootElement(doc) : NULL;

		while (n) {
			if (n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST "p")) {
				GString *t = g_string_new(NULL);
				GArray *bold = g_array_new(FALSE, FALSE, sizeof(struct jb_span));

				collect(n, t, bold);
				nch += g_utf8_strlen(t->str, -1);
				g_ptr_array_add(texts, g_string_free(t, FALSE));
				g_array_free(bold, TRUE);
			} else if (n->children) {
				n = n->children;
				continue;
			}
			while (n && !n->next)
				n = n->parent;
			if (n)
				n = n->next;
		}
		if (doc)
			xmlFreeDoc(doc);
	}
	for (int pass = 0; pass < 5; pass++) {
		gint64 t0 = g_get_monotonic_time();

		for (guint k = 0; k < texts->len; k++) {
			struct jb_inline in = { texts->pdata[k], NULL, 0 };
			struct jb_para_spec s = body(size, chars);
			struct jb_para *p;

			s.char_pitch = pitch;
			s.measure = meas;
			struct jb_diag *d = jb_diag_new("bench");

			p = jb_para_new(ctx, &in, &s, d);
			jb_para_free(p);
			jb_diag_free(d);
		}
		best = MIN(best, g_get_monotonic_time() - t0);
	}
	fprintf(stderr, "warm: %ld chars in %.2f ms (%.2f ms per 5000 chars)\n", nch,
	    best / 1000.0, best / 1000.0 * 5000 / MAX(nch, 1));
	g_ptr_array_free(texts, TRUE);
}

static int
pdf_main(int argc, char **argv)
{
	double size = 10.5, pitch = 0, chars = 28, lead;
	const char *out = argv[2];
	FILE *src = fopen(argv[3], "w");
	cairo_surface_t *sf;
	cairo_t *cr;
	double mx = 60, my = 60, y, meas, ph = 842;
	int i = 4, nl = 0, i0;
	gint64 t0, tt = 0;
	long nch = 0;

	for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (!strcmp(argv[i], "--pitch"))
			pitch = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--size"))
			size = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--chars"))
			chars = atof(argv[i + 1]);
		else if (!strcmp(argv[i], "--family"))
			family = argv[i + 1];
		else if (!strcmp(argv[i], "--br"))
			split_br = !strcmp(argv[i + 1], "split");
	}
	meas = chars * (pitch > 0 ? pitch : size);
	lead = round(size * 12 / 7);	/* an integer line pitch: the checker rounds it */
	i0 = i;
	sf = cairo_pdf_surface_create(out, meas + 2 * mx, ph);
	cr = cairo_create(sf);
	y = my + size;
	for (; i < argc; i++) {
		xmlDoc *doc = xmlReadFile(argv[i], NULL, XML_PARSE_NONET);

		if (doc == NULL)
			return 2;
		for (xmlNode *n = xmlDocGetRootElement(doc); n; ) {
			/* depth-first walk over <p> elements */
			if (n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST "p")) {
				GString *t = g_string_new(NULL);
				GArray *bold = g_array_new(FALSE, FALSE, sizeof(struct jb_span));
				const char *a = NULL;

				collect(n, t, bold);
				fprintf(src, "%s\n", t->str);
				nch += g_utf8_strlen(t->str, -1);
				for (const char *b = t->str; b; b = a ? a + 1 : NULL) {
					struct jb_para_spec s = body(size, chars);
					struct jb_diag *d = jb_diag_new("p");
					GArray *pb = g_array_new(FALSE, FALSE, sizeof(struct jb_span));
					struct jb_inline in;
					struct jb_para *p;
					char *piece;
					guint off = (guint)(b - t->str);

					a = split_br ? strchr(b, '\n') : NULL;
					piece = a ? g_strndup(b, a - b) : g_strdup(b);
					for (guint k = 0; k < bold->len; k++) {
						struct jb_span sp = g_array_index(bold, struct jb_span, k);

						sp.start = MAX(sp.start, off) - off;
						sp.end = MIN(sp.end, off + (guint)strlen(piece));
						sp.end = sp.end > off ? sp.end - off : 0;
						if (sp.start < sp.end)
							g_array_append_val(pb, sp);
					}
					in.text = piece;
					in.bold = (struct jb_span *)(void *)pb->data;
					in.nbold = pb->len;
					s.char_pitch = pitch;
					s.measure = meas;
					s.indent = 2 * (pitch > 0 ? pitch : size);
					t0 = g_get_monotonic_time();
					p = jb_para_new(ctx, &in, &s, d);
					tt += g_get_monotonic_time() - t0;
					for (int l = 0; p && l < jb_para_line_count(p); l++) {
						if (y > ph - my) {
							cairo_show_page(cr);
							y = my + size;
						}
						jb_para_paint_line(p, l, cr, mx, y);
						y += lead;
						nl++;
					}
					jb_para_free(p);
					jb_diag_free(d);
					g_array_free(pb, TRUE);
					g_free(piece);
				}
				g_array_free(bold, TRUE);
				g_string_free(t, TRUE);
				while (n && !n->next)
					n = n->parent;
				if (n)
					n = n->next;
				continue;
			}
			if (n->children) {
				n = n->children;
				continue;
			}
			while (n && !n->next)
				n = n->parent;
			if (n)
				n = n->next;
		}
		xmlFreeDoc(doc);
	}
	cairo_destroy(cr);
	cairo_surface_destroy(sf);
	fclose(src);
	fprintf(stderr, "typeset %ld chars in %d lines: %.2f ms (first pass, fonts loading)\n",
	    nch, nl, tt / 1000.0);
	bench(argc, argv, i0, size, chars, pitch, meas);
	return 0;
}

int
main(int argc, char **argv)
{
	ctx = jb_print_context_new();
	if (argc >= 4 && !strcmp(argv[1], "pdf"))
		return pdf_main(argc, argv);
	test_kinsoku();
	test_breaks();
	test_spacing();
	test_pitch();
	test_breaks_align();
	test_slack();
	test_latin();
	test_pathological();
	test_random();
	printf("  %d passed, %d failed\n", npass, nfail);
	g_object_unref(ctx);
	return nfail > 0;
}
