/* Layout and render: wrapping by display width at many widths, never a
 * line wider than the width, no text lost, positions and lines mapping
 * both ways, and the exact look of every block kind. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/dump.h"
#include "glosa/layout.h"
#include "glosa/render.h"
#include "glosa/text.h"
#include "tap.h"

#define S(x) x, strlen(x)

static const char *const samples[] = {
	"The quick brown fox jumps over the lazy dog, and then it jumps back again.",
	"¿Dónde está la vocación? El niño comió ñandú asado con pimentón en Cádiz.",
	"日本語の文章は単語の間に空白がありませんが、正しく折り返されるべきです。中文也一样。",
	"Emoji: 👋🏽 hello 👩‍💻 coder 👨‍👩‍👧 family 🇪🇸 flag, all kept whole.",
	"Combining: cafe\xcc\x81 re\xcc\x81sume\xcc\x81 man\xcc\x83" "ana n\xcc\x83 and more e\xcc\x81" "e\xcc\x81" "e\xcc\x81.",
	"A URL: https://example.org/a/very/long/path/that/does/not/fit/on/any/reasonable/line/at/all?q=1&r=2",
	"Controls \x1b[31m red \x07 bell \xe2\x80\xae reversed and tab\tinside.",
	"Supercalifragilisticexpialidocious-antidisestablishmentarianism-pneumonoultramicroscopic",
};
#define NSAMPLES (sizeof samples / sizeof *samples)

static struct article *make_samples(void)
{
	struct article *a = article_new();
	uint32_t s, b;
	size_t i;

	a->title = article_add_folded(a, S("Samples of every script and a rather long title"));
	s = article_add_section(a, ARTICLE_NONE);
	a->sections[s].title = article_add_folded(a, S("Wrapping in many languages and widths"));
	for (i = 0; i < NSAMPLES; i++) {
		b = article_add_block(a, s, i % 3 == 1 ? BLOCK_QUOTE : i % 3 == 2 ? BLOCK_ASIDE
		                                                              : BLOCK_PARAGRAPH);
		a->blocks[b].text = article_add_markup(a, S(samples[i]));
	}
	b = article_add_block(a, s, BLOCK_LIST);
	{
		struct text_src items[] = { { S(samples[1]) }, { S(samples[2]) }, { S(samples[5]) } };
		article_set_items(a, b, items, 3);
		a->blocks[b].ordered = true;
	}
	article_finish(a);
	return a;
}

/* Every non-space byte of each text unit appears on exactly one line, in
 * order, and every line fits. */
static void check_width(struct article *a, int width)
{
	struct layout *l = layout_new(a, width);
	struct rline r = RLINE_INIT;
	struct lpos p = { 0, 0 };
	int too_wide = 0, bad_cover = 0, lines = 0;
	uint32_t u;

	do {
		render_line(l, p, NULL, 0, &r);
		if (r.width > width || (int)text_width(r.text.buf, r.text.len) > width)
			too_wide++;
		lines++;
	} while (layout_move(l, &p, 1) == 1);
	for (u = 0; u < a->nunits; u++) {
		struct text_ref t = article_unit_text(a, u);
		const char *s = article_str(a, t);
		uint32_t n, i, next = 0;
		const struct layout_line *ls = layout_unit_lines(l, u, &n);
		if (a->units[u].kind == UNIT_BLOCK && a->blocks[a->units[u].index].kind == BLOCK_LIST)
			continue; /* items are checked as paragraphs elsewhere */
		for (i = 0; i < n; i++) {
			if (ls[i].kind != LINE_TEXT)
				continue;
			while (next < ls[i].start && s[next] == ' ')
				next++;
			if (ls[i].start != next)
				bad_cover++;
			next = ls[i].end;
		}
		while (next < t.len && s[next] == ' ')
			next++;
		if (next != t.len)
			bad_cover++;
	}
	ok(too_wide == 0, "width %d: no line wider than the width (%d lines, %d too wide)",
	   width, lines, too_wide);
	ok(bad_cover == 0, "width %d: every byte of text on exactly one line (%d gaps)",
	   width, bad_cover);
	rline_release(&r);
	layout_free(l);
}

/* Position -> line -> position: every code point is found on a line that
 * holds it, and a line's first byte finds that line. */
static void check_roundtrip(struct article *a, int width)
{
	struct layout *l = layout_new(a, width);
	int bad = 0, checked = 0;
	uint32_t u;

	for (u = 0; u < a->nunits; u++) {
		struct text_ref t = article_unit_text(a, u);
		const char *s = article_str(a, t);
		uint32_t byte = 0;
		while (byte < t.len) {
			uint32_t uc;
			struct lpos p = layout_find(l, u, byte);
			const struct layout_line *ln = layout_line_at(l, p);
			if (s[byte] != ' ' && s[byte] != '\n' && !(ln->start <= byte && byte < ln->end))
				bad++;
			if (layout_line_byte(l, p) != ln->start)
				bad++;
			checked++;
			byte += (uint32_t)text_decode(s + byte, t.len - byte, &uc);
		}
	}
	ok(bad == 0, "width %d: %d positions map to their line and back (%d wrong)",
	   width, checked, bad);
	layout_free(l);
}

