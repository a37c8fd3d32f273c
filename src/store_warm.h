/* Private to the store: the emission cache warmed while a file is parsed.
 * The first save after opening writes every highlight, and libyaml takes
 * about as long to emit them as to parse them; so, as the parser reads
 * each highlight, a copy goes to one worker thread that emits its item
 * in idle time, and the first save (store_warm_finish) takes the items
 * done into the cache instead of emitting them itself. The fingerprint
 * job (store.c) runs the same way. Include it from store.c,
 * store_warm.c and tests. */
#ifndef GLOSA_STORE_WARM_H
#define GLOSA_STORE_WARM_H

#include <pthread.h>
#include <stdbool.h>

#include "glosa/annot.h"
#include "store_cache.h"

/* Called by such a thread: lower its own priority (Linux keeps a nice
 * value per thread), so that it runs in idle time only. */
void store_warm_idle(void);

struct store_warm;

struct store_warm *store_warm_new(void);
/* Hand over a copy of h (a store_parse_each callback; ctx is the warm).
 * The worker starts with the first few dozen; a small file never
 * starts one. */
void store_warm_add(void *ctx, const struct highlight *h);
/* Nothing more will be handed over. */
void store_warm_close(struct store_warm *w);
/* Stop the worker after its current batch, put what it emitted into c
 * (NULL: drop it), and free w. Never waits for more than one batch. */
void store_warm_finish(struct store_warm *w, struct store_cache *c);
/* Wait until the worker has emitted everything handed over so far (for
 * tests: the first save then needs to emit nothing else). */
void store_warm_drain(struct store_warm *w);

#endif
