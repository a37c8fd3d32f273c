/* libFuzzer target: the annotation file parser (store_parse); a file that
 * parses must emit, and the emitted form must parse again. */
#include "config.h"

#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>

#include "glosa/annot.h"
#include "glosa/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct annot_set set = ANNOT_SET_INIT, again = ANNOT_SET_INIT;
	struct store_error err;
	char *out = NULL;
	size_t len = 0;

	if (store_parse((const char *)data, size, &set, &err) == 0) {
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
