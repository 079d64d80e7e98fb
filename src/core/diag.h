/*
 * core/diag.h: diagnostics of one job (one input). Messages are kept, not printed;
 * the CLI prints them as FILE:LINE:COL: LEVEL: TEXT and the batch report serialises
 * them. Each message has a stable kebab-case code for machine readers.
 */
#ifndef JB_DIAG_H
#define JB_DIAG_H

#include <stdbool.h>
#include <stdio.h>
#include <glib.h>

enum jb_level { JB_NOTE, JB_WARNING, JB_ERROR };

struct jb_msg {
	enum jb_level level;
	const char *code;	/* static string, e.g. "bad-utf8" */
	char *file;		/* file the message is about (input, style, ...) */
	int line, col;		/* 1-based; 0 = unknown */
	char *text;
};

struct jb_diag;

struct jb_diag *jb_diag_new(const char *filename);
void jb_diag_free(struct jb_diag *);
const char *jb_diag_filename(const struct jb_diag *);

void jb_diag_add(struct jb_diag *, enum jb_level, const char *code, int line,
    int col, const char *fmt, ...) G_GNUC_PRINTF(6, 7);
/* The same about another file (a style file, a schema). */
void jb_diag_add_file(struct jb_diag *, enum jb_level, const char *code,
    const char *file, int line, int col, const char *fmt, ...) G_GNUC_PRINTF(7, 8);

#define jb_error(d, code, line, ...) jb_diag_add((d), JB_ERROR, (code), (line), 0, __VA_ARGS__)
#define jb_warn(d, code, line, ...) jb_diag_add((d), JB_WARNING, (code), (line), 0, __VA_ARGS__)
#define jb_note(d, code, line, ...) jb_diag_add((d), JB_NOTE, (code), (line), 0, __VA_ARGS__)

guint jb_diag_count(const struct jb_diag *);
const struct jb_msg *jb_diag_get(const struct jb_diag *, guint i);
bool jb_diag_failed(const struct jb_diag *);	/* any JB_ERROR */
/* Prints messages of level >= min, one per line. */
void jb_diag_print(const struct jb_diag *, FILE *, enum jb_level min);
/* Moves all messages of src to the end of dst. */
void jb_diag_take(struct jb_diag *dst, struct jb_diag *src);

#endif
