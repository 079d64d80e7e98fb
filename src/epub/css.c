/*
 * epub/css.c: the EPUB stylesheet generated from the style (struct jb_style), the
 * same file that drives the PDF: fonts by role, sizes relative to the body, vertical
 * spacing in multiples of the body line pitch, Chinese line breaking.
 */
#include <math.h>
#include <string.h>
#include "book.h"

/* The class (or selector) that carries each role in the content documents. */
static const char *const role_sel[JB_ROLE__MAX] = {
	[JB_ROLE_BODY] = "p",
	[JB_ROLE_TITLE] = ".title",
	[JB_ROLE_KICKER] = ".kicker",
	[JB_ROLE_SUBTITLE] = ".subtitle",
	[JB_ROLE_BYLINE] = ".byline",
	[JB_ROLE_SECTION] = ".section-title, .contents-title",
	[JB_ROLE_HEADING1] = ".heading1",
	[JB_ROLE_HEADING2] = ".heading2, .aside-title",
	[JB_ROLE_HEADING3] = ".heading3",
	[JB_ROLE_CAPTION] = ".caption",
	[JB_ROLE_CREDIT] = ".credit",
	[JB_ROLE_ASIDE] = ".aside",
	[JB_ROLE_LIST] = ".li",
	[JB_ROLE_MASTHEAD] = ".masthead",
	[JB_ROLE_MASTHEAD_SUB] = ".masthead-subtitle",
	[JB_ROLE_ISSUE] = ".issue",
	[JB_ROLE_ISSUER] = ".issuer, .date",
	[JB_ROLE_CONTENTS] = ".contents",
	[JB_ROLE_COLOPHON] = ".colophon",
};

/* Fallbacks by design class, so that readers without the style's fonts still
 * choose a face of the same kind (Song, Hei, Kai, Fangsong). */
static const char *const serif_fb[] = { "Noto Serif CJK SC", "Source Han Serif SC",
	"Songti SC", "STSong", "SimSun", NULL };
static const char *const sans_fb[] = { "Noto Sans CJK SC", "Source Han Sans SC",
	"PingFang SC", "Heiti SC", "Microsoft YaHei", NULL };
static const char *const kai_fb[] = { "LXGW WenKai", "Kaiti SC", "STKaiti", "KaiTi",
	"AR PL UKai CN", NULL };
static const char *const fang_fb[] = { "FandolFang", "STFangsong", "FangSong", NULL };

static void
add_family(GString *o, GPtrArray *seen, const char *fam)
{
	for (guint i = 0; i < seen->len; i++)
		if (g_ascii_strcasecmp(seen->pdata[i], fam) == 0)
			return;
	g_ptr_array_add(seen, (gpointer)fam);
	if (o->len && o->str[o->len - 1] != ' ')
		g_string_append(o, ", ");
	g_string_append_c(o, '"');
	for (const char *p = fam; *p; p++)
		if (*p != '"' && *p != '\\' && *p != ';' && *p != '{' && *p != '}')
			g_string_append_c(o, *p);
	g_string_append_c(o, '"');
}

static void
font_stack(GString *o, const char *list, const char *embedded)
{
	char **fams = g_strsplit(list ? list : "", ",", -1);
	GPtrArray *seen = g_ptr_array_new();
	const char *const *fb = serif_fb, *generic = "serif";
	size_t start = o->len;

	if (embedded)
		add_family(o, seen, embedded);
	for (int i = 0; fams[i]; i++) {
		g_strstrip(fams[i]);
		if (*fams[i])
			add_family(o, seen, fams[i]);
	}
	if (fams[0]) {
		const char *f = fams[0];
		if (strstr(f, "Sans") || strstr(f, "Hei") || strstr(f, "Gothic"))
			fb = sans_fb, generic = "sans-serif";
		else if (strstr(f, "Kai"))
			fb = kai_fb;
		else if (strstr(f, "Fang"))
			fb = fang_fb;
	}
	for (int i = 0; fb[i]; i++)
		add_family(o, seen, fb[i]);
	g_string_append_printf(o, "%s%s", o->len > start ? ", " : "", generic);
	g_ptr_array_free(seen, TRUE);
	g_strfreev(fams);
}

