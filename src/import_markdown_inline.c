#include "config.h"

/* The Markdown importer's inline content: the text and spans of one block,
 * built from libcmark's inline nodes exactly as markup_parse would make
 * them: white space folded to one space and trimmed, a line break with no
 * space on either side, and a space between two runs carrying only the
 * attributes both runs share (a span never starts or ends with a space).
 * Also what makes a paragraph a GitHub table, which CommonMark does not
 * know: such a paragraph keeps one row a line, without its delimiter row.
 * import_markdown.c drives it; see import_markdown.h. */

#include <cmark.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"
#include "import_markdown.h"

void md_inl_reset(struct inl *ib)
{
	strbuf_reset(&ib->text);
	strbuf_reset(&ib->urls);
	ib->nspans = 0;
	ib->space = ib->link_on = ib->image_open = ib->plain = ib->code_edge = false;
	ib->table = false;
	ib->breaks = ib->lines = ib->em = ib->strong = ib->link = ib->image = ib->row = 0;
	ib->last_attr = ib->image_attr = 0;
	ib->last_url = ib->url_off = ib->url_len = 0;
	ib->line_start = 0;
}

/* The attributes of text met now; code for a code span's. Text of an
 * image takes those around the image, none of its own. */
static uint8_t inl_attr(const struct inl *ib, bool code)
{
	uint8_t at = ib->image_attr;

	if (!ib->image) {
		at = (uint8_t)((ib->link ? SPAN_LINK : 0) | (ib->em ? SPAN_EM : 0) |
		               (ib->strong ? SPAN_STRONG : 0) | (code ? SPAN_CODE : 0));
	}
	if (!ib->link_on)
		at &= (uint8_t)~SPAN_LINK;
	return at;
}

static void put_raw(struct inl *ib, const char *s, size_t n, uint8_t at)
{
	size_t start = ib->text.len;
	struct span *last = ib->nspans ? &ib->spans[ib->nspans - 1] : NULL;

	strbuf_add(&ib->text, s, n);
	if (last && last->end == start && last->attr == at &&
	    (!(at & SPAN_LINK) || last->url_off == ib->url_off)) {
		last->end = (uint32_t)ib->text.len;
	} else if (at) {
		XGROW(ib->spans, ib->cap, ib->nspans + 1);
		ib->spans[ib->nspans++] = (struct span){
			(uint32_t)start, (uint32_t)ib->text.len,
			at & SPAN_LINK ? ib->url_off : 0, at & SPAN_LINK ? ib->url_len : 0, at
		};
	}
	ib->last_attr = at;
	ib->last_url = ib->url_off;
}

/* What a space or break between the last run and one with at carries:
 * what both have, but a link only if it is the same one, and code only
 * inside one code span (markup ends a code span at its closing tick). */
static uint8_t meet(const struct inl *ib, uint8_t at)
{
	uint8_t m = ib->last_attr & at;

	if ((m & SPAN_LINK) && ib->last_url != ib->url_off)
		m &= (uint8_t)~SPAN_LINK;
	if (ib->code_edge)
		m &= (uint8_t)~SPAN_CODE;
	return m;
}

/* Write s[0..n), which holds no white space, after what is pending. */
static void put(struct inl *ib, const char *s, size_t n, uint8_t at)
{
	if ((at & SPAN_LINK) && (ib->last_attr != at || ib->last_url != ib->url_off)) {
		if (*ib->budget <= ib->url_len) {
			ib->link_on = false; /* the rest of the link is plain text */
			at &= (uint8_t)~SPAN_LINK;
		} else {
			*ib->budget -= ib->url_len + 1;
		}
	}
	if (ib->breaks && ib->text.len) {
		uint8_t m = meet(ib, at);
		for (; ib->breaks; ib->breaks--)
			put_raw(ib, "\n", 1, m);
	} else if (ib->space && ib->text.len && ib->text.buf[ib->text.len - 1] != '\n') {
		put_raw(ib, " ", 1, meet(ib, at));
	}
	ib->breaks = 0;
	ib->space = false;
	ib->code_edge = false;
	put_raw(ib, s, n, at);
}

static void put_word(struct inl *ib, const char *s, size_t n, uint8_t at)
{
	if (ib->image && !ib->image_open) {
		put(ib, "[image:", 7, at);
		ib->image_open = true;
		ib->space = true;
	}
	put(ib, s, n, at);
}

/* Text of a text node, code span or inline HTML, white space folded. */
static void inl_text(struct inl *ib, const char *s, bool code)
{
	uint8_t at = inl_attr(ib, code);
	size_t i = 0, j;

	if (ib->table && ib->row == 1)
		return; /* the delimiter row */
	if (ib->table && code && strstr(s, "\\|")) {
		/* In a table a backslash escapes a pipe, in code too (GFM). */
		const char *p;
		strbuf_reset(&ib->scratch);
		for (p = s; *p; p++)
			if (!(p[0] == '\\' && p[1] == '|'))
				strbuf_addch(&ib->scratch, *p);
		s = ib->scratch.buf;
	}
	ib->code_edge |= code;
	while (s[i]) {
		if (md_is_ws(s[i])) {
			ib->space = true;
			i++;
			continue;
		}
		for (j = i + 1; s[j] && !md_is_ws(s[j]); j++)
			;
		put_word(ib, s + i, j - i, at);
		i = j;
	}
	ib->code_edge |= code;
}

