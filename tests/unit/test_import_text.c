/* The plain-text importer: each fixture under tests/data/text comes out
 * with exactly the structure its layout suggests (title, headings, block
 * kinds, texts, labels, list items), bad input is refused with the exact
 * message and position, and no input is slow or crashes it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"
#include "tap.h"

#define S(x) x, sizeof(x) - 1

static const char *data_dir = "tests/data";

/* Append text r, with each line break shown as " / ". */
static void add_text(struct strbuf *sb, const struct article *a, struct text_ref r)
{
	const char *s = article_str(a, r);
	uint32_t i;

	for (i = 0; i < r.len; i++) {
		if (s[i] == '\n')
			strbuf_addstr(sb, " / ");
		else
			strbuf_addch(sb, s[i]);
	}
}

/* The article's whole structure, one line per part:
 *   title: T / subtitle: S / author: A
 *   # HEADING
 *   P: text          QUOTE: text (by NAME)        RULE
 *   LIST: or OLIST: (with "[caption]"), then one "  - item" or "  3. item"
 *   line per item, indented two more spaces a level
 *   CODE: then each line as "  |line" */
static char *describe(const struct article *a)
{
	struct strbuf sb = STRBUF_INIT;
	size_t s;
	uint32_t b, k;

	strbuf_addstr(&sb, "title: ");
	add_text(&sb, a, a->title);
	strbuf_addch(&sb, '\n');
	if (a->subtitle.len) {
		strbuf_addstr(&sb, "subtitle: ");
		add_text(&sb, a, a->subtitle);
		strbuf_addch(&sb, '\n');
	}
	if (a->authors.len) {
		strbuf_addstr(&sb, "author: ");
		add_text(&sb, a, a->authors);
		strbuf_addch(&sb, '\n');
	}
	for (s = 0; s < a->nsections; s++) {
		const struct section *sec = &a->sections[s];
		if (!sec->preamble) {
			strbuf_addstr(&sb, "# ");
			add_text(&sb, a, sec->title);
			strbuf_addch(&sb, '\n');
		}
		for (b = sec->block_first; b < sec->block_first + sec->block_count; b++) {
			const struct block *bl = &a->blocks[b];
			switch (bl->kind) {
			case BLOCK_PARAGRAPH:
				strbuf_addstr(&sb, "P: ");
				add_text(&sb, a, bl->text);
				break;
			case BLOCK_QUOTE:
				strbuf_addstr(&sb, "QUOTE: ");
				add_text(&sb, a, bl->text);
				if (bl->label.len) {
					strbuf_addstr(&sb, " (by ");
					add_text(&sb, a, bl->label);
					strbuf_addch(&sb, ')');
				}
				break;
			case BLOCK_LIST:
				strbuf_addstr(&sb, bl->ordered ? "OLIST:" : "LIST:");
				if (bl->label.len) {
					strbuf_addstr(&sb, " [");
					add_text(&sb, a, bl->label);
					strbuf_addch(&sb, ']');
				}
				for (k = 0; k < bl->item_count; k++) {
					uint32_t st = a->items[bl->item_first + k];
					uint32_t en = k + 1 < bl->item_count
					                      ? a->items[bl->item_first + k + 1] - 1
					                      : bl->text.len;
					struct list_mark m = a->item_marks[bl->item_first + k];
					struct text_ref r = { bl->text.off + st, en - st, 0, 0 };
					strbuf_addf(&sb, "\n%*s", 2 + 2 * m.level, "");
					if (m.numbered)
						strbuf_addf(&sb, "%u. ", m.number);
					else
						strbuf_addstr(&sb, "- ");
					add_text(&sb, a, r);
				}
				break;
			case BLOCK_CODE:
				strbuf_addstr(&sb, "CODE:\n  |");
				for (k = 0; k < bl->text.len; k++) {
					char c = article_str(a, bl->text)[k];
					strbuf_addch(&sb, c);
					if (c == '\n')
						strbuf_addstr(&sb, "  |");
				}
				break;
			case BLOCK_RULE:
				strbuf_addstr(&sb, "RULE");
				break;
			case BLOCK_ASIDE:
				strbuf_addstr(&sb, "ASIDE: ");
				add_text(&sb, a, bl->text);
				break;
			}
			strbuf_addch(&sb, '\n');
		}
	}
	return strbuf_detach(&sb, NULL);
}

