#include "config.h"

/* The Markdown importer's input: what happens to the prepared bytes before
 * libcmark parses them. The YAML front matter is found and loaded into
 * the article, and runs of lines whose "![" and "]" would take libcmark
 * 0.30.2 quadratic time are defused. import_markdown.c calls both; see
 * import_markdown.h. */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/strbuf.h"
#include "import_markdown.h"

/* Is the line at s[i..n) the fence f ("---" or "...") with nothing after
 * it but spaces and tabs? *next: where the next line starts. */
static bool fence_line(const char *s, size_t i, size_t n, const char *f, size_t *next)
{
	if (n - i < 3 || memcmp(s + i, f, 3) != 0)
		return false;
	for (i += 3; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	if (i < n && s[i] != '\n')
		return false;
	*next = i < n ? i + 1 : n;
	return true;
}

static size_t line_end(const char *s, size_t i, size_t n)
{
	const char *nl = memchr(s + i, '\n', n - i);
	return nl ? (size_t)(nl - s) : n;
}

/* Front matter: a first line "---" not followed by a blank line (a rule,
 * then), up to a line "---" or "...". Loads it into a; *body: where the
 * Markdown starts. */
bool md_front_matter(struct article *a, const char *s, size_t n, size_t *body,
                     struct load_error *err)
{
	size_t start, i, e, next;

	*body = 0;
	if (!fence_line(s, 0, n, "---", &start) || start >= n)
		return true;
	e = line_end(s, start, n);
	for (i = start; i < e && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	if (i == e)
		return true;
	for (i = start; i < n; i = e + 1) {
		e = line_end(s, i, n);
		if (fence_line(s, i, n, "---", &next) || fence_line(s, i, n, "...", &next)) {
			*body = next;
			return article_load_front_matter(a, s + start, i - start, 2, err);
		}
	}
	/* Like an unterminated comment, shown where it opens. */
	err->line = err->column = 1;
	snprintf(err->message, sizeof err->message,
	         "front matter opened at line 1 is not closed (expected a line '---')");
	return false;
}

/* libcmark 0.30.2 walks back, for every link it closes, over each "!["
 * still open in the paragraph: "![[]()" repeated takes quadratic time
 * (CVE-2023-22486, fixed in 0.30.3). A paragraph lies within one run of
 * lines that no blank line, bullet item, "1." item or heading cuts; in a
 * run where the "![" times the "]" pass IMAGE_WORK_MAX (no real text comes
 * near), every "![" is written "!\[", which reads as literal text. Returns
 * the new text, or NULL when no run needs it. */
#define IMAGE_WORK_MAX 1000000

/* Does the line s[i..e) surely end any paragraph before it? A blank line
 * does, and so do an ATX heading and a list item that has text (bullet,
 * or numbered 1), which may interrupt a paragraph. When unsure: no. */
static bool cuts_run(const char *s, size_t i, size_t e)
{
	size_t sp, k;

	for (;;) { /* block quote markers */
		for (sp = 0; i < e && s[i] == ' ' && sp < 4; i++, sp++)
			;
		if (i < e && s[i] == '>' && sp < 4)
			i++;
		else
			break;
	}
	if (i == e || sp >= 4 || s[i] == '\t')
		return i == e;
	for (k = i; k < e && s[k] == '#'; k++)
		;
	if (k > i)
		return k - i <= 6 && (k == e || s[k] == ' ' || s[k] == '\t');
	if (s[i] == '-' || s[i] == '*' || s[i] == '+')
		k = i + 1;
	else if (e - i >= 2 && s[i] == '1' && (s[i + 1] == '.' || s[i + 1] == ')'))
		k = i + 2;
	else
		return false;
	if (k == e || s[k] != ' ')
		return false;
	while (k < e && md_is_ws(s[k]))
		k++;
	return k < e;
}

char *md_defuse_images(const char *s, size_t n, size_t *outlen)
{
	struct strbuf out = STRBUF_INIT;
	size_t i = 0, e, run = 0, copied = 0, k;
	uint64_t bangs = 0, closes = 0;
	bool any = false;

	while (i <= n) {
		bool end = i == n;
		e = end ? n : line_end(s, i, n);
		if (end || cuts_run(s, i, e)) {
			if (bangs && closes > IMAGE_WORK_MAX / bangs) {
				strbuf_add(&out, s + copied, run - copied);
				for (k = run; k < i; k++) {
					strbuf_addch(&out, s[k]);
					if (s[k] == '!' && k + 1 < i && s[k + 1] == '[')
						strbuf_addch(&out, '\\');
				}
				copied = i;
				any = true;
			}
			run = i;
			bangs = closes = 0;
		}
		if (end)
			break;
		for (k = i; k < e; k++) {
			bangs += s[k] == '!' && k + 1 < e && s[k + 1] == '[';
			closes += s[k] == ']';
		}
		i = e < n ? e + 1 : n;
	}
	if (!any)
		return NULL;
	strbuf_add(&out, s + copied, n - copied);
	return strbuf_detach(&out, outlen);
}
