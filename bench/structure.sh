#!/bin/sh
# bench/structure.sh: structuring speed of jianbao, whole process (read, structure,
# serialise, write), on one core: a ~20 MB input made by repeating the samples,
# median of RUNS runs (default 5); also a 50 MB single line and 1,000,000 short
# lines to show time and memory stay linear.
#   bench/structure.sh [RUNS]        (JIANBAO=path selects the binary)
cd "$(dirname "$0")/.." || exit 2
JIANBAO="${JIANBAO:-$PWD/jianbao}"
RUNS="${1:-5}"
[ -x "$JIANBAO" ] || { echo "bench/structure.sh: build ./jianbao first"; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/jbbench.XXXXXX")
trap 'rm -rf "$T"' EXIT

i=0
while [ "$i" -lt 280 ]; do cat samples/*.txt; printf '\n\n'; i=$((i + 1)); done >"$T/rep.txt"
python3 -c "
import sys
open(sys.argv[1], 'w').write('共同富裕示范区建设，' * 1747626 + '\n')
open(sys.argv[2], 'w').write(''.join('第%d行内容。\n' % i for i in range(1000000)))
" "$T/line.txt" "$T/lines.txt"

# run NAME FILE: median wall time of RUNS runs, peak RSS of the last, MB/s.
run() {
	size=$(stat -c %s "$2")
	: >"$T/times"
	k=0
	while [ "$k" -lt "$RUNS" ]; do
		taskset -c 0 /usr/bin/time -f '%e %M %U %S' -o "$T/t" "$JIANBAO" -q "$2" -o "$T/out.xml" || exit 1
		cat "$T/t" >>"$T/times"
		k=$((k + 1))
	done
	# Median by wall time; CPU time (user + system) too, as the machine may be shared.
	sort -n "$T/times" | awk -v n="$RUNS" -v size="$size" -v name="$1" '
		NR == int((n + 1) / 2) { t = $1; m = $2; c = $3 + $4 }
		END { if (t == 0) t = 0.01; if (c == 0) c = 0.01
		      printf "%-24s %6.1f MB  wall %5.2f s %6.1f MB/s  cpu %5.2f s %6.1f MB/s  peak RSS %4.0f MB\n",
		          name, size / 1048576, t, size / 1048576 / t, c, size / 1048576 / c, m / 1024 }'
}
echo "jianbao structuring benchmark ($RUNS runs each, one core, whole process)"
run "samples repeated x280" "$T/rep.txt"
run "50 MB single line" "$T/line.txt"
run "1,000,000 short lines" "$T/lines.txt"