static char *read_fixture(const char *file, size_t *len)
{
	char path[4096], *buf;

	snprintf(path, sizeof path, "%s/text/%s", data_dir, file);
	if (loader_read_file(path, &buf, len) != 0) {
		ok(0, "read %s", path);
		return NULL;
	}
	return buf;
}

/* Load a fixture (named after its file, as glosa does); NULL on failure. */
static struct article *load_fixture(const char *file)
{
	struct load_error err;
	struct article *a;
	size_t len;
	char *buf = read_fixture(file, &len);

	if (!buf)
		return NULL;
	a = article_load_text(buf, len, file, &err);
	if (!a)
		printf("#   %s:%lu:%lu: %s\n", file, err.line, err.column, err.message);
	free(buf);
	return a;
}

/* Load a fixture and compare its whole structure with want. */
static struct article *expect(const char *file, const char *want)
{
	struct article *a = load_fixture(file);
	char *got;

	if (!ok(a != NULL, "%s loads", file))
		return NULL;
	got = describe(a);
	is_str(got, want, "%s: the structure", file);
	free(got);
	return a;
}

/* Load a fixture and expect "LINE:COL: MESSAGE". */
static void expect_error(const char *file, const char *want)
{
	struct load_error err;
	struct article *a;
	char got[600];
	size_t len;
	char *buf = read_fixture(file, &len);

	if (!buf)
		return;
	memset(&err, 0, sizeof err);
	a = article_load_text(buf, len, file, &err);
	if (a) {
		ok(0, "%s: refused (it loaded)", file);
		article_free(a);
	} else {
		snprintf(got, sizeof got, "%lu:%lu: %s", err.line, err.column, err.message);
		is_str(got, want, "%s: refused", file);
	}
	free(buf);
}

/* The section titled title, or NULL. */
static const struct section *find_section(const struct article *a, const char *title)
{
	size_t i;

	for (i = 0; i < a->nsections; i++)
		if (a->sections[i].title.len == strlen(title) &&
		    memcmp(article_str(a, a->sections[i].title), title, strlen(title)) == 0)
			return &a->sections[i];
	return NULL;
}

/* Block i of section s (NULL past its end). */
static const struct block *block_of(const struct article *a, const struct section *s, uint32_t i)
{
	return s && i < s->block_count ? &a->blocks[s->block_first + i] : NULL;
}

static char *text_of(const struct article *a, struct text_ref r)
{
	return xstrndup(article_str(a, r), r.len);
}

/* ---- Fixtures --------------------------------------------------------- */

static void test_interview(void)
{
	struct article *a = expect("interview.txt",
		"title: A conversation with Marta Ruiz\n"
		"author: Jonas Brandt\n"
		"P: Marta Ruiz has translated poetry from Portuguese for thirty years. We met"
		" in her studio in Lisbon on a rainy afternoon in March, among piles of"
		" dictionaries and unanswered letters.\n"
		"P: Q: When did you start translating?\n"
		"P: A: I was nineteen. A friend gave me a book of poems by Sophia de Mello"
		" Breyner and I could not stop reading it, so I began writing it down in"
		" Spanish, line by line, to see whether it would survive the journey.\n"
		"P: Q: What is the hardest part of the work?\n"
		"P: A: Knowing when to stop.\n"
		"P: INTERVIEWER: Do you read your translations aloud?\n"
		"P: RUIZ: Always. The ear catches what the eye forgives.\n"
		"P: Q: Any advice for someone starting out?\n"
		"P: A: Read everything twice.\n");

	if (!a)
		return;
	is_int((long long)a->nsections, 1, "interview: questions are not headings (one section)");
	ok(a->sections[0].preamble, "interview: that section is the preamble");
	is_int((long long)a->nauthors, 1, "interview: 'by Jonas Brandt' names one author");
	article_free(a);
}

