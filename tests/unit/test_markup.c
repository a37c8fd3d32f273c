/* Inline markup: attributes, escapes, folding, unmatched delimiters. */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/markup.h"
#include "glosa/strbuf.h"
#include "tap.h"

static struct markup_result m = MARKUP_RESULT_INIT;

/* Describe the parse as "text|start-end:attr,..." for compact asserts. */
static const char *parse(const char *src)
{
	static char out[1024];
	size_t i, n;

	markup_parse(src, strlen(src), &m);
	n = (size_t)snprintf(out, sizeof out, "%s|", m.text.buf);
	for (i = 0; i < m.nspans && n < sizeof out; i++)
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%zu-%zu:%u", i ? "," : "",
		                      m.spans[i].start, m.spans[i].end, m.spans[i].attr);
	return out;
}

static const char *url(size_t i, const char *src)
{
	static char out[256];
	snprintf(out, sizeof out, "%.*s", (int)m.spans[i].url_len, src + m.spans[i].url_start);
	return out;
}

static void test_breaks_and_ticks(void)
{
	is_str(parse("one\\\ntwo"), "one\ntwo|", "backslash-newline is a hard line break");
	is_str(parse("one  \\\n   two"), "one\ntwo|", "white space around a hard break goes");
	is_str(parse("\\\nlead and trail\\\n"), "lead and trail|",
	       "a hard break at either end is dropped");
	is_str(parse("*a\\\nb*"), "a\nb|0-3:1", "a hard break inside emphasis");
	is_str(parse("``a`b``"), "a`b|0-3:4", "a double-backtick span holds a backtick");
	is_str(parse("`` `x` ``"), "`x`|0-3:4", "one space of padding comes off each end");
	is_str(parse("x` `y"), "x y|", "a span of only white space is a folded space");
	is_str(parse("``a`"), "``a`|", "an opening run without its match is literal");
	is_str(parse("```a``b```"), "a``b|0-4:4", "a run closes only with a run as long");
	is_str(parse("**a [b](u).**"), "a b.|0-2:2,2-3:10,3-4:2",
	       "text before a link does not carry its target");
}

/* Parse src, write its result back as markup, parse that: same? */
static bool round_trips(const char *src, size_t len, bool *styled)
{
	struct markup_result a = MARKUP_RESULT_INIT, b = MARKUP_RESULT_INIT;
	struct strbuf out = STRBUF_INIT;
	struct span *sp;
	bool same;
	size_t i;

	markup_parse(src, len, &a);
	sp = calloc(a.nspans + 1, sizeof *sp);
	for (i = 0; i < a.nspans; i++)
		sp[i] = (struct span){ (uint32_t)a.spans[i].start, (uint32_t)a.spans[i].end,
		                       (uint32_t)a.spans[i].url_start, (uint32_t)a.spans[i].url_len,
		                       (uint8_t)a.spans[i].attr };
	*styled = markup_write(a.text.buf ? a.text.buf : "", a.text.len, sp, a.nspans, src, &out);
	markup_parse(out.buf ? out.buf : "", out.len, &b);
	same = a.text.len == b.text.len && memcmp(a.text.buf, b.text.buf, a.text.len) == 0;
	if (*styled)
		same = same && a.nspans == b.nspans;
	free(sp);
	strbuf_release(&out);
	markup_result_release(&a);
	markup_result_release(&b);
	return same;
}

static void test_write(void)
{
	static const char *const cases[] = {
		"plain", "an *em* and **strong** and ***both***", "`code` and ``a`b`` and `` `x` ``",
		"[link *em*](http://x.org/a_(b%29) after", "**bold *em* bold**", "*a*[b](u)**c**",
		"a\\\nb *c\\\nd*", "\\*not\\* \\[x\\](y) \\\\ back", "[a](u)[b](v)",
		"*em ending at* **strong**", "x*y*z", "**a***b*",
	};
	struct strbuf out = STRBUF_INIT;
	size_t i;
	bool styled;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		ok(round_trips(cases[i], strlen(cases[i]), &styled) && styled,
		   "markup_write round trip with styling, case %zu", i);
	}
	markup_escape("a*b`c[d]e\\f", 12, &out);
	is_str(out.buf, "a\\*b\\`c\\[d\\]e\\\\f", "markup_escape escapes every markup character");
	strbuf_release(&out);
}

