#include "config.h"

/* The annotation file on disk (store.h, annotations.md "Never lose a
 * note", libraries.md "Safe saving").
 *
 * A save, under an exclusive flock on NAME.lock (never on NAME, which
 * rename replaces):
 *   1. read NAME; if its bytes are not exactly those last read or written
 *      (kept in memory: comparing them costs less than hashing, and no
 *      change can hide behind an equal size, time or hash), parse it and
 *      merge it by id; if it does not parse, stop: it is never
 *      overwritten;
 *   2. write NAME.tmpXXXXXX (mkstemp, same folder, the old file's mode),
 *      fsync it, close it;
 *   3. hard-link NAME as NAME.bak.new and rename that over NAME.bak, so
 *      that NAME and NAME.bak both exist at every moment (where there are
 *      no hard links, a copy of the bytes read in 1 is renamed instead);
 *   4. rename the temporary file over NAME (the commit), fsync the folder.
 * Any failure up to 4 unlinks the temporary file and leaves NAME and the
 * caller's set as they were (NAME.bak may by then be NAME's second name). */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glosa/files.h"
#include "glosa/store.h"
#include "glosa/strbuf.h"
#include "glosa/thread.h"
#include "glosa/xalloc.h"

#include "store_cache.h"
#include "store_warm.h"
#include "store_yaml.h"

#define MAX_FILE_BYTES ((size_t)256 << 20)
#define SLUG_MAX 64

/* ---- Errors ----------------------------------------------------------- */

__attribute__((format(printf, 4, 5)))
static void set_error(struct store_error *err, enum store_errkind kind, int errnum,
                      const char *fmt, ...)
{
	va_list ap;

	err->kind = kind;
	err->errnum = errnum;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
}

/* Put "PREFIX" before err's message (cut to fit). */
__attribute__((format(printf, 2, 3)))
static void prefix_error(struct store_error *err, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	strbuf_addstr(&sb, err->message);
	snprintf(err->message, sizeof err->message, "%s", sb.buf);
	strbuf_release(&sb);
}

/* ---- Reading ---------------------------------------------------------- */

/* Remember what path held when it was read or written: st, and data
 * (malloc'd, len bytes), which s takes. */
static void remember(struct store *s, const struct stat *st, char *data, size_t len)
{
	s->exists = true;
	s->st = *st;
	free(s->last);
	s->last = data;
	s->lastlen = len;
}

/* Is data[0..len) exactly what path held when last read or written? */
static bool unchanged(const struct store *s, const char *data, size_t len)
{
	return s->exists && len == s->lastlen && memcmp(data, s->last, len) == 0;
}

/* store_open; warm: emit the highlights' YAML on a low-priority thread
 * meanwhile, for a first save (none will come when only reading). */
static int open_file(struct store *s, const char *path, struct annot_set *set,
                     struct store_error *err, bool warm)
{
	struct stat st;
	char *data;
	size_t len;
	int e;

	memset(s, 0, sizeof *s);
	memset(err, 0, sizeof *err);
	s->path = xstrdup(path);
	s->lock_path = xreallocarray(NULL, strlen(path) + 6, 1);
	sprintf(s->lock_path, "%s.lock", path);
	s->cache = store_cache_new();
	annot_set_release(set);
	e = files_read_regular(path, MAX_FILE_BYTES, &data, &len, &st);
	if (e == ENOENT)
		return 0;
	if (e) {
		set_error(err, STORE_EIO, e, "cannot read annotations from %s: %s", path, strerror(e));
		return -1;
	}
	remember(s, &st, data, len);
	/* The first save will write every highlight: emit them meanwhile. */
	s->warm = warm ? store_warm_new() : NULL;
	if (store_parse_each(data, len, set, err, warm ? store_warm_add : NULL, s->warm) != 0) {
		if (s->warm)
			store_warm_finish(s->warm, NULL);
		s->warm = NULL;
		prefix_error(err, "%s:%lu:%lu: ", path, err->line, err->column);
		s->broken = true;
		return -1;
	}
	if (s->warm)
		store_warm_close(s->warm);
	return 0;
}

int store_open(struct store *s, const char *path, struct annot_set *set,
               struct store_error *err)
{
	return open_file(s, path, set, err, true);
}

int store_open_read_only(struct store *s, const char *path, struct annot_set *set,
                         struct store_error *err)
{
	return open_file(s, path, set, err, false);
}

void store_close(struct store *s)
{
	if (s->warm)
		store_warm_finish(s->warm, NULL);
	free(s->path);
	free(s->lock_path);
	free(s->last);
	store_cache_free(s->cache);
	memset(s, 0, sizeof *s);
}

