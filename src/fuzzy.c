/* Approximate matching with Myers' bit-vector algorithm ("A fast
 * bit-vector algorithm for approximate string matching based on dynamic
 * programming", J. ACM 46(3), 1999), block-based as in its section 5.
 *
 * The dynamic-programming matrix D[i][j] (pattern row i, text column j)
 * is kept one column at a time as vertical deltas D[i][j] - D[i-1][j],
 * each +1, 0 or -1: bit i of Pv says +1, of Mv says -1. The pattern is cut
 * into blocks of 64 rows, one machine word each; advance() moves one
 * block one column to the right, taking the horizontal delta of the row
 * above the block and giving that of its last row.
 *
 * Searching, D[0][j] = 0 (a match may start anywhere), and only the
 * blocks that can hold a value <= k are computed (Ukkonen's cut-off: the
 * last row <= k moves down at most one row per column, because D never
 * decreases along a diagonal). Finding where a match starts, the reversed
 * pattern is run backwards from the match's end with D[0][j] = j, which
 * pins the alignment to that end. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "glosa/fuzzy.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

#define W 64

/* A pattern compiled for one direction. Code points are mapped to small
 * symbols (0: not in the pattern), so that peq can be a table. */
struct pattern {
	size_t m, nb;       /* code points, blocks of W rows */
	size_t nsym;        /* symbols in use, 0 included */
	uint64_t *peq;      /* [sym * nb + b]: rows of block b holding sym */
	uint64_t *high;     /* [b]: the bit of block b's last row */
	uint32_t ascii[128];
	uint32_t *keys;     /* open addressing for the other code points */
	uint32_t *vals;     /* their symbols, 0 for an empty slot */
	size_t mask;
};

static size_t slot_of(uint32_t c, size_t mask)
{
	return (size_t)((c * 2654435761u) >> 7) & mask;
}

static uint32_t symbol(const struct pattern *p, uint32_t c)
{
	size_t h;

	if (c < 128)
		return p->ascii[c];
	if (!p->vals)
		return 0;
	for (h = slot_of(c, p->mask); p->vals[h]; h = (h + 1) & p->mask)
		if (p->keys[h] == c)
			return p->vals[h];
	return 0;
}

static uint32_t symbol_add(struct pattern *p, uint32_t c)
{
	size_t h;

	if (c < 128) {
		if (!p->ascii[c])
			p->ascii[c] = (uint32_t)p->nsym++;
		return p->ascii[c];
	}
	for (h = slot_of(c, p->mask); p->vals[h]; h = (h + 1) & p->mask)
		if (p->keys[h] == c)
			return p->vals[h];
	p->keys[h] = c;
	p->vals[h] = (uint32_t)p->nsym++;
	return p->vals[h];
}

/* Compile pat[0..m) (m > 0), reversed when rev. */
static void pattern_init(struct pattern *p, const uint32_t *pat, size_t m, int rev)
{
	size_t i, size, wide = 0;
	uint32_t *sym = xmalloc(m * sizeof *sym);

	memset(p, 0, sizeof *p);
	p->m = m;
	p->nb = (m + W - 1) / W;
	p->nsym = 1;
	p->high = xmalloc(p->nb * sizeof *p->high);
	for (i = 0; i < p->nb; i++)
		p->high[i] = (uint64_t)1 << (i + 1 < p->nb ? W - 1 : (m - 1) % W);
	for (i = 0; i < m; i++)
		wide += pat[i] >= 128;
	if (wide) {
		for (size = 4; size < 2 * wide; size *= 2)
			;
		p->mask = size - 1;
		p->keys = xcalloc(size, sizeof *p->keys);
		p->vals = xcalloc(size, sizeof *p->vals);
	}
	for (i = 0; i < m; i++)
		sym[i] = symbol_add(p, pat[rev ? m - 1 - i : i]);
	p->peq = xcalloc(p->nsym * p->nb, sizeof *p->peq);
	for (i = 0; i < m; i++)
		p->peq[sym[i] * p->nb + i / W] |= (uint64_t)1 << (i % W);
	free(sym);
}