/* A link's target, with ')' (which ends a target in markup), white space
 * and control characters percent-encoded: the same address. */
static void add_url(struct strbuf *sb, const char *u)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *u; u++) {
		unsigned char c = (unsigned char)*u;
		if (c == ')' || c <= ' ' || c == 0x7F) {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			strbuf_add(sb, e, 3);
		} else {
			strbuf_addch(sb, (char)c);
		}
	}
}

/* An inline node met by the walk. */
void md_inl_node(struct inl *ib, cmark_node *node, cmark_event_type ev)
{
	bool enter = ev == CMARK_EVENT_ENTER;

	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_HTML_INLINE:
		inl_text(ib, cmark_node_get_literal(node), false);
		break;
	case CMARK_NODE_CODE:
		inl_text(ib, cmark_node_get_literal(node), true);
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		ib->lines++;
		ib->line_start = ib->text.len;
		if (ib->table) {
			if (++ib->row != 1)
				ib->breaks = 1;
		} else if (cmark_node_get_type(node) == CMARK_NODE_SOFTBREAK || ib->plain ||
		           ib->image)
			ib->space = true;
		else
			ib->breaks++;
		break;
	case CMARK_NODE_EMPH:
		if (enter)
			ib->em++;
		else
			ib->em--;
		break;
	case CMARK_NODE_STRONG:
		if (enter)
			ib->strong++;
		else
			ib->strong--;
		break;
	case CMARK_NODE_LINK:
		if (!enter) {
			if (--ib->link == 0)
				ib->link_on = false;
		} else if (ib->link++ == 0 && !ib->image) {
			/* cmark makes no link inside a link; an image's own
			 * links are only text. */
			ib->url_off = (uint32_t)ib->urls.len;
			add_url(&ib->urls, cmark_node_get_url(node));
			ib->url_len = (uint32_t)(ib->urls.len - ib->url_off);
			ib->link_on = true;
		}
		break;
	case CMARK_NODE_IMAGE:
		if (enter) {
			if (ib->image == 0) {
				ib->image_attr = inl_attr(ib, false);
				ib->image_open = false;
			}
			ib->image++;
		} else if (ib->image == 1) {
			uint8_t at = inl_attr(ib, false);
			if (ib->image_open) {
				ib->space = false;
				ib->breaks = 0;
				put(ib, "]", 1, at);
			} else {
				put(ib, "[image]", 7, at);
			}
			ib->image = 0;
		} else {
			ib->image--;
		}
		break;
	default:
		break;
	}
}

/* ---- Tables ------------------------------------------------------------ */

/* Cells of a table row: its '|' (a first and a last one aside) plus one;
 * for a delimiter row (|---|:-:|), 0 unless every cell is dashes. */
static unsigned row_cells(const char *s, size_t n, bool delimiter)
{
	size_t i, cell = 0;
	unsigned cells = 1;

	while (n > 0 && md_is_ws(s[n - 1]))
		n--;
	for (i = 0; i < n && md_is_ws(s[i]); i++)
		;
	if (i < n && s[i] == '|')
		i++;
	if (n > i && s[n - 1] == '|')
		n--;
	for (; i <= n; i++) {
		if (i < n && s[i] != '|') {
			if (delimiter && s[i] != '-' && s[i] != ':' && !md_is_ws(s[i]))
				return 0;
			cell += s[i] == '-';
			continue;
		}
		if (delimiter && cell == 0)
			return 0;
		cell = 0;
		cells += i < n;
	}
	return cells;
}

/* Is the paragraph a table (GitHub's, not CommonMark's, so cmark leaves
 * it a paragraph): a first line with '|', then a delimiter row with as
 * many cells? Looks at those two lines only. */
bool md_is_table(cmark_node *para)
{
	cmark_iter *it = cmark_iter_new(para);
	struct strbuf line[2] = { STRBUF_INIT, STRBUF_INIT };
	unsigned k = 0, cells;
	bool plain = true, table;
	cmark_event_type ev;

	while (k < 2 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
			k++;
		} else if (t == CMARK_NODE_TEXT) {
			strbuf_addstr(&line[k], cmark_node_get_literal(node));
		} else if (t != CMARK_NODE_PARAGRAPH && ev == CMARK_EVENT_ENTER) {
			strbuf_addch(&line[k], 'x'); /* code spans' '|' do not count */
			plain = plain && k == 0;
		}
	}
	cmark_iter_free(it);
	cells = row_cells(line[1].buf, line[1].len, true);
	table = k >= 1 && plain && cells > 0 && memchr(line[0].buf, '|', line[0].len) &&
	        row_cells(line[0].buf, line[0].len, false) == cells;
	strbuf_release(&line[0]);
	strbuf_release(&line[1]);
	return table;
}
