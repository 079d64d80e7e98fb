/*
 * epub/subset.c: --embed-fonts: one hb-subset per font face for the whole book,
 * cut to the characters each role sets (gathered while the XHTML was written),
 * so that the book stays small and shows the style's faces on every reader.
 */
#include <string.h>
#include <hb.h>
#include <hb-subset.h>
#include "../core/diag.h"
#include "../style/font.h"
#include "book.h"

struct face_use {
	const struct jb_font_face *face;
	hb_set_t *chars;
};

static GBytes *
subset_one(const struct jb_font_face *f, const hb_set_t *chars, bool *otf, struct jb_diag *diag)
{
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(f->file), *out;
	hb_face_t *face, *sub;
	hb_subset_input_t *in;
	const char *data;
	unsigned int len;
	GBytes *bytes = NULL;

	if (blob == NULL) {
		jb_error(diag, "font-subset", 0, "cannot read font %s", f->file);
		return NULL;
	}
	face = hb_face_create(blob, (unsigned)f->index);
	in = hb_subset_input_create_or_fail();
	if (in == NULL) {
		jb_error(diag, "font-subset", 0, "out of memory subsetting %s", f->file);
		hb_face_destroy(face);
		hb_blob_destroy(blob);
		return NULL;
	}
	hb_set_union(hb_subset_input_unicode_set(in), chars);
	/* Hints are for low-resolution screens at small sizes; CJK outlines do without. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	sub = hb_subset_or_fail(face, in);
	if (sub == NULL) {
		jb_error(diag, "font-subset", 0, "hb-subset failed for %s (face %d)", f->file, f->index);
	} else {
		out = hb_face_reference_blob(sub);
		data = hb_blob_get_data(out, &len);
		if (len >= 4) {
			*otf = memcmp(data, "OTTO", 4) == 0;
			bytes = g_bytes_new(data, len);
		} else {
			jb_error(diag, "font-subset", 0, "hb-subset gave an empty font for %s", f->file);
		}
		hb_blob_destroy(out);
		hb_face_destroy(sub);
	}
	hb_subset_input_destroy(in);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return bytes;
}

bool
jb_epub_subset_fonts(struct book *b, const struct jb_fonts *fonts, GPtrArray *resources,
    struct css_font *cf, int *nfonts, int *role_font, struct jb_diag *diag)
{
	struct face_use use[JB_ROLE__MAX];
	GHashTableIter it;
	gpointer c;
	int n = 0;
	bool ok = true;

	for (int r = 0; r < JB_ROLE__MAX; r++) {
		const struct jb_font_face *f = &fonts->role[r];
		int i;

		role_font[r] = -1;
		if (g_hash_table_size(b->chars[r]) == 0 || f->file == NULL)
			continue;
		for (i = 0; i < n; i++)
			if (strcmp(use[i].face->file, f->file) == 0 && use[i].face->index == f->index)
				break;
		if (i == n) {
			use[n].face = f;
			use[n].chars = hb_set_create();
			n++;
		}
		g_hash_table_iter_init(&it, b->chars[r]);
		while (g_hash_table_iter_next(&it, &c, NULL))
			hb_set_add(use[i].chars, GPOINTER_TO_UINT(c));
		role_font[r] = i;
	}
	for (int i = 0; i < n; i++) {
		bool otf = false;
		GBytes *data = ok ? subset_one(use[i].face, use[i].chars, &otf, diag) : NULL;
		struct resource *res;

		hb_set_destroy(use[i].chars);
		if (data == NULL) {
			ok = false;
			continue;
		}
		res = g_new0(struct resource, 1);
		res->path = g_strdup_printf("fonts/f%d.%s", i, otf ? "otf" : "ttf");
		res->id = g_strdup_printf("font%d", i);
		res->media_type = otf ? "font/otf" : "font/ttf";
		res->data = data;
		g_ptr_array_add(resources, res);
		/* One private family per subset: two weights of one family must not meet
		 * in CSS weight matching (a <b> would pick the Black masthead subset). */
		cf[i].family = g_strdup_printf("jb%d %s", i, use[i].face->family);

		cf[i].path = g_strdup(res->path);
		cf[i].weight = use[i].face->weight;
	}
	*nfonts = ok ? n : 0;
	if (!ok)
		for (int i = 0; i < n; i++) {
			g_free(cf[i].family);
			g_free(cf[i].path);
			cf[i].family = cf[i].path = NULL;
		}
	return ok;
}
