/* libFuzzer target: layout and render of random text at random widths.
 * Input: byte 0 picks the width (1..256), byte 1 the nesting; the rest
 * (valid UTF-8 only: the loader guarantees it) is split at 0x1E into
 * blocks, each starting with a byte that picks its kind, list items split
 * at '\n' and a label after 0x1F. Asserts: no rendered line is wider than
 * the width; every display line maps to a byte and back (layout_find of a
 * text line's first byte is that line); every byte maps to a line of its
 * unit; moving through the article by lines visits every line; a text
 * line is never clipped (its decoration and text fit). Lists nest. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>

#include <unigbrk.h>
#include <unistr.h>

#include "glosa/article.h"
#include "glosa/layout.h"
#include "glosa/render.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void add_block(struct article *a, uint32_t sec, const char *s, size_t n)
{
	enum block_kind kind = n ? (enum block_kind)((unsigned char)s[0] % 5) : BLOCK_PARAGRAPH;
	const char *label;
	size_t tlen, i, k, start;
	uint32_t b;

	if (n) {
		s++;
		n--;
	}
	label = n ? memchr(s, 0x1f, n) : NULL;
	tlen = label ? (size_t)(label - s) : n;
	b = article_add_block(a, sec, kind);
	switch (kind) {
	case BLOCK_CODE:
		a->blocks[b].text = article_add_plain(a, s, tlen);
		break;
	case BLOCK_LIST: {
		struct text_src *src = xmalloc((tlen + 1) * sizeof *src);
		for (i = 0, k = 0, start = 0; i <= tlen; i++) {
			if (i == tlen || s[i] == '\n') {
				src[k].s = s + start;
				src[k].len = i - start;
				k++;
				start = i + 1;
			}
		}
		{
			/* Nesting and numbers from the items' first bytes: a
			 * level at most one deeper than the item before, numbers
			 * up to 999999999 (the widest a list may show). */
			struct list_mark *marks = xmalloc((k + 1) * sizeof *marks);
			unsigned lv = 0;
			for (i = 0; i < k; i++) {
				unsigned char c = src[i].len ? (unsigned char)src[i].s[0] : 0;
				lv = i == 0 ? 0 : (c & 3) == 0 ? lv + 1 : (c & 3) == 1 && lv ? lv - 1 : lv;
				marks[i] = (struct list_mark){ c & 4 ? (c & 8 ? 999999999u : c) : 0,
				                               (uint8_t)lv, (c & 4) != 0 };
			}
			a->blocks[b].ordered = tlen & 1;
			article_set_list(a, b, src, marks, k);
			free(marks);
		}
		free(src);
		break;
	}
	default:
		a->blocks[b].text = article_add_markup(a, s, tlen);
		break;
	}
	if (label)
		a->blocks[b].label = article_add_folded(a, label + 1, n - tlen - 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s;
	size_t n, i, start, nblocks = 0;
	int width, nest;
	struct article *a;
	struct layout *l;
	struct rline r = RLINE_INIT;
	struct lpos p = { 0, 0 }, last;
	uint32_t sec, parent = ARTICLE_NONE, u, nl, j;
	unsigned long visited = 0, total = 0;

	if (size < 2 || size > 1 << 16)
		return 0;
	width = 1 + data[0];
	nest = data[1] % 4;
	s = (const char *)data + 2;
	n = size - 2;
	if (u8_check((const uint8_t *)s, n))
		return 0;

	a = article_new();
	a->title = article_add_folded(a, "A title long enough to wrap at narrow widths", 44);
	sec = article_add_section(a, ARTICLE_NONE);
	a->sections[sec].title = article_add_folded(a, "Section", 7);
	for (i = 0; i < (size_t)nest; i++) {
		parent = sec;
		sec = article_add_section(a, parent);
		a->sections[sec].title = article_add_folded(a, "Sub", 3);
	}
	for (i = 0, start = 0; i <= n && nblocks < 64; i++) {
		if (i == n || s[i] == 0x1e) {
			add_block(a, sec, s + start, i - start);
			nblocks++;
			start = i + 1;
		}
	}
	article_finish(a);

	l = layout_new(a, width);
	for (u = 0; u < a->nunits; u++) {
		const struct layout_line *lines = layout_unit_lines(l, u, &nl);
		struct text_ref t = article_unit_text(a, u);
		struct layout_line *copy = xmalloc(nl * sizeof *copy);
		memcpy(copy, lines, nl * sizeof *copy);
		total += nl;
		for (j = 0; j < nl; j++) {
			struct lpos q = { u, j };
			render_line(l, q, NULL, 0, &r);
			if (r.width > width)
				abort();
			if (text_width(r.text.buf, r.text.len) > (size_t)width)
				abort();
			/* Nothing is clipped from a text line: its decoration and
			 * its text fit, unless it is one grapheme too wide. */
			if (copy[j].kind == LINE_TEXT && copy[j].end > copy[j].start &&
			    copy[j].indent + text_width(t.len ? article_str(a, t) + copy[j].start : "",
			                                copy[j].end - copy[j].start) > (size_t)width &&
			    u8_grapheme_next((const uint8_t *)article_str(a, t) + copy[j].start,
			                     (const uint8_t *)article_str(a, t) + copy[j].end) !=
			        (const uint8_t *)article_str(a, t) + copy[j].end)
				abort();
			if ((copy[j].kind == LINE_TEXT || copy[j].kind == LINE_CODE) &&
			    copy[j].start < copy[j].end) {
				struct lpos f = layout_find(l, u, copy[j].start);
				if (f.unit != u || f.line != j)
					abort();
				if (layout_line_byte(l, q) != copy[j].start)
					abort();
			}
		}
		/* Every byte of the unit's text is on a line of the unit. */
		for (i = 0; i <= t.len; i += 1 + i / 64) {
			struct lpos f = layout_find(l, u, (uint32_t)i);
			if (f.unit != u || f.line >= nl)
				abort();
		}
		free(copy);
	}
	/* Walking the whole article line by line visits every line. */
	last = layout_last(l);
	for (;;) {
		visited++;
		if (p.unit == last.unit && p.line == last.line)
			break;
		if (layout_move(l, &p, 1) != 1)
			abort();
	}
	if (visited != total)
		abort();
	/* And at another width. */
	layout_set_width(l, 1 + (width * 7) % 200);
	p = layout_last(l);
	render_line(l, p, NULL, 0, &r);
	if (r.width > layout_width(l))
		abort();
	rline_release(&r);
	layout_free(l);
	article_free(a);
	return 0;
}
