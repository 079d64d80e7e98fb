/*
 * epub/epub.h: bulletin xmlDoc -> EPUB 3 (with NCX) in memory, packaged with libzip,
 * deterministic for a given input and SOURCE_DATE_EPOCH.
 */
#ifndef JB_EPUB_H
#define JB_EPUB_H

#include <stdbool.h>
#include <glib.h>
#include <libxml/tree.h>

struct jb_env;
struct jb_diag;

bool jb_epub_render(xmlDoc *, const struct jb_env *, GByteArray *out, struct jb_diag *);

#endif
