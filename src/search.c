#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "glosa/search.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

/*
 * Folding works one code point at a time: each code point folds on its own
 * (u8_casefold to NFKD, Mn dropped) and the text's fold is the
 * concatenation. That equals folding the whole string except where
 * canonical reordering would swap two marks that both survive (a couple
 * of musical symbols; every other mark with a non-zero combining class is
 * Mn and dropped), and it lets a folded offset be mapped back to the
 * original code point by folding the unit again, with no offset map kept.
 * Every path (search_fold, the index, the mapping) goes through fold_cp,
 * so they agree byte for byte.
 */

/* No code point folds to more than 33 bytes (U+FDFA); a longer result is
 * replaced by the code point itself so the bound always holds. */
#define FOLD_CP_MAX 64

/* A direct-mapped cache of the folds of code points above U+FFFF (math
 * letters, enclosed forms...): u8_casefold costs a normalisation per call. */
#define FC_BITS 8
#define FC_SIZE (1u << FC_BITS)
#define FC_INLINE 16

struct fold_cache {
	uint32_t key[FC_SIZE]; /* code point + 1; 0 marks an empty slot */
	uint8_t len[FC_SIZE];
	char out[FC_SIZE][FC_INLINE];
};

/* The folds of U+0080..U+FFFF, looked up by code point: a page of 256
 * entries is made on the first code point of its block, an entry is
 * filled (by fold_cp, so every path agrees) on first use. An entry is
 * eight bytes so that one 8-byte copy writes any fold of up to seven
 * bytes; longer ones (U+FDFA, squared katakana words) are marked long
 * and folded every time. */
#define FT_INLINE 7
#define FT_UNKNOWN 0xFF
#define FT_LONG 0xFE

struct fold_entry {
	char out[FT_INLINE];
	uint8_t len; /* 0..FT_INLINE, FT_UNKNOWN or FT_LONG */
};

struct fold_page {
	struct fold_entry e[256];
};

/* Everything that makes folding long text fast; NULL for short text. */
struct fold_ctx {
	struct fold_page *page[256]; /* by code point >> 8; NULL until used */
	struct fold_cache cache;     /* above U+FFFF */
};

/* The folded article: each unit's fold followed by a '\0' separator, so
 * a pattern without '\0' can never match across two units. */
/* A growable output buffer (folded text). */
struct fold_out {
	char *buf;
	size_t len, cap;
};

struct search_index {
	const struct article *a;
	bool built;
	char *folded;
	size_t len;           /* bytes in folded, separators included */
	size_t *ustart;       /* nunits + 1 folded offsets; ustart[nunits] == len */
	struct fold_ctx *fc;
	/* A build in steps (search_index_step): the text folded so far is in
	 * out, up to byte next_byte of unit next_unit; building is set from
	 * the first step until built. */
	struct fold_out out;
	uint32_t next_unit, next_byte;
	bool building;
	/* The last forward search: pattern, folded start, and where it
	 * matched (pos; wrapped when found before here), or not found. */
	char *last_pat;
	size_t last_plen, last_cap, last_here, last_pos;
	bool last_valid, last_found, last_wrap;
};

static void out_reserve(struct fold_out *o, size_t extra)
{
	if (o->cap - o->len >= extra)
		return;
	XGROW(o->buf, o->cap, o->len + extra);
}

static size_t fold_cp_slow(const char *s, size_t k, char *dst)
{
	uint8_t buf[FOLD_CP_MAX * 2];
	size_t rn = sizeof buf, j = 0, dn = 0;
	uint8_t *r;

	r = u8_casefold((const uint8_t *)s, k, NULL, UNINORM_NFKD, buf, &rn);
	if (!r)
		goto identity; /* ENOMEM inside libunistring */
	while (j < rn) {
		ucs4_t c;
		int m = u8_mbtouc(&c, r + j, rn - j);
		if (m < 1)
			m = 1;
		if (!uc_is_general_category(c, UC_CATEGORY_Mn)) {
			if (dn + (size_t)m > FOLD_CP_MAX) {
				if (r != buf)
					free(r);
				goto identity;
			}
			memcpy(dst + dn, r + j, (size_t)m);
			dn += (size_t)m;
		}
		j += (size_t)m;
	}
	if (r != buf)
		free(r);
	return dn;
identity:
	memcpy(dst, s, k);
	return k;
}

