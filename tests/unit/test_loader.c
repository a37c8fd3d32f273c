/* The YAML loader: every part of the format lands in the model, and every
 * malformed article is refused with the exact message and position. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/yaml_pipe.h"
#include "glosa/strbuf.h"
#include "tap.h"

#define S(x) x, sizeof(x) - 1

static const char *str(const struct article *a, struct text_ref r)
{
	return article_str(a, r);
}

static const struct section *sec(const struct article *a, const char *number)
{
	uint32_t i = article_find_section(a, number);
	return i == ARTICLE_NONE ? NULL : &a->sections[i];
}

/* Block i of the section numbered number. */
static const struct block *blk(const struct article *a, const char *number, uint32_t i)
{
	const struct section *s = sec(a, number);
	return s && i < s->block_count ? &a->blocks[s->block_first + i] : NULL;
}

/* Load src[0..len) and expect "LINE:COL: MESSAGE". */
static void fails(const char *src, size_t len, const char *want, const char *name)
{
	struct load_error err;
	struct article *a = article_load_yaml(src, len, &err);
	char got[600];

	if (a) {
		ok(0, "%s: refused (it loaded)", name);
		article_free(a);
		return;
	}
	snprintf(got, sizeof got, "%lu:%lu: %s", err.line, err.column, err.message);
	is_str(got, want, "%s", name);
}
#define FAILS(src, want, name) fails(S(src), want, name)

static struct article *loads(const char *src, size_t len, const char *name)
{
	struct load_error err;
	struct article *a = article_load_yaml(src, len, &err);

	if (!ok(a != NULL, "%s: loads", name))
		printf("#   %lu:%lu: %s\n", err.line, err.column, err.message);
	return a;
}

/* ---- Everything the format has ---------------------------------------- */

static const char full[] =
	"# every key and every block kind\n"
	"title: \"  A   tour\\n  of glosa \"\n"
	"subtitle: Reading   in the terminal\n"
	"author:\n"
	"  - Ana Pérez\n"
	"  - Jonas\n"
	"    Brandt\n"
	"date: 2026-11-28\n"
	"lang: pt-BR\n"
	"id: glosa-tour\n"
	"source: https://example.org/tour\n"
	"summary: >\n"
	"  One *paragraph*\n"
	"  under the title.\n"
	"sections:\n"
	"  - title: Getting around\n"
	"    sections:\n"
	"      - title: Sub one\n"
	"        blocks:\n"
	"          - In one point one.\n"
	"    blocks:\n"
	"      - A paragraph with *em*, **strong**, `code` and [a link](https://example.org).\n"
	"      - paragraph: >\n"
	"          Folded\n"
	"          paragraph.\n"
	"      - paragraph: |\n"
	"          Literal\n"
	"            paragraph.\n"
	"      - quote: Quoted   text.\n"
	"        by: \" Some  body \"\n"
	"      - by: Before\n"
	"        quote: Attribution first.\n"
	"      - quote: No attribution.\n"
	"      - list:\n"
	"          - first item\n"
	"          - second *item*\n"
	"      - list:\n"
	"          title: Key   points\n"
	"          ordered: true\n"
	"          items: [one, two, three]\n"
	"      - list: {ordered: no, items: [x]}\n"
	"      - list:\n"
	"          ordered: YES\n"
	"          items:\n"
	"            - only\n"
	"      - code: |\n"
	"          make check\n"
	"            indented  two\n"
	"          \ttabbed\n"
	"\n"
	"          after a blank line\n"
	"      - aside: A boxed   callout.\n"
	"        title: Note\n"
	"      - aside: No title.\n"
	"  - title: Second\n"
	"    sections:\n"
	"      - title: Deep\n"
	"        sections:\n"
	"          - title: Deeper\n"
	"            blocks: [deep text]\n"
	"        blocks:\n"
	"          - In two point one.\n";

