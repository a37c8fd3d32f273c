/* glosa: the command line. Parses options and hands the work to --dump,
 * --toc, --check, --highlights, --export or the interactive session. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "glosa/article.h"
#include "glosa/config.h"
#include "glosa/convert.h"
#include "glosa/dump.h"
#include "glosa/export.h"
#include "glosa/loader.h"
#include "glosa/notebook.h"
#include "glosa/open.h"
#include "glosa/strbuf.h"
#include "ui/ui.h"

#define DEFAULT_WIDTH 80
#define MAX_WIDTH 1000

enum action { ACT_READ, ACT_LIBRARY, ACT_DUMP, ACT_TOC, ACT_CHECK, ACT_HIGHLIGHTS,
              ACT_MARKDOWN, ACT_JSON, ACT_CONVERT };
enum color { COLOR_NEVER, COLOR_ALWAYS, COLOR_AUTO };

struct options {
	enum action action;
	enum color color;
	int width;
	bool mouse;
	const char *annotations; /* --annotations FILE */
	const char *output;      /* -o FILE */
	enum article_format format; /* --format */
};

static void usage(FILE *out)
{
	fputs("Usage: glosa [OPTION]... [ARTICLE]\n"
	      "Read an article in the terminal, highlight it and write notes beside it.\n"
	      "With no ARTICLE, open the library of articles read (or the built-in tour\n"
	      "when there are none); with ARTICLE '-', read it from standard input.\n"
	      "\n"
	      "  -w, --width=N           text column of at most N columns (default 80)\n"
	      "      --annotations=FILE  keep highlights and notes in FILE\n"
	      "      --no-mouse          leave the mouse to the terminal\n"
	      "      --library           open the library of articles read\n"
	      "      --dump              print the article as the reader lays it out,\n"
	      "                          highlights as [[passage]] and notes as footnotes\n"
	      "      --color=WHEN        never, always, or auto (default; --dump: never)\n"
	      "      --toc               print the numbered table of contents\n"
	      "      --format=FORMAT     read ARTICLE as yaml, markdown or text (default:\n"
	      "                          by its extension, else by its content)\n"
	      "      --convert           print the article in glosa's YAML article format\n"
	      "      --check             validate the ARTICLEs: FILE:LINE:COLUMN: error\n"
	      "      --highlights        print the article's highlights and notes\n"
	      "      --export=FORMAT     write the highlights as markdown or json\n"
	      "  -o, --output=FILE       write --export (or --dump, --highlights) to FILE\n"
	      "  -h, --help              show this help and exit\n"
	      "  -V, --version           show the version and exit\n"
	      "\n"
	      "In the reader, ? lists the keys. See glosa(1), glosa-article(5) and\n"
	      "glosa-annotations(5).\n", out);
}

__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("glosa: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'glosa --help' for more information.\n", stderr);
	return EX_USAGE;
}

/* --check: every file, one line per problem on standard output. */
static int check(char **paths, int n, enum article_format format)
{
	int worst = EX_OK, i;

	for (i = 0; i < n; i++) {
		struct article *a;
		char msg[700];
		int rc = open_article(paths[i], format, &a, msg, sizeof msg);
		if (rc == EX_OK) {
			article_free(a);
			continue;
		}
		printf("%s\n", msg);
		if (rc != EX_DATAERR)
			worst = EX_NOINPUT;
		else if (worst == EX_OK)
			worst = EX_DATAERR;
	}
	if (fflush(stdout) != 0)
		return EX_IOERR;
	return worst;
}

static int parse_width(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *s == '\0' || *end != '\0' || v < 1 || v > MAX_WIDTH)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	enum { OPT_DUMP = 256, OPT_TOC, OPT_CHECK, OPT_COLOR, OPT_NO_MOUSE, OPT_ANNOT,
	       OPT_LIBRARY, OPT_HIGHLIGHTS, OPT_EXPORT, OPT_FORMAT, OPT_CONVERT };
	static const struct option longopts[] = {
		{ "width", required_argument, NULL, 'w' },
		{ "dump", no_argument, NULL, OPT_DUMP },
		{ "toc", no_argument, NULL, OPT_TOC },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
		{ "annotations", required_argument, NULL, OPT_ANNOT },
		{ "library", no_argument, NULL, OPT_LIBRARY },
		{ "highlights", no_argument, NULL, OPT_HIGHLIGHTS },
		{ "export", required_argument, NULL, OPT_EXPORT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "convert", no_argument, NULL, OPT_CONVERT },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":w:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'w':
			if (parse_width(optarg, &o->width))
				return usage_error("invalid width '%s' (expected a number from 1 to 1000)",
				                   optarg);
			break;
		case 'o':           o->output = optarg; break;
		case OPT_DUMP:      o->action = ACT_DUMP; break;
		case OPT_TOC:       o->action = ACT_TOC; break;
		case OPT_CHECK:     o->action = ACT_CHECK; break;
		case OPT_LIBRARY:   o->action = ACT_LIBRARY; break;
		case OPT_HIGHLIGHTS: o->action = ACT_HIGHLIGHTS; break;
		case OPT_CONVERT:   o->action = ACT_CONVERT; break;
		case OPT_NO_MOUSE:  o->mouse = false; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "yaml") == 0)
				o->format = ARTICLE_FORMAT_YAML;
			else if (strcmp(optarg, "markdown") == 0 || strcmp(optarg, "md") == 0)
				o->format = ARTICLE_FORMAT_MARKDOWN;
			else if (strcmp(optarg, "text") == 0 || strcmp(optarg, "txt") == 0)
				o->format = ARTICLE_FORMAT_TEXT;
			else
				return usage_error("invalid format '%s' (expected yaml, markdown or text)",
				                   optarg);
			break;
		case OPT_ANNOT:     o->annotations = optarg; break;
		case OPT_EXPORT:
			if (strcmp(optarg, "markdown") == 0 || strcmp(optarg, "md") == 0)
				o->action = ACT_MARKDOWN;
			else if (strcmp(optarg, "json") == 0)
				o->action = ACT_JSON;
			else
				return usage_error("invalid export format '%s' (expected markdown or json)",
				                   optarg);
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "never") == 0)
				o->color = COLOR_NEVER;
			else if (strcmp(optarg, "always") == 0)
				o->color = COLOR_ALWAYS;
			else if (strcmp(optarg, "auto") == 0)
				o->color = COLOR_AUTO;
			else
				return usage_error("invalid color '%s' (expected never, always or auto)",
				                   optarg);
			break;
		case 'h':
			usage(stdout);
			exit(fflush(stdout) ? EX_IOERR : EX_OK);
		case 'V':
			printf("glosa %s\n", PACKAGE_VERSION);
			exit(fflush(stdout) ? EX_IOERR : EX_OK);
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	return EX_OK;
}

