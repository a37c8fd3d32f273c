/* bench/annot_bench: the two annotation targets of issue 7, through the
 * library (notebook.h, store.h), as glosa itself uses it.
 *
 *   annot_bench [-n RUNS] [-p PAUSE_MS] [-l NAME] [-r RAWFILE] [-d DIR]
 *               ARTICLE ANNOTATIONS
 *
 * Loads ARTICLE once (not timed here: that is the "load" rows). Then RUNS
 * times: copies ANNOTATIONS to DIR/annotations.yaml (a fresh file each
 * run, no .bak, no .lock), and times
 *   load    notebook_open: read, parse, check and anchor every highlight;
 *   save0   a change straight after notebook_open returns (a new colour
 *           for the middle highlight), which saves at once: lock, check
 *           the file on disk, the article's fingerprint, emit, write,
 *           fsync, keep NAME.bak, rename, fsync the folder. The store
 *           prepares the fingerprint and the highlights' YAML on
 *           low-priority threads from the moment it opens; here they
 *           have had no time, so this is the worst case;
 * then notebook_close, and again from a fresh copy: notebook_open (not
 * timed), PAUSE_MS (default 1000) of reading, as a reader takes at least
 * that long to select a passage, then
 *   save    the first change, as above, after that pause;
 *   save2   a second change (the next highlight's colour): the steady
 *           state;
 * then notebook_close (not timed). DIR defaults to a new folder under
 * $TMPDIR (or /tmp), removed at the end.
 *
 * Prints "NAME.KIND median=MS min=MS max=MS" per kind; with -r appends
 * "NAME.KIND MS" per run to RAWFILE (the format bench/report.awk reads).
 * Exits 1 when anything fails (a highlight that does not anchor is not a
 * failure; their count is printed). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/notebook.h"
#include "glosa/store.h"

#include "clock.h"

enum { K_LOAD, K_SAVE0, K_SAVE, K_SAVE2, NKIND };
static const char *const kind_name[NKIND] = { "load", "save0", "save", "save2" };

/* Write len bytes of data to path (created or truncated). 0 or errno. */
static int write_file(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t n = 0;

	if (fd < 0)
		return errno;
	while (n < len) {
		ssize_t w = write(fd, data + n, len - n);
		if (w < 0) {
			int e = errno;
			if (e == EINTR)
				continue;
			close(fd);
			return e;
		}
		n += (size_t)w;
	}
	return close(fd) == 0 ? 0 : errno;
}

static void remove_copies(const char *file)
{
	char p[4300];

	unlink(file);
	snprintf(p, sizeof p, "%s.bak", file);
	unlink(p);
	snprintf(p, sizeof p, "%s.lock", file);
	unlink(p);
}

/* Give highlight i (of those not deleted, from the middle on) a new
 * colour; notebook_set_color saves at once. 0, or -1 when the save
 * failed. */
