/*
 * tests/fuzz/fuzz-text.c: libFuzzer target for the text path: reader (encodings,
 * line ends, NULs) and structurer, then XML output, which must itself read back
 * as valid bulletin XML (the structurer may never write what the schema refuses).
 */
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	env = setup_env((*argv)[0], false);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jb_diag *d = jb_diag_new("fuzz.txt");
	char *out = NULL;
	size_t outlen = 0;
	xmlDoc *doc;

	doc = jb_read("fuzz.txt", (const char *)data, size, env, d);
	check_result(doc != NULL, d, "jb_read");
	if (doc != NULL) {
		bool ok = jb_render(doc, JB_FORMAT_XML, env, &out, &outlen, d);

		check_result(ok, d, "jb_render(xml)");
		if (ok) {
			struct jb_diag *d2 = jb_diag_new("fuzz-out.xml");
			xmlDoc *again = jb_read("fuzz-out.xml", out, outlen, env, d2);

			if (again == NULL) {
				fprintf(stderr, "the XML written does not read back:\n");
				jb_diag_print(d2, stderr, JB_NOTE);
				fwrite(out, 1, outlen, stderr);
				abort();
			}
			xmlFreeDoc(again);
			jb_diag_free(d2);
		}
		g_free(out);
		xmlFreeDoc(doc);
	}
	jb_diag_free(d);
	return 0;
}
