/* bench/search_bench: the first search of the benchmark without the
 * terminal: load ARTICLE (not timed), then type PATTERN into a fresh
 * search index the way the reader does (search_find from the start for
 * each longer prefix), RUNS times. For profiling search.c apart from the
 * screen (valgrind --tool=callgrind bench/search_bench -n 1 FILE).
 *
 *   search_bench [-n RUNS] [-p PATTERN] ARTICLE
 *
 * Prints "search median=MS min=MS max=MS" and where the match is. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/search.h"

#include "clock.h"

int main(int argc, char **argv)
{
	const char *pat = "quetzalcoatl";
	char *data;
	size_t len, plen, n;
	struct article *a;
	struct load_error lerr;
	struct search_match m = { 0, 0, 0 };
	bool found = false;
	double *t;
	int runs = 5, i, c, e;

	while ((c = getopt(argc, argv, "n:p:")) != -1) {
		switch (c) {
		case 'n': runs = atoi(optarg); break;
		case 'p': pat = optarg; break;
		default: goto usage;
		}
	}
	if (argc - optind != 1 || runs < 1)
		goto usage;
	if ((e = loader_read_file(argv[optind], &data, &len)) != 0) {
		fprintf(stderr, "search_bench: %s: %s\n", argv[optind], strerror(e));
		return 1;
	}
	if (!(a = article_load_yaml(data, len, &lerr))) {
		fprintf(stderr, "search_bench: %s:%lu:%lu: %s\n", argv[optind], lerr.line,
		        lerr.column, lerr.message);
		return 1;
	}
	t = calloc((size_t)runs, sizeof *t);
	plen = strlen(pat);
	for (i = 0; i < runs; i++) {
		struct search_index *ix = search_index_new(a);
		double t0 = now_ms();
		for (n = 1; n <= plen; n++) {
			size_t fl;
			char *f = search_fold(pat, n, &fl);
			found = search_find(ix, f, fl, 0, 0, true, &m, NULL);
			free(f);
		}
		t[i] = now_ms() - t0;
		search_index_free(ix);
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	printf("search runs=%d median=%.2f min=%.2f max=%.2f found=%d unit=%u bytes=%u-%u\n",
	       runs, runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2, t[0],
	       t[runs - 1], found, m.unit, m.start, m.end);
	free(t);
	article_free(a);
	free(data);
	return 0;
usage:
	fprintf(stderr, "usage: search_bench [-n RUNS] [-p PATTERN] ARTICLE\n");
	return 2;
}
