/* A small multi-line text editor's buffer: UTF-8 text, a cursor on a
 * grapheme boundary, edits and movements by grapheme, word (UAX #29) and
 * display row, with the text wrapped to a width at grapheme boundaries.
 * The note editor draws it; it knows nothing of the screen. */
#ifndef GLOSA_TEXTEDIT_H
#define GLOSA_TEXTEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glosa/strbuf.h"

struct textedit {
	struct strbuf text;
	size_t cursor;     /* byte offset */
	int want_col;      /* column kept by up/down; -1 when unset */
};

/* One display row: text [start, end), no '\n' inside. */
struct te_row {
	size_t start, end;
};

void textedit_init(struct textedit *te, const char *s);
void textedit_release(struct textedit *te);

void textedit_insert(struct textedit *te, uint32_t uc);
/* Delete the grapheme before (backspace) or at (delete) the cursor. */
bool textedit_backspace(struct textedit *te);
bool textedit_delete(struct textedit *te);
/* Delete from the start of the word before the cursor to the cursor. */
bool textedit_delete_word(struct textedit *te);

void textedit_left(struct textedit *te);
void textedit_right(struct textedit *te);
void textedit_word_left(struct textedit *te);
void textedit_word_right(struct textedit *te);
/* Start or end of the display row, at this width. */
void textedit_home(struct textedit *te, int width);
void textedit_end(struct textedit *te, int width);
/* One display row up or down, keeping the column. */
void textedit_up(struct textedit *te, int width);
void textedit_down(struct textedit *te, int width);

/* The rows of the text at width (at least one); returns how many, with a
 * malloc'd array in *rows. */
size_t textedit_rows(const struct textedit *te, int width, struct te_row **rows);
/* The cursor's row and display column at width. */
void textedit_cursor(const struct textedit *te, int width, int *row, int *col);

#endif
