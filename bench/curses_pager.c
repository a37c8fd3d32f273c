/* bench/curses_pager: the least an ncurses pager can do per key, as a
 * reference for the key rows of `make bench`: it tells how much of a
 * key's time is the ncurses screen update that every ncursesw program
 * pays (glosa draws through ncurses; less writes to the terminal itself).
 *
 *   curses_pager FILE
 *
 * Shows FILE's lines (the plain text that less is given), one per screen
 * row, cut at the width, with a last row ":" as less has. Keys: j a line
 * down, Space a page down, G the end, g the start, q quit; a resize
 * redraws. Lines are converted to wide characters once, at start, so a
 * key costs only the drawing: j scrolls the window (wscrl, as glosa's
 * reader does) and draws the one new row; the others draw every row with
 * mvaddnwstr. The terminal set-up is glosa's (newterm, raw, noecho,
 * nonl, keypad, no cursor, and one endwin and refresh before the first
 * draw: see src/ui/screen.c, without it ncurses writes each update out
 * in many small writes). */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

struct text {
	wchar_t **line;
	int *len;
	size_t n;
};

/* FILE's lines as wide characters (an undecodable byte becomes U+FFFD). */
static int load(const char *path, struct text *t)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, tcap = 0;
	ssize_t got;

	if (!f)
		return errno;
	while ((got = getline(&buf, &cap, f)) >= 0) {
		mbstate_t st;
		wchar_t *w = malloc(((size_t)got + 1) * sizeof *w);
		const char *s = buf;
		size_t left = (size_t)got, k = 0;

		if (!w)
			return ENOMEM;
		if (left && s[left - 1] == '\n')
			left--;
		memset(&st, 0, sizeof st);
		while (left) {
			size_t r = mbrtowc(&w[k], s, left, &st);
			if (r == (size_t)-1 || r == (size_t)-2) {
				w[k] = 0xFFFD;
				r = 1;
				memset(&st, 0, sizeof st);
			} else if (r == 0) {
				r = 1;
			}
			k++;
			s += r;
			left -= r;
		}
		w[k] = 0;
		if (t->n == tcap) {
			tcap = tcap ? 2 * tcap : 4096;
			t->line = realloc(t->line, tcap * sizeof *t->line);
			t->len = realloc(t->len, tcap * sizeof *t->len);
			if (!t->line || !t->len)
				return ENOMEM;
		}
		t->line[t->n] = w;
		t->len[t->n++] = (int)k;
	}
	free(buf);
	fclose(f);
	return 0;
}

static void draw_row(const struct text *t, size_t top, int y)
{
	size_t i = top + (size_t)y;

	move(y, 0);
	clrtoeol();
	if (i < t->n)
		mvaddnwstr(y, 0, t->line[i], t->len[i] < COLS ? t->len[i] : COLS);
}

static void draw_all(const struct text *t, size_t top)
{
	int y;

	for (y = 0; y < LINES - 1; y++)
		draw_row(t, top, y);
	mvaddstr(LINES - 1, 0, ":");
	clrtoeol();
}

static size_t last_top(const struct text *t)
{
	size_t rows = LINES > 1 ? (size_t)LINES - 1 : 1;

	return t->n > rows ? t->n - rows : 0;
}

int main(int argc, char **argv)
{
	struct text t = { NULL, NULL, 0 };
	size_t top = 0;
	int e, c;

	if (argc != 2) {
		fprintf(stderr, "usage: curses_pager FILE\n");
		return 2;
	}
	setlocale(LC_ALL, "");
	if ((e = load(argv[1], &t)) != 0) {
		fprintf(stderr, "curses_pager: %s: %s\n", argv[1], strerror(e));
		return 1;
	}
	if (!newterm(NULL, stdout, stdin)) {
		fprintf(stderr, "curses_pager: cannot use this terminal\n");
		return 1;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	endwin();
	refresh();
	draw_all(&t, top);
	refresh();
	while ((c = getch()) != 'q' && c != ERR) {
		switch (c) {
		case 'j':
			if (top < last_top(&t)) {
				top++;
				scrollok(stdscr, TRUE);
				wsetscrreg(stdscr, 0, LINES - 2);
				wscrl(stdscr, 1);
				wsetscrreg(stdscr, 0, LINES - 1);
				scrollok(stdscr, FALSE);
				draw_row(&t, top, LINES - 2);
			}
			break;
		case ' ':
			top += (size_t)(LINES > 1 ? LINES - 1 : 1);
			if (top > last_top(&t))
				top = last_top(&t);
			draw_all(&t, top);
			break;
		case 'G':
			top = last_top(&t);
			draw_all(&t, top);
			break;
		case 'g':
			top = 0;
			draw_all(&t, top);
			break;
		case KEY_RESIZE:
			if (top > last_top(&t))
				top = last_top(&t);
			draw_all(&t, top);
			break;
		default:
			continue;
		}
		refresh();
	}
	endwin();
	return 0;
}
