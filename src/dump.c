#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "glosa/dump.h"
#include "glosa/layout.h"
#include "glosa/render.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"

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

int dump_article(const struct article *a, int width, bool color, FILE *out)
{
	struct layout *l = layout_new(a, width);
	struct rline r = RLINE_INIT;
	struct strbuf line = STRBUF_INIT;
	struct lpos p = { 0, 0 };
	int err = 0;

	do {
		render_line(l, p, NULL, 0, &r);
		strbuf_reset(&line);
		format_line(&r, color, &line);
		if (fwrite(line.buf, 1, line.len, out) != line.len) {
			err = errno ? errno : EIO;
			break;
		}
	} while (layout_move(l, &p, 1) == 1);
	if (!err && fflush(out) != 0)
		err = errno ? errno : EIO;
	strbuf_release(&line);
	rline_release(&r);
	layout_free(l);
	return err;
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
