/* The JSON writer: layout, escaping of every character that needs it,
 * every code point round-tripped, invalid UTF-8 and misuse refused. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/json.h"
#include "glosa/strbuf.h"
#include "tap.h"

/* The JSON text of one string value written on its own. */
static char *one_string(const char *s, size_t n)
{
	struct json j;
	const char *out;
	char *copy;

	json_init(&j, 2);
	json_string_n(&j, s, n);
	out = json_finish(&j);
	copy = out ? strdup(out) : NULL;
	json_release(&j);
	return copy;
}

static void check_string(const char *s, size_t n, const char *want, const char *name)
{
	char *got = one_string(s, n);
	is_str(got, want, "%s", name);
	free(got);
}

static void layout(void)
{
	struct json j;

	json_init(&j, 2);
	json_object_begin(&j);
	json_object_end(&j);
	is_str(json_finish(&j), "{}", "an empty object");
	json_release(&j);

	json_init(&j, 2);
	json_array_begin(&j);
	json_array_end(&j);
	is_str(json_finish(&j), "[]", "an empty array");
	json_release(&j);

	json_init(&j, 2);
	json_object_begin(&j);
	json_key(&j, "a");
	json_int(&j, 1);
	json_key(&j, "b");
	json_array_begin(&j);
	json_bool(&j, true);
	json_null(&j);
	json_object_begin(&j);
	json_object_end(&j);
	json_array_begin(&j);
	json_array_end(&j);
	json_object_begin(&j);
	json_key(&j, "c");
	json_string(&j, "d");
	json_object_end(&j);
	json_array_end(&j);
	json_key(&j, "e");
	json_bool(&j, false);
	json_object_end(&j);
	is_str(json_finish(&j),
	       "{\n"
	       "  \"a\": 1,\n"
	       "  \"b\": [\n"
	       "    true,\n"
	       "    null,\n"
	       "    {},\n"
	       "    [],\n"
	       "    {\n"
	       "      \"c\": \"d\"\n"
	       "    }\n"
	       "  ],\n"
	       "  \"e\": false\n"
	       "}", "nesting, indented by two spaces");
	json_release(&j);

	json_init(&j, 0);
	json_array_begin(&j);
	json_int(&j, LLONG_MIN);
	json_int(&j, LLONG_MAX);
	json_int(&j, 0);
	json_object_begin(&j);
	json_key(&j, "k");
	json_array_begin(&j);
	json_array_end(&j);
	json_object_end(&j);
	json_array_end(&j);
	is_str(json_finish(&j), "[-9223372036854775808,9223372036854775807,0,{\"k\":[]}]",
	       "indent 0: one line, no spaces; the extreme integers");
	json_release(&j);

	json_init(&j, 2);
	json_string(&j, "top");
	is_str(json_finish(&j), "\"top\"", "a lone string is a document");
	json_release(&j);

	json_init(&j, 2);
	is_str(json_finish(&j), NULL, "nothing is not a document");
	json_release(&j);
}

static void escaping(void)
{
	static const char *const short_esc[32] = {
		[8] = "\\b", [9] = "\\t", [10] = "\\n", [12] = "\\f", [13] = "\\r",
	};
	char want[16], c;
	int i, bad = 0;

	check_string("say \"hi\"", 8, "\"say \\\"hi\\\"\"", "quotes escaped");
	check_string("a\\b", 3, "\"a\\\\b\"", "backslashes escaped");
	check_string("a/b", 3, "\"a/b\"", "the solidus is left alone");
	check_string("", 0, "\"\"", "the empty string");
	for (i = 0; i < 32; i++) {
		char *got;
		c = (char)i;
		if (short_esc[i])
			snprintf(want, sizeof want, "\"%s\"", short_esc[i]);
		else
			snprintf(want, sizeof want, "\"\\u%04x\"", i);
		got = one_string(&c, 1);
		if (!got || strcmp(got, want) != 0) {
			printf("# U+%04X: got %s, want %s\n", i, got ? got : "(null)", want);
			bad++;
		}
		free(got);
	}
	ok(bad == 0, "every C0 control character escaped, NUL included");
	check_string("\x7f", 1, "\"\\u007f\"", "DEL escaped");
	check_string("\xc2\x85\xc2\x9f", 4, "\"\\u0085\\u009f\"", "C1 controls escaped");
	check_string("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", 9, "\"a\\u2028b\\u2029c\"",
	             "U+2028 and U+2029 escaped");
	check_string("\xe2\x80\xae\xe2\x81\xa6\xe2\x80\x8f", 9, "\"\\u202e\\u2066\\u200f\"",
	             "bidirectional controls escaped");
	check_string("caf\xc3\xa9 \xe6\xbc\xa2 \xef\xbf\xbd \xef\xbb\xbf", 17,
	             "\"caf\xc3\xa9 \xe6\xbc\xa2 \xef\xbf\xbd \xef\xbb\xbf\"",
	             "other BMP characters as UTF-8 (U+FFFD and U+FEFF too)");
	check_string("\xf0\x9f\xa6\x89\xf0\x9d\x84\x9e\xf4\x8f\xbf\xbf", 12,
	             "\"\xf0\x9f\xa6\x89\xf0\x9d\x84\x9e\xf4\x8f\xbf\xbf\"",
	             "non-BMP characters as UTF-8, up to U+10FFFF");
}

