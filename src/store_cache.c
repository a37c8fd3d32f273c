#include "config.h"

/* Re-emitting only what changed (store_cache.h).
 *
 * Nothing is trusted to say what changed: every highlight is compared,
 * field by field, with the copy its cached item was written from, so an
 * edit made anywhere (the notebook, a merge, a test poking the set) is
 * seen. Comparing ~4 MB of strings costs a few hundred microseconds;
 * libyaml writing them costs about a hundred milliseconds. The price is
 * memory: a second copy of the highlights and of the file. */

#include <stdlib.h>
#include <string.h>

#include "glosa/strbuf.h"
#include "glosa/xalloc.h"

#include "store_cache.h"
#include "store_yaml.h"

struct piece {
	struct highlight h; /* a deep copy of what the item was written from */
	char *bytes;        /* the item, as store_emit writes it (not NUL-terminated) */
	size_t len;
};

struct id_index {
	char id[ANNOT_ID_LEN + 1];
	size_t i;
};

/* Invariant: by_id holds the ids of v sorted, each with its index in v;
 * when ordered, v is in document order (annot_sort's), as last emitted
 * (adopted pieces are in the file's order, which may be any). */
struct store_cache {
	struct piece *v;
	size_t n;
	bool ordered;
	struct id_index *by_id;
	unsigned long emitted, fallbacks;
};

struct store_cache *store_cache_new(void)
{
	return xcalloc(1, sizeof(struct store_cache));
}

static void clear(struct store_cache *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		highlight_release(&c->v[i].h);
		free(c->v[i].bytes);
	}
	free(c->v);
	free(c->by_id);
	c->v = NULL;
	c->by_id = NULL;
	c->n = 0;
	c->ordered = false;
}

void store_cache_free(struct store_cache *c)
{
	if (!c)
		return;
	clear(c);
	free(c);
}

unsigned long store_cache_emitted(const struct store_cache *c)
{
	return c->emitted;
}

unsigned long store_cache_fallbacks(const struct store_cache *c)
{
	return c->fallbacks;
}

/* ---- Comparing --------------------------------------------------------- */

/* Stricter than the file (NULL and "" differ): a false difference only
 * costs an emission. */
static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_pos(const struct hl_pos *a, const struct hl_pos *b)
{
	return a->block == b->block && a->offset == b->offset && same_text(a->section, b->section);
}

/* Equal in everything annot_sort looks at: then a and b sort alike. */
static bool same_sort_key(const struct highlight *a, const struct highlight *b)
{
	return a->deleted == b->deleted && strcmp(a->id, b->id) == 0
	    && (a->deleted || same_pos(&a->start, &b->start));
}

/* Equal in everything emit_highlight writes. */
static bool same_highlight(const struct highlight *a, const struct highlight *b)
{
	size_t i;

	if (!same_sort_key(a, b) || strcmp(a->updated, b->updated) != 0)
		return false;
	if (a->deleted)
		return true;
	if (strcmp(a->created, b->created) != 0 || !same_text(a->author, b->author)
	    || !same_text(a->color, b->color) || !same_pos(&a->start, &b->start)
	    || !same_pos(&a->end, &b->end) || !same_text(a->exact, b->exact)
	    || !same_text(a->prefix, b->prefix) || !same_text(a->suffix, b->suffix)
	    || !same_text(a->note, b->note) || a->ntags != b->ntags)
		return false;
	for (i = 0; i < a->ntags; i++)
		if (!same_text(a->tags[i], b->tags[i]))
			return false;
	return true;
}

/* Was set in the cache's order, highlight for highlight? */
static bool in_cache_order(const struct store_cache *c, const struct annot_set *set)
{
	size_t i;

	if (set->n != c->n || !c->ordered)
		return false;
	for (i = 0; i < set->n; i++)
		if (!same_sort_key(&set->hl[i], &c->v[i].h))
			return false;
	return true;
}

static int id_index_cmp(const void *pa, const void *pb)
{
	return strcmp(((const struct id_index *)pa)->id, ((const struct id_index *)pb)->id);
}

static void index_ids(struct store_cache *c)
{
	size_t i;

	free(c->by_id);
	c->by_id = xreallocarray(NULL, c->n ? c->n : 1, sizeof *c->by_id);
	for (i = 0; i < c->n; i++) {
		memcpy(c->by_id[i].id, c->v[i].h.id, sizeof c->by_id[i].id);
		c->by_id[i].i = i;
	}
	qsort(c->by_id, c->n, sizeof *c->by_id, id_index_cmp);
}

/* Index in v of the piece with this id, or -1. */
static long find_id(const struct store_cache *c, const char *id)
{
	struct id_index key, *hit;

	if (c->n == 0)
		return -1;
	memcpy(key.id, id, sizeof key.id);
	hit = bsearch(&key, c->by_id, c->n, sizeof *c->by_id, id_index_cmp);
	return hit ? (long)hit->i : -1;
}

void store_cache_adopt(struct store_cache *c, struct highlight *hs, size_t n, const char *items,
                       const size_t *ends)
{
	size_t i, from = 0;

	clear(c);
	c->v = xreallocarray(NULL, n ? n : 1, sizeof *c->v);
	for (i = 0; i < n; i++) {
		c->v[i].h = hs[i];
		c->v[i].len = ends[i] - from;
		c->v[i].bytes = xmalloc(c->v[i].len ? c->v[i].len : 1);
		memcpy(c->v[i].bytes, items + from, c->v[i].len);
		from = ends[i];
	}
	free(hs);
	c->n = n;
	index_ids(c);
}

