# PDF engine (issue 4): every sample in every style, read back from the PDF:
# text fidelity in reading order, every body line on one baseline grid with full
# pages holding the same number of lines, no prohibited marks at line edges,
# justified lines flush with the measure, keep-with-next and no widows/orphans,
# fonts embedded, a structurally valid PDF, reproducible bytes.
. tests/lib.sh
LAY="python3 tests/pdf-layout.py"

lines_of_style() { sed -n 's/^lines-per-page *= *//p' "styles/$1.ini"; }

warned=""
for st in default gbt9704 a5; do
	want=$(lines_of_style $st)
	for f in samples/*.txt; do
		b=$(basename "$f" .txt)
		pdf="$T/$st-$b.pdf"
		if ! "$JIANBAO" --style "$st" "$f" -o "$pdf" 2>"$T/err"; then
			fail "$st $b: renders" "$(head -c 300 "$T/err")"
			continue
		fi
		grep -q 'no installed font has' "$T/err" && warned="$warned $st/$b"
		[ -s "$T/$b.xml" ] || "$JIANBAO" -q "$f" -o "$T/$b.xml"
		check "$st ${b%%_*}: letters and digits all there, in reading order" $LAY fidelity "$pdf" "$f" "$T/$b.xml"
		check "$st ${b%%_*}: body lines on the grid, $want lines per full page" $LAY grid "$pdf" "$want"
		check "$st ${b%%_*}: no prohibited mark at a line start or end" $LAY kinsoku "$pdf"
		check "$st ${b%%_*}: justified lines end at the measure" $LAY justify "$pdf"
		check "$st ${b%%_*}: keep with next, no widow or orphan" $LAY keeps "$pdf"
		if pdffonts "$pdf" | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' \
		    && [ "$(pdffonts "$pdf" | awk 'NR > 2' | wc -l)" -gt 0 ]; then
			ok "$st ${b%%_*}: every font embedded"
		else
			fail "$st ${b%%_*}: every font embedded" "$(pdffonts "$pdf")"
		fi
		if qpdf --check "$pdf" >"$T/q" 2>&1 && ! grep -q WARNING "$T/q"; then
			ok "$st ${b%%_*}: qpdf --check"
		else
			fail "$st ${b%%_*}: qpdf --check" "$(head -5 "$T/q")"
		fi
	done
done

# The hand-corrected XML renders as well as the text (the page builder must
# take any schema-valid tree).
for x in tests/gold/*.xml; do
	b=$(basename "$x" .xml)
	if "$JIANBAO" -q "$x" -o "$T/gold.pdf" && $LAY grid "$T/gold.pdf" >/dev/null \
	    && $LAY fidelity "$T/gold.pdf" "samples/$b.txt" "$x" >/dev/null; then
		ok "gold ${b%%_*}.xml: grid and fidelity"
	else
		fail "gold ${b%%_*}.xml: grid and fidelity"
	fi
done

# An independent reader (poppler, the shared checker) agrees on grid and breaks.
f=samples/004_09128d5d29eb14ea.txt
"$JIANBAO" -q "$f" -o "$T/p.pdf"
r=$(python3 tests/tools/pdf-typography "$T/p.pdf" "$f")
case "$r" in
*"lost 0 "*"kinsoku 0 grid 1.000"*) ok "pdf-typography: $(echo "$r" | cut -c1-90)" ;;
*) fail "pdf-typography agrees" "$r" ;;
esac

# Same input, same SOURCE_DATE_EPOCH: the same bytes, and the date is the one given.
SOURCE_DATE_EPOCH=1703808000 "$JIANBAO" -q "$f" -o "$T/r1.pdf"
SOURCE_DATE_EPOCH=1703808000 "$JIANBAO" -q "$f" -o "$T/r2.pdf"
cmp -s "$T/r1.pdf" "$T/r2.pdf" && ok "byte-identical PDFs for the same input" || fail "byte-identical PDFs"
pdfinfo "$T/r1.pdf" | grep -q 'CreationDate: *Fri Dec 29 00:00:00 2023' \
    && ok "creation date from SOURCE_DATE_EPOCH" || fail "creation date from SOURCE_DATE_EPOCH" "$(pdfinfo "$T/r1.pdf" | grep Date)"

# A grid that is not whole breaks the test: a tree whose paragraphs are long
# enough to fill pages keeps every full page at the style's line count.
{
	echo '<?xml version="1.0" encoding="UTF-8"?><bulletin version="1"><article><title>测试标题</title>'
	i=0; while [ $i -lt 40 ]; do
		printf '<p>第%d段，' $i
		k=0; while [ $k -le $((i % 4)) ]; do
			printf '这是一段用来检验基线网格的正文，包含数字 2023 年与英文 PDF 混排，还有“引号”和（括号）。它要足够长，才能在页面之间断开。'
			k=$((k + 1))
		done
		echo '</p>'
		i=$((i + 1))
	done
	echo '<heading level="1">小标题紧跟正文</heading><p>最后一段。</p></article></bulletin>'
} >"$T/long.xml"
for st in default gbt9704 a5; do
	want=$(lines_of_style $st)
	if "$JIANBAO" -q --style $st "$T/long.xml" -o "$T/long.pdf" && $LAY grid "$T/long.pdf" "$want" >"$T/g" \
	    && grep -q "lines per full page \[$want\]" "$T/g"; then
		ok "$st: full pages of a long text hold $want body lines"
	else
		fail "$st: full pages of a long text hold $want body lines" "$(cat "$T/g")"
	fi
done

# A character no installed font has (Plane 15 private use) cannot be drawn: the
# PDF shows a box with its code, and the run says so with the line, exit 0.
printf '标题\n\n正文有一个\363\260\200\200字，其余照常。\n' >"$T/tofu.txt"
"$JIANBAO" "$T/tofu.txt" -o "$T/tofu.pdf" 2>"$T/tofu.err"; rc=$?
[ $rc -eq 0 ] && [ -s "$T/tofu.pdf" ] && grep -q 'tofu.txt:3: warning: no installed font has U+F0000' "$T/tofu.err" \
	&& ok "a character no font has: warned with its line, PDF written" \
	|| fail "a character no font has: warned with its line, PDF written" "rc=$rc $(cat "$T/tofu.err")"
pdftotext "$T/tofu.pdf" - | grep -q '其余照常' && ok "a character no font has: the rest of the text is there" \
	|| fail "a character no font has: the rest of the text is there"
[ -z "$warned" ] && ok "no missing-glyph warning on the samples" || fail "missing-glyph warning on:$warned"
done_testing
