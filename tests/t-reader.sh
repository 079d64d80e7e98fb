# The reader (issue 2, "Reading"): encodings, BOM, line ends, empty and damaged
# input, NUL bytes, huge lines and many lines. Each check looks at the exit status,
# the message (FILE:LINE:COL: error: where a position applies) and that a failed
# conversion leaves no output file behind. Big inputs are generated here, in $T.
. tests/lib.sh

S=samples/004_09128d5d29eb14ea.txt
B=$(basename $S .txt)
mkdir -p "$T/ref" "$T/in"
"$JIANBAO" -q "$S" -o "$T/ref/$B.xml" || fail "reference conversion of $S"

# fails_with NAME FILE PATTERN [OPTIONS...]: exit 1, PATTERN on stderr, no output.
fails_with() {
	name=$1 in=$2 pat=$3
	shift 3
	rm -f "$T/o.xml"
	"$JIANBAO" "$@" "$in" -o "$T/o.xml" 2>"$T/err" >/dev/null
	rc=$?
	if [ $rc -ne 1 ]; then fail "$name" "exit $rc, want 1: $(head -c 300 "$T/err")"
	elif ! grep -Eq -- "$pat" "$T/err"; then fail "$name" "message: $(head -c 300 "$T/err")"
	elif [ -e "$T/o.xml" ] || ls "$T"/o.xml.* >/dev/null 2>&1; then fail "$name" "output left behind"
	else ok "$name"; fi
}

# same_xml NAME FILE [NOTE-PATTERN]: converts FILE (named like the sample, so that
# @source agrees) and compares with the reference XML; NOTE-PATTERN must be on stderr.
same_xml() {
	name=$1 in=$2 note=${3:-}
	"$JIANBAO" "$in" -o "$T/same.xml" 2>"$T/err"
	rc=$?
	if [ $rc -ne 0 ]; then fail "$name" "exit $rc: $(head -c 300 "$T/err")"
	elif ! cmp -s "$T/same.xml" "$T/ref/$B.xml"; then fail "$name" "XML differs: $(diff "$T/ref/$B.xml" "$T/same.xml" | head -5)"
	elif [ -n "$note" ] && ! grep -Eq -- "$note" "$T/err"; then fail "$name" "no note on stderr: $(head -c 300 "$T/err")"
	else ok "$name"; fi
}

# Empty and blank input.
: >"$T/in/empty.txt"
fails_with "empty file: error" "$T/in/empty.txt" 'empty\.txt: error: input is empty'
printf ' \t\n\r\n   \n\343\200\200\n' >"$T/in/blank.txt"
fails_with "whitespace only (incl. U+3000): error" "$T/in/blank.txt" 'blank\.txt: error: input holds only whitespace'
printf '\357\273\277\n\n' >"$T/in/bomonly.txt"
fails_with "BOM and blank lines only: error" "$T/in/bomonly.txt" 'bomonly\.txt: error: input holds only whitespace'

# Damaged bytes: position is line and column (in characters).
printf '第一行\n正文\377坏\n' >"$T/in/bad.txt"
fails_with "invalid UTF-8: error names line 2, column 3" "$T/in/bad.txt" 'bad\.txt:2:3: error: invalid UTF-8 byte 0xFF'
printf '第一行\r\n正文\r\n\r\n末行\300\257\n' >"$T/in/badcrlf.txt"
fails_with "invalid UTF-8 after CRLF lines: line 4, column 3" "$T/in/badcrlf.txt" 'badcrlf\.txt:4:3: error: invalid UTF-8'
printf '正文\342\200\n' >"$T/in/trunc.txt"
fails_with "truncated UTF-8 sequence at the end: error" "$T/in/trunc.txt" 'trunc\.txt:1:3: error: invalid UTF-8'
"$JIANBAO" --lossy "$T/in/bad.txt" -o "$T/lossy.xml" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q 'bad\.txt:2:3: warning: invalid UTF-8 replaced with U+FFFD' "$T/err" \
    && grep -q '正文�坏' "$T/lossy.xml" && xmllint --noout "$T/lossy.xml" 2>/dev/null \
    && ok "--lossy: U+FFFD in place, warning with line:col, exit 0" || fail "--lossy invalid UTF-8" "exit $rc: $(head -c 300 "$T/err")"

printf '标题\n\n正文\000后文\n' >"$T/in/nul.txt"
fails_with "NUL byte: error names line 3, column 3" "$T/in/nul.txt" 'nul\.txt:3:3: error: NUL byte'
"$JIANBAO" --lossy "$T/in/nul.txt" -o "$T/lossy.xml" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q 'nul\.txt:3:3: warning: .*U+FFFD' "$T/err" && grep -q '正文�后文' "$T/lossy.xml" \
    && xmllint --noout "$T/lossy.xml" 2>/dev/null && ok "--lossy NUL: U+FFFD, warning, exit 0" || fail "--lossy NUL" "exit $rc: $(head -c 300 "$T/err")"
