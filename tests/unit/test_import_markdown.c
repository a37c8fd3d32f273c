/* The Markdown importer: every construct lands in the model as the rules
 * in import_markdown.c say, errors carry the right position, and hostile
 * input (deep nesting, libcmark's quadratic pattern) is quick. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/strbuf.h"
#include "tap.h"

static const char *const kind_name[] = { "P", "QUOTE", "LIST", "CODE", "ASIDE", "RULE" };

static void put_spans(struct strbuf *sb, const struct article *a, struct text_ref r)
{
	const struct span *sp = article_spans(a, r);
	uint32_t i;

	for (i = 0; i < r.span_count; i++) {
		strbuf_addf(sb, " [%u,%u)%s%s%s%s", sp[i].start, sp[i].end,
		            sp[i].attr & SPAN_EM ? "E" : "", sp[i].attr & SPAN_STRONG ? "S" : "",
		            sp[i].attr & SPAN_CODE ? "C" : "", sp[i].attr & SPAN_LINK ? "L" : "");
		if (sp[i].attr & SPAN_LINK)
			strbuf_addf(sb, "<%.*s>", (int)sp[i].url_len, a->arena + sp[i].url_off);
	}
}

/* Text with its spans: "text" [6,8)E [55,59)L<url>. */
static void put_ref(struct strbuf *sb, const struct article *a, struct text_ref r)
{
	strbuf_addch(sb, '"');
	strbuf_add(sb, article_str(a, r), r.len);
	strbuf_addch(sb, '"');
	put_spans(sb, a, r);
}

/* A block as one line: its kind, text and spans, label, and for a list
 * each item as LEVEL:MARK:TEXT, MARK "-" for a bullet, else its number. */
static const char *describe(const struct article *a, const struct block *b, struct strbuf *sb)
{
	uint32_t i;

	strbuf_reset(sb);
	if (!b)
		return "(no such block)";
	strbuf_addstr(sb, kind_name[b->kind]);
	if (b->kind == BLOCK_LIST) {
		const char *t = article_str(a, b->text);
		strbuf_addstr(sb, b->ordered ? " ordered" : "");
		for (i = 0; i < b->item_count; i++) {
			uint32_t from = a->items[b->item_first + i];
			uint32_t to = i + 1 < b->item_count ? a->items[b->item_first + i + 1] - 1
			                                     : b->text.len;
			const struct list_mark *mk = &a->item_marks[b->item_first + i];
			strbuf_addstr(sb, i ? " | " : " ");
			strbuf_addf(sb, "%u:", mk->level);
			if (mk->numbered)
				strbuf_addf(sb, "%u:", mk->number);
			else
				strbuf_addstr(sb, "-:");
			strbuf_add(sb, t + from, to - from);
		}
		put_spans(sb, a, b->text);
	} else if (b->kind != BLOCK_RULE) {
		strbuf_addch(sb, ' ');
		put_ref(sb, a, b->text);
	}
	if (b->label.len) {
		strbuf_addstr(sb, " by ");
		put_ref(sb, a, b->label);
	}
	return sb->buf;
}

static const struct section *sec(const struct article *a, const char *number)
{
	uint32_t i = article_find_section(a, number);
	return i == ARTICLE_NONE ? NULL : &a->sections[i];
}

/* Block i of the section numbered number ("0": the preamble). */
static const struct block *blk(const struct article *a, const char *number, uint32_t i)
{
	const struct section *s = sec(a, number);
	return s && i < s->block_count ? &a->blocks[s->block_first + i] : NULL;
}

/* Check the blocks of a section, one line each, and that there are no more. */
static void blocks_are(const struct article *a, const char *number, const char *const *want,
                       const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	const struct section *s = sec(a, number);
	uint32_t i, n = 0;

	while (want[n])
		n++;
	if (!ok(s != NULL, "%s: section %s exists", name, number))
		return;
	is_int(s->block_count, n, "%s: section %s has %u blocks", name, number, n);
	for (i = 0; i < n; i++)
		is_str(describe(a, blk(a, number, i), &sb), want[i], "%s: %s block %u", name, number, i);
	strbuf_release(&sb);
}

