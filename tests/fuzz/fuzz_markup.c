/* libFuzzer target: the inline markup parser. Checks the contract of
 * markup.h: spans sorted, disjoint, non-empty and inside the text; link
 * targets inside the source; and markup_write's: what it writes parses
 * back to the same text, and to the same spans when it says so. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>

#include "glosa/article.h"
#include "glosa/markup.h"
#include "glosa/xalloc.h"

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
	{
		struct span *sp = xcalloc(r.nspans + 1, sizeof *sp);
		struct markup_result back = MARKUP_RESULT_INIT;
		struct strbuf out = STRBUF_INIT;
		bool styled;
		for (i = 0; i < r.nspans; i++)
			sp[i] = (struct span){ (uint32_t)r.spans[i].start, (uint32_t)r.spans[i].end,
			                       (uint32_t)r.spans[i].url_start,
			                       (uint32_t)r.spans[i].url_len, (uint8_t)r.spans[i].attr };
		styled = markup_write(r.text.buf ? r.text.buf : "", r.text.len, sp, r.nspans,
		                      (const char *)data, &out);
		markup_parse(out.buf ? out.buf : "", out.len, &back);
		if (back.text.len != r.text.len ||
		    (r.text.len && memcmp(back.text.buf, r.text.buf, r.text.len) != 0))
			abort();
		if (styled && back.nspans != r.nspans)
			abort();
		markup_result_release(&back);
		strbuf_release(&out);
		free(sp);
	}
	markup_result_release(&r);
	strbuf_release(&folded);
	return 0;
}