static char *dump_to_string(struct article *a, int width)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	dump_article(a, width, false, f);
	fclose(f);
	return buf;
}

static void check_wrap_points(void)
{
	struct article *a = article_new();
	uint32_t s, b;
	char *out;

	a->title = article_add_folded(a, S("T"));
	s = article_add_section(a, ARTICLE_NONE);
	a->sections[s].title = article_add_folded(a, S("S"));
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, S("the quick brown fox jumps"));
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, S("日本語の文章です"));
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, S("abcdefghijklmnopqrstuvwxyz"));
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, S("cafe\xcc\x81 cafe\xcc\x81"));
	article_finish(a);
	out = dump_to_string(a, 10);
	is_str(out,
	       "T\n\n──────────\n\n1 S\n\n"
	       "the quick\nbrown fox\njumps\n\n"
	       "日本語の文\n章です\n\n"
	       "abcdefghij\nklmnopqrst\nuvwxyz\n\n"
	       "cafe\xcc\x81 cafe\xcc\x81\n\n",
	       "width 10: breaks at spaces, between CJK characters, inside long words");
	free(out);
	out = dump_to_string(a, 4);
	ok(strstr(out, "cafe\xcc\x81\ncafe\xcc\x81\n") != NULL,
	   "a combining accent stays with its letter");
	free(out);
	article_free(a);
}

static void check_blocks(void)
{
	struct article *a = article_new();
	uint32_t s, s2, b;
	char *out;

	a->title = article_add_folded(a, S("A tour"));
	a->subtitle = article_add_folded(a, S("Reading in the terminal"));
	article_add_author(a, S("Ana Pérez"));
	a->date = article_add_folded(a, S("2026-11-28"));
	a->summary = article_add_markup(a, S("One paragraph under the title."));
	s = article_add_section(a, ARTICLE_NONE);
	a->sections[s].title = article_add_folded(a, S("Getting around"));
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, S("A *paragraph* that wraps at thirty columns."));
	b = article_add_block(a, s, BLOCK_QUOTE);
	a->blocks[b].text = article_add_markup(a, S("Quoted text, wrapped and indented."));
	a->blocks[b].label = article_add_folded(a, S("Somebody"));
	b = article_add_block(a, s, BLOCK_LIST);
	{
		struct text_src items[] = { { S("first item") }, { S("a second item that wraps") } };
		article_set_items(a, b, items, 2);
	}
	b = article_add_block(a, s, BLOCK_LIST);
	{
		struct text_src items[] = { { S("one") }, { S("two") } };
		article_set_items(a, b, items, 2);
		a->blocks[b].ordered = true;
		a->blocks[b].label = article_add_folded(a, S("Key points"));
	}
	s2 = article_add_section(a, s);
	a->sections[s2].title = article_add_folded(a, S("A subsection"));
	b = article_add_block(a, s2, BLOCK_CODE);
	a->blocks[b].text = article_add_plain(a, S("make check\n\tindented\na line far too long to fit here\n"));
	b = article_add_block(a, s2, BLOCK_ASIDE);
	a->blocks[b].text = article_add_markup(a, S("A boxed callout."));
	a->blocks[b].label = article_add_folded(a, S("Note"));
	article_finish(a);
	out = dump_to_string(a, 30);
	is_str(out,
	       "A tour\n"
	       "Reading in the terminal\n"
	       "Ana Pérez · 2026-11-28\n"
	       "\n"
	       "One paragraph under the title.\n"
	       "\n"
	       "──────────────────────────────\n"
	       "\n"
	       "1 Getting around\n"
	       "\n"
	       "A paragraph that wraps at\n"
	       "thirty columns.\n"
	       "\n"
	       "  │ Quoted text, wrapped and\n"
	       "  │ indented.\n"
	       "  │ — Somebody\n"
	       "\n"
	       "  • first item\n"
	       "  • a second item that wraps\n"
	       "\n"
	       "Key points\n"
	       "  1. one\n"
	       "  2. two\n"
	       "\n"
	       "1.1 A subsection\n"
	       "\n"
	       "  make check\n"
	       "          indented\n"
	       "  a line far too long to fit ›\n"
	       "\n"
	       "┌─ Note ─────────────────────┐\n"
	       "│ A boxed callout.           │\n"
	       "└────────────────────────────┘\n"
	       "\n",
	       "every block kind at width 30");
	free(out);
	article_free(a);
}

int main(void)
{
	static const int widths[] = { 1, 2, 3, 5, 10, 16, 17, 20, 25, 40, 79, 80, 200 };
	struct article *a = make_samples();
	size_t i;

	for (i = 0; i < sizeof widths / sizeof *widths; i++) {
		check_width(a, widths[i]);
		check_roundtrip(a, widths[i]);
	}
	check_wrap_points();
	check_blocks();
	article_free(a);
	return tap_done();
}
