#include "config.h"

/* The plain-text importer's view of the file: its lines and chunks, its
 * wrap width, and what a line could be (a rule, an underline, a list
 * item, a heading; whether a heading makes one where it stands) and
 * whether a chunk is prose or verbatim. The rules are in import_text.c. */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>

#include "glosa/text.h"
#include "glosa/xalloc.h"

#include "import_text.h"

#define HIST_MAX 1024    /* widths counted for the wrap width */

/* ---- Lines ------------------------------------------------------------ */

/* Line i's content (past the last line: the empty string at the end). */
const char *tx_content(const struct importer *p, size_t i)
{
	return i < p->n ? p->buf + p->lines[i].off : "";
}

bool tx_blank_at(const struct importer *p, size_t i)
{
	return i >= p->n || p->lines[i].blank;
}

void tx_split_lines(struct importer *p, const char *buf, size_t len)
{
	size_t cap = 0, i = 0;

	p->buf = buf;
	while (i < len) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) : len, j = i, k;
		unsigned col = 0;
		struct line *l;
		uint32_t uc;

		XGROW(p->lines, cap, p->n + 1);
		l = &p->lines[p->n++];
		memset(l, 0, sizeof *l);
		l->raw = i;
		/* Indentation: spaces, tabs and other white space. */
		while (j < end) {
			int k1 = text_decode(buf + j, end - j, &uc);
			if (uc == '\t') {
				col = (col / TAB_WIDTH + 1) * TAB_WIDTH;
				l->tab = true;
			} else if (uc == ' ') {
				col++;
			} else if (tx_is_space_uc(uc)) {
				int w = text_uc_width(uc);
				col += w > 0 ? (unsigned)w : 0;
			} else {
				break;
			}
			j += (size_t)k1;
			if (col > UINT_MAX / 8)
				col = UINT_MAX / 8;
		}
		k = end;
		while (k > j) {
			size_t at;
			if (!tx_is_space_uc(tx_last_uc(buf + j, k - j, &at)))
				break;
			k = j + at;
		}
		l->indent = col;
		l->off = j;
		l->len = k - j;
		l->blank = l->len == 0;
		l->width = tx_clamp_width(text_width(buf + j, k - j));
		i = nl ? end + 1 : len;
	}
}

/* Chunks, and which lines start a run of heading candidates. */
void tx_split_chunks(struct importer *p)
{
	size_t i = 0, cap = 0, k;

	while (i < p->n) {
		struct chunk *c;
		if (p->lines[i].blank) {
			i++;
			continue;
		}
		XGROW(p->chunks, cap, p->nchunks + 1);
		c = &p->chunks[p->nchunks];
		memset(c, 0, sizeof *c);
		c->first = i;
		c->min_indent = UINT_MAX;
		while (i < p->n && !p->lines[i].blank) {
			p->lines[i].chunk = (uint32_t)p->nchunks;
			if (p->lines[i].indent < c->min_indent)
				c->min_indent = p->lines[i].indent;
			i++;
		}
		c->end = i;
		p->nchunks++;
	}
	/* Runs of candidates: each of a run gets its length. */
	for (k = 0; k < p->nchunks;) {
		size_t r = k, ts, tn;
		while (r < p->nchunks && p->chunks[r].end - p->chunks[r].first == 1) {
			enum head h = tx_heading_kind(p, p->chunks[r].first, &ts, &tn);
			if (h == HEAD_NO || h == HEAD_OUTLINE)
				break;
			r++;
		}
		for (i = k; i < r; i++) {
			p->chunks[i].run = (uint32_t)(r - k);
			p->chunks[i].content_after = r < p->nchunks;
		}
		k = r > k ? r : k + 1;
	}
}

/* The file's wrap width: 90% of the lines that continue a chunk are no
 * wider. 0 when fewer than three lines do. */
unsigned tx_wrap_width(const struct importer *p)
{
	size_t *hist = xcalloc(HIST_MAX + 1, sizeof *hist), i, total = 0, sum = 0;
	unsigned w = 0;

	for (i = 0; i + 1 < p->n; i++) {
		const struct line *l = &p->lines[i];
		unsigned end;
		if (l->blank || p->lines[i + 1].blank)
			continue;
		end = l->indent + l->width;
		hist[end > HIST_MAX ? HIST_MAX : end]++;
		total++;
	}
	if (total >= 3) {
		for (w = 0; w <= HIST_MAX; w++) {
			sum += hist[w];
			if (sum * 10 >= total * 9)
				break;
		}
	}
	free(hist);
	return w;
}

