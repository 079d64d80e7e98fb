/* style/style.c: style key files -> struct jb_style, with file:line:key errors (see style.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "../jianbao.h"
#include "../core/diag.h"
#include "style.h"

static const char *const role_names[JB_ROLE__MAX] = {
	"body", "title", "kicker", "subtitle", "byline", "section", "heading1",
	"heading2", "heading3", "caption", "credit", "aside", "list", "masthead",
	"masthead-subtitle", "issue", "issuer", "contents", "colophon",
	"running-head", "folio",
};

const char *
jb_role_name(enum jb_role r)
{
	return r < JB_ROLE__MAX ? role_names[r] : "?";
}

struct loader {
	GKeyFile *kf;
	GHashTable *lines;	/* "group/key" -> line number */
	const char *path;
	struct jb_diag *diag;
	bool ok;
};

/* GKeyFile reports lines only for syntax errors, so find each key's line ourselves. */
static GHashTable *
index_key_lines(const char *text)
{
	GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	char **lines = g_strsplit(text, "\n", -1);
	char *group = g_strdup("");

	for (int i = 0; lines[i]; i++) {
		char *l = g_strstrip(lines[i]);
		if (*l == '[') {
			char *e = strchr(l, ']');
			if (e) {
				g_free(group);
				group = g_strndup(l + 1, (gsize)(e - l - 1));
			}
		} else if (*l && *l != '#' && *l != ';') {
			char *eq = strchr(l, '=');
			if (eq) {
				char *key = g_strstrip(g_strndup(l, (gsize)(eq - l)));
				g_hash_table_insert(h, g_strdup_printf("%s/%s", group, key), GINT_TO_POINTER(i + 1));
				g_free(key);
			}
		}
	}
	g_free(group);
	g_strfreev(lines);
	return h;
}

/* First line that is not blank, a comment, a [group] or a key = value pair. */
static int
bad_syntax_line(const char *text)
{
	char **lines = g_strsplit(text, "\n", -1);
	int found = 0;

	for (int i = 0; lines[i] && !found; i++) {
		char *l = g_strstrip(lines[i]);
		size_t n = strlen(l);

		if (n == 0 || *l == '#' || *l == ';')
			continue;
		if (*l == '[' ? l[n - 1] != ']' || n < 3 : strchr(l, '=') == NULL || *l == '=')
			found = i + 1;
	}
	g_strfreev(lines);
	return found;
}

static int
key_line(struct loader *ld, const char *group, const char *key)
{
	char *k = g_strdup_printf("%s/%s", group, key);
	int line = GPOINTER_TO_INT(g_hash_table_lookup(ld->lines, k));

	g_free(k);
	return line;
}

static void
bad(struct loader *ld, const char *group, const char *key, const char *fmt, const char *val)
{
	int line = key_line(ld, group, key);
	char *why = g_strdup_printf(fmt, val);

	jb_diag_add_file(ld->diag, JB_ERROR, "bad-style", ld->path, line, 0,
	    "[%s] %s: %s", group, key, why);
	g_free(why);
	ld->ok = false;
}

static char *
get_str(struct loader *ld, const char *group, const char *key)
{
	char *v;

	/* Most keys are absent: asked for one, GLib formats (and translates) an error
	 * message even when no GError is wanted; has_key does not. */
	if (!g_key_file_has_key(ld->kf, group, key, NULL))
		return NULL;
	v = g_key_file_get_string(ld->kf, group, key, NULL);
	if (v)
		g_strstrip(v);
	return v;
}

static void
get_num(struct loader *ld, const char *group, const char *key, double *out, double lo, double hi)
{
	char *v = get_str(ld, group, key), *end = NULL;

	if (v == NULL)
		return;
	errno = 0;
	double d = g_ascii_strtod(v, &end);
	if (end == v || *end != '\0' || errno || !isfinite(d))
		bad(ld, group, key, "'%s' is not a number", v);
	else if (d < lo || d > hi) {
		char *why = g_strdup_printf("'%%s' is out of range (%g to %g)", lo, hi);
		bad(ld, group, key, why, v);
		g_free(why);
	} else
		*out = d;
	g_free(v);
}

static void
get_int(struct loader *ld, const char *group, const char *key, int *out, int lo, int hi)
{
	double d = *out;
	char *v = get_str(ld, group, key);

	if (v == NULL)
		return;
	get_num(ld, group, key, &d, lo, hi);
	if (d != floor(d))
		bad(ld, group, key, "'%s' is not a whole number", v);
	else
		*out = (int)d;
	g_free(v);
}