static void test_full(void)
{
	struct article *a = loads(S(full), "full article");
	const struct block *b;
	const struct span *sp;

	if (!a)
		return;
	is_str(str(a, a->title), "A tour of glosa", "title folded");
	is_str(str(a, a->subtitle), "Reading in the terminal", "subtitle folded");
	is_int((long long)a->nauthors, 2, "two authors");
	is_str(str(a, a->authors), "Ana Pérez, Jonas Brandt", "authors joined with ', '");
	is_str(str(a, a->date), "2026-11-28", "date");
	is_str(str(a, a->byline), "Ana Pérez, Jonas Brandt · 2026-11-28", "byline");
	is_str(str(a, a->lang), "pt-BR", "lang");
	is_str(str(a, a->id), "glosa-tour", "id");
	is_str(str(a, a->source), "https://example.org/tour", "source");
	is_str(str(a, a->summary), "One paragraph under the title.", "summary is markup, folded");
	is_int(a->summary.span_count, 1, "summary has one span");
	sp = article_spans(a, a->summary);
	is_int(sp->start, 4, "summary span start");
	is_int(sp->end, 13, "summary span end");
	is_int(sp->attr, SPAN_EM, "summary span is emphasis");

	is_int((long long)a->nsections, 5, "five sections");
	is_str(section_number(a, &a->sections[0]), "1", "section 1");
	is_str(str(a, a->sections[0].title), "Getting around", "section 1 title");
	is_str(section_number(a, &a->sections[1]), "1.1", "section 1.1 (given before 1's blocks)");
	is_str(str(a, a->sections[1].title), "Sub one", "section 1.1 title");
	is_str(section_number(a, &a->sections[2]), "2", "section 2");
	is_str(section_number(a, &a->sections[3]), "2.1", "section 2.1");
	is_str(str(a, a->sections[3].title), "Deep", "section 2.1 title");
	is_str(section_number(a, &a->sections[4]), "2.1.1", "section 2.1.1");
	is_str(str(a, a->sections[4].title), "Deeper", "section 2.1.1 title");
	is_int(a->sections[4].depth, 3, "2.1.1 has depth 3");

	is_int(sec(a, "1")->block_count, 13, "section 1 has its 13 blocks");
	is_int(sec(a, "1.1")->block_count, 1, "section 1.1 has one block");
	is_str(str(a, blk(a, "1.1", 0)->text), "In one point one.", "blocks before: 1.1 keeps its own");
	is_int(sec(a, "2")->block_count, 0, "section 2 has no blocks");
	is_str(str(a, blk(a, "2.1", 0)->text), "In two point one.", "blocks after sections");
	is_str(str(a, blk(a, "2.1.1", 0)->text), "deep text", "flow blocks");

	b = blk(a, "1", 0);
	is_int(b->kind, BLOCK_PARAGRAPH, "plain string is a paragraph");
	is_str(str(a, b->text), "A paragraph with em, strong, code and a link.", "markup removed");
	is_int(b->text.span_count, 4, "four spans");
	sp = article_spans(a, b->text);
	is_int(sp[0].attr, SPAN_EM, "em");
	ok(sp[0].start == 17 && sp[0].end == 19, "em span [17,19)");
	is_int(sp[1].attr, SPAN_STRONG, "strong");
	ok(sp[1].start == 21 && sp[1].end == 27, "strong span [21,27)");
	is_int(sp[2].attr, SPAN_CODE, "code");
	ok(sp[2].start == 29 && sp[2].end == 33, "code span [29,33)");
	is_int(sp[3].attr, SPAN_LINK, "link");
	ok(sp[3].start == 38 && sp[3].end == 44, "link span [38,44)");
	ok(sp[3].url_len == 19 && memcmp(a->arena + sp[3].url_off, "https://example.org", 19) == 0,
	   "link target");

	b = blk(a, "1", 1);
	is_int(b->kind, BLOCK_PARAGRAPH, "paragraph key");
	is_str(str(a, b->text), "Folded paragraph.", "> scalar folded");
	b = blk(a, "1", 2);
	is_str(str(a, b->text), "Literal paragraph.", "| scalar folded in a paragraph");

	b = blk(a, "1", 3);
	is_int(b->kind, BLOCK_QUOTE, "quote");
	is_str(str(a, b->text), "Quoted text.", "quote text folded");
	is_str(str(a, b->label), "Some body", "quote 'by' is the label, folded");
	b = blk(a, "1", 4);
	is_int(b->kind, BLOCK_QUOTE, "quote with 'by' first");
	is_str(str(a, b->text), "Attribution first.", "its text");
	is_str(str(a, b->label), "Before", "its label");
	b = blk(a, "1", 5);
	is_int(b->label.len, 0, "quote without 'by' has no label");

	b = blk(a, "1", 6);
	is_int(b->kind, BLOCK_LIST, "short list");
	is_int(b->item_count, 2, "two items");
	is_str(str(a, b->text), "first item\nsecond item", "items joined by newlines");
	is_int(a->items[b->item_first + 1], 11, "second item starts at 11");
	is_int(b->text.span_count, 1, "item markup parsed");
	is_int(article_spans(a, b->text)->start, 18, "item span offset in the joined text");
	ok(!b->ordered, "short list is unordered");
	is_int(b->label.len, 0, "short list has no caption");

	b = blk(a, "1", 7);
	is_int(b->kind, BLOCK_LIST, "long list");
	ok(b->ordered, "ordered: true");
	is_str(str(a, b->label), "Key points", "list title is the label");
	is_int(b->item_count, 3, "three items");
	is_str(str(a, b->text), "one\ntwo\nthree", "flow items");
	b = blk(a, "1", 8);
	ok(b->kind == BLOCK_LIST && !b->ordered && b->item_count == 1, "flow list, ordered: no");
	b = blk(a, "1", 9);
	ok(b->kind == BLOCK_LIST && b->ordered, "ordered: YES");
	is_str(str(a, b->text), "only", "single item");

	b = blk(a, "1", 10);
	is_int(b->kind, BLOCK_CODE, "code");
	is_str(str(a, b->text), "make check\n  indented  two\n\ttabbed\n\nafter a blank line",
	       "code kept exactly: indentation, tabs, blank lines; final newline dropped");
	is_int(b->text.span_count, 0, "code has no markup");

	b = blk(a, "1", 11);
	is_int(b->kind, BLOCK_ASIDE, "aside");
	is_str(str(a, b->text), "A boxed callout.", "aside text folded");
	is_str(str(a, b->label), "Note", "aside title is the label");
	b = blk(a, "1", 12);
	ok(b->kind == BLOCK_ASIDE && b->label.len == 0, "aside without title");
	b = blk(a, "1", 13);
	ok(b == NULL, "no 14th block in section 1");
	article_free(a);
}

