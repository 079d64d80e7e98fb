# The modules: the program links no font machinery (Pango, Cairo, HarfBuzz,
# fontconfig, FreeType); XML and --no-cover EPUB load no module; the cover and
# --embed-fonts load the font module (no Pango, no Cairo); PDF loads both; a
# missing or broken module is an error naming its path (exit 1, no output).
. tests/lib.sh

S=samples/004_09128d5d29eb14ea.txt
FONTLIBS='lib(pango|pangocairo|pangoft2|cairo|harfbuzz|harfbuzz-subset|fontconfig|freetype|gio)-?[0-9.]*\.so'
MOD="$(dirname "$JIANBAO")/jianbao-render.so"
FMOD="$(dirname "$JIANBAO")/jianbao-fonts.so"

# What the program needs, directly and through its libraries.
readelf -d "$JIANBAO" >"$T/needed" 2>&1
if grep -q NEEDED "$T/needed" && ! grep -Eq "$FONTLIBS" "$T/needed"; then
	ok "the program names no font library (readelf -d)"
else
	fail "the program names no font library" "$(grep -E "$FONTLIBS|rror" "$T/needed")"
fi
ldd "$JIANBAO" >"$T/ldd" 2>&1
if grep -q libxml2 "$T/ldd" && ! grep -Eq "$FONTLIBS" "$T/ldd"; then
	ok "nor does any library it loads at start (ldd)"
else
	fail "no font library at start (ldd)" "$(grep -E "$FONTLIBS" "$T/ldd")"
fi
# Load order (Makefile EARLY_LIBS): a library loaded at start that binds thousands
# of its own symbols (libcrypto, libstdc++) is searched before libxml2 and libzip.
early=$(grep -oE 'lib(crypto|stdc\+\+)\.so\.[0-9]+' "$T/ldd" | sort -u)
if [ -z "$early" ]; then
	ok "load order: no libcrypto or libstdc++ here to put first"
else
	order=$(sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' "$T/needed" | tr '\n' ' ')
	first=$(echo "$order" | cut -d' ' -f1-2)
	bad=
	for l in $early; do case " $first " in *" $l "*) ;; *) bad="$bad $l" ;; esac; done
	[ -z "$bad" ] && ok "load order: $(echo $early | tr '\n' ' ')first in the search list" \
		|| fail "load order: not first:$bad" "NEEDED: $order"
fi
if [ -f "$MOD" ] && readelf -d "$MOD" | grep -q 'libpango'; then
	ok "the renderer module beside the program links Pango"
else
	fail "the renderer module beside the program links Pango" "$MOD"
fi
if [ -f "$FMOD" ] && readelf -d "$FMOD" | grep -q 'libharfbuzz' && ! readelf -d "$FMOD" | grep -Eq 'libpango|libcairo'; then
	ok "the font module links HarfBuzz, not Pango or Cairo"
else
	fail "the font module links HarfBuzz, not Pango or Cairo" "$(readelf -d "$FMOD" 2>&1 | grep NEEDED)"
fi

# XML and EPUB without cover work with no module at all.
NOMOD="$T/nowhere/jianbao-render.so"
NOFMOD="$T/nowhere/jianbao-fonts.so"
JIANBAO_MODULE="$NOMOD" JIANBAO_FONT_MODULE="$NOFMOD" "$JIANBAO" -q "$S" -o "$T/a.xml" && grep -q '</bulletin>' "$T/a.xml" \
	&& ok "XML needs no module" || fail "XML needs no module"
JIANBAO_MODULE="$NOMOD" JIANBAO_FONT_MODULE="$NOFMOD" "$JIANBAO" -q --no-cover "$S" -o "$T/a.epub" && [ -s "$T/a.epub" ] \
	&& ok "--no-cover EPUB needs no module" || fail "--no-cover EPUB needs no module"
