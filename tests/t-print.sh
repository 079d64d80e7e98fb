# Print edition (issue 5): document parts, styles and navigation, read back from
# the PDFs: masthead, colophon, contents with page numbers and links, outline,
# folios and running heads, ▲ item titles, GB/T 9704 geometry, metadata, style
# and paper options, figures, asides and lists, odd trees.
. tests/lib.sh
LAY="python3 tests/pdf-layout.py"
PR="python3 tests/pdf-print.py"
G4=tests/gold/004_09128d5d29eb14ea.xml
G0=tests/gold/000_343203a64b406474.xml
mm() { awk "BEGIN { printf \"%.2f\", $1 }"; }

for st in default gbt9704 a5; do
	"$JIANBAO" -q --style $st "$G4" -o "$T/$st-004.pdf" || fail "$st 004: renders"
	"$JIANBAO" -q --style $st "$G0" -o "$T/$st-000.pdf" || fail "$st 000: renders"
done
# Type areas (mm): left, right, top, bottom = margin + area.
A_DEF="27.4 $(mm '27.4 + 40 * 11 / 72 * 25.4') 24 $(mm '24 + (11 + 37 * 18.5) / 72 * 25.4')"
A_GB="28 184 37 262"
A_A5="23.7 $(mm '23.7 + 30 * 9.5 / 72 * 25.4') 16 $(mm '16 + (9.5 + 31 * 16) / 72 * 25.4')"

# Masthead: title large, red, centred; issuer left and date right above a red rule.
set -- $A_DEF; check "default: masthead (报头) built as a 版头" $PR masthead "$T/default-004.pdf" 浙里共富 $1 $2
set -- $A_GB; check "gbt9704: masthead (报头) built as a 版头" $PR masthead "$T/gbt9704-004.pdf" 浙里共富 $1 $2
set -- $A_A5; check "a5: masthead (报头) built as a 版头" $PR masthead "$T/a5-004.pdf" 浙里共富 $1 $2

# Colophon: at the foot of the last page between rules, the last on the type area's bottom edge.
set -- $A_DEF; check "default: colophon (版记) at the foot of the last page" $PR colophon "$T/default-004.pdf" $4
set -- $A_GB; check "gbt9704: colophon, last rule on the type area's bottom edge (262 mm)" $PR colophon "$T/gbt9704-004.pdf" $4
set -- $A_A5; check "a5: colophon at the foot of the last page" $PR colophon "$T/a5-004.pdf" $4

# Contents: the printed 【目录】 (004) and a generated one (000), numbers right, links.
check "default 004: printed contents with the right page numbers and links" $PR contents "$T/default-004.pdf"
check "gbt9704 004: printed contents with the right page numbers and links" $PR contents "$T/gbt9704-004.pdf"
check "default 000: generated contents page with page numbers and links" $PR contents "$T/default-000.pdf"
{
	echo '<?xml version="1.0" encoding="UTF-8"?><bulletin version="1">'
	a=1; while [ $a -le 40 ]; do
		echo "<article><title>第${a}篇文章的标题</title><p>第${a}篇的正文，一段足够说明问题的文字，包含数字 2023 年。</p></article>"
		a=$((a + 1))
	done
	echo '</bulletin>'
} >"$T/many.xml"
"$JIANBAO" -q "$T/many.xml" -o "$T/many.pdf"
check "a contents page running over two pages: numbers and links right" $PR contents "$T/many.pdf"
pdftotext -f 2 -l 2 "$T/many.pdf" - | grep -q '第1篇文章的标题' \
    && fail "no running head on a contents page" || ok "no running head on a contents page"
n=$(pdftotext "$T/default-004.pdf" - | grep -c '教育部和省政府联合印发')
[ "$n" -eq 2 ] && ok "printed contents used as the contents, not printed twice" \
    || fail "printed contents used once" "title found $n times (want: contents + article)"

