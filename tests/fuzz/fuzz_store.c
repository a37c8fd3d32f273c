/* libFuzzer target: the annotation file parser (store_parse); a file that
 * parses must emit, and the emitted form must parse again; with libyaml on
 * a second thread (yaml_pipe.c), and with the highlights list cut in two
 * and read by two threads (store_split.c), the same outcome: the same
 * error at the same place, or a set that emits the same bytes. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "glosa/annot.h"
#include "glosa/store.h"
#include "glosa/yaml_pipe.h"

#include "../../src/store_yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void set_threads(bool pipe, bool split)
{
	event_pipe_set_min(pipe ? 0 : SIZE_MAX);
	store_split_set_min(split ? 0 : SIZE_MAX);
}

/* The same input read with libyaml on a second thread, then split, then
 * split with the pipe as the fallback: the same outcome. */
static void same_on_threads(const uint8_t *data, size_t size, int r, const struct annot_set *set,
                            const struct store_error *err)
{
	static const bool modes[][2] = { { true, false }, { false, true }, { true, true } };
	char *want = NULL, *got;
	size_t wlen = 0, glen, m;
	struct store_error e;

	if (r == 0 && store_emit(set, &want, &wlen, &e) != 0)
		abort(); /* a set that was read must be writable */
	for (m = 0; m < sizeof modes / sizeof *modes; m++) {
		struct annot_set two = ANNOT_SET_INIT;
		struct store_error e2;
		int r2;
		set_threads(modes[m][0], modes[m][1]);
		r2 = store_parse((const char *)data, size, &two, &e2);
		set_threads(false, false);
		if (r != r2)
			abort();
		if (r != 0 && (err->kind != e2.kind || err->line != e2.line || err->column != e2.column
		               || strcmp(err->message, e2.message) != 0))
			abort();
		if (r == 0) {
			got = NULL;
			if (store_emit(&two, &got, &glen, &e2) != 0 || glen != wlen
			    || memcmp(got, want, wlen) != 0)
				abort();
			free(got);
		}
		annot_set_release(&two);
	}
	free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct annot_set set = ANNOT_SET_INIT, again = ANNOT_SET_INIT;
	struct store_error err;
	char *out = NULL;
	size_t len = 0;
	int r;

	set_threads(false, false);
	r = store_parse((const char *)data, size, &set, &err);
	same_on_threads(data, size, r, &set, &err);
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
