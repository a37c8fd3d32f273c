#include "config.h"

/* Highlights in memory (annot.h): copying, ordering and merging. No I/O
 * but the random source for ids and the clock. */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "glosa/annot.h"
#include "glosa/store.h"
#include "glosa/xalloc.h"

const char *const annot_colors[ANNOT_NCOLORS] = {
	"yellow", "green", "blue", "red", "purple",
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void highlight_release(struct highlight *h)
{
	size_t i;

	free(h->author);
	free(h->color);
	free(h->start.section);
	free(h->end.section);
	free(h->exact);
	free(h->prefix);
	free(h->suffix);
	free(h->note);
	for (i = 0; i < h->ntags; i++)
		free(h->tags[i]);
	free(h->tags);
	memset(h, 0, sizeof *h);
}

void annot_set_release(struct annot_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		highlight_release(&s->hl[i]);
	free(s->hl);
	free(s->article_id);
	free(s->article_title);
	free(s->article_author);
	free(s->article_path);
	free(s->fingerprint);
	free(s->position.section);
	*s = (struct annot_set)ANNOT_SET_INIT;
}

void highlight_copy(struct highlight *dst, const struct highlight *src)
{
	size_t i;

	*dst = *src;
	dst->author = dup_or_null(src->author);
	dst->color = dup_or_null(src->color);
	dst->start.section = dup_or_null(src->start.section);
	dst->end.section = dup_or_null(src->end.section);
	dst->exact = dup_or_null(src->exact);
	dst->prefix = dup_or_null(src->prefix);
	dst->suffix = dup_or_null(src->suffix);
	dst->note = dup_or_null(src->note);
	dst->tags = NULL;
	if (src->ntags) {
		dst->tags = xreallocarray(NULL, src->ntags, sizeof *dst->tags);
		for (i = 0; i < src->ntags; i++)
			dst->tags[i] = xstrdup(src->tags[i] ? src->tags[i] : "");
	}
}

void hl_pos_set(struct hl_pos *p, const char *section, uint32_t block, uint32_t offset)
{
	char *old = p->section;

	p->section = dup_or_null(section);
	free(old);
	p->block = block;
	p->offset = offset;
}

size_t annot_add(struct annot_set *s, const struct highlight *h)
{
	XGROW(s->hl, s->cap, s->n + 1);
	highlight_copy(&s->hl[s->n], h);
	return s->n++;
}

long annot_find(const struct annot_set *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->hl[i].id, id) == 0)
			return (long)i;
	return -1;
}

/* Compare digit runs a[0..na) and b[0..nb) as numbers of any length. */
static int number_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	while (na > 1 && *a == '0')
		a++, na--;
	while (nb > 1 && *b == '0')
		b++, nb--;
	if (na != nb)
		return na < nb ? -1 : 1;
	return memcmp(a, b, na);
}

int annot_section_cmp(const char *a, const char *b)
{
	const char *pa, *pb;
	int c;

	a = a ? a : "";
	b = b ? b : "";
	for (pa = a, pb = b; *pa && *pb;) {
		size_t na = strspn(pa, "0123456789"), nb = strspn(pb, "0123456789");
		if (na && nb) {
			c = number_cmp(pa, na, pb, nb);
			if (c)
				return c;
			pa += na;
			pb += nb;
		} else if (*pa != *pb) {
			/* Not numbers: a number sorts before text; else bytes. */
			if (na || nb)
				return na ? -1 : 1;
			return (unsigned char)*pa < (unsigned char)*pb ? -1 : 1;
		} else {
			pa++;
			pb++;
		}
	}
	if (*pa || *pb)
		return *pa ? 1 : -1; /* "2" before "2.1" */
	/* Equal as numbers ("02" and "2"): fall back to bytes for a total order. */
	c = strcmp(a, b);
	return c < 0 ? -1 : c > 0;
}

static int cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

