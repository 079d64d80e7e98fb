# CLI contract: --help, --version, exit statuses, format choice.
. tests/lib.sh

"$JIANBAO" --version | grep -q '^jianbao [0-9]' && ok "--version prints the version" || fail "--version"
"$JIANBAO" --help | grep -q -- '--output' && ok "--help lists options" || fail "--help"
"$JIANBAO" >/dev/null 2>&1; [ $? -eq 2 ] && ok "no input: exit 2" || fail "no input: exit 2"
"$JIANBAO" --bogus samples/004_09128d5d29eb14ea.txt >/dev/null 2>&1; [ $? -eq 2 ] && ok "unknown option: exit 2" || fail "unknown option: exit 2"
"$JIANBAO" samples/004_09128d5d29eb14ea.txt -o "$T/x.doc" 2>"$T/err"; [ $? -eq 2 ] && grep -q 'output format' "$T/err" && ok "unknown extension: exit 2 with message" || fail "unknown extension"
"$JIANBAO" samples/004_09128d5d29eb14ea.txt -t xml -o "$T/x.out" && grep -q '<bulletin' "$T/x.out" && ok "-t xml overrides extension" || fail "-t xml"
"$JIANBAO" "$T/nonexistent.txt" -o "$T/n.xml" 2>"$T/err"; [ $? -eq 1 ] && grep -q 'nonexistent.txt: error:' "$T/err" && [ ! -e "$T/n.xml" ] && ok "missing input: exit 1, file: error:, no output" || fail "missing input"
"$JIANBAO" samples/004_09128d5d29eb14ea.txt >"$T/stdout.xml" && grep -q '</bulletin>' "$T/stdout.xml" && ok "no -o: XML on stdout" || fail "XML on stdout"
printf '[page]\npaper = A4\n[body\nfont = X\n' >"$T/syn.ini"
"$JIANBAO" --style "$T/syn.ini" samples/004_09128d5d29eb14ea.txt -o "$T/s.xml" 2>"$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q "syn.ini:3: error:" "$T/err" && [ ! -e "$T/s.xml" ] && ok "style syntax error: file:line, exit 1" || fail "style syntax error" "$(cat "$T/err")"
printf '[body]\nsize = 11\nfont = Nonexistent Song\n' >"$T/nofont.ini"
"$JIANBAO" --style "$T/nofont.ini" samples/004_09128d5d29eb14ea.txt -o "$T/s.pdf" 2>"$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q "nofont.ini:3: error: \[body\] no font .*Nonexistent Song" "$T/err" && [ ! -e "$T/s.pdf" ] \
    && ok "missing font: names the style line, the role and the family" || fail "missing font line" "$(cat "$T/err")"
done_testing
