# jianbao: plain GNU Makefile, pkg-config for every library.
#   make deps     install what is missing from Debian (apt-get; as root or via sudo)
#   make          build ./jianbao
#   make samples  convert every sample to XML, EPUB and PDF under out/
#   make check    run every test (tests/run), plus the suites added in mk/*.mk
# Fragments in mk/*.mk add targets (sanitizers, fuzzing, benchmark) and extend
# CHECK_TARGETS; keep this file the one place that knows how to compile.

# The program links only CORE_PKGS; everything that needs fonts is in two modules,
# each loaded on first use (src/core/render.h): jianbao-fonts.so (FONT_PKGS: font
# roles, the EPUB cover, --embed-fonts) and jianbao-render.so (RENDER_PKGS: the
# PDF). Each links the core libraries it calls itself: GLib, and for the PDF
# libxml2 (the font module reads no tree). zlib is the cover's PNG; the core's
# libzip brings its own libz.
CORE_PKGS   = libxml-2.0 glib-2.0 gmodule-no-export-2.0 libzip
FONT_PKGS   = fontconfig freetype2 harfbuzz harfbuzz-subset fribidi zlib icu-uc
RENDER_PKGS = pangocairo pangoft2 cairo-pdf cairo-ft freetype2 harfbuzz harfbuzz-subset fontconfig
PKGS     = $(CORE_PKGS) $(FONT_PKGS) $(RENDER_PKGS)
PREFIX  ?= /usr/local
DATADIR  = $(PREFIX)/share/jianbao
LIBDIR   = $(PREFIX)/lib/jianbao
CC      ?= cc
BUILD   ?= build/release
OPT     ?= -O2 -g
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CORE_LIBS  := $(shell pkg-config --libs $(CORE_PKGS) 2>/dev/null)
FONT_MODULE_LIBS := $(shell pkg-config --libs $(FONT_PKGS) glib-2.0 2>/dev/null)
MODULE_LIBS := $(shell pkg-config --libs $(RENDER_PKGS) glib-2.0 libxml-2.0 2>/dev/null)
comma := ,
# Load order. ld.so looks every symbol up in the loaded libraries in the order of
# the program's NEEDED list, and libraries loaded for other libraries come last.
# libcrypto (libzip's) binds its ~4,000 symbols at start-up and libstdc++ (ICU's,
# through libxml2) ~3,000; most are their own, found only after missing in the
# dozen libraries before them. Naming the two first (only where the system has
# them: they are loaded anyway) saves 0.3 ms of the 6 ms of an EPUB.
EARLY_LIBS := $(foreach s,libcrypto.so.3 libstdc++.so.6,$(if $(filter /%,$(shell $(CC) \
	-print-file-name=$(s) 2>/dev/null)),-l:$(s)))
EARLY_LIBS := $(if $(EARLY_LIBS),-Wl$(comma)--push-state$(comma)--no-as-needed $(EARLY_LIBS) -Wl$(comma)--pop-state)
WARN     = -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wno-unused-parameter
CFLAGS  += -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(PKG_CFLAGS) -DJB_DATADIR='"$(DATADIR)"' \
	-DJB_LIBDIR='"$(LIBDIR)"' -MMD -MP
LDLIBS  += $(PKG_LIBS) -lm -lpthread

# The modules: every file that calls Pango, Cairo, HarfBuzz, fontconfig or FreeType.
FONT_SRC   = src/render/font-module.c src/style/font.c src/style/fontcache.c src/epub/cover.c \
	src/epub/glyphs.c src/epub/raster.c src/epub/subset.c src/pdf/kinsoku.c