static void test_small_cases(void)
{
	struct article *a;

	a = loads(S("title: 1984\nsections: [{title: yes}]\n"), "numbers and booleans as text");
	if (a) {
		is_str(str(a, a->title), "1984", "title: 1984 is the string");
		is_str(str(a, a->sections[0].title), "yes", "title: yes is the string");
		is_int(a->byline.len, 0, "no byline without author or date");
		article_free(a);
	}
	a = loads(S("title: T\nauthor: Solo  Writer\nsections:\n- title: S\n"), "one author as a string");
	if (a) {
		is_str(str(a, a->byline), "Solo Writer", "byline without date");
		article_free(a);
	}
	a = loads(S("title: T\ndate: '2024-02-29'\nsections: [{title: S, blocks: [], sections: []}]\n"),
	          "leap day, empty lists");
	if (a) {
		is_str(str(a, a->byline), "2024-02-29", "byline with only a date");
		article_free(a);
	}
	a = loads(S("\xEF\xBB\xBFtitle: T\nsubtitle:\nsections:\n  - title: S\n    blocks:\n"),
	          "BOM at the start, empty optional values");
	if (a) {
		is_int(a->subtitle.len, 0, "empty subtitle is absent");
		is_int(sec(a, "1")->block_count, 0, "empty blocks");
		article_free(a);
	}
	a = loads(S("%YAML 1.1\n---\n!!map {title: !!str T, sections: !!seq [{title: S,\n"
	            "  blocks: [{list: {ordered: !!bool true, items: [!!int 1]}}]}]}\n...\n"),
	          "core tags, directive, explicit document markers");
	if (a) {
		ok(a->nblocks == 1 && a->blocks[0].ordered, "!!bool true");
		is_str(str(a, a->blocks[0].text), "1", "!!int item is text");
		article_free(a);
	}
	a = loads(S("title: T\r\nsections:\r\n  - title: S\r\n    blocks:\r\n      - code: |\r\n"
	            "          a\r\n          b\r\n"), "CRLF line ends");
	if (a) {
		is_str(str(a, a->blocks[0].text), "a\nb", "code lines joined by \\n");
		article_free(a);
	}
}

/* Control characters and bidi controls load unchanged; the display layer
 * makes them visible. libyaml alone would refuse the raw ones. */
static void test_controls(void)
{
	static const char src[] =
		"title: a\x1b[31mb\x07\n"
		"subtitle: \"esc \\e \\x07 \\u202E\"\n"
		"sections:\n"
		"  - title: del\x7f c1\xc2\x9b rlo\xe2\x80\xae pua\xf4\x8f\xbd\x81 \"\\U0010FF1B\"\n"
		"    blocks:\n"
		"      - \"\\U0010FF1B and \\U000FFF1B\"\n"
		"      - code: |\n"
		"          \x1b[2J\x01\n"
		"          \x1f\xc2\x80\xc2\x9f\n";
	struct article *a = loads(S(src), "raw control characters");

	if (!a)
		return;
	is_str(str(a, a->title), "a\x1b[31mb\x07", "ESC and BEL in the title");
	is_str(str(a, a->subtitle), "esc \x1b \x07 \xe2\x80\xae", "escaped controls");
	is_str(str(a, a->sections[0].title),
	       "del\x7f c1\xc2\x9b rlo\xe2\x80\xae pua\xf4\x8f\xbd\x81 \"\\U0010FF1B\"",
	       "DEL, C1, RLO and a private-use character");
	is_str(str(a, a->blocks[0].text), "\xf4\x8f\xbc\x9b and \xf3\xbf\xbc\x9b",
	       "\\U escapes into private-use planes are not taken for controls");
	is_str(str(a, a->blocks[1].text), "\x1b[2J\x01\n\x1f\xc2\x80\xc2\x9f", "controls in code");
	article_free(a);
}

