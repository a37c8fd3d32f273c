/* Loading articles from bytes. Errors are returned, never printed: the
 * caller prints them as "NAME:LINE:COLUMN: MESSAGE". */
#ifndef GLOSA_LOADER_H
#define GLOSA_LOADER_H

#include <stdbool.h>
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
/* The formats glosa reads. */
enum article_format {
	ARTICLE_FORMAT_AUTO,     /* chosen by article_guess_format */
	ARTICLE_FORMAT_YAML,     /* glosa-article(5) */
	ARTICLE_FORMAT_MARKDOWN, /* CommonMark, with optional YAML front matter */
	ARTICLE_FORMAT_TEXT,     /* plain text, structure guessed */
};

/* Parse Markdown (CommonMark, through libcmark) with optional YAML front
 * matter. name is the file name as given ("-" for standard input): the
 * title when neither front matter nor a level-1 heading gives one. */
struct article *article_load_markdown(const char *data, size_t len, const char *name,
                                      struct load_error *err);
/* Parse plain text, guessing its structure (glosa-article(5) lists the
 * rules); name as for Markdown. */
struct article *article_load_text(const char *data, size_t len, const char *name,
                                  struct load_error *err);

/* The format of a file: by its extension (.yaml .yml, .md .markdown
 * .mdown .mkd, .txt .text), else by its content (glosa-article(5) says
 * how). path may be NULL or "-" (standard input): content only. */
enum article_format article_guess_format(const char *path, const char *data, size_t len);
/* Load data in format f (AUTO: guessed from name and content). name is
 * the file name as given, "-" for standard input. */
struct article *article_load(enum article_format f, const char *data, size_t len,
                             const char *name, struct load_error *err);

/* Read a Markdown file's YAML front matter into a (not finished): the
 * article's details (title, subtitle, author, date, lang, id, source,
 * summary), checked as in a YAML article; no sections or blocks. An empty
 * front matter is fine. first_line is the file's line number of yaml's
 * first line, for the positions in err. */
bool article_load_front_matter(struct article *a, const char *yaml, size_t len,
                               unsigned long first_line, struct load_error *err);

/* Shared by the importers: data checked to be UTF-8 (else NULL, with the
 * first bad byte's line, column and offset in err), without a byte-order
 * mark, with CRLF and lone CR turned into LF and NUL into U+FFFD. Returns
 * a malloc'd, NUL-terminated copy; *outlen excludes the NUL. */
char *import_prepare(const char *data, size_t len, size_t *outlen, struct load_error *err);
/* A title made from a file name: its last component without the
 * extension; "Standard input" for "-". Malloc'd. */
char *import_name_title(const char *name);
/* Give a (which found no title of its own) that title, or "Untitled"
 * when the name makes none, and mark it a title from a name. */
void import_title_from_name(struct article *a, const char *name);

/* Read a whole file ("-" is standard input) into a malloc'd buffer.
 * Returns 0, or an errno value (EISDIR for a directory). */
int loader_read_file(const char *path, char **data, size_t *len);

#endif
