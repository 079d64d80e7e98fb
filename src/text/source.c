/* text/source.c: decoding, validation and line indexing of text input (see source.h). */
#include <string.h>
#include "../core/diag.h"
#include "source.h"

/* Line and column (characters) of byte offset off in raw bytes, counting LF, CR and CRLF. */
static void
raw_pos(const char *b, size_t off, int *line, int *col)
{
	int l = 1, c = 1;

	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)b[i];

		if (ch == '\n' || (ch == '\r' && (i + 1 >= off || b[i + 1] != '\n'))) {
			l++;
			c = 1;
		} else if (ch != '\r' && (ch & 0xC0) != 0x80)
			c++;
	}
	*line = l;
	*col = c;
}

/* Share of high bytes that form valid UTF-8 sequences: high for damaged UTF-8,
 * low for GB18030 text. */
static double
utf8_share(const char *b, size_t len)
{
	size_t high = 0, good = 0, i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)b[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		gunichar u = g_utf8_get_char_validated(b + i, (gssize)(len - i));
		if (u == (gunichar)-1 || u == (gunichar)-2) {
			high++;
			i++;
			continue;
		}
		int n = g_unichar_to_utf8(u, NULL);
		high += (size_t)n;
		good += (size_t)n;
		i += (size_t)n;
	}
	return high ? (double)good / (double)high : 1.0;
}

/* Offset of the next byte sequence at or after from that XML cannot hold or that
 * is a form/vertical feed (*n its length); len if none. b is valid UTF-8. */
static size_t
next_bad_char(const char *b, size_t len, size_t from, size_t *n)
{
	for (size_t i = from; i < len; i++) {
		unsigned char c = (unsigned char)b[i];

		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
			*n = 1;
			return i;
		}
		if (c == 0xEF && i + 2 < len && (unsigned char)b[i + 1] == 0xBF
		    && ((unsigned char)b[i + 2] & 0xFE) == 0xBE) {
			*n = 3;
			return i;
		}
	}
	*n = 0;
	return len;
}

static void
index_lines(struct jb_source *s)
{
	gsize zero = 0;

	s->line_off = g_array_new(FALSE, FALSE, sizeof(gsize));
	g_array_append_val(s->line_off, zero);
	for (const char *p = s->text; (p = memchr(p, '\n', s->len - (size_t)(p - s->text))) != NULL; ) {
		p++;
		gsize off = (gsize)(p - s->text);
		if (off < s->len)
			g_array_append_val(s->line_off, off);
		else
			break;
	}
}

/* CRLF and CR to LF, in place. */
static size_t
unify_line_ends(char *t, size_t len)
{
	size_t w = 0;

	for (size_t r = 0; r < len; r++) {
		if (t[r] == '\r') {
			t[w++] = '\n';
			if (r + 1 < len && t[r + 1] == '\n')
				r++;
		} else
			t[w++] = t[r];
	}
	t[w] = '\0';
	return w;
}

