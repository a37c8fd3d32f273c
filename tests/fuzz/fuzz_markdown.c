/* libFuzzer target: the Markdown importer (article_load_markdown), then
 * layout, render and the --convert round trip (fuzz_import.h). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_error err;
	struct article *a = article_load_markdown((const char *)data, size, "fuzz.md", &err);

	if (!a)
		return 0;
	fuzz_check_article(a, size);
	article_free(a);
	return 0;
}
