/* Output without a terminal: the laid-out article as text (--dump) and the
 * table of contents (--toc). */
#ifndef GLOSA_DUMP_H
#define GLOSA_DUMP_H

#include <stdbool.h>
#include <stdio.h>

#include "glosa/article.h"
#include "glosa/notebook.h"

/* Print every display line at width columns, exactly as the reading view
 * lays it out, trailing blanks trimmed; with color, SGR sequences give
 * the view's attributes. Returns 0, or an errno value on write failure. */
int dump_article(const struct article *a, int width, bool color, FILE *out);
/* The same, with the reader's highlights: [[passage]], a note's number
 * [n] after its passage and the note as a footnote after the block, and
 * highlights that could not be placed listed at the end. */
int dump_article_notes(const struct article *a, const struct notebook *nb, int width,
                       bool color, FILE *out);
/* Print "NUMBER TITLE" for each section, indented two spaces a level. */
int dump_toc(const struct article *a, FILE *out);

#endif
