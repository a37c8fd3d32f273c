/* Tests for search: folding, the index, finding forward and backward with
 * wrap-around, and the mapping of folded matches back to original bytes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/search.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "rng.h"
#include "tap.h"

/* --- folding --------------------------------------------------------- */

static void fold_is(const char *in, const char *want, const char *name)
{
	size_t n;
	char *got = search_fold(in, strlen(in), &n);

	is_str(got, want, "fold: %s", name);
	is_int((long long)n, (long long)strlen(want), "fold: %s: length", name);
	free(got);
}

static void test_fold(void)
{
	size_t n;
	char *s;

	fold_is("", "", "empty");
	fold_is("Hello, World! 123 [A-Z] @`{", "hello, world! 123 [a-z] @`{",
	        "ASCII lowered, punctuation next to the letters untouched");
	fold_is("THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG.",
	        "the quick brown fox jumps over the lazy dog.", "ASCII, longer than 8 bytes");
	fold_is("Straße ÉCOLE", "strasse ecole", "German sharp s, French capital accent");
	fold_is("ẞ", "ss", "capital sharp s");
	fold_is("Vocación", "vocacion", "Spanish, precomposed");
	fold_is("Vocacio\xcc\x81n", "vocacion", "Spanish, decomposed o + U+0301");
	fold_is("ÀÉÍÓÚÑÜ àéíóúñü ¿¡", "aeiounu aeiounu ¿¡", "Spanish letters, marks kept");
	fold_is("ΆΣΟΣ", "ασοσ", "Greek capitals with tonos");
	fold_is("άσος", "ασοσ", "Greek final sigma folds to sigma");
	fold_is("Ἀθῆναι", "αθηναι", "Greek polytonic");
	fold_is("ᾳ", "αι", "Greek ypogegrammeni becomes iota");
	/* Without a language, İ casefolds to i + U+0307 and the dot is a mark;
	 * dotless ı has no case mapping and stays; I is plain i (no Turkic rule). */
	fold_is("İstanbul", "istanbul", "Turkish dotted capital I");
	fold_is("ISPARTA ılık", "isparta ılık", "Turkish: I is i, dotless i stays");
	fold_is("ＡＢＣ ｘｙｚ １２３", "abc xyz 123", "fullwidth (NFKD)");
	fold_is("ｶﾞ", "カ", "halfwidth katakana and voiced mark");
	fold_is("ﬁ ﬂ ﬃ", "fi fl ffi", "Latin ligatures");
	fold_is("Æ ĳ Ǆ", "æ ij dz", "Æ has no decomposition; ĳ and Ǆ do");
	fold_is("K Å ſ µ ℠ ½", "k a s μ sm 1⁄2", "Kelvin, angstrom, long s, micro, compatibility");
	fold_is("日本語の文章、中文", "日本語の文章、中文", "CJK unchanged");
	fold_is("が", "か", "kana voicing mark is Mn and dropped");
	fold_is("한국", "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x80\xe1\x85\xae\xe1\x86\xa8",
	        "Hangul decomposes to jamo (NFKD)");
	fold_is("😀 👍🏽 👨‍👩‍👧", "😀 👍🏽 👨‍👩‍👧", "emoji, skin tone and ZWJ kept");
	fold_is("❤️", "❤", "emoji variation selector is Mn and dropped");
	fold_is("a\xffz", "a\xef\xbf\xbdz", "invalid byte is U+FFFD");
	fold_is("A\xc3", "a\xef\xbf\xbd", "truncated sequence is U+FFFD");
	fold_is("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd", "overlong encoding: one U+FFFD a byte");
	fold_is("x\xef\xbf\xbdY", "x\xef\xbf\xbdy", "a real U+FFFD stays");

	s = search_fold("A\0B", 3, &n);
	ok(n == 3 && memcmp(s, "a\0b", 4) == 0, "fold: embedded NUL kept, output NUL-terminated");
	free(s);
	s = search_fold("ABC", 2, NULL);
	is_str(s, "ab", "fold: only n bytes read; outlen may be NULL");
	free(s);

	/* Long input takes the cached path; it must agree with short folds. */
	{
		static const char *const parts[] = {
			"Straße ", "VOCACIÓN ", "e\xcc\x81", "ΆΣΟΣ ", "ﬃ", "日本",
			"\xff", "İ", "한", "ABCDEFGHIJKLMNOP ", "❤️",
		};
		struct strbuf in = STRBUF_INIT, want = STRBUF_INIT;
		size_t i, glen;
		char *got;
		for (i = 0; in.len < 20000; i++) {
			const char *p = parts[(i * 7) % (sizeof parts / sizeof *parts)];
			char *f = search_fold(p, strlen(p), &glen);
			strbuf_addstr(&in, p);
			strbuf_add(&want, f, glen);
			free(f);
		}
		got = search_fold(in.buf, in.len, &glen);
		ok(glen == want.len && memcmp(got, want.buf, glen) == 0,
		   "fold: 20 KB mixed text equals the concatenated folds of its pieces");
		free(got);
		strbuf_release(&in);
		strbuf_release(&want);
	}
}

