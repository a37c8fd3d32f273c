/* Private to the store: the YAML form of an annotation file, re-emitted in
 * part. A save usually changes one highlight of thousands; the cache keeps
 * each highlight's item as libyaml wrote it, with a copy of the highlight
 * it was written from, and emits again only the highlights that differ
 * from their copy. The result is byte for byte what store_emit writes
 * (store_emit.c, "Pieces"). Include it from store.c and store_cache.c. */
#ifndef GLOSA_STORE_CACHE_H
#define GLOSA_STORE_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "glosa/annot.h"
#include "glosa/store.h"

struct store_cache;

struct store_cache *store_cache_new(void);
void store_cache_free(struct store_cache *c);
/* As store_emit(set, data, len, err), reusing the items of highlights
 * equal (every written field) to one of the last call's. *in_order is
 * set when set->hl was already in document order (annot_sort would not
 * move anything). On error returns -1 with err, *data NULL. */
int store_cache_emit(struct store_cache *c, const struct annot_set *set, char **data,
                     size_t *len, bool *in_order, struct store_error *err);
/* Replace c's pieces with hs[0..n) (taken, array and all) and their
 * items, item i being items[ends[i-1]..ends[i]) (from 0 for the first):
 * what store_emit_items wrote for them. Their order does not matter. */
void store_cache_adopt(struct store_cache *c, struct highlight *hs, size_t n, const char *items,
                       const size_t *ends);
/* How many items libyaml emitted through c so far, and how many times the
 * whole file had to be emitted instead (an unexpected shape): for tests. */
unsigned long store_cache_emitted(const struct store_cache *c);
unsigned long store_cache_fallbacks(const struct store_cache *c);

#endif