static void test_essays(void)
{
	struct article *a = expect("essay-es.txt",
		"title: La vocación del traductor\n"
		"subtitle: Notas para un taller\n"
		"P: Este ensayo recoge algunas ideas sobre el oficio de traducir, escritas a lo"
		" largo de varios años de trabajo con textos literarios y técnicos.\n"
		"# Capítulo 1: Los orígenes\n"
		"P: Traducir es leer dos veces. La primera vez se lee para entender; la segunda,"
		" para escuchar cómo suena lo entendido en otra lengua. Ningún diccionario"
		" enseña esa segunda lectura, y ningún curso la sustituye del todo.\n"
		"P: Nada más.\n"
		"# ¿Qué es la vocación?\n"
		"P: No es un llamado místico sino una costumbre: la de volver cada mañana a la"
		" misma mesa y a las mismas dudas, sin esperar que desaparezcan del todo.\n"
		"RULE\n"
		"QUOTE: Traducir es la manera más atenta de leer. (by Italo Calvino)\n"
		"# Capítulo 2: El oficio\n"
		"P: El oficio se aprende equivocándose, y los errores más útiles son los que"
		" uno descubre solo, meses después, releyendo con calma una página que creía"
		" terminada.\n");
	const struct section *s;

	if (a) {
		ok(find_section(a, "¿Qué es la vocación?") != NULL,
		   "essay-es: a question standing alone between paragraphs is a heading");
		s = find_section(a, "Capítulo 1: Los orígenes");
		ok(s && block_of(a, s, 1) && block_of(a, s, 1)->kind == BLOCK_PARAGRAPH,
		   "essay-es: 'Nada más.' (a short sentence standing alone) stays a paragraph");
		ok(find_section(a, "Nada más.") == NULL, "essay-es: ... and is not a heading");
		article_free(a);
	}

	a = expect("essay-en.txt",
		"title: The Quiet Machine\n"
		"subtitle: An essay on attention\n"
		"# 1. Introduction\n"
		"P: Machines used to be loud. Looms, presses and engines announced themselves"
		" from the next street, and nobody mistook them for anything but work. The"
		" machines we live with now are silent, and their silence is part of the"
		" design.\n"
		"P: It rained that day.\n"
		"# 2. The cost of silence\n"
		"P: A silent machine asks for nothing, which is exactly why it gets"
		" everything: our evenings, our patience, the small gaps in a conversation"
		" where a thought used to grow, and the long walk home.\n"
		"# Notes\n"
		"P: The figures quoted come from public reports.\n"
		"RULE\n"
		"P: Written in Lisbon, 2025.\n");
	if (a) {
		ok(a->sections[0].title.len > 0 && !a->sections[0].preamble,
		   "essay-en: an over- and underlined title leaves no preamble");
		article_free(a);
	}
}

static void test_notes(void)
{
	struct article *a = expect("notes.txt",
		"title: Weekend notes\n"
		"# Groceries\n"
		"LIST:\n"
		"  - bread\n"
		"  - olive oil\n"
		"  - tomatoes\n"
		"LIST: [Things to pack]\n"
		"  - passport\n"
		"  - charger (the long cable)\n"
		"  - book\n"
		"# To do\n"
		"LIST:\n"
		"  - call the plumber\n"
		"  - renew the library card\n"
		"LIST:\n"
		"  - first dot\n"
		"  - second dot\n"
		"LIST:\n"
		"  - plus one\n"
		"  - plus two\n"
		"LIST:\n"
		"  - ring one\n"
		"  - ring two\n"
		"OLIST: [Steps to reset the router]\n"
		"  1. Unplug it.\n"
		"  2. Wait ten seconds.\n"
		"  3. Plug it back in.\n"
		"OLIST: [Ways to get there]\n"
		"  1. walk\n"
		"  2. bike\n"
		"    1. the old one\n"
		"    2. the new one\n"
		"  3. bus\n"
		"P: Options (choose any):\n"
		"LIST:\n"
		"  - wifi\n"
		"    - 2.4 GHz\n"
		"    - 5 GHz\n"
		"  - ethernet\n");
	const struct section *s;

	if (!a)
		return;
	s = find_section(a, "Groceries");
	ok(s && block_of(a, s, 1) && block_of(a, s, 1)->kind == BLOCK_LIST &&
	   block_of(a, s, 1)->label.len == strlen("Things to pack"),
	   "notes: a line ending in ':' right above a list is its caption");
	s = find_section(a, "To do");
	ok(s && block_of(a, s, 4) && block_of(a, s, 4)->ordered, "notes: '1.' items are ordered");
	ok(s && block_of(a, s, 0) && !block_of(a, s, 0)->ordered, "notes: '*' items are not");
	article_free(a);
}