/* ---- What a line is --------------------------------------------------- */

/* The character a rule line is made of (3 or more of one of "-=*_~#+^",
 * with spaces between them when spaced), or 0. */
static char rule_char(const struct importer *p, size_t i, bool spaced)
{
	const char *s = tx_content(p, i);
	size_t n = p->lines[i].len, k, count = 0;
	char c;

	if (p->lines[i].blank || !s[0] || !strchr("-=*_~#+^", s[0]))
		return 0;
	c = s[0];
	for (k = 0; k < n; k++) {
		if (s[k] == c)
			count++;
		else if (!(spaced && (s[k] == ' ' || s[k] == '\t')))
			return 0;
	}
	return count >= 3 ? c : 0;
}

bool tx_is_rule(const struct importer *p, size_t i)
{
	char c = rule_char(p, i, true);
	return c != 0 && c != '^';
}

bool tx_is_underline(const struct importer *p, size_t i)
{
	return !tx_blank_at(p, i) && rule_char(p, i, false) != 0;
}

bool tx_parse_marker(const struct importer *p, size_t i, struct marker *m)
{
	static const char *const bullets[] = {
		"\xE2\x80\xA2", "-", "*", "\xC2\xB7", "+", "\xE2\x97\xA6", "\xE2\x80\xA3",
		"\xE2\x96\xAA", "\xE2\x97\x8F", "\xE2\x97\x8B", "\xE2\x96\xA0", "\xE2\x96\xA1",
		"\xE2\x96\xBA", "\xE2\x96\xB8",
	};
	const char *s = tx_content(p, i);
	size_t n = tx_blank_at(p, i) ? 0 : p->lines[i].len, j = 0, d, b;

	memset(m, 0, sizeof *m);
	if (n < 2)
		return false;
	if (s[0] == '(' ) {
		for (d = 1; d < n && d <= 3 && s[d] >= '0' && s[d] <= '9'; d++)
			;
		if (d > 1 && d < n && s[d] == ')') {
			m->kind = MARK_NUMBER;
			m->number = (uint32_t)strtoul(s + 1, NULL, 10);
		} else if (n > 2 && s[1] >= 'a' && s[1] <= 'z' && s[2] == ')') {
			m->kind = MARK_LETTER;
			m->number = (uint32_t)(s[1] - 'a' + 1);
			d = 2;
		} else {
			return false;
		}
		m->style = '(';
		j = d + 1;
	} else if (s[0] >= '0' && s[0] <= '9') {
		for (d = 0; d < n && s[d] >= '0' && s[d] <= '9'; d++)
			;
		if (d > 3 || d >= n || (s[d] != '.' && s[d] != ')'))
			return false;
		m->kind = MARK_NUMBER;
		m->number = (uint32_t)strtoul(s, NULL, 10);
		m->style = s[d];
		j = d + 1;
	} else if (s[0] >= 'a' && s[0] <= 'z' && (s[1] == '.' || s[1] == ')')) {
		m->kind = MARK_LETTER;
		m->number = (uint32_t)(s[0] - 'a' + 1);
		m->style = s[1];
		j = 2;
	} else {
		for (b = 0; b < sizeof bullets / sizeof *bullets; b++) {
			size_t k = strlen(bullets[b]);
			if (n > k && memcmp(s, bullets[b], k) == 0) {
				m->kind = MARK_BULLET;
				m->style = (char)('A' + b);
				j = k;
				break;
			}
		}
		if (m->kind == MARK_NONE)
			return false;
	}
	if (j >= n || (s[j] != ' ' && s[j] != '\t')) {
		m->kind = MARK_NONE;
		return false;
	}
	while (j < n && (s[j] == ' ' || s[j] == '\t'))
		j++;
	m->skip = j;
	m->col = p->lines[i].indent + tx_clamp_width(text_width(s, j));
	return true;
}

/* What kind of heading line i could be, ignoring what is around it; the
 * title is content bytes [*ts, *ts + *tn). */
enum head tx_heading_kind(const struct importer *p, size_t i, size_t *ts, size_t *tn)
{
	const struct line *l = &p->lines[i];
	const char *s = tx_content(p, i);
	size_t n = l->len, k = 0, at;
	struct marker m;
	bool numbered = false;
	uint32_t end;

