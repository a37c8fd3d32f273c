#include "config.h"

#include <unictype.h>
#include <unistr.h>
#include <uniwidth.h>

#include "glosa/text.h"

/* Width of the non-ASCII code point uc when it lies in a range of the
 * common scripts where every code point is safe and of one width (a
 * shortcut past the property and width tables; tests/unit/
 * test_speedpaths.c checks every code point against the full rule), or
 * -1 when uc must go the long way. */
static inline int fast_width(uint32_t uc)
{
	if (uc < 0x370)
		return uc >= 0x300 ? 0 : (uc >= 0xA0 && uc != 0xAD) ? 1 : -1;
	if (uc <= 0x482)
		return 1; /* Greek, Cyrillic */
	if (uc < 0x1E00)
		return -1;
	if (uc <= 0x200A)
		return 1; /* Latin extended additional, polytonic Greek, spaces */
	if (uc < 0x2E80) {
		if ((uc >= 0x2010 && uc <= 0x2027) || (uc >= 0x202F && uc <= 0x205F) ||
		    (uc >= 0x23F4 && uc <= 0x25FC))
			return 1; /* punctuation, box drawing */
		return -1;
	}
	if (uc <= 0x3029 || (uc >= 0x3040 && uc <= 0x3098) || (uc >= 0x309B && uc <= 0x3247) ||
	    (uc >= 0x3250 && uc <= 0x4DBF) || (uc >= 0x4E00 && uc <= 0xA4CF) ||
	    (uc >= 0xAC00 && uc <= 0xD7A3) || (uc >= 0xFF00 && uc <= 0xFF60))
		return 2; /* CJK, kana, Hangul, full-width forms */
	return -1;
}

void text_escape_unsafe(struct strbuf *sb, size_t from)
{
	struct strbuf out = STRBUF_INIT;
	const unsigned char *u = (const unsigned char *)sb->buf;
	size_t i, n = sb->len, done = from;

	for (i = from; i < n;) {
		uint32_t uc;
		int k;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		k = text_decode(sb->buf + i, n - i, &uc);
		if (text_uc_unsafe(uc)) {
			strbuf_add(&out, sb->buf + done, i - done);
			strbuf_addf(&out, uc > 0xFFFF ? "\\U%08X" : "\\u%04X", (unsigned)uc);
			done = i + (size_t)k;
		}
		i += (size_t)k;
	}
	if (done == from)
		return;
	strbuf_add(&out, sb->buf + done, n - done);
	strbuf_truncate(sb, from);
	strbuf_add(sb, out.buf, out.len);
	strbuf_release(&out);
}

bool text_uc_unsafe(uint32_t uc)
{
	if (uc >= 0xA0 && fast_width(uc) >= 0)
		return false;
	if (uc < 0x20 || (uc >= 0x7F && uc < 0xA0))
		return true;
	if (uc == 0x2028 || uc == 0x2029)
		return true;
	if (uc_is_property_bidi_control(uc))
		return true;
	return uc_width(uc, "UTF-8") < 0;
}

uint32_t text_uc_symbol(uint32_t uc)
{
	if (uc < 0x20)
		return 0x2400 + uc; /* SYMBOL FOR NULL ... UNIT SEPARATOR */
	if (uc == 0x7F)
		return 0x2421;      /* SYMBOL FOR DELETE */
	return 0xFFFD;
}

int text_uc_width(uint32_t uc)
{
	int w;

	if (uc < 0x7F)
		return 1; /* printable ASCII, or a C0 control shown as one symbol */
	w = fast_width(uc);
	if (w >= 0)
		return w;
	if (text_uc_unsafe(uc))
		return 1;
	w = uc_width(uc, "UTF-8");
	return w < 0 ? 1 : w;
}

/* Decode the non-ASCII code point at s: well-formed two- and three-byte
 * sequences inline, all else (and every invalid byte) by u8_mbtouc. */
