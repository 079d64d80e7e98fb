/*
 * tests/fuzz/fuzz-pdf.c: libFuzzer target for the whole text -> PDF path with a
 * small output: inputs are capped at INPUT_CAP bytes so that one run stays fast
 * and the fuzzer spends its time on shapes, not on volume.
 */
#include "fuzz.h"

#define INPUT_CAP 4096

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	env = setup_env((*argv)[0], false);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jb_diag *d;
	char *out = NULL;
	size_t outlen = 0;
	xmlDoc *doc;

	if (size > INPUT_CAP)
		return -1;	/* not added to the corpus */
	d = jb_diag_new("fuzz.txt");
	doc = jb_read("fuzz.txt", (const char *)data, size, env, d);
	check_result(doc != NULL, d, "jb_read");
	if (doc != NULL) {
		bool ok = jb_render(doc, JB_FORMAT_PDF, env, &out, &outlen, d);

		check_result(ok, d, "jb_render(pdf)");
		if (ok && (outlen < 4 || memcmp(out, "%PDF", 4) != 0)) {
			fprintf(stderr, "jb_render(pdf) succeeded but wrote no PDF\n");
			abort();
		}
		g_free(out);
		xmlFreeDoc(doc);
	}
	jb_diag_free(d);
	return 0;
}
