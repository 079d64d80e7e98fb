/*
 * cli/progress.h: the batch progress display on stderr: a one-line bar
 * (done/total, current file, rate, ETA) redrawn in place on a terminal; nothing
 * otherwise (batch.c prints one line per file then). Main thread only.
 */
#ifndef JB_PROGRESS_H
#define JB_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

struct jb_progress;

/* bar: draw the bar (stderr is a terminal and not -q). */
struct jb_progress *jb_progress_new(FILE *, unsigned total, bool bar);
/* Clears the bar (if shown) and frees. */
void jb_progress_free(struct jb_progress *);
void jb_progress_current(struct jb_progress *, const char *name);
void jb_progress_done(struct jb_progress *);
unsigned jb_progress_count(const struct jb_progress *);
/* Erases the bar so that messages can be printed; the next draw brings it back. */
void jb_progress_clear(struct jb_progress *);
/* Redraws, at most every 100 ms unless force. */
void jb_progress_draw(struct jb_progress *, bool force);
/* Seconds since jb_progress_new. */
double jb_progress_elapsed(const struct jb_progress *);
/* True while the bar is on screen (a signal handler then erases it). */
bool jb_progress_showing(void);

#endif
