#include "config.h"

/* The library: a folder of annotation files (tests/data/library, copied,
 * plus files written with store_emit) read into entries: fields, live
 * highlight counts, percent, an article moved away, a malformed file and
 * a newer one listed with their errors and never rewritten, the store's
 * side files and unsaved copies ignored, newest first with ties by title;
 * an unreadable file and folder (as nobody when run as root); an empty
 * and a missing folder; the default folder. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "glosa/library.h"
#include "glosa/loader.h"
#include "glosa/store.h"
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"
#include "tap.h"

static char tmp_root[] = "/tmp/glosa-library-XXXXXX";

/* "A/B", malloc'd. */
static char *join(const char *a, const char *b)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", a, b);
	return strbuf_detach(&sb, NULL);
}

static char *in_tmp(const char *name)
{
	return join(tmp_root, name);
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

static void set_mtime(const char *dir, const char *name, time_t t)
{
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };
	char *path = join(dir, name);

	if (utimensat(AT_FDCWD, path, ts, 0) != 0)
		printf("Bail out! utimensat %s: %s\n", path, strerror(errno));
	free(path);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Every file of tests/data/library into dir. */
static void copy_fixtures(const char *dir)
{
	const char *data = getenv("DATA") ? getenv("DATA") : "tests/data";
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	struct dirent *e;
	DIR *d;

	strbuf_addf(&from, "%s/library", data);
	d = opendir(from.buf);
	if (!d) {
		printf("Bail out! %s: %s\n", from.buf, strerror(errno));
		exit(1);
	}
	while ((e = readdir(d))) {
		char *bytes;
		size_t len, mark = from.len;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		strbuf_addf(&from, "/%s", e->d_name);
		strbuf_reset(&to);
		strbuf_addf(&to, "%s/%s", dir, e->d_name);
		if (loader_read_file(from.buf, &bytes, &len) != 0) {
			printf("Bail out! cannot read %s\n", from.buf);
			exit(1);
		}
		write_file(to.buf, bytes, len);
		free(bytes);
		strbuf_truncate(&from, mark);
	}
	closedir(d);
	strbuf_release(&from);
	strbuf_release(&to);
}

/* An annotation file written by the store's own emitter. */
static void emit_file(const char *dir, const char *name, const char *title, const char *author,
                      const char *path, int percent, unsigned live, unsigned dead)
{
	struct annot_set s = ANNOT_SET_INIT;
	struct store_error err;
	struct highlight h;
	char *data, *file;
	size_t len;
	unsigned k;

	s.article_id = xstrdup(name);
	s.article_title = title ? xstrdup(title) : NULL;
	s.article_author = author ? xstrdup(author) : NULL;
	s.article_path = path ? xstrdup(path) : NULL;
	if (percent >= 0) {
		s.has_position = true;
		s.percent = percent;
		hl_pos_set(&s.position, "1", 0, 0);
	}
	for (k = 0; k < live + dead; k++) {
		memset(&h, 0, sizeof h);
		snprintf(h.id, sizeof h.id, "%016x", k + 1);
		snprintf(h.created, sizeof h.created, "2026-11-28T17:02:11Z");
		snprintf(h.updated, sizeof h.updated, "2026-11-28T17:02:11Z");
		h.deleted = k >= live;
		hl_pos_set(&h.start, "1", k, 0);
		hl_pos_set(&h.end, "1", k, 4);
		h.exact = xstrdup("text");
		annot_add(&s, &h);
		highlight_release(&h);
	}
	if (store_emit(&s, &data, &len, &err) != 0) {
		printf("Bail out! store_emit: %s\n", err.message);
		exit(1);
	}
	file = join(dir, name);
	write_file(file, data, len);
	free(file);
	free(data);
	annot_set_release(&s);
}

/* Names, sizes and modification times of everything in dir, to see that
 * nothing was written. */
static char *snapshot(const char *dir)
{
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	struct dirent *e;
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t n = 0, cap = 0, i, j;

	while (d && (e = readdir(d))) {
		XGROW(names, cap, n + 1);
		names[n++] = xstrdup(e->d_name);
	}
	if (d)
		closedir(d);
	for (i = 1; i < n; i++) /* insertion sort: a few names */
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		struct stat st;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, names[i]);
		if (stat(path.buf, &st) == 0)
			strbuf_addf(&sb, "%s %lld %lld.%09ld\n", names[i], (long long)st.st_size,
			            (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
		free(names[i]);
	}
	free(names);
	strbuf_release(&path);
	return strbuf_detach(&sb, NULL);
}

static const struct library_entry *find(const struct library *lib, const char *name)
{
	size_t i;

	for (i = 0; i < lib->n; i++) {
		const char *slash = strrchr(lib->e[i].file, '/');
		if (strcmp(slash ? slash + 1 : lib->e[i].file, name) == 0)
			return &lib->e[i];
	}
	return NULL;
}

static void test_library(void)
{
	struct library lib;
	const struct library_entry *e;
	struct strbuf order = STRBUF_INIT, want_err = STRBUF_INIT;
	char *dir = in_tmp("annotations"), *article = in_tmp("tour.yaml"), *before, *after;
	char *broken_fixture, *broken_copy, *a, *b = NULL;
	const char *data = getenv("DATA") ? getenv("DATA") : "tests/data";
	size_t i, alen, blen;

	mkdir(dir, 0700);
	copy_fixtures(dir);
	write_file(article, "title: A tour\n", 14);
	emit_file(dir, "tour.yaml", "A tour of glosa", "Ana P\xc3\xa9rez, Bo Li", article, 42, 3, 2);
	emit_file(dir, "beta.yaml", "Beta essay", NULL, article, -1, 0, 1);
	emit_file(dir, "alpha.yaml", "Alpha essay", NULL, NULL, 0, 1, 0);
	/* A folder with an annotation file's name is not read. */
	a = in_tmp("annotations/folder.yaml");
	mkdir(a, 0700);
	free(a);
	set_mtime(dir, "tour.yaml", 2000000000);
	set_mtime(dir, "moved.yaml", 1900000000);
	set_mtime(dir, "beta.yaml", 1800000000);
	set_mtime(dir, "alpha.yaml", 1800000000);
	set_mtime(dir, "broken.yaml", 1700000000);
	set_mtime(dir, "untitled.yaml", 1600000000);
	set_mtime(dir, "newer.yaml", 1500000000);
	/* The decoys are the newest of all: any of them listed would be first. */
	set_mtime(dir, "moved.yaml.bak", 2100000000);
	set_mtime(dir, "moved.unsaved-2026-11-28T17.02.11Z.yaml", 2100000000);
	set_mtime(dir, ".hidden.yaml", 2100000000);

	before = snapshot(dir);
	is_int(library_load(&lib, dir), 0, "a folder of annotation files loads");
	after = snapshot(dir);
	is_str(after, before, "nothing in the folder was written, created or touched");

	for (i = 0; i < lib.n; i++)
		strbuf_addf(&order, "%s%s", i ? " " : "", strrchr(lib.e[i].file, '/') + 1);
	is_str(order.buf, "tour.yaml moved.yaml alpha.yaml beta.yaml broken.yaml untitled.yaml "
	       "newer.yaml", "newest first, ties by title; .bak, .lock, .tmp, unsaved copies, "
	       "hidden files, other files and folders left out");

	e = find(&lib, "tour.yaml");
	ok(e && strcmp(e->title, "A tour of glosa") == 0 && strcmp(e->author, "Ana P\xc3\xa9rez, Bo Li") == 0
	   && strcmp(e->path, article) == 0 && strcmp(e->article_id, "tour.yaml") == 0,
	   "title, author, path and id from the file");
	ok(e && e->highlights == 3 && e->percent == 42 && !e->article_gone && !e->error
	   && e->opened == 2000000000, "3 live highlights (2 deleted not counted), 42%%, opened then");
	a = in_tmp("annotations/tour.yaml");
	is_str(e ? e->file : NULL, a, "file is the annotation file's path");
	free(a);

	e = find(&lib, "moved.yaml");
	ok(e && e->article_gone && e->highlights == 2 && e->percent == 75
	   && strcmp(e->title, "Field notes on moving house") == 0
	   && strcmp(e->author, "Ana P\xc3\xa9rez") == 0 && !e->error,
	   "an article moved away: article_gone, and its highlights still counted");
	ok(e && strcmp(e->path, "/nonexistent-glosa-test/old-folder/field-notes.yaml") == 0,
	   "where it was last opened is kept");

	e = find(&lib, "beta.yaml");
	ok(e && e->highlights == 0 && e->percent == -1 && e->author == NULL && !e->article_gone,
	   "no position: percent -1; only tombstones: 0 highlights; no author");
	e = find(&lib, "alpha.yaml");
	ok(e && e->highlights == 1 && e->percent == 0 && e->path == NULL && !e->article_gone,
	   "no path: not gone; percent 0 is a value");
	e = find(&lib, "untitled.yaml");
	ok(e && e->title == NULL && e->article_id == NULL && e->path == NULL && e->highlights == 1
	   && !e->error, "a file with no article mapping: no title");

	e = find(&lib, "broken.yaml");
	strbuf_addf(&want_err, "%s/broken.yaml:4:4: did not find expected key "
	            "(while parsing a block mapping)", dir);
	is_str(e ? e->error : NULL, want_err.buf, "a malformed file: listed with FILE:L:C: message");
	ok(e && strcmp(e->title, "broken.yaml") == 0 && e->highlights == 0 && e->path == NULL
	   && e->percent == -1 && e->opened == 1700000000, "titled by its file name, nothing else");
	broken_fixture = join(data, "library/broken.yaml");
	broken_copy = in_tmp("annotations/broken.yaml");
	ok(loader_read_file(broken_fixture, &a, &alen) == 0 && loader_read_file(broken_copy, &b, &blen) == 0
	   && alen == blen && memcmp(a, b, alen) == 0, "and byte for byte as it was");
	free(a);
	free(b);
	free(broken_fixture);
	free(broken_copy);

	e = find(&lib, "newer.yaml");
	strbuf_reset(&want_err);
	strbuf_addf(&want_err, "%s/newer.yaml:1:20: annotation file format 2 is newer than this "
	            "glosa understands (1)", dir);
	is_str(e ? e->error : NULL, want_err.buf, "a newer file: listed with its error");

	library_release(&lib);
	ok(lib.e == NULL && lib.n == 0, "released");
	library_release(&lib);

	/* A trailing slash on the folder changes nothing. */
	a = join(dir, "");
	library_load(&lib, a);
	ok(lib.n == 7 && strcmp(lib.e[0].file, find(&lib, "tour.yaml")->file) == 0
	   && strstr(lib.e[0].file, "//") == NULL, "a trailing slash: the same entries, clean paths");
	library_release(&lib);
	free(a);

	free(before);
	free(after);
	free(dir);
	free(article);
	strbuf_release(&order);
	strbuf_release(&want_err);
}

/* An unreadable file is listed with the reason; an unreadable folder is
 * an error. Permissions stop only someone who is not root: as root, a
 * child becomes nobody for this (as in test_store). */
static void unreadable(const char *root)
{
	struct library lib;
	const struct library_entry *e;
	struct strbuf want = STRBUF_INIT;
	char *dir = join(root, "annotations"), *file;

	mkdir(dir, 0700);
	emit_file(dir, "alpha.yaml", "Alpha", NULL, NULL, -1, 1, 0);
	emit_file(dir, "beta.yaml", "Beta", NULL, NULL, -1, 1, 0);
	file = join(dir, "alpha.yaml");
	chmod(file, 0);
	is_int(library_load(&lib, dir), 0, "a folder with an unreadable file loads");
	e = find(&lib, "alpha.yaml");
	strbuf_addf(&want, "%s: cannot read: %s", file, strerror(EACCES));
	is_str(e ? e->error : NULL, want.buf, "an unreadable file: listed with why");
	ok(e && strcmp(e->title, "alpha.yaml") == 0 && lib.n == 2, "titled by its name, the other listed");
	library_release(&lib);
	chmod(file, 0600);
	chmod(dir, 0);
	is_int(library_load(&lib, dir), EACCES, "an unreadable folder: EACCES");
	ok(lib.n == 0 && lib.e == NULL, "and an empty library");
	chmod(dir, 0700);
	strbuf_release(&want);
	free(file);
	free(dir);
}

static void test_unreadable(void)
{
	int before_n = tap_n, status = 0;
	char root[] = "/tmp/glosa-library-ro-XXXXXX";
	pid_t pid;

	if (geteuid() != 0) {
		unreadable(tmp_root);
		return;
	}
	if (!mkdtemp(root) || chown(root, 65534, 65534) != 0) {
		ok(0, "unreadable: cannot prepare a folder for nobody");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(0xFF);
		unreadable(root);
		fflush(stdout);
		_exit((tap_n - before_n) | (tap_failed ? 128 : 0));
	}
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 0xFF) {
		ok(0, "unreadable: the child could not become nobody");
	} else {
		tap_n += WEXITSTATUS(status) & 127;
		tap_failed += (WEXITSTATUS(status) & 128) ? 1 : 0;
	}
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_empty_and_missing(void)
{
	struct library lib;
	char *dir = in_tmp("empty"), *missing = in_tmp("no-such-folder"), *file = in_tmp("a-file");

	mkdir(dir, 0700);
	is_int(library_load(&lib, dir), 0, "an empty folder loads");
	ok(lib.n == 0, "an empty folder: no entries");
	library_release(&lib);
	is_int(library_load(&lib, missing), 0, "a missing folder is no error");
	ok(lib.n == 0 && lib.e == NULL, "a missing folder: an empty library");
	library_release(&lib);
	write_file(file, "x", 1);
	is_int(library_load(&lib, file), ENOTDIR, "a file in the folder's place: ENOTDIR");
	ok(lib.n == 0, "and no entries");
	library_release(&lib);
	free(dir);
	free(missing);
	free(file);
}

static void test_default_folder(void)
{
	struct library lib;
	char *xdg = in_tmp("xdg"), *home = in_tmp("home"), *p;

	p = in_tmp("xdg/glosa/annotations");
	store_make_dirs(p, &(struct store_error){ 0 });
	mkdir(p, 0700);
	emit_file(p, "one.yaml", "From XDG", NULL, NULL, -1, 1, 0);
	free(p);
	setenv("XDG_DATA_HOME", xdg, 1);
	setenv("HOME", home, 1);
	library_load(&lib, NULL);
	ok(lib.n == 1 && strcmp(lib.e[0].title, "From XDG") == 0,
	   "$XDG_DATA_HOME/glosa/annotations by default");
	library_release(&lib);

	setenv("XDG_DATA_HOME", "relative", 1);
	is_int(library_load(&lib, NULL), 0, "a relative XDG_DATA_HOME is ignored");
	ok(lib.n == 0, "and ~/.local/share/glosa/annotations does not exist: empty");
	library_release(&lib);
	p = in_tmp("home/.local/share/glosa/annotations");
	store_make_dirs(p, &(struct store_error){ 0 });
	mkdir(p, 0700);
	emit_file(p, "two.yaml", "From HOME", NULL, NULL, -1, 1, 0);
	free(p);
	unsetenv("XDG_DATA_HOME");
	library_load(&lib, NULL);
	ok(lib.n == 1 && strcmp(lib.e[0].title, "From HOME") == 0,
	   "~/.local/share/glosa/annotations when XDG_DATA_HOME is unset");
	library_release(&lib);
	free(xdg);
	free(home);
}

int main(void)
{
	if (!mkdtemp(tmp_root)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_library();
	test_unreadable();
	test_empty_and_missing();
	test_default_folder();
	nftw(tmp_root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
