# Font-role cache (style/font.c): a warm run answers from
# $XDG_CACHE_HOME/jianbao/fonts-v1.ini without starting fontconfig; a change to
# anything fontconfig read starts it again; no output ever depends on the cache.
. tests/lib.sh

export SOURCE_DATE_EPOCH=1700000000
export XDG_CACHE_HOME="$T/cache"
unset JIANBAO_FONT_CACHE
S=samples/004_09128d5d29eb14ea.txt
C="$XDG_CACHE_HOME/jianbao/fonts-v1.ini"
FANDOL=/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol

# traced ARGS...: jianbao under strace, its openat calls in $T/trace (LeakSanitizer
# cannot run under ptrace: JIANBAO=build/asan/jianbao).
traced() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    strace -f -qq -e trace=openat -o "$T/trace" "$JIANBAO" "$@"
}
# Did the traced run start fontconfig (read its configuration)?
started() { grep -q 'fonts\.conf"' "$T/trace"; }
inode() { ls -i "$1" 2>/dev/null | cut -d' ' -f1; }

if ! command -v strace >/dev/null 2>&1; then
	fail "strace is needed (make deps)"
	done_testing
	exit 1
fi

# 1. Cold, then warm.
traced -q "$S" -o "$T/a1.epub" && started && [ -s "$C" ] \
	&& ok "cold run: fontconfig started, cache file written" || fail "cold run" "$(ls -la "$XDG_CACHE_HOME/jianbao" 2>&1)"
traced -q "$S" -o "$T/a2.epub"; rc=$?
[ $rc -eq 0 ] && ! started && ok "warm run: fonts.conf not opened" || fail "warm run starts fontconfig" "$(grep fonts.conf "$T/trace" | head -3)"
cmp -s "$T/a1.epub" "$T/a2.epub" && ok "warm run: byte-identical EPUB" || fail "warm run: EPUB differs"
[ "$(stat -c %a "$XDG_CACHE_HOME/jianbao")" = 700 ] && [ "$(stat -c %a "$C")" = 600 ] \
	&& ok "cache dir 0700, file 0600" || fail "cache modes" "$(ls -la "$XDG_CACHE_HOME/jianbao")"

# 2. Invalidation: a file added to --font-dir changes its stamp.
mkdir "$T/fd"
"$JIANBAO" -q --font-dir "$T/fd" "$S" -o "$T/b1.epub"
traced -q --font-dir "$T/fd" "$S" -o "$T/b2.epub" && ! started \
	&& ok "--font-dir: warm run answered from the cache" || fail "--font-dir: second run not a hit"
: >"$T/fd/new-font.otf"
traced -q --font-dir "$T/fd" "$S" -o "$T/b3.epub" && started && cmp -s "$T/b1.epub" "$T/b3.epub" \
	&& ok "file added to --font-dir: fontconfig started again, same EPUB" || fail "--font-dir change not seen"
traced -q --font-dir "$T/fd" "$S" -o "$T/b4.epub" && ! started \
	&& ok "--font-dir: the stale group was replaced (next run a hit)" || fail "stale group not replaced"
traced -q --font-dir "$(realpath --relative-to=. "$T/fd")" "$S" -o "$T/b5.epub" && ! started \
	&& ok "relative --font-dir: same group as the absolute path" || fail "relative --font-dir missed"
mkdir "$T/fd2"
traced -q --font-dir "$T/fd2" "$S" -o "$T/b6.epub" && started \
	&& ok "another --font-dir: another group" || fail "another --font-dir answered from the cache"

# 3. Damaged cache files: ignored, then rewritten.
head -c 4096 /dev/urandom >"$C"
traced -q "$S" -o "$T/c1.epub" && started && cmp -s "$T/a1.epub" "$T/c1.epub" \
	&& ok "garbage cache: run succeeds, same EPUB" || fail "garbage cache"
