/* The reader's rendered rows, kept as curses cells so that a key which
 * moves the text by a line renders one line, not the whole screen, and a
 * resize back to a width already seen renders nothing.
 *
 * An entry is keyed by everything its cells depend on: the layout width
 * and the column limit, the display line, and the marks over its unit
 * (highlights, search matches, selection, caret), compared whole. The
 * article does not change under a reader and the look of a mark is fixed
 * for the session, so nothing else has to invalidate an entry. Each entry
 * gets a serial number when it is made; equal serials mean equal cells,
 * which lets the reader tell what a screen row already shows. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "glosa/xalloc.h"
#include "ui.h"

/* Direct-mapped: a collision costs a render, never a wrong row. Enough
 * for two screens of two widths (resizing back and forth) of any
 * ordinary terminal. */
#define SLOTS 512

struct row_entry {
	uint64_t serial;      /* 0: empty */
	int width, maxw;
	struct lpos p;
	struct render_mark *marks;
	size_t nmarks;
	struct cells cells;
};

struct rowcache {
	struct row_entry slot[SLOTS];
	uint64_t next_serial;
	struct rline scratch;
};

struct rowcache *rowcache_new(void)
{
	struct rowcache *c = xcalloc(1, sizeof *c);

	c->next_serial = ROWCACHE_FIRST_SERIAL;
	c->scratch = (struct rline)RLINE_INIT;
	return c;
}

void rowcache_free(struct rowcache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < SLOTS; i++) {
		free(c->slot[i].marks);
		cells_release(&c->slot[i].cells);
	}
	rline_release(&c->scratch);
	free(c);
}

void rowcache_clear(struct rowcache *c)
{
	size_t i;

	for (i = 0; i < SLOTS; i++)
		c->slot[i].serial = 0;
}

static struct row_entry *slot_of(struct rowcache *c, struct lpos p, int width)
{
	uint32_t h = p.unit * 0x9E3779B1u + p.line * 0x85EBCA77u + (uint32_t)width * 0xC2B2AE3Du;

	return &c->slot[(h ^ (h >> 15)) % SLOTS];
}

/* Field by field: the struct has padding, which memcmp would read. */
static bool marks_equal(const struct render_mark *x, size_t nx, const struct render_mark *y,
                        size_t ny)
{
	size_t i;

	if (nx != ny)
		return false;
	for (i = 0; i < nx; i++)
		if (x[i].start != y[i].start || x[i].end != y[i].end || x[i].kind != y[i].kind ||
		    x[i].color != y[i].color)
			return false;
	return true;
}

static bool entry_is(const struct row_entry *e, struct lpos p, int width, int maxw,
                     const struct render_mark *marks, size_t nmarks)
{
	return e->serial && e->p.unit == p.unit && e->p.line == p.line && e->width == width &&
	       e->maxw == maxw && marks_equal(e->marks, e->nmarks, marks, nmarks);
}

const struct cells *rowcache_peek(struct rowcache *c, struct layout *l, struct lpos p,
                                  int maxw, const struct render_mark *marks, size_t nmarks,
                                  uint64_t *serial)
{
	int width = layout_width(l);
	struct row_entry *e = slot_of(c, p, width);

	if (!entry_is(e, p, width, maxw, marks, nmarks)) {
		*serial = 0;
		return NULL;
	}
	*serial = e->serial;
	return &e->cells;
}

const struct cells *rowcache_get(struct rowcache *c, struct layout *l, struct lpos p, int maxw,
                                 const struct render_mark *marks, size_t nmarks,
                                 uint64_t *serial)
{
	int width = layout_width(l);
	struct row_entry *e = slot_of(c, p, width);

	if (!entry_is(e, p, width, maxw, marks, nmarks)) {
		render_line(l, p, marks, nmarks, &c->scratch);
		screen_cells_from_rline(&e->cells, &c->scratch, maxw);
		e->marks = xreallocarray(e->marks, nmarks ? nmarks : 1, sizeof *marks);
		if (nmarks)
			memcpy(e->marks, marks, nmarks * sizeof *marks);
		e->nmarks = nmarks;
		e->p = p;
		e->width = width;
		e->maxw = maxw;
		e->serial = c->next_serial++;
	}
	*serial = e->serial;
	return &e->cells;
}
