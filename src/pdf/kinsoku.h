/*
 * pdf/kinsoku.h: clreq line-start / line-end prohibition classes (行首行尾禁则),
 * pure functions of one code point: the one rule set of both line breakers, the
 * PDF's paragraph typesetter and the EPUB cover's (built into both modules).
 */
#ifndef JB_KINSOKU_H
#define JB_KINSOKU_H

#include <stdbool.h>
#include <glib.h>

bool jb_kinsoku_no_start(gunichar);	/* may not begin a line: ，。、；：？！）】》」』”’ … — ～ · etc. */
bool jb_kinsoku_no_end(gunichar);	/* may not end a line: （【《「『“‘ etc., / */

#endif
