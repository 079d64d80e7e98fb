/* style/font.c: font roles -> fontconfig matches (see font.h), and the per-user
 * cache of those answers that lets a warm run leave fontconfig unstarted. */
#include <dlfcn.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <glib-object.h>	/* GTypeInterface only: GObject's functions are looked up at run time */
#include <fontconfig/fontconfig.h>
#include "../core/diag.h"
#include "font.h"

#define TEX_FANDOL_DIR "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
/* Part of every cache key: raise it when what a group holds changes meaning. */
#define CACHE_FORMAT "jianbao font roles 1"
#define CACHE_FILE "fonts-v1.ini"
#define CACHE_GROUPS 16

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

/* A role's family list, each name stripped of the spaces around it. */
static char **
split_families(const char *list)
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
		char **fams = split_families(st->role[r].font);
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
 * started: by jb_fonts_fontconfig_init(), or, for Pango, by hook_pango's hook.
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
	/* TeX Live's FandolFang (the FangSong GB/T 9704 asks for) is not in
	 * fontconfig's default path on Debian: add its directory when present. */
	if (g_file_test(TEX_FANDOL_DIR, G_FILE_TEST_IS_DIR))
		g_ptr_array_add(fc_pending, g_strdup(TEX_FANDOL_DIR));
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

/* GObject's type functions, looked up at run time: the font module does not link
 * GObject, and a process that cannot load it cannot run Pango either. */
static struct {
	void (*add_interface_check)(gpointer, GTypeInterfaceCheckFunc);
	GType (*from_name)(const gchar *);
	gboolean (*is_a)(GType, GType);
} gobject;

/* GObject calls this after initialising each interface of each class: the class
 * of Pango's fontconfig font map is initialised before its first instance asks
 * fontconfig for anything, so the pending dirs are in place by then. */
static void
on_interface_init(gpointer unused, gpointer iface)
{
	GType fc_font_map = gobject.from_name("PangoFcFontMap");

	(void)unused;
	if (fc_font_map != 0 && gobject.is_a(((GTypeInterface *)iface)->g_instance_type, fc_font_map))
		jb_fonts_fontconfig_init();
}

static gpointer
hook_gobject(gpointer unused)
{
	void *lib = dlopen("libgobject-2.0.so.0", RTLD_NOW | RTLD_LOCAL);

	(void)unused;
	if (lib == NULL)
		return GINT_TO_POINTER(1);
	gobject.add_interface_check = (void (*)(gpointer, GTypeInterfaceCheckFunc))
	    dlsym(lib, "g_type_add_interface_check");
	gobject.from_name = (GType (*)(const gchar *))dlsym(lib, "g_type_from_name");
	gobject.is_a = (gboolean (*)(GType, GType))dlsym(lib, "g_type_is_a");
	if (!gobject.add_interface_check || !gobject.from_name || !gobject.is_a)
		return GINT_TO_POINTER(0);
	gobject.add_interface_check(NULL, on_interface_init);
	return GINT_TO_POINTER(1);
}

/* Can a cached answer be used, that is, will Pango, if it ever runs in this
 * process, find the pending dirs in fontconfig? Yes once the hook is in place, or
 * when GObject (so Pango) cannot be loaded at all. */
static bool
hook_pango(void)
{
	static GOnce once = G_ONCE_INIT;

	return GPOINTER_TO_INT(g_once(&once, hook_gobject, NULL)) != 0;
}

/* Has Pango's fontconfig font map been set up here already (its hook passed)? */
static bool
pango_started(void)
{
	return gobject.from_name && gobject.from_name("PangoFcFontMap") != 0;
}

/*
 * The cache: g_get_user_cache_dir()/jianbao/fonts-v1.ini, a key file with a group
 * per resolution. The group's name is a SHA-256 of what the answer depends on
 * besides files (cache_key); the files it depends on are listed in the group with
 * their stat fields, and one that differs makes the group stale. Every failure to
 * read or write the cache is ignored: it only saves starting fontconfig.
 */

/* NUL-terminated, with unset (NULL) and set fields told apart by a leading byte,
 * so that no two different inputs hash the same bytes. */
static void
key_field(GChecksum *sum, const char *s)
{
	if (s == NULL) {
		g_checksum_update(sum, (const guchar *)"", 1);
		return;
	}
	g_checksum_update(sum, (const guchar *)"=", 1);
	g_checksum_update(sum, (const guchar *)s, (gssize)strlen(s) + 1);
}

