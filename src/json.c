/* A small streaming JSON writer (RFC 8259). Output is deterministic:
 * with indent > 0, one member or element per line, nested levels indented
 * by that many spaces, "key": value, and empty containers as {} and [];
 * with indent 0, everything on one line with no spaces.
 *
 * Strings are checked as strict UTF-8 (no overlong forms, no surrogates,
 * nothing past U+10FFFF); anything else sets failed. Escaped: the quote,
 * the backslash, every control character (C0 as \b \f \n \r \t or \u00XX,
 * DEL and C1 as \u00XX), U+2028 and U+2029 (not allowed raw in
 * JavaScript strings), and the bidirectional controls, so that JSON on a
 * terminal cannot reorder or hide text. All other characters are written
 * as UTF-8. Escaping is lossless: a parser gives back the exact string.
 *
 * Misuse also sets failed and the call does nothing: a value where a key
 * belongs, a key outside an object or after another key, an end that does
 * not match its begin, nesting past JSON_MAX_DEPTH, a second top-level
 * value, a NULL string. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "glosa/json.h"

void json_init(struct json *j, int indent)
{
	j->out = (struct strbuf)STRBUF_INIT;
	j->depth = 0;
	j->want_value = false;
	j->failed = false;
	j->indent = indent < 0 ? 0 : indent;
}

void json_release(struct json *j)
{
	strbuf_release(&j->out);
	j->depth = 0;
	j->want_value = false;
	j->failed = false;
}

static void newline(struct json *j)
{
	int i;

	if (j->indent == 0)
		return;
	strbuf_addch(&j->out, '\n');
	for (i = 0; i < j->depth * j->indent; i++)
		strbuf_addch(&j->out, ' ');
}

/* Before any value: check that one may come here, write the separator
 * and the indentation. false (and failed set) when it may not. */
static bool value_begin(struct json *j)
{
	if (j->failed)
		return false;
	if (j->depth == 0) {
		if (j->out.len > 0) { /* a document has one top-level value */
			j->failed = true;
			return false;
		}
		return true;
	}
	if (j->in_object[j->depth - 1]) {
		if (!j->want_value) {
			j->failed = true;
			return false;
		}
		j->want_value = false;
		return true;
	}
	if (!j->first[j->depth - 1])
		strbuf_addch(&j->out, ',');
	j->first[j->depth - 1] = false;
	newline(j);
	return true;
}

static void container_begin(struct json *j, bool object)
{
	if (j->depth >= JSON_MAX_DEPTH) {
		j->failed = true;
		return;
	}
	if (!value_begin(j))
		return;
	strbuf_addch(&j->out, object ? '{' : '[');
	j->first[j->depth] = true;
	j->in_object[j->depth] = object;
	j->depth++;
}

static void container_end(struct json *j, bool object)
{
	if (j->failed)
		return;
	if (j->depth == 0 || j->in_object[j->depth - 1] != object || j->want_value) {
		j->failed = true;
		return;
	}
	j->depth--;
	if (!j->first[j->depth])
		newline(j);
	strbuf_addch(&j->out, object ? '}' : ']');
}

void json_object_begin(struct json *j) { container_begin(j, true); }
void json_object_end(struct json *j) { container_end(j, true); }
void json_array_begin(struct json *j) { container_begin(j, false); }
void json_array_end(struct json *j) { container_end(j, false); }

/* Decode one strict UTF-8 sequence at s (n > 0 bytes left); its length,
 * or 0 when it is invalid. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *uc)
{
	size_t len, i;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*uc = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		c = s[0] & 0x1F;
		min = 0x80;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		c = s[0] & 0x0F;
		min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0; /* a continuation byte, C0/C1 (overlong) or F5..FF */
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*uc = c;
	return len;
}

/* Written as \uXXXX although JSON would allow them raw. */
static bool escape_uc(uint32_t c)
{
	return c == 0x7F || (c >= 0x80 && c < 0xA0) ||   /* DEL, C1 */
	       c == 0x2028 || c == 0x2029 ||              /* line, paragraph separators */
	       c == 0x061C || c == 0x200E || c == 0x200F || /* bidi marks */
	       (c >= 0x202A && c <= 0x202E) ||            /* bidi embeddings, overrides */
	       (c >= 0x2066 && c <= 0x2069);              /* bidi isolates */
}

/* Append s[0..n) as a JSON string; false (nothing appended) when it is
 * not valid UTF-8. */
static bool add_string(struct json *j, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = j->out.len, i = 0, run = 0, k;
	uint32_t c;
	char esc[8];

	strbuf_addch(&j->out, '"');
	while (i < n) {
		if (u[i] >= 0x20 && u[i] < 0x7F && u[i] != '"' && u[i] != '\\') {
			i++;
			continue;
		}
		k = utf8_decode(u + i, n - i, &c);
		if (k == 0) {
			strbuf_truncate(&j->out, start);
			return false;
		}
		if (c >= 0x20 && c != '"' && c != '\\' && !escape_uc(c)) {
			i += k;
			continue;
		}
		strbuf_add(&j->out, s + run, i - run);
		switch (c) {
		case '"':  strbuf_addstr(&j->out, "\\\""); break;
		case '\\': strbuf_addstr(&j->out, "\\\\"); break;
		case '\b': strbuf_addstr(&j->out, "\\b"); break;
		case '\f': strbuf_addstr(&j->out, "\\f"); break;
		case '\n': strbuf_addstr(&j->out, "\\n"); break;
		case '\r': strbuf_addstr(&j->out, "\\r"); break;
		case '\t': strbuf_addstr(&j->out, "\\t"); break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", (unsigned)c);
			strbuf_addstr(&j->out, esc);
		}
		i += k;
		run = i;
	}
	strbuf_add(&j->out, s + run, n - run);
	strbuf_addch(&j->out, '"');
	return true;
}

void json_key(struct json *j, const char *key)
{
	if (j->failed)
		return;
	if (!key || j->depth == 0 || !j->in_object[j->depth - 1] || j->want_value) {
		j->failed = true;
		return;
	}
	if (!j->first[j->depth - 1])
		strbuf_addch(&j->out, ',');
	newline(j);
	if (!add_string(j, key, strlen(key))) {
		/* The comma and indentation stay, but the writer is dead anyway. */
		j->failed = true;
		return;
	}
	j->first[j->depth - 1] = false;
	strbuf_addstr(&j->out, j->indent ? ": " : ":");
	j->want_value = true;
}

void json_string_n(struct json *j, const char *s, size_t n)
{
	if (!s) {
		j->failed = true;
		return;
	}
	if (!value_begin(j))
		return;
	if (!add_string(j, s, n))
		j->failed = true;
}

void json_string(struct json *j, const char *s)
{
	if (!s) {
		j->failed = true;
		return;
	}
	json_string_n(j, s, strlen(s));
}

void json_int(struct json *j, long long v)
{
	if (value_begin(j))
		strbuf_addf(&j->out, "%lld", v);
}

void json_bool(struct json *j, bool v)
{
	if (value_begin(j))
		strbuf_addstr(&j->out, v ? "true" : "false");
}

void json_null(struct json *j)
{
	if (value_begin(j))
		strbuf_addstr(&j->out, "null");
}

const char *json_finish(struct json *j)
{
	if (j->failed || j->depth != 0 || j->out.len == 0)
		return NULL;
	return j->out.buf;
}