/* Append code point c as UTF-8 (c <= U+10FFFF, no surrogates). */
static void add_cp(struct strbuf *sb, uint32_t c)
{
	char b[4];
	size_t n;

	if (c < 0x80) {
		b[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (c >> 18));
		b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	strbuf_add(sb, b, n);
}

/* Long input folds through per-code-point tables (filled on first use)
 * and an 8-byte ASCII loop; short input folds each code point on its
 * own. Every code point, met first and again, folds the same both ways. */
static void test_fold_tables(void)
{
	struct strbuf in = STRBUF_INIT, want = STRBUF_INIT;
	size_t glen, bad = 0, k;
	uint32_t c, first_bad = 0;
	int pass;
	char *got;

	for (c = 0x80; c <= 0x10FFFF; c++) {
		struct strbuf one = STRBUF_INIT;
		char *f;
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		if (c > 0x2FFFF && c < 0xE0000 && (c & 0xFF) != 0x41)
			continue; /* unassigned planes: a sample */
		add_cp(&one, c);
		f = search_fold(one.buf, one.len, &glen);
		for (pass = 0; pass < 2; pass++) {
			strbuf_add(&in, one.buf, one.len);
			strbuf_add(&want, f, glen);
			/* ASCII of every length between, with capitals. */
			for (k = 0; k < (c * 7 + (uint32_t)pass) % 11; k++) {
				strbuf_addch(&in, (char)('A' + (c + k) % 26));
				strbuf_addch(&want, (char)('a' + (c + k) % 26));
			}
		}
		free(f);
		strbuf_release(&one);
	}
	got = search_fold(in.buf, in.len, &glen);
	if (glen != want.len || memcmp(got, want.buf, glen) != 0) {
		for (k = 0; k < glen && k < want.len && got[k] == want.buf[k]; k++)
			;
		bad = 1;
		first_bad = (uint32_t)k;
	}
	ok(!bad, "fold: every code point, twice, in long text folds as on its own%s (at %u)",
	   bad ? " NOT" : "", (unsigned)first_bad);
	free(got);

	/* A non-ASCII byte (valid or not) at every offset of an 8-byte word. */
	strbuf_reset(&in);
	strbuf_reset(&want);
	for (k = 0; in.len < 8192; k++) {
		static const char *const odd[] = { "\xc3\x89", "\xff", "\xe2\x80\xa6", "\xf0\x9d\x90\x80" };
		static const char *const odd_f[] = { "e", "\xef\xbf\xbd", "...", "a" };
		size_t j;
		for (j = 0; j < k % 17; j++) {
			strbuf_addch(&in, (char)('Z' - j % 26));
			strbuf_addch(&want, (char)('z' - j % 26));
		}
		strbuf_addstr(&in, odd[k % 4]);
		strbuf_addstr(&want, odd_f[k % 4]);
	}
	got = search_fold(in.buf, in.len, &glen);
	ok(glen == want.len && memcmp(got, want.buf, glen) == 0,
	   "fold: ASCII words broken by non-ASCII at every offset");
	free(got);
	strbuf_release(&in);
	strbuf_release(&want);
}

/* --- articles -------------------------------------------------------- */

/* An article from a title and a list of entries: "# text" starts a
 * top-level section, "## text" a subsection of the last one, "``` text"
 * is a code block, anything else a paragraph. */
static struct article *mk(const char *title, const char *const *e, size_t ne)
{
	struct article *a = article_new();
	uint32_t sec = ARTICLE_NONE, top = ARTICLE_NONE;
	size_t i;

	a->title = article_add_folded(a, title, strlen(title));
	for (i = 0; i < ne; i++) {
		const char *t = e[i];
		uint32_t b;
		if (strncmp(t, "## ", 3) == 0) {
			sec = article_add_section(a, top);
			a->sections[sec].title = article_add_folded(a, t + 3, strlen(t + 3));
		} else if (strncmp(t, "# ", 2) == 0) {
			sec = top = article_add_section(a, ARTICLE_NONE);
			a->sections[sec].title = article_add_folded(a, t + 2, strlen(t + 2));
		} else if (strncmp(t, "``` ", 4) == 0) {
			b = article_add_block(a, sec, BLOCK_CODE);
			a->blocks[b].text = article_add_plain(a, t + 4, strlen(t + 4));
		} else {
			b = article_add_block(a, sec, BLOCK_PARAGRAPH);
			a->blocks[b].text = article_add_markup(a, t, strlen(t));
		}
	}
	article_finish(a);
	return a;
}

/* Find with a pattern given unfolded, as the prompt would. */
static bool find(struct search_index *ix, const char *typed, uint32_t unit, uint32_t byte,
                 bool forward, struct search_match *m, bool *wrapped)
{
	size_t plen;
	char *pat = search_fold(typed, strlen(typed), &plen);
	bool r = search_find(ix, pat, plen, unit, byte, forward, m, wrapped);

	free(pat);
	return r;
}

static size_t unit_matches(struct search_index *ix, const char *typed, uint32_t unit,
                           struct search_match **out)
{
	size_t plen, n;
	char *pat = search_fold(typed, strlen(typed), &plen);

	n = search_unit_matches(ix, pat, plen, unit, out);
	free(pat);
	return n;
}

/* The original text of match m, for messages and checks. */
static char *match_text(const struct article *a, const struct search_match *m)
{
	struct text_ref r = article_unit_text(a, m->unit);

	return strndup(article_str(a, r) + m->start, m->end - m->start);
}

static void expect(const struct article *a, bool got, const struct search_match *m,
                   bool wrapped, uint32_t unit, uint32_t start, uint32_t end,
                   bool want_wrap, const char *name)
{
	char *t = got ? match_text(a, m) : NULL;

	if (!ok(got && m->unit == unit && m->start == start && m->end == end &&
	        wrapped == want_wrap, "%s", name)) {
		if (got)
			printf("#   got:  unit %u [%u, %u) '%s'%s\n", m->unit, m->start, m->end,
			       t, wrapped ? " wrapped" : "");
		else
			printf("#   got:  no match\n");
		printf("#   want: unit %u [%u, %u)%s\n", unit, start, end, want_wrap ? " wrapped" : "");
	}
	free(t);
}

static void test_find(void)
{
	/* units: 0 title, 1 heading "Straße und Weg", 2 para, 3 para,
	 * 4 heading "Résumé", 5 para, 6 code, 7 heading "ＡＢＣ ﬁnal" */
	static const char *const e[] = {
		"# Straße und Weg",
		"Die STRASSE ist lang. Eine *Straße*.",
		"Nothing here.",
		"# Résumé",
		"Un résumé, un RESUME, un re\xcc\x81sume\xcc\x81.",
		"``` int strasse;\nint x;",
		"## ＡＢＣ ﬁnal",
	};
	struct article *a = mk("La Vocación.", e, sizeof e / sizeof *e);
	struct search_index *ix = search_index_new(a);
	struct search_match m = { 0, 0, 0 };
	bool w = true, got;

	is_int((long long)a->nunits, 8, "article: 8 units");

	got = find(ix, "vocacion", 0, 0, true, &m, &w);
	expect(a, got, &m, w, 0, 3, 12, false, "find: 'vocacion' in the title, exact bytes of 'Vocación'");
	got = find(ix, "VOCACIÓN.", 0, 0, true, &m, &w);
	expect(a, got, &m, w, 0, 3, 13, false, "find: typed with case and accent");
	got = find(ix, "strasse", 0, 0, true, &m, &w);
	expect(a, got, &m, w, 1, 0, 7, false, "find: 'strasse' in a heading covers 'Straße'");
	got = find(ix, "ss", 1, 0, true, &m, &w);
	expect(a, got, &m, w, 1, 4, 6, false, "find: 'ss' maps to the ß");
	got = find(ix, "s", 1, 1, true, &m, &w);
	expect(a, got, &m, w, 1, 4, 6, false, "find: 's' (half a ß) maps to the whole ß");
	got = find(ix, "se", 1, 0, true, &m, &w);
	expect(a, got, &m, w, 1, 4, 7, false, "find: match starting inside ß widens to it");
	got = find(ix, "ss", 1, 5, true, &m, &w);
	expect(a, got, &m, w, 2, 8, 10, false, "find: from inside the ß, the next unit's 'SS'");
	got = find(ix, "ss", 1, 4, true, &m, &w);
	expect(a, got, &m, w, 1, 4, 6, false, "find: at the match start finds it (at or after)");
	got = find(ix, "strasse", 2, 5, true, &m, &w);
	expect(a, got, &m, w, 2, 27, 34, false, "find: forward within a unit, past inline markup");
	got = find(ix, "resume", 4, 0, true, &m, &w);
	expect(a, got, &m, w, 4, 0, 8, false, "find: heading 'Résumé'");
	got = find(ix, "resume", 5, 4, true, &m, &w);
	expect(a, got, &m, w, 5, 16, 22, false, "find: 'RESUME' after skipping 'résumé'");
	got = find(ix, "resume", 5, 17, true, &m, &w);
	expect(a, got, &m, w, 5, 27, 37, false,
	       "find: decomposed match ends after its trailing combining mark");
	got = find(ix, "resum", 5, 17, true, &m, &w);
	expect(a, got, &m, w, 5, 27, 34, false, "find: partial, the next letter's mark excluded");
	got = find(ix, "e", 5, 29, true, &m, &w);
	expect(a, got, &m, w, 5, 34, 37, false, "find: 'e' with its mark, from the first one's mark");
	got = find(ix, "int strasse", 0, 0, true, &m, &w);
	expect(a, got, &m, w, 6, 0, 11, false, "find: in a code block");
	got = find(ix, "abc", 0, 0, true, &m, &w);
	expect(a, got, &m, w, 7, 0, 9, false, "find: fullwidth heading, whole characters");
	got = find(ix, "INT X", 0, 0, true, &m, &w);
	expect(a, got, &m, w, 6, 13, 18, false, "find: on the second line of code");
	got = find(ix, "inal", 7, 0, true, &m, &w);
	expect(a, got, &m, w, 7, 10, 16, false, "find: starting inside the ﬁ ligature takes it whole");

	/* wrap-around forward */
	got = find(ix, "vocacion", 0, 4, true, &m, &w);
	expect(a, got, &m, w, 0, 3, 12, true, "find: forward past the only match wraps to it");
	got = find(ix, "strasse", 7, 0, true, &m, &w);
	expect(a, got, &m, w, 1, 0, 7, true, "find: forward from the last unit wraps to the first");
	got = find(ix, "la", UINT32_MAX, 0, true, &m, &w);
	expect(a, got, &m, w, 0, 0, 2, true, "find: unit past the end means the end");

	/* backward */
	got = find(ix, "strasse", 2, 27, false, &m, &w);
	expect(a, got, &m, w, 2, 4, 11, false, "find: backward, strictly before the position");
	got = find(ix, "strasse", 2, 4, false, &m, &w);
	expect(a, got, &m, w, 1, 0, 7, false, "find: backward into the previous unit");
	got = find(ix, "strasse", 1, 0, false, &m, &w);
	expect(a, got, &m, w, 6, 4, 11, true, "find: backward from the first match wraps to the last");
	got = find(ix, "strasse", 1, 1, false, &m, &w);
	expect(a, got, &m, w, 1, 0, 7, false, "find: backward from inside a match finds it");
	got = find(ix, "vocacion", 0, 3, false, &m, &w);
	expect(a, got, &m, w, 0, 3, 12, true, "find: backward at the only match wraps to it");
	got = find(ix, "e", 5, 37, false, &m, &w);
	expect(a, got, &m, w, 5, 34, 37, false, "find: backward, decomposed 'e' with its mark");
	got = find(ix, "final", UINT32_MAX, 0, false, &m, &w);
	expect(a, got, &m, w, 7, 10, 16, false, "find: backward from the end, no wrap");

	/* no match */
	m.unit = 99;
	ok(!find(ix, "nowhere", 0, 0, true, &m, &w) && !w && m.unit == 99,
	   "find: not found is false, wrapped false, match untouched");
	ok(!find(ix, "nowhere", 3, 0, false, &m, &w) && !w, "find: not found backward");
	ok(!search_find(ix, "", 0, 0, 0, true, &m, &w) && !w, "find: empty pattern is false");
	ok(!search_find(ix, "la\0voc", 6, 0, 0, true, &m, NULL), "find: pattern with NUL is false");
	ok(find(ix, "weg", 0, 0, true, &m, NULL), "find: wrapped may be NULL");
	ok(!find(ix, "wegdie", 0, 0, true, &m, &w), "find: no match across two units");
	ok(!find(ix, "weg die", 0, 0, true, &m, &w), "find: units are not joined by a space");
	ok(!find(ix, "final.", 0, 0, true, &m, &w), "find: no match past the end of the last unit");

	search_index_free(ix);
	article_free(a);
}

static void test_unit_matches(void)
{
	static const char *const e[] = {
		"# Straße",
		"Die STRASSE ist lang. Eine Straße, strasse.",
		"ßßßß",
		"aaaa",
		"Un re\xcc\x81sume\xcc\x81 e\xcc\x81",
	};
	struct article *a = mk("Title", e, sizeof e / sizeof *e);
	struct search_index *ix = search_index_new(a);
	struct search_match *v = (struct search_match *)1;
	size_t n;

	n = unit_matches(ix, "strasse", 2, &v);
	ok(n == 3 && v[0].start == 4 && v[0].end == 11 && v[1].start == 27 && v[1].end == 34 &&
	   v[2].start == 36 && v[2].end == 43, "unit matches: three 'strasse', exact ranges");
	free(v);
	n = unit_matches(ix, "s", 1, &v);
	ok(n == 2 && v[0].start == 0 && v[0].end == 1 && v[1].start == 4 && v[1].end == 6,
	   "unit matches: 's' in 'Straße' is S and the ß once, not twice");
	free(v);
	n = unit_matches(ix, "sss", 3, &v);
	ok(n == 2 && v[0].start == 0 && v[0].end == 4 && v[1].start == 4 && v[1].end == 8,
	   "unit matches: 'sss' in 'ßßßß' twice, whole ß each, no overlap");
	free(v);
	n = unit_matches(ix, "aa", 4, &v);
	ok(n == 2 && v[0].start == 0 && v[1].start == 2, "unit matches: 'aa' in 'aaaa' twice");
	free(v);
	n = unit_matches(ix, "e", 5, &v);
	ok(n == 3 && v[0].start == 4 && v[0].end == 7 && v[1].start == 10 && v[1].end == 13 &&
	   v[2].start == 14 && v[2].end == 17, "unit matches: decomposed e take their marks");
	free(v);
	v = (struct search_match *)1;
	n = unit_matches(ix, "nowhere", 2, &v);
	ok(n == 0 && v == NULL, "unit matches: none gives 0 and NULL");
	v = (struct search_match *)1;
	n = search_unit_matches(ix, "", 0, 2, &v);
	ok(n == 0 && v == NULL, "unit matches: empty pattern gives 0 and NULL");
	n = unit_matches(ix, "title", 99, &v);
	ok(n == 0 && v == NULL, "unit matches: unit out of range gives 0");
	n = unit_matches(ix, "title", 0, &v);
	ok(n == 1 && v[0].unit == 0 && v[0].start == 0 && v[0].end == 5, "unit matches: title");
	free(v);
	n = unit_matches(ix, "strassedie", 1, &v);
	ok(n == 0 && v == NULL, "unit matches: the unit's end is not joined to the next");

	search_index_free(ix);
	article_free(a);
}

/* --- properties over random text -------------------------------------- */

static const char *const alphabet[] = {
	"a", "s", "S", "e", " ", "ß", "é", "e\xcc\x81", "\xcc\x81", "ﬁ", "f", "i",
	"İ", "Σ", "ς", "σ", "\xff", "日", "ＳＳ", "ẞ",
};
#define NALPHA (sizeof alphabet / sizeof *alphabet)

static void random_text(struct strbuf *sb, unsigned len)
{
	unsigned i;

	strbuf_reset(sb);
	for (i = 0; i < len; i++)
		strbuf_addstr(sb, alphabet[rnd(NALPHA)]);
}

/* The oracle: every folded occurrence of pat (overlapping ones too) in
 * reading order, mapped to original bytes by folding each code point on
 * its own with search_fold. */
struct occ {
	uint32_t unit, start, end;
};

static size_t oracle(const struct article *a, const char *pat, size_t plen, struct occ **out)
{
	struct occ *v = NULL;
	size_t n = 0, cap = 0;
	uint32_t u;

	for (u = 0; plen > 0 && u < a->nunits; u++) {
		struct text_ref r = article_unit_text(a, u);
		const char *t = article_str(a, r);
		size_t ncp = 0, i = 0, j, fs;
		size_t *cb = malloc((r.len + 2) * sizeof *cb); /* cp byte starts */
		size_t *cf = malloc((r.len + 2) * sizeof *cf); /* their folded starts */
		struct strbuf f = STRBUF_INIT;
		while (i < r.len) {
			uint32_t uc;
			size_t fl;
			int k = text_decode(t + i, r.len - i, &uc);
			char *one = search_fold(t + i, (size_t)k, &fl);
			cb[ncp] = i;
			cf[ncp++] = f.len;
			strbuf_add(&f, one, fl);
			free(one);
			i += (size_t)k;
		}
		cb[ncp] = r.len;
		cf[ncp] = f.len;
		for (fs = 0; fs + plen <= f.len; fs++) {
			struct occ o = { u, 0, 0 };
			if (memcmp(f.buf + fs, pat, plen) != 0)
				continue;
			for (j = 0; cf[j + 1] <= fs; j++)
				;
			o.start = (uint32_t)cb[j];
			while (cf[j + 1] < fs + plen)
				j++;
			j++;
			while (j < ncp && cf[j + 1] == cf[j])
				j++; /* marks that fold away */
			o.end = (uint32_t)cb[j];
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				v = realloc(v, cap * sizeof *v);
			}
			v[n++] = o;
		}
		strbuf_release(&f);
		free(cb);
		free(cf);
	}
	*out = v;
	return n;
}

