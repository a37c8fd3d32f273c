#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <sysexits.h>

#include "ui.h"

enum mode { MODE_READ, MODE_TOC, MODE_HELP, MODE_EDITOR, MODE_HIGHLIGHTS, MODE_TAGS };

struct app {
	struct reader reader;
	struct toc toc;
	struct help help;
	struct editor editor;
	struct hlview hlview;
	struct tagprompt tags;
	enum mode mode;
	enum mode back;       /* where the editor and the tags prompt return */
};

/* Open where reading stopped, and say what could not be placed. */
static void ui_start_position(struct reader *r)
{
	struct notebook *nb = r->nb;
	uint32_t unit, byte;

	if (!nb)
		return;
	if (notebook_position(nb, &unit, &byte))
		r->top = layout_find(r->layout, unit, byte);
	if (nb->status[0])
		reader_say(r, true, "%s", nb->status);
	else if (nb->orphans)
		reader_say(r, true, "%zu highlight%s could not be placed; kept in the annotation file",
		           nb->orphans, nb->orphans == 1 ? "" : "s");
}

static void ui_save_position(struct reader *r)
{
	struct lpos p = r->top;
	const struct layout_line *ln;

	if (!r->nb)
		return;
	if (r->a->units[p.unit].kind != UNIT_BLOCK && r->a->units[p.unit].kind != UNIT_HEADING) {
		notebook_set_position(r->nb, 0, 0, (int)reader_percent(r)); /* the top */
		return;
	}
	/* The first line on screen that shows text: a heading or a block. */
	for (int i = 0; i < r->text_rows; i++) {
		ln = layout_line_at(r->layout, p);
		if ((ln->kind == LINE_TEXT || ln->kind == LINE_CODE) &&
		    (r->a->units[p.unit].kind == UNIT_BLOCK ||
		     r->a->units[p.unit].kind == UNIT_HEADING)) {
			notebook_set_position(r->nb, p.unit, ln->start, (int)reader_percent(r));
			return;
		}
		if (layout_move(r->layout, &p, 1) == 0)
			break;
	}
}

static void draw(struct app *app)
{
	struct reader *r = &app->reader;

	bool over_list = app->back == MODE_HIGHLIGHTS &&
	                 (app->mode == MODE_EDITOR || app->mode == MODE_TAGS);

	if (app->mode == MODE_HIGHLIGHTS || over_list)
		hlview_draw(&app->hlview, r);
	else
		reader_draw(r);
	if (!r->too_small) {
		if (app->mode == MODE_TOC)
			toc_draw(&app->toc, r);
		else if (app->mode == MODE_HELP)
			help_draw(&app->help, r->rows, r->cols);
		else if (app->mode == MODE_TAGS)
			tagprompt_draw(&app->tags, r);
	}
	curs_set(!r->too_small && ((app->mode == MODE_READ && r->search == SEARCH_TYPING) ||
	                           app->mode == MODE_TAGS ||
	                           (app->mode == MODE_HIGHLIGHTS && app->hlview.filtering)));
	if (app->mode == MODE_EDITOR && !r->too_small)
		editor_draw(&app->editor, r); /* last: it places the cursor */
	/* Anything but the bare reader wrote over rows the reader keeps. */
	if (app->mode != MODE_READ)
		reader_forget_screen(r);
	refresh();
}

int ui_list_key(int key)
{
	switch (key) {
	case KEY_DOWN:  return 'j';
	case KEY_UP:    return 'k';
	case KEY_NPAGE: return ' ';
	case KEY_PPAGE: return 'b';
	case KEY_HOME:  return 'g';
	case KEY_END:   return 'G';
	case KEY_ENTER: return '\r';
	default:        return 0;
	}
}

static int dispatch_key(struct app *app, int ch, bool is_key)
{
	struct reader *r = &app->reader;

	if (r->too_small)
		return (!is_key && (ch == 'q' || ch == 'Q')) ? UI_QUIT : UI_NONE;
	switch (app->mode) {
	case MODE_TOC:
		return toc_key(&app->toc, r, ch, is_key);
	case MODE_HELP:
		return help_key(&app->help, ch, is_key, r->rows);
	case MODE_EDITOR:
		return editor_key(&app->editor, r, ch, is_key);
	case MODE_HIGHLIGHTS:
		return hlview_key(&app->hlview, r, ch, is_key);
	case MODE_TAGS:
		return tagprompt_key(&app->tags, r, ch, is_key);
	case MODE_READ:
		break;
	}
	return reader_key(r, ch, is_key);
}

