# mk/sanitize.mk: reliability targets (issue 7). `make asan` runs the whole suite
# under ASan+UBSan, `make valgrind` runs the samples under memcheck, `make fuzz`
# builds the libFuzzer targets in tests/fuzz/ and runs each FUZZ_SECONDS seconds;
# `make fuzz-ci` is the short budget `make check` runs.

SAN          = -fsanitize=address,undefined
SAN_OPT      = -O1 -g -fno-omit-frame-pointer $(SAN) -fno-sanitize-recover=all
# The sanitized binaries live under build/, away from styles/: point them at the tree.
# JIANBAO_SANITIZED=1 lets a suite relax its timed assertions (3-10x slower here).
# Exit 86 for any sanitizer report, so that it never passes for exit 1 ("input failed").
SAN_ASAN     = detect_leaks=1:exitcode=86:strict_string_checks=1:detect_stack_use_after_return=1
SAN_ENV_BASE = JIANBAO_DATADIR=$(CURDIR) JIANBAO_SANITIZED=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86
SAN_ENV      = $(SAN_ENV_BASE) ASAN_OPTIONS=$(SAN_ASAN) \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan-fast.supp:print_suppressions=0
# The precise leak check: slow unwinder, suppressions by function (tests/lsan.supp).
SAN_ENV_PRECISE = $(SAN_ENV_BASE) ASAN_OPTIONS=$(SAN_ASAN):fast_unwind_on_malloc=0 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0

FUZZ_SECONDS ?= 60
FUZZ_TARGETS  = text xml epub pdf
FUZZ_DIR      = build/fuzz
FUZZ_OPT      = -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FUZZ_BINS     = $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz-%)
# Seeds per target, read after build/fuzz/corpus-NAME: libFuzzer writes new units
# only to the first directory it is given, so the committed seeds stay untouched.
FUZZ_SEEDS_text = samples tests/fuzz/seeds tests/regress
FUZZ_SEEDS_xml  = tests/gold tests/fuzz/seeds-xml tests/regress
FUZZ_SEEDS_epub = tests/fuzz/seeds samples tests/regress
FUZZ_SEEDS_pdf  = tests/fuzz/seeds samples tests/regress
FUZZ_DICT_text  = tests/fuzz/text.dict
FUZZ_DICT_xml   = tests/fuzz/xml.dict
FUZZ_DICT_epub  = tests/fuzz/text.dict
FUZZ_DICT_pdf   = tests/fuzz/text.dict
FUZZ_LEN_text   = 32768
FUZZ_LEN_xml    = 32768
FUZZ_LEN_epub   = 4096
FUZZ_LEN_pdf    = 4096

VALGRIND = valgrind -q --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite \
	--show-leak-kinds=definite --error-exitcode=99 --suppressions=$(CURDIR)/tests/valgrind.supp \
	--num-callers=30

.PHONY: asan asan-build valgrind fuzz fuzz-build fuzz-ci

# The program and its two modules, as built for release: the modules are loaded
# (and checked) the same way, their undefined __asan_* symbols bound to the program's runtime.
asan-build:
	$(MAKE) BUILD=build/asan CC=clang OPT="$(SAN_OPT)" LDFLAGS="$(SAN)" build/asan/jianbao build/asan/jianbao-render.so build/asan/jianbao-fonts.so

