/* libFuzzer target: search folding. The first byte splits the input into
 * a text and a pattern; folding must give a NUL-terminated string, and
 * searching an article made of the text must never fail. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <stdint.h>

#include "glosa/article.h"
#include "glosa/search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t cut, flen, plen, i, nm;
	char *f, *pat;
	struct article *a;
	struct search_index *ix;
	struct search_match m, *all = NULL;
	bool wrapped;
	uint32_t sec;

	if (size < 1)
		return 0;
	cut = 1 + data[0] % (size);
	f = search_fold((const char *)data + 1, size - 1, &flen);
	if (!f || f[flen] != '\0')
		abort();
	free(f);

	/* An article whose paragraph is data[1..cut), searched for data[cut..). */
	pat = search_fold((const char *)data + cut, size - cut, &plen);
	a = article_new();
	article_add_folded(a, "t", 1);
	a->title = article_add_folded(a, "Title", 5);
	sec = article_add_section(a, ARTICLE_NONE);
	a->sections[sec].title = article_add_folded(a, "S", 1);
	{
		uint32_t b = article_add_block(a, sec, BLOCK_CODE);
		a->blocks[b].text = article_add_plain(a, (const char *)data + 1, cut - 1);
	}
	article_finish(a);
	ix = search_index_new(a);
	if (search_find(ix, pat, plen, 0, 0, true, &m, &wrapped)) {
		struct text_ref t = article_unit_text(a, m.unit);
		if (m.start > m.end || m.end > t.len)
			abort();
	}
	for (i = 0; i < a->nunits; i++) {
		nm = search_unit_matches(ix, pat, plen, (uint32_t)i, &all);
		free(all);
		all = NULL;
		(void)nm;
	}
	search_index_free(ix);
	article_free(a);
	free(pat);
	return 0;
}
