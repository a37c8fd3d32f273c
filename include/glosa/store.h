/* The annotation file on disk (annotations.md): read it, and save it so
 * that no crash, full disk, second glosa process or malformed file can
 * lose a note. Save = lock NAME.lock, re-read NAME if it changed since it
 * was read and merge by id, write a temporary file in the same folder,
 * fsync, keep the old file as NAME.bak, rename over NAME, fsync the
 * folder, unlock. Knows nothing of the screen; errors are returned. */
#ifndef GLOSA_STORE_H
#define GLOSA_STORE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "glosa/annot.h"
#include "glosa/article.h"

enum store_errkind {
	STORE_OK,
	STORE_EIO,       /* a system call failed: errnum says why */
	STORE_EPARSE,    /* the file is not a valid annotation file */
	STORE_EVERSION,  /* written by a newer glosa */
};

struct store_error {
	enum store_errkind kind;
	int errnum;                 /* errno for STORE_EIO */
	unsigned long line, column; /* 1-based, for STORE_EPARSE; 0 if unknown */
	char message[512];          /* complete, e.g. "cannot write ...: No space left on device" */
};

struct store_cache;
struct store_warm;

/* One annotation file. While broken is set (the file did not parse or is
 * too new), store_save refuses to write: the reader's file is never
 * overwritten with something it did not say. Owns last, cache and warm. */
struct store {
	char *path;
	char *lock_path;
	bool exists;        /* the file existed when last read or written */
	struct stat st;     /* as last read or written */
	char *last;         /* its bytes then (NULL when it did not exist): a */
	size_t lastlen;     /* save compares the file with them, exactly */
	struct store_cache *cache; /* each highlight's YAML as last written */
	struct store_warm *warm;   /* filling cache from the file read, or NULL */
	bool broken;
	bool merged;        /* the last save took in another writer's changes */
};

/* Read path into set (initialised by the caller, emptied first). A
 * missing file is an empty set and no error. On error returns -1 and
 * fills err; s->broken is set for STORE_EPARSE and STORE_EVERSION. */
int store_open(struct store *s, const char *path, struct annot_set *set,
               struct store_error *err);
/* The same for a caller that will not save (--dump, --export...): no
 * background work is started for a first save. */
int store_open_read_only(struct store *s, const char *path, struct annot_set *set,
                         struct store_error *err);
/* Save set as described above; afterwards set holds the merged result
 * (in document order). Returns 0, or -1 with err and nothing on disk
 * changed. */
int store_save(struct store *s, struct annot_set *set, struct store_error *err);
void store_close(struct store *s);

/* Parse and emit the YAML form, for tests and tools: from bytes, to a
 * malloc'd buffer. */
int store_parse(const char *data, size_t len, struct annot_set *set, struct store_error *err);
int store_emit(const struct annot_set *set, char **data, size_t *len, struct store_error *err);

/* The default file for an article: $XDG_DATA_HOME/glosa/annotations/
 * (~/.local/share/... when unset) + its id, else a slug of its title and
 * a short hash of title, author and date, + ".yaml". malloc'd; NULL with
 * err when no home can be found. Does not create folders. */
char *store_default_path(const struct article *a, struct store_error *err);
/* Create the folders of path as needed (mode 0700). 0 or -1 with err. */
int store_make_dirs(const char *path, struct store_error *err);
/* "sha256:<hex>" of the article's rendered text (units joined by '\n'),
 * hashed where it lies, without a joined copy. */
char *store_fingerprint(const struct article *a);

/* The same, computed by a thread in idle time from now on (for articles
 * of a megabyte or more; smaller ones are hashed at finish). finish
 * stops the thread, hashes what is left, and returns store_fingerprint's
 * value; drop (NULL is fine) throws it away. Each frees j. The article
 * must outlive j. */
struct store_fingerprint_job;
struct store_fingerprint_job *store_fingerprint_start(const struct article *a);
char *store_fingerprint_finish(struct store_fingerprint_job *j);
void store_fingerprint_drop(struct store_fingerprint_job *j);

/* SHA-256 of data (FIPS 180-4). */
void sha256(const void *data, size_t len, uint8_t out[32]);
/* The same over data given in pieces: init, update as often as needed,
 * final (which leaves c spent). */
struct sha256_ctx {
	uint32_t h[8];
	uint64_t len;            /* bytes so far */
	unsigned char buf[64];   /* a partial block, nbuf bytes */
	size_t nbuf;
	bool ni;                 /* the x86-64 SHA extensions are used */
};
void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
void sha256_final(struct sha256_ctx *c, uint8_t out[32]);

#endif
