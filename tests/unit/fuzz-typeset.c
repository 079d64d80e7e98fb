/*
 * tests/unit/fuzz-typeset.c: libFuzzer target for the paragraph typesetter: the
 * first bytes choose measure, indent, pitch, alignment and a bold span, the rest
 * is the text (made valid UTF-8). Checks that lines tile the text and paint.
 */
#include <stdint.h>
#include <string.h>

#include "../../src/core/diag.h"
#include "../../src/pdf/typeset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static PangoContext *ctx;
	static cairo_surface_t *sf;
	static cairo_t *cr;
	struct jb_para_spec s = { "Noto Serif CJK SC", 10, 400, JB_ALIGN_JUSTIFY, 100, 0, 0, true };
	struct jb_span sp;
	struct jb_inline in;
	struct jb_diag *d;
	struct jb_para *p;
	char *text;
	guint prev = 0;

	if (size < 6)
		return 0;
	if (ctx == NULL) {
		ctx = jb_print_context_new();
		/* an image surface: a PDF surface would keep every glyph until finished */
		sf = cairo_image_surface_create(CAIRO_FORMAT_A8, 64, 64);
		cr = cairo_create(sf);
	}
	s.measure = 5 + data[0] * 2;
	s.indent = data[1] % 4 * 10;
	s.char_pitch = data[2] % 3 == 0 ? 9.7 : 0;
	s.align = (enum jb_align)(data[3] % 4);
	s.adjust_punct = data[3] & 4;
	s.weight = data[3] & 8 ? 700 : 400;
	text = g_utf8_make_valid((const char *)data + 6, (gssize)size - 6);
	sp.start = data[4];
	sp.end = data[4] + data[5];
	in.text = text;
	in.bold = &sp;
	in.nbold = 1;
	d = jb_diag_new("fuzz");
	p = jb_para_new(ctx, &in, &s, d);
	if (p == NULL)
		__builtin_trap();
	for (int i = 0; i < jb_para_line_count(p); i++) {
		guint a, b;

		jb_para_line_range(p, i, &a, &b);
		if (a != prev || b < a)
			__builtin_trap();
		prev = b;
		jb_para_paint_line(p, i, cr, 10, 20);
	}
	if (prev != strlen(text) && jb_para_line_count(p) > 0 && *text)
		__builtin_trap();
	jb_para_free(p);
	jb_diag_free(d);
	g_free(text);
	return 0;
}
