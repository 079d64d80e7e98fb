/* core/diag.c: per-job diagnostics store and printer (see diag.h). */
#include <stdbool.h>
#include <stdarg.h>
#include "diag.h"

struct jb_diag {
	char *filename;
	GArray *msgs;		/* struct jb_msg */
	bool failed;
};

static void
msg_clear(gpointer p)
{
	struct jb_msg *m = p;

	g_free(m->file);
	g_free(m->text);
}

struct jb_diag *
jb_diag_new(const char *filename)
{
	struct jb_diag *d = g_new0(struct jb_diag, 1);

	d->filename = g_strdup(filename ? filename : "jianbao");
	d->msgs = g_array_new(FALSE, TRUE, sizeof(struct jb_msg));
	g_array_set_clear_func(d->msgs, msg_clear);
	return d;
}

void
jb_diag_free(struct jb_diag *d)
{
	if (d == NULL)
		return;
	g_array_free(d->msgs, TRUE);
	g_free(d->filename);
	g_free(d);
}

const char *
jb_diag_filename(const struct jb_diag *d)
{
	return d->filename;
}

static void
add_v(struct jb_diag *d, enum jb_level level, const char *code, const char *file,
    int line, int col, const char *fmt, va_list ap)
{
	struct jb_msg m = { level, code, g_strdup(file ? file : d->filename),
		line, col, g_strdup_vprintf(fmt, ap) };

	g_array_append_val(d->msgs, m);
	if (level == JB_ERROR)
		d->failed = true;
}

void
jb_diag_add(struct jb_diag *d, enum jb_level level, const char *code, int line,
    int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_v(d, level, code, NULL, line, col, fmt, ap);
	va_end(ap);
}

void
jb_diag_add_file(struct jb_diag *d, enum jb_level level, const char *code,
    const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_v(d, level, code, file, line, col, fmt, ap);
	va_end(ap);
}

guint
jb_diag_count(const struct jb_diag *d)
{
	return d->msgs->len;
}

const struct jb_msg *
jb_diag_get(const struct jb_diag *d, guint i)
{
	return i < d->msgs->len ? &g_array_index(d->msgs, struct jb_msg, i) : NULL;
}

bool
jb_diag_failed(const struct jb_diag *d)
{
	return d->failed;
}

static const char *const level_names[] = { "note", "warning", "error" };

void
jb_diag_print(const struct jb_diag *d, FILE *fp, enum jb_level min)
{
	for (guint i = 0; i < d->msgs->len; i++) {
		const struct jb_msg *m = &g_array_index(d->msgs, struct jb_msg, i);

		if (m->level < min)
			continue;
		fputs(m->file, fp);
		if (m->line > 0)
			fprintf(fp, ":%d", m->line);
		if (m->line > 0 && m->col > 0)
			fprintf(fp, ":%d", m->col);
		fprintf(fp, ": %s: %s\n", level_names[m->level], m->text);
	}
}

void
jb_diag_take(struct jb_diag *dst, struct jb_diag *src)
{
	for (guint i = 0; i < src->msgs->len; i++) {
		struct jb_msg *m = &g_array_index(src->msgs, struct jb_msg, i);

		g_array_append_val(dst->msgs, *m);
		if (m->level == JB_ERROR)
			dst->failed = true;
		m->file = m->text = NULL;
	}
	g_array_set_size(src->msgs, 0);
}
