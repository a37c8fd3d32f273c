/* Private to the YAML form of an annotation file: what its three files
 * share. store_events.c pulls checked events and keys out of libyaml and
 * words the errors; store_parse.c walks the format and holds store_parse;
 * store_emit.c holds store_emit, which checks ids and times with the
 * parser's own rules so that what it writes reads back, and emits a
 * file's head and items one by one for store_cache.c. Not a module
 * header: include it from those files only. */
#ifndef GLOSA_STORE_YAML_H
#define GLOSA_STORE_YAML_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "glosa/store.h"
#include "glosa/strbuf.h"
#include "glosa/yaml_pipe.h"
#include "glosa/yaml_strict.h"

/* One parse. The first problem fills err and sets failed; later problems
 * are ignored, so every caller can simply return false. */
struct parse {
	yaml_parser_t parser;
	yaml_event_t ev;       /* the current event, valid while have_ev and only until
	                        * the next parse_next (piped, its strings are freed
	                        * then): copy what is kept */
	bool have_ev, failed;
	struct event_pipe *pipe; /* libyaml on its own thread (a large file), or NULL;
	                          * its events are its own, never deleted here */
	int depth;
	const char *src;
	size_t len;
	struct annot_set *set;
	yaml_mark_t *id_at;    /* where each highlight's id is, for duplicates */
	size_t id_cap;
	void (*each)(void *, const struct highlight *); /* told of each highlight read */
	void *each_ctx;
	bool saw_version;
	struct store_split *split; /* the list's second part, parsed on another thread */
	bool rest_done;        /* the split's part was taken: the file is read to its end */
	const atomic_bool *cancel; /* a split's own parse: fail at the next event once set */
	struct store_error *err;
};

/* The keys of one kind of mapping; the context names it in messages. */
struct keyset {
	const char *context;
	const char *const *keys;
	unsigned n;
};

static inline bool parse_is_scalar(const struct parse *p)
{
	return p->ev.type == YAML_SCALAR_EVENT;
}

static inline bool parse_is_plain(const struct parse *p)
{
	return parse_is_scalar(p) && p->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static inline const char *parse_sval(const struct parse *p)
{
	return (const char *)p->ev.data.scalar.value;
}

/* ---- store_events.c: errors, events and keys ---- */

/* Record the first problem (of kind) at 1-based line and col; false. */
__attribute__((format(printf, 5, 6)))
bool parse_fail_pos(struct parse *p, enum store_errkind kind, unsigned long line,
                    unsigned long col, const char *fmt, ...);
#define parse_fail_at(p, mark, ...) \
	parse_fail_pos((p), STORE_EPARSE, (unsigned long)(mark).line + 1, \
	               (unsigned long)(mark).column + 1, __VA_ARGS__)
/* s[0..n) as quoted in a message: at most 40 code points, unsafe
 * characters made visible; in out, which it returns. */
const char *parse_show(char out[160], const char *s, size_t n);
/* 1-based line and column, as libyaml counts, of byte off of src. */
void parse_position(const char *src, size_t len, size_t off,
                    unsigned long *line, unsigned long *col);
/* Move to the next event, refusing aliases, anchors, tags and deep
 * nesting; failing once p->cancel is set. */
bool parse_next(struct parse *p);
/* Is the current event a plain null scalar? */
bool parse_is_null(const struct parse *p);
/* "wrong value for WHAT (or for key)": the current node; false. */
bool parse_wrong(struct parse *p, const char *what, const char *expected);
bool parse_wrong_key(struct parse *p, const char *key, const char *expected);
/* Next key of the current mapping: its index in ks, -2 at the end, -1
 * on error (not a string, unknown, repeated). */
int parse_next_key(struct parse *p, const struct keyset *ks, unsigned *seen);
/* Error at at for the first key in need (a bit set of ks) not seen. */
bool parse_missing(struct parse *p, yaml_mark_t at, unsigned seen, const struct keyset *ks,
                   unsigned need);

/* ---- store_emit.c: the pieces of a file, for store_cache.c ---- */

/* Is h fit to write (its id and times read back)? Else false, err filled. */
bool emit_check_highlight(const struct highlight *h, struct store_error *err);
/* Append the items of hl[0..n) to out, as store_emit writes them, and set
 * ends[i] to out's length after item i. 0; -1 with err; 1 when libyaml's
 * output was not of the expected shape (nothing appended). */
int store_emit_items(const struct highlight *const *hl, size_t n, struct strbuf *out,
                     size_t *ends, struct store_error *err);
/* Append the head of set's file: what store_emit writes before the first
 * item (set's highlights are not looked at). 0, -1 or 1 as above. */
int store_emit_head(const struct annot_set *set, struct strbuf *out, struct store_error *err);

/* ---- store_parse.c ---- */

/* The highlights of a block list, from the event after its start to its
 * end, appended to p->set. With p->split, stops where the split's part
 * starts if that part was read whole (p->rest_done is then set). */
bool parse_highlight_items(struct parse *p);

/* store_parse, calling each(ctx, h) as soon as each highlight is read
 * whole (each may be NULL). A later failure still fails the parse. */
int store_parse_each(const char *data, size_t len, struct annot_set *set,
                     struct store_error *err, void (*each)(void *, const struct highlight *),
                     void *ctx);
/* Values the format checks: */

/* A highlight id: ANNOT_ID_LEN lowercase hexadecimal digits. */
bool parse_valid_id(const char *s);
/* "YYYY-MM-DDTHH:MM:SSZ", a moment that exists (a leap second allowed). */
bool parse_valid_time(const char *s);

/* ---- store_split.c: a long list of highlights read by two threads ---- */

/* Whether a file of len bytes is worth splitting: from 256 KiB on
 * unless set (0, always; SIZE_MAX, never; results are the same). */
bool store_split_worth(size_t len);
void store_split_set_min(size_t bytes);
/* p->ev starts the highlights' block list: look for an item that starts
 * a line in the second half of the file and parse from there to the end,
 * as a file of its own, on another thread. NULL when there is no such
 * line or no thread. */
struct store_split *store_split_start(const struct parse *p);
enum split_meet { SPLIT_BEFORE, SPLIT_HERE, SPLIT_PASSED };
/* Where p->ev, the start of an item of the list, is against the split's
 * first item. */
enum split_meet store_split_meet(const struct store_split *s, const struct parse *p);
/* At SPLIT_HERE: wait for the split's parse. When it read to the end of
 * the file without a problem, move its highlights to p (in file order,
 * p->each told of each) and true; else false, and p reads on itself.
 * Frees s either way. */
bool store_split_join(struct store_split *s, struct parse *p);
/* Stop the split's parse and free it. */
void store_split_cancel(struct store_split *s);
/* How many splits were taken since the start (for tests: that a file
 * was read by two threads, not just that it read right). */
unsigned long store_split_taken(void);

#endif
