/*
 * render/module.c: the table of jianbao-render.so, the renderer module: the PDF,
 * set with Pango and painted with Cairo (see core/render.h). Built into the
 * module with src/pdf/; the static library carries it too, for programs linked
 * whole.
 */
#include <gmodule.h>
#include "../jianbao.h"
#include "../core/env.h"
#include "../core/render.h"
#include "../epub/book.h"
#include "../pdf/pdf.h"

G_MODULE_EXPORT const struct jb_render_ops jb_render_module = {
	.head = JB_MODULE_HEAD,
	.pdf_render = jb_pdf_render,
};