static char *
cache_key(const struct jb_style *st, const char *fontdir)
{
	/* fontconfig reads these (HOME and XDG_* place the user's configuration and
	 * fonts; the locale is its default language). */
	static const char *const vars[] = {
		"FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "HOME",
		"XDG_CONFIG_HOME", "XDG_DATA_HOME", "FC_LANG", "LC_ALL", "LC_CTYPE", "LANG",
	};
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	char weight[16], *key;

	key_field(sum, CACHE_FORMAT);
	for (int r = 0; r < JB_ROLE__MAX; r++) {
		g_snprintf(weight, sizeof weight, "%d", st->role[r].weight);
		key_field(sum, st->role[r].font);
		key_field(sum, weight);
	}
	key_field(sum, fontdir);
	key_field(sum, g_file_test(TEX_FANDOL_DIR, G_FILE_TEST_IS_DIR) ? TEX_FANDOL_DIR : NULL);
	for (size_t i = 0; i < G_N_ELEMENTS(vars); i++) {
		key_field(sum, vars[i]);
		key_field(sum, g_getenv(vars[i]));
	}
	key = g_strdup(g_checksum_get_string(sum));
	g_checksum_free(sum);
	return key;
}

/* A file's identity and times: inode and ctime too, because a package upgrade
 * may put back a file with its old size and mtime. */
static char *
stamp_of(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return g_strdup("absent");
	return g_strdup_printf("%ju %ju %jd %jd.%09ld %jd.%09ld", (uintmax_t)sb.st_dev,
	    (uintmax_t)sb.st_ino, (intmax_t)sb.st_size, (intmax_t)sb.st_mtim.tv_sec,
	    sb.st_mtim.tv_nsec, (intmax_t)sb.st_ctim.tv_sec, sb.st_ctim.tv_nsec);
}

static void
add_path(GPtrArray *paths, GHashTable *seen, const char *path)
{
	char *p;

	if (path == NULL || *path == '\0' || g_hash_table_contains(seen, path))
		return;
	p = g_strdup(path);
	g_hash_table_add(seen, p);
	g_ptr_array_add(paths, p);
}

static void
add_fc_list(GPtrArray *paths, GHashTable *seen, FcStrList *list, bool with_parents)
{
	FcChar8 *s;

	if (list == NULL)
		return;
	while ((s = FcStrListNext(list)) != NULL) {
		add_path(paths, seen, (const char *)s);
		if (with_parents) {
			char *dir = g_path_get_dirname((const char *)s);

			add_path(paths, seen, dir);
			g_free(dir);
		}
	}
	FcStrListDone(list);
}

/* Every file and directory the answer depends on, read from the started fontconfig. */
static GPtrArray *
stamped_paths(const char *fontdir, const struct jb_fonts *f)
{
	GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	const char *config = g_get_user_config_dir(), *home = g_get_home_dir();
	char *user[] = {
		g_build_filename(config, "fontconfig", "fonts.conf", NULL),
		g_build_filename(config, "fontconfig", "conf.d", NULL),
		g_build_filename(home, ".fonts.conf", NULL),
		g_build_filename(home, ".fonts.conf.d", NULL),
	};
	char *exe = NULL;
	Dl_info dl;

	/* Its configuration, with the directories holding it (a new local.conf or
	 * conf.d link changes them), and the user's files that 50-user.conf includes
	 * when they exist; its font dirs (subdirs too) and caches. */
	add_fc_list(paths, seen, FcConfigGetConfigFiles(NULL), true);
	add_fc_list(paths, seen, FcConfigGetConfigDirs(NULL), false);
	for (size_t i = 0; i < G_N_ELEMENTS(user); i++) {
		add_path(paths, seen, user[i]);
		g_free(user[i]);
	}
	add_fc_list(paths, seen, FcConfigGetFontDirs(NULL), false);
	add_fc_list(paths, seen, FcConfigGetCacheDirs(NULL), false);
	add_path(paths, seen, fontdir);
	add_path(paths, seen, TEX_FANDOL_DIR);
	/* The code: another fontconfig library, or another build of this module,
	 * may answer differently. */
	if (dladdr((void *)FcInit, &dl) && dl.dli_fname)
		add_path(paths, seen, dl.dli_fname);
	if (dladdr((void *)jb_fonts_resolve, &dl) && dl.dli_fname && g_path_is_absolute(dl.dli_fname))
		add_path(paths, seen, dl.dli_fname);
	else
		add_path(paths, seen, exe = g_file_read_link("/proc/self/exe", NULL));
	g_free(exe);
	for (int r = 0; r < JB_ROLE__MAX; r++)
		add_path(paths, seen, f->role[r].file);
	g_hash_table_destroy(seen);
	return paths;
}

static const char *
role_key(char *buf, size_t size, int r, const char *field)
{
	g_snprintf(buf, size, "%s.%s", jb_role_name((enum jb_role)r), field);
	return buf;
}

static bool
get_int(GKeyFile *kf, const char *group, const char *key, int *out)
{
	GError *err = NULL;

	*out = g_key_file_get_integer(kf, group, key, &err);
	if (err == NULL)
		return true;
	g_error_free(err);
	return false;
}

