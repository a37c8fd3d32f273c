/* libFuzzer target: the annotation file parser (store_parse); a file that
 * parses must emit, and the emitted form must parse again; with libyaml on
 * a second thread (yaml_pipe.c), the same outcome. */
#include "config.h"

#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "glosa/annot.h"
#include "glosa/store.h"
#include "glosa/yaml_pipe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The same input parsed with libyaml on a second thread: the same error
 * at the same place, or as many highlights. */
static void same_on_two_threads(const uint8_t *data, size_t size, int r,
                                const struct annot_set *set, const struct store_error *err)
{
	struct annot_set two = ANNOT_SET_INIT;
	struct store_error e2;
	int r2;

	event_pipe_set_min(0);
	r2 = store_parse((const char *)data, size, &two, &e2);
	event_pipe_set_min(SIZE_MAX);
	if (r != r2)
		abort();
	if (r != 0 && (err->kind != e2.kind || err->line != e2.line || err->column != e2.column
	               || strcmp(err->message, e2.message) != 0))
		abort();
	if (r == 0 && two.n != set->n)
		abort();
	annot_set_release(&two);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct annot_set set = ANNOT_SET_INIT, again = ANNOT_SET_INIT;
	struct store_error err;
	char *out = NULL;
	size_t len = 0;
	int r;

	event_pipe_set_min(SIZE_MAX);
	r = store_parse((const char *)data, size, &set, &err);
	same_on_two_threads(data, size, r, &set, &err);
	if (r == 0) {
		if (store_emit(&set, &out, &len, &err) != 0)
			abort(); /* a set that was read must be writable */
		if (store_parse(out, len, &again, &err) != 0)
			abort(); /* and what is written must read back */
		if (again.n != set.n)
			abort();
		free(out);
	}
	annot_set_release(&set);
	annot_set_release(&again);
	return 0;
}
