/* pdf/pdf.c: placeholder until the PDF engine lands; refuses clearly. */
#include "../core/diag.h"
#include "pdf.h"

bool
jb_pdf_render(xmlDoc *doc, const struct jb_env *env, GByteArray *out, struct jb_diag *diag)
{
	(void)doc; (void)env; (void)out;
	jb_error(diag, "unsupported", 0, "PDF output is not available in this build");
	return false;
}