# Outline: one entry per section and article, with the titles of the XML.
for x in tests/gold/*.xml; do
	b=$(basename "$x" .xml)
	"$JIANBAO" -q "$x" -o "$T/o.pdf"
	check "outline of ${b%%_*}: sections and articles with their titles" $PR outline "$T/o.pdf" "$x"
done

# Folios on every page but the first, as the style says.
set -- $A_GB; check "gbt9704: \"— N —\" 7 mm below the type area, outer side" $PR folios "$T/gbt9704-004.pdf" outer 7 $4
pdftotext -f 2 -l 2 "$T/gbt9704-004.pdf" - | grep -q '^— *2 *—$' && ok "gbt9704: folio reads — 2 —" || fail "gbt9704: folio format"
set -- $A_DEF; check "default: centred folio 10 mm below the type area" $PR folios "$T/default-004.pdf" center 10 $4
set -- $A_A5; check "a5: centred folio 8 mm below the type area" $PR folios "$T/a5-004.pdf" center 8 $4

# Running heads: the publication on a periodical, the article on a newspaper page.
pdftotext -f 2 -l 2 -layout "$T/default-004.pdf" - | head -3 | grep -q 浙里共富 \
    && ok "default 004: running head names the publication" || fail "running head (publication)"
pdftotext -f 1 -l 1 "$T/default-004.pdf" - | grep -c 浙里共富 | grep -qx 1 \
    && ok "default 004: no running head on page 1" || fail "no running head on page 1"
pdftotext -f 3 -l 3 -layout "$T/default-000.pdf" - | head -3 | grep -q '钱塘区：奔向全域共富' \
    && ok "default 000: running head names the article" || fail "running head (article)"

# ▲ item titles: run in (gbt9704) or set as heads (default), as the style says.
check "gbt9704: ▲ item titles run in" $PR itemtitle "$T/gbt9704-004.pdf" run-in
check "default: ▲ item titles set as heads" $PR itemtitle "$T/default-004.pdf" head

# GB/T 9704: 22 lines of 28 characters filling a 156 x 225 mm type area at 28/37 mm.
"$JIANBAO" -q --style gbt9704 samples/003_33a2f9b1c36362f6.txt -o "$T/gb3.pdf"
check "gbt9704: full page of 22 lines x 28 characters, type area where GB/T 9704 puts it" \
    $LAY area "$T/gb3.pdf" 28 184 37 262 28 22
pdffonts "$T/gb3.pdf" | grep -q FandolFang && ok "gbt9704: body in FangSong (FandolFang)" \
    || fail "gbt9704: FangSong body" "$(pdffonts "$T/gb3.pdf")"

# Document information.
info=$(pdfinfo "$T/default-004.pdf")
echo "$info" | grep -q '^Title: *浙里共富 2023 年第 33 期' && echo "$info" | grep -q '^Author: *高质量发展建设共同富裕示范区领导小组办公室' \
    && echo "$info" | grep -q '^Subject: *工作动态' && echo "$info" | grep -q '^Creator: *jianbao' \
    && ok "document information: title, author, subject, creator" || fail "document information" "$info"
pdfinfo "$T/default-000.pdf" | grep -q '^Author: *糜利萍' && ok "newspaper page: bylines as authors" \
    || fail "newspaper page: author" "$(pdfinfo "$T/default-000.pdf" | grep Author)"

# Styles and options: A5 page, --paper, --body-size/--leading, bad style values.
pdfinfo "$T/a5-004.pdf" | grep -q 'Page size: *419\.5[0-9]* x 595\.2[0-9]*' && ok "a5: A5 pages" \
    || fail "a5: A5 pages" "$(pdfinfo "$T/a5-004.pdf" | grep 'Page size')"
"$JIANBAO" -q --paper B5 "$G0" -o "$T/b5.pdf" && pdfinfo "$T/b5.pdf" | grep -q 'Page size: *498\.8[0-9]* x 708\.6[0-9]*' \
    && $LAY grid "$T/b5.pdf" >/dev/null && ok "--paper B5: B5 pages, still on the grid" || fail "--paper B5"
"$JIANBAO" -q --body-size 12 --leading 21 "$G0" -o "$T/bs.pdf" && $LAY grid "$T/bs.pdf" >"$T/g" \
    && grep -q 'pitch 21.000' "$T/g" \
    && [ "$(mutool draw -F stext -o - "$T/bs.pdf" 3 2>/dev/null | grep -o 'size="[0-9.]*"' | sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')" = 'size="12"' ] \
    && ok "--body-size 12 --leading 21: 12 pt body on a 21 pt grid" || fail "--body-size/--leading" "$(cat "$T/g")"
sed 's/^line-pitch = .*/line-pitch = wide/' styles/default.ini >"$T/bad.ini"
"$JIANBAO" -q --style "$T/bad.ini" "$G0" -o "$T/bad.pdf" 2>"$T/err"
[ $? -ne 0 ] && grep -q 'bad.ini:[0-9][0-9]*:.*line-pitch' "$T/err" && [ ! -e "$T/bad.pdf" ] \
    && ok "bad style value: error names file, line and key" || fail "bad style value" "$(cat "$T/err")"

# Figures: the caption stands where the image was, in the caption face, centred.
pdftotext -f 1 -l 9 -layout "$T/default-000.pdf" - | grep -q '^ \{10,\}钱塘区产业工人群体庞大 *$' \
    && ok "figure: caption centred on a line of its own" || fail "figure caption"
