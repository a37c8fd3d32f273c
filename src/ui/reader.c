#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/text.h"
#include "glosa/xalloc.h"
#include "ui.h"

#define MIN_COLS 20
#define MIN_ROWS 5
#define WHEEL_LINES 3
/* Bytes of the article folded per idle step: well under a millisecond
 * on an idle machine, so a key typed meanwhile waits at most that. */
#define IDLE_FOLD_BYTES (128 * 1024)

void reader_init(struct reader *r, const struct article *a, int want_width,
                 struct notebook *nb)
{
	memset(r, 0, sizeof *r);
	r->a = a;
	r->nb = nb;
	r->want_col = -1;
	r->want_width = want_width;
	r->layout = layout_new(a, want_width);
	r->message = (struct strbuf)STRBUF_INIT;
	r->prompt.text = (struct strbuf)STRBUF_INIT;
	r->cache = rowcache_new();
	r->status_sig = (struct strbuf)STRBUF_INIT;
}

void reader_release(struct reader *r)
{
	layout_free(r->layout);
	search_index_free(r->index);
	strbuf_release(&r->message);
	prompt_release(&r->prompt);
	rowcache_free(r->cache);
	free(r->shown);
	strbuf_release(&r->status_sig);
	free(r->pattern);
	free(r->last_typed);
}

void reader_say(struct reader *r, bool error, const char *fmt, ...)
{
	va_list ap;

	strbuf_reset(&r->message);
	va_start(ap, fmt);
	strbuf_vaddf(&r->message, fmt, ap);
	va_end(ap);
	r->message_error = error;
}

static int lpos_cmp(struct lpos x, struct lpos y)
{
	if (x.unit != y.unit)
		return x.unit < y.unit ? -1 : 1;
	return x.line < y.line ? -1 : x.line > y.line;
}

/* The top line that puts the article's last line on the bottom row. */
static struct lpos max_top(struct reader *r)
{
	struct lpos p = layout_last(r->layout);
	layout_move(r->layout, &p, -(long)(r->text_rows - 1));
	return p;
}

/* Scrolling down stops when the last line reaches the bottom row. A jump
 * (a section, a match) may put its target at the top even nearer the end,
 * leaving blank rows; from there scrolling down does nothing and scrolling
 * up works as usual. */
static void scroll_by(struct reader *r, long delta)
{
	struct lpos old = r->top, m;

	layout_move(r->layout, &r->top, delta);
	if (delta <= 0)
		return;
	m = max_top(r);
	if (lpos_cmp(r->top, m) > 0)
		r->top = lpos_cmp(old, m) > 0 ? old : m;
}

bool reader_row_line(struct reader *r, int y, struct lpos *p)
{
	*p = r->top;
	return layout_move(r->layout, p, y) == y;
}

void reader_show_line(struct reader *r, struct lpos p)
{
	struct lpos bottom = r->top;

	layout_move(r->layout, &bottom, r->text_rows - 1);
	if (lpos_cmp(p, r->top) < 0) {
		r->top = p;
	} else if (lpos_cmp(p, bottom) > 0) {
		r->top = p;
		layout_move(r->layout, &r->top, -(long)(r->text_rows - 1));
	}
}

void reader_resize(struct reader *r, int rows, int cols)
{
	int w = r->want_width;
	struct lpos old = r->top;
	const struct layout_line *ln;
	uint32_t byte = 0;
	bool text_line;

	r->rows = rows;
	r->cols = cols;
	/* Curses resized (or will redraw) the screen: trust none of its rows. */
	reader_forget_screen(r);
	r->too_small = cols < MIN_COLS || rows < MIN_ROWS;
	r->text_rows = rows - 1 > 1 ? rows - 1 : 1;
	/* Two columns each side: the right one holds the note markers. */
	if (w > cols - 4)
		w = cols - 4;
	if (w < 1)
		w = 1;
	r->left = (cols - w) / 2;
	if (r->left < 0)
		r->left = 0;
	if (w == layout_width(r->layout))
		return;
	/* Keep the passage at the top: remember its first byte, reflow, find it. */
	ln = layout_line_at(r->layout, old);
	text_line = ln->kind == LINE_TEXT || ln->kind == LINE_CODE;
	if (text_line)
		byte = ln->start;
	layout_set_width(r->layout, w);
	if (text_line)
		r->top = layout_find(r->layout, old.unit, byte);
	else
		r->top = (struct lpos){ old.unit, 0 };
}

