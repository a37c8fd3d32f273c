#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unigbrk.h>
#include <unilbrk.h>
#include <unistr.h>

#include "glosa/layout.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

/* Lines are appended to one array as units are laid out, in whatever
 * order they are visited; first[u] says where unit u's lines are. */
struct layout {
	const struct article *a;
	int width;
	struct layout_line *lines;
	size_t nlines, cap;
	uint32_t *first;  /* UINT32_MAX: not laid out yet */
	uint32_t *count;
	char *brk;        /* scratch for line-break opportunities */
	size_t brk_cap;
	/* Marker widths of the list last asked about: a list of 100,000
	 * items is measured once, not once an item. */
	const struct block *mw_block;
	int mw[LAYOUT_LIST_LEVELS];
};

#define NOT_LAID UINT32_MAX

struct layout *layout_new(const struct article *a, int width)
{
	struct layout *l = xcalloc(1, sizeof *l);

	l->a = a;
	l->first = xmalloc((a->nunits + 1) * sizeof *l->first);
	l->count = xmalloc((a->nunits + 1) * sizeof *l->count);
	layout_set_width(l, width);
	return l;
}

void layout_free(struct layout *l)
{
	if (!l)
		return;
	free(l->lines);
	free(l->first);
	free(l->count);
	free(l->brk);
	free(l);
}

void layout_set_width(struct layout *l, int width)
{
	size_t i;

	l->width = width < 1 ? 1 : width;
	l->nlines = 0;
	for (i = 0; i < l->a->nunits; i++)
		l->first[i] = NOT_LAID;
}

int layout_width(const struct layout *l)
{
	return l->width;
}

const struct article *layout_article(const struct layout *l)
{
	return l->a;
}

static bool deco(const struct layout *l)
{
	return l->width >= LAYOUT_MIN_DECO;
}

