/* Output without a terminal: the laid-out article as text (--dump) and the
 * table of contents (--toc). */
#ifndef GLOSA_DUMP_H
#define GLOSA_DUMP_H

#include <stdbool.h>
#include <stdio.h>

#include "glosa/article.h"

/* Print every display line at width columns, exactly as the reading view
 * lays it out, trailing blanks trimmed; with color, SGR sequences give
 * the view's attributes. Returns 0, or an errno value on write failure. */
int dump_article(const struct article *a, int width, bool color, FILE *out);
/* Print "NUMBER TITLE" for each section, indented two spaces a level. */
int dump_toc(const struct article *a, FILE *out);

#endif