/* Document order, tombstones last, ties by id: the order of the file. */
static int highlight_cmp(const void *pa, const void *pb)
{
	const struct highlight *a = pa, *b = pb;
	int c;

	if (a->deleted != b->deleted)
		return a->deleted ? 1 : -1;
	if (!a->deleted) {
		if ((c = annot_section_cmp(a->start.section, b->start.section)) != 0)
			return c;
		if ((c = cmp_u32(a->start.block, b->start.block)) != 0)
			return c;
		if ((c = cmp_u32(a->start.offset, b->start.offset)) != 0)
			return c;
	}
	return strcmp(a->id, b->id);
}

void annot_sort(struct annot_set *s)
{
	if (s->n > 1)
		qsort(s->hl, s->n, sizeof *s->hl, highlight_cmp);
}

struct id_index {
	char id[ANNOT_ID_LEN + 1]; /* a copy: s->hl moves as it grows */
	size_t i;
};

static int id_index_cmp(const void *pa, const void *pb)
{
	const struct id_index *a = pa, *b = pb;

	return strcmp(a->id, b->id);
}

/* Does theirs replace ours? The newer update wins; on a tie a tombstone
 * wins (so that a delete made in the same second as the last edit sticks),
 * else ours stays. */
static bool replaces(const struct highlight *ours, const struct highlight *theirs)
{
	int c = strcmp(theirs->updated, ours->updated);

	if (c != 0)
		return c > 0;
	return theirs->deleted && !ours->deleted;
}

void annot_merge(struct annot_set *s, const struct annot_set *other)
{
	size_t n = s->n, i;
	struct id_index *idx;

	if (!other->n)
		return;
	/* Sorted ids of s, so that big sets merge in n log n. */
	idx = xreallocarray(NULL, n ? n : 1, sizeof *idx);
	for (i = 0; i < n; i++) {
		memcpy(idx[i].id, s->hl[i].id, sizeof idx[i].id);
		idx[i].i = i;
	}
	qsort(idx, n, sizeof *idx, id_index_cmp);
	for (i = 0; i < other->n; i++) {
		const struct highlight *t = &other->hl[i];
		struct id_index key, *hit;
		memcpy(key.id, t->id, sizeof key.id);
		hit = n ? bsearch(&key, idx, n, sizeof *idx, id_index_cmp) : NULL;
		if (!hit) {
			annot_add(s, t);
			continue;
		}
		if (replaces(&s->hl[hit->i], t)) {
			struct highlight *mine = &s->hl[hit->i];
			struct hl_place at = mine->at;
			highlight_release(mine);
			highlight_copy(mine, t);
			mine->at = at;
		}
	}
	free(idx);
}

void annot_now(char out[ANNOT_TIME_LEN + 1])
{
	time_t t = time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(out, ANNOT_TIME_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		memcpy(out, "1970-01-01T00:00:00Z", ANNOT_TIME_LEN + 1);
}

/* Fill buf with random bytes: getrandom, else /dev/urandom, else a hash
 * of the clock, the pid and a counter (never expected, still unique). */
static void random_bytes(unsigned char *buf, size_t n)
{
	static unsigned long counter;
	size_t got = 0;
	int fd;

	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got == n)
		return;
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		got = 0;
		while (got < n) {
			ssize_t r = read(fd, buf + got, n - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		close(fd);
		if (got == n)
			return;
	}
	{
		struct { struct timespec ts; pid_t pid; unsigned long c; } seed;
		uint8_t h[32];
		memset(&seed, 0, sizeof seed);
		clock_gettime(CLOCK_REALTIME, &seed.ts);
		seed.pid = getpid();
		seed.c = ++counter;
		sha256(&seed, sizeof seed, h);
		memcpy(buf, h, n < sizeof h ? n : sizeof h);
	}
}

void annot_new_id(char out[ANNOT_ID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[ANNOT_ID_LEN / 2];
	size_t i;

	random_bytes(b, sizeof b);
	for (i = 0; i < sizeof b; i++) {
		out[2 * i] = hex[b[i] >> 4];
		out[2 * i + 1] = hex[b[i] & 15];
	}
	out[ANNOT_ID_LEN] = '\0';
}
