#include "config.h"

#include <curses.h>
#include <string.h>
#include <unistr.h>

#include "glosa/text.h"
#include "ui.h"

void prompt_reset(struct prompt *p)
{
	strbuf_reset(&p->text);
	p->cursor = 0;
}

void prompt_release(struct prompt *p)
{
	strbuf_release(&p->text);
	p->cursor = 0;
}

static size_t prev_cp(const struct prompt *p, size_t i)
{
	const uint8_t *s = (const uint8_t *)p->text.buf;
	ucs4_t uc; /* u8_prev stores the code point here: never NULL */
	const uint8_t *q = i ? u8_prev(&uc, s + i, s) : NULL;
	return q ? (size_t)(q - s) : 0;
}

static size_t next_cp(const struct prompt *p, size_t i)
{
	uint32_t uc;
	if (i >= p->text.len)
		return p->text.len;
	return i + (size_t)text_decode(p->text.buf + i, p->text.len - i, &uc);
}

static void erase_range(struct prompt *p, size_t from, size_t to)
{
	memmove(p->text.buf + from, p->text.buf + to, p->text.len - to);
	strbuf_truncate(&p->text, p->text.len - (to - from));
	p->cursor = from;
}

static void insert_uc(struct prompt *p, uint32_t uc)
{
	struct strbuf tail = STRBUF_INIT;

	strbuf_add(&tail, p->text.buf + p->cursor, p->text.len - p->cursor);
	strbuf_truncate(&p->text, p->cursor);
	strbuf_add_uc(&p->text, uc);
	p->cursor = p->text.len;
	strbuf_add(&p->text, tail.buf, tail.len);
	strbuf_release(&tail);
}

enum prompt_result prompt_key(struct prompt *p, int ch, bool is_key)
{
	if (is_key) {
		switch (ch) {
		case KEY_LEFT:
			p->cursor = prev_cp(p, p->cursor);
			return PROMPT_NONE;
		case KEY_RIGHT:
			p->cursor = next_cp(p, p->cursor);
			return PROMPT_NONE;
		case KEY_HOME:
			p->cursor = 0;
			return PROMPT_NONE;
		case KEY_END:
			p->cursor = p->text.len;
			return PROMPT_NONE;
		case KEY_BACKSPACE:
			if (p->cursor == 0)
				return p->text.len == 0 ? PROMPT_CANCEL : PROMPT_NONE;
			erase_range(p, prev_cp(p, p->cursor), p->cursor);
			return PROMPT_CHANGED;
		case KEY_DC:
			if (p->cursor >= p->text.len)
				return PROMPT_NONE;
			erase_range(p, p->cursor, next_cp(p, p->cursor));
			return PROMPT_CHANGED;
		case KEY_ENTER:
			return PROMPT_ACCEPT;
		default:
			return PROMPT_NONE;
		}
	}
	switch (ch) {
	case '\r':
	case '\n':
		return PROMPT_ACCEPT;
	case 27:       /* Esc */
	case 3:        /* Ctrl-C */
	case 7:        /* Ctrl-G */
		return PROMPT_CANCEL;
	case 127:
	case 8:
		return prompt_key(p, KEY_BACKSPACE, true);
	case 1:        /* Ctrl-A */
		return prompt_key(p, KEY_HOME, true);
	case 5:        /* Ctrl-E */
		return prompt_key(p, KEY_END, true);
	case 2:        /* Ctrl-B */
		return prompt_key(p, KEY_LEFT, true);
	case 6:        /* Ctrl-F */
		return prompt_key(p, KEY_RIGHT, true);
	case 4:        /* Ctrl-D */
		return prompt_key(p, KEY_DC, true);
	case 21:       /* Ctrl-U: erase to the start */
		if (p->cursor == 0)
			return PROMPT_NONE;
		erase_range(p, 0, p->cursor);
		return PROMPT_CHANGED;
	case 23: {     /* Ctrl-W: erase the word before the cursor */
		size_t i = p->cursor;
		while (i > 0 && p->text.buf[i - 1] == ' ')
			i--;
		while (i > 0 && p->text.buf[i - 1] != ' ')
			i = prev_cp(p, i);
		if (i == p->cursor)
			return PROMPT_NONE;
		erase_range(p, i, p->cursor);
		return PROMPT_CHANGED;
	}
	}
	if (ch < 0x20 || ch == 0x7F || (ch >= 0x80 && ch < 0xA0) || ch > 0x10FFFF ||
	    text_uc_unsafe((uint32_t)ch))
		return PROMPT_NONE;
	insert_uc(p, (uint32_t)ch);
	return PROMPT_CHANGED;
}

void prompt_draw(const struct prompt *p, const char *lead, const char *note, int y)
{
	int cols = COLS, x, lead_w = (int)strlen(lead);
	size_t start = 0;
	int before, note_w = note && *note ? (int)text_width(note, strlen(note)) + 2 : 0;

	if (note_w > cols / 2)
		note_w = 0;
	cols -= note_w;
	/* Keep the cursor on screen: drop text from the left when needed. */
	while (start < p->cursor &&
	       lead_w + (int)text_width(p->text.buf + start, p->cursor - start) >= cols - 1)
		start = next_cp(p, start);
	move(y, 0);
	clrtoeol();
	if (note_w)
		screen_draw_text(y, cols + 1, note, strlen(note), STYLE_ATTRIB, false, note_w - 1);
	x = screen_draw_text(y, 0, lead, strlen(lead), STYLE_TEXT, false, cols);
	before = (int)text_width(p->text.buf + start, p->cursor - start);
	screen_draw_text(y, x, p->text.buf + start, p->text.len - start, STYLE_TEXT,
	                 false, cols - x);
	move(y, x + before < cols ? x + before : cols - 1);
	curs_set(1);
}
