/*
 * cli/batch.c: batch mode (-d OUTDIR): finds the inputs, names the outputs,
 * picks this shard, skips what is up to date, and converts in a GThreadPool
 * sharing one read-only jb_env. Workers only convert; the main thread does all
 * printing. A signal removes outputs in progress and keeps finished ones.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>
#include "../jianbao.h"
#include "../core/diag.h"
#include "../core/outfile.h"
#include "../style/style.h"
#include "batch.h"
#include "progress.h"
#include "report.h"

struct event {
	bool done;		/* false: the job started */
	struct jb_job *job;
};

struct run {
	struct jb_batch b;
	GAsyncQueue *events;	/* struct event *, workers -> main thread */
	bool bar;		/* progress bar on stderr (a terminal, not -q) */
};

/* Signal handling: a worker announces itself in `writers` before it starts
 * writing a job's outputs and backs out if `stopping` is already set; the
 * handler sets `stopping` and waits (bounded) for the writers to finish, so
 * that an output is either complete or absent. */
static atomic_int stopping, writers;

static void
on_signal(int sig)
{
	struct timespec ten_ms = { 0, 10 * 1000 * 1000 };

	atomic_store(&stopping, 1);
	for (int i = 0; i < 300 && atomic_load(&writers) > 0; i++)
		nanosleep(&ten_ms, NULL);
	jb_outfile_abort_all();
	if (jb_progress_showing()) {
		ssize_t n = write(STDERR_FILENO, "\r\033[K", 4);
		(void)n;
	}
	_exit(128 + sig);
}

void
jb_batch_install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	/* A signal ignored at startup stays ignored: a shell starts background
	 * jobs with SIGINT ignored so that ^C does not reach them. */
	for (int i = 0; i < 2; i++) {
		int sig = i ? SIGTERM : SIGINT;
		struct sigaction old;

		if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sig, &sa, NULL);
	}
}

bool
jb_shard_parse(const char *s, int *index, int *count)
{
	char *end;
	long i, n;

	errno = 0;
	i = strtol(s, &end, 10);
	if (end == s || *end != '/' || errno)
		return false;
	s = end + 1;
	n = strtol(s, &end, 10);
	if (end == s || *end || errno || n < 1 || n > 1000000 || i < 1 || i > n)
		return false;
	*index = (int)i;
	*count = (int)n;
	return true;
}

/* FNV-1a of the stem: a shard depends on the name only, never on the order or
 * number of the other inputs, so every machine of a matrix agrees. */
int
jb_shard_of(const char *stem, int count)
{
	guint64 h = 14695981039346656037ull;

	for (const unsigned char *p = (const unsigned char *)stem; *p; p++) {
		h ^= *p;
		h *= 1099511628211ull;
	}
	return (int)(h % (guint64)count) + 1;
}

static bool
has_input_suffix(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && (g_ascii_strcasecmp(name + n - 4, ".txt") == 0
	    || g_ascii_strcasecmp(name + n - 4, ".xml") == 0);
}

/* Output base name: the file name without its extension. */
static char *
stem_of(const char *path)
{
	char *base = g_path_get_basename(path), *dot = strrchr(base, '.');

	if (dot && dot != base)
		*dot = '\0';
	return base;
}

/* A stem must name one file inside OUTDIR: one path component, not "." or
 * "..", no control characters (they would break line-based logs). */
