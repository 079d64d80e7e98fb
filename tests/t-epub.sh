# EPUB 3 edition (issue 3): epubcheck-clean packages from every sample (.txt) and
# every gold tree (.xml), with and without --embed-fonts; text fidelity in spine
# order; OCF details; metadata; determinism; size; --no-cover; atomic failure;
# robustness to unusual but schema-valid trees; a real reading system (calibre).
. tests/lib.sh

EPUBCHECK_JAR=/usr/share/java/epubcheck.jar
JAVA_FAST="java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
export SOURCE_DATE_EPOCH=1700000000

# epubcheck FILE: 0 errors, 0 warnings (fatals count as errors)
epubcheck_clean() {
	$JAVA_FAST -jar "$EPUBCHECK_JAR" "$1" >"$T/ec.out" 2>&1
	grep -q 'Messages: 0 fatals / 0 errors / 0 warnings' "$T/ec.out" || { grep -E '^(FATAL|ERROR|WARNING)' "$T/ec.out" | head -5; return 1; }
}

# epubcheck takes ~3 s a run, most of it starting the JVM and compiling its schemas:
# the books are queued (ec_queue NAME FILE) and checked in one JVM at the end through
# epubcheck's own API (the same EpubCheck class and report the command line uses);
# without a Java compiler (JRE only) each book goes through the command line instead.
: >"$T/ec.list"
ec_queue() { printf '%s|%s\n' "$1" "$2" >>"$T/ec.list"; }
cat >"$T/EpubBatch.java" <<'JAVA'
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubBatch {
	public static void main(String[] args) {
		for (String f : args) {
			DefaultReportImpl r = new DefaultReportImpl(f);
			new EpubCheck(new File(f), r).doValidate();
			System.out.println("RESULT " + f + " " + r.getFatalErrorCount() + " "
			    + r.getErrorCount() + " " + r.getWarningCount());
		}
	}
}
JAVA
ec_run() {
	# shellcheck disable=SC2046
	if $JAVA_FAST -cp "$EPUBCHECK_JAR" "$T/EpubBatch.java" $(cut -d'|' -f2 "$T/ec.list") >"$T/ec.all" 2>&1 \
		&& grep -q '^RESULT ' "$T/ec.all"; then
		while IFS='|' read -r name file; do
			r=$(grep -F "RESULT $file " "$T/ec.all")
			if [ -n "$r" ] && [ "${r##* $file }" = "0 0 0" ]; then
				ok "$name"
			else
				fail "$name" "$(grep -F "$file" "$T/ec.all" | grep -E '^(FATAL|ERROR|WARNING)' | head -3)${r:+ ($r)}"
			fi
		done <"$T/ec.list"
	else
		while IFS='|' read -r name file; do
			check "$name" epubcheck_clean "$file"
		done <"$T/ec.list"
	fi
}

# The python side: reads an EPUB with zipfile, checks one aspect, prints why on failure.
cat >"$T/epub.py" <<'PY'
import re, sys, zipfile, unicodedata, html, xml.dom.minidom
from xml.etree import ElementTree as ET

def spine_texts(z):
    opf = ET.fromstring(z.read('OEBPS/content.opf'))
    ns = {'o': 'http://www.idpf.org/2007/opf'}
    items = {i.get('id'): i.get('href') for i in opf.find('o:manifest', ns)}
    return opf, [z.read('OEBPS/' + items[r.get('idref')]).decode('utf-8')
                 for r in opf.find('o:spine', ns)]

def letters(s):
    s = unicodedata.normalize('NFKC', s)
    return [c for c in s if unicodedata.category(c)[0] in 'LN']

def xhtml_text(doc):
    body = re.sub(r'(?s).*?<body[^>]*>', '', doc, count=1)
    return html.unescape(re.sub(r'<[^>]+>', '', body))

def input_text(path):
    raw = open(path, encoding='utf-8').read()
    if path.endswith('.xml'):
        root = ET.fromstring(raw.encode('utf-8'))
        return ''.join(root.itertext())	# element text only: no comments, no attributes
    return raw

