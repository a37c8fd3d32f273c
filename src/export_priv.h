/* Private to the exports: the list of highlights every export walks and
 * the small helpers export.c (the listing, JSON-LD) and export_md.c
 * (Markdown) share. Not a module header: include it from those files
 * only. */
#ifndef GLOSA_EXPORT_PRIV_H
#define GLOSA_EXPORT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "glosa/annot.h"
#include "glosa/article.h"
#include "glosa/config.h"
#include "glosa/notebook.h"
#include "glosa/strbuf.h"

/* One highlight as exported: the stored one and its current quote. */
struct item {
	const struct highlight *h;
	struct highlight q;  /* only exact, prefix, suffix (and start, end) used */
	uint32_t section;    /* where it starts; ARTICLE_NONE: before any, or orphan */
};

struct items {
	struct item *v;
	size_t n, placed;    /* v[0..placed) placed, v[placed..n) orphans */
};

static inline bool has(const char *s)
{
	return s && *s;
}

static inline bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The placed highlights of nb in document order, then the orphans in file
 * order, tombstones left out; release with export_items_release. */
void export_items_collect(struct items *it, const struct article *a, const struct notebook *nb);
void export_items_release(struct items *it);
/* The reader's name for colour c, or NULL. */
const char *export_label_of(const struct config *cfg, const char *c);
/* Write sb to out and flush: 0, or an errno value. */
int export_write_all(FILE *out, const struct strbuf *sb);
/* Iterate over the lines of *s (split at '\n'); *s is NULL after the last. */
bool export_next_line(const char **s, const char **line, size_t *n);
/* The note without its trailing newlines and spaces (malloc'd), or NULL. */
char *export_note_of(const struct highlight *h);
/* The article's path as the annotation file records it, or NULL. */
const char *export_article_path(const struct notebook *nb);

#endif