static void test_journal(void)
{
	struct article *a = expect("journal.txt",
		"title: Field journal\n"
		"# 2024-03-01\n"
		"P: Went down to the harbour before dawn. The fishing boats were already out,"
		" and the gulls followed them in a long, noisy line.\n"
		"# Monday, 4 March 2024\n"
		"P: Rain all day. Read by the window.\n"
		"# Things seen\n"
		"LIST:\n"
		"  - a heron on the old pier\n"
		"  - two cormorants\n"
		"P: # not a heading: a plain-text file has no Markdown\n"
		"P: TODO: fix the bicycle light.\n");

	if (!a)
		return;
	ok(find_section(a, "2024-03-01") != NULL, "journal: a date standing alone is a heading");
	ok(find_section(a, "Things seen") != NULL, "journal: '==' around a heading is dropped");
	article_free(a);
}

static void test_wrapped(void)
{
	struct article *a = expect("wrapped.txt",
		"title: On Walking\n"
		"P: Walking is the oldest way of thinking with the body. The philosophers of"
		" the Peripatetic school taught while strolling under the colonnades of the"
		" Lyceum, and many writers since have claimed that their best sentences came"
		" to them on foot, somewhere between the second and the third mile of a"
		" well-known path.\n"
		"P: A short poem by an anonymous walker:\n"
		"P: The road goes on, / the feet go with it, / and the mind follows / a little behind.\n"
		"P: Letters may be sent to:\n"
		"P: Ana Pérez / 12 Rua das Flores / 1200-195 Lisboa / Portugal\n"
		"P: This paragraph is not wrapped at all but written as one long line, which"
		" goes far beyond the width of any terminal, the way some editors save text.\n");

	if (!a)
		return;
	ok(strstr(article_str(a, a->blocks[0].text), "well-known") != NULL,
	   "wrapped: a word broken after its hyphen is joined without a space");
	ok(strchr(article_str(a, a->blocks[0].text), '\n') == NULL,
	   "wrapped: hard-wrapped prose has no line break left");
	article_free(a);
}

static void test_quotes(void)
{
	struct article *a = expect("quotes.txt",
		"title: Quotations\n"
		"P: Some words worth keeping.\n"
		"QUOTE: Be yourself; everyone else is already taken. (by Oscar Wilde)\n"
		"QUOTE: The only way out is through. (by Robert Frost)\n"
		"QUOTE: La vida es sueño, y los sueños, sueños son. (by Pedro Calderón de la Barca)\n"
		"P: “We are what we repeatedly do,” she said, “so do it well.”\n"
		"QUOTE: Short and sweet. (by Anonymous)\n");

	if (!a)
		return;
	is_int((long long)a->nsections, 1, "quotes: an attributed line is not a heading");
	article_free(a);
}

static void test_headings(void)
{
	struct article *a = expect("headings.txt",
		"title: Headings in many languages\n"
		"# Einleitung\n"
		"P: Dieser Abschnitt beschreibt, worum es in diesem Text geht und warum es"
		" sich lohnen könnte, ihn bis zum Ende zu lesen.\n"
		"# Qu'est-ce que la liberté ?\n"
		"P: La liberté n'est pas l'absence de contraintes, mais le choix de celles que"
		" l'on accepte.\n"
		"# 第一章 始まり\n"
		"P: これは本文です。日本語の段落は句点で終わります。\n"
		"# Глава 2. Дорога\n"
		"P: Мы вышли рано утром.\n"
		"# 2.3 Method\n"
		"P: We measured everything twice.\n"
		"# KNOWN ISSUES\n"
		"P: None so far.\n");

	article_free(a);
	a = expect("outline.txt",
		"title: Frobnicator NEWS\n"
		"# Noteworthy changes in release 2.0 (2025-01-01) [stable]\n"
		"# New features\n"
		"P: The frobnicator now frobs twice as fast, and it can frob files that are"
		" larger than the memory of the machine.\n"
		"# Bug fixes\n"
		"P: Frobbing an empty file no longer crashes. [bug introduced in 1.9]\n"
		"# Noteworthy changes in release 1.9 (2024-06-01) [stable]\n"
		"# Changes in behavior\n"
		"P: The --quiet option is now the default.\n");
	article_free(a);
	a = expect("license.txt",
		"title: THE SAMPLE LICENSE\n"
		"subtitle: Version 1, 1 January 2025\n"
		"# Preamble\n"
		"P: This license is a small example of the way licenses are laid out in"
		" plain text, with centred headings and numbered sections, and with first"
		" lines indented by two spaces.\n"
		"# TERMS AND CONDITIONS\n"
		"# 0. Definitions.\n"
		"P: \"Work\" means the text that this license comes with, in any form.\n"
		"# 1. Permissions.\n"
		"P: You may copy and share the Work, provided that you keep this notice with"
		" it, and that you\n"
		"OLIST:\n"
		"  1. say where it came from, and\n"
		"  2. do not claim that you wrote it.\n"
		"# 2. No Warranty.\n"
		"P: The Work is provided as is.\n"
		"P: END OF TERMS AND CONDITIONS\n");
	article_free(a);
}