/* Compare search_find from every position of every unit, both ways, with
 * the oracle; returns the number of disagreements. */
static int check_against_oracle(const struct article *a, struct search_index *ix,
                                const char *pat, size_t plen)
{
	struct occ *o;
	size_t n = oracle(a, pat, plen, &o), i;
	int bad = 0;
	uint32_t u, byte;

	for (u = 0; u < a->nunits; u++) {
		uint32_t len = article_unit_text(a, u).len;
		for (byte = 0; byte <= len + 1; byte++) {
			struct search_match m;
			bool w, got, fw;
			const struct occ *want;
			bool want_wrap;
			for (fw = false; ; fw = true) {
				want = NULL;
				want_wrap = false;
				if (fw) {
					for (i = 0; i < n && !want; i++)
						if (o[i].unit > u || (o[i].unit == u && o[i].start >= byte))
							want = &o[i];
					if (!want && n) {
						want = &o[0];
						want_wrap = true;
					}
				} else {
					for (i = n; i-- > 0 && !want;)
						if (o[i].unit < u || (o[i].unit == u && o[i].start < byte))
							want = &o[i];
					if (!want && n) {
						want = &o[n - 1];
						want_wrap = true;
					}
				}
				got = search_find(ix, pat, plen, u, byte, fw, &m, &w);
				if (got != (want != NULL) ||
				    (got && (m.unit != want->unit || m.start != want->start ||
				             m.end != want->end || w != want_wrap))) {
					if (bad++ == 0)
						printf("# oracle: pat %s unit %u byte %u %s: got %d %u [%u,%u) w%d want %d\n", pat,
						       u, byte, fw ? "fwd" : "back", got, m.unit,
						       m.start, m.end, w, want ? (int)want->start : -1);
				}
				if (fw)
					break;
			}
		}
	}
	free(o);
	return bad;
}