/* Blocks whose every code point folds to itself (no case, no
 * decomposition, no mark): CJK ideographs, Yi, private use, emoji. Text
 * in them is too varied for the cache, so they are checked first. */
static inline bool fold_is_identity(uint32_t uc)
{
	return (uc >= 0x3400 && uc <= 0xA48F) || (uc >= 0xE000 && uc <= 0xF8FF) ||
	       (uc >= 0x1F300 && uc <= 0x1FAFF) || (uc >= 0x20000 && uc <= 0x2F7FF) ||
	       (uc >= 0x30000 && uc <= 0x3FFFF);
}

static inline size_t put_utf8_3(char *dst, uint32_t uc)
{
	dst[0] = (char)(0xE0 | (uc >> 12));
	dst[1] = (char)(0x80 | ((uc >> 6) & 0x3F));
	dst[2] = (char)(0x80 | (uc & 0x3F));
	return 3;
}

/* Fold the non-ASCII code point uc, encoded as s[0..k) (k == 1 and uc ==
 * U+FFFD for an invalid byte), into dst (room for FOLD_CP_MAX bytes).
 * Returns the folded length, 0 for a dropped mark. fc may be NULL. */
static size_t fold_cp(uint32_t uc, const char *s, size_t k, struct fold_cache *fc,
                      char *dst)
{
	size_t slot = uc & (FC_SIZE - 1), n;

	if (uc == 0xFFFD) {
		memcpy(dst, "\xEF\xBF\xBD", 3);
		return 3;
	}
	if (fold_is_identity(uc)) {
		memcpy(dst, s, k);
		return k;
	}
	if (uc >= 0xAC00 && uc <= 0xD7A3) {
		/* Hangul syllable: NFKD is arithmetic (Unicode 3.12), the
		 * jamo have no case. */
		uint32_t si = uc - 0xAC00, t = si % 28;
		n = put_utf8_3(dst, 0x1100 + si / (21 * 28));
		n += put_utf8_3(dst + n, 0x1161 + (si % (21 * 28)) / 28);
		if (t)
			n += put_utf8_3(dst + n, 0x11A7 + t);
		return n;
	}
	if (fc && fc->key[slot] == uc + 1) {
		/* A fixed-size copy is inlined; dst has room for it. */
		memcpy(dst, fc->out[slot], FC_INLINE);
		return fc->len[slot];
	}
	n = fold_cp_slow(s, k, dst);
	if (fc && n <= FC_INLINE) {
		fc->key[slot] = uc + 1;
		fc->len[slot] = (uint8_t)n;
		memcpy(fc->out[slot], dst, n);
	}
	return n;
}

/* Decode the non-ASCII code point at s (n > 0 bytes left): well-formed
 * sequences inline, anything else through text_decode (U+FFFD). */
static inline size_t decode(const char *s, size_t n, uint32_t *uc)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] >= 0xC2 && u[0] < 0xE0 && n >= 2 && (u[1] & 0xC0) == 0x80) {
		*uc = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
		return 2;
	}
	if (u[0] >= 0xE0 && u[0] < 0xF0 && n >= 3 && (u[1] & 0xC0) == 0x80 &&
	    (u[2] & 0xC0) == 0x80) {
		uint32_t c = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
		             (u[2] & 0x3F);
		if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
			*uc = c;
			return 3;
		}
	}
	{
		int k = text_decode(s, n, uc);
		return (size_t)k;
	}
}

