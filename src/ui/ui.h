/* The terminal interface: the only code that includes curses. Each view
 * (reader, table of contents, help, prompt) has a draw function that
 * paints the screen from its state and a key function that changes the
 * state and says what happened; app.c owns the loop and draws once per
 * turn. */
#ifndef GLOSA_UI_H
#define GLOSA_UI_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "glosa/article.h"
#include "glosa/config.h"
#include "glosa/layout.h"
#include "glosa/loader.h"
#include "glosa/motion.h"
#include "glosa/notebook.h"
#include "glosa/textedit.h"
#include "glosa/render.h"
#include "glosa/search.h"
#include "glosa/strbuf.h"

/* ---- app.c: entry point ---- */

struct ui_options {
	struct notebook *nb; /* the reader's highlights for this article */
	const struct config *cfg;
	int width;          /* measure of the text column */
	bool mouse;
	bool keys_from_tty; /* stdin is not the terminal (glosa -) */
	int color;          /* 1 always, 0 never, -1 unless NO_COLOR is set */
};

/* ---- session.c: the library and the reader, in turn ---- */

struct session_options {
	const char *path;        /* the article named, NULL: none */
	const char *annotations; /* --annotations */
	bool library;            /* --library */
	enum article_format format; /* --format, for path */
	struct ui_options ui;
};

/* Run an interactive session; returns a sysexits status. With no path,
 * the library opens when it lists any article but the tour, else the
 * tour. */
int ui_session(const struct session_options *so);

/* Take the terminal (false, with a message on stderr, when there is
 * none) and give it back. */
bool ui_begin(const struct ui_options *opt);
void ui_end(void);
/* Run the reader on a (between ui_begin and ui_end); returns UI_QUIT, or
 * UI_OPEN_LIBRARY when the reader asked for the library. With
 * highlights_first, the highlights view opens at once. */
int ui_run(const struct article *a, const struct ui_options *opt, bool highlights_first);

struct library;
/* Let the reader pick from the library: returns the index of the entry
 * chosen (n for the built-in tour when it has no entry of its own), -1
 * to quit, or -2 (only when can_go_back) to return to the article the
 * library was opened from. *highlights_only is set when the article is
 * gone and the reader asked to see its highlights anyway. message (may
 * be NULL) is shown first. */
long ui_library(struct library *lib, const char *message, bool *highlights_only,
                bool can_go_back);

/* ---- screen.c: the terminal ---- */

/* Start curses on the terminal; false (with a message in err) when no
 * terminal can be had. */
bool screen_start(const struct ui_options *opt, char *err, size_t errlen);
/* Leave curses mode and restore the terminal; safe to call twice. */
void screen_stop(void);
/* Set by SIGTERM, SIGHUP and SIGINT: leave the loop. */
bool screen_should_quit(void);
/* The signal that asked glosa to quit, 0 when none. */
int screen_quit_signal(void);
/* Suspend to the shell (Ctrl-Z) and come back. */
void screen_suspend(void);
/* Hand the terminal to another program (an editor) and take it back. */
void screen_pause(void);
void screen_resume(void);
/* Make the next key reads wait for a key (true: the default), or only
 * look whether one is there (false: there is idle work to do). */
void screen_key_wait(bool wait);
int screen_rows(void);
int screen_cols(void);
/* Draw a rendered line at (y, x), clipped to maxw columns. */
void screen_draw_rline(int y, int x, const struct rline *r, int maxw);

/* A rendered line as curses cells: decoded, measured and given its
 * attributes once, then drawn as often as needed without ncurses
 * converting UTF-8 again. One cell per spacing character (combining
 * marks inside it); never wider than the maxw it was made for. */
struct cells {
	cchar_t *c;
	size_t n, cap;
	int width;          /* columns */
};
#define CELLS_INIT { NULL, 0, 0, 0 }
/* Turn r into cells (reusing out's storage), clipped to maxw columns,
 * with the same rules as every other text drawn (see screen.c). */
void screen_cells_from_rline(struct cells *out, const struct rline *r, int maxw);
void cells_release(struct cells *c);
/* Row y made blank, then c drawn from column x. */
void screen_draw_cells(int y, int x, const struct cells *c);
/* Scroll rows top..bottom by n (positive: the text moves up); the rows
 * that come in are blank. Rows outside are untouched. */
void screen_scroll(int top, int bottom, int n);
/* Draw text (sanitised here) at (y, x) in a style, clipped to maxw
 * columns; returns the columns used. */
int screen_draw_text(int y, int x, const char *s, size_t n, uint8_t style,
                     bool reverse, int maxw);
/* Fill the row from column x to the end with blanks in reverse (or not). */
void screen_fill(int y, int x, int w, bool reverse);

/* ---- rowcache.c: rendered rows kept as cells ---- */

/* Serials below this never name an entry: the reader uses 0 for "not
 * known" and 1 for a blank row. */