/* ---- Malformed articles ----------------------------------------------- */

#define HEAD "title: T\nsections:\n  - title: S\n    blocks:\n"

static void test_errors(void)
{
	/* keys */
	FAILS("title: T\nsections:\n  - tittle: S\n",
	      "3:5: unknown key 'tittle' in section (did you mean 'title'?)", "unknown key, suggestion");
	FAILS("title: T\nsections:\n  - title: S\n    foo: 1\n",
	      "4:5: unknown key 'foo' in section (expected one of: title, blocks, sections)",
	      "unknown key, no suggestion");
	FAILS("titel: T\n", "1:1: unknown key 'titel' in article (did you mean 'title'?)",
	      "unknown article key");
	FAILS("title: T\nx: 1\n", "2:1: unknown key 'x' in article (expected one of: title, subtitle, "
	      "author, date, lang, id, source, summary, sections, blocks)",
	      "one-letter key not 'corrected'");
	FAILS(HEAD "      - qoute: Q\n",
	      "5:9: unknown key 'qoute' in block (did you mean 'quote'?)", "unknown block key");
	FAILS(HEAD "      - foo: Q\n",
	      "5:9: unknown key 'foo' in block (expected one of: paragraph, quote, list, code, aside, rule)",
	      "block key, no suggestion");
	FAILS(HEAD "      - quote: Q\n        bye: B\n",
	      "6:9: unknown key 'bye' in quote (did you mean 'by'?)", "unknown quote key");
	FAILS(HEAD "      - code: C\n        by: B\n",
	      "6:9: unknown key 'by' in code (a code block takes no other keys)", "'by' on code");
	FAILS(HEAD "      - by: B\n        paragraph: P\n",
	      "5:9: unknown key 'by' in paragraph (a paragraph block takes no other keys)",
	      "'by' before a kind it does not fit");
	FAILS(HEAD "      - aside: A\n        by: B\n",
	      "6:9: unknown key 'by' in aside (expected one of: aside, title)", "'by' on aside");
	FAILS(HEAD "      - list: [a]\n        ordered: true\n",
	      "6:9: unknown key 'ordered' in list (title, ordered and items go under 'list')",
	      "list option beside 'list'");
	FAILS(HEAD "      - list: {item: [a]}\n",
	      "5:16: unknown key 'item' in list (did you mean 'items'?)", "unknown list key");
	FAILS("title: T\n? [a]\n: b\n", "2:3: wrong type for key: a sequence (expected a string)",
	      "key that is not a string");
	FAILS("ti\x01tle: T\n",
	      "1:1: unknown key 'ti\xe2\x90\x81tle' in article (did you mean 'title'?)",
	      "a raw control character in a key is shown as a symbol");
	FAILS("title: T\nsections:\n  - title: S\n    a123456789b123456789c123456789d123456789e12345: 1\n",
	      "4:5: unknown key 'a123456789b123456789c123456789d123456789\xe2\x80\xa6' in section "
	      "(expected one of: title, blocks, sections)", "a long key is cut in the message");

	/* required keys and kinds */
	FAILS("# c\nsections:\n  - title: S\n", "2:1: missing required key 'title' in article",
	      "missing title");
	FAILS("title: T\n", "1:1: missing required key 'sections' in article (or 'blocks' for an article without sections)", "missing sections");
	FAILS("title: T\nsections:\n  - blocks: [a]\n",
	      "3:5: missing required key 'title' in section", "missing section title");
	FAILS("title: T\nsections: []\n",
	      "2:11: 'sections' is empty (expected at least one section)", "empty sections list");
	FAILS("title: T\nsections:\n",
	      "2:1: 'sections' is empty (expected at least one section)", "empty sections value");
	FAILS(HEAD "      - quote: Q\n        code: C\n",
	      "6:9: block has two kinds 'quote' and 'code' "
	      "(expected exactly one of paragraph, quote, list, code, aside, rule)", "two kinds");
	FAILS(HEAD "      - by: B\n",
	      "5:9: block has no kind (expected one of paragraph, quote, list, code, aside, rule)", "no kind");
	FAILS(HEAD "      - list: {title: L}\n",
	      "5:15: missing required key 'items' in list", "long list without items");

	/* types */
	FAILS("title: {a: b}\n", "1:8: wrong type for 'title': a mapping (expected a string)",
	      "mapping for title");
	FAILS("title:\n  - a\n", "2:3: wrong type for 'title': a sequence (expected a string)",
	      "sequence for title");
	FAILS("title: T\nsections: none\n",
	      "2:11: wrong type for 'sections': a string (expected a list of sections)",
	      "string for sections");
	FAILS("title: T\nsections: [S]\n",
	      "2:12: wrong type for section: a string (expected a mapping with a title)",
	      "string for a section");
	FAILS("title: T\nsections:\n  - title: S\n    blocks: some text\n",
	      "4:13: wrong type for 'blocks': a string (expected a list of blocks)", "string for blocks");
	FAILS(HEAD "      - [a]\n",
	      "5:9: wrong type for block: a sequence (expected a string or a mapping)",
	      "sequence for a block");
	FAILS(HEAD "      - list:\n          - {a: b}\n",
	      "6:13: nested list before any item (expected an item first, the one the list "
	      "belongs to)", "a nested list needs an item before it");
	FAILS(HEAD "      - list:\n          - a\n          - {a: b}\n",
	      "7:14: unknown key 'a' in list item (an item is a string, or 'list' for a nested list)",
	      "a mapping item other than a nested list");
	FAILS(HEAD "      - list:\n          - a\n          - [b]\n",
	      "7:13: wrong type for list item: a sequence (expected a string, or a mapping with "
	      "'list')", "a sequence as an item");
	FAILS(HEAD "      - list: {ordered: false, start: 3, items: [a]}\n",
	      "5:15: 'start' numbers an ordered list (expected ordered: true, or no start)",
	      "start with ordered: false");
	FAILS(HEAD "      - list: {start: -1, items: [a]}\n",
	      "5:23: wrong type for 'start': a string (expected a whole number from 0 to 999999999)",
	      "a negative start");
	FAILS(HEAD "      - list:\n          - a\n          - list: {title: T, items: [b]}\n",
	      "7:20: a nested list has no title (expected ordered, start or items)",
	      "a nested list with a title");
	FAILS(HEAD "      - rule: yes\n", "5:15: wrong type for 'rule': a string (expected nothing "
	      "(write rule: ~))", "a rule with a value");
	FAILS(HEAD "      - rule: ~\n        by: X\n", "6:9: unknown key 'by' in rule "
	      "(a rule block takes no other keys)", "a rule with an attribution");
	FAILS("title: T\nblocks: x\n", "2:9: wrong type for 'blocks': a string (expected a list of "
	      "blocks)", "top-level blocks must be a list");
	FAILS(HEAD "      - list: item\n",
	      "5:15: wrong type for 'list': a string (expected a list of strings or a mapping with items)",
	      "string for list");
	FAILS(HEAD "      - list: {items: a}\n",
	      "5:23: wrong type for 'items': a string (expected a list of strings)", "string for items");
	FAILS(HEAD "      - list: {ordered: maybe, items: [a]}\n",
	      "5:25: wrong type for 'ordered': a string (expected true or false)", "ordered: maybe");
	FAILS(HEAD "      - list: {ordered: \"true\", items: [a]}\n",
	      "5:25: wrong type for 'ordered': a string (expected true or false)", "quoted true");
	FAILS(HEAD "      - list: {ordered: , items: [a]}\n",
	      "5:25: wrong type for 'ordered': an empty value (expected true or false)", "empty ordered");
	FAILS(HEAD "      - quote: [Q]\n",
	      "5:16: wrong type for 'quote': a sequence (expected a string)", "sequence for quote");
	FAILS("title: T\nauthor: {name: A}\n",
	      "2:9: wrong type for 'author': a mapping (expected a string or a list of strings)",
	      "mapping for author");
	FAILS("title: T\nauthor: [[A]]\n",
	      "2:10: wrong type for author: a sequence (expected a string)", "nested author list");

	/* values */
	FAILS("title: '   '\nsections: [{title: S}]\n", "1:1: title is empty",
	      "whitespace-only title");
	FAILS("title:\nsections: [{title: S}]\n", "1:1: title is empty", "empty title");
	FAILS("title: T\nsections: [{title: \" \\n \"}]\n", "2:13: section title is empty",
	      "empty section title");
	FAILS("title: T\ndate: 2026-13-01\n",
	      "2:7: date '2026-13-01' is not a date (expected YYYY-MM-DD)", "month 13");
	FAILS("title: T\ndate: 2026-02-30\n",
	      "2:7: date '2026-02-30' is not a date (expected YYYY-MM-DD)", "30 February");
	FAILS("title: T\ndate: 2026-1-1\n",
	      "2:7: date '2026-1-1' is not a date (expected YYYY-MM-DD)", "short date");
	FAILS("title: T\ndate: 2023-02-29\n",
	      "2:7: date '2023-02-29' is not a date (expected YYYY-MM-DD)", "not a leap year");

	/* duplicates */
	FAILS("title: A\ntitle: B\n", "2:1: duplicate key 'title'", "duplicate key at the top");
	FAILS("title: T\nsections:\n  - title: S\n    blocks: []\n    blocks: []\n",
	      "5:5: duplicate key 'blocks'", "duplicate key in a section");
	FAILS(HEAD "      - quote: A\n        quote: B\n", "6:9: duplicate key 'quote'",
	      "duplicate kind key");

	/* YAML features refused */
	FAILS("title: T\nsections: *s\n", "2:11: anchors and aliases are not allowed", "alias");
	FAILS("title: &t T\n", "1:8: anchors and aliases are not allowed", "anchor");
	FAILS("title: T\nsections: &s [{title: S}]\n", "2:11: anchors and aliases are not allowed",
	      "anchor on a sequence");
	FAILS("title: !foo T\n", "1:8: tag '!foo' is not allowed (only core YAML tags)", "local tag");
	FAILS("title: !!binary VA==\n", "1:8: tag '!!binary' is not allowed (only core YAML tags)",
	      "non-core yaml.org tag");
	FAILS("title: ! T\n", "1:8: tag '!' is not allowed (only core YAML tags)", "non-specific tag");
	FAILS("%TAG !! tag:example.com,2000:\n---\ntitle: !!str T\n",
	      "3:8: tag 'tag:example.com,2000:str' is not allowed (only core YAML tags)",
	      "!! redefined");
	FAILS("title: !!seq T\n", "1:8: tag '!!seq' cannot be used on a string", "!!seq on a string");

	/* documents */
	FAILS("", "1:1: empty file (expected an article)", "empty file");
	FAILS("# only a comment\n\n", "1:1: empty file (expected an article)", "comment-only file");
	FAILS("---\n", "1:1: empty document (expected an article)", "empty document");
	FAILS("just a sentence\n",
	      "1:1: article is not a mapping (expected keys such as title and sections)", "scalar");
	FAILS("- title: T\n",
	      "1:1: article is not a mapping (expected keys such as title and sections)", "sequence");
	FAILS("title: T\nsections: [{title: S}]\n---\ntitle: U\n",
	      "3:1: more than one document (expected one article)", "two documents");

	/* bytes and syntax */
	FAILS("title: a\0b\n", "1:9: control characters are not allowed (found U+0000)", "NUL byte");
	FAILS("title: T\nsections:\n  - title: é\xEF\xBF\xBF\n",
	      "3:13: control characters are not allowed (found U+FFFF)", "noncharacter U+FFFF");
	FAILS("title: T\x1b\nsubtitle: \0\n",
	      "2:11: control characters are not allowed (found U+0000)",
	      "NUL after a raw control: position in the caller's bytes");
	FAILS("title: T\nsections: [{title: S}\n",
	      "3:1: did not find expected ',' or ']' (while parsing a flow sequence)",
	      "syntax error");
	FAILS("title: T\nsections:\n\t- title: S\n",
	      "3:1: found character that cannot start any token (while scanning for the next token); "
	      "indent with spaces, not tabs", "tab indentation");
	FAILS("title: Note: read this\n",
	      "1:12: mapping values are not allowed in this context; "
	      "put text that contains ': ' in quotes",
	      "colon in a plain value");
}

