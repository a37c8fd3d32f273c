#include "config.h"

/* A long list of highlights read by two threads (src/store_split.c):
 * every file reads the same with the split as without it, whatever the
 * file does around the line where it is cut: the same highlights (the
 * same bytes emitted from them), or the same error at the same line and
 * column. Each case is read four ways: one thread; libyaml on its own
 * thread (yaml_pipe.c); split; split with the pipe as the fallback. For
 * files laid out as glosa writes them, the split must be taken (counted),
 * so that the comparison is not empty. */

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/annot.h"
#include "glosa/store.h"
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"
#include "glosa/yaml_pipe.h"
#include "tap.h"

#include "../../src/store_yaml.h"

enum mode { ONE, PIPE, SPLIT, BOTH, NMODE };
static const char *const mode_name[NMODE] = { "one thread", "piped", "split", "split or piped" };

static void set_mode(enum mode m)
{
	event_pipe_set_min(m == PIPE || m == BOTH ? 0 : SIZE_MAX);
	store_split_set_min(m == SPLIT || m == BOTH ? 0 : SIZE_MAX);
}

/* "ok N" and the file store_emit writes from what was read, or
 * "error L:C: message"; each is told of the ids in order (as "each"). */
static void each_id(void *ctx, const struct highlight *h)
{
	strbuf_addf(ctx, "%s,", h->id);
}

static char *outcome(const char *data, size_t len, enum mode m)
{
	struct annot_set set = ANNOT_SET_INIT;
	struct store_error err;
	struct strbuf out = STRBUF_INIT, each = STRBUF_INIT;
	char *emitted = NULL;
	size_t elen = 0;

	set_mode(m);
	if (store_parse_each(data, len, &set, &err, each_id, &each) != 0)
		strbuf_addf(&out, "error %d %lu:%lu: %s", err.kind, err.line, err.column, err.message);
	else if (store_emit(&set, &emitted, &elen, &err) != 0)
		strbuf_addf(&out, "ok %zu, not emitted: %s", set.n, err.message);
	else {
		size_t i;
		struct strbuf ids = STRBUF_INIT;
		for (i = 0; i < set.n; i++)
			strbuf_addf(&ids, "%s,", set.hl[i].id);
		strbuf_addf(&out, "ok %zu%s\n", set.n,
		            strcmp(ids.buf, each.buf) == 0 ? "" : " (each not told in order)");
		strbuf_add(&out, emitted, elen);
		strbuf_release(&ids);
	}
	set_mode(ONE);
	free(emitted);
	strbuf_release(&each);
	annot_set_release(&set);
	return strbuf_detach(&out, NULL);
}

/* Read data every way; the same outcome every way, which is returned
 * (the caller frees it). With split_taken, the split must be used. */
static char *same_every_way(const char *data, size_t len, bool split_taken, const char *what)
{
	char *want = outcome(data, len, ONE);
	unsigned long before = store_split_taken();
	int m;

	for (m = PIPE; m < NMODE; m++) {
		char *got = outcome(data, len, (enum mode)m);
		if (strcmp(got, want) != 0)
			printf("# one thread: %.300s\n# %s: %.300s\n", want, mode_name[m], got);
		ok(strcmp(got, want) == 0, "%s: %s, as on one thread", what, mode_name[m]);
		free(got);
	}
	if (split_taken)
		ok(store_split_taken() - before == 2, "%s: the split was taken (%lu of 2 times)", what,
		   store_split_taken() - before);
	return want;
}

static void expect(const char *got, const char *prefix, const char *what)
{
	if (strncmp(got, prefix, strlen(prefix)) != 0)
		printf("# got: %.300s\n", got);
	ok(strncmp(got, prefix, strlen(prefix)) == 0, "%s: %s", what, prefix);
}

static const char *const texts[] = {
	"plain", "vocaci\xc3\xb3n \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac", "two\nlines\n",
	"\"quoted\" and \\ back", "emoji \xf0\x9f\x98\x80 and e\xcc\x81",
};