uint32_t reader_current_section(struct reader *r)
{
	return r->a->units[r->top.unit].section;
}

void reader_goto_section(struct reader *r, uint32_t s)
{
	if (r->a->sections[s].preamble) { /* no heading: the top of the article */
		r->top = (struct lpos){ 0, 0 };
		return;
	}
	r->top = layout_find(r->layout, r->a->sections[s].unit, 0);
}

/* ---- search ---- */

static void show_match(struct reader *r, const struct search_match *m)
{
	struct lpos line = layout_find(r->layout, m->unit, m->start);
	struct lpos bottom = r->top;

	layout_move(r->layout, &bottom, r->text_rows - 1);
	r->current = *m;
	r->has_current = true;
	if (r->caret_mode && r->a->units[m->unit].kind == UNIT_BLOCK)
		r->caret = (struct caret){ m->unit, m->start };
	if (lpos_cmp(line, r->top) >= 0 && lpos_cmp(line, bottom) <= 0)
		return;
	r->top = line;
}

static void set_pattern(struct reader *r, const char *typed, size_t n)
{
	free(r->pattern);
	r->pattern = NULL;
	r->pattern_len = 0;
	r->has_current = false;
	if (n == 0)
		return;
	r->pattern = search_fold(typed, n, &r->pattern_len);
	if (r->pattern_len == 0) {
		free(r->pattern);
		r->pattern = NULL;
	}
}

/* Search from the top of the screen (or from the current match when it
 * is on screen) in one direction, and show what is found. */
static void search_step(struct reader *r, bool forward, struct lpos from, bool from_match)
{
	struct search_match m;
	bool wrapped = false;
	uint32_t unit, byte;

	if (!r->pattern) {
		reader_say(r, true, "No search pattern");
		return;
	}
	if (!r->index)
		r->index = search_index_new(r->a);
	if (from_match) {
		unit = r->current.unit;
		byte = forward ? r->current.end : r->current.start;
	} else {
		unit = from.unit;
		byte = layout_line_byte(r->layout, from);
	}
	if (!search_find(r->index, r->pattern, r->pattern_len, unit, byte, forward, &m, &wrapped)) {
		r->has_current = false;
		reader_say(r, true, "Pattern not found: %s", r->prompt.text.buf);
		return;
	}
	show_match(r, &m);
	if (wrapped)
		reader_say(r, false, forward ? "Search wrapped to the top"
		                             : "Search wrapped to the bottom");
}

/* Forward from (unit, byte), as typing a longer pattern does. */
static void search_from(struct reader *r, uint32_t unit, uint32_t byte)
{
	struct search_match m;
	bool wrapped = false;

	if (!r->index)
		r->index = search_index_new(r->a);
	if (!search_find(r->index, r->pattern, r->pattern_len, unit, byte, true, &m, &wrapped)) {
		r->has_current = false;
		reader_say(r, true, "Pattern not found: %s", r->prompt.text.buf);
		return;
	}
	show_match(r, &m);
	if (wrapped)
		reader_say(r, false, "Search wrapped to the top");
}

static bool current_visible(struct reader *r)
{
	struct lpos line, bottom = r->top;

	if (!r->has_current)
		return false;
	line = layout_find(r->layout, r->current.unit, r->current.start);
	layout_move(r->layout, &bottom, r->text_rows - 1);
	return lpos_cmp(line, r->top) >= 0 && lpos_cmp(line, bottom) <= 0;
}