static void test_utf8(void)
{
	FAILS("title: \xC0\xAF\n", "1:8: invalid UTF-8 at byte offset 7", "overlong");
	FAILS("title: T\nsections:\n  - title: é\xED\xA0\x80\n",
	      "3:13: invalid UTF-8 at byte offset 32", "surrogate, column in characters");
	FAILS("title: T\r\nsubtitle: \xE2\x82", "2:11: invalid UTF-8 at byte offset 20",
	      "truncated at the end, CRLF line end");
	FAILS("title: \xE2\x82x\n", "1:8: invalid UTF-8 at byte offset 7", "truncated before ASCII");
	FAILS("\xEF\xBB\xBFtitle: \xFF\n", "1:8: invalid UTF-8 at byte offset 10",
	      "after a BOM (not counted as a column)");
	FAILS("\xFF\xFEt\0i\0", "1:1: invalid UTF-8 at byte offset 0", "UTF-16 is not UTF-8");
	/* Whole articles in UTF-16, which libyaml alone would read. */
	FAILS("\xFF\xFEt\0i\0t\0l\0e\0:\0 \0T\0\n\0b\0l\0o\0c\0k\0s\0:\0 \0[\0x\0]\0\n\0",
	      "1:1: invalid UTF-8 at byte offset 0", "an article in UTF-16LE with its mark");
	FAILS("\xFE\xFF\0t\0i\0t\0l\0e\0:\0 \0T\0\n\0b\0l\0o\0c\0k\0s\0:\0 \0[\0x\0]\0\n",
	      "1:1: invalid UTF-8 at byte offset 0", "an article in UTF-16BE with its mark");
}

