#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/markup.h"
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"

struct article *article_new(void)
{
	struct article *a = xcalloc(1, sizeof *a);

	article_intern(a, "", 0); /* offset 0 is the empty string */
	return a;
}

void article_free(struct article *a)
{
	if (!a)
		return;
	free(a->arena);
	free(a->sections);
	free(a->blocks);
	free(a->spans);
	free(a->items);
	free(a->item_marks);
	free(a->units);
	free(a->unit_bytes);
	free(a);
}

uint32_t article_intern(struct article *a, const char *s, size_t len)
{
	size_t off = a->arena_len;

	if (len >= UINT32_MAX - off - 1) {
		/* Offsets are 32-bit: an article over 4 GiB cannot be held. */
		xmalloc(SIZE_MAX);
	}
	XGROW(a->arena, a->arena_cap, off + len + 1);
	if (len)
		memcpy(a->arena + off, s, len);
	a->arena[off + len] = '\0';
	a->arena_len = off + len + 1;
	return (uint32_t)off;
}

static struct text_ref plain_ref(struct article *a, const char *s, size_t len)
{
	struct text_ref r = { 0, 0, (uint32_t)a->nspans, 0 };

	if (len == 0)
		return r;
	r.off = article_intern(a, s, len);
	r.len = (uint32_t)len;
	return r;
}

struct text_ref article_add_markup(struct article *a, const char *src, size_t len)
{
	struct markup_result m = MARKUP_RESULT_INIT;
	struct text_ref r;
	size_t i;

	markup_parse(src, len, &m);
	r = plain_ref(a, m.text.buf, m.text.len);
	XGROW(a->spans, a->spans_cap, a->nspans + m.nspans);
	for (i = 0; i < m.nspans; i++) {
		struct span *sp = &a->spans[a->nspans++];
		sp->start = (uint32_t)m.spans[i].start;
		sp->end = (uint32_t)m.spans[i].end;
		sp->attr = (uint8_t)m.spans[i].attr;
		sp->url_off = sp->url_len = 0;
		if (m.spans[i].url_len && i > 0 && m.spans[i - 1].url_start == m.spans[i].url_start &&
		    m.spans[i - 1].url_len == m.spans[i].url_len) {
			/* a link styled in pieces: its target is stored once */
			sp->url_off = sp[-1].url_off;
			sp->url_len = sp[-1].url_len;
		} else if (m.spans[i].url_len) {
			sp->url_off = article_intern(a, src + m.spans[i].url_start,
			                             m.spans[i].url_len);
			sp->url_len = (uint32_t)m.spans[i].url_len;
		}
	}
	r.span_count = (uint32_t)m.nspans;
	markup_result_release(&m);
	return r;
}

struct text_ref article_add_folded(struct article *a, const char *src, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	struct text_ref r;

	markup_fold_ws(src, len, &sb);
	r = plain_ref(a, sb.buf, sb.len);
	strbuf_release(&sb);
	return r;
}

struct text_ref article_add_plain(struct article *a, const char *src, size_t len)
{
	if (len > 0 && src[len - 1] == '\n')
		len--;
	return plain_ref(a, src, len);
}

uint32_t article_add_section(struct article *a, uint32_t parent)
{
	struct section *s;

	XGROW(a->sections, a->sections_cap, a->nsections + 1);
	s = &a->sections[a->nsections];
	memset(s, 0, sizeof *s);
	s->parent = parent;
	s->depth = parent == ARTICLE_NONE ? 1 : a->sections[parent].depth + 1;
	s->unit = ARTICLE_NONE;
	return (uint32_t)a->nsections++;
}

uint32_t article_add_preamble(struct article *a)
{
	if (a->nsections > 0) {
		if (!a->sections[0].preamble)
			abort(); /* the preamble comes before every section */
		return 0;
	}
	article_add_section(a, ARTICLE_NONE);
	a->sections[0].preamble = true;
	return 0;
}

/* Room for n more items and their marks. */
static void grow_items(struct article *a, size_t n)
{
	size_t cap = a->items_cap;

	XGROW(a->items, a->items_cap, a->nitems + n);
	if (a->items_cap != cap || !a->item_marks)
		a->item_marks = xrealloc(a->item_marks, a->items_cap * sizeof *a->item_marks);
}

/* Each item's mark: the given ones, or level 0 numbered when ordered. */
static void set_marks(struct article *a, const struct block *b, const struct list_mark *marks)
{
	uint32_t i;

	for (i = 0; i < b->item_count; i++)
		a->item_marks[b->item_first + i] = marks ? marks[i]
		        : (struct list_mark){ b->ordered ? i + 1 : 0, 0, b->ordered };
}

