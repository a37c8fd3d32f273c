#include "config.h"

#include <pthread.h>
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
	/* Deeper levels that stopped moving right still need room for
	 * their own marker left of the text. */
	level = level < LAYOUT_LIST_LEVELS ? level : LAYOUT_LIST_LEVELS - 1;
	if (col < 2 + mw[level])
		col = 2 + mw[level];
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

/* Code points U+0080..U+07FF that break exactly as AL does in
 * libunistring 1.0 (Latin-1 letters and signs, Latin Extended, IPA,
 * spacing modifiers, Greek, Cyrillic, Armenian, Arabic and Syriac
 * letters...): bit (uc - 0x80). Found by comparing, for every code point,
 * the breaks libunistring gives in each three-character string of it and
 * one character of each ASCII class (space included) with those of 'a';
 * tests/unit/test_speedpaths.c checks the result on random strings. */
static const uint32_t lb_al2[60] = {
	0x00000000, 0x77ecd7c0, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
	0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
	0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
	0x7fffeeff, 0xffffffff, 0x00000000, 0x00000000, 0x00000000, 0xbfff0000,
	0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff,
	0xffffffff, 0xffffffff, 0xfffffc07, 0xffffffff, 0xffffffff, 0xffffffff,
	0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x000179ff, 0x00000000,
	0x0000ff09, 0xfff87800, 0x0000c1ff, 0xffffffff, 0x000007ff, 0xfffee000,
	0xffffffff, 0xffffffff, 0x602fffff, 0xfc00c260, 0xfffdffff, 0x0000ffff,
	0xfffff800, 0xffffffff, 0xffffffff, 0xfffe003f, 0xfffffc00, 0x1cf007ff,
};

/* The length of the code point at u (n > 0 bytes left) when it breaks as
 * AL (the set above, or U+1E00..U+1FFF but U+1FFD: Latin Extended
 * Additional and Greek Extended), else 0. */
