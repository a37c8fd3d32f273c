/* glosa: the command line. Parses options, loads the article, and hands
 * it to --dump, --toc, --check or the interactive reader. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

#include "glosa/article.h"
#include "glosa/dump.h"
#include "glosa/loader.h"
#include "glosa/notebook.h"
#include "glosa/xalloc.h"
#include "glosa/tour.h"
#include "ui/ui.h"

#define DEFAULT_WIDTH 80
#define MAX_WIDTH 1000

enum action { ACT_READ, ACT_DUMP, ACT_TOC, ACT_CHECK };
enum color { COLOR_NEVER, COLOR_ALWAYS, COLOR_AUTO };

struct options {
	enum action action;
	enum color color;
	int width;
	bool mouse;
	const char *annotations; /* --annotations FILE */
};

static void usage(FILE *out)
{
	fputs("Usage: glosa [OPTION]... [ARTICLE]\n"
	      "Read an article in the terminal. With no ARTICLE, read the built-in tour;\n"
	      "with ARTICLE '-', read the article from standard input.\n"
	      "\n"
	      "  -w, --width=N       text column of at most N columns (default 80)\n"
	      "      --no-mouse      leave the mouse to the terminal\n"
	      "      --annotations=FILE  keep highlights and notes in FILE\n"
	      "      --dump          print the article as the reader lays it out\n"
	      "      --color=WHEN    never, always, or auto (default; --dump: never)\n"
	      "      --toc           print the numbered table of contents\n"
	      "      --check         validate the ARTICLEs, one line per error\n"
	      "  -h, --help          show this help and exit\n"
	      "  -V, --version       show the version and exit\n"
	      "\n"
	      "In the reader, ? lists the keys. See glosa(1) and glosa-article(5).\n", out);
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

/* Load the article at path (NULL: the tour; "-": standard input).
 * Prints the error and returns a sysexits status on failure. */
static int load(const char *path, struct article **out)
{
	struct load_error err = { 0, 0, "" };
	const char *name = path ? (strcmp(path, "-") ? path : "<stdin>") : "<tour>";
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (path) {
		rc = loader_read_file(path, &data, &len);
		if (rc) {
			fprintf(stderr, "glosa: %s: %s\n", name, strerror(rc));
			return rc == EIO ? EX_IOERR : EX_NOINPUT;
		}
		*out = article_load_yaml(data, len, &err);
		free(data);
	} else {
		*out = article_load_yaml((const char *)glosa_tour, glosa_tour_len, &err);
	}
	if (*out)
		return EX_OK;
	if (err.line)
		fprintf(stderr, "%s:%lu:%lu: %s\n", name, err.line, err.column, err.message);
	else
		fprintf(stderr, "%s: %s\n", name, err.message);
	return EX_DATAERR;
}

/* --check: every file, one line per problem on standard output. */
static int check(char **paths, int n)
{
	int worst = EX_OK, i;

	for (i = 0; i < n; i++) {
		struct load_error err = { 0, 0, "" };
		struct article *a;
		char *data = NULL;
		size_t len = 0;
		int rc = loader_read_file(paths[i], &data, &len);
		if (rc) {
			printf("%s: %s\n", paths[i], strerror(rc));
			worst = EX_NOINPUT;
			continue;
		}
		a = article_load_yaml(data, len, &err);
		free(data);
		if (a) {
			article_free(a);
			continue;
		}
		if (err.line)
			printf("%s:%lu:%lu: %s\n", paths[i], err.line, err.column, err.message);
		else
			printf("%s: %s\n", paths[i], err.message);
		if (worst == EX_OK)
			worst = EX_DATAERR;
	}
	if (fflush(stdout) != 0)
		return EX_IOERR;
	return worst;
}

/* The reader's highlights: from --annotations, else the default file for
 * the article. Problems are said, never fatal: the article opens anyway,
 * and a broken file is left untouched. */
static void open_notebook(struct notebook *nb, const struct article *a,
                          const struct options *o, const char *path, bool interactive)
{
	struct store_error err = { 0, 0, 0, 0, "" };
	const char *article_path = path && strcmp(path, "-") ? path : NULL;
	char *file = o->annotations ? xstrdup(o->annotations) : store_default_path(a, &err);

	if (!file) {
		notebook_open(nb, a, NULL, article_path, &err);
		snprintf(nb->status, sizeof nb->status,
		         "Highlights are kept in memory only: %s", err.message);
	} else if (notebook_open(nb, a, file, article_path, &err) != 0 && !interactive) {
		fprintf(stderr, "glosa: %s\n", nb->status);
	}
	if (!interactive) {
		/* --dump and --check only read: they never write the file. */
		nb->read_only = true;
	}
	free(file);
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
	enum { OPT_DUMP = 256, OPT_TOC, OPT_CHECK, OPT_COLOR, OPT_NO_MOUSE, OPT_ANNOT };
	static const struct option longopts[] = {
		{ "width", required_argument, NULL, 'w' },
		{ "dump", no_argument, NULL, OPT_DUMP },
		{ "toc", no_argument, NULL, OPT_TOC },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
		{ "annotations", required_argument, NULL, OPT_ANNOT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":w:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'w':
			if (parse_width(optarg, &o->width))
				return usage_error("invalid width '%s' (expected a number from 1 to 1000)",
				                   optarg);
			break;
		case OPT_DUMP:  o->action = ACT_DUMP; break;
		case OPT_TOC:   o->action = ACT_TOC; break;
		case OPT_CHECK: o->action = ACT_CHECK; break;
		case OPT_NO_MOUSE: o->mouse = false; break;
		case OPT_ANNOT: o->annotations = optarg; break;
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

int main(int argc, char **argv)
{
	struct options o = { ACT_READ, COLOR_AUTO, DEFAULT_WIDTH, true, NULL };
	struct notebook nb;
	struct article *a = NULL;
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
		return check(argv + optind, nargs);
	}
	if (nargs > 1)
		return usage_error("too many arguments (expected one ARTICLE, got %s)",
		                   argv[optind + 1]);
	path = nargs ? argv[optind] : NULL;
	rc = load(path, &a);
	if (rc)
		return rc;
	/* Like less: with no terminal to draw on, print the text. */
	if (o.action == ACT_READ && !isatty(STDOUT_FILENO))
		o.action = ACT_DUMP;
	if (o.action != ACT_TOC)
		open_notebook(&nb, a, &o, path, o.action == ACT_READ);
	switch (o.action) {
	case ACT_DUMP: {
		bool color = o.color == COLOR_ALWAYS; /* auto: plain text, as documented */
		rc = dump_article_notes(a, &nb, o.width, color, stdout);
		if (rc)
			fprintf(stderr, "glosa: writing the article: %s\n", strerror(rc));
		rc = rc ? EX_IOERR : EX_OK;
		break;
	}
	case ACT_TOC:
		rc = dump_toc(a, stdout);
		if (rc)
			fprintf(stderr, "glosa: writing the contents: %s\n", strerror(rc));
		rc = rc ? EX_IOERR : EX_OK;
		break;
	case ACT_READ: {
		struct ui_options uo = { &nb, o.width, o.mouse, path && strcmp(path, "-") == 0,
		                         o.color == COLOR_ALWAYS ? 1 : o.color == COLOR_NEVER ? 0 : -1 };
		rc = ui_run(a, &uo);
		break;
	}
	case ACT_CHECK:
		break;
	}
	if (o.action != ACT_TOC) {
		char *elsewhere = NULL;
		if (o.action == ACT_READ) {
			notebook_save(&nb); /* the reading position, and a retry */
			elsewhere = notebook_save_elsewhere(&nb);
		}
		if (elsewhere)
			fprintf(stderr, "glosa: the annotation file %s could not be written; "
			        "your highlights are safe in %s\n", nb.store.path, elsewhere);
		else if (o.action == ACT_READ && (nb.dirty || (nb.read_only && nb.nundo)))
			fprintf(stderr, "glosa: %s\n", nb.status);
		free(elsewhere);
		/* Saves the reading position; a failure is said, nothing is lost. */
		notebook_close(&nb);
	}
	article_free(a);
	return rc;
}
