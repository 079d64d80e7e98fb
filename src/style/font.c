/* style/font.c: font roles -> fontconfig matches (see font.h). */
#include <string.h>
#include <fontconfig/fontconfig.h>
#include "../core/diag.h"
#include "font.h"


#define TEX_FANDOL_DIR "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"

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

struct jb_fonts *
jb_fonts_resolve(const struct jb_style *st, const char *fontdir, struct jb_diag *diag)
{
	struct jb_fonts *f = g_new0(struct jb_fonts, 1);
	GArray *memo;
	bool ok = true;

	if (!FcInit()) {
		jb_diag_add(diag, JB_ERROR, "font-missing", 0, 0, "fontconfig could not be initialised");
		g_free(f);
		return NULL;
	}
	if (fontdir && g_file_test(fontdir, G_FILE_TEST_IS_DIR))
		FcConfigAppFontAddDir(NULL, (const FcChar8 *)fontdir);
	/* TeX Live's FandolFang (the FangSong GB/T 9704 asks for) is not in
	 * fontconfig's default path on Debian: add its directory when present. */
	if (g_file_test(TEX_FANDOL_DIR, G_FILE_TEST_IS_DIR))
		FcConfigAppFontAddDir(NULL, (const FcChar8 *)TEX_FANDOL_DIR);
	memo = g_array_new(FALSE, FALSE, sizeof(struct fmatch));
	g_array_set_clear_func(memo, fmatch_clear);
	for (int r = 0; r < JB_ROLE__MAX; r++) {
		char **fams = g_strsplit(st->role[r].font, ",", -1);
		bool found = false;

		for (int i = 0; fams[i] && !found; i++) {
			g_strstrip(fams[i]);
			if (*fams[i] && match_once(memo, fams[i], st->role[r].weight, &f->role[r])) {
				found = true;
				if (i > 0) {
					const char *pkg = jb_font_package(fams[0]);
					jb_diag_add_file(diag, JB_WARNING, "font-fallback", st->path, st->role[r].font_line, 0,
					    "[%s] font '%s' is not installed%s%s%s; using '%s'",
					    jb_role_name((enum jb_role)r), fams[0],
					    pkg ? " (Debian package " : "", pkg ? pkg : "", pkg ? ")" : "", fams[i]);
				}
			}
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