static inline size_t lb_al_len(const unsigned char *u, size_t n)
{
	if (u[0] < 0x80)
		return (unsigned char)((u[0] | 0x20) - 'a') < 26;
	if (u[0] >= 0xC2 && u[0] < 0xE0) {
		uint32_t i;
		if (n < 2 || (u[1] & 0xC0) != 0x80)
			return 0;
		i = (((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F)) - 0x80;
		return (lb_al2[i >> 5] >> (i & 31)) & 1 ? 2 : 0;
	}
	if (u[0] == 0xE1 && n >= 3 && u[1] >= 0xB8 && u[1] <= 0xBF && (u[2] & 0xC0) == 0x80)
		return u[1] == 0xBF && u[2] == 0xBD ? 0 : 3; /* U+1FFD is BB */
	return 0;
}

/* A restart point: a letter (of the set above) after a space. */
static inline size_t lb_restart_len(const char *s, size_t i, size_t n)
{
	return s[i - 1] == ' ' ? lb_al_len((const unsigned char *)s + i, n - i) : 0;
}

/* The pair table as a machine over printable ASCII bytes: a state is
 * (the last non-space's class, whether spaces followed it) as class * 2 +
 * space; lb_step[state][c - 0x20] is the next state * 2 + whether a break
 * may come before c. One lookup a byte. Built once, on first use, by
 * whichever thread lays out first (--dump lays out on two). */
#define LB_STATES ((LB_SP + 1) * 2)
static uint8_t lb_step[LB_STATES][95];
static pthread_once_t lb_step_once = PTHREAD_ONCE_INIT;

static void lb_step_init(void)
{
	int st, c;

	for (st = 0; st < LB_STATES; st++)
		for (c = 0; c < 95; c++) {
			int prev = st >> 1, space = st & 1, cls = lb_class[c];
			if (cls == LB_SP)
				lb_step[st][c] = (uint8_t)((prev * 2 + 1) * 2);
			else
				lb_step[st][c] = (uint8_t)(cls * 2 * 2 +
				                           ((lb_pair[prev][cls] >> space) & 1));
		}
}

/* Fill p[0..n) exactly as u8_possible_linebreaks(s, n, "UTF-8", p) does.
 * Printable ASCII and the letters of lb_al_len go through the pair table,
 * combining diacritical marks (U+0300..U+036F, class CM, but for U+034F
 * and U+035C..U+0362, which are GL) by UAX #14's LB9 and LB10 as
 * libunistring applies them; each stretch holding any other byte is given
 * to libunistring, from the last restart point before it to the first one
 * after it. At a restart point, a letter after a space, the state of the
 * pair table (the last class AL, no space pending) is the state
 * libunistring starts a string in, so the break opportunities after it do
 * not depend on what came before; the break before it, which does, is
 * taken from the pass that reached it. */
static void linebreaks(const char *s, size_t n, char *p)
{
	unsigned st = LB_SP * 2; /* the start: no class yet, no space */
	size_t i = 0, from = 0, restart, k, m = 0;

	pthread_once(&lb_step_once, lb_step_init);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		const unsigned char *u;
		char keep;
		if (c - 0x20u < 95u) {
			unsigned v = lb_step[st][c - 0x20];
			p[i++] = (char)(UC_BREAK_PROHIBITED + (v & 1));
			st = v >> 1;
			continue;
		}
		u = (const unsigned char *)s + i;
		if (c >= 0x80 && (m = lb_al_len(u, n - i)) != 0) {
			/* D allows a break either way, I only after spaces. */
			p[i] = (char)(UC_BREAK_PROHIBITED + ((lb_pair[st >> 1][LB_AL] >> (st & 1)) & 1));
			p[i + 1] = UC_BREAK_PROHIBITED;
			if (m == 3)
				p[i + 2] = UC_BREAK_PROHIBITED;
			st = LB_AL * 2;
			i += m;
			continue;
		}
		if (n - i >= 2 && ((u[0] == 0xCC && u[1] >= 0x80 && u[1] <= 0xBF) ||
		                   (u[0] == 0xCD && u[1] >= 0x80 && u[1] <= 0xAF && u[1] != 0x8F &&
		                    (u[1] < 0x9C || u[1] > 0xA2)))) {
			/* CM: at the start no break, and an AL (LB10); after
			 * spaces a break and an AL; else part of what it
			 * follows (LB9). */
			if (st >> 1 == LB_SP) {
				p[i] = UC_BREAK_PROHIBITED;
				st = LB_AL * 2;
			} else if (st & 1) {
				p[i] = UC_BREAK_POSSIBLE;
				st = LB_AL * 2;
			} else {
				p[i] = UC_BREAK_PROHIBITED;
			}
			p[i + 1] = UC_BREAK_PROHIBITED;
			i += 2;
			continue;
		}
		/* The last restart point at or after from (where this pass
		 * began), else from itself. */
		for (restart = i; restart > from; restart--)
			if (lb_restart_len(s, restart, n))
				break;
		keep = p[restart];
		for (k = i + 1; k < n; k++)
			if ((m = lb_restart_len(s, k, n)) != 0)
				break;
		k = k < n ? k + m : n;
		u8_possible_linebreaks((const uint8_t *)s + restart, k - restart, "UTF-8",
		                       p + restart);
		if (restart > 0)
			p[restart] = keep;
		if (k == n)
			return;
		from = k - m;
		st = LB_AL * 2;
		i = k;
	}
}

/* For testing eight bytes at once: a byte of w | (w + ASCII_ONES) has its
 * top bit set when the byte is 0x7F or above (carries only start at bytes
 * that are flagged themselves). */
#define ASCII_ONES UINT64_C(0x0101010101010101)
#define ASCII_HIGH UINT64_C(0x8080808080808080)

/* Greedy fill of s[start..end) into lines at most width columns wide,
 * breaking at UAX #14 opportunities and, inside a word wider than the
 * line, between grapheme clusters. */
static void wrap(struct layout *l, uint8_t kind, const char *s, size_t start, size_t end,
                 int width, int indent, int first_indent, uint32_t item)
{
	size_t n = end - start, pos = start, i, last, cut;
	uint8_t flags = LINE_FIRST;
	bool have_breaks = false;
	int w;

	if (width < 1)
		width = 1;
	if (n == 0) {
		push(l, kind, start, start, first_indent, flags, item);
		return;
	}
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
			uint64_t word;
			int k = 1, cw = 1; /* ASCII: one byte, one column */
			/* Eight bytes below 0x7F that fit: eight columns, as
			 * the byte steps below would count them. */
			if (w + 8 <= avail && end - i >= 8) {
				memcpy(&word, s + i, 8);
				if (!((word | (word + ASCII_ONES)) & ASCII_HIGH)) {
					w += 8;
					i += 8;
					continue;
				}
			}
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
		 * point never have one, so a byte scan back finds it. The
		 * opportunities are found when first needed: text that fits
		 * on its first line (most headings and list items) needs
		 * none. */
		if (i < end && !have_breaks) {
			XGROW(l->brk, l->brk_cap, n);
			linebreaks(s + start, n, l->brk);
			have_breaks = true;
		}
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
		uint32_t end;
		nl = memchr(s + pos, '\n', len - pos);
		end = nl ? (uint32_t)(nl - s) : len;
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
