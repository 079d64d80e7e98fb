# mk/epub.mk: the EPUB suite (tests/t-epub.sh) opens every book in a real reading
# system, calibre's ebook-convert: make deps installs it with the other test tools.
# `make bench-epub` runs bench/epub.sh (speed against pandoc; pandoc is installed
# on demand as well).
DEB_TEST += calibre pandoc
TOOLS    += ebook-convert pandoc

.PHONY: bench-epub
bench-epub: jianbao
	bench/epub.sh
