/* The model: numbering, reading order, units, progress counts. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "glosa/article.h"
#include "tap.h"

#define S(x) x, strlen(x)

static const char *text_of(const struct article *a, struct text_ref r)
{
	return article_str(a, r);
}

int main(void)
{
	struct article *a = article_new();
	uint32_t s1, s2, s21, s211, s22, s3, b;

	a->title = article_add_folded(a, S("  A   title "));
	article_add_author(a, S("Ana Pérez"));
	article_add_author(a, S("Jonas\n Brandt"));
	a->date = article_add_folded(a, S("2026-11-28"));
	s1 = article_add_section(a, ARTICLE_NONE);
	a->sections[s1].title = article_add_folded(a, S("One"));
	s2 = article_add_section(a, ARTICLE_NONE);
	a->sections[s2].title = article_add_folded(a, S("Two"));
	s21 = article_add_section(a, s2);
	a->sections[s21].title = article_add_folded(a, S("Two one"));
	s211 = article_add_section(a, s21);
	a->sections[s211].title = article_add_folded(a, S("Deep"));
	s22 = article_add_section(a, s2);
	a->sections[s22].title = article_add_folded(a, S("Two two"));
	s3 = article_add_section(a, ARTICLE_NONE);
	a->sections[s3].title = article_add_folded(a, S("Three"));
	/* Blocks added out of section order, as a loader may meet them. */
	b = article_add_block(a, s21, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, S("in 2.1"));
	b = article_add_block(a, s2, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, S("in 2, first"));
	b = article_add_block(a, s1, BLOCK_CODE);
	a->blocks[b].text = article_add_plain(a, S("  code\n\tline\n"));
	b = article_add_block(a, s2, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, S("in 2, *second*"));
	b = article_add_block(a, s3, BLOCK_LIST);
	{
		struct text_src items[] = { { S("one") }, { S("*two*") }, { S("three") } };
		article_set_items(a, b, items, 3);
	}
	article_finish(a);

	is_str(text_of(a, a->title), "A title", "title folded");
	is_str(text_of(a, a->authors), "Ana Pérez, Jonas Brandt", "authors joined");
	is_int((long long)a->nauthors, 2, "two authors");
	is_str(text_of(a, a->byline), "Ana Pérez, Jonas Brandt · 2026-11-28", "byline composed");
	is_str(section_number(a, &a->sections[s1]), "1", "first section is 1");
	is_str(section_number(a, &a->sections[s21]), "2.1", "child numbered 2.1");
	is_str(section_number(a, &a->sections[s211]), "2.1.1", "grandchild numbered 2.1.1");
	is_str(section_number(a, &a->sections[s22]), "2.2", "second child 2.2");
	is_str(section_number(a, &a->sections[s3]), "3", "third section 3");
	is_int(a->sections[s211].depth, 3, "depth of 2.1.1");
	is_int(a->sections[s2].end, s22 + 1, "section 2 ends after 2.2");
	is_int(a->sections[s21].end, s211 + 1, "section 2.1 ends after 2.1.1");
	is_int(article_find_section(a, "2.2"), s22, "find section by number");
	is_int(article_find_section(a, "9"), ARTICLE_NONE, "unknown number");
	is_int(article_find_section(a, "1"), s1, "find 1");
	is_int(article_find_section(a, "2"), s2, "find 2");
	is_int(article_find_section(a, "2.1"), s21, "find 2.1");
	is_int(article_find_section(a, "2.1.1"), s211, "find 2.1.1");
	is_int(article_find_section(a, "3"), s3, "find 3");
	is_int(article_find_section(a, "2.1.2"), ARTICLE_NONE, "2.1.2 is not there");
	is_int(article_find_section(a, ""), ARTICLE_NONE, "an empty number");
	is_int(article_find_section(a, "x"), ARTICLE_NONE, "not a number");
	is_int(article_find_section(a, "02.1"), s21, "a leading zero is the same number");
	is_int(article_find_section(a, "18446744073709551617"), ARTICLE_NONE,
	       "a number past 2^64 does not wrap round to 1");
	is_int(article_find_section(a, "2.18446744073709551618"), ARTICLE_NONE,
	       "nor does a part past 2^64 wrap round to 2");
	is_int(article_find_section(a, "2.1."), ARTICLE_NONE, "a trailing dot");
	is_int(a->sections[s2].block_count, 2, "section 2 has its two blocks");
	is_str(text_of(a, a->blocks[a->sections[s2].block_first].text), "in 2, first",
	       "blocks of a section keep their order");
	is_str(text_of(a, a->blocks[a->sections[s2].block_first + 1].text), "in 2, second",
	       "second block of section 2");
	is_str(text_of(a, a->blocks[a->sections[s1].block_first].text), "  code\n\tline",
	       "code kept exactly, final newline dropped");
	b = a->sections[s3].block_first;
	is_str(text_of(a, a->blocks[b].text), "one\ntwo\nthree", "list items joined by newlines");
	is_int(a->items[a->blocks[b].item_first + 2], 8, "third item starts at byte 8");
	is_int(a->blocks[b].text.span_count, 1, "list item markup kept");
	is_int(article_spans(a, a->blocks[b].text)[0].start, 4, "span offset within joined text");

	/* Units: title, byline, then heading and blocks per section. */
	is_int((long long)a->nunits, 2 + 6 + 5, "units: 2 header, 6 headings, 5 blocks");
	is_int(a->units[0].kind, UNIT_TITLE, "unit 0 is the title");
	is_int(a->units[1].kind, UNIT_BYLINE, "unit 1 is the byline");
	is_int(a->units[2].kind, UNIT_HEADING, "unit 2 is heading 1");
	is_int(a->units[3].kind, UNIT_BLOCK, "unit 3 is the code block");
	is_int(a->sections[s2].unit, 4, "heading 2 is unit 4");
	is_int(article_block_unit(a, a->sections[s2].block_first + 1), 6, "block to unit");
	is_int(a->units[6].section, s2, "unit knows its section");
	is_int((long long)a->unit_bytes[a->nunits],
	       (long long)(a->unit_bytes[a->nunits - 1] + a->blocks[b].text.len),
	       "progress counts add up");
	article_free(a);

	/* Binary search over numbers that sort as numbers: 2.9 before 2.10. */
	a = article_new();
	a->title = article_add_folded(a, S("Many"));
	{
		uint32_t top[12], sub[12], i, bad = 0;
		char num[16];
		for (i = 0; i < 12; i++) {
			top[i] = article_add_section(a, ARTICLE_NONE);
			if (i == 1) {
				uint32_t k;
				for (k = 0; k < 12; k++)
					sub[k] = article_add_section(a, top[i]);
			}
		}
		article_finish(a);
		for (i = 0; i < 12; i++) {
			snprintf(num, sizeof num, "%u", i + 1);
			bad += article_find_section(a, num) != top[i];
			snprintf(num, sizeof num, "2.%u", i + 1);
			bad += article_find_section(a, num) != sub[i];
		}
		is_int(bad, 0, "all 24 sections of 1..12 and 2.1..2.12 are found");
	}
	article_free(a);
	return tap_done();
}
