/*
 * text/source.h: the reader/normaliser. Turns the bytes of a .txt input into
 * UTF-8 text with LF line ends and a line index. Detects and strips a BOM,
 * converts UTF-16 (with BOM) and GB18030/GBK (noted on the diag), refuses NUL
 * bytes and invalid UTF-8 with line:col (or replaces them with U+FFFD when lossy).
 * Linear time; the text is copied once.
 */
#ifndef JB_SOURCE_H
#define JB_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

struct jb_diag;

#define JB_SOURCE_MAX_BYTES ((size_t)256 * 1024 * 1024)

struct jb_source {
	char *name;		/* input name as given */
	char *text;		/* UTF-8, LF line ends, NUL-terminated; owned */
	size_t len;
	GArray *line_off;	/* gsize: offset of the start of each line */
	const char *encoding;	/* "UTF-8", "GB18030" or "UTF-16" */
};

bool jb_source_read(struct jb_source *, const char *name, const char *bytes,
    size_t len, bool lossy, struct jb_diag *);
void jb_source_clear(struct jb_source *);
guint jb_source_lines(const struct jb_source *);
/* Line i (0-based): start pointer and length without the LF. */
const char *jb_source_line(const struct jb_source *, guint i, size_t *len);
/* 1-based line and column (in characters) of a byte offset. */
void jb_source_pos(const struct jb_source *, size_t off, int *line, int *col);

#endif
