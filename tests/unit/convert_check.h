/* Helpers for test_convert.c: comparing two article models field by
 * field (same_article, the first difference in a struct cmp) and checking
 * the scalar styles and characters of the YAML convert_to_yaml wrote
 * (style_problem). Header-only, static functions, like tap.h: included
 * once, by test_convert.c. */
#ifndef GLOSA_CONVERT_CHECK_H
#define GLOSA_CONVERT_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "glosa/article.h"
#include "glosa/markup.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"

/* The number of elements of array a. */
#define COUNT(a) (sizeof (a) / sizeof *(a))

/* ---- Comparing two models ------------------------------------------------ */

/* The first difference found, in why. In lax mode a text whose spans
 * differ is accepted when markup_write cannot write them (it says so). */
struct cmp {
	char why[600];
	bool lax;
	size_t dropped; /* texts whose spans markup_write could not write */
	char lossy[100]; /* a list whose marks the format cannot say (convert.h) */
};

__attribute__((format(printf, 2, 3)))
static bool differ(struct cmp *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->why[0]) {
		va_start(ap, fmt);
		vsnprintf(c->why, sizeof c->why, fmt, ap);
		va_end(ap);
	}
	return false;
}

static bool same_bytes(const struct article *a, struct text_ref x, const struct article *b,
                       struct text_ref y)
{
	return x.len == y.len && memcmp(article_str(a, x), article_str(b, y), x.len) == 0;
}

static bool same_spans(const struct article *a, struct text_ref x, const struct article *b,
                       struct text_ref y)
{
	const struct span *p = article_spans(a, x), *q = article_spans(b, y);
	uint32_t i;

	if (x.span_count != y.span_count)
		return false;
	for (i = 0; i < x.span_count; i++)
		if (p[i].start != q[i].start || p[i].end != q[i].end || p[i].attr != q[i].attr ||
		    p[i].url_len != q[i].url_len ||
		    memcmp(a->arena + p[i].url_off, b->arena + q[i].url_off, p[i].url_len) != 0)
			return false;
	return true;
}

/* Can markup_write say text [from, to) of r with its spans (clipped)? */
static bool writable(const struct article *a, struct text_ref r, uint32_t from, uint32_t to)
{
	const struct span *sp = article_spans(a, r);
	struct span part[256];
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;
	uint32_t i;
	bool ok_;

	for (i = 0; sp && i < r.span_count && n < COUNT(part); i++) {
		struct span s = sp[i];
		if (s.end <= from || s.start >= to)
			continue;
		s.start = (s.start > from ? s.start : from) - from;
		s.end = (s.end < to ? s.end : to) - from;
		part[n++] = s;
	}
	ok_ = markup_write(article_str(a, r) + from, to - from, part, n, a->arena, &sb);
	strbuf_release(&sb);
	return ok_;
}

static bool block_writable(const struct article *a, const struct block *bk)
{
	uint32_t k;

	if (bk->kind != BLOCK_LIST)
		return writable(a, bk->text, 0, bk->text.len);
	for (k = 0; k < bk->item_count; k++) {
		uint32_t s = a->items[bk->item_first + k];
		uint32_t e = k + 1 < bk->item_count ? a->items[bk->item_first + k + 1] - 1 : bk->text.len;
		if (!writable(a, bk->text, s, e))
			return false;
	}
	return true;
}

static bool check_text(struct cmp *c, const char *what, const struct article *a, struct text_ref x,
                       const struct article *b, struct text_ref y, bool can_write)
{
	if (!same_bytes(a, x, b, y))
		return differ(c, "%s: text '%.*s' came back as '%.*s'", what, (int)x.len,
		              article_str(a, x), (int)y.len, article_str(b, y));
	if (same_spans(a, x, b, y))
		return true;
	if (c->lax && !can_write) {
		c->dropped++;
		return true;
	}
	return differ(c, "%s: spans differ (%u, then %u)", what, x.span_count, y.span_count);
}

/* Can the format say list bk's marks? Levels one deeper at most, the top
 * level numbered up from a start the loader takes when ordered, else
 * bullets. */
static bool sayable(const struct article *a, const struct block *bk)
{
	uint64_t next = 0;
	unsigned prev = 0;
	uint32_t k;

	for (k = 0; k < bk->item_count; k++) {
		const struct list_mark *m = &a->item_marks[bk->item_first + k];
		if (m->level > (k ? prev + 1 : 0))
			return false;
		prev = m->level;
		if (m->level > 0)
			continue;
		if (!bk->ordered ? m->numbered || m->number : !m->numbered ||
		    (next ? m->number != next : m->number > 999999999))
			return false;
		next = m->number + 1ull;
	}
	return true;
}