static const char *
align_name(enum jb_align a)
{
	switch (a) {
	case JB_ALIGN_LEFT: return "left";
	case JB_ALIGN_CENTER: return "center";
	case JB_ALIGN_RIGHT: return "right";
	default: return "justify";
	}
}

/* Number to CSS without trailing zeros and without locale surprises. */
static void
num(GString *o, double v, const char *unit)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	v = round(v * 1000) / 1000;
	if (v == 0) {
		g_string_append_c(o, '0');
		return;
	}
	g_ascii_formatd(buf, sizeof buf, "%.3f", v);
	for (char *e = buf + strlen(buf) - 1; e > buf && (*e == '0' || *e == '.'); e--) {
		bool dot = *e == '.';
		*e = '\0';
		if (dot)
			break;
	}
	g_string_append_printf(o, "%s%s", buf, unit);
}

/* Line height of a role: its own leading, or the body pitch (in half lines for
 * display sizes) so that every block stays on the body's rhythm. */
static double
role_line_height(const struct jb_style *st, const struct jb_role_style *r)
{
	double size = r->size > 0 ? r->size : st->body_size;
	double pitch = st->line_pitch > 0 ? st->line_pitch : st->body_size * 1.6;

	if (r->leading > 0)
		return r->leading / size;
	if (size <= st->body_size * 1.05)
		return pitch / size;
	return ceil(size * 1.25 / (pitch / 2)) * (pitch / 2) / size;
}

/* n body lines in em of a role of size `size` */
static double
lines_em(const struct jb_style *st, double n, double size)
{
	double pitch = st->line_pitch > 0 ? st->line_pitch : st->body_size * 1.6;

	return n * pitch / size;
}

static void
color(GString *o, const char *prop, guint32 c)
{
	g_string_append_printf(o, "%s: #%06x; ", prop, c & 0xffffff);
}