/* Nested sections in flow style: depth levels of them. */
static char *nested_sections(size_t depth, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&sb, "{title: T, sections: [");
	for (i = 0; i < depth; i++)
		strbuf_addstr(&sb, "{title: S, sections: [");
	for (i = 0; i < depth; i++)
		strbuf_addstr(&sb, "]}");
	strbuf_addstr(&sb, "]}\n");
	return strbuf_detach(&sb, len);
}

static void test_nesting(void)
{
	struct article *a;
	size_t len, n = 100000;
	char *src, *deep;
	clock_t t0;

	/* 64 levels: the article mapping, then 31 sequence/mapping pairs,
	 * then one more sequence (empty). 65: one more level. */
	src = nested_sections(31, &len);
	a = loads(src, len, "64 levels of nesting");
	if (a) {
		is_str(section_number(a, &a->sections[30]), "1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1"
		       ".1.1.1.1.1.1.1.1.1.1.1.1", "31 levels of sections");
		article_free(a);
	}
	free(src);
	src = nested_sections(32, &len);
	fails(src, len, "1:705: nesting deeper than 64 levels", "65 levels of nesting");
	free(src);

	deep = malloc(n + 1);
	memset(deep, '[', n);
	deep[n] = '\0';
	t0 = clock();
	fails(deep, n, "1:1: article is not a mapping (expected keys such as title and sections)",
	      "100000 '[' refused at once");
	free(deep);
	src = nested_sections(n, &len);
	fails(src, len, "1:705: nesting deeper than 64 levels", "100000 nested sections");
	free(src);
	deep = malloc(n + 64);
	strcpy(deep, "title: T\nsections: [{title: S, sections: ");
	len = strlen(deep);
	memset(deep + len, '[', n);
	fails(deep, len + n, "2:34: wrong type for section: a sequence (expected a mapping with a title)",
	      "deep '[' where a section belongs");
	free(deep);
	ok((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0, "deep nesting fails fast (%.3f s)",
	   (double)(clock() - t0) / CLOCKS_PER_SEC);
}

/* ---- Files ------------------------------------------------------------ */

static void test_files(void)
{
	const char *data = getenv("DATA"), *tour = getenv("TOUR");
	char path[4096], *buf;
	size_t len;
	struct load_error err;
	struct article *a;
	int rc;

	if (!data)
		data = "tests/data";
	snprintf(path, sizeof path, "%s/articles/every-part.yaml", data);
	rc = loader_read_file(path, &buf, &len);
	is_int(rc, 0, "read %s", path);
	if (rc == 0) {
		a = article_load_yaml(buf, len, &err);
		if (ok(a != NULL, "every-part.yaml loads")) {
			is_int((long long)a->nsections, 4, "its four sections");
			is_str(section_number(a, &a->sections[3]), "2.1.1", "numbered down to 2.1.1");
			is_int((long long)a->nblocks, 8, "its eight blocks");
			article_free(a);
		} else {
			printf("#   %lu:%lu: %s\n", err.line, err.column, err.message);
		}
		free(buf);
	}
	snprintf(path, sizeof path, "%s/articles/bad-key.yaml", data);
	rc = loader_read_file(path, &buf, &len);
	is_int(rc, 0, "read %s", path);
	if (rc == 0) {
		fails(buf, len, "7:7: unknown key 'tittle' in section (did you mean 'title'?)",
		      "bad-key.yaml (the example of article-format.md)");
		free(buf);
	}
	snprintf(path, sizeof path, "%s/articles/empty.yaml", data);
	rc = loader_read_file(path, &buf, &len);
	ok(rc == 0 && len == 0 && buf && buf[0] == '\0', "empty file reads as an empty string");
	if (rc == 0)
		free(buf);
	snprintf(path, sizeof path, "%s/articles", data);
	buf = (char *)1;
	is_int(loader_read_file(path, &buf, &len), EISDIR, "a directory is EISDIR");
	ok(buf == NULL, "no buffer on error");
	snprintf(path, sizeof path, "%s/articles/no-such-file.yaml", data);
	is_int(loader_read_file(path, &buf, &len), ENOENT, "a missing file is ENOENT");
	snprintf(path, sizeof path, "%s/articles/bad-key.yaml", data);
	if (freopen(path, "r", stdin)) {
		rc = loader_read_file("-", &buf, &len);
		ok(rc == 0 && len > 0 && strncmp(buf, "# The example error", 19) == 0,
		   "'-' reads standard input");
		if (rc == 0)
			free(buf);
	}
	rc = loader_read_file("/dev/null", &buf, &len);
	ok(rc == 0 && len == 0, "a character device reads");
	if (rc == 0)
		free(buf);

	if (tour && loader_read_file(tour, &buf, &len) == 0) {
		a = article_load_yaml(buf, len, &err);
		if (!ok(a != NULL, "the built-in tour loads"))
			printf("#   %lu:%lu: %s\n", err.line, err.column, err.message);
		article_free(a);
		free(buf);
	}
}

/* This session's additions: top-level blocks, rules, nested lists with
 * start numbers, hard breaks. */
static void test_additions(void)
{
	const struct article *a0;
	struct article *a;
	const struct block *b;
	const struct list_mark *m;

	a = loads(S("title: T\nblocks:\n  - Intro.\n  - rule: ~\nsections:\n  - title: S\n"
	            "    blocks: [Body.]\n"), "blocks before the sections");
	if (a) {
		is_int((long long)a->nsections, 2, "the preamble is a section");
		ok(a->sections[0].preamble && a->sections[0].title.len == 0, "section 0, untitled");
		is_str(section_number(a, &a->sections[0]), "0", "numbered 0");
		is_str(section_number(a, &a->sections[1]), "1", "the first real section is still 1");
		b = blk(a, "0", 1);
		ok(b && b->kind == BLOCK_RULE && b->text.len == 0, "a rule has no text");
		is_int((long long)a->units[a->sections[1].unit].kind, UNIT_HEADING,
		       "the first section's unit is its heading");
		ok(!article_section_has_heading(a, 0) && article_section_has_heading(a, 1),
		   "only real sections have headings");
		article_free(a);
	}
	a = loads(S("sections:\n  - title: S\nblocks: [Intro.]\ntitle: T\n"),
	          "blocks after sections, in any order");
	if (a) {
		ok(a->sections[0].preamble && a->sections[1].title.len == 1,
		   "the preamble is section 0 even when written last");
		article_free(a);
	}
	a = loads(S("title: T\nblocks: [Only this.]\n"), "an article of blocks alone");
	if (a) {
		is_int((long long)a->nsections, 1, "one section: the preamble");
		article_free(a);
	}
	a = loads(S("title: T\nsections:\n  - title: S\n"), "no blocks: no preamble");
	if (a) {
		ok(a->nsections == 1 && !a->sections[0].preamble, "the unused preamble is dropped");
		is_str(section_number(a, &a->sections[0]), "1", "and numbering is as before");
		article_free(a);
	}
	a = loads(S(HEAD "      - list:\n          - one\n          - list: [a, b]\n          - two\n"
	            "          - list: {start: 7, items: [x, {list: [deep]}]}\n"), "nested lists");
	if (a) {
		b = blk(a, "1", 0);
		a0 = a;
		ok(b && b->item_count == 6, "six items in one block");
		if (b && b->item_count == 6) {
			static const uint8_t lv[] = { 0, 1, 1, 0, 1, 2, 0 };
			static const uint32_t num[] = { 0, 0, 0, 0, 7, 0, 0 };
			int good = 1, k;
			m = a0->item_marks + b->item_first;
			for (k = 0; k < 6; k++)
				good &= m[k].level == lv[k] && m[k].number == num[k] &&
				        m[k].numbered == (k == 4);
			ok(good, "levels 0 1 1 0 1 2 and numbers (7 for the started list)");
			is_str(article_str(a, b->text), "one\na\nb\ntwo\nx\ndeep", "the joined text");
		}
		article_free(a);
	}
	a = loads(S(HEAD "      - list: {ordered: true, start: 0, items: [z, o]}\n"), "start 0");
	if (a) {
		b = blk(a, "1", 0);
		m = a->item_marks + b->item_first;
		ok(m[0].number == 0 && m[0].numbered && m[1].number == 1 && b->ordered,
		   "numbered from 0");
		article_free(a);
	}
	a = loads(S(HEAD "      - \"Roses are red,\\\\\\nviolets are blue.\"\n"), "a hard break");
	if (a) {
		is_str(article_str(a, blk(a, "1", 0)->text), "Roses are red,\nviolets are blue.",
		       "a backslash-newline keeps the line break");
		article_free(a);
	}
}

int main(void)
{
	/* Every case twice: parsed on this thread, then with libyaml on a
	 * second one (yaml_pipe.c), which must not change a thing. */
	static const struct { size_t min; const char *name; } modes[] = {
		{ SIZE_MAX, "one thread" }, { 0, "libyaml on a second thread" },
	};
	size_t m;

	for (m = 0; m < sizeof modes / sizeof *modes; m++) {
		printf("# %s\n", modes[m].name);
		event_pipe_set_min(modes[m].min);
		test_additions();
		test_full();
		test_small_cases();
		test_controls();
		test_errors();
		test_utf8();
		test_nesting();
		test_files();
	}
	return tap_done();
}
