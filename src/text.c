#include "config.h"

#include <unictype.h>
#include <unistr.h>
#include <uniwidth.h>

#include "glosa/text.h"

bool text_uc_unsafe(uint32_t uc)
{
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
	if (text_uc_unsafe(uc))
		return 1;
	w = uc_width(uc, "UTF-8");
	return w < 0 ? 1 : w;
}

int text_decode(const char *s, size_t n, uint32_t *uc)
{
	ucs4_t c;
	int k;

	if ((unsigned char)*s < 0x80) {
		*uc = (unsigned char)*s;
		return 1;
	}
	k = u8_mbtouc(&c, (const uint8_t *)s, n);
	*uc = c;
	return k < 1 ? 1 : k;
}

size_t text_width(const char *s, size_t n)
{
	size_t i = 0, w = 0;
	uint32_t uc;

	while (i < n) {
		i += (size_t)text_decode(s + i, n - i, &uc);
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

static void sanitize(struct strbuf *out, const char *s, size_t n, bool drop_zwj)
{
	size_t i = 0, run = 0;
	uint32_t uc, prev = 0;
	int k;

	/* Copy safe runs in one go; only the rare unsafe code point is re-encoded. */
	while (i < n) {
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			prev = (unsigned char)s[i];
			i++;
			continue;
		}
		k = text_decode(s + i, n - i, &uc);
		if (drop_zwj && text_drop_joiner(prev, uc)) {
			strbuf_add(out, s + run, i - run);
			i += (size_t)k;
			run = i;
			continue;
		}
		prev = uc;
		if (!text_uc_unsafe(uc) && !(uc == 0xFFFD && k == 1)) {
			i += (size_t)k;
			continue;
		}
		strbuf_add(out, s + run, i - run);
		strbuf_add_uc(out, text_uc_unsafe(uc) ? text_uc_symbol(uc) : 0xFFFD);
		i += (size_t)k;
		run = i;
	}
	strbuf_add(out, s + run, n - run);
}

void text_sanitize(struct strbuf *out, const char *s, size_t n)
{
	sanitize(out, s, n, false);
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
