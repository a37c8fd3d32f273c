#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/strbuf.h"
#include "glosa/xalloc.h"

char strbuf_empty_[1];

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;
	size_t cap;

	if (need <= sb->cap)
		return;
	cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap *= 2;
	if (sb->cap == 0) {
		sb->buf = xmalloc(cap);
		sb->buf[0] = '\0';
	} else {
		sb->buf = xrealloc(sb->buf, cap);
	}
	sb->cap = cap;
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	if (len == 0)
		return;
	strbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, char c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void strbuf_add_uc(struct strbuf *sb, unsigned int uc)
{
	char b[4];
	size_t n;

	if (uc < 0x80) {
		b[0] = (char)uc;
		n = 1;
	} else if (uc < 0x800) {
		b[0] = (char)(0xC0 | (uc >> 6));
		b[1] = (char)(0x80 | (uc & 0x3F));
		n = 2;
	} else if (uc < 0x10000) {
		b[0] = (char)(0xE0 | (uc >> 12));
		b[1] = (char)(0x80 | ((uc >> 6) & 0x3F));
		b[2] = (char)(0x80 | (uc & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (uc >> 18));
		b[1] = (char)(0x80 | ((uc >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((uc >> 6) & 0x3F));
		b[3] = (char)(0x80 | (uc & 0x3F));
		n = 4;
	}
	strbuf_add(sb, b, n);
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_truncate(struct strbuf *sb, size_t len)
{
	if (len >= sb->len)
		return;
	sb->len = len;
	sb->buf[len] = '\0';
}

void strbuf_reset(struct strbuf *sb)
{
	strbuf_truncate(sb, 0);
}

void strbuf_release(struct strbuf *sb)
{
	if (sb->cap)
		free(sb->buf);
	sb->buf = strbuf_empty_;
	sb->len = sb->cap = 0;
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *p;

	if (len)
		*len = sb->len;
	if (sb->cap == 0)
		return xstrdup("");
	p = sb->buf;
	sb->buf = strbuf_empty_;
	sb->len = sb->cap = 0;
	return p;
}