static int change_one(struct notebook *nb, size_t i)
{
	const struct highlight *h;

	if (nb->set.n == 0)
		return 0;
	i %= nb->set.n;
	h = &nb->set.hl[i];
	notebook_set_color(nb, i, notebook_next_color(h->color));
	return nb->dirty ? -1 : 0;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* A fresh copy of the annotations at file, opened into nb. 0, or -1 after
 * saying why. */
static int open_copy(struct notebook *nb, const struct article *a, const char *file,
                     const char *data, size_t len, const char *article_path)
{
	struct store_error serr;
	int e;

	remove_copies(file);
	if ((e = write_file(file, data, len)) != 0) {
		fprintf(stderr, "annot_bench: %s: %s\n", file, strerror(e));
		return -1;
	}
	if (notebook_open(nb, a, file, article_path, &serr) != 0) {
		fprintf(stderr, "annot_bench: %s\n", serr.message);
		notebook_close(nb);
		return -1;
	}
	return 0;
}

/* change_one, saying why when the save fails; closes nb then. */
static int change_or_close(struct notebook *nb, size_t i)
{
	if (change_one(nb, i) == 0)
		return 0;
	fprintf(stderr, "annot_bench: save: %s\n", nb->status);
	notebook_close(nb);
	return -1;
}

int main(int argc, char **argv)
{
	const char *name = "annot", *raw = NULL, *dir = NULL;
	char tmpl[4096], file[4200];
	char *art_data = NULL, *ann_data = NULL;
	size_t art_len = 0, ann_len = 0;
	struct article *a = NULL;
	struct load_error lerr;
	double *t[NKIND];
	size_t orphans = 0, nhl = 0;
	int runs = 5, i, c, k, rc = 1, e;
	long pause = 1000;
	bool made_dir = false;
	FILE *rf = NULL;

	while ((c = getopt(argc, argv, "n:p:l:r:d:")) != -1) {
		switch (c) {
		case 'n': runs = atoi(optarg); break;
		case 'p': pause = atol(optarg); break;
		case 'l': name = optarg; break;
		case 'r': raw = optarg; break;
		case 'd': dir = optarg; break;
		default: goto usage;
		}
	}
	if (argc - optind != 2 || runs < 1 || pause < 0)
		goto usage;
	for (k = 0; k < NKIND; k++)
		t[k] = calloc((size_t)runs, sizeof *t[k]);
	if ((e = loader_read_file(argv[optind], &art_data, &art_len)) != 0) {
		fprintf(stderr, "annot_bench: %s: %s\n", argv[optind], strerror(e));
		return 1;
	}
	if ((e = loader_read_file(argv[optind + 1], &ann_data, &ann_len)) != 0) {
		fprintf(stderr, "annot_bench: %s: %s\n", argv[optind + 1], strerror(e));
		return 1;
	}
	if (!(a = article_load_yaml(art_data, art_len, &lerr))) {
		fprintf(stderr, "annot_bench: %s:%lu:%lu: %s\n", argv[optind], lerr.line,
		        lerr.column, lerr.message);
		return 1;
	}
	if (!dir) {
		const char *tmp = getenv("TMPDIR");
		snprintf(tmpl, sizeof tmpl, "%s/annot_bench.XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(tmpl)) {
			fprintf(stderr, "annot_bench: %s: %s\n", tmpl, strerror(errno));
			return 1;
		}
		dir = tmpl;
		made_dir = true;
	}
	snprintf(file, sizeof file, "%s/annotations.yaml", dir);
	if (raw && !(rf = fopen(raw, "a"))) {
		fprintf(stderr, "annot_bench: %s: %s\n", raw, strerror(errno));
		goto out;
	}

	for (i = 0; i < runs; i++) {
		struct notebook nb;
		double t0, t1, t2, t3, t4;

		t0 = now_ms();
		if (open_copy(&nb, a, file, ann_data, ann_len, argv[optind]) != 0)
			goto out;
		t1 = now_ms();
		nhl = nb.set.n;
		orphans = nb.orphans;
		if (change_or_close(&nb, nb.set.n / 2) != 0)
			goto out;
		t2 = now_ms();
		notebook_close(&nb);
		t[K_LOAD][i] = t1 - t0;
		t[K_SAVE0][i] = t2 - t1;

		if (open_copy(&nb, a, file, ann_data, ann_len, argv[optind]) != 0)
			goto out;
		pause_ms(pause);
		t2 = now_ms();
		if (change_or_close(&nb, nb.set.n / 2) != 0)
			goto out;
		t3 = now_ms();
		if (change_or_close(&nb, nb.set.n / 2 + 1) != 0)
			goto out;
		t4 = now_ms();
		notebook_close(&nb);
		t[K_SAVE][i] = t3 - t2;
		t[K_SAVE2][i] = t4 - t3;
		if (rf)
			for (k = 0; k < NKIND; k++)
				fprintf(rf, "%s.%s %.3f\n", name, kind_name[k], t[k][i]);
	}
	for (k = 0; k < NKIND; k++) {
		qsort(t[k], (size_t)runs, sizeof *t[k], cmp_double);
		printf("%s.%s runs=%d median=%.2f min=%.2f max=%.2f\n", name, kind_name[k], runs,
		       runs % 2 ? t[k][runs / 2] : (t[k][runs / 2 - 1] + t[k][runs / 2]) / 2,
		       t[k][0], t[k][runs - 1]);
	}
	printf("%s highlights=%zu orphans=%zu\n", name, nhl, orphans);
	rc = 0;
out:
	if (rf && fclose(rf) != 0) {
		fprintf(stderr, "annot_bench: %s: %s\n", raw, strerror(errno));
		rc = 1;
	}
	remove_copies(file);
	if (made_dir)
		rmdir(dir);
	article_free(a);
	free(art_data);
	free(ann_data);
	for (k = 0; k < NKIND; k++)
		free(t[k]);
	return rc;
usage:
	fprintf(stderr, "usage: annot_bench [-n RUNS] [-p PAUSE_MS] [-l NAME] [-r RAWFILE] "
	                "[-d DIR] ARTICLE ANNOTATIONS\n");
	return 2;
}
