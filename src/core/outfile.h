/*
 * core/outfile.h: atomic output. Every output file is written to a temporary file
 * beside its target and renamed into place only when complete, so a failure (or a
 * signal) never leaves a partial file and never touches an existing output.
 * Targets that are not regular files (/dev/stdout, /dev/full, FIFOs) are written
 * directly. Outputs are not fsync'ed (see outfile.c). Thread-safe.
 */
#ifndef JB_OUTFILE_H
#define JB_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

struct jb_diag;

bool jb_outfile_write(const char *path, const void *data, size_t len, struct jb_diag *);
/* Unlinks every temporary file still being written (for signal handlers: async-signal-safe). */
void jb_outfile_abort_all(void);

#endif