static int search_typing_key(struct reader *r, int ch, bool is_key)
{
	switch (prompt_key(&r->prompt, ch, is_key)) {
	case PROMPT_NONE:
		break;
	case PROMPT_CHANGED: {
		/* A longer pattern's first match cannot come before its prefix's:
		 * go on from there instead of searching the article again. */
		bool grew = r->has_current && !r->message.len && r->pattern &&
		            r->typed_len && r->prompt.text.len > r->typed_len;
		struct search_match from = r->current;
		strbuf_reset(&r->message);
		r->top = r->search_origin;
		set_pattern(r, r->prompt.text.buf, r->prompt.text.len);
		r->typed_len = r->prompt.text.len;
		if (r->pattern && grew) {
			r->current = from;
			r->has_current = true;
			search_from(r, from.unit, from.start);
		} else if (r->pattern) {
			search_step(r, true, r->search_origin, false);
		}
		break;
	}
	case PROMPT_ACCEPT:
		if (r->prompt.text.len == 0 && r->last_typed) {
			/* An empty pattern repeats the last one, as in less and vi. */
			strbuf_addstr(&r->prompt.text, r->last_typed);
			set_pattern(r, r->last_typed, strlen(r->last_typed));
			search_step(r, true, r->search_origin, false);
		} else if (r->prompt.text.len) {
			free(r->last_typed);
			r->last_typed = xstrdup(r->prompt.text.buf);
		}
		r->search = r->pattern ? SEARCH_ACTIVE : SEARCH_OFF;
		curs_set(0);
		break;
	case PROMPT_CANCEL:
		/* Back to where the search began, the last pattern kept for n. */
		r->top = r->search_origin;
		set_pattern(r, r->last_typed ? r->last_typed : "",
		            r->last_typed ? strlen(r->last_typed) : 0);
		prompt_reset(&r->prompt);
		if (r->last_typed)
			strbuf_addstr(&r->prompt.text, r->last_typed);
		r->search = SEARCH_OFF;
		strbuf_reset(&r->message);
		curs_set(0);
		break;
	}
	return UI_REDRAW;
}

/* ---- keys ---- */

/* ] and [: O(1) from the section the top line belongs to, so that an
 * article with a hundred thousand sections answers as fast as the tour. */
static void next_section(struct reader *r, bool forward)
{
	const struct article *a = r->a;
	uint32_t cur = reader_current_section(r), found = ARTICLE_NONE;

	if (a->nsections == 0)
		return;
	if (forward) {
		uint32_t next = cur == ARTICLE_NONE ? 0 : cur + 1;
		if (next < a->nsections && a->sections[next].preamble)
			next++; /* no heading to go to: the next one's */
		if (next < a->nsections)
			found = next;
	} else if (cur != ARTICLE_NONE) {
		struct lpos h = layout_find(r->layout, a->sections[cur].unit, 0);
		if (lpos_cmp(h, r->top) < 0)
			found = cur;  /* back to the start of this section */
		else if (cur > 0)
			found = cur - 1;
	}
	if (found == ARTICLE_NONE) {
		reader_say(r, false, forward ? "No next section" : "No previous section");
		return;
	}
	reader_goto_section(r, found);
	if (r->caret_mode) {
		uint32_t u = motion_block_unit(a, a->sections[found].unit, true);
		if (u != ARTICLE_NONE) {
			r->caret = (struct caret){ u, 0 };
			caret_follow(r);
		}
	}
}

