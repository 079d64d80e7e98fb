#!/usr/bin/env python3
"""Layout read back from a PDF per character (mutool draw -F stext: x, baseline y,
font, size), for tests/t-pdf.sh and tests/t-print.sh. Exit 0 when the check holds,
1 with the reason otherwise; figures on stdout.

  pdf-layout.py grid PDF [LINES]   every body line on one baseline grid (0.5 pt) on
                                   every page; every page filled to its last grid line
                                   with body text only holds the same number of lines
                                   (LINES if given)
  pdf-layout.py kinsoku PDF        no line starts with a line-start-prohibited mark or
                                   ends with a line-end-prohibited one
  pdf-layout.py justify PDF        every body line followed by a non-indented body line
                                   on the next grid line ends at the measure (0.5 pt)
  pdf-layout.py keeps PDF          no heading last on a page, no orphan or widow line
  pdf-layout.py fidelity PDF SRC [XML]  letters and digits of SRC all in the PDF text, in the
                                   order of SRC (or of its bulletin XML)
  pdf-layout.py area PDF L R T B C N  type area (mm from the page's left and top edges):
                                   left L, right R, top T, bottom B within 1 mm; a full
                                   page of N lines of C characters
Body text is the most common (font, size) of the document."""
import collections, html, re, subprocess, sys, unicodedata

START_BAD = set('，。、；：？！）】》」』”’〕〉〗］｝,.;:?!)')
END_BAD = set('（【《「『“‘〔〈〖［｛(')
PUNCT = set('，。、；：？！）】》」』”’〕〉（【《「『“‘')
MM = 72 / 25.4


def stext(pdf):
    """mutool's structured text, cached next to the PDF (the checks share it)."""
    import os
    cache = pdf + '.stext'
    if os.path.exists(cache) and os.path.getmtime(cache) >= os.path.getmtime(pdf):
        return open(cache, encoding='utf-8').read()
    x = subprocess.run(['mutool', 'draw', '-F', 'stext', '-o', '-', pdf],
                       capture_output=True, text=True, timeout=300).stdout
    try:
        open(cache, 'w', encoding='utf-8').write(x)
    except OSError:
        pass
    return x


def pages_of(pdf):
    x = stext(pdf)
    pages = []
    for pg in re.finditer(r'<page [^>]*width="([\d.]+)" height="([\d.]+)">(.*?)</page>', x, re.S):
        cs = []
        for fm in re.finditer(r'<font name="([^"]*)" size="([\d.]+)">(.*?)</font>', pg.group(3), re.S):
            font, size = fm.group(1), float(fm.group(2))
            for c in re.finditer(r'<char quad="([\d.\- ]+)" x="([\d.\-]+)" y="([\d.\-]+)" color="([^"]*)"[^>]*c="([^"]*)"', fm.group(3)):
                q = [float(v) for v in c.group(1).split()]
                cs.append(dict(x=float(c.group(2)), y=float(c.group(3)), x1=q[2], font=font, size=size,
                               color=c.group(4), c=html.unescape(c.group(5))))
        pages.append(dict(w=float(pg.group(1)), h=float(pg.group(2)), lines=lines_of(cs)))
    return pages