/* Decode a JSON string as this writer writes it (only \uXXXX of the BMP,
 * never a surrogate pair); NULL when it is not one. */
static char *decode(const char *s, size_t *len)
{
	struct strbuf out = STRBUF_INIT;
	unsigned v;

	if (*s++ != '"')
		return NULL;
	for (; *s != '"'; s++) {
		if ((unsigned char)*s < 0x20) /* raw control: not JSON */
			goto fail;
		if (*s != '\\') {
			strbuf_addch(&out, *s);
			continue;
		}
		switch (*++s) {
		case '"': case '\\': case '/': strbuf_addch(&out, *s); break;
		case 'b': strbuf_addch(&out, '\b'); break;
		case 'f': strbuf_addch(&out, '\f'); break;
		case 'n': strbuf_addch(&out, '\n'); break;
		case 'r': strbuf_addch(&out, '\r'); break;
		case 't': strbuf_addch(&out, '\t'); break;
		case 'u':
			if (sscanf(s + 1, "%4x", &v) != 1 || (v >= 0xD800 && v <= 0xDFFF))
				goto fail;
			strbuf_add_uc(&out, v);
			s += 4;
			break;
		default:
			goto fail;
		}
	}
	if (s[1] != '\0')
		goto fail;
	return strbuf_detach(&out, len);
fail:
	strbuf_release(&out);
	return NULL;
}

/* Every scalar value, written and read back. */
static void round_trip(void)
{
	struct strbuf all = STRBUF_INIT;
	unsigned uc;
	char *json, *back;
	size_t len = 0;

	for (uc = 0; uc <= 0x10FFFF; uc++)
		if (uc < 0xD800 || uc > 0xDFFF)
			strbuf_add_uc(&all, uc);
	json = one_string(all.buf, all.len);
	ok(json != NULL, "a string of every code point is written");
	back = json ? decode(json, &len) : NULL;
	ok(back && len == all.len && memcmp(back, all.buf, len) == 0,
	   "and reads back byte for byte");
	ok(json && !strstr(json, "\xe2\x80\xa8") && !strstr(json, "\xe2\x80\xa9"),
	   "with no raw U+2028 or U+2029");
	free(json);
	free(back);
	strbuf_release(&all);
}

static void invalid_utf8(void)
{
	static const struct { const char *s; const char *name; } bad[] = {
		{ "\x80", "a lone continuation byte" },
		{ "\xc0\xaf", "an overlong '/' (C0 AF)" },
		{ "\xc1\xbf", "an overlong (C1)" },
		{ "\xe0\x80\xaf", "an overlong three-byte form" },
		{ "\xf0\x80\x80\xaf", "an overlong four-byte form" },
		{ "\xed\xa0\x80", "a UTF-16 surrogate (U+D800)" },
		{ "\xed\xbf\xbf", "a UTF-16 surrogate (U+DFFF)" },
		{ "\xf4\x90\x80\x80", "past U+10FFFF" },
		{ "\xf5\x80\x80\x80", "F5" },
		{ "\xff", "FF" },
		{ "ok \xe2\x82", "a sequence cut short at the end" },
		{ "\xe2\x82z", "a sequence cut short by ASCII" },
	};
	struct json j;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_init(&j, 2);
		json_array_begin(&j);
		json_string(&j, bad[i].s);
		json_array_end(&j);
		ok(j.failed && json_finish(&j) == NULL, "refused: %s", bad[i].name);
		json_release(&j);
	}
	json_init(&j, 2);
	json_object_begin(&j);
	json_key(&j, "\xc3");
	json_string(&j, "v");
	json_object_end(&j);
	ok(j.failed && json_finish(&j) == NULL, "refused: an invalid key");
	json_release(&j);
	json_init(&j, 2);
	json_string_n(&j, "ok\0\xe9", 4);
	ok(j.failed, "refused: invalid UTF-8 after a NUL (lengths, not C strings)");
	json_release(&j);
}