# The whole suite under ASan+UBSan+LSan, then every sample to every format with
# the precise leak check (slow: the fast unwinder cannot see into fontconfig).
asan: asan-build
	$(SAN_ENV) JIANBAO=$(CURDIR)/build/asan/jianbao tests/run
	@mkdir -p build/asan/out
	@fails=0; for f in samples/*.txt; do b=$$(basename $$f .txt); \
	  for x in xml epub pdf; do \
	    if $(SAN_ENV_PRECISE) build/asan/jianbao -q $$f -o build/asan/out/$$b.$$x 2>build/asan/out/$$b.$$x.log; \
	    then echo "  ok   asan+lsan (precise) $$b.$$x"; \
	    else echo "  FAIL asan+lsan (precise) $$b.$$x"; head -60 build/asan/out/$$b.$$x.log; fails=$$((fails + 1)); fi; \
	  done; done; [ $$fails -eq 0 ]

# Every sample to every format under memcheck. Exit 99 is memcheck's verdict (any
# error, or definitely lost bytes); any other failure of a conversion fails too.
valgrind: jianbao
	@mkdir -p build/valgrind
	@set -e; fails=0; for f in samples/*.txt; do b=$$(basename $$f .txt); \
	  for x in xml epub pdf; do \
	    rc=0; $(VALGRIND) --log-file=build/valgrind/$$b.$$x.log ./jianbao -q $$f -o build/valgrind/$$b.$$x || rc=$$?; \
	    if [ $$rc -eq 0 ]; then echo "  ok   valgrind $$b.$$x"; \
	    else echo "  FAIL valgrind $$b.$$x (exit $$rc)"; cat build/valgrind/$$b.$$x.log; fails=$$((fails + 1)); fi; \
	  done; done; \
	  [ $$fails -eq 0 ] || { echo "valgrind: $$fails failed"; exit 1; }

# Linked whole: -u names both tables, which pulls the modules in from the archive
# (built in, not loaded; see src/core/render.h).
$(FUZZ_DIR)/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.h $(FUZZ_DIR)/libjianbao.a
	clang -std=c11 -D_GNU_SOURCE $(FUZZ_OPT) $(WARN) $(PKG_CFLAGS) -fsanitize=fuzzer \
	  -o $@ $< -Wl,-u,jb_render_module -Wl,-u,jb_font_module $(FUZZ_DIR)/libjianbao.a $(PKG_LIBS) -lm -lpthread

# The library and the targets are built by a sub-make with BUILD=build/fuzz, where the
# Makefile's own rule makes build/fuzz/libjianbao.a with the fuzzing flags.
fuzz-build:
	$(MAKE) BUILD=$(FUZZ_DIR) CC=clang OPT="$(FUZZ_OPT)" $(FUZZ_DIR)/libjianbao.a $(FUZZ_BINS)

# Runs each target FUZZ_SECONDS; fails on any crash, leak, timeout or OOM. New
# corpus units go to build/fuzz/corpus-NAME (not committed); crashes to build/fuzz/.
fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus-$$t; \
	  echo "== fuzz-$$t for $(FUZZ_SECONDS) s"; \
	  case $$t in text) s="$(FUZZ_SEEDS_text)"; d=$(FUZZ_DICT_text); l=$(FUZZ_LEN_text);; \
	    xml) s="$(FUZZ_SEEDS_xml)"; d=$(FUZZ_DICT_xml); l=$(FUZZ_LEN_xml);; \
	    epub) s="$(FUZZ_SEEDS_epub)"; d=$(FUZZ_DICT_epub); l=$(FUZZ_LEN_epub);; \
	    pdf) s="$(FUZZ_SEEDS_pdf)"; d=$(FUZZ_DICT_pdf); l=$(FUZZ_LEN_pdf);; esac; \
	  $(SAN_ENV) nice -n 19 $(FUZZ_DIR)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=20 -rss_limit_mb=2048 -max_len=$$l -dict=$$d -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_DIR)/crash-$$t- $(FUZZ_DIR)/corpus-$$t $$s 2>$(FUZZ_DIR)/fuzz-$$t.log \
	  || { tail -60 $(FUZZ_DIR)/fuzz-$$t.log; echo "fuzz-$$t FAILED: see $(FUZZ_DIR)/fuzz-$$t.log"; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^Done' $(FUZZ_DIR)/fuzz-$$t.log | tr '\n' ' '; echo; \
	done

fuzz-ci:
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

CHECK_TARGETS += asan valgrind fuzz-ci