def lines_of(cs):
    """Visual lines: characters sharing a baseline (within 0.3 pt), left to right."""
    groups = []
    for c in sorted(cs, key=lambda c: c['y']):
        if groups and c['y'] - groups[-1][-1]['y'] <= 0.3:
            groups[-1].append(c)
        else:
            groups.append([c])
    out = []
    for g in groups:
        ch = [c for c in sorted(g, key=lambda c: c['x']) if c['c'].strip()]
        if ch:
            y = sorted(c['y'] for c in ch)[len(ch) // 2]
            out.append(dict(y=y, chars=ch, t=''.join(c['c'] for c in ch), x0=ch[0]['x'], x1=ch[-1]['x1']))
    return out


def body_of(pages):
    fs = collections.Counter((c['font'], c['size']) for p in pages for l in p['lines'] for c in l['chars'])
    face = fs.most_common(1)[0][0]
    for p in pages:
        for l in p['lines']:
            n = sum((c['font'], c['size']) == face for c in l['chars'])
            l['body'] = n * 2 > len(l['chars'])
    return face


def grid(pages):
    """(origin, pitch, slot per body line) from the body lines."""
    d = collections.Counter()
    for p in pages:
        ys = [l['y'] for l in p['lines'] if l['body']]
        for a, b in zip(ys, ys[1:]):
            d[round(b - a, 1)] += 1
    pitch = d.most_common(1)[0][0]
    # refine the pitch from the exact differences near the most common one
    ex = [b - a for p in pages for a, b in zip([l['y'] for l in p['lines'] if l['body']],
                                                [l['y'] for l in p['lines'] if l['body']][1:])
          if abs((b - a) - pitch) < 0.1]
    pitch = sum(ex) / len(ex) if ex else pitch
    first = next(i for i, p in enumerate(pages) if any(l['body'] for l in p['lines']))
    # slot 0 of every page: the highest body baseline anywhere (facing pages share it)
    origin = min(l['y'] for p in pages for l in p['lines'] if l['body'])
    return origin, pitch, first


def cmd_grid(pdf, want=None):
    pages = pages_of(pdf)
    body_of(pages)
    origin, pitch, _ = grid(pages)
    off, total, slots = [], 0, []
    for pi, p in enumerate(pages):
        for l in p['lines']:
            if not l['body']:
                continue
            total += 1
            k = (l['y'] - origin) / pitch
            if abs(k - round(k)) * pitch > 0.5:
                off.append((pi + 1, round(l['y'], 2), l['t'][:12]))
            l['slot'] = round(k)
    nslots = max(l['slot'] for p in pages for l in p['lines'] if l['body']) + 1
    full = []
    for pi, p in enumerate(pages[:-1]):
        inarea = [l for l in p['lines'] if origin - pitch / 2 <= l['y'] <= origin + (nslots - 0.5) * pitch]
        if inarea and all(l['body'] for l in inarea) and inarea[-1].get('slot') == nslots - 1:
            full.append((pi + 1, len(inarea)))
    counts = set(n for _, n in full)
    print(f"pages {len(pages)} body lines {total} off-grid {len(off)} pitch {pitch:.3f} "
          f"slots {nslots} full pages {len(full)} lines per full page {sorted(counts)}")
    if off:
        return f"off the grid: {off[:5]}"
    if len(counts) > 1:
        return f"full pages hold different numbers of body lines: {full}"
    if counts and counts != {nslots}:
        return f"full pages hold {counts} lines but the grid has {nslots} slots"
    if want and (nslots > int(want) or (counts and counts != {int(want)})):
        return f"grid has {nslots} lines per page, want {want}"
    return None


def cmd_kinsoku(pdf):
    pages = pages_of(pdf)
    bad = [(pi + 1, l['t'][:20]) for pi, p in enumerate(pages) for l in p['lines']
           if l['t'][0] in START_BAD or l['t'][-1] in END_BAD]
    n = sum(len(p['lines']) for p in pages)
    print(f"lines {n} prohibited at start or end {len(bad)}")
    return f"prohibited marks at line edges: {bad[:5]}" if bad else None


def cmd_justify(pdf):
    pages = pages_of(pdf)
    body_of(pages)
    origin, pitch, _ = grid(pages)
    body = [l for p in pages for l in p['lines'] if l['body']]
    left = collections.Counter(round(l['x0'], 1) for l in body).most_common(1)[0][0]
    em = collections.Counter(c['size'] for l in body for c in l['chars']).most_common(1)[0][0]

    def end(l):
        # a full-width mark at the line end is set half width: its ink ends at the
        # middle of its box
        c = l['chars'][-1]
        return c['x'] + em / 2 if c['c'] in PUNCT and c['x1'] - c['x'] > 0.75 * em else c['x1']
    right = collections.Counter(round(end(l), 1) for l in body if abs(l['x0'] - left) < 0.5).most_common(1)[0][0]
    checked, short = 0, []
    for p in pages:
        bl = [l for l in p['lines'] if l['body']]
        for a, b in zip(bl, bl[1:]):
            if abs(a['x0'] - left) > 2.5 * em or abs(b['x0'] - left) > 0.5:
                continue
            if abs((b['y'] - a['y']) - pitch) > 0.5:
                continue
            checked += 1
            if abs(end(a) - right) > 0.5:
                short.append((round(end(a) - right, 2), a['t'][-10:]))
    print(f"justified {checked - len(short)} of {checked} (measure {left:.2f}-{right:.2f} pt)")
    return f"lines not flush with the measure: {short[:5]}" if short else None


def cmd_keeps(pdf):
    """No heading, title or byline last on a page; no paragraph's first line alone
    at the foot of a page (orphan) or last line alone at the head of one (widow)."""
    pages = pages_of(pdf)
    face = body_of(pages)
    origin, pitch, _ = grid(pages)
    body = [l for p in pages for l in p['lines'] if l['body']]
    left = collections.Counter(round(l['x0'], 1) for l in body).most_common(1)[0][0]
    em = face[1]
    nslots = max(round((l['y'] - origin) / pitch) for l in body) + 1
    bottom = origin + (nslots - 1) * pitch + pitch / 2
    bad = []
    for i in range(len(pages) - 1):
        inarea = [l for l in pages[i]['lines'] if origin - pitch <= l['y'] <= bottom]
        nxt = [l for l in pages[i + 1]['lines'] if origin - pitch <= l['y'] <= bottom]
        if not inarea or not nxt:
            continue
        last, first = inarea[-1], nxt[0]
        size = max(c['size'] for c in last['chars'])
        entry = re.search(r'\d$', last['t'])     # a contents entry with its page number
        if not last['body'] and not entry and (size > em + 0.01 or 'Sans' in last['chars'][0]['font']):
            bad.append((i + 1, 'heading last on the page', last['t'][:12]))
        cont = first['body'] and abs(first['x0'] - left) < 0.5
        if last['body'] and abs(last['x0'] - left - 2 * em) < 1.5 and cont:
            bad.append((i + 1, 'orphan', last['t'][:12]))
        right = max(l['x1'] for l in body)
        if cont and last['body'] and abs(last['x0'] - left) < 0.5 and first['x1'] < right - 1.5 * em:
            after = nxt[1] if len(nxt) > 1 else None
            ends = after is None or not after['body'] or abs(after['x0'] - left) > 0.5
            if ends:
                bad.append((i + 2, 'widow', first['t'][:12]))
    print(f"{len(pages)} pages, keep/widow/orphan problems {len(bad)}")
    return f"{bad[:5]}" if bad else None


def letters(s):
    s = unicodedata.normalize('NFKC', s)
    return [c for c in s if unicodedata.category(c)[0] in 'LN']


def cmd_fidelity(pdf, src, order=None):
    """order: the bulletin XML whose reading order the PDF must keep (the structurer
    may move a caption that interrupted a sentence after the rejoined paragraph)."""
    text = subprocess.run(['pdftotext', '-raw', pdf, '-'], capture_output=True, text=True, timeout=120).stdout
    want, got = letters(open(src, encoding='utf-8', errors='replace').read()), letters(text)
    lost = sum((collections.Counter(want) - collections.Counter(got)).values())
    if order:
        import xml.etree.ElementTree as ET
        want = letters(''.join(ET.parse(order).getroot().itertext()))
    # reading order: the input's letters are a subsequence of the PDF's, matched
    # greedily from the end of the previous match
    i = 0
    for c in got:
        if i < len(want) and c == want[i]:
            i += 1
    print(f"letters {len(want)} lost {lost} in order {i} of {len(want)}")
    if lost:
        return f"{lost} letters or digits of the input are missing"
    if i < len(want):
        return f"reading order breaks at input letter {i}: ...{''.join(want[max(0, i - 10):i + 5])}"
    return None


def cmd_area(pdf, L, R, T, B, C, N):
    pages = pages_of(pdf)
    face = body_of(pages)
    size = face[1]
    origin, pitch, _ = grid(pages)
    N, C = int(N), int(C)
    body = [l for p in pages for l in p['lines'] if l['body']]
    left = collections.Counter(round(l['x0'], 1) for l in body).most_common(1)[0][0]
    # full lines: start at the left edge and hold C full-width characters
    widths = collections.Counter(len(l['chars']) for l in body if abs(l['x0'] - left) < 0.5
                                 and all(ord(c['c']) > 0x2000 for c in l['chars']))
    per_line = widths.most_common(1)[0][0]
    right = max(c['x1'] for l in body if abs(l['x0'] - left) < 0.5 and len(l['chars']) == per_line
                for c in l['chars'][-1:] if c['c'] not in PUNCT)
    top = origin - 0.88 * size
    bottom = origin + (N - 1) * pitch + 0.12 * size
    fullpages = [pi + 1 for pi, p in enumerate(pages)
                 if sum(l['body'] for l in p['lines']) == N]
    got = dict(left=left / MM, right=right / MM, top=top / MM, bottom=bottom / MM)
    print("type area mm: " + ' '.join(f"{k} {v:.2f}" for k, v in got.items())
          + f"; characters per full line {per_line}; pages with {N} body lines {fullpages}")
    want = dict(left=float(L), right=float(R), top=float(T), bottom=float(B))
    bad = [k for k in want if abs(got[k] - want[k]) > 1.0]
    if bad:
        return f"type area off by more than 1 mm at {bad}"
    if per_line != C:
        return f"full lines hold {per_line} characters, want {C}"
    if not fullpages:
        return f"no page holds {N} body lines"
    return None


def main(cmds, usage):
    """Runs the command named by argv[1] on the other arguments; a command returns
    None when the check passes, else why it failed (printed, exit 1)."""
    if len(sys.argv) < 3 or sys.argv[1] not in cmds:
        sys.exit(usage)
    why = cmds[sys.argv[1]](*sys.argv[2:])
    if why:
        print('FAIL: ' + why)
        sys.exit(1)


if __name__ == '__main__':
    main(dict(keeps=cmd_keeps, grid=cmd_grid, kinsoku=cmd_kinsoku, justify=cmd_justify, fidelity=cmd_fidelity,
              area=cmd_area), __doc__)
