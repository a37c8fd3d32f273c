/* Anchoring highlights to an article's text (annotations.md, "Finding a
 * highlight again").
 *
 * The article is seen as one stream: every unit's text in reading order,
 * joined by '\n'. Quotes, prefixes and suffixes are stream text, so a
 * highlight may span blocks and its context may reach into a heading.
 * Stream offsets are bytes; code points are counted through a sparse
 * index (the byte offset of every CP_STEP-th code point), so the whole
 * structure costs about 1.1 times the article's text.
 *
 * The old position, used to break ties and to score approximate
 * matches, is where the stored start resolves in the article as it is
 * now; when it no longer resolves, it is the nearest place that still
 * exists: the end of the block or section it named, else the end of the
 * last section numbered before it, else the start of the stream. */
#include "config.h"

#include <unictype.h>

#include <stdlib.h>
#include <string.h>

#include "glosa/anchor.h"
#include "glosa/fuzzy.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

#define CP_STEP 64

/* Weights of an approximate match's score, as the Hypothesis client. */
#define W_QUOTE 50.0
#define W_PREFIX 20.0
#define W_SUFFIX 20.0
#define W_POS 2.0

/* Everything but a is built by ready() on first need; s is NULL until then. */
struct anchor_text {
	const struct article *a;
	char *s;         /* the stream, NUL-terminated */
	size_t len;      /* its bytes */
	size_t ncp;      /* its code points */
	size_t *ustart;  /* [u]: byte where unit u starts; [nunits] = len + 1 */
	size_t nunits;
	size_t *mark;    /* [i]: byte where code point i * CP_STEP starts */
	size_t nmarks;
};

struct anchor_text *anchor_text_new(const struct article *a)
{
	struct anchor_text *t = xcalloc(1, sizeof *t);

	t->a = a;
	return t;
}

/* Build the stream and its maps, on first need: a copy of all the text
 * and a decode of every code point (about 100 ms for 50 MiB), which
 * placing highlights where they were does not need (see quote_at). */
static struct anchor_text *ready(struct anchor_text *t)
{
	const struct article *a = t->a;
	size_t u, total = 0, pos = 0, i = 0, cp = 0;
	uint32_t uc;

	if (t->s)
		return t;
	t->nunits = a->nunits;
	for (u = 0; u < a->nunits; u++)
		total += article_unit_text(a, (uint32_t)u).len + (u + 1 < a->nunits);
	t->s = xmalloc(total + 1);
	t->ustart = xmalloc((a->nunits + 1) * sizeof *t->ustart);
	for (u = 0; u < a->nunits; u++) {
		struct text_ref r = article_unit_text(a, (uint32_t)u);

		t->ustart[u] = pos;
		memcpy(t->s + pos, article_str(a, r), r.len);
		pos += r.len;
		if (u + 1 < a->nunits)
			t->s[pos++] = '\n';
	}
	t->s[pos] = '\0';
	t->len = pos;
	t->ustart[a->nunits] = pos + 1; /* as if a separator followed the last */
	t->mark = xmalloc((pos / CP_STEP + 1) * sizeof *t->mark);
	while (i < pos) {
		if (cp % CP_STEP == 0)
			t->mark[t->nmarks++] = i;
		i += (size_t)text_decode(t->s + i, pos - i, &uc);
		cp++;
	}
	if (t->nmarks == 0)
		t->mark[t->nmarks++] = 0;
	t->ncp = cp;
	return t;
}

void anchor_text_free(struct anchor_text *t)
{
	if (!t)
		return;
	free(t->s);
	free(t->ustart);
	free(t->mark);
	free(t);
}

/* Byte where code point cp of the stream starts (len past the end). */
static size_t cp_to_byte(const struct anchor_text *t, size_t cp)
{
	size_t b;

	if (cp >= t->ncp)
		return t->len;
	b = t->mark[cp / CP_STEP];
	return b + text_cp_to_byte(t->s + b, t->len - b, cp % CP_STEP);
}