/* Check a section's title and depth. */
static void section_is(const struct article *a, const char *number, const char *title,
                       unsigned depth, const char *name)
{
	const struct section *s = sec(a, number);

	if (!ok(s != NULL, "%s: section %s exists", name, number))
		return;
	is_str(article_str(a, s->title), title, "%s: section %s title", name, number);
	is_int(s->depth, depth, "%s: section %s depth", name, number);
}

static char *fixture(const char *name, size_t *len)
{
	const char *dir = getenv("DATA");
	char path[4096];
	char *data;

	snprintf(path, sizeof path, "%s/markdown/%s", dir ? dir : "tests/data", name);
	if (loader_read_file(path, &data, len) != 0) {
		printf("# cannot read %s\n", path);
		return NULL;
	}
	return data;
}

static struct article *load(const char *name)
{
	struct load_error err;
	struct article *a = NULL;
	size_t len;
	char *data = fixture(name, &len);

	if (data)
		a = article_load_markdown(data, len, name, &err);
	if (!ok(a != NULL, "%s: loads", name) && data)
		printf("#   %lu:%lu: %s\n", err.line, err.column, err.message);
	free(data);
	return a;
}

static void fails(const char *name, const char *want)
{
	struct load_error err;
	struct article *a = NULL;
	char got[700];
	size_t len;
	char *data = fixture(name, &len);

	if (!data) {
		ok(0, "%s: read", name);
		return;
	}
	a = article_load_markdown(data, len, name, &err);
	free(data);
	if (a) {
		ok(0, "%s: refused (it loaded)", name);
		article_free(a);
		return;
	}
	snprintf(got, sizeof got, "%lu:%lu: %s", err.line, err.column, err.message);
	is_str(got, want, "%s: error", name);
}

/* ---- Inline content ---------------------------------------------------- */

static void test_inline(void)
{
	struct article *a = load("inline.md");
	static const char *const pre[] = {
		"P \"Before the title: kept in the preamble.\" [18,22)E",
		"P \"Plain em and em, strong and strong, both, code span, a link and "
		"https://auto.example/x, an email ana@example.org, <b>inline html</b>, & © — "
		"entities.\" [6,8)E [13,15)E [17,23)S [28,34)S [36,40)ES [42,51)C "
		"[55,59)L<https://example.org/a_(b%29> [64,86)L<https://auto.example/x> "
		"[97,112)L<mailto:ana@example.org>",
		"P \"Hard\nbreak and trailing-space hard\nbreak; soft break.\"",
		"P \"[image: A diagram]\"",
		"P \"[image: badge] and [image] and a `tick` b.\" [0,14)L<https://ci.example> "
		"[31,41)C",
		"P \"Markup characters as text: *not em*, a [bracket], back\\slash, and two "
		"spans.\" [66,75)E",
		"P \"em in link ref link strong link\" [0,2)EL<u> [2,10)L<u> "
		"[11,19)L<https://ref.example/path> [20,31)SL<s>",
		"P \"Separate code spans a b, x y and c\nd.\" [20,21)C [22,23)C [25,26)CL<u> "
		"[27,28)CL<v> [33,34)C [35,36)C",
		NULL
	};
	static const char *const first[] = { "P \"Body.\"", NULL };

	if (!a)
		return;
	is_str(article_str(a, a->title), "The Inline Tour", "inline: title from the first heading, folded");
	is_int(a->nsections, 2, "inline: the title heading is no section");
	ok(a->sections[0].preamble, "inline: section 0 is the preamble");
	blocks_are(a, "0", pre, "inline");
	section_is(a, "1", "First section", 1, "inline");
	blocks_are(a, "1", first, "inline");
	article_free(a);
}

/* ---- Headings ---------------------------------------------------------- */

