/*
 * cli/main.c: the jianbao command: options, format choice, exit status; one
 * input (-o FILE) here, many inputs (-d DIR) handed to batch.c. Nothing else.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <libxml/parser.h>
#include "../jianbao.h"
#include "../core/diag.h"
#include "batch.h"

static char *opt_output, *opt_to, *opt_style, *opt_paper, *opt_css, *opt_fontdir;
static char *opt_outdir, *opt_report, *opt_shard;
static double opt_body_size, opt_leading;
static int opt_jobs = -1;
static gboolean opt_quiet, opt_version, opt_lossy, opt_no_norm, opt_norm, opt_no_cover, opt_embed;
static gboolean opt_force, opt_dry_run;

static GOptionEntry entries[] = {
	{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, "Write to FILE (format from its extension: .xml, .epub, .pdf)", "FILE" },
	{ "to", 't', 0, G_OPTION_ARG_STRING, &opt_to, "Output format: xml, epub or pdf; with -d a comma list, e.g. epub,pdf", "FORMAT" },
	{ "output-dir", 'd', 0, G_OPTION_ARG_FILENAME, &opt_outdir, "Batch mode: convert every INPUT (files, or directories searched for .txt and .xml) to DIR/STEM.EXT", "DIR" },
	{ "jobs", 'j', 0, G_OPTION_ARG_INT, &opt_jobs, "Batch: N conversions in parallel (default: number of cores)", "N" },
	{ "report", 0, 0, G_OPTION_ARG_FILENAME, &opt_report, "Batch: write a JSON report (outputs, warnings, errors, times) to FILE", "FILE" },
	{ "force", 0, 0, G_OPTION_ARG_NONE, &opt_force, "Batch: convert even when an output is newer than its input and the style", NULL },
	{ "dry-run", 'n', 0, G_OPTION_ARG_NONE, &opt_dry_run, "Batch: list what would be converted; write nothing", NULL },
	{ "shard", 0, 0, G_OPTION_ARG_STRING, &opt_shard, "Batch: convert only shard I of N (1 <= I <= N), chosen by a hash of each input's name", "I/N" },
	{ "style", 's', 0, G_OPTION_ARG_STRING, &opt_style, "Style name (default, gbt9704, a5) or path to a style .ini", "STYLE" },
	{ "paper", 0, 0, G_OPTION_ARG_STRING, &opt_paper, "Paper size: A4, A5, B5, 16K, letter or WxHmm", "PAPER" },
	{ "body-size", 0, 0, G_OPTION_ARG_DOUBLE, &opt_body_size, "Body type size in pt", "PT" },
	{ "leading", 0, 0, G_OPTION_ARG_DOUBLE, &opt_leading, "Line pitch (baseline to baseline) in pt", "PT" },
	{ "css", 0, 0, G_OPTION_ARG_FILENAME, &opt_css, "Append this CSS file to the EPUB stylesheet", "FILE" },
	{ "font-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_fontdir, "Extra font directory (default: fonts/)", "DIR" },
	{ "embed-fonts", 0, 0, G_OPTION_ARG_NONE, &opt_embed, "EPUB: embed subsets of the fonts used", NULL },
	{ "no-cover", 0, 0, G_OPTION_ARG_NONE, &opt_no_cover, "EPUB: no cover image", NULL },
	{ "normalize-punctuation", 0, 0, G_OPTION_ARG_NONE, &opt_norm, "Half-width ,:;?!() in Chinese text to full width (default)", NULL },
	{ "no-normalize-punctuation", 0, 0, G_OPTION_ARG_NONE, &opt_no_norm, "Keep the input's punctuation as it is", NULL },
	{ "lossy", 0, 0, G_OPTION_ARG_NONE, &opt_lossy, "Replace invalid bytes with U+FFFD (with a warning) instead of failing", NULL },
	{ "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet, "Print errors only (batch: warnings and errors, no progress)", NULL },
	{ "version", 'V', 0, G_OPTION_ARG_NONE, &opt_version, "Print the version and exit", NULL },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

/* Checks and fills the batch options; returns why they are wrong, or NULL. */
static const char *
batch_options(struct jb_batch_opts *b, int argc)
{
	memset(b, 0, sizeof *b);
	b->outdir = opt_outdir;
	b->force = opt_force;
	b->dry_run = opt_dry_run;
	b->quiet = opt_quiet;
	b->report = opt_report;
	if (argc < 2)
		return "no input given (batch mode takes files or directories)";
	if (opt_output)
		return "-o and -d exclude each other (-d writes DIR/STEM.EXT)";
	if (*opt_outdir == '\0')
		return "-d needs a directory name";
	b->formats = 0;
	if (opt_to == NULL)
		b->formats = 1u << JB_FORMAT_XML;
	else {
		char **v = g_strsplit(opt_to, ",", -1);
		bool bad = false;

		for (char **p = v; *p; p++) {
			int f = jb_format_from_string(g_strstrip(*p));

			if (f < 0)
				bad = true;
			else
				b->formats |= 1u << f;
		}
		g_strfreev(v);
		if (bad || b->formats == 0)
			return "-t takes xml, epub, pdf or a comma list of them";
	}
	if (opt_jobs == -1)
		b->jobs = (int)g_get_num_processors();
	else if (opt_jobs < 1 || opt_jobs > 64)
		return "-j must be 1 to 64";
	else
		b->jobs = opt_jobs;
	if (opt_shard && !jb_shard_parse(opt_shard, &b->shard_index, &b->shard_count))
		return "--shard takes I/N with 1 <= I <= N, e.g. 2/8";
	return NULL;
}

