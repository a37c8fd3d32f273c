#include "config.h"

/* Warming the emission cache while the file is parsed (store_warm.h).
 *
 * Idle time only: the worker lowers its own priority (nice +10, Linux
 * keeps a nice value per thread), so that on a machine with a free core
 * it emits in parallel with the parse, and on a busy one it takes little
 * from the opening. The first save never waits for it either: it stops
 * the worker after its current batch (a few dozen highlights) and takes
 * what is done; the cache emits the rest.
 *
 * Ownership: the worker touches only what was handed over (deep copies,
 * taken from `in` under mu) and its own results, which the main thread
 * reads after pthread_join; never the caller's set, the store or the
 * screen. It is started by thread_start (glosa/thread.h): every signal
 * but the crash signals is blocked in it, so that signals still reach the
 * main thread (ncurses needs SIGWINCH to interrupt its read).
 * When anything goes wrong (no thread, an emission error) less is warmed,
 * and the first save emits more itself. */

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "glosa/strbuf.h"
#include "glosa/thread.h"
#include "glosa/xalloc.h"

#include "store_cache.h"
#include "store_warm.h"
#include "store_yaml.h"

/* Highlights per batch: enough to keep locking rare, few enough that
 * stopping after the current one is quick. */
#define BATCH 32
#define WORKER_NICE 10

struct store_warm {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	/* under mu: */
	struct highlight *in;  /* handed over; in[head..nin) not yet taken */
	size_t head, nin, capin;
	bool closed;           /* nothing more will come */
	bool cancelled;        /* stop after the current batch */
	bool busy;             /* the worker holds a batch */
	/* the main thread's: */
	bool started;
	pthread_t thread;
	/* the worker's until joined: */
	struct highlight *done; /* emitted, in the order handed over */
	size_t ndone, capdone;
	struct strbuf items;    /* their items; ends[i] after done[i]'s */
	size_t *ends;
	bool failed;            /* under mu */
};

struct store_warm *store_warm_new(void)
{
	struct store_warm *w = xcalloc(1, sizeof *w);

	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	w->items = (struct strbuf)STRBUF_INIT;
	return w;
}

static void release_all(struct highlight *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		highlight_release(&h[i]);
}

/* Emit batch[0..n) after what is done, and keep the copies (taken).
 * false when libyaml refused. */
static bool emit_batch(struct store_warm *w, struct highlight *batch, size_t n)
{
	const struct highlight *ptr[BATCH];
	struct store_error err;
	size_t i;

	XGROW(w->done, w->capdone, w->ndone + n);
	w->ends = xreallocarray(w->ends, w->capdone, sizeof *w->ends);
	for (i = 0; i < n; i++)
		ptr[i] = &batch[i];
	if (store_emit_items(ptr, n, &w->items, w->ends + w->ndone, &err) != 0) {
		release_all(batch, n);
		return false;
	}
	memcpy(w->done + w->ndone, batch, n * sizeof *batch);
	w->ndone += n;
	return true;
}

void store_warm_idle(void)
{
#ifdef __linux__
	/* PRIO_PROCESS with a thread id is this thread only, on Linux. */
	id_t tid = (id_t)syscall(SYS_gettid); /* gettid() itself needs glibc 2.30 */
	int now;

	errno = 0;
	now = getpriority(PRIO_PROCESS, tid);
	if (errno == 0)
		setpriority(PRIO_PROCESS, tid, now + WORKER_NICE < 19 ? now + WORKER_NICE : 19);
#endif
}

static void *work(void *arg)
{
	struct store_warm *w = arg;
	struct highlight batch[BATCH];

	store_warm_idle();
	pthread_mutex_lock(&w->mu);
	for (;;) {
		size_t n;
		bool emitted;
		while (w->head == w->nin && !w->closed && !w->cancelled)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->cancelled || w->failed || w->head == w->nin)
			break;
		n = w->nin - w->head < BATCH ? w->nin - w->head : BATCH;
		memcpy(batch, w->in + w->head, n * sizeof *batch);
		w->head += n;
		w->busy = true;
		pthread_mutex_unlock(&w->mu);
		emitted = emit_batch(w, batch, n);
		pthread_mutex_lock(&w->mu);
		w->failed = !emitted;
		w->busy = false;
		pthread_cond_broadcast(&w->cv); /* for store_warm_drain */
	}
	w->busy = false;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static void start(struct store_warm *w)
{
	w->started = thread_start(&w->thread, work, w);
}

void store_warm_add(void *ctx, const struct highlight *h)
{
	struct store_warm *w = ctx;
	struct highlight copy;
	bool wake;

	highlight_copy(&copy, h); /* outside the lock: the worker need not wait */
	pthread_mutex_lock(&w->mu);
	XGROW(w->in, w->capin, w->nin + 1);
	w->in[w->nin++] = copy;
	wake = w->nin - w->head >= BATCH;
	if (wake)
		pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	if (wake && !w->started)
		start(w);
}

static void stop(struct store_warm *w, bool cancel)
{
	pthread_mutex_lock(&w->mu);
	w->closed = true;
	w->cancelled = w->cancelled || cancel;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

void store_warm_close(struct store_warm *w)
{
	stop(w, false);
}

void store_warm_drain(struct store_warm *w)
{
	pthread_mutex_lock(&w->mu);
	while (w->started && (w->busy || (w->head < w->nin && !w->cancelled && !w->failed)))
		pthread_cond_wait(&w->cv, &w->mu);
	pthread_mutex_unlock(&w->mu);
}

void store_warm_finish(struct store_warm *w, struct store_cache *c)
{
	stop(w, true);
	if (w->started)
		pthread_join(w->thread, NULL);
	/* What is done is right, however far the worker got. */
	if (c && w->ndone) {
		store_cache_adopt(c, w->done, w->ndone, w->items.buf, w->ends);
		w->done = NULL;
		w->ndone = 0;
	}
	if (w->in)
		release_all(w->in + w->head, w->nin - w->head);
	free(w->in);
	release_all(w->done, w->ndone);
	free(w->done);
	strbuf_release(&w->items);
	free(w->ends);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
