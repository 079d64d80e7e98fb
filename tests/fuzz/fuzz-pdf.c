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
	return fuzz_render(data, size, INPUT_CAP, JB_FORMAT_PDF, "%PDF", "jb_render(pdf)");
}
