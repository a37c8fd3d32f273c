/* Opening what the command line names: an article (a file, standard
 * input, or the built-in tour) and the reader's highlights for it.
 * Shared by the command line and the interactive session. */
#ifndef GLOSA_OPEN_H
#define GLOSA_OPEN_H

#include <stdbool.h>
#include <stddef.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/notebook.h"

/* Load the article at path (NULL: the built-in tour; "-": standard
 * input) in format (ARTICLE_FORMAT_AUTO: chosen by name and content). Returns 0, or a sysexits status with msg set to a complete
 * message ("NAME:LINE:COLUMN: what is wrong" or "NAME: strerror"). */
int open_article(const char *path, enum article_format format, struct article **out,
                 char *msg, size_t msglen);

/* Open the highlights of article a: from annotations when given, else
 * the default file for the article. Never fails: problems are in
 * nb->status (the file is left alone). Read-only unless writable. */
void open_notebook(struct notebook *nb, const struct article *a, const char *annotations,
                   const char *article_path, bool writable);

#endif