static const char *
stem_problem(const char *stem)
{
	if (*stem == '\0' || strcmp(stem, ".") == 0 || strcmp(stem, "..") == 0
	    || strchr(stem, '/') || g_path_is_absolute(stem))
		return "its output name would not be a file inside the output directory";
	for (const unsigned char *p = (const unsigned char *)stem; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "its name contains control characters";
	return NULL;
}

struct walk {
	GPtrArray *paths;
	GHashTable *seen;	/* "dev:ino" of files and directories already taken */
	struct stat outdir;
	bool have_outdir;
};

/* Directories are known by device and inode (a symlink loop ends there);
 * files by their canonical directory and own name, so two names of one file
 * (symlinks, hard links) stay two inputs while one name given twice is one. */
static bool
first_visit(struct walk *w, const char *path, const struct stat *st)
{
	char *key;

	if (S_ISDIR(st->st_mode))
		key = g_strdup_printf("d%ju:%ju", (uintmax_t)st->st_dev, (uintmax_t)st->st_ino);
	else {
		char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
		char *real = realpath(dir, NULL);

		key = g_strdup_printf("f%s/%s", real ? real : dir, base);
		free(real);
		g_free(dir);
		g_free(base);
	}
	if (g_hash_table_contains(w->seen, key)) {
		g_free(key);
		return false;
	}
	g_hash_table_add(w->seen, key);
	return true;
}

static gint
cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Recursive, in byte order of names, skipping dot files and the output
 * directory (whose .xml outputs would otherwise come back as inputs). */
static void
walk_dir(struct walk *w, const char *dir)
{
	GDir *d = g_dir_open(dir, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *name;

	if (d == NULL) {
		g_ptr_array_add(w->paths, g_strdup(dir));	/* fails later, with the reason */
		g_ptr_array_free(names, TRUE);
		return;
	}
	while ((name = g_dir_read_name(d)) != NULL)
		if (name[0] != '.')
			g_ptr_array_add(names, g_strdup(name));
	g_dir_close(d);
	g_ptr_array_sort(names, cmp_names);
	for (guint i = 0; i < names->len; i++) {
		char *path = g_build_filename(dir, g_ptr_array_index(names, i), NULL);
		struct stat st;

		if (stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				bool is_out = w->have_outdir && st.st_dev == w->outdir.st_dev
				    && st.st_ino == w->outdir.st_ino;
				if (!is_out && first_visit(w, path, &st))
					walk_dir(w, path);
			} else if (S_ISREG(st.st_mode) && has_input_suffix(path) && first_visit(w, path, &st)) {
				g_ptr_array_add(w->paths, path);
				path = NULL;
			}
		}
		g_free(path);
	}
	g_ptr_array_free(names, TRUE);
}

static GPtrArray *
collect_inputs(char **args, int n, const char *outdir)
{
	struct walk w;
	struct stat st;

	memset(&w, 0, sizeof w);
	w.paths = g_ptr_array_new_with_free_func(g_free);
	w.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	w.have_outdir = stat(outdir, &w.outdir) == 0;
	for (int i = 0; i < n; i++) {
		if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (first_visit(&w, args[i], &st))
				walk_dir(&w, args[i]);
		} else if (stat(args[i], &st) != 0 || first_visit(&w, args[i], &st))
			g_ptr_array_add(w.paths, g_strdup(args[i]));	/* missing: fails later */
	}
	g_hash_table_destroy(w.seen);
	return w.paths;
}

static void
job_free(gpointer p)
{
	struct jb_job *j = p;

	g_free(j->input);
	g_free(j->stem);
	for (int f = 0; f < JB_FORMAT__MAX; f++)
		g_free(j->out[f]);
	jb_diag_free(j->diag);
	g_free(j);
}

static bool
newer(const struct stat *a, const struct stat *b)
{
	return a->st_mtim.tv_sec > b->st_mtim.tv_sec || (a->st_mtim.tv_sec == b->st_mtim.tv_sec
	    && a->st_mtim.tv_nsec > b->st_mtim.tv_nsec);
}

/* Marks each requested output TODO or UP_TO_DATE (newer than the input, the
 * style file and the extra CSS). */
static void
plan_outputs(struct jb_job *j, const struct jb_batch_opts *o, const struct stat *deps, int ndeps)
{
	struct stat in, out;
	bool have_in = stat(j->input, &in) == 0;
	int todo = 0;

	for (int f = 0; f < JB_FORMAT__MAX; f++) {
		if (!(o->formats & (1u << f)))
			continue;
		char *name = g_strconcat(j->stem, ".", jb_format_ext((enum jb_format)f), NULL);

		j->out[f] = g_build_filename(o->outdir, name, NULL);
		g_free(name);
		j->ostate[f] = JB_OUT_TODO;
		if (o->force || !have_in || lstat(j->out[f], &out) != 0 || !S_ISREG(out.st_mode)
		    || !newer(&out, &in))
			goto todo;
		for (int k = 0; k < ndeps; k++)
			if (!newer(&out, &deps[k]))
				goto todo;
		j->ostate[f] = JB_OUT_UP_TO_DATE;
		continue;
todo:
		todo++;
	}
	if (todo == 0)
		j->state = JB_JOB_SKIPPED;
}