/* Code points of the stream before byte b. */
static size_t byte_to_cp(const struct anchor_text *t, size_t b)
{
	size_t lo = 0, hi = t->nmarks;

	if (b > t->len)
		b = t->len;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->mark[mid] <= b)
			lo = mid;
		else
			hi = mid;
	}
	return lo * CP_STEP + text_codepoints(t->s + t->mark[lo], b - t->mark[lo]);
}

/* The unit whose text or following separator holds byte b (b <= len). */
static size_t unit_at(const struct anchor_text *t, size_t b)
{
	size_t lo = 0, hi = t->nunits;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->ustart[mid] <= b)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Is byte b the '\n' joining two units (not one inside a unit's text)? */
static bool is_separator(const struct anchor_text *t, size_t b)
{
	size_t u = unit_at(t, b);

	return u + 1 < t->nunits && b + 1 == t->ustart[u + 1];
}

static bool is_block(const struct anchor_text *t, size_t u)
{
	return t->a->units[u].kind == UNIT_BLOCK;
}

/* Move [*sb, *eb) off separators, then, when something is left, off the
 * units that are not blocks. */
static void trim_range(const struct anchor_text *t, size_t *sb, size_t *eb)
{
	size_t s = *sb, e = *eb, u;

	while (s < e && is_separator(t, s))
		s++;
	while (e > s && is_separator(t, e - 1))
		e--;
	*sb = s;
	*eb = e;
	while (s < e) {
		u = unit_at(t, s);
		if (is_separator(t, s))
			s++;
		else if (!is_block(t, u))
			s = t->ustart[u + 1];
		else
			break;
	}
	while (e > s) {
		u = unit_at(t, e - 1);
		if (is_separator(t, e - 1))
			e--;
		else if (!is_block(t, u))
			e = t->ustart[u];
		else
			break;
	}
	if (s < e) {
		*sb = s;
		*eb = e;
	}
}

/* h->at from the stream range [sb, eb), trimmed. */
/* Is the code point at byte i of the stream part of a space-separated
 * word (a letter, digit or mark)? */
static bool alnum_at(const struct anchor_text *t, size_t i)
{
	uint32_t uc;

	if (i >= t->len)
		return false;
	text_decode(t->s + i, t->len - i, &uc);
	/* Scripts written without spaces (CJK) have no words to widen to. */
	if (text_uc_width(uc) == 2)
		return false;
	return uc_is_general_category(uc, UC_CATEGORY_L) ||
	       uc_is_general_category(uc, UC_CATEGORY_N) ||
	       uc_is_general_category(uc, UC_CATEGORY_M);
}

/* The byte where the code point before i starts. */
static size_t prev_cp(const struct anchor_text *t, size_t i)
{
	while (i > 0 && ((unsigned char)t->s[--i] & 0xC0) == 0x80)
		;
	return i;
}

/* An approximate match may stop inside a word whose spelling changed
 * ("siesta" → "sietsa"): widen it to whole words, which is what the
 * reader marked. */
static void snap_to_words(const struct anchor_text *t, size_t *from, size_t *to)
{
	while (*from > 0 && alnum_at(t, *from) && alnum_at(t, prev_cp(t, *from)))
		*from = prev_cp(t, *from);
	while (*to > *from && *to < t->len && alnum_at(t, *to) && alnum_at(t, prev_cp(t, *to))) {
		uint32_t uc;
		*to += (size_t)text_decode(t->s + *to, t->len - *to, &uc);
	}
}

static void set_place(const struct anchor_text *t, size_t sb, size_t eb, struct hl_place *at)
{
	size_t su, eu;

	trim_range(t, &sb, &eb);
	su = unit_at(t, sb);
	eu = eb > sb ? unit_at(t, eb - 1) : su;
	*at = (struct hl_place){ true, (uint32_t)su, (uint32_t)(sb - t->ustart[su]),
	                         (uint32_t)eu, (uint32_t)(eb - t->ustart[eu]) };
}

bool anchor_pos_to_unit(const struct article *a, const struct hl_pos *p,
                        uint32_t *unit, uint32_t *byte)
{
	const struct section *sec;
	struct text_ref r;
	const char *s;
	size_t i = 0, cp;
	uint32_t uc, sn, b;

	if (!p->section)
		return false;
	sn = article_find_section(a, p->section);
	if (sn == ARTICLE_NONE)
		return false;
	sec = &a->sections[sn];
	if (p->block >= sec->block_count)
		return false;
	b = sec->block_first + p->block;
	r = a->blocks[b].text;
	s = article_str(a, r);
	/* ASCII inline: placing 10,000 highlights walks a million code points. */
	for (cp = p->offset; cp > 0 && i < r.len; cp--)
		i += (unsigned char)s[i] < 0x80 ? 1 : (size_t)text_decode(s + i, r.len - i, &uc);
	if (cp > 0)
		return false;
	*unit = article_block_unit(a, b);
	*byte = (uint32_t)i;
	return true;
}

void anchor_unit_to_pos(const struct article *a, uint32_t unit, uint32_t byte,
                        struct hl_pos *p)
{
	const struct section *sec;
	struct text_ref r;
	uint32_t b, u;

	if (a->units[unit].kind != UNIT_BLOCK) {
		/* Not a block (against the contract): the next block's start,
		 * else the last block's end, else nowhere. */
		for (u = unit + 1; u < a->nunits && a->units[u].kind != UNIT_BLOCK; u++)
			;
		if (u < a->nunits) {
			anchor_unit_to_pos(a, u, 0, p);
			return;
		}
		for (u = unit; u > 0 && a->units[u].kind != UNIT_BLOCK; u--)
			;
		if (a->units[u].kind == UNIT_BLOCK) {
			anchor_unit_to_pos(a, u, UINT32_MAX, p);
			return;
		}
		p->section = xstrdup("");
		p->block = p->offset = 0;
		return;
	}
	b = a->units[unit].index;
	sec = &a->sections[a->blocks[b].section];
	r = a->blocks[b].text;
	p->section = xstrdup(section_number(a, sec));
	p->block = b - sec->block_first;
	p->offset = (uint32_t)text_codepoints(article_str(a, r), byte < r.len ? byte : r.len);
}

void anchor_describe(struct anchor_text *t, struct text_range r, struct highlight *h)
{
	size_t sb, eb, cs, ce, b;

	ready(t);
	sb = t->ustart[r.su] + r.sb;
	eb = t->ustart[r.eu] + r.eb;

	if (eb < sb)
		eb = sb;
	free(h->start.section);
	free(h->end.section);
	free(h->exact);
	free(h->prefix);
	free(h->suffix);
	anchor_unit_to_pos(t->a, r.su, r.sb, &h->start);
	anchor_unit_to_pos(t->a, r.eu, r.eb, &h->end);
	h->exact = xstrndup(t->s + sb, eb - sb);
	cs = byte_to_cp(t, sb);
	ce = byte_to_cp(t, eb);
	b = cp_to_byte(t, cs > ANNOT_CONTEXT ? cs - ANNOT_CONTEXT : 0);
	h->prefix = xstrndup(t->s + b, sb - b);
	b = cp_to_byte(t, ce + ANNOT_CONTEXT);
	h->suffix = xstrndup(t->s + eb, b - eb);
	h->at = (struct hl_place){ true, r.su, r.sb, r.eu, r.eb };
}

/* Compare section numbers number by number ("2" < "2.1" < "2.10"). */
static int number_cmp(const char *x, const char *y)
{
	while (*x || *y) {
		unsigned long nx = 0, ny = 0;

		for (; *x >= '0' && *x <= '9'; x++)
			nx = nx < 100000000 ? nx * 10 + (unsigned long)(*x - '0') : nx;
		for (; *y >= '0' && *y <= '9'; y++)
			ny = ny < 100000000 ? ny * 10 + (unsigned long)(*y - '0') : ny;
		if (nx != ny)
			return nx < ny ? -1 : 1;
		if (*x)
			x++;
		if (*y)
			y++;
	}
	return 0;
}

/* Stream byte where the text of unit u ends. */
static size_t unit_end(const struct anchor_text *t, size_t u)
{
	return t->ustart[u + 1] - 1;
}

/* The old position in code points (see the top of the file). */
static size_t old_position(const struct anchor_text *t, const struct hl_pos *p)
{
	const struct article *a = t->a;
	const struct section *sec;
	uint32_t unit, byte;
	size_t i, best = SIZE_MAX, b;

	if (anchor_pos_to_unit(a, p, &unit, &byte))
		return byte_to_cp(t, t->ustart[unit] + byte);
	if (!p->section)
		return 0;
	for (i = 0; i < a->nsections; i++)
		if (number_cmp(section_number(a, &a->sections[i]), p->section) <= 0)
			best = i;
	if (best == SIZE_MAX)
		return 0;
	sec = &a->sections[best];
	if (number_cmp(section_number(a, sec), p->section) == 0 && p->block < sec->block_count)
		b = unit_end(t, sec->unit + 1 + p->block); /* the offset is past its end */
	else
		b = unit_end(t, sec->unit + sec->block_count);
	return byte_to_cp(t, b);
}

static size_t lead_bytes(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Code points at the end of str[0..n) that equal the end of text[0..tn). */
static size_t common_tail(const char *str, size_t n, const char *text, size_t tn)
{
	size_t j = 0;

	while (j < n && j < tn && str[n - 1 - j] == text[tn - 1 - j])
		j++;
	while (j > 0 && ((unsigned char)str[n - j] & 0xC0) == 0x80)
		j--;
	return lead_bytes(str + n - j, j);
}

/* Code points at the start of str[0..n) that equal the start of text[0..tn). */
static size_t common_head(const char *str, size_t n, const char *text, size_t tn)
{
	size_t j = 0;

	while (j < n && j < tn && str[j] == text[j])
		j++;
	while (j > 0 && j < n && ((unsigned char)str[j] & 0xC0) == 0x80)
		j--;
	return lead_bytes(str, j);
}

static size_t distance(size_t x, size_t y)
{
	return x > y ? x - y : y - x;
}

/* Rung 2: the exact occurrence with the most context in common, then the
 * nearest to hint (code points), then the first. */
static bool find_exact(const struct anchor_text *t, const struct highlight *h, size_t hint,
                       size_t *sb, size_t *eb)
{
	const char *pre = h->prefix ? h->prefix : "", *suf = h->suffix ? h->suffix : "";
	const char *p, *end = t->s + t->len;
	size_t elen = strlen(h->exact), plen = strlen(pre), slen = strlen(suf);
	size_t run_b = 0, run_cp = 0, best_score = 0, best_dist = 0;
	bool found = false;

	for (p = memmem(t->s, t->len, h->exact, elen); p;
	     p = memmem(p + 1, (size_t)(end - p - 1), h->exact, elen)) {
		size_t o = (size_t)(p - t->s), score, dist;

		run_cp += text_codepoints(t->s + run_b, o - run_b);
		run_b = o;
		score = common_tail(pre, plen, t->s, o) +
		        common_head(suf, slen, p + elen, t->len - o - elen);
		dist = distance(run_cp, hint);
		if (!found || score > best_score || (score == best_score && dist < best_dist)) {
			found = true;
			best_score = score;
			best_dist = dist;
			*sb = o;
			*eb = o + elen;
		}
	}
	return found;
}

/* How well ctx[0..cn) matches around a candidate: 1 - errors / cn of its
 * best approximate occurrence in text[0..n), 1 when nothing was stored. */
static double context_score(const uint32_t *text, size_t n, const uint32_t *ctx, size_t cn)
{
	if (cn == 0)
		return 1.0;
	return 1.0 - (double)fuzzy_best(text, n, ctx, cn) / (double)cn;
}

/* Rung 3: approximate matches with up to a quarter of the quote's code
 * points in edits (none for a quote under 4), scored on quote, prefix,
 * suffix and distance. The stream is decoded for the search only, and
 * freed: 4 bytes a code point while it runs. */
static bool find_fuzzy(const struct anchor_text *t, const struct highlight *h, size_t hint,
                       size_t *sb, size_t *eb)
{
	const char *pre = h->prefix ? h->prefix : "", *suf = h->suffix ? h->suffix : "";
	size_t n, m, pn, sn, nm, i, best = SIZE_MAX, best_dist = 0;
	uint32_t *text, *pat, *pc, *sc;
	struct fuzzy_match *ms;
	double best_score = -1.0, total = W_QUOTE + W_PREFIX + W_SUFFIX + W_POS;

	pat = fuzzy_decode(h->exact, strlen(h->exact), &m);
	if (m / 4 == 0) {
		free(pat);
		return false;
	}
	text = fuzzy_decode(t->s, t->len, &n);
	nm = fuzzy_search(text, n, pat, m, m / 4, &ms);
	pc = fuzzy_decode(pre, strlen(pre), &pn);
	sc = fuzzy_decode(suf, strlen(suf), &sn);
	for (i = 0; i < nm; i++) {
		size_t s = ms[i].start, e = ms[i].end, dist = distance(s, hint);
		size_t ws = s > pn ? s - pn : 0, we = n - e < sn ? n : e + sn;
		double q = 1.0 - (double)ms[i].errors / (double)m;
		double pos = n ? 1.0 - (double)dist / (double)n : 1.0;
		double score = W_QUOTE * q + W_POS * pos;

		/* Skip the context work when even perfect context loses. */
		if ((score + W_PREFIX + W_SUFFIX) / total < best_score - 1e-12)
			continue;
		score += W_PREFIX * context_score(text + ws, s - ws, pc, pn);
		score += W_SUFFIX * context_score(text + e, we - e, sc, sn);
		score /= total;
		if (best == SIZE_MAX || score > best_score + 1e-12 ||
		    (score > best_score - 1e-12 && dist < best_dist)) {
			best = i;
			best_score = score;
			best_dist = dist;
		}
	}
	if (best != SIZE_MAX) {
		*sb = cp_to_byte(t, ms[best].start);
		*eb = cp_to_byte(t, ms[best].end);
	}
	free(ms);
	free(pc);
	free(sc);
	free(text);
	free(pat);
	return best != SIZE_MAX;
}

/* Is the stream text from (su, sb) to (eu, eb) exactly q[0..n)? Read
 * from the article's units, so that the stream need not exist. */
static bool quote_at(const struct article *a, uint32_t su, uint32_t sb, uint32_t eu, uint32_t eb,
                     const char *q, size_t n)
{
	uint32_t u;

	if (su > eu || (su == eu && sb > eb))
		return false;
	for (u = su; u <= eu; u++) {
		struct text_ref r = article_unit_text(a, u);
		size_t from = u == su ? sb : 0, to = u == eu ? eb : r.len, k;

		if (from > r.len || to > r.len || from > to)
			return false;
		k = to - from;
		if (k > n || memcmp(article_str(a, r) + from, q, k) != 0)
			return false;
		q += k;
		n -= k;
		if (u < eu) { /* the '\n' that joins two units */
			if (n == 0 || *q != '\n')
				return false;
			q++;
			n--;
		}
	}
	return n == 0;
}

enum anchor_rung anchor_place(struct anchor_text *t, struct highlight *h)
{
	uint32_t su, sb, eu, eb;
	size_t elen = h->exact ? strlen(h->exact) : 0, from = 0, to = 0, hint;

	if (anchor_pos_to_unit(t->a, &h->start, &su, &sb) &&
	    anchor_pos_to_unit(t->a, &h->end, &eu, &eb) &&
	    quote_at(t->a, su, sb, eu, eb, h->exact ? h->exact : "", elen)) {
		h->at = (struct hl_place){ true, su, sb, eu, eb };
		return ANCHOR_POSITION;
	}
	h->at.placed = false;
	if (elen == 0)
		return ANCHOR_ORPHAN;
	ready(t);
	hint = old_position(t, &h->start);
	if (find_exact(t, h, hint, &from, &to)) {
		set_place(t, from, to, &h->at);
		return ANCHOR_EXACT;
	}
	if (find_fuzzy(t, h, hint, &from, &to)) {
		snap_to_words(t, &from, &to);
		set_place(t, from, to, &h->at);
		return ANCHOR_FUZZY;
	}
	return ANCHOR_ORPHAN;
}
