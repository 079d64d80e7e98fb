/*
 * tests/fuzz/fuzz-epub.c: libFuzzer target for the whole text -> EPUB path with a
 * small output: inputs are capped at INPUT_CAP bytes so that one run stays fast
 * and the fuzzer spends its time on shapes, not on volume.
 */
#include "fuzz.h"

#define INPUT_CAP 4096

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	env = setup_env((*argv)[0], true);
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
		bool ok = jb_render(doc, JB_FORMAT_EPUB, env, &out, &outlen, d);

		check_result(ok, d, "jb_render(epub)");
		if (ok && (outlen < 4 || memcmp(out, "PK\003\004", 4) != 0)) {
			fprintf(stderr, "jb_render(epub) succeeded but wrote no EPUB\n");
			abort();
		}
		g_free(out);
		xmlFreeDoc(doc);
	}
	jb_diag_free(d);
	return 0;
}