static int digits(uint32_t n)
{
	int d = 1;
	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* Columns a list's markers take at each level: "• " or the widest
 * number with its ". ". */
static const int *marker_widths(struct layout *l, const struct block *b)
{
	const struct article *a = l->a;
	uint32_t maxnum[LAYOUT_LIST_LEVELS] = { 0 }, i;
	int *mw = l->mw, lv;

	if (l->mw_block == b)
		return mw;
	l->mw_block = b;
	for (i = 0; i < b->item_count; i++) {
		const struct list_mark *m = &a->item_marks[b->item_first + i];
		lv = m->level < LAYOUT_LIST_LEVELS ? m->level : LAYOUT_LIST_LEVELS - 1;
		if (m->numbered && m->number + 1 > maxnum[lv])
			maxnum[lv] = m->number + 1; /* 0 is a number: one digit */
	}
	for (lv = 0; lv < LAYOUT_LIST_LEVELS; lv++)
		mw[lv] = maxnum[lv] ? digits(maxnum[lv] - 1) + 2 : 2;
	return mw;
}

int layout_list_text_column(struct layout *l, const struct block *b, uint32_t item)
{
	const struct article *a = l->a;
	const int *mw;
	int col = 2, lv, level;

	if (!deco(l))
		return 0;
	mw = marker_widths(l, b);
	level = a->item_marks[b->item_first + item].level;
	/* Each level starts where its parent's text does; past half the
	 * width, deeper levels stop moving right. */
	for (lv = 0; lv <= level; lv++) {
		int m = mw[lv < LAYOUT_LIST_LEVELS ? lv : LAYOUT_LIST_LEVELS - 1];
		if (lv > 0 && col + m > l->width / 2)
			break;
		col += m;
	}
	return col;
}

int layout_list_marker(struct layout *l, const struct block *b, uint32_t item,
                       char *buf, size_t size)
{
	static const char *const bullets[] = { "•", "◦", "▪" };
	const struct list_mark *m = &l->a->item_marks[b->item_first + item];
	const int *mw = marker_widths(l, b);
	int lv = m->level < LAYOUT_LIST_LEVELS ? m->level : LAYOUT_LIST_LEVELS - 1;

	if (m->numbered)
		snprintf(buf, size, "%*u. ", mw[lv] - 2, m->number);
	else
		snprintf(buf, size, "%s ", bullets[m->level % 3]);
	return m->numbered ? mw[lv] : 2;
}

int layout_heading_indent(const struct layout *l, const struct section *s)
{
	int w = (int)s->number_len + 1;

	if (article_section_own_number(l->a, s))
		return 0;
	return l->width - w >= 8 ? w : 0;
}

static void push(struct layout *l, uint8_t kind, uint32_t start, uint32_t end,
                 int indent, uint8_t flags, uint32_t item)
{
	XGROW(l->lines, l->cap, l->nlines + 1);
	l->lines[l->nlines++] = (struct layout_line){
		start, end, item, (uint16_t)indent, kind, flags
	};
}

static size_t trim_spaces(const char *s, size_t from, size_t to)
{
	while (to > from && s[to - 1] == ' ')
		to--;
	return to;
}

/* Largest grapheme boundary g in (pos, limit] whose text from pos fits
 * width; at least one whole grapheme, even if it alone is too wide. */
static size_t grapheme_cut(const char *s, size_t pos, size_t limit, int width)
{
	const uint8_t *b = (const uint8_t *)s;
	const uint8_t *p = b + pos, *next;
	size_t best = 0;
	int w = 0;

	while ((size_t)(p - b) < limit) {
		next = u8_grapheme_next(p, b + limit);
		if (!next)
			break;
		w += (int)text_width((const char *)p, (size_t)(next - p));
		if (w > width && best)
			break;
		best = (size_t)(next - b);
		if (w >= width)
			break;
		p = next;
	}
	return best ? best : limit;
}

/* Line breaking of printable ASCII text, exactly as libunistring's
 * u8_possible_linebreaks (1.0) does it, for a fraction of its cost. For
 * these 95 characters UAX #14 reduces to a pair table: whether a break may
 * come before a character depends only on the class of the last non-space
 * character before it and on whether spaces came between (D: a break;
 * I: a break only after spaces; P: none). The classes and the table were
 * derived from libunistring itself, and tests/unit/test_speedpaths.c
 * compares the two on millions of random strings. Classes are named after
 * UAX #14's (AL also holds # & * < = > @ ^ _ ` ~; PR also holds % + \\). */
enum { LB_EX, LB_QU, LB_AL, LB_PR, LB_OP, LB_CP, LB_IS, LB_HY, LB_NU, LB_BA, LB_CL, LB_SP };

static const uint8_t lb_class[95] = { /* ' ' to '~' */
	LB_SP, LB_EX, LB_QU, LB_AL, LB_PR, LB_PR, LB_AL, LB_QU,
	LB_OP, LB_CP, LB_AL, LB_PR, LB_IS, LB_HY, LB_IS, LB_IS,
	LB_NU, LB_NU, LB_NU, LB_NU, LB_NU, LB_NU, LB_NU, LB_NU,
	LB_NU, LB_NU, LB_IS, LB_IS, LB_AL, LB_AL, LB_AL, LB_EX,
	LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL,
	LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL,
	LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL,
	LB_AL, LB_AL, LB_AL, LB_OP, LB_PR, LB_CP, LB_AL, LB_AL,
	LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL,
	LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL,
	LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL, LB_AL,
	LB_AL, LB_AL, LB_AL, LB_OP, LB_BA, LB_CL, LB_AL,
};

/* Bit 0: a break without spaces between; bit 1: a break after spaces. */
enum { P = 0, I = 2, D = 3 };

_Static_assert(UC_BREAK_POSSIBLE == UC_BREAK_PROHIBITED + 1, "break values");

static const uint8_t lb_pair[LB_SP + 1][LB_SP] = { /* [before][after] */
	{ P, I, D, D, D, P, P, I, D, I, P }, /* after EX */
	{ P, I, I, I, P, P, P, I, I, I, P }, /* after QU */
	{ P, I, I, I, I, P, P, I, I, I, P }, /* after AL */
	{ P, I, I, D, I, P, P, I, I, I, P }, /* after PR */
	{ P, P, P, P, P, P, P, P, P, P, P }, /* after OP */
	{ P, I, I, I, D, P, P, I, I, I, P }, /* after CP */
	{ P, I, D, D, D, P, P, I, I, I, P }, /* after IS */
	{ P, I, D, D, D, P, P, I, I, I, P }, /* after HY */
	{ P, I, I, I, I, P, P, I, I, I, P }, /* after NU */
	{ P, I, D, D, D, P, P, I, D, I, P }, /* after BA */
	{ P, I, D, I, D, P, P, I, D, I, P }, /* after CL */
	{ P, P, P, P, P, P, P, P, P, P, P }, /* at the start, or after spaces only */
};

static inline bool is_letter(unsigned char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26;
}

/* Fill p[0..n) exactly as u8_possible_linebreaks(s, n, "UTF-8", p) does.
 * Printable ASCII goes through the pair table; each stretch holding any
 * other byte is given to libunistring, from the last restart point before
 * it to the first one after it. A restart point is a letter after a
 * space: there the state of the pair table (the last class AL, no space
 * pending) is the state libunistring starts a string in, so the break
 * opportunities after it do not depend on what came before; the break
 * before it, which does, is taken from the pass that reached it. */
static void linebreaks(const char *s, size_t n, char *p)
{
	int prev = LB_SP; /* the last non-space's class; LB_SP: none yet */
	unsigned space = 0;
	size_t i = 0, from = 0, restart, k;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		int cls;
		if (c < 0x20 || c > 0x7E) {
			char keep;
			/* The last restart point at or after from (where this
			 * pass began), else from itself. */
			for (restart = i; restart > from; restart--)
				if (s[restart - 1] == ' ' && is_letter((unsigned char)s[restart]))
					break;
			keep = p[restart];
			for (k = i + 1; k < n; k++)
				if (s[k - 1] == ' ' && is_letter((unsigned char)s[k]))
					break;
			k = k < n ? k + 1 : n;
			u8_possible_linebreaks((const uint8_t *)s + restart, k - restart, "UTF-8",
			                       p + restart);
			if (restart > 0)
				p[restart] = keep;
			if (k == n)
				return;
			from = k - 1;
			prev = LB_AL;
			space = 0;
			i = k;
			continue;
		}
		cls = lb_class[c - 0x20];
		if (cls == LB_SP) {
			p[i++] = UC_BREAK_PROHIBITED;
			space = 1;
			continue;
		}
		/* D allows a break either way, I only after spaces. */
		p[i++] = (char)(UC_BREAK_PROHIBITED + ((lb_pair[prev][cls] >> space) & 1));
		prev = cls;
		space = 0;
	}
}