static struct fold_page *fold_page_new(struct fold_ctx *fc, uint32_t hi)
{
	struct fold_page *p = xmalloc(sizeof *p);
	size_t i;

	for (i = 0; i < 256; i++)
		p->e[i].len = FT_UNKNOWN;
	fc->page[hi] = p;
	return p;
}

static void fold_ctx_free(struct fold_ctx *fc)
{
	size_t i;

	if (!fc)
		return;
	for (i = 0; i < 256; i++)
		free(fc->page[i]);
	free(fc);
}

/* Fold the well-formed code point uc <= U+FFFF, encoded as s[0..k) (k 2
 * or 3), into dst (room for FOLD_CP_MAX + 8 bytes) through the table. */
static inline __attribute__((always_inline)) size_t fold_bmp(struct fold_ctx *fc, uint32_t uc, const char *s, size_t k,
                              char *dst)
{
	struct fold_page *p = fc->page[uc >> 8];
	struct fold_entry *e;

	if (!p)
		p = fold_page_new(fc, uc >> 8);
	e = &p->e[uc & 0xFF];
	if (e->len == FT_UNKNOWN) {
		char tmp[FOLD_CP_MAX];
		size_t n = fold_cp(uc, s, k, NULL, tmp);
		if (n <= FT_INLINE) {
			memcpy(e->out, tmp, n);
			e->len = (uint8_t)n;
		} else {
			e->len = FT_LONG;
		}
	}
	if (e->len == FT_LONG)
		return fold_cp(uc, s, k, NULL, dst);
	memcpy(dst, e, sizeof *e); /* the len byte lands past the fold: harmless */
	return e->len;
}

/* Fold the non-ASCII code point at s (n > 0 bytes left) into dst (room
 * for FOLD_CP_MAX + 8 bytes). Returns its length in bytes; *flen gets the
 * folded length. fc may be NULL. */
static inline __attribute__((always_inline)) size_t fold_next(struct fold_ctx *fc, const char *s, size_t n, char *dst,
                               size_t *flen)
{
	uint32_t uc;
	size_t k = decode(s, n, &uc);

	/* k > 1 below U+10000: well formed (an invalid byte is one U+FFFD). */
	if (fc && uc < 0x10000 && k > 1) {
		if (uc - 0x3400u <= 0xA48Fu - 0x3400u) {
			/* CJK ideographs and Yi fold to themselves: too many
			 * distinct ones to be worth an entry each. */
			memcpy(dst, s, 3);
			*flen = 3;
		} else {
			*flen = fold_bmp(fc, uc, s, k, dst);
		}
	} else {
		*flen = fold_cp(uc, s, k, fc ? &fc->cache : NULL, dst);
	}
	return k;
}

static inline char ascii_lower(unsigned char c)
{
	return (char)(c + ((unsigned)(c - 'A') < 26u ? 32 : 0));
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

/* Lower-case eight ASCII bytes at once: a byte gets 0x20 added when it is
 * >= 'A' and not > 'Z'; no byte exceeds 0x7F, so no sum carries over. */
static inline uint64_t ascii_lower8(uint64_t w)
{
	uint64_t ge_a = w + ONES * (0x80 - 'A');
	uint64_t gt_z = w + ONES * (0x80 - 'Z' - 1);

	return w | (((ge_a & ~gt_z) & HIGH) >> 2);
}

/* Append the fold of s[0..n) to o. */
static void fold_into(struct fold_out *o, const char *s, size_t n, struct fold_ctx *fc)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		char *d;

		/* ASCII run: fold at least as long as the input, reserve it. */
		out_reserve(o, n - i);
		d = o->buf + o->len;
		while (j + 8 <= n) {
			uint64_t w, h;
			memcpy(&w, s + j, 8);
			h = w & HIGH;
			/* Bytes from the first non-ASCII one on come out wrong
			 * (a sum may carry into them) but lie past what is
			 * kept, and inside what was reserved. */
			w = ascii_lower8(w);
			memcpy(d + (j - i), &w, 8);
			if (h) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
				/* The first byte in memory is the lowest. */
				j += (size_t)__builtin_ctzll(h) / 8;
				goto ascii_done;
#else
				break;
#endif
			}
			j += 8;
		}
		while (j < n && (unsigned char)s[j] < 0x80) {
			d[j - i] = ascii_lower((unsigned char)s[j]);
			j++;
		}
	ascii_done:
		o->len += j - i;
		i = j;
		/* Non-ASCII run, a code point at a time. */
		while (i < n && (unsigned char)s[i] >= 0x80) {
			size_t flen;
			if (o->cap - o->len < FOLD_CP_MAX + 8)
				out_reserve(o, FOLD_CP_MAX + 8 + (n - i));
			i += fold_next(fc, s + i, n - i, o->buf + o->len, &flen);
			o->len += flen;
		}
	}
}