def fidelity(epub, src, order=None):
    # In order against the reading order (the input, or for a .txt the structured XML,
    # which may place a caption after the paragraph it interrupted); and as a multiset
    # against the input itself: nothing may be missing.
    z = zipfile.ZipFile(epub)
    _, docs = spine_texts(z)
    out = letters(''.join(xhtml_text(d) for d in docs))
    want = letters(input_text(order or src))
    if order:
        from collections import Counter
        have, need = Counter(out), Counter(letters(input_text(src)))
        short = {c: n - have[c] for c, n in need.items() if have[c] < n}
        if short:
            sys.exit('letters of the input missing from the spine: %r' % dict(list(short.items())[:10]))
    j = 0
    for i, c in enumerate(want):
        while j < len(out) and out[j] != c:
            j += 1
        if j == len(out):
            ctx = ''.join(want[max(0, i - 10):i + 10])
            sys.exit('letter %d (%r) of the input is missing or out of order near %r' % (i, c, ctx))
        j += 1

def ocf(epub):
    b = open(epub, 'rb').read()
    # local header of the first entry: name at 30, no extra field, stored (method 0)
    assert b[:4] == b'PK\x03\x04', 'not a zip'
    assert b[30:38] == b'mimetype', 'mimetype is not the first entry'
    assert b[38:58] == b'application/epub+zip', 'mimetype content or extra field'
    assert int.from_bytes(b[8:10], 'little') == 0, 'mimetype is compressed'
    assert int.from_bytes(b[28:30], 'little') == 0, 'mimetype has an extra field'
    z = zipfile.ZipFile(epub)
    names = z.namelist()
    assert 'META-INF/container.xml' in names
    for n in names:
        assert re.fullmatch(r'[A-Za-z0-9._/-]+', n), 'file name not plain ASCII: ' + n
    for n in names:
        if n.endswith('.xhtml'):
            d = z.read(n).decode('utf-8')
            xml.dom.minidom.parseString(d)	# well-formed
            assert re.search(r'<html[^>]* lang="zh-CN" xml:lang="zh-CN"', d), n + ': no lang/xml:lang'

def meta(epub, what):
    z = zipfile.ZipFile(epub)
    opf = z.read('OEBPS/content.opf').decode('utf-8')
    nav = z.read('OEBPS/nav.xhtml').decode('utf-8')
    ncx = z.read('OEBPS/toc.ncx').decode('utf-8')
    for w in what.split(';'):
        k, _, v = w.partition('=')
        if k == 'opf':
            assert v in opf, 'OPF lacks ' + v
        elif k == 'noopf':
            assert v not in opf, 'OPF has ' + v
        elif k == 'nav':
            assert v in nav, 'nav lacks ' + v
        elif k == 'navcount':
            n = len(re.findall(r'<a href=', nav.split('epub:type="landmarks"')[0]))
            assert n == int(v), 'nav has %d toc links, not %s' % (n, v)
        elif k == 'uid':
            u = re.search(r'<dc:identifier id="uid">(urn:uuid:[0-9a-f-]{36})<', opf).group(1)
            assert 'content="%s"' % u in ncx, 'NCX dtb:uid differs from the OPF identifier'
            print(u)
        elif k == 'names':
            print('\n'.join(zipfile.ZipFile(epub).namelist()))
        elif k == 'grep':
            docs = ''.join(z.read(n).decode('utf-8') for n in z.namelist() if n.endswith('.xhtml'))
            assert re.search(v, docs), 'no XHTML matches ' + v

def png(epub):
    # the cover: a well-formed PNG (chunk CRCs, IDAT inflating to whole scanlines)
    import struct, zlib
    b = zipfile.ZipFile(epub).read('OEBPS/cover.png')
    assert b[:8] == b'\x89PNG\r\n\x1a\n', 'no PNG signature'
    i, chunks, idat = 8, [], b''
    while i < len(b):
        n, t = struct.unpack('>I', b[i:i + 4])[0], b[i + 4:i + 8]
        assert struct.unpack('>I', b[i + 8 + n:i + 12 + n])[0] == zlib.crc32(b[i + 4:i + 8 + n]), 'bad CRC in ' + t.decode()
        chunks.append(t)
        if t == b'IHDR':
            w, h, depth, ctype = struct.unpack('>IIBB', b[i + 8:i + 18])
        if t == b'IDAT':
            idat += b[i + 8:i + 8 + n]
        i += 12 + n
    assert chunks[0] == b'IHDR' and chunks[-1] == b'IEND', 'chunk order'
    bpp = {2: 3, 3: 1}[ctype]
    assert len(zlib.decompress(idat)) == h * (1 + w * bpp), 'IDAT size'
    assert w >= 600 and h > w, 'cover is %dx%d' % (w, h)