	*ts = 0;
	*tn = n;
	if (l->blank || l->width > HEADING_MAX || rule_char(p, i, true))
		return HEAD_NO;
	if (tx_decorated(s, n, ts, tn))
		return HEAD_OUTLINE;
	if (l->indent == 0 && s[0] == '*') {
		while (k < n && s[k] == '*')
			k++;
		if (k < n && s[k] == ' ') {
			while (k < n && s[k] == ' ')
				k++;
			*ts = k;
			*tn = tx_drop_colon(s + k, n - k);
			end = tx_end_uc(s + k, *tn);
			if (*tn == 0 || !tx_has_letter(s + k, *tn) || tx_is_sentence_end(end))
				return HEAD_NO;
			return HEAD_OUTLINE;
		}
	}
	if (tx_parse_marker(p, i, &m)) {
		if (m.kind != MARK_NUMBER || m.style == '(')
			return HEAD_NO;
		numbered = true;
		k = m.skip;
	} else if (tx_dotted_number(s, n)) {
		numbered = true;
		while (k < n && s[k] != ' ')
			k++;
		k++;
	}
	end = tx_first_uc(s, n);
	if (!(uc_is_alnum(end) || tx_is_opener(end)) || tx_starts_lower(s + k, n - k))
		return HEAD_NO;
	if (tx_contains(s, n, "://") || memchr(s, '@', n) || !(tx_has_letter(s, n) || tx_is_date(s, n)) ||
	    tx_copyright(s, n) ||
	    (tx_quote_pair(end) && tx_inline_attribution(s, n, &at, &at)))
		return HEAD_NO;
	/* Two sentences are a paragraph, unless short ("Part I. Youth"). */
	if (tx_contains(s + k, n - k, ". ") && tx_count_words(s + k, n - k) > SHORT_WORDS)
		return HEAD_NO;
	end = tx_end_uc(s, n);
	if (end == 0 || end == ']' || end == '}')
		return HEAD_NO; /* "[bug introduced in 3.5]" */
	if (tx_is_question(end))
		return tx_speaker_label(s, n) ? HEAD_NO : HEAD_QUESTION;
	if (tx_is_colon(end)) {
		if (!tx_all_caps(s, n))
			return HEAD_NO;
		*tn = tx_drop_colon(s, n);
		return HEAD_CAPS;
	}
	if (end == '.' && numbered) {
		tx_last_uc(s, n, &at);
		if (l->width <= SHORT_MAX && tx_count_words(s + k, n - k) <= SHORT_WORDS &&
		    !tx_contains(s + k, at - k, ". "))
			return HEAD_NUMBERED;
		return HEAD_NO;
	}
	if (tx_is_sentence_end(end))
		return HEAD_NO;
	*tn = tx_drop_dash(s, n);
	return numbered ? HEAD_NUMBERED : tx_all_caps(s, n) ? HEAD_CAPS : HEAD_PLAIN;
}

/* Lines taken by an underlined heading at i: 2 (the text and its
 * underline), 3 (overline, text, underline) or 0. */
size_t tx_setext_at(const struct importer *p, size_t i)
{
	const struct line *l = &p->lines[i];
	struct marker m;

	if (tx_blank_at(p, i))
		return 0;
	/* The underline about as long as the text (a much longer one is a
	 * rule under a paragraph), the text not a sentence's end. */
	if (!tx_is_underline(p, i) && tx_is_underline(p, i + 1) && l->width <= HEADING_MAX &&
	    !(tx_parse_marker(p, i, &m) && m.kind == MARK_BULLET) &&
	    p->lines[i + 1].width * 2 >= l->width &&
	    p->lines[i + 1].width <= l->width * 2 + 4 &&
	    (!tx_ends_sentence(tx_content(p, i), l->len) || tx_is_colon(tx_end_uc(tx_content(p, i), l->len))))
		return 2;
	if (tx_is_underline(p, i) && !tx_blank_at(p, i + 1) && !tx_is_underline(p, i + 1) &&
	    tx_is_underline(p, i + 2) && tx_content(p, i)[0] == tx_content(p, i + 2)[0] &&
	    p->lines[i + 1].width <= HEADING_MAX)
		return 3;
	return 0;
}

bool tx_single_line(const struct importer *p, size_t i)
{
	const struct chunk *c;

	if (i >= p->n || p->lines[i].blank)
		return false;
	c = &p->chunks[p->lines[i].chunk];
	return c->first == i && c->end == i + 1;
}