int reader_key(struct reader *r, int ch, bool is_key)
{
	long page = r->text_rows > 1 ? r->text_rows - 1 : 1;

	int what;

	if (r->search == SEARCH_TYPING)
		return search_typing_key(r, ch, is_key);
	strbuf_reset(&r->message);
	if (r->caret_mode && (what = caret_key(r, ch, is_key)) != UI_NONE)
		return what;
	if (!is_key && (what = caret_history_key(r, ch)) != UI_NONE)
		return what;
	if (!is_key && ch == 'v' && r->nb) {
		caret_enter(r);
		return UI_REDRAW;
	}
	if (is_key) {
		switch (ch) {
		case KEY_DOWN:  scroll_by(r, 1); break;
		case KEY_UP:    scroll_by(r, -1); break;
		case KEY_NPAGE: scroll_by(r, page); break;
		case KEY_PPAGE: scroll_by(r, -page); break;
		case KEY_HOME:  r->top = (struct lpos){ 0, 0 }; break;
		case KEY_END:   r->top = max_top(r); break;
		case KEY_F(1):  return UI_OPEN_HELP;
		case KEY_ENTER: scroll_by(r, 1); break;
		default:        return UI_NONE;
		}
		return UI_REDRAW;
	}
	switch (ch) {
	case 'j': case 14: case 5: case '\r': case '\n':
		scroll_by(r, 1);
		break;
	case 'k': case 16: case 25:
		scroll_by(r, -1);
		break;
	case ' ': case 'f': case 6:
		scroll_by(r, page);
		break;
	case 'b': case 2:
		scroll_by(r, -page);
		break;
	case 4:
		scroll_by(r, (r->text_rows + 1) / 2);
		break;
	case 21:
		scroll_by(r, -(long)((r->text_rows + 1) / 2));
		break;
	case 'g': case '<':
		r->top = (struct lpos){ 0, 0 };
		break;
	case 'G': case '>':
		r->top = max_top(r);
		break;
	case ']':
		next_section(r, true);
		break;
	case '[':
		next_section(r, false);
		break;
	case 't': case '\t':
		return UI_OPEN_TOC;
	case 'H':
		return r->nb ? UI_OPEN_HIGHLIGHTS : UI_NONE;
	case 'L':
		return UI_OPEN_LIBRARY;
	case '?':
		return UI_OPEN_HELP;
	case '/':
		r->typed_len = 0;
		r->search = SEARCH_TYPING;
		r->search_origin = r->top;
		prompt_reset(&r->prompt);
		set_pattern(r, "", 0);
		break;
	case 'n':
	case 'N':
		if (r->pattern)
			r->search = SEARCH_ACTIVE;
		search_step(r, ch == 'n', r->top, current_visible(r));
		break;
	case 27:
		/* Hide the marks; n and N still know the pattern. */
		r->search = SEARCH_OFF;
		break;
	case 12:
		/* Repaint everything from the article, not from what is kept:
		 * the terminal, the screen's rows and the rendered rows. */
		clearok(curscr, TRUE);
		rowcache_clear(r->cache);
		reader_forget_screen(r);
		break;
	case 3:
		reader_say(r, false, "Type q to quit");
		break;
	case 'q': case 'Q':
		return UI_QUIT;
	default:
		return UI_NONE;
	}
	return UI_REDRAW;
}

bool reader_idle(struct reader *r)
{
	/* The search index, folded a step at a time while no key waits, so
	 * that the first search finds it ready on a long article. */
	if (!r->index)
		r->index = search_index_new(r->a);
	return !search_index_step(r->index, IDLE_FOLD_BYTES);
}

void reader_wheel(struct reader *r, int notches)
{
	strbuf_reset(&r->message);
	scroll_by(r, (long)notches * WHEEL_LINES);
}

/* ---- drawing ---- */

unsigned reader_percent(struct reader *r)
{
	const struct article *a = r->a;
	struct lpos bottom = r->top, next;
	uint64_t total = a->unit_bytes[a->nunits], done;

	layout_move(r->layout, &bottom, r->text_rows - 1);
	next = bottom;
	if (total == 0 || layout_move(r->layout, &next, 1) == 0)
		return 100;
	done = a->unit_bytes[next.unit] + layout_line_byte(r->layout, next);
	if (next.unit != bottom.unit) /* the next line starts a new unit */
		done = a->unit_bytes[next.unit];
	return (unsigned)(done * 100 / total);
}

/* Has the status line anything new to show? Everything it shows is
 * named in sig: the width, the percentage, the section, and the message
 * or the caret's status. */
static bool status_changed(struct reader *r, const char *pct, uint32_t s, const struct strbuf *st)
{
	struct strbuf sig = STRBUF_INIT;
	bool changed;

	strbuf_addf(&sig, "%d|%s|%u|%d|", r->cols, pct, (unsigned)s, (int)r->caret_mode);
	strbuf_add(&sig, r->message.buf, r->message.len);
	strbuf_addstr(&sig, "|");
	strbuf_add(&sig, st->buf, st->len);
	changed = !r->status_valid || sig.len != r->status_sig.len ||
	          memcmp(sig.buf, r->status_sig.buf, sig.len) != 0;
	strbuf_release(&r->status_sig);
	r->status_sig = sig;
	r->status_valid = true;
	return changed;
}

