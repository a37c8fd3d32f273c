/* libFuzzer target: the plain-text importer (article_load_text), then
 * layout, render and the --convert round trip (fuzz_import.h). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_error err;
	struct article *a = article_load_text((const char *)data, size, "fuzz.txt", &err);

	if (!a)
		return 0;
	fuzz_check_article(a, size);
	article_free(a);
	return 0;
}