static void pattern_free(struct pattern *p)
{
	free(p->peq);
	free(p->keys);
	free(p->vals);
	free(p->high);
}

/* Move one block one column on: eq is the block's match mask for the
 * column's code point, hin the horizontal delta entering from above.
 * Returns the horizontal delta leaving its row high. */
static inline int advance(uint64_t *pvp, uint64_t *mvp, uint64_t eq, int hin, uint64_t high)
{
	uint64_t pv = *pvp, mv = *mvp, xv, xh, ph, mh;
	uint64_t neg = (uint64_t)(hin < 0), pos = (uint64_t)(hin > 0);
	int hout;

	xv = eq | mv;
	eq |= neg;
	xh = (((eq & pv) + pv) ^ pv) | eq;
	ph = mv | ~(xh | pv);
	mh = pv & xh;
	hout = (int)((ph & high) != 0) - (int)((mh & high) != 0);
	ph = (ph << 1) | pos;
	mh = (mh << 1) | neg;
	*pvp = mh | ~(xv | ph);
	*mvp = ph & xv;
	return hout;
}

struct hits {
	struct fuzzy_match *v;
	size_t n, cap;
};

static void hit_add(struct hits *h, size_t end, size_t errors)
{
	XGROW(h->v, h->cap, h->n + 1);
	h->v[h->n++] = (struct fuzzy_match){ 0, end, errors };
}

/* The search pass over text[0..n) with at most k errors. Records the local
 * minima of D[m][j] <= k in hits (when not NULL); returns the least D[m][j]
 * over all columns, the empty column 0 included. */
static size_t scan(const struct pattern *p, const uint32_t *text, size_t n, size_t k,
                   struct hits *hits)
{
	size_t nb = p->nb, m = p->m, y, b, j, best = m;
	size_t prev = SIZE_MAX, pend_end = 0, pend_err = 0;
	int pending = 0;
	uint64_t *pv = xmalloc(nb * sizeof *pv), *mv = xmalloc(nb * sizeof *mv);
	ptrdiff_t *score = xmalloc(nb * sizeof *score);

	for (b = 0; b < nb; b++) {
		pv[b] = ~(uint64_t)0;
		mv[b] = 0;
		score[b] = (ptrdiff_t)(b + 1 < nb ? (b + 1) * W : m);
	}
	y = k ? (k - 1) / W : 0; /* blocks 0..y cover rows 1..k at least */
	if (y > nb - 1)
		y = nb - 1;
	for (j = 0; j < n; j++) {
		const uint64_t *eq = p->peq + symbol(p, text[j]) * nb;
		size_t cur = SIZE_MAX;
		int carry = 0;

		for (b = 0; b <= y; b++) {
			carry = advance(&pv[b], &mv[b], eq[b], carry, p->high[b]);
			score[b] += carry;
		}
		if (y < nb - 1 && score[y] - carry <= (ptrdiff_t)k && ((eq[y + 1] & 1) || carry < 0)) {
			/* Row y's bottom was <= k a column ago: the block below may
			 * now hold a value <= k. Its old column is unknown but > k;
			 * taking every delta as +1 over-estimates it, which cannot
			 * change any value <= k. */
			size_t rows = y + 2 < nb ? W : m - (y + 1) * W;
			y++;
			pv[y] = ~(uint64_t)0;
			mv[y] = 0;
			score[y] = score[y - 1] - carry + (ptrdiff_t)rows +
			           advance(&pv[y], &mv[y], eq[y], carry, p->high[y]);
		} else {
			while (y > 0 && score[y] >= (ptrdiff_t)(k + W))
				y--;
		}
		if (y == nb - 1) {
			if ((size_t)score[y] < best)
				best = (size_t)score[y];
			if ((size_t)score[y] <= k)
				cur = (size_t)score[y];
		}
		/* Local minima: a descent starts a candidate, a rise emits it. */
		if (cur < prev) {
			pending = 1;
			pend_end = j + 1;
			pend_err = cur;
		} else if (cur > prev && pending) {
			if (hits)
				hit_add(hits, pend_end, pend_err);
			pending = 0;
		}
		prev = cur;
	}
	if (pending && hits)
		hit_add(hits, pend_end, pend_err);
	free(pv);
	free(mv);
	free(score);
	return best;
}

