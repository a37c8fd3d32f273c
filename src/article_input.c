#include "config.h"

/* What the YAML article loader gives libyaml and what libyaml's complaints
 * mean: error messages with line and column, positions counted as libyaml
 * counts them, and the control-character placeholders.
 *
 * libyaml refuses raw control characters anywhere in a stream, but the
 * format says they load (the display layer makes them visible). So when
 * the input has any (a first parse of the raw bytes fails, and the scan
 * finds them: load() in article_yaml.c), each one (C0 but NUL, tab, LF,
 * CR; DEL; C1 but NEL) is replaced by a placeholder code point from a
 * private-use window the input does not use, and scalars are mapped back
 * as they are read. A placeholder is one
 * character like the original, so libyaml's line and column marks stay
 * right. */

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "glosa/strbuf.h"
#include "glosa/text.h"

#include "article_yaml.h"

#define PH_FIRST 0xF0000u  /* placeholder windows: planes 15 and 16 */

/* ---- Errors ---------------------------------------------------------- */

bool loader_fail_pos(struct loader *l, unsigned long line, unsigned long col,
                     const char *fmt, ...)
{
	va_list ap;

	if (l->failed)
		return false;
	l->failed = true;
	l->err->line = line;
	l->err->column = col;
	va_start(ap, fmt);
	vsnprintf(l->err->message, sizeof l->err->message, fmt, ap);
	va_end(ap);
	return false;
}

const char *loader_show(struct shown *out, const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t cut = text_cp_to_byte(s, n, 40);

	text_sanitize(&sb, s, cut);
	if (cut < n)
		strbuf_addstr(&sb, "\xe2\x80\xa6");
	snprintf(out->s, sizeof out->s, "%s", sb.buf);
	strbuf_release(&sb);
	return out->s;
}

/* Is s a line break as libyaml counts them (LF, CR, NEL, LS, PS)? Returns
 * its length in bytes, or 0. A CR before LF is not a break of its own. */
static size_t line_break(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] == '\n')
		return 1;
	if (u[0] == '\r')
		return n > 1 && u[1] == '\n' ? 0 : 1;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0x85)
		return 2;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
		return 3;
	return 0;
}

