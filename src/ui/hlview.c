#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/search.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"
#include "ui.h"

#define QUOTE_LINES 2
#define HL_KEYS "Enter:show e:note T:tags c:colour x:delete u:undo /:filter s:sort q:back"

static const struct highlight *item(const struct hlview *v, const struct reader *r, size_t i)
{
	return &r->nb->set.hl[v->items[i]];
}

static int doc_cmp(const struct highlight *a, const struct highlight *b)
{
	if (a->at.su != b->at.su)
		return a->at.su < b->at.su ? -1 : 1;
	if (a->at.sb != b->at.sb)
		return a->at.sb < b->at.sb ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* qsort has no context argument: the set being sorted, for the cmp. */
static const struct annot_set *sort_set;
static bool sort_newest;

static int item_cmp(const void *x, const void *y)
{
	const struct highlight *a = &sort_set->hl[*(const size_t *)x];
	const struct highlight *b = &sort_set->hl[*(const size_t *)y];
	int c;

	if (a->at.placed != b->at.placed)
		return a->at.placed ? -1 : 1; /* orphans last */
	if (sort_newest) {
		/* Made in the same second: the later in the text is the newer. */
		c = strcmp(b->created, a->created);
		return c ? c : a->at.placed ? doc_cmp(b, a) : strcmp(a->id, b->id);
	}
	if (!a->at.placed)
		return strcmp(a->created, b->created);
	return doc_cmp(a, b);
}

/* Does highlight h match the folded filter (quote, note, tags, label)? */
static bool matches(const struct hlview *v, const struct reader *r, const struct highlight *h)
{
	struct strbuf all = STRBUF_INIT;
	const char *label = r->cfg ? config_label(r->cfg, h->color) : NULL;
	char *folded;
	size_t n, i;
	bool yes;

	if (!v->folded)
		return true;
	if (h->exact)
		strbuf_addstr(&all, h->exact);
	strbuf_addch(&all, '\n');
	if (h->note)
		strbuf_addstr(&all, h->note);
	for (i = 0; i < h->ntags; i++) {
		strbuf_addstr(&all, "\n#");
		strbuf_addstr(&all, h->tags[i]);
	}
	if (label) {
		strbuf_addch(&all, '\n');
		strbuf_addstr(&all, label);
	}
	if (h->color) {
		strbuf_addch(&all, '\n');
		strbuf_addstr(&all, h->color);
	}
	folded = search_fold(all.buf, all.len, &n);
	yes = strstr(folded, v->folded) != NULL;
	free(folded);
	strbuf_release(&all);
	return yes;
}

/* Rebuild the list from the notebook, keeping the selected highlight. */
static void rebuild(struct hlview *v, struct reader *r)
{
	char keep[ANNOT_ID_LEN + 1] = "";
	size_t i;

	if (v->nitems && v->selected < v->nitems)
		memcpy(keep, item(v, r, v->selected)->id, sizeof keep);
	v->nitems = v->norphans = 0;
	for (i = 0; i < r->nb->set.n; i++) {
		const struct highlight *h = &r->nb->set.hl[i];
		if (h->deleted || !matches(v, r, h))
			continue;
		XGROW(v->items, v->cap, v->nitems + 1);
		v->items[v->nitems++] = i;
		v->norphans += !h->at.placed;
	}
	sort_set = &r->nb->set;
	sort_newest = v->newest_first;
	if (v->nitems > 1)
		qsort(v->items, v->nitems, sizeof *v->items, item_cmp);
	v->selected = 0;
	for (i = 0; i < v->nitems && keep[0]; i++)
		if (strcmp(item(v, r, i)->id, keep) == 0)
			v->selected = i;
}

void hlview_open(struct hlview *v, struct reader *r)
{
	long cur = r->nb ? notebook_at(r->nb, r->caret.unit, r->caret.byte) : -1;
	size_t i;

	memset(v, 0, sizeof *v);
	v->filter.text = (struct strbuf)STRBUF_INIT;
	rebuild(v, r);
	/* Start on the highlight under the caret, or the first on screen. */
	for (i = 0; i < v->nitems; i++) {
		const struct highlight *h = item(v, r, i);
		if ((cur >= 0 && v->items[i] == (size_t)cur) ||
		    (cur < 0 && h->at.placed && h->at.eu >= r->top.unit)) {
			v->selected = i;
			break;
		}
	}
}

void hlview_release(struct hlview *v)
{
	free(v->items);
	v->items = NULL;
	prompt_release(&v->filter);
	free(v->folded);
	v->folded = NULL;
}

/* Rows an entry takes: a header, up to QUOTE_LINES of quote, a note line
 * when there is a note or tags, and a blank line. */
static int entry_rows(const struct highlight *h)
{
	return 1 + QUOTE_LINES + ((h->note && *h->note) || h->ntags ? 1 : 0) + 1;
}

static int color_index(const char *c)
{
	int i;
	for (i = 0; i < ANNOT_NCOLORS; i++)
		if (c && strcmp(c, annot_colors[i]) == 0)
			return i;
	return 0;
}

/* Draw text wrapped to width w from row y, at most max rows, the last
 * ending in an ellipsis when text remains. Returns rows used. */
static int draw_wrapped(int y, int x, int w, int max, const char *s, uint8_t style)
{
	size_t n = strlen(s), pos = 0;
	int rows = 0;

	while (pos < n && rows < max) {
		size_t end = pos, last_space = 0;
		int width = 0;
		while (end < n && s[end] != '\n') {
			uint32_t uc;
			int k = text_decode(s + end, n - end, &uc);
			int cw = text_uc_width(uc);
			if (width + cw > w)
				break;
			if (uc == ' ')
				last_space = end;
			width += cw;
			end += (size_t)k;
		}
		if (end < n && s[end] != '\n' && last_space > pos)
			end = last_space;
		if (rows == max - 1 && end < n) {
			int used = screen_draw_text(y + rows, x, s + pos, end - pos, style, false, w - 1);
			screen_draw_text(y + rows, x + used, "…", 3, style, false, 1);
		} else {
			screen_draw_text(y + rows, x, s + pos, end - pos, style, false, w);
		}
		rows++;
		pos = end;
		while (pos < n && (s[pos] == ' ' || s[pos] == '\n'))
			pos++;
	}
	return rows;
}

static void draw_entry(struct hlview *v, struct reader *r, size_t i, int y, int rows_left)
{
	const struct highlight *h = item(v, r, i);
	const struct article *a = r->a;
	bool sel = i == v->selected;
	int x = 2, w = r->cols - 4;
	struct strbuf head = STRBUF_INIT;
	const char *label = r->cfg ? config_label(r->cfg, h->color) : NULL;
	struct render_seg swatch;

	if (sel)
		screen_draw_text(y, 0, "▌", 3, STYLE_NUMBER, false, 1);
	/* a coloured swatch: two cells in the highlight's background */
	memset(&swatch, 0, sizeof swatch);
	{
		struct rline rl = RLINE_INIT;
		strbuf_addstr(&rl.text, "  ");
		XGROW(rl.segs, rl.cap, 1);
		rl.segs[0] = (struct render_seg){ 0, 2, 2, STYLE_TEXT, 0, MARK_HIGHLIGHT,
		                                  (uint8_t)color_index(h->color) };
		rl.nsegs = 1;
		rl.width = 2;
		screen_draw_rline(y, x, &rl, 2);
		rline_release(&rl);
	}
	if (h->at.placed) {
		uint32_t s = a->units[h->at.su].section;
		if (article_section_has_heading(a, s)) {
			strbuf_add(&head, section_number(a, &a->sections[s]), a->sections[s].number_len);
			strbuf_addch(&head, ' ');
			strbuf_add(&head, article_str(a, a->sections[s].title), a->sections[s].title.len);
		}
	} else {
		strbuf_addstr(&head, "(not found in the article)");
	}
	/* no section (the title block, the text before the first heading):
	 * the colour comes first */
	strbuf_addf(&head, "%s%s", head.len ? " · " : "", h->color ? h->color : "?");
	if (label)
		strbuf_addf(&head, " (%s)", label);
	strbuf_addf(&head, " · %.10s", h->created);
	if (h->author && *h->author)
		strbuf_addf(&head, " · %s", h->author);
	screen_draw_text(y, x + 3, head.buf, head.len, sel ? STYLE_H2 : STYLE_H3, sel, w - 3);
	strbuf_release(&head);
	if (rows_left <= 1)
		return;
	y += 1;
	y += draw_wrapped(y, x + 3, w - 3, rows_left - 1 < QUOTE_LINES ? rows_left - 1 : QUOTE_LINES,
	                  h->exact ? h->exact : "", STYLE_QUOTE);
	if ((h->note && *h->note) || h->ntags) {
		struct strbuf line = STRBUF_INIT;
		size_t t;
		if (h->note && *h->note) {
			strbuf_addstr(&line, "✎ ");
			strbuf_add(&line, h->note, strcspn(h->note, "\n"));
		}
		for (t = 0; t < h->ntags; t++) {
			char tag[256];
			/* A tag the note already shows as #word is not repeated. */
			snprintf(tag, sizeof tag, "#%s", h->tags[t]);
			if (h->note && strstr(line.buf, tag))
				continue;
			strbuf_addf(&line, "%s%s", line.len ? " " : "", tag);
		}
		screen_draw_text(y, x + 3, line.buf, line.len, STYLE_ATTRIB, false, w - 3);
		strbuf_release(&line);
	}
}

void hlview_draw(struct hlview *v, struct reader *r)
{
	int rows = r->rows - 2, y, sel_top = 0, k;
	size_t i;
	char head[160];

	erase();
	rebuild(v, r);
	/* Scroll so that the selected entry is whole on screen. */
	for (i = 0; i < v->selected && i < v->nitems; i++)
		sel_top += entry_rows(item(v, r, i)) + (i + 1 == v->nitems - v->norphans ? 2 : 0);
	{
		/* Never scrolled further than the list needs (after a resize). */
		int total = 0;
		for (i = 0; i < v->nitems; i++)
			total += entry_rows(item(v, r, i)) + (v->norphans && i == v->nitems - v->norphans ? 2 : 0);
		if (v->scroll > total - rows)
			v->scroll = total - rows > 0 ? total - rows : 0;
	}
	if (sel_top < v->scroll)
		v->scroll = sel_top;
	if (v->nitems && sel_top + entry_rows(item(v, r, v->selected)) > v->scroll + rows)
		v->scroll = sel_top + entry_rows(item(v, r, v->selected)) - rows;
	screen_fill(0, 0, r->cols, true);
	snprintf(head, sizeof head, " Highlights · %zu%s · %s", v->nitems,
	         v->folded ? " matching" : "", v->newest_first ? "newest first" : "in reading order");
	screen_draw_text(0, 0, head, strlen(head), STYLE_TEXT, true, r->cols);
	y = 1 - v->scroll;
	for (i = 0; i < v->nitems; i++) {
		int h = entry_rows(item(v, r, i));
		if (v->norphans && i == v->nitems - v->norphans) {
			if (y >= 1 && y < rows + 1)
				screen_draw_text(y, 2, "Not found in the article (kept in the file)", 43,
				                 STYLE_H2, false, r->cols - 4);
			y += 2;
		}
		if (y + h > 1 && y < rows + 1) {
			k = y < 1 ? 1 : y;
			if (y >= 1)
				draw_entry(v, r, i, y, rows + 1 - y);
			(void)k;
		}
		y += h;
	}
	if (v->nitems == 0)
		screen_draw_text(2, 2, v->folded ? "No highlight matches." :
		                 "No highlights yet: v in the text, then Enter.", v->folded ? 21 : 45,
		                 STYLE_ATTRIB, false, r->cols - 4);
	if (v->filtering) {
		prompt_draw(&v->filter, "/", NULL, r->rows - 1);
		return;
	}
	screen_fill(r->rows - 1, 0, r->cols, true);
	if (r->message.len)
		screen_draw_text(r->rows - 1, 1, r->message.buf, r->message.len, STYLE_TEXT, true,
		                 r->cols - 2);
	else
		screen_draw_text(r->rows - 1, 1, HL_KEYS, strlen(HL_KEYS), STYLE_TEXT, true,
		                 r->cols - 2);
}

static void set_filter(struct hlview *v)
{
	free(v->folded);
	v->folded = NULL;
	if (v->filter.text.len)
		v->folded = search_fold(v->filter.text.buf, v->filter.text.len, &v->folded_len);
	v->selected = 0;
	v->scroll = 0;
}

static int filter_key(struct hlview *v, struct reader *r, int ch, bool is_key)
{
	switch (prompt_key(&v->filter, ch, is_key)) {
	case PROMPT_CHANGED:
		set_filter(v);
		rebuild(v, r);
		break;
	case PROMPT_ACCEPT:
		v->filtering = false;
		break;
	case PROMPT_CANCEL:
		prompt_reset(&v->filter);
		set_filter(v);
		v->filtering = false;
		break;
	case PROMPT_NONE:
		break;
	}
	return UI_REDRAW;
}

/* Show highlight i in the text, with the caret on its start. */
static int show(struct hlview *v, struct reader *r)
{
	const struct highlight *h = item(v, r, v->selected);

	if (!h->at.placed) {
		reader_say(r, true, "This highlight is not in the article as it is now");
		return UI_REDRAW;
	}
	r->caret_mode = true;
	r->caret_set = true;
	r->selecting = false;
	if (!r->color)
		r->color = annot_colors[0];
	r->caret = (struct caret){ h->at.su, h->at.sb };
	r->top = layout_find(r->layout, h->at.su, h->at.sb);
	layout_move(r->layout, &r->top, -2);
	hlview_release(v);
	return UI_CLOSE | UI_REDRAW;
}

int hlview_key(struct hlview *v, struct reader *r, int ch, bool is_key)
{
	size_t n = v->nitems;
	int what;

	if (v->filtering)
		return filter_key(v, r, ch, is_key);
	strbuf_reset(&r->message);
	if (is_key && (ch = ui_list_key(ch)) == 0)
		return UI_NONE;
	if ((what = caret_history_key(r, ch)) != UI_NONE)
		return what;
	switch (ch) {
	case 'q': case 'Q': case 27: case 'H':
		hlview_release(v);
		return UI_CLOSE | UI_REDRAW;
	case '/':
		v->filtering = true;
		return UI_REDRAW;
	case 's':
		v->newest_first = !v->newest_first;
		rebuild(v, r);
		return UI_REDRAW;
	}
	if (n == 0)
		return UI_REDRAW;
	switch (ch) {
	case 'j': case 14:
		if (v->selected + 1 < n)
			v->selected++;
		break;
	case 'k': case 16:
		if (v->selected > 0)
			v->selected--;
		break;
	case ' ': case 'f': case 6: case 4:
		v->selected = v->selected + 5 < n ? v->selected + 5 : n - 1;
		break;
	case 'b': case 2: case 21:
		v->selected = v->selected > 5 ? v->selected - 5 : 0;
		break;
	case 'g': case '<':
		v->selected = 0;
		break;
	case 'G': case '>':
		v->selected = n - 1;
		break;
	case '\r': case '\n':
		return show(v, r);
	case 'e': case 'E': case 'T':
		memcpy(r->edit_id, item(v, r, v->selected)->id, sizeof r->edit_id);
		return UI_REDRAW | (ch == 'e' ? UI_OPEN_EDITOR : ch == 'E' ? UI_EXTERNAL_EDITOR
		                                                          : UI_OPEN_TAGS);
	case 'c': {
		size_t i = v->items[v->selected];
		const char *next = notebook_next_color(r->nb->set.hl[i].color);
		notebook_set_color(r->nb, i, next);
		if (r->nb->status[0])
			reader_say(r, true, "%s", r->nb->status);
		else
			reader_say(r, false, "Colour: %s", next);
		break;
	}
	case 'x':
		notebook_delete(r->nb, v->items[v->selected]);
		if (r->nb->status[0])
			reader_say(r, true, "%s", r->nb->status);
		else
			reader_say(r, false, "Highlight deleted (u undoes)");
		rebuild(v, r);
		if (v->selected >= v->nitems && v->nitems)
			v->selected = v->nitems - 1;
		break;
	}
	return UI_REDRAW;
}
