/* A growable byte string.
 * Invariants: buf is never NULL and always NUL-terminated at buf[len];
 * a struct strbuf initialised with STRBUF_INIT needs no allocation until
 * the first append. strbuf_release frees and resets; strbuf_detach hands
 * the malloc'd buffer to the caller. */
#ifndef GLOSA_STRBUF_H
#define GLOSA_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap; /* 0 while buf points at the shared empty string */
};

extern char strbuf_empty_[1];
#define STRBUF_INIT { strbuf_empty_, 0, 0 }

/* Make room for at least extra more bytes plus the terminating NUL. */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
/* Append the UTF-8 encoding of code point uc. */
void strbuf_add_uc(struct strbuf *sb, unsigned int uc);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Keep the first len bytes. */
void strbuf_truncate(struct strbuf *sb, size_t len);
void strbuf_reset(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Return the buffer (malloc'd, NUL-terminated) and reset sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

#endif
