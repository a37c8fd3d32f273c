#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <sysexits.h>

#include "ui.h"

enum mode { MODE_READ, MODE_TOC, MODE_HELP };

struct app {
	struct reader reader;
	struct toc toc;
	struct help help;
	enum mode mode;
};

static void draw(struct app *app)
{
	struct reader *r = &app->reader;

	reader_draw(r);
	if (!r->too_small) {
		if (app->mode == MODE_TOC)
			toc_draw(&app->toc, r);
		else if (app->mode == MODE_HELP)
			help_draw(&app->help, r->rows, r->cols);
	}
	curs_set(app->mode == MODE_READ && r->search == SEARCH_TYPING && !r->too_small);
	refresh();
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
	return UI_NONE;
}

static void apply(struct app *app, int what)
{
	if (what & UI_CLOSE)
		app->mode = MODE_READ;
	if (what & UI_OPEN_TOC) {
		toc_open(&app->toc, &app->reader);
		app->mode = MODE_TOC;
	}
	if (what & UI_OPEN_HELP) {
		app->help.scroll = 0;
		app->mode = MODE_HELP;
	}
}

int ui_run(const struct article *a, const struct ui_options *opt)
{
	struct app app = { .mode = MODE_READ };
	char err[256];
	wint_t wch;
	int rc, what;

	if (!screen_start(opt, err, sizeof err)) {
		fprintf(stderr, "glosa: %s\n", err);
		return EX_UNAVAILABLE;
	}
	reader_init(&app.reader, a, opt->width);
	reader_resize(&app.reader, screen_rows(), screen_cols());
	draw(&app);
	while (!screen_should_quit()) {
		rc = get_wch(&wch);
		if (rc == ERR)
			continue;
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
		if (what & UI_QUIT)
			break;
		apply(&app, what);
		draw(&app);
	}
	screen_stop();
	reader_release(&app.reader);
	return EX_OK;
}