if command -v strace >/dev/null 2>&1; then
	# LeakSanitizer cannot run under ptrace (JIANBAO=build/asan/jianbao).
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    strace -f -e trace=openat -o "$T/trace" "$JIANBAO" -q --no-cover "$S" -o "$T/b.epub"
	if [ -s "$T/b.epub" ] && ! grep -Eq 'jianbao-(render|fonts)|fontconfig|fonts\.conf|\.tt[fc]"|\.otf"' "$T/trace"; then
		ok "--no-cover EPUB opens no module, no fontconfig file, no font"
	else
		fail "--no-cover EPUB opens no module or font" "$(grep -E 'jianbao-(render|fonts)|fontconfig|fonts\.conf|\.tt[fc]|\.otf' "$T/trace" | head -5)"
	fi
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    strace -f -e trace=openat -o "$T/trace" "$JIANBAO" -q "$S" -o "$T/b2.epub"
	if [ -s "$T/b2.epub" ] && grep -q 'jianbao-fonts\.so"' "$T/trace" \
	    && ! grep -Eq 'jianbao-render|libpango|libcairo' "$T/trace"; then
		ok "EPUB with a cover opens the font module, not the renderer, Pango or Cairo"
	else
		fail "EPUB cover opens only the font module" "$(grep -E 'jianbao-|libpango|libcairo' "$T/trace" | head -5)"
	fi
fi

# With the module: PDF, cover, embedded fonts.
"$JIANBAO" -q "$S" -o "$T/a.pdf" && head -c 5 "$T/a.pdf" | grep -q '%PDF-' \
	&& ok "PDF through the module" || fail "PDF through the module"
"$JIANBAO" -q "$S" -o "$T/c.epub" && unzip -l "$T/c.epub" | grep -q 'OEBPS/cover.png' \
	&& ok "EPUB cover through the module" || fail "EPUB cover through the module"
"$JIANBAO" -q --no-cover --embed-fonts "$S" -o "$T/f.epub" && unzip -l "$T/f.epub" | grep -q 'OEBPS/fonts/f0' \
	&& ok "--embed-fonts through the module" || fail "--embed-fonts through the module"

