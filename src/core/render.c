/*
 * core/render.c: finds the modules' tables (see render.h): built in, or each
 * loaded once per process from its file with GModule, thread-safely.
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

/* Defined when the program links the modules' objects itself (the static library:
 * tests, fuzzers); absent in the jianbao command, which loads them. */
extern const struct jb_font_ops jb_font_module __attribute__((weak));
extern const struct jb_render_ops jb_render_module __attribute__((weak));

struct module {
	const char *file;	/* jianbao-fonts.so */
	const char *env;	/* the variable that names another file */
	const char *symbol;	/* its table */
	const char *what;	/* "font module", for messages */
	const char *needs;	/* what it serves, for the message when it is missing */
	const struct jb_module_head *builtin;	/* NULL (a weak symbol's) unless linked in */
	GOnce once;
};

struct loaded {
	const struct jb_module_head *table;
	char *error;		/* why not, naming the path; NULL when table is set */
};

/* The module of this build: beside the program (the source tree, the build
 * directory), else in PREFIX/lib/jianbao of the prefix the program runs from,
 * else in the one it was built for; the module's variable names another. */
static char *
find_module(const struct module *m, char **tried)
{
	const char *env = g_getenv(m->env);
	char *dir, *path;

	*tried = NULL;
	if (env && *env)	/* absolute: dlopen would search the library path for a bare name */
		return g_canonicalize_filename(env, NULL);
	dir = jb_exe_dir();
	if (dir) {
		path = g_build_filename(dir, m->file, NULL);
		g_free(dir);
		if (g_file_test(path, G_FILE_TEST_EXISTS))
			return path;
		*tried = path;
	}
	dir = jb_prefix_dir("lib/jianbao");
	if (dir) {
		path = g_build_filename(dir, m->file, NULL);
		g_free(dir);
		if (g_file_test(path, G_FILE_TEST_EXISTS)) {
			g_free(*tried);
			*tried = NULL;
			return path;
		}
		g_free(path);
	}
	return g_build_filename(JB_LIBDIR, m->file, NULL);
}

static gpointer
load(gpointer data)
{
	const struct module *m = data;
	struct loaded *l = g_new0(struct loaded, 1);
	char *tried = NULL, *path;
	GModule *mod;
	gpointer sym = NULL;
	const struct jb_module_head *head;

	if (m->builtin != NULL) {
		l->table = m->builtin;
		return l;
	}
	path = find_module(m, &tried);
	if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
		l->error = g_strdup_printf("the %s %s is missing%s%s%s (%s need it; reinstall "
		    "jianbao, or set %s)", m->what, path, tried ? " (and so is " : "",
		    tried ? tried : "", tried ? ")" : "", m->needs, m->env);
		goto out;
	}
	/* Bound now, not lazily: a symbol missing would otherwise end the process
	 * on first call. Local: its symbols stay out of the program's namespace. */
	mod = g_module_open(path, G_MODULE_BIND_LOCAL);
	if (mod == NULL) {
		l->error = g_strdup_printf("cannot load the %s %s: %s", m->what, path,
		    g_module_error());
		goto out;
	}
	if (!g_module_symbol(mod, m->symbol, &sym) || sym == NULL) {
		l->error = g_strdup_printf("%s is not a jianbao %s (no %s)", path, m->what, m->symbol);
		g_module_close(mod);
		goto out;
	}
	head = sym;
	if (head->abi != JB_RENDER_ABI || head->version == NULL
	    || strcmp(head->version, JB_VERSION) != 0 || head->env_size != sizeof(struct jb_env)
	    || head->book_size != sizeof(struct book) || head->style_size != sizeof(struct jb_style)) {
		l->error = g_strdup_printf("the %s %s belongs to another build of jianbao (this is "
		    "%s); install both from one build", m->what, path, JB_VERSION);
		g_module_close(mod);
		goto out;
	}
	g_module_make_resident(mod);	/* used until the process exits */
	l->table = head;
out:
	g_free(tried);
	g_free(path);
	return l;
}

static const struct jb_module_head *
table(struct module *m, struct jb_diag *diag)
{
	struct loaded *l = g_once(&m->once, load, m);

	if (l->table == NULL && diag)
		jb_error(diag, "render-module", 0, "%s", l->error);
	return l->table;
}

static struct module font_module = {
	"jianbao-fonts.so", "JIANBAO_FONT_MODULE", "jb_font_module", "font module",
	"the EPUB cover, --embed-fonts and PDF", &jb_font_module.head, G_ONCE_INIT
};
static struct module render_module = {
	"jianbao-render.so", "JIANBAO_MODULE", "jb_render_module", "renderer module",
	"PDF outputs", &jb_render_module.head, G_ONCE_INIT
};

const struct jb_font_ops *
jb_font_ops(struct jb_diag *diag)
{
	return (const struct jb_font_ops *)table(&font_module, diag);
}

const struct jb_render_ops *
jb_render_ops(struct jb_diag *diag)
{
	return (const struct jb_render_ops *)table(&render_module, diag);
}
