#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unigbrk.h>
#include <unistr.h>
#include <uniwbrk.h>

#include "glosa/text.h"
#include "glosa/textedit.h"
#include "glosa/xalloc.h"

void textedit_init(struct textedit *te, const char *s)
{
	te->text = (struct strbuf)STRBUF_INIT;
	if (s)
		strbuf_addstr(&te->text, s);
	te->cursor = te->text.len;
	te->want_col = -1;
}

void textedit_release(struct textedit *te)
{
	strbuf_release(&te->text);
	te->cursor = 0;
}

static size_t next_g(const struct textedit *te, size_t i)
{
	const uint8_t *s = (const uint8_t *)te->text.buf;
	const uint8_t *p = u8_grapheme_next(s + i, s + te->text.len);
	return p ? (size_t)(p - s) : te->text.len;
}

static size_t prev_g(const struct textedit *te, size_t i)
{
	const uint8_t *s = (const uint8_t *)te->text.buf;
	const uint8_t *p = i ? u8_grapheme_prev(s + i, s) : NULL;
	return p ? (size_t)(p - s) : 0;
}

static void erase(struct textedit *te, size_t from, size_t to)
{
	memmove(te->text.buf + from, te->text.buf + to, te->text.len - to);
	strbuf_truncate(&te->text, te->text.len - (to - from));
	te->cursor = from;
}

void textedit_insert(struct textedit *te, uint32_t uc)
{
	struct strbuf tail = STRBUF_INIT;

	strbuf_add(&tail, te->text.buf + te->cursor, te->text.len - te->cursor);
	strbuf_truncate(&te->text, te->cursor);
	strbuf_add_uc(&te->text, uc);
	te->cursor = te->text.len;
	strbuf_add(&te->text, tail.buf, tail.len);
	strbuf_release(&tail);
	te->want_col = -1;
}

bool textedit_backspace(struct textedit *te)
{
	if (te->cursor == 0)
		return false;
	/* A whole grapheme: "e" + U+0301 goes in one press. */
	erase(te, prev_g(te, te->cursor), te->cursor);
	te->want_col = -1;
	return true;
}

bool textedit_delete(struct textedit *te)
{
	if (te->cursor >= te->text.len)
		return false;
	erase(te, te->cursor, next_g(te, te->cursor));
	te->want_col = -1;
	return true;
}

void textedit_left(struct textedit *te)
{
	te->cursor = prev_g(te, te->cursor);
	te->want_col = -1;
}

void textedit_right(struct textedit *te)
{
	te->cursor = next_g(te, te->cursor);
	te->want_col = -1;
}

/* Word starts (segments holding a letter or digit) of the whole text. */
static bool word_start(const struct textedit *te, const char *brk, size_t i)
{
	uint32_t uc;

	if (i >= te->text.len || (i > 0 && !brk[i]))
		return false;
	text_decode(te->text.buf + i, te->text.len - i, &uc);
	return uc_is_general_category(uc, UC_CATEGORY_L) ||
	       uc_is_general_category(uc, UC_CATEGORY_N);
}

static void word_move(struct textedit *te, bool forward)
{
	size_t n = te->text.len, i = te->cursor;
	char *brk = xmalloc(n ? n : 1);

	if (n)
		u8_wordbreaks((const uint8_t *)te->text.buf, n, brk);
	if (forward) {
		do
			i = next_g(te, i);
		while (i < n && !word_start(te, brk, i));
	} else {
		while (i > 0) {
			i = prev_g(te, i);
			if (word_start(te, brk, i))
				break;
		}
	}
	te->cursor = i;
	te->want_col = -1;
	free(brk);
}

void textedit_word_left(struct textedit *te)
{
	word_move(te, false);
}

void textedit_word_right(struct textedit *te)
{
	word_move(te, true);
}

bool textedit_delete_word(struct textedit *te)
{
	size_t end = te->cursor;

	if (end == 0)
		return false;
	word_move(te, false);
	erase(te, te->cursor, end);
	return true;
}

size_t textedit_rows(const struct textedit *te, int width, struct te_row **rows)
{
	size_t n = 0, cap = 8, i = 0, start = 0;
	const char *s = te->text.buf;
	int w = 0;

	if (width < 1)
		width = 1;
	*rows = xmalloc(cap * sizeof **rows);
	while (i < te->text.len) {
		size_t next;
		int cw;
		if (s[i] == '\n') {
			XGROW(*rows, cap, n + 1);
			(*rows)[n++] = (struct te_row){ start, i };
			i++;
			start = i;
			w = 0;
			continue;
		}
		next = next_g(te, i);
		cw = (int)text_width(s + i, next - i);
		if (w + cw > width && i > start) {
			XGROW(*rows, cap, n + 1);
			(*rows)[n++] = (struct te_row){ start, i };
			start = i;
			w = 0;
		}
		w += cw;
		i = next;
	}
	XGROW(*rows, cap, n + 1);
	(*rows)[n++] = (struct te_row){ start, te->text.len };
	return n;
}

/* The row holding the cursor: the last row starting at or before it (a
 * cursor at a wrap point belongs to the next row). */
static size_t cursor_row(const struct te_row *rows, size_t n, size_t cursor)
{
	size_t r = 0;

	while (r + 1 < n && rows[r + 1].start <= cursor)
		r++;
	return r;
}

void textedit_cursor(const struct textedit *te, int width, int *row, int *col)
{
	struct te_row *rows;
	size_t n = textedit_rows(te, width, &rows), r = cursor_row(rows, n, te->cursor);

	*row = (int)r;
	*col = (int)text_width(te->text.buf + rows[r].start, te->cursor - rows[r].start);
	free(rows);
}

/* The byte at display column col of row r (its end if shorter). */
static size_t at_col(const struct textedit *te, const struct te_row *row, int col)
{
	size_t i = row->start;
	int w = 0;

	while (i < row->end) {
		size_t next = next_g(te, i);
		int cw = (int)text_width(te->text.buf + i, next - i);
		if (w + cw > col)
			break;
		w += cw;
		i = next;
	}
	return i;
}

static void vertical(struct textedit *te, int width, int delta)
{
	struct te_row *rows;
	size_t n = textedit_rows(te, width, &rows), r = cursor_row(rows, n, te->cursor);
	int col;

	col = (int)text_width(te->text.buf + rows[r].start, te->cursor - rows[r].start);
	if (te->want_col < 0)
		te->want_col = col;
	if (delta < 0 && r > 0)
		te->cursor = at_col(te, &rows[r - 1], te->want_col);
	else if (delta > 0 && r + 1 < n)
		te->cursor = at_col(te, &rows[r + 1], te->want_col);
	else
		te->cursor = delta < 0 ? 0 : te->text.len;
	free(rows);
}

void textedit_up(struct textedit *te, int width)
{
	int keep = te->want_col;
	vertical(te, width, -1);
	if (keep >= 0)
		te->want_col = keep;
}

void textedit_down(struct textedit *te, int width)
{
	int keep = te->want_col;
	vertical(te, width, 1);
	if (keep >= 0)
		te->want_col = keep;
}

void textedit_home(struct textedit *te, int width)
{
	struct te_row *rows;
	size_t n = textedit_rows(te, width, &rows);

	te->cursor = rows[cursor_row(rows, n, te->cursor)].start;
	te->want_col = -1;
	free(rows);
}

void textedit_end(struct textedit *te, int width)
{
	struct te_row *rows;
	size_t n = textedit_rows(te, width, &rows);

	te->cursor = rows[cursor_row(rows, n, te->cursor)].end;
	te->want_col = -1;
	free(rows);
}