static void test_code(void)
{
	struct article *a = expect("code.txt",
		"title: Building from source\n"
		"P: Install the dependencies first, then run:\n"
		"CODE:\n"
		"  |./configure --prefix=/usr\n"
		"  |make -j4\n"
		"  |\n"
		"  |    make check\n"
		"P: A C function, indented with tabs:\n"
		"CODE:\n"
		"  |static int twice(int x)\n"
		"  |{\n"
		"  |\treturn 2 * x;\n"
		"  |}\n"
		"P: The configuration file looks like this:\n"
		"CODE:\n"
		"  |[server]\n"
		"  |port    = 8080\n"
		"  |host    = localhost\n"
		"P: Mixed indentation keeps what is relative:\n"
		"CODE:\n"
		"  |first\n"
		"  |    second\n"
		"P: That is all.\n");

	if (!a)
		return;
	ok(a->nblocks > 3 && a->blocks[3].kind == BLOCK_CODE &&
	   strchr(article_str(a, a->blocks[3].text), '\t') != NULL,
	   "code: a tab inside the indentation is kept");
	article_free(a);
}

static void test_bytes(void)
{
	struct article *a;
	char *t;

	a = expect("crlf.txt",
		"title: Line endings\n"
		"P: This file was saved / on an old machine.\n"
		"LIST:\n"
		"  - one\n"
		"  - two\n"
		"P: Third line after a lone CR.\n");
	if (a) {
		ok(memchr(a->arena, '\r', a->arena_len) == NULL, "crlf: no CR anywhere in the article");
		article_free(a);
	}
	a = expect("bom.txt",
		"title: A title after a byte-order mark\n"
		"P: Text.\n");
	if (a) {
		t = text_of(a, a->title);
		ok(t && strncmp(t, "A title", 7) == 0, "bom: the mark is not part of the title");
		free(t);
		article_free(a);
	}
	expect_error("invalid-utf8.txt", "4:5: invalid UTF-8 at byte offset 21 (expected UTF-8 text)");
	expect_error("empty.txt", "1:1: empty file (expected some text)");
	expect_error("blank.txt", "1:1: empty file (expected some text)");
}

static void test_small_files(void)
{
	struct article *a = expect("no-headings.txt",
		"title: no-headings\n"
		"P: there is no title line here: the text starts straight away with a"
		" paragraph, hard-wrapped like an old e-mail, and goes on for a while.\n"
		"P: A second paragraph follows. It is short.\n"
		"P: And a third one ends the file.\n");

	if (a) {
		is_int((long long)a->nsections, 1, "no-headings: one section, the preamble");
		article_free(a);
	}
	a = expect("title-only.txt", "title: Just a title\n");
	if (a) {
		is_int((long long)a->nsections, 0, "title-only: no sections");
		is_int((long long)a->nblocks, 0, "title-only: no blocks");
		is_int((long long)a->nunits, 1, "title-only: one unit, the title");
		article_free(a);
	}
}

/* ---- In memory -------------------------------------------------------- */

static struct article *load(const char *src, size_t len, const char *name)
{
	struct load_error err;
	struct article *a = article_load_text(src, len, name, &err);

	if (!a)
		printf("#   %lu:%lu: %s\n", err.line, err.column, err.message);
	return a;
}

static void expect_src(const char *src, size_t len, const char *name, const char *want,
                       const char *what)
{
	struct article *a = load(src, len, name);
	char *got = a ? describe(a) : NULL;

	is_str(got, want, "%s", what);
	free(got);
	article_free(a);
}
#define EXPECT(src, want, what) expect_src(S(src), "t.txt", want, what)

