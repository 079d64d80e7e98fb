# The text structurer (issue 2): scores against the gold files, fidelity with
# punctuation normalisation on and off, schema validity, round trip, and small
# crafted pages for the general rules (rejoin, captions, bylines, masthead,
# punctuation, warnings, lists) and for linear time on pathological inputs.
. tests/lib.sh

SCORE=tests/tools/score-structure
RNG=src/doc/bulletin.rng
mkdir -p "$T/on" "$T/off" "$T/rt"

# Every sample, with normalisation on (default) and off.
for f in samples/*.txt; do
	b=$(basename "$f" .txt)
	"$JIANBAO" -q "$f" -o "$T/on/$b.xml" || fail "$b: convert"
	"$JIANBAO" -q --no-normalize-punctuation "$f" -o "$T/off/$b.xml" || fail "$b: convert (no normalisation)"
done

# Thresholds per sample: blocks F1 = 1.000 (the seeds are the real pages we have:
# any rule that costs one of their blocks is wrong), articles F1 = 1.000, fidelity 0/0.
for mode in on off; do
	python3 "$SCORE" --dir tests/gold "$T/$mode" samples >"$T/score-$mode" 2>&1
	n=$(grep -c 'blocks' "$T/score-$mode")
	[ "$n" -ge 6 ] || fail "scorer ran over every sample ($mode)" "$(cat "$T/score-$mode")"
	bad=$(awk '/^[0-9]/ {
		b = $3 + 0; a = 0; miss = -1; add = -1
		for (i = 1; i <= NF; i++) {
			if ($i == "articles") a = $(i + 1) + 0
			if ($i == "missing") miss = $(i + 1) + 0
			if ($i == "added") add = $(i + 1) + 0
		}
		if (b < 1.0 || a < 1.0 || miss != 0 || add != 0) print $1
	}' "$T/score-$mode")
	[ -z "$bad" ] && ok "every sample: blocks 1.000, articles 1.000, fidelity 0/0 (normalisation $mode)" \
	    || fail "thresholds (normalisation $mode): $bad" "$(cat "$T/score-$mode")"
done
grep '^TOTAL' "$T/score-on"

# The same pages set solid (no blank line between paragraphs, one blank line for
# an image gap), as many text exports are: the structure must not change.
mkdir -p "$T/solid" "$T/solid-src"
for f in samples/*.txt; do
	b=$(basename "$f" .txt)
	python3 -c "
import re, sys
t = open(sys.argv[1], encoding='utf-8').read()
t = re.sub(r'\n\n\n\n+', '\0', t).replace('\n\n', '\n').replace('\0', '\n\n')
open(sys.argv[2], 'w', encoding='utf-8').write(t)" "$f" "$T/solid-src/$b.txt"
	"$JIANBAO" -q "$T/solid-src/$b.txt" -o "$T/solid/$b.xml" || fail "$b: convert (solid)"
done
python3 "$SCORE" --dir tests/gold "$T/solid" "$T/solid-src" >"$T/score-solid" 2>&1
bad=$(awk '/^[0-9]/ { a = 0; for (i = 1; i <= NF; i++) if ($i == "articles") a = $(i + 1) + 0
	if ($3 + 0 < 0.95 || a < 1.0 || !/missing 0 added 0/) print $1 }' "$T/score-solid")
[ -z "$bad" ] && [ "$(grep -c '^[0-9]' "$T/score-solid")" -eq 5 ] \
    && ok "samples set solid: blocks >= 0.95, articles 1.000, fidelity 0/0" || fail "solid: $bad" "$(cat "$T/score-solid")"

# The marked seeds with their marks taken off (# and **): unmarked input must
# come out the same from the shape of the text alone.
mkdir -p "$T/plain" "$T/plain-src"
for f in samples/000_*.txt samples/001_*.txt; do
	b=$(basename "$f" .txt)
	sed -E 's/^#+ //; s/\*\*//g' "$f" >"$T/plain-src/$b.txt"
	"$JIANBAO" -q "$T/plain-src/$b.txt" -o "$T/plain/$b.xml" || fail "$b: convert (plain)"