/* The first line of the chunk after line i's, or p->n. */
size_t tx_next_chunk(const struct importer *p, size_t i)
{
	uint32_t k = p->lines[i].chunk + 1;
	return k < p->nchunks ? p->chunks[k].first : p->n;
}

/* Is line i a web address and nothing else? */
static bool lone_url(const struct importer *p, size_t i)
{
	return tx_single_line(p, i) && tx_contains(tx_content(p, i), p->lines[i].len, "://") &&
	       !memchr(tx_content(p, i), ' ', p->lines[i].len);
}

/* Does a line standing alone at i, of kind h, make a heading here? */
bool tx_heading_ok(const struct importer *p, size_t i, enum head h)
{
	const struct chunk *c = &p->chunks[p->lines[i].chunk];
	size_t next = tx_next_chunk(p, i), ts, tn;
	struct marker m, mn;

	if (h == HEAD_NO)
		return false;
	if (h == HEAD_OUTLINE) /* "* Title" over "* item" is a list */
		return !(tx_content(p, i)[1] == ' ' && tx_parse_marker(p, next, &mn) &&
		         mn.kind == MARK_BULLET && p->lines[next].indent == 0);
	if (p->prev_colon || c->run >= 3 || !c->content_after)
		return false;
	/* "Download it from" over an address or a command introduces it. */
	if (next < p->n && !tx_parse_marker(p, next, &mn) &&
	    (p->chunks[p->lines[next].chunk].min_indent >= p->ctx + 4 || lone_url(p, next) ||
	     (p->chunks[p->lines[next].chunk].min_indent >= p->ctx + 2 &&
	      tx_chunk_is_verbatim(p, next))))
		return false;
	if (tx_parse_marker(p, i, &m) && tx_parse_marker(p, next, &mn) && mn.kind == m.kind &&
	    mn.style == m.style && mn.number == m.number + 1)
		return false; /* a list with blank lines between its items */
	if (h == HEAD_QUESTION) {
		if (tx_parse_marker(p, next, &mn) || !tx_single_line(p, next) ? false
		    : tx_heading_kind(p, next, &ts, &tn) != HEAD_NO)
			return false;
		if (tx_parse_marker(p, next, &mn) || tx_setext_at(p, next))
			return false;
	}
	return true;
}

/* Is line i centred on the page (as licenses centre their headings)? */
bool tx_centered(const struct importer *p, size_t i)
{
	const struct line *l = &p->lines[i];
	long long mid = 2LL * l->indent + l->width, page = p->center;

	return !l->tab && l->indent >= 8 && llabs(mid - page) <= page / 4;
}

/* ---- Prose or verbatim ------------------------------------------------- */

/* Is the break between a and the line b "full": a plus b's first word
 * would not fit the wrap width w? */
bool tx_full_break(const struct seg *a, const char *b, size_t bn, unsigned w)
{
	return (unsigned long)a->endcol + 1 + tx_first_word_width(b, bn, w) > (unsigned long)w * 9 / 10;
}

/* Are the pieces hard-wrapped prose (see Paragraphs in the rules, import_text.c)? */
bool tx_is_prose(const struct importer *p, const struct seg *segs, size_t n)
{
	size_t i, full = 0;
	unsigned w = p->wrap;

	for (i = 0; i < n; i++)
		if (segs[i].endcol > w)
			w = segs[i].endcol;
	for (i = 0; i + 1 < n; i++)
		if (tx_full_break(&segs[i], segs[i + 1].s, segs[i + 1].n, w))
			full++;
	return w >= WRAP_MIN && full * 4 >= (n - 1) * 3;
}

static struct seg line_seg(const struct importer *p, size_t i)
{
	const struct line *l = &p->lines[i];
	struct seg sg = { p->buf + l->off, l->len, l->indent + l->width, l->indent };
	return sg;
}

/* Does the chunk at i look like a command or a table (several lines kept
 * apart, or columns lined up with runs of spaces) rather than prose? */
bool tx_chunk_is_verbatim(const struct importer *p, size_t i)
{
	const struct chunk *c = &p->chunks[p->lines[i].chunk];
	struct seg small[8];
	size_t j, n = c->end - c->first;

	for (j = c->first; j < c->end; j++)
		if (tx_contains(tx_content(p, j), p->lines[j].len, "   "))
			return true;
	if (n < 2 || n > 8)
		return false;
	for (j = 0; j < n; j++)
		small[j] = line_seg(p, c->first + j);
	return !tx_is_prose(p, small, n);
}