GString *
jb_epub_css(const struct jb_style *st, const struct css_font *fonts, const int *role_font,
    int nfonts)
{
	GString *o = g_string_sized_new(8192);
	double body = st->body_size > 0 ? st->body_size : 10.5;
	double pitch = st->line_pitch > 0 ? st->line_pitch : body * 1.6;
	double line = pitch / body;	/* one body line in em of the body */

	g_string_append_printf(o, "/* jianbao EPUB stylesheet, generated from style \"%s\" */\n",
	    st->name ? st->name : "");
	for (int i = 0; i < nfonts; i++) {
		g_string_append_printf(o, "@font-face { font-family: \"%s\"; src: url(\"%s\"); "
		    "font-weight: %d; font-style: normal; }\n", fonts[i].family, fonts[i].path,
		    fonts[i].weight);
	}
	g_string_append(o, "body { margin: 0 1em; ");
	color(o, "color", st->text_color);
	g_string_append(o, "line-height: ");
	num(o, line, "");
	g_string_append(o, "; font-family: ");
	font_stack(o, st->role[JB_ROLE_BODY].font,
	    role_font && role_font[JB_ROLE_BODY] >= 0 ? fonts[role_font[JB_ROLE_BODY]].family : NULL);
	g_string_append(o, "; text-align: justify; line-break: strict; -epub-line-break: strict; "
	    "-webkit-line-break: strict; word-break: normal; overflow-wrap: break-word; "
	    "widows: 2; orphans: 2; }\n"
	    "h1, h2, h3, h4, h5, h6, p, li, figure, figcaption, ol, ul { margin: 0; padding: 0; }\n"
	    "h1, h2, h3, h4, h5, h6 { font-size: 1em; page-break-after: avoid; break-after: avoid; "
	    "page-break-inside: avoid; break-inside: avoid; }\n"
	    "b, strong { font-weight: bold; }\n"
	    "em, i, cite, dfn { font-style: normal; }\n"
	    "a { color: inherit; text-decoration: none; }\n");

	for (int r = 0; r < JB_ROLE__MAX; r++) {
		const struct jb_role_style *rs = &st->role[r];
		double size = rs->size > 0 ? rs->size : body, pad;

		if (role_sel[r] == NULL)
			continue;
		g_string_append_printf(o, "%s { font-family: ", role_sel[r]);
		font_stack(o, rs->font, role_font && role_font[r] >= 0 ? fonts[role_font[r]].family : NULL);
		g_string_append(o, "; font-size: ");
		num(o, size / body, "em");
		g_string_append_printf(o, "; font-weight: %d; text-align: %s; text-indent: ",
		    rs->weight > 0 ? rs->weight : 400, align_name(rs->align));
		num(o, rs->indent, "em");
		g_string_append(o, "; line-height: ");
		num(o, role_line_height(st, rs), "");
		/* A block that takes `lines` grid lines in print gets the same height
		 * here: the room its one line does not fill, split above and below. */
		pad = 0;
		if (rs->lines > 0) {
			pad = (rs->lines * pitch - role_line_height(st, rs) * size) / 2;
			if (pad < 0)
				pad = 0;
		}
		g_string_append(o, "; margin: ");
		num(o, lines_em(st, rs->space_before, size) + pad / size, "em");
		g_string_append(o, " 0 ");
		num(o, lines_em(st, rs->space_after, size) + pad / size, "em");
		g_string_append(o, " 0; ");
		if (rs->color != st->text_color)
			color(o, "color", rs->color);
		g_string_append(o, "}\n");
	}

	/* Blocks: spacing in whole or half body lines. */
	g_string_append(o, ".article { display: block; }\narticle > header { margin-bottom: ");
	num(o, line, "em");
	g_string_append(o, "; }\nsection.section > .section-title { margin-bottom: ");
	num(o, line / 2, "em");
	g_string_append_printf(o, "; padding-bottom: 0.15em; border-bottom: 1px solid #%06x; }\n",
	    st->rule_color & 0xffffff);
	g_string_append(o, "article + article, section.section > article { margin-top: ");
	num(o, line, "em");
	g_string_append(o, "; }\nfigure.figure { margin: ");
	num(o, line / 2, "em");
	g_string_append_printf(o, " 0; padding: 0 1em; border-left: 2px solid #%06x; }\n",
	    st->rule_color & 0xffffff);
	g_string_append(o, "figure.figure p { text-indent: 0; }\n.credit { margin-top: 0; }\n");
	g_string_append(o, "aside { margin: ");
	num(o, line, "em");
	g_string_append_printf(o, " 0; }\naside.box { padding: ");
	num(o, line / 2, "em");
	g_string_append_printf(o, " 1em; border: 1px solid #%06x; background-color: #%06x; }\n",
	    st->rule_color & 0xffffff, st->tint_color & 0xffffff);
	g_string_append_printf(o, "aside.notice { padding: ");
	num(o, line / 2, "em");
	g_string_append_printf(o, " 0; border-top: 1px solid #%06x; border-bottom: 1px solid #%06x; }\n",
	    st->rule_color & 0xffffff, st->rule_color & 0xffffff);
	g_string_append_printf(o, "aside.slogan { text-align: center; }\n"
	    "aside.slogan p.aside, aside.slogan .aside-title { text-align: center; text-indent: 0; "
	    "font-weight: bold; color: #%06x; }\n", st->accent_color & 0xffffff);
	g_string_append(o, "ul.list, ol.list { padding-left: 2em; }\n.li { text-indent: 0; }\n");

	/* Title page: the masthead over a rule, as printed. */
	g_string_append(o, ".titlepage { text-align: center; }\n.masthead-block { padding-bottom: ");
	num(o, line / 2, "em");
	g_string_append_printf(o, "; margin-bottom: ");
	num(o, line, "em");
	g_string_append_printf(o, "; border-bottom: 2px solid #%06x; }\n", st->rule_color & 0xffffff);
	g_string_append(o, ".date { text-align: right; }\n"
	    "nav.contents-nav { text-align: left; }\n"
	    "ol.contents-list { list-style: none; }\n"
	    "li.contents { padding-left: 1em; text-indent: -1em; }\n"
	    ".contents-title { text-align: center; }\n");
	g_string_append(o, "section.colophon-block { margin-top: ");
	num(o, line * 2, "em");
	g_string_append(o, "; padding: ");
	num(o, line / 4, "em");
	g_string_append_printf(o, " 0; border-top: 1px solid #%06x; border-bottom: 1px solid #%06x; }\n",
	    st->rule_color & 0xffffff, st->rule_color & 0xffffff);
	g_string_append(o, "div.cover { margin: 0; padding: 0; text-align: center; }\n"
	    "div.cover img { max-width: 100%; max-height: 100vh; }\n");
	return o;
}
