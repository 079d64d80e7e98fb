/*
 * style/fontcache.c: the per-user cache of resolved font roles (see fontcache.h):
 * g_get_user_cache_dir()/jianbao/fonts-v1.ini, a key file with a group per
 * resolution. The group's name is a SHA-256 of what the answer depends on besides
 * files (cache_key); the files it depends on are listed in the group with their
 * stat fields, and one that differs makes the group stale. Every failure to read
 * or write the cache is ignored: it only saves starting fontconfig.
 */
#include <dlfcn.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <fontconfig/fontconfig.h>
#include "font.h"
#include "fontcache.h"

/* Part of every cache key: raise it when what a group holds changes meaning. */
#define CACHE_FORMAT "jianbao font roles 1"
#define CACHE_FILE "fonts-v1.ini"
#define CACHE_GROUPS 16

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
	key_field(sum, g_file_test(JB_FANDOL_DIR, G_FILE_TEST_IS_DIR) ? JB_FANDOL_DIR : NULL);
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
	add_path(paths, seen, JB_FANDOL_DIR);
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
	fams = jb_font_families(st->role[r].font);
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

static bool
cache_enabled(void)
{
	return g_strcmp0(g_getenv("JIANBAO_FONT_CACHE"), "0") != 0;
}

static char *
cache_file(void)
{
	return g_build_filename(g_get_user_cache_dir(), "jianbao", CACHE_FILE, NULL);
}

struct jb_fonts *
jb_fontcache_lookup(const struct jb_style *st, const char *fontdir, int *choice)
{
	char *file, *group;
	GKeyFile *kf;
	struct jb_fonts *f = NULL;

	if (!cache_enabled())
		return NULL;
	file = cache_file();
	group = cache_key(st, fontdir);
	kf = cache_load_group(file, group);
	if (kf) {
		f = cache_lookup(kf, group, st, choice);
		g_key_file_free(kf);
	}
	g_free(group);
	g_free(file);
	return f;
}

void
jb_fontcache_store(const struct jb_style *st, const char *fontdir, const struct jb_fonts *f,
    const int *choice)
{
	char *file, *group;
	GKeyFile *kf;

	if (!cache_enabled())
		return;
	file = cache_file();
	group = cache_key(st, fontdir);
	kf = cache_load(file);
	cache_store(kf, file, group, f, choice, fontdir);
	g_key_file_free(kf);
	g_free(group);
	g_free(file);
}
