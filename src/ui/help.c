#include "config.h"

#include <curses.h>
#include <string.h>

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
	"L|the library: every article with highlights",
	"",
	"#The note editor",
	"arrows  Home End|move (Ctrl-arrows: by word)",
	"Backspace Delete Ctrl-W|erase a character, a word",
	"Ctrl-S|save the note",
	"Esc|cancel (asks first if changed)",
	"Ctrl-O|continue in $VISUAL or $EDITOR",
	"#word|in a note, also makes the word a tag",
	"",
	"#Other",
	"?  F1|this help",
	"Ctrl-L|redraw the screen",
	"Ctrl-Z|suspend (fg resumes)",
	"q  Q|quit",
};

#define NHELP (int)(sizeof help_lines / sizeof *help_lines)
#define KEY_COL 30

static int max_scroll(int rows)
{
	int body = rows - 2;
	return NHELP > body ? NHELP - body : 0;
}

void help_draw(struct help *h, int rows, int cols)
{
	int y, i;

	erase();
	screen_fill(0, 0, cols, true);
	screen_draw_text(0, 1, "glosa keys", 10, STYLE_TEXT, true, cols - 2);
	if (h->scroll > max_scroll(rows))
		h->scroll = max_scroll(rows);
	for (y = 1, i = h->scroll; y < rows - 1 && i < NHELP; y++, i++) {
		const char *line = help_lines[i];
		const char *bar = strchr(line, '|');
		int kc = cols < 60 ? cols / 2 : KEY_COL;
		if (line[0] == '#') {
			screen_draw_text(y, 1, line + 1, strlen(line + 1), STYLE_H2, false, cols - 2);
		} else if (bar) {
			screen_draw_text(y, 3, line, (size_t)(bar - line), STYLE_NUMBER, false, kc - 4);
			screen_draw_text(y, kc, bar + 1, strlen(bar + 1), STYLE_TEXT, false, cols - kc);
		}
	}
	screen_fill(rows - 1, 0, cols, true);
	screen_draw_text(rows - 1, 1, "j/k scroll, q or Esc closes", 27, STYLE_TEXT, true, cols - 2);
}

int help_key(struct help *h, int ch, bool is_key, int rows)
{
	if (is_key) {
		switch (ch) {
		case KEY_DOWN:  ch = 'j'; break;
		case KEY_UP:    ch = 'k'; break;
		case KEY_NPAGE: ch = ' '; break;
		case KEY_PPAGE: ch = 'b'; break;
		case KEY_F(1):  ch = 'q'; break;
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
	case ' ': case 'f':
		h->scroll += rows - 3;
		break;
	case 'b':
		h->scroll = h->scroll > rows - 3 ? h->scroll - (rows - 3) : 0;
		break;
	case 'q': case 'Q': case 27: case '?': case 3:
		return UI_CLOSE | UI_REDRAW;
	default:
		return UI_NONE;
	}
	if (h->scroll > max_scroll(rows))
		h->scroll = max_scroll(rows);
	return UI_REDRAW;
}
