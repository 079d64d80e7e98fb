/*
 * core/env.h: the inside of struct jb_env, for the library's own modules
 * (renderers read the style, the options and the fonts from it). Built once,
 * read-only afterwards; the schema and the fonts are made lazily under locks.
 */
#ifndef JB_ENV_H
#define JB_ENV_H

#include <glib.h>
#include <libxml/relaxng.h>
#include "../jianbao.h"

struct jb_env {
	struct jb_options opt;	/* strings owned (copied) */
	char *datadir, *fontdir;
	struct jb_style *style;
	GMutex schema_lock;
	xmlRelaxNGPtr schema;	/* compiled on the first XML input (jb_env_schema) */
	bool schema_tried;
	GMutex font_lock;
	struct jb_fonts *fonts;
	bool fonts_tried;
	struct jb_diag *font_diag;	/* why fonts failed, replayed to each job */
};

/* The directory of the running program, from /proc/self/exe (g_free); NULL if
 * unknown. Data and the modules are looked for there first. */
char *jb_exe_dir(void);
/* REL under the prefix the program runs from (PREFIX/bin/jianbao), g_free. */
char *jb_prefix_dir(const char *rel);

#endif