/* n highlights as glosa writes them, the note of each made by note_of. */
static char *canonical(size_t n, size_t *len, const char *(*note_of)(size_t))
{
	struct annot_set s = ANNOT_SET_INIT;
	struct store_error err;
	char *data = NULL;
	size_t k;

	s.article_id = xstrdup("split");
	s.article_title = xstrdup("Split \xe2\x80\x94 in two");
	for (k = 0; k < n; k++) {
		struct highlight h;
		memset(&h, 0, sizeof h);
		snprintf(h.id, sizeof h.id, "%016zx", k + 1);
		memcpy(h.created, "2026-11-28T17:02:11Z", ANNOT_TIME_LEN + 1);
		memcpy(h.updated, "2026-11-28T17:05:40Z", ANNOT_TIME_LEN + 1);
		hl_pos_set(&h.start, "1", (uint32_t)k, 0);
		hl_pos_set(&h.end, "1", (uint32_t)k, 5);
		h.exact = (char *)texts[k % 5];
		h.note = note_of ? (char *)note_of(k) : k % 3 ? NULL : (char *)texts[(k + 1) % 5];
		annot_add(&s, &h);
		free(h.start.section);
		free(h.end.section);
	}
	if (store_emit(&s, &data, len, &err) != 0) {
		printf("Bail out! store_emit: %s\n", err.message);
		exit(1);
	}
	annot_set_release(&s);
	return data;
}

/* data with from replaced by to everywhere. */
static char *replace_all(const char *data, size_t len, const char *from, const char *to,
                         size_t *out_len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t fl = strlen(from), i = 0;

	while (i < len) {
		const char *hit = memmem(data + i, len - i, from, fl);
		size_t stop = hit ? (size_t)(hit - data) : len;
		strbuf_add(&sb, data + i, stop - i);
		if (!hit)
			break;
		strbuf_addstr(&sb, to);
		i = stop + fl;
	}
	*out_len = sb.len;
	return strbuf_detach(&sb, NULL);
}

/* data with text inserted at the start of the first item line at or
 * after byte at ("- id: "), or appended. */
static char *insert_at_item(const char *data, size_t len, size_t at, const char *text,
                            size_t *out_len)
{
	const char *hit = memmem(data + at, len - at, "\n- id: ", 7);
	size_t cut = hit ? (size_t)(hit - data) + 1 : len;
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, data, cut);
	strbuf_addstr(&sb, text);
	strbuf_add(&sb, data + cut, len - cut);
	*out_len = sb.len;
	return strbuf_detach(&sb, NULL);
}

/* data with every from made to, read every way; the outcome must start
 * with want. */
static void variant(const char *data, size_t len, const char *from, const char *to,
                    const char *want, const char *what)
{
	size_t l2;
	char *v = replace_all(data, len, from, to, &l2);
	char *got = same_every_way(v, l2, false, what);

	expect(got, want, what);
	free(got);
	free(v);
}

static void test_canonical(void)
{
	size_t len, l2;
	char *data = canonical(2000, &len, NULL), *v, *got;

	got = same_every_way(data, len, true, "2000 highlights");
	expect(got, "ok 2000\n", "2000 highlights");
	ok(strcmp(strchr(got, '\n') + 1, data) == 0, "read back as written");
	free(got);

	v = replace_all(data, len, "\n", "\r\n", &l2);
	free(same_every_way(v, l2, true, "CRLF line ends"));
	free(v);

	v = xmalloc(len + 3);
	memcpy(v, "\xEF\xBB\xBF", 3);
	memcpy(v + 3, data, len);
	got = same_every_way(v, len + 3, true, "a byte order mark");
	expect(got, "ok 2000", "a byte order mark");
	free(got);
	free(v);

	/* The list indented under its key (glosa writes it at column 0). */
	{
		const char *list = strstr(data, "highlights:\n");
		size_t head = (size_t)(list - data), tl;
		char *tail = replace_all(list, len - head - 1, "\n", "\n  ", &tl);
		l2 = head + tl + 1;
		v = xmalloc(l2 + 1);
		memcpy(v, data, head);
		memcpy(v + head, tail, tl);
		strcpy(v + head + tl, "\n");
		free(tail);
	}
	got = same_every_way(v, l2, true, "items indented by two");
	expect(got, "ok 2000", "items indented by two");
	free(got);
	free(v);

	/* Two highlights only: split at the second. */
	free(data);
	data = canonical(2, &len, NULL);
	got = same_every_way(data, len, true, "two highlights");
	expect(got, "ok 2\n", "two highlights");
	free(got);
	free(data);
	data = canonical(1, &len, NULL);
	free(same_every_way(data, len, false, "one highlight"));
	free(data);
}

/* Problems on either side of the cut and at it: the same error, at the
 * same line and column, whichever thread read that part. */