#define ROWCACHE_FIRST_SERIAL 2
struct rowcache;
struct rowcache *rowcache_new(void);
void rowcache_free(struct rowcache *c);
/* Forget every entry (Ctrl-L: render everything again). */
void rowcache_clear(struct rowcache *c);
/* The cells of display line p of l, clipped to maxw columns, with marks
 * (the unit's, in the order render_line gets them) over it: rendered on
 * a miss. *serial names the cells: equal serials, equal cells. The
 * pointer is valid until the next call. */
const struct cells *rowcache_get(struct rowcache *c, struct layout *l, struct lpos p, int maxw,
                                 const struct render_mark *marks, size_t nmarks,
                                 uint64_t *serial);
/* The same without rendering: NULL and *serial 0 on a miss. */
const struct cells *rowcache_peek(struct rowcache *c, struct layout *l, struct lpos p,
                                  int maxw, const struct render_mark *marks, size_t nmarks,
                                  uint64_t *serial);

/* ---- prompt.c: a one-line editor ---- */

enum prompt_result {
	PROMPT_NONE,    /* key used, text unchanged */
	PROMPT_CHANGED,
	PROMPT_ACCEPT,
	PROMPT_CANCEL,
};

struct prompt {
	struct strbuf text; /* UTF-8 */
	size_t cursor;      /* byte offset, on a code point boundary */
};

void prompt_reset(struct prompt *p);
void prompt_release(struct prompt *p);
/* Handle a key: ch is a character, or a KEY_ code when is_key. */
enum prompt_result prompt_key(struct prompt *p, int ch, bool is_key);
/* Draw "LEAD TEXT" on row y, with note (may be NULL) at the right end,
 * and place the cursor. */
void prompt_draw(const struct prompt *p, const char *lead, const char *note, int y);

/* ---- reader.c, toc.c, help.c: the views ---- */

enum {
	UI_NONE = 0,
	UI_REDRAW = 1,
	UI_QUIT = 2,
	UI_OPEN_TOC = 4,
	UI_OPEN_HELP = 8,
	UI_CLOSE = 16,  /* an overlay closes */
	UI_OPEN_EDITOR = 32,     /* edit the note of reader.edit_id */
	UI_EXTERNAL_EDITOR = 64, /* the same, in $VISUAL or $EDITOR */
	UI_OPEN_HIGHLIGHTS = 128,
	UI_OPEN_LIBRARY = 256,   /* leave this article for the library */
	UI_OPEN_TAGS = 512,      /* edit the tags of reader.edit_id */
};

/* A list view's navigation key (arrows, PgUp/PgDn, Home/End, Enter) as
 * the letter the view handles (j k b Space g G, '\r'); 0 for any other
 * curses key. */
int ui_list_key(int key);

enum search_state { SEARCH_OFF, SEARCH_TYPING, SEARCH_ACTIVE };

struct reader {
	const struct article *a;
	struct layout *layout;
	int want_width;       /* --width */
	int rows, cols;       /* terminal size */
	int text_rows;        /* rows for text (the status line is the last) */
	int left;             /* column of the text */
	bool too_small;
	struct lpos top;
	struct strbuf message;
	bool message_error;

	struct search_index *index;
	enum search_state search;
	struct prompt prompt;
	char *pattern;        /* folded, NUL-terminated; NULL when none */
	char *last_typed;     /* the last pattern accepted, as typed */
	size_t typed_len;     /* bytes typed at the last incremental search */
	size_t pattern_len;
	struct search_match current;
	bool has_current;
	struct lpos search_origin;

	/* What the text rows of the screen show now, so that a draw changes
	 * only the rows that differ and scrolls what is already there. */
	struct rowcache *cache;
	struct shown_row *shown; /* text_rows of them; see reader_draw */
	int nshown;
	bool shown_valid;        /* false: the rows may show anything */
	struct strbuf status_sig; /* what the status line shows (draw_status) */
	bool status_valid;       /* false: the status line may show anything */

	struct notebook *nb;
	const struct config *cfg;
	bool caret_mode;
	struct caret caret;
	bool caret_set;       /* caret holds a position from earlier */
	bool selecting;
	struct caret sel_anchor;
	int want_col;         /* column kept by j and k */
	const char *color;    /* palette colour of the next highlight */
	char edit_id[ANNOT_ID_LEN + 1]; /* the highlight whose note to edit */
	/* mouse */
	bool dragging;
	long last_click_ms;
	int last_click_y, last_click_x;
};

void reader_init(struct reader *r, const struct article *a, int want_width,
                 struct notebook *nb);
void reader_release(struct reader *r);
/* Take the terminal size; reflows and keeps the top passage in place. */
void reader_resize(struct reader *r, int rows, int cols);
void reader_draw(struct reader *r);
int reader_key(struct reader *r, int ch, bool is_key);
/* Something else drew over the text rows (an overlay, a list): the next
 * reader_draw draws every row. */
void reader_forget_screen(struct reader *r);
/* Work to do while no key is waiting (the search index is built in
 * steps); returns true when there is more. */
