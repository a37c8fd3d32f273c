/* Approximate matching (fuzzy.c) and anchoring (anchor.c): every rung of
 * the ladder in annotations.md against the article edits a reader meets. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "glosa/anchor.h"
#include "glosa/fuzzy.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "tap.h"

#define S(x) x, strlen(x)

/* ---- fuzzy ---------------------------------------------------------- */

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

static unsigned rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 11);
}

static size_t min3(size_t x, size_t y, size_t z)
{
	size_t m = x < y ? x : y;
	return m < z ? m : z;
}

/* Plain dynamic programming: D[m][j] for every end j, start free. */
static size_t *naive_ends(const uint32_t *t, size_t n, const uint32_t *p, size_t m)
{
	size_t *col = malloc((m + 1) * sizeof *col), *res = malloc((n + 1) * sizeof *res);
	size_t i, j;

	for (i = 0; i <= m; i++)
		col[i] = i;
	res[0] = m;
	for (j = 1; j <= n; j++) {
		size_t diag = col[0];
		col[0] = 0;
		for (i = 1; i <= m; i++) {
			size_t left = col[i];
			col[i] = min3(diag + (p[i - 1] != t[j - 1]), left + 1, col[i - 1] + 1);
			diag = left;
		}
		res[j] = col[m];
	}
	free(col);
	return res;
}

static size_t naive_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t *d = malloc((nb + 1) * sizeof *d), i, j, r;

	for (j = 0; j <= nb; j++)
		d[j] = j;
	for (i = 1; i <= na; i++) {
		size_t diag = d[0];
		d[0] = i;
		for (j = 1; j <= nb; j++) {
			size_t up = d[j];
			d[j] = min3(diag + (a[i - 1] != b[j - 1]), up + 1, d[j - 1] + 1);
			diag = up;
		}
	}
	r = d[nb];
	free(d);
	return r;
}

/* fuzzy_search agrees with the plain DP: same ends (the local minima),
 * same error counts, and starts that give exactly those errors. */
static int agrees_with_dp(const uint32_t *t, size_t n, const uint32_t *p, size_t m, size_t k)
{
	struct fuzzy_match *ms;
	size_t nm = fuzzy_search(t, n, p, m, k, &ms), *res = naive_ends(t, n, p, m);
	size_t j, prev = SIZE_MAX, got = 0, pend_end = 0, pend_err = 0;
	int pending = 0, good = 1;

	for (j = 1; j <= n + 1 && good; j++) {
		size_t cur = j <= n && res[j] <= k ? res[j] : SIZE_MAX;
		if (cur < prev) {
			pending = 1;
			pend_end = j;
			pend_err = cur;
		} else if (cur > prev && pending) {
			pending = 0;
			good = got < nm && ms[got].end == pend_end && ms[got].errors == pend_err &&
			       naive_distance(p, m, t + ms[got].start, pend_end - ms[got].start) == pend_err;
			got++;
		}
		prev = cur;
	}
	good = good && got == nm;
	free(res);
	free(ms);
	return good;
}

static uint32_t *random_text(size_t n, unsigned alpha)
{
	uint32_t *t = malloc((n ? n : 1) * sizeof *t);
	size_t i;

	for (i = 0; i < n; i++)
		t[i] = 'a' + rnd() % alpha;
	return t;
}