/* ---- Emitting ---------------------------------------------------------- */

/* One save's work: the highlights in document order, and for each the
 * cached piece it reuses (-1: emitted anew). */
struct plan {
	const struct highlight **hl;
	long *reuse;
	struct highlight *sorted; /* the shallow sorted copy hl points into, if any */
	size_t n;
};

static void plan_make(struct plan *p, const struct store_cache *c, const struct annot_set *set,
                      bool in_order)
{
	bool *taken = xcalloc(c->n ? c->n : 1, sizeof *taken);
	size_t i;

	p->n = set->n;
	p->hl = xreallocarray(NULL, set->n, sizeof *p->hl);
	p->reuse = xreallocarray(NULL, set->n, sizeof *p->reuse);
	p->sorted = NULL;
	if (!in_order) {
		struct annot_set tmp = *set;
		p->sorted = xreallocarray(NULL, set->n, sizeof *p->sorted);
		memcpy(p->sorted, set->hl, set->n * sizeof *p->sorted);
		tmp.hl = p->sorted;
		annot_sort(&tmp);
	}
	for (i = 0; i < set->n; i++) {
		long k;
		p->hl[i] = in_order ? &set->hl[i] : &p->sorted[i];
		k = in_order ? (long)i : find_id(c, p->hl[i]->id);
		/* A repeated id (never written by glosa) reuses at most once. */
		if (k >= 0 && (taken[k] || !same_highlight(p->hl[i], &c->v[k].h)))
			k = -1;
		if (k >= 0)
			taken[k] = true;
		p->reuse[i] = k;
	}
	free(taken);
}

static void plan_release(struct plan *p)
{
	free(p->hl);
	free(p->reuse);
	free(p->sorted);
}

/* Emit the highlights p does not reuse into items (ends as
 * store_emit_items); returns its result. */
static int emit_fresh(struct store_cache *c, const struct plan *p, struct strbuf *items,
                      size_t *ends, struct store_error *err)
{
	const struct highlight **fresh = xreallocarray(NULL, p->n, sizeof *fresh);
	size_t i, nf = 0;
	int r;

	for (i = 0; i < p->n; i++)
		if (p->reuse[i] < 0)
			fresh[nf++] = p->hl[i];
	r = store_emit_items(fresh, nf, items, ends, err);
	if (r == 0)
		c->emitted += nf;
	free(fresh);
	return r;
}

/* The file from head, the pieces and the fresh items; and the cache made
 * the plan's, in its order. */
static void assemble(struct store_cache *c, const struct plan *p, struct strbuf *out,
                     const struct strbuf *items, const size_t *ends, bool in_order)
{
	struct piece *nv = xreallocarray(NULL, p->n, sizeof *nv);
	size_t i, k = 0, from = 0, total = out->len + 1;

	for (i = 0; i < p->n; i++) {
		if (p->reuse[i] >= 0) {
			nv[i] = c->v[p->reuse[i]];
			c->v[p->reuse[i]].bytes = NULL; /* moved */
		} else {
			highlight_copy(&nv[i].h, p->hl[i]);
			nv[i].len = ends[k] - from;
			nv[i].bytes = xmalloc(nv[i].len ? nv[i].len : 1);
			memcpy(nv[i].bytes, items->buf + from, nv[i].len);
			from = ends[k++];
		}
		total += nv[i].len;
	}
	strbuf_grow(out, total - out->len);
	for (i = 0; i < p->n; i++)
		strbuf_add(out, nv[i].bytes, nv[i].len);
	strbuf_addch(out, '\n');
	/* What was not moved is no longer in the set. */
	for (i = 0; i < c->n; i++)
		if (c->v[i].bytes) {
			highlight_release(&c->v[i].h);
			free(c->v[i].bytes);
		}
	free(c->v);
	c->v = nv;
	c->n = p->n;
	c->ordered = true;
	if (!in_order)
		index_ids(c); /* in order, the ids are where they were */
}

/* The whole file by store_emit, the cache emptied. */
static int fallback(struct store_cache *c, const struct annot_set *set, char **data, size_t *len,
                    struct store_error *err)
{
	clear(c);
	c->fallbacks++;
	return store_emit(set, data, len, err);
}

int store_cache_emit(struct store_cache *c, const struct annot_set *set, char **data,
                     size_t *len, bool *in_order, struct store_error *err)
{
	struct strbuf out = STRBUF_INIT, items = STRBUF_INIT;
	struct plan p;
	size_t *ends;
	int r;

	*data = NULL;
	*len = 0;
	*in_order = in_cache_order(c, set);
	if (set->n == 0) {
		clear(c);
		return store_emit(set, data, len, err); /* "highlights: []" */
	}
	plan_make(&p, c, set, *in_order);
	ends = xreallocarray(NULL, set->n, sizeof *ends);
	r = emit_fresh(c, &p, &items, ends, err);
	if (r == 0)
		r = store_emit_head(set, &out, err);
	if (r == 0)
		assemble(c, &p, &out, &items, ends, *in_order);
	plan_release(&p);
	free(ends);
	strbuf_release(&items);
	if (r > 0) {
		strbuf_release(&out);
		return fallback(c, set, data, len, err);
	}
	if (r < 0) {
		strbuf_release(&out);
		return -1;
	}
	*data = strbuf_detach(&out, len);
	return 0;
}