uint32_t article_add_block(struct article *a, uint32_t section, enum block_kind kind)
{
	struct block *b;

	if (section >= a->nsections)
		abort(); /* a block belongs to a section: the loaders make one */
	XGROW(a->blocks, a->blocks_cap, a->nblocks + 1);
	b = &a->blocks[a->nblocks];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->section = section;
	b->text.span_first = b->label.span_first = (uint32_t)a->nspans;
	return (uint32_t)a->nblocks++;
}

void article_set_items(struct article *a, uint32_t block,
                       const struct text_src *items, size_t n)
{
	article_set_list(a, block, items, NULL, n);
}

void article_set_list(struct article *a, uint32_t block, const struct text_src *items,
                      const struct list_mark *marks, size_t n)
{
	struct markup_result m = MARKUP_RESULT_INIT;
	struct strbuf joined = STRBUF_INIT;
	struct span *spans = NULL;
	size_t nspans = 0, cap = 0, i, j;
	struct block *b;
	struct text_ref r;

	grow_items(a, n);
	a->blocks[block].item_first = (uint32_t)a->nitems;
	a->blocks[block].item_count = (uint32_t)n;
	set_marks(a, &a->blocks[block], marks);
	for (i = 0; i < n; i++) {
		size_t base;
		if (i > 0)
			strbuf_addch(&joined, '\n');
		base = joined.len;
		a->items[a->nitems++] = (uint32_t)base;
		markup_parse(items[i].s, items[i].len, &m);
		strbuf_add(&joined, m.text.buf, m.text.len);
		XGROW(spans, cap, nspans + m.nspans);
		for (j = 0; j < m.nspans; j++) {
			struct span *sp = &spans[nspans++];
			sp->start = (uint32_t)(base + m.spans[j].start);
			sp->end = (uint32_t)(base + m.spans[j].end);
			sp->attr = (uint8_t)m.spans[j].attr;
			sp->url_off = sp->url_len = 0;
			if (m.spans[j].url_len && j > 0 &&
			    m.spans[j - 1].url_start == m.spans[j].url_start &&
			    m.spans[j - 1].url_len == m.spans[j].url_len) {
				sp->url_off = sp[-1].url_off;
				sp->url_len = sp[-1].url_len;
			} else if (m.spans[j].url_len) {
				sp->url_off = article_intern(a, items[i].s + m.spans[j].url_start,
				                             m.spans[j].url_len);
				sp->url_len = (uint32_t)m.spans[j].url_len;
			}
		}
	}
	r = plain_ref(a, joined.buf, joined.len);
	XGROW(a->spans, a->spans_cap, a->nspans + nspans);
	if (nspans)
		memcpy(a->spans + a->nspans, spans, nspans * sizeof *spans);
	r.span_first = (uint32_t)a->nspans;
	r.span_count = (uint32_t)nspans;
	a->nspans += nspans;
	b = &a->blocks[block];
	b->text = r;
	free(spans);
	strbuf_release(&joined);
	markup_result_release(&m);
}

struct text_ref article_add_spanned(struct article *a, const char *s, size_t len,
                                    const struct span *spans, size_t nspans)
{
	struct text_ref r = plain_ref(a, s, len);

	XGROW(a->spans, a->spans_cap, a->nspans + nspans);
	if (nspans)
		memcpy(a->spans + a->nspans, spans, nspans * sizeof *spans);
	r.span_first = (uint32_t)a->nspans;
	r.span_count = (uint32_t)nspans;
	a->nspans += nspans;
	return r;
}

void article_set_item_starts(struct article *a, uint32_t block, struct text_ref text,
                             const uint32_t *starts, const struct list_mark *marks,
                             size_t n)
{
	grow_items(a, n);
	a->blocks[block].item_first = (uint32_t)a->nitems;
	a->blocks[block].item_count = (uint32_t)n;
	set_marks(a, &a->blocks[block], marks);
	if (n)
		memcpy(a->items + a->nitems, starts, n * sizeof *starts);
	a->nitems += n;
	a->blocks[block].text = text;
}

void article_add_author(struct article *a, const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;

	if (a->authors.len) {
		strbuf_add(&sb, article_str(a, a->authors), a->authors.len);
		strbuf_addstr(&sb, ", ");
	}
	markup_fold_ws(s, len, &sb);
	a->authors = plain_ref(a, sb.buf, sb.len);
	a->nauthors++;
	strbuf_release(&sb);
}

/* A preamble made in advance (the YAML loader makes one before it knows
 * whether 'blocks' will come) and left without blocks is dropped. */