static void test_rules(void)
{
	struct article *a;

	/* Markup characters are text, not markup. */
	a = load(S("Stars\n\nUse *stars*, **bold**, `ticks`, [a](b) and \\ freely.\n"), "t.txt");
	if (ok(a && a->nblocks == 1, "markup characters: loads")) {
		char *t = text_of(a, a->blocks[0].text);
		is_str(t, "Use *stars*, **bold**, `ticks`, [a](b) and \\ freely.",
		       "markup characters are kept as they are");
		is_int(a->blocks[0].text.span_count, 0, "... and make no spans");
		free(t);
	}
	article_free(a);

	/* Found by fuzz_text: numbers written "1. 1. 1." are shown counting on,
	 * so that --convert can say them (a list's numbers follow each other). */
	EXPECT("Shopping\n\n1. Milk\n1. Eggs\n1. Bread\n   1. white\n   1. brown\n",
	       "title: Shopping\nOLIST:\n  1. Milk\n  2. Eggs\n  3. Bread\n    1. white\n    2. brown\n",
	       "repeated numbers count on, at every level");
	EXPECT("T\n\n0. Zero\n\n0. Again\n", "title: T\nOLIST:\n  0. Zero\n  1. Again\n",
	       "a list may be numbered from 0 (also found by fuzz_text)");
	EXPECT("-*- t -*- t", "title: t\n", "a first line that is all decoration: the file's name "
	       "(found by fuzz_text)");

	/* Titles from the file name. */
	EXPECT("- a list first\n- then more\n", "title: t\nLIST:\n  - a list first\n  - then more\n",
	       "a file starting with a list is named after the file");
	expect_src(S("this starts with a\nwrapped paragraph.\n"), "-",
	           "title: Standard input\nP: this starts with a / wrapped paragraph.\n",
	           "standard input is 'Standard input'");
	expect_src(S("this starts with a\nwrapped paragraph.\n"), "/some/dir/notes.v2.txt",
	           "title: notes.v2\nP: this starts with a / wrapped paragraph.\n",
	           "a path gives its last component without extension");
	EXPECT("Copyright (C) 2025 Someone\n\nText.\n",
	       "title: t\nP: Copyright (C) 2025 Someone\nP: Text.\n",
	       "a copyright notice is not a title");

	/* Headings: what is one and what is not. */
	EXPECT("T\n\nIntro.\n\nshort lowercase line\n\nText.\n",
	       "title: T\nP: Intro.\nP: short lowercase line\nP: Text.\n",
	       "a line starting with a small letter is no heading");
	EXPECT("T\n\nIntro.\n\nOne\n\nTwo\n\nThree\n\nText.\n",
	       "title: T\nP: Intro.\nP: One\nP: Two\nP: Three\nP: Text.\n",
	       "three short lines in a row are notes, not headings");
	EXPECT("T\n\nIntro.\n\nPart One\n\nChapter 1\n\nText.\n",
	       "title: T\nP: Intro.\n# Part One\n# Chapter 1\nP: Text.\n",
	       "two in a row are both headings");
	EXPECT("T\n\nText.\n\nThanks\n",
	       "title: T\nP: Text.\nP: Thanks\n",
	       "a short line at the end of the file is no heading");
	EXPECT("T\n\nGet it at:\n\nExample Site\n\nText.\n",
	       "title: T\nP: Get it at:\nP: Example Site\nP: Text.\n",
	       "no heading right after a paragraph ending in ':'");
	EXPECT("T\n\nDownload it from\n\n  https://example.org/x\n\nText.\n",
	       "title: T\nP: Download it from\nP: https://example.org/x\nP: Text.\n",
	       "a line introducing an address is no heading");
	EXPECT("T\n\nText.\n\n1. Milk.\n\n2. Eggs.\n",
	       "title: T\nP: Text.\nOLIST:\n  1. Milk.\n  2. Eggs.\n",
	       "numbered lines with blank lines between are a list, not headings");
	EXPECT("T\n\nText.\n\nQ: Why?\n\nBecause.\n",
	       "title: T\nP: Text.\nP: Q: Why?\nP: Because.\n",
	       "a speaker's question is no heading");
	EXPECT("T\n\nText.\n\n*** Warning ***\n\nMore.\n",
	       "title: T\nP: Text.\n# Warning\nP: More.\n",
	       "a decorated line is a heading");
	EXPECT("T\n\nText.\n\nSee the notes [below]\n\nMore.\n",
	       "title: T\nP: Text.\nP: See the notes [below]\nP: More.\n",
	       "a line ending in ']' is no heading");
	EXPECT("T\n\nThe first paragraph of\nthe text.\nUnderlined\n==========\nBody.\n",
	       "title: T\nP: The first paragraph of / the text.\n# Underlined\nP: Body.\n",
	       "an underlined line ends the paragraph above it");
	EXPECT("T\n\nA paragraph that ends here.\n------------------------------------------\n",
	       "title: T\nP: A paragraph that ends here.\nRULE\n",
	       "a long row of dashes under a sentence is a rule");
	EXPECT("T\n\nNAME\n    glosa - read articles\n\nMore.\n",
	       "title: T\n# NAME\nP: glosa - read articles\nP: More.\n",
	       "a line in capitals over an indented body is a heading");

	/* Lists: every bullet. */
	{
		static const char *const bullets[] = {
			"•", "-", "*", "·", "+", "◦", "‣", "▪", "●", "○", "■", "□", "►", "▸",
		};
		char src[64], what[64];
		size_t i;
		for (i = 0; i < sizeof bullets / sizeof *bullets; i++) {
			int n = snprintf(src, sizeof src, "T\n\n%s one\n%s  two\n", bullets[i], bullets[i]);
			snprintf(what, sizeof what, "'%s' items make a list", bullets[i]);
			expect_src(src, (size_t)n, "t.txt", "title: T\nLIST:\n  - one\n  - two\n", what);
		}
	}
	EXPECT("T\n\nSome text:\n1) one\n2) two\n",
	       "title: T\nOLIST: [Some text]\n  1. one\n  2. two\n", "'1)' items");
	EXPECT("T\n\n3. three\n4. four\n", "title: T\nOLIST:\n  3. three\n  4. four\n",
	       "the numbers written are kept");
	EXPECT("T\n\n- one\n* two\n", "title: T\nLIST:\n  - one\nLIST:\n  - two\n",
	       "a different bullet starts another list");
	EXPECT("T\n\n- milk\n- eggs\nThat is all.\n",
	       "title: T\nLIST:\n  - milk\n  - eggs\nP: That is all.\n",
	       "a line at the items' indentation after a short item ends the list");
	EXPECT("T\n\n- first item\n\n  its second paragraph\n- second item\n",
	       "title: T\nLIST:\n  - first item / its second paragraph\n  - second item\n",
	       "an indented paragraph after a blank line belongs to the item");
	EXPECT("T\n\nWe bought milk and\n- eggs\n",
	       "title: T\nP: We bought milk and\nLIST:\n  - eggs\n",
	       "a bullet line ends the paragraph above it");
	EXPECT("T\n\nIt cost 3 dollars in\n2024. Then more.\n",
	       "title: T\nP: It cost 3 dollars in / 2024. Then more.\n",
	       "a line starting with a number other than 1 does not start a list");
	EXPECT("T\n\n- a\n  - b\n    - c\n      - d\n        - e\n          - f\n"
	       "            - g\n              - h\n                - i\n",
	       "title: T\nLIST:\n  - a\n    - b\n      - c\n        - d\n          - e\n"
	       "            - f\n              - g\n                - h - i\n",
	       "nesting stops at eight levels (deeper lines join the last item)");

	/* Quotations. */
	EXPECT("T\n\n\"Quoted\" he said, and left.\n- and then\n",
	       "title: T\nP: \"Quoted\" he said, and left.\nLIST:\n  - and then\n",
	       "a bullet after a quotation that is not a name stays a list");
	EXPECT("T\n\n“Line one,\nline two.”\n— Someone\n",
	       "title: T\nQUOTE: Line one, / line two. (by Someone)\n",
	       "a quotation keeps the line breaks of a short-lined passage");

	/* Code. */
	EXPECT("T\n\nText.\n\n    code\n\n\n    more code\n\nText.\n",
	       "title: T\nP: Text.\nCODE:\n  |code\n  |\n  |\n  |more code\nP: Text.\n",
	       "blank lines inside code are kept, however many");
	EXPECT("T\n\nRun:\n    make\nand done.\n",
	       "title: T\nP: Run:\nCODE:\n  |make\nP: and done.\n",
	       "code may follow a line ending in ':' directly");
}