/* For random units and patterns: every match's original text folds to
 * something holding the pattern; matches are in order and disjoint; a
 * forward chain from each match's end visits exactly the unit's matches;
 * a backward chain visits strictly decreasing positions. */
static void test_random(void)
{
	int round, bad_text = 0, bad_order = 0, bad_chain = 0, bad_back = 0, total = 0;
	int bad_oracle = 0;
	struct strbuf sb = STRBUF_INIT, pb = STRBUF_INIT;

	for (round = 0; round < 200; round++) {
		struct article *a = article_new();
		struct search_index *ix;
		uint32_t s, b, u, k;
		char *pat;
		size_t plen;

		random_text(&sb, 1 + rnd(12));
		a->title = article_add_plain(a, sb.buf, sb.len);
		s = article_add_section(a, ARTICLE_NONE);
		random_text(&sb, rnd(12));
		a->sections[s].title = article_add_plain(a, sb.buf, sb.len);
		for (k = 0; k < 3; k++) {
			b = article_add_block(a, s, BLOCK_CODE);
			random_text(&sb, rnd(40));
			a->blocks[b].text = article_add_plain(a, sb.buf, sb.len);
		}
		article_finish(a);
		ix = search_index_new(a);
		random_text(&pb, 1 + rnd(3));
		pat = search_fold(pb.buf, pb.len, &plen);

		bad_oracle += check_against_oracle(a, ix, pat, plen);
		for (u = 0; u < a->nunits; u++) {
			struct search_match *v, m;
			size_t n = search_unit_matches(ix, pat, plen, u, &v), i;
			struct text_ref r = article_unit_text(a, u);
			bool w, got;
			total += (int)n;
			for (i = 0; i < n; i++) {
				size_t fl;
				char *f = search_fold(article_str(a, r) + v[i].start,
				                      v[i].end - v[i].start, &fl);
				if (!memmem(f, fl, pat, plen))
					bad_text++;
				free(f);
				if (v[i].unit != u || v[i].start >= v[i].end || v[i].end > r.len ||
				    (i > 0 && v[i].start < v[i - 1].end))
					bad_order++;
			}
			/* forward chain within the unit */
			got = search_find(ix, pat, plen, u, 0, true, &m, &w);
			for (i = 0; i < n; i++) {
				if (!got || m.unit != u || m.start != v[i].start || m.end != v[i].end) {
					bad_chain++;
					break;
				}
				got = search_find(ix, pat, plen, u, m.end, true, &m, &w);
			}
			if (got && m.unit == u && !w)
				bad_chain++;
			/* backward chain within the unit */
			got = search_find(ix, pat, plen, u, r.len + 1, false, &m, &w);
			for (i = 0; got && m.unit == u && !w && i < 100; i++) {
				uint32_t prev = m.start;
				got = search_find(ix, pat, plen, u, prev, false, &m, &w);
				if (got && m.unit == u && !w && m.start >= prev)
					bad_back++;
			}
			free(v);
		}
		free(pat);
		search_index_free(ix);
		article_free(a);
	}
	ok(total > 200, "random: enough matches to mean something (%d)", total);
	is_int(bad_text, 0, "random: each match's original text folds to hold the pattern");
	is_int(bad_order, 0, "random: matches in range, in order, disjoint");
	is_int(bad_chain, 0, "random: forward chain from each end visits the unit's matches");
	is_int(bad_back, 0, "random: backward chain moves strictly back");
	is_int(bad_oracle, 0, "random: find from every position agrees with a naive oracle");
	strbuf_release(&sb);
	strbuf_release(&pb);
}

