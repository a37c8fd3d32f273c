/* The library: every article that has an annotation file, read from the
 * annotation folder without loading any article. Knows nothing of the
 * screen. */
#ifndef GLOSA_LIBRARY_H
#define GLOSA_LIBRARY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct library_entry {
	char *file;        /* the annotation file */
	char *title;       /* from the file; NULL if it has none */
	char *author;      /* NULL when unknown */
	char *path;        /* where the article was last opened; NULL: none */
	char *article_id;
	int highlights;    /* live (not deleted) highlights */
	int percent;       /* how far it was read, -1 when unknown */
	time_t opened;     /* when it was last opened (the file's mtime) */
	bool article_gone; /* path is set but no longer exists */
	char *error;       /* the file does not parse: "FILE:L:C: message" */
};

struct library {
	struct library_entry *e;
	size_t n;
};

/* Read every *.yaml in dir (NULL: the default annotation folder), newest
 * opened first. A missing folder is an empty library. Returns 0, or an
 * errno value when the folder cannot be read. */
int library_load(struct library *lib, const char *dir);
void library_release(struct library *lib);

#endif
