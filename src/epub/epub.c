/* epub/epub.c: placeholder until the EPUB writer lands; refuses clearly. */
#include "../core/diag.h"
#include "epub.h"

bool
jb_epub_render(xmlDoc *doc, const struct jb_env *env, GByteArray *out, struct jb_diag *diag)
{
	(void)doc; (void)env; (void)out;
	jb_error(diag, "unsupported", 0, "EPUB output is not available in this build");
	return false;
}
