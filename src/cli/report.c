/*
 * cli/report.c: --report FILE.json. A small JSON writer (strict escaping, names
 * made valid UTF-8, locale-independent numbers) and the report layout. Inputs
 * appear in input order, so two runs differ only in their "seconds" fields.
 */
#include <string.h>
#include <glib.h>
#include "../jianbao.h"
#include "../core/diag.h"
#include "../core/outfile.h"
#include "batch.h"
#include "report.h"

struct jw {
	GString *s;
	int depth;
	bool first;		/* no value yet at this depth: no comma needed */
	bool after_key;
};

static void
jw_sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first)
		g_string_append_c(w->s, ',');
	if (w->depth > 0) {
		g_string_append_c(w->s, '\n');
		for (int i = 0; i < w->depth; i++)
			g_string_append(w->s, "  ");
	}
	w->first = false;
}

static void
jw_raw_string(struct jw *w, const char *str)
{
	/* File names need not be UTF-8; JSON must be. */
	char *v = g_utf8_make_valid(str ? str : "", -1);

	g_string_append_c(w->s, '"');
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		switch (*p) {
		case '"': g_string_append(w->s, "\\\""); break;
		case '\\': g_string_append(w->s, "\\\\"); break;
		case '\n': g_string_append(w->s, "\\n"); break;
		case '\r': g_string_append(w->s, "\\r"); break;
		case '\t': g_string_append(w->s, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				g_string_append_printf(w->s, "\\u%04x", *p);
			else
				g_string_append_c(w->s, (char)*p);
		}
	}
	g_string_append_c(w->s, '"');
	g_free(v);
}

static void
jw_open(struct jw *w, char c)
{
	jw_sep(w);
	g_string_append_c(w->s, c);
	w->depth++;
	w->first = true;
}

static void
jw_close(struct jw *w, char c)
{
	w->depth--;
	if (!w->first) {
		g_string_append_c(w->s, '\n');
		for (int i = 0; i < w->depth; i++)
			g_string_append(w->s, "  ");
	}
	g_string_append_c(w->s, c);
	w->first = false;
}

static void
jw_key(struct jw *w, const char *k)
{
	jw_sep(w);
	jw_raw_string(w, k);
	g_string_append(w->s, ": ");
	w->after_key = true;
}

static void
jw_str(struct jw *w, const char *k, const char *v)
{
	if (k)
		jw_key(w, k);
	jw_sep(w);
	if (v)
		jw_raw_string(w, v);
	else
		g_string_append(w->s, "null");
}

static void
jw_int(struct jw *w, const char *k, gint64 v)
{
	if (k)
		jw_key(w, k);
	jw_sep(w);
	g_string_append_printf(w->s, "%" G_GINT64_FORMAT, v);
}

static void
jw_secs(struct jw *w, const char *k, double v)
{
	char buf[G_ASCII_DTOSTR_BUF_SIZE];

	jw_key(w, k);
	jw_sep(w);
	g_string_append(w->s, g_ascii_formatd(buf, sizeof buf, "%.3f", v));
}

static void
jw_bool(struct jw *w, const char *k, bool v)
{
	jw_key(w, k);
	jw_sep(w);
	g_string_append(w->s, v ? "true" : "false");
}

static const char *const job_states[] = { "pending", "ok", "skipped", "failed" };
static const char *const out_states[] = { "none", "todo", "written", "up-to-date", "not-written" };

static void
messages(struct jw *w, const char *key, const struct jb_diag *d, enum jb_level level)
{
	jw_key(w, key);
	jw_open(w, '[');
	for (guint i = 0; d && i < jb_diag_count(d); i++) {
		const struct jb_msg *m = jb_diag_get(d, i);

		if (m->level != level)
			continue;
		jw_open(w, '{');
		jw_str(w, "code", m->code);
		jw_str(w, "file", m->file);
		jw_int(w, "line", m->line);
		jw_int(w, "column", m->col);
		jw_str(w, "message", m->text);
		jw_close(w, '}');
	}
	jw_close(w, ']');
}

static guint
count_level(const struct jb_diag *d, enum jb_level level)
{
	guint n = 0;

	for (guint i = 0; d && i < jb_diag_count(d); i++)
		n += jb_diag_get(d, i)->level == level;
	return n;
}

