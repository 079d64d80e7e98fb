/*
 * cli/report.h: the --report JSON of a batch run (fields documented in
 * docs/jianbao.1 and docs/readme-batch.md; report_version bumps on any
 * incompatible change). Written atomically after the batch.
 */
#ifndef JB_REPORT_H
#define JB_REPORT_H

#include <stdbool.h>
#include <glib.h>

struct jb_batch;
struct jb_diag;

#define JB_REPORT_VERSION 1

/* The report as JSON text (caller g_free()s). */
char *jb_report_json(const struct jb_batch *);
bool jb_report_write(const struct jb_batch *, const char *path, struct jb_diag *);

#endif
