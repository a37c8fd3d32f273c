/* The fast paths give exactly what the slow paths gave: markup runs
 * against the code-point-at-a-time parser they replaced, the width and
 * sanitising shortcuts against libunistring's tables for every code point
 * and for random strings, the pair-table line breaking against
 * u8_possible_linebreaks on random mixed strings, and the loader's own
 * UTF-8 check against u8_check on random bytes. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <unilbrk.h>
#include <unistr.h>
#include <uniwidth.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/yaml_pipe.h"
#include "glosa/markup.h"
#include "glosa/search.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "rng.h"
#include "tap.h"

/* layout.c's line breaking is static: the test takes the file in whole
 * (and so does not link libglosa's copy of it). */
#include "../../src/layout.c"

/* ---- The markup parser as it was: one code point, one emit ---------- */

struct ref_parser {
	const char *src;
	size_t len;
	struct markup_result *out;
	unsigned attr;
	size_t url_start, url_len;
	bool pending_space;
	size_t link_close;
	size_t link_after;
};

static bool ref_is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
/* May a folded space go next? Not first, and never after another space
 * or a line break (an empty link between two spaces would make two). */
static bool can_space(const struct strbuf *t)
{
	return t->len > 0 && t->buf[t->len - 1] != ' ' && t->buf[t->len - 1] != '\n';
}

