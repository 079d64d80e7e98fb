/*
 * core/render.c: finds the renderer's table (see render.h): built in, or loaded
 * once per process from jianbao-render.so with GModule, thread-safely.
 */
#include <string.h>
#include <gmodule.h>
#include "../jianbao.h"
#include "../epub/book.h"
#include "diag.h"
#include "env.h"
#include "render.h"

#ifndef JB_LIBDIR
#define JB_LIBDIR "/usr/local/lib/jianbao"
#endif
#define MODULE_NAME "jianbao-render.so"

/* Defined when the program links the renderer's objects itself (the static
 * library: tests, fuzzers); absent in the jianbao command, which loads it. */
extern const struct jb_render_ops jb_render_module __attribute__((weak));

struct loaded {
	const struct jb_render_ops *ops;
	char *error;		/* why not, naming the path; NULL when ops is set */
};

/* The module of this build: beside the program (the source tree, the build
 * directory), else in PREFIX/lib/jianbao of the prefix the program runs from,
 * else in the one it was built for; JIANBAO_MODULE names another. */
static char *
find_module(char **tried)
{
	const char *env = g_getenv("JIANBAO_MODULE");
	char *dir, *path;

	*tried = NULL;
	if (env && *env)	/* absolute: dlopen would search the library path for a bare name */
		return g_canonicalize_filename(env, NULL);
	dir = jb_exe_dir();
	if (dir) {
		path = g_build_filename(dir, MODULE_NAME, NULL);
		g_free(dir);
		if (g_file_test(path, G_FILE_TEST_EXISTS))
			return path;
		*tried = path;
	}
	dir = jb_prefix_dir("lib/jianbao");
	if (dir) {
		path = g_build_filename(dir, MODULE_NAME, NULL);
		g_free(dir);
		if (g_file_test(path, G_FILE_TEST_EXISTS)) {
			g_free(*tried);
			*tried = NULL;
			return path;
		}
		g_free(path);
	}
	return g_build_filename(JB_LIBDIR, MODULE_NAME, NULL);
}

static gpointer
load(gpointer unused)
{
	struct loaded *l = g_new0(struct loaded, 1);
	char *tried = NULL, *path;
	GModule *mod;
	gpointer sym = NULL;
	const struct jb_render_ops *ops;

	(void)unused;
	if (&jb_render_module != NULL) {
		l->ops = &jb_render_module;
		return l;
	}
	path = find_module(&tried);
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		l->error = g_strdup_printf("the renderer module %s is missing%s%s%s (PDF, the EPUB "
		    "cover and --embed-fonts need it; reinstall jianbao, or set JIANBAO_MODULE)",
		    path, tried ? " (and so is " : "", tried ? tried : "", tried ? ")" : "");
		goto out;
	}
	/* Bound now, not lazily: a symbol missing would otherwise end the process
	 * on first call. Local: its symbols stay out of the program's namespace. */
	mod = g_module_open(path, G_MODULE_BIND_LOCAL);
	if (mod == NULL) {
		l->error = g_strdup_printf("cannot load the renderer module %s: %s", path,
		    g_module_error());
		goto out;
	}
	if (!g_module_symbol(mod, "jb_render_module", &sym) || sym == NULL) {
		l->error = g_strdup_printf("%s is not a jianbao renderer module (no jb_render_module)",
		    path);
		g_module_close(mod);
		goto out;
	}
	ops = sym;
	if (ops->abi != JB_RENDER_ABI || ops->version == NULL || strcmp(ops->version, JB_VERSION) != 0
	    || ops->env_size != sizeof(struct jb_env) || ops->book_size != sizeof(struct book)
	    || ops->style_size != sizeof(struct jb_style)) {
		l->error = g_strdup_printf("the renderer module %s belongs to another build of "
		    "jianbao (this is %s); install both from one build", path, JB_VERSION);
		g_module_close(mod);
		goto out;
	}
	g_module_make_resident(mod);	/* used until the process exits */
	l->ops = ops;
out:
	g_free(tried);
	g_free(path);
	return l;
}

static struct loaded *
loaded(void)
{
	static GOnce once = G_ONCE_INIT;

	return g_once(&once, load, NULL);
}

const struct jb_render_ops *
jb_render_ops(struct jb_diag *diag)
{
	struct loaded *l = loaded();

	if (l->ops == NULL && diag)
		jb_error(diag, "render-module", 0, "%s", l->error);
	return l->ops;
}
