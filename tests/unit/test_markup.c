/* Inline markup: attributes, escapes, folding, unmatched delimiters. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/markup.h"
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
	markup_result_release(&m);
	return tap_done();
}
