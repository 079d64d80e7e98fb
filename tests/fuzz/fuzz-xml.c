/*
 * tests/fuzz/fuzz-xml.c: libFuzzer target for XML input: the safe parse (DOCTYPE
 * and entity refusal, depth limit) and RELAX NG validation. A document that was
 * accepted must serialise and read back as valid again (round trip).
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
	struct jb_diag *d = jb_diag_new("fuzz.xml");
	GByteArray *in = g_byte_array_new();
	char *out = NULL;
	size_t outlen = 0;
	xmlDoc *doc;

	/* Keep the mutations on the XML path: content sniffing sends anything that
	 * does not open like XML to the text reader, which fuzz-text covers. */
	if (size == 0 || data[0] != '<')
		g_byte_array_append(in, (const guint8 *)"<?xml version=\"1.0\"?>\n", 22);
	g_byte_array_append(in, data, (guint)size);
	doc = jb_read("fuzz.xml", (const char *)in->data, in->len, env, d);
	check_result(doc != NULL, d, "jb_read");
	if (doc != NULL) {
		bool ok = jb_render(doc, JB_FORMAT_XML, env, &out, &outlen, d);

		check_result(ok, d, "jb_render(xml)");
		if (ok) {
			struct jb_diag *d2 = jb_diag_new("fuzz-out.xml");
			xmlDoc *again = jb_read("fuzz-out.xml", out, outlen, env, d2);

			if (again == NULL) {
				fprintf(stderr, "an accepted document does not read back:\n");
				jb_diag_print(d2, stderr, JB_NOTE);
				abort();
			}
			xmlFreeDoc(again);
			jb_diag_free(d2);
		}
		g_free(out);
		xmlFreeDoc(doc);
	}
	g_byte_array_free(in, TRUE);
	jb_diag_free(d);
	return 0;
}