def bands(epub):
    # the cover's ink bands (runs of rows with dark or coloured ink inside the
    # margins), as "top bottom left right" in the 750-wide design's units
    import struct, zlib
    b = zipfile.ZipFile(epub).read('OEBPS/cover.png')
    i, idat, pal = 8, b'', None
    while i < len(b):
        n, t = struct.unpack('>I', b[i:i + 4])[0], b[i + 4:i + 8]
        if t == b'IHDR': w, h = struct.unpack('>II', b[i + 8:i + 16])
        if t == b'PLTE': pal = [tuple(b[i + 8 + j:i + 11 + j]) for j in range(0, n, 3)]
        if t == b'IDAT': idat += b[i + 8:i + 8 + n]
        i += 12 + n
    raw, k, cur = zlib.decompress(idat), w / 750, None
    dark = [sum(c) < 600 for c in pal]
    for y in range(h):
        row = raw[y * (w + 1) + 1:(y + 1) * (w + 1)]
        xs = [x for x in range(int(40 * k), w - int(40 * k)) if dark[row[x]]]
        if xs and cur is None: cur = [y, y, min(xs), max(xs)]
        elif xs: cur[1], cur[2], cur[3] = y, min(cur[2], min(xs)), max(cur[3], max(xs))
        elif cur is not None:
            print(' '.join('%.1f' % (v / k) for v in cur))
            cur = None

cmd = sys.argv[1]
try:
    if cmd == 'fidelity': fidelity(*sys.argv[2:])
    elif cmd == 'ocf': ocf(sys.argv[2])
    elif cmd == 'png': png(sys.argv[2])
    elif cmd == 'bands': bands(sys.argv[2])
    elif cmd == 'meta': meta(sys.argv[2], sys.argv[3])
except AssertionError as e:
    sys.exit(str(e) or 'assertion failed')
PY
py() { python3 "$T/epub.py" "$@"; }