/* Do two paths name one existing file? */
static bool same_file(const char *x, const char *y)
{
	struct stat a, b;

	return stat(x, &a) == 0 && stat(y, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

/* --convert: the article as YAML. Returns 0 or an errno value. */
static int convert(const struct article *a, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	char msg[256];
	int err = 0;

	if (convert_to_yaml(a, &sb, msg, sizeof msg) != 0) {
		fprintf(stderr, "glosa: --convert: %s\n", msg);
		err = EINVAL;
	} else if (fwrite(sb.buf, 1, sb.len, out) != sb.len || fflush(out) != 0) {
		err = errno ? errno : EIO;
	}
	strbuf_release(&sb);
	return err;
}

/* --dump, --toc, --highlights, --export, --convert: read everything,
 * write to out. */
static int print(const struct options *o, const char *path, const struct config *cfg)
{
	struct article *a;
	struct notebook nb;
	char msg[700];
	FILE *out = stdout;
	int rc, err = 0;

	rc = open_article(path, o->format, &a, msg, sizeof msg);
	if (rc) {
		fprintf(stderr, "%s%s\n", rc == EX_DATAERR ? "" : "glosa: ", msg);
		return rc;
	}
	if (o->output && path && same_file(o->output, path)) {
		fprintf(stderr, "glosa: %s is the article itself; not writing over it\n", o->output);
		article_free(a);
		return EX_CANTCREAT;
	}
	if (o->output && !(out = fopen(o->output, "w"))) {
		fprintf(stderr, "glosa: cannot write %s: %s\n", o->output, strerror(errno));
		article_free(a);
		return EX_CANTCREAT;
	}
	if (o->action == ACT_CONVERT) {
		err = convert(a, out);
	} else if (o->action != ACT_TOC) {
		open_notebook(&nb, a, o->annotations, path, false);
		if (nb.status[0])
			fprintf(stderr, "glosa: %s\n", nb.status);
	}
	switch (o->action) {
	case ACT_TOC:
		err = dump_toc(a, out);
		break;
	case ACT_DUMP:
		err = dump_article_notes(a, &nb, o->width, o->color == COLOR_ALWAYS, out);
		break;
	case ACT_HIGHLIGHTS:
		err = export_listing(a, &nb, cfg, out);
		break;
	case ACT_MARKDOWN:
		err = export_markdown(a, &nb, cfg, out);
		break;
	case ACT_JSON:
		err = export_json(a, &nb, cfg, out);
		break;
	default:
		break;
	}
	if (o->action != ACT_TOC && o->action != ACT_CONVERT)
		notebook_close(&nb);
	if (out != stdout && fclose(out) != 0 && !err)
		err = errno ? errno : EIO;
	if (err)
		fprintf(stderr, "glosa: writing %s: %s\n", o->output ? o->output : "the output",
		        strerror(err));
	article_free(a);
	return err ? EX_IOERR : EX_OK;
}

int main(int argc, char **argv)
{
	struct options o = { ACT_READ, COLOR_AUTO, DEFAULT_WIDTH, true, NULL, NULL,
	                     ARTICLE_FORMAT_AUTO };
	struct config cfg;
	const char *path;
	int rc, nargs;

	setlocale(LC_ALL, "");
	rc = parse_options(argc, argv, &o);
	if (rc)
		return rc;
	nargs = argc - optind;
	if (o.action == ACT_CHECK) {
		if (nargs == 0)
			return usage_error("%s", "--check needs at least one ARTICLE");
		return check(argv + optind, nargs, o.format);
	}
	if (nargs > 1)
		return usage_error("too many arguments (expected one ARTICLE, got %s)",
		                   argv[optind + 1]);
	path = nargs ? argv[optind] : NULL;
	/* Like less: with no terminal to draw on, print the text. */
	if (o.action == ACT_READ && !isatty(STDOUT_FILENO))
		o.action = ACT_DUMP;
	config_load(&cfg, NULL);
	if (cfg.problems[0])
		fprintf(stderr, "%s", cfg.problems);
	if (o.action == ACT_READ || o.action == ACT_LIBRARY) {
		struct session_options so = {
			path, o.annotations, o.action == ACT_LIBRARY, o.format,
			{ NULL, &cfg, o.width, o.mouse, path && strcmp(path, "-") == 0,
			  o.color == COLOR_ALWAYS ? 1 : o.color == COLOR_NEVER ? 0 : -1 },
		};
		rc = ui_session(&so);
	} else {
		rc = print(&o, path, &cfg);
	}
	config_release(&cfg);
	return rc;
}
