#include "config.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "glosa/text.h"
#include "glosa/xalloc.h"
#include "ui.h"

static SCREEN *scr;
static FILE *tty_in;
static bool active, use_color, use_mouse;
static volatile sig_atomic_t quit_flag;
static struct termios saved_modes;
static bool have_saved_modes;
/* Written by the crash handler, so prepared before anything can crash. */
static char restore_seq[256];
static size_t restore_len;

#define MOUSE_OFF "\033[?1000l\033[?1002l\033[?1006l"
#define HL_PAIR 8

static void on_quit_signal(int sig)
{
	quit_flag = sig;
}

/* A crash: curses cannot be trusted now, so write the saved reset strings
 * and modes with async-signal-safe calls, then die of the same signal. */
static void on_crash_signal(int sig)
{
	if (active) {
		ssize_t w = write(STDOUT_FILENO, restore_seq, restore_len);
		(void)w;
		if (have_saved_modes)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_modes);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void add_cap(const char *name)
{
	const char *s = tigetstr((char *)name);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (restore_len + n < sizeof restore_seq) {
		memcpy(restore_seq + restore_len, s, n);
		restore_len += n;
	}
}

static void prepare_restore(void)
{
	restore_len = 0;
	if (use_mouse) {
		memcpy(restore_seq, MOUSE_OFF, sizeof MOUSE_OFF - 1);
		restore_len = sizeof MOUSE_OFF - 1;
	}
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmkx");
	add_cap("rmcup");
}

/* Presses, releases, the wheel, and motion while a button is held (mode
 * 1002, which ncurses does not ask xterm for by itself). */
static void enable_mouse(void)
{
	mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED |
	          BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED |
	          REPORT_MOUSE_POSITION, NULL);
	mouseinterval(0);
	fputs("\033[?1002h", stdout);
	fflush(stdout);
}

static void panic_restore(void)
{
	screen_stop();
}

static void init_colors(int want)
{
	const char *no_color = getenv("NO_COLOR");
	short i;

	use_color = has_colors() && (want == 1 || (want < 0 && !(no_color && *no_color)));
	if (!use_color)
		return;
	start_color();
	use_default_colors();
	for (i = 1; i <= 7; i++)
		init_pair(i, i, -1);
	/* Highlights: black text on the palette colour. */
	for (i = 0; i < 5; i++)
		init_pair((short)(HL_PAIR + i), COLOR_BLACK,
		          (short)(COLORS >= 256 ? render_hl_color256(i) : render_hl_color8(i)));
}

bool screen_start(const struct ui_options *opt, char *err, size_t errlen)
{
	struct sigaction sa;
	FILE *in = stdin;

	if (opt->keys_from_tty || !isatty(STDIN_FILENO)) {
		tty_in = fopen("/dev/tty", "r");
		if (!tty_in) {
			snprintf(err, errlen, "cannot open the terminal for keys: %s", strerror(errno));
			return false;
		}
		in = tty_in;
	}
	if (!isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "standard output is not a terminal");
		return false;
	}
	have_saved_modes = tcgetattr(fileno(in), &saved_modes) == 0;
	scr = newterm(NULL, stdout, in);
	if (!scr) {
		const char *term = getenv("TERM");
		snprintf(err, errlen, "cannot use terminal type '%s'", term ? term : "");
		if (tty_in)
			fclose(tty_in);
		tty_in = NULL;
		return false;
	}
	set_term(scr);
	active = true;
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	/* ncursesw (6.4 here) writes its output out at every cursor
	 * movement for as long as the screen is in its initial state, that
	 * is until it has been left once with endwin: a page went out in
	 * some 25 writes. Leaving and coming back before anything is drawn
	 * makes every update a single write, so a page reaches the terminal
	 * whole (no half-drawn screens over ssh) and a little sooner. */
	endwin();
	refresh();
	init_colors(opt->color);
	use_mouse = opt->mouse;
	if (use_mouse)
		enable_mouse();
	prepare_restore();
	xalloc_set_panic_hook(panic_restore);

	/* After newterm, so that ours replace the handlers ncurses set. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_quit_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_crash_signal;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	screen_key_wait(true);
	return true;
}

void screen_key_wait(bool wait)
{
	/* Waiting, wake up now and then to notice quit_flag even with no key. */
	timeout(wait ? 250 : 0);
}