static void
one_job(struct jw *w, const struct jb_job *j)
{
	jw_open(w, '{');
	jw_str(w, "input", j->input);
	jw_str(w, "stem", j->stem);
	jw_str(w, "status", job_states[j->state]);
	jw_key(w, "outputs");
	jw_open(w, '[');
	for (int f = 0; f < JB_FORMAT__MAX; f++) {
		if (j->ostate[f] == JB_OUT_NONE)
			continue;
		jw_open(w, '{');
		jw_str(w, "format", jb_format_ext((enum jb_format)f));
		jw_str(w, "path", j->out[f]);
		jw_str(w, "status", out_states[j->ostate[f]]);
		jw_int(w, "bytes", (gint64)j->bytes[f]);
		jw_close(w, '}');
	}
	jw_close(w, ']');
	messages(w, "errors", j->diag, JB_ERROR);
	messages(w, "warnings", j->diag, JB_WARNING);
	messages(w, "notes", j->diag, JB_NOTE);
	jw_secs(w, "seconds", j->seconds);
	jw_close(w, '}');
}

char *
jb_report_json(const struct jb_batch *b)
{
	struct jw w = { g_string_new(NULL), 0, true, false };
	const struct jb_batch_opts *o = b->opts;
	guint n[4] = { 0 }, written = 0, uptodate = 0, notwritten = 0, errors = 0, warnings = 0;

	jw_open(&w, '{');
	jw_int(&w, "report_version", JB_REPORT_VERSION);
	jw_str(&w, "jianbao", JB_VERSION);
	jw_key(&w, "formats");
	jw_open(&w, '[');
	for (int f = 0; f < JB_FORMAT__MAX; f++)
		if (o->formats & (1u << f))
			jw_str(&w, NULL, jb_format_ext((enum jb_format)f));
	jw_close(&w, ']');
	jw_str(&w, "outdir", o->outdir);
	jw_bool(&w, "force", o->force);
	jw_int(&w, "jobs", o->jobs);
	jw_key(&w, "shard");
	if (o->shard_count > 0) {
		jw_open(&w, '{');
		jw_int(&w, "index", o->shard_index);
		jw_int(&w, "count", o->shard_count);
		jw_close(&w, '}');
	} else
		jw_str(&w, NULL, NULL);
	jw_key(&w, "inputs");
	jw_open(&w, '[');
	for (guint i = 0; i < b->jobs->len; i++) {
		const struct jb_job *j = g_ptr_array_index(b->jobs, i);

		one_job(&w, j);
		n[j->state]++;
		for (int f = 0; f < JB_FORMAT__MAX; f++) {
			written += j->ostate[f] == JB_OUT_WRITTEN;
			uptodate += j->ostate[f] == JB_OUT_UP_TO_DATE;
			notwritten += j->ostate[f] == JB_OUT_NOT_WRITTEN;
		}
		errors += count_level(j->diag, JB_ERROR);
		warnings += count_level(j->diag, JB_WARNING);
	}
	jw_close(&w, ']');
	jw_key(&w, "totals");
	jw_open(&w, '{');
	jw_int(&w, "inputs", b->jobs->len);
	jw_int(&w, "inputs_before_sharding", b->total_inputs);
	jw_int(&w, "ok", n[JB_JOB_OK]);
	jw_int(&w, "skipped", n[JB_JOB_SKIPPED]);
	jw_int(&w, "failed", n[JB_JOB_FAILED]);
	jw_int(&w, "not_run", n[JB_JOB_PENDING]);
	jw_int(&w, "outputs_written", written);
	jw_int(&w, "outputs_up_to_date", uptodate);
	jw_int(&w, "outputs_not_written", notwritten);
	jw_int(&w, "errors", errors);
	jw_int(&w, "warnings", warnings);
	jw_secs(&w, "seconds", b->seconds);
	jw_close(&w, '}');
	jw_close(&w, '}');
	g_string_append_c(w.s, '\n');
	return g_string_free(w.s, FALSE);
}

bool
jb_report_write(const struct jb_batch *b, const char *path, struct jb_diag *diag)
{
	char *json = jb_report_json(b);
	bool ok = jb_outfile_write(path, json, strlen(json), diag);

	g_free(json);
	return ok;
}