static void test_fuzzy_basics(void)
{
	struct {
		const char *text, *pat;
		size_t k, count, start, end, errors;
		const char *name;
	} c[] = {
		{ "say hello world now", "hello world", 0, 1, 4, 15, 0, "exact" },
		{ "say hallo world now", "hello world", 1, 1, 4, 15, 1, "one substitution" },
		{ "say helllo world now", "hello world", 1, 1, 4, 16, 1, "one insertion" },
		{ "say helo world now", "hello world", 1, 1, 4, 14, 1, "one deletion" },
		{ "say hallo warld now", "hello world", 1, 0, 0, 0, 0, "two edits, k = 1: none" },
		{ "say hallo warld now", "hello world", 2, 1, 4, 15, 2, "two edits, k = 2" },
		{ "aaaaaaaa", "xyz", 0, 0, 0, 0, 0, "no match" },
		{ "naïve café 漢字 😀 done", "cafe 漢子 😀", 2, 1, 6, 15, 2, "UTF-8: code points" },
		{ "x", "x", 0, 1, 0, 1, 0, "one code point" },
	};
	size_t i;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		size_t n, m, nm;
		uint32_t *t = fuzzy_decode(S(c[i].text), &n), *p = fuzzy_decode(S(c[i].pat), &m);
		struct fuzzy_match *ms;

		nm = fuzzy_search(t, n, p, m, c[i].k, &ms);
		if (is_int((long long)nm, (long long)c[i].count, "fuzzy %s: count", c[i].name) && nm)
			ok(ms[0].start == c[i].start && ms[0].end == c[i].end &&
			   ms[0].errors == c[i].errors, "fuzzy %s: [%zu, %zu) with %zu errors",
			   c[i].name, ms[0].start, ms[0].end, ms[0].errors);
		ok(nm || !ms, "fuzzy %s: no array without matches", c[i].name);
		free(ms);
		free(t);
		free(p);
	}
	{
		uint32_t k[] = { 'k', 'i', 't', 't', 'e', 'n' }, s[] = { 's', 'i', 't', 't', 'i', 'n', 'g' };
		struct fuzzy_match *ms = (void *)1;

		is_int((long long)fuzzy_distance(k, 6, s, 7), 3, "distance kitten/sitting");
		is_int((long long)fuzzy_distance(k, 0, s, 7), 7, "distance from empty");
		is_int((long long)fuzzy_best(s, 7, k + 1, 3), 0, "best: 'itt' is in sitting");
		is_int((long long)fuzzy_best(s, 0, k, 6), 6, "best in an empty text");
		is_int((long long)fuzzy_search(s, 7, k, 0, 3, &ms), 0, "empty pattern matches nowhere");
		ok(ms == NULL, "empty pattern: no array");
	}
}

/* Patterns around the block size, planted with edits in random text. */
static void test_fuzzy_lengths(void)
{
	size_t lens[] = { 1, 2, 63, 64, 65, 127, 128, 129, 200, 1000 };
	size_t i;

	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		size_t m = lens[i], n = m * 3 + 500, at = 200, edits = m / 8, e, k = m / 4, nm, j;
		uint32_t *t = random_text(n, 26), *p = random_text(m, 26);
		struct fuzzy_match *ms;
		int found = 0;

		memcpy(t + at, p, m * sizeof *p);
		for (e = 0; e < edits; e++)
			t[at + 1 + e * 7 % (m - 1)] = '#'; /* substitutions, never the first */
		if (m == 1)
			t[at] = p[0] = '#';
		nm = fuzzy_search(t, n, p, m, k, &ms);
		for (j = 0; j < nm; j++)
			found |= ms[j].start == at && ms[j].end == at + m && ms[j].errors <= edits;
		ok(found, "pattern of %zu: planted copy found with its edits", m);
		for (j = 0; j < nm && ms[j].errors <= k; j++)
			;
		ok(j == nm, "pattern of %zu: every match within k = %zu", m, k);
		free(ms);
		ok(agrees_with_dp(t, n, p, m, k), "pattern of %zu: agrees with plain DP (k = %zu)", m, k);
		ok(agrees_with_dp(t, n, p, m, m / 2), "pattern of %zu: agrees with plain DP (k = %zu)", m, m / 2);
		free(t);
		free(p);
	}
	/* Small alphabets make many overlapping candidates. */
	for (i = 0; i < 40; i++) {
		size_t m = 1 + rnd() % 150, n = 1 + rnd() % 600, k = rnd() % (m + 2);
		uint32_t *t = random_text(n, 2 + i % 4), *p = random_text(m, 2 + i % 4);
		if (!agrees_with_dp(t, n, p, m, k))
			ok(0, "random case %zu: m %zu n %zu k %zu", i, m, n, k);
		free(t);
		free(p);
	}
	ok(1, "40 random small-alphabet cases agree with plain DP");
}

/* ---- anchoring ------------------------------------------------------ */

/* An article from lines: "T:title", "#"s and a title for a section of
 * that depth, "C:" a code block, anything else a paragraph. */
static struct article *build(const char *const *spec)
{
	struct article *a = article_new();
	uint32_t stack[8], cur = ARTICLE_NONE, b;