static void test_headings(void)
{
	struct article *a = load("headings.md");
	static const char *const pre[] = {
		"P \"Intro paragraph, before any heading.\"", "P \"one text\"", NULL
	};
	static const char *const s3[] = {
		"P \"After the empty heading: still in the section before it.\"", NULL
	};

	if (!a)
		return;
	is_str(article_str(a, a->title), "Setext One", "headings: a setext level-1 heading is the title");
	blocks_are(a, "0", pre, "headings");
	section_is(a, "1", "Three with no open heading", 1, "headings");
	section_is(a, "2", "Setext Two", 1, "headings");
	is_int(sec(a, "2")->block_count, 0, "headings: a section may be empty");
	section_is(a, "3", "ATX two with code and link and [image: pic]", 1, "headings");
	blocks_are(a, "3", s3, "headings");
	section_is(a, "3.1", "Four", 2, "headings");
	section_is(a, "3.1.1", "Five", 3, "headings");
	section_is(a, "3.1.1.1", "Six", 4, "headings");
	section_is(a, "4", "Second top level", 1, "headings");
	section_is(a, "4.1", "Jump from one to three", 2, "headings");
	section_is(a, "4.2", "Two under second", 2, "headings");
	is_int(a->nsections, 10, "headings: the empty heading makes no section");
	article_free(a);

	a = load("h2-first.md");
	if (!a)
		return;
	is_str(article_str(a, a->title), "h2-first", "h2-first: a level-1 heading after another is no title");
	section_is(a, "1", "Intro first", 1, "h2-first");
	section_is(a, "2", "Later level one", 1, "h2-first");
	is_int(a->nsections, 2, "h2-first: no preamble");
	article_free(a);

	a = load("noheadings.md");
	if (!a)
		return;
	{
		static const char *const all[] = {
			"P \"Just a paragraph, over two lines.\"", "LIST 0:-:and a list",
			"QUOTE \"and a quote\"", NULL
		};
		is_str(article_str(a, a->title), "noheadings", "noheadings: title from the file name");
		is_int(a->nsections, 1, "noheadings: only the preamble");
		blocks_are(a, "0", all, "noheadings");
	}
	article_free(a);
}

/* ---- Front matter ------------------------------------------------------ */

