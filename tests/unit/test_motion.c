/* Caret motions: characters, words, sentences, blocks, lines. */
#include "config.h"

#include <string.h>

#include "glosa/article.h"
#include "glosa/layout.h"
#include "glosa/motion.h"
#include "tap.h"

#define S(x) x, strlen(x)

static const char *at(const struct article *a, struct caret c)
{
	return article_str(a, article_unit_text(a, c.unit)) + c.byte;
}

static int starts(const struct article *a, struct caret c, const char *prefix)
{
	return strncmp(at(a, c), prefix, strlen(prefix)) == 0;
}

int main(void)
{
	struct article *a = article_new();
	uint32_t s, b, p1, p2;
	struct caret c;
	struct text_range r;
	struct layout *l;

	a->title = article_add_folded(a, S("Title"));
	s = article_add_section(a, ARTICLE_NONE);
	a->sections[s].title = article_add_folded(a, S("Section"));
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a,
		S("First sentence here. Second one, «quoted»! Third? Don't stop: 3.14 is pi."));
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, S("¿Dónde está? Café olé. 日本語の文章。次の文。"));
	b = article_add_block(a, s, BLOCK_LIST);
	{
		struct text_src items[] = { { S("item one") }, { S("item two") } };
		article_set_items(a, b, items, 2);
	}
	article_finish(a);
	p1 = article_block_unit(a, 0);
	p2 = article_block_unit(a, 1);

	is_int(motion_block_unit(a, 0, true), p1, "first block unit skips title and heading");
	c = (struct caret){ p1, 0 };
	ok(motion_word(a, &c, true) && starts(a, c, "sentence"), "w: next word");
	ok(motion_word(a, &c, true) && starts(a, c, "here"), "w: next word again");
	ok(motion_word(a, &c, true) && starts(a, c, "Second"), "w: skips the full stop");
	ok(motion_word(a, &c, false) && starts(a, c, "here"), "b: previous word");
	c = (struct caret){ p1, 0 };
	ok(motion_sentence(a, &c, true) && starts(a, c, "Second one"), "): next sentence");
	ok(motion_sentence(a, &c, true) && starts(a, c, "Third?"), "): after ! and a closing quote");
	ok(motion_sentence(a, &c, true) && starts(a, c, "Don't stop: 3.14"), "): after ?");
	ok(motion_sentence(a, &c, true) && c.unit == p2 && c.byte == 0,
	   "): 3.14 is not a sentence end; the next block starts one");
	ok(motion_sentence(a, &c, true) && starts(a, c, "Café"), "): after a Spanish ?");
	ok(motion_sentence(a, &c, true) && starts(a, c, "日本語"), "): after a full stop");
	ok(motion_sentence(a, &c, true) && starts(a, c, "次の文"), "): after an ideographic full stop");
	ok(motion_sentence(a, &c, false) && starts(a, c, "日本語"), "(: previous sentence");
	c = (struct caret){ p1, 0 };
	motion_word(a, &c, true);
	r = motion_sentence_at(a, c);
	is_int(r.sb, 0, "sentence under the caret starts at 0");
	is_int(r.eb, (long long)strlen("First sentence here."), "and ends after its full stop");
	r = motion_word_at(a, c);
	is_int(r.eb - r.sb, (long long)strlen("sentence"), "word under the caret");
	c = (struct caret){ p1, 5 };
	ok(motion_block(a, &c, false) && c.byte == 0 && c.unit == p1, "{: start of this block");
	ok(motion_block(a, &c, true) && c.unit == p2, "}: next block");
	ok(motion_block(a, &c, true) && c.unit == p2 + 1, "}: the list");
	ok(!motion_block(a, &c, true), "}: no block after the last");
	c = (struct caret){ p2 + 1, 0 };
	ok(motion_sentence(a, &c, true) && starts(a, c, "item two"), "): each list item is a sentence");
	c = (struct caret){ p2, 0 };
	ok(motion_char(a, &c, true) && starts(a, c, "Dónde"), "l: one character (¿ is 2 bytes)");
	ok(motion_char(a, &c, false) && c.byte == 0, "h: back");
	ok(motion_char(a, &c, false) && c.unit == p1, "h at a block start goes to the previous block");
	c = (struct caret){ p1, 0 };
	ok(!motion_char(a, &c, false), "h at the first character stays");
	ok(!motion_word(a, &c, false), "b at the first word stays");

	/* Lines at width 20 */
	l = layout_new(a, 20);
	c = (struct caret){ p1, 0 };
	ok(motion_line(l, &c, 1, 0) && starts(a, c, "Second"), "j: next display line, column 0");
	is_int(motion_column(l, c), 0, "column 0");
	motion_line_edge(l, &c, true);
	ok(at(a, c)[0] != ' ', "$: last character of the line, not a space");
	motion_line_edge(l, &c, false);
	ok(starts(a, c, "Second"), "0: line start");
	c = (struct caret){ p1, 0 };
	ok(motion_line(l, &c, 1, 3) && motion_column(l, c) == 3, "j keeps the column");
	c = (struct caret){ p1, 0 };
	ok(!motion_line(l, &c, -1, 0), "k on the first line of the first block stays");
	c = (struct caret){ p2, 0 };
	ok(motion_line(l, &c, -1, 0) && c.unit == p1, "k crosses into the previous block");
	layout_free(l);
	article_free(a);
	return tap_done();
}
