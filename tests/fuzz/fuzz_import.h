/* What the importer fuzz targets check of an article that loads: every
 * rendered line fits the column and no text line is clipped, and
 * --convert gives YAML that loads and lays out to the same text. Header-only: each target includes it once. */
#ifndef GLOSA_FUZZ_IMPORT_H
#define GLOSA_FUZZ_IMPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/convert.h"
#include "glosa/dump.h"
#include "glosa/layout.h"
#include "glosa/loader.h"
#include "glosa/render.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"

#include <unigbrk.h>

/* The article as --dump prints it at width, malloc'd. */
static char *fuzz_dump(const struct article *a, int width, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f || dump_article(a, width, false, f) != 0)
		abort();
	fclose(f);
	return buf;
}

static void fuzz_check_article(struct article *a, size_t size)
{
	struct layout *l = layout_new(a, 1 + (int)(size % 97));
	struct rline r = RLINE_INIT;
	struct lpos p = { 0, 0 };
	struct strbuf yaml = STRBUF_INIT;
	struct load_error err;
	struct article *b;
	char msg[256], *d1, *d2;
	size_t n1, n2;
	int i;

	for (i = 0; i < 200; i++) {
		const struct layout_line *ln = layout_line_at(l, p);
		struct text_ref t = article_unit_text(a, p.unit);
		const uint8_t *s = (const uint8_t *)article_str(a, t);
		render_line(l, p, NULL, 0, &r);
		if (r.width > layout_width(l))
			abort();
		/* A text line is never clipped, unless it is one grapheme too
		 * wide for the column. */
		if (ln->kind == LINE_TEXT && ln->end > ln->start && ln->end <= t.len &&
		    ln->indent + text_width((const char *)s + ln->start, ln->end - ln->start) >
		        (size_t)layout_width(l) &&
		    u8_grapheme_next(s + ln->start, s + ln->end) != s + ln->end)
			abort();
		if (layout_move(l, &p, 1) != 1)
			break;
	}
	rline_release(&r);
	layout_free(l);
	if (convert_to_yaml(a, &yaml, msg, sizeof msg) != 0)
		abort();
	b = article_load_yaml(yaml.buf, yaml.len, &err);
	if (!b)
		abort(); /* converted YAML always loads */
	d1 = fuzz_dump(a, 60, &n1);
	d2 = fuzz_dump(b, 60, &n2);
	if (n1 != n2 || memcmp(d1, d2, n1) != 0)
		abort(); /* and shows the same */
	free(d1);
	free(d2);
	article_free(b);
	strbuf_release(&yaml);
}

#endif
