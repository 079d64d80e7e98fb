/*
 * text/punct.c: optional punctuation normalisation. Half-width , : ; ? ! next
 * to Chinese text become full width; ( ) become （ ） when what they enclose is
 * Chinese. Numbers and ASCII runs (11.46, 5.9%, 10:30, (0571)85310538) stay.
 */
#include <string.h>
#include "rules.h"

#define PAREN_REACH 256	/* bytes searched for the matching ')' */

/* The nearest character before i / from i on, skipping ** marks and spaces. */
static gunichar
neighbour_before(const char *s, size_t i)
{
	while (i > 0) {
		gunichar c = jb_char_before(s, &i);
		if (c != '*' && c != ' ')
			return c;
	}
	return 0;
}

static gunichar
neighbour_after(const char *s, size_t len, size_t i)
{
	while (i < len) {
		gunichar c = jb_char_at(s, len, &i);
		if (c != '*' && c != ' ')
			return c;
	}
	return 0;
}

/* Offset of the ')' matching the '(' at i when the enclosed text is Chinese; 0 if none. */
static size_t
chinese_paren(const char *s, size_t len, size_t i)
{
	int depth = 0;
	bool han = false;
	size_t end = len < i + PAREN_REACH ? len : i + PAREN_REACH;

	for (size_t j = i + 1; j < end; j++) {
		unsigned char c = (unsigned char)s[j];
		if (c == '\n')
			return 0;
		if (c == '(')
			depth++;
		else if (c == ')') {
			if (depth-- == 0)
				return han ? j : 0;
		} else if (c >= 0x80 && (c & 0xC0) != 0x80) {
			size_t k = j;
			if (jb_is_cjk(jb_char_at(s, len, &k)))
				han = true;
		}
	}
	return 0;
}

static const bool special[256] = {
	[','] = true, [':'] = true, [';'] = true, ['?'] = true, ['!'] = true,
	['('] = true, [')'] = true,
};

void
jb_punct_normalize(const char *s, size_t len, GString *out)
{
	size_t closes[64];
	int nclose = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *full = NULL;
		size_t run = i;

		/* Copy the plain run up to the next candidate in one go. */
		while (run < len && !special[(unsigned char)s[run]])
			run++;
		if (run > i) {
			g_string_append_len(out, s + i, (gssize)(run - i));
			i = run - 1;
			continue;
		}

		switch (c) {
		case ',': full = "\xEF\xBC\x8C"; break;
		case ':': full = "\xEF\xBC\x9A"; break;
		case ';': full = "\xEF\xBC\x9B"; break;
		case '?': full = "\xEF\xBC\x9F"; break;
		case '!': full = "\xEF\xBC\x81"; break;
		case '(': case ')': break;
		default:
			g_string_append_c(out, (char)c);
			continue;
		}
		if (c == '(') {
			size_t m = chinese_paren(s, len, i);
			if (m && nclose < 64) {
				closes[nclose++] = m;
				g_string_append(out, "\xEF\xBC\x88");
			} else
				g_string_append_c(out, '(');
			continue;
		}
		if (c == ')') {
			bool conv = false;
			for (int k = 0; k < nclose; k++)
				if (closes[k] == i) {
					closes[k] = closes[--nclose];
					conv = true;
					break;
				}
			g_string_append(out, conv ? "\xEF\xBC\x89" : ")");
			continue;
		}
		if (jb_is_cjk(neighbour_before(s, i)) || jb_is_cjk(neighbour_after(s, len, i + 1)))
			g_string_append(out, full);
		else
			g_string_append_c(out, (char)c);
	}
}