# --- every sample and every gold tree, plain and with fonts --------------------------
for f in samples/*.txt tests/gold/*.xml; do
	b=$(basename "$f")
	e="$T/$b.epub"
	if ! "$JIANBAO" -q "$f" -o "$e" 2>"$T/err"; then
		fail "$b: converts to EPUB" "$(head -c 400 "$T/err")"
		continue
	fi
	ec_queue "$b: epubcheck 0 errors 0 warnings" "$e"
	case $f in
	*.txt)	"$JIANBAO" -q "$f" -o "$T/$b.xml" || fail "$b: converts to XML"
		check "$b: every letter and digit of the input in the spine, in reading order" py fidelity "$e" "$f" "$T/$b.xml" ;;
	*)	check "$b: every letter and digit of the input in spine order" py fidelity "$e" "$f" ;;
	esac
	check "$b: mimetype first, stored, no extra field; lang on every XHTML" py ocf "$e"
	"$JIANBAO" -q --embed-fonts "$f" -o "$T/$b.f.epub" 2>"$T/err" || { fail "$b: --embed-fonts converts" "$(head -c 400 "$T/err")"; continue; }
	ec_queue "$b --embed-fonts: epubcheck 0 errors 0 warnings" "$T/$b.f.epub"
	size=$(stat -c %s "$T/$b.f.epub")
	[ "$size" -lt 1048576 ] && ok "$b --embed-fonts: $size bytes < 1 MB" || fail "$b --embed-fonts: $size bytes >= 1 MB"
	check "$b --embed-fonts: fonts, @font-face, Apple display options" sh -c "
		unzip -l '$T/$b.f.epub' | grep -q 'OEBPS/fonts/f0\.[ot]tf' &&
		unzip -p '$T/$b.f.epub' OEBPS/style.css | grep -q '@font-face' &&
		unzip -l '$T/$b.f.epub' | grep -q 'META-INF/com.apple.ibooks.display-options.xml'"
done

# --- metadata and navigation from the gold masthead -----------------------------------
g4=tests/gold/004_09128d5d29eb14ea.xml
e4="$T/004_09128d5d29eb14ea.xml.epub"
check "004: title, language, publisher, date, modified from SOURCE_DATE_EPOCH, a11y" py meta "$e4" \
	'opf=<dc:title>浙里共富 2023 年第 33 期 (总第 100 期)</dc:title>;opf=<dc:language>zh-CN</dc:language>;opf=<dc:publisher>高质量发展建设共同富裕示范区领导小组办公室</dc:publisher>;opf=<dc:date>2023-12-29</dc:date>;opf=<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>;opf=schema:accessMode">textual<;opf=accessibilityFeature">tableOfContents<;opf=accessibilityHazard">none<;opf=schema:accessibilitySummary;noopf=>visual<;opf=properties="cover-image";opf=properties="nav"'
check "004: nav toc has its title page, 4 sections, 12 articles, colophon; landmarks, NCX" py meta "$e4" \
	'navcount=18;nav=epub:type="landmarks";nav=重要动态;nav=临海市以“年轻态文化+”模式打造文化润富小城样板;opf=<spine toc="ncx">'
check "004: title page, semantic markup, colophon last" py meta "$e4" \
	'grep=epub:type="titlepage";grep=<h1 class="masthead">浙里共富</h1>;grep=<article class="article" id="a\d+">\s*<header>\s*<h2 class="title">;grep=<section class="colophon-block" epub:type="colophon";grep=<body epub:type="bodymatter">;grep=<b>二是凝聚“师资共富”新力量。</b>;grep=<a href="c\d+\.xhtml#a\d+">教育部和省政府'
check "000: creators from the bylines, figure captions, notice aside" py meta "$T/000_343203a64b406474.xml.epub" \
	'opf=<dc:creator id="creator1">糜利萍</dc:creator>;opf=<dc:creator id="creator2">娄晓涵</dc:creator>;grep=<figure class="figure">\s*<figcaption>\s*<p class="caption">;grep=<aside class="notice"'
u1=$(py meta "$e4" uid) && u2=$(py meta "$T/003_33a2f9b1c36362f6.xml.epub" uid) && [ -n "$u1" ] && [ "$u1" != "$u2" ] \
	&& ok "identifier is a urn:uuid, equal to the NCX uid, different per content" || fail "identifier" "$u1 / $u2"

check "004: the cover is a well-formed PNG, portrait, at least 600 px wide" py png "$e4"
check "000 (no masthead): the cover is a well-formed PNG" py png "$T/000_343203a64b406474.xml.epub"

# --- determinism -------------------------------------------------------------------
"$JIANBAO" -q "$g4" -o "$T/d1.epub" && "$JIANBAO" -q "$g4" -o "$T/d2.epub" && cmp -s "$T/d1.epub" "$T/d2.epub" \
	&& ok "same input and SOURCE_DATE_EPOCH: byte-identical EPUB" || fail "determinism (cover)"
"$JIANBAO" -q --embed-fonts samples/004_09128d5d29eb14ea.txt -o "$T/d3.epub" \
	&& cmp -s "$T/d3.epub" "$T/004_09128d5d29eb14ea.txt.f.epub" \
	&& ok "same input with --embed-fonts: byte-identical EPUB" || fail "determinism (fonts)"
u3=$(SOURCE_DATE_EPOCH=1800000000 "$JIANBAO" -q "$g4" -o "$T/d4.epub" && py meta "$T/d4.epub" uid)
[ "$u3" = "$u1" ] && ! cmp -s "$T/d1.epub" "$T/d4.epub" \
	&& ok "another SOURCE_DATE_EPOCH: same identifier, other dcterms:modified" || fail "SOURCE_DATE_EPOCH"

SOURCE_DATE_EPOCH=soon "$JIANBAO" --no-cover "$g4" -o "$T/sde.epub" 2>"$T/err" && grep -q "warning: SOURCE_DATE_EPOCH 'soon'" "$T/err" \
	&& SOURCE_DATE_EPOCH=253402300799 "$JIANBAO" -q --no-cover "$g4" -o "$T/sde2.epub" \
	&& py meta "$T/sde2.epub" 'opf=<meta property="dcterms:modified">9999-12-31T23:59:59Z</meta>' \
	&& ok "SOURCE_DATE_EPOCH: a bad value warns and uses the time; year 9999 works" || fail "SOURCE_DATE_EPOCH limits"

# --- --no-cover --------------------------------------------------------------------
"$JIANBAO" -q --no-cover "$g4" -o "$T/nc.epub" && ! py meta "$T/nc.epub" names | grep -q cover \
	&& py meta "$T/nc.epub" 'noopf=cover-image;noopf=cover.xhtml;nav=重要动态' \
	&& ok "--no-cover: no cover image, page or landmark" || fail "--no-cover"
# --no-cover must not start the font machinery: a style whose fonts do not exist still works
sed 's/^font = .*/font = Jianbao Nonexistent Font/' styles/default.ini >"$T/nofont.ini"
"$JIANBAO" -q --no-cover --style "$T/nofont.ini" "$g4" -o "$T/nf.epub" 2>"$T/err" \
	&& ok "--no-cover: no font lookup (style with missing fonts still converts)" || fail "--no-cover font lookup" "$(head -c 300 "$T/err")"