/* Random markup: every parse writes back to the same text, and nearly
 * always with the same spans. */
static void test_write_random(void)
{
	static const char *const pieces[] = {
		"*", "**", "***", "`", "``", "[", "]", "](", ")", "(", "\\", "\\\n", " ", "  ",
		"\n", "a", "bc", "é", "日本", "x y", "](u)", "%29",
	};
	unsigned long seed = 12345, bad = 0, plain = 0, it;
	char buf[128];

	for (it = 0; it < 200000; it++) {
		size_t n = 0, want;
		bool styled;
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		want = 1 + (seed >> 33) % 40;
		while (n < want) {
			const char *p;
			size_t k;
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			p = pieces[(seed >> 33) % (sizeof pieces / sizeof *pieces)];
			k = strlen(p);
			if (n + k >= sizeof buf)
				break;
			memcpy(buf + n, p, k);
			n += k;
		}
		if (!round_trips(buf, n, &styled)) {
			if (bad++ == 0)
				printf("# first failure: '%.*s'\n", (int)n, buf);
		}
		plain += !styled;
	}
	ok(bad == 0, "markup_write: 200,000 random strings keep their text (%lu differ)", bad);
	ok(plain < 2000, "and their styling, all but %lu (under 1%%)", plain);
}

int main(void)
{
	const char *src;

	is_str(parse("plain text"), "plain text|", "plain text has no spans");
	is_str(parse("  runs \n\t of   white\r\nspace  "), "runs of white space|",
	       "white space folds to one space and is trimmed");
	is_str(parse("an *em* word"), "an em word|3-5:1", "*em*");
	is_str(parse("a **strong** one"), "a strong one|2-8:2", "**strong**");
	is_str(parse("`code *not em*`"), "code *not em*|0-13:4", "code spans are literal");
	is_str(parse("**bold *and em* too**"), "bold and em too|0-5:2,5-11:3,11-15:2",
	       "nested em inside strong");
	is_str(parse("\\*not emphasis\\*"), "*not emphasis*|", "backslash escapes stars");
	is_str(parse("a \\\\ b"), "a \\ b|", "escaped backslash");
	is_str(parse("\\`x\\`"), "`x`|", "escaped backticks");
	is_str(parse("2 * 3 * 4"), "2 * 3 * 4|", "stars between spaces stay literal");
	is_str(parse("an *unclosed star"), "an *unclosed star|", "unclosed * is literal");
	is_str(parse("an **unclosed"), "an **unclosed|", "unclosed ** is literal");
	is_str(parse("a `lone backtick"), "a `lone backtick|", "unclosed ` is literal");
	src = "see [the site](https://example.org/x) now";
	is_str(parse(src), "see the site now|4-12:8", "link text kept, URL dropped");
	is_str(url(0, src), "https://example.org/x", "link URL kept");
	src = "[**bold** link](u)";
	is_str(parse(src), "bold link|0-4:10,4-9:8", "strong inside a link");
	is_str(url(1, src), "u", "every run of a link carries its URL");
	is_str(parse("[not a link] (x)"), "[not a link] (x)|", "brackets without (url) are text");
	is_str(parse("[open](no close"), "[open](no close|", "link without ) is text");
	is_str(parse("vocación *ñandú* 日本語"), "vocación ñandú 日本語|10-17:1",
	       "UTF-8 offsets are bytes");
	is_str(parse("x *y*\n*z*"), "x y z|2-3:1,4-5:1", "separate spans across a folded newline");
	is_str(parse(""), "|", "empty input");
	is_str(parse("   "), "|", "only white space");
	is_str(parse("trailing backslash \\"), "trailing backslash \\|", "a final backslash is literal");
	{
		/* Link text is at most 1000 bytes: a bound that keeps a paragraph of
		 * unclosed brackets linear. */
		static char big[1200];
		memset(big, 'a', sizeof big);
		big[0] = '[';
		memcpy(big + 1001, "](u)", 4);
		big[1005] = '\0';
		parse(big);
		is_int((long long)m.nspans, 0, "a link text over 1000 bytes is plain text");
		memcpy(big + 990, "](u)", 4);
		big[994] = '\0';
		parse(big);
		is_int((long long)m.nspans, 1, "one under 1000 bytes is a link");
	}
	test_breaks_and_ticks();
	test_write();
	test_write_random();
	markup_result_release(&m);
	return tap_done();
}
