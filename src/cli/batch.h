/*
 * cli/batch.h: batch mode of the jianbao command (-d OUTDIR): input discovery,
 * stems and output names, shards, incremental skip, the thread pool and signal
 * cleanup. For cli/ only; report.c and progress.c read the job table it fills.
 */
#ifndef JB_BATCH_H
#define JB_BATCH_H

#include <stdbool.h>
#include <glib.h>
#include "../jianbao.h"

struct jb_diag;

struct jb_batch_opts {
	unsigned formats;	/* bit (1u << enum jb_format) per requested format */
	const char *outdir;
	int jobs;		/* worker threads, >= 1 */
	bool force;		/* convert even when the outputs are up to date */
	bool dry_run;		/* list what would be done; write nothing */
	bool quiet;		/* warnings and errors only */
	int shard_index;	/* 1-based; 0 = no sharding */
	int shard_count;
	const char *report;	/* JSON report path, or NULL */
};

enum jb_job_state {
	JB_JOB_PENDING,		/* not run (yet) */
	JB_JOB_OK,		/* every requested output written or up to date */
	JB_JOB_SKIPPED,		/* every requested output was up to date */
	JB_JOB_FAILED		/* an error; none of its outputs written */
};

enum jb_out_state {
	JB_OUT_NONE,		/* format not requested */
	JB_OUT_TODO,		/* to be written */
	JB_OUT_WRITTEN,
	JB_OUT_UP_TO_DATE,	/* newer than the input and the style: skipped */
	JB_OUT_NOT_WRITTEN	/* the input failed */
};

struct jb_job {
	char *input;		/* path as given or found */
	char *stem;		/* output base name, a single safe path component */
	char *out[JB_FORMAT__MAX];	/* OUTDIR/stem.ext, NULL if not requested */
	enum jb_out_state ostate[JB_FORMAT__MAX];
	size_t bytes[JB_FORMAT__MAX];	/* size of each written output */
	enum jb_job_state state;
	struct jb_diag *diag;
	double seconds;		/* wall time of this input's conversion */
};

struct jb_batch {
	const struct jb_batch_opts *opts;
	const struct jb_env *env;
	GPtrArray *jobs;	/* struct jb_job *, in input order (this shard only) */
	guint total_inputs;	/* before sharding */
	double seconds;		/* wall time of the whole batch */
};

/* Runs a batch over INPUTS (files, or directories searched for .txt/.xml);
 * prints progress and diagnostics on stderr. Returns the exit status:
 * 0 all inputs succeeded, 1 an input failed, 2 usage error (nothing done). */
int jb_batch_run(const struct jb_batch_opts *, char **inputs, int ninputs,
    const struct jb_env *);

/* SIGINT/SIGTERM: remove outputs in progress, keep finished ones, exit 128+sig. */
void jb_batch_install_signals(void);

/* Parses "I/N" (1 <= I <= N); false if malformed. */
bool jb_shard_parse(const char *s, int *index, int *count);
/* 1-based shard of a stem: stable across runs, machines and input order. */
int jb_shard_of(const char *stem, int count);

#endif
