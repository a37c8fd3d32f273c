/* Approximate string matching over code points: where in a text does a
 * pattern occur with at most k edits (Levenshtein: insert, delete,
 * substitute one code point)? Myers' bit-vector algorithm (1999) in its
 * block form, so patterns of any length work; used by anchoring to find a
 * highlight's quote after the article was edited. Pure computation: no
 * I/O, no article, no globals.
 *
 * Texts and patterns are arrays of code points (fuzzy_decode makes one
 * from UTF-8); positions are indices into them. */
#ifndef GLOSA_FUZZY_H
#define GLOSA_FUZZY_H

#include <stddef.h>
#include <stdint.h>

/* One approximate occurrence: text[start, end) is errors edits away from
 * the pattern, and no substring ending at end is closer. */
struct fuzzy_match {
	size_t start, end;
	size_t errors;
};

/* Decode UTF-8 s[0..len) into a new array of code points (invalid bytes
 * give U+FFFD, one per byte, as text_decode does); *n gets the count.
 * The caller frees the array; never NULL. */
uint32_t *fuzzy_decode(const char *s, size_t len, size_t *n);

/* Every approximate occurrence of pat[0..m) in text[0..n) with at most k
 * errors. Of the end positions that match, only the local minima are
 * reported (the best end of each run of neighbouring ends; the first of a
 * plateau), in increasing order of end. Each start is the smallest one
 * that keeps the error count (the longest such match). Returns the count
 * and sets *out to a malloc'd array the caller frees (NULL when none).
 * An empty pattern matches nowhere. */
size_t fuzzy_search(const uint32_t *text, size_t n, const uint32_t *pat, size_t m,
                    size_t k, struct fuzzy_match **out);

/* The fewest edits that turn pat[0..m) into some substring of text[0..n)
 * (m at most: the empty substring). */
size_t fuzzy_best(const uint32_t *text, size_t n, const uint32_t *pat, size_t m);

/* The edit distance between a[0..na) and b[0..nb). */
size_t fuzzy_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

#endif
