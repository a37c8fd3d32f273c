/* --dump in two halves on two threads (src/dump.c) prints exactly what one
 * pass prints: every width, with and without colour, articles of every
 * part, and a failing write is still reported. The file is included so
 * that the test can set the split threshold. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/loader.h"
#include "tap.h"

#include "../../src/dump.c"

static char *dump_with(const struct article *a, int width, bool color, size_t min, int *rc)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (!f)
		abort();
	split_min = min;
	*rc = dump_article(a, width, color, f);
	fclose(f);
	return buf;
}

/* An article with some of everything, n sections long. */
static struct article *make(unsigned n)
{
	struct strbuf sb = STRBUF_INIT;
	struct load_error err;
	struct article *a;
	unsigned i;

	strbuf_addstr(&sb, "title: Split\nsubtitle: in two\nauthor: Ana\nsummary: A *summary*.\n"
	                   "blocks: [Before the sections.]\nsections:\n");
	for (i = 0; i < n; i++)
		strbuf_addf(&sb, "  - title: Section %u with a rather long title that wraps\n"
		                 "    blocks:\n"
		                 "      - Some *text* with `code` and [a link](https://x.org), café, "
		                 "日本語のテキスト, λόγος, 👍🏽 and more words to wrap at %u.\n"
		                 "      - quote: Quoted.\n        by: Someone\n"
		                 "      - list: {title: Items, ordered: true, items: [a, {list: [b]}]}\n"
		                 "      - code: |\n          wide code line that is never wrapped at all\n"
		                 "      - aside: An aside.\n        title: Note\n"
		                 "      - rule: ~\n"
		                 "    sections:\n      - title: Sub %u\n        blocks: [Deeper.]\n",
		            i, i, i);
	a = article_load_yaml(sb.buf, sb.len, &err);
	if (!a)
		printf("# %lu:%lu: %s\n", err.line, err.column, err.message);
	strbuf_release(&sb);
	return a;
}

static void test_same(void)
{
	static const int widths[] = { 80, 40, 20, 7, 1 };
	struct article *a = make(400), *tiny = make(1);
	size_t w, c;

	if (!ok(a && tiny, "the articles load"))
		return;
	for (w = 0; w < sizeof widths / sizeof *widths; w++)
		for (c = 0; c < 2; c++) {
			int rc1, rc2;
			char *one = dump_with(a, widths[w], c, SIZE_MAX, &rc1);
			char *two = dump_with(a, widths[w], c, 0, &rc2);
			ok(rc1 == 0 && rc2 == 0 && strcmp(one, two) == 0,
			   "width %d%s: two halves print what one pass prints", widths[w],
			   c ? ", colour" : "");
			free(one);
			free(two);
		}
	{
		int rc1, rc2;
		char *one = dump_with(tiny, 30, false, SIZE_MAX, &rc1);
		char *two = dump_with(tiny, 30, false, 0, &rc2);
		ok(rc1 == 0 && rc2 == 0 && strcmp(one, two) == 0, "a small article, split anyway");
		free(one);
		free(two);
	}
	article_free(a);
	article_free(tiny);
}

static void test_write_error(void)
{
	struct article *a = make(200);
	FILE *f;

	if (!a)
		return;
	f = fopen("/dev/full", "w");
	if (f) {
		split_min = 0;
		is_int(dump_article(a, 80, false, f), ENOSPC, "a full disk is reported, split");
		fclose(f);
	}
	f = fopen("/dev/full", "w");
	if (f) {
		split_min = SIZE_MAX;
		is_int(dump_article(a, 80, false, f), ENOSPC, "and in one pass");
		fclose(f);
	}
	article_free(a);
}

int main(void)
{
	test_same();
	test_write_error();
	return tap_done();
}
