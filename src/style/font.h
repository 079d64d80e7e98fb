/*
 * style/font.h: font roles of a style resolved through fontconfig, with the
 * repo's fonts/ directory added as an application font dir. Each role's family
 * list is tried in order; the first family that exists and has Han glyphs wins
 * (a later one gives a warning naming the package that provides the first).
 * A role with no usable family is an error naming family and package: never tofu.
 * Resolved once per process, then shared read-only. A whole answer is kept in a
 * per-user cache (fontcache.h) that a warm run uses without starting fontconfig.
 */
#ifndef JB_FONT_H
#define JB_FONT_H

#include <stdbool.h>
#include "style.h"

struct jb_diag;

/* TeX Live's FandolFang (the FangSong GB/T 9704 asks for) is not in fontconfig's
 * default path on Debian: its directory is added when present. */
#define JB_FANDOL_DIR "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"

struct jb_font_face {
	char *family;		/* family name as fontconfig matched it (give this to Pango) */
	char *file;		/* font file */
	int index;		/* face index inside a TTC */
	int weight;		/* CSS weight of the matched face */
};

struct jb_fonts {
	struct jb_font_face role[JB_ROLE__MAX];
};

struct jb_fonts *jb_fonts_resolve(const struct jb_style *, const char *fontdir,
    struct jb_diag *);
void jb_fonts_free(struct jb_fonts *);
/* FcInit() plus the application font dirs jb_fonts_resolve adds to fontconfig's
 * configuration, which a cached answer leaves pending: call it instead of FcInit()
 * before fontconfig is asked for fonts, by the process's code or by Pango. */
bool jb_fonts_fontconfig_init(void);
/* A role's comma-separated family list, each name stripped of the spaces around it. */
char **jb_font_families(const char *list);
/* The Debian package that provides a family, or NULL if unknown. */
const char *jb_font_package(const char *family);

#endif