static int
usage_error(GOptionContext *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "jianbao: %s\nTry 'jianbao --help'.\n", msg);
	return 2;
}

int
main(int argc, char **argv)
{
	GOptionContext *ctx = g_option_context_new("INPUT | -d DIR INPUT...");
	GError *err = NULL;
	struct jb_options opt;
	struct jb_env *env = NULL;
	struct jb_diag *diag = NULL;
	xmlDoc *doc = NULL;
	struct jb_batch_opts bopt;
	int fmt, rc = 1;

	g_option_context_set_summary(ctx,
	    "Convert a plain-text Chinese bulletin (or its hand-corrected .xml) into\n"
	    "bulletin XML, an EPUB 3 e-reader edition or a print PDF.");
	g_option_context_set_description(ctx,
	    "Examples:\n"
	    "  jianbao in.txt -o out.xml\n"
	    "  jianbao in.xml -o out.epub --embed-fonts\n"
	    "  jianbao in.txt -o out.pdf --style gbt9704\n"
	    "  jianbao -t epub,pdf -d out/ archive/ --report out/report.json\n\n"
	    "Exit status: 0 ok (warnings allowed), 1 an input failed, 2 usage error.");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &err)) {
		rc = usage_error(ctx, err->message);
		g_error_free(err);
		goto out;
	}
	if (opt_version) {
		printf("jianbao %s\n", JB_VERSION);
		rc = 0;
		goto out;
	}
	if (opt_outdir) {
		const char *why = batch_options(&bopt, argc);
		if (why) {
			rc = usage_error(ctx, why);
			goto out;
		}
		fmt = JB_FORMAT_XML;	/* unused in batch mode */
	} else if (opt_jobs != -1 || opt_report || opt_force || opt_dry_run || opt_shard) {
		rc = usage_error(ctx, "-j, --report, --force, --dry-run and --shard need batch mode (-d DIR)");
		goto out;
	} else if (argc != 2) {
		rc = usage_error(ctx, argc < 2 ? "no input file given"
		    : "more than one input file given (use -d DIR for batch mode)");
		goto out;
	} else if (opt_to) {
		fmt = jb_format_from_string(opt_to);
		if (fmt < 0) {
			rc = usage_error(ctx, "-t must be xml, epub or pdf (a list only with -d)");
			goto out;
		}
	} else if (opt_output) {
		fmt = jb_format_from_name(opt_output);
		if (fmt < 0) {
			rc = usage_error(ctx, "cannot tell the output format from the -o name; use .xml, .epub, .pdf or -t");
			goto out;
		}
	} else
		fmt = JB_FORMAT_XML;
	if (opt_norm && opt_no_norm) {
		rc = usage_error(ctx, "--normalize-punctuation and --no-normalize-punctuation contradict each other");
		goto out;
	}
	if (opt_body_size < 0 || opt_leading < 0 || (opt_body_size && (opt_body_size < 5 || opt_body_size > 72))
	    || (opt_leading && (opt_leading < 5 || opt_leading > 200))) {
		rc = usage_error(ctx, "--body-size must be 5 to 72 pt and --leading 5 to 200 pt");
		goto out;
	}
	if (!opt_outdir && opt_output == NULL && fmt != JB_FORMAT_XML) {
		rc = usage_error(ctx, "EPUB and PDF need -o FILE");
		goto out;
	}

	jb_options_init(&opt);
	opt.normalize_punct = !opt_no_norm;
	opt.lossy = opt_lossy;
	opt.cover = !opt_no_cover;
	opt.embed_fonts = opt_embed;
	opt.style = opt_style;
	opt.paper = opt_paper;
	opt.body_size = opt_body_size;
	opt.leading = opt_leading;
	opt.css = opt_css;
	opt.fontdir = opt_fontdir;

	/* Memory is freed and asked for again all the time (zlib's 270 KB of state
	 * per EPUB entry, font tables for subsetting and the output of every PDF):
	 * keep it in the heap instead of giving it back and faulting it in afresh
	 * (half the page faults of an EPUB; about 10% of a PDF's time in batch). */
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
	/* libxml2 sets up its global state once, before any worker thread. */
	xmlInitParser();
	diag = jb_diag_new(opt_outdir ? "jianbao" : argv[1]);
	env = jb_env_new(&opt, diag);
	if (env == NULL) {
		const struct jb_msg *m = jb_diag_count(diag) ? jb_diag_get(diag, 0) : NULL;
		rc = m && !strcmp(m->code, "usage") ? 2 : 1;
		goto out;
	}
	jb_batch_install_signals();
	if (opt_outdir) {
		rc = jb_batch_run(&bopt, argv + 1, argc - 1, env);
		goto out;
	}
	doc = jb_read_file(argv[1], env, diag);
	if (doc == NULL)
		goto out;
	if (opt_output == NULL || strcmp(opt_output, "-") == 0) {
		char *data = NULL;
		size_t len = 0;
		if (jb_render(doc, (enum jb_format)fmt, env, &data, &len, diag)) {
			rc = fwrite(data, 1, len, stdout) == len && fflush(stdout) == 0 ? 0 : 1;
			if (rc)
				jb_error(diag, "output-error", 0, "cannot write to standard output");
		}
		g_free(data);
	} else if (jb_write(doc, (enum jb_format)fmt, env, opt_output, diag))
		rc = 0;
out:
	if (diag) {
		jb_diag_print(diag, stderr, opt_quiet ? JB_ERROR : JB_NOTE);
		if (jb_diag_failed(diag) && rc == 0)
			rc = 1;
	}
	if (doc)
		xmlFreeDoc(doc);
	jb_env_free(env);
	jb_diag_free(diag);
	g_option_context_free(ctx);
	return rc;
}