"$JIANBAO" -q --style "$T/nofont.ini" "$g4" -o "$T/nf2.epub" 2>/dev/null; rc=$?
[ $rc -eq 1 ] && [ ! -e "$T/nf2.epub" ] && ok "cover with missing fonts: exit 1, no file" || fail "cover with missing fonts: rc $rc"
# A character the title's face lacks is set in a face fontconfig finds for it: the
# cover differs from one where no font has the character (the face's .notdef box).
printf '# 工作简报\342\232\200第一期\n\n正文第一段。\n' >"$T/fb1.txt"	# U+2680 (DejaVu has it)
printf '# 工作简报\363\260\200\200第一期\n\n正文第一段。\n' >"$T/fb2.txt"	# U+F0000 (no font)
if "$JIANBAO" -q "$T/fb1.txt" -o "$T/fb1.epub" && "$JIANBAO" -q "$T/fb2.txt" -o "$T/fb2.epub" \
    && py png "$T/fb1.epub" && unzip -p "$T/fb1.epub" OEBPS/cover.png >"$T/fb1.png" \
    && unzip -p "$T/fb2.epub" OEBPS/cover.png >"$T/fb2.png" && ! cmp -s "$T/fb1.png" "$T/fb2.png"; then
	ok "cover: a character the face lacks is drawn from a fallback face"
else
	fail "cover: fallback face for a missing character"
fi
# Bidi: a right-to-left headline (Arabic script, as Uyghur is written) is set flush
# right in the cover's list, a Chinese one flush left (ink bands of the PNG's rows).
printf '# 第一篇文章的标题\n\n正文第一段。\n\n# \331\205\330\261\330\255\330\250\330\247 \330\250\330\247\331\204\330\271\330\247\331\204\331\205\n\n正文第二段。\n\n# 第三篇文章的标题\n\n正文第三段。\n' >"$T/rtl.txt"
# Headline lines are 10 to 38 design units high (not the title, not the bands).
if "$JIANBAO" -q "$T/rtl.txt" -o "$T/rtl.epub" \
    && py bands "$T/rtl.epub" | awk '$2 - $1 >= 10 && $2 - $1 < 38' >"$T/rtl.bands" \
    && awk 'NR == 1 { r = $4 > 750 - 72 && $3 > 375 } NR == 2 { l = $3 < 72 }
	END { exit !(NR >= 2 && r && l) }' "$T/rtl.bands"; then
	ok "cover: a right-to-left headline is set flush right, a Chinese one flush left"
else
	fail "cover: bidi alignment of headlines" "$(cat "$T/rtl.bands" 2>/dev/null)"
fi

# Headline setting on the cover (no masthead: the first headline is the title, 72
# units). Phrases separated by a space get a line each rather than breaking
# mid-phrase at the full size; a text without phrases gets balanced lines.
cover_title() { printf '# %s\n\n正文第一段。\n\n# 第二篇文章\n\n正文第二段。\n' "$1" >"$T/ct.txt" \
	&& "$JIANBAO" -q "$T/ct.txt" -o "$T/ct.epub" && py bands "$T/ct.epub" | awk '$2 - $1 >= 36'; }
b=$(cover_title '钱塘区：奔向全域共富 开创高质量发展新格局')
n=$(echo "$b" | grep -c .)
[ "$n" -eq 2 ] && ok "cover: a headline of two phrases is set in two lines, a phrase each" \
	|| fail "cover: phrase lines ($n title lines)" "$b"
b=$(cover_title '以组织工作攀登之姿助推拱墅高质量发展新征程')
if echo "$b" | awk '{ w = $4 - $3; if (NR == 1 || w < lo) lo = w; if (w > hi) hi = w } END { exit !(NR == 3 && hi - lo < 72) }'; then
	ok "cover: a long headline without phrases is set in balanced lines"
