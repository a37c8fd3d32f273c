/* Tests for building the search index in steps (as the reader does while
 * it waits for keys): whatever the step size, even a byte, the folded text
 * and every match come out as from a build in one go, and a search in the
 * middle of a build finishes it and finds the same. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/search.h"
#include "glosa/strbuf.h"
#define TEST_RNG_SEED 4242
#include "rng.h"
#include "tap.h"

/* Code points of every UTF-8 length, ones whose fold grows (ß, ﬁ, İ) or
 * vanishes (a lone combining acute), an invalid byte, and ASCII words so
 * that the 8-byte fast path runs too. */
static const char *const alphabet[] = {
	"a", "S", "e", " ", "ß", "é", "e\xcc\x81", "\xcc\x81", "ﬁ", "İ", "Σ", "ς",
	"\xff", "日", "ＳＳ", "ẞ", "😀", "Vocación ", "quetzalcóatl ", "lorem ipsum ",
};
#define NALPHA (sizeof alphabet / sizeof *alphabet)

static struct article *random_article(unsigned nblocks)
{
	struct article *a = article_new();
	struct strbuf sb = STRBUF_INIT;
	uint32_t s, b;
	unsigned i, j, len;

	a->title = article_add_folded(a, "Steps", 5);
	s = article_add_section(a, ARTICLE_NONE);
	a->sections[s].title = article_add_folded(a, "Ñandú", strlen("Ñandú"));
	for (i = 0; i < nblocks; i++) {
		/* Mostly short, some long enough to be cut many times, some empty-ish. */
		len = i % 17 == 0 ? 3000 : rnd(40);
		strbuf_reset(&sb);
		for (j = 0; j < len; j++)
			strbuf_addstr(&sb, alphabet[rnd(NALPHA)]);
		strbuf_addstr(&sb, "x");
		b = article_add_block(a, s, i % 5 == 0 ? BLOCK_CODE : BLOCK_PARAGRAPH);
		a->blocks[b].text = i % 5 == 0 ? article_add_plain(a, sb.buf, sb.len)
		                               : article_add_folded(a, sb.buf, sb.len);
	}
	strbuf_release(&sb);
	article_finish(a);
	return a;
}

static const char *const patterns[] = { "ss", "e", "vocacion", "日", "fi", "s s", "😀", "i" };
#define NPAT (sizeof patterns / sizeof *patterns)

/* Every match of every pattern in every unit, the same in both indexes. */
static bool same_matches(const struct article *a, struct search_index *x, struct search_index *y)
{
	size_t p, u, i;

	for (p = 0; p < NPAT; p++) {
		size_t plen;
		char *pat = search_fold(patterns[p], strlen(patterns[p]), &plen);
		for (u = 0; u < a->nunits; u++) {
			struct search_match *mx, *my;
			size_t nx = search_unit_matches(x, pat, plen, (uint32_t)u, &mx);
			size_t ny = search_unit_matches(y, pat, plen, (uint32_t)u, &my);
			bool same = nx == ny;
			for (i = 0; same && i < nx; i++)
				same = mx[i].unit == my[i].unit && mx[i].start == my[i].start &&
				       mx[i].end == my[i].end;
			free(mx);
			free(my);
			if (!same) {
				free(pat);
				return false;
			}
		}
		free(pat);
	}
	return true;
}

static void test_budgets(void)
{
	static const size_t budgets[] = { 1, 2, 3, 5, 64, 1000, 4096, 1u << 20 };
	struct article *a = random_article(400);
	struct search_index *ref = search_index_new(a);
	const char *rt;
	size_t rlen, k;

	ok(search_index_step(ref, SIZE_MAX), "one step of SIZE_MAX builds the whole index");
	rt = search_index_text(ref, &rlen);
	ok(rt != NULL && rlen > 100000, "the reference index holds the article (%zu bytes)", rlen);
	for (k = 0; k < sizeof budgets / sizeof *budgets; k++) {
		struct search_index *ix = search_index_new(a);
		size_t steps = 1, len;
		const char *t;
		while (!search_index_step(ix, budgets[k]))
			steps++;
		t = search_index_text(ix, &len);
		ok(steps >= rlen / budgets[k] / 4, "budget %zu: built in %zu steps", budgets[k], steps);
		ok(t && len == rlen && memcmp(t, rt, rlen) == 0,
		   "budget %zu: folded text byte for byte as in one go", budgets[k]);
		ok(same_matches(a, ref, ix), "budget %zu: every match in every unit the same",
		   budgets[k]);
		ok(search_index_step(ix, 1), "budget %zu: a step after the end says done", budgets[k]);
		search_index_free(ix);
	}
	search_index_free(ref);
	article_free(a);
}

/* A search typed before the idle build is over finishes the build. */
static void test_search_midway(void)
{
	struct article *a = random_article(300);
	struct search_index *ref = search_index_new(a), *ix = search_index_new(a);
	struct search_match mr, mi;
	bool wr, wi, gr, gi;
	size_t plen, i, rlen, len;
	char *pat = search_fold("Vocacion", 8, &plen);
	const char *rt, *t;

	for (i = 0; i < 40; i++)
		search_index_step(ix, 333);
	ok(!search_index_ready(ix), "after a few steps the index is not ready");
	ok(search_index_text(ix, &len) == NULL && len == 0, "and shows no text yet");
	gi = search_find(ix, pat, plen, 3, 0, true, &mi, &wi);
	gr = search_find(ref, pat, plen, 3, 0, true, &mr, &wr);
	ok(gi && gr && mi.unit == mr.unit && mi.start == mr.start && mi.end == mr.end && wi == wr,
	   "a search midway finds what a search on a whole index finds");
	ok(search_index_ready(ix), "and leaves the index complete");
	rt = search_index_text(ref, &rlen);
	t = search_index_text(ix, &len);
	ok(len == rlen && memcmp(t, rt, rlen) == 0, "the same folded text as one build");
	ok(search_index_step(ix, 100), "steps after that have nothing left to do");
	ok(same_matches(a, ref, ix), "every match the same after a build finished by a search");
	free(pat);
	search_index_free(ref);
	search_index_free(ix);
	article_free(a);
}

/* An article of no text at all: a step finishes at once. */
static void test_empty(void)
{
	struct article *a = article_new();
	struct search_index *ix;
	size_t len;

	article_finish(a);
	ix = search_index_new(a);
	ok(search_index_step(ix, 1), "an empty article's index is done in one step");
	ok(search_index_text(ix, &len) != NULL, "and is ready (%zu bytes)", len);
	search_index_free(ix);
	article_free(a);
}

int main(void)
{
	test_budgets();
	test_search_midway();
	test_empty();
	return tap_done();
}