static void draw_status(struct reader *r)
{
	const struct article *a = r->a;
	int y = r->rows - 1, x = 0, cols = r->cols;
	char pct[16];
	int pw;
	uint32_t s;
	struct strbuf st = STRBUF_INIT;

	if (r->search == SEARCH_TYPING) {
		prompt_draw(&r->prompt, "/", r->message.buf, y);
		r->status_valid = false;
		return;
	}
	snprintf(pct, sizeof pct, " %u%% ", reader_percent(r));
	pw = (int)strlen(pct);
	s = reader_current_section(r);
	if (!r->message.len && r->caret_mode)
		caret_status(r, &st);
	if (!status_changed(r, pct, s, &st)) {
		strbuf_release(&st);
		return;
	}
	screen_fill(y, 0, cols, true);
	if (!r->message.len && r->caret_mode) {
		x += screen_draw_text(y, 1, st.buf, st.len, STYLE_TEXT, true, cols - pw - 2);
	} else if (r->message.len) {
		x += screen_draw_text(y, 1, r->message.buf, r->message.len, STYLE_TEXT,
		                      true, cols - pw - 2);
	} else {
		x = 1;
		x += screen_draw_text(y, x, article_str(a, a->title), a->title.len,
		                      STYLE_TEXT, true, cols - pw - 2);
		if (article_section_has_heading(a, s) && x + 4 < cols - pw) {
			const struct section *sec = &a->sections[s];
			x += screen_draw_text(y, x, " │ ", 5, STYLE_TEXT, true, cols - pw - x);
			if (!article_section_own_number(a, sec)) {
				x += screen_draw_text(y, x, section_number(a, sec), sec->number_len,
				                      STYLE_TEXT, true, cols - pw - x);
				x += screen_draw_text(y, x, " ", 1, STYLE_TEXT, true, cols - pw - x);
			}
			x += screen_draw_text(y, x, article_str(a, sec->title), sec->title.len,
			                      STYLE_TEXT, true, cols - pw - x - 1);
		}
	}
	if (cols - pw > x)
		screen_draw_text(y, cols - pw, pct, (size_t)pw, STYLE_TEXT, true, pw);
	strbuf_release(&st);
}

/* Marks for unit u: highlights, then search matches, then the
 * selection and the caret. */
static size_t unit_marks(struct reader *r, uint32_t u, const struct highlight *const *near,
                         size_t nnear, struct render_mark **marks)
{
	struct search_match *m = NULL;
	size_t n = 0, cap = 0, nm, i;

	*marks = NULL;
	caret_marks(r, u, near, nnear, marks, &n, &cap);
	if (!r->pattern || r->search == SEARCH_OFF)
		return n;
	if (!r->index)
		r->index = search_index_new(r->a);
	nm = search_unit_matches(r->index, r->pattern, r->pattern_len, u, &m);
	XGROW(*marks, cap, n + nm);
	for (i = 0; i < nm; i++) {
		bool cur = r->has_current && r->current.unit == u &&
		           r->current.start == m[i].start;
		(*marks)[n++] = (struct render_mark){ m[i].start, m[i].end,
		                                      cur ? MARK_CURRENT : MARK_MATCH,
		                                      MARK_NO_COLOR };
	}
	free(m);
	return n;
}

/* What a text row of the screen shows: cells of the row cache (their
 * serial; SHOWN_BLANK past the article's end, SHOWN_UNKNOWN when not
 * known) at column left, and whether the note marker is drawn after. */
#define SHOWN_UNKNOWN 0
#define SHOWN_BLANK 1

struct shown_row {
	uint64_t serial;
	bool margin;
};

void reader_forget_screen(struct reader *r)
{
	r->shown_valid = false;
	r->status_valid = false;
}

/* A row as it should be: the line, its unit's marks (one array per unit
 * on screen), and its serial when the row cache already has it. */
struct want_row {
	struct lpos p;
	size_t marks;        /* index into the draw's unit marks */
	uint64_t serial;     /* SHOWN_UNKNOWN: not rendered yet */
	bool blank;
	bool margin;
};

struct unit_marks {
	uint32_t unit;
	struct render_mark *m;
	size_t n;
};

/* The rows the screen should show, as far as known without rendering:
 * first the lines, then the highlights that reach them (one pass over the
 * notebook), then each unit's marks and each row's margin from those. */