else
	fail "cover: balanced headline lines" "$b"
fi
# ... and breaks between words where it must break inside a phrase (ICU's
# dictionary): 以组织工作攀登 / 之姿助推拱墅 / 高质量发展, not 6 + 6 + 6
# characters that split 攀|登 and 拱|墅 (ink widths 7 : 6 : 5).
b=$(cover_title '以组织工作攀登之姿助推拱墅高质量发展')
if echo "$b" | awk '{ w[NR] = $4 - $3 } END { exit !(NR == 3 && w[1] / w[3] > 1.3 && w[1] / w[3] < 1.5 && w[2] / w[3] > 1.1 && w[2] / w[3] < 1.3) }'; then
	ok "cover: a headline breaks between words, not inside them"
else
	fail "cover: word breaks in a headline" "$b"
fi
# clreq punctuation adjustment on the cover: a space beside a full-width bracket
# takes no room, and two adjacent marks take 1.5 em (headline list, 22 units).
cover_list() { printf '# 总标题\n\n正文。\n\n# %s\n\n正文一。\n\n# 第三篇\n\n正文二。\n' "$1" >"$T/cl.txt" \
	&& "$JIANBAO" -q "$T/cl.txt" -o "$T/cl.epub" && py bands "$T/cl.epub" | awk '$2 - $1 >= 10 && $2 - $1 < 36 && $3 < 72 { print $4; exit }'; }
r1=$(cover_list '第一期 （总第二期）')
r2=$(cover_list '第一期（总第二期）')
r3=$(cover_list '甲乙丙丁）（戊己庚')
r4=$(cover_list '甲乙丙丁）戊己庚')
if [ -n "$r1" ] && [ "$r1" = "$r2" ] && awk -v a="$r3" -v b="$r4" 'BEGIN { d = a - b; exit !(d > 0.35 * 22 && d < 0.65 * 22) }'; then
	ok "cover: a space beside a full-width bracket takes no room; adjacent marks take 1.5 em"
else
	fail "cover: punctuation adjustment" "right edges: $r1 / $r2; $r3 - $r4"
fi

# --- failures are atomic -------------------------------------------------------------
echo "old contents" >"$T/keep.epub"
"$JIANBAO" -q --css "$T/missing.css" "$g4" -o "$T/keep.epub" 2>"$T/err"; rc=$?
[ $rc -eq 1 ] && [ "$(cat "$T/keep.epub")" = "old contents" ] && grep -q 'missing.css' "$T/err" \
	&& ok "failure (unreadable --css): exit 1, existing output untouched, error names the file" || fail "failure keeps output" "rc $rc"
"$JIANBAO" -q --css "$T/missing.css" "$g4" -o "$T/new.epub" 2>/dev/null
[ ! -e "$T/new.epub" ] && [ -z "$(ls "$T" | grep -E '^\.?new\.epub.')" ] && ok "failure leaves no partial file" || fail "partial file left"
printf 'p { letter-spacing: 0.02em; }\n' >"$T/extra.css"
"$JIANBAO" -q --css "$T/extra.css" "$g4" -o "$T/css.epub" && unzip -p "$T/css.epub" OEBPS/style.css | grep -q 'letter-spacing: 0.02em' \
	&& unzip -p "$T/css.epub" OEBPS/style.css | grep -q 'text-indent: 2em' \
	&& unzip -p "$T/css.epub" OEBPS/style.css | grep -q 'line-break: strict' \
	&& ok "--css appended to the generated stylesheet (2em indent, strict line breaks)" || fail "--css"

# --- the style drives the stylesheet --------------------------------------------------
"$JIANBAO" -q --no-cover --body-size 12 --leading 24 "$g4" -o "$T/lead.epub" \
	&& unzip -p "$T/lead.epub" OEBPS/style.css | grep -q '^body {.*line-height: 2;' \
	&& unzip -p "$T/lead.epub" OEBPS/style.css | grep -q '^p {.*text-indent: 2em; line-height: 2;' \
	&& unzip -p "$T/lead.epub" OEBPS/style.css | grep -q '^\.title {.*font-size: 1.818em;' \
	&& ok "--body-size 12 --leading 24: line height 2, title still 20/11 of the body" || fail "style overrides in CSS"
