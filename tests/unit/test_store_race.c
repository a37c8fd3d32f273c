#include "config.h"

/* The store against other processes and against crashes:
 * (a) two processes adding highlights to one file at the same time, each
 *     saving after every addition, lose none;
 * (b) a highlight deleted in one process does not come back when another,
 *     which loaded the file before the delete, saves;
 * (c) a process killed (SIGKILL) at random moments while saving leaves a
 *     file that parses and holds either the previous or the new state,
 *     and a .bak that parses.
 * Timing only decides where the kills land, never what is asserted. */

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "glosa/store.h"
#include "glosa/xalloc.h"
#include "tap.h"

static char tmp_root[] = "/tmp/glosa-race-XXXXXX";

static char *path_in(const char *name)
{
	char *p = xmalloc(strlen(tmp_root) + strlen(name) + 2);

	sprintf(p, "%s/%s", tmp_root, name);
	return p;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Highlight number k of a family: id FFFFkkkkkkkkkkkk, placed at block k
 * so that document order is k order, with text derived from k. */
static void add_numbered(struct annot_set *s, unsigned family, unsigned k, const char *updated)
{
	struct highlight h;
	char text[64];

	memset(&h, 0, sizeof h);
	snprintf(h.id, sizeof h.id, "%04x%012x", family, k);
	snprintf(h.created, sizeof h.created, "2026-01-01T00:00:00Z");
	snprintf(h.updated, sizeof h.updated, "%s", updated);
	snprintf(text, sizeof text, "highlight %u of family %u", k, family);
	h.color = xstrdup(annot_colors[k % ANNOT_NCOLORS]);
	hl_pos_set(&h.start, "1", k, family);
	hl_pos_set(&h.end, "1", k, family + 10);
	h.exact = xstrdup(text);
	h.note = xstrdup(text);
	annot_add(s, &h);
	highlight_release(&h);
}

static bool is_numbered(const struct highlight *h, unsigned family, unsigned k)
{
	char id[ANNOT_ID_LEN + 1], text[64];

	snprintf(id, sizeof id, "%04x%012x", family, k);
	snprintf(text, sizeof text, "highlight %u of family %u", k, family);
	return strcmp(h->id, id) == 0 && !h->deleted && h->exact && strcmp(h->exact, text) == 0
	    && h->note && strcmp(h->note, text) == 0 && h->start.block == k;
}

static int wait_child(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void read_byte(int fd)
{
	char c;

	while (read(fd, &c, 1) < 0 && errno == EINTR)
		;
}

static void write_byte(int fd)
{
	char c = 'x';

	while (write(fd, &c, 1) < 0 && errno == EINTR)
		;
}

/* Open path into a fresh set; -1 if it does not parse. */
static long count_in(const char *path, struct annot_set *set)
{
	struct store st;
	struct store_error err;
	int r;

	r = store_open(&st, path, set, &err);
	store_close(&st);
	if (r != 0)
		printf("# %s\n", err.message);
	return r == 0 ? (long)set->n : -1;
}

/* ---- (a) two writers ----------------------------------------------------- */

enum { PER_WRITER = 50 };

static int writer(const char *path, unsigned family, int go)
{
	struct annot_set set = ANNOT_SET_INIT;
	struct store st;
	struct store_error err;
	unsigned k;
	int r = 0;

	read_byte(go); /* start together */
	if (store_open(&st, path, &set, &err) != 0)
		r = 1;
	srand(family * 7919u + (unsigned)getpid());
	for (k = 0; k < PER_WRITER && r == 0; k++) {
		/* A pause outside the lock, as a reader between two highlights:
		 * without it the lock goes back to the same writer every time
		 * and the two never interleave. */
		usleep((useconds_t)(rand() % 2000));
		add_numbered(&set, family, k, "2026-01-01T00:00:00Z");
		if (store_save(&st, &set, &err) != 0) {
			fprintf(stderr, "%s\n", err.message);
			r = 2;
		}
	}
	store_close(&st);
	annot_set_release(&set);
	return r;
}

static void test_two_writers(void)
{
	char *path = path_in("two.yaml");
	struct annot_set set = ANNOT_SET_INIT;
	int go[2], status[2];
	pid_t pid[2];
	unsigned f, k, found = 0;
	size_t i;

	if (pipe(go) < 0)
		return;
	fflush(stdout);
	for (f = 0; f < 2; f++) {
		pid[f] = fork();
		if (pid[f] == 0) {
			int r;
			close(go[1]);
			r = writer(path, f + 1, go[0]);
			free(path); /* children free what they inherit: valgrind follows them */
			_exit(r);
		}
	}
	close(go[0]);
	write_byte(go[1]);
	write_byte(go[1]);
	close(go[1]);
	for (f = 0; f < 2; f++)
		status[f] = wait_child(pid[f]);
	ok(status[0] == 0 && status[1] == 0, "two writers, %d saves each, all succeed", PER_WRITER);
	is_int(count_in(path, &set), 2 * PER_WRITER, "the file holds all %d highlights", 2 * PER_WRITER);
	for (f = 1; f <= 2; f++)
		for (k = 0; k < PER_WRITER; k++) {
			char id[ANNOT_ID_LEN + 1];
			long j;
			snprintf(id, sizeof id, "%04x%012x", f, k);
			j = annot_find(&set, id);
			found += j >= 0 && is_numbered(&set.hl[j], f, k);
		}
	is_int(found, 2 * PER_WRITER, "each one intact");
	for (i = 1; i < set.n; i++)
		if (set.hl[i - 1].start.block > set.hl[i].start.block)
			break;
	ok(i >= set.n, "in document order");
	annot_set_release(&set);
	free(path);
}

/* ---- (b) a delete is not undone by a stale copy ---------------------------- */

/* B loads the file, A deletes X and saves, then B adds Y and saves.
 * x_updated and del_updated are the times of X and of its tombstone. */
static void stale_copy(const char *name, const char *x_updated, const char *del_updated)
{
	char *path = path_in(name);
	struct annot_set set = ANNOT_SET_INIT;
	struct store st;
	struct store_error err;
	int loaded[2], deleted[2], status_a, status_b;
	pid_t a, b;
	long x;

	store_open(&st, path, &set, &err);
	add_numbered(&set, 9, 1, x_updated);
	if (store_save(&st, &set, &err) != 0)
		printf("# %s\n", err.message);
	store_close(&st);
	annot_set_release(&set);
	if (pipe(loaded) < 0 || pipe(deleted) < 0)
		return;
	fflush(stdout);
	b = fork();
	if (b == 0) {
		int r = 1;
		if (store_open(&st, path, &set, &err) == 0 && set.n == 1) {
			write_byte(loaded[1]);
			read_byte(deleted[0]);
			add_numbered(&set, 9, 2, del_updated);
			r = store_save(&st, &set, &err) != 0 ? 2 : 0;
			/* B's own set now knows of the delete too. */
			x = annot_find(&set, "0009000000000001");
			if (r == 0 && !(x >= 0 && set.hl[x].deleted))
				r = 3;
		}
		store_close(&st);
		annot_set_release(&set);
		free(path);
		_exit(r);
	}
	read_byte(loaded[0]);
	a = fork();
	if (a == 0) {
		int r = 1;
		if (store_open(&st, path, &set, &err) == 0 && set.n == 1) {
			x = annot_find(&set, "0009000000000001");
			highlight_release(&set.hl[x]);
			snprintf(set.hl[x].id, sizeof set.hl[x].id, "0009000000000001");
			snprintf(set.hl[x].updated, sizeof set.hl[x].updated, "%s", del_updated);
			set.hl[x].deleted = true;
			r = store_save(&st, &set, &err) != 0;
		}
		store_close(&st);
		annot_set_release(&set);
		free(path);
		_exit(r);
	}
	status_a = wait_child(a);
	write_byte(deleted[1]);
	status_b = wait_child(b);
	close(loaded[0]);
	close(loaded[1]);
	close(deleted[0]);
	close(deleted[1]);
	ok(status_a == 0 && status_b == 0, "%s: both save; the stale one learns of the delete", name);
	is_int(count_in(path, &set), 2, "%s: the file holds X and Y", name);
	x = annot_find(&set, "0009000000000001");
	ok(x >= 0 && set.hl[x].deleted, "%s: X stays deleted", name);
	x = annot_find(&set, "0009000000000002");
	ok(x >= 0 && is_numbered(&set.hl[x], 9, 2), "%s: Y was added", name);
	annot_set_release(&set);
	free(path);
}

/* ---- (c) killed while saving ------------------------------------------------ */

enum { TRIALS = 300 };

/* Open the file, then add highlight k, k+1, ... saving after each and
 * writing a byte to done after each save, until killed. */
static void crash_child(const char *path, int done)
{
	struct annot_set set = ANNOT_SET_INIT;
	struct store st;
	struct store_error err;
	unsigned k;

	if (store_open(&st, path, &set, &err) != 0)
		_exit(1);
	for (k = (unsigned)set.n;; k++) {
		add_numbered(&set, 7, k, "2026-01-01T00:00:00Z");
		if (store_save(&st, &set, &err) != 0)
			_exit(2);
		write_byte(done);
	}
}

/* Does path hold exactly highlights 0..n-1 of family 7? n, or -1. */
static long check_sequence(const char *path)
{
	struct annot_set set = ANNOT_SET_INIT;
	long n = count_in(path, &set), i;

	for (i = 0; i < n; i++)
		if (!is_numbered(&set.hl[i], 7, (unsigned)i)) {
			printf("# highlight %ld is not the expected one\n", i);
			n = -1;
		}
	annot_set_release(&set);
	return n;
}

static void test_crashes(void)
{
	char *path = path_in("crash.yaml"), *bak = path_in("crash.yaml.bak");
	long before = 0, after, bak_n, bad_file = 0, bad_count = 0, bad_bak = 0, child_failed = 0;
	unsigned trial, seed = (unsigned)time(NULL);
	struct stat sb;

	srand(seed);
	printf("# seed %u\n", seed);
	for (trial = 0; trial < TRIALS; trial++) {
		int done[2], saves = 0, status;
		char c;
		pid_t pid;
		if (pipe(done) < 0)
			break;
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			close(done[0]);
			crash_child(path, done[1]);
		}
		close(done[1]);
		/* At least one save, then a random moment in the next ones. */
		if (read(done[0], &c, 1) == 1)
			saves++;
		usleep((useconds_t)(rand() % 1500));
		kill(pid, SIGKILL);
		status = wait_child(pid);
		if (status != 128 + SIGKILL)
			child_failed++;
		while (read(done[0], &c, 1) == 1)
			saves++;
		close(done[0]);

		after = check_sequence(path);
		/* Every reported save is on disk; one more may have landed
		 * between its rename and its report. */
		if (after < 0)
			bad_file++;
		else if (after != before + saves && after != before + saves + 1)
			bad_count++;
		if (stat(bak, &sb) == 0) {
			struct annot_set set = ANNOT_SET_INIT;
			bak_n = count_in(bak, &set);
			annot_set_release(&set);
			if (bak_n < 0 || (after >= 0 && bak_n > after))
				bad_bak++;
		}
		if (after >= 0)
			before = after;
	}
	is_int(child_failed, 0, "%d trials: every child was saving when killed", TRIALS);
	is_int(bad_file, 0, "after every kill the file parses and holds highlights 0..n-1 intact");
	is_int(bad_count, 0, "and n is the number of completed saves, or one more");
	is_int(bad_bak, 0, "and .bak parses and is not ahead of the file");
	ok(before >= TRIALS, "the file grew by at least one highlight a trial (%ld)", before);
	free(path);
	free(bak);
}

int main(void)
{
	if (!mkdtemp(tmp_root)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_two_writers();
	stale_copy("stale.yaml", "2020-01-01T00:00:00Z", "2026-06-01T00:00:00Z");
	stale_copy("stale-same-second.yaml", "2026-06-01T00:00:00Z", "2026-06-01T00:00:00Z");
	test_crashes();
	nftw(tmp_root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
