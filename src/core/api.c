/* core/api.c: the public entry points of jianbao.h: environment, read, write. */
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "../jianbao.h"
#include "diag.h"
#include "env.h"
#include "outfile.h"
#include "render.h"
#include "../doc/doc.h"
#include "../text/source.h"
#include "../text/structure.h"
#include "../style/style.h"
#include "../epub/epub.h"

#ifndef JB_DATADIR
#define JB_DATADIR "/usr/local/share/jianbao"
#endif

void
jb_options_init(struct jb_options *o)
{
	memset(o, 0, sizeof *o);
	o->normalize_punct = true;
	o->cover = true;
}

/* The directory of the running program (g_free), or NULL. */
char *
jb_exe_dir(void)
{
	char *exe = g_file_read_link("/proc/self/exe", NULL);
	char *dir = exe ? g_path_get_dirname(exe) : NULL;

	g_free(exe);
	return dir;
}

static bool
has_styles(const char *dir)
{
	char *cand = g_build_filename(dir, "styles", "default.ini", NULL);
	bool yes = g_file_test(cand, G_FILE_TEST_EXISTS);

	g_free(cand);
	return yes;
}

/* The installed directory REL (share/jianbao, lib/jianbao) of the prefix the
 * program runs from (PREFIX/bin/jianbao), whatever PREFIX it was built for: an
 * install with `make install PREFIX=...` or DESTDIR works where it lands. */
char *
jb_prefix_dir(const char *rel)
{
	char *dir = jb_exe_dir(), *prefix, *path;

	if (dir == NULL)
		return NULL;
	prefix = g_path_get_dirname(dir);
	path = g_build_filename(prefix, rel, NULL);
	g_free(prefix);
	g_free(dir);
	return path;
}

/* styles/ and fonts/ live beside the binary (or up to two levels above it, for
 * build/release/jianbao and test programs) when run from the source tree, else in
 * the data directory of the prefix it runs from, else the one it was built for;
 * JIANBAO_DATADIR overrides them all. */
static char *
find_datadir(const char *given)
{
	const char *env = g_getenv("JIANBAO_DATADIR");
	char *dir;

	if (given)
		return g_strdup(given);
	if (env && *env)
		return g_strdup(env);
	dir = jb_exe_dir();
	for (int up = 0; dir && up < 3; up++) {
		if (has_styles(dir))
			return dir;
		char *parent = g_path_get_dirname(dir);
		g_free(dir);
		dir = parent;
	}
	g_free(dir);
	dir = jb_prefix_dir("share/jianbao");
	if (dir && has_styles(dir))
		return dir;
	g_free(dir);
	if (has_styles(JB_DATADIR) || !has_styles("."))
		return g_strdup(JB_DATADIR);
	return g_get_current_dir();
}

struct jb_env *
jb_env_new(const struct jb_options *opt, struct jb_diag *diag)
{
	struct jb_env *env = g_new0(struct jb_env, 1);

	env->opt = *opt;
	env->opt.style = g_strdup(opt->style);
	env->opt.paper = g_strdup(opt->paper);
	env->opt.css = g_strdup(opt->css);
	env->datadir = find_datadir(opt->datadir);
	env->fontdir = opt->fontdir ? g_strdup(opt->fontdir) : g_build_filename(env->datadir, "fonts", NULL);
	env->opt.datadir = env->datadir;
	env->opt.fontdir = env->fontdir;
	g_mutex_init(&env->schema_lock);
	g_mutex_init(&env->font_lock);
	env->style = jb_style_load(opt->style, env->datadir, opt, diag);
	if (env->style == NULL) {
		jb_env_free(env);
		return NULL;
	}
	return env;
}

void
jb_env_free(struct jb_env *env)
{
	if (env == NULL)
		return;
	jb_style_free(env->style);
	jb_schema_free(env->schema);
	if (env->fonts)	/* made by the font module, so it is loaded */
		jb_font_ops(NULL)->fonts_free(env->fonts);
	jb_diag_free(env->font_diag);
	g_mutex_clear(&env->schema_lock);
	g_mutex_clear(&env->font_lock);
	g_free((char *)env->opt.style);
	g_free((char *)env->opt.paper);
	g_free((char *)env->opt.css);
	g_free(env->datadir);
	g_free(env->fontdir);
	g_free(env);
}