/* ---- Hostile input ---------------------------------------------------- */

static double seconds(clock_t t0)
{
	return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

/* Loads, and took less than limit seconds. */
static void fast(const char *src, size_t len, double limit, const char *what)
{
	clock_t t0 = clock();
	struct article *a = load(src, len, "big.txt");
	double t = seconds(t0);

	ok(a != NULL && t < limit, "%s: loads in %.2f s", what, t);
	article_free(a);
}

static void test_big(void)
{
	size_t n = 50u << 20, i, len;
	char *big = malloc(n + 1);
	static const char *const lines[] = {
		"- item\n", "12. numbered\n", "Heading here\n", "\n", "    code\n",
		"A sentence of plain text that goes on for a while.\n", "“Quote” — Name\n",
		"=====\n", "* * *\n", "Q: who?\n",
	};

	/* One line of 50 MB: words, markup characters and wide characters. */
	for (i = 0; i < n;) {
		static const char word[] = "word *star* `tick` [a](b) 日本 ";
		size_t k = sizeof word - 1 < n - i ? sizeof word - 1 : n - i;
		memcpy(big + i, word, k);
		i += k;
	}
	while (n > 0 && ((unsigned char)big[n - 1] & 0xC0) == 0x80)
		n--; /* do not end in the middle of a character */
	if (n > 0 && (unsigned char)big[n - 1] >= 0xC0)
		n--;
	fast(big, n, 20.0, "a single line of 50 MB");

	/* 100,000 lines of every kind, and of single kinds. */
	for (i = len = 0; i < 100000; i++) {
		const char *l = lines[i % (sizeof lines / sizeof *lines)];
		memcpy(big + len, l, strlen(l));
		len += strlen(l);
	}
	fast(big, len, 5.0, "100,000 mixed lines");
	for (i = len = 0; i < 100000; i++)
		len += (size_t)sprintf(big + len, "x\n\n");
	fast(big, len, 5.0, "100,000 short lines standing alone");
	for (i = len = 0; i < 100000; i++)
		len += (size_t)sprintf(big + len, "%*s- item\n", (int)(i % 40), "");
	fast(big, len, 5.0, "100,000 list items at varying depths");
	for (i = len = 0; i < 100000; i++)
		len += (size_t)sprintf(big + len, "%zu. item\n\n", i % 999 + 1);
	fast(big, len, 5.0, "100,000 numbered lines standing alone");
	for (i = len = 0; i < 100000; i++)
		len += (size_t)sprintf(big + len, "“quote\n");
	fast(big, len, 5.0, "100,000 lines of one unclosed quotation");
	free(big);
}

/* Random pieces of every construct: nothing crashes, every block has
 * text and every heading a title. */
static void test_random(void)
{
	static const char *const toks[] = {
		"\n", "\n\n", " ", "    ", "\t", "- ", "* ", "• ", "1. ", "2) ", "(3) ", "a) ",
		"===", "---", "* * *", "“", "”", "\"", "«", "— ", "-- ", "Q: ", "word", "Word",
		"WORD", ".", "?", ":", "¿", "-*- outline -*-", "** ", "by ", "Copyright", "://",
		"\r", "\r\n", "\xEF\xBB\xBF", "é", "日本", "\\", "`", "[x](y)", "2.3 ", "\f",
		"\xC2\xA0", "(", "]", "~", "+ ",
	};
	char buf[4096];
	unsigned seed = 12345, iter, bad = 0;

	for (iter = 0; iter < 3000; iter++) {
		size_t len = 0;
		int k, n;
		struct load_error err;
		struct article *a;
		seed = seed * 1103515245u + 12345u;
		n = (int)(seed >> 16) % 120;
		for (k = 0; k < n; k++) {
			const char *t;
			seed = seed * 1103515245u + 12345u;
			t = toks[(seed >> 16) % (sizeof toks / sizeof *toks)];
			if (len + strlen(t) >= sizeof buf)
				break;
			memcpy(buf + len, t, strlen(t));
			len += strlen(t);
		}
		a = article_load_text(buf, len, "random.txt", &err);
		if (a) {
			size_t i;
			for (i = 0; i < a->nblocks; i++)
				if (a->blocks[i].kind != BLOCK_RULE && a->blocks[i].text.len == 0)
					bad++;
			for (i = 0; i < a->nsections; i++)
				if (!a->sections[i].preamble && a->sections[i].title.len == 0)
					bad++;
			article_free(a);
		}
	}
	is_int(bad, 0, "3000 random files: no empty block, no heading without a title");
}

int main(void)
{
	if (getenv("DATA"))
		data_dir = getenv("DATA");
	test_interview();
	test_essays();
	test_notes();
	test_journal();
	test_wrapped();
	test_quotes();
	test_headings();
	test_code();
	test_bytes();
	test_small_files();
	test_rules();
	test_big();
	test_random();
	return tap_done();
}
