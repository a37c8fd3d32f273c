#include "config.h"

/* The plain-text importer's lists: the items of one list, nested up to
 * LEVEL_MAX deep, with their continuation lines and later paragraphs.
 * Which lines are items, and which go on with one, is said under Lists
 * in the rules at the top of import_text.c. */

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/markup.h"
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"

#include "import_text.h"

#define LEVEL_MAX 8      /* deepest list nesting */

/* Items of a list being read: their markup in one buffer. */
struct items {
	struct strbuf text;
	size_t *start;
	struct list_mark *marks;
	size_t n, cap, marks_cap;
};

static void item_new(struct items *it, uint32_t number, unsigned depth, bool numbered)
{
	XGROW(it->start, it->cap, it->n + 1);
	XGROW(it->marks, it->marks_cap, it->n + 1);
	it->start[it->n] = it->text.len;
	it->marks[it->n] = (struct list_mark){ number, (uint8_t)depth, numbered };
	it->n++;
}

/* Append line j's content from byte skip on to the last item. */
static void item_add(const struct importer *p, struct items *it, size_t j, size_t skip)
{
	markup_escape(tx_content(p, j) + skip, p->lines[j].len - skip, &it->text);
}

/* The levels of a list being read: indentation, kind and last number. */
struct levels {
	unsigned indent[LEVEL_MAX];
	enum mark kind[LEVEL_MAX];
	char style[LEVEL_MAX];
	uint32_t number[LEVEL_MAX]; /* as written on the last item */
	uint32_t shown[LEVEL_MAX];  /* as shown: numbers never repeat */
	unsigned depth;
};

/* Is the marker line f an item of the list (at level *level), or only a
 * line that happens to start with "7." or "-"? 1: an item; 0: not one;
 * -1: it ends the list. */
static int list_item(const struct importer *p, size_t f, const struct levels *lv,
                     unsigned *level)
{
	struct marker m;
	unsigned x = p->lines[f].indent, d = lv->depth;

	if (!tx_parse_marker(p, f, &m) || tx_is_rule(p, f))
		return 0;
	if (x >= lv->indent[d] + 2) {
		/* A nested list starts with a bullet, 1 or a. */
		if (d + 1 >= LEVEL_MAX || (m.kind != MARK_BULLET && m.number != 1))
			return 0;
		*level = d + 1;
		return 1;
	}
	if (x + 1 < lv->indent[0])
		return -1;
	while (d > 0 && x + 1 < lv->indent[d])
		d--;
	*level = d;
	if (m.kind == MARK_BULLET && lv->kind[d] == MARK_BULLET)
		return d > 0 || m.style == lv->style[0] ? 1 : -1; /* "-" then "*": two lists */
	if (m.kind == lv->kind[d] && (m.number == lv->number[d] + 1 || m.number == lv->number[d]))
		return 1;
	return d == 0 && (m.kind == MARK_BULLET) != (lv->kind[0] == MARK_BULLET) ? -1 : 0;
}

size_t tx_parse_list(struct importer *p, size_t i, const char *cap, size_t capn)
{
	struct items it = { STRBUF_INIT, NULL, NULL, 0, 0, 0 };
	struct levels lv;
	unsigned item_indent, level = 0;
	struct marker m;
	size_t j = i, prev = i, k;
	struct text_src *src;
	uint32_t b;
	bool wrapped;

	tx_parse_marker(p, i, &m);
	memset(&lv, 0, sizeof lv);
	lv.indent[0] = p->lines[i].indent;
	lv.kind[0] = m.kind;
	lv.style[0] = m.style;
	for (;;) {
		/* Line j is an item, at level `level`. */
		bool first = it.n == 0 || level > lv.depth;
		tx_parse_marker(p, j, &m);
		if (level > lv.depth) {
			lv.indent[level] = p->lines[j].indent;
			lv.kind[level] = m.kind;
			lv.style[level] = m.style;
		}
		lv.depth = level;
		/* "1. 1. 1." counts on, as Markdown does: a list's numbers
		 * follow each other, which the YAML format can say. */
		lv.shown[level] = first ? m.number : lv.shown[level] + 1;
		lv.number[level] = m.number;
		item_new(&it, m.kind == MARK_BULLET ? 0 : lv.shown[level], level, m.kind != MARK_BULLET);
		item_indent = p->lines[j].indent;
		item_add(p, &it, j, m.skip);
		prev = j++;
		wrapped = false;
		/* Its continuation lines. */
		for (;;) {
			struct seg ps;
			const char *s;
			size_t n, f;
			struct marker mf;
			int r;
			if (j >= p->n)
				goto done;
			if (p->lines[j].blank) {
				f = tx_next_chunk(p, prev);
				if (f >= p->n)
					goto done;
				if (list_item(p, f, &lv, &level) == 1) {
					j = f;
					break;
				}
				if (!tx_parse_marker(p, f, &mf) && p->lines[f].indent > item_indent &&
				    p->lines[f].indent + 1 >= m.col && p->lines[f].indent < m.col + 4 &&
				    !tx_setext_at(p, f)) {
					/* Another paragraph of the item. */
					strbuf_addstr(&it.text, "\\\n");
					item_add(p, &it, f, 0);
					prev = f;
					j = f + 1;
					continue;
				}
				goto done;
			}
			if (tx_is_rule(p, j) || tx_setext_at(p, j) == 2 || tx_is_underline(p, j))
				goto done;
			r = list_item(p, j, &lv, &level);
			if (r == 1)
				break;
			if (r < 0)
				goto done;
			s = tx_content(p, j);
			n = p->lines[j].len;
			ps.s = tx_content(p, prev);
			ps.n = p->lines[prev].len;
			ps.endcol = p->lines[prev].indent + p->lines[prev].width;
			if (wrapped || p->lines[j].indent > item_indent ||
			    (p->wrap >= WRAP_MIN && tx_full_break(&ps, s, n, p->wrap)) ||
			    (tx_starts_lower(s, n) && !tx_ends_sentence(ps.s, ps.n))) {
				/* Once an item goes on at its own indentation, the
				 * following lines of the chunk do too. */
				wrapped = p->lines[j].indent <= item_indent;
				if (!tx_hyphen_join(ps.s, ps.n, s, n))
					strbuf_addch(&it.text, '\n');
				item_add(p, &it, j, 0);
				prev = j++;
				continue;
			}
			goto done;
		}
	}
done:
	src = xmalloc(it.n * sizeof *src);
	for (k = 0; k < it.n; k++) {
		size_t end = k + 1 < it.n ? it.start[k + 1] : it.text.len;
		src[k].s = it.text.buf + it.start[k];
		src[k].len = end - it.start[k];
	}
	b = article_add_block(p->a, p->section, BLOCK_LIST);
	p->a->blocks[b].ordered = lv.kind[0] != MARK_BULLET;
	if (cap)
		p->a->blocks[b].label = article_add_folded(p->a, cap, capn);
	article_set_list(p->a, b, src, it.marks, it.n);
	free(src);
	free(it.start);
	free(it.marks);
	strbuf_release(&it.text);
	p->ctx = lv.indent[0];
	p->prev_colon = false;
	return j;
}
