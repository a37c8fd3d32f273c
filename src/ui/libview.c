#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "glosa/library.h"
#include "glosa/search.h"
#include "glosa/xalloc.h"
#include "ui.h"

#define TOUR_ID "glosa-tour"

struct libview {
	struct library *lib;
	long *items;          /* entry indices; lib->n stands for the tour */
	size_t n;
	size_t selected;
	int scroll;
	bool has_tour;        /* the tour has an entry of its own */
	bool filtering;
	struct prompt filter;
	char *folded;
	struct strbuf message;
	bool asking;          /* "the article is gone: show its highlights?" */
	bool can_go_back;     /* opened from an article: Esc returns to it */
};

static bool matches(const struct libview *v, const struct library_entry *e, bool tour)
{
	struct strbuf all = STRBUF_INIT;
	char *folded;
	size_t n;
	bool yes;

	if (!v->folded)
		return true;
	strbuf_addstr(&all, tour ? "A tour of glosa" : e->title ? e->title : e->file);
	strbuf_addch(&all, '\n');
	if (e && e->author)
		strbuf_addstr(&all, e->author);
	folded = search_fold(all.buf, all.len, &n);
	yes = strstr(folded, v->folded) != NULL;
	free(folded);
	strbuf_release(&all);
	return yes;
}

static void rebuild(struct libview *v)
{
	size_t i;

	v->n = 0;
	v->items = xreallocarray(v->items, v->lib->n + 1, sizeof *v->items);
	v->has_tour = false;
	for (i = 0; i < v->lib->n; i++) {
		const struct library_entry *e = &v->lib->e[i];
		if (e->article_id && strcmp(e->article_id, TOUR_ID) == 0)
			v->has_tour = true;
		if (matches(v, e, false))
			v->items[v->n++] = (long)i;
	}
	/* The tour is always listed, last when it has never been opened. */
	if (!v->has_tour && matches(v, NULL, true))
		v->items[v->n++] = (long)v->lib->n;
	if (v->selected >= v->n)
		v->selected = v->n ? v->n - 1 : 0;
}

static void draw_entry(const struct libview *v, size_t i, int y, int cols)
{
	long k = v->items[i];
	bool sel = i == v->selected;
	struct strbuf line = STRBUF_INIT;
	char when[32] = "";

	if (sel)
		screen_draw_text(y, 0, "▌", 3, STYLE_NUMBER, false, 1);
	if (k == (long)v->lib->n) {
		screen_draw_text(y, 2, "A tour of glosa", 15, STYLE_H2, sel, cols - 4);
		screen_draw_text(y + 1, 4, "the built-in tour · never opened", 32, STYLE_ATTRIB,
		                 false, cols - 6);
		return;
	}
	const struct library_entry *e = &v->lib->e[k];
	screen_draw_text(y, 2, e->title ? e->title : e->file,
	                 strlen(e->title ? e->title : e->file), STYLE_H2, sel, cols - 4);
	if (e->error) {
		strbuf_addf(&line, "broken: %s", e->error);
	} else {
		struct tm tm;
		if (localtime_r(&e->opened, &tm))
			strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		if (e->author)
			strbuf_addf(&line, "%s · ", e->author);
		strbuf_addf(&line, "%d highlight%s", e->highlights, e->highlights == 1 ? "" : "s");
		if (e->percent >= 0)
			strbuf_addf(&line, " · %d%% read", e->percent);
		strbuf_addf(&line, " · opened %s", when);
		if (e->article_gone)
			strbuf_addstr(&line, " · article missing");
	}
	screen_draw_text(y + 1, 4, line.buf, line.len, e->error || e->article_gone ? STYLE_NUMBER
	                                                                         : STYLE_ATTRIB,
	                 false, cols - 6);
	strbuf_release(&line);
}

static void draw(struct libview *v)
{
	int rows = LINES - 2, cols = COLS, y;
	size_t i;
	char head[128];

	erase();
	if (v->selected * 3 < (size_t)v->scroll)
		v->scroll = (int)v->selected * 3;
	if ((int)v->selected * 3 + 2 > v->scroll + rows)
		v->scroll = (int)v->selected * 3 + 2 - rows;
	screen_fill(0, 0, cols, true);
	snprintf(head, sizeof head, " Library · %zu article%s", v->n, v->n == 1 ? "" : "s");
	screen_draw_text(0, 0, head, strlen(head), STYLE_TEXT, true, cols);
	for (i = 0; i < v->n; i++) {
		y = 1 + (int)i * 3 - v->scroll;
		if (y >= 1 && y + 1 < rows + 1)
			draw_entry(v, i, y, cols);
	}
	if (v->filtering) {
		prompt_draw(&v->filter, "/", NULL, LINES - 1);
		return;
	}
	screen_fill(LINES - 1, 0, cols, true);
	if (v->message.len)
		screen_draw_text(LINES - 1, 1, v->message.buf, v->message.len, STYLE_TEXT, true,
		                 cols - 2);
	else
		screen_draw_text(LINES - 1, 1, v->can_go_back ? "Enter open · / filter · Esc back · q quit"
		                                              : "Enter open · / filter · q quit",
		                 strlen(v->can_go_back ? "Enter open · / filter · Esc back · q quit"
		                                       : "Enter open · / filter · q quit"),
		                 STYLE_TEXT, true, cols - 2);
	curs_set(0);
}