/* Role r of a cache group, if its entry is whole and names the family at its
 * position in this style's list (the key makes that so, barring a damaged file). */
static bool
cached_role(GKeyFile *kf, const char *group, const struct jb_style *st, int r,
    struct jb_font_face *face, int *choice)
{
	char key[64], **fams;
	bool ok;

	face->family = g_key_file_get_string(kf, group, role_key(key, sizeof key, r, "family"), NULL);
	face->file = g_key_file_get_string(kf, group, role_key(key, sizeof key, r, "file"), NULL);
	ok = face->family && face->file && g_path_is_absolute(face->file)
	    && get_int(kf, group, role_key(key, sizeof key, r, "index"), &face->index)
	    && get_int(kf, group, role_key(key, sizeof key, r, "weight"), &face->weight)
	    && get_int(kf, group, role_key(key, sizeof key, r, "choice"), choice);
	if (!ok)
		return false;
	fams = split_families(st->role[r].font);
	ok = *choice >= 0 && *choice < (int)g_strv_length(fams) && strcmp(fams[*choice], face->family) == 0;
	g_strfreev(fams);
	return ok;
}

/* The fonts of a cache group if every stamp still matches; NULL otherwise. */
static struct jb_fonts *
cache_lookup(GKeyFile *kf, const char *group, const struct jb_style *st, int *choice)
{
	gsize npaths = 0, nstamps = 0;
	char **paths = g_key_file_get_string_list(kf, group, "paths", &npaths, NULL);
	char **stamps = g_key_file_get_string_list(kf, group, "stamps", &nstamps, NULL);
	struct jb_fonts *f = NULL;
	bool ok = paths && stamps && npaths == nstamps && npaths > 0;

	for (gsize i = 0; ok && i < npaths; i++) {
		char *now = stamp_of(paths[i]);

		ok = strcmp(now, stamps[i]) == 0;
		g_free(now);
	}
	g_strfreev(paths);
	g_strfreev(stamps);
	if (!ok)
		return NULL;
	f = g_new0(struct jb_fonts, 1);
	for (int r = 0; ok && r < JB_ROLE__MAX; r++)
		ok = cached_role(kf, group, st, r, &f->role[r], &choice[r]);
	if (!ok) {
		jb_fonts_free(f);
		return NULL;
	}
	return f;
}

/* Only the group asked for, found as text: a full cache is about 200 KB, which
 * GKeyFile takes 1.5 ms to parse, a third of what a hit saves. NULL if absent. */
static GKeyFile *
cache_load_group(const char *file, const char *group)
{
	char *data = NULL, *head = g_strdup_printf("\n[%s]\n", group), *start = NULL, *end;
	GKeyFile *kf = NULL;
	gsize len = 0;

	/* A group starts a line; no other line of a key file starts with '['. */
	if (g_file_get_contents(file, &data, &len, NULL)) {
		start = g_str_has_prefix(data, head + 1) ? data : strstr(data, head);
		if (start != NULL && start != data)
			start++;
	}
	if (start != NULL) {
		end = strstr(start + 1, "\n[");
		kf = g_key_file_new();
		if (!g_key_file_load_from_data(kf, start, end ? (gsize)(end - start + 1) : (gsize)-1,
		    G_KEY_FILE_NONE, NULL)) {
			g_key_file_free(kf);
			kf = NULL;
		}
	}
	g_free(head);
	g_free(data);
	return kf;
}

static GKeyFile *
cache_load(const char *file)
{
	GKeyFile *kf = g_key_file_new();

	/* Unreadable or not a key file (a damaged one included): start afresh. */
	if (!g_key_file_load_from_file(kf, file, G_KEY_FILE_KEEP_COMMENTS, NULL)) {
		g_key_file_free(kf);
		kf = g_key_file_new();
	}
	return kf;
}

/* Down to keep groups, dropping the ones written longest ago. */
static void
drop_oldest(GKeyFile *kf, gsize keep)
{
	gsize n = 0;
	char **groups = g_key_file_get_groups(kf, &n);

	while (n > keep) {
		gsize oldest = 0;
		gint64 when = G_MAXINT64;

		for (gsize i = 0; i < n; i++) {
			gint64 t = g_key_file_get_int64(kf, groups[i], "written", NULL);

			if (t < when) {
				when = t;
				oldest = i;
			}
		}
		g_key_file_remove_group(kf, groups[oldest], NULL);
		g_free(groups[oldest]);
		groups[oldest] = groups[--n];
		groups[n] = NULL;
	}
	g_strfreev(groups);
}

/* Stores a fresh answer (fontconfig started) as group, replacing a stale one, and
 * writes the file by rename, so that concurrent runs see the old or the new. */