done
python3 "$SCORE" --dir tests/gold "$T/plain" "$T/plain-src" >"$T/score-plain" 2>&1
bad=$(awk '/^[0-9]/ && !/no output/ { a = 0; for (i = 1; i <= NF; i++) if ($i == "articles") a = $(i + 1) + 0
	if ($3 + 0 < 0.95 || a < 1.0 || !/missing 0 added 0/) print $1 }' "$T/score-plain")
[ -z "$bad" ] && [ "$(grep -c ' blocks ' "$T/score-plain")" -ge 2 ] \
    && ok "marked seeds without marks: blocks >= 0.95, articles 1.000" || fail "plain: $bad" "$(cat "$T/score-plain")"

# The periodical with marks put on (# masthead title, ## 【…】 sections).
mkdir -p "$T/mp"
sed -E 's/^(浙里共富)$/# \1/; s/^(【[^】]+】)$/## \1/' samples/004_09128d5d29eb14ea.txt >"$T/mp/004_09128d5d29eb14ea.txt"
"$JIANBAO" -q "$T/mp/004_09128d5d29eb14ea.txt" -o "$T/mp/004_09128d5d29eb14ea.xml"
python3 "$SCORE" tests/gold/004_09128d5d29eb14ea.xml "$T/mp/004_09128d5d29eb14ea.xml" "$T/mp/004_09128d5d29eb14ea.txt" >"$T/score-mp" 2>&1
head -1 "$T/score-mp" | grep -q 'blocks 1.000 .* articles 1.000 .*missing 0 added 0' \
    && ok "periodical with # and ## marks: same structure" || fail "marked periodical" "$(cat "$T/score-mp")"