void screen_stop(void)
{
	if (!active)
		return;
	active = false;
	xalloc_set_panic_hook(NULL);
	if (use_mouse)
		mousemask(0, NULL);
	curs_set(1);
	endwin();
	if (use_mouse) {
		fputs(MOUSE_OFF, stdout);
		fflush(stdout);
	}
	delscreen(scr);
	scr = NULL;
	if (tty_in)
		fclose(tty_in);
	tty_in = NULL;
}

bool screen_should_quit(void)
{
	return quit_flag != 0;
}

int screen_quit_signal(void)
{
	return (int)quit_flag;
}

void screen_suspend(void)
{
	void (*old)(int);

	screen_pause();
	/* raw mode: Ctrl-Z is a key, so stop the job ourselves, with the
	 * signal the terminal would send: unlike SIGSTOP, the kernel drops
	 * it when no shell is left to continue us (an orphaned group). */
	old = signal(SIGTSTP, SIG_DFL);
	kill(0, SIGTSTP);
	signal(SIGTSTP, old);
	/* Back from fg: redraw everything, and turn drag reporting (1002)
	 * back on, which curses's own mouse resume does not. */
	screen_resume();
}

void screen_pause(void)
{
	if (use_mouse) {
		mousemask(0, NULL);
		fputs(MOUSE_OFF, stdout);
		fflush(stdout);
	}
	def_prog_mode();
	endwin();
}

void screen_resume(void)
{
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	/* After the refresh: coming back from endwin, curses turns its own
	 * mouse mode (1000) back on, which would replace 1002. */
	if (use_mouse)
		enable_mouse();
}

int screen_rows(void)
{
	return LINES;
}

int screen_cols(void)
{
	return COLS;
}

static attr_t look_attr(struct look k, short *pair)
{
	attr_t a = A_NORMAL;

	if (k.bold)
		a |= A_BOLD;
	if (k.italic)
		a |= use_color ? A_ITALIC : A_UNDERLINE;
	if (k.underline)
		a |= A_UNDERLINE;
	if (k.dim)
		a |= A_DIM;
	if (k.reverse)
		a |= A_REVERSE;
	*pair = 0;
	if (k.hl >= 0) {
		if (use_color)
			*pair = (short)(HL_PAIR + k.hl % 5);
		else
			a |= A_UNDERLINE;
	} else if (use_color && k.fg != LOOK_DEFAULT) {
		*pair = (short)k.fg;
	}
	return a;
}

/* Add s[0..n), already safe, but with every code point whose width curses
 * (wcwidth) sees differently from glosa replaced, so that the two never
 * disagree on where the cursor is. Drawn as wide characters: ncurses's
 * own UTF-8 path converts byte by byte and costs most of a redraw.
 * Returns the columns used. */
static int add_safe(const char *s, size_t n, int maxw)
{
	wchar_t buf[256];
	size_t i = 0, k = 0;
	uint32_t prev = 0;
	int used = 0;

	while (i < n) {
		uint32_t uc;
		int len, w, cw;
		if (k + 4 >= sizeof buf / sizeof *buf) {
			addnwstr(buf, (int)k);
			k = 0;
		}
		if ((unsigned char)s[i] < 0x80) {
			if (used + 1 > maxw)
				break;
			prev = (unsigned char)s[i];
			buf[k++] = (wchar_t)s[i++];
			used++;
			continue;
		}
		len = text_decode(s + i, n - i, &uc);
		i += (size_t)len;
		if (text_drop_joiner(prev, uc))
			continue;
		prev = uc;
		w = text_uc_width(uc);
		if (used + w > maxw)
			break;
		cw = wcwidth((wchar_t)uc);
		if (cw != w) {
			if (w > 0)
				buf[k++] = 0xFFFD;
			for (cw = 1; cw < w; cw++)
				buf[k++] = L' ';
		} else {
			buf[k++] = (wchar_t)uc;
		}
		used += w;
	}
	if (k)
		addnwstr(buf, (int)k);
	return used;
}

/* One code point of safe text as a cell, with the same rules as
 * add_safe: a joiner curses would show is dropped, a zero-width code
 * point joins the cell before it (as curses would join it), and a code
 * point whose wcwidth differs from glosa's width becomes U+FFFD and
 * blanks. Returns the columns used, or -1 when it does not fit. */
