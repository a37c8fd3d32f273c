#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unigbrk.h>
#include <unistr.h>
#include <uniwbrk.h>

#include "glosa/motion.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

static bool is_block(const struct article *a, uint32_t u)
{
	return u < a->nunits && a->units[u].kind == UNIT_BLOCK;
}

uint32_t motion_block_unit(const struct article *a, uint32_t u, bool forward)
{
	if (forward) {
		for (; u < a->nunits; u++)
			if (is_block(a, u))
				return u;
		return ARTICLE_NONE;
	}
	for (u = u < a->nunits ? u : (uint32_t)a->nunits - 1; u != ARTICLE_NONE; u--)
		if (is_block(a, u))
			return u;
	return ARTICLE_NONE;
}

static const char *unit_text(const struct article *a, uint32_t u, uint32_t *len)
{
	struct text_ref t = article_unit_text(a, u);
	*len = t.len;
	return article_str(a, t);
}

/* Start of the grapheme before byte b (b > 0). */
static uint32_t grapheme_prev(const char *s, uint32_t b)
{
	const uint8_t *p = u8_grapheme_prev((const uint8_t *)s + b, (const uint8_t *)s);
	return p ? (uint32_t)(p - (const uint8_t *)s) : 0;
}

static uint32_t grapheme_next(const char *s, uint32_t len, uint32_t b)
{
	const uint8_t *p = u8_grapheme_next((const uint8_t *)s + b, (const uint8_t *)s + len);
	return p ? (uint32_t)(p - (const uint8_t *)s) : len;
}

/* The last character's start, or 0 for an empty text. */
static uint32_t last_char(const char *s, uint32_t len)
{
	return len ? grapheme_prev(s, len) : 0;
}

bool motion_char(const struct article *a, struct caret *c, bool forward)
{
	uint32_t len, u;
	const char *s = unit_text(a, c->unit, &len);

	if (forward) {
		uint32_t n = grapheme_next(s, len, c->byte);
		if (n < len) {
			c->byte = n;
			return true;
		}
		u = motion_block_unit(a, c->unit + 1, true);
		if (u == ARTICLE_NONE)
			return false;
		*c = (struct caret){ u, 0 };
		return true;
	}
	if (c->byte > 0) {
		c->byte = grapheme_prev(s, c->byte);
		return true;
	}
	if (c->unit == 0 || (u = motion_block_unit(a, c->unit - 1, false)) == ARTICLE_NONE)
		return false;
	s = unit_text(a, u, &len);
	*c = (struct caret){ u, last_char(s, len) };
	return true;
}

/* Starts of the words of a text (segments holding a letter or digit),
 * and, in ends, where each ends. Returns how many. */
static size_t words(const char *s, uint32_t len, uint32_t **starts, uint32_t **ends)
{
	char *brk = xmalloc(len ? len : 1);
	size_t n = 0, cap = 0, i, seg = 0;

	*starts = *ends = NULL;
	if (len)
		u8_wordbreaks((const uint8_t *)s, len, brk);
	for (i = 1; i <= len; i++) {
		if (i < len && !brk[i])
			continue;
		/* segment [seg, i) */
		bool word = false;
		size_t k = seg;
		while (k < i && !word) {
			uint32_t uc;
			k += (size_t)text_decode(s + k, i - k, &uc);
			word = uc_is_general_category(uc, UC_CATEGORY_L) ||
			       uc_is_general_category(uc, UC_CATEGORY_N);
		}
		if (word) {
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				*starts = xreallocarray(*starts, cap, sizeof **starts);
				*ends = xreallocarray(*ends, cap, sizeof **ends);
			}
			(*starts)[n] = (uint32_t)seg;
			(*ends)[n] = (uint32_t)i;
			n++;
		}
		seg = i;
	}
	free(brk);
	return n;
}

static bool is_terminator(uint32_t uc)
{
	return uc == '.' || uc == '!' || uc == '?' || uc == 0x2026 || uc == 0x3002 ||
	       uc == 0xFF01 || uc == 0xFF1F || uc == 0xFF0E;
}

static bool is_closer(uint32_t uc)
{
	return uc == '"' || uc == '\'' || uc == ')' || uc == ']' || uc == 0x201D ||
	       uc == 0x2019 || uc == 0xBB || uc == 0x300D || uc == 0x300F;
}

