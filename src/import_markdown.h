/* Private to the Markdown importer: what its three files share.
 * import_markdown_input.c works on the bytes before libcmark parses them:
 * it finds and loads the YAML front matter and defuses the "![[]()" runs
 * that take libcmark 0.30.2 quadratic time; import_markdown_inline.c
 * builds one block's text and spans from its inline nodes and tells a
 * GitHub table from a paragraph; import_markdown.c holds the entry point
 * and walks the tree into the article's sections and blocks. Not a module
 * header: include it from those files only. */
#ifndef GLOSA_IMPORT_MARKDOWN_H
#define GLOSA_IMPORT_MARKDOWN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmark.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/strbuf.h"

/* One block's inline content, built as markup_parse would make it. The
 * caller sets text, urls and scratch to STRBUF_INIT and budget before the
 * first use, and releases them and spans after the last. */
struct inl {
	struct strbuf text;
	struct span *spans;
	size_t nspans, cap;
	struct strbuf urls;        /* link targets, indexed by the spans */
	bool space;                /* a folded space is pending */
	unsigned breaks;           /* line breaks pending */
	uint8_t last_attr;         /* attributes of the last run written */
	uint32_t last_url;
	unsigned em, strong, link, image; /* open emphasis, links, images */
	uint32_t url_off, url_len; /* the open link's target in urls */
	bool link_on;              /* the open link is kept */
	uint8_t image_attr;        /* attributes around the open image */
	bool image_open;           /* its "[image:" is written */
	bool plain;                /* a title: a hard break is a space */
	bool code_edge;            /* a code span began or ended since the last run */
	bool table;                /* a table: one row a line, no delimiter row */
	unsigned row;              /* the table's row being read */
	struct strbuf scratch;     /* a table's code span, escapes undone */
	unsigned lines;            /* soft and hard breaks met */
	size_t line_start;         /* text's length at the last break: where
	                            * the last line starts (after a space) */
	/* Link targets the article may still store. A reference link repeats
	 * its definition's target, and the model stores a target once per
	 * span: without a bound, a small file could make a huge article. */
	size_t *budget;
};

/* Is c white space as CommonMark folds it (space, tab, LF, CR)? */
static inline bool md_is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ---- import_markdown_input.c: the bytes before the parse ---- */

/* Load s[0..n)'s front matter into a; *body: where the Markdown starts. */
bool md_front_matter(struct article *a, const char *s, size_t n, size_t *body,
                     struct load_error *err);
/* s[0..n) with the costly runs' "![" escaped, malloc'd; NULL if none. */
char *md_defuse_images(const char *s, size_t n, size_t *outlen);

/* ---- import_markdown_inline.c: text, spans and tables ---- */

/* Empty ib for a new block: no text, spans or links, nothing open. */
void md_inl_reset(struct inl *ib);
/* Add an inline node met by the walk (entered or left, as ev says). */
void md_inl_node(struct inl *ib, cmark_node *node, cmark_event_type ev);
/* Is the paragraph a GitHub table (CommonMark's paragraph, GFM's table)? */
bool md_is_table(cmark_node *para);

#endif