static void test_front_matter(void)
{
	struct article *a = load("front.md");
	static const char *const body[] = {
		"P \"It is a section, since the front matter gave the title.\"", NULL
	};
	struct strbuf sb = STRBUF_INIT;

	if (a) {
		is_str(article_str(a, a->title), "Front *matter* title", "front: title, plain as in YAML");
		is_str(article_str(a, a->subtitle), "A subtitle", "front: subtitle");
		is_str(article_str(a, a->authors), "Ana Pérez, Bo", "front: authors");
		is_int((long long)a->nauthors, 2, "front: two authors");
		is_str(article_str(a, a->date), "2026-11-28", "front: date");
		is_str(article_str(a, a->lang), "pt-BR", "front: lang");
		is_str(article_str(a, a->id), "front-test", "front: id");
		is_str(article_str(a, a->source), "https://example.org/front", "front: source");
		put_ref(&sb, a, a->summary);
		is_str(sb.buf, "\"The summary.\" [4,11)E", "front: summary with markup");
		is_int(a->nsections, 1, "front: no preamble");
		section_is(a, "1", "A level-one heading", 1, "front");
		blocks_are(a, "1", body, "front");
		article_free(a);
	}
	strbuf_release(&sb);

	a = load("front-dots.md");
	if (a) {
		static const char *const b[] = { "P \"Body after dots.\"", NULL };
		is_str(article_str(a, a->title), "Dots", "front-dots: closed by '...'");
		blocks_are(a, "0", b, "front-dots");
		article_free(a);
	}
	a = load("front-empty.md");
	if (a) {
		is_str(article_str(a, a->title), "Heading title", "front-empty: title from the heading");
		article_free(a);
	}
	a = load("front-rule.md");
	if (a) {
		static const char *const b[] = {
			"RULE", "P \"Not front matter: a rule, then this paragraph.\"", NULL
		};
		is_str(article_str(a, a->title), "front-rule", "front-rule: no front matter");
		blocks_are(a, "0", b, "front-rule");
		article_free(a);
	}
	fails("front-unknown.md", "4:1: unknown key 'tittle' in front matter (did you mean 'title'?)");
	{
		/* An attribution on the quote's last line, no blank line before. */
		static const char q[] = "# Q\n\n> To be, or not to be.\n> \xE2\x80\x94 Shakespeare\n\n"
		                        "> *Styled*\n> \xE2\x80\x94 **Bold** Name\n";
		struct load_error e3;
		a = article_load_markdown(q, sizeof q - 1, "q.md", &e3);
		ok(a && a->nblocks == 2 &&
		   strcmp(article_str(a, a->blocks[0].text), "To be, or not to be.") == 0 &&
		   a->blocks[0].label.len == strlen("Shakespeare") &&
		   memcmp(article_str(a, a->blocks[0].label), "Shakespeare", 11) == 0 &&
		   a->blocks[1].label.len == 0,
		   "a quote's last line starting with a dash is its attribution; a styled one is not");
		article_free(a);
	}
	{
		/* The front matter's title said again by the first heading. */
		static const char twice[] = "---\ntitle: Same\n---\n# Same\n\nIntro.\n\n## Next\n";
		struct load_error e2;
		a = article_load_markdown(twice, sizeof twice - 1, "t.md", &e2);
		ok(a && a->nsections == 2 && a->sections[0].preamble &&
		   strcmp(article_str(a, a->sections[1].title), "Next") == 0,
		   "a first heading repeating the front matter's title is not a section");
		article_free(a);
	}
	{
		/* Other tools' keys are left to them, however they are shaped. */
		static const char src[] = "---\ntitle: Kept\nlayout: post\nname: x\n"
		                          "tags: [a, {b: [c]}]\ndraft: true\n---\nBody.\n";
		struct load_error err;
		a = article_load_markdown(src, sizeof src - 1, "t.md", &err);
		ok(a && a->title.len == 4, "front matter: keys of other tools are ignored");
		article_free(a);
	}
	fails("front-bad-date.md", "3:7: date '2026-13-45' is not a date (expected YYYY-MM-DD)");
	fails("front-open.md",
	      "1:1: front matter opened at line 1 is not closed (expected a line '---')");
}

/* ---- Quotes ------------------------------------------------------------ */

static void test_quotes(void)
{
	struct article *a = load("quotes.md");
	static const char *const want[] = {
		"QUOTE \"Simple quote on two lines.\" [7,12)E",
		"QUOTE \"To be, or not to be.\" by \"William Shakespeare\"",
		"QUOTE \"First paragraph.\"",
		"QUOTE \"Second paragraph.\" by \"Horizontal Bar\"",
		"QUOTE \"Plain dashes.\" by \"Two Dashes\"",
		"QUOTE \"Not an attribution: — it is on the paragraph's second line.\"",
		"QUOTE \"— Alone, so it is a quote.\"",
		"QUOTE \"Outer.\"",
		"QUOTE \"Inner.\" by \"Of the inner quote\"",
		"QUOTE \"A quote with a list:\"",
		"LIST 0:-:one | 0:-:two",
		"CODE \"code in a quote\"",
		"QUOTE \"— Not labelling: the block before it is code\"",
		"LIST 0:-:item",
		"QUOTE \"quote in an item\"",
		"LIST 0:-:next item",
		NULL
	};

	if (!a)
		return;
	is_str(article_str(a, a->title), "Quotes", "quotes: title");
	blocks_are(a, "0", want, "quotes");
	article_free(a);
}

/* ---- Lists ------------------------------------------------------------- */

