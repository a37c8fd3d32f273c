#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "glosa/dump.h"
#include "glosa/layout.h"
#include "glosa/render.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/thread.h"

static void sgr(struct strbuf *out, struct look k)
{
	strbuf_addstr(out, "\033[0");
	if (k.bold)
		strbuf_addstr(out, ";1");
	if (k.dim)
		strbuf_addstr(out, ";2");
	if (k.italic)
		strbuf_addstr(out, ";3");
	if (k.underline)
		strbuf_addstr(out, ";4");
	if (k.reverse)
		strbuf_addstr(out, ";7");
	if (k.hl >= 0)
		strbuf_addf(out, ";30;48;5;%d", render_hl_color256(k.hl));
	else if (k.fg != LOOK_DEFAULT)
		strbuf_addf(out, ";%d", 30 + k.fg);
	strbuf_addch(out, 'm');
}

static void format_line(const struct rline *r, bool color, struct strbuf *out)
{
	size_t i, end;

	for (i = 0; i < r->nsegs; i++) {
		const struct render_seg *s = &r->segs[i];
		if (color)
			sgr(out, render_look(s->style, s->attr, s->mark, s->color));
		strbuf_add(out, r->text.buf + s->off, s->len);
	}
	if (color && r->nsegs)
		strbuf_addstr(out, "\033[0m");
	end = out->len;
	while (end > 0 && out->buf[end - 1] == ' ')
		end--;
	strbuf_truncate(out, end);
	strbuf_addch(out, '\n');
}

/* Articles with at least this much text are laid out and rendered in two
 * halves at once, the second on a second thread. Units are laid out
 * independently of each other (layout.c), from an article that no one
 * changes any more, so the halves are what one pass would print. Not
 * const: tests/unit/test_dump_split.c sets it to try both ways. */
static size_t split_min = (size_t)256 << 10;

/* Units [first, end) at width, into out (when not NULL) or appended to
 * buf. */
struct dump_part {
	const struct article *a;
	int width;
	bool color;
	uint32_t first, end;
	FILE *out;
	struct strbuf buf;
	int err;
};

static void dump_units(struct dump_part *d)
{
	struct layout *l = layout_new(d->a, d->width);
	struct rline r = RLINE_INIT;
	struct strbuf line = STRBUF_INIT;
	uint32_t u, i, n;

	for (u = d->first; u < d->end && !d->err; u++) {
		layout_unit_lines(l, u, &n);
		for (i = 0; i < n; i++) {
			render_line(l, (struct lpos){ u, i }, NULL, 0, &r);
			strbuf_reset(&line);
			format_line(&r, d->color, &line);
			if (!d->out) {
				strbuf_add(&d->buf, line.buf, line.len);
			} else if (fwrite(line.buf, 1, line.len, d->out) != line.len) {
				d->err = errno ? errno : EIO;
				break;
			}
		}
	}
	strbuf_release(&line);
	rline_release(&r);
	layout_free(l);
}

static void *dump_units_thread(void *arg)
{
	dump_units(arg);
	return NULL;
}

/* The unit where the second half of a's text starts, or 0 when a has
 * too little text to be worth a thread. */
static uint32_t split_point(const struct article *a)
{
	size_t total = 0, sum = 0;
	uint32_t u;

	for (u = 0; u < a->nunits; u++)
		total += article_unit_text(a, u).len;
	if (total < split_min || a->nunits < 2)
		return 0;
	for (u = 0; u < a->nunits - 1; u++) {
		sum += article_unit_text(a, u).len;
		if (sum >= total / 2)
			break;
	}
	return u + 1;
}

int dump_article(const struct article *a, int width, bool color, FILE *out)
{
	uint32_t mid = split_point(a);
	struct dump_part first = { a, width, color, 0, a->nunits, out, STRBUF_INIT, 0 };
	struct dump_part second = { a, width, color, mid, a->nunits, NULL, STRBUF_INIT, 0 };
	pthread_t t;
	bool split = mid > 0 && thread_start(&t, dump_units_thread, &second);

	if (split)
		first.end = mid;
	dump_units(&first);
	if (split) {
		pthread_join(t, NULL);
		if (!first.err && fwrite(second.buf.buf, 1, second.buf.len, out) != second.buf.len)
			first.err = errno ? errno : EIO;
		strbuf_release(&second.buf);
	}
	if (!first.err && fflush(out) != 0)
		first.err = errno ? errno : EIO;
	return first.err;
}

int dump_toc(const struct article *a, FILE *out)
{
	struct strbuf line = STRBUF_INIT;
	size_t i;
	int err = 0;

	for (i = 0; i < a->nsections; i++) {
		const struct section *s = &a->sections[i];
		uint32_t d;
		if (s->preamble)
			continue;
		strbuf_reset(&line);
		for (d = 1; d < s->depth; d++)
			strbuf_addstr(&line, "  ");
		strbuf_add(&line, section_number(a, s), s->number_len);
		strbuf_addch(&line, ' ');
		text_sanitize(&line, article_str(a, s->title), s->title.len);
		strbuf_addch(&line, '\n');
		if (fwrite(line.buf, 1, line.len, out) != line.len) {
			err = errno ? errno : EIO;
			break;
		}
	}
	if (!err && fflush(out) != 0)
		err = errno ? errno : EIO;
	strbuf_release(&line);
	return err;
}