/* ---- Saving ----------------------------------------------------------- */

static char *concat(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *s = xmalloc(na + nb + 1);

	memcpy(s, a, na);
	memcpy(s + na, b, nb + 1);
	return s;
}

/* The folder of path ("." when it has none). */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		data += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Write data to a new NAME.tmpXXXXXX beside path with mode, synced and
 * closed; *tmp gets its name and *st its stat. On error nothing is left
 * behind, -1 with errno. */
static int write_temp(const char *path, const char *data, size_t len, mode_t mode,
                      char **tmp, struct stat *st)
{
	char *name = concat(path, ".tmpXXXXXX");
	int fd = mkstemp(name), e;

	*tmp = NULL;
	if (fd < 0) {
		e = errno;
		free(name);
		errno = e;
		return -1;
	}
	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0
	    || fstat(fd, st) < 0) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) < 0) {
		e = errno;
		goto fail;
	}
	*tmp = name;
	return 0;
fail:
	unlink(name);
	free(name);
	errno = e;
	return -1;
}

/* Make NAME.bak a second name of the current NAME, replacing the old one
 * atomically. Where hard links are not supported (FAT, some network and
 * FUSE file systems) the bytes already read are written instead. */
static int keep_backup(const char *path, const char *old, size_t oldlen, mode_t mode)
{
	char *bak = concat(path, ".bak"), *next = concat(path, ".bak.new"), *src = next;
	struct stat st;
	int e = 0;

	if (unlink(next) < 0 && errno != ENOENT)
		goto fail;
	if (link(path, next) < 0) {
		if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != EMLINK
		    && errno != ENOSYS)
			goto fail;
		if (write_temp(path, old, oldlen, mode, &src, &st) < 0)
			goto fail;
	}
	if (rename(src, bak) < 0) {
		e = errno;
		unlink(src);
		goto out;
	}
	goto out;
fail:
	e = errno;
out:
	if (src != next)
		free(src);
	free(bak);
	free(next);
	errno = e;
	return e ? -1 : 0;
}

