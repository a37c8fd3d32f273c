#include "config.h"

/* A long list of highlights read by two threads (store_yaml.h).
 *
 * Nearly all of a large annotation file is its highlights list, and
 * libyaml's parse of it is most of an opening. So the file is cut at a
 * line in its second half that starts an item of the list ("- id: …" at
 * the list's own column) and that line and the rest are parsed, on
 * another thread, as a file of their own: a block list of highlights.
 * This thread parses the whole file from the start as before, and stops
 * where that part begins if it is what it looks like.
 *
 * Why the result is the same as one parse. The cut is only taken when
 * both parses agree that it starts an item: this thread's parser, which
 * has read everything before it, must start an item of the highlights
 * list on that very line (its mark, counted in characters as libyaml
 * counts, falls on it); the other must read its text as one block list
 * of highlight mappings and then nothing but the end of the file. From
 * the start of an item on, the two parsers' states differ only below the
 * list's indentation (one is inside the file's top mapping, the other at
 * its document's root), and the other parse takes nothing below it: a
 * line there ends its list, and anything but the end of the file then
 * fails it. Any failure or disagreement, and the part is thrown away:
 * this thread reads on and finds the same problems, with the same
 * positions, as without a split. The fuzzer (fuzz_store) compares every
 * input read both ways.
 *
 * Ownership: the other thread touches only its own struct parse, its
 * own set and its copy of the bytes' address; this thread reads them
 * after pthread_join. */

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "glosa/store.h"
#include "glosa/thread.h"
#include "glosa/xalloc.h"

#include "store_yaml.h"

/* Deeper than this, a list's indentation is not worth looking for. */
#define MAX_INDENT 64

static size_t split_min = (size_t)256 << 10;
static atomic_ulong taken;

struct store_split {
	pthread_t thread;
	atomic_bool cancel;
	/* where the part starts, in libyaml's characters from the file's
	 * start, and how many characters its first line has */
	size_t at, line_len;
	/* the other thread's until joined: */
	struct parse q;
	struct annot_set set;
	struct store_error err;
	bool ok;
};

bool store_split_worth(size_t len)
{
	return len >= split_min;
}

void store_split_set_min(size_t bytes)
{
	split_min = bytes;
}

/* Characters in s[0..n) as libyaml's marks count them: one per code
 * point (a line break "\r\n" is two), the byte order mark not at all. */
static size_t yaml_chars(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += (u[i] & 0xC0) != 0x80;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		c--;
	return c;
}

/* The part's parse: a block list of highlights, then the end. */
static bool read_part(struct parse *q)
{
	if (!parse_next(q) || q->ev.type != YAML_STREAM_START_EVENT)
		return false;
	if (!parse_next(q) || q->ev.type != YAML_DOCUMENT_START_EVENT)
		return false;
	if (!parse_next(q) || q->ev.type != YAML_SEQUENCE_START_EVENT
	    || q->ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE)
		return false;
	if (!parse_highlight_items(q) || q->set->n == 0)
		return false;
	if (!parse_next(q) || q->ev.type != YAML_DOCUMENT_END_EVENT)
		return false;
	return parse_next(q) && q->ev.type == YAML_STREAM_END_EVENT;
}

static void *part_main(void *arg)
{
	struct store_split *s = arg;

	s->ok = read_part(&s->q);
	if (s->q.have_ev)
		yaml_event_delete(&s->q.ev);
	s->q.have_ev = false;
	yaml_parser_delete(&s->q.parser);
	return NULL;
}

/* The first line from byte from on that starts an item at column col:
 * the offset of its first byte, or len. */
static size_t find_item_line(const char *src, size_t len, size_t from, size_t col)
{
	char pat[MAX_INDENT + 3];
	const char *hit;

	pat[0] = '\n';
	memset(pat + 1, ' ', col);
	memcpy(pat + 1 + col, "- ", 2);
	if (from >= len)
		return len;
	hit = memmem(src + from, len - from, pat, col + 3);
	return hit ? (size_t)(hit - src) + 1 : len;
}

struct store_split *store_split_start(const struct parse *p)
{
	size_t col = p->ev.start_mark.column, start, eol;
	struct store_split *s;
	const char *nl;

	if (col > MAX_INDENT)
		return NULL;
	start = find_item_line(p->src, p->len, p->len / 2, col);
	if (start >= p->len)
		return NULL;
	s = xcalloc(1, sizeof *s);
	atomic_init(&s->cancel, false);
	s->at = yaml_chars(p->src, start);
	if (s->at <= p->ev.start_mark.index) { /* the head reaches past the middle */
		free(s);
		return NULL;
	}
	nl = memchr(p->src + start, '\n', p->len - start);
	eol = nl ? (size_t)(nl - p->src) : p->len;
	s->line_len = yaml_chars(p->src + start, eol - start);
	s->set = (struct annot_set)ANNOT_SET_INIT;
	s->q.src = p->src + start;
	s->q.len = p->len - start;
	s->q.set = &s->set;
	s->q.err = &s->err;
	s->q.cancel = &s->cancel;
	/* its list at the depth of this one, so that the nesting limit is
	 * the same: the list's start will count one */
	s->q.depth = p->depth - 1;
	if (!yaml_parser_initialize(&s->q.parser)) {
		free(s);
		return NULL;
	}
	yaml_parser_set_input_string(&s->q.parser, (const unsigned char *)s->q.src, s->q.len);
	yaml_parser_set_encoding(&s->q.parser, YAML_UTF8_ENCODING);
	if (!thread_start(&s->thread, part_main, s)) {
		yaml_parser_delete(&s->q.parser);
		free(s);
		return NULL;
	}
	return s;
}

enum split_meet store_split_meet(const struct store_split *s, const struct parse *p)
{
	size_t i = p->ev.start_mark.index;

	if (i < s->at)
		return SPLIT_BEFORE;
	if (i < s->at + s->line_len && p->ev.type == YAML_MAPPING_START_EVENT)
		return SPLIT_HERE;
	return SPLIT_PASSED;
}

static void free_split(struct store_split *s)
{
	annot_set_release(&s->set);
	free(s->q.id_at);
	free(s);
}

/* Move the part's highlights to the end of p's set; their id marks
 * follow, from the part's lines to the file's. */
static void take_part(struct store_split *s, struct parse *p)
{
	struct annot_set *to = p->set;
	size_t n = s->set.n, i;
	size_t line0 = p->ev.start_mark.line; /* the part's first line */

	XGROW(to->hl, to->cap, to->n + n);
	XGROW(p->id_at, p->id_cap, to->n + n);
	memcpy(to->hl + to->n, s->set.hl, n * sizeof *to->hl);
	for (i = 0; i < n; i++) {
		yaml_mark_t m = s->q.id_at[i];
		m.line += line0;
		m.index += s->at;
		p->id_at[to->n + i] = m;
	}
	to->n += n;
	s->set.n = 0; /* moved: free_split releases only the array */
	if (p->each)
		for (i = to->n - n; i < to->n; i++)
			p->each(p->each_ctx, &to->hl[i]);
}

bool store_split_join(struct store_split *s, struct parse *p)
{
	bool ok;

	pthread_join(s->thread, NULL);
	ok = s->ok;
	if (ok) {
		take_part(s, p);
		atomic_fetch_add(&taken, 1);
	}
	free_split(s);
	return ok;
}

void store_split_cancel(struct store_split *s)
{
	atomic_store(&s->cancel, true);
	pthread_join(s->thread, NULL);
	free_split(s);
}

unsigned long store_split_taken(void)
{
	return atomic_load(&taken);
}