	for (; *spec; spec++) {
		const char *l = *spec;
		if (strncmp(l, "T:", 2) == 0) {
			a->title = article_add_folded(a, S(l + 2));
		} else if (l[0] == '#') {
			size_t d = strspn(l, "#");
			cur = article_add_section(a, d > 1 ? stack[d - 2] : ARTICLE_NONE);
			stack[d - 1] = cur;
			a->sections[cur].title = article_add_folded(a, S(l + d));
		} else if (strncmp(l, "C:", 2) == 0) {
			b = article_add_block(a, cur, BLOCK_CODE);
			a->blocks[b].text = article_add_plain(a, S(l + 2));
		} else {
			b = article_add_block(a, cur, BLOCK_PARAGRAPH);
			a->blocks[b].text = article_add_markup(a, S(l));
		}
	}
	article_finish(a);
	return a;
}

/* The range from (sec, blk, off) to (esec, eblk, eoff), code points. */
static struct text_range range_at(const struct article *a, const char *sec, uint32_t blk,
                                  uint32_t off, const char *esec, uint32_t eblk, uint32_t eoff)
{
	struct hl_pos s = { (char *)sec, blk, off }, e = { (char *)esec, eblk, eoff };
	struct text_range r = { 0, 0, 0, 0 };

	if (!anchor_pos_to_unit(a, &s, &r.su, &r.sb) || !anchor_pos_to_unit(a, &e, &r.eu, &r.eb))
		ok(0, "range_at: %s/%u/%u - %s/%u/%u resolves", sec, blk, off, esec, eblk, eoff);
	return r;
}

/* The text a placement covers, read from the article's units. */
static char *placed_text(const struct article *a, const struct hl_place *at)
{
	struct strbuf sb = STRBUF_INIT;
	uint32_t u;

	for (u = at->su; u <= at->eu; u++) {
		struct text_ref r = article_unit_text(a, u);
		uint32_t from = u == at->su ? at->sb : 0, to = u == at->eu ? at->eb : r.len;
		strbuf_add(&sb, article_str(a, r) + from, to - from);
		if (u < at->eu)
			strbuf_addch(&sb, '\n');
	}
	return strbuf_detach(&sb, NULL);
}

static void hl_free(struct highlight *h)
{
	free(h->start.section);
	free(h->end.section);
	free(h->exact);
	free(h->prefix);
	free(h->suffix);
	memset(h, 0, sizeof *h);
}

/* A copy of the stored fields, to prove anchor_place leaves them alone. */
struct snap {
	struct highlight h;
	char *str[5];
};

static void snap_take(struct snap *s, const struct highlight *h)
{
	const char *src[5] = { h->start.section, h->end.section, h->exact, h->prefix, h->suffix };
	int i;

	s->h = *h;
	for (i = 0; i < 5; i++)
		s->str[i] = strdup(src[i]);
}

static int snap_same(struct snap *s, const struct highlight *h)
{
	const char *now[5] = { h->start.section, h->end.section, h->exact, h->prefix, h->suffix };
	const char *ptr[5] = { s->h.start.section, s->h.end.section, s->h.exact, s->h.prefix, s->h.suffix };
	int i, same = s->h.start.block == h->start.block && s->h.start.offset == h->start.offset &&
	              s->h.end.block == h->end.block && s->h.end.offset == h->end.offset;

	for (i = 0; i < 5; i++) {
		same = same && now[i] == ptr[i] && strcmp(now[i], s->str[i]) == 0;
		free(s->str[i]);
	}
	return same;
}

/* Describe a range in article a, then place the highlight in article b:
 * checks the rung, the stored fields, and the text found; returns where
 * it was placed. */
static struct hl_place check_place(const char *name, const struct article *a, struct text_range r,
                        const struct article *b, enum anchor_rung want, const char *want_text)
{
	struct anchor_text *ta = anchor_text_new(a), *tb = anchor_text_new(b);
	struct highlight h;
	struct snap s;
	struct hl_place at;
	enum anchor_rung got;

	memset(&h, 0, sizeof h);
	anchor_describe(ta, r, &h);
	snap_take(&s, &h);
	got = anchor_place(tb, &h);
	is_int(got, want, "%s: rung", name);
	ok(snap_same(&s, &h), "%s: stored fields unchanged", name);
	if (want == ANCHOR_ORPHAN) {
		ok(!h.at.placed, "%s: not placed", name);
	} else if (ok(h.at.placed, "%s: placed", name)) {
		char *txt = placed_text(b, &h.at);
		is_str(txt, want_text, "%s: text found", name);
		ok(b->units[h.at.su].kind == UNIT_BLOCK && b->units[h.at.eu].kind == UNIT_BLOCK,
		   "%s: both ends in blocks", name);
		free(txt);
	}
	at = h.at;
	hl_free(&h);
	anchor_text_free(ta);
	anchor_text_free(tb);
	return at;
}