static bool same_block(struct cmp *c, const struct article *a, const struct block *p,
                       const struct article *b, const struct block *q, size_t i)
{
	char what[64];
	uint32_t k;

	snprintf(what, sizeof what, "block %zu", i);
	if (p->kind != q->kind || p->section != q->section || p->ordered != q->ordered)
		return differ(c, "%s: kind %d/%d, section %u/%u, ordered %d/%d", what, p->kind, q->kind,
		              p->section, q->section, p->ordered, q->ordered);
	if (!check_text(c, what, a, p->text, b, q->text,
	                p->kind == BLOCK_CODE || !c->lax || block_writable(a, p)))
		return false;
	if (!same_bytes(a, p->label, b, q->label) || q->label.span_count)
		return differ(c, "%s: label '%.*s' came back as '%.*s'", what, (int)p->label.len,
		              article_str(a, p->label), (int)q->label.len, article_str(b, q->label));
	if (p->item_count != q->item_count)
		return differ(c, "%s: %u items, then %u", what, p->item_count, q->item_count);
	if (!sayable(a, p)) {
		snprintf(c->lossy, sizeof c->lossy, "%s: list marks the format cannot say", what);
		return true;
	}
	for (k = 0; k < p->item_count; k++) {
		const struct list_mark *m = &a->item_marks[p->item_first + k];
		const struct list_mark *n = &b->item_marks[q->item_first + k];
		if (a->items[p->item_first + k] != b->items[q->item_first + k])
			return differ(c, "%s: item %u starts at %u, then %u", what, k,
			              a->items[p->item_first + k], b->items[q->item_first + k]);
		if (m->level != n->level || m->number != n->number || m->numbered != n->numbered)
			return differ(c, "%s: item %u mark %u/%u/%d, then %u/%u/%d", what, k, m->level,
			              m->number, m->numbered, n->level, n->number, n->numbered);
	}
	return true;
}

/* Is b the same model as a, field by field? If not, false with the first
 * difference in c->why; a list whose marks the format cannot say sets
 * c->lossy instead. */
static bool same_article(struct cmp *c, const struct article *a, const struct article *b)
{
	static const char *const names[] = { "title", "subtitle", "authors", "date", "lang", "id",
	                                     "source", "byline" };
	const struct text_ref x[] = { a->title, a->subtitle, a->authors, a->date, a->lang, a->id,
	                              a->source, a->byline };
	const struct text_ref y[] = { b->title, b->subtitle, b->authors, b->date, b->lang, b->id,
	                              b->source, b->byline };
	size_t i;

	for (i = 0; i < COUNT(names); i++)
		if (!same_bytes(a, x[i], b, y[i]))
			return differ(c, "%s '%.*s' came back as '%.*s'", names[i], (int)x[i].len,
			              article_str(a, x[i]), (int)y[i].len, article_str(b, y[i]));
	if (a->nauthors != b->nauthors)
		return differ(c, "%zu authors, then %zu", a->nauthors, b->nauthors);
	if (!check_text(c, "summary", a, a->summary, b, b->summary,
	                !c->lax || writable(a, a->summary, 0, a->summary.len)))
		return false;
	if (a->nsections != b->nsections || a->nblocks != b->nblocks || a->nunits != b->nunits)
		return differ(c, "%zu sections, %zu blocks, %zu units; then %zu, %zu, %zu",
		              a->nsections, a->nblocks, a->nunits, b->nsections, b->nblocks, b->nunits);
	for (i = 0; i < a->nsections; i++) {
		const struct section *p = &a->sections[i], *q = &b->sections[i];
		if (!same_bytes(a, p->title, b, q->title) || p->parent != q->parent ||
		    p->depth != q->depth || p->end != q->end || p->preamble != q->preamble ||
		    p->block_first != q->block_first || p->block_count != q->block_count ||
		    p->number_len != q->number_len ||
		    memcmp(section_number(a, p), section_number(b, q), p->number_len) != 0)
			return differ(c, "section %zu ('%.*s') differs", i, (int)p->title.len,
			              article_str(a, p->title));
	}
	for (i = 0; i < a->nblocks; i++)
		if (!same_block(c, a, &a->blocks[i], b, &b->blocks[i], i))
			return false;
	return true;
}

/* ---- Checking the YAML itself -------------------------------------------- */

/* Would a YAML reader take the plain scalar s[0..n) for null or a boolean? */
static bool reserved(const char *s, size_t n)
{
	static const char *const words[] = {
		"", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No",
		"NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off",
		"Off", "OFF",
	};
	size_t i;

	for (i = 0; i < COUNT(words); i++)
		if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
			return true;
	return false;
}

/* Why the YAML's scalar styles or characters are wrong, or NULL. Plain
 * "~" and "true" are ours after `rule` and `ordered`. */
static const char *style_problem(const char *y, size_t len, char *why, size_t wn)
{
	yaml_parser_t p;
	yaml_event_t ev;
	char prev[16] = "";
	size_t i;
	bool done = false;

	for (i = 0; i < len;) {
		uint32_t uc;
		i += (size_t)text_decode(y + i, len - i, &uc);
		if (uc != '\n' && text_uc_unsafe(uc)) {
			snprintf(why, wn, "raw U+%04X at byte %zu", (unsigned)uc, i);
			return why;
		}
	}
	why[0] = '\0';
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)y, len);
	while (!done && !why[0]) {
		if (!yaml_parser_parse(&p, &ev)) {
			snprintf(why, wn, "does not parse: %s", p.problem);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		if (ev.type == YAML_SCALAR_EVENT) {
			const char *v = (const char *)ev.data.scalar.value;
			size_t n = ev.data.scalar.length;
			yaml_scalar_style_t st = ev.data.scalar.style;
			if (st == YAML_SINGLE_QUOTED_SCALAR_STYLE || st == YAML_FOLDED_SCALAR_STYLE)
				snprintf(why, wn, "scalar '%s' in style %d", v, st);
			else if (st == YAML_PLAIN_SCALAR_STYLE && reserved(v, n) &&
			         !(strcmp(prev, "rule") == 0 && strcmp(v, "~") == 0) &&
			         !(strcmp(prev, "ordered") == 0 && strcmp(v, "true") == 0))
				snprintf(why, wn, "plain scalar '%s'", v);
			snprintf(prev, sizeof prev, "%s", v);
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return why[0] ? why : NULL;
}

#endif