/* Greedy fill of s[start..end) into lines at most width columns wide,
 * breaking at UAX #14 opportunities and, inside a word wider than the
 * line, between grapheme clusters. */
static void wrap(struct layout *l, uint8_t kind, const char *s, size_t start, size_t end,
                 int width, int indent, int first_indent, uint32_t item)
{
	size_t n = end - start, pos = start, i, last, cut;
	uint8_t flags = LINE_FIRST;
	int w;

	if (width < 1)
		width = 1;
	if (n == 0) {
		push(l, kind, start, start, first_indent, flags, item);
		return;
	}
	XGROW(l->brk, l->brk_cap, n);
	linebreaks(s + start, n, l->brk);
	while (pos < end) {
		int avail = width - (flags ? first_indent - indent : 0);
		if (avail < 1)
			avail = 1;
		while (pos < end && s[pos] == ' ')
			pos++;
		if (pos >= end)
			break;
		w = 0;
		last = 0;
		i = pos;
		while (i < end) {
			uint32_t uc = (unsigned char)s[i];
			int k = 1, cw = 1; /* ASCII: one byte, one column */
			if (uc >= 0x7F) {
				k = text_decode(s + i, end - i, &uc);
				cw = text_uc_width(uc);
			}
			if (w + cw > avail && uc != ' ')
				break;
			w += cw;
			i += (size_t)k;
		}
		/* The last break opportunity in (pos, i]: bytes inside a code
		 * point never have one, so a byte scan back finds it. */
		if (i < end)
			for (last = i; last > pos; last--)
				if (l->brk[last - start] == UC_BREAK_POSSIBLE)
					break;
		if (i >= end) {
			cut = end;
		} else if (last > pos) {
			cut = last;
		} else {
			cut = grapheme_cut(s, pos, i > pos ? i : end, avail);
			if (cut <= pos)
				cut = i > pos ? i : end;
		}
		push(l, kind, (uint32_t)pos, (uint32_t)trim_spaces(s, pos, cut),
		     flags ? first_indent : indent, flags, item);
		flags = 0;
		pos = cut;
	}
	if (flags) /* only spaces */
		push(l, kind, (uint32_t)start, (uint32_t)start, first_indent, flags, item);
}

