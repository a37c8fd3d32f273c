#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unigbrk.h>

#include "glosa/text.h"
#include "glosa/xalloc.h"
#include "ui.h"

#define DOUBLE_CLICK_MS 400

static int caret_cmp(struct caret x, struct caret y)
{
	if (x.unit != y.unit)
		return x.unit < y.unit ? -1 : 1;
	return x.byte < y.byte ? -1 : x.byte > y.byte;
}

/* End of the grapheme at c (so that a range includes it). */
static uint32_t grapheme_end(const struct article *a, struct caret c)
{
	struct text_ref t = article_unit_text(a, c.unit);
	const uint8_t *s = (const uint8_t *)article_str(a, t);
	const uint8_t *p;

	if (c.byte >= t.len)
		return t.len;
	p = u8_grapheme_next(s + c.byte, s + t.len);
	return p ? (uint32_t)(p - s) : t.len;
}

/* The text from the selection's anchor to the caret, both characters
 * included (as in vim), without white space at its ends. Forward motions
 * grow a selection to the ends of words and sentences, so v ) v ) takes
 * exactly one sentence. */
static struct text_range selection(const struct reader *r)
{
	const struct article *a = r->a;
	struct caret lo = r->caret, hi = r->sel_anchor;
	const char *s;
	uint32_t end;

	if (caret_cmp(lo, hi) > 0) {
		lo = r->sel_anchor;
		hi = r->caret;
	}
	end = grapheme_end(a, hi);
	s = article_str(a, article_unit_text(a, hi.unit));
	while (end > 0 && (hi.unit != lo.unit || end > lo.byte) &&
	       (s[end - 1] == ' ' || s[end - 1] == '\n'))
		end--;
	s = article_str(a, article_unit_text(a, lo.unit));
	while ((lo.unit != hi.unit || lo.byte < end) &&
	       (s[lo.byte] == ' ' || s[lo.byte] == '\n'))
		lo.byte++;
	return (struct text_range){ lo.unit, lo.byte, hi.unit, end };
}

void caret_follow(struct reader *r)
{
	reader_show_line(r, layout_find(r->layout, r->caret.unit, r->caret.byte));
}

static bool caret_on_screen(struct reader *r)
{
	struct lpos p;
	int y;

	for (y = 0; y < r->text_rows && reader_row_line(r, y, &p); y++) {
		const struct layout_line *ln = layout_line_at(r->layout, p);
		if (p.unit == r->caret.unit && ln->start <= r->caret.byte &&
		    (r->caret.byte < ln->end || (ln->end == ln->start)))
			return true;
	}
	return false;
}

void caret_enter(struct reader *r)
{
	struct lpos p;
	int y;

	r->caret_mode = true;
	r->selecting = false;
	r->want_col = -1;
	if (!r->color)
		r->color = annot_colors[0];
	/* After a search, the caret starts on the match. */
	if (r->has_current && r->a->units[r->current.unit].kind == UNIT_BLOCK) {
		struct caret was = r->caret;
		r->caret = (struct caret){ r->current.unit, r->current.start };
		if (caret_on_screen(r)) {
			r->caret_set = true;
			return;
		}
		r->caret = was;
	}
	if (r->caret_set && caret_on_screen(r))
		return;
	for (y = 0; y < r->text_rows && reader_row_line(r, y, &p); y++) {
		const struct layout_line *ln = layout_line_at(r->layout, p);
		if (r->a->units[p.unit].kind == UNIT_BLOCK &&
		    (ln->kind == LINE_TEXT || ln->kind == LINE_CODE)) {
			r->caret = (struct caret){ p.unit, ln->start };
			r->caret_set = true;
			return;
		}
	}
	p.unit = motion_block_unit(r->a, r->top.unit, true);
	if (p.unit == ARTICLE_NONE)
		p.unit = motion_block_unit(r->a, r->top.unit, false);
	if (p.unit == ARTICLE_NONE) {
		r->caret_mode = false;
		reader_say(r, true, "Nothing here can be highlighted");
		return;
	}
	r->caret = (struct caret){ p.unit, 0 };
	r->caret_set = true;
	caret_follow(r);
}