static int sync_folder(const char *path)
{
	char *dir = folder_of(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r = 0, e = 0;

	free(dir);
	if (fd < 0)
		return 0; /* a folder we may write but not read: nothing to sync with */
	if (fsync(fd) < 0 && errno != EINVAL && errno != EROFS) {
		r = -1;
		e = errno;
	}
	close(fd);
	errno = e;
	return r;
}

/* Deep copy of a set, for merging without touching the caller's. */
static void copy_set(struct annot_set *dst, const struct annot_set *src)
{
	size_t i;

	*dst = *src;
	dst->article_id = src->article_id ? xstrdup(src->article_id) : NULL;
	dst->article_title = src->article_title ? xstrdup(src->article_title) : NULL;
	dst->article_author = src->article_author ? xstrdup(src->article_author) : NULL;
	dst->article_path = src->article_path ? xstrdup(src->article_path) : NULL;
	dst->fingerprint = src->fingerprint ? xstrdup(src->fingerprint) : NULL;
	dst->position.section = src->position.section ? xstrdup(src->position.section) : NULL;
	dst->hl = src->n ? xreallocarray(NULL, src->n, sizeof *dst->hl) : NULL;
	dst->cap = src->n;
	for (i = 0; i < src->n; i++)
		highlight_copy(&dst->hl[i], &src->hl[i]);
}

int store_save(struct store *s, struct annot_set *set, struct store_error *err)
{
	struct annot_set merged = ANNOT_SET_INIT, theirs = ANNOT_SET_INIT;
	struct stat st, newst;
	char *disk = NULL, *out = NULL, *tmp = NULL;
	size_t disklen = 0, outlen;
	bool on_disk, changed, use_merged = false, in_order;
	int lockfd, e, ret = -1;

	memset(err, 0, sizeof *err);
	if (!s->cache)
		s->cache = store_cache_new(); /* a store made by hand, not store_open */
	if (s->warm) {
		store_warm_finish(s->warm, s->cache);
		s->warm = NULL;
	}
	lockfd = open(s->lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (lockfd < 0)
		goto fail_errno;
	while (flock(lockfd, LOCK_EX) < 0)
		if (errno != EINTR)
			goto fail_errno;

	/* 1. What is there now, and is it what we last saw? */
	e = files_read_regular(s->path, MAX_FILE_BYTES, &disk, &disklen, &st);
	if (e && e != ENOENT) {
		errno = e;
		goto fail_errno;
	}
	on_disk = e == 0;
	/* A broken file is parsed again: it may have been fixed by hand, and
	 * if not, the error says exactly where it is broken. */
	changed = on_disk != s->exists || s->broken || (on_disk && !unchanged(s, disk, disklen));
	if (on_disk && changed) {
		if (store_parse(disk, disklen, &theirs, err) != 0) {
			remember(s, &st, disk, disklen);
			disk = NULL;
			s->broken = true;
			prefix_error(err, "cannot save annotations to %s: %s:%lu:%lu: ", s->path, s->path,
			             err->line, err->column);
			goto out;
		}
		s->broken = false;
		copy_set(&merged, set);
		annot_merge(&merged, &theirs);
		use_merged = true;
	}

	/* 2. The new file, complete and synced, under a temporary name. */
	if (store_cache_emit(s->cache, use_merged ? &merged : set, &out, &outlen, &in_order,
	                     err) != 0) {
		prefix_error(err, "cannot save annotations to %s: ", s->path);
		goto out;
	}
	if (write_temp(s->path, out, outlen, on_disk ? st.st_mode & 0777 : 0600, &tmp, &newst) < 0)
		goto fail_errno;

	/* 3. The old file stays as NAME.bak; 4. the commit. */
	if ((on_disk && keep_backup(s->path, disk, disklen, st.st_mode & 0777) < 0)
	    || rename(tmp, s->path) < 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		goto fail_errno;
	}
	remember(s, &newst, out, outlen);
	out = NULL;
	s->broken = false;
	s->merged = use_merged;
	if (use_merged) {
		annot_set_release(set);
		*set = merged;
		merged = (struct annot_set)ANNOT_SET_INIT;
	}
	if (!in_order)
		annot_sort(set);
	ret = 0;
	/* The new name is in place; a folder that will not sync still says
	 * so, and the retry is harmless. */
	if (sync_folder(s->path) < 0)
		goto fail_errno;
	goto out;

fail_errno:
	e = errno;
	set_error(err, STORE_EIO, e, "cannot save annotations to %s: %s", s->path, strerror(e));
	ret = -1;
out:
	e = errno;
	if (lockfd >= 0)
		close(lockfd); /* releases the lock */
	free(tmp);
	free(disk);
	free(out);
	annot_set_release(&merged);
	annot_set_release(&theirs);
	errno = e;
	return ret;
}

/* ---- Where ------------------------------------------------------------ */

static void hex8(struct strbuf *sb, const char *data, size_t len)
{
	uint8_t h[32];

	sha256(data, len, h);
	strbuf_addf(sb, "%02x%02x%02x%02x", h[0], h[1], h[2], h[3]);
}

/* Lowercase ASCII letters and digits; every other run becomes one '-';
 * no '-' at either end; at most SLUG_MAX bytes. */
static void add_slug(struct strbuf *sb, const char *s, size_t n)
{
	size_t start = sb->len, i;
	bool dash = false;

	for (i = 0; i < n && sb->len - start < SLUG_MAX; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && sb->len > start)
				strbuf_addch(sb, '-');
			strbuf_addch(sb, c);
			dash = false;
		} else {
			dash = true;
		}
	}
}

char *store_default_path(const struct article *a, struct store_error *err)
{
	struct strbuf sb = STRBUF_INIT, key = STRBUF_INIT;
	char *dir = files_xdg_path("XDG_DATA_HOME", "/.local/share", "/glosa/annotations/");
	size_t mark;

	memset(err, 0, sizeof *err);
	if (!dir) {
		set_error(err, STORE_EIO, ENOENT, "cannot find a folder for annotations: "
		          "neither XDG_DATA_HOME nor HOME is set");
		return NULL;
	}
	strbuf_addstr(&sb, dir);
	free(dir);
	mark = sb.len;
	if (a->id.len) {
		add_slug(&sb, article_str(a, a->id), a->id.len);
		if (sb.len == mark) {
			strbuf_addstr(&sb, "article-");
			hex8(&sb, article_str(a, a->id), a->id.len);
		}
	} else {
		add_slug(&sb, article_str(a, a->title), a->title.len);
		if (sb.len == mark)
			strbuf_addstr(&sb, "article");
		strbuf_addch(&sb, '-');
		strbuf_add(&key, article_str(a, a->title), a->title.len);
		strbuf_addch(&key, '\n');
		strbuf_add(&key, article_str(a, a->authors), a->authors.len);
		strbuf_addch(&key, '\n');
		strbuf_add(&key, article_str(a, a->date), a->date.len);
		hex8(&sb, key.buf, key.len);
		strbuf_release(&key);
	}
	strbuf_addstr(&sb, ".yaml");
	return strbuf_detach(&sb, NULL);
}

