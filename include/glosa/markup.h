/* Inline markup: *em*, **strong**, `code`, [text](url) and backslash
 * escapes, with runs of white space folded to one space and trimmed at
 * both ends. Never fails: a delimiter without a partner is literal text.
 * Knows nothing of articles; article_add_markup stores what it returns. */
#ifndef GLOSA_MARKUP_H
#define GLOSA_MARKUP_H

#include <stddef.h>

#include "glosa/strbuf.h"

/* A run of the plain text [start, end) with attributes (enum span_attr);
 * url_start/url_len index the source string of a link target. */
struct markup_span {
	size_t start, end;
	unsigned attr;
	size_t url_start, url_len;
};

/* The result of a parse. Initialise with MARKUP_RESULT_INIT; release with
 * markup_result_release. Spans are sorted, disjoint and non-empty. */
struct markup_result {
	struct strbuf text;
	struct markup_span *spans;
	size_t nspans, cap;
};
#define MARKUP_RESULT_INIT { STRBUF_INIT, NULL, 0, 0 }

/* Parse src[0..len) into out (which is reset first). */
void markup_parse(const char *src, size_t len, struct markup_result *out);
void markup_result_release(struct markup_result *r);

/* Append src[0..len) to out with white space folded and trimmed. */
void markup_fold_ws(const char *src, size_t len, struct strbuf *out);

#endif