static int dispatch_mouse(struct app *app)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || app->reader.too_small)
		return UI_NONE;
	if (ev.bstate & BUTTON4_PRESSED) {
		if (app->mode == MODE_READ) {
			reader_wheel(&app->reader, -1);
			return UI_REDRAW;
		}
		return dispatch_key(app, KEY_UP, true);
	}
	if (ev.bstate & BUTTON5_PRESSED) {
		if (app->mode == MODE_READ) {
			reader_wheel(&app->reader, 1);
			return UI_REDRAW;
		}
		return dispatch_key(app, KEY_DOWN, true);
	}
	if ((ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) && app->mode == MODE_TOC)
		return toc_click(&app->toc, &app->reader, ev.y, ev.x);
	if (app->mode != MODE_READ || app->reader.search == SEARCH_TYPING)
		return UI_NONE;
	/* A press and release that arrive together come as one click. */
	if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)) {
		int what = caret_mouse(&app->reader, ev.y, ev.x, true, false, false);
		if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
			what |= caret_mouse(&app->reader, ev.y, ev.x, true, false, false);
		return what | caret_mouse(&app->reader, ev.y, ev.x, false, true, false);
	}
	return caret_mouse(&app->reader, ev.y, ev.x, (ev.bstate & BUTTON1_PRESSED) != 0,
	                   (ev.bstate & BUTTON1_RELEASED) != 0,
	                   (ev.bstate & REPORT_MOUSE_POSITION) != 0);
}

static void apply(struct app *app, int what)
{
	if (what & UI_CLOSE) {
		/* The editor and the tags prompt return to the list they came from. */
		if ((app->mode == MODE_EDITOR || app->mode == MODE_TAGS) &&
		    app->back == MODE_HIGHLIGHTS)
			app->mode = MODE_HIGHLIGHTS;
		else
			app->mode = MODE_READ;
		app->back = MODE_READ;
	}
	if (what & (UI_OPEN_EDITOR | UI_OPEN_TAGS | UI_EXTERNAL_EDITOR))
		app->back = app->mode;
	if (what & UI_OPEN_HIGHLIGHTS) {
		if (app->reader.nb) {
			hlview_open(&app->hlview, &app->reader);
			app->mode = MODE_HIGHLIGHTS;
		}
	}
	if (what & UI_OPEN_TAGS) {
		tagprompt_open(&app->tags, &app->reader, app->reader.edit_id);
		app->mode = MODE_TAGS;
	}
	if (what & UI_OPEN_TOC) {
		toc_open(&app->toc, &app->reader);
		app->mode = MODE_TOC;
	}
	if (what & UI_OPEN_HELP) {
		app->help.scroll = 0;
		app->mode = MODE_HELP;
	}
	if (what & UI_OPEN_EDITOR) {
		editor_open(&app->editor, &app->reader, app->reader.edit_id);
		app->mode = MODE_EDITOR;
	}
	if (what & UI_EXTERNAL_EDITOR) {
		editor_external(&app->reader, app->reader.edit_id, NULL);
		app->back = MODE_READ;
	}
}

bool ui_begin(const struct ui_options *opt)
{
	char err[256];

	if (!screen_start(opt, err, sizeof err)) {
		fprintf(stderr, "glosa: %s\n", err);
		return false;
	}
	return true;
}

void ui_end(void)
{
	screen_stop();
}

int ui_run(const struct article *a, const struct ui_options *opt, bool highlights_first)
{
	struct app app = { .mode = MODE_READ, .back = MODE_READ };
	wint_t wch;
	int rc, what, result = UI_QUIT;
	bool idle = true;

	reader_init(&app.reader, a, opt->width, opt->nb);
	app.reader.cfg = opt->cfg;
	reader_resize(&app.reader, screen_rows(), screen_cols());
	ui_start_position(&app.reader);
	if (highlights_first)
		apply(&app, UI_OPEN_HIGHLIGHTS);
	draw(&app);
	while (!screen_should_quit()) {
		/* With idle work left, only look for a key; else wait for one
		 * (waking now and then to notice a quit signal). */
		screen_key_wait(!idle);
		rc = get_wch(&wch);
		if (rc == ERR) {
			if (idle)
				idle = reader_idle(&app.reader);
			continue;
		}
		if (rc == KEY_CODE_YES && wch == KEY_RESIZE) {
			reader_resize(&app.reader, screen_rows(), screen_cols());
			what = UI_REDRAW;
		} else if (rc == KEY_CODE_YES && wch == KEY_MOUSE) {
			what = dispatch_mouse(&app);
		} else if (rc == OK && wch == 26) { /* Ctrl-Z */
			screen_suspend();
			reader_resize(&app.reader, screen_rows(), screen_cols());
			what = UI_REDRAW;
		} else {
			what = dispatch_key(&app, (int)wch, rc == KEY_CODE_YES);
		}
		if (what & (UI_QUIT | UI_OPEN_LIBRARY)) {
			result = what & UI_OPEN_LIBRARY ? UI_OPEN_LIBRARY : UI_QUIT;
			break;
		}
		apply(&app, what);
		draw(&app);
	}
	screen_key_wait(true); /* for the library's loop, if it comes next */
	if (app.mode == MODE_EDITOR || app.back == MODE_EDITOR)
		editor_close(&app.editor);
	if (app.mode == MODE_HIGHLIGHTS || app.back == MODE_HIGHLIGHTS)
		hlview_release(&app.hlview);
	if (app.mode == MODE_TAGS)
		prompt_release(&app.tags.p);
	if (!highlights_first)
		ui_save_position(&app.reader);
	reader_release(&app.reader);
	return result;
}