static const char *const base[] = {
	"T:Anchoring test",
	"#Intro",
	"The reader keeps notes in the terminal.",
	"Highlights must survive edits to the artcile text, such as typos fixed.",
	"A second paragraph about nothing in particular.",
	"#Middle",
	"The quick brown fox jumps over the lazy dog near the river bank.",
	"Quiet lines of text wait for a reader to return and find them.",
	"#Last",
	"Nothing lasts forever, but notes should come close to it.",
	NULL,
};

static void test_ladder(void)
{
	static const char *const inserted[] = {
		"T:Anchoring test", "#Intro", "A new first paragraph, written later.",
		"The reader keeps notes in the terminal.",
		"Highlights must survive edits to the artcile text, such as typos fixed.",
		"A second paragraph about nothing in particular.", "#Middle",
		"Inserted before the fox.",
		"The quick brown fox jumps over the lazy dog near the river bank.",
		"Quiet lines of text wait for a reader to return and find them.", "#Last",
		"Nothing lasts forever, but notes should come close to it.", NULL,
	};
	static const char *const fixed[] = {
		"T:Anchoring test", "#Intro", "The reader keeps notes in the terminal.",
		"Highlights must survive edits to the article text, such as typos fixed.",
		"A second paragraph about nothing in particular.", "#Middle",
		"The quick brown fox jumps over the lazy dog near the river bank.",
		"Quiet lines of text wait for a reader to return and find them.", "#Last",
		"Nothing lasts forever, but notes should come close to it.", NULL,
	};
	static const char *const moved[] = {
		"T:Anchoring test", "#Intro", "The reader keeps notes in the terminal.",
		"Highlights must survive edits to the artcile text, such as typos fixed.",
		"A second paragraph about nothing in particular.", "#Last",
		"Nothing lasts forever, but notes should come close to it.", "#Middle",
		"The quick brown fox jumps over the lazy dog near the river bank.",
		"Quiet lines of text wait for a reader to return and find them.", NULL,
	};
	static const char *const deleted[] = {
		"T:Anchoring test", "#Intro", "The reader keeps notes in the terminal.",
		"Highlights must survive edits to the artcile text, such as typos fixed.",
		"A second paragraph about nothing in particular.", "#Last",
		"Nothing lasts forever, but notes should come close to it.", NULL,
	};
	struct article *a = build(base), *ins = build(inserted), *fix = build(fixed);
	struct article *mov = build(moved), *del = build(deleted);
	struct text_range fox = range_at(a, "2", 0, 4, "2", 0, 43);
	struct text_range typo = range_at(a, "1", 1, 16, "1", 1, 49);
	struct text_range span = range_at(a, "1", 1, 51, "1", 2, 8);
	struct hl_place at;

	check_place("unchanged", a, fox, a, ANCHOR_POSITION, "quick brown fox jumps over the lazy dog");
	at = check_place("paragraph inserted before", a, fox, ins, ANCHOR_EXACT,
	                 "quick brown fox jumps over the lazy dog");
	ok(at.su == article_block_unit(ins, ins->sections[1].block_first + 1) && at.sb == 4 &&
	   at.eu == at.su && at.eb == 43, "inserted before: the new place, block 1 of section 2");
	check_place("typo fixed inside", a, typo, fix, ANCHOR_FUZZY, "survive edits to the article text");
	{
		/* A word misspelt at the edge of a passage: the match takes the
		 * whole word, never part of it. */
		static const char *const siesta[] = {
			"T:Siesta", "#Uno", "Comió. Después durmió la siesta. Luego leyó.", NULL,
		};
		static const char *const sietsa[] = {
			"T:Siesta", "#Uno", "Comió. Después durmió la sietsa larga. Luego leyó.", NULL,
		};
		struct article *s1 = build(siesta), *s2 = build(sietsa);
		struct text_range r = range_at(s1, "1", 0, 7, "1", 0, 32);
		check_place("a word misspelt at the edge", s1, r, s2, ANCHOR_FUZZY,
		            "Después durmió la sietsa");
		article_free(s1);
		article_free(s2);
	}
	check_place("section moved", a, fox, mov, ANCHOR_EXACT, "quick brown fox jumps over the lazy dog");
	check_place("section deleted", a, fox, del, ANCHOR_ORPHAN, NULL);
	check_place("two blocks, unchanged", a, span, a, ANCHOR_POSITION,
	            "such as typos fixed.\nA second");
	check_place("two blocks, paragraph inserted", a, span, ins, ANCHOR_EXACT,
	            "such as typos fixed.\nA second");
	check_place("two blocks, same-length typo fixed before", a, span, fix, ANCHOR_POSITION,
	            "such as typos fixed.\nA second");

	/* What describe stores. */
	{
		struct anchor_text *ta = anchor_text_new(a);
		struct highlight h;

		memset(&h, 0, sizeof h);
		anchor_describe(ta, fox, &h);
		is_str(h.start.section, "2", "describe: start section");
		ok(h.start.block == 0 && h.start.offset == 4 && h.end.block == 0 && h.end.offset == 43,
		   "describe: start 0/4, end 0/43");
		is_str(h.prefix, "thing in particular.\nMiddle\nThe ", "describe: prefix crosses units");
		is_str(h.suffix, " near the river bank.\nQuiet line", "describe: suffix of 32");
		anchor_describe(ta, fox, &h); /* again: the old strings are freed */
		ok(h.at.placed && h.at.su == fox.su && h.at.eb == fox.eb, "describe: sets at");
		hl_free(&h);
		anchor_text_free(ta);
	}
	article_free(a);
	article_free(ins);
	article_free(fix);
	article_free(mov);
	article_free(del);
}

