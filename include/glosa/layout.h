/* Layout: an article's units turned into display lines for one text width,
 * lazily, a unit at a time, so that opening and moving through a huge
 * article costs only what is on screen. A display line is addressed as
 * (unit, line within unit); layout_move steps through them in reading
 * order. Knows nothing of the terminal: render.c turns a line into text. */
#ifndef GLOSA_LAYOUT_H
#define GLOSA_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glosa/article.h"

enum line_kind {
	LINE_BLANK,
	LINE_TEXT,       /* unit text [start, end) */
	LINE_CODE,       /* one code line [start, end), clipped, never wrapped */
	LINE_LABEL,      /* the block's label [start, end): attribution, caption */
	LINE_RULE,       /* the rule under the title block */
	LINE_BOX_TOP,    /* aside box top, with the aside's title */
	LINE_BOX_BOTTOM,
	LINE_ORNAMENT,   /* a thematic break (BLOCK_RULE), drawn centred */
};

enum line_flag {
	LINE_FIRST = 1,  /* first line of a heading, list item or label */
};

struct layout_line {
	uint32_t start, end; /* byte range (of the unit text, or of the label) */
	uint32_t item;       /* list item number within its block */
	uint16_t indent;     /* columns of decoration before the text */
	uint8_t kind;        /* enum line_kind */
	uint8_t flags;       /* enum line_flag */
};

/* A display line. */
struct lpos {
	uint32_t unit, line;
};

struct layout;

/* A layout of a (finished) article, which must outlive it. */
struct layout *layout_new(const struct article *a, int width);
void layout_free(struct layout *l);
/* Change the text width (at least 1); drops every laid-out line. */
void layout_set_width(struct layout *l, int width);
int layout_width(const struct layout *l);
const struct article *layout_article(const struct layout *l);

/* Lines of unit u (at least one), laid out on first use. The pointer is
 * valid until the next call into the layout. */
const struct layout_line *layout_unit_lines(struct layout *l, uint32_t u, uint32_t *n);
/* The line at p; p must be valid. */
const struct layout_line *layout_line_at(struct layout *l, struct lpos p);
/* Move p by delta display lines (negative: up), stopping at the ends.
 * Returns how many lines it actually moved (same sign as delta). */
long layout_move(struct layout *l, struct lpos *p, long delta);
/* The last display line of the article. */
struct lpos layout_last(struct layout *l);
/* The display line showing byte offset byte of unit u's text (the first
 * text line of the unit when byte is before it, the last when after). */
struct lpos layout_find(struct layout *l, uint32_t unit, uint32_t byte);
/* The first byte of unit text shown at or after line p within its unit
 * (the unit's text length if no text line follows). */
uint32_t layout_line_byte(struct layout *l, struct lpos p);

/* Decoration geometry, shared by layout and render. */
#define LAYOUT_MIN_DECO 16 /* narrower than this, lines carry no decoration */
#define LAYOUT_QUOTE_INDENT 4 /* "  │ " */
#define LAYOUT_CODE_INDENT 2
#define LAYOUT_ASIDE_INDENT 2 /* "│ " ... " │" */
/* Nesting levels of a list that get their own marker widths. */
#define LAYOUT_LIST_LEVELS 16
/* The column where list item `item` of block b starts its text: each
 * level indented under its parent's text; 0 at narrow widths. */
int layout_list_text_column(struct layout *l, const struct block *b, uint32_t item);
/* The item's marker ("• ", "◦ ", "12. " right-aligned to the widest
 * number at its level) in buf; returns its width in columns. */
int layout_list_marker(struct layout *l, const struct block *b, uint32_t item,
                       char *buf, size_t size);
/* Columns of a heading's number prefix ("2.1 "), 0 at narrow widths. */
int layout_heading_indent(const struct layout *l, const struct section *s);

#endif