int store_make_dirs(const char *path, struct store_error *err)
{
	char *dir = folder_of(path), *p;
	struct stat st;
	int e = 0;

	memset(err, 0, sizeof *err);
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		goto out;
	/* Each ancestor in turn, then the folder itself. */
	for (p = dir + 1;; p++) {
		char c = *p;
		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			e = errno;
		else if (stat(dir, &st) < 0)
			e = errno;
		else if (!S_ISDIR(st.st_mode))
			e = ENOTDIR;
		*p = c;
		if (e || c == '\0')
			break;
	}
	if (e)
		set_error(err, STORE_EIO, e, "cannot create the folder %s: %s", dir, strerror(e));
out:
	free(dir);
	return e ? -1 : 0;
}

/* Hash units [from, to) of a into c, each after the '\n' that joins it
 * to the one before. */
static void hash_units(struct sha256_ctx *c, const struct article *a, uint32_t from, uint32_t to)
{
	uint32_t i;

	for (i = from; i < to; i++) {
		struct text_ref r = article_unit_text(a, i);
		if (i)
			sha256_update(c, "\n", 1);
		sha256_update(c, article_str(a, r), r.len);
	}
}

static char *fingerprint_text(struct sha256_ctx *c)
{
	uint8_t h[32];
	char *out;
	int k;

	sha256_final(c, h);
	out = xmalloc(sizeof "sha256:" + 64);
	memcpy(out, "sha256:", 7);
	for (k = 0; k < 32; k++)
		snprintf(out + 7 + 2 * k, 3, "%02x", h[k]);
	return out;
}

char *store_fingerprint(const struct article *a)
{
	struct sha256_ctx c;

	sha256_init(&c);
	hash_units(&c, a, 0, a->nunits);
	return fingerprint_text(&c);
}

/* ---- The fingerprint in idle time -------------------------------------- *
 *
 * SHA-256 of a 50 MiB article takes 40 ms or more, on the first save after
 * opening. A thread (see store_warm.h: idle priority, no signals) hashes
 * the units in the meantime; when the fingerprint is needed it is
 * stopped, and the hash goes on from the unit where it stopped. */

#define FP_THREAD_BYTES ((size_t)1 << 20) /* below this, hashing is quicker than a thread */
#define FP_STEP 64                        /* units between two looks at stop */

struct store_fingerprint_job {
	const struct article *a;
	pthread_mutex_t mu;
	bool stop;              /* under mu */
	bool started;
	pthread_t thread;
	struct sha256_ctx c;    /* the worker's until joined: */
	uint32_t next;          /* units [0, next) are in c */
};

static void *fingerprint_work(void *arg)
{
	struct store_fingerprint_job *j = arg;
	bool stop = false;

	store_warm_idle();
	while (j->next < j->a->nunits && !stop) {
		uint32_t to = j->a->nunits - j->next < FP_STEP ? j->a->nunits : j->next + FP_STEP;
		hash_units(&j->c, j->a, j->next, to);
		j->next = to;
		pthread_mutex_lock(&j->mu);
		stop = j->stop;
		pthread_mutex_unlock(&j->mu);
	}
	return NULL;
}

struct store_fingerprint_job *store_fingerprint_start(const struct article *a)
{
	struct store_fingerprint_job *j = xcalloc(1, sizeof *j);
	size_t bytes = 0;
	uint32_t i;

	j->a = a;
	sha256_init(&j->c);
	pthread_mutex_init(&j->mu, NULL);
	for (i = 0; i < a->nunits && bytes < FP_THREAD_BYTES; i++)
		bytes += article_unit_text(a, i).len;
	if (bytes >= FP_THREAD_BYTES)
		j->started = thread_start(&j->thread, fingerprint_work, j);
	return j;
}

/* Stop the worker, wait for its current step. */
static void fingerprint_stop(struct store_fingerprint_job *j)
{
	pthread_mutex_lock(&j->mu);
	j->stop = true;
	pthread_mutex_unlock(&j->mu);
	if (j->started)
		pthread_join(j->thread, NULL);
	pthread_mutex_destroy(&j->mu);
}

char *store_fingerprint_finish(struct store_fingerprint_job *j)
{
	char *out;

	fingerprint_stop(j);
	hash_units(&j->c, j->a, j->next, j->a->nunits);
	out = fingerprint_text(&j->c);
	free(j);
	return out;
}

void store_fingerprint_drop(struct store_fingerprint_job *j)
{
	if (!j)
		return;
	fingerprint_stop(j);
	free(j);
}
