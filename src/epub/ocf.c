/*
 * epub/ocf.c: the EPUB's ZIP container (see ocf.h), written directly into memory
 * with zlib. It used to be libzip, whose libcrypto, libbz2 and relocations cost
 * every run about a millisecond at start for features an EPUB never uses; the
 * bytes are the same as libzip 1.7 wrote: version 2.0 (deflate) or 1.0 (stored)
 * needed, made by Unix 6.3, -rw-rw-rw-, no extra fields, no data descriptors,
 * deflate at level 6 with 9-level memory, fed 8 KiB at a time.
 */
#include <string.h>
#include <time.h>
#include <zlib.h>
#include "../core/diag.h"
#include "ocf.h"

#define LOCAL_SIG 0x04034b50u
#define CENTRAL_SIG 0x02014b50u
#define END_SIG 0x06054b50u
#define MADE_BY (3u << 8 | 63u)	/* Unix, ZIP specification 6.3 */
#define NEED_STORE 10u
#define NEED_DEFLATE 20u
#define METHOD_STORE 0u
#define METHOD_DEFLATE 8u
#define EXT_ATTR (0100666u << 16)	/* regular file, rw-rw-rw- */
#define LEVEL 6
#define MEM_LEVEL 9
#define CHUNK 8192		/* libzip's buffer: deflate sees the input in these steps */
#define ZIP32_MAX 0xffffffffu

struct placed {
	guint32 crc, csize, usize, offset;
	guint16 need, method;
};

static void
put16(GByteArray *o, guint v)
{
	guint8 b[2] = { (guint8)v, (guint8)(v >> 8) };

	g_byte_array_append(o, b, 2);
}

static void
put32(GByteArray *o, guint32 v)
{
	guint8 b[4] = { (guint8)v, (guint8)(v >> 8), (guint8)(v >> 16), (guint8)(v >> 24) };

	g_byte_array_append(o, b, 4);
}

static void
set32(GByteArray *o, guint at, guint32 v)
{
	o->data[at] = (guint8)v;
	o->data[at + 1] = (guint8)(v >> 8);
	o->data[at + 2] = (guint8)(v >> 16);
	o->data[at + 3] = (guint8)(v >> 24);
}

/* DOS date and time in local time, as libzip and Info-ZIP write them. */
static void
dos_time(gint64 when, guint *dtime, guint *ddate)
{
	time_t t = (time_t)when;
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL || tm.tm_year < 80) {
		*dtime = 0;
		*ddate = 1 << 5 | 1;	/* 1980-01-01 */
		return;
	}
	*dtime = (guint)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec >> 1);
	*ddate = (guint)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
}

/* Deflates data onto the end of out; the stream is reset, not reallocated. */
static bool
deflate_onto(z_stream *z, GByteArray *out, const guint8 *data, gsize len)
{
	gsize fed = 0;
	int flush = Z_NO_FLUSH, rc;

	if (deflateReset(z) != Z_OK)
		return false;
	for (;;) {
		if (z->avail_in == 0 && flush == Z_NO_FLUSH) {
			if (fed < len) {
				gsize n = MIN(len - fed, (gsize)CHUNK);
				z->next_in = (Bytef *)(data + fed);
				z->avail_in = (uInt)n;
				fed += n;
			} else
				flush = Z_FINISH;
		}
		guint at = out->len;
		g_byte_array_set_size(out, at + CHUNK);
		z->next_out = out->data + at;
		z->avail_out = CHUNK;
		rc = deflate(z, flush);
		g_byte_array_set_size(out, at + CHUNK - z->avail_out);
		if (rc == Z_STREAM_END)
			return true;
		if (rc != Z_OK && rc != Z_BUF_ERROR)
			return false;
	}
}

/* General purpose flags: level 6 is "normal" deflate (0); bit 11 marks a UTF-8 name. */
static guint
name_flags(const char *name)
{
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c >= 0x80)
			return 1u << 11;
	return 0;
}

static void
local_header(GByteArray *o, const char *name, const struct placed *p, guint dtime, guint ddate)
{
	put32(o, LOCAL_SIG);
	put16(o, p->need);
	put16(o, name_flags(name));
	put16(o, p->method);
	put16(o, dtime);
	put16(o, ddate);
	put32(o, p->crc);
	put32(o, p->csize);
	put32(o, p->usize);
	put16(o, (guint)strlen(name));
	put16(o, 0);		/* extra field */
	g_byte_array_append(o, (const guint8 *)name, (guint)strlen(name));
}

