/* The pipelined YAML loader (src/yaml_pipe.c): with libyaml on a second
 * thread, every article loads exactly as on one thread, and every broken
 * one fails with the same message at the same place, wherever in a large
 * input the problem is (before the ring of batches fills, while the
 * parser waits for room, after it has finished). Leaks of queued events
 * show under ASan and valgrind. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/dump.h"
#include "glosa/loader.h"
#include "glosa/yaml_pipe.h"
#include "glosa/strbuf.h"
#include "tap.h"

/* A deterministic generator, so that a failure can be replayed. */
static uint32_t rng = 12345;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static const char *const words[] = {
	"the", "*reader*", "**strong**", "`code`", "[a link](https://example.org)", "café",
	"Straße", "λόγος", "日本語", "한국어", "emoji 👍🏽", "naïve", "\\*escaped\\*", "and", "of",
};

/* n words; in a double-quoted scalar (dq), backslashes doubled. */
static void add_words(struct strbuf *sb, unsigned n, bool dq)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		const char *w = words[next_rand() % (sizeof words / sizeof *words)];
		if (i)
			strbuf_addstr(sb, " ");
		for (; *w; w++)
			strbuf_addstr(sb, dq && *w == '\\' ? "\\\\" : (char[2]){ *w, 0 });
	}
}

/* An article of about size bytes: sections two levels deep with every
 * kind of block and scalar style. */
static char *make_article(size_t size, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned s = 0;

	strbuf_addstr(&sb, "title: A long article\nauthor: [Ana, Bo]\ndate: 2026-11-28\n"
	                   "sections:\n");
	while (sb.len < size) {
		strbuf_addf(&sb, "  - title: Section %u\n    blocks:\n      - \"", ++s);
		add_words(&sb, 12, true);
		strbuf_addstr(&sb, "\"\n      - quote: >\n          ");
		add_words(&sb, 6, false);
		strbuf_addstr(&sb, "\n        by: Somebody\n      - list: [one, two, three]\n"
		                   "      - code: |\n          int main(void) { return 0; }\n"
		                   "          \n      - aside: >\n          ");
		add_words(&sb, 20, false);
		strbuf_addstr(&sb, "\n        title: Note\n    sections:\n      - title: Sub\n"
		                   "        blocks:\n          - list: {ordered: true, start: 3, "
		                   "items: [a, {list: [b]}]}\n          - >-\n            ");
		add_words(&sb, 30, false);
		strbuf_addstr(&sb, "\n");
	}
	return strbuf_detach(&sb, len);
}

/* The outcome of a load in one string: the dump at width 50, or
 * "LINE:COLUMN: MESSAGE". Malloc'd. */
static char *outcome(const char *src, size_t len, size_t thread_min)
{
	struct load_error err;
	struct article *a;
	char *buf = NULL;
	size_t n = 0;
	FILE *f;

	event_pipe_set_min(thread_min);
	a = article_load_yaml(src, len, &err);
	f = open_memstream(&buf, &n);
	if (!f)
		abort();
	if (a) {
		dump_article(a, 50, false, f);
		article_free(a);
	} else {
		fprintf(f, "%lu:%lu: %s", err.line, err.column, err.message);
	}
	fclose(f);
	return buf;
}

/* Load src both ways; the outcomes must be equal. Returns the one-thread
 * outcome (malloc'd) for further checks. */
static char *same_both_ways(const char *src, size_t len, const char *name)
{
	char *one = outcome(src, len, SIZE_MAX), *two = outcome(src, len, 0);
	int same = strcmp(one, two) == 0;

	if (!ok(same, "%s: the same on two threads", name)) {
		printf("#   one thread: %.200s\n#   two: %.200s\n", one, two);
	}
	free(two);
	return one;
}

/* src with text put in at byte off (a line start, for what is a line of
 * its own). Malloc'd. */
static char *insert(const char *src, size_t len, size_t off, const char *text, size_t *outlen)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, src, off);
	strbuf_addstr(&sb, text);
	strbuf_add(&sb, src + off, len - off);
	return strbuf_detach(&sb, outlen);
}

/* The start of the first line at or after byte off that begins a
 * section ("  - title:"). */
static size_t section_at(const char *src, size_t off)
{
	const char *p = strstr(src + off, "\n  - title:");

	return p ? (size_t)(p - src) + 1 : off;
}

static void expect_error(const char *src, size_t len, const char *want_suffix, const char *name)
{
	char *got = same_both_ways(src, len, name);
	size_t g = strlen(got), w = strlen(want_suffix);

	if (!ok(g >= w && strcmp(got + g - w, want_suffix) == 0, "%s: the expected error", name))
		printf("#   got: %.200s\n#   want: ...%s\n", got, want_suffix);
	free(got);
}