static inline int decode_high(const char *s, size_t n, uint32_t *uc)
{
	const unsigned char *u = (const unsigned char *)s;
	ucs4_t c;
	int k;

	if (u[0] >= 0xC2 && u[0] < 0xE0 && n >= 2 && (u[1] & 0xC0) == 0x80) {
		*uc = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
		return 2;
	}
	if (u[0] >= 0xE0 && u[0] < 0xF0 && n >= 3 && (u[1] & 0xC0) == 0x80 &&
	    (u[2] & 0xC0) == 0x80) {
		c = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
		    (u[2] & 0x3F);
		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*uc = c;
			return 3;
		}
	}
	k = u8_mbtouc(&c, (const uint8_t *)s, n);
	*uc = c;
	return k < 1 ? 1 : k;
}

int text_decode(const char *s, size_t n, uint32_t *uc)
{
	if ((unsigned char)*s < 0x80) {
		*uc = (unsigned char)*s;
		return 1;
	}
	return decode_high(s, n, uc);
}

size_t text_width(const char *s, size_t n)
{
	size_t i = 0, w = 0;
	uint32_t uc;

	while (i < n) {
		if ((unsigned char)s[i] < 0x7F) { /* one column, C0 controls too */
			w++;
			i++;
			continue;
		}
		i += (size_t)decode_high(s + i, n - i, &uc);
		w += (size_t)text_uc_width(uc);
	}
	return w;
}

/* Terminals disagree on emoji joined by ZERO WIDTH JOINER: some draw the
 * sequence as one two-column picture, others each part, so the cursor
 * would no longer be where curses thinks. Without the joiner every
 * terminal draws the parts side by side, at the width glosa measured. */
bool text_drop_joiner(uint32_t prev, uint32_t uc)
{
	return uc == 0x200D && prev >= 0x80 &&
	       (uc_is_property_emoji(prev) || uc_is_property_emoji_component(prev) ||
	        prev == 0xFE0F);
}

/* Append s[0..n) sanitised (see text.h) and return the width of what was
 * appended, as text_width would measure it: every code point kept counts
 * text_uc_width of itself (decoded at the same boundaries as text_width
 * will decode the copy), a replacement that of its symbol, a dropped
 * joiner nothing. */
static size_t sanitize(struct strbuf *out, const char *s, size_t n, bool drop_zwj)
{
	size_t i = 0, run = 0, w = 0;
	uint32_t uc, prev = 0;
	int k, fw;

	/* Copy safe runs in one go; only the rare unsafe code point is re-encoded. */
	while (i < n) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			prev = (unsigned char)s[i];
			i++;
			w++;
			continue;
		}
		k = text_decode(s + i, n - i, &uc);
		if (uc >= 0xA0 && (fw = fast_width(uc)) >= 0) { /* safe, common */
			prev = uc;
			i += (size_t)k;
			w += (size_t)fw;
			continue;
		}
		if (drop_zwj && text_drop_joiner(prev, uc)) {
			strbuf_add(out, s + run, i - run);
			i += (size_t)k;
			run = i;
			continue;
		}
		prev = uc;
		if (!text_uc_unsafe(uc) && !(uc == 0xFFFD && k == 1)) {
			i += (size_t)k;
			w += (size_t)text_uc_width(uc);
			continue;
		}
		strbuf_add(out, s + run, i - run);
		uc = text_uc_unsafe(uc) ? text_uc_symbol(uc) : 0xFFFD;
		strbuf_add_uc(out, uc);
		w += (size_t)text_uc_width(uc);
		i += (size_t)k;
		run = i;
	}
	strbuf_add(out, s + run, n - run);
	return w;
}

void text_sanitize(struct strbuf *out, const char *s, size_t n)
{
	sanitize(out, s, n, false);
}

size_t text_sanitize_width(struct strbuf *out, const char *s, size_t n)
{
	return sanitize(out, s, n, false);
}

void text_sanitize_terminal(struct strbuf *out, const char *s, size_t n)
{
	sanitize(out, s, n, true);
}

size_t text_codepoints(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	uint32_t uc;

	while (i < n) {
		i += (size_t)text_decode(s + i, n - i, &uc);
		count++;
	}
	return count;
}

size_t text_cp_to_byte(const char *s, size_t n, size_t cp)
{
	size_t i = 0;
	uint32_t uc;

	while (i < n && cp > 0) {
		i += (size_t)text_decode(s + i, n - i, &uc);
		cp--;
	}
	return i;
}
