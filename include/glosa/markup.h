/* Inline markup: *em*, **strong**, `code`, [text](url) and backslash
 * escapes, with runs of white space folded to one space and trimmed at
 * both ends. Never fails: a delimiter without a partner is literal text.
 * Knows nothing of articles; article_add_markup stores what it returns. */
#ifndef GLOSA_MARKUP_H
#define GLOSA_MARKUP_H

#include <stdbool.h>
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

/* Append src[0..len) to out as markup that parses back to exactly that
 * text (white space aside, which the parse folds): every markup
 * character escaped with a backslash. */
void markup_escape(const char *src, size_t len, struct strbuf *out);

struct span;

/* Append, as markup, text[0..len) with its spans (sorted, disjoint,
 * offsets into text; url_off/url_len index arena), such that
 * markup_parse gives back exactly that text and those spans; a line break
 * in text becomes a hard break. text must be what markup_parse makes
 * (white space folded and trimmed). Returns false if the spans could not
 * be written so (the text then goes out escaped, without them). */
bool markup_write(const char *text, size_t len, const struct span *spans, size_t nspans,
                  const char *arena, struct strbuf *out);

/* Append src[0..len) to out with white space folded and trimmed. */
void markup_fold_ws(const char *src, size_t len, struct strbuf *out);

#endif