traced -q "$S" -o "$T/c2.epub" && ! started && ok "garbage cache replaced by a valid one" || fail "garbage cache not replaced"
head -c "$(($(wc -c <"$C") / 2))" "$C" >"$T/half" && cat "$T/half" >"$C"
traced -q "$S" -o "$T/c3.epub" && started && cmp -s "$T/a1.epub" "$T/c3.epub" \
	&& ok "cache cut short: run succeeds, same EPUB" || fail "cache cut short"
sed -i 's/^body.choice=0$/body.choice=7/' "$C"
traced -q "$S" -o "$T/c4.epub" && started && cmp -s "$T/a1.epub" "$T/c4.epub" \
	&& ok "cache entry that does not fit the style: not used" || fail "nonsense cache entry used"

# 4. A missing first family: the same font-fallback warning, cold and warm.
sed '/^\[body\]/,/^font/ s/^font = .*/font = Nonexistent Song, Noto Serif CJK SC/' styles/default.ini >"$T/fb.ini"
traced --style "$T/fb.ini" "$S" -o "$T/d1.epub" 2>"$T/err1" && started \
    && grep -q "fb.ini:33: warning: \[body\] font 'Nonexistent Song' is not installed.*; using 'Noto Serif CJK SC'" "$T/err1" \
	&& ok "cold run: font-fallback warning with file and line" || fail "cold fallback warning" "$(cat "$T/err1")"
traced --style "$T/fb.ini" "$S" -o "$T/d2.epub" 2>"$T/err2" && ! started && cmp -s "$T/err1" "$T/err2" \
	&& cmp -s "$T/d1.epub" "$T/d2.epub" \
	&& ok "warm run: the same warning, the same EPUB" || fail "warm fallback warning" "$(cat "$T/err2")"

# 5. JIANBAO_FONT_CACHE=0: neither read nor written.
rm -rf "$XDG_CACHE_HOME"
JIANBAO_FONT_CACHE=0 "$JIANBAO" -q "$S" -o "$T/e1.epub" && [ ! -e "$XDG_CACHE_HOME/jianbao" ] \
	&& cmp -s "$T/a1.epub" "$T/e1.epub" && ok "JIANBAO_FONT_CACHE=0: no cache written" || fail "JIANBAO_FONT_CACHE=0 wrote"
"$JIANBAO" -q "$S" -o "$T/e2.epub"
JIANBAO_FONT_CACHE=0 traced -q "$S" -o "$T/e3.epub" && started \
	&& ok "JIANBAO_FONT_CACHE=0: a warm cache is not read" || fail "JIANBAO_FONT_CACHE=0 read the cache"

# 6. Pango (the PDF) finds the fonts by family name in fontconfig's configuration,
# which must hold the font dirs a cached answer did not add (FandolFang, gbt9704).
rm -rf "$XDG_CACHE_HOME"
JIANBAO_FONT_CACHE=0 "$JIANBAO" -q --style gbt9704 "$S" -o "$T/p0.pdf"
"$JIANBAO" -q --style gbt9704 "$S" -o "$T/p1.epub"
i=$(inode "$C")
"$JIANBAO" -q --style gbt9704 "$S" -o "$T/p2.pdf" && [ "$(inode "$C")" = "$i" ] && cmp -s "$T/p0.pdf" "$T/p2.pdf" \
	&& ok "gbt9704 PDF from a cached answer: identical to one without the cache" || fail "cached PDF differs"
if [ -d "$FANDOL" ] && command -v pdffonts >/dev/null 2>&1; then
	pdffonts "$T/p2.pdf" | grep -q FandolFang && ok "cached PDF embeds FandolFang" || fail "cached PDF lost FandolFang" "$(pdffonts "$T/p2.pdf")"
fi
"$JIANBAO" -q -j 1 -t epub,pdf -d "$T/batch" --style gbt9704 "$S" && [ "$(inode "$C")" = "$i" ] \
	&& cmp -s "$T/p0.pdf" "$T/batch/$(basename "$S" .txt).pdf" \
	&& ok "batch EPUB then PDF from a cached answer: the same PDF" || fail "batch PDF differs"
done_testing
