#include "config.h"

/* The way back from text and spans to inline markup, for importers (which
 * build markup from what they parse) and for --convert (which writes an
 * article as YAML). The parser's rules decide where a delimiter counts, so
 * what is written is parsed back and compared: the rare combination that
 * the markup cannot say is written without its styling, never wrong. */

#include <stdbool.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/markup.h"
#include "glosa/strbuf.h"

static bool is_markup_char(char c)
{
	return c == '\\' || c == '`' || c == '*' || c == '[' || c == ']';
}

void markup_escape(const char *src, size_t len, struct strbuf *out)
{
	size_t i, from = 0;

	for (i = 0; i < len; i++) {
		if (!is_markup_char(src[i]))
			continue;
		strbuf_add(out, src + from, i - from);
		strbuf_addch(out, '\\');
		from = i;
	}
	strbuf_add(out, src + from, len - from);
}

/* Text outside code: escaped, a line break written as a hard break. */
static void put_text(struct strbuf *out, const char *s, size_t n)
{
	size_t i, from = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '\n')
			continue;
		markup_escape(s + from, i - from, out);
		strbuf_add(out, "\\\n", 2);
		from = i + 1;
	}
	markup_escape(s + from, n - from, out);
}

/* A code span: fenced by a run of backticks that the text lacks, padded
 * with a space where the text starts or ends with a backtick or with
 * spaces at both ends (the parser takes one space off each end). */
static void put_code(struct strbuf *out, const char *s, size_t n)
{
	unsigned char has[18] = { 0 };
	size_t i, run = 0, fence = 1;
	bool pad;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] == '`') {
			run++;
			continue;
		}
		if (run > 0 && run < sizeof has)
			has[run] = 1;
		run = 0;
	}
	while (fence < sizeof has - 1 && has[fence])
		fence++;
	pad = n > 0 && (s[0] == '`' || s[n - 1] == '`' || (s[0] == ' ' && s[n - 1] == ' '));
	for (i = 0; i < fence; i++)
		strbuf_addch(out, '`');
	if (pad)
		strbuf_addch(out, ' ');
	strbuf_add(out, s, n);
	if (pad)
		strbuf_addch(out, ' ');
	for (i = 0; i < fence; i++)
		strbuf_addch(out, '`');
}

/* A link target: it ends at the first ')', so one inside is written as
 * %29, which means the same in a URL. */
static void put_url(struct strbuf *out, const char *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (u[i] == ')')
			strbuf_addstr(out, "%29");
		else
			strbuf_addch(out, u[i]);
	}
}

static bool same_url(const struct span *x, const struct span *y, const char *arena)
{
	return x->url_len == y->url_len &&
	       memcmp(arena + x->url_off, arena + y->url_off, x->url_len) == 0;
}

/* Close what cur has and next lacks, then open what next has and cur
 * lacks; a link whose target changes is closed and opened again. */
static void put_change(struct strbuf *out, const struct span *cur, const struct span *next,
                       const char *arena)
{
	unsigned from = cur->attr & ~SPAN_CODE, to = next->attr & ~SPAN_CODE;
	bool relink = (from & to & SPAN_LINK) && !same_url(cur, next, arena);

	if ((from & SPAN_EM) && !(to & SPAN_EM))
		strbuf_addch(out, '*');
	if ((from & SPAN_STRONG) && !(to & SPAN_STRONG))
		strbuf_addstr(out, "**");
	if ((from & SPAN_LINK) && (!(to & SPAN_LINK) || relink)) {
		strbuf_addstr(out, "](");
		put_url(out, arena + cur->url_off, cur->url_len);
		strbuf_addch(out, ')');
	}
	if ((to & SPAN_LINK) && (!(from & SPAN_LINK) || relink))
		strbuf_addch(out, '[');
	if ((to & SPAN_STRONG) && !(from & SPAN_STRONG))
		strbuf_addstr(out, "**");
	if ((to & SPAN_EM) && !(from & SPAN_EM))
		strbuf_addch(out, '*');
}

static void put_all(const char *text, size_t len, const struct span *spans, size_t nspans,
                    const char *arena, struct strbuf *out)
{
	struct span none = { 0, 0, 0, 0, 0 }, cur = none, next;
	size_t i = 0, k = 0, end;

	while (i < len) {
		if (k < nspans && spans[k].start <= i) {
			next = spans[k];
			end = spans[k++].end;
		} else {
			next = none;
			end = k < nspans ? spans[k].start : len;
		}
		put_change(out, &cur, &next, arena);
		if (next.attr & SPAN_CODE)
			put_code(out, text + i, end - i);
		else
			put_text(out, text + i, end - i);
		cur = next;
		i = end;
	}
	put_change(out, &cur, &none, arena);
}

/* Does src parse back to text and spans? */
static bool parses_back(const char *src, size_t srclen, const char *text, size_t len,
                        const struct span *spans, size_t nspans, const char *arena)
{
	struct markup_result m = MARKUP_RESULT_INIT;
	bool same;
	size_t i;

	markup_parse(src, srclen, &m);
	same = m.text.len == len && memcmp(m.text.buf, text, len) == 0 && m.nspans == nspans;
	for (i = 0; same && i < nspans; i++) {
		const struct markup_span *x = &m.spans[i];
		const struct span *y = &spans[i];
		same = x->start == y->start && x->end == y->end && x->attr == y->attr &&
		       x->url_len == y->url_len &&
		       memcmp(src + x->url_start, arena + y->url_off, y->url_len) == 0;
	}
	markup_result_release(&m);
	return same;
}

bool markup_write(const char *text, size_t len, const struct span *spans, size_t nspans,
                  const char *arena, struct strbuf *out)
{
	size_t start = out->len;

	put_all(text, len, spans, nspans, arena, out);
	if (parses_back(out->buf + start, out->len - start, text, len, spans, nspans, arena))
		return true;
	strbuf_truncate(out, start);
	put_text(out, text, len);
	return nspans == 0;
}