static void leave(struct reader *r)
{
	r->caret_mode = false;
	r->selecting = false;
}

static long under_caret(struct reader *r)
{
	return r->nb ? notebook_at(r->nb, r->caret.unit, r->caret.byte) : -1;
}

static void report(struct reader *r, const char *done)
{
	if (r->nb->status[0])
		reader_say(r, true, "%s", r->nb->status);
	else
		reader_say(r, false, "%s", done);
}

/* Enter and a: the selection, or the sentence under the caret. */
static int make_highlight(struct reader *r, bool with_note)
{
	struct text_range t = r->selecting ? selection(r) : motion_sentence_at(r->a, r->caret);
	size_t i;

	if (t.su == t.eu && t.sb >= t.eb) {
		reader_say(r, true, "Nothing to highlight here");
		return UI_REDRAW;
	}
	for (i = 0; i < r->nb->set.n; i++) {
		const struct highlight *h = &r->nb->set.hl[i];
		if (!h->deleted && h->at.placed && h->at.su == t.su && h->at.sb == t.sb &&
		    h->at.eu == t.eu && h->at.eb == t.eb) {
			r->selecting = false;
			reader_say(r, false, "Already highlighted");
			if (!with_note)
				return UI_REDRAW;
			memcpy(r->edit_id, h->id, sizeof r->edit_id);
			return UI_REDRAW | UI_OPEN_EDITOR;
		}
	}
	i = notebook_add(r->nb, t, r->color);
	r->selecting = false;
	report(r, with_note ? "Highlighted; write the note" : "Highlighted");
	if (!with_note)
		return UI_REDRAW;
	memcpy(r->edit_id, r->nb->set.hl[i].id, sizeof r->edit_id);
	return UI_REDRAW | UI_OPEN_EDITOR;
}

static int on_highlight(struct reader *r, int ch)
{
	long i = under_caret(r);
	char msg[64];

	if (i < 0) {
		reader_say(r, true, "No highlight under the caret");
		return UI_REDRAW;
	}
	switch (ch) {
	case 'x':
		notebook_delete(r->nb, (size_t)i);
		report(r, "Highlight deleted (u undoes)");
		break;
	case 'c': {
		const char *next = notebook_next_color(r->nb->set.hl[i].color);
		notebook_set_color(r->nb, (size_t)i, next);
		snprintf(msg, sizeof msg, "Colour: %s", next);
		report(r, msg);
		break;
	}
	case 'e':
	case 'E':
		memcpy(r->edit_id, r->nb->set.hl[i].id, sizeof r->edit_id);
		return UI_REDRAW | (ch == 'e' ? UI_OPEN_EDITOR : UI_EXTERNAL_EDITOR);
	case 'T':
		memcpy(r->edit_id, r->nb->set.hl[i].id, sizeof r->edit_id);
		return UI_REDRAW | UI_OPEN_TAGS;
	}
	return UI_REDRAW;
}

static int pick_color(struct reader *r, int k)
{
	const char *c = annot_colors[k];
	long i = r->selecting ? -1 : under_caret(r);

	if (i >= 0) {
		notebook_set_color(r->nb, (size_t)i, c);
		reader_say(r, false, "Colour: %s", c);
		if (r->nb->status[0])
			reader_say(r, true, "%s", r->nb->status);
	} else {
		r->color = c;
		reader_say(r, false, "Colour for new highlights: %s", c);
	}
	return UI_REDRAW;
}

int caret_history_key(struct reader *r, int ch)
{
	if (!r->nb)
		return UI_NONE;
	if (ch == 'u') {
		if (notebook_undo(r->nb))
			report(r, "Undone");
		else
			reader_say(r, true, "Nothing to undo");
		return UI_REDRAW;
	}
	if (ch == 18) { /* Ctrl-R */
		if (notebook_redo(r->nb))
			report(r, "Redone");
		else
			reader_say(r, true, "Nothing to redo");
		return UI_REDRAW;
	}
	return UI_NONE;
}

