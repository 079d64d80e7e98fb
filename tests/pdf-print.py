#!/usr/bin/env python3
"""Print-edition parts read back from a PDF, for tests/t-print.sh. Exit 0 when the
check holds, 1 with the reason. Lengths in mm from the page's left/top edges.

  pdf-print.py masthead PDF TITLE LEFT RIGHT   page 1: TITLE is the largest text, red,
                                   centred on the type area; issuer flush left and date
                                   flush right on one line, above a red rule as wide as
                                   the type area
  pdf-print.py colophon PDF BOTTOM  last page: 送/发 lines and the 印发 line lowest in the
                                   type area, between rules as wide as the type area,
                                   the last rule at BOTTOM (within 0.5 mm)
  pdf-print.py contents PDF         each contents entry's page number is the page its
                                   article starts on, and each entry is a link
  pdf-print.py outline PDF XML      the outline lists the sections and articles of XML in
                                   order, with their titles
  pdf-print.py folios PDF POS DROP BOTTOM  every page but the first carries its number
                                   below the type area (POS outer|center), its em box
                                   DROP mm below BOTTOM; page 1 carries none
  pdf-print.py itemtitle PDF MODE   ▲ item titles run in (MODE run-in: title and text on
                                   one line) or set as a head (MODE head: line of its own)
"""
import json, re, subprocess, sys, xml.etree.ElementTree as ET
from importlib.machinery import SourceFileLoader
import os

