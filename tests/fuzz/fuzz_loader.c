/* libFuzzer target: the YAML article loader (article_load_yaml); an
 * article that loads is laid out and its first lines rendered, which must
 * never be wider than the column. */
#include "config.h"

#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>

#include "glosa/article.h"
#include "glosa/layout.h"
#include "glosa/loader.h"
#include "glosa/render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_error err;
	struct article *a = article_load_yaml((const char *)data, size, &err);
	struct layout *l;
	struct rline r = RLINE_INIT;
	struct lpos p = { 0, 0 };
	int i;

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
