#include "config.h"

/* --convert: an article written as a YAML article through libyaml's
 * event emitter (what it looks like, and what cannot be said: convert.h).
 *
 * Scalar styles are chosen here, not left to libyaml (which would pick
 * single quotes where plain is impossible): plain when plain_ok says the
 * value reads back the same; literal (|) for code, and for markup with
 * hard breaks, which libyaml turns into double quotes when a literal
 * cannot hold the value (tabs, trailing spaces on a line); double quotes
 * for the rest. libyaml 0.2.5 writes characters outside the BMP only as
 * \U escapes, and writes bidi controls raw: a scalar holding one is
 * double-quoted, and after emitting, such raw code points are replaced by
 * their escapes (text_escape_unsafe, as for annotation files), exact
 * inside double quotes. */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "glosa/article.h"
#include "glosa/convert.h"
#include "glosa/markup.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"
#include "glosa/yaml_write.h"

/* The loader's limit for a list's `start`. */
#define MAX_START 999999999u

struct conv {
	struct yaml_write w;
	const struct article *a;
	bool said;             /* msg holds the failure */
	char *msg;
	size_t msglen;
	struct strbuf tmp;     /* the scalar being built */
	struct span *spans;    /* a list item's spans, shifted */
	size_t nspans, spans_cap;
	uint8_t *lev;          /* a list's item levels, made consistent */
	size_t lev_cap;
};

/* ---- Events ----------------------------------------------------------- */

/* A failure of our own (what libyaml cannot say); the first one is told. */
static void fail(struct conv *c, const char *what)
{
	if (!c->w.failed) {
		snprintf(c->msg, c->msglen, "cannot write YAML: %s", what);
		c->said = true;
	}
	c->w.failed = true;
}

/* A scalar in the given style. Text in a loaded article is valid UTF-8,
 * so libyaml only refuses what would be a bug (or a text over 2 GiB). */
static void scalar(struct conv *c, const char *s, size_t n, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (n > INT_MAX)
		fail(c, "a text is longer than 2 GiB");
	else if (!c->w.failed)
		yaml_write_event(&c->w, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL, (const yaml_char_t *)s,
		                                          (int)n, 1, 1, style));
}

/* One of our own keys or tokens: ASCII, always plain. */
static void token(struct conv *c, const char *s)
{
	scalar(c, s, strlen(s), YAML_PLAIN_SCALAR_STYLE);
}

/* ---- Scalar styles ---------------------------------------------------- */

/* Does s hold what must go out escaped, in double quotes: what libyaml
 * writes raw but no terminal should get (bidi controls), what it will
 * only escape (C1, BOM, U+FFFE/F, anything outside the BMP), and line
 * breaks other than LF, which a literal would read back as LF? */
static bool needs_escapes(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		uint32_t uc = u[i];
		if (u[i] >= 0xF0)
			return true;
		i += u[i] < 0x80 ? 1 : (size_t)text_decode(s + i, n - i, &uc);
		if (uc == '\r' || (uc >= 0x80 && (text_uc_unsafe(uc) || uc == 0xFEFF || uc >= 0xFFFE)))
			return true;
	}
	return false;
}

/* Plain words that a YAML 1.1 reader takes for null (the loader does:
 * an empty text) or for a boolean (the loader does not, but other tools
 * would). */
static bool is_reserved(const char *s, size_t n)
{
	static const char *const words[] = {
		"~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No",
		"NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off",
		"Off", "OFF",
	};
	size_t i;

	for (i = 0; i < sizeof words / sizeof *words; i++)
		if (strlen(words[i]) == n && memcmp(words[i], s, n) == 0)
			return true;
	return false;
}

/* Can s go out plain, reading back the same? Stricter than libyaml's own
 * analysis (yaml_emitter_analyze_scalar), so that libyaml never swaps in
 * single quotes: block context only (the emitter never opens a flow
 * collection around text). */
static bool plain_ok(const char *s, size_t n)
{
	static const char indicators[] = "#,[]{}&*!|>'\"%@`";
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	if (n == 0 || s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':' || is_reserved(s, n))
		return false;
	if (memchr(indicators, s[0], sizeof indicators - 1))
		return false;
	if ((s[0] == '-' || s[0] == '?' || s[0] == ':') && (n == 1 || s[1] == ' '))
		return false;
	if (n >= 3 && (memcmp(s, "---", 3) == 0 || memcmp(s, "...", 3) == 0))
		return false;
	for (i = 0; i < n; i++) {
		if (u[i] < 0x20 || u[i] == 0x7F)
			return false; /* tab, line break, control */
		if (s[i] == ':' && i + 1 < n && s[i + 1] == ' ')
			return false;
		if (s[i] == '#' && s[i - 1] == ' ')
			return false; /* i > 0: the first byte is no '#' */
	}
	return !needs_escapes(s, n);
}

