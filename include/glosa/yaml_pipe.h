/* libyaml's parser on a second thread, for the large files glosa reads
 * (articles, annotation files): the parser hands its events over in
 * batches while the reader's thread checks them and builds its model, so
 * a load takes about as long as the parse alone when a second core is
 * free. The events are the pipe's: the reader never deletes them. */
#ifndef GLOSA_YAML_PIPE_H
#define GLOSA_YAML_PIPE_H

#include <stdbool.h>
#include <stddef.h>

#include <yaml.h>

/* Events per hand-over, and hand-overs that may wait at once. */
#define EVENT_PIPE_BATCH 256
#define EVENT_PIPE_SLOTS 16

struct event_pipe;

/* Whether an input of len bytes is worth a thread: from 256 KiB on unless
 * set. Below that a thread start, the wait for the first batch and the
 * last batch's checks on one thread weigh against a parse of a few
 * milliseconds (measured: at 64 KiB, 1.0 ms piped against 0.9 ms on one
 * thread; at 256 KiB, 3.3 against 3.7 ms). */
bool event_pipe_worth(size_t len);
/* Set that size: 0, always; SIZE_MAX, never. The results and errors of
 * every reader are the same either way; tests and fuzzers check both
 * paths. Call it while no other thread reads YAML. */
void event_pipe_set_min(size_t bytes);

/* Start a thread that runs parser (initialised, with its input set) and
 * hands its events over in batches. NULL when no thread can be started:
 * parse on this thread then. The parser belongs to the thread until
 * event_pipe_stop. */
struct event_pipe *event_pipe_start(yaml_parser_t *parser);
/* The next event, which stays the pipe's (never yaml_event_delete it):
 * valid only until the next call of event_pipe_next or event_pipe_stop
 * (the parser's thread frees a batch's events when it reuses the slot),
 * so copy what is needed longer. false when the parser failed: its
 * error fields may be read now. After the stream's end the events are
 * empty, as libyaml's are. */
bool event_pipe_next(struct event_pipe *p, yaml_event_t *e);
/* Cancel the thread, wait for it, free every event not handed over, and
 * free p. The parser is the caller's again. */
void event_pipe_stop(struct event_pipe *p);

#endif