static int motion_key(struct reader *r, int ch)
{
	const struct article *a = r->a;
	struct caret c = r->caret;
	long page = r->text_rows > 2 ? r->text_rows - 2 : 1;
	bool moved = true, keep_col = false;
	uint32_t u;

	if (r->want_col < 0)
		r->want_col = motion_column(r->layout, r->caret);
	/* Selecting forward from the anchor, motions go to ends. */
	bool to_end = r->selecting && caret_cmp(r->caret, r->sel_anchor) >= 0;

	switch (ch) {
	case 'h': moved = motion_char(a, &c, false); break;
	case 'l': moved = motion_char(a, &c, true); break;
	case 'w': moved = to_end ? motion_word_end(a, &c) : motion_word(a, &c, true); break;
	case 'b': moved = motion_word(a, &c, false); break;
	case ')':
		moved = to_end ? motion_sentence_end(a, &c) : motion_sentence(a, &c, true);
		break;
	case '(': moved = motion_sentence(a, &c, false); break;
	case '}': moved = to_end ? motion_block_end(a, &c) : motion_block(a, &c, true); break;
	case '{': moved = motion_block(a, &c, false); break;
	case 'j':
		moved = motion_line(r->layout, &c, 1, r->want_col);
		keep_col = true;
		break;
	case 'k':
		moved = motion_line(r->layout, &c, -1, r->want_col);
		keep_col = true;
		break;
	case ' ': case 'f': case 6:
		moved = motion_line(r->layout, &c, page, r->want_col);
		keep_col = true;
		break;
	case 2:
		moved = motion_line(r->layout, &c, -page, r->want_col);
		keep_col = true;
		break;
	case '0': motion_line_edge(r->layout, &c, false); break;
	case '$': motion_line_edge(r->layout, &c, true); break;
	case 'g':
		u = motion_block_unit(a, 0, true);
		if (u != ARTICLE_NONE)
			c = (struct caret){ u, 0 };
		break;
	case 'G':
		u = motion_block_unit(a, (uint32_t)a->nunits - 1, false);
		if (u != ARTICLE_NONE)
			c = (struct caret){ u, 0 };
		break;
	default:
		return UI_NONE;
	}
	if (!moved)
		reader_say(r, false, ch == 'j' || ch == 'w' || ch == ')' || ch == '}' || ch == 'l'
		                     ? "At the end" : "At the start");
	r->caret = c;
	if (!keep_col)
		r->want_col = -1;
	caret_follow(r);
	return UI_REDRAW;
}

int caret_key(struct reader *r, int ch, bool is_key)
{
	if (is_key) {
		switch (ch) {
		case KEY_LEFT:  ch = 'h'; break;
		case KEY_RIGHT: ch = 'l'; break;
		case KEY_DOWN:  ch = 'j'; break;
		case KEY_UP:    ch = 'k'; break;
		case KEY_HOME:  ch = '0'; break;
		case KEY_END:   ch = '$'; break;
		case KEY_NPAGE: ch = ' '; break;
		case KEY_PPAGE: ch = 2; break;
		case KEY_ENTER: ch = '\r'; break;
		default:        return UI_NONE;
		}
	}
	switch (ch) {
	case 27:
		leave(r);
		return UI_REDRAW;
	case 'v':
		r->selecting = !r->selecting;
		r->sel_anchor = r->caret;
		return UI_REDRAW;
	case 'o':
		if (r->selecting) {
			struct caret t = r->caret;
			r->caret = r->sel_anchor;
			r->sel_anchor = t;
			caret_follow(r);
		}
		return UI_REDRAW;
	case '\r': case '\n':
		return make_highlight(r, false);
	case 'a':
		return make_highlight(r, true);
	case 'x': case 'c': case 'e': case 'E': case 'T':
		return on_highlight(r, ch);
	case '1': case '2': case '3': case '4': case '5':
		return pick_color(r, ch - '1');
	}
	return motion_key(r, ch);
}