static void
get_bool(struct loader *ld, const char *group, const char *key, bool *out)
{
	char *v = get_str(ld, group, key);

	if (v == NULL)
		return;
	if (!g_ascii_strcasecmp(v, "true") || !g_ascii_strcasecmp(v, "yes") || !strcmp(v, "1"))
		*out = true;
	else if (!g_ascii_strcasecmp(v, "false") || !g_ascii_strcasecmp(v, "no") || !strcmp(v, "0"))
		*out = false;
	else
		bad(ld, group, key, "'%s' is not true or false", v);
	g_free(v);
}

static void
get_color(struct loader *ld, const char *group, const char *key, guint32 *out)
{
	char *v = get_str(ld, group, key);

	if (v == NULL)
		return;
	if (v[0] == '#' && strlen(v) == 7 && strspn(v + 1, "0123456789abcdefABCDEF") == 6)
		*out = (guint32)strtoul(v + 1, NULL, 16);
	else
		bad(ld, group, key, "'%s' is not a colour of the form #RRGGBB", v);
	g_free(v);
}

static void
get_choice(struct loader *ld, const char *group, const char *key, char **out, const char *const *choices)
{
	char *v = get_str(ld, group, key);

	if (v == NULL)
		return;
	for (int i = 0; choices[i]; i++)
		if (!strcmp(v, choices[i])) {
			g_free(*out);
			*out = v;
			return;
		}
	char *list = g_strjoinv(", ", (char **)choices);
	char *why = g_strdup_printf("'%%s' is not one of %s", list);
	bad(ld, group, key, why, v);
	g_free(why);
	g_free(list);
	g_free(v);
}

bool
jb_paper_size(const char *paper, double *w, double *h)
{
	static const struct { const char *name; double w, h; } papers[] = {
		{ "A3", 297, 420 }, { "A4", 210, 297 }, { "A5", 148, 210 },
		{ "A6", 105, 148 }, { "B5", 176, 250 }, { "16K", 185, 260 },
		{ "letter", 215.9, 279.4 },
	};
	double a, b;
	char tail[8] = "";

	for (size_t i = 0; i < G_N_ELEMENTS(papers); i++)
		if (!g_ascii_strcasecmp(paper, papers[i].name)) {
			*w = JB_MM(papers[i].w);
			*h = JB_MM(papers[i].h);
			return true;
		}
	if (sscanf(paper, "%lfx%lf%7s", &a, &b, tail) == 3 && !strcmp(tail, "mm")
	    && a >= 50 && a <= 1000 && b >= 50 && b <= 1000) {
		*w = JB_MM(a);
		*h = JB_MM(b);
		return true;
	}
	return false;
}

static void
defaults(struct jb_style *s)
{
	jb_paper_size("A4", &s->page_w, &s->page_h);
	s->margin_top = JB_MM(25);
	s->margin_inner = JB_MM(25);
	s->chars_per_line = 36;
	s->lines_per_page = 40;
	s->body_size = 10.5;
	s->line_pitch = 18;
	s->char_pitch = 0;
	s->folio_drop = JB_MM(10);
	s->folio_format = g_strdup("%d");
	s->folio_position = g_strdup("center");
	s->running_head = true;
	s->contents_page = true;
	s->item_title = g_strdup("head");
	s->rule_thick = JB_MM(0.35);
	s->rule_thin = JB_MM(0.25);
	s->text_color = 0x000000;
	s->accent_color = 0xC00000;
	s->rule_color = 0xC00000;
	s->tint_color = 0xF2EEE6;
	for (int r = 0; r < JB_ROLE__MAX; r++) {
		struct jb_role_style *rs = &s->role[r];
		rs->font = g_strdup("Noto Serif CJK SC");
		rs->size = 0;	/* = body size */
		rs->weight = 400;
		rs->align = JB_ALIGN_LEFT;
		rs->color = 0x000000;
	}
	s->role[JB_ROLE_BODY].align = JB_ALIGN_JUSTIFY;
	s->role[JB_ROLE_BODY].indent = 2;
}

static void
load_role(struct loader *ld, struct jb_style *s, enum jb_role r)
{
	static const char *const aligns[] = { "justify", "left", "center", "right", NULL };
	const char *g = role_names[r];
	struct jb_role_style *rs = &s->role[r];
	char *v, *a = NULL;

	if ((v = get_str(ld, g, "font")) != NULL) {
		if (*v == '\0')
			bad(ld, g, "font", "'%s': empty font family", v);
		g_free(rs->font);
		rs->font = v;
		rs->font_line = key_line(ld, g, "font");
	}
	get_num(ld, g, "size", &rs->size, 4, 200);
	get_int(ld, g, "weight", &rs->weight, 100, 900);
	get_choice(ld, g, "align", &a, aligns);
	for (int i = 0; a && aligns[i]; i++)
		if (!strcmp(a, aligns[i]))
			rs->align = (enum jb_align)i;
	g_free(a);
	get_num(ld, g, "indent", &rs->indent, -10, 10);
	get_int(ld, g, "lines", &rs->lines, 0, 20);
	get_int(ld, g, "space-before", &rs->space_before, 0, 20);
	get_int(ld, g, "space-after", &rs->space_after, 0, 20);
	get_color(ld, g, "color", &rs->color);
	get_num(ld, g, "leading", &rs->leading, 0, 300);
}