static void test_repeats(void)
{
	static const char *const cats[] = {
		"T:Cats", "#Cats", "First: the cat sat here.", "Second: the cat sat here.",
		"Third: the cat sat here.", NULL,
	};
	static const char *const cats2[] = {
		"T:Cats", "#Cats", "Zeroth: the cat sat here.", "First: the cat sat here.",
		"Second: the cat sat here.", "Third: the cat sat here.", NULL,
	};
	struct strbuf p = STRBUF_INIT, q = STRBUF_INIT;
	struct article *a = build(cats), *b = build(cats2), *c, *d;
	struct hl_place at;
	int i;

	/* The stored place now holds "Second: ...", nearer than the right one. */
	at = check_place("repeated quote, context decides", a, range_at(a, "1", 2, 7, "1", 2, 18), b,
	                 ANCHOR_EXACT, "the cat sat");
	ok(at.su == article_block_unit(b, 3) && at.sb == 7, "context decides: block 3, byte 7");

	/* A periodic paragraph: the same context everywhere in the middle. */
	for (i = 0; i < 40; i++)
		strbuf_addstr(&p, i ? " ab" : "ab");
	strbuf_addf(&q, "xyz %s", p.buf);
	{
		const char *s1[] = { "T:Periodic", "#P", p.buf, NULL }, *s2[] = { "T:Periodic", "#P", q.buf, NULL };
		c = build(s1);
		d = build(s2);
	}
	at = check_place("periodic text", c, range_at(c, "1", 0, 60, "1", 0, 62), d, ANCHOR_EXACT, "ab");
	is_int(at.sb, 61, "periodic: tie goes to the nearest occurrence (61, not 58 or 64)");
	article_free(a);
	article_free(b);
	article_free(c);
	article_free(d);
	strbuf_release(&p);
	strbuf_release(&q);
}

/* Approximate candidates: context outweighs the old position. And when
 * the stored section is gone, the old position is the end of the last
 * section numbered before it. */
static void test_scoring(void)
{
	static const char *const f1[] = {
		"T:Colours", "#Sea", "Alpha says: colour of the sea is deep blue, he wrote.",
		"Beta notes: colour of the sea is deep blue, she said.", NULL,
	};
	static const char *const f2[] = {
		"T:Colours", "#Sea", "Beta notes: color of the sea is deep blue, she said.",
		"Alpha says: color of the sea is deep blue, he wrote.", NULL,
	};
	static const char *const g1[] = {
		"T:Fruit", "#Apple", "repeat this line", "#Berry", "something else",
		"#Cocoa", "repeat this line", NULL,
	};
	static const char *const g2[] = {
		"T:Fruit", "#Apple", "repeat this line", "#Berry", "repeat this line", NULL,
	};
	struct article *a = build(f1), *b = build(f2), *c = build(g1), *d = build(g2);
	struct hl_place at;

	at = check_place("two fuzzy candidates", a, range_at(a, "1", 1, 12, "1", 1, 42), b,
	                 ANCHOR_FUZZY, "color of the sea is deep blue");
	ok(at.su == article_block_unit(b, 0),
	   "two fuzzy candidates: the one after 'Beta notes: ', not the one at the old place");
	at = check_place("section gone, quote twice", c, range_at(c, "3", 0, 0, "3", 0, 16), d,
	                 ANCHOR_EXACT, "repeat this line");
	ok(at.su == article_block_unit(d, 1),
	   "equal context: nearest to the end of section 2, the last before 3");
	article_free(a);
	article_free(b);
	article_free(c);
	article_free(d);
}

