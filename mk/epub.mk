# mk/epub.mk: the EPUB suite (tests/t-epub.sh) opens every book in a real reading
# system, calibre's ebook-convert: make deps installs it with the other test tools.
# `make bench-epub` runs bench/epub.sh (against pandoc: `make bench-deps` installs it).
DEB_TEST += calibre
TOOLS    += ebook-convert

.PHONY: bench-epub
bench-epub: jianbao
	bench/epub.sh
