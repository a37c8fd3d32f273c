#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/render.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

#define TAB_STOP 8

#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

/* Is every byte of s[0..n) printable ASCII (0x20 to 0x7E)? Such text is
 * its own sanitised form and one column a byte. Eight bytes at a time: a
 * byte is flagged when its top bit is set, when adding one sets it (0x7F)
 * or when subtracting 0x20 borrows (below 0x20); carries and borrows only
 * start at bytes that are flagged themselves. */
static bool printable_ascii(const char *s, size_t n)
{
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if ((w | (w + ONES) | ((w - ONES * 0x20) & ~w)) & HIGH)
			return false;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7E)
			return false;
	return true;
}

/* Append one segment; text is sanitised here, so nothing from the article
 * reaches the output unsafe. With tabs, tabs expand to the next stop
 * counted from column tab_origin. */
static void add_seg(struct rline *r, const char *s, size_t n, uint8_t style,
                    uint8_t attr, uint8_t mark, uint8_t color, int tab_origin)
{
	struct render_seg *seg;
	size_t off = r->text.len, i, from = 0, width = 0;

	if (n == 0)
		return;
	if (tab_origin >= 0 && memchr(s, '\t', n)) {
		int col = r->width - tab_origin;
		for (i = 0; i <= n; i++) {
			if (i < n && s[i] != '\t')
				continue;
			text_sanitize(&r->text, s + from, i - from);
			col += (int)text_width(s + from, i - from);
			if (i < n) {
				do {
					strbuf_addch(&r->text, ' ');
					col++;
				} while (col % TAB_STOP);
			}
			from = i + 1;
		}
		width = text_width(r->text.buf + off, r->text.len - off);
	} else if (printable_ascii(s, n)) {
		strbuf_add(&r->text, s, n);
		width = n;
	} else {
		width = text_sanitize_width(&r->text, s, n);
	}
	XGROW(r->segs, r->cap, r->nsegs + 1);
	seg = &r->segs[r->nsegs++];
	seg->off = (uint32_t)off;
	seg->len = (uint32_t)(r->text.len - off);
	seg->width = (uint16_t)width;
	seg->style = style;
	seg->attr = attr;
	seg->mark = mark;
	seg->color = color;
	r->width += seg->width;
}

static void add_str(struct rline *r, const char *s, uint8_t style)
{
	add_seg(r, s, strlen(s), style, 0, 0, MARK_NO_COLOR, -1);
}

/* s times over, as one segment. s is one of this file's own safe
 * strings, so it is appended as it is (add_seg would sanitise it to
 * itself) and measured once. */
static void add_repeat(struct rline *r, const char *s, int times, uint8_t style)
{
	struct render_seg *seg;
	size_t off = r->text.len, n = strlen(s);
	int w = (int)text_width(s, n);

	if (times <= 0)
		return;
	strbuf_grow(&r->text, n * (size_t)times);
	while (times-- > 0) {
		memcpy(r->text.buf + r->text.len, s, n);
		r->text.len += n;
	}
	r->text.buf[r->text.len] = '\0';
	XGROW(r->segs, r->cap, r->nsegs + 1);
	seg = &r->segs[r->nsegs++];
	seg->off = (uint32_t)off;
	seg->len = (uint32_t)(r->text.len - off);
	seg->width = (uint16_t)(w * (int)(seg->len / n));
	seg->style = style;
	seg->attr = 0;
	seg->mark = 0;
	seg->color = MARK_NO_COLOR;
	r->width += seg->width;
}

static void pad_to(struct rline *r, int col, uint8_t style)
{
	if (r->width < col)
		add_repeat(r, " ", col - r->width, style);
}

/* Cut the line to at most width columns, whole code points only. */
static void clip(struct rline *r, int width)
{
	int total = 0;
	size_t i;

	for (i = 0; i < r->nsegs; i++) {
		struct render_seg *seg = &r->segs[i];
		if (total + seg->width <= width) {
			total += seg->width;
			continue;
		}
		const char *s = r->text.buf + seg->off;
		size_t k = 0;
		int w = 0;
		while (k < seg->len) {
			uint32_t uc;
			int len = text_decode(s + k, seg->len - k, &uc);
			int cw = text_uc_width(uc);
			if (total + w + cw > width)
				break;
			w += cw;
			k += (size_t)len;
		}
		seg->len = (uint32_t)k;
		seg->width = (uint16_t)w;
		total += w;
		r->nsegs = k ? i + 1 : i;
		strbuf_truncate(&r->text, seg->off + k);
		break;
	}
	r->width = total;
}

static uint8_t base_style(const struct article *a, const struct unit *u)
{
	switch (u->kind) {
	case UNIT_TITLE:    return STYLE_TITLE;
	case UNIT_SUBTITLE: return STYLE_SUBTITLE;
	case UNIT_BYLINE:   return STYLE_BYLINE;
	case UNIT_SUMMARY:  return STYLE_SUMMARY;
	case UNIT_HEADING: {
		uint32_t d = a->sections[u->index].depth;
		return d == 1 ? STYLE_H1 : d == 2 ? STYLE_H2 : STYLE_H3;
	}
	case UNIT_BLOCK:
		switch (a->blocks[u->index].kind) {
		case BLOCK_QUOTE: return STYLE_QUOTE;
		case BLOCK_CODE:  return STYLE_CODE;
		case BLOCK_ASIDE: return STYLE_ASIDE;
		default:          return STYLE_TEXT;
		}
	}
	return STYLE_TEXT;
}