static void want_rows(struct reader *r, struct want_row *want, struct unit_marks *um,
                      size_t *num)
{
	const struct highlight **near;
	size_t nnear;
	struct lpos p = r->top;
	bool end = false;
	int y, last = 0, maxw = r->cols - r->left;

	for (y = 0; y < r->text_rows; y++) {
		struct want_row *w = &want[y];
		memset(w, 0, sizeof *w);
		w->blank = end;
		w->serial = end ? SHOWN_BLANK : SHOWN_UNKNOWN;
		if (end)
			continue;
		w->p = p;
		last = y;
		end = layout_move(r->layout, &p, 1) == 0;
	}
	nnear = caret_highlights_in(r, want[0].p.unit, want[last].p.unit, &near);
	*num = 0;
	for (y = 0; y <= last; y++) {
		struct want_row *w = &want[y];
		if (*num == 0 || um[*num - 1].unit != w->p.unit) {
			um[*num].unit = w->p.unit;
			um[*num].n = unit_marks(r, w->p.unit, near, nnear, &um[*num].m);
			(*num)++;
		}
		w->marks = *num - 1;
		w->margin = caret_margin_note(r, w->p, near, nnear);
		rowcache_peek(r->cache, r->layout, w->p, maxw, um[w->marks].m, um[w->marks].n,
		              &w->serial);
	}
	free(near);
}

/* When the rows wanted are the rows shown moved up or down (a line, half
 * a page), move them on the screen too: curses then scrolls the terminal,
 * and only the rows that come in are drawn. */
static void scroll_shown(struct reader *r, const struct want_row *want)
{
	int n = r->text_rows, k, y;

	for (k = 1; k < n; k++) {
		int d = 0;
		if (want[0].serial >= ROWCACHE_FIRST_SERIAL && r->shown[k].serial == want[0].serial)
			d = k;  /* the text moved up by k rows */
		else if (r->shown[0].serial >= ROWCACHE_FIRST_SERIAL &&
		         want[k].serial == r->shown[0].serial)
			d = -k; /* down by k */
		if (!d)
			continue;
		screen_scroll(0, n - 1, d);
		if (d > 0) {
			memmove(r->shown, r->shown + d, (size_t)(n - d) * sizeof *r->shown);
			for (y = n - d; y < n; y++)
				r->shown[y] = (struct shown_row){ SHOWN_UNKNOWN, false };
		} else {
			memmove(r->shown - d, r->shown, (size_t)(n + d) * sizeof *r->shown);
			for (y = 0; y < -d; y++)
				r->shown[y] = (struct shown_row){ SHOWN_UNKNOWN, false };
		}
		return;
	}
}

static void draw_row(struct reader *r, int y, const struct want_row *w,
                     const struct unit_marks *um)
{
	static const struct cells none = CELLS_INIT;
	const struct cells *c = &none;
	uint64_t serial = SHOWN_BLANK;

	if (!w->blank)
		c = rowcache_get(r->cache, r->layout, w->p, r->cols - r->left, um[w->marks].m,
		                 um[w->marks].n, &serial);
	screen_draw_cells(y, r->left, c);
	if (w->margin)
		caret_draw_margin(r, y);
	r->shown[y] = (struct shown_row){ serial, w->margin };
}

void reader_draw(struct reader *r)
{
	struct want_row *want;
	struct unit_marks *um;
	size_t num = 0, i;
	int y;

	if (r->too_small) {
		const char *notice = r->cols >= 18 ? "Terminal too small" : "Too small";
		erase();
		reader_forget_screen(r);
		screen_draw_text(0, 0, notice, strlen(notice), STYLE_TEXT, false, r->cols);
		return;
	}
	if (r->nshown != r->text_rows) {
		r->shown = xreallocarray(r->shown, (size_t)r->text_rows, sizeof *r->shown);
		r->nshown = r->text_rows;
		r->shown_valid = false;
	}
	if (!r->shown_valid) {
		erase();
		r->status_valid = false;
		for (y = 0; y < r->nshown; y++)
			r->shown[y] = (struct shown_row){ SHOWN_UNKNOWN, false };
		r->shown_valid = true;
	}
	want = xreallocarray(NULL, (size_t)r->text_rows, sizeof *want);
	um = xreallocarray(NULL, (size_t)r->text_rows, sizeof *um);
	want_rows(r, want, um, &num);
	scroll_shown(r, want);
	for (y = 0; y < r->text_rows; y++) {
		const struct want_row *w = &want[y];
		if (w->serial != SHOWN_UNKNOWN && r->shown[y].serial == w->serial &&
		    r->shown[y].margin == w->margin)
			continue;
		draw_row(r, y, w, um);
	}
	for (i = 0; i < num; i++)
		free(um[i].m);
	free(um);
	free(want);
	draw_status(r);
}