static int cells_put(struct cells *out, const cchar_t *look, uint32_t uc, int room)
{
	int w = text_uc_width(uc), cw, i;
	cchar_t *c;

	if (w > room)
		return -1;
	cw = wcwidth((wchar_t)uc);
	if (w == 0) {
		/* Curses joins it to the cell before; with none, or no room
		 * left in that cell, it is dropped, as curses drops it. */
		if (cw == 0 && out->n > 0) {
			c = &out->c[out->n - 1];
			for (i = 1; i < CCHARW_MAX; i++) {
				if (c->chars[i] == 0) {
					c->chars[i] = (wchar_t)uc;
					break;
				}
			}
		}
		return 0;
	}
	c = &out->c[out->n++];
	*c = *look;
	if (cw == w) {
		c->chars[0] = (wchar_t)uc;
		return w;
	}
	c->chars[0] = 0xFFFD;
	for (i = 1; i < w; i++) {
		c = &out->c[out->n++];
		*c = *look;
	}
	return w;
}

/* The look of a segment as a blank cell; cells_put copies it and sets
 * the character. cchar_t's chars[] is public in ncurses's curses.h, and
 * filling it directly spares a setcchar call (a string scan) per cell. */
static void look_cell(cchar_t *cell, struct look k)
{
	short pair;
	attr_t a = look_attr(k, &pair);

	setcchar(cell, L" ", a, pair, NULL);
}

void screen_cells_from_rline(struct cells *out, const struct rline *r, int maxw)
{
	size_t i, j;
	int used = 0;

	/* Every cell takes at least one column: maxw cells are enough. */
	out->n = 0;
	if (maxw <= 0) {
		out->width = 0;
		return;
	}
	XGROW(out->c, out->cap, (size_t)maxw);
	for (i = 0; i < r->nsegs && used < maxw; i++) {
		const struct render_seg *s = &r->segs[i];
		const char *t = r->text.buf + s->off;
		uint32_t prev = 0; /* as add_safe: joiners are seen within a segment */
		cchar_t look;

		look_cell(&look, render_look(s->style, s->attr, s->mark, s->color));
		for (j = 0; j < s->len;) {
			uint32_t uc = (unsigned char)t[j];
			int w;
			if (uc < 0x80) { /* safe text: printable ASCII, one column */
				if (used + 1 > maxw)
					goto full;
				out->c[out->n] = look;
				out->c[out->n++].chars[0] = (wchar_t)uc;
				used++;
				prev = uc;
				j++;
				continue;
			}
			j += (size_t)text_decode(t + j, s->len - j, &uc);
			if (text_drop_joiner(prev, uc))
				continue;
			prev = uc;
			w = cells_put(out, &look, uc, maxw - used);
			if (w < 0)
				goto full;
			used += w;
		}
	}
full:
	out->width = used;
}

void cells_release(struct cells *c)
{
	free(c->c);
	*c = (struct cells)CELLS_INIT;
}

void screen_draw_cells(int y, int x, const struct cells *c)
{
	move(y, 0);
	clrtoeol();
	if (c->n)
		mvadd_wchnstr(y, x, c->c, (int)c->n);
}

void screen_scroll(int top, int bottom, int n)
{
	scrollok(stdscr, TRUE);
	wsetscrreg(stdscr, top, bottom);
	wscrl(stdscr, n);
	/* Off again: with scrolling on, writing the last cell of the region's
	 * bottom row would scroll it. */
	wsetscrreg(stdscr, 0, LINES - 1);
	scrollok(stdscr, FALSE);
}

void screen_draw_rline(int y, int x, const struct rline *r, int maxw)
{
	struct cells c = CELLS_INIT;

	screen_cells_from_rline(&c, r, maxw);
	if (c.n)
		mvadd_wchnstr(y, x, c.c, (int)c.n);
	cells_release(&c);
}

int screen_draw_text(int y, int x, const char *s, size_t n, uint8_t style,
                     bool reverse, int maxw)
{
	struct strbuf sb = STRBUF_INIT;
	struct look k = render_look(style, 0, 0, MARK_NO_COLOR);
	short pair;
	attr_t a;
	int used;

	if (maxw <= 0)
		return 0;
	text_sanitize_terminal(&sb, s, n);
	if (reverse)
		k.reverse = !k.reverse;
	a = look_attr(k, &pair);
	move(y, x);
	attr_set(a, pair, NULL);
	used = add_safe(sb.buf, sb.len, maxw);
	attr_set(A_NORMAL, 0, NULL);
	strbuf_release(&sb);
	return used;
}

void screen_fill(int y, int x, int w, bool reverse)
{
	cchar_t blank;

	if (w <= 0)
		return;
	/* One call for the row, not a waddch per column. */
	setcchar(&blank, L" ", reverse ? A_REVERSE : A_NORMAL, 0, NULL);
	mvhline_set(y, x, &blank, w);
	move(y, x + w < COLS ? x + w : COLS - 1);
}