static void
cache_store(GKeyFile *kf, const char *file, const char *group, const struct jb_fonts *f,
    const int *choice, const char *fontdir)
{
	GPtrArray *paths = stamped_paths(fontdir, f);
	GPtrArray *stamps = g_ptr_array_new_with_free_func(g_free);
	char key[64], *data = NULL, *dir = NULL;
	gsize len = 0;
	bool ok = true;

	/* A key file holds UTF-8 only. */
	for (guint i = 0; ok && i < paths->len; i++) {
		ok = g_utf8_validate(g_ptr_array_index(paths, i), -1, NULL);
		g_ptr_array_add(stamps, stamp_of(g_ptr_array_index(paths, i)));
	}
	for (int r = 0; ok && r < JB_ROLE__MAX; r++)
		ok = g_utf8_validate(f->role[r].family, -1, NULL)
		    && g_file_test(f->role[r].file, G_FILE_TEST_IS_REGULAR);
	if (!ok)
		goto out;
	g_key_file_remove_group(kf, group, NULL);
	for (int r = 0; r < JB_ROLE__MAX; r++) {
		g_key_file_set_string(kf, group, role_key(key, sizeof key, r, "family"), f->role[r].family);
		g_key_file_set_string(kf, group, role_key(key, sizeof key, r, "file"), f->role[r].file);
		g_key_file_set_integer(kf, group, role_key(key, sizeof key, r, "index"), f->role[r].index);
		g_key_file_set_integer(kf, group, role_key(key, sizeof key, r, "weight"), f->role[r].weight);
		g_key_file_set_integer(kf, group, role_key(key, sizeof key, r, "choice"), choice[r]);
	}
	g_key_file_set_string_list(kf, group, "paths", (const char *const *)paths->pdata, paths->len);
	g_key_file_set_string_list(kf, group, "stamps", (const char *const *)stamps->pdata, stamps->len);
	g_key_file_set_int64(kf, group, "written", g_get_real_time());
	drop_oldest(kf, CACHE_GROUPS);
	g_key_file_set_comment(kf, NULL, NULL, " jianbao: font roles resolved through fontconfig, "
	    "used while every stamp matches; safe to delete", NULL);
	data = g_key_file_to_data(kf, &len, NULL);
	dir = g_path_get_dirname(file);
	if (data && g_mkdir_with_parents(dir, 0700) == 0)
		g_file_set_contents_full(file, data, (gssize)len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, NULL);
out:
	g_free(dir);
	g_free(data);
	g_ptr_array_free(stamps, TRUE);
	g_ptr_array_free(paths, TRUE);
}

struct jb_fonts *
jb_fonts_resolve(const struct jb_style *st, const char *fontdir, struct jb_diag *diag)
{
	bool use_cache = g_strcmp0(g_getenv("JIANBAO_FONT_CACHE"), "0") != 0;
	char *absdir = fontdir ? g_canonicalize_filename(fontdir, NULL) : NULL;
	char *file = NULL, *group = NULL;
	GKeyFile *kf = NULL;
	struct jb_fonts *f = NULL;
	int choice[JB_ROLE__MAX];
	bool started;

	if (use_cache) {
		file = g_build_filename(g_get_user_cache_dir(), "jianbao", CACHE_FILE, NULL);
		group = cache_key(st, absdir);
		kf = cache_load_group(file, group);
		if (kf && hook_pango())
			f = cache_lookup(kf, group, st, choice);
		if (kf)
			g_key_file_free(kf);
		kf = NULL;
	}
	if (f != NULL) {
		bool now = pango_started();

		/* Pending until fontconfig is started; added at once if it already is,
		 * which then costs little. */
		g_mutex_lock(&fc_lock);
		fc_defer_dirs_locked(absdir);
		if (fc_started || now)
			fc_start_locked();
		g_mutex_unlock(&fc_lock);
		for (int r = 0; r < JB_ROLE__MAX; r++)
			if (choice[r] > 0) {
				char **fams = split_families(st->role[r].font);

				warn_fallback(st, r, fams, choice[r], diag);
				g_strfreev(fams);
			}
		goto out;
	}
	g_mutex_lock(&fc_lock);
	fc_defer_dirs_locked(fontdir);
	started = fc_start_locked();
	g_mutex_unlock(&fc_lock);
	if (!started) {
		jb_diag_add(diag, JB_ERROR, "font-missing", 0, 0, "fontconfig could not be initialised");
		goto out;
	}
	f = resolve_fresh(st, choice, diag);
	/* Only a whole answer: a failed one must be retried, and reported, every run. */
	if (f && use_cache) {
		kf = cache_load(file);
		cache_store(kf, file, group, f, choice, absdir);
	}
out:
	if (kf)
		g_key_file_free(kf);
	g_free(group);
	g_free(file);
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