static void test_large(void)
{
	size_t len, n2;
	char *src = make_article(600000, &len), *bad, *got;

	got = same_both_ways(src, len, "600 KB article");
	ok(strstr(got, "Section 1") && strstr(got, "日本語"), "and it is all there");
	free(got);

	/* Schema errors early (the parser soon waits for room in the ring),
	 * in the middle, and at the very end (the parser is done). */
	bad = insert(src, len, section_at(src, 100), "  - tittle: Early\n", &n2);
	expect_error(bad, n2, "unknown key 'tittle' in section (did you mean 'title'?)",
	             "unknown key near the start");
	free(bad);
	bad = insert(src, len, section_at(src, len / 2), "  - title: Mid\n    blocks: 7\n", &n2);
	expect_error(bad, n2, "wrong type for 'blocks': a string (expected a list of blocks)",
	             "wrong type in the middle");
	free(bad);
	bad = insert(src, len, len, "  - title: Last\n    colour: red\n", &n2);
	expect_error(bad, n2, "unknown key 'colour' in section (expected one of: title, blocks, "
	             "sections)", "unknown key at the end");
	free(bad);
	bad = insert(src, len, len, "title: Twice\n", &n2);
	expect_error(bad, n2, "duplicate key 'title'", "duplicate key after everything");
	free(bad);

	/* libyaml's own errors, far into the input. */
	bad = insert(src, len, len, "  - title: \"unclosed\n", &n2);
	expect_error(bad, n2, "found unexpected end of stream (while scanning a quoted scalar)",
	             "parser error at the end");
	free(bad);
	bad = insert(src, len, section_at(src, len / 2), "\t- title: tab\n", &n2);
	expect_error(bad, n2, "found a tab character where an indentation space is expected "
	             "(while scanning a block scalar); indent with spaces, not tabs",
	             "parser error in the middle");
	free(bad);
	bad = insert(src, len, section_at(src, len / 3), "  - title: &a Anchored\n", &n2);
	expect_error(bad, n2, "anchors and aliases are not allowed", "anchor in the middle");
	free(bad);
	free(src);
}

/* What the input scan finds comes first, as when it ran before the
 * parse; control characters send the load round again with placeholders. */
static void test_scan_verdict(void)
{
	size_t len, n2, n3, pos;
	char *src = make_article(400000, &len), *bad, *worse, *got;

	bad = insert(src, len, section_at(src, len - 5000), "  - title: esc\x1b[1m bel\x07\n", &n2);
	got = same_both_ways(bad, n2, "raw controls near the end");
	ok(strstr(got, "esc") != NULL && strstr(got, "Section 1") != NULL,
	   "loads (the controls are shown by the display layer)");
	free(got);
	/* A schema error before them: the error of the placeholder parse. */
	worse = insert(bad, n2, section_at(bad, 50), "  - title: T\n    x: 1\n", &n3);
	expect_error(worse, n3, "unknown key 'x' in section (expected one of: title, blocks, "
	             "sections)", "controls late, a schema error early");
	free(worse);
	/* Invalid UTF-8 anywhere beats every other error. */
	pos = section_at(bad, n2 - 100);
	worse = insert(bad, n2, pos, "  - title: \xC0\xAF\n", &n3);
	{
		char want[80];
		snprintf(want, sizeof want, "invalid UTF-8 at byte offset %zu", pos + 11);
		expect_error(worse, n3, want, "controls, then invalid UTF-8 at the end");
	}
	free(worse);
	free(bad);
	bad = insert(src, len, section_at(src, 10), "  - tittle: x\n", &n2);
	pos = section_at(bad, n2 - 100);
	worse = insert(bad, n2, pos, "  - title: \xFF\n", &n3);
	{
		char want[80];
		snprintf(want, sizeof want, "invalid UTF-8 at byte offset %zu", pos + 11);
		expect_error(worse, n3, want, "schema error first, invalid UTF-8 last");
	}
	free(worse);
	free(bad);
	free(src);
}

static void test_small(void)
{
	char *got;

	got = same_both_ways("", 0, "empty input");
	is_str(got, "1:1: empty file (expected an article)", "its message");
	free(got);
	got = same_both_ways("title: T\nblocks: [x]\n", 20, "tiny article");
	free(got);
	got = same_both_ways("[", 1, "one bracket");
	free(got);
}

/* Random damage to a mid-sized article: whatever a byte becomes, both
 * ways agree (a problem in any batch, at any boundary). */
static void test_mutations(void)
{
	static const char repl[] = ":- \n\t\"'[]{}&*!#|>\\x\x1b\xff\xc3";
	size_t len, i, agree = 0, runs = 150;
	char *src = make_article(30000, &len);

	for (i = 0; i < runs; i++) {
		char *one, *two;
		size_t at = next_rand() % len;
		char old = src[at];
		src[at] = repl[next_rand() % (sizeof repl - 1)];
		one = outcome(src, len, SIZE_MAX);
		two = outcome(src, len, 0);
		if (strcmp(one, two) == 0)
			agree++;
		else
			printf("# byte %zu: %.120s | %.120s\n", at, one, two);
		free(one);
		free(two);
		src[at] = old;
	}
	is_int((long long)agree, (long long)runs, "%zu damaged articles: the same both ways", runs);
	free(src);
}

int main(void)
{
	test_small();
	test_large();
	test_scan_verdict();
	test_mutations();
	return tap_done();
}
