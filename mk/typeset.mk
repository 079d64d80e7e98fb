# mk/typeset.mk: unit tests of the paragraph typesetter (issue 4). `make check-typeset`
# builds tests/unit/test-typeset against the typesetter's objects and runs it; the
# PDF-level checks are in tests/t-typeset.sh (run by tests/run).

TS_OBJ  = $(BUILD)/src/pdf/typeset.o $(BUILD)/src/pdf/ts-line.o $(BUILD)/src/pdf/kinsoku.o \
	$(BUILD)/src/core/diag.o
TS_TEST = $(BUILD)/tests/test-typeset

$(TS_TEST): tests/unit/test-typeset.c $(TS_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(TS_OBJ) $(LDLIBS)

.PHONY: check-typeset
check-typeset: $(TS_TEST)
	$(TS_TEST)

CHECK_TARGETS += check-typeset
