#include "config.h"

/* What the Markdown and plain-text importers share: the bytes checked and
 * made regular before either looks at them, and a title made from a file
 * name. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "glosa/loader.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

/* 1-based line and column (in code points) of byte off, counting LF, CR
 * and CRLF as one line break each, as an editor shows them. */
static void position(const char *s, size_t off, unsigned long *line, unsigned long *col)
{
	size_t i = 0;

	*line = *col = 1;
	while (i < off) {
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= off || s[i + 1] != '\n'))) {
			++*line;
			*col = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			++*col;
		}
		i++;
	}
}

char *import_prepare(const char *data, size_t len, size_t *outlen, struct load_error *err)
{
	const uint8_t *bad = u8_check((const uint8_t *)data, len);
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;

	if (bad) {
		size_t off = (size_t)((const char *)bad - data);
		position(data, off, &err->line, &err->column);
		snprintf(err->message, sizeof err->message,
		         "invalid UTF-8 at byte offset %zu (expected UTF-8 text)", off);
		return NULL;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	strbuf_grow(&sb, len - i);
	while (i < len) {
		const char *p = data + i;
		size_t run = 0;
		/* Copy ordinary bytes in runs; stop at CR and NUL only. */
		while (i + run < len && p[run] != '\r' && p[run] != '\0')
			run++;
		strbuf_add(&sb, p, run);
		i += run;
		if (i >= len)
			break;
		if (data[i] == '\0') {
			strbuf_addstr(&sb, "\xEF\xBF\xBD");
			i++;
		} else { /* CR or CRLF */
			strbuf_addch(&sb, '\n');
			i += i + 1 < len && data[i + 1] == '\n' ? 2 : 1;
		}
	}
	return strbuf_detach(&sb, outlen);
}

void import_title_from_name(struct article *a, const char *name)
{
	char *t = import_name_title(name);

	a->title = article_add_folded(a, t, strlen(t));
	free(t);
	if (a->title.len == 0)
		a->title = article_add_folded(a, "Untitled", 8);
	a->title_from_name = true;
}

char *import_name_title(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	const char *base, *dot;
	size_t n;

	if (!name || strcmp(name, "-") == 0)
		return xstrdup("Standard input");
	base = strrchr(name, '/');
	base = base ? base + 1 : name;
	dot = strrchr(base, '.');
	n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	if (n == 0) {
		base = name;
		n = strlen(name);
	}
	/* A file name is bytes: what is not UTF-8 becomes U+FFFD. */
	text_sanitize(&sb, base, n);
	return strbuf_detach(&sb, NULL);
}
