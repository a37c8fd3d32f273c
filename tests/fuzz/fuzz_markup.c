/* libFuzzer target: the inline markup parser. Checks the contract of
 * markup.h: spans sorted, disjoint, non-empty and inside the text; link
 * targets inside the source. */
#include "config.h"

#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>

#include "glosa/markup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct markup_result r = MARKUP_RESULT_INIT;
	struct strbuf folded = STRBUF_INIT;
	size_t i, prev_end = 0;

	markup_parse((const char *)data, size, &r);
	for (i = 0; i < r.nspans; i++) {
		const struct markup_span *s = &r.spans[i];
		if (s->start >= s->end || s->end > r.text.len || s->start < prev_end)
			abort();
		if (s->url_len && (s->url_start > size || s->url_len > size - s->url_start))
			abort();
		prev_end = s->end;
	}
	/* Parsing is repeatable on a reused result. */
	markup_parse((const char *)data, size, &r);
	markup_fold_ws((const char *)data, size, &folded);
	markup_result_release(&r);
	strbuf_release(&folded);
	return 0;
}
