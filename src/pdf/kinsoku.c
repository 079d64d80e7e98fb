/*
 * pdf/kinsoku.c: clreq line-start / line-end prohibition classes (see kinsoku.h),
 * GB style (clreq §Prohibition Rules: basic + solidus not at line end), with the
 * strict additions for dashes.
 */
#include "kinsoku.h"

/*
 * Not at line start: pause/stop marks, closing quotes and brackets, connectors,
 * interpuncts (clreq basic level), ellipsis and two-em dash (strict level), and
 * the Western counterparts that would look equally wrong at a line start.
 */
bool
jb_kinsoku_no_start(gunichar c)
{
	switch (c) {
	/* pause / stop */
	case 0x3001: case 0xFF0C: case 0x3002: case 0xFF0E: case 0xFF1B:
	case 0xFF1A: case 0xFF01: case 0xFF1F: case 0xFF64: case 0xFF61:
	/* closing quotes and brackets */
	case 0x201D: case 0x2019: case 0x300D: case 0x300F: case 0xFF09:
	case 0x3011: case 0x3015: case 0x3017: case 0xFF3D: case 0xFF5D:
	case 0x300B: case 0x3009: case 0x3019: case 0x301B: case 0x301E:
	case 0x301F: case 0xFF63:
	/* connectors: – — ～ ~ ⸺ ⸻ (Pango 1.50 lets — ～ ⸺ through) */
	case 0x2013: case 0x2014: case 0x2015: case 0xFF5E: case 0x007E:
	case 0x301C: case 0x2E3A: case 0x2E3B:
	/* interpuncts (Pango 1.50 lets · through) */
	case 0x00B7: case 0x30FB: case 0x2027: case 0xFF65:
	/* ellipsis (strict) */
	case 0x2026: case 0x22EF: case 0x2025:
	/* Western pause / stop / closing and units that belong to the number */
	case ',': case '.': case ';': case ':': case '?': case '!': case ')':
	case ']': case '}': case '%': case 0xFF05: case 0x2030: case 0x2103:
	/* small kana and prolonged sound mark (Japanese names in Chinese text) */
	case 0x30FC: case 0x3005:
		return true;
	default:
		return false;
	}
}

/*
 * Not at line end: opening quotes and brackets (basic) and the solidus (GB
 * style: Pango 1.50 allows a break after / and ／).
 */
bool
jb_kinsoku_no_end(gunichar c)
{
	switch (c) {
	case 0x201C: case 0x2018: case 0x300C: case 0x300E: case 0xFF08:
	case 0x3010: case 0x3014: case 0x3016: case 0xFF3B: case 0xFF5B:
	case 0x300A: case 0x3008: case 0x3018: case 0x301A: case 0x301D:
	case 0xFF62:
	case '(': case '[': case '{':
	case '/': case 0xFF0F:
		return true;
	default:
		return false;
	}
}