/* Run f on a fresh writer and say whether it was refused. */
static void misuse(void (*f)(struct json *), const char *name)
{
	struct json j;

	json_init(&j, 2);
	f(&j);
	ok(j.failed && json_finish(&j) == NULL, "misuse refused: %s", name);
	json_release(&j);
}

static void m_value_as_key(struct json *j) { json_object_begin(j); json_int(j, 1); json_object_end(j); }
static void m_key_in_array(struct json *j) { json_array_begin(j); json_key(j, "k"); }
static void m_key_at_top(struct json *j) { json_key(j, "k"); }
static void m_two_keys(struct json *j) { json_object_begin(j); json_key(j, "a"); json_key(j, "b"); }
static void m_end_pending(struct json *j) { json_object_begin(j); json_key(j, "a"); json_object_end(j); }
static void m_wrong_end(struct json *j) { json_array_begin(j); json_object_end(j); }
static void m_wrong_end2(struct json *j) { json_object_begin(j); json_array_end(j); }
static void m_end_at_top(struct json *j) { json_array_end(j); }
static void m_two_roots(struct json *j) { json_int(j, 1); json_int(j, 2); }
static void m_root_after(struct json *j) { json_array_begin(j); json_array_end(j); json_array_begin(j); }
static void m_null_string(struct json *j) { json_array_begin(j); json_string(j, NULL); json_array_end(j); }
static void m_null_key(struct json *j) { json_object_begin(j); json_key(j, NULL); }
static void m_too_deep(struct json *j)
{
	for (int i = 0; i <= JSON_MAX_DEPTH; i++)
		json_array_begin(j);
}

static void misuses(void)
{
	struct json j;
	int i;

	misuse(m_value_as_key, "a value where a key belongs");
	misuse(m_key_in_array, "a key in an array");
	misuse(m_key_at_top, "a key outside any object");
	misuse(m_two_keys, "a key after a key");
	misuse(m_end_pending, "an object ended after a key");
	misuse(m_wrong_end, "an array ended as an object");
	misuse(m_wrong_end2, "an object ended as an array");
	misuse(m_end_at_top, "an end with nothing open");
	misuse(m_two_roots, "two top-level values");
	misuse(m_root_after, "a container after the document");
	misuse(m_null_string, "a NULL string");
	misuse(m_null_key, "a NULL key");
	misuse(m_too_deep, "nesting past JSON_MAX_DEPTH");

	json_init(&j, 0);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_begin(&j);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_end(&j);
	ok(!j.failed && json_finish(&j) && strlen(json_finish(&j)) == 2 * JSON_MAX_DEPTH,
	   "JSON_MAX_DEPTH levels are fine");
	json_release(&j);

	json_init(&j, 2);
	json_object_begin(&j);
	json_key(&j, "a");
	ok(!j.failed && json_finish(&j) == NULL, "an unfinished document is not given out");
	json_int(&j, 1);
	json_object_end(&j);
	is_str(json_finish(&j), "{\n  \"a\": 1\n}", "but is once finished");
	json_release(&j);

	json_init(&j, 2);
	json_array_begin(&j);
	json_key(&j, "x");
	json_int(&j, 1);
	json_array_end(&j);
	ok(j.failed && json_finish(&j) == NULL, "a failure stays: later valid calls do not undo it");
	json_release(&j);
}

int main(void)
{
	layout();
	escaping();
	round_trip();
	invalid_utf8();
	misuses();
	return tap_done();
}
