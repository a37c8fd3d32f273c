/* Allocation that cannot fail: on exhaustion the program leaves the
 * terminal as it found it, says so, and exits (like htop's xMalloc). */
#ifndef GLOSA_XALLOC_H
#define GLOSA_XALLOC_H

#include <stddef.h>

/* malloc/calloc/realloc/strdup that never return NULL. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Function run before the out-of-memory message is printed (the UI sets
 * one that ends curses mode). NULL clears it. */
void xalloc_set_panic_hook(void (*hook)(void));

/* Grow *array so that it holds at least need elements of size elem; *cap
 * is updated. Amortised doubling. */
void xgrow(void **array, size_t *cap, size_t need, size_t elem);
#define XGROW(arr, cap, need) xgrow((void **)&(arr), &(cap), (need), sizeof *(arr))

#endif