const struct jb_options *
jb_env_options(const struct jb_env *env)
{
	return &env->opt;
}

const struct jb_style *
jb_env_style(const struct jb_env *env)
{
	return env->style;
}

const struct jb_fonts *
jb_env_fonts(const struct jb_env *cenv, struct jb_diag *diag)
{
	struct jb_env *env = (struct jb_env *)cenv;	/* lazily filled cache, under lock */
	const struct jb_font_ops *ops;
	const struct jb_fonts *f;

	g_mutex_lock(&env->font_lock);
	if (!env->fonts_tried) {
		env->fonts_tried = true;
		env->font_diag = jb_diag_new(env->style->path);
		ops = jb_font_ops(env->font_diag);
		if (ops)
			env->fonts = ops->fonts_resolve(env->style, env->fontdir, env->font_diag);
	}
	f = env->fonts;
	/* Font warnings and errors belong to every job that needed the fonts. */
	for (guint i = 0; i < jb_diag_count(env->font_diag); i++) {
		const struct jb_msg *m = jb_diag_get(env->font_diag, i);
		jb_diag_add_file(diag, m->level, m->code, m->file, m->line, m->col, "%s", m->text);
	}
	g_mutex_unlock(&env->font_lock);
	return f;
}

/* The schema only XML input needs: compiled on first use (a quarter of a
 * millisecond that structuring text never spends). */
static xmlRelaxNGPtr
env_schema(const struct jb_env *cenv, struct jb_diag *diag)
{
	struct jb_env *env = (struct jb_env *)cenv;	/* lazily filled cache, under lock */
	xmlRelaxNGPtr s;

	g_mutex_lock(&env->schema_lock);
	if (!env->schema_tried) {
		env->schema_tried = true;
		env->schema = jb_schema_new(diag);
	} else if (env->schema == NULL)
		jb_error(diag, "internal", 0, "the built-in schema does not compile");
	s = env->schema;
	g_mutex_unlock(&env->schema_lock);
	return s;
}

/* XML input is recognised by its content, so a hand-corrected file can keep any name. */
static bool
looks_like_xml(const char *b, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r'))
		i++;
	return i + 5 <= len && b[i] == '<' && (memcmp(b + i, "<?xml", 5) == 0
	    || memcmp(b + i, "<!--", 4) == 0 || memcmp(b + i, "<bull", 5) == 0
	    || memcmp(b + i, "<!DOC", 5) == 0);
}