/* Text [start, end) of a text_ref, split wherever the inline attributes
 * or the marks change. */
static void add_text(struct rline *r, const struct article *a, struct text_ref t,
                     uint32_t start, uint32_t end, uint8_t style,
                     const struct render_mark *marks, size_t nmarks, int tab_origin)
{
	const char *s = article_str(a, t);
	const struct span *sp = article_spans(a, t);
	uint32_t ns = t.span_count, si = 0, pos = start;
	size_t m;

	{
		/* The first span ending after start: spans are sorted and disjoint,
		 * and a paragraph may hold hundreds of thousands of them. */
		uint32_t lo = 0, hi = ns;
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			if (sp[mid].end <= start)
				lo = mid + 1;
			else
				hi = mid;
		}
		si = lo;
	}
	while (pos < end) {
		uint32_t next = end;
		uint8_t attr = 0, mk = 0, color = MARK_NO_COLOR;
		int highlights = 0;
		while (si < ns && sp[si].end <= pos)
			si++;
		if (si < ns && sp[si].start <= pos) {
			attr = sp[si].attr;
			if (sp[si].end < next)
				next = sp[si].end;
		} else if (si < ns && sp[si].start < next) {
			next = sp[si].start;
		}
		for (m = 0; m < nmarks; m++) {
			if (marks[m].start <= pos && pos < marks[m].end) {
				mk |= marks[m].kind;
				if (marks[m].kind & MARK_HIGHLIGHT) {
					color = marks[m].color;
					highlights++;
				}
				if (marks[m].end < next)
					next = marks[m].end;
			} else if (marks[m].start > pos && marks[m].start < next) {
				next = marks[m].start;
			}
		}
		if (highlights > 1)
			mk |= MARK_OVERLAP;
		add_seg(r, s + pos, next - pos, style, attr, mk, color, tab_origin);
		pos = next;
	}
}

static void text_prefix(struct rline *r, struct layout *l, const struct unit *u,
                        const struct layout_line *ln)
{
	const struct article *a = layout_article(l);
	char buf[32];

	if (ln->indent == 0)
		return;
	if (u->kind == UNIT_HEADING) {
		const struct section *sec = &a->sections[u->index];
		if (ln->flags & LINE_FIRST)
			add_seg(r, section_number(a, sec), sec->number_len, STYLE_NUMBER, 0, 0,
			        MARK_NO_COLOR, -1);
		pad_to(r, ln->indent, STYLE_TEXT);
		return;
	}
	if (u->kind != UNIT_BLOCK)
		return;
	const struct block *b = &a->blocks[u->index];
	switch (b->kind) {
	case BLOCK_QUOTE:
		add_str(r, "  │ ", STYLE_DECO);
		break;
	case BLOCK_ASIDE:
		add_str(r, "│ ", STYLE_DECO);
		break;
	case BLOCK_LIST:
		if (ln->flags & LINE_FIRST) {
			int mw = layout_list_marker(l, b, ln->item, buf, sizeof buf);
			pad_to(r, ln->indent - mw, STYLE_TEXT);
			add_str(r, buf, STYLE_DECO);
		}
		pad_to(r, ln->indent, STYLE_TEXT);
		break;
	default:
		pad_to(r, ln->indent, STYLE_TEXT);
		break;
	}
}

static void box_top(struct rline *r, const struct article *a, const struct block *b, int W)
{
	if (b->label.len == 0) {
		add_str(r, "┌", STYLE_DECO);
		add_repeat(r, "─", W - 2, STYLE_DECO);
		add_str(r, "┐", STYLE_DECO);
		return;
	}
	add_str(r, "┌─ ", STYLE_DECO);
	add_text(r, a, b->label, 0, b->label.len, STYLE_ASIDE_TITLE, NULL, 0, -1);
	clip(r, W - 3);
	add_str(r, " ", STYLE_DECO);
	add_repeat(r, "─", W - 1 - r->width, STYLE_DECO);
	add_str(r, "┐", STYLE_DECO);
}

static void render_label(struct rline *r, const struct article *a, const struct block *b,
                         const struct layout_line *ln)
{
	uint8_t style = b->kind == BLOCK_QUOTE ? STYLE_ATTRIB
	              : b->kind == BLOCK_LIST ? STYLE_CAPTION : STYLE_ASIDE_TITLE;

	if (b->kind == BLOCK_QUOTE && ln->indent >= LAYOUT_QUOTE_INDENT) {
		add_str(r, "  │ ", STYLE_DECO);
		add_str(r, ln->flags & LINE_FIRST ? "— " : "  ", STYLE_ATTRIB);
	}
	add_text(r, a, b->label, ln->start, ln->end, style, NULL, 0, -1);
}

