#include "config.h"

/* The plain-text importer's reading of a piece of text, knowing nothing
 * of lines or of the file: its characters and punctuation, its words, and
 * the phrases the rules look for (labels, numbers, dates, attributions,
 * bylines). The rules themselves are in import_text.c. */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unictype.h>

#include "glosa/text.h"

#include "import_text.h"

/* ---- Characters ------------------------------------------------------- */

uint32_t tx_first_uc(const char *s, size_t n)
{
	uint32_t uc = 0;

	if (n)
		text_decode(s, n, &uc);
	return uc;
}

/* The last code point of s[0..n) (n > 0) and where it starts. */
uint32_t tx_last_uc(const char *s, size_t n, size_t *at)
{
	size_t i = n - 1;
	uint32_t uc;

	while (i > 0 && n - i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	text_decode(s + i, n - i, &uc);
	if (at)
		*at = i;
	return uc;
}

bool tx_is_space_uc(uint32_t uc)
{
	return uc == ' ' || uc == '\t' || uc == '\f' || uc == '\v' ||
	       uc_is_property_white_space(uc) || uc == 0xFEFF;
}

static bool is_closer(uint32_t uc)
{
	switch (uc) {
	case '"': case '\'': case ')': case '*': case '_':
	case 0x2019: case 0x201D: case 0x00BB: case 0x203A: case 0x300D:
	case 0x300F: case 0xFF09: case 0x3011:
		return true;
	}
	return false;
}

bool tx_is_question(uint32_t uc)
{
	return uc == '?' || uc == 0xFF1F || uc == 0x061F || uc == 0x037E || uc == 0x203D ||
	       uc == 0x2047 || uc == 0x2048 || uc == 0x2049;
}

bool tx_is_colon(uint32_t uc)
{
	return uc == ':' || uc == 0xFF1A;
}

/* Punctuation that ends a sentence or a clause (the question mark, which
 * a heading may end in, aside). */
bool tx_is_sentence_end(uint32_t uc)
{
	switch (uc) {
	case '.': case '!': case ',': case ';': case ':': case 0x2026: case 0x3002:
	case 0xFF01: case 0xFF0C: case 0xFF1A: case 0xFF1B: case 0x3001: case 0x060C:
	case 0x061B: case 0x06D4: case 0x0964: case 0x0965: case 0x0589: case 0x203C:
	case 0xFF0E:
		return true;
	}
	return false;
}

bool tx_is_opener(uint32_t uc)
{
	switch (uc) {
	case 0x00BF: case 0x00A1: case '"': case 0x201C: case 0x00AB: case 0x2018:
	case 0x201E: case '(': case '\'':
		return true;
	}
	return false;
}

/* The closing mark of a quotation opened by uc, or 0 if uc opens none. */
uint32_t tx_quote_pair(uint32_t uc)
{
	switch (uc) {
	case '"':    return '"';
	case 0x201C: return 0x201D; /* “ ” */
	case 0x00AB: return 0x00BB; /* « » */
	case 0x2018: return 0x2019; /* ‘ ’ */
	case 0x201E: return 0x201C; /* „ “ */
	case 0x2039: return 0x203A; /* ‹ › */
	case 0x300C: return 0x300D; /* 「 」 */
	case 0x300E: return 0x300F; /* 『 』 */
	}
	return 0;
}

/* The last code point of s[0..n) that is not a closing quote or bracket
 * (0 when there is none). */
uint32_t tx_end_uc(const char *s, size_t n)
{
	size_t at;
	uint32_t uc;

	while (n > 0) {
		uc = tx_last_uc(s, n, &at);
		if (!is_closer(uc))
			return uc;
		n = at;
	}
	return 0;
}

bool tx_ends_sentence(const char *s, size_t n)
{
	return tx_is_sentence_end(tx_end_uc(s, n));
}

bool tx_ends_colon(const char *s, size_t n)
{
	return n > 0 && tx_is_colon(tx_last_uc(s, n, NULL));
}

/* s[0..n) without a final colon and the white space before it. */
size_t tx_drop_colon(const char *s, size_t n)
{
	size_t at;

	if (n > 0 && tx_is_colon(tx_last_uc(s, n, &at)))
		n = at;
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

bool tx_starts_lower(const char *s, size_t n)
{
	return n > 0 && uc_is_lower(tx_first_uc(s, n));
}

/* Written in capitals: two or more capitals and no small letter. */
bool tx_all_caps(const char *s, size_t n)
{
	size_t i = 0, upper = 0;
	uint32_t uc;

	while (i < n) {
		i += (size_t)text_decode(s + i, n - i, &uc);
		if (uc_is_lower(uc))
			return false;
		if (uc_is_upper(uc))
			upper++;
	}
	return upper >= 2;
}

bool tx_has_letter(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t uc;

	while (i < n) {
		i += (size_t)text_decode(s + i, n - i, &uc);
		if (uc_is_alpha(uc))
			return true;
	}
	return false;
}

size_t tx_count_words(const char *s, size_t n)
{
	size_t i, words = 0;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t'))
			words++;
	return words;
}

bool tx_contains(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return true;
	return false;
}

unsigned tx_clamp_width(size_t w)
{
	return w > UINT_MAX / 4 ? UINT_MAX / 4 : (unsigned)w;
}

/* Width of the first word of s[0..n), counted only up to limit. */
unsigned tx_first_word_width(const char *s, size_t n, unsigned limit)
{
	size_t i = 0;

	while (i < n && s[i] != ' ' && s[i] != '\t' && i <= (size_t)limit * 4)
		i++;
	return tx_clamp_width(text_width(s, i));
}

/* ---- Words and phrases ------------------------------------------------ */

/* Bytes of a speaker's label at the start of s ("Q: ", "Ana Pérez: ",
 * "A. "), the space after it included; 0 if none. */
size_t tx_speaker_label(const char *s, size_t n)
{
	size_t j = 0;
	unsigned cols = 0, spaces = 0;
	uint32_t uc, prev = 0;

	if (n >= 4 && s[0] && strchr("QAPR", s[0]) && s[1] == '.' && s[2] == ' ')
		return 3;
	if (!uc_is_upper(tx_first_uc(s, n)))
		return 0;
	while (j < n && cols <= 24) {
		int k = text_decode(s + j, n - j, &uc);
		if (uc == ':')
			return j + 2 < n && s[j + 1] == ' ' ? j + 2 : 0;
		if (uc == ' ') {
			if (++spaces > 2 || prev == ' ')
				return 0;
		} else if (!(uc_is_alnum(uc) || uc == '.' || uc == '\'' || uc == 0x2019 || uc == '-')) {
			return 0;
		}
		prev = uc;
		cols++;
		j += (size_t)k;
	}
	return 0;
}

static bool starts_with_ci(const char *s, size_t n, const char *word)
{
	size_t k = strlen(word), i;

	if (n < k)
		return false;
	for (i = 0; i < k; i++)
		if ((s[i] | 0x20) != word[i])
			return false;
	return true;
}

/* A copyright notice ("Copyright (C) 2007 ...", "© 2020 ..."). */
bool tx_copyright(const char *s, size_t n)
{
	return starts_with_ci(s, n, "copyright") || tx_first_uc(s, n) == 0x00A9;
}

/* "2.3 " or "2.3. " at the start of s (a numbered heading that is not a
 * list item). */
bool tx_dotted_number(const char *s, size_t n)
{
	size_t i = 0, parts = 0;

	for (;;) {
		size_t d = i;
		while (i < n && s[i] >= '0' && s[i] <= '9' && i - d < 3)
			i++;
		if (i == d)
			return false;
		parts++;
		if (i < n && s[i] == '.' && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
			i++;
			continue;
		}
		break;
	}
	if (i < n && s[i] == '.')
		i++;
	return parts >= 2 && i < n && s[i] == ' ';
}

/* Bytes of the dash at the start of s (— – ― -- or -), or 0. */
static size_t dash_len(const char *s, size_t n)
{
	static const char *const dashes[] = {
		"\xE2\x80\x94", "\xE2\x80\x93", "\xE2\x80\x95", "--", "-",
	};
	size_t d, k;

	for (d = 0; d < sizeof dashes / sizeof *dashes; d++) {
		k = strlen(dashes[d]);
		if (n > k && memcmp(s, dashes[d], k) == 0)
			return k;
	}
	return 0;
}

/* The attribution of a line "— Name" / "- Name": its bytes, or NULL. */
const char *tx_attribution(const char *s, size_t n, size_t *an)
{
	size_t k = dash_len(s, n), j;

	if (k == 0)
		return NULL;
	if (k < 3 && s[k] != ' ')
		return NULL; /* "-" and "--" need a space; the long dashes do not */
	for (j = k; j < n && (s[j] == ' ' || s[j] == '\t'); j++)
		;
	if (j == n || text_width(s + j, n - j) > CREDIT_MAX || s[j] == '-' ||
	    tx_starts_lower(s + j, n - j))
		return NULL;
	*an = n - j;
	return s + j;
}

/* The attribution following the closing quote mark on the last line
 * ("“…” — Name"): sets *cut to the length of the line before it. */
const char *tx_inline_attribution(const char *s, size_t n, size_t *an, size_t *cut)
{
	size_t i = 0, last = 0, after = 0;
	uint32_t uc;

	/* Only the last closing mark followed by a space and a dash is
	 * tried: the name runs to the end of the line. */
	while (i < n) {
		size_t k = (size_t)text_decode(s + i, n - i, &uc), j = i + k;
		if (uc == '"' || uc == 0x201D || uc == 0x00BB || uc == 0x2019 || uc == 0x203A ||
		    uc == 0x300D || uc == 0x300F) {
			while (j < n && s[j] == ' ')
				j++;
			if (j > i + k && j < n && dash_len(s + j, n - j)) {
				last = i + k;
				after = j;
			}
		}
		i += k;
	}
	if (!after)
		return NULL;
	*cut = last;
	return tx_attribution(s + after, n - after, an);
}

/* A date written in digits: "2024-03-01", "1.3.2024", "12/31/99". */
bool tx_is_date(const char *s, size_t n)
{
	size_t i, seps = 0, digits = 0;

	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if ((s[i] == '-' || s[i] == '/' || s[i] == '.') && i > 0 && s[i - 1] >= '0' &&
		         s[i - 1] <= '9')
			seps++;
		else
			return false;
	}
	return seps == 2 && digits >= 4 && digits <= 8;
}

/* A heading between decorations: "*** Warning ***", "== Title ==". */
bool tx_decorated(const char *s, size_t n, size_t *ts, size_t *tn)
{
	size_t a = 0, b = n;

	if (n == 0 || !s[0] || !strchr("*=#~-+", s[0]))
		return false;
	while (a < n && s[a] == s[0])
		a++;
	while (b > a && s[b - 1] == s[0])
		b--;
	if (a < 2 || n - b < 2 || b == a)
		return false;
	while (a < b && s[a] == ' ')
		a++;
	while (b > a && s[b - 1] == ' ')
		b--;
	*ts = a;
	*tn = b - a;
	return tx_has_letter(s + a, b - a);
}

/* s[0..n) without a trailing " -" or " —" (a decoration). */
size_t tx_drop_dash(const char *s, size_t n)
{
	size_t at;
	uint32_t uc;

	if (n < 3)
		return n;
	uc = tx_last_uc(s, n, &at);
	if ((uc == '-' || uc == 0x2013 || uc == 0x2014) && at > 0 && s[at - 1] == ' ') {
		n = at;
		while (n > 0 && s[n - 1] == ' ')
			n--;
	}
	return n;
}

/* Is s[0..n) followed by t a word broken at a hyphen ("well-" "known")? */
bool tx_hyphen_join(const char *s, size_t n, const char *t, size_t tn)
{
	size_t at;

	if (n < 2 || s[n - 1] != '-' || !uc_is_alpha(tx_first_uc(t, tn)))
		return false;
	return uc_is_alpha(tx_last_uc(s, n - 1, &at));
}

/* "by Ana Pérez" / "por Ana Pérez": the name's bytes, or NULL. The name
 * starts with a capital and has at most 8 words ("By the way" is no
 * byline). */
const char *tx_byline(const char *s, size_t n, size_t *an)
{
	static const char *const words[] = { "by ", "por " };
	size_t w;

	for (w = 0; w < sizeof words / sizeof *words; w++) {
		size_t k = strlen(words[w]);
		if (starts_with_ci(s, n, words[w]) && n > k && uc_is_upper(tx_first_uc(s + k, n - k)) &&
		    tx_count_words(s + k, n - k) <= SHORT_WORDS) {
			*an = n - k;
			return s + k;
		}
	}
	return NULL;
}