/* Sentence starts of a text, always beginning with 0. */
static size_t sentences(const char *s, uint32_t len, uint32_t **starts)
{
	size_t n = 0, cap = 16;
	uint32_t i = 0;

	*starts = xmalloc(cap * sizeof **starts);
	(*starts)[n++] = 0;
	while (i < len) {
		uint32_t uc, j;
		int k = text_decode(s + i, len - i, &uc);
		bool cjk = uc >= 0x3000;
		j = i + (uint32_t)k;
		if (uc == '\n') {
			while (j < len && (s[j] == ' ' || s[j] == '\n'))
				j++;
		} else if (is_terminator(uc)) {
			uint32_t c2;
			while (j < len) {
				int k2 = text_decode(s + j, len - j, &c2);
				if (!is_terminator(c2) && !is_closer(c2))
					break;
				j += (uint32_t)k2;
			}
			if (!cjk && (j >= len || s[j] != ' ')) {
				i = j;
				continue;
			}
			while (j < len && s[j] == ' ')
				j++;
		} else {
			i = j;
			continue;
		}
		if (j < len) {
			if (n == cap) {
				cap *= 2;
				*starts = xreallocarray(*starts, cap, sizeof **starts);
			}
			(*starts)[n++] = j;
		}
		i = j;
	}
	return n;
}

/* A function listing the starts (of words, of sentences) in a text. */
typedef size_t (*starts_fn)(const char *, uint32_t, uint32_t **);

static size_t word_starts(const char *s, uint32_t len, uint32_t **starts)
{
	uint32_t *ends;
	size_t n = words(s, len, starts, &ends);
	free(ends);
	return n;
}

/* To the next (or previous) start that fn lists, crossing into other
 * block units: there, the first start going forward, the last going back. */
static bool step_starts(const struct article *a, struct caret *c, bool forward, starts_fn fn)
{
	uint32_t u = c->unit, len, *st;
	const char *s;
	size_t n, i;
	bool same = true;

	for (;;) {
		s = unit_text(a, u, &len);
		n = fn(s, len, &st);
		if (forward) {
			for (i = 0; i < n; i++)
				if (!same || st[i] > c->byte)
					break;
			if (i < n) {
				*c = (struct caret){ u, st[i] };
				free(st);
				return true;
			}
		} else {
			for (i = n; i-- > 0;)
				if (!same || st[i] < c->byte)
					break;
			if (i != (size_t)-1 && n) {
				*c = (struct caret){ u, st[i] };
				free(st);
				return true;
			}
		}
		free(st);
		same = false;
		if (forward)
			u = motion_block_unit(a, u + 1, true);
		else
			u = u == 0 ? ARTICLE_NONE : motion_block_unit(a, u - 1, false);
		if (u == ARTICLE_NONE)
			return false;
	}
}

bool motion_word(const struct article *a, struct caret *c, bool forward)
{
	return step_starts(a, c, forward, word_starts);
}

bool motion_sentence(const struct article *a, struct caret *c, bool forward)
{
	return step_starts(a, c, forward, sentences);
}

bool motion_block(const struct article *a, struct caret *c, bool forward)
{
	uint32_t u;

	if (!forward && c->byte > 0) {
		c->byte = 0;
		return true;
	}
	if (forward)
		u = motion_block_unit(a, c->unit + 1, true);
	else
		u = c->unit == 0 ? ARTICLE_NONE : motion_block_unit(a, c->unit - 1, false);
	if (u == ARTICLE_NONE)
		return false;
	*c = (struct caret){ u, 0 };
	return true;
}

static bool text_line(const struct article *a, const struct layout_line *ln, uint32_t unit)
{
	return is_block(a, unit) && (ln->kind == LINE_TEXT || ln->kind == LINE_CODE);
}

int motion_column(struct layout *l, struct caret c)
{
	const struct article *a = layout_article(l);
	struct lpos p = layout_find(l, c.unit, c.byte);
	const struct layout_line *ln = layout_line_at(l, p);
	uint32_t len;
	const char *s = unit_text(a, c.unit, &len);

	if (c.byte <= ln->start)
		return 0;
	return (int)text_width(s + ln->start, (c.byte < ln->end ? c.byte : ln->end) - ln->start);
}

struct caret motion_at_column(struct layout *l, struct lpos p, int col)
{
	const struct article *a = layout_article(l);
	const struct layout_line *ln = layout_line_at(l, p);
	uint32_t len, b, last;
	const char *s = unit_text(a, p.unit, &len);
	int w = 0;

	b = last = ln->start;
	while (b < ln->end) {
		uint32_t next = grapheme_next(s, ln->end, b);
		int cw = (int)text_width(s + b, next - b);
		if (w + cw > col)
			break;
		w += cw;
		last = b;
		b = next;
	}
	if (b >= ln->end)
		b = last;
	return (struct caret){ p.unit, b };
}

bool motion_line(struct layout *l, struct caret *c, long delta, int col)
{
	const struct article *a = layout_article(l);
	struct lpos p = layout_find(l, c->unit, c->byte);
	long step = delta > 0 ? 1 : -1;

	while (delta != 0) {
		if (layout_move(l, &p, step) == 0)
			return false;
		if (text_line(a, layout_line_at(l, p), p.unit))
			delta -= step;
	}
	*c = motion_at_column(l, p, col);
	return true;
}

