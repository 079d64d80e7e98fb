/*
 * tests/fuzz/fuzz.h: what the libFuzzer targets share: one jb_env built once per
 * process (as the CLI and batch mode do), and the contract checks every target
 * makes on each result. Uses the public API (jianbao.h) and diag.h only.
 */
#ifndef JB_FUZZ_H
#define JB_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include "../../src/jianbao.h"
#include "../../src/core/diag.h"

int LLVMFuzzerInitialize(int *, char ***);
int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct jb_env *env;

/* The binaries live in build/fuzz/: find styles/ two levels up unless told. */
static struct jb_env *
setup_env(const char *argv0, bool cover)
{
	struct jb_options opt;
	struct jb_diag *d = jb_diag_new("fuzz-env");
	struct jb_env *e;

	if (g_getenv("JIANBAO_DATADIR") == NULL) {
		char *exe = g_file_read_link("/proc/self/exe", NULL);
		char *dir = g_path_get_dirname(exe ? exe : argv0);
		char *top = g_build_filename(dir, "..", "..", NULL);

		g_setenv("JIANBAO_DATADIR", top, TRUE);
		g_free(top);
		g_free(dir);
		g_free(exe);
	}
	jb_options_init(&opt);
	opt.cover = cover;
	e = jb_env_new(&opt, d);
	if (e == NULL) {
		jb_diag_print(d, stderr, JB_NOTE);
		abort();
	}
	jb_diag_free(d);
	return e;
}

/* The library's contract: a NULL/false result always carries an error, and a
 * success never does. A breach is a bug the fuzzer must report. */
static void
check_result(bool ok, struct jb_diag *d, const char *what)
{
	if (ok == jb_diag_failed(d)) {
		fprintf(stderr, "contract broken: %s %s but the diag %s an error\n", what,
		    ok ? "succeeded" : "failed", ok ? "holds" : "has no");
		jb_diag_print(d, stderr, JB_NOTE);
		abort();
	}
	/* "internal" marks a state the library thinks cannot happen (e.g. a built
	 * tree the schema refuses): a bug even though it is reported cleanly. */
	for (guint i = 0; i < jb_diag_count(d); i++)
		if (strcmp(jb_diag_get(d, i)->code, "internal") == 0) {
			fprintf(stderr, "internal error reported by %s:\n", what);
			jb_diag_print(d, stderr, JB_NOTE);
			abort();
		}
}

/* Reads `bytes` as `name`, writes the tree back as XML, and requires that XML to
 * read back (the round trip proves every XML jianbao writes matches its schema).
 * Shared by fuzz-text and fuzz-xml. */
G_GNUC_UNUSED static void
fuzz_xml_roundtrip(const char *name, const char *bytes, size_t len)
{
	struct jb_diag *d = jb_diag_new(name);
	char *out = NULL;
	size_t outlen = 0;
	xmlDoc *doc = jb_read(name, bytes, len, env, d);

	check_result(doc != NULL, d, "jb_read");
	if (doc != NULL) {
		bool ok = jb_render(doc, JB_FORMAT_XML, env, &out, &outlen, d);

		check_result(ok, d, "jb_render(xml)");
		if (ok) {
			struct jb_diag *d2 = jb_diag_new("fuzz-out.xml");
			xmlDoc *again = jb_read("fuzz-out.xml", out, outlen, env, d2);

			if (again == NULL) {
				fprintf(stderr, "the XML written does not read back:\n");
				jb_diag_print(d2, stderr, JB_NOTE);
				fwrite(out, 1, outlen, stderr);
				abort();
			}
			xmlFreeDoc(again);
			jb_diag_free(d2);
		}
		g_free(out);
		xmlFreeDoc(doc);
	}
	jb_diag_free(d);
}

/* Text of at most `cap` bytes -> read -> render to fmt; the output must start with
 * `magic`. Shared by fuzz-epub and fuzz-pdf, which differ only in the format. */
G_GNUC_UNUSED static int
fuzz_render(const uint8_t *data, size_t size, size_t cap, enum jb_format fmt,
    const char *magic, const char *what)
{
	struct jb_diag *d;
	char *out = NULL;
	size_t outlen = 0;
	xmlDoc *doc;

	if (size > cap)
		return -1;	/* not added to the corpus */
	d = jb_diag_new("fuzz.txt");
	doc = jb_read("fuzz.txt", (const char *)data, size, env, d);
	check_result(doc != NULL, d, "jb_read");
	if (doc != NULL) {
		bool ok = jb_render(doc, fmt, env, &out, &outlen, d);

		check_result(ok, d, what);
		if (ok && (outlen < strlen(magic) || memcmp(out, magic, strlen(magic)) != 0)) {
			fprintf(stderr, "%s succeeded but wrote no such file\n", what);
			abort();
		}
		g_free(out);
		xmlFreeDoc(doc);
	}
	jb_diag_free(d);
	return 0;
}

#endif