static int color_index(const char *c)
{
	int i;

	for (i = 0; i < ANNOT_NCOLORS; i++)
		if (c && strcmp(c, annot_colors[i]) == 0)
			return i;
	return MARK_NO_COLOR;
}

static void push_mark(struct render_mark **marks, size_t *n, size_t *cap,
                      struct render_mark m)
{
	XGROW(*marks, *cap, *n + 1);
	(*marks)[(*n)++] = m;
}

/* The part of range t inside unit u, false if none. */
static bool clip_to_unit(const struct article *a, uint32_t u, uint32_t su, uint32_t sb,
                         uint32_t eu, uint32_t eb, uint32_t *s, uint32_t *e)
{
	if (u < su || u > eu)
		return false;
	*s = u == su ? sb : 0;
	*e = u == eu ? eb : article_unit_text(a, u).len;
	return *s < *e || (su == eu && sb == eb);
}

static int by_created(const void *x, const void *y)
{
	const struct highlight *const *a = x, *const *b = y;
	return strcmp((*a)->created, (*b)->created);
}

size_t caret_highlights_in(struct reader *r, uint32_t lo, uint32_t hi,
                           const struct highlight ***out)
{
	const struct highlight **hs = NULL;
	size_t nh = 0, cap = 0, i;

	*out = NULL;
	if (!r->nb)
		return 0;
	for (i = 0; i < r->nb->set.n; i++) {
		const struct highlight *h = &r->nb->set.hl[i];
		if (h->deleted || !h->at.placed || h->at.eu < lo || h->at.su > hi)
			continue;
		XGROW(hs, cap, nh + 1);
		hs[nh++] = h;
	}
	*out = hs;
	return nh;
}

void caret_marks(struct reader *r, uint32_t u, const struct highlight *const *near, size_t nnear,
                 struct render_mark **marks, size_t *n, size_t *cap)
{
	const struct highlight **hs = NULL;
	size_t nh = 0, i;
	uint32_t s, e;

	for (i = 0; i < nnear; i++) {
		const struct highlight *h = near[i];
		if (u < h->at.su || u > h->at.eu)
			continue;
		hs = xreallocarray(hs, nh + 1, sizeof *hs);
		hs[nh++] = h;
	}
	if (nh > 1)
		qsort(hs, nh, sizeof *hs, by_created);
	for (i = 0; i < nh; i++) {
		const struct hl_place *p = &hs[i]->at;
		if (clip_to_unit(r->a, u, p->su, p->sb, p->eu, p->eb, &s, &e))
			push_mark(marks, n, cap, (struct render_mark){
				s, e, MARK_HIGHLIGHT, (uint8_t)color_index(hs[i]->color) });
	}
	free(hs);
	if (!r->caret_mode)
		return;
	if (r->selecting) {
		struct text_range t = selection(r);
		if (clip_to_unit(r->a, u, t.su, t.sb, t.eu, t.eb, &s, &e))
			push_mark(marks, n, cap, (struct render_mark){ s, e, MARK_SELECTION,
			                                               MARK_NO_COLOR });
	}
	if (r->caret.unit == u) {
		uint32_t end = grapheme_end(r->a, r->caret);
		push_mark(marks, n, cap, (struct render_mark){ r->caret.byte, end, MARK_CARET,
		                                               MARK_NO_COLOR });
	}
}

bool caret_margin_note(struct reader *r, struct lpos p, const struct highlight *const *near,
                       size_t nnear)
{
	const struct layout_line *ln = layout_line_at(r->layout, p);
	int x = r->left + layout_width(r->layout) + 1;
	size_t i;

	if (!r->nb || x >= r->cols || (ln->kind != LINE_TEXT && ln->kind != LINE_CODE))
		return false;
	for (i = 0; i < nnear; i++) {
		const struct highlight *h = near[i];
		if (!h->note || !*h->note || h->at.eu != p.unit)
			continue;
		if (h->at.eb > ln->start && h->at.eb <= ln->end + 1)
			return true;
	}
	return false;
}