printf '标题\n正\001文\n' >"$T/in/ctl.txt"
fails_with "control character U+0001: error with line:col (XML cannot hold it)" "$T/in/ctl.txt" 'ctl\.txt:2:2: error: character U\+0001'
printf '正文\014换页\n' >"$T/in/ff.txt"
"$JIANBAO" "$T/in/ff.txt" -o "$T/ff.xml" 2>"$T/err" && xmllint --noout "$T/ff.xml" 2>/dev/null && grep -q '正文 换页' "$T/ff.xml" \
    && ok "form feed becomes a space; XML well-formed" || fail "form feed" "$(head -c 300 "$T/err")"

# BOM and line ends: the same XML as the LF original.
cp "$S" "$T/in/lf.txt"
mkdir -p "$T/bom" "$T/crlf" "$T/cr" "$T/u16le" "$T/u16be" "$T/gb"
{ printf '\357\273\277'; cat "$S"; } >"$T/bom/$B.txt"
same_xml "UTF-8 BOM: stripped, same XML" "$T/bom/$B.txt"
sed 's/$/\r/' "$S" >"$T/crlf/$B.txt"
same_xml "CRLF line ends: same XML as LF" "$T/crlf/$B.txt"
tr '\n' '\r' <"$S" >"$T/cr/$B.txt"
same_xml "CR line ends: same XML as LF" "$T/cr/$B.txt"

# Other encodings, converted with a note on stderr.
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$S"; } >"$T/u16le/$B.txt"
same_xml "UTF-16LE with BOM: converted, note, same XML" "$T/u16le/$B.txt" 'note: input is UTF-16'
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$S"; } >"$T/u16be/$B.txt"
same_xml "UTF-16BE with BOM: converted, note, same XML" "$T/u16be/$B.txt" 'note: input is UTF-16'
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$S"; printf 'x'; } >"$T/in/odd16.txt"
fails_with "UTF-16 BOM with an odd byte count: error" "$T/in/odd16.txt" 'odd16\.txt: error: .*not valid UTF-16'
iconv -f UTF-8 -t GB18030 "$S" >"$T/gb/$B.txt"
cmp -s "$S" "$T/gb/$B.txt" && fail "GB18030 input differs from UTF-8"
same_xml "GB18030: detected, converted, note, same XML" "$T/gb/$B.txt" 'note: input is not UTF-8; read as GB18030'
printf '\262\342\312\324\n\n\260\262\n' >"$T/in/gbk.txt"	# 测试 / 安 in GBK
"$JIANBAO" "$T/in/gbk.txt" -o "$T/gbk.xml" 2>"$T/err" && grep -q '测试' "$T/gbk.xml" && grep -q 'GB18030' "$T/err" \
    && ok "short GBK text: converted" || fail "short GBK text" "$(head -c 300 "$T/err")"

# Volume: a 50 MB single line and 1,000,000 short lines; no text lost.
awk 'BEGIN { s = "长行测试文字，"; for (i = 0; i < 10; i++) s = s s; for (i = 0; i < 2450; i++) printf "%s", s; printf "终\n" }' >"$T/in/long.txt"
size=$(wc -c <"$T/in/long.txt")
"$JIANBAO" -q "$T/in/long.txt" -o "$T/long.xml" 2>"$T/err"
rc=$?
n=$(grep -o '长行测试文字，' "$T/long.xml" 2>/dev/null | wc -l)
[ "$size" -gt 50000000 ] && [ $rc -eq 0 ] && [ "$n" -eq $((2450 * 1024)) ] && grep -q '终' "$T/long.xml" \
    && ok "50 MB single line: converted, every character kept" || fail "50 MB single line" "size $size exit $rc n $n: $(head -c 300 "$T/err")"
rm -f "$T/long.xml" "$T/in/long.txt"
awk 'BEGIN { for (i = 1; i <= 1000000; i++) printf "第%d行。\n", i }' >"$T/in/many.txt"
"$JIANBAO" -q "$T/in/many.txt" -o "$T/many.xml" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q '第1行。' "$T/many.xml" && grep -q '第500000行。' "$T/many.xml" && grep -q '第1000000行。' "$T/many.xml" \
    && ok "1,000,000 short lines: converted, first, middle and last kept" || fail "1,000,000 short lines" "exit $rc: $(head -c 300 "$T/err")"
rm -f "$T/many.xml" "$T/in/many.txt"

done_testing