RENDER_SRC = $(wildcard src/pdf/*.c) src/render/module.c
# kinsoku.c is in both modules (one rule set for both line breakers).
LIB_SRC    = $(filter-out src/cli/%,$(wildcard src/*/*.c))
CORE_SRC   = $(filter-out $(RENDER_SRC) $(FONT_SRC),$(LIB_SRC))
CLI_SRC    = $(wildcard src/cli/*.c)
CORE_OBJ   = $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/schema.o
RENDER_OBJ = $(RENDER_SRC:%.c=$(BUILD)/pic/%.o)
FONT_OBJ   = $(FONT_SRC:%.c=$(BUILD)/pic/%.o)
LIB_OBJ    = $(CORE_OBJ) $(sort $(FONT_OBJ) $(RENDER_OBJ))
CLI_OBJ    = $(CLI_SRC:%.c=$(BUILD)/%.o)
# Everything, for programs linked statically (fuzzers): they name both tables
# (-Wl,-u,jb_render_module -Wl,-u,jb_font_module) so that the modules are linked in.
LIB        = $(BUILD)/libjianbao.a
MODULE     = $(BUILD)/jianbao-render.so
FONT_MODULE = $(BUILD)/jianbao-fonts.so

# Debian packages: libraries, fonts, and the tools the tests use.
DEB_BUILD = gcc libc6-dev make pkg-config libxml2-dev libicu-dev libglib2.0-dev libzip-dev zlib1g-dev \
	libpango1.0-dev libcairo2-dev libharfbuzz-dev libfontconfig-dev
DEB_FONTS = fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai fonts-arphic-ukai \
	texlive-lang-chinese
DEB_TEST  = python3 libxml2-utils poppler-utils qpdf mupdf-tools epubcheck \
	default-jre-headless unzip zip valgrind clang libclang-rt-14-dev llvm bsdextrautils util-linux strace
TOOLS     = cc pkg-config python3 xmllint pdftotext pdffonts qpdf mutool java unzip valgrind clang script strace llvm-symbolizer
FONTFILES = /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc \
	/usr/share/fonts/opentype/noto/NotoSerifCJK-Black.ttc \
	/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf \
	/usr/share/fonts/truetype/arphic/ukai.ttc /usr/share/java/epubcheck.jar

.PHONY: all deps samples check clean install format
all: jianbao

# Copied beside each other (the program looks for the module in its own directory
# first), each by rename so that a running jianbao never sees a half-copied file.
jianbao: $(BUILD)/jianbao $(MODULE) $(FONT_MODULE)
	cp $(MODULE) jianbao-render.so.tmp && mv -f jianbao-render.so.tmp jianbao-render.so
	cp $(FONT_MODULE) jianbao-fonts.so.tmp && mv -f jianbao-fonts.so.tmp jianbao-fonts.so
	cp $(BUILD)/jianbao jianbao.tmp && mv -f jianbao.tmp $@

# All of the core (the module calls into it), none of the renderer; the core's
# jb_* functions are exported for the module.
$(BUILD)/jianbao: $(CLI_OBJ) $(CORE_OBJ)
	$(CC) $(LDFLAGS) -Wl,--export-dynamic-symbol='jb_*' -o $@ $(CLI_OBJ) $(CORE_OBJ) \
	  $(EARLY_LIBS) $(CORE_LIBS) -lm -lpthread

$(MODULE): $(RENDER_OBJ)
	$(CC) $(LDFLAGS) -shared -o $@ $(RENDER_OBJ) $(MODULE_LIBS) -lm

$(FONT_MODULE): $(FONT_OBJ)
	$(CC) $(LDFLAGS) -shared -o $@ $(FONT_OBJ) $(FONT_MODULE_LIBS) -lm


$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

# The modules' objects: position-independent, only the tables exported.
$(BUILD)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<

# The schema is compiled into the binary so that it is self-contained.
$(BUILD)/gen/schema.c: src/doc/bulletin.rng
	@mkdir -p $(dir $@)
	{ printf 'const char jb_schema_text[] =\n'; \
	  sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $<; printf ';\n'; } > $@

$(BUILD)/gen/schema.o: $(BUILD)/gen/schema.c
	$(CC) $(CFLAGS) -c -o $@ $<

deps:
	@missing=""; \
	pkg-config --exists $(PKGS) 2>/dev/null || missing="libs"; \
	for t in $(TOOLS); do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	for f in $(FONTFILES); do [ -e $$f ] || missing="$$missing $$f"; done; \
	kpsewhich FandolFang-Regular.otf >/dev/null 2>&1 || missing="$$missing FandolFang"; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: missing:$$missing; installing from Debian"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    $(DEB_BUILD) $(DEB_FONTS) $(DEB_TEST) >/dev/null && \
	  fc-cache -f >/dev/null; \
	else echo "make deps: everything is installed"; fi

samples: deps
	$(MAKE) jianbao
	@mkdir -p out
	@set -e; for f in samples/*.txt; do b=$$(basename $$f .txt); \
	  for x in xml epub pdf; do ./jianbao -q $$f -o out/$$b.$$x; done; \
	  echo "out/$$b.{xml,epub,pdf}"; done

CHECK_TARGETS = check-main
check: deps
	$(MAKE) jianbao
	$(MAKE) $(CHECK_TARGETS)

check-main: jianbao
	tests/run

install: jianbao
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LIBDIR) $(DESTDIR)$(DATADIR)/styles $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 jianbao $(DESTDIR)$(PREFIX)/bin/jianbao
	install -m 644 jianbao-render.so $(DESTDIR)$(LIBDIR)/jianbao-render.so
	install -m 644 jianbao-fonts.so $(DESTDIR)$(LIBDIR)/jianbao-fonts.so
	install -m 644 styles/*.ini $(DESTDIR)$(DATADIR)/styles/
	[ ! -f docs/jianbao.1 ] || install -m 644 docs/jianbao.1 $(DESTDIR)$(PREFIX)/share/man/man1/

clean:
	rm -rf build out jianbao jianbao-render.so jianbao-fonts.so

-include mk/*.mk
-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
