#include "config.h"

#include <curses.h>
#include <string.h>

#include "glosa/text.h"
#include "ui.h"

/* The pane covers the left of the screen; its first row is a heading. */
#define TOC_HEAD 1

static void pane_size(struct toc *t, const struct reader *r)
{
	int w = r->cols / 2;

	if (w < 30)
		w = 30;
	if (w > 60)
		w = 60;
	if (w > r->cols)
		w = r->cols;
	t->width = w;
	t->rows = r->text_rows - TOC_HEAD;
	if (t->rows < 1)
		t->rows = 1;
}

static void keep_visible(struct toc *t)
{
	if (t->selected < t->scroll)
		t->scroll = t->selected;
	if (t->selected >= t->scroll + (uint32_t)t->rows)
		t->scroll = t->selected - (uint32_t)t->rows + 1;
}

void toc_open(struct toc *t, struct reader *r)
{
	uint32_t cur = reader_current_section(r);

	memset(t, 0, sizeof *t);
	t->current = cur;
	t->selected = cur == ARTICLE_NONE ? 0 : cur;
	pane_size(t, r);
	/* Open with the current section in the middle of the pane. */
	t->scroll = t->selected > (uint32_t)t->rows / 2 ? t->selected - (uint32_t)t->rows / 2 : 0;
	keep_visible(t);
}

/* A title that does not fit ends in an ellipsis rather than mid-word. */
static void draw_title(int y, int x, const struct article *a, const struct section *sec,
                       bool current, bool sel, int avail)
{
	const char *s = article_str(a, sec->title);
	uint8_t style = current ? STYLE_H3 : STYLE_TEXT;

	if ((int)text_width(s, sec->title.len) <= avail) {
		screen_draw_text(y, x, s, sec->title.len, style, sel, avail);
		return;
	}
	if (avail < 2)
		return;
	x += screen_draw_text(y, x, s, sec->title.len, style, sel, avail - 1);
	screen_draw_text(y, x, "…", 3, style, sel, 1);
}

void toc_draw(struct toc *t, const struct reader *r)
{
	const struct article *a = r->a;
	int y, x, w;

	pane_size(t, r);
	keep_visible(t);
	w = t->width - 1; /* the last column is the border */
	screen_fill(0, 0, w, true);
	screen_draw_text(0, 1, "Contents", 8, STYLE_TEXT, true, w - 1);
	for (y = 0; y < t->rows; y++) {
		uint32_t s = t->scroll + (uint32_t)y;
		int row = y + TOC_HEAD;
		bool sel = s == t->selected;
		screen_fill(row, 0, w, sel);
		if (s < a->nsections) {
			const struct section *sec = &a->sections[s];
			x = s == t->current ? screen_draw_text(row, 0, "▸", 3, STYLE_NUMBER, sel, w)
			                    : 1;
			x += 2 * (int)(sec->depth - 1);
			if (sec->preamble) /* the text before the first heading */
				screen_draw_text(row, x, article_str(a, a->title), a->title.len,
				                 s == t->current ? STYLE_H3 : STYLE_TEXT, sel, w - x);
			else if (article_section_own_number(a, sec))
				x--; /* its title says its number */
			else if (x < w)
				x += screen_draw_text(row, x, section_number(a, sec), sec->number_len,
				                      STYLE_NUMBER, sel, w - x);
			if (!sec->preamble && x + 1 < w)
				draw_title(row, x + 1, a, sec, s == t->current, sel, w - x - 1);
		}
	}
	for (y = 0; y < t->rows + TOC_HEAD; y++)
		screen_draw_text(y, w, "│", 3, STYLE_DECO, false, 1);
}

static int jump(struct toc *t, struct reader *r)
{
	if (t->selected < r->a->nsections)
		reader_goto_section(r, t->selected);
	return UI_CLOSE | UI_REDRAW;
}

int toc_key(struct toc *t, struct reader *r, int ch, bool is_key)
{
	uint32_t n = (uint32_t)r->a->nsections;
	uint32_t page = (uint32_t)(t->rows > 1 ? t->rows - 1 : 1);

	if (n == 0)
		return UI_CLOSE | UI_REDRAW;
	if (is_key && (ch = ch == KEY_RIGHT ? '\r' : ui_list_key(ch)) == 0)
		return UI_NONE;
	switch (ch) {
	case 'j': case 14:
		if (t->selected + 1 < n)
			t->selected++;
		break;
	case 'k': case 16:
		if (t->selected > 0)
			t->selected--;
		break;
	case ' ': case 'f': case 6: case 4:
		t->selected = t->selected + page < n ? t->selected + page : n - 1;
		break;
	case 'b': case 2: case 21:
		t->selected = t->selected > page ? t->selected - page : 0;
		break;
	case 'g': case '<':
		t->selected = 0;
		break;
	case 'G': case '>':
		t->selected = n - 1;
		break;
	case '\r': case '\n': case 'l':
		return jump(t, r);
	case 'q': case 'Q': case 27: case 't': case '\t': case 3:
		return UI_CLOSE | UI_REDRAW;
	default:
		return UI_NONE;
	}
	keep_visible(t);
	return UI_REDRAW;
}

int toc_click(struct toc *t, struct reader *r, int y, int x)
{
	uint32_t s;

	if (x >= t->width)
		return UI_CLOSE | UI_REDRAW;
	if (y < TOC_HEAD || y >= TOC_HEAD + t->rows)
		return UI_NONE;
	s = t->scroll + (uint32_t)(y - TOC_HEAD);
	if (s >= r->a->nsections)
		return UI_NONE;
	t->selected = s;
	return jump(t, r);
}