static void drop_empty_preamble(struct article *a)
{
	size_t i;

	if (a->nsections == 0 || !a->sections[0].preamble)
		return;
	for (i = 0; i < a->nblocks; i++)
		if (a->blocks[i].section == 0)
			return;
	memmove(a->sections, a->sections + 1, (a->nsections - 1) * sizeof *a->sections);
	a->nsections--;
	for (i = 0; i < a->nsections; i++)
		if (a->sections[i].parent != ARTICLE_NONE)
			a->sections[i].parent--;
	for (i = 0; i < a->nblocks; i++)
		a->blocks[i].section--;
}

/* A list marked ordered after its items were set: its top-level items
 * that are still bullets are numbered 1, 2, ... */
static void number_ordered_lists(struct article *a)
{
	size_t i;

	for (i = 0; i < a->nblocks; i++) {
		const struct block *b = &a->blocks[i];
		uint32_t k, n = 0;
		if (b->kind != BLOCK_LIST || !b->ordered)
			continue;
		for (k = 0; k < b->item_count; k++) {
			struct list_mark *m = &a->item_marks[b->item_first + k];
			if (m->level != 0)
				continue;
			n++;
			if (!m->numbered)
				*m = (struct list_mark){ n, 0, true };
		}
	}
}

/* Stable counting sort of the blocks by section (preorder), so that each
 * section's blocks are contiguous whatever order the loader met them in. */
static void order_blocks(struct article *a)
{
	size_t *count = xcalloc(a->nsections + 1, sizeof *count);
	struct block *sorted;
	size_t i, sum = 0;

	for (i = 0; i < a->nblocks; i++)
		count[a->blocks[i].section]++;
	for (i = 0; i < a->nsections; i++) {
		size_t c = count[i];
		a->sections[i].block_first = (uint32_t)sum;
		a->sections[i].block_count = (uint32_t)c;
		count[i] = sum;
		sum += c;
	}
	sorted = xmalloc((a->nblocks ? a->nblocks : 1) * sizeof *sorted);
	for (i = 0; i < a->nblocks; i++)
		sorted[count[a->blocks[i].section]++] = a->blocks[i];
	free(a->blocks);
	a->blocks = sorted;
	a->blocks_cap = a->nblocks ? a->nblocks : 1;
	free(count);
}

static void number_sections(struct article *a)
{
	uint32_t *counter = xcalloc(a->nsections + 1, sizeof *counter);
	uint32_t top = 0;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < a->nsections; i++) {
		struct section *s = &a->sections[i];
		uint32_t n;
		strbuf_reset(&sb);
		if (s->preamble) {
			n = 0;
		} else if (s->parent == ARTICLE_NONE) {
			n = ++top;
		} else {
			n = ++counter[s->parent];
			strbuf_add(&sb, section_number(a, &a->sections[s->parent]),
			           a->sections[s->parent].number_len);
			strbuf_addch(&sb, '.');
		}
		strbuf_addf(&sb, "%u", n);
		s->number_off = article_intern(a, sb.buf, sb.len);
		s->number_len = (uint32_t)sb.len;
	}
	/* end: one past the last descendant; preorder makes it a scan back. */
	for (i = a->nsections; i-- > 0;) {
		struct section *s = &a->sections[i];
		if (s->end < i + 1)
			s->end = (uint32_t)(i + 1);
		if (s->parent != ARTICLE_NONE && a->sections[s->parent].end < s->end)
			a->sections[s->parent].end = s->end;
	}
	strbuf_release(&sb);
	free(counter);
}

static void compose_byline(struct article *a)
{
	struct strbuf sb = STRBUF_INIT;

	if (a->authors.len)
		strbuf_add(&sb, article_str(a, a->authors), a->authors.len);
	if (a->authors.len && a->date.len)
		strbuf_addstr(&sb, " · ");
	if (a->date.len)
		strbuf_add(&sb, article_str(a, a->date), a->date.len);
	a->byline = plain_ref(a, sb.buf, sb.len);
	strbuf_release(&sb);
}

static void add_unit(struct article *a, enum unit_kind kind, uint32_t index, uint32_t section)
{
	a->units[a->nunits++] = (struct unit){ kind, index, section };
}