/* Enter: returns the entry to open, or -2 to stay. */
static long choose(struct libview *v, bool *highlights_only)
{
	long k = v->items[v->selected];
	const struct library_entry *e;

	if (k == (long)v->lib->n)
		return k;
	e = &v->lib->e[k];
	if (e->error) {
		strbuf_reset(&v->message);
		strbuf_addf(&v->message, "Cannot open: %s", e->error);
		return -2;
	}
	if (e->article_gone) {
		strbuf_reset(&v->message);
		strbuf_addf(&v->message, "The article is gone from %s. Show its highlights? (y/n)",
		            e->path);
		v->asking = true;
		return -2;
	}
	*highlights_only = e->path == NULL && !(e->article_id && !strcmp(e->article_id, TOUR_ID));
	return k;
}

long ui_library(struct library *lib, const char *message, bool *highlights_only, bool can_go_back)
{
	struct libview v;
	wint_t wch;
	long chosen = -1;
	int rc;

	memset(&v, 0, sizeof v);
	v.lib = lib;
	v.filter.text = (struct strbuf)STRBUF_INIT;
	v.message = (struct strbuf)STRBUF_INIT;
	v.can_go_back = can_go_back;
	if (message)
		strbuf_addstr(&v.message, message);
	*highlights_only = false;
	rebuild(&v);
	draw(&v);
	refresh();
	while (!screen_should_quit()) {
		rc = get_wch(&wch);
		if (rc == ERR)
			continue;
		if (rc == OK && wch == 26) /* Ctrl-Z, as in the reader */
			screen_suspend();
		if ((rc == KEY_CODE_YES && wch == KEY_RESIZE) || (rc == OK && wch == 26)) {
			draw(&v);
			refresh();
			continue;
		}
		if (v.filtering) {
			switch (prompt_key(&v.filter, (int)wch, rc == KEY_CODE_YES)) {
			case PROMPT_CHANGED:
				free(v.folded);
				v.folded = v.filter.text.len ? search_fold(v.filter.text.buf,
				                                           v.filter.text.len, NULL) : NULL;
				v.selected = 0;
				rebuild(&v);
				break;
			case PROMPT_ACCEPT:
				v.filtering = false;
				break;
			case PROMPT_CANCEL:
				v.filtering = false;
				prompt_reset(&v.filter);
				free(v.folded);
				v.folded = NULL;
				rebuild(&v);
				break;
			case PROMPT_NONE:
				break;
			}
			draw(&v);
			refresh();
			continue;
		}
		if (v.asking) {
			v.asking = false;
			strbuf_reset(&v.message);
			if (rc == OK && (wch == 'y' || wch == 'Y')) {
				*highlights_only = true;
				chosen = v.items[v.selected];
				break;
			}
			draw(&v);
			refresh();
			continue;
		}
		strbuf_reset(&v.message);
		if (rc == KEY_CODE_YES) {
			if (wch == KEY_DOWN)
				wch = 'j';
			else if (wch == KEY_UP)
				wch = 'k';
			else if (wch == KEY_ENTER)
				wch = '\r';
			else if (wch == KEY_HOME)
				wch = 'g';
			else if (wch == KEY_END)
				wch = 'G';
		}
		if (rc == OK && wch == 27 && can_go_back) {
			chosen = -2; /* back to the article the library was opened from */
			break;
		}
		if (wch == 'q' || wch == 'Q' || (rc == OK && wch == 27))
			break;
		if (wch == 'j' && v.selected + 1 < v.n)
			v.selected++;
		else if (wch == 'k' && v.selected > 0)
			v.selected--;
		else if (wch == 'g')
			v.selected = 0;
		else if (wch == 'G' && v.n)
			v.selected = v.n - 1;
		else if (wch == '/')
			v.filtering = true;
		else if ((wch == '\r' || wch == '\n') && v.n) {
			long k = choose(&v, highlights_only);
			if (k >= 0) {
				chosen = k;
				break;
			}
		}
		draw(&v);
		refresh();
	}
	free(v.items);
	free(v.folded);
	prompt_release(&v.filter);
	strbuf_release(&v.message);
	return chosen;
}
