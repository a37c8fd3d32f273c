#include "config.h"

#include <curses.h>
#include <string.h>

#include "glosa/text.h"
#include "ui.h"

/* Every key, as glosa(1) lists them. A line starting with '#' is a heading. */
static const char *const help_lines[] = {
	"#Moving",
	"j  Down  Ctrl-N  Ctrl-E  Enter|down one line",
	"k  Up  Ctrl-P  Ctrl-Y|up one line",
	"Space  f  PgDn  Ctrl-F|down one page",
	"b  PgUp  Ctrl-B|up one page",
	"Ctrl-D  /  Ctrl-U|down / up half a page",
	"g  Home  <|start of the article",
	"G  End  >|end of the article",
	"mouse wheel|scroll three lines",
	"",
	"#Sections and contents",
	"]|next section heading",
	"[|previous section heading (start of this one)",
	"t  Tab|table of contents pane",
	"  j k  arrows  PgUp PgDn  g G|move in the pane",
	"  Enter  click|jump to the section",
	"  q  Esc  t  Tab|close the pane",
	"",
	"#Searching",
	"/|search (ignores case and accents)",
	"  typing|matches are found as you type",
	"  Left Right Home End|move in the prompt",
	"  Backspace  Ctrl-W  Ctrl-U|erase a character, word, everything",
	"  Enter / Esc|accept / cancel",
	"n  N|next / previous match (wraps at the ends)",
	"Esc|clear the match marks",
	"",
	"#Highlights and notes",
	"v|caret mode: a caret on the first word on screen",
	"  h l  w b  ) (  } {|character, word, sentence, block",
	"  j k  0 $  g G|line, line start and end, first and last block",
	"  v|start (or drop) a selection at the caret",
	"  o|swap the ends of the selection",
	"  Enter|highlight the selection, or the sentence",
	"  a|the same, then write a note",
	"  1-5|colour: yellow green blue red purple",
	"  e  E|edit the note here (E: in $VISUAL/$EDITOR)",
	"  c  x|cycle the colour / delete the highlight here",
	"  T|tags of the highlight here (#idea words)",
	"  Esc|leave caret mode",
	"mouse|drag to select, double-click a word",
	"u  Ctrl-R|undo / redo a change to highlights",
	"H|the highlights of this article",
	"  j k  PgUp PgDn  g G|move in the list",
	"  Enter|show the highlight in the text",
	"  e  T  c  x  u|note, tags, colour, delete, undo",
	"  /|filter by quote, note, tag or colour label",
	"  s|reading order / newest first",
	"  q  Esc|back to the text",
	"L|the library: every article opened",
	"",
	"#The note editor",
	"arrows  Home End|move (Ctrl-arrows: by word)",
	"Backspace Delete Ctrl-W|erase a character, a word",
	"Ctrl-S|save the note",
	"Esc|cancel (asks first if changed)",
	"Ctrl-O|continue in $VISUAL or $EDITOR",
	"  #word|in a note, also makes the word a tag",
	"",
	"#Other",
	"?  F1|this help",
	"Ctrl-L|redraw the screen",
	"Ctrl-Z|suspend (fg resumes)",
	"q  Q|quit",
};

#define NHELP (int)(sizeof help_lines / sizeof *help_lines)
#define KEY_COL_MAX 36

/* Where descriptions start: after the longest keys, at most half the
 * screen. A key list longer than that gets a row of its own. */
static int key_col(int cols)
{
	int i, w = 0;

	for (i = 0; i < NHELP; i++) {
		const char *bar = strchr(help_lines[i], '|');
		if (bar && help_lines[i][0] != '#') {
			int kw = (int)text_width(help_lines[i], (size_t)(bar - help_lines[i]));
			if (kw > w)
				w = kw;
		}
	}
	w += 5;
	if (w > KEY_COL_MAX)
		w = KEY_COL_MAX;
	return w < cols / 2 ? w : cols / 2;
}

/* Rows of help line i at this width: 2 when its keys need a row of their own. */
static int line_rows(int i, int kc)
{
	const char *bar = strchr(help_lines[i], '|');

	if (!bar || help_lines[i][0] == '#')
		return 1;
	return 3 + (int)text_width(help_lines[i], (size_t)(bar - help_lines[i])) + 1 > kc ? 2 : 1;
}

static int total_rows(int kc)
{
	int i, n = 0;

	for (i = 0; i < NHELP; i++)
		n += line_rows(i, kc);
	return n;
}

static int max_scroll(int rows, int cols)
{
	int body = rows - 2, n = total_rows(key_col(cols));
	return n > body ? n - body : 0;
}

void help_draw(struct help *h, int rows, int cols)
{
	int y, i, row = 0, kc = key_col(cols);

	erase();
	screen_fill(0, 0, cols, true);
	screen_draw_text(0, 1, "glosa keys", 10, STYLE_TEXT, true, cols - 2);
	if (h->scroll > max_scroll(rows, cols))
		h->scroll = max_scroll(rows, cols);
	for (i = 0; i < NHELP; i++) {
		const char *line = help_lines[i];
		const char *bar = strchr(line, '|');
		int n = line_rows(i, kc);
		y = 1 + row - h->scroll;
		row += n;
		if (y < 1 || y + n - 1 >= rows - 1)
			continue;
		if (line[0] == '#') {
			screen_draw_text(y, 1, line + 1, strlen(line + 1), STYLE_H2, false, cols - 2);
		} else if (bar) {
			screen_draw_text(y, 3, line, (size_t)(bar - line), STYLE_NUMBER, false,
			                 n == 2 ? cols - 4 : kc - 4);
			screen_draw_text(y + n - 1, kc, bar + 1, strlen(bar + 1), STYLE_TEXT, false,
			                 cols - kc);
		}
	}
	screen_fill(rows - 1, 0, cols, true);
	screen_draw_text(rows - 1, 1, "j/k scroll, q or Esc closes", 27, STYLE_TEXT, true, cols - 2);
}

int help_key(struct help *h, int ch, bool is_key, int rows)
{
	int cols = COLS;

	if (is_key) {
		switch (ch) {
		case KEY_DOWN:  ch = 'j'; break;
		case KEY_UP:    ch = 'k'; break;
		case KEY_NPAGE: ch = ' '; break;
		case KEY_PPAGE: ch = 'b'; break;
		case KEY_F(1):  ch = 'q'; break;
		case KEY_HOME:  ch = 'g'; break;
		case KEY_END:   ch = 'G'; break;
		default:        return UI_NONE;
		}
	}
	switch (ch) {
	case 'j': case 14: case '\r':
		h->scroll++;
		break;
	case 'k': case 16:
		if (h->scroll > 0)
			h->scroll--;
		break;
	case ' ': case 'f': case 6:
		h->scroll += rows - 3;
		break;
	case 'b': case 2:
		h->scroll = h->scroll > rows - 3 ? h->scroll - (rows - 3) : 0;
		break;
	case 4:
		h->scroll += (rows - 2) / 2;
		break;
	case 21:
		h->scroll = h->scroll > (rows - 2) / 2 ? h->scroll - (rows - 2) / 2 : 0;
		break;
	case 'g': case '<':
		h->scroll = 0;
		break;
	case 'G': case '>':
		h->scroll = max_scroll(rows, cols);
		break;
	case 'q': case 'Q': case 27: case '?': case 3:
		return UI_CLOSE | UI_REDRAW;
	default:
		return UI_NONE;
	}
	if (h->scroll > max_scroll(rows, cols))
		h->scroll = max_scroll(rows, cols);
	return UI_REDRAW;
}
