#!/bin/sh
# bench/epub.sh: EPUB speed. Every sample to EPUB as a whole process (with the cover,
# and with --no-cover), alternated run by run with pandoc -f markdown -t epub3 on the
# same sample; medians of RUNS runs, ratios to pandoc, and peak memory (/usr/bin/time -v).
# Usage: bench/epub.sh [RUNS]   (default 11; JIANBAO=path selects the binary)
#        bench/epub.sh shots [DIR]  renders the cover, title page, an article and the
#        colophon of sample 004 in headless Chromium to DIR (default out/epub-shots),
#        to be looked at: what a reading system shows.
# Targets (issue 3): cover <= 50 ms and >= 2x pandoc; --no-cover <= 10 ms and >= 10x.
cd "$(dirname "$0")/.." || exit 2
JIANBAO="${JIANBAO:-$PWD/jianbao}"
RUNS="${1:-11}"
[ "$1" = shots ] && RUNS=1
[ -x "$JIANBAO" ] || { echo "bench/epub.sh: $JIANBAO not built"; exit 2; }
command -v pandoc >/dev/null || { echo "bench/epub.sh: pandoc is not installed"; exit 2; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1700000000

if [ "$1" = shots ]; then
	dir="${2:-out/epub-shots}"
	browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome) \
		|| { echo "bench/epub.sh: no chromium (apt-get install -y chromium)"; exit 2; }
	case $dir in /*) ;; *) dir="$PWD/$dir" ;; esac
	mkdir -p "$dir" "$TMP/x"
	"$JIANBAO" -q --embed-fonts samples/004_09128d5d29eb14ea.txt -o "$TMP/b.epub" || exit 1
	(cd "$TMP/x" && unzip -q ../b.epub) || exit 1
	first=$(sed -n 's/.*<itemref idref="\(c[0-9]*\)".*/\1/p' "$TMP/x/OEBPS/content.opf" | head -1)
	for p in cover title "$first" colophon; do
		[ -f "$TMP/x/OEBPS/$p.xhtml" ] || continue
		timeout 60 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
			--hide-scrollbars --window-size=600,900 --screenshot="$dir/$p.png" \
			"file://$TMP/x/OEBPS/$p.xhtml" >/dev/null 2>&1 && [ -s "$dir/$p.png" ] && echo "$dir/$p.png"
	done
	exit 0
fi

python3 - "$JIANBAO" "$RUNS" "$TMP" samples/*.txt <<'PY'
import os, re, statistics, subprocess, sys, time
jb, runs, tmp, samples = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
out = os.path.join(tmp, 'o.epub')
def cmds(s):
    return {
        'cover': [jb, '-q', s, '-o', out],
        'nocover': [jb, '-q', '--no-cover', s, '-o', out],
        'pandoc': ['pandoc', '-f', 'markdown', '-t', 'epub3', s, '-o', os.path.join(tmp, 'p.epub')],
    }
cpu = {}
def once(c, key=None):
    # wall time of the whole process, and its CPU time (user + sys) from wait4:
    # on a shared machine the wall clock also counts waiting for a core
    t = time.perf_counter()
    p = subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = (time.perf_counter() - t) * 1000
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit('failed: ' + ' '.join(c))
    if key:
        cpu.setdefault(key, []).append((ru.ru_utime + ru.ru_stime) * 1000)
    return wall
def peak(c):
    if not os.path.exists('/usr/bin/time'):
        return 0	# Debian package "time" not installed
    r = subprocess.run(['/usr/bin/time', '-v'] + c, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, check=True)
    return int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', r.stderr).group(1))
print('%-26s %9s %9s %9s %8s %8s %9s %9s' % ('sample (ms, median of %d)' % runs,
      'cover', 'no-cover', 'pandoc', 'x cover', 'x nocov', 'RSS cover', 'RSS pand'))
allok = True
for s in samples:
    c = cmds(s)
    for k in c:
        once(c[k])	# warm the page cache
    t = {k: [] for k in c}
    cpu.clear()
    for _ in range(runs):	# alternate so that load changes hit all three alike
        for k in c:
            t[k].append(once(c[k], k))
    u = {k: statistics.median(v) for k, v in cpu.items()}
    m = {k: statistics.median(v) for k, v in t.items()}
    rc, rp = m['pandoc'] / m['cover'], m['pandoc'] / m['nocover']
    miss = [n for n, good in (('cover<=50ms', m['cover'] <= 50), ('cover>=2x', rc >= 2),
            ('nocover<=10ms', m['nocover'] <= 10), ('nocover>=10x', rp >= 10)) if not good]
    ok = not miss
    allok &= ok
    print('%-26s %9.1f %9.1f %9.1f %7.1fx %7.1fx %7d K %7d K %s' % (os.path.basename(s),
          m['cover'], m['nocover'], m['pandoc'], rc, rp, peak(c['cover']), peak(c['pandoc']),
          '' if ok else '  misses ' + ' '.join(miss)))
    print('%-26s %9.1f %9.1f %9.1f %7.1fx %7.1fx' % ('  CPU user+sys', u['cover'], u['nocover'],
          u['pandoc'], u['pandoc'] / u['cover'], u['pandoc'] / u['nocover']))
print('load average: %.2f %.2f %.2f on %d cores' % (os.getloadavg() + (os.cpu_count(),)))
print('targets: cover <= 50 ms and >= 2x pandoc; --no-cover <= 10 ms and >= 10x pandoc: %s'
      % ('met' if allok else 'NOT met'))
PY
