/* Anchoring: tying highlights to an article's text, and finding them
 * again after the article changed (annotations.md, "Finding a highlight
 * again": the stored position, then exact quote matches scored by
 * context and distance, then approximate matches, else an orphan).
 * Knows the article model and the annotation data, nothing of the screen
 * or of files. */
#ifndef GLOSA_ANCHOR_H
#define GLOSA_ANCHOR_H

#include <stdbool.h>
#include <stdint.h>

#include "glosa/annot.h"
#include "glosa/article.h"

/* A range of the article's text: from (su, sb) to (eu, eb), units and
 * byte offsets into their text, end exclusive. */
struct text_range {
	uint32_t su, sb, eu, eb;
};

/* How a highlight was placed. */
enum anchor_rung {
	ANCHOR_POSITION = 1, /* the stored position still holds the quote */
	ANCHOR_EXACT,        /* the quote found elsewhere, best context */
	ANCHOR_FUZZY,        /* an approximate match of the quote */
	ANCHOR_ORPHAN,       /* not found: kept, not shown in the text */
};

/* The article's text as one stream (every unit's text, joined by '\n' in
 * reading order) with the maps between stream offsets and units; the
 * borrowed article must outlive it. anchor_text_new is cheap: the stream
 * is built on first need (a describe, or a highlight no longer where it
 * was), once per article, which is why the functions below take it
 * non-const. */
struct anchor_text;
struct anchor_text *anchor_text_new(const struct article *a);
void anchor_text_free(struct anchor_text *t);

/* Fill h's start, end, exact, prefix (up to ANNOT_CONTEXT code points
 * before) and suffix (after) from range r, which must start and end in
 * block units. exact is the stream text of the range (units joined by
 * '\n'). h's other fields are untouched; h->at is set to r. */
void anchor_describe(struct anchor_text *t, struct text_range r, struct highlight *h);

/* Find h in the article by the ladder; sets h->at and returns the rung.
 * Never changes the stored fields of h. */
enum anchor_rung anchor_place(struct anchor_text *t, struct highlight *h);

/* Convert between stored positions and (unit, byte). false when the
 * position names no block of this article or an offset past its end. */
bool anchor_pos_to_unit(const struct article *a, const struct hl_pos *p,
                        uint32_t *unit, uint32_t *byte);
/* unit must be a block unit. p->section is overwritten with a new
 * malloc'd string, not freed: release the old one first. */
void anchor_unit_to_pos(const struct article *a, uint32_t unit, uint32_t byte,
                        struct hl_pos *p);

#endif