"$JIANBAO" -q --style gbt9704 --embed-fonts "$g4" -o "$T/gbt.epub" 2>"$T/err" \
	&& unzip -p "$T/gbt.epub" OEBPS/style.css | grep -q 'font-family: "jb0 FandolFang"' \
	&& ec_queue "style gbt9704 with its FandolFang body embedded: epubcheck clean" "$T/gbt.epub" \
	|| fail "style gbt9704" "$(head -c 300 "$T/err")"

# --- unusual but schema-valid trees ----------------------------------------------------
cat >"$T/odd.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<bulletin version="1" xml:lang="zh-CN">
  <p>开头的段落直接在根下 A1。</p>
  <heading level="2">根下的标题</heading>
  <article><p>没有标题的文章 &amp; 特殊字符 &lt;x&gt; 2024。</p><figure/></article>
  <section>
    <title>空栏目</title>
  </section>
  <section>
    <title>栏目二</title>
    <p>栏目下的段落。</p>
    <figure><caption>只有图注</caption></figure>
    <list kind="ordered"><li>第一项</li><li><b>第二</b>项<br/>换行</li></list>
    <article><kicker>引题</kicker><subtitle>副题无主题</subtitle><byline><author>张三</author></byline>
      <heading level="3">小标题</heading><credit>（供稿）</credit>
      <aside kind="box"><title>框</title><aside><p>嵌套框 Z9</p></aside></aside>
      <byline><author>李四</author></byline></article>
    <credit>（栏目供稿）</credit>
  </section>
  <aside kind="slogan"><p>标语一<br/>标语二</p></aside>
</bulletin>
XML
if "$JIANBAO" -q "$T/odd.xml" -o "$T/odd.epub" 2>"$T/err"; then
	ec_queue "odd tree: epubcheck clean" "$T/odd.epub"
	check "odd tree: text fidelity" py fidelity "$T/odd.epub" "$T/odd.xml"
	check "odd tree: title from the first text, creators, lists" py meta "$T/odd.epub" \
		'opf=<dc:creator id="creator1">张三</dc:creator>;opf=<dc:creator id="creator2">李四</dc:creator>;grep=<ol class="list">;grep=&amp; 特殊字符 &lt;x&gt;'
else
	fail "odd tree converts" "$(head -c 400 "$T/err")"
fi
# random schema-valid trees (fixed seeds): every element in every place the schema allows
cat >"$T/gen.py" <<'GEN'
import random, sys
r = random.Random(int(sys.argv[1]))
H = [chr(c) for c in range(0x4e00, 0x4e80)] + list('abcXYZ0123456789，。《》“”（）&<>"\' ')
def txt(n=None):
    n = n or r.randint(0, 30)
    return ''.join(r.choice(H) for _ in range(n)).replace('&','&amp;').replace('<','&lt;').replace('>','&gt;')
def inline():
    out = []
    for _ in range(r.randint(0, 4)):
        k = r.random()
        if k < 0.6: out.append(txt())
        elif k < 0.8: out.append('<b>%s</b>' % txt())
        else: out.append('<br/>')
    return ''.join(out)
def el(name, body=None): return '<%s>%s</%s>' % (name, inline() if body is None else body, name)
def figure(): return '<figure>' + ''.join(el('caption') for _ in range(r.randint(0,2))) + (el('credit') if r.random()<.3 else '') + '</figure>'
def lst(): return '<list%s>' % r.choice(['', ' kind="bullet"', ' kind="ordered"']) + ''.join(el('li') for _ in range(r.randint(1,3))) + '</list>'
def heading(): return '<heading%s>%s</heading>' % (r.choice(['', ' level="1"', ' level="2"', ' level="3"']), inline())
def aside(d=0):
    s = '<aside%s>' % r.choice(['', ' kind="box"', ' kind="notice"', ' kind="slogan"'])
    if r.random() < .5: s += el('title')
    for _ in range(r.randint(0, 3)):
        s += r.choice([lambda: el('p'), heading, lst, figure, lambda: el('credit')] + ([lambda: aside(d+1)] if d < 2 else []))()
    return s + '</aside>'
def byline(): return '<byline>' + ''.join('<author>%s</author>' % txt(3) for _ in range(r.randint(1,3))) + '</byline>'
def article():
    s = '<article>'
    for n in ['kicker', 'title', 'subtitle']:
        if r.random() < .5: s += el(n)
    if r.random() < .5: s += byline()
    for _ in range(r.randint(0, 5)):
        s += r.choice([lambda: el('p'), heading, figure, lst, lambda: el('credit'), aside, byline])()
    return s + '</article>'
