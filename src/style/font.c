/* style/font.c: font roles -> fontconfig matches (see font.h); a warm run takes
 * the answer from the per-user cache (fontcache.c) and leaves fontconfig unstarted. */
#include <string.h>
#include <fontconfig/fontconfig.h>
#include "../core/diag.h"
#include "font.h"
#include "fontcache.h"

static const struct { const char *prefix, *package; } packages[] = {
	{ "Noto Serif CJK", "fonts-noto-cjk (Black/Light weights: fonts-noto-cjk-extra)" },
	{ "Noto Sans CJK", "fonts-noto-cjk" },
	{ "LXGW WenKai", "fonts-lxgw-wenkai" },
	{ "AR PL UKai", "fonts-arphic-ukai" },
	{ "AR PL UMing", "fonts-arphic-uming" },
	{ "AR PL KaitiM GB", "fonts-arphic-gkai00mp" },
	{ "FandolFang", "texlive-lang-chinese" },
	{ "FandolSong", "texlive-lang-chinese" },
	{ "FandolHei", "texlive-lang-chinese" },
	{ "FandolKai", "texlive-lang-chinese" },
	{ "cwTeX Q Fangsong", "fonts-cwtex-fs" },
	{ "WenQuanYi Zen Hei", "fonts-wqy-zenhei" },
	{ "WenQuanYi Micro Hei", "fonts-wqy-microhei" },
};

const char *
jb_font_package(const char *family)
{
	for (size_t i = 0; i < G_N_ELEMENTS(packages); i++)
		if (g_str_has_prefix(family, packages[i].prefix))
			return packages[i].package;
	return NULL;
}

static int
fc_to_css_weight(int w)
{
	if (w <= FC_WEIGHT_EXTRALIGHT) return 200;
	if (w <= FC_WEIGHT_LIGHT) return 300;
	if (w < FC_WEIGHT_MEDIUM) return 400;
	if (w <= FC_WEIGHT_MEDIUM) return 500;
	if (w <= FC_WEIGHT_DEMIBOLD) return 600;
	if (w <= FC_WEIGHT_BOLD) return 700;
	if (w <= FC_WEIGHT_EXTRABOLD) return 800;
	return 900;
}

/* Does fontconfig have this family, with Han glyphs? Fills face on success. */
static bool
match_family(const char *family, int weight, struct jb_font_face *face)
{
	FcPattern *pat = FcPatternCreate(), *m;
	FcResult res;
	FcChar8 *fam = NULL, *file = NULL;
	FcCharSet *cs = NULL;
	int idx = 0, w = FC_WEIGHT_REGULAR;
	bool ok = false;

	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"zh-cn");
	FcPatternAddInteger(pat, FC_WEIGHT, FcWeightFromOpenType(weight));
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	m = FcFontMatch(NULL, pat, &res);
	FcPatternDestroy(pat);
	if (m == NULL)
		return false;
	/* fontconfig always returns something; accept it only if one of its family
	 * names is the one asked for. */
	for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++)
		if (g_ascii_strcasecmp((const char *)fam, family) == 0) {
			ok = true;
			break;
		}
	if (ok && (FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) != FcResultMatch
	    || !FcCharSetHasChar(cs, 0x4E2D) || !FcCharSetHasChar(cs, 0x6587)
	    || !FcCharSetHasChar(cs, 0x3002)))
		ok = false;
	if (ok) {
		FcPatternGetString(m, FC_FILE, 0, &file);
		FcPatternGetInteger(m, FC_INDEX, 0, &idx);
		FcPatternGetInteger(m, FC_WEIGHT, 0, &w);
		face->family = g_strdup(family);
		face->file = g_strdup((const char *)file);
		face->index = idx;
		face->weight = fc_to_css_weight(w);
	}
	FcPatternDestroy(m);
	return ok;
}

/* Roles share a few (family, weight) pairs (4 for 21 roles in the default style)
 * and a fontconfig match costs about a millisecond: each pair is matched once per
 * resolve, whether fontconfig has it or not. */
struct fmatch {
	char *family;
	int weight;
	bool ok;
	struct jb_font_face face;	/* when ok */
};

static bool
match_once(GArray *memo, const char *family, int weight, struct jb_font_face *face)
{
	const struct fmatch *e = NULL;

	for (guint i = 0; i < memo->len && e == NULL; i++) {
		e = &g_array_index(memo, struct fmatch, i);
		if (e->weight != weight || strcmp(e->family, family) != 0)
			e = NULL;
	}
	if (e == NULL) {
		struct fmatch m = { .family = g_strdup(family), .weight = weight };

		m.ok = match_family(family, weight, &m.face);
		g_array_append_val(memo, m);
		e = &g_array_index(memo, struct fmatch, memo->len - 1);
	}
	if (e->ok) {
		*face = e->face;
		face->family = g_strdup(e->face.family);
		face->file = g_strdup(e->face.file);
	}
	return e->ok;
}

static void
fmatch_clear(void *p)
{
	struct fmatch *m = p;

	g_free(m->family);
	g_free(m->face.family);
	g_free(m->face.file);
}

char **
jb_font_families(const char *list)
{
	char **fams = g_strsplit(list, ",", -1);

	for (int i = 0; fams[i]; i++)
		g_strstrip(fams[i]);
	return fams;
}

/* The warning for a role whose first family is missing and whose family i is
 * used: one function for fresh and cached answers, so that both read the same. */
