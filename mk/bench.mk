# mk/bench.mk: the benchmark (issue 6). `make bench` builds jianbao and runs
# bench/run (jianbao against pandoc and calibre on the samples and a generated
# 1,000-input archive); `make bench-deps` installs the comparison tools from Debian.
# BENCH_RUNS (default 3) and BENCH_SUBSET (default 5) are passed through.

# pandoc's LaTeX template needs lmodern and hyperref's fonts (texlive-fonts-recommended)
# besides XeLaTeX; xeCJK comes with texlive-lang-chinese.
DEB_BENCH = pandoc texlive-xetex texlive-fonts-recommended texlive-lang-chinese lmodern \
	calibre fonts-noto-cjk time

.PHONY: bench bench-deps
bench: jianbao
	bench/run

bench-deps:
	@missing=""; \
	for t in pandoc xelatex ebook-convert /usr/bin/time; do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	for s in lmodern.sty xeCJK.sty pzdr.tfm; do kpsewhich $$s >/dev/null 2>&1 || missing="$$missing $$s"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make bench-deps: missing:$$missing; installing from Debian"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    $(DEB_BENCH) >/dev/null; \
	else echo "make bench-deps: everything is installed"; fi