/* The anchored pass: D[0][j] = j. Runs the compiled pattern over the text
 * code points text[at(1)], text[at(2)], ... text[at(len)] where at(j) is
 * start + j - 1 (dir > 0) or start - j (dir < 0). Returns D[m][len]; when
 * want is not SIZE_MAX, *longest gets the largest j with D[m][j] == want
 * (0 when none). */
static size_t anchored(const struct pattern *p, const uint32_t *text, size_t start,
                       size_t len, int dir, size_t want, size_t *longest)
{
	size_t nb = p->nb, b, j, score = p->m;
	uint64_t *pv = xmalloc(nb * sizeof *pv), *mv = xmalloc(nb * sizeof *mv);

	for (b = 0; b < nb; b++) {
		pv[b] = ~(uint64_t)0;
		mv[b] = 0;
	}
	if (longest)
		*longest = 0;
	for (j = 1; j <= len; j++) {
		uint32_t c = dir > 0 ? text[start + j - 1] : text[start - j];
		const uint64_t *eq = p->peq + symbol(p, c) * nb;
		int carry = 1;

		for (b = 0; b < nb; b++)
			carry = advance(&pv[b], &mv[b], eq[b], carry, p->high[b]);
		score = (size_t)((ptrdiff_t)score + carry);
		if (longest && score == want)
			*longest = j;
	}
	free(pv);
	free(mv);
	return score;
}

uint32_t *fuzzy_decode(const char *s, size_t len, size_t *n)
{
	uint32_t *out = xmalloc((len ? len : 1) * sizeof *out);
	size_t i = 0, k = 0;

	while (i < len) {
		i += (size_t)text_decode(s + i, len - i, &out[k]);
		k++;
	}
	*n = k;
	return out;
}

size_t fuzzy_search(const uint32_t *text, size_t n, const uint32_t *pat, size_t m,
                    size_t k, struct fuzzy_match **out)
{
	struct pattern fwd, rev;
	struct hits hits = { NULL, 0, 0 };
	size_t i;

	*out = NULL;
	if (m == 0)
		return 0;
	if (k > m)
		k = m; /* m edits reach any end: more change nothing */
	pattern_init(&fwd, pat, m, 0);
	scan(&fwd, text, n, k, &hits);
	pattern_free(&fwd);
	if (!hits.n)
		return 0;
	/* A match with e errors spans at most m + e code points. */
	pattern_init(&rev, pat, m, 1);
	for (i = 0; i < hits.n; i++) {
		struct fuzzy_match *h = &hits.v[i];
		size_t span = m + h->errors, longest;

		if (span > h->end)
			span = h->end;
		/* longest stays 0 when only the empty match qualifies. */
		anchored(&rev, text, h->end, span, -1, h->errors, &longest);
		h->start = h->end - longest;
	}
	pattern_free(&rev);
	*out = hits.v;
	return hits.n;
}

size_t fuzzy_best(const uint32_t *text, size_t n, const uint32_t *pat, size_t m)
{
	struct pattern p;
	size_t best;

	if (m == 0)
		return 0;
	pattern_init(&p, pat, m, 0);
	best = scan(&p, text, n, m, NULL);
	pattern_free(&p);
	return best;
}

size_t fuzzy_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	struct pattern p;
	size_t d;

	if (na == 0)
		return nb;
	pattern_init(&p, a, na, 0);
	d = anchored(&p, b, 0, nb, 1, SIZE_MAX, NULL);
	pattern_free(&p);
	return d;
}