static void test_unicode(void)
{
	static const char *const u1[] = {
		"T:Unicode", "#Scripts",
		"漢字かな交じり文 and emoji 😀👍🏽 then cafe\xcc\x81 with a combining accent.",
		"Sep", NULL,
	};
	static const char *const u2[] = {
		"T:Unicode", "#Scripts", "Now a paragraph comes first.",
		"漢字かな交じり文 and emoji 😀👍🏽 then cafe\xcc\x81 with a combining accent.",
		"Sep", NULL,
	};
	static const char *const u3[] = {
		"T:Unicode", "#Scripts",
		"漢字かな交じり文 and emoji 😃👍🏽 then cafe\xcc\x81 with a combining accent.",
		"Sep", NULL,
	};
	struct article *a = build(u1), *b = build(u2), *c = build(u3);
	struct text_range cjk = range_at(a, "1", 0, 4, "1", 0, 22);
	struct text_range comb = range_at(a, "1", 0, 28, "1", 0, 38);
	struct anchor_text *ta = anchor_text_new(a);
	struct highlight h;

	memset(&h, 0, sizeof h);
	anchor_describe(ta, cjk, &h);
	is_str(h.exact, "交じり文 and emoji 😀👍🏽", "CJK and emoji: quote by code points");
	is_str(h.prefix, "Unicode\nScripts\n漢字かな", "CJK: prefix from the start of the stream");
	ok(h.start.offset == 4 && h.end.offset == 22, "CJK: offsets in code points");
	hl_free(&h);
	anchor_describe(ta, comb, &h);
	is_str(h.exact, "cafe\xcc\x81 with", "combining mark counts as a code point");
	hl_free(&h);
	anchor_text_free(ta);
	check_place("CJK, paragraph inserted", a, cjk, b, ANCHOR_EXACT, "交じり文 and emoji 😀👍🏽");
	check_place("emoji changed", a, cjk, c, ANCHOR_FUZZY, "交じり文 and emoji 😃👍🏽");
	check_place("combining, paragraph inserted", a, comb, b, ANCHOR_EXACT, "cafe\xcc\x81 with");
	article_free(a);
	article_free(b);
	article_free(c);
}

static void test_separators(void)
{
	static const char *const s1[] = { "T:Seps", "#Head", "Xbc def ghi jkl", "C:one\ntwo", NULL };
	static const char *const s2[] = { "T:Seps", "#Head", "bc def ghi jkl", "C:zero", "C:one\ntwo", NULL };
	struct article *a = build(s1), *b = build(s2);
	struct anchor_text *tb = anchor_text_new(b);
	struct highlight h;

	check_place("match starting on a separator", a, range_at(a, "1", 0, 0, "1", 0, 15), b,
	            ANCHOR_FUZZY, "bc def ghi jkl");
	check_place("newline inside a code block", a, range_at(a, "1", 1, 1, "1", 1, 7), b,
	            ANCHOR_EXACT, "ne\ntwo");
	check_place("quote ending in a code block's newline", a, range_at(a, "1", 1, 0, "1", 1, 4), b,
	            ANCHOR_EXACT, "one\n");
	memset(&h, 0, sizeof h);
	is_int(anchor_place(tb, &h), ANCHOR_ORPHAN, "empty highlight: orphan");
	ok(!h.at.placed, "empty highlight: not placed");
	anchor_text_free(tb);
	article_free(a);
	article_free(b);
}