static char *
find_style(const char *name, const char *datadir)
{
	if (strchr(name, '/') || g_str_has_suffix(name, ".ini"))
		return g_strdup(name);
	return g_strdup_printf("%s/styles/%s.ini", datadir, name);
}

struct jb_style *
jb_style_load(const char *name_or_path, const char *datadir,
    const struct jb_options *opt, struct jb_diag *diag)
{
	static const char *const folio_pos[] = { "outer", "center", NULL };
	static const char *const item_title[] = { "run-in", "head", NULL };
	struct jb_style *s = g_new0(struct jb_style, 1);
	struct loader ld = { 0 };
	char *text = NULL, *paper = NULL;
	gsize len = 0;
	GError *err = NULL;

	s->path = find_style(name_or_path ? name_or_path : "default", datadir);
	s->name = g_path_get_basename(s->path);
	if (g_str_has_suffix(s->name, ".ini"))
		s->name[strlen(s->name) - 4] = '\0';
	defaults(s);
	if (!g_file_get_contents(s->path, &text, &len, &err)) {
		jb_diag_add_file(diag, JB_ERROR, "bad-style", s->path, 0, 0,
		    "cannot read style '%s': %s", name_or_path ? name_or_path : "default", err->message);
		g_error_free(err);
		goto fail;
	}
	s->checksum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)text, len);
	ld.kf = g_key_file_new();
	ld.path = s->path;
	ld.diag = diag;
	ld.ok = true;
	if (!g_key_file_load_from_data(ld.kf, text, len, G_KEY_FILE_NONE, &err)) {
		/* GKeyFile's message does not say where: find the first line it cannot take. */
		jb_diag_add_file(diag, JB_ERROR, "bad-style", s->path, bad_syntax_line(text), 0, "%s", err->message);
		g_error_free(err);
		goto fail;
	}
	ld.lines = index_key_lines(text);
	s->description = get_str(&ld, "style", "description");

	if ((paper = get_str(&ld, "page", "paper")) != NULL && !jb_paper_size(paper, &s->page_w, &s->page_h))
		bad(&ld, "page", "paper", "'%s' is not a paper size (A4, A5, B5, 16K, letter or WxHmm)", paper);
	double mt = s->margin_top / JB_MM(1), mi = s->margin_inner / JB_MM(1), fd = s->folio_drop / JB_MM(1);
	get_num(&ld, "page", "margin-top", &mt, 0, 200);
	get_num(&ld, "page", "margin-inner", &mi, 0, 200);
	get_num(&ld, "page", "folio-drop", &fd, 0, 100);
	s->margin_top = JB_MM(mt);
	s->margin_inner = JB_MM(mi);
	s->folio_drop = JB_MM(fd);
	get_int(&ld, "page", "chars-per-line", &s->chars_per_line, 8, 200);
	get_int(&ld, "page", "lines-per-page", &s->lines_per_page, 4, 200);
	get_num(&ld, "page", "body-size", &s->body_size, 5, 72);
	get_num(&ld, "page", "line-pitch", &s->line_pitch, 5, 200);
	get_num(&ld, "page", "char-pitch", &s->char_pitch, 0, 80);
	char *ff = get_str(&ld, "page", "folio-format");
	if (ff) {
		const char *pc = strstr(ff, "%d");
		if (pc == NULL || strchr(ff, '%') != pc || strchr(pc + 1, '%') != NULL)
			bad(&ld, "page", "folio-format", "'%s' must contain %%d exactly once and no other %%", ff);
		else {
			g_free(s->folio_format);
			s->folio_format = g_strdup(ff);
		}
		g_free(ff);
	}
	get_choice(&ld, "page", "folio-position", &s->folio_position, folio_pos);
	get_bool(&ld, "page", "running-head", &s->running_head);
	get_bool(&ld, "page", "contents-page", &s->contents_page);
	get_choice(&ld, "page", "item-title", &s->item_title, item_title);
	double rt = s->rule_thick / JB_MM(1), rn = s->rule_thin / JB_MM(1), mh = s->masthead_top / JB_MM(1);
	get_num(&ld, "page", "rule-thick", &rt, 0, 10);
	get_num(&ld, "page", "rule-thin", &rn, 0, 10);
	get_num(&ld, "page", "masthead-top", &mh, 0, 200);
	s->rule_thick = JB_MM(rt);
	s->rule_thin = JB_MM(rn);
	s->masthead_top = JB_MM(mh);
	get_color(&ld, "color", "text", &s->text_color);
	get_color(&ld, "color", "accent", &s->accent_color);
	get_color(&ld, "color", "rule", &s->rule_color);
	get_color(&ld, "color", "tint", &s->tint_color);
	for (int r = 0; r < JB_ROLE__MAX; r++)
		load_role(&ld, s, (enum jb_role)r);
	char *css = get_str(&ld, "epub", "extra-css");
	if (css && *css) {
		char *dir = g_path_get_dirname(s->path);
		s->extra_css = g_path_is_absolute(css) ? g_strdup(css) : g_build_filename(dir, css, NULL);
		g_free(dir);
	}
	g_free(css);
	if (!ld.ok)
		goto fail;

	/* Command-line overrides. */
	if (opt && opt->paper && !jb_paper_size(opt->paper, &s->page_w, &s->page_h)) {
		jb_diag_add(diag, JB_ERROR, "usage", 0, 0,
		    "--paper '%s': not a paper size (A4, A5, B5, 16K, letter or WxHmm)", opt->paper);
		goto fail;
	}
	if (opt && opt->body_size > 0) {
		double ratio = s->line_pitch / s->body_size;
		double cpr = s->char_pitch > 0 ? s->char_pitch / s->body_size : 0;
		/* Every role scales with the body, so headings stay in proportion
		 * and the body role is set at the size asked for. */
		for (int r = 0; r < JB_ROLE__MAX; r++) {
			s->role[r].size *= opt->body_size / s->body_size;
			s->role[r].leading *= opt->body_size / s->body_size;
		}
		s->body_size = opt->body_size;
		s->line_pitch = opt->leading > 0 ? opt->leading : ratio * s->body_size;
		s->char_pitch = cpr * s->body_size;
	} else if (opt && opt->leading > 0)
		s->line_pitch = opt->leading;
	if (s->char_pitch <= 0)
		s->char_pitch = s->body_size;
	if (s->line_pitch < s->body_size) {
		jb_diag_add_file(diag, JB_ERROR, "bad-style", s->path, 0, 0,
		    "line pitch %.2f pt is smaller than the body size %.2f pt", s->line_pitch, s->body_size);
		goto fail;
	}
	for (int r = 0; r < JB_ROLE__MAX; r++)
		if (s->role[r].size <= 0)
			s->role[r].size = s->body_size;
	/* With paper overridden, keep margins and refit the grid to the page. */
	s->area_w = s->chars_per_line * s->char_pitch;
	s->area_h = s->body_size + (s->lines_per_page - 1) * s->line_pitch;
	if (opt && (opt->paper || opt->body_size > 0 || opt->leading > 0)) {
		double avail_w = s->page_w - 2 * s->margin_inner;
		double avail_h = s->page_h - 2 * s->margin_top;
		s->chars_per_line = MAX(8, (int)floor(avail_w / s->char_pitch));
		s->lines_per_page = MAX(4, (int)floor((avail_h - s->body_size) / s->line_pitch) + 1);
		s->area_w = s->chars_per_line * s->char_pitch;
		s->area_h = s->body_size + (s->lines_per_page - 1) * s->line_pitch;
	}
	if (s->margin_inner + s->area_w > s->page_w || s->margin_top + s->area_h > s->page_h) {
		jb_diag_add_file(diag, JB_ERROR, "bad-style", s->path, 0, 0,
		    "type area %.1f x %.1f mm does not fit on the %.1f x %.1f mm page with these margins",
		    s->area_w / JB_MM(1), s->area_h / JB_MM(1), s->page_w / JB_MM(1), s->page_h / JB_MM(1));
		goto fail;
	}
	g_free(paper);
	g_free(text);
	g_key_file_free(ld.kf);
	g_hash_table_destroy(ld.lines);
	return s;
fail:
	g_free(paper);
	g_free(text);
	if (ld.kf)
		g_key_file_free(ld.kf);
	if (ld.lines)
		g_hash_table_destroy(ld.lines);
	jb_style_free(s);
	return NULL;
}

void
jb_style_free(struct jb_style *s)
{
	if (s == NULL)
		return;
	for (int r = 0; r < JB_ROLE__MAX; r++)
		g_free(s->role[r].font);
	g_free(s->name);
	g_free(s->path);
	g_free(s->description);
	g_free(s->checksum);
	g_free(s->folio_format);
	g_free(s->folio_position);
	g_free(s->item_title);
	g_free(s->extra_css);
	g_free(s);
}

const char *
jb_style_checksum(const struct jb_style *s)
{
	return s->checksum ? s->checksum : "";
}
