/*
 * text/structure.c: the structurer's pipeline: text/scan (lines -> raw blocks)
 * -> text/classify and its rule families (-> jb_plan) -> doc/build (-> xmlDoc).
 */
#include "../core/diag.h"
#include "../doc/build.h"
#include "rules.h"
#include "structure.h"

xmlDoc *
jb_structure(const struct jb_source *src, const struct jb_options *opt, struct jb_diag *diag)
{
	struct jb_scan scan = { NULL, NULL };
	struct jb_plan plan;
	struct jb_ctx x;
	xmlDoc *doc;

	jb_scan_run(src, &scan);
	jb_plan_init(&plan);
	x = (struct jb_ctx){ .src = src, .scan = &scan, .plan = &plan, .diag = diag,
		.entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
		.gap = JB_GAP };
	jb_classify(&x);
	doc = jb_doc_build(src, &plan, opt ? opt->normalize_punct : true);
	g_hash_table_destroy(x.entries);
	jb_plan_clear(&plan);
	jb_scan_clear(&scan);
	return doc;
}
