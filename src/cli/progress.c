/*
 * cli/progress.c: terminal progress bar for batch mode (see progress.h).
 * Drawn with \r and erase-to-end-of-line so that it never scrolls; cut to the
 * terminal width counting CJK characters as two columns.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <glib.h>
#include "progress.h"

struct jb_progress {
	FILE *fp;
	unsigned total, done;
	bool bar, shown;
	char *current;
	gint64 start, last_draw;
};

/* Read by the signal handler, which erases the bar before exiting. */
static volatile sig_atomic_t bar_on_screen;

struct jb_progress *
jb_progress_new(FILE *fp, unsigned total, bool bar)
{
	struct jb_progress *p = g_new0(struct jb_progress, 1);

	p->fp = fp;
	p->total = total;
	p->bar = bar;
	p->start = g_get_monotonic_time();
	return p;
}

void
jb_progress_free(struct jb_progress *p)
{
	if (p == NULL)
		return;
	jb_progress_clear(p);
	g_free(p->current);
	g_free(p);
}

void
jb_progress_current(struct jb_progress *p, const char *name)
{
	g_free(p->current);
	p->current = g_strdup(name);
}

void
jb_progress_done(struct jb_progress *p)
{
	p->done++;
}

unsigned
jb_progress_count(const struct jb_progress *p)
{
	return p->done;
}

double
jb_progress_elapsed(const struct jb_progress *p)
{
	return (double)(g_get_monotonic_time() - p->start) / G_USEC_PER_SEC;
}

bool
jb_progress_showing(void)
{
	return bar_on_screen != 0;
}

void
jb_progress_clear(struct jb_progress *p)
{
	if (!p->shown)
		return;
	fputs("\r\033[K", p->fp);
	fflush(p->fp);
	p->shown = false;
	bar_on_screen = 0;
}

static int
term_width(FILE *fp)
{
	struct winsize ws;

	if (ioctl(fileno(fp), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

static void
format_time(char *buf, size_t n, double s)
{
	long t = (long)(s + 0.5);

	if (t >= 3600)
		g_snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
	else
		g_snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

/* Appends as much of NAME as fits in COLS columns, keeping its end (the file
 * name is the informative part of a long path). */
static void
append_fitting(GString *s, const char *name, int cols)
{
	const char *end = name + strlen(name), *p = end;
	int w = 0;

	if (cols <= 0 || !g_utf8_validate(name, -1, NULL))
		return;
	while (p > name) {
		const char *q = g_utf8_prev_char(p);
		int cw = g_unichar_iswide(g_utf8_get_char(q)) ? 2 : 1;

		if (w + cw > cols - (q > name ? 1 : 0))
			break;
		w += cw;
		p = q;
	}
	if (p > name)
		g_string_append(s, "…");
	g_string_append_len(s, p, end - p);
}

void
jb_progress_draw(struct jb_progress *p, bool force)
{
	gint64 now = g_get_monotonic_time();
	double el = (double)(now - p->start) / G_USEC_PER_SEC, rate, pct;
	char eta[32] = "--:--", head[160];
	GString *s;
	int width, barw, fill, used;

	if (!p->bar || (!force && p->shown && now - p->last_draw < 100000))
		return;
	p->last_draw = now;
	rate = el > 0 ? p->done / el : 0;
	if (p->done > 0 && rate > 0)
		format_time(eta, sizeof eta, (p->total - p->done) / rate);
	pct = p->total ? 100.0 * p->done / p->total : 100.0;
	width = term_width(p->fp);
	barw = width >= 100 ? 30 : width >= 60 ? 20 : 10;
	fill = p->total ? (int)((double)barw * p->done / p->total) : barw;
	s = g_string_new("\r");
	g_string_append_c(s, '[');
	for (int i = 0; i < barw; i++)
		g_string_append_c(s, i < fill ? '#' : '.');
	g_snprintf(head, sizeof head, "] %u/%u %3.0f%% %.1f/s ETA %s ",
	    p->done, p->total, pct, rate, eta);
	g_string_append(s, head);
	used = barw + 1 + (int)strlen(head);
	if (p->current)
		append_fitting(s, p->current, width - used - 1);
	g_string_append(s, "\033[K");
	fputs(s->str, p->fp);
	fflush(p->fp);
	g_string_free(s, TRUE);
	p->shown = true;
	bar_on_screen = 1;
}