/* wrap, with a line break in the text (a hard break) ending a line. */
static void wrap_breaks(struct layout *l, uint8_t kind, const char *s, size_t start,
                        size_t end, int width, int indent, int first_indent, uint32_t item)
{
	const char *nl;
	size_t before = l->nlines;

	while ((nl = memchr(s + start, '\n', end - start)) != NULL) {
		size_t cut = (size_t)(nl - s);
		wrap(l, kind, s, start, cut, width, indent, first_indent, item);
		start = cut + 1;
		first_indent = indent;
	}
	wrap(l, kind, s, start, end, width, indent, first_indent, item);
	/* Only the very first line is the item's or the heading's first. */
	for (before++; before < l->nlines; before++)
		l->lines[before].flags &= (uint8_t)~LINE_FIRST;
}

static void lay_code(struct layout *l, const char *s, uint32_t len)
{
	int indent = deco(l) ? LAYOUT_CODE_INDENT : 0;
	uint32_t pos = 0;
	const char *nl;

	for (;;) {
		nl = memchr(s + pos, '\n', len - pos);
		uint32_t end = nl ? (uint32_t)(nl - s) : len;
		push(l, LINE_CODE, pos, end, indent, LINE_FIRST, 0);
		if (!nl)
			break;
		pos = end + 1;
	}
}

static void lay_list(struct layout *l, const struct block *b, const char *s)
{
	const struct article *a = l->a;
	uint32_t i;

	if (b->label.len)
		wrap(l, LINE_LABEL, article_str(a, b->label), 0, b->label.len,
		     l->width, 0, 0, 0);
	for (i = 0; i < b->item_count; i++) {
		int col = layout_list_text_column(l, b, i);
		uint32_t start = a->items[b->item_first + i];
		uint32_t end = i + 1 < b->item_count ? a->items[b->item_first + i + 1] - 1
		                                     : b->text.len;
		wrap_breaks(l, LINE_TEXT, s, start, end, l->width - col, col, col, i);
	}
}

static void lay_block(struct layout *l, const struct block *b)
{
	const struct article *a = l->a;
	const char *s = article_str(a, b->text);
	int W = l->width;

	switch (b->kind) {
	case BLOCK_PARAGRAPH:
		wrap_breaks(l, LINE_TEXT, s, 0, b->text.len, W, 0, 0, 0);
		break;
	case BLOCK_RULE:
		push(l, LINE_ORNAMENT, 0, 0, 0, LINE_FIRST, 0);
		break;
	case BLOCK_QUOTE: {
		int in = deco(l) ? LAYOUT_QUOTE_INDENT : 0;
		wrap_breaks(l, LINE_TEXT, s, 0, b->text.len, W - in, in, in, 0);
		if (b->label.len) /* "— " before the attribution */
			wrap(l, LINE_LABEL, article_str(a, b->label), 0, b->label.len,
			     W - in - 2, in + 2, in + 2, 0);
		break;
	}
	case BLOCK_LIST:
		lay_list(l, b, s);
		break;
	case BLOCK_CODE:
		lay_code(l, s, b->text.len);
		break;
	case BLOCK_ASIDE: {
		int in = deco(l) ? LAYOUT_ASIDE_INDENT : 0;
		if (deco(l))
			push(l, LINE_BOX_TOP, 0, b->label.len, 0, LINE_FIRST, 0);
		else if (b->label.len)
			wrap(l, LINE_LABEL, article_str(a, b->label), 0, b->label.len, W, 0, 0, 0);
		wrap_breaks(l, LINE_TEXT, s, 0, b->text.len, W - 2 * in, in, in, 0);
		if (deco(l))
			push(l, LINE_BOX_BOTTOM, 0, 0, 0, 0, 0);
		break;
	}
	}
}

static bool is_header_unit(enum unit_kind k)
{
	return k == UNIT_TITLE || k == UNIT_SUBTITLE || k == UNIT_BYLINE || k == UNIT_SUMMARY;
}

