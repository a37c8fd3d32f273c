/* Case- and accent-insensitive search over an article's text.
 * Folding: libunistring's u8_casefold to NFKD, then combining marks
 * (general category Mn) dropped: "Straße ÉCOLE" folds to "strasse ecole".
 * Matches are reported in the original text's byte offsets, widened to
 * whole code points. A match never spans two units. */
#ifndef GLOSA_SEARCH_H
#define GLOSA_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glosa/article.h"

struct search_match {
	uint32_t unit;
	uint32_t start, end; /* byte offsets into the unit's text */
};

/* Fold s[0..n) for matching; returns a malloc'd NUL-terminated string and
 * its length in *outlen. Invalid UTF-8 folds to U+FFFD. */
char *search_fold(const char *s, size_t n, size_t *outlen);

/* The folded text of a whole article, built on first use. It borrows the
 * article, which must outlive it. */
struct search_index;
struct search_index *search_index_new(const struct article *a);
void search_index_free(struct search_index *ix);
/* Fold about budget more bytes of the article into the index (a step of
 * a build done while the reader waits for keys); returns true once the
 * index is complete. A search before then folds the rest first, so steps
 * only ever save work; the result is the same as a build in one go. */
bool search_index_step(struct search_index *ix, size_t budget);
/* Is the whole article folded? */
bool search_index_ready(const struct search_index *ix);
/* The folded text, units separated by NUL bytes (for tests); NULL until
 * the index is ready. */
const char *search_index_text(const struct search_index *ix, size_t *len);

/* Find the nearest match of the folded pattern pat[0..plen) starting at or
 * after (unit, byte) when forward, or strictly before it when backward,
 * wrapping around the ends of the article (then *wrapped is set).
 * Returns false when the pattern occurs nowhere or plen is 0. */
bool search_find(struct search_index *ix, const char *pat, size_t plen,
                 uint32_t unit, uint32_t byte, bool forward,
                 struct search_match *m, bool *wrapped);

/* All matches of pat inside unit, in order, non-overlapping; returns how
 * many and a malloc'd array in *out (NULL when none). */
size_t search_unit_matches(struct search_index *ix, const char *pat, size_t plen,
                           uint32_t unit, struct search_match **out);

#endif