bool reader_idle(struct reader *r);
/* Scroll by mouse wheel notches (positive: down). */
void reader_wheel(struct reader *r, int notches);
/* Show section s at the top of the screen. */
void reader_goto_section(struct reader *r, uint32_t s);
/* The section at the top of the screen, ARTICLE_NONE before the first. */
uint32_t reader_current_section(struct reader *r);
void reader_say(struct reader *r, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* How far through the article the bottom of the screen is, in percent. */
unsigned reader_percent(struct reader *r);
/* The display line on screen row y, false past the end. */
bool reader_row_line(struct reader *r, int y, struct lpos *p);
/* Keep line p on screen, scrolling as little as possible. */
void reader_show_line(struct reader *r, struct lpos p);

/* ---- caret.c: caret mode, selections and highlights in the reader ---- */

/* Enter caret mode (v). */
void caret_enter(struct reader *r);
/* Keys in caret mode; UI_NONE when the key is not a caret key. */
int caret_key(struct reader *r, int ch, bool is_key);
/* Keys that act on highlights in any mode (u, Ctrl-R). */
int caret_history_key(struct reader *r, int ch);
/* The highlights (placed, not deleted) that reach units lo..hi, in the
 * notebook's order, as a malloc'd array: a draw looks through all of
 * them once, then each unit and row only through these. */
size_t caret_highlights_in(struct reader *r, uint32_t lo, uint32_t hi,
                           const struct highlight ***out);
/* Marks over unit u: highlights (of near, from caret_highlights_in),
 * selection, caret; appended to *marks. */
void caret_marks(struct reader *r, uint32_t u, const struct highlight *const *near, size_t nnear,
                 struct render_mark **marks, size_t *n, size_t *cap);
/* Does line p end a highlight (of near) with a note (a marker in the
 * margin)? */
bool caret_margin_note(struct reader *r, struct lpos p, const struct highlight *const *near,
                       size_t nnear);
/* Draw the note marker of screen row y. */
void caret_draw_margin(struct reader *r, int y);
/* A mouse event at (y, x): press, drag, release. */
int caret_mouse(struct reader *r, int y, int x, bool press, bool release, bool motion);
/* Text for the status line in caret mode (or about the highlight under
 * the caret); "" when none. */
void caret_status(struct reader *r, struct strbuf *out);
/* The caret moved: keep it on screen, and the screen's top remembered. */
void caret_follow(struct reader *r);

/* ---- hlview.c: the highlights of this article ---- */

struct hlview {
	size_t *items;         /* indices into nb->set.hl, as listed */
	size_t nitems, cap;
	size_t norphans;       /* the last norphans items are orphans */
	size_t selected;       /* index into items */
	int scroll;            /* first row shown */
	bool newest_first;
	bool filtering;        /* the / prompt is open */
	struct prompt filter;
	char *folded;          /* the filter, folded; NULL: none */
	size_t folded_len;
};

void hlview_open(struct hlview *v, struct reader *r);
void hlview_release(struct hlview *v);
void hlview_draw(struct hlview *v, struct reader *r);
int hlview_key(struct hlview *v, struct reader *r, int ch, bool is_key);

/* ---- tags.c: the tags prompt (T) ---- */

struct tagprompt {
	struct prompt p;
	char id[ANNOT_ID_LEN + 1];
};

void tagprompt_open(struct tagprompt *t, struct reader *r, const char *id);
void tagprompt_draw(struct tagprompt *t, struct reader *r);
int tagprompt_key(struct tagprompt *t, struct reader *r, int ch, bool is_key);
/* Split "#idea  method" into tags (without '#'); malloc'd array of
 * malloc'd strings. */
size_t tags_parse(const char *s, char ***tags);
void tags_free(char **tags, size_t n);

/* ---- editor.c: the note editor ---- */

struct editor {
	struct textedit te;
	char id[ANNOT_ID_LEN + 1];
	char *original;
	bool confirming;    /* "discard changes?" is asked */
	int scroll;
};

/* Open the editor on the note of highlight id. */
void editor_open(struct editor *e, struct reader *r, const char *id);
void editor_close(struct editor *e);
void editor_draw(struct editor *e, struct reader *r);
int editor_key(struct editor *e, struct reader *r, int ch, bool is_key);
/* Edit the note of highlight id in $VISUAL/$EDITOR (the interface is
 * suspended meanwhile); with e, the text being edited goes there and
 * comes back into e instead. */
void editor_external(struct reader *r, const char *id, struct editor *e);

struct toc {
	uint32_t selected;
	uint32_t current;   /* the reader's section when the pane opened */
	uint32_t scroll;    /* first entry shown */
	int width;          /* pane columns */
	int rows;
};

void toc_open(struct toc *t, struct reader *r);
void toc_draw(struct toc *t, const struct reader *r);
int toc_key(struct toc *t, struct reader *r, int ch, bool is_key);
/* A click at (y, x): jumps when it hits an entry. */
int toc_click(struct toc *t, struct reader *r, int y, int x);

struct help {
	int scroll;
};

void help_draw(struct help *h, int rows, int cols);
int help_key(struct help *h, int ch, bool is_key, int rows);

#endif