/* A UTF-16 BOM, then "<?", "<!" or "<b" as UTF-16 code units. */
static bool
looks_like_utf16_xml(const char *b, size_t len)
{
	const unsigned char *u = (const unsigned char *)b;
	bool le;

	if (len < 6 || !((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		return false;
	le = u[0] == 0xFF;
	unsigned c1 = le ? u[2] | u[3] << 8 : u[3] | u[2] << 8;
	unsigned c2 = le ? u[4] | u[5] << 8 : u[5] | u[4] << 8;
	return c1 == '<' && (c2 == '?' || c2 == '!' || c2 == 'b');
}

xmlDoc *
jb_read(const char *name, const char *bytes, size_t len, const struct jb_env *env,
    struct jb_diag *diag)
{
	struct jb_source src;
	xmlDoc *doc;

	if (len > JB_SOURCE_MAX_BYTES) {
		jb_error(diag, "too-large", 0, "input is %zu bytes; the limit is %zu MiB",
		    len, JB_SOURCE_MAX_BYTES >> 20);
		return NULL;
	}
	if (looks_like_xml(bytes, len)) {
		xmlRelaxNGPtr schema = env_schema(env, diag);
		return schema ? jb_doc_load(bytes, len, schema, diag) : NULL;
	}
	/* The loader's DOCTYPE guard reads bytes as ASCII: UTF-16 XML is refused
	 * rather than parsed (or structured as if it were prose). */
	if (looks_like_utf16_xml(bytes, len)) {
		jb_error(diag, "bad-encoding", 0, "XML input must be UTF-8, and this is UTF-16; "
		    "convert it first (iconv -f UTF-16 -t UTF-8)");
		return NULL;
	}
	if (!jb_source_read(&src, name, bytes, len, env->opt.lossy, diag))
		return NULL;
	doc = jb_structure(&src, &env->opt, diag);
	jb_source_clear(&src);
	return doc;
}

xmlDoc *
jb_read_file(const char *path, const struct jb_env *env, struct jb_diag *diag)
{
	char *bytes = NULL;
	gsize len = 0;
	GError *err = NULL;
	xmlDoc *doc;

	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		jb_error(diag, "bad-input", 0, "is a directory, not an input file");
		return NULL;
	}
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR) && g_file_test(path, G_FILE_TEST_EXISTS)) {
		/* FIFOs and devices could block or never end: refuse them. */
		jb_error(diag, "bad-input", 0, "is not a regular file");
		return NULL;
	}
	/* Refuse a huge file before reading it into memory, not after. */
	GStatBuf st;
	if (g_stat(path, &st) == 0 && (guint64)st.st_size > JB_SOURCE_MAX_BYTES) {
		jb_error(diag, "too-large", 0, "input is %llu bytes; the limit is %zu MiB",
		    (unsigned long long)st.st_size, JB_SOURCE_MAX_BYTES >> 20);
		return NULL;
	}
	if (!g_file_get_contents(path, &bytes, &len, &err)) {
		jb_error(diag, "bad-input", 0, "cannot read: %s", err->message);
		g_error_free(err);
		return NULL;
	}
	doc = jb_read(path, bytes, len, env, diag);
	g_free(bytes);
	return doc;
}

bool
jb_render(xmlDoc *doc, enum jb_format fmt, const struct jb_env *env, char **out,
    size_t *outlen, struct jb_diag *diag)
{
	const struct jb_render_ops *ops;
	GByteArray *buf;
	bool ok = false;

	*out = NULL;
	*outlen = 0;
	switch (fmt) {
	case JB_FORMAT_XML:
		return jb_doc_serialize(doc, out, outlen, diag);
	case JB_FORMAT_EPUB:
		buf = g_byte_array_new();
		ok = jb_epub_render(doc, env, buf, diag);
		break;
	case JB_FORMAT_PDF:
		if ((ops = jb_render_ops(diag)) == NULL)
			return false;
		buf = g_byte_array_new();
		ok = ops->pdf_render(doc, env, buf, diag);
		break;
	default:
		jb_error(diag, "usage", 0, "unknown output format");
		return false;
	}
	*outlen = buf->len;
	*out = (char *)g_byte_array_free(buf, FALSE);
	if (!ok) {
		g_free(*out);
		*out = NULL;
		*outlen = 0;
	}
	return ok;
}

bool
jb_write(xmlDoc *doc, enum jb_format fmt, const struct jb_env *env, const char *path,
    struct jb_diag *diag)
{
	char *data = NULL;
	size_t len = 0;
	bool ok;

	if (!jb_render(doc, fmt, env, &data, &len, diag))
		return false;
	ok = jb_outfile_write(path, data, len, diag);
	g_free(data);
	return ok;
}

static const char *const format_names[JB_FORMAT__MAX] = { "xml", "epub", "pdf" };

int
jb_format_from_string(const char *s)
{
	for (int i = 0; i < JB_FORMAT__MAX; i++)
		if (g_ascii_strcasecmp(s, format_names[i]) == 0)
			return i;
	return -1;
}

int
jb_format_from_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && !strchr(dot, '/') ? jb_format_from_string(dot + 1) : -1;
}

const char *
jb_format_ext(enum jb_format f)
{
	return f < JB_FORMAT__MAX ? format_names[f] : "";
}