char *search_fold(const char *s, size_t n, size_t *outlen)
{
	struct fold_out o = { NULL, 0, 0 };
	/* The cache pays for itself only on long input. */
	struct fold_ctx *fc = n >= 4096 ? xcalloc(1, sizeof *fc) : NULL;

	XGROW(o.buf, o.cap, n + 1);
	fold_into(&o, s, n, fc);
	out_reserve(&o, 1);
	o.buf[o.len] = '\0';
	fold_ctx_free(fc);
	if (outlen)
		*outlen = o.len;
	return o.buf;
}

struct search_index *search_index_new(const struct article *a)
{
	struct search_index *ix = xcalloc(1, sizeof *ix);

	ix->a = a;
	return ix;
}

void search_index_free(struct search_index *ix)
{
	if (!ix)
		return;
	free(ix->folded);
	free(ix->out.buf);
	free(ix->ustart);
	fold_ctx_free(ix->fc);
	free(ix->last_pat);
	free(ix);
}

static void build_start(struct search_index *ix)
{
	const struct article *a = ix->a;
	size_t total = 1, u;

	ix->fc = xcalloc(1, sizeof *ix->fc);
	ix->ustart = xmalloc((a->nunits + 1) * sizeof *ix->ustart);
	for (u = 0; u < a->nunits; u++)
		total += article_unit_text(a, (uint32_t)u).len + 1;
	XGROW(ix->out.buf, ix->out.cap, total);
	ix->building = true;
}

static void build_finish(struct search_index *ix)
{
	struct fold_out *o = &ix->out;

	ix->ustart[ix->a->nunits] = o->len;
	/* Expanding scripts may have doubled the buffer: give the slack back. */
	if (o->cap > o->len + 1 + o->len / 8) {
		o->buf = xrealloc(o->buf, o->len + 1);
		o->cap = o->len + 1;
	}
	ix->folded = o->buf;
	ix->len = o->len;
	*o = (struct fold_out){ NULL, 0, 0 };
	ix->building = false;
	ix->built = true;
}

/* Where to stop a slice of s[from..n) of about budget bytes: on a code
 * point's first byte (a little past the budget rather than before, so a
 * slice is never empty), so that the fold, one code point at a time,
 * comes out the same as in one piece. */
static size_t slice_end(const char *s, size_t n, size_t from, size_t budget)
{
	size_t end, k;

	if (n - from <= budget)
		return n;
	end = from + (budget ? budget : 1);
	for (k = 0; k < 3 && end < n && ((unsigned char)s[end] & 0xC0) == 0x80; k++)
		end++;
	return end;
}