L = SourceFileLoader('pdflayout', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pdf-layout.py')).load_module()
MM = 72 / 25.4


def rules_of(pdf, page):
    """Filled rectangles (rules, panels) on a page: x0, y0, x1, y1 in pt, colour."""
    x = subprocess.run(['mutool', 'draw', '-F', 'trace', '-o', '-', pdf, str(page)],
                       capture_output=True, text=True, timeout=120).stdout
    out = []
    for m in re.finditer(r'<fill_path [^>]*color="([^"]*)"[^>]*>(.*?)</fill_path>', x, re.S):
        pts = [(float(a), float(b)) for a, b in re.findall(r'x="([\d.\-]+)" y="([\d.\-]+)"', m.group(2))]
        if pts:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            out.append(dict(x0=min(xs), x1=max(xs), y0=min(ys), y1=max(ys), color=m.group(1)))
    return out


def red(color):
    c = [float(v) for v in color.replace('#', ' ').split()] if ' ' in color else None
    if color.startswith('#'):
        r, g, b = int(color[1:3], 16) / 255, int(color[3:5], 16) / 255, int(color[5:7], 16) / 255
    elif c and len(c) == 3:
        r, g, b = c
    else:
        return False
    return r > 0.6 and g < 0.3 and b < 0.3


def cmd_masthead(pdf, title, left, right):
    left, right = float(left) * MM, float(right) * MM
    p1 = L.pages_of(pdf)[0]
    big = max(p1['lines'], key=lambda l: max(c['size'] for c in l['chars']))
    print(f"largest text on page 1: {big['t']} ({big['chars'][0]['size']} pt, colour {big['chars'][0]['color']})")
    if big['t'].replace(' ', '') != title.replace(' ', ''):
        return f"largest text is {big['t']!r}, not {title!r}"
    if not all(red(c['color']) for c in big['chars']):
        return "masthead title is not red"
    mid = (big['x0'] + big['x1']) / 2
    if abs(mid - (left + right) / 2) > 1.5:
        return f"masthead title centred at {mid / MM:.1f} mm, type area centre {(left + right) / 2 / MM:.1f} mm"
    rules = [r for r in rules_of(pdf, 1) if red(r['color']) and abs((r['x1'] - r['x0']) - (right - left)) < 1
             and r['y0'] > big['y']]
    if not rules:
        return "no red rule as wide as the type area below the masthead"
    rule = min(rules, key=lambda r: r['y0'])
    above = [l for l in p1['lines'] if big['y'] < l['y'] < rule['y0']]
    if not above:
        return "nothing between the title and the red rule"
    last = above[-1]
    # issuer flush left and date flush right: the last line above the rule (or the two last)
    lft = [l for l in above[-2:] if abs(l['x0'] - left) < 1]
    rgt = [l for l in above[-2:] if abs(l['x1'] - right) < 1.5 and re.search(r'\d+\s*日', l['t'])]
    print(f"red rule at {rule['y0'] / MM:.1f} mm; line above it: {last['t']}")
    if not lft or not rgt:
        return "issuer not flush left or date not flush right above the rule"
    return None


def cmd_colophon(pdf, bottom):
    bottom = float(bottom) * MM
    pages = L.pages_of(pdf)
    n = len(pages)
    last = pages[-1]
    song = [l for l in last['lines'] if re.match(r'(抄送|送|发|报)[:：]', l['t'])]
    yin = [l for l in last['lines'] if l['t'].endswith('印发')]
    if not song:
        return "no 送/发 lines on the last page"
    # rules as wide as the type area, from just above the first 送 line down
    rules = [r for r in rules_of(pdf, n) if r['y1'] - r['y0'] < 2 and r['x1'] - r['x0'] > 200
             and r['y1'] > song[0]['y'] - 2.5 * song[0]['chars'][0]['size']]
    print(f"last page: {len(rules)} rules at {[round((r['y0'] + r['y1']) / 2 / MM, 1) for r in rules]} mm; "
          f"{len(song)} 送/发 lines, {len(yin)} 印发 lines")
    if not song or not yin or not rules:
        return "colophon lines or rules missing on the last page"
    top = min(r['y0'] for r in rules)
    low = max(rules, key=lambda r: r['y0'])
    if abs((low['y0'] + low['y1']) / 2 - bottom) > 0.5 * MM:
        return f"last rule at {(low['y0'] + low['y1']) / 2 / MM:.2f} mm, want {bottom / MM:.2f} mm"
    inside = [l for l in last['lines'] if top < l['y'] < low['y0']]
    if not all(l in inside for l in song + yin):
        return "colophon lines are not between its rules"
    below = [l for l in last['lines'] if l['y'] > top and l not in inside and l['y'] < low['y0']]
    if below:
        return "other text inside the colophon"
    if yin[0]['y'] < max(l['y'] for l in song):
        return "the 印发 line is not the last"
    return None


def norm(s):
    return re.sub(r'\s+', '', s)


def cmd_contents(pdf):
    pages = L.pages_of(pdf)
    cp = next((i for i, p in enumerate(pages) if any(norm(l['t']) in ('目录', '目錄') for l in p['lines'])), None)
    if cp is None:
        return "no contents page"
    entries, cur = [], ''
    started, size, last = False, None, cp
    for pi in range(cp, len(pages)):
        plain_run = 0
        for l in pages[pi]['lines']:
            t = norm(l['t'])
            if t in ('目录', '目錄'):
                started = True
                continue
            if not started or (size and l['chars'][0]['size'] != size):
                continue
            m = re.match(r'^(.*?)(\d+)$', t)
            if m:
                size = size or l['chars'][0]['size']
                entries.append((cur + m.group(1), int(m.group(2)), pi))
                cur, plain_run, last = '', 0, pi
            else:
                cur += t
                plain_run += 1
                if plain_run >= 3:      # running text: the contents have ended
                    break
        if plain_run >= 3 or pi > last:
            break
    cp_last = last
    texts = [norm(''.join(l['t'] for l in p['lines'])) for p in pages]
    bad = []
    for e, num, epage in entries:
        key = e[:10]
        # the article's page: the first page from the entry's own on where its title
        # appears (on the entry's page, a second time)
        where = next((i + 1 for i in range(epage, len(pages))
                      if texts[i].count(key) >= (2 if i == epage else 1)), None)
        if where != num:
            bad.append((e[:12], num, where))
    j = json.loads(subprocess.run(['qpdf', '--json', pdf], capture_output=True, text=True).stdout)
    nlinks = 0
    for pi in range(cp, cp_last + 1):
        qp = subprocess.run(['qpdf', '--show-object=' + j['pages'][pi]['object'], pdf],
                            capture_output=True, text=True).stdout
        m = re.search(r'/Annots \[([^\]]*)\]', qp)
        nlinks += len(re.findall(r'\d+ 0 R', m.group(1))) if m else 0
    print(f"contents on pages {cp + 1}-{cp_last + 1}: {len(entries)} entries, {len(bad)} wrong page numbers, {nlinks} links")
    if not entries:
        return "no entries with page numbers"
    if bad:
        return f"entries whose number is not their page: {bad[:4]}"
    if nlinks < len(entries):
        return f"{nlinks} links for {len(entries)} entries"
    return None


def plain(e):
    t = ''.join(e.itertext()) if e is not None else ''
    return re.sub(r'\s+', ' ', t).strip()


def expected_outline(xmlfile):
    root = ET.parse(xmlfile).getroot()
    out = []

    def article(a, level):
        t = a.find('title')
        if t is not None:
            out.append((level, plain(t)))
        else:
            p = plain(a.find('p')) if a.find('p') is not None else ''
            out.append((level, p[:18] + '…' if len(p) > 18 else p))
    for c in root:
        if c.tag == 'section':
            out.append((0, plain(c.find('title'))))
            for a in c:
                if a.tag == 'article':
                    article(a, 1)
        elif c.tag == 'article':
            article(c, 0)
    return out


def cmd_outline(pdf, xmlfile):
    j = json.loads(subprocess.run(['qpdf', '--json', pdf], capture_output=True, text=True).stdout)
    got = []

    def walk(items, level):
        for o in items:
            got.append((level, o['title']))
            walk(o.get('kids', []), level + 1)
    walk(j.get('outlines', []), 0)
    want = expected_outline(xmlfile)
    print(f"outline: {len(got)} entries, {len(want)} sections and articles in the XML")
    for g, w in zip(got, want):
        if g != w:
            return f"outline entry {g} where {w} was expected"
    if len(got) != len(want):
        return f"outline has {len(got)} entries, want {len(want)}"
    return None


def cmd_folios(pdf, pos, drop, bottom):
    drop, bottom = float(drop) * MM, float(bottom) * MM
    pages = L.pages_of(pdf)
    bad = []
    for i, p in enumerate(pages):
        n = i + 1
        low = [l for l in p['lines'] if l['y'] > bottom]
        fol = [l for l in low if re.fullmatch(r'\D{0,3}' + str(n) + r'\D{0,3}', l['t'])]
        if n == 1:
            if fol:
                bad.append((n, 'page 1 has a folio'))
            continue
        if not fol:
            bad.append((n, 'no folio'))
            continue
        f = fol[0]
        size = f['chars'][0]['size']
        top = f['y'] - 0.88 * size
        if abs(top - (bottom + drop)) > 0.5 * MM:
            bad.append((n, f'folio top {top / MM:.2f} mm, want {(bottom + drop) / MM:.2f}'))
        mid = (f['x0'] + f['x1']) / 2
        if pos == 'outer' and ((n % 2 and mid < p['w'] / 2) or (n % 2 == 0 and mid > p['w'] / 2)):
            bad.append((n, 'folio not on the outer side'))
        if pos == 'center' and abs(mid - p['w'] / 2) > 20:
            bad.append((n, 'folio not centred'))
    print(f"{len(pages)} pages, folio problems {len(bad)}")
    return f"folios: {bad[:4]}" if bad else None


def cmd_itemtitle(pdf, mode):
    pages = L.pages_of(pdf)
    lines = [l for p in pages for l in p['lines'] if l['t'].startswith('▲')]
    if not lines:
        return "no ▲ item"
    # run-in: the paragraph text follows the title on its line (the line reaches the measure);
    # head: the title line is followed by an indented paragraph line
    right = max(l['x1'] for l in lines)
    runin = [l for l in lines if '。' in l['t'][1:-1] or l['x1'] > right - 30]
    print(f"{len(lines)} ▲ items, {len(runin)} with text running on after the title")
    if mode == 'run-in' and len(runin) < len(lines) * 0.8:
        return "item titles are not run in"
    if mode == 'head':
        heads = [l for l in lines if l['chars'][1]['font'] != lines[0]['chars'][-1]['font'] or True]
        sizes = set(l['chars'][1]['font'] for l in lines)
        body = L.body_of(pages)
        if any(l['chars'][1]['font'] == body[0] and l['chars'][1]['size'] == body[1] for l in heads):
            return f"item titles set in the body face, not as heads ({sizes})"
    return None


if __name__ == '__main__':
    L.main(dict(masthead=cmd_masthead, colophon=cmd_colophon, contents=cmd_contents, outline=cmd_outline,
                folios=cmd_folios, itemtitle=cmd_itemtitle), __doc__)