static void build_units(struct article *a)
{
	size_t i, j;

	a->units = xmalloc((5 + a->nsections + a->nblocks) * sizeof *a->units);
	a->nunits = 0;
	add_unit(a, UNIT_TITLE, 0, ARTICLE_NONE);
	if (a->subtitle.len)
		add_unit(a, UNIT_SUBTITLE, 0, ARTICLE_NONE);
	if (a->byline.len)
		add_unit(a, UNIT_BYLINE, 0, ARTICLE_NONE);
	if (a->summary.len)
		add_unit(a, UNIT_SUMMARY, 0, ARTICLE_NONE);
	for (i = 0; i < a->nsections; i++) {
		struct section *s = &a->sections[i];
		if (s->preamble) {
			/* No heading: its "heading unit" is the one before its
			 * first block, the top of the article. */
			s->unit = (uint32_t)a->nunits - 1;
		} else {
			s->unit = (uint32_t)a->nunits;
			add_unit(a, UNIT_HEADING, (uint32_t)i, (uint32_t)i);
		}
		for (j = 0; j < s->block_count; j++)
			add_unit(a, UNIT_BLOCK, s->block_first + (uint32_t)j, (uint32_t)i);
	}
	a->unit_bytes = xmalloc((a->nunits + 1) * sizeof *a->unit_bytes);
	a->unit_bytes[0] = 0;
	for (i = 0; i < a->nunits; i++)
		a->unit_bytes[i + 1] = a->unit_bytes[i] + article_unit_text(a, (uint32_t)i).len;
}

void article_finish(struct article *a)
{
	/* The arena grew by doubling; give back what will never be used. */
	a->arena = xrealloc(a->arena, a->arena_len);
	a->arena_cap = a->arena_len;
	drop_empty_preamble(a);
	number_ordered_lists(a);
	order_blocks(a);
	number_sections(a);
	compose_byline(a);
	build_units(a);
}

bool article_section_own_number(const struct article *a, const struct section *s)
{
	const char *t = article_str(a, s->title);
	size_t n = s->title.len, i = 0, digits;

	for (;;) {
		for (digits = 0; i < n && t[i] >= '0' && t[i] <= '9'; i++)
			digits++;
		if (digits == 0 || digits > 3)
			return false;
		if (i + 1 < n && t[i] == '.' && t[i + 1] >= '0' && t[i + 1] <= '9') {
			i++;
			continue;
		}
		break;
	}
	if (i < n && (t[i] == '.' || t[i] == ')'))
		i++;
	return i < n && t[i] == ' ';
}

bool article_date_valid(const char *s, size_t n)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, i;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = atoi(s);
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	return !(m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)));
}

struct text_ref article_unit_text(const struct article *a, uint32_t i)
{
	const struct unit *u = &a->units[i];

	switch (u->kind) {
	case UNIT_TITLE:    return a->title;
	case UNIT_SUBTITLE: return a->subtitle;
	case UNIT_BYLINE:   return a->byline;
	case UNIT_SUMMARY:  return a->summary;
	case UNIT_HEADING:  return a->sections[u->index].title;
	case UNIT_BLOCK:    return a->blocks[u->index].text;
	}
	return a->title;
}

/* The decimal number at *s (saturating, as strtoul does), *s moved past
 * it. Inline, since anchoring 10,000 highlights makes a million calls,
 * for which strtoul's locale and base handling cost 85 M instructions. */
static unsigned long digits_value(const char **s)
{
	const char *p = *s;
	unsigned long v = 0;

	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned long d = (unsigned long)(*p - '0');
		v = v > ULONG_MAX / 10 || (v == ULONG_MAX / 10 && d > ULONG_MAX % 10) ? ULONG_MAX
		                                                                    : v * 10 + d;
	}
	*s = p;
	return v;
}

/* Compare section numbers part by part ("2.10" after "2.9", "2" before
 * "2.1"); anything not a number sorts as its characters. */
static int number_cmp(const char *x, const char *y)
{
	while (*x && *y) {
		if (*x >= '0' && *x <= '9' && *y >= '0' && *y <= '9') {
			unsigned long u = digits_value(&x);
			unsigned long v = digits_value(&y);
			if (u != v)
				return u < v ? -1 : 1;
			continue;
		}
		if (*x != *y)
			return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
		x++;
		y++;
	}
	return *x ? 1 : *y ? -1 : 0;
}

/* Sections are in preorder, which is the order of their numbers: a
 * binary search, so that anchoring thousands of highlights stays cheap. */
uint32_t article_find_section(const struct article *a, const char *number)
{
	size_t lo = 0, hi = a->nsections;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = number_cmp(section_number(a, &a->sections[mid]), number);
		if (c == 0)
			return (uint32_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return ARTICLE_NONE;
}

uint32_t article_block_unit(const struct article *a, uint32_t b)
{
	const struct section *s = &a->sections[a->blocks[b].section];

	return s->unit + 1 + (b - s->block_first);
}
