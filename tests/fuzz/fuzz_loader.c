/* libFuzzer target: the YAML article loader (article_load_yaml), on one
 * thread and on two (the same outcome); an article that loads is laid
 * out and its first lines rendered, which must never be wider than the
 * column. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/layout.h"
#include "glosa/loader.h"
#include "glosa/yaml_pipe.h"
#include "glosa/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The same input loaded with libyaml on a second thread (yaml_pipe.c)
 * must fail with the same message at the same place, or load the same
 * article. */
static void same_on_two_threads(const uint8_t *data, size_t size, const struct article *a,
                                const struct load_error *err)
{
	struct load_error e2;
	struct article *b;

	event_pipe_set_min(0);
	b = article_load_yaml((const char *)data, size, &e2);
	event_pipe_set_min(SIZE_MAX);
	if (!a != !b)
		abort();
	if (!a && (err->line != e2.line || err->column != e2.column ||
	           strcmp(err->message, e2.message) != 0))
		abort();
	if (a && (a->nunits != b->nunits || a->nsections != b->nsections ||
	          a->nblocks != b->nblocks || a->arena_len != b->arena_len ||
	          memcmp(a->arena, b->arena, a->arena_len) != 0))
		abort();
	article_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_error err;
	struct article *a;
	struct layout *l;
	struct rline r = RLINE_INIT;
	struct lpos p = { 0, 0 };
	int i;

	event_pipe_set_min(SIZE_MAX);
	a = article_load_yaml((const char *)data, size, &err);
	same_on_two_threads(data, size, a, &err);
	if (!a)
		return 0;
	l = layout_new(a, 1 + (int)(size % 97));
	for (i = 0; i < 200; i++) {
		render_line(l, p, NULL, 0, &r);
		if (r.width > layout_width(l))
			abort();
		if (layout_move(l, &p, 1) != 1)
			break;
	}
	rline_release(&r);
	layout_free(l);
	article_free(a);
	return 0;
}
