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
	fuzz_xml_roundtrip("fuzz.txt", (const char *)data, size);
	return 0;
}
