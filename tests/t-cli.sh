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
done_testing
