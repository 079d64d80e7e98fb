#!/bin/sh
# bench/pdf.sh: each sample to PDF, whole process (start, read, structure, typeset,
# paginate, paint, write), median wall time of RUNS runs and peak resident memory,
# alternated with pandoc + xelatex on the same sample (PANDOC_RUNS runs; 0 = skip).
# usage: bench/pdf.sh [SAMPLE.txt...]   env: RUNS=7 PANDOC_RUNS=3 STYLE=default
# JIANBAO=path. Prints one line per sample and the overall medians. Wall time
# depends on the machine's load; the CPU time (user + system) of the process less so.
cd "$(dirname "$0")/.." || exit 2
JIANBAO="${JIANBAO:-./jianbao}"
RUNS="${RUNS:-7}"
PANDOC_RUNS="${PANDOC_RUNS:-3}"
STYLE="${STYLE:-default}"
W=$(mktemp -d "${TMPDIR:-/tmp}/jbbench.XXXXXX")
trap 'rm -rf "$W"' EXIT
[ -x "$JIANBAO" ] || { echo "bench/pdf.sh: $JIANBAO not built (make)"; exit 2; }
command -v pandoc >/dev/null && command -v xelatex >/dev/null || PANDOC_RUNS=0

now_ms() { date +%s%N | cut -c1-13; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# one timed run: prints "WALL_MS PEAK_KB CPU_MS"
run() {
	t0=$(now_ms)
	/usr/bin/time -f '%M %U %S' -o "$W/mem" "$@" >/dev/null 2>&1 || { echo "FAILED: $*" >&2; }
	t1=$(now_ms)
	echo "$((t1 - t0)) $(tail -1 "$W/mem" | awk '{ printf "%d %d", $1, ($2 + $3) * 1000 }')"
}

[ $# -gt 0 ] || set -- samples/*.txt
printf '%-24s %10s %8s %8s %11s %8s %8s %8s\n' sample "jianbao ms" "cpu ms" "peak MB" "pandoc ms" "cpu ms" "peak MB" speedup
for f in "$@"; do
	b=$(basename "$f" .txt)
	: >"$W/j"; : >"$W/p"
	# warm the page cache and fontconfig's caches once, as a user's second run would
	"$JIANBAO" -q --style "$STYLE" "$f" -o "$W/out.pdf"
	i=0
	while [ $i -lt "$RUNS" ]; do
		run "$JIANBAO" -q --style "$STYLE" "$f" -o "$W/out.pdf" >>"$W/j"
		if [ $i -lt "$PANDOC_RUNS" ]; then
			run pandoc -f markdown --pdf-engine=xelatex -V CJKmainfont="Noto Serif CJK SC" \
			    "$f" -o "$W/pandoc.pdf" >>"$W/p"
		fi
		i=$((i + 1))
	done
	jm=$(cut -d' ' -f1 "$W/j" | median); jk=$(cut -d' ' -f2 "$W/j" | sort -n | tail -1)
	jc=$(cut -d' ' -f3 "$W/j" | median)
	if [ "$PANDOC_RUNS" -gt 0 ]; then
		pm=$(cut -d' ' -f1 "$W/p" | median); pk=$(cut -d' ' -f2 "$W/p" | sort -n | tail -1)
		pc=$(cut -d' ' -f3 "$W/p" | median)
		sp=$(awk "BEGIN { printf \"%.1fx\", $pm / $jm }")
		pmb=$(awk "BEGIN { printf \"%.0f\", $pk / 1024 }")
	else
		pm=-; pmb=-; sp=-; pc=-
	fi
	printf '%-24s %10s %8s %8s %11s %8s %8s %8s\n' "$b" "$jm" "$jc" "$(awk "BEGIN { printf \"%.0f\", $jk / 1024 }")" \
	    "$pm" "$pc" "$pmb" "$sp"
	echo "$jm" >>"$W/all-j"; [ "$pm" = - ] || echo "$pm" >>"$W/all-p"
done
printf 'median over samples: jianbao %s ms' "$(median <"$W/all-j")"
[ -s "$W/all-p" ] && printf ', pandoc + xelatex %s ms' "$(median <"$W/all-p")"
printf ' (load average %s)\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