static void test_errors(void)
{
	static const struct {
		const char *text, *want, *what;
	} bad[] = {
		{ "- id: 0000000000000001\n  updated: 2026-11-28T17:05:40Z\n  deleted: true\n",
		  "error 2 ", "a duplicate id" },
		{ "- id: 00000000000000zz\n", "error 2 ", "a bad id" },
		{ "- colour: red\n", "error 2 ", "an unknown key" },
		{ "- &a id: 0000000000009999\n", "error 2 ", "an anchor" },
		{ "- !!str x\n", "error 2 ", "a tag" },
		{ "- \t\n", "error 2 ", "a tab" },
		{ "- [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]"
		  "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n", "error 2 ", "deep nesting" },
		{ "- \"unterminated\n", "error 2 ", "an unterminated quote" },
		{ "- id: \xff\n", "error 2 ", "invalid UTF-8" },
		{ "x: 1\n", "error 2 ", "a key of the top mapping inside the list" },
		{ " - a\n", "error 2 ", "an item at the wrong column" },
		{ "  - a\n", "error 2 ", "an item in an item" },
	};
	size_t len, i, k;
	char *data = canonical(600, &len, NULL);

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		size_t at[] = { len / 4, len / 2, len / 2 + 1, len * 3 / 4, len - 10 };
		for (k = 0; k < sizeof at / sizeof *at; k++) {
			size_t l2;
			char *v = insert_at_item(data, len, at[k], bad[i].text, &l2), what[120], *got;
			snprintf(what, sizeof what, "%s at byte %zu of %zu", bad[i].what, at[k], len);
			got = same_every_way(v, l2, false, what);
			expect(got, bad[i].want, what);
			free(got);
			free(v);
		}
	}
	free(data);
}

/* What may follow the list, and lines inside values that look like the
 * start of an item. */
static const char *no_note(size_t k)
{
	(void)k;
	return NULL;
}

static const char *mark_middle(size_t k)
{
	return k == 150 ? "MARK" : NULL;
}

static void test_around(void)
{
	static const struct {
		const char *tail, *want, *what;
	} tails[] = {
		{ "position: {section: \"1\", block: 0, offset: 0}\n", "ok 300", "a key after the list" },
		{ "...\n", "ok 300", "an explicit document end" },
		{ "# a comment\n\n# another\n", "ok 300", "comments after the list" },
		{ "---\nglosa-annotations: 1\n", "error 2 ", "a second document" },
		{ "  x: 1\n", "error 2 ", "a stray key" },
		{ "- \n", "error 2 ", "an empty item" },
		{ "highlights: []\n", "error 2 ", "the list's key again" },
	};
	size_t len, i;
	char *data = canonical(300, &len, NULL), *v, *got;

	for (i = 0; i < sizeof tails / sizeof *tails; i++) {
		v = xmalloc(len + strlen(tails[i].tail) + 1);
		memcpy(v, data, len);
		strcpy(v + len, tails[i].tail);
		got = same_every_way(v, len + strlen(tails[i].tail), false, tails[i].what);
		expect(got, tails[i].want, tails[i].what);
		free(got);
		free(v);
	}
	free(data);

	/* Every note a quoted string whose second line looks like an item
	 * at the list's column: the cut lands inside a value. libyaml takes
	 * the line as part of the string; the part's parse, started there,
	 * must not be taken. */
	data = canonical(300, &len, no_note);
	variant(data, len, "  quote:\n",
	        "  note: \"a note\n- id: 00000000000000ff\n  in quotes\"\n  quote:\n", "ok 300",
	        "item-like lines in quoted notes");

	/* One note in the middle so long that the file's middle falls in it,
	 * all of its lines like items: the split is tried there and given
	 * up. */
	free(data);
	data = canonical(300, &len, mark_middle);
	{
		struct strbuf note = STRBUF_INIT;
		unsigned long before;
		size_t n;
		strbuf_addstr(&note, "  note: \"a long note\n");
		for (n = 0; n < 4000; n++)
			strbuf_addf(&note, "- id: %016zx\n", n + 1);
		strbuf_addstr(&note, "  end\"\n");
		before = store_split_taken();
		variant(data, len, "  note: \"MARK\"\n", note.buf, "ok 300",
		        "a long quoted note across the middle");
		ok(store_split_taken() == before, "a long quoted note across the middle: no split taken");
		strbuf_release(&note);
	}
	free(data);
	data = canonical(300, &len, no_note);

	/* An item line after a block scalar: it ends the scalar, and this
	 * item has no keys but its id. */
	variant(data, len, "  quote:\n", "  note: |\n    a note\n\n- id: 00000000000000ff\n  quote:\n",
	        "error 2 ", "a block scalar ended by an item line");

	/* A flow list of highlights: not cut. */
	variant(data, len, "highlights:\n", "highlights: [\n", "error 2 ", "a flow list");
	free(data);
}

int main(void)
{
	test_canonical();
	test_errors();
	test_around();
	return tap_done();
}
