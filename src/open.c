#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "glosa/loader.h"
#include "glosa/open.h"
#include "glosa/store.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/tour.h"
#include "glosa/xalloc.h"

/* An article with no id whose title is only its file's name would share
 * its annotations with every README.md and notes.txt: its id is then
 * its file's full path ("file:/home/ana/notes/README.md"). */
static void identify_by_path(struct article *a, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char *real;

	if (a->id.len || !a->title_from_name || strcmp(path, "-") == 0 ||
	    !(real = realpath(path, NULL)))
		return;
	strbuf_addstr(&sb, "file:");
	text_sanitize(&sb, real, strlen(real));
	a->id = article_add_folded(a, sb.buf, sb.len);
	strbuf_release(&sb);
	free(real);
}

int open_article(const char *path, enum article_format format, struct article **out,
                 char *msg, size_t msglen)
{
	struct load_error err = { 0, 0, "" };
	const char *name = path ? (strcmp(path, "-") ? path : "<stdin>") : "<tour>";
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (path) {
		rc = loader_read_file(path, &data, &len);
		if (rc) {
			snprintf(msg, msglen, "%s: %s", name, strerror(rc));
			return rc == EIO ? EX_IOERR : EX_NOINPUT;
		}
		*out = article_load(format, data, len, path, &err);
		free(data);
		if (*out)
			identify_by_path(*out, path);
	} else {
		*out = article_load_yaml((const char *)glosa_tour, glosa_tour_len, &err);
	}
	if (*out)
		return EX_OK;
	if (err.line)
		snprintf(msg, msglen, "%s:%lu:%lu: %s", name, err.line, err.column, err.message);
	else
		snprintf(msg, msglen, "%s: %s", name, err.message);
	return EX_DATAERR;
}

void open_notebook(struct notebook *nb, const struct article *a, const char *annotations,
                   const char *article_path, bool writable)
{
	struct store_error err = { 0, 0, 0, 0, "" };
	char *file = annotations ? xstrdup(annotations) : store_default_path(a, &err);
	const char *apath = article_path && strcmp(article_path, "-") ? article_path : NULL;

	if (!file) {
		notebook_open(nb, a, NULL, apath, &err);
		snprintf(nb->status, sizeof nb->status,
		         "Highlights are kept in memory only: %s", err.message);
	} else if (writable) {
		notebook_open(nb, a, file, apath, &err);
	} else {
		notebook_open_read_only(nb, a, file, apath, &err); /* --dump, --export... */
	}
	if (!writable)
		nb->read_only = true;
	free(file);
}