bool search_index_step(struct search_index *ix, size_t budget)
{
	const struct article *a = ix->a;
	struct fold_out *o = &ix->out;
	size_t done = 0;

	if (ix->built)
		return true;
	if (!ix->building)
		build_start(ix);
	while (ix->next_unit < a->nunits) {
		struct text_ref r = article_unit_text(a, ix->next_unit);
		const char *t = article_str(a, r);
		size_t end;
		if (done >= budget)
			return false;
		if (ix->next_byte == 0)
			ix->ustart[ix->next_unit] = o->len;
		end = slice_end(t, r.len, ix->next_byte, budget - done);
		fold_into(o, t + ix->next_byte, end - ix->next_byte, ix->fc);
		done += end - ix->next_byte;
		ix->next_byte = (uint32_t)end;
		if (end < r.len)
			continue;
		out_reserve(o, 1);
		o->buf[o->len++] = '\0';
		done++;
		ix->next_unit++;
		ix->next_byte = 0;
	}
	build_finish(ix);
	return true;
}

bool search_index_ready(const struct search_index *ix)
{
	return ix->built;
}

const char *search_index_text(const struct search_index *ix, size_t *len)
{
	*len = ix->built ? ix->len : 0;
	return ix->built ? ix->folded : NULL;
}

/* Everything not folded yet, at once: a search needs the whole text. */
static void index_build(struct search_index *ix)
{
	if (!ix->built)
		search_index_step(ix, SIZE_MAX);
}

