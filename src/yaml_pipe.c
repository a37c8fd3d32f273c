#include "config.h"

/* libyaml's parser on a second thread. A large file's load is two
 * chains of work of unequal size: libyaml's scanner and parser (about
 * three quarters of the instructions) and glosa's checks and model
 * building. With a second core, the parser runs on its own thread and
 * hands its events over in batches through a small ring, and the loader's
 * thread takes them as if it called yaml_parser_parse itself, so the load
 * takes about as long as the parse alone.
 *
 * Ownership: a batch slot belongs to the producer from when it claims it
 * (count < SLOTS) until it publishes it (count++ under the lock), then to
 * the consumer until it releases it (count-- under the lock). The events
 * stay in their slot, read but not freed by the consumer, until the
 * producer claims the slot again and frees them: all of libyaml's memory
 * is then allocated and freed on one thread, since a free on the other
 * would contend with the parser's mallocs for its malloc arena (that
 * cost more than the second core gained). event_pipe_stop frees what is
 * left. The parser is the producer's from event_pipe_start until done is
 * set (its error fields are then final) or until the thread is joined. */

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "glosa/thread.h"
#include "glosa/yaml_pipe.h"

struct batch {
	yaml_event_t ev[EVENT_PIPE_BATCH];
	unsigned n; /* events held (to be freed when the slot is reused) */
};

static void batch_clear(struct batch *b)
{
	unsigned i;

	for (i = 0; i < b->n; i++)
		yaml_event_delete(&b->ev[i]);
	b->n = 0;
}

struct event_pipe {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
	yaml_parser_t *parser;
	struct batch *slot;   /* a ring of EVENT_PIPE_SLOTS */
	/* Under mu: */
	unsigned head, count; /* the published batches, from head */
	bool done;            /* no batch will follow: stream end or failure */
	bool failed;          /* the parser failed after the last batch */
	bool cancel;          /* the consumer stopped listening */
	/* Also set on cancel, read without the lock between events, so
	 * that a refusal does not wait for a whole batch to be parsed. */
	atomic_bool stop;
	/* The consumer's own: the batch it reads (slot[head]) and where. */
	struct batch *cur;
	unsigned pos;
};

/* Parse up to limit events into b, until the stream ends or the parser
 * fails; returns whether the parser can go on. */
static bool fill(struct event_pipe *p, struct batch *b, unsigned limit, bool *ok)
{
	batch_clear(b);
	while (b->n < limit) {
		yaml_event_t *e = &b->ev[b->n];
		if (atomic_load_explicit(&p->stop, memory_order_relaxed))
			return false;
		if (!yaml_parser_parse(p->parser, e)) {
			*ok = false;
			return false;
		}
		b->n++;
		if (e->type == YAML_STREAM_END_EVENT)
			return false;
	}
	return true;
}

static void *produce(void *arg)
{
	struct event_pipe *p = arg;
	bool more = true;
	/* The consumer waits for the first batch: the first ones are small
	 * (16, 32, ... events) so that it starts soon, the rest full size so
	 * that hand-overs stay rare. */
	unsigned limit = 16;

	while (more) {
		struct batch *b;
		bool ok = true;
		pthread_mutex_lock(&p->mu);
		while (p->count == EVENT_PIPE_SLOTS && !p->cancel)
			pthread_cond_wait(&p->not_full, &p->mu);
		if (p->cancel) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		b = &p->slot[(p->head + p->count) % EVENT_PIPE_SLOTS];
		pthread_mutex_unlock(&p->mu);
		more = fill(p, b, limit, &ok);
		if (limit < EVENT_PIPE_BATCH)
			limit *= 2;
		pthread_mutex_lock(&p->mu);
		p->count++;
		p->done = !more;
		p->failed = !ok;
		pthread_cond_signal(&p->not_empty);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

static size_t pipe_min = (size_t)256 << 10;

bool event_pipe_worth(size_t len)
{
	return len >= pipe_min;
}

void event_pipe_set_min(size_t bytes)
{
	pipe_min = bytes;
}

struct event_pipe *event_pipe_start(yaml_parser_t *parser)
{
	struct event_pipe *p = calloc(1, sizeof *p);

	if (!p || !(p->slot = calloc(EVENT_PIPE_SLOTS, sizeof *p->slot)))
		goto fail;
	atomic_init(&p->stop, false);
	p->parser = parser;
	if (pthread_mutex_init(&p->mu, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&p->not_empty, NULL) != 0)
		goto fail_mu;
	if (pthread_cond_init(&p->not_full, NULL) != 0)
		goto fail_ne;
	if (thread_start(&p->thread, produce, p))
		return p;
	pthread_cond_destroy(&p->not_full);
fail_ne:
	pthread_cond_destroy(&p->not_empty);
fail_mu:
	pthread_mutex_destroy(&p->mu);
fail:
	if (p)
		free(p->slot);
	free(p);
	return NULL;
}

/* Release the batch read to the end (if any) and wait for the next one;
 * false when none will come. */
static bool next_batch(struct event_pipe *p)
{
	pthread_mutex_lock(&p->mu);
	if (p->cur) {
		p->cur = NULL;
		p->head = (p->head + 1) % EVENT_PIPE_SLOTS;
		p->count--;
		pthread_cond_signal(&p->not_full);
	}
	while (p->count == 0 && !p->done)
		pthread_cond_wait(&p->not_empty, &p->mu);
	if (p->count > 0) {
		p->cur = &p->slot[p->head];
		p->pos = 0;
	}
	pthread_mutex_unlock(&p->mu);
	return p->cur != NULL;
}

bool event_pipe_next(struct event_pipe *p, yaml_event_t *e)
{
	/* A batch may be empty: the parser failed at its first event. */
	while (!p->cur || p->pos == p->cur->n) {
		if (!next_batch(p)) {
			/* done and drained: failed is final, no lock needed
			 * past the one next_batch took. */
			memset(e, 0, sizeof *e);
			return !p->failed;
		}
	}
	*e = p->cur->ev[p->pos++];
	return true;
}

void event_pipe_stop(struct event_pipe *p)
{
	unsigned k;

	atomic_store_explicit(&p->stop, true, memory_order_relaxed);
	pthread_mutex_lock(&p->mu);
	p->cancel = true;
	pthread_cond_signal(&p->not_full);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	/* The thread is gone: every event is in a slot, read or not. */
	for (k = 0; k < EVENT_PIPE_SLOTS; k++)
		batch_clear(&p->slot[k]);
	pthread_cond_destroy(&p->not_full);
	pthread_cond_destroy(&p->not_empty);
	pthread_mutex_destroy(&p->mu);
	free(p->slot);
	free(p);
}