def section():
    s = '<section>' + el('title')
    for _ in range(r.randint(0, 4)):
        s += r.choice([article, aside, heading, lambda: el('p'), figure, lst, lambda: el('credit')])()
    return s + '</section>'
s = '<?xml version="1.0" encoding="UTF-8"?>\n<bulletin version="1">'
if r.random() < .5:
    s += '<meta>' + el('title') + ''.join(el(n) for n in ['subtitle','issue','issuer'] if r.random()<.5)
    if r.random()<.5: s += '<date value="2024-01-0%d">%s</date>' % (r.randint(1,9), inline())
    s += '</meta>'
if r.random() < .4:
    s += '<contents>' + el('title') + ''.join(el('entry') for _ in range(r.randint(1,4))) + '</contents>'
for _ in range(r.randint(0, 6)):
    s += r.choice([section, article, aside, lambda: el('p'), heading])()
if r.random() < .4:
    s += '<colophon>' + ''.join(el('p') for _ in range(r.randint(1,3))) + '</colophon>'
print(s + '</bulletin>')
GEN
for seed in 11 23 37; do
	python3 "$T/gen.py" $seed >"$T/rand$seed.xml"
	if "$JIANBAO" -q --embed-fonts "$T/rand$seed.xml" -o "$T/rand$seed.epub" 2>"$T/err"; then
		ec_queue "random tree $seed: epubcheck clean (with fonts)" "$T/rand$seed.epub"
		check "random tree $seed: text fidelity" py fidelity "$T/rand$seed.epub" "$T/rand$seed.xml"
	else
		fail "random tree $seed converts" "$(head -c 300 "$T/err")"
	fi
done
printf '<?xml version="1.0"?>\n<bulletin version="1"/>\n' >"$T/empty.xml"
"$JIANBAO" -q "$T/empty.xml" -o "$T/empty.epub" && ec_queue "empty bulletin: a valid (empty) book" "$T/empty.epub" \
	|| fail "empty bulletin converts"
printf '<?xml version="1.0"?>\n<bulletin version="1" xml:lang="en"><article><title>Only title</title></article></bulletin>\n' >"$T/en.xml"
"$JIANBAO" -q --no-cover "$T/en.xml" -o "$T/en.epub" && py meta "$T/en.epub" 'opf=<dc:language>en</dc:language>;opf=xml:lang="en"' \
	&& unzip -p "$T/en.epub" OEBPS/c001.xhtml | grep -q 'lang="en" xml:lang="en"' \
	&& ok "the tree's xml:lang is the book's language" || fail "xml:lang"

# --- long running text is cut into documents of bounded size ------------------------
python3 -c "
import random
random.seed(3)
han = [chr(c) for c in range(0x4e00, 0x4e00 + 2000)]
print('\n\n'.join(''.join(random.choice(han) for _ in range(150)) + '。' for _ in range(800)))
" >"$T/long.txt"
"$JIANBAO" -q --no-cover "$T/long.txt" -o "$T/long.epub" && "$JIANBAO" -q "$T/long.txt" -o "$T/long.xml" \
	&& n=$(unzip -l "$T/long.epub" | grep -c 'OEBPS/c[0-9]*\.xhtml') && [ "$n" -ge 3 ] \
	&& [ -z "$(unzip -l "$T/long.epub" | awk '/\.xhtml/ && $1 > 200000')" ] \
	&& py fidelity "$T/long.epub" "$T/long.txt" "$T/long.xml" \
	&& ok "360 KB of running text: $n content documents under 200 KB each, text complete" || fail "long text split" "${n:-no} documents"

# --- a real reading system -----------------------------------------------------------
if ebook-convert "$e4" "$T/calibre.txt" >"$T/cal.out" 2>&1 && grep -q '浙里共富' "$T/calibre.txt" \
	&& grep -q '永康市助力四川平昌县' "$T/calibre.txt"; then
	ok "calibre ebook-convert reads the EPUB and finds its text"
else
	fail "calibre ebook-convert" "$(tail -c 400 "$T/cal.out")"
fi
# --- epubcheck on every book queued above ---------------------------------------------
ec_run
done_testing
