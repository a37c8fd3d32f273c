/* Loading articles from bytes. Errors are returned, never printed: the
 * caller prints them as "NAME:LINE:COLUMN: MESSAGE". */
#ifndef GLOSA_LOADER_H
#define GLOSA_LOADER_H

#include <stddef.h>

#include "glosa/article.h"

/* Where and what went wrong. line and column are 1-based; 0 when the
 * problem has no position (then the message says where, e.g. a byte
 * offset). */
struct load_error {
	unsigned long line, column;
	char message[512];
};

/* Parse a YAML article (article-format.md, version 1) from data[0..len).
 * On success returns a finished article (the caller frees it with
 * article_free); on failure returns NULL and fills *err. data need not be
 * NUL-terminated and is not kept. */
struct article *article_load_yaml(const char *data, size_t len, struct load_error *err);

/* Read a whole file ("-" is standard input) into a malloc'd buffer.
 * Returns 0, or an errno value (EISDIR for a directory). */
int loader_read_file(const char *path, char **data, size_t *len);

#endif
