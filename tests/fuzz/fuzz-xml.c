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
	GByteArray *in = g_byte_array_new();

	/* Keep the mutations on the XML path: content sniffing sends anything that
	 * does not open like XML to the text reader, which fuzz-text covers. */
	if (size == 0 || data[0] != '<')
		g_byte_array_append(in, (const guint8 *)"<?xml version=\"1.0\"?>\n", 22);
	g_byte_array_append(in, data, (guint)size);
	fuzz_xml_roundtrip("fuzz.xml", (const char *)in->data, in->len);
	g_byte_array_free(in, TRUE);
	return 0;
}