static bool
decode(struct jb_source *s, const char *name, const char *bytes, size_t len,
    bool lossy, struct jb_diag *diag)
{
	char *conv = NULL;
	const char *b = bytes;
	int line, col;

	memset(s, 0, sizeof *s);
	/* The name goes into the XML (@source): keep it valid UTF-8 there. */
	s->name = g_utf8_make_valid(name, -1);
	for (char *p = s->name; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = '_';
	s->encoding = "UTF-8";
	if (len > JB_SOURCE_MAX_BYTES) {
		jb_error(diag, "too-large", 0, "input is %zu bytes; the limit is %zu MiB",
		    len, JB_SOURCE_MAX_BYTES >> 20);
		return false;
	}
	if (len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0) {
		b += 3;
		len -= 3;
	} else if (len >= 2 && (memcmp(b, "\xFF\xFE", 2) == 0 || memcmp(b, "\xFE\xFF", 2) == 0)) {
		GError *err = NULL;
		gsize n = 0;
		const char *from = b[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";

		conv = g_convert(b + 2, (gssize)(len - 2), "UTF-8", from, NULL, &n, &err);
		if (conv == NULL) {
			jb_error(diag, "bad-encoding", 0, "input has a UTF-16 byte order mark but is not valid UTF-16: %s",
			    err->message);
			g_error_free(err);
			return false;
		}
		jb_note(diag, "converted", 0, "input is UTF-16 (%s); converted to UTF-8", from);
		s->encoding = "UTF-16";
		b = conv;
		len = n;
	}

	const char *nul = memchr(b, '\0', len);
	if (nul != NULL && !lossy) {
		raw_pos(b, (size_t)(nul - b), &line, &col);
		jb_diag_add(diag, JB_ERROR, "nul-byte", line, col,
		    "NUL byte in input: this looks like a binary file, not text (--lossy replaces it)");
		g_free(conv);
		return false;
	}

	const char *end = NULL;
	if (!g_utf8_validate_len(b, len, &end)) {
		char *gb = NULL;
		gsize n = 0;

		if (conv == NULL && nul == NULL && utf8_share(b, len) < 0.5)
			gb = g_convert(b, (gssize)len, "UTF-8", "GB18030", NULL, &n, NULL);
		if (gb != NULL && g_utf8_validate_len(gb, n, NULL) && memchr(gb, '\0', n) == NULL) {
			jb_note(diag, "converted", 0, "input is not UTF-8; read as GB18030 and converted to UTF-8");
			s->encoding = "GB18030";
			g_free(conv);
			conv = gb;
			b = conv;
			len = n;
		} else if (lossy) {
			g_free(gb);
			raw_pos(b, (size_t)(end - b), &line, &col);
			jb_diag_add(diag, JB_WARNING, "bad-utf8", line, col,
			    "invalid UTF-8 replaced with U+FFFD");
			char *fixed = g_utf8_make_valid(b, (gssize)len);
			g_free(conv);
			conv = fixed;
			b = conv;
			len = strlen(conv);
		} else {
			g_free(gb);
			raw_pos(b, (size_t)(end - b), &line, &col);
			jb_diag_add(diag, JB_ERROR, "bad-utf8", line, col,
			    "invalid UTF-8 byte 0x%02X (not GB18030 either; --lossy replaces bad bytes)",
			    (unsigned)(unsigned char)*end);
			g_free(conv);
			return false;
		}
	}

	/* XML 1.0 cannot carry C0 controls other than TAB, LF and CR, nor U+FFFE and
	 * U+FFFF: refuse them as NUL is refused, or replace them when lossy, so the
	 * XML written is always well-formed. Form and vertical feeds are layout, not
	 * text: they become spaces. */
	size_t n, bad = next_bad_char(b, len, 0, &n);
	while (bad < len && (b[bad] == '\f' || b[bad] == '\v'))
		bad = next_bad_char(b, len, bad + 1, &n);
	if (bad < len && !lossy) {
		raw_pos(b, bad, &line, &col);
		jb_diag_add(diag, JB_ERROR, "bad-char", line, col,
		    "character U+%04X is not text and cannot go into XML (--lossy replaces it)",
		    (unsigned)g_utf8_get_char(b + bad));
		g_free(conv);
		return false;
	}

	/* Copy once, span by span. */
	GString *t = g_string_sized_new(len + 1);
	size_t from = 0, replaced = 0;
	while ((bad = next_bad_char(b, len, from, &n)) < len) {
		g_string_append_len(t, b + from, (gssize)(bad - from));
		if (b[bad] == '\f' || b[bad] == '\v')
			g_string_append_c(t, ' ');
		else {
			g_string_append(t, "\xEF\xBF\xBD");
			replaced++;
		}
		from = bad + n;
	}
	g_string_append_len(t, b + from, (gssize)(len - from));
	if (replaced)
		jb_warn(diag, nul ? "nul-byte" : "bad-char", 0,
		    "%zu NUL bytes or control characters replaced with U+FFFD", replaced);
	g_free(conv);
	s->len = unify_line_ends(t->str, t->len);
	s->text = g_string_free(t, FALSE);

	bool blank = true;
	for (const char *p = s->text; *p && blank; p = g_utf8_next_char(p)) {
		gunichar u = g_utf8_get_char(p);
		if (!g_unichar_isspace(u) && u != 0xFEFF && u != 0x3000)
			blank = false;
	}
	if (blank) {
		jb_error(diag, "empty", 0, s->len ? "input holds only whitespace: nothing to convert"
		    : "input is empty: nothing to convert");
		jb_source_clear(s);
		return false;
	}
	index_lines(s);
	return true;
}

/* On failure the source is left cleared, so callers have nothing to free. */
bool
jb_source_read(struct jb_source *s, const char *name, const char *bytes, size_t len,
    bool lossy, struct jb_diag *diag)
{
	if (decode(s, name, bytes, len, lossy, diag))
		return true;
	jb_source_clear(s);
	return false;
}

void
jb_source_clear(struct jb_source *s)
{
	g_free(s->name);
	g_free(s->text);
	if (s->line_off)
		g_array_free(s->line_off, TRUE);
	memset(s, 0, sizeof *s);
}

guint
jb_source_lines(const struct jb_source *s)
{
	return s->line_off ? s->line_off->len : 0;
}

const char *
jb_source_line(const struct jb_source *s, guint i, size_t *len)
{
	gsize start = g_array_index(s->line_off, gsize, i);
	gsize end = i + 1 < s->line_off->len ? g_array_index(s->line_off, gsize, i + 1) - 1 : s->len;

	if (end > start && s->text[end - 1] == '\n')
		end--;
	*len = end - start;
	return s->text + start;
}

void
jb_source_pos(const struct jb_source *s, size_t off, int *line, int *col)
{
	guint lo = 0, hi = s->line_off->len;

	while (hi - lo > 1) {
		guint mid = (lo + hi) / 2;
		if (g_array_index(s->line_off, gsize, mid) <= off)
			lo = mid;
		else
			hi = mid;
	}
	gsize start = g_array_index(s->line_off, gsize, lo);
	*line = (int)lo + 1;
	*col = (int)g_utf8_strlen(s->text + start, (gssize)(off - start)) + 1;
}