mutool draw -F stext -o - "$T/default-000.pdf" 2>/dev/null | grep -B1 -A0 'c="&#x94b1;"' | grep -q . \
    && pdffonts "$T/default-000.pdf" | grep -q WenKai && ok "figure: caption in the Kai face" || fail "caption face"

# Credits are flush right with the measure.
python3 - "$T/default-004.pdf" <<'PY' && ok "credits flush right" || fail "credits flush right"
import sys
from importlib.machinery import SourceFileLoader
L = SourceFileLoader('pl', 'tests/pdf-layout.py').load_module()
lines = [l for p in L.pages_of(sys.argv[1]) for l in p['lines']]
right = max(l['x1'] for l in lines if l['t'].startswith('近日'))
cr = [l for l in lines if l['t'].startswith('（') and l['t'].endswith('供稿）')]
# a closing bracket at the line end is set half width: its ink ends mid-box
end = lambda l: l['chars'][-1]['x'] + l['chars'][-1]['size'] / 2
assert len(cr) >= 8 and all(abs(end(l) - right) < 1.0 for l in cr), [(l['t'], end(l), right) for l in cr]
PY

# Asides sit in a tinted panel.
pg=$(python3 -c "
import subprocess,sys
for i in range(1, 20):
    t = subprocess.run(['pdftotext', '-f', str(i), '-l', str(i), sys.argv[1], '-'], capture_output=True, text=True).stdout
    if '遗失声明' in t: print(i); break" "$T/default-000.pdf")
mutool draw -F trace -o - "$T/default-000.pdf" "$pg" 2>/dev/null | grep -q 'fill_path[^>]*color="0*\.952941 0*\.937255 0*\.901961"' \
    && ok "aside: notice in a tinted panel" || fail "aside panel" "page $pg"

# Any schema-valid tree: lists with hanging markers, asides, figures without
# captions, all heading levels, untitled articles, an empty bulletin.
cat >"$T/odd.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<bulletin version="1">
  <article><kicker>引题</kicker><title>主题<b>加粗</b></title><subtitle>副题</subtitle>
    <byline><author>甲</author><author>乙</author></byline>
    <heading level="1">一级标题</heading><p>正文一段。</p>
    <heading level="2">二级标题</heading>
    <list kind="ordered"><li>第一项内容比较长，长到需要折行才能看出悬挂缩进是否正确，所以这里再多写一些文字，继续写，一直写到折行为止，再多写一些。</li><li>第二项</li></list>
    <heading level="3">三级标题</heading>
    <list><li>项目甲</li><li>项目乙</li></list>
    <figure/>
    <aside kind="box"><title>框内标题</title><p>框内正文。</p><list><li>框内列表</li></list><figure><caption>框内图注</caption></figure></aside>
    <credit>（本报供稿）</credit>
  </article>
  <article><p>没有标题的文章，只有一段正文。</p><p/></article>
  <aside kind="slogan"><p>标语<br/>第二行</p></aside>
</bulletin>
EOF
for st in default gbt9704 a5; do
	if "$JIANBAO" -q --style $st "$T/odd.xml" -o "$T/odd.pdf" 2>"$T/err" && qpdf --check "$T/odd.pdf" >/dev/null 2>&1 \
	    && $LAY grid "$T/odd.pdf" >/dev/null && $LAY kinsoku "$T/odd.pdf" >/dev/null; then
		ok "$st: odd tree renders on the grid"
	else
		fail "$st: odd tree renders" "$(cat "$T/err")"
	fi
done
python3 - "$T/odd.pdf" <<'EOF' && ok "lists: hanging markers, wrapped lines under the text" || fail "lists: hanging markers"
import sys
from importlib.machinery import SourceFileLoader
L = SourceFileLoader('pl', 'tests/pdf-layout.py').load_module()
lines = [l for p in L.pages_of(sys.argv[1]) for l in p['lines']]
one = next(l for l in lines if l['t'].startswith('1.第一项'))
nxt = lines[lines.index(one) + 1]
mark = one['chars'][0]['x']; text = one['chars'][2]['x']
assert mark < text - 5, (mark, text)
assert abs(nxt['x0'] - text) < 0.5, (nxt['x0'], text)
assert any(l['t'].startswith('•项目甲') for l in lines)
EOF
pdftotext "$T/odd.pdf" - | grep -q '（图）' && ok "figure without caption: a caption block, not a blank box" || fail "empty figure"
echo '<bulletin version="1"/>' >"$T/empty.xml"
"$JIANBAO" -q "$T/empty.xml" -o "$T/empty.pdf" && qpdf --check "$T/empty.pdf" >/dev/null 2>&1 \
    && ok "empty bulletin: a valid PDF" || fail "empty bulletin"
done_testing