/* A large article: many units, a far backward search, wrap both ways. */
static void test_large(void)
{
	struct article *a = article_new();
	struct search_index *ix;
	struct search_match m;
	uint32_t s, b, i, last;
	bool w, got;
	size_t count = 0;

	a->title = article_add_folded(a, "Big", 3);
	s = article_add_section(a, ARTICLE_NONE);
	a->sections[s].title = article_add_folded(a, "Body", 4);
	for (i = 0; i < 5000; i++) {
		const char *t = i == 17 ? "Un NEEDLE rare, una aguja." :
		                i == 4000 ? "Otra Agúja aquí." :
		                "Lorem ipsum dolor sit amet, consectetur adipiscing elit.";
		b = article_add_block(a, s, BLOCK_PARAGRAPH);
		a->blocks[b].text = article_add_markup(a, t, strlen(t));
	}
	article_finish(a);
	ix = search_index_new(a);
	last = (uint32_t)a->nunits - 1;

	got = find(ix, "aguja", last, 0, false, &m, &w);
	expect(a, got, &m, w, 2 + 4000, 5, 11, false, "large: backward across many units");
	got = find(ix, "aguja", 2 + 4000, 5, false, &m, &w);
	expect(a, got, &m, w, 2 + 17, 20, 25, false, "large: backward far (windows grow)");
	got = find(ix, "needle", 2 + 18, 0, true, &m, &w);
	expect(a, got, &m, w, 2 + 17, 3, 9, true, "large: forward wraps past 5000 units");
	got = find(ix, "needle", 2 + 17, 3, false, &m, &w);
	expect(a, got, &m, w, 2 + 17, 3, 9, true, "large: backward wraps from the end");
	/* count by chaining forward until wrap */
	got = find(ix, "elit", 0, 0, true, &m, &w);
	while (got && !w) {
		count++;
		got = find(ix, "elit", m.unit, m.end, true, &m, &w);
	}
	is_int((long long)count, 4998, "large: chained forward finds every match once");
	search_index_free(ix);
	article_free(a);
}