void motion_line_edge(struct layout *l, struct caret *c, bool end)
{
	const struct article *a = layout_article(l);
	struct lpos p = layout_find(l, c->unit, c->byte);
	const struct layout_line *ln = layout_line_at(l, p);
	uint32_t len;
	const char *s = unit_text(a, c->unit, &len);

	c->byte = end && ln->end > ln->start ? grapheme_prev(s, ln->end) : ln->start;
}

struct text_range motion_word_at(const struct article *a, struct caret c)
{
	uint32_t len, *st, *en;
	const char *s = unit_text(a, c.unit, &len);
	size_t n = words(s, len, &st, &en), i;
	struct text_range r = { c.unit, c.byte, c.unit, grapheme_next(s, len, c.byte) };

	for (i = 0; i < n; i++) {
		if (st[i] <= c.byte && c.byte < en[i]) {
			r.sb = st[i];
			r.eb = en[i];
			break;
		}
	}
	free(st);
	free(en);
	return r;
}

struct text_range motion_sentence_at(const struct article *a, struct caret c)
{
	uint32_t len, *st, end;
	const char *s = unit_text(a, c.unit, &len);
	size_t n = sentences(s, len, &st), i = 0;

	while (i + 1 < n && st[i + 1] <= c.byte)
		i++;
	end = i + 1 < n ? st[i + 1] : len;
	while (end > st[i] && (s[end - 1] == ' ' || s[end - 1] == '\n'))
		end--;
	struct text_range r = { c.unit, st[i], c.unit, end };
	free(st);
	return r;
}

/* The last character before end, skipping trailing white space; start
 * when there is none. */
static uint32_t last_before(const char *s, uint32_t start, uint32_t end)
{
	while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\n'))
		end--;
	return end > start ? grapheme_prev(s, end) : start;
}

/* The first end of a segment (word, sentence, block) of unit u after
 * byte (UINT32_MAX: the first one); *found says whether there is one. */
typedef uint32_t (*end_fn)(const struct article *, uint32_t u, uint32_t byte, bool *found);

static bool step_ends(const struct article *a, struct caret *c, end_fn fn)
{
	uint32_t u = c->unit, byte = c->byte, e;
	bool found;

	for (;;) {
		e = fn(a, u, byte, &found);
		if (found) {
			*c = (struct caret){ u, e };
			return true;
		}
		u = motion_block_unit(a, u + 1, true);
		if (u == ARTICLE_NONE)
			return false;
		byte = 0;
		/* In a new unit, the first segment's end counts even at byte 0. */
		e = fn(a, u, UINT32_MAX, &found);
		if (found) {
			*c = (struct caret){ u, e };
			return true;
		}
	}
}

/* The first word end after byte (byte UINT32_MAX: the first word's). */
static uint32_t word_end_after(const struct article *a, uint32_t u, uint32_t byte, bool *found)
{
	uint32_t len, *st, *en, r = 0;
	const char *s = unit_text(a, u, &len);
	size_t n = words(s, len, &st, &en), i;

	*found = false;
	for (i = 0; i < n; i++) {
		uint32_t last = grapheme_prev(s, en[i]);
		if (byte == UINT32_MAX || last > byte) {
			r = last;
			*found = true;
			break;
		}
	}
	free(st);
	free(en);
	return r;
}

static uint32_t sentence_end_after(const struct article *a, uint32_t u, uint32_t byte,
                                   bool *found)
{
	uint32_t len, *st, r = 0;
	const char *s = unit_text(a, u, &len);
	size_t n = sentences(s, len, &st), i;

	*found = false;
	for (i = 0; i < n; i++) {
		uint32_t last = last_before(s, st[i], i + 1 < n ? st[i + 1] : len);
		if (len && (byte == UINT32_MAX || last > byte)) {
			r = last;
			*found = true;
			break;
		}
	}
	free(st);
	return r;
}

static uint32_t block_end_after(const struct article *a, uint32_t u, uint32_t byte,
                                bool *found)
{
	uint32_t len;
	const char *s = unit_text(a, u, &len);
	uint32_t last = last_before(s, 0, len);

	*found = len && (byte == UINT32_MAX || last > byte);
	return last;
}

bool motion_word_end(const struct article *a, struct caret *c)
{
	return step_ends(a, c, word_end_after);
}

bool motion_sentence_end(const struct article *a, struct caret *c)
{
	return step_ends(a, c, sentence_end_after);
}

bool motion_block_end(const struct article *a, struct caret *c)
{
	return step_ends(a, c, block_end_after);
}
