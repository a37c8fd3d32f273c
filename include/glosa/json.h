/* A small streaming JSON writer: objects, arrays, strings, numbers,
 * booleans, with correct escaping and indentation. It checks its own use
 * (a value where a key belongs, unbalanced ends) and refuses invalid
 * UTF-8, so whatever it finishes is valid JSON. */
#ifndef GLOSA_JSON_H
#define GLOSA_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glosa/strbuf.h"

#define JSON_MAX_DEPTH 64

struct json {
	struct strbuf out;        /* the text so far */
	int depth;
	bool first[JSON_MAX_DEPTH];
	bool in_object[JSON_MAX_DEPTH];
	bool want_value;          /* after a key */
	bool failed;              /* a misuse or invalid UTF-8: stays set */
	int indent;               /* spaces per level; 0: one line */
};

void json_init(struct json *j, int indent);
void json_release(struct json *j);
void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);
/* A key in an object; the next call writes its value. */
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);
void json_string_n(struct json *j, const char *s, size_t n);
void json_int(struct json *j, long long v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* The finished text (NUL-terminated), or NULL when anything failed or
 * the document is not complete. */
const char *json_finish(struct json *j);

#endif