static void test_positions(void)
{
	static const char *const spec[] = {
		"T:Positions", "#One", "plain ascii", "C:code\nwith lines", "#Two", "##Two one",
		"漢字 😀 e\xcc\x81", "", "#Three", NULL,
	};
	struct article *a = build(spec);
	size_t b, bad = 0, count = 0;
	struct hl_pos p;
	uint32_t u, by;

	for (b = 0; b < a->nblocks; b++) {
		uint32_t unit = article_block_unit(a, (uint32_t)b), i = 0;
		struct text_ref r = a->blocks[b].text;

		for (;;) {
			anchor_unit_to_pos(a, unit, i, &p);
			if (!anchor_pos_to_unit(a, &p, &u, &by) || u != unit || by != i)
				bad++;
			count++;
			free(p.section);
			if (i >= r.len)
				break;
			i += (uint32_t)text_cp_to_byte(article_str(a, r) + i, r.len - i, 1);
		}
	}
	ok(bad == 0 && count == 37, "position round trips at every code point of every block (%zu)", count);
	anchor_unit_to_pos(a, article_block_unit(a, 2), 7, &p);
	ok(strcmp(p.section, "2.1") == 0 && p.block == 0 && p.offset == 3,
	   "unit to pos: 2.1/0/3 in CJK text (%s/%u/%u)", p.section, p.block, p.offset);
	free(p.section);
	{
		struct hl_pos bad1 = { "9", 0, 0 }, bad2 = { "1", 2, 0 }, bad3 = { "1", 0, 12 };
		struct hl_pos bad4 = { NULL, 0, 0 }, bad5 = { "3", 0, 0 }, edge = { "1", 0, 11 };
		ok(!anchor_pos_to_unit(a, &bad1, &u, &by), "no section 9");
		ok(!anchor_pos_to_unit(a, &bad2, &u, &by), "no block 2 in section 1");
		ok(!anchor_pos_to_unit(a, &bad3, &u, &by), "offset past the end");
		ok(!anchor_pos_to_unit(a, &bad4, &u, &by), "no section at all");
		ok(!anchor_pos_to_unit(a, &bad5, &u, &by), "section without blocks");
		ok(anchor_pos_to_unit(a, &edge, &u, &by) && by == 11, "offset at the end resolves");
	}
	article_free(a);
}

/* Rung 1 reads the article's units, not the stream (which it no longer
 * builds): for ranges within a block and across two and three units
 * (a heading between), the describe of one anchoring text places in a
 * fresh one at the same spot; a quote changed by one byte, or with its
 * joining '\n' turned to a space, is not taken at its position. */
static void test_position_from_units(void)
{
	struct article *a = build(base);
	struct anchor_text *ta = anchor_text_new(a);
	uint32_t su, eu;
	int placed = 0, total = 0, refused = 0, tampered = 0;

	for (su = 0; su < a->nunits; su++) {
		if (a->units[su].kind != UNIT_BLOCK)
			continue;
		for (eu = su; eu < a->nunits && eu <= su + 3; eu++) {
			uint32_t slen = article_unit_text(a, su).len, elen = article_unit_text(a, eu).len;
			struct text_range r = { su, slen / 3, eu, eu == su ? slen / 2 + 1 : elen / 2 };
			struct anchor_text *tb;
			struct highlight h;
			char *nl;

			if (a->units[eu].kind != UNIT_BLOCK)
				continue;
			tb = anchor_text_new(a);
			memset(&h, 0, sizeof h);
			anchor_describe(ta, r, &h);
			total++;
			if (anchor_place(tb, &h) == ANCHOR_POSITION && h.at.su == r.su && h.at.sb == r.sb
			    && h.at.eu == r.eu && h.at.eb == r.eb)
				placed++;
			/* One byte different, at its end: no longer the position. */
			h.exact[strlen(h.exact) - 1] ^= 1;
			tampered++;
			refused += anchor_place(tb, &h) != ANCHOR_POSITION;
			h.exact[strlen(h.exact) - 1] ^= 1;
			if ((nl = strchr(h.exact, '\n')) != NULL) {
				*nl = ' ';
				tampered++;
				refused += anchor_place(tb, &h) != ANCHOR_POSITION;
			}
			hl_free(&h);
			anchor_text_free(tb);
		}
	}
	ok(total > 10, "%d ranges within and across units", total);
	is_int(placed, total, "each is placed at its position by rung 1, from the units");
	is_int(refused, tampered, "no changed quote (a byte, a joining newline) is taken there");
	anchor_text_free(ta);
	article_free(a);
}

int main(void)
{
	test_fuzzy_basics();
	test_fuzzy_lengths();
	test_ladder();
	test_repeats();
	test_scoring();
	test_unicode();
	test_separators();
	test_positions();
	test_position_from_units();
	return tap_done();
}