static void
warn_fallback(const struct jb_style *st, int r, char **fams, int i, struct jb_diag *diag)
{
	const char *pkg = jb_font_package(fams[0]);

	jb_diag_add_file(diag, JB_WARNING, "font-fallback", st->path, st->role[r].font_line, 0,
	    "[%s] font '%s' is not installed%s%s%s; using '%s'",
	    jb_role_name((enum jb_role)r), fams[0],
	    pkg ? " (Debian package " : "", pkg ? pkg : "", pkg ? ")" : "", fams[i]);
}

/* Every role through fontconfig (started by the caller); choice[r] is the
 * position in the role's list of the family that won. */
static struct jb_fonts *
resolve_fresh(const struct jb_style *st, int *choice, struct jb_diag *diag)
{
	struct jb_fonts *f = g_new0(struct jb_fonts, 1);
	GArray *memo = g_array_new(FALSE, FALSE, sizeof(struct fmatch));
	bool ok = true;

	g_array_set_clear_func(memo, fmatch_clear);
	for (int r = 0; r < JB_ROLE__MAX; r++) {
		char **fams = jb_font_families(st->role[r].font);
		bool found = false;

		for (int i = 0; fams[i] && !found; i++)
			if (*fams[i] && match_once(memo, fams[i], st->role[r].weight, &f->role[r])) {
				found = true;
				choice[r] = i;
				if (i > 0)
					warn_fallback(st, r, fams, i, diag);
			}
		if (!found) {
			const char *pkg = jb_font_package(fams[0]);
			jb_diag_add_file(diag, JB_ERROR, "font-missing", st->path, st->role[r].font_line, 0,
			    "[%s] no font with Chinese glyphs found for '%s'%s%s%s; install it or put it in fonts/",
			    jb_role_name((enum jb_role)r), st->role[r].font,
			    pkg ? " (Debian package: " : "", pkg ? pkg : "", pkg ? ")" : "");
			ok = false;
		}
		g_strfreev(fams);
	}
	g_array_free(memo, TRUE);
	if (!ok) {
		jb_fonts_free(f);
		return NULL;
	}
	return f;
}

/*
 * fontconfig's configuration is one per process, and the application font dirs a
 * resolve adds to it serve every later fontconfig user too: Pango for the PDF,
 * the EPUB cover's fallback lookups. A resolve answered from the cache starts no
 * fontconfig, so it leaves its dirs pending here, to be added when fontconfig is
 * started: by jb_fonts_fontconfig_init(), which the PDF calls before Pango's font
 * map is made and the cover before a fallback lookup.
 */
static GMutex fc_lock;
static bool fc_started;		/* FcInit() succeeded through fc_start_locked */
static GPtrArray *fc_pending;	/* dirs still to add to fontconfig's configuration */

/* The dirs a resolve with this font dir adds, in the order it adds them. */
static void
fc_defer_dirs_locked(const char *fontdir)
{
	if (fc_pending == NULL)
		fc_pending = g_ptr_array_new_with_free_func(g_free);
	if (fontdir && g_file_test(fontdir, G_FILE_TEST_IS_DIR))
		g_ptr_array_add(fc_pending, g_strdup(fontdir));
	if (g_file_test(JB_FANDOL_DIR, G_FILE_TEST_IS_DIR))
		g_ptr_array_add(fc_pending, g_strdup(JB_FANDOL_DIR));
}

static bool
fc_start_locked(void)
{
	if (!FcInit())
		return false;
	fc_started = true;
	for (guint i = 0; fc_pending && i < fc_pending->len; i++)
		FcConfigAppFontAddDir(NULL, (const FcChar8 *)g_ptr_array_index(fc_pending, i));
	if (fc_pending)
		g_ptr_array_set_size(fc_pending, 0);
	return true;
}

bool
jb_fonts_fontconfig_init(void)
{
	bool ok;

	g_mutex_lock(&fc_lock);
	ok = fc_start_locked();
	g_mutex_unlock(&fc_lock);
	return ok;
}

struct jb_fonts *
jb_fonts_resolve(const struct jb_style *st, const char *fontdir, struct jb_diag *diag)
{
	char *absdir = fontdir ? g_canonicalize_filename(fontdir, NULL) : NULL;
	int choice[JB_ROLE__MAX];
	struct jb_fonts *f = jb_fontcache_lookup(st, absdir, choice);
	bool started = true;

	/* A cached answer leaves fontconfig unstarted and its dirs pending; they are
	 * added at once if it already is, which then costs little. */
	g_mutex_lock(&fc_lock);
	fc_defer_dirs_locked(absdir);
	if (f == NULL || fc_started)
		started = fc_start_locked();
	g_mutex_unlock(&fc_lock);
	if (f != NULL) {
		for (int r = 0; r < JB_ROLE__MAX; r++)
			if (choice[r] > 0) {
				char **fams = jb_font_families(st->role[r].font);

				warn_fallback(st, r, fams, choice[r], diag);
				g_strfreev(fams);
			}
	} else if (!started) {
		jb_diag_add(diag, JB_ERROR, "font-missing", 0, 0, "fontconfig could not be initialised");
	} else if ((f = resolve_fresh(st, choice, diag)) != NULL) {
		/* Only a whole answer: a failed one must be retried, and reported, every run. */
		jb_fontcache_store(st, absdir, f, choice);
	}
	g_free(absdir);
	return f;
}

void
jb_fonts_free(struct jb_fonts *f)
{
	if (f == NULL)
		return;
	for (int r = 0; r < JB_ROLE__MAX; r++) {
		g_free(f->role[r].family);
		g_free(f->role[r].file);
	}
	g_free(f);
}