static size_t u8_len(unsigned char b)
{
	return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

static size_t bom_len(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* 1-based line and column (in code points, a BOM not counted, as libyaml
 * counts) of byte off in src, whose bytes before off are valid UTF-8. */
void loader_position(const char *src, size_t len, size_t off,
                        unsigned long *line, unsigned long *col)
{
	size_t i = bom_len(src, len);

	*line = *col = 1;
	if (i > off)
		i = 0;
	while (i < off) {
		size_t br = line_break(src + i, len - i);
		if (br) {
			++*line;
			*col = 1;
			i += br;
		} else {
			++*col;
			i += u8_len((unsigned char)src[i]);
		}
	}
}

/* The byte in src at 0-based line and column, or -1. */
static int char_at(const char *src, size_t len, size_t line, size_t col)
{
	size_t i = bom_len(src, len);

	while (i < len && (line > 0 || col > 0)) {
		size_t br = line_break(src + i, len - i);
		if (br && line > 0) {
			line--;
			i += br;
		} else if (br) {
			return -1;
		} else {
			if (line == 0)
				col--;
			i += u8_len((unsigned char)src[i]);
		}
	}
	return i < len ? (unsigned char)src[i] : -1;
}

static bool is_raw_control(uint32_t uc)
{
	return (uc < 0x20 && uc != 0 && uc != '\t' && uc != '\n' && uc != '\r')
	    || uc == 0x7F || (uc >= 0x80 && uc < 0xA0 && uc != 0x85);
}

/* The offset in src of byte off of the text libyaml was given. */
static size_t source_offset(const struct loader *l, size_t off)
{
	size_t i = 0, t = 0;

	if (!l->subst)
		return off;
	while (i < l->srclen) {
		uint32_t uc;
		int k = text_decode(l->src + i, l->srclen - i, &uc);
		size_t tk = is_raw_control(uc) ? 4 : (size_t)k;
		if (t + tk > off)
			break;
		t += tk;
		i += (size_t)k;
	}
	return i;
}

bool loader_parser_error(struct loader *l)
{
	const yaml_parser_t *p = &l->parser;
	const char *problem = p->problem ? p->problem : "cannot parse the YAML";
	const char *hint = "";
	unsigned long line, col;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return loader_fail_pos(l, 0, 0, "out of memory while parsing YAML");
	case YAML_READER_ERROR:
		loader_position(l->src, l->srclen, source_offset(l, p->problem_offset), &line, &col);
		if (p->problem_value >= 0)
			return loader_fail_pos(l, line, col, "%s (found U+%04X)", problem,
			                (unsigned)p->problem_value);
		return loader_fail_pos(l, line, col, "%s", problem);
	default:
		break;
	}
	if (char_at(l->src, l->srclen, p->problem_mark.line, p->problem_mark.column) == '\t')
		hint = "; indent with spaces, not tabs";
	else if (strcmp(problem, "mapping values are not allowed in this context") == 0)
		hint = "; put text that contains ': ' in quotes";
	if (p->context)
		return loader_fail_at(l, p->problem_mark, "%s (%s)%s", problem, p->context, hint);
	return loader_fail_at(l, p->problem_mark, "%s%s", problem, hint);
}

/* ---- Control characters ---------------------------------------------- */

/* Mark the placeholder window of uc as taken. */
static void take_window(unsigned char *used, uint32_t uc)
{
	if (uc >= PH_FIRST && uc <= 0x10FFFF)
		used[(uc - PH_FIRST) >> 8] = 1;
}

/* Byte classes for the input scan: bytes that need no look at all (printable
 * ASCII, tab, LF, CR, NUL), raw ASCII controls, the backslash that may
 * start a \U escape, and the lead and other bytes of non-ASCII. */
enum { IN_PLAIN, IN_CONTROL, IN_BACKSLASH, IN_HIGH };

static const unsigned char in_class[128] = {
	[0x01] = IN_CONTROL, [0x02] = IN_CONTROL, [0x03] = IN_CONTROL, [0x04] = IN_CONTROL,
	[0x05] = IN_CONTROL, [0x06] = IN_CONTROL, [0x07] = IN_CONTROL, [0x08] = IN_CONTROL,
	[0x0B] = IN_CONTROL, [0x0C] = IN_CONTROL, [0x0E] = IN_CONTROL, [0x0F] = IN_CONTROL,
	[0x10] = IN_CONTROL, [0x11] = IN_CONTROL, [0x12] = IN_CONTROL, [0x13] = IN_CONTROL,
	[0x14] = IN_CONTROL, [0x15] = IN_CONTROL, [0x16] = IN_CONTROL, [0x17] = IN_CONTROL,
	[0x18] = IN_CONTROL, [0x19] = IN_CONTROL, [0x1A] = IN_CONTROL, [0x1B] = IN_CONTROL,
	[0x1C] = IN_CONTROL, [0x1D] = IN_CONTROL, [0x1E] = IN_CONTROL, [0x1F] = IN_CONTROL,
	[0x7F] = IN_CONTROL, ['\\'] = IN_BACKSLASH,
};

#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

/* May any of the eight bytes of w need a look: non-ASCII, below 0x20
 * (tab and LF too: false alarms are only slower), DEL or a backslash? */
static inline bool word_needs_look(uint64_t w)
{
	uint64_t del = w ^ (ONES * 0x7F), bs = w ^ (ONES * '\\');

	return ((w | ((w - ONES * 0x20) & ~w) | ((del - ONES) & ~del) |
	         ((bs - ONES) & ~bs)) & HIGH) != 0;
}

/* Length of the well-formed UTF-8 sequence at s[0..n) (s[0] >= 0x80), or
 * 0; accepts exactly what u8_check accepts (no overlongs, surrogates or
 * code points past U+10FFFF). */
static inline size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *uc)
{
	unsigned char c = s[0];

	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		if (n < 2 || (s[1] ^ 0x80) >= 0x40)
			return 0;
		*uc = ((uint32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (c < 0xF0) {
		if (n < 3 || (s[1] ^ 0x80) >= 0x40 || (s[2] ^ 0x80) >= 0x40 ||
		    (c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))
			return 0;
		*uc = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
		      (s[2] & 0x3F);
		return 3;
	}
	if (c < 0xF5) {
		if (n < 4 || (s[1] ^ 0x80) >= 0x40 || (s[2] ^ 0x80) >= 0x40 ||
		    (s[3] ^ 0x80) >= 0x40 || (c == 0xF0 && s[1] < 0x90) ||
		    (c == 0xF4 && s[1] >= 0x90))
			return 0;
		*uc = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		      ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return 4;
	}
	return 0;
}

/* Scan the input (once: later calls find it done), checking that it is
 * UTF-8 (stopping as u8_check would, at the first ill-formed sequence:
 * l->scan.bad) and counting raw control characters (see the top of the
 * file). Only the few bytes that can matter get a closer look: eight
 * ASCII bytes at a time are skipped when none is a control, DEL or a
 * backslash. The placeholder windows that the input uses, literally or
 * through \U escapes in double-quoted scalars, are marked in
 * l->scan.used. */
void loader_scan(struct loader *l)
{
	struct input_scan *sc = &l->scan;
	const unsigned char *s = (const unsigned char *)l->src;
	size_t n = l->srclen, i = sc->pos, end;

	while (i < n && !sc->bad) {
		while (i + 8 <= n) {
			uint64_t word;
			memcpy(&word, s + i, 8);
			if (word_needs_look(word))
				break;
			i += 8;
		}
		end = i + 8 < n ? i + 8 : n;
		while (i < end) {
			uint32_t uc;
			size_t k;
			switch (s[i] < 0x80 ? in_class[s[i]] : IN_HIGH) {
			case IN_PLAIN:
				i++;
				break;
			case IN_CONTROL:
				sc->controls++;
				i++;
				break;
			case IN_BACKSLASH:
				if (i + 10 <= n && s[i + 1] == 'U') {
					char hex[9], *hend;
					memcpy(hex, s + i + 2, 8);
					hex[8] = '\0';
					uc = (uint32_t)strtoul(hex, &hend, 16);
					if (hend == hex + 8)
						take_window(sc->used, uc);
				}
				i++;
				break;
			default:
				k = utf8_seq(s + i, n - i, &uc);
				if (k == 0) {
					sc->bad = true;
					end = i; /* stop here: i is the bad byte */
					break;
				}
				if (uc < 0xA0)
					sc->controls += uc != 0x85; /* C1 */
				else
					take_window(sc->used, uc);
				i += k;
				break;
			}
		}
	}
	sc->pos = i;
}

/* Finish the scan; on invalid UTF-8 record the error (false). When the
 * input has raw control characters, set l->subst and l->ph_base. */
bool loader_protect_controls(struct loader *l)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = l->srclen, i, w;

	loader_scan(l);
	if (l->scan.bad) {
		unsigned long line, col;
		loader_position(l->src, n, l->scan.pos, &line, &col);
		return loader_fail_pos(l, line, col, "invalid UTF-8 at byte offset %zu", l->scan.pos);
	}
	if (l->scan.controls == 0 || l->subst)
		return true;
	for (w = LOADER_PH_WINDOWS; w-- > 0;)
		if (!l->scan.used[w])
			break;
	if (w == (size_t)-1)
		return true;
	l->ph_base = PH_FIRST + (uint32_t)(w << 8);
	strbuf_grow(&sb, n + 3 * l->scan.controls);
	for (i = 0; i < n;) {
		uint32_t uc;
		int k = text_decode(l->src + i, n - i, &uc);
		if (is_raw_control(uc))
			strbuf_add_uc(&sb, l->ph_base + uc);
		else
			strbuf_add(&sb, l->src + i, (size_t)k);
		i += (size_t)k;
	}
	l->subst = strbuf_detach(&sb, &l->substlen);
	return true;
}

/* The current scalar's bytes (placeholders undone), valid until the next
 * call or event. */
const char *loader_scalar_value(struct loader *l, size_t *len)
{
	const char *v = (const char *)l->ev.data.scalar.value;
	size_t n = l->ev.data.scalar.length, i;

	*len = n;
	if (!l->ph_base)
		return v;
	strbuf_reset(&l->val);
	for (i = 0; i < n;) {
		uint32_t uc;
		int k = text_decode(v + i, n - i, &uc);
		if (uc >= l->ph_base && uc < l->ph_base + 0xA0 && is_raw_control(uc - l->ph_base))
			strbuf_add_uc(&l->val, uc - l->ph_base);
		else
			strbuf_add(&l->val, v + i, (size_t)k);
		i += (size_t)k;
	}
	*len = l->val.len;
	return l->val.buf;
}
