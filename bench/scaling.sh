#!/bin/sh
# bench/scaling.sh: is structuring linear in time and memory? Converts inputs of
# 1, 2, 4, 8 and 16 MB (the samples repeated) to XML and prints time, peak memory
# and the ratio to the half-sized input (about 2.0 when linear); then times 1 MB
# of each of several pathological shapes (one line, a million short lines, only
# headings, only list items, only image gaps, ...), each of which should stay
# under a second. A measurement, not a test: it prints, it does not fail.
#   bench/scaling.sh [JIANBAO]   (default ./jianbao; the release build)
cd "$(dirname "$0")/.." || exit 2
J=${1:-./jianbao}
[ -x "$J" ] || { echo "bench/scaling.sh: $J not built (make)"; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "bench/scaling.sh: needs GNU time (/usr/bin/time)"; exit 2; }
W=$(mktemp -d "${TMPDIR:-/tmp}/jbbench.XXXXXX")
trap 'rm -rf "$W"' EXIT

# run FILE: prints "seconds peak-KiB" of the best of three runs (least noise on a
# shared machine); the output goes to a file so that writing is included.
run() {
	best=""
	for i in 1 2 3; do
		# 60 s is far past any linear budget: stop there and say so.
		timeout 60 /usr/bin/time -f '%e %M' -o "$W/time" "$J" -q "$1" -o "$W/out.xml" 2>/dev/null \
		    || { [ $? -eq 124 ] && echo "60 0" || echo "FAIL"; return; }
		t=$(cut -d' ' -f1 "$W/time")
		if [ -z "$best" ] || awk "BEGIN { exit !($t < $(echo "$best" | cut -d' ' -f1)) }"; then best=$(cat "$W/time"); fi
	done
	echo "$best"
}

# make_size MB OUT: the samples, repeated (each copy separated by blank lines) up to MB.
make_size() {
	target=$(($1 * 1024 * 1024))
	: >"$2"
	while [ "$(wc -c <"$2")" -lt "$target" ]; do
		for f in samples/*.txt; do cat "$f"; printf '\n\n'; done >>"$2"
	done
	head -c "$target" "$2" >"$2.cut"
	# do not cut a character in half
	iconv -c -f UTF-8 -t UTF-8 "$2.cut" >"$2" 2>/dev/null
	rm -f "$2.cut"
}

echo "== Scaling (samples repeated), $(basename "$J") -t xml"
printf '%8s %10s %10s %8s %10s %10s\n' size seconds peak-MiB t-ratio MB/s KiB/MB
prev=""
for mb in 1 2 4 8 16; do
	make_size $mb "$W/in$mb.txt"
	r=$(run "$W/in$mb.txt")
	t=$(echo "$r" | cut -d' ' -f1)
	k=$(echo "$r" | cut -d' ' -f2)
	ratio=-
	[ -n "$prev" ] && ratio=$(awk "BEGIN { printf \"%.2f\", ($prev > 0.005 ? $t / $prev : 0) }")
	awk -v mb=$mb -v t="$t" -v k="$k" -v r="$ratio" 'BEGIN {
		printf "%6d MB %10.2f %10.1f %8s %10.1f %10.0f\n", mb, t, k / 1024, r, (t > 0 ? mb / t : 0), k / mb }'
	prev=$t
	rm -f "$W/in$mb.txt"
done

echo
echo "== Pathological shapes, 1 MB each (should each take well under 1 s)"
py() { python3 -c "$1" >"$2"; }
MB=1048576
py "import sys; sys.stdout.write('长' * ($MB // 3))" "$W/oneline.txt"
py "import sys; sys.stdout.write('字。\n' * ($MB // 8))" "$W/shortlines.txt"
py "import sys; sys.stdout.write('短\n\n' * ($MB // 5))" "$W/blanksep.txt"
py "import sys; sys.stdout.write('# 标题\n\n' * ($MB // 10))" "$W/headings.txt"
py "import sys; sys.stdout.write('- 项目一\n' * ($MB // 14))" "$W/listitems.txt"
py "import sys; sys.stdout.write('正文没有句号\n\n\n\n图为说明\n\n\n\n' * ($MB // 40))" "$W/imagegaps.txt"
py "import sys; sys.stdout.write('▲**某地召开会议。**会议指出要做好工作。（供稿）\n\n' * ($MB // 70))" "$W/items.txt"
py "import sys; sys.stdout.write('这是一段没有结束的文字\n\n' * ($MB // 36))" "$W/truncated.txt"
py "import sys; sys.stdout.write('陈 璐 俞 琳\n' * ($MB // 18))" "$W/bylines.txt"
py "import sys; sys.stdout.write('【目录】\n' + '☆ 条目\n' * ($MB // 12))" "$W/contents.txt"
py "import sys; sys.stdout.write('a,b:c;d?e!(f)中文,' * ($MB // 19))" "$W/punct.txt"
py "import sys; sys.stdout.write('**' * ($MB // 2))" "$W/stars.txt"
printf '%-16s %10s %10s\n' shape seconds peak-MiB
for f in oneline shortlines blanksep headings listitems imagegaps items truncated bylines contents punct stars; do
	r=$(run "$W/$f.txt")
	awk -v n=$f -v r="$r" 'BEGIN { split(r, a, " "); printf "%-16s %10.2f %10.1f%s\n", n, a[1], a[2] / 1024, (a[1] >= 1 ? "   <-- over 1 s" : "") }'
done