static void ref_emit(struct ref_parser *p, const char *s, size_t n)
{
	struct markup_result *r = p->out;
	struct markup_span *last;
	size_t start, url_start, url_len;

	if (p->pending_space && can_space(&r->text)) {
		p->pending_space = false;
		ref_emit(p, " ", 1);
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
static size_t ref_cp_len(const struct ref_parser *p, size_t i)
{
	uint32_t uc;
	return (size_t)text_decode(p->src + i, p->len - i, &uc);
}

static size_t ref_tick_run(const struct ref_parser *p, size_t i)
{
	size_t n = 0;
	while (i + n < p->len && p->src[i + n] == '`')
		n++;
	return n;
}

/* For the run of n backticks at i: just past the run of exactly n that
 * closes it (*close: its start), or 0; runs over 16 are literal. */
static size_t ref_code_close(const struct ref_parser *p, size_t i, size_t n, size_t *close)
{
	size_t j = i + n, r;

	if (n > 16)
		return 0;
	while (j < p->len) {
		if (p->src[j] != '`') {
			j++;
			continue;
		}
		r = ref_tick_run(p, j);
		if (r == n) {
			*close = j;
			return j + n;
		}
		j += r;
	}
	return 0;
}

static size_t ref_skip_code(const struct ref_parser *p, size_t j)
{
	size_t n = ref_tick_run(p, j), close, k = ref_code_close(p, j, n, &close);
	return k ? k : j + n;
}

/* Is there a closing delimiter of n stars after i (preceded by a
 * non-space, not escaped, outside code spans)? */
static bool ref_has_closer(const struct ref_parser *p, size_t i, size_t n)
{
	size_t j = i + n, run;

	while (j < p->len) {
		char c = p->src[j];
		if (c == '\\') {
			j += 2;
		} else if (c == '`') {
			j = ref_skip_code(p, j);
		} else if (c == '*') {
			run = 1;
			while (j + run < p->len && p->src[j + run] == '*')
				run++;
			if (!ref_is_ws(p->src[j - 1]) && (run == n || (n == 2 && run == 3) ||
			                              (n == 1 && run == 3)))
				return true;
			j += run;
		} else {
			j++;
		}
	}
	return false;
}

/* For '[' at i: find "](url)"; sets the link's close, after and url. */
static bool ref_find_link(struct ref_parser *p, size_t i)
{
	size_t j = i + 1, depth = 0;
	const char *q;

	while (j < p->len) {
		char c = p->src[j];
		if (c == '\\') {
			j += 2;
			continue;
		}
		if (c == '`') {
			j = ref_skip_code(p, j);
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
	if (j + 1 >= p->len || p->src[j] != ']' || p->src[j + 1] != '(')
		return false;
	q = memchr(p->src + j + 2, ')', p->len - j - 2);
	if (!q)
		return false;
	p->link_close = j;
	p->link_after = (size_t)(q - p->src) + 1;
	p->url_start = j + 2;
	p->url_len = (size_t)(q - p->src) - (j + 2);
	return true;
}

/* Emit src[from..to) with white space folded. */
static void ref_emit_folded(struct ref_parser *p, size_t from, size_t to)
{
	size_t i = from, n;

	while (i < to) {
		if (ref_is_ws(p->src[i])) {
			p->pending_space = true;
			i++;
			continue;
		}
		n = ref_cp_len(p, i);
		if (i + n > to)
			n = to - i;
		ref_emit(p, p->src + i, n);
		i += n;
	}
}

static size_t ref_star(struct ref_parser *p, size_t i)
{
	size_t n = (i + 1 < p->len && p->src[i + 1] == '*') ? 2 : 1;
	unsigned bit = n == 2 ? SPAN_STRONG : SPAN_EM;
	bool before_ws = i == 0 || ref_is_ws(p->src[i - 1]);
	bool after_ws = i + n >= p->len || ref_is_ws(p->src[i + n]);

	if ((p->attr & bit) && !before_ws) {
		p->attr &= ~bit;
	} else if (!(p->attr & bit) && !after_ws && ref_has_closer(p, i, n)) {
		/* A space folded before the opener belongs outside the span. */
		if (p->pending_space && can_space(&p->out->text)) {
			p->pending_space = false;
			ref_emit(p, " ", 1);
		}
		p->attr |= bit;
	} else {
		ref_emit(p, p->src + i, n);
	}
	return i + n;
}

static void ref_markup_parse(const char *src, size_t len, struct markup_result *out)
{
	struct ref_parser p = { src, len, out, 0, 0, 0, false, (size_t)-1, 0 };
	size_t i = 0, k;

	strbuf_reset(&out->text);
	out->nspans = 0;
	while (i < len) {
		char c = src[i];
		if (i == p.link_close) {
			p.attr &= ~SPAN_LINK;
			p.url_start = p.url_len = 0;
			p.link_close = (size_t)-1;
			i = p.link_after;
		} else if (c == '\\' && i + 1 < len && src[i + 1] == '\n') {
			/* a hard line break, white space around it dropped */
			p.pending_space = false;
			if (out->text.len > 0 && out->text.buf[out->text.len - 1] == ' ') {
				out->text.buf[--out->text.len] = '\0';
				while (out->nspans > 0 && out->spans[out->nspans - 1].start >= out->text.len)
					out->nspans--;
				if (out->nspans > 0 && out->spans[out->nspans - 1].end > out->text.len)
					out->spans[out->nspans - 1].end = out->text.len;
			}
			if (out->text.len > 0)
				ref_emit(&p, "\n", 1);
			for (i += 2; i < len && ref_is_ws(src[i]); i++)
				;
		} else if (c == '\\' && i + 1 < len) {
			k = ref_cp_len(&p, i + 1);
			if (ref_is_ws(src[i + 1]))
				p.pending_space = true;
			else
				ref_emit(&p, src + i + 1, k);
			i += 1 + k;
		} else if (c == '`') {
			size_t n = ref_tick_run(&p, i), close, from, to, j;
			unsigned saved = p.attr;
			k = ref_code_close(&p, i, n, &close);
			if (!k) {
				ref_emit(&p, src + i, n);
				i += n;
				continue;
			}
			from = i + n;
			to = close;
			for (j = from; j < to && ref_is_ws(src[j]); j++)
				;
			if (j < to && to - from >= 2 && ref_is_ws(src[from]) && ref_is_ws(src[to - 1])) {
				from++;
				to--;
			}
			if (p.pending_space && can_space(&out->text)) {
				p.pending_space = false;
				ref_emit(&p, " ", 1);
			}
			p.attr |= SPAN_CODE;
			ref_emit_folded(&p, from, to);
			p.attr = saved;
			i = k;
		} else if (c == '*') {
			i = ref_star(&p, i);
		} else if (c == '[' && !(p.attr & SPAN_LINK) && ref_find_link(&p, i)) {
			if (p.pending_space && can_space(&out->text)) {
				p.pending_space = false;
				ref_emit(&p, " ", 1);
			}
			p.attr |= SPAN_LINK;
			i++;
		} else if (ref_is_ws(c)) {
			p.pending_space = true;
			i++;
		} else {
			k = ref_cp_len(&p, i);
			ref_emit(&p, src + i, k);
			i += k;
		}
	}
	while (out->text.len > 0 && (out->text.buf[out->text.len - 1] == '\n' ||
	                             out->text.buf[out->text.len - 1] == ' ')) {
		out->text.buf[--out->text.len] = '\0';
		while (out->nspans > 0 && out->spans[out->nspans - 1].start >= out->text.len)
			out->nspans--;
		if (out->nspans > 0 && out->spans[out->nspans - 1].end > out->text.len)
			out->spans[out->nspans - 1].end = out->text.len;
	}
}


/* ---- Text: widths and sanitising as they were ------------------------ */

static bool ref_unsafe(uint32_t uc)
{
	if (uc < 0x20 || (uc >= 0x7F && uc < 0xA0))
		return true;
	if (uc == 0x2028 || uc == 0x2029)
		return true;
	if (uc_is_property_bidi_control(uc))
		return true;
	return uc_width(uc, "UTF-8") < 0;
}

static int ref_width_uc(uint32_t uc)
{
	int w;

	if (uc < 0x7F)
		return 1;
	if (ref_unsafe(uc))
		return 1;
	w = uc_width(uc, "UTF-8");
	return w < 0 ? 1 : w;
}

static int ref_decode(const char *s, size_t n, uint32_t *uc)
{
	ucs4_t c;
	int k;

	if ((unsigned char)*s < 0x80) {
		*uc = (unsigned char)*s;
		return 1;
	}
	k = u8_mbtouc(&c, (const uint8_t *)s, n);
	*uc = c;
	return k < 1 ? 1 : k;
}

static size_t ref_width(const char *s, size_t n)
{
	size_t i = 0, w = 0;
	uint32_t uc;

	while (i < n) {
		i += (size_t)ref_decode(s + i, n - i, &uc);
		w += (size_t)ref_width_uc(uc);
	}
	return w;
}

static void ref_sanitize(struct strbuf *out, const char *s, size_t n, bool drop_zwj)
{
	size_t i = 0;
	uint32_t uc, prev = 0;
	int k;

	while (i < n) {
		k = ref_decode(s + i, n - i, &uc);
		if (drop_zwj && text_drop_joiner(prev, uc)) {
			i += (size_t)k;
			continue;
		}
		prev = uc;
		if (ref_unsafe(uc))
			strbuf_add_uc(out, uc < 0x20 ? 0x2400 + uc : uc == 0x7F ? 0x2421 : 0xFFFD);
		else if (uc == 0xFFFD && k == 1)
			strbuf_add_uc(out, 0xFFFD);
		else
			strbuf_add(out, s + i, (size_t)k);
		i += (size_t)k;
	}
}

static void test_every_code_point(void)
{
	uint32_t uc;
	unsigned long wbad = 0, ubad = 0, dbad = 0;

	for (uc = 0; uc < 0x110000; uc++) {
		char b[4];
		size_t n = 0;
		uint32_t got = 0;
		if (text_uc_width(uc) != ref_width_uc(uc))
			wbad++;
		if (text_uc_unsafe(uc) != ref_unsafe(uc))
			ubad++;
		if (u8_uctomb((uint8_t *)b, uc, 4) > 0) {
			n = (size_t)u8_uctomb((uint8_t *)b, uc, 4);
			if ((size_t)text_decode(b, n, &got) != n || got != uc)
				dbad++;
		}
	}
	ok(wbad == 0, "text_uc_width equals the full rule for every code point (%lu differ)", wbad);
	ok(ubad == 0, "text_uc_unsafe equals the full rule for every code point (%lu differ)", ubad);
	ok(dbad == 0, "text_decode decodes every encodable code point (%lu differ)", dbad);
}

/* Pieces for random text: ASCII, markup, every script the benchmark
 * writes, combining marks, joiners, controls and invalid bytes. */
static const char *const pieces[] = {
	"a", "b", "Z", "q", "0", "7", " ", " ", "  ", "\t", "\n", "\r", "*", "**", "***", "`",
	"\\", "[", "]", "(", ")", "](", "-", "/", ".", ",", "!", "?", "\"", "'", "$", "%",
	"é", "e\xcc\x81", "ß", "Ω", "ἀ", "ῷ", "中", "文", "。", "、", "「", "」", "日本", "한",
	"«", "»", "“", "”", "—", "–", "…", "\xc2\xa0", "\xe2\x80\x8b", "\xe2\x80\x8d", "👍",
	"👍🏽", "👨‍👩‍👧", "🇫🇷", "\xef\xb8\x8f", "\xe2\x80\xa8", "\xe2\x80\xae", "¿", "€", "\xcc\x88",
	"א", "ع", "ก", "\xe3\x80\x80", "ー", "─", "•", "\x01", "\x1b", "\x7f", "\xc2\x85",
	"\xc2\x9b", "\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf",
	"\xf3\xb0\x80\x80", "\xe2\x81\xa0", "\xef\xbb\xbf", "\xad",
};
#define NPIECES (sizeof pieces / sizeof *pieces)

/* Random text of up to max bytes; ascii_share in percent of pieces drawn
 * from the first 32 (ASCII) ones. */
static size_t random_text(char *buf, size_t max, unsigned ascii_share)
{
	size_t n = 0, want = 1 + rnd((unsigned)max / 2);

	while (n < want) {
		const char *p = rnd(100) < ascii_share ? pieces[rnd(32)] : pieces[rnd(NPIECES)];
		size_t m = strlen(p);
		if (n + m > max)
			break;
		memcpy(buf + n, p, m);
		n += m;
	}
	return n;
}

static void test_text_strings(void)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	unsigned long wbad = 0, sbad = 0, tbad = 0, swbad = 0, it;
	char buf[256];

	for (it = 0; it < 200000; it++) {
		size_t n = random_text(buf, sizeof buf, it % 2 ? 90 : 30);
		if (text_width(buf, n) != ref_width(buf, n))
			wbad++;
		strbuf_reset(&a);
		strbuf_reset(&b);
		text_sanitize(&a, buf, n);
		ref_sanitize(&b, buf, n, false);
		if (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0)
			sbad++;
		/* Sanitising and measuring in one pass (render.c). */
		strbuf_reset(&a);
		if (text_sanitize_width(&a, buf, n) != ref_width(b.buf, b.len) ||
		    a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0)
			swbad++;
		strbuf_reset(&a);
		strbuf_reset(&b);
		text_sanitize_terminal(&a, buf, n);
		ref_sanitize(&b, buf, n, true);
		if (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0)
			tbad++;
	}
	ok(wbad == 0, "text_width: 200,000 random strings as before (%lu differ)", wbad);
	ok(sbad == 0, "text_sanitize: 200,000 random strings as before (%lu differ)", sbad);
	ok(tbad == 0, "text_sanitize_terminal: 200,000 random strings as before (%lu differ)", tbad);
	ok(swbad == 0, "text_sanitize_width: the same text, and the width text_width gives it "
	   "(%lu differ)", swbad);
	strbuf_release(&a);
	strbuf_release(&b);
}

static bool same_result(const struct markup_result *x, const struct markup_result *y)
{
	size_t i;

	if (x->text.len != y->text.len || memcmp(x->text.buf, y->text.buf, x->text.len) != 0 ||
	    x->nspans != y->nspans)
		return false;
	for (i = 0; i < x->nspans; i++)
		if (x->spans[i].start != y->spans[i].start || x->spans[i].end != y->spans[i].end ||
		    x->spans[i].attr != y->spans[i].attr ||
		    x->spans[i].url_start != y->spans[i].url_start ||
		    x->spans[i].url_len != y->spans[i].url_len)
			return false;
	return true;
}

static void test_markup(void)
{
	struct markup_result x = MARKUP_RESULT_INIT, y = MARKUP_RESULT_INIT;
	unsigned long bad = 0, it;
	char buf[256];

	for (it = 0; it < 300000; it++) {
		size_t n = random_text(buf, sizeof buf, it % 3 ? 85 : 40);
		markup_parse(buf, n, &x);
		ref_markup_parse(buf, n, &y);
		if (!same_result(&x, &y)) {
			if (bad++ == 0) {
				printf("# first difference: '%.*s'\n", (int)n, buf);
				printf("# fast: '%s' (%zu spans)\n# slow: '%s' (%zu spans)\n",
				       x.text.buf ? x.text.buf : "", x.nspans,
				       y.text.buf ? y.text.buf : "", y.nspans);
			}
		}
	}
	ok(bad == 0, "markup_parse: 300,000 random strings give the same text and spans (%lu differ)",
	   bad);
	markup_result_release(&x);
	markup_result_release(&y);
}

/* Line breaking: besides the shared pieces, what linebreaks() handles
 * itself outside ASCII (the AL letters of U+0080..U+07FF and
 * U+1E00..U+1FFF, combining marks) and what borders it: Hebrew (HL), the
 * non-AL signs of Latin-1, U+1FFD, marks of other blocks. */
static const char *const lb_pieces[] = {
	"a", "Z", "0", " ", " ", "  ", "(", ")", "[", "]", "-", "/", ".", ",", "!", "?", "\"",
	"'", "$", "%", "{", "}", "|", ":", ";", "#", "+", "\n", "\t", "é", "ß", "Ω", "ж", "ա",
	"ع", "ἀ", "ῷ", "Ḁ", "\xe1\xbf\xbd", "\xe1\xbf\xbe", "\xcc\x81", "\xcc\x88",
	"\xcd\xaf", "\xcd\xb0", "\xd2\x83", "א", "־", "\xc2\xa0", "\xc2\xa1", "\xc2\xab",
	"\xc2\xbb", "\xc2\xb4", "\xc2\xbf", "×", "÷", "\xcb\x88", "\xcd\xbe", "\xc2\xad",
	"—", "…", "中", "。", "\xe2\x80\x8b", "\xe2\x80\x8d", "👍", "\xff", "\xc3", "\xe1\xbf",
};
#define NLB_PIECES (sizeof lb_pieces / sizeof *lb_pieces)

/* Encode code point c (not a surrogate) as UTF-8; returns its length. */
static size_t lb_put(char *b, uint32_t c)
{
	if (c < 0x80) {
		b[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		b[0] = (char)(0xC0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	b[0] = (char)(0xE0 | (c >> 12));
	b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
	b[2] = (char)(0x80 | (c & 0x3F));
	return 3;
}

static void test_linebreaks(void)
{
	unsigned long bad = 0, cbad = 0, it;
	char buf[256], p[256], q[256];
	uint32_t c;

	for (it = 0; it < 2000000; it++) {
		size_t n, i;
		if (it % 2) {
			n = random_text(buf, sizeof buf, it % 4 == 1 ? 90 : 50);
		} else {
			size_t want = 1 + rnd(sizeof buf / 2);
			for (n = 0; n < want;) {
				const char *pc = lb_pieces[rnd(NLB_PIECES)];
				size_t m = strlen(pc);
				if (n + m > sizeof buf)
					break;
				memcpy(buf + n, pc, m);
				n += m;
			}
		}
		if (it % 10 == 1) /* printable ASCII only */
			for (i = 0; i < n; i++)
				buf[i] = (char)(0x20 + rnd(95));
		u8_possible_linebreaks((const uint8_t *)buf, n, "UTF-8", p);
		memset(q, 0x55, n);
		linebreaks(buf, n, q);
		if (memcmp(p, q, n) != 0 && bad++ == 0)
			printf("# first difference: '%.*s'\n", (int)n, buf);
	}
	ok(bad == 0, "line breaks: 2,000,000 random strings as u8_possible_linebreaks (%lu differ)",
	   bad);

	/* Every code point of U+0080..U+07FF and U+1E00..U+1FFF (where
	 * linebreaks() decides alone), and a sample of the rest of the BMP,
	 * in random contexts of the pieces above. */
	for (c = 0x80; c < 0x10000; c++) {
		int r;
		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		if (c >= 0x800 && !(c >= 0x1E00 && c <= 0x1FFF) && c % 7 != 0)
			continue;
		for (r = 0; r < 40; r++) {
			size_t n = 0, want = 2 + rnd(12), j;
			unsigned at = rnd((unsigned)want);
			for (j = 0; j < want; j++) {
				const char *pc = lb_pieces[rnd(NLB_PIECES)];
				if (j == at || rnd(4) == 0)
					n += lb_put(buf + n, c);
				else {
					memcpy(buf + n, pc, strlen(pc));
					n += strlen(pc);
				}
			}
			u8_possible_linebreaks((const uint8_t *)buf, n, "UTF-8", p);
			memset(q, 0x55, n);
			linebreaks(buf, n, q);
			if (memcmp(p, q, n) != 0 && cbad++ == 0)
				printf("# first difference (U+%04X): '%.*s'\n", (unsigned)c, (int)n, buf);
		}
	}
	ok(cbad == 0, "line breaks: every code point near the fast path, in random contexts, as "
	   "u8_possible_linebreaks (%lu differ)", cbad);
}

static void test_utf8_check(void)
{
	unsigned long bad = 0, it;
	char buf[300];

	for (it = 0; it < 100000; it++) {
		struct load_error err;
		struct article *a;
		size_t n, off;
		const uint8_t *u;
		char want[64];
		memcpy(buf, "title: ", 7);
		n = 7 + random_text(buf + 7, 200, 60);
		u = u8_check((const uint8_t *)buf, n);
		a = article_load_yaml(buf, n, &err);
		if (u) {
			off = (size_t)((const char *)u - buf);
			snprintf(want, sizeof want, "invalid UTF-8 at byte offset %zu", off);
			if (a || strcmp(err.message, want) != 0)
				bad++;
		} else if (strncmp(err.message, "invalid UTF-8", 13) == 0) {
			bad++;
		}
		article_free(a);
	}
	ok(bad == 0, "the loader finds invalid UTF-8 where u8_check does (%lu differ)", bad);
}

/* Typing a pattern: each longer prefix searched from the same place with
 * one index (which may go on from the last match) finds what a fresh
 * index finds. */
static void test_search_typing(void)
{
	static const char *const words[] = {
		"quetzal", "Quetzalcóatl", "QUETZALCOATL", "straße", "STRASSE", "é", "e\xcc\x81",
		"cafe", "café", "日本", "a", "aa", "ab", "vocación", "ς", "Σ",
	};
	unsigned long bad = 0, it;
	char buf[256];

	for (it = 0; it < 300; it++) {
		struct article *a = article_new();
		struct search_index *ix;
		uint32_t sec = article_add_section(a, ARTICLE_NONE), b, unit, byte;
		const char *w = words[rnd(sizeof words / sizeof *words)];
		size_t i, k;
		int forward = (int)rnd(2);
		for (i = 0; i < 20; i++) {
			size_t n = random_text(buf, 120, 70);
			if (rnd(3) == 0 && n + 20 < sizeof buf) {
				memcpy(buf + n, w, strlen(w));
				n += strlen(w);
			}
			b = article_add_block(a, sec, BLOCK_PARAGRAPH);
			a->blocks[b].text = article_add_markup(a, buf, n);
		}
		article_finish(a);
		unit = rnd((unsigned)a->nunits + 1);
		byte = rnd(40);
		ix = search_index_new(a);
		for (k = 1; k <= strlen(w); k++) {
			struct search_index *fresh = search_index_new(a);
			struct search_match m1 = { 0, 0, 0 }, m2 = { 0, 0, 0 };
			bool w1 = false, w2 = false, f1, f2;
			size_t plen;
			char *pat = search_fold(w, k, &plen);
			f1 = search_find(ix, pat, plen, unit, byte, forward, &m1, &w1);
			f2 = search_find(fresh, pat, plen, unit, byte, forward, &m2, &w2);
			if (f1 != f2 || w1 != w2 || (f1 && (m1.unit != m2.unit || m1.start != m2.start ||
			                                    m1.end != m2.end)))
				bad++;
			free(pat);
			search_index_free(fresh);
		}
		search_index_free(ix);
		article_free(a);
	}
	ok(bad == 0, "search: typed prefixes find what a fresh search finds (%lu differ)", bad);
}

/* ---- Wrapping: the measuring loop as it was (a code point at a time) ---- */

static void ref_wrap(struct layout *l, const char *s, size_t start, size_t end, int width,
                     int indent, int first_indent)
{
	size_t n = end - start, pos = start, i, last, cut;
	uint8_t flags = LINE_FIRST;
	int w;

	if (n == 0) {
		push(l, LINE_TEXT, start, start, first_indent, flags, 0);
		return;
	}
	XGROW(l->brk, l->brk_cap, n);
	u8_possible_linebreaks((const uint8_t *)s + start, n, "UTF-8", l->brk);
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
		for (i = pos; i < end;) {
			uint32_t uc;
			int k = ref_decode(s + i, end - i, &uc), cw = ref_width_uc(uc);
			if (w + cw > avail && uc != ' ')
				break;
			w += cw;
			i += (size_t)k;
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
		push(l, LINE_TEXT, (uint32_t)pos, (uint32_t)trim_spaces(s, pos, cut),
		     flags ? first_indent : indent, flags, 0);
		flags = 0;
		pos = cut;
	}
	if (flags)
		push(l, LINE_TEXT, (uint32_t)start, (uint32_t)start, first_indent, flags, 0);
}

/* wrap (eight ASCII bytes at a time where they fit) against ref_wrap on
 * random text at random widths and indents: the same lines. */
static void test_wrap(void)
{
	struct layout x = { 0 }, y = { 0 };
	unsigned long bad = 0, it;
	char buf[512];

	for (it = 0; it < 300000; it++) {
		size_t n = random_text(buf, sizeof buf, it % 3 ? 95 : 60), i;
		int width = 1 + (int)rnd(it % 2 ? 90 : 12), indent = (int)rnd(6);
		int first = indent + (int)rnd(4);
		if (it % 7 == 0) /* long ASCII words and runs of spaces */
			for (i = 0; i < n; i++)
				buf[i] = rnd(9) ? (char)(0x21 + rnd(94)) : ' ';
		x.nlines = y.nlines = 0;
		wrap(&x, LINE_TEXT, buf, 0, n, width, indent, first, 0);
		ref_wrap(&y, buf, 0, n, width, indent, first);
		if ((x.nlines != y.nlines ||
		     memcmp(x.lines, y.lines, x.nlines * sizeof *x.lines) != 0) && bad++ == 0)
			printf("# first difference (width %d): '%.*s'\n", width, (int)n, buf);
	}
	ok(bad == 0, "wrap: 300,000 random texts at random widths as a code point at a time "
	   "(%lu differ)", bad);
	free(x.lines);
	free(x.brk);
	free(y.lines);
	free(y.brk);
}

/* The loader with libyaml on a second thread finds invalid UTF-8 where
 * u8_check does too (test_utf8_check ran it on one). */
static void test_utf8_check_piped(void)
{
	unsigned long bad = 0, it;
	char buf[300];

	event_pipe_set_min(0);
	for (it = 0; it < 3000; it++) {
		struct load_error err;
		struct article *a;
		size_t n;
		const uint8_t *u;
		char want[64];
		memcpy(buf, "title: ", 7);
		n = 7 + random_text(buf + 7, 200, 60);
		u = u8_check((const uint8_t *)buf, n);
		a = article_load_yaml(buf, n, &err);
		if (u) {
			snprintf(want, sizeof want, "invalid UTF-8 at byte offset %zu",
			         (size_t)((const char *)u - buf));
			if (a || strcmp(err.message, want) != 0)
				bad++;
		} else if (strncmp(err.message, "invalid UTF-8", 13) == 0) {
			bad++;
		}
		article_free(a);
	}
	event_pipe_set_min(SIZE_MAX);
	ok(bad == 0, "piped: invalid UTF-8 where u8_check finds it (%lu differ)", bad);
}

int main(void)
{
	test_every_code_point();
	test_text_strings();
	test_markup();
	test_linebreaks();
	test_utf8_check();
	test_utf8_check_piped();
	test_wrap();
	test_search_typing();
	return tap_done();
}