/* Builds the job table: every input gets a stem; a stem taken twice is a usage
 * error (before any work), an unsafe stem fails its input only. */
static int
plan(struct run *r, char **args, int nargs)
{
	const struct jb_batch_opts *o = r->b.opts;
	const struct jb_options *eo = jb_env_options(r->b.env);
	GPtrArray *paths = collect_inputs(args, nargs, o->outdir);
	GHashTable *stems = g_hash_table_new(g_str_hash, g_str_equal);
	const struct jb_style *style = jb_env_style(r->b.env);
	struct stat deps[3];
	int ndeps = 0, rc = 0;

	/* What every output depends on besides its input. */
	if (stat(style->path, &deps[ndeps]) == 0)
		ndeps++;
	if (style->extra_css && stat(style->extra_css, &deps[ndeps]) == 0)
		ndeps++;
	if (eo->css && stat(eo->css, &deps[ndeps]) == 0)
		ndeps++;
	if (paths->len == 0) {
		fprintf(stderr, "jianbao: no .txt or .xml inputs found\n");
		rc = 2;
	}
	r->b.total_inputs = paths->len;
	for (guint i = 0; i < paths->len && rc == 0; i++) {
		struct jb_job *j = g_new0(struct jb_job, 1);
		const char *why, *other;

		j->input = g_strdup(g_ptr_array_index(paths, i));
		j->stem = stem_of(j->input);
		j->diag = jb_diag_new(j->input);
		other = g_hash_table_lookup(stems, j->stem);
		if (other) {
			fprintf(stderr, "jianbao: %s and %s would both be written as %s/%s.*; "
			    "rename one (nothing was converted)\n", other, j->input, o->outdir, j->stem);
			rc = 2;
			job_free(j);
			break;
		}
		g_hash_table_insert(stems, j->stem, j->input);
		g_ptr_array_add(r->b.jobs, j);
		/* Other shards' jobs stay until every stem has been checked. */
		if (o->shard_count > 0 && jb_shard_of(j->stem, o->shard_count) != o->shard_index)
			continue;
		why = stem_problem(j->stem);
		if (why) {
			jb_error(j->diag, "unsafe-output-name", 0, "refused: %s", why);
			j->state = JB_JOB_FAILED;
			continue;
		}
		plan_outputs(j, o, deps, ndeps);
	}
	/* Drop the other shards' jobs now that the stems have all been checked. */
	if (o->shard_count > 0) {
		GPtrArray *mine = g_ptr_array_new_with_free_func(job_free);

		for (guint i = 0; i < r->b.jobs->len; i++) {
			struct jb_job *j = g_ptr_array_index(r->b.jobs, i);

			if (jb_shard_of(j->stem, o->shard_count) == o->shard_index)
				g_ptr_array_add(mine, j);
			else
				job_free(j);
		}
		g_ptr_array_set_free_func(r->b.jobs, NULL);
		g_ptr_array_free(r->b.jobs, TRUE);
		r->b.jobs = mine;
	}
	g_hash_table_destroy(stems);
	g_ptr_array_free(paths, TRUE);
	return rc;
}

static void
post(struct run *r, bool done, struct jb_job *j)
{
	struct event *e = g_new(struct event, 1);

	e->done = done;
	e->job = j;
	g_async_queue_push(r->events, e);
}

/* Never write through a symlink planted in OUTDIR: it could point anywhere. */
static bool
targets_safe(struct jb_job *j)
{
	struct stat st;

	for (int f = 0; f < JB_FORMAT__MAX; f++)
		if (j->ostate[f] == JB_OUT_TODO && lstat(j->out[f], &st) == 0 && S_ISLNK(st.st_mode)) {
			jb_diag_add_file(j->diag, JB_ERROR, "unsafe-output-name", j->out[f], 0, 0,
			    "refusing to write through a symbolic link");
			return false;
		}
	return true;
}

