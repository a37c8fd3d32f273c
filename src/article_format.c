#include "config.h"

/* Which loader reads a file: chosen by its extension when that says, else
 * by a look at its first bytes; and the one entry point that loads any
 * format. */

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "glosa/loader.h"

/* How much of the file the guess looks at. */
#define SNIFF_BYTES 65536

static enum article_format by_extension(const char *path)
{
	static const struct { const char *ext; enum article_format f; } table[] = {
		{ "yaml", ARTICLE_FORMAT_YAML }, { "yml", ARTICLE_FORMAT_YAML },
		{ "md", ARTICLE_FORMAT_MARKDOWN }, { "markdown", ARTICLE_FORMAT_MARKDOWN },
		{ "mdown", ARTICLE_FORMAT_MARKDOWN }, { "mkd", ARTICLE_FORMAT_MARKDOWN },
		{ "txt", ARTICLE_FORMAT_TEXT }, { "text", ARTICLE_FORMAT_TEXT },
	};
	const char *base, *dot;
	size_t i;

	if (!path || strcmp(path, "-") == 0)
		return ARTICLE_FORMAT_AUTO;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (!dot || dot == base)
		return ARTICLE_FORMAT_AUTO;
	for (i = 0; i < sizeof table / sizeof *table; i++)
		if (strcasecmp(dot + 1, table[i].ext) == 0)
			return table[i].f;
	return ARTICLE_FORMAT_AUTO;
}

/* The line at *p (advanced past it) in *len bytes, without its newline. */
static const char *next_line(const char **p, const char *end, size_t *len)
{
	const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));

	*len = (size_t)((nl ? nl : end) - s);
	if (*len && s[*len - 1] == '\r')
		--*len;
	*p = nl ? nl + 1 : end;
	return s;
}

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

/* "key:" at the start of a line, key one of an article's top-level keys:
 * how a YAML article begins. */
static bool is_article_key_line(const char *s, size_t n)
{
	static const char *const keys[] = {
		"title", "subtitle", "author", "date", "lang", "id", "source", "summary",
		"sections", "blocks",
	};
	size_t i = 0, k;

	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-'))
		i++;
	if (i == 0 || i >= n || s[i] != ':' || (i + 1 < n && s[i + 1] != ' '))
		return false;
	for (k = 0; k < sizeof keys / sizeof *keys; k++)
		if (strlen(keys[k]) == i && memcmp(s, keys[k], i) == 0)
			return true;
	return false;
}

/* Is s[0..n) a line "---" (or "...", which ends a YAML document)? */
static bool is_marker(const char *s, size_t n, const char *m)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == 3 && memcmp(s, m, 3) == 0;
}

/* A YAML article: its first line that is not blank or a "#" comment is
 * one of an article's keys (after a "---" that no closing "---" and text
 * make Markdown front matter), and some line at the left margin starts
 * its content ("sections:" or "blocks:"). A Markdown file: front matter,
 * an ATX heading ("# Title") or a fenced code block. Else: text. */
static enum article_format by_content(const char *data, size_t len)
{
	const char *p = data, *end = data + (len < SNIFF_BYTES ? len : SNIFF_BYTES);
	bool key_first = false, content_key = false, markdown = false;
	bool dashes_first = false, fm_closed = false, after_fm = false;
	int lines = 0; /* lines seen that are not blank or "#" lines */

	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		size_t n;
		const char *s = next_line(&p, end, &n);
		if (starts(s, n, "# ") || starts(s, n, "## ") || starts(s, n, "### ") ||
		    starts(s, n, "```") || starts(s, n, "~~~"))
			markdown = true;
		if (n == 0 || s[0] == '#') {
			if (fm_closed && n > 0)
				after_fm = true;
			continue;
		}
		if (++lines == 1) {
			dashes_first = is_marker(s, n, "---");
			key_first = is_article_key_line(s, n);
			continue;
		}
		if (dashes_first && lines == 2)
			key_first = is_article_key_line(s, n);
		if (dashes_first && !fm_closed && (is_marker(s, n, "---") || is_marker(s, n, "..."))) {
			fm_closed = true;
			continue;
		}
		if (fm_closed)
			after_fm = true;
		if (starts(s, n, "sections:") || starts(s, n, "blocks:"))
			content_key = true;
	}
	if (dashes_first && after_fm)
		return ARTICLE_FORMAT_MARKDOWN; /* front matter, then the text */
	if (key_first && content_key)
		return ARTICLE_FORMAT_YAML;
	return markdown || dashes_first ? ARTICLE_FORMAT_MARKDOWN : ARTICLE_FORMAT_TEXT;
}

enum article_format article_guess_format(const char *path, const char *data, size_t len)
{
	enum article_format f = by_extension(path);

	return f != ARTICLE_FORMAT_AUTO ? f : by_content(data, len);
}

struct article *article_load(enum article_format f, const char *data, size_t len,
                             const char *name, struct load_error *err)
{
	if (f == ARTICLE_FORMAT_AUTO)
		f = article_guess_format(name, data, len);
	switch (f) {
	case ARTICLE_FORMAT_MARKDOWN:
		return article_load_markdown(data, len, name, err);
	case ARTICLE_FORMAT_TEXT:
		return article_load_text(data, len, name, err);
	case ARTICLE_FORMAT_YAML:
	case ARTICLE_FORMAT_AUTO:
		break;
	}
	return article_load_yaml(data, len, err);
}
