/*
 * style/fontcache.h: a per-user cache of whole answers of jb_fonts_resolve, so
 * that a warm run starts no fontconfig (4-5 ms: its configuration is ~40 XML
 * files). An answer is used only while every file fontconfig read for it (its
 * configuration, font dirs, caches, the font files, fontconfig and this module
 * themselves) has the inode, size, mtime and ctime it had. JIANBAO_FONT_CACHE=0
 * turns the cache off. For style/font.c.
 */
#ifndef JB_FONTCACHE_H
#define JB_FONTCACHE_H

#include "style.h"

struct jb_fonts;

/* The cached answer for this style and (absolute) font dir, with choice[r] the
 * position in role r's family list of the family used; NULL on a miss. */
struct jb_fonts *jb_fontcache_lookup(const struct jb_style *, const char *fontdir, int *choice);
/* Stores a fresh answer; fontconfig must be started (its files are stamped). */
void jb_fontcache_store(const struct jb_style *, const char *fontdir, const struct jb_fonts *,
    const int *choice);

#endif
