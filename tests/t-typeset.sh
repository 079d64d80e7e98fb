# tests/t-typeset.sh: the paragraph typesetter (pdf/typeset.h, issue 4) on its own.
# Unit tests on crafted strings (tests/unit/test-typeset.c), then every <p> of the
# gold XML set by the typesetter alone into PDFs (body 10.5 pt Song; GB/T 9704
# 16 pt on a 15.79 pt pitch; a Kai face), read back with poppler and mupdf:
# kinsoku, justification, mark compression, Han-Western gaps, text in reading order,
# fonts embedded (bold spans included), speed.
. tests/lib.sh

TS=build/release/tests/test-typeset
if ! make -s "$TS" >"$T/make.log" 2>&1; then
	fail "build $TS" "$(tail -5 "$T/make.log")"
	done_testing
	exit 1
fi

if "$TS" >"$T/unit.log" 2>&1; then
	ok "unit tests: $(tail -1 "$T/unit.log" | sed 's/^ *//')"
else
	fail "unit tests" "$(grep FAIL "$T/unit.log" | head -5)"
fi

# figures NAME PDF SRC: one line "lost kinsoku justified checked compressed pairs autospace bnd"
figures() {
	python3 - "$2" "$3" <<'EOF'
import sys
def load(path):
    g = {'__name__': 'lib'}
    exec(compile(open(path).read(), path, 'exec'), g)
    return g
ty = load('tests/tools/pdf-typography')['check'](sys.argv[1], sys.argv[2])
cl = load('tests/tools/pdf-clreq')['check'](sys.argv[1])
print(ty['lost'], ty['kinsoku'], '%.4f' % ty['justified'], ty['just_checked'],
      '%.4f' % cl['compressed'], cl['pairs'], '%.4f' % cl['autospace'], cl['boundaries'])
EOF
}

# reading order: the PDF's text, whitespace aside, is the source paragraphs in order
same_text() {
	pdftotext "$1" - | tr -d ' \n\f\t' >"$T/got"
	tr -d ' \n\t' <"$2" >"$T/want"
	cmp -s "$T/got" "$T/want"
}

variant() { # NAME ARGS...
	name=$1; shift
	if ! "$TS" pdf "$T/$name.pdf" "$T/$name.txt" "$@" tests/gold/*.xml 2>"$T/$name.log"; then
		fail "$name: typeset gold paragraphs" "$(cat "$T/$name.log")"
		return
	fi
	set -- $(figures "$name" "$T/$name.pdf" "$T/$name.txt")
	[ "$1" = 0 ] && ok "$name: no letter or digit lost" || fail "$name: $1 letters/digits lost"
	[ "$2" = 0 ] && ok "$name: no line starts or ends with a prohibited mark" || fail "$name: $2 kinsoku violations"
	awk "BEGIN { exit !($4 > 500 && $3 >= 1.0) }" && ok "$name: all $4 non-last lines reach the measure" \
	    || fail "$name: justified $3 of $4 lines"
	awk "BEGIN { exit !($6 > 50 && $5 >= 0.95) }" && ok "$name: $5 of $6 adjacent mark pairs compressed (>= 0.95)" \
	    || fail "$name: compressed $5 of $6 pairs"
	awk "BEGIN { exit !($8 > 300 && $7 >= 0.90) }" && ok "$name: $7 of $8 Han-Western gaps 0.1-0.35 em (>= 0.90)" \
	    || fail "$name: autospace $7 of $8"
	same_text "$T/$name.pdf" "$T/$name.txt" && ok "$name: text extracts in reading order" \
	    || fail "$name: pdftotext differs from the source" "$(cmp "$T/got" "$T/want")"
	pdffonts "$T/$name.pdf" | tail -n +3 >"$T/$name.fonts"
	if awk '$(NF-4) != "yes" { bad = 1 } END { exit bad }' "$T/$name.fonts" && grep -q Bold "$T/$name.fonts"; then
		ok "$name: fonts embedded, bold spans set in a bold face"
	else
		fail "$name: fonts" "$(cat "$T/$name.fonts")"
	fi
}

variant body --br split
variant gbt9704 --br split --size 16 --pitch 15.79
variant kai --br split --family "LXGW WenKai"

# a face without bold (AR PL UKai): bold spans keep the face, emboldened when painted,
# not a synthetic fallback font whose other ascent splits the line when read back
if "$TS" pdf "$T/ukai.pdf" "$T/ukai.txt" --br split --family "AR PL UKai CN" tests/gold/004*.xml 2>"$T/ukai.log"; then
	set -- $(figures ukai "$T/ukai.pdf" "$T/ukai.txt")
	pdffonts "$T/ukai.pdf" | tail -n +3 >"$T/ukai.fonts"
	[ "$2" = 0 ] && ! grep -q CairoFont "$T/ukai.fonts" && same_text "$T/ukai.pdf" "$T/ukai.txt" \
	    && ok "ukai: bold without a bold face: one font, no kinsoku violation, text in order" \
	    || fail "ukai: kinsoku $2" "$(cat "$T/ukai.fonts")"
else
	fail "ukai: typeset" "$(cat "$T/ukai.log")"
fi

# hard breaks kept: lines end at <br/> and still obey kinsoku
"$TS" pdf "$T/br.pdf" "$T/br.txt" tests/gold/*.xml 2>"$T/br.log"
set -- $(figures br "$T/br.pdf" "$T/br.txt")
[ "$1" = 0 ] && [ "$2" = 0 ] && ok "hard breaks: nothing lost, no kinsoku violation" || fail "hard breaks: lost $1 kinsoku $2"

# Speed is measured in bench/ (never asserted here); report the figure only.
ms=$(sed -n 's/.*(\([0-9.]*\) ms per 5000 chars).*/\1/p' "$T/body.log")
echo "  info typesetting speed: ${ms:-?} ms per 5000 characters (measured, not asserted)"

done_testing
