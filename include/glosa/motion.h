/* Caret motions for selecting text: by character (grapheme), word,
 * sentence, block and display line. The caret lives in block units only
 * (paragraphs, quotes, lists, code, asides), never in titles or headings.
 * Words are libunistring's (UAX #29) segments holding a letter or digit;
 * a sentence ends after . ! ? … or a CJK full stop (and any closing
 * quotes or brackets) followed by white space or the end of the text, and
 * at every line of a list or code block. */
#ifndef GLOSA_MOTION_H
#define GLOSA_MOTION_H

#include <stdbool.h>
#include <stdint.h>

#include "glosa/anchor.h"
#include "glosa/article.h"
#include "glosa/layout.h"

struct caret {
	uint32_t unit, byte;
};

/* The first block unit at or after u (forward) or at or before u;
 * ARTICLE_NONE when there is none. */
uint32_t motion_block_unit(const struct article *a, uint32_t u, bool forward);

/* Each moves c and returns false (c unchanged) when it cannot move. */
bool motion_char(const struct article *a, struct caret *c, bool forward);
bool motion_word(const struct article *a, struct caret *c, bool forward);
bool motion_sentence(const struct article *a, struct caret *c, bool forward);
bool motion_block(const struct article *a, struct caret *c, bool forward);
/* To the last character of the word, sentence or block holding c, or of
 * the next one when c is already on that last character: how a
 * selection grows forward, so that it takes whole words and sentences. */
bool motion_word_end(const struct article *a, struct caret *c);
bool motion_sentence_end(const struct article *a, struct caret *c);
bool motion_block_end(const struct article *a, struct caret *c);
/* Display lines: to the line delta lines away, at display column col of
 * its text (or its end). */
bool motion_line(struct layout *l, struct caret *c, long delta, int col);
/* Start or end (last character) of the display line holding c. */
void motion_line_edge(struct layout *l, struct caret *c, bool end);
/* Display column of c within its line's text. */
int motion_column(struct layout *l, struct caret c);
/* The caret at display column col of line p's text. */
struct caret motion_at_column(struct layout *l, struct lpos p, int col);

/* The word or the sentence holding c (the whole unit's text when c is
 * on none), as a range of one unit. */
struct text_range motion_word_at(const struct article *a, struct caret c);
struct text_range motion_sentence_at(const struct article *a, struct caret c);

#endif