# Missing module: exit 1, the path in the message, nothing written.
for c in "pdf:renderer:" "pdf:font:" "epub:font:" "epub:font:--embed-fonts --no-cover"; do
	x=${c%%:*}; rest=${c#*:}; which=${rest%%:*}; opts=${rest#*:}
	if [ "$which" = font ]; then var=JIANBAO_FONT_MODULE; gone=$NOFMOD; else var=JIANBAO_MODULE; gone=$NOMOD; fi
	rm -f "$T/m.$x"
	# shellcheck disable=SC2086
	env "$var=$gone" "$JIANBAO" $opts "$S" -o "$T/m.$x" 2>"$T/err"; rc=$?
	if [ $rc -eq 1 ] && grep -q "error: the $which module $gone is missing" "$T/err" && [ ! -e "$T/m.$x" ] \
	    && ! grep -q 'ERROR:\|Segmentation\|Aborted' "$T/err"; then
		ok "missing $which module, $x $opts: exit 1, names the path, no output"
	else
		fail "missing $which module, $x $opts (exit $rc)" "$(cat "$T/err")"
	fi
done

# Not a shared object; a shared object without the table.
printf 'not an ELF file\n' >"$T/junk.so"
JIANBAO_MODULE="$T/junk.so" "$JIANBAO" "$S" -o "$T/j.pdf" 2>"$T/err"; rc=$?
[ $rc -eq 1 ] && grep -q "error: cannot load the renderer module $T/junk.so" "$T/err" && [ ! -e "$T/j.pdf" ] \
	&& ok "unloadable module: exit 1, names the path" || fail "unloadable module (exit $rc)" "$(cat "$T/err")"
Z=$(ldd "$JIANBAO" | sed -n 's/.*libz\.so\.1 => \([^ ]*\).*/\1/p')
if [ -n "$Z" ]; then
	JIANBAO_MODULE="$Z" "$JIANBAO" "$S" -o "$T/z.pdf" 2>"$T/err"; rc=$?
	[ $rc -eq 1 ] && grep -q "$Z is not a jianbao renderer module" "$T/err" && [ ! -e "$T/z.pdf" ] \
		&& ok "a library that is no module: exit 1, says so" || fail "library without the table (exit $rc)" "$(cat "$T/err")"
fi

# The default search: beside the program, then the installed directory; a copy of
# the program alone names where it looked.
mkdir -p "$T/bin"
cp "$JIANBAO" "$T/bin/jianbao"
env -u JIANBAO_MODULE -u JIANBAO_FONT_MODULE JIANBAO_DATADIR="$PWD" "$T/bin/jianbao" "$S" -o "$T/bin/x.pdf" 2>"$T/err"; rc=$?
if [ -e /usr/local/lib/jianbao/jianbao-render.so ] || [ -e /usr/lib/jianbao/jianbao-render.so ]; then
	[ $rc -eq 0 ] && ok "a program alone finds the installed module" || fail "installed module (exit $rc)" "$(cat "$T/err")"
else
	[ $rc -eq 1 ] && grep -q "jianbao-render.so is missing (and so is $T/bin/jianbao-render.so)" "$T/err" \
		&& [ ! -e "$T/bin/x.pdf" ] && ok "a program alone: exit 1, names both places looked" \
		|| fail "program without module (exit $rc)" "$(cat "$T/err")"
fi
cp "$MOD" "$T/bin/jianbao-render.so"
cp "$FMOD" "$T/bin/jianbao-fonts.so"
env -u JIANBAO_MODULE -u JIANBAO_FONT_MODULE JIANBAO_DATADIR="$PWD" "$T/bin/jianbao" -q "$S" -o "$T/bin/x.pdf" && [ -s "$T/bin/x.pdf" ] \
	&& ok "the modules beside the program are found" || fail "modules beside the program"

# An install under any prefix (make install PREFIX=... or DESTDIR=...) finds its
# styles and module relative to PREFIX/bin/jianbao, whatever prefix it was built for.
I="$T/prefix"; R=$PWD
mkdir -p "$I/bin" "$I/lib/jianbao" "$I/share/jianbao/styles"
cp "$JIANBAO" "$I/bin/jianbao"
cp "$MOD" "$I/lib/jianbao/jianbao-render.so"
cp "$FMOD" "$I/lib/jianbao/jianbao-fonts.so"
cp styles/*.ini "$I/share/jianbao/styles/"
(cd "$T" && env -u JIANBAO_MODULE -u JIANBAO_FONT_MODULE -u JIANBAO_DATADIR "$I/bin/jianbao" -q --style gbt9704 "$R/$S" -o "$T/prefix.pdf" 2>"$T/err") \
	&& [ -s "$T/prefix.pdf" ] && ok "an install under another prefix finds its styles and modules" \
	|| fail "install under another prefix" "$(cat "$T/err")"

# JIANBAO_MODULE may be relative to the working directory (not searched for as a library).
ABSJ=$(cd "$(dirname "$JIANBAO")" && pwd)/$(basename "$JIANBAO")
W=$PWD
(cd "$T/bin" && JIANBAO_MODULE=jianbao-render.so "$ABSJ" -q "$W/$S" -o rel.pdf) && [ -s "$T/bin/rel.pdf" ] \
	&& ok "a relative JIANBAO_MODULE is taken from the working directory" || fail "relative JIANBAO_MODULE"

# Batch: the module is loaded once for all workers; missing, every job fails alone.
mkdir -p "$T/in"
cp samples/*.txt "$T/in/"
"$JIANBAO" -q -j 2 -t epub,pdf -d "$T/out" "$T/in" 2>"$T/err"; rc=$?
n=$(ls "$T/out"/*.pdf 2>/dev/null | wc -l)
[ $rc -eq 0 ] && [ "$n" -eq "$(ls samples/*.txt | wc -l)" ] && ok "batch -j 2: every PDF and EPUB" \
	|| fail "batch -j 2 (exit $rc, $n PDFs)" "$(cat "$T/err")"
JIANBAO_MODULE="$NOMOD" "$JIANBAO" -q -j 2 -t pdf -d "$T/out2" "$T/in" 2>"$T/err"; rc=$?
n=$(grep -c 'renderer module .* is missing' "$T/err")
[ $rc -eq 1 ] && [ "$n" -eq "$(ls samples/*.txt | wc -l)" ] && [ -z "$(ls "$T/out2" 2>/dev/null)" ] \
	&& ok "batch without module: each input fails with the path, nothing written" \
	|| fail "batch without module (exit $rc, $n messages)" "$(head -5 "$T/err")"
done_testing