/* The search looks for the pattern's rarest byte first and hands over to
 * memmem when that byte proves common: both ways, matches at the very
 * start and end of the text, and decoys that share the rare byte. */
static void test_rare_bytes(void)
{
	struct article *a = article_new();
	struct search_index *ix;
	struct search_match m;
	struct strbuf t = STRBUF_INIT;
	uint32_t s, b, i;
	bool w, got;
	size_t count = 0;

	a->title = article_add_folded(a, "Quetzal first", 13);
	s = article_add_section(a, ARTICLE_NONE);
	a->sections[s].title = article_add_folded(a, "Body", 4);
	/* A unit thick with 'z' (the rarest byte of "quetzal"): memmem takes
	 * over, then finds the match after the decoys. */
	for (i = 0; i < 3000; i++)
		strbuf_addstr(&t, i % 3 ? "zz" : "quetza ");
	strbuf_addstr(&t, "QUETZAL in the end");
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, t.buf, t.len);
	/* A unit with a few decoys only. */
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, "q z quetza quetzal!", 19);
	/* The last unit ends with a match. */
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, "zq quetzal", 10);
	article_finish(a);
	ix = search_index_new(a);

	got = find(ix, "quetzal", 0, 0, true, &m, &w);
	expect(a, got, &m, w, 0, 0, 7, false, "rare bytes: a match at the very start");
	got = find(ix, "quetzal", 0, 1, true, &m, &w);
	expect(a, got, &m, w, 2, (uint32_t)t.len - 18, (uint32_t)t.len - 11, false,
	       "rare bytes: found after thousands of decoys (memmem took over)");
	got = find(ix, "quetzal", 2, (uint32_t)t.len - 10, true, &m, &w);
	expect(a, got, &m, w, 3, 11, 18, false, "rare bytes: after a few decoys");
	got = find(ix, "quetzal", 3, 12, true, &m, &w);
	expect(a, got, &m, w, 4, 3, 10, false, "rare bytes: a match at the very end");
	got = find(ix, "quetzal", 0, 0, true, &m, &w);
	while (got && !w) {
		count++;
		got = find(ix, "quetzal", m.unit, m.end, true, &m, &w);
	}
	is_int((long long)count, 4, "rare bytes: every match once, forward");
	got = find(ix, "zzzzzq", 0, 0, true, &m, &w);
	ok(!got, "rare bytes: absent pattern made of common decoys");
	got = find(ix, "zq", 3, 0, true, &m, &w);
	expect(a, got, &m, w, 4, 0, 2, false, "rare bytes: two-byte pattern at a unit's start");
	search_index_free(ix);
	article_free(a);
	strbuf_release(&t);
}

int main(void)
{
	test_fold();
	test_fold_tables();
	test_find();
	test_unit_matches();
	test_random();
	test_large();
	test_rare_bytes();
	return tap_done();
}