# Unseen-style pages (news brief, web page with furniture, 简报 with 【】, e-paper
# page with kicker/subtitle/list): their reviewed structure must not regress.
mkdir -p "$T/unseen"
for f in tests/structure/*.txt; do
	b=$(basename "$f" .txt)
	"$JIANBAO" -q "$f" -o "$T/unseen/$b.xml" || fail "$b: convert"
	"$JIANBAO" -q --no-normalize-punctuation "$f" -o "$T/off/u-$b.xml" || fail "$b: convert (off)"
done
# (the reviewed outputs NAME.xml; the hand-written NAME.gold.xml are scored below)
mkdir -p "$T/ur"
for x in tests/structure/*.xml; do
	case "$x" in *.gold.xml) ;; *) cp "$x" "$T/ur/" ;; esac
done
python3 "$SCORE" --dir "$T/ur" "$T/unseen" tests/structure >"$T/score-u" 2>&1
bad=$(awk '/^[a-z]/ && / blocks / { if ($3 + 0 < 1.0 || !/missing 0 added 0/) print $1 }' "$T/score-u")
[ -z "$bad" ] && [ "$(grep -c ' blocks ' "$T/score-u")" -ge 4 ] \
    && ok "unseen-style pages: structure as reviewed, fidelity 0/0" || fail "unseen-style pages: $bad" "$(cat "$T/score-u")"

# Unseen-style pages with gold written by hand before the tool saw them
# (tests/structure/NAME.txt + NAME.gold.xml: city and provincial e-paper pages,
# county 简报, web page, ▲ 工作动态, interview, 相关链接 box, a page set solid; b1-b8
# c1-c8, d1-d8, e1-e6, f1-f6 and g1-g5 written blind by helpers that never read the
# rules, each set scored before the rules were tuned to it):
# each page blocks >= 0.90 (or the floor of a limit its gold states), articles
# 1.000, fidelity 0/0, normalisation on and off.
mkdir -p "$T/ug" "$T/ug-on" "$T/ug-off"
for g in tests/structure/*.gold.xml; do
	b=$(basename "$g" .gold.xml)
	cp "$g" "$T/ug/$b.xml"
	"$JIANBAO" -q "tests/structure/$b.txt" -o "$T/ug-on/$b.xml" || fail "$b: convert"
	"$JIANBAO" -q --no-normalize-punctuation "tests/structure/$b.txt" -o "$T/ug-off/$b.xml" \
	    || fail "$b: convert (off)"
done
for mode in on off; do
	python3 "$SCORE" --dir "$T/ug" "$T/ug-$mode" tests/structure >"$T/score-ug-$mode" 2>&1
	# A page whose gold states a known limit ("Known limit (floor 0.72)") must keep that floor.
	# ("Known limit (floor 0.90, articles 0.93)": an articles floor too.)
	grep -o 'Known limit (floor [0-9.]*\(, articles [0-9.]*\)\?' tests/structure/*.gold.xml \
	    | sed -E 's|.*/([^/]*)\.gold\.xml:.*floor ([0-9.]*)(, articles ([0-9.]*))?|\1 \2 \4|' >"$T/floors"
	bad=$(awk 'FNR == NR { floor[$1 ":"] = $2 + 0; afloor[$1 ":"] = $3 == "" ? 1.0 : $3 + 0; next }
		/ blocks / && !/^TOTAL/ { a = 0; for (i = 1; i <= NF; i++) if ($i == "articles") a = $(i + 1) + 0
		min = ($1 in floor) ? floor[$1] : 0.90; amin = ($1 in afloor) ? afloor[$1] : 1.0
		if ($3 + 0 < min || a < amin || !/missing 0 added 0/) print $1 }' "$T/floors" "$T/score-ug-$mode")
	[ -z "$bad" ] && [ "$(grep -c ' blocks ' "$T/score-ug-$mode")" -ge 7 ] \
	    && ok "hand-gold unseen pages: blocks >= 0.90, articles 1.000, fidelity 0/0 (normalisation $mode)" \
	    || fail "hand-gold unseen pages ($mode): $bad" "$(cat "$T/score-ug-$mode")"
done
grep '^TOTAL' "$T/score-ug-on"
# The same pages set solid (image gaps one blank line): the structure must hold.
mkdir -p "$T/ugs-src" "$T/ugs"
for g in tests/structure/*.gold.xml; do
	b=$(basename "$g" .gold.xml)
	python3 -c "
import re, sys
t = open(sys.argv[1], encoding='utf-8').read()
t = re.sub(r'\n\n\n\n+', '\0', t).replace('\n\n', '\n').replace('\0', '\n\n')
open(sys.argv[2], 'w', encoding='utf-8').write(t)" "tests/structure/$b.txt" "$T/ugs-src/$b.txt"
	"$JIANBAO" -q "$T/ugs-src/$b.txt" -o "$T/ugs/$b.xml" || fail "$b: convert (solid)"
done
python3 "$SCORE" --dir "$T/ug" "$T/ugs" "$T/ugs-src" >"$T/score-ugs" 2>&1
bad=$(awk 'FNR == NR { floor[$1 ":"] = $2 + 0; afloor[$1 ":"] = $3 == "" ? 1.0 : $3 + 0; next }
	/ blocks / && !/^TOTAL/ { a = 0; for (i = 1; i <= NF; i++) if ($i == "articles") a = $(i + 1) + 0
	min = ($1 in floor) ? floor[$1] : 0.90; amin = ($1 in afloor) ? afloor[$1] : 1.0
	if ($3 + 0 < min || a < amin || !/missing 0 added 0/) print $1 }' "$T/floors" "$T/score-ugs")
[ -z "$bad" ] && [ "$(grep -c ' blocks ' "$T/score-ugs")" -ge 7 ] \
    && ok "hand-gold unseen pages set solid: blocks >= 0.90, articles 1.000, fidelity 0/0" \
    || fail "hand-gold pages set solid: $bad" "$(cat "$T/score-ugs")"

# Schema: every output validates.
inv=""
for x in "$T"/on/*.xml "$T"/off/*.xml "$T"/unseen/*.xml "$T"/ug-on/*.xml "$T"/ug-off/*.xml tests/structure/*.gold.xml; do
	xmllint --noout --relaxng "$RNG" "$x" >/dev/null 2>&1 || inv="$inv $(basename "$x")"
done
[ -z "$inv" ] && ok "every output validates against bulletin.rng" || fail "schema:$inv"

# Round trip: txt -> xml -> (jianbao xml -> xml) is byte-identical.
rt=""
for x in "$T"/on/*.xml "$T"/unseen/*.xml; do
	"$JIANBAO" -q "$x" -o "$T/rt/$(basename "$x")" && cmp -s "$x" "$T/rt/$(basename "$x")" || rt="$rt $(basename "$x")"
done
[ -z "$rt" ] && ok "round trip xml -> xml is identical" || fail "round trip:$rt"

# Punctuation normalisation: Chinese text gets full width, numbers stay.
printf '时间,因奋斗而有分量:增长11.46亿元,占5.9%%;电话(0571)85310538。(工作动态)在哪里?好!\n' >"$T/punct.txt"
"$JIANBAO" -q "$T/punct.txt" -o "$T/punct.xml"
grep -q '时间，因奋斗而有分量：增长11.46亿元，占5.9%；电话(0571)85310538。（工作动态）在哪里？好！' "$T/punct.xml" \
    && ok "normalisation: ,:;?!() in Chinese text full width; 11.46, 5.9%, (0571)85310538 kept" \
    || fail "normalisation" "$(cat "$T/punct.xml")"
"$JIANBAO" -q --no-normalize-punctuation "$T/punct.txt" -o "$T/punct-off.xml"
grep -q '时间,因奋斗而有分量:增长11.46亿元,占5.9%;电话(0571)85310538。(工作动态)在哪里?好!' "$T/punct-off.xml" \
    && ok "--no-normalize-punctuation keeps the input's punctuation" || fail "no normalisation" "$(cat "$T/punct-off.xml")"

# Byline unpadding and an unmarked kicker + headline above it.
printf '变革机制新打法 锻造干部硬肩膀\n\n以组织工作助推高质量发展\n\n邹佳余 陈 璐 俞 琳\n\n2023年以来，区委组织部聚焦发力，围绕中心抓主业、精准施策求实效。\n\n方案提出了三项举措，取得了明显成效。\n' >"$T/by.txt"
"$JIANBAO" -q "$T/by.txt" -o "$T/by.xml"
a=$(xmllint --xpath 'concat(//author[1],"|",//author[2],"|",//author[3],"|",count(//author))' "$T/by.xml" 2>/dev/null)
[ "$a" = "邹佳余|陈璐|俞琳|3" ] && ok "byline: padded names unpadded (3 authors)" || fail "byline unpadding" "$a"
k=$(xmllint --xpath 'concat(//article/kicker,"|",//article/title)' "$T/by.xml" 2>/dev/null)
[ "$k" = "变革机制新打法 锻造干部硬肩膀|以组织工作助推高质量发展" ] && ok "unmarked kicker and headline above a byline" || fail "kicker/title" "$k"

# A paragraph cut by an image gap whose caption sits in the gap: rejoined, the
# caption moves into a figure after it; a line cut at the end is truncated and warned.
printf '# 标题行在这里\n\n实现共同富裕，乡村振兴是必\n\n\n\n图为村民在田间劳作\n\n经之路。近年来村里发展了特色产业，群众收入稳步提高。\n\n为激发大学生创业就业增长点，上线小程序，构建六大功能模块，囊括大学生从入学到毕业的“全就业周\n\n## 下一个小标题\n\n后面的内容完整。\n' >"$T/rj.txt"
"$JIANBAO" "$T/rj.txt" -o "$T/rj.xml" 2>"$T/rj.err"
j=$(xmllint --xpath 'concat(//p[1]/@joined,"|",name(//p[1]/following-sibling::*[1]),"|",//figure/caption)' "$T/rj.xml" 2>/dev/null)
grep -q '乡村振兴是必经之路。近年来' "$T/rj.xml" && [ "$j" = "2|figure|图为村民在田间劳作" ] \
    && ok "rejoin across an image gap; caption becomes a figure after the paragraph" || fail "rejoin across gap" "$j"
[ "$(xmllint --xpath 'string(//p[@truncated="yes"]/@line)' "$T/rj.xml" 2>/dev/null)" = 11 ] \
    && ok "a paragraph cut mid-sentence is truncated=yes" || fail "truncated attribute" "$(cat "$T/rj.xml")"
grep -q "rj.txt:11: warning: " "$T/rj.err" && ok "truncated paragraph warned as file:line: warning:" || fail "truncation warning" "$(cat "$T/rj.err")"
"$JIANBAO" -q "$T/rj.txt" -o "$T/rj2.xml" 2>"$T/rj2.err"
[ ! -s "$T/rj2.err" ] && ok "-q hides the warnings" || fail "-q" "$(cat "$T/rj2.err")"

# A displaced continuation (starts inside a word) is warned about, not moved.
printf '# 标题\n\n第一段内容完整。\n\n康、协商议事等功能阵地，筑就幸福家园。\n\n第三段内容也完整。\n' >"$T/dp.txt"
"$JIANBAO" "$T/dp.txt" -o "$T/dp.xml" 2>"$T/dp.err"
grep -q 'dp.txt:5: warning: .*displaced' "$T/dp.err" && ok "displaced fragment warned with its line" || fail "displaced warning" "$(cat "$T/dp.err")"

# Periodical masthead, contents (entries that lost "- "), ▲ items, credits, colophon.
printf '浙里共富\n\n(工作动态)\n\n2023 年第 33 期\n\n领导小组办公室\n\n2023 年 12 月 29 日\n\n【目录】\n\n- ☆我省公布首批示范工坊名单\n\n☆临海市打造文化润富小城样板\n\n【部门信息】\n\n▲我省公布首批示范工坊名单。为深化推进建设，公布了第一批名单。\n\n（省委组织部供稿）\n\n▲临海市打造文化润富小城样板。临海市积极探索群众文化。\n\n送：省委办公厅。\n\n领导小组办公室 2023 年 12 月 29 日印发\n' >"$T/mh.txt"
"$JIANBAO" -q "$T/mh.txt" -o "$T/mh.xml"
m=$(xmllint --xpath 'concat(//meta/title,"|",//meta/subtitle,"|",//meta/date/@value,"|",count(//contents/entry),"|",count(//section/article/title),"|",count(//article/credit),"|",count(//colophon/p))' "$T/mh.xml" 2>/dev/null)
[ "$m" = "浙里共富|工作动态|2023-12-29|2|2|1|2" ] && ok "masthead, contents, ▲ titles from contents, credit, colophon" || fail "periodical" "$m"

# Marked input: ** bold, two-space line end -> <br/>, "- " list.
printf '# 标题\n\n**加粗的导语**后面是正文。\n\n第一行  \n第二行\n\n- 甲项内容\n- 乙项内容\n' >"$T/mk.txt"
"$JIANBAO" -q "$T/mk.txt" -o "$T/mk.xml"
grep -q '<p line="3"><b>加粗的导语</b>后面是正文。</p>' "$T/mk.xml" && grep -q '第一行<br/>第二行' "$T/mk.xml" \
    && [ "$(xmllint --xpath 'count(//list[@kind="bullet"]/li)' "$T/mk.xml")" = 2 ] \
    && ok "marked input: ** -> <b>, two-space end -> <br/>, - list" || fail "marks" "$(cat "$T/mk.xml")"

# Bounded memory (linear in the input) on a 20 MB single line and 400,000 short
# lines. Time is measured in bench/ (bench/structure.sh, bench/scaling.sh), not
# asserted here; `timeout` only turns a hang into a failure.
python3 -c "
import sys
open(sys.argv[1],'w').write('共同富裕示范区建设，' * 700000 + '\n')
open(sys.argv[2],'w').write(''.join('第%d行内容。\n\n' % i for i in range(400000)))
" "$T/long.txt" "$T/many.txt"
k=1; [ -n "${JIANBAO_SANITIZED:-}" ] && k=3	# ASan/UBSan (make asan): about 2x memory
# Timed with python3 (resource: peak RSS of the child) so that no other tool is needed.
for f in long many; do
	r=$(python3 -c "
import resource, subprocess, sys, time
t = time.time()
try:
    rc = subprocess.call([sys.argv[1], '-q', sys.argv[2], '-o', sys.argv[3]], timeout=600)
except subprocess.TimeoutExpired:
    rc = 124
print(rc, '%.2f' % (time.time() - t), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
" "$JIANBAO" "$T/$f.txt" "$T/$f.xml")
	set -- $r
	size=$(stat -c %s "$T/$f.txt")
	if [ "$1" -eq 0 ] && [ "$3" -lt $(((size / 1024 * 40 + 50000) * k)) ]; then
		ok "pathological $f ($((size / 1048576)) MB): ${2}s, ${3} KB"
	else
		fail "pathological $f: rc $1, ${2}s, ${3} KB"
	fi
done
done_testing