void render_line(struct layout *l, struct lpos p, const struct render_mark *marks,
                 size_t nmarks, struct rline *r)
{
	const struct article *a = layout_article(l);
	const struct layout_line *ln = layout_line_at(l, p);
	const struct unit *u = &a->units[p.unit];
	const struct block *b = u->kind == UNIT_BLOCK ? &a->blocks[u->index] : NULL;
	int W = layout_width(l);
	uint8_t style = base_style(a, u);

	strbuf_reset(&r->text);
	r->nsegs = 0;
	r->width = 0;
	switch (ln->kind) {
	case LINE_BLANK:
		break;
	case LINE_RULE:
		add_repeat(r, "─", W, STYLE_DECO);
		break;
	case LINE_ORNAMENT:
		pad_to(r, (W - 5) / 2, STYLE_TEXT);
		add_str(r, "* * *", STYLE_DECO);
		break;
	case LINE_BOX_TOP:
		box_top(r, a, b, W);
		break;
	case LINE_BOX_BOTTOM:
		add_str(r, "└", STYLE_DECO);
		add_repeat(r, "─", W - 2, STYLE_DECO);
		add_str(r, "┘", STYLE_DECO);
		break;
	case LINE_LABEL:
		render_label(r, a, b, ln);
		break;
	case LINE_TEXT:
		text_prefix(r, l, u, ln);
		add_text(r, a, article_unit_text(a, p.unit), ln->start, ln->end, style,
		         marks, nmarks, -1);
		if (b && b->kind == BLOCK_ASIDE && ln->indent) {
			pad_to(r, W - 2, STYLE_ASIDE);
			add_str(r, " │", STYLE_DECO);
		}
		break;
	case LINE_CODE:
		pad_to(r, ln->indent, STYLE_TEXT);
		add_text(r, a, b->text, ln->start, ln->end, STYLE_CODE, marks, nmarks, ln->indent);
		if (r->width > W) {
			clip(r, W - 1);
			pad_to(r, W - 1, STYLE_CODE);
			add_str(r, "›", STYLE_CLIP);
		}
		break;
	}
	if (r->width > W)
		clip(r, W);
}

void rline_release(struct rline *r)
{
	strbuf_release(&r->text);
	free(r->segs);
	r->segs = NULL;
	r->nsegs = r->cap = 0;
}

struct look render_look(uint8_t style, uint8_t attr, uint8_t mark, uint8_t color)
{
	struct look k = { 0, 0, 0, 0, 0, LOOK_DEFAULT, -1 };

	switch ((enum style)style) {
	case STYLE_TEXT:
	case STYLE_ASIDE:
		break;
	case STYLE_TITLE:
		k.bold = 1;
		k.fg = LOOK_YELLOW;
		break;
	case STYLE_SUBTITLE:
	case STYLE_SUMMARY:
		k.italic = 1;
		break;
	case STYLE_BYLINE:
		k.dim = 1;
		break;
	case STYLE_H1:
		k.bold = 1;
		k.underline = 1;
		k.fg = LOOK_YELLOW;
		break;
	case STYLE_H2:
		k.bold = 1;
		k.fg = LOOK_YELLOW;
		break;
	case STYLE_H3:
	case STYLE_CAPTION:
	case STYLE_ASIDE_TITLE:
		k.bold = 1;
		break;
	case STYLE_NUMBER:
		k.bold = 1;
		k.fg = LOOK_YELLOW;
		break;
	case STYLE_QUOTE:
		k.italic = 1;
		break;
	case STYLE_ATTRIB:
		k.dim = 1;
		break;
	case STYLE_CODE:
		k.fg = LOOK_GREEN;
		break;
	case STYLE_DECO:
	case STYLE_CLIP:
		k.fg = LOOK_BLUE;
		break;
	}
	if (attr & SPAN_EM)
		k.italic = 1;
	if (attr & SPAN_STRONG)
		k.bold = 1;
	if (attr & SPAN_CODE)
		k.fg = LOOK_GREEN;
	if (attr & SPAN_LINK) {
		k.underline = 1;
		k.fg = LOOK_CYAN;
	}
	if (mark & MARK_HIGHLIGHT) {
		k.hl = color == MARK_NO_COLOR ? 0 : color;
		if (mark & MARK_OVERLAP)
			k.underline = 1;
	}
	if (mark & (MARK_MATCH | MARK_CURRENT | MARK_SELECTION))
		k.reverse = 1;
	if (mark & MARK_CURRENT)
		k.fg = LOOK_YELLOW;
	if (mark & MARK_CARET) {
		k.reverse = !k.reverse;
		k.bold = 1;
		k.underline = 1;
	}
	return k;
}

/* yellow, green, blue, red, purple: pale enough for black text. */
static const int hl256[] = { 229, 157, 153, 217, 183 };
static const int hl8[] = { 3, 2, 6, 1, 5 };

int render_hl_color256(int i)
{
	return hl256[(unsigned)i % (sizeof hl256 / sizeof *hl256)];
}

int render_hl_color8(int i)
{
	return hl8[(unsigned)i % (sizeof hl8 / sizeof *hl8)];
}