/* Text that the loader reads as it is (titles, labels, names). */
static void put_str(struct conv *c, const char *s, size_t n)
{
	scalar(c, s, n, plain_ok(s, n) ? YAML_PLAIN_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

static void put_ref(struct conv *c, struct text_ref r)
{
	put_str(c, article_str(c->a, r), r.len);
}

/* Text with spans, written as markup; hard breaks make it a literal. */
static void put_markup(struct conv *c, const char *text, size_t len, const struct span *spans,
                       size_t nspans)
{
	strbuf_reset(&c->tmp);
	markup_write(text, len, nspans ? spans : NULL, nspans, c->a->arena, &c->tmp);
	if (memchr(c->tmp.buf, '\n', c->tmp.len) && !needs_escapes(c->tmp.buf, c->tmp.len))
		scalar(c, c->tmp.buf, c->tmp.len, YAML_LITERAL_SCALAR_STYLE);
	else
		put_str(c, c->tmp.buf, c->tmp.len);
}

static void put_markup_ref(struct conv *c, struct text_ref r)
{
	put_markup(c, article_str(c->a, r), r.len, article_spans(c->a, r), r.span_count);
}

/* Code: its lines and one final newline (the loader drops one); no
 * code at all is "". */
static void put_code(struct conv *c, struct text_ref r)
{
	strbuf_reset(&c->tmp);
	strbuf_add(&c->tmp, article_str(c->a, r), r.len);
	strbuf_addch(&c->tmp, '\n');
	scalar(c, c->tmp.buf, r.len ? c->tmp.len : 0, !r.len || needs_escapes(c->tmp.buf, c->tmp.len)
	       ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_LITERAL_SCALAR_STYLE);
}

/* ---- Lists ------------------------------------------------------------ */

static const struct list_mark *mark(const struct conv *c, const struct block *b, uint32_t k)
{
	return &c->a->item_marks[b->item_first + k];
}

/* Item k of list b as markup, with the spans that fall in it. */
static void put_item(struct conv *c, const struct block *b, uint32_t k)
{
	const struct article *a = c->a;
	const struct span *sp = article_spans(a, b->text);
	uint32_t start = a->items[b->item_first + k], end = b->text.len, i;

	if (k + 1 < b->item_count && a->items[b->item_first + k + 1] > 0)
		end = a->items[b->item_first + k + 1] - 1; /* the joining '\n' */
	if (start > b->text.len)
		start = b->text.len;
	if (end < start)
		end = start;
	c->nspans = 0;
	for (i = 0; sp && i < b->text.span_count; i++) {
		struct span s = sp[i];
		if (s.end <= start || s.start >= end)
			continue;
		s.start = (s.start > start ? s.start : start) - start;
		s.end = (s.end < end ? s.end : end) - start;
		XGROW(c->spans, c->spans_cap, c->nspans + 1);
		c->spans[c->nspans++] = s;
	}
	put_markup(c, article_str(a, b->text) + start, end - start, c->spans, c->nspans);
}

/* Items [k, to) that make one nested list at level: they continue while
 * the items at level keep one kind of mark (bullet or number) and, when
 * numbered, count up by one; deeper items go along with them. */
static uint32_t run_end(const struct conv *c, const struct block *b, uint32_t k, uint32_t to,
                        unsigned level)
{
	uint64_t prev = mark(c, b, k)->number;
	bool numbered = mark(c, b, k)->numbered;
	uint32_t m;

	for (m = k + 1; m < to && c->lev[m] >= level; m++) {
		const struct list_mark *mk = mark(c, b, m);
		if (c->lev[m] != level)
			continue;
		if (mk->numbered != numbered || (numbered && mk->number != prev + 1))
			break;
		prev = mk->number;
	}
	return m;
}

static void put_items(struct conv *c, const struct block *b, uint32_t from, uint32_t to,
                      unsigned level);

/* `ordered: true` and `start:` (when not 1) for a list numbered from n. */
static void put_numbering(struct conv *c, uint32_t n)
{
	char num[16];

	token(c, "ordered");
	token(c, "true");
	if (n == 1)
		return;
	snprintf(num, sizeof num, "%u", n > MAX_START ? MAX_START : n);
	token(c, "start");
	token(c, num);
}

/* The value of a nested `list:` for items [from, to) at level. */
static void put_nested(struct conv *c, const struct block *b, uint32_t from, uint32_t to,
                       unsigned level)
{
	if (!mark(c, b, from)->numbered) {
		put_items(c, b, from, to, level);
		return;
	}
	yaml_write_map_start(&c->w, false);
	put_numbering(c, mark(c, b, from)->number);
	token(c, "items");
	put_items(c, b, from, to, level);
	yaml_write_map_end(&c->w);
}

/* The items [from, to) of a list at level (the first one is at level):
 * each item at level, and after it the deeper items as `{list: ...}`
 * entries, one per run (run_end). */
static void put_items(struct conv *c, const struct block *b, uint32_t from, uint32_t to,
                      unsigned level)
{
	uint32_t k = from;

	yaml_write_seq_start(&c->w, false);
	while (k < to && !c->w.failed) {
		put_item(c, b, k++);
		while (k < to && c->lev[k] > level && !c->w.failed) {
			uint32_t j = run_end(c, b, k, to, level + 1);
			yaml_write_map_start(&c->w, false);
			token(c, "list");
			put_nested(c, b, k, j, level + 1);
			yaml_write_map_end(&c->w);
			k = j;
		}
	}
	yaml_write_seq_end(&c->w);
}

/* The value of a list block's `list:`: the short form (a sequence)
 * unless the list is ordered or has a caption, nested lists or not, so
 * that the YAML is never deeper than the article it was loaded from. A
 * level deeper than the item before allows is raised to fit. The top
 * level is numbered as the ordered flag and first number say. */
static void put_list(struct conv *c, const struct block *b)
{
	uint32_t k, n = b->item_count, first = 1;

	XGROW(c->lev, c->lev_cap, n + 1);
	for (k = 0; k < n; k++) {
		unsigned max = k ? c->lev[k - 1] + 1u : 0u, l = mark(c, b, k)->level;
		c->lev[k] = (uint8_t)(l < max ? l : max);
	}
	if (!b->ordered && !b->label.len) {
		put_items(c, b, 0, n, 0);
		return;
	}
	yaml_write_map_start(&c->w, false);
	if (b->label.len) {
		token(c, "title");
		put_ref(c, b->label);
	}
	if (b->ordered) {
		if (n > 0 && mark(c, b, 0)->numbered)
			first = mark(c, b, 0)->number;
		put_numbering(c, first);
	}
	token(c, "items");
	put_items(c, b, 0, n, 0);
	yaml_write_map_end(&c->w);
}

/* ---- Blocks, sections, the article ------------------------------------ */

static void put_block(struct conv *c, const struct block *b)
{
	static const char *const kinds[] = {
		[BLOCK_PARAGRAPH] = "paragraph", [BLOCK_QUOTE] = "quote", [BLOCK_LIST] = "list",
		[BLOCK_CODE] = "code", [BLOCK_ASIDE] = "aside", [BLOCK_RULE] = "rule",
	};

	if (b->kind == BLOCK_PARAGRAPH) {
		put_markup_ref(c, b->text);
		return;
	}
	yaml_write_map_start(&c->w, false);
	token(c, kinds[b->kind]);
	switch (b->kind) {
	case BLOCK_LIST:
		put_list(c, b);
		break;
	case BLOCK_CODE:
		put_code(c, b->text);
		break;
	case BLOCK_RULE:
		token(c, "~");
		break;
	default:
		put_markup_ref(c, b->text);
		if (b->label.len) {
			token(c, b->kind == BLOCK_QUOTE ? "by" : "title");
			put_ref(c, b->label);
		}
		break;
	}
	yaml_write_map_end(&c->w);
}

/* An article's or section's title, which the loader wants non-empty. */
static void put_title(struct conv *c, struct text_ref r)
{
	token(c, "title");
	if (r.len)
		put_ref(c, r);
	else
		token(c, "Untitled");
}

static void put_blocks(struct conv *c, const struct section *s)
{
	uint32_t i;

	token(c, "blocks");
	yaml_write_seq_start(&c->w, false);
	for (i = 0; i < s->block_count && !c->w.failed; i++)
		put_block(c, &c->a->blocks[s->block_first + i]);
	yaml_write_seq_end(&c->w);
}

/* The sections [from, to), siblings with their subtrees (preorder: a
 * section's descendants end at its end), each with its subsections. */
static void put_sections(struct conv *c, uint32_t from, uint32_t to)
{
	const struct article *a = c->a;
	uint32_t i;

	token(c, "sections");
	yaml_write_seq_start(&c->w, false);
	for (i = from; i < to && !c->w.failed; i = a->sections[i].end > i ? a->sections[i].end : i + 1) {
		const struct section *s = &a->sections[i];
		yaml_write_map_start(&c->w, false);
		put_title(c, s->title);
		if (s->block_count)
			put_blocks(c, s);
		if (s->end > i + 1)
			put_sections(c, i + 1, s->end);
		yaml_write_map_end(&c->w);
	}
	yaml_write_seq_end(&c->w);
}

/* The authors, kept joined with ", ": a list when splitting there gives
 * back exactly nauthors names, else the one string. */
static void put_authors(struct conv *c)
{
	const struct article *a = c->a;
	const char *s = article_str(a, a->authors), *end = s + a->authors.len, *p, *q;
	size_t parts = 1;

	for (p = s; (p = memmem(p, (size_t)(end - p), ", ", 2)) != NULL; p += 2)
		parts++;
	token(c, "author");
	if (a->nauthors < 2 || parts != a->nauthors) {
		put_ref(c, a->authors);
		return;
	}
	yaml_write_seq_start(&c->w, false);
	for (p = s; p; p = q ? q + 2 : NULL) {
		q = memmem(p, (size_t)(end - p), ", ", 2);
		put_str(c, p, (size_t)((q ? q : end) - p));
	}
	yaml_write_seq_end(&c->w);
}

/* key: text, when there is a text. */
static void put_field(struct conv *c, const char *key, struct text_ref r)
{
	if (!r.len)
		return;
	token(c, key);
	put_ref(c, r);
}

static void put_article(struct conv *c)
{
	const struct article *a = c->a;
	uint32_t first = 0;

	yaml_write_map_start(&c->w, false);
	put_title(c, a->title);
	put_field(c, "subtitle", a->subtitle);
	if (a->authors.len)
		put_authors(c);
	if (article_date_valid(article_str(a, a->date), a->date.len))
		put_field(c, "date", a->date);
	put_field(c, "lang", a->lang);
	put_field(c, "id", a->id);
	put_field(c, "source", a->source);
	if (a->summary.len) {
		token(c, "summary");
		put_markup_ref(c, a->summary);
	}
	if (a->nsections > 0 && a->sections[0].preamble) {
		put_blocks(c, &a->sections[0]);
		first = 1;
	}
	if (first < a->nsections) {
		put_sections(c, first, (uint32_t)a->nsections);
	} else if (!first) {
		/* Neither: the loader wants one of them, and drops an empty
		 * preamble again. */
		token(c, "blocks");
		yaml_write_seq_start(&c->w, false);
		yaml_write_seq_end(&c->w);
	}
	yaml_write_map_end(&c->w);
}

int convert_to_yaml(const struct article *a, struct strbuf *out, char *msg, size_t msglen)
{
	struct conv c;
	yaml_event_t ev;
	size_t start = out->len;

	memset(&c, 0, sizeof c);
	c.a = a;
	c.msg = msg;
	c.msglen = msglen;
	c.tmp = (struct strbuf)STRBUF_INIT;
	if (!yaml_write_open(&c.w, out)) {
		snprintf(msg, msglen, "cannot write YAML: out of memory");
		return -1;
	}
	yaml_write_event(&c.w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	yaml_write_event(&c.w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	put_article(&c);
	yaml_write_event(&c.w, &ev, yaml_document_end_event_initialize(&ev, 1));
	yaml_write_event(&c.w, &ev, yaml_stream_end_event_initialize(&ev));
	yaml_write_flush(&c.w);
	if (c.w.failed && !c.said)
		snprintf(msg, msglen, "cannot write YAML: %s",
		         c.w.unmade ? "libyaml could not make an event (invalid UTF-8 in the article?)"
		         : c.w.em.problem ? c.w.em.problem : "libyaml refused an event");
	yaml_write_close(&c.w);
	strbuf_release(&c.tmp);
	free(c.spans);
	free(c.lev);
	if (c.w.failed) {
		strbuf_truncate(out, start);
		return -1;
	}
	text_escape_unsafe(out, start);
	return 0;
}