static void
central_header(GByteArray *o, const char *name, const struct placed *p, guint dtime, guint ddate)
{
	put32(o, CENTRAL_SIG);
	put16(o, MADE_BY);
	put16(o, p->need);
	put16(o, name_flags(name));
	put16(o, p->method);
	put16(o, dtime);
	put16(o, ddate);
	put32(o, p->crc);
	put32(o, p->csize);
	put32(o, p->usize);
	put16(o, (guint)strlen(name));
	put16(o, 0);		/* extra field */
	put16(o, 0);		/* comment */
	put16(o, 0);		/* disk */
	put16(o, 0);		/* internal attributes */
	put32(o, EXT_ATTR);
	put32(o, p->offset);
	g_byte_array_append(o, (const guint8 *)name, (guint)strlen(name));
}

bool
jb_ocf_write(GByteArray *out, const struct jb_ocf_entry *e, guint n, gint64 when,
    struct jb_diag *diag)
{
	struct placed *p = g_new0(struct placed, n);
	guint start = out->len, cd, cdsize, dtime, ddate;
	z_stream z;
	bool zinit = false, ok = false;

	memset(&z, 0, sizeof z);
	dos_time(when, &dtime, &ddate);
	for (guint i = 0; i < n; i++) {
		gsize len;
		const guint8 *data = g_bytes_get_data(e[i].data, &len);
		guint at = out->len, body;

		if (len > ZIP32_MAX || (guint64)out->len + len > ZIP32_MAX) {
			jb_error(diag, "epub-zip", 0, "%s makes the EPUB larger than 4 GiB", e[i].name);
			goto out;
		}
		p[i].offset = at - start;
		p[i].usize = (guint32)len;
		p[i].crc = (guint32)crc32(crc32(0, NULL, 0), data, (uInt)len);
		/* An empty entry is stored, whatever was asked (as libzip does). */
		p[i].method = e[i].store || len == 0 ? METHOD_STORE : METHOD_DEFLATE;
		p[i].need = p[i].method == METHOD_STORE ? NEED_STORE : NEED_DEFLATE;
		local_header(out, e[i].name, &p[i], dtime, ddate);
		body = out->len;
		if (p[i].method == METHOD_STORE)
			g_byte_array_append(out, data, (guint)len);
		else {
			if (!zinit && deflateInit2(&z, LEVEL, Z_DEFLATED, -MAX_WBITS, MEM_LEVEL,
			    Z_DEFAULT_STRATEGY) != Z_OK) {
				jb_error(diag, "epub-zip", 0, "cannot start zlib for the EPUB");
				goto out;
			}
			zinit = true;
			if (!deflate_onto(&z, out, data, len)) {
				jb_error(diag, "epub-zip", 0, "cannot compress %s: %s", e[i].name,
				    z.msg ? z.msg : "zlib error");
				goto out;
			}
		}
		if ((guint64)out->len - start > ZIP32_MAX) {
			jb_error(diag, "epub-zip", 0, "%s makes the EPUB larger than 4 GiB", e[i].name);
			goto out;
		}
		p[i].csize = out->len - body;
		set32(out, at + 18, p[i].csize);	/* known now */
	}
	cd = out->len;
	for (guint i = 0; i < n; i++)
		central_header(out, e[i].name, &p[i], dtime, ddate);
	cdsize = out->len - cd;
	put32(out, END_SIG);
	put16(out, 0);		/* this disk */
	put16(out, 0);		/* disk of the central directory */
	put16(out, n);
	put16(out, n);
	put32(out, cdsize);
	put32(out, cd - start);
	put16(out, 0);		/* comment */
	ok = n <= 0xffff && (guint64)out->len - start <= ZIP32_MAX;
	if (!ok)
		jb_error(diag, "epub-zip", 0, "the EPUB is too large for a ZIP archive without ZIP64");
out:
	if (zinit)
		deflateEnd(&z);
	if (!ok)
		g_byte_array_set_size(out, start);
	g_free(p);
	return ok;
}
