/*
 * jianbao.h: the public API of the jianbao core library (libjianbao.a).
 * The CLI, the tests, the fuzzers and the benchmark include only this header.
 * The library never prints and never exits: every failure is recorded in the
 * caller's struct jb_diag and returned up as false/NULL.
 *
 * Ownership:
 *  - jb_env is built once by the caller, read-only afterwards, and may be shared
 *    by worker threads (its lazily loaded parts are guarded inside).
 *  - The caller of jb_read*() owns the returned xmlDoc (xmlFreeDoc). Renderers
 *    borrow it and do not modify it.
 *  - A jb_diag belongs to one job (one input); never share it between threads.
 */
#ifndef JIANBAO_H
#define JIANBAO_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#define JB_VERSION "0.1.0"

struct jb_diag;
struct jb_env;
struct jb_style;
struct jb_fonts;

enum jb_format {
	JB_FORMAT_XML,	/* bulletin XML, vocabulary v1 */
	JB_FORMAT_EPUB,	/* EPUB 3 */
	JB_FORMAT_PDF,	/* print PDF */
	JB_FORMAT__MAX
};

/* Options of one run; copied into jb_env. Strings are borrowed until jb_env_new returns. */
struct jb_options {
	bool normalize_punct;	/* half-width ,:;?!() in Chinese text -> full width (default on) */
	bool lossy;		/* replace invalid bytes with U+FFFD and warn instead of failing */
	bool cover;		/* EPUB: draw a cover (default on) */
	bool embed_fonts;	/* EPUB: embed hb-subset fonts */
	const char *style;	/* style name (styles/NAME.ini) or path; NULL = "default" */
	const char *paper;	/* paper override: A4, A5, B5, letter or WxHmm; NULL = style */
	double body_size;	/* body size override in pt; 0 = style */
	double leading;		/* line pitch override in pt; 0 = style */
	const char *css;	/* extra CSS file appended to the EPUB stylesheet; NULL = none */
	const char *fontdir;	/* application font dir; NULL = built-in default */
	const char *datadir;	/* where styles/ and fonts/ live; NULL = built-in default */
};

void jb_options_init(struct jb_options *);

/* Loads the style (the schema is compiled on the first XML input, the fonts are
 * resolved on first use). Returns NULL and records why on failure. */
struct jb_env *jb_env_new(const struct jb_options *, struct jb_diag *);
void jb_env_free(struct jb_env *);
const struct jb_options *jb_env_options(const struct jb_env *);
const struct jb_style *jb_env_style(const struct jb_env *);
/* Font roles resolved through fontconfig on first use (thread-safe); NULL on failure. */
const struct jb_fonts *jb_env_fonts(const struct jb_env *, struct jb_diag *);

/* Input: .txt (structured) or .xml (validated), chosen by content sniffing. */
xmlDoc *jb_read(const char *name, const char *bytes, size_t len,
    const struct jb_env *, struct jb_diag *);
xmlDoc *jb_read_file(const char *path, const struct jb_env *, struct jb_diag *);

/* Output: written atomically (temp file + rename); nothing is left on failure. */
bool jb_write(xmlDoc *, enum jb_format, const struct jb_env *, const char *path,
    struct jb_diag *);
/* The same output into memory (caller g_free()s *out). */
bool jb_render(xmlDoc *, enum jb_format, const struct jb_env *, char **out,
    size_t *outlen, struct jb_diag *);

/* Format from a file name's extension (".xml", ".epub", ".pdf"); -1 if unknown. */
int jb_format_from_name(const char *name);
int jb_format_from_string(const char *s);
const char *jb_format_ext(enum jb_format);

#endif