/* The unit whose folded range holds global offset off (never a separator). */
static uint32_t unit_at(const struct search_index *ix, size_t off)
{
	size_t lo = 0, hi = ix->a->nunits; /* ustart[lo] <= off < ustart[hi] */

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->ustart[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return (uint32_t)lo;
}

/* A walk over one unit's original text that keeps the folded offset of
 * the code point it stands on, moving forward only. */
struct walk {
	const char *s;
	size_t n;
	size_t i;     /* byte offset of the current code point */
	size_t acc;   /* folded offset of its fold */
	size_t k;     /* its length in bytes, 0 until decoded */
	size_t flen;  /* its folded length */
	struct fold_ctx *fc;
};

static void walk_init(struct walk *w, const struct search_index *ix, uint32_t unit)
{
	struct text_ref r = article_unit_text(ix->a, unit);

	w->s = article_str(ix->a, r);
	w->n = r.len;
	w->i = w->acc = w->k = w->flen = 0;
	w->fc = ix->fc;
}

/* Decode the current code point (w->i < w->n). */
static void walk_decode(struct walk *w)
{
	char tmp[FOLD_CP_MAX + 8];

	if ((unsigned char)w->s[w->i] < 0x80) {
		w->k = w->flen = 1;
		return;
	}
	w->k = fold_next(w->fc, w->s + w->i, w->n - w->i, tmp, &w->flen);
}

static void walk_step(struct walk *w)
{
	if (!w->k)
		walk_decode(w);
	w->acc += w->flen;
	w->i += w->k;
	w->k = 0;
}

/* Move to the code point whose fold holds folded byte f (f >= w->acc, or
 * the end of the text). Returns its byte offset. */
static size_t walk_to_folded(struct walk *w, size_t f)
{
	/* ASCII folds one byte to one byte: skip runs without decoding. */
	while (w->i < w->n) {
		if (!w->k && w->acc < f && (unsigned char)w->s[w->i] < 0x80) {
			w->i++;
			w->acc++;
			continue;
		}
		if (!w->k)
			walk_decode(w);
		if (w->acc + w->flen > f)
			break;
		walk_step(w);
	}
	return w->i;
}

/* The folded offset where the code points starting at or after byte begin. */
static size_t walk_to_byte(struct walk *w, size_t byte)
{
	while (w->i < w->n && w->i < byte)
		walk_step(w);
	return w->acc;
}

/* Map the unit's folded range [fs, fe) (fe > fs, fs >= w->acc) to original
 * bytes: from the code point holding fs to the end of the one holding
 * fe - 1, plus the marks after it that fold away, so a match never ends
 * between a letter and its accent. Leaves w after the match. */
static void walk_map(struct walk *w, size_t fs, size_t fe, uint32_t *start, uint32_t *end)
{
	*start = (uint32_t)walk_to_folded(w, fs);
	walk_to_folded(w, fe - 1);
	if (w->i < w->n)
		walk_step(w);
	while (w->i < w->n && (unsigned char)w->s[w->i] >= 0x80) {
		walk_decode(w);
		if (w->flen)
			break;
		walk_step(w);
	}
	*end = (uint32_t)w->i;
}

static void map_match(const struct search_index *ix, size_t off, size_t plen,
                      struct search_match *m)
{
	struct walk w;
	uint32_t u = unit_at(ix, off);

	walk_init(&w, ix, u);
	m->unit = u;
	walk_map(&w, off - ix->ustart[u], off - ix->ustart[u] + plen, &m->start, &m->end);
}

/* How common byte c is in folded text, higher = more common: English
 * letters by frequency, then the rest by kind. Only the order matters. */
static unsigned byte_commonness(unsigned char c)
{
	static const char letters[] = "zqxjkvbpygfwmucldrhsnioate"; /* rarest first */
	const char *l;

	if (c >= 'a' && c <= 'z' && (l = strchr(letters, c)))
		return 100 + 5 * (unsigned)(l - letters);
	if (c == ' ' || c == '\0')
		return 255;
	if (c >= 0x80)
		return c < 0xC0 ? 240 : 180; /* continuation bytes are everywhere */
	if (c >= '0' && c <= '9')
		return 150;
	return 160;
}

/* The first occurrence of pat (plen >= 1) in h[0..hn), or NULL: memchr
 * for the pattern's rarest byte, each hit checked in place. memchr skips
 * text many times faster than memmem's loop can; when the rare byte
 * proves common here (a hit every 16 bytes or more often), memmem takes
 * over from the first start not yet ruled out. */
static const char *find_bytes(const char *h, size_t hn, const char *pat, size_t plen)
{
	size_t r = 0, i, hits = 0;
	const char *p, *end;
	unsigned best = 256;

	if (hn < plen)
		return NULL;
	for (i = 0; i < plen; i++) {
		unsigned c = byte_commonness((unsigned char)pat[i]);
		if (c < best) {
			best = c;
			r = i;
		}
	}
	/* The rare byte of a match starting at s is at s + r: look for it
	 * in [h + r, h + hn - plen + r]. */
	p = h + r;
	end = h + (hn - plen) + r + 1;
	while (p < end) {
		const char *q = memchr(p, pat[r], (size_t)(end - p));
		if (!q)
			return NULL;
		if (memcmp(q - r, pat, plen) == 0)
			return q - r;
		p = q + 1;
		if (++hits >= 64 && hits * 16 > (size_t)(p - h)) {
			/* Every start before p - r has been ruled out. */
			const char *from = p - r;
			return memmem(from, hn - (size_t)(from - h), pat, plen);
		}
	}
	return NULL;
}

/* First match starting in [lo, hi) of the folded text. */
static bool find_first(const struct search_index *ix, const char *pat, size_t plen,
                       size_t lo, size_t hi, size_t *pos)
{
	size_t end = hi + plen - 1 < ix->len ? hi + plen - 1 : ix->len;
	const char *p;

	if (lo >= hi || end - lo < plen)
		return false;
	p = find_bytes(ix->folded + lo, end - lo, pat, plen);
	if (!p)
		return false;
	*pos = (size_t)(p - ix->folded);
	return true;
}

/* Last match starting in [lo, hi): windows searched forward, growing
 * backward from hi, so a near match costs little and a far one O(n). */
static bool find_last(const struct search_index *ix, const char *pat, size_t plen,
                      size_t lo, size_t hi, size_t *pos)
{
	size_t win = 65536 > plen * 4 ? 65536 : plen * 4;

	while (hi > lo) {
		size_t wlo = hi - lo > win ? hi - win : lo, p = wlo, q;
		bool found = false;
		while (find_first(ix, pat, plen, p, hi, &q)) {
			*pos = q;
			found = true;
			p = q + 1;
		}
		if (found)
			return true;
		hi = wlo;
		win *= 2;
	}
	return false;
}

static bool pattern_ok(const char *pat, size_t plen)
{
	return plen > 0 && !memchr(pat, '\0', plen);
}

bool search_find(struct search_index *ix, const char *pat, size_t plen,
                 uint32_t unit, uint32_t byte, bool forward,
                 struct search_match *m, bool *wrapped)
{
	size_t here, pos;
	bool wrap = false, found;

	if (wrapped)
		*wrapped = false;
	if (!pattern_ok(pat, plen))
		return false;
	index_build(ix);
	/* Fold the position: everything from (unit, byte) on is at or after
	 * here; a unit past the last stands for the end of the article. */
	if (unit >= ix->a->nunits) {
		here = ix->len;
	} else {
		struct walk w;
		walk_init(&w, ix, unit);
		here = ix->ustart[unit] + walk_to_byte(&w, byte);
	}
	if (forward) {
		/* Typing a pattern searches again from the same place for each
		 * longer prefix. Every match of the longer pattern is one of the
		 * shorter, so none comes before the shorter's first: search on
		 * from there (and not at all when the shorter occurs nowhere). */
		size_t lo = here, wlo = 0;
		bool skip_first = false, none = false;
		if (ix->last_valid && ix->last_here == here && plen >= ix->last_plen &&
		    memcmp(ix->last_pat, pat, ix->last_plen) == 0) {
			if (!ix->last_found)
				none = true;
			else if (!ix->last_wrap)
				lo = ix->last_pos;
			else {
				skip_first = true;
				wlo = ix->last_pos;
			}
		}
		found = !none && !skip_first && find_first(ix, pat, plen, lo, ix->len, &pos);
		if (!found && !none)
			found = wrap = find_first(ix, pat, plen, wlo, here, &pos);
		XGROW(ix->last_pat, ix->last_cap, plen);
		memcpy(ix->last_pat, pat, plen);
		ix->last_plen = plen;
		ix->last_here = here;
		ix->last_found = found;
		ix->last_wrap = wrap;
		ix->last_pos = found ? pos : 0;
		ix->last_valid = true;
	} else {
		found = find_last(ix, pat, plen, 0, here, &pos);
		if (!found)
			found = wrap = find_last(ix, pat, plen, here, ix->len, &pos);
	}
	if (!found)
		return false;
	map_match(ix, pos, plen, m);
	if (wrapped)
		*wrapped = wrap;
	return true;
}

size_t search_unit_matches(struct search_index *ix, const char *pat, size_t plen,
                           uint32_t unit, struct search_match **out)
{
	struct search_match *v = NULL;
	size_t n = 0, cap = 0, ulo, uhi, p, pos;
	struct walk w;

	*out = NULL;
	if (!pattern_ok(pat, plen))
		return 0;
	index_build(ix);
	if (unit >= ix->a->nunits)
		return 0;
	ulo = ix->ustart[unit];
	uhi = ix->ustart[unit + 1] - 1; /* the separator is not the unit's */
	walk_init(&w, ix, unit);
	/* The walk stands after the last match (its code points widened), so
	 * the next one is looked for from there: a match starting inside a
	 * code point the last one took (the second "s" of a ß) would overlap
	 * it in the original text. */
	for (p = ulo; find_first(ix, pat, plen, p, uhi, &pos); p = ulo + w.acc) {
		struct search_match m = { unit, 0, 0 };
		walk_map(&w, pos - ulo, pos - ulo + plen, &m.start, &m.end);
		XGROW(v, cap, n + 1);
		v[n++] = m;
	}
	*out = v;
	return n;
}
