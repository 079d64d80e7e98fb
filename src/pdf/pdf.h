/*
 * pdf/pdf.h: bulletin xmlDoc -> print PDF in memory (Pango layout on a baseline
 * grid, Cairo PDF surface), deterministic for a given input and SOURCE_DATE_EPOCH.
 */
#ifndef JB_PDF_H
#define JB_PDF_H

#include <stdbool.h>
#include <glib.h>
#include <libxml/tree.h>

struct jb_env;
struct jb_diag;

bool jb_pdf_render(xmlDoc *, const struct jb_env *, GByteArray *out, struct jb_diag *);

#endif