void caret_draw_margin(struct reader *r, int y)
{
	int x = r->left + layout_width(r->layout) + 1;

	screen_draw_text(y, x, "✎", 3, STYLE_NUMBER, false, r->cols - x);
}

/* The link under the caret, if any: its span. Spans are sorted and
 * disjoint, so a binary search finds it in any length of text. */
static const struct span *link_under_caret(const struct reader *r)
{
	const struct article *a = r->a;
	struct text_ref t = article_unit_text(a, r->caret.unit);
	const struct span *sp = article_spans(a, t);
	size_t lo = 0, hi = t.span_count;

	if (!sp)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sp[mid].end <= r->caret.byte)
			lo = mid + 1;
		else if (sp[mid].start > r->caret.byte)
			hi = mid;
		else
			return sp[mid].attr & SPAN_LINK && sp[mid].url_len ? &sp[mid] : NULL;
	}
	return NULL;
}

void caret_status(struct reader *r, struct strbuf *out)
{
	const struct span *link;

	long i;

	if (!r->caret_mode)
		return;
	strbuf_addf(out, "%s %s", r->selecting ? "-- SELECT --" : "-- CARET --",
	            r->color ? r->color : annot_colors[0]);
	i = under_caret(r);
	if (i >= 0) {
		const struct highlight *h = &r->nb->set.hl[i];
		strbuf_addf(out, " │ highlight (%s)", h->color ? h->color : "?");
		if (h->note && *h->note) {
			strbuf_addstr(out, ": ");
			strbuf_add(out, h->note, strcspn(h->note, "\n"));
		}
	} else if ((link = link_under_caret(r)) != NULL) {
		strbuf_addstr(out, " │ link: ");
		strbuf_add(out, r->a->arena + link->url_off, link->url_len);
	}
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The caret at screen cell (y, x), false when no block text is there. */
static bool caret_at_cell(struct reader *r, int y, int x, struct caret *c)
{
	struct lpos p;
	const struct layout_line *ln;

	if (y < 0 || y >= r->text_rows || !reader_row_line(r, y, &p))
		return false;
	ln = layout_line_at(r->layout, p);
	if (r->a->units[p.unit].kind != UNIT_BLOCK ||
	    (ln->kind != LINE_TEXT && ln->kind != LINE_CODE))
		return false;
	*c = motion_at_column(r->layout, p, x - r->left - ln->indent);
	return true;
}

int caret_mouse(struct reader *r, int y, int x, bool press, bool release, bool motion)
{
	struct caret c;
	long t;

	if (!r->nb)
		return UI_NONE;
	if (release) {
		r->dragging = false;
		if (r->selecting && caret_cmp(r->caret, r->sel_anchor) == 0)
			r->selecting = false;
		return UI_REDRAW;
	}
	if (!caret_at_cell(r, y, x, &c))
		return UI_NONE;
	if (motion) {
		if (!r->dragging)
			return UI_NONE;
		r->caret = c;
		r->selecting = caret_cmp(c, r->sel_anchor) != 0;
		return UI_REDRAW;
	}
	if (!press)
		return UI_NONE;
	t = now_ms();
	r->caret_mode = true;
	r->caret_set = true;
	if (!r->color)
		r->color = annot_colors[0];
	if (t - r->last_click_ms < DOUBLE_CLICK_MS && y == r->last_click_y &&
	    x == r->last_click_x) {
		struct text_range w = motion_word_at(r->a, c);
		struct caret last = { w.eu, w.eb };
		motion_char(r->a, &last, false);
		r->sel_anchor = (struct caret){ w.su, w.sb };
		r->caret = caret_cmp(last, r->sel_anchor) < 0 ? r->sel_anchor : last;
		r->selecting = true;
		r->dragging = false;
		r->last_click_ms = 0;
		return UI_REDRAW;
	}
	r->last_click_ms = t;
	r->last_click_y = y;
	r->last_click_x = x;
	r->caret = r->sel_anchor = c;
	r->selecting = false;
	r->dragging = true;
	return UI_REDRAW;
}
