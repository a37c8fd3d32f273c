/* The note editor's buffer: edits and movements in any script. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "glosa/textedit.h"
#include "tap.h"

int main(void)
{
	struct textedit te;
	int row, col;

	textedit_init(&te, "hola");
	is_int((long long)te.cursor, 4, "cursor starts at the end");
	textedit_insert(&te, 0x00F1); /* ñ */
	is_str(te.text.buf, "holañ", "insert a non-ASCII character");
	textedit_backspace(&te);
	is_str(te.text.buf, "hola", "backspace removes it whole");
	textedit_release(&te);

	textedit_init(&te, "cafe\xcc\x81");
	textedit_backspace(&te);
	is_str(te.text.buf, "caf", "backspace removes e and its combining accent together");
	textedit_left(&te);
	textedit_left(&te);
	textedit_delete(&te);
	is_str(te.text.buf, "cf", "delete at the cursor");
	textedit_release(&te);

	textedit_init(&te, "日本語 text");
	textedit_home(&te, 40);
	is_int((long long)te.cursor, 0, "home");
	textedit_right(&te);
	textedit_cursor(&te, 40, &row, &col);
	is_int(col, 2, "a wide character is two columns");
	textedit_word_right(&te);
	is_str(te.text.buf + te.cursor, "語 text", "word right: each ideograph is a word (UAX #29)");
	textedit_word_right(&te);
	is_str(te.text.buf + te.cursor, "text", "word right skips the space to the next word");
	textedit_word_left(&te);
	textedit_word_left(&te);
	textedit_word_left(&te);
	is_int((long long)te.cursor, 0, "word left three times returns to the start");
	textedit_release(&te);

	textedit_init(&te, "one two\nthree");
	textedit_delete_word(&te);
	is_str(te.text.buf, "one two\n", "Ctrl-W deletes the word before");
	textedit_insert(&te, 'x');
	textedit_cursor(&te, 40, &row, &col);
	is_int(row, 1, "after a newline: row 1");
	textedit_up(&te, 40);
	textedit_cursor(&te, 40, &row, &col);
	ok(row == 0 && col == 1, "up keeps the column (row %d col %d)", row, col);
	textedit_release(&te);

	textedit_init(&te, "abcdefghij");
	{
		struct te_row *rows;
		size_t n = textedit_rows(&te, 4, &rows);
		is_int((long long)n, 3, "wraps at width 4 into 3 rows");
		is_int((long long)rows[2].start, 8, "third row starts at byte 8");
		free(rows);
	}
	textedit_home(&te, 4);
	is_int((long long)te.cursor, 8, "home goes to the start of the display row");
	textedit_up(&te, 4);
	is_int((long long)te.cursor, 4, "up moves one display row");
	textedit_release(&te);

	textedit_init(&te, "");
	ok(!textedit_backspace(&te), "backspace on empty does nothing");
	{
		struct te_row *rows;
		size_t n = textedit_rows(&te, 10, &rows);
		is_int((long long)n, 1, "an empty text has one row");
		free(rows);
	}
	textedit_release(&te);
	return tap_done();
}
