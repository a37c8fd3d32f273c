#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/markup.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Bytes that may start markup or white space; every other byte (all of
 * UTF-8's non-ASCII bytes included) is copied as it is. Continuation bytes
 * are never special, so a run of ordinary bytes always ends on a code
 * point boundary, whatever the input. */
static const unsigned char special[256] = {
	['\\'] = 1, ['`'] = 1, ['*'] = 1, ['['] = 1,
	[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
};

/* A code span opens with a run of up to this many backticks (longer runs
 * are literal) and closes with a run of the same length. */
#define TICK_MAX 16

/* Parser state: the text produced so far and the attributes in force. */
struct parser {
	const char *src;
	size_t len;
	struct markup_result *out;
	unsigned attr;
	size_t url_start, url_len;
	bool pending_space;
	size_t link_close;   /* index of the ']' that ends the open link */
	size_t link_after;   /* index just past its ')' */
	/* Searches that failed from a position fail from any later one too:
	 * remembered, so that a paragraph of 100,000 unmatched delimiters
	 * costs linear time, not quadratic. no_tick_from[n]: for a closing
	 * run of n backticks. */
	size_t no_tick_from[TICK_MAX + 1], no_paren_from;
	/* dead[n][k]: the search for an n-star closer, passing position k,
	 * found none: a later search that reaches k can stop there. */
	uint8_t *dead[3];
};

/* A link's text longer than this is not taken for a link: it bounds the
 * search for its ']' when brackets are never closed. */
#define LINK_TEXT_MAX 1000

/* May a folded space go next? Not first, and never after another space
 * or a line break (an empty link between two spaces would make two). */
static bool can_space(const struct strbuf *t)
{
	return t->len > 0 && t->buf[t->len - 1] != ' ' && t->buf[t->len - 1] != '\n';
}

static void emit(struct parser *p, const char *s, size_t n)
{
	struct markup_result *r = p->out;
	struct markup_span *last;
	size_t start, url_start, url_len;

	if (p->pending_space && can_space(&r->text)) {
		p->pending_space = false;
		emit(p, " ", 1);
	}
	p->pending_space = false;
	start = r->text.len;
	strbuf_add(&r->text, s, n);
	if (p->attr == 0)
		return;
	/* A link's target is known from its '[' on, but only text inside
	 * the link carries it. */
	url_start = p->attr & SPAN_LINK ? p->url_start : 0;
	url_len = p->attr & SPAN_LINK ? p->url_len : 0;
	last = r->nspans ? &r->spans[r->nspans - 1] : NULL;
	if (last && last->end == start && last->attr == p->attr &&
	    last->url_start == url_start && last->url_len == url_len) {
		last->end = r->text.len;
		return;
	}
	XGROW(r->spans, r->cap, r->nspans + 1);
	r->spans[r->nspans++] = (struct markup_span){
		start, r->text.len, p->attr, url_start, url_len
	};
}

/* Length of the code point at i (at least 1). */
static size_t cp_len(const struct parser *p, size_t i)
{
	uint32_t uc;
	return (size_t)text_decode(p->src + i, p->len - i, &uc);
}

/* Length of the run of backticks at i. */
static size_t tick_run(const struct parser *p, size_t i)
{
	size_t n = 0;

	while (i + n < p->len && p->src[i + n] == '`')
		n++;
	return n;
}

/* For the run of n backticks at i that opens a code span: the index just
 * past the run of exactly n that closes it (*close: where that run
 * starts), or 0 when there is none (then the run is literal text). */
static size_t code_close(struct parser *p, size_t i, size_t n, size_t *close)
{
	size_t j = i + n, k, r;
	const char *q;

	if (n > TICK_MAX || i >= p->no_tick_from[n])
		return 0;
	while (j < p->len && (q = memchr(p->src + j, '`', p->len - j)) != NULL) {
		k = (size_t)(q - p->src);
		r = tick_run(p, k);
		if (r == n) {
			*close = k;
			return k + n;
		}
		j = k + r;
	}
	p->no_tick_from[n] = i;
	return 0;
}

/* Where a scan that meets a backtick at j goes on: past the code span it
 * opens, or past its run when it opens none. */
static size_t skip_code(struct parser *p, size_t j)
{
	size_t n = tick_run(p, j), close, k = code_close(p, j, n, &close);

	return k ? k : j + n;
}

/* Is there a closing delimiter of n stars after i (preceded by a
 * non-space, not escaped, outside code spans)? */
static bool has_closer(struct parser *p, size_t i, size_t n)
{
	size_t j = i + n, k, run, from = i + n;
	uint8_t *dead = p->dead[n];

	while (j < p->len) {
		if (dead && dead[j])
			break; /* the rest of this walk was walked before, in vain */
		char c = p->src[j];
		if (c == '\\') {
			j += 2;
		} else if (c == '`') {
			j = skip_code(p, j);
		} else if (c == '*') {
			run = 1;
			while (j + run < p->len && p->src[j + run] == '*')
				run++;
			if (!is_ws(p->src[j - 1]) && (run == n || (n == 2 && run == 3) ||
			                              (n == 1 && run == 3)))
				return true;
			j += run;
		} else {
			j++;
		}
	}
	/* Mark the walk just made, so that no later search repeats it. */
	if (!dead)
		dead = p->dead[n] = xcalloc(p->len + 1, 1);
	for (k = from, run = 0; k < j && k < p->len;) {
		char c = p->src[k];
		size_t next;
		dead[k] = 1;
		if (c == '\\') {
			next = k + 2;
		} else if (c == '`') {
			next = skip_code(p, k);
		} else if (c == '*') {
			run = 1;
			while (k + run < p->len && p->src[k + run] == '*')
				run++;
			next = k + run;
		} else {
			next = k + 1;
		}
		k = next;
	}
	return false;
}

/* For '[' at i: find "](url)"; sets the link's close, after and url. */
static bool find_link(struct parser *p, size_t i)
{
	size_t j = i + 1, depth = 0;
	const char *q;

	while (j < p->len && j - i <= LINK_TEXT_MAX) {
		char c = p->src[j];
		if (c == '\\') {
			j += 2;
			continue;
		}
		if (c == '`') {
			j = skip_code(p, j);
			continue;
		}
		if (c == '[')
			depth++;
		else if (c == ']' && depth > 0)
			depth--;
		else if (c == ']')
			break;
		j++;
	}
	if (j - i > LINK_TEXT_MAX || j + 1 >= p->len || p->src[j] != ']' || p->src[j + 1] != '(')
		return false;
	if (j + 2 >= p->no_paren_from)
		return false;
	q = memchr(p->src + j + 2, ')', p->len - j - 2);
	if (!q) {
		p->no_paren_from = j + 2;
		return false;
	}
	p->link_close = j;
	p->link_after = (size_t)(q - p->src) + 1;
	p->url_start = j + 2;
	p->url_len = (size_t)(q - p->src) - (j + 2);
	return true;
}

/* Emit src[from..to) with white space folded. */
static void emit_folded(struct parser *p, size_t from, size_t to)
{
	size_t i = from, n;

	while (i < to) {
		if (is_ws(p->src[i])) {
			p->pending_space = true;
			i++;
			continue;
		}
		/* Emitting a run at once equals emitting it code point by code
		 * point: the pieces would merge into the same text and span. */
		for (n = i + 1; n < to && !is_ws(p->src[n]); n++)
			;
		emit(p, p->src + i, n - i);
		i = n;
	}
}

/* End of the run of ordinary text starting at the ordinary byte i: up to
 * the next special byte or the open link's ']'. A single space between
 * two ordinary bytes is taken into the run, as the loop would emit it:
 * one folded space then the next byte, with the same attributes. */
static size_t ordinary_run(const struct parser *p, size_t i)
{
	const unsigned char *s = (const unsigned char *)p->src;
	size_t n = p->len, stop = p->link_close;

	for (i++; i < n && i != stop; i++) {
		if (!special[s[i]])
			continue;
		if (s[i] == ' ' && i + 1 < n && i + 1 != stop && !special[s[i + 1]])
			continue;
		break;
	}
	return i;
}

static size_t star(struct parser *p, size_t i)
{
	size_t n = (i + 1 < p->len && p->src[i + 1] == '*') ? 2 : 1;
	unsigned bit = n == 2 ? SPAN_STRONG : SPAN_EM;
	bool before_ws = i == 0 || is_ws(p->src[i - 1]);
	bool after_ws = i + n >= p->len || is_ws(p->src[i + n]);

	if ((p->attr & bit) && !before_ws) {
		p->attr &= ~bit;
	} else if (!(p->attr & bit) && !after_ws && has_closer(p, i, n)) {
		/* A space folded before the opener belongs outside the span. */
		if (p->pending_space && can_space(&p->out->text)) {
			p->pending_space = false;
			emit(p, " ", 1);
		}
		p->attr |= bit;
	} else {
		emit(p, p->src + i, n);
	}
	return i + n;
}

/* A backslash before a newline: a line break kept in the text, with the
 * white space around it dropped; none at the start. Returns where the
 * text goes on. */
static void drop_last_byte(struct markup_result *r);

static size_t hard_break(struct parser *p, size_t i)
{
	/* a space flushed before an empty span */
	if (p->out->text.len > 0 && p->out->text.buf[p->out->text.len - 1] == ' ')
		drop_last_byte(p->out);
	if (p->out->text.len > 0) {
		p->pending_space = false;
		emit(p, "\n", 1);
	}
	p->pending_space = false;
	while (i < p->len && is_ws(p->src[i]))
		i++;
	return i;
}

/* The run of backticks at i: a code span, or literal backticks. Returns
 * where the text goes on. */
static size_t code_span(struct parser *p, size_t i)
{
	size_t n = tick_run(p, i), close, after = code_close(p, i, n, &close);
	size_t from = i + n, to = close, k;
	unsigned saved = p->attr;

	if (!after) {
		emit(p, p->src + i, n);
		return i + n;
	}
	/* As in CommonMark, one space inside each end is padding (so that
	 * a span can start or end with a backtick), unless all is space. */
	if (to - from >= 2 && is_ws(p->src[from]) && is_ws(p->src[to - 1])) {
		for (k = from; k < to && is_ws(p->src[k]); k++)
			;
		if (k < to) {
			from++;
			to--;
		}
	}
	if (p->pending_space && can_space(&p->out->text)) {
		p->pending_space = false;
		emit(p, " ", 1);
	}
	p->attr |= SPAN_CODE;
	emit_folded(p, from, to);
	p->attr = saved;
	return after;
}

/* A line break or a space (one left before an empty link) as the last
 * thing of the text is dropped. */
static void drop_last_byte(struct markup_result *r)
{
	r->text.buf[--r->text.len] = '\0';
	while (r->nspans > 0 && r->spans[r->nspans - 1].start >= r->text.len)
		r->nspans--;
	if (r->nspans > 0 && r->spans[r->nspans - 1].end > r->text.len)
		r->spans[r->nspans - 1].end = r->text.len;
}

static void trim_final_break(struct markup_result *r)
{
	while (r->text.len > 0 && (r->text.buf[r->text.len - 1] == '\n' ||
	                           r->text.buf[r->text.len - 1] == ' '))
		drop_last_byte(r);
}

void markup_parse(const char *src, size_t len, struct markup_result *out)
{
	struct parser p = { src, len, out, 0, 0, 0, false, (size_t)-1, 0,
	                    { 0 }, SIZE_MAX, { NULL, NULL, NULL } };
	size_t i = 0, k;

	for (k = 0; k <= TICK_MAX; k++)
		p.no_tick_from[k] = SIZE_MAX;
	strbuf_reset(&out->text);
	/* The text is never longer than its source (markup and escapes go,
	 * runs of white space fold to one space): one allocation, not a
	 * string of doublings. */
	strbuf_grow(&out->text, len);
	out->nspans = 0;
	while (i < len) {
		char c = src[i];
		if (i == p.link_close) {
			p.attr &= ~SPAN_LINK;
			p.url_start = p.url_len = 0;
			p.link_close = (size_t)-1;
			i = p.link_after;
		} else if (c == '\\' && i + 1 < len && src[i + 1] == '\n') {
			i = hard_break(&p, i + 2);
		} else if (c == '\\' && i + 1 < len) {
			k = cp_len(&p, i + 1);
			if (is_ws(src[i + 1]))
				p.pending_space = true;
			else
				emit(&p, src + i + 1, k);
			i += 1 + k;
		} else if (c == '`') {
			i = code_span(&p, i);
		} else if (c == '*') {
			i = star(&p, i);
		} else if (c == '[' && !(p.attr & SPAN_LINK) && find_link(&p, i)) {
			if (p.pending_space && can_space(&out->text)) {
				p.pending_space = false;
				emit(&p, " ", 1);
			}
			p.attr |= SPAN_LINK;
			i++;
		} else if (is_ws(c)) {
			p.pending_space = true;
			i++;
		} else {
			k = ordinary_run(&p, i);
			emit(&p, src + i, k - i);
			i = k;
		}
	}
	free(p.dead[1]);
	free(p.dead[2]);
	trim_final_break(out);
}

void markup_result_release(struct markup_result *r)
{
	strbuf_release(&r->text);
	free(r->spans);
	r->spans = NULL;
	r->nspans = r->cap = 0;
}

void markup_fold_ws(const char *src, size_t len, struct strbuf *out)
{
	size_t i = 0, start = out->len;
	bool pending = false;

	while (i < len) {
		if (is_ws(src[i])) {
			pending = true;
			i++;
			continue;
		}
		if (pending && out->len > start)
			strbuf_addch(out, ' ');
		pending = false;
		strbuf_addch(out, src[i++]);
	}
}