static bool
commit(struct jb_job *j, char **buf, size_t *len)
{
	bool ok = true;

	atomic_fetch_add(&writers, 1);
	if (atomic_load(&stopping)) {
		atomic_fetch_sub(&writers, 1);
		return false;
	}
	for (int f = 0; f < JB_FORMAT__MAX && ok; f++) {
		if (j->ostate[f] != JB_OUT_TODO)
			continue;
		ok = jb_outfile_write(j->out[f], buf[f], len[f], j->diag);
		if (ok) {
			j->ostate[f] = JB_OUT_WRITTEN;
			j->bytes[f] = len[f];
		}
	}
	atomic_fetch_sub(&writers, 1);
	return ok;
}

/* One input: read once, render every format into memory, and write only when
 * all of them succeeded, so a failing input leaves no output at all. */
static void
work(gpointer data, gpointer user)
{
	struct jb_job *j = data;
	struct run *r = user;
	const struct jb_env *env = r->b.env;
	gint64 t0 = g_get_monotonic_time();
	char *buf[JB_FORMAT__MAX] = { NULL };
	size_t len[JB_FORMAT__MAX] = { 0 };
	xmlDoc *doc;
	bool ok;

	post(r, false, j);
	doc = jb_read_file(j->input, env, j->diag);
	ok = doc != NULL && !jb_diag_failed(j->diag);
	for (int f = 0; f < JB_FORMAT__MAX && ok; f++)
		if (j->ostate[f] == JB_OUT_TODO)
			ok = jb_render(doc, (enum jb_format)f, env, &buf[f], &len[f], j->diag);
	if (doc)
		xmlFreeDoc(doc);
	ok = ok && targets_safe(j) && commit(j, buf, len);
	for (int f = 0; f < JB_FORMAT__MAX; f++) {
		g_free(buf[f]);
		if (j->ostate[f] == JB_OUT_TODO)
			j->ostate[f] = JB_OUT_NOT_WRITTEN;
	}
	j->state = ok ? JB_JOB_OK : JB_JOB_FAILED;
	j->seconds = (double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
	post(r, true, j);
}

static void
print_outputs(FILE *fp, const struct jb_job *j, enum jb_out_state which)
{
	const char *sep = "";

	for (int f = 0; f < JB_FORMAT__MAX; f++)
		if (j->ostate[f] == which) {
			fprintf(fp, "%s%s", sep, j->out[f]);
			sep = " ";
		}
}

static int
dry_run(struct run *r)
{
	int rc = 0;

	for (guint i = 0; i < r->b.jobs->len; i++) {
		struct jb_job *j = g_ptr_array_index(r->b.jobs, i);

		if (j->state == JB_JOB_FAILED) {
			jb_diag_print(j->diag, stderr, JB_WARNING);
			rc = 1;
		} else if (j->state == JB_JOB_SKIPPED)
			printf("up-to-date %s\n", j->input);
		else {
			printf("convert %s -> ", j->input);
			print_outputs(stdout, j, JB_OUT_TODO);
			putchar('\n');
		}
	}
	return fflush(stdout) == 0 ? rc : 1;
}

static void
report_done(const struct run *r, struct jb_progress *p, const struct jb_job *j, unsigned total)
{
	const struct jb_batch_opts *o = r->b.opts;

	jb_progress_clear(p);
	jb_diag_print(j->diag, stderr, o->quiet ? JB_WARNING : JB_NOTE);
	if (o->quiet || r->bar)
		return;
	fprintf(stderr, "[%u/%u] %s", jb_progress_count(p), total, j->input);
	if (j->state == JB_JOB_FAILED)
		fprintf(stderr, ": failed\n");
	else {
		fprintf(stderr, " -> ");
		print_outputs(stderr, j, JB_OUT_WRITTEN);
		fprintf(stderr, " (%.2f s)\n", j->seconds);
	}
}

/* Creates OUTDIR (and parents); refuses a path that exists as something else. */
static bool
make_outdir(const char *dir)
{
	if (g_mkdir_with_parents(dir, 0777) != 0 || !g_file_test(dir, G_FILE_TEST_IS_DIR)) {
		fprintf(stderr, "jianbao: %s: cannot create the output directory: %s\n", dir,
		    g_strerror(errno ? errno : ENOTDIR));
		return false;
	}
	return true;
}

/* Starts the pool with SIGINT/SIGTERM blocked so that the workers inherit the
 * mask: the handler then always runs on the main thread, never inside a write
 * it would wait for. An exclusive pool starts all its threads here. */
static GThreadPool *
start_pool(struct run *r, int n)
{
	sigset_t block, old;
	GThreadPool *pool;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	pool = g_thread_pool_new(work, r, n, TRUE, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return pool;
}

static void
summary(const struct run *r, unsigned converted, unsigned failed, unsigned skipped)
{
	unsigned outputs = 0;

	for (guint i = 0; i < r->b.jobs->len; i++) {
		const struct jb_job *j = g_ptr_array_index(r->b.jobs, i);

		for (int f = 0; f < JB_FORMAT__MAX; f++)
			outputs += j->ostate[f] == JB_OUT_WRITTEN;
	}
	fprintf(stderr, "jianbao: %u input%s: %u converted, %u failed, %u up to date; "
	    "%u file%s written in %.2f s\n", r->b.jobs->len, r->b.jobs->len == 1 ? "" : "s",
	    converted, failed, skipped, outputs, outputs == 1 ? "" : "s", r->b.seconds);
}

int
jb_batch_run(const struct jb_batch_opts *o, char **inputs, int ninputs,
    const struct jb_env *env)
{
	struct run r = { { o, env, g_ptr_array_new_with_free_func(job_free), 0, 0 }, NULL, false };
	struct jb_progress *p = NULL;
	GThreadPool *pool = NULL;
	unsigned todo = 0, failed = 0, skipped = 0, converted = 0;
	gint64 t0 = g_get_monotonic_time();
	int rc;

	rc = plan(&r, inputs, ninputs);
	if (rc != 0)
		goto out;
	if (o->dry_run) {
		rc = dry_run(&r);
		goto out;
	}
	if (!make_outdir(o->outdir)) {
		rc = 1;
		goto out;
	}
	r.bar = !o->quiet && isatty(STDERR_FILENO);
	r.events = g_async_queue_new_full(g_free);
	for (guint i = 0; i < r.b.jobs->len; i++) {
		struct jb_job *j = g_ptr_array_index(r.b.jobs, i);

		todo += j->state == JB_JOB_PENDING;
	}
	p = jb_progress_new(stderr, todo, r.bar);
	/* Inputs refused while planning are reported first; they do not count. */
	for (guint i = 0; i < r.b.jobs->len; i++) {
		struct jb_job *j = g_ptr_array_index(r.b.jobs, i);

		if (j->state == JB_JOB_FAILED) {
			jb_diag_print(j->diag, stderr, o->quiet ? JB_WARNING : JB_NOTE);
			failed++;
		}
		skipped += j->state == JB_JOB_SKIPPED;
	}
	if (todo > 0) {
		pool = start_pool(&r, MIN(o->jobs, (int)todo));
		for (guint i = 0; i < r.b.jobs->len; i++) {
			struct jb_job *j = g_ptr_array_index(r.b.jobs, i);

			if (j->state == JB_JOB_PENDING)
				g_thread_pool_push(pool, j, NULL);
		}
	}
	jb_progress_draw(p, true);
	while (jb_progress_count(p) < todo) {
		struct event *e = g_async_queue_timeout_pop(r.events, 100 * 1000);
		bool force = e != NULL && e->done;

		if (e != NULL && !e->done)
			jb_progress_current(p, e->job->input);
		else if (e != NULL) {
			jb_progress_done(p);
			report_done(&r, p, e->job, todo);
			if (e->job->state == JB_JOB_FAILED)
				failed++;
			else
				converted++;
		}
		g_free(e);
		jb_progress_draw(p, force);
	}
	if (pool)
		g_thread_pool_free(pool, FALSE, TRUE);
	jb_progress_free(p);
	r.b.seconds = (double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
	if (!o->quiet)
		summary(&r, converted, failed, skipped);
	rc = failed ? 1 : 0;
	if (o->report) {
		struct jb_diag *d = jb_diag_new(o->report);

		if (!jb_report_write(&r.b, o->report, d))
			rc = 1;
		jb_diag_print(d, stderr, JB_WARNING);
		jb_diag_free(d);
	}
out:
	if (r.events)
		g_async_queue_unref(r.events);
	g_ptr_array_free(r.b.jobs, TRUE);
	return rc;
}