static void lay_unit(struct layout *l, uint32_t u)
{
	const struct article *a = l->a;
	const struct unit *un = &a->units[u];
	struct text_ref t = article_unit_text(a, u);
	const char *s = article_str(a, t);
	bool last_header = is_header_unit(un->kind) &&
	                   (u + 1 >= a->nunits || !is_header_unit(a->units[u + 1].kind));

	switch (un->kind) {
	case UNIT_TITLE:
	case UNIT_SUBTITLE:
	case UNIT_BYLINE:
		wrap(l, LINE_TEXT, s, 0, t.len, l->width, 0, 0, 0);
		break;
	case UNIT_SUMMARY:
		push(l, LINE_BLANK, 0, 0, 0, 0, 0);
		wrap_breaks(l, LINE_TEXT, s, 0, t.len, l->width, 0, 0, 0);
		break;
	case UNIT_HEADING: {
		const struct section *sec = &a->sections[un->index];
		int in = layout_heading_indent(l, sec);
		if (sec->depth == 1 && u > 0 && !is_header_unit(a->units[u - 1].kind))
			push(l, LINE_BLANK, 0, 0, 0, 0, 0);
		wrap(l, LINE_TEXT, s, 0, t.len, l->width - in, in, in, 0);
		push(l, LINE_BLANK, 0, 0, 0, 0, 0);
		return;
	}
	case UNIT_BLOCK:
		lay_block(l, &a->blocks[un->index]);
		push(l, LINE_BLANK, 0, 0, 0, 0, 0);
		return;
	}
	if (last_header) {
		push(l, LINE_BLANK, 0, 0, 0, 0, 0);
		push(l, LINE_RULE, 0, 0, 0, 0, 0);
		push(l, LINE_BLANK, 0, 0, 0, 0, 0);
	}
}

const struct layout_line *layout_unit_lines(struct layout *l, uint32_t u, uint32_t *n)
{
	if (l->first[u] == NOT_LAID) {
		size_t before = l->nlines;
		lay_unit(l, u);
		if (l->nlines == before) /* an empty title: keep one line */
			push(l, LINE_BLANK, 0, 0, 0, 0, 0);
		l->first[u] = (uint32_t)before;
		l->count[u] = (uint32_t)(l->nlines - before);
	}
	*n = l->count[u];
	return l->lines + l->first[u];
}

const struct layout_line *layout_line_at(struct layout *l, struct lpos p)
{
	uint32_t n;
	const struct layout_line *ls = layout_unit_lines(l, p.unit, &n);

	return &ls[p.line < n ? p.line : n - 1];
}

long layout_move(struct layout *l, struct lpos *p, long delta)
{
	long moved = 0;
	uint32_t n;

	layout_unit_lines(l, p->unit, &n);
	while (delta > 0) {
		long left = (long)n - 1 - (long)p->line;
		if (left >= delta) {
			p->line += (uint32_t)delta;
			moved += delta;
			break;
		}
		if (p->unit + 1 >= l->a->nunits) {
			p->line = n - 1;
			moved += left;
			break;
		}
		moved += left + 1;
		delta -= left + 1;
		p->unit++;
		p->line = 0;
		layout_unit_lines(l, p->unit, &n);
	}
	while (delta < 0) {
		if ((long)p->line >= -delta) {
			p->line -= (uint32_t)-delta;
			moved += delta;
			break;
		}
		if (p->unit == 0) {
			moved -= p->line;
			p->line = 0;
			break;
		}
		moved -= p->line + 1;
		delta += p->line + 1;
		p->unit--;
		layout_unit_lines(l, p->unit, &n);
		p->line = n - 1;
	}
	return moved;
}

struct lpos layout_last(struct layout *l)
{
	struct lpos p = { (uint32_t)l->a->nunits - 1, 0 };
	uint32_t n;

	layout_unit_lines(l, p.unit, &n);
	p.line = n - 1;
	return p;
}

static bool carries_text(const struct layout_line *ln)
{
	return ln->kind == LINE_TEXT || ln->kind == LINE_CODE;
}

struct lpos layout_find(struct layout *l, uint32_t unit, uint32_t byte)
{
	struct lpos p = { unit, 0 };
	uint32_t n, i;
	const struct layout_line *ls = layout_unit_lines(l, unit, &n);
	bool seen = false;

	for (i = 0; i < n; i++) {
		if (!carries_text(&ls[i]))
			continue;
		if (!seen || ls[i].start <= byte) {
			p.line = i;
			seen = true;
		}
		if (ls[i].start > byte)
			break;
	}
	return p;
}

uint32_t layout_line_byte(struct layout *l, struct lpos p)
{
	uint32_t n, i;
	const struct layout_line *ls = layout_unit_lines(l, p.unit, &n);

	for (i = p.line; i < n; i++)
		if (carries_text(&ls[i]))
			return ls[i].start;
	return article_unit_text(l->a, p.unit).len;
}
