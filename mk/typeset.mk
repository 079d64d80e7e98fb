# mk/typeset.mk: unit tests of the paragraph typesetter (issue 4). `make check-typeset`
# builds tests/unit/test-typeset against the typesetter's objects and runs it; the
# PDF-level checks are in tests/t-typeset.sh (run by tests/run).

# The renderer module's objects (Makefile: RENDER_OBJ, position-independent), linked statically.
TS_OBJ  = $(BUILD)/pic/src/pdf/typeset.o $(BUILD)/pic/src/pdf/embed.o $(BUILD)/pic/src/pdf/ts-line.o \
	$(BUILD)/pic/src/pdf/kinsoku.o $(BUILD)/src/core/diag.o
TS_TEST = $(BUILD)/tests/test-typeset

$(TS_TEST): tests/unit/test-typeset.c $(TS_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(TS_OBJ) $(LDLIBS)

.PHONY: check-typeset
check-typeset: $(TS_TEST)
	$(TS_TEST)

CHECK_TARGETS += check-typeset

# libFuzzer target for the typesetter alone (clang; not part of `make check`):
# `make fuzz-typeset TS_FUZZ_SECONDS=60`. Crashes go to build/fuzz-typeset/.
TS_FUZZ_SECONDS ?= 60
TS_FUZZ_DIR      = build/fuzz-typeset
TS_FUZZ_SRC      = src/pdf/typeset.c src/pdf/embed.c src/pdf/ts-line.c src/pdf/kinsoku.c src/core/diag.c
# The clang command both builds below share: add the sanitizers, then -o TARGET SOURCES.
TS_CLANG         = clang -std=c11 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all \
	$(WARN) $(PKG_CFLAGS)

$(TS_FUZZ_DIR)/fuzz-typeset: tests/unit/fuzz-typeset.c $(TS_FUZZ_SRC) src/pdf/ts-internal.h src/pdf/typeset.h
	@mkdir -p $(TS_FUZZ_DIR)/corpus
	$(TS_CLANG) -fsanitize=fuzzer,address,undefined \
	  -o $@ tests/unit/fuzz-typeset.c $(TS_FUZZ_SRC) $(PKG_LIBS) -lm

.PHONY: fuzz-typeset
fuzz-typeset: $(TS_FUZZ_DIR)/fuzz-typeset
	ASAN_OPTIONS=detect_leaks=0 nice -n 19 $< -max_total_time=$(TS_FUZZ_SECONDS) -max_len=4000 \
	  -timeout=10 -artifact_prefix=$(TS_FUZZ_DIR)/ $(TS_FUZZ_DIR)/corpus tests/gold

# The same unit tests under AddressSanitizer and UBSan (clang), part of `make check`.
TS_ASAN = build/asan/tests/test-typeset

$(TS_ASAN): tests/unit/test-typeset.c $(TS_FUZZ_SRC) src/pdf/ts-internal.h src/pdf/typeset.h
	@mkdir -p $(dir $@)
	$(TS_CLANG) -fsanitize=address,undefined \
	  -o $@ tests/unit/test-typeset.c $(TS_FUZZ_SRC) $(PKG_LIBS) -lm

.PHONY: check-typeset-asan
check-typeset-asan: $(TS_ASAN)
	ASAN_OPTIONS=detect_leaks=0 $(TS_ASAN)

CHECK_TARGETS += check-typeset-asan