static void test_lists(void)
{
	struct article *a = load("lists.md");
	static const char *const want[] = {
		"LIST 0:-:bullet one | 0:-:bullet two | 1:1:ordered nested | 1:2:second nested | "
		"2:-:third level | 2:-:third level b | 1:3:back to two | 0:-:bullet three "
		"[7,10)E",
		"LIST ordered 0:7:seven | 0:8:eight\nsecond paragraph of eight | 0:9:nine",
		"LIST 0:-:a",
		"CODE \"int x;\"",
		"P \"after the code\"",
		"LIST 0:-:b | 1:-:b1",
		"P \"after b's nested list\"",
		"LIST 0:-:c | 0:-: | 0:-:e",
		"LIST ordered 0:1:step",
		"CODE \"make\"",
		"LIST ordered 0:2:next step keeps its number | 0:3:third",
		"LIST ordered 0:0:zero | 0:1:one",
		"LIST 0:-:outer | 1:1:inner one",
		"CODE \"x\"",
		"LIST ordered 0:2:inner two",
		"LIST 0:-:outer again",
		NULL
	};

	if (!a)
		return;
	blocks_are(a, "0", want, "lists");
	article_free(a);
}

/* ---- Tables (GitHub's) -------------------------------------------------- */

static void test_tables(void)
{
	struct article *a = load("tables.md");
	static const char *const want[] = {
		"P \"A table (GitHub's; CommonMark has none):\"",
		"P \"| Name | Link | Code |\n| a | l | x|y |\n| b | | z |\" [25,26)E [29,30)L<u> "
		"[33,36)C [47,48)C",
		"P \"Not a table: the second line | has | pipes | but no dashes |\"",
		"P \"| Two | headers | | --- |\"",
		"LIST 0:-:| In | an item |\n| 1 | 2 |",
		NULL
	};

	if (!a)
		return;
	blocks_are(a, "0", want, "tables");
	article_free(a);
}

/* ---- Code and HTML ----------------------------------------------------- */

static void test_code(void)
{
	struct article *a = load("code.md");
	char wide[320];
	static const char *want[] = {
		"CODE \"def f():\n\treturn \"*not em*\"\"",
		"CODE \"indented\n\tcode with tab\"",
		"CODE \"<div class=\"x\">\n  <p>raw *html*</p>\n</div>\"",
		"CODE \"<!-- a comment -->\"",
		"RULE",
		NULL, /* 300 columns, below */
		NULL
	};

	memcpy(wide, "CODE \"", 6);
	memset(wide + 6, 'x', 300);
	memcpy(wide + 306, "\"", 2);
	want[5] = wide;
	if (!a)
		return;
	blocks_are(a, "0", want, "code");
	article_free(a);
}

/* ---- Input: encodings, empty files, control characters ------------------ */

static void test_input(void)
{
	struct article *a;
	struct load_error err;

	a = load("crlf.md");
	if (a) {
		static const char *const b[] = { "P \"line one line two\"", "LIST 0:-:item", NULL };
		is_str(article_str(a, a->title), "CRLF", "crlf: title without CR");
		blocks_are(a, "0", b, "crlf");
		article_free(a);
	}
	a = load("bom.md");
	if (a) {
		static const char *const b[] = { "P \"text\"", NULL };
		is_str(article_str(a, a->title), "BOM title", "bom: dropped, the heading is seen");
		blocks_are(a, "0", b, "bom");
		article_free(a);
	}
	fails("bad-utf8.md", "4:5: invalid UTF-8 at byte offset 19 (expected UTF-8 text)");
	a = load("empty.md");
	if (a) {
		is_str(article_str(a, a->title), "empty", "empty: title from the file name");
		is_int(a->nsections, 0, "empty: no sections");
		is_int(a->nblocks, 0, "empty: no blocks");
		article_free(a);
	}
	a = load("controls.md");
	if (a) {
		static const char *const b[] = {
			"P \"Control \001 char and bidi \xE2\x80\xAE override kept.\"", NULL
		};
		blocks_are(a, "0", b, "controls");
		article_free(a);
	}
	a = article_load_markdown("", 0, "-", &err);
	if (ok(a != NULL, "standard input: loads"))
		is_str(article_str(a, a->title), "Standard input", "standard input: title");
	article_free(a);
	a = article_load_markdown("a\0b", 3, "dir/notes.v2.md", &err);
	if (ok(a != NULL, "NUL: loads")) {
		struct strbuf sb = STRBUF_INIT;
		is_str(article_str(a, a->title), "notes.v2", "name: last component, no extension");
		is_str(describe(a, blk(a, "0", 0), &sb), "P \"a\xEF\xBF\xBD" "b\"", "NUL: U+FFFD");
		strbuf_release(&sb);
	}
	article_free(a);
}

