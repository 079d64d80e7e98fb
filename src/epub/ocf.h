/*
 * epub/ocf.h: the OCF container of an EPUB, a ZIP archive written into memory on
 * zlib: entries in the order given (so mimetype first, stored), sizes in the
 * local headers, no extra fields, one fixed time. For epub/epub.c only.
 */
#ifndef JB_EPUB_OCF_H
#define JB_EPUB_OCF_H

#include <stdbool.h>
#include <glib.h>

struct jb_diag;

struct jb_ocf_entry {
	const char *name;	/* path inside the archive, ASCII */
	GBytes *data;
	bool store;		/* already compressed (or mimetype): no deflate */
};

/* Appends the archive of entries[0..n) to out; every entry gets the time `when`
 * (seconds since 1970, within the DOS range 1980..2107). False, with out cut
 * back and the reason in diag, on failure. */
bool jb_ocf_write(GByteArray *out, const struct jb_ocf_entry *entries, guint n, gint64 when,
    struct jb_diag *);

#endif