/* ---- Hostile input ----------------------------------------------------- */

static double seconds_since(clock_t t0)
{
	return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

/* n copies of unit, then tail. */
static char *repeat(const char *unit, size_t n, const char *tail, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		strbuf_addstr(&sb, unit);
	strbuf_addstr(&sb, tail);
	return strbuf_detach(&sb, len);
}

static void test_hostile(void)
{
	struct load_error err;
	struct strbuf sb = STRBUF_INIT;
	struct article *a;
	clock_t t0;
	size_t len, i;
	char *s;
	uint8_t deepest = 0;

	s = repeat(">", 10000, " deep\n", &len);
	t0 = clock();
	a = article_load_markdown(s, len, "q.md", &err);
	if (ok(a != NULL, "10,000 nested '>': loads")) {
		is_int(a->nblocks, 1, "10,000 nested '>': one block");
		is_str(describe(a, &a->blocks[0], &sb), "QUOTE \"deep\"", "10,000 nested '>': a quote");
	}
	ok(seconds_since(t0) < 5, "10,000 nested '>': quick (%.2fs)", seconds_since(t0));
	article_free(a);
	free(s);

	s = repeat("- ", 10000, "deep\n", &len);
	t0 = clock();
	a = article_load_markdown(s, len, "l.md", &err);
	if (ok(a != NULL, "10,000 nested list markers: loads")) {
		const struct block *b = &a->blocks[0];
		is_int(a->nblocks, 1, "10,000 nested list markers: one list block");
		is_int(b->item_count, 10000, "10,000 nested list markers: every item kept");
		for (i = 0; i < b->item_count; i++)
			if (a->item_marks[b->item_first + i].level > deepest)
				deepest = a->item_marks[b->item_first + i].level;
		is_int(deepest, 15, "10,000 nested list markers: levels stop at 15");
		is_str(article_str(a, b->text) + a->items[b->item_first + 9999], "deep",
		       "10,000 nested list markers: the last item's text");
	}
	ok(seconds_since(t0) < 5, "10,000 nested list markers: quick (%.2fs)", seconds_since(t0));
	article_free(a);
	free(s);

	/* libcmark 0.30.2 needs ~20 s for this (CVE-2023-22486). */
	s = repeat("![[]()", 50000, "\n", &len);
	t0 = clock();
	a = article_load_markdown(s, len, "cve.md", &err);
	if (ok(a != NULL, "repeated '![[]()': loads"))
		is_int(a->blocks[0].text.len, 100000, "repeated '![[]()': the text is the '!['s");
	ok(seconds_since(t0) < 5, "repeated '![[]()': quick (%.2fs)", seconds_since(t0));
	article_free(a);
	free(s);

	/* A link styled in 300 pieces, to a 100 KB target: the model stores
	 * the target once per piece, so the importer stops linking. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "[");
	for (i = 0; i < 300; i++)
		strbuf_addstr(&sb, "*a* b ");
	strbuf_addstr(&sb, "](/");
	for (i = 0; i < 100000; i++)
		strbuf_addch(&sb, 'x');
	strbuf_addstr(&sb, ")\n");
	a = article_load_markdown(sb.buf, sb.len, "big.md", &err);
	if (ok(a != NULL, "long target, many pieces: loads")) {
		is_int(a->blocks[0].text.len, 300 * 4 - 1, "long target, many pieces: all the text");
		ok(a->arena_len < 1000000, "long target, many pieces: the article stays small (%zu)",
		   a->arena_len);
	}
	article_free(a);
	strbuf_release(&sb);
}

int main(void)
{
	test_inline();
	test_headings();
	test_front_matter();
	test_quotes();
	test_lists();
	test_tables();
	test_code();
	test_input();
	test_hostile();
	return tap_done();
}
