#include "config.h"

/* The YAML form of an annotation file (annotations.md), both ways, with
 * libyaml's event API only.
 *
 * Reading pulls one event at a time and checks it against the format as
 * it arrives: no anchors, aliases or tags, at most 64 levels, no duplicate
 * or unknown keys, every error with a line and a column. Writing builds
 * the file from events, every piece of reader text double-quoted so that
 * "yes", "", "- x", "#" and friends read back as they were.
 *
 * libyaml escapes C0, C1, DEL, U+2028/9 and BOMs in double-quoted scalars
 * but, with unicode on, writes bidirectional controls (U+202E, U+200F...)
 * raw, so `cat` of a file could reorder the terminal's text. Turning
 * unicode off escapes every non-ASCII character (an Arabic note becomes
 * \u0627\u0644...) and there is no per-scalar switch; so after emitting,
 * each remaining unsafe code point is replaced by its \uXXXX escape. That
 * is exact: only double-quoted scalars can hold non-ASCII text here (keys,
 * ids, times, numbers and palette colours are ASCII), and inside one
 * "\u202E" means the same as the raw character. */

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>
#include <yaml.h>

#include "glosa/store.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

#define MAX_DEPTH 64
#define COUNT(a) ((unsigned)(sizeof (a) / sizeof *(a)))

struct parse {
	yaml_parser_t parser;
	yaml_event_t ev;       /* the current event, valid while have_ev */
	bool have_ev, failed;
	int depth;
	const char *src;
	size_t len;
	struct annot_set *set;
	yaml_mark_t *id_at;    /* where each highlight's id is, for duplicates */
	size_t id_cap;
	bool saw_version;
	struct store_error *err;
};

/* The keys of one kind of mapping; the context names it in messages. */
struct keyset {
	const char *context;
	const char *const *keys;
	unsigned n;
};

enum { T_VERSION, T_ARTICLE, T_POSITION, T_HIGHLIGHTS };
static const char *const top_keys[] = { "glosa-annotations", "article", "position", "highlights" };
static const struct keyset top_ks = { "the file", top_keys, COUNT(top_keys) };

enum { A_ID, A_TITLE, A_AUTHOR, A_PATH, A_FINGERPRINT };
static const char *const article_keys[] = { "id", "title", "author", "path", "fingerprint" };
static const struct keyset article_ks = { "article", article_keys, COUNT(article_keys) };

/* percent only in the top-level position: start and end use the first 3. */
enum { P_SECTION, P_BLOCK, P_OFFSET, P_PERCENT };
static const char *const pos_keys[] = { "section", "block", "offset", "percent" };

enum { H_ID, H_CREATED, H_UPDATED, H_DELETED, H_AUTHOR, H_COLOR, H_START, H_END, H_QUOTE,
       H_NOTE, H_TAGS };
static const char *const hl_keys[] = {
	"id", "created", "updated", "deleted", "author", "color", "start", "end", "quote", "note",
	"tags",
};
static const struct keyset hl_ks = { "highlight", hl_keys, COUNT(hl_keys) };

enum { Q_EXACT, Q_PREFIX, Q_SUFFIX };
static const char *const quote_keys[] = { "exact", "prefix", "suffix" };
static const struct keyset quote_ks = { "quote", quote_keys, COUNT(quote_keys) };

/* ---- Errors ----------------------------------------------------------- */

__attribute__((format(printf, 5, 6)))
static bool fail_pos(struct parse *p, enum store_errkind kind, unsigned long line,
                     unsigned long col, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return false;
	p->failed = true;
	p->err->kind = kind;
	p->err->line = line;
	p->err->column = col;
	va_start(ap, fmt);
	vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
	va_end(ap);
	return false;
}

#define fail_at(p, mark, ...) fail_pos((p), STORE_EPARSE, (unsigned long)(mark).line + 1, \
                                       (unsigned long)(mark).column + 1, __VA_ARGS__)

/* Text from the file quoted in a message: at most 40 code points, unsafe
 * characters made visible. */
static const char *show(char out[160], const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t cut = text_cp_to_byte(s, n, 40);

	text_sanitize(&sb, s, cut);
	if (cut < n)
		strbuf_addstr(&sb, "\xe2\x80\xa6");
	snprintf(out, 160, "%s", sb.buf);
	strbuf_release(&sb);
	return out;
}

/* 1-based line and column (code points, as libyaml counts) of byte off of
 * src, which is valid UTF-8 before off. */
static void position_of(const char *src, size_t len, size_t off,
                        unsigned long *line, unsigned long *col)
{
	const unsigned char *u = (const unsigned char *)src;
	size_t i = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

	*line = *col = 1;
	while (i < off && i < len) {
		size_t br = u[i] == '\n' ? 1
		          : u[i] == '\r' ? (i + 1 < len && u[i + 1] == '\n' ? 2 : 1)
		          : i + 1 < len && u[i] == 0xC2 && u[i + 1] == 0x85 ? 2
		          : i + 2 < len && u[i] == 0xE2 && u[i + 1] == 0x80
		            && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9) ? 3 : 0;
		if (br) {
			++*line;
			*col = 1;
			i += br;
		} else {
			++*col;
			i += u[i] < 0xC0 ? 1 : u[i] < 0xE0 ? 2 : u[i] < 0xF0 ? 3 : 4;
		}
	}
}

static bool parser_error(struct parse *p)
{
	const yaml_parser_t *y = &p->parser;
	const char *problem = y->problem ? y->problem : "cannot parse the YAML";
	unsigned long line, col;

	if (y->error == YAML_MEMORY_ERROR)
		return fail_pos(p, STORE_EPARSE, 1, 1, "out of memory while parsing YAML");
	if (y->error == YAML_READER_ERROR) {
		position_of(p->src, p->len, y->problem_offset, &line, &col);
		if (y->problem_value >= 0)
			return fail_pos(p, STORE_EPARSE, line, col, "%s (found U+%04X)", problem,
			                (unsigned)y->problem_value);
		return fail_pos(p, STORE_EPARSE, line, col, "%s", problem);
	}
	if (y->context)
		return fail_at(p, y->problem_mark, "%s (%s)", problem, y->context);
	return fail_at(p, y->problem_mark, "%s", problem);
}

/* ---- Events ----------------------------------------------------------- */

/* Move to the next event, refusing aliases, anchors, tags and deep nesting
 * before anyone looks at it. */
static bool next(struct parse *p)
{
	yaml_event_t *e = &p->ev;
	const yaml_char_t *anchor = NULL, *tag = NULL;
	char sh[160];

	if (p->have_ev)
		yaml_event_delete(e);
	p->have_ev = false;
	if (!yaml_parser_parse(&p->parser, e))
		return parser_error(p);
	p->have_ev = true;
	switch (e->type) {
	case YAML_ALIAS_EVENT:
		return fail_at(p, e->start_mark, "anchors and aliases are not allowed");
	case YAML_SCALAR_EVENT:
		anchor = e->data.scalar.anchor;
		tag = e->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = e->data.sequence_start.anchor;
		tag = e->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = e->data.mapping_start.anchor;
		tag = e->data.mapping_start.tag;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		p->depth--;
		break;
	default:
		break;
	}
	if (anchor)
		return fail_at(p, e->start_mark, "anchors and aliases are not allowed");
	if (tag)
		return fail_at(p, e->start_mark, "tag '%s' is not allowed (annotation files use no tags)",
		               show(sh, (const char *)tag, strlen((const char *)tag)));
	if ((e->type == YAML_MAPPING_START_EVENT || e->type == YAML_SEQUENCE_START_EVENT)
	    && ++p->depth > MAX_DEPTH)
		return fail_at(p, e->start_mark, "nesting deeper than %d levels", MAX_DEPTH);
	return true;
}

static bool is_scalar(const struct parse *p)
{
	return p->ev.type == YAML_SCALAR_EVENT;
}

static bool is_plain(const struct parse *p)
{
	return is_scalar(p) && p->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static const char *sval(const struct parse *p)
{
	return (const char *)p->ev.data.scalar.value;
}

static bool is_null(const struct parse *p)
{
	const char *v = sval(p);

	return is_plain(p) && (v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0
	                       || strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0);
}

/* "wrong value for WHAT: <what the file has> (expected EXPECTED)". */
static bool wrong(struct parse *p, const char *what, const char *expected)
{
	char sh[160];

	if (p->ev.type == YAML_MAPPING_START_EVENT)
		return fail_at(p, p->ev.start_mark, "wrong value for %s: a mapping (expected %s)",
		               what, expected);
	if (p->ev.type == YAML_SEQUENCE_START_EVENT)
		return fail_at(p, p->ev.start_mark, "wrong value for %s: a list (expected %s)",
		               what, expected);
	if (is_null(p))
		return fail_at(p, p->ev.start_mark, "wrong value for %s: nothing (expected %s)",
		               what, expected);
	show(sh, sval(p), p->ev.data.scalar.length);
	if (is_plain(p))
		return fail_at(p, p->ev.start_mark, "wrong value for %s: '%s' (expected %s)",
		               what, sh, expected);
	return fail_at(p, p->ev.start_mark, "wrong value for %s: the quoted string \"%s\" "
	               "(expected %s)", what, sh, expected);
}

/* The same for the value of key. */
static bool wrong_key(struct parse *p, const char *key, const char *expected)
{
	char what[40];

	snprintf(what, sizeof what, "'%s'", key);
	return wrong(p, what, expected);
}

/* The current event is a key of a mapping with keys ks: returns its
 * index, or -1 after an error (not a string, unknown, repeated). */
static int read_key(struct parse *p, const struct keyset *ks, unsigned *seen)
{
	struct strbuf list = STRBUF_INIT;
	char sh[160];
	unsigned i;

	if (!is_scalar(p)) {
		fail_at(p, p->ev.start_mark, "a key in %s is not a string", ks->context);
		return -1;
	}
	for (i = 0; i < ks->n; i++)
		if (strcmp(ks->keys[i], sval(p)) == 0 && strlen(ks->keys[i]) == p->ev.data.scalar.length)
			break;
	if (i < ks->n && (*seen & 1u << i)) {
		fail_at(p, p->ev.start_mark, "duplicate key '%s' in %s", ks->keys[i], ks->context);
		return -1;
	}
	if (i < ks->n) {
		*seen |= 1u << i;
		return (int)i;
	}
	for (i = 0; i < ks->n; i++)
		strbuf_addf(&list, "%s%s", i ? ", " : "", ks->keys[i]);
	fail_at(p, p->ev.start_mark, "unknown key '%s' in %s (expected one of: %s)",
	        show(sh, sval(p), p->ev.data.scalar.length), ks->context, list.buf);
	strbuf_release(&list);
	return -1;
}

/* Next key of the current mapping: its index, -2 at the end, -1 on error. */
static int next_key(struct parse *p, const struct keyset *ks, unsigned *seen)
{
	if (!next(p))
		return -1;
	if (p->ev.type == YAML_MAPPING_END_EVENT)
		return -2;
	return read_key(p, ks, seen);
}

static bool missing(struct parse *p, yaml_mark_t at, unsigned seen, const struct keyset *ks,
                    unsigned need)
{
	unsigned i;

	for (i = 0; i < ks->n; i++)
		if ((need & 1u << i) && !(seen & 1u << i))
			return fail_at(p, at, "missing required key '%s' in %s", ks->keys[i], ks->context);
	return true;
}

/* ---- Values ----------------------------------------------------------- */

/* A string value; an empty plain value or null gives NULL. */
static bool want_text(struct parse *p, const char *key, char **out)
{
	if (!next(p))
		return false;
	if (!is_scalar(p))
		return wrong_key(p, key, "a string");
	if (strlen(sval(p)) != p->ev.data.scalar.length)
		return fail_at(p, p->ev.start_mark, "'%s' contains a NUL character", key);
	free(*out);
	*out = is_null(p) ? NULL : xstrdup(sval(p));
	return true;
}

/* A plain whole number that fits 32 bits. */
static bool want_uint(struct parse *p, const char *key, uint32_t *out)
{
	const char *v;
	unsigned long long n = 0;
	size_t i;

	if (!next(p))
		return false;
	if (!is_plain(p))
		return wrong_key(p, key, "a whole number");
	v = sval(p);
	for (i = 0; v[i] >= '0' && v[i] <= '9' && n <= UINT32_MAX; i++)
		n = n * 10 + (unsigned)(v[i] - '0');
	if (i == 0 || v[i] || n > UINT32_MAX)
		return wrong_key(p, key, "a whole number");
	*out = (uint32_t)n;
	return true;
}

/* The number in the n digits at s (already checked to be digits). */
static int digits(const char *s, int n)
{
	int v = 0;

	while (n--)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* "YYYY-MM-DDTHH:MM:SSZ", a moment that exists (a leap second allowed). */
static bool valid_time(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	static const char form[] = "dddd-dd-ddTdd:dd:ddZ";
	int y, mo, d;
	size_t i;

	if (strlen(s) != ANNOT_TIME_LEN)
		return false;
	for (i = 0; i < ANNOT_TIME_LEN; i++)
		if (form[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != form[i])
			return false;
	y = digits(s, 4);
	mo = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || digits(s + 11, 2) > 23
	    || digits(s + 14, 2) > 59 || digits(s + 17, 2) > 60)
		return false;
	return !(mo == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)));
}

static bool valid_id(const char *s)
{
	return strlen(s) == ANNOT_ID_LEN && strspn(s, "0123456789abcdef") == ANNOT_ID_LEN;
}

/* A fixed-size token (id or time) checked by valid. */
static bool want_token(struct parse *p, const char *key, char *out, size_t size,
                       bool (*valid)(const char *), const char *expected)
{
	if (!next(p))
		return false;
	if (!is_scalar(p) || !valid(sval(p)) || p->ev.data.scalar.length >= size)
		return wrong_key(p, key, expected);
	memcpy(out, sval(p), p->ev.data.scalar.length + 1);
	return true;
}

/* {section: "2.1", block: 3, offset: 0}; with percent non-NULL (the
 * reading position) also an optional "percent: 40", 0 to 100. */
static bool read_pos(struct parse *p, const char *key, struct hl_pos *pos, int *percent)
{
	const struct keyset ks = { key, pos_keys, percent ? COUNT(pos_keys) : P_PERCENT };
	unsigned seen = 0;
	uint32_t pc;
	yaml_mark_t at;
	int k;

	if (!next(p))
		return false;
	if (p->ev.type != YAML_MAPPING_START_EVENT)
		return wrong_key(p, key, "a mapping with section, block and offset");
	at = p->ev.start_mark;
	while ((k = next_key(p, &ks, &seen)) >= 0) {
		bool ok;
		if (k == P_PERCENT) {
			ok = want_uint(p, "percent", &pc);
			if (ok && pc > 100)
				ok = wrong_key(p, "percent", "a whole number from 0 to 100");
			if (ok)
				*percent = (int)pc;
		} else {
			ok = k == P_SECTION ? want_text(p, "section", &pos->section)
			   : want_uint(p, pos_keys[k], k == P_BLOCK ? &pos->block : &pos->offset);
		}
		if (!ok)
			return false;
	}
	if (k == -1)
		return false;
	if (!pos->section)
		pos->section = xstrdup("");
	return missing(p, at, seen, &ks, 7);
}

static bool read_quote(struct parse *p, struct highlight *h)
{
	unsigned seen = 0;
	yaml_mark_t at;
	int k;

	if (!next(p))
		return false;
	if (p->ev.type != YAML_MAPPING_START_EVENT)
		return wrong(p, "'quote'", "a mapping with exact, prefix and suffix");
	at = p->ev.start_mark;
	while ((k = next_key(p, &quote_ks, &seen)) >= 0)
		if (!want_text(p, quote_keys[k], k == Q_EXACT ? &h->exact
		               : k == Q_PREFIX ? &h->prefix : &h->suffix))
			return false;
	if (k == -1)
		return false;
	if (!h->exact)
		h->exact = xstrdup("");
	return missing(p, at, seen, &quote_ks, 1u << Q_EXACT);
}

static bool read_tags(struct parse *p, struct highlight *h)
{
	size_t cap = 0;

	if (!next(p))
		return false;
	if (is_null(p))
		return true;
	if (p->ev.type != YAML_SEQUENCE_START_EVENT)
		return wrong(p, "'tags'", "a list of strings");
	for (;;) {
		if (!next(p))
			return false;
		if (p->ev.type == YAML_SEQUENCE_END_EVENT)
			return true;
		if (!is_scalar(p) || strlen(sval(p)) != p->ev.data.scalar.length)
			return wrong(p, "a tag", "a string");
		XGROW(h->tags, cap, h->ntags + 1);
		h->tags[h->ntags++] = xstrdup(sval(p));
	}
}

/* The current event starts a highlight mapping; h is zeroed. */
static bool read_highlight_keys(struct parse *p, struct highlight *h)
{
	yaml_mark_t at = p->ev.start_mark, marks[COUNT(hl_keys)];
	unsigned seen = 0, i;
	int k;

	while ((k = next_key(p, &hl_ks, &seen)) >= 0) {
		bool ok = true;
		marks[k] = p->ev.start_mark;
		switch (k) {
		case H_ID:
			ok = want_token(p, "id", h->id, sizeof h->id, valid_id, "16 hexadecimal digits");
			if (ok) {
				XGROW(p->id_at, p->id_cap, p->set->n + 1);
				p->id_at[p->set->n] = p->ev.start_mark;
			}
			break;
		case H_CREATED:
		case H_UPDATED:
			ok = want_token(p, hl_keys[k], k == H_CREATED ? h->created : h->updated,
			                ANNOT_TIME_LEN + 1, valid_time,
			                "a UTC time like 2026-11-28T17:02:11Z");
			break;
		case H_DELETED:
			ok = next(p);
			if (ok && !(is_plain(p) && (strcmp(sval(p), "true") == 0
			            || strcmp(sval(p), "True") == 0 || strcmp(sval(p), "TRUE") == 0)))
				ok = wrong(p, "'deleted'", "true, or no 'deleted' key at all");
			h->deleted = true;
			break;
		case H_AUTHOR: ok = want_text(p, "author", &h->author); break;
		case H_COLOR: ok = want_text(p, "color", &h->color); break;
		case H_START: ok = read_pos(p, "start", &h->start, NULL); break;
		case H_END:   ok = read_pos(p, "end", &h->end, NULL); break;
		case H_QUOTE: ok = read_quote(p, h); break;
		case H_NOTE:  ok = want_text(p, "note", &h->note); break;
		case H_TAGS:  ok = read_tags(p, h); break;
		}
		if (!ok)
			return false;
	}
	if (k == -1)
		return false;
	if (!h->deleted)
		return missing(p, at, seen, &hl_ks, 1u << H_ID | 1u << H_CREATED | 1u << H_UPDATED
		               | 1u << H_START | 1u << H_END | 1u << H_QUOTE);
	for (i = 0; i < COUNT(hl_keys); i++)
		if ((seen & 1u << i) && i != H_ID && i != H_UPDATED && i != H_DELETED)
			return fail_at(p, marks[i], "a deleted highlight has only id, updated and "
			               "deleted ('%s' found)", hl_keys[i]);
	return missing(p, at, seen, &hl_ks, 1u << H_ID | 1u << H_UPDATED);
}

static bool read_highlights(struct parse *p)
{
	struct annot_set *s = p->set;

	if (!next(p))
		return false;
	if (is_null(p))
		return true;
	if (p->ev.type != YAML_SEQUENCE_START_EVENT)
		return wrong(p, "'highlights'", "a list of highlights");
	for (;;) {
		struct highlight *h;
		bool ok;
		if (!next(p))
			return false;
		if (p->ev.type == YAML_SEQUENCE_END_EVENT)
			return true;
		if (p->ev.type != YAML_MAPPING_START_EVENT)
			return wrong(p, "a highlight", "a mapping");
		XGROW(s->hl, s->cap, s->n + 1);
		h = &s->hl[s->n];
		memset(h, 0, sizeof *h);
		ok = read_highlight_keys(p, h);
		s->n++; /* even half read, so that it is released */
		if (!ok)
			return false;
	}
}

static bool read_article(struct parse *p)
{
	struct annot_set *s = p->set;
	unsigned seen = 0;
	int k;

	if (!next(p))
		return false;
	if (is_null(p))
		return true;
	if (p->ev.type != YAML_MAPPING_START_EVENT)
		return wrong(p, "'article'", "a mapping with id, title, path and fingerprint");
	while ((k = next_key(p, &article_ks, &seen)) >= 0)
		if (!want_text(p, article_keys[k], k == A_ID ? &s->article_id
		               : k == A_TITLE ? &s->article_title : k == A_AUTHOR ? &s->article_author
		               : k == A_PATH ? &s->article_path : &s->fingerprint))
			return false;
	return k == -2;
}

/* glosa-annotations: a plain whole number, 1 here. */
static bool read_version(struct parse *p)
{
	const char *v;
	size_t i = 0;

	if (!next(p))
		return false;
	v = sval(p);
	if (is_plain(p))
		for (i = 0; v[i] >= '0' && v[i] <= '9'; i++)
			;
	if (!is_plain(p) || i == 0 || v[i])
		return wrong(p, "'glosa-annotations'", "a whole number, the format version");
	while (v[0] == '0' && v[1])
		v++;
	if (strcmp(v, "0") == 0)
		return fail_at(p, p->ev.start_mark, "annotation file format 0 does not exist "
		               "(expected %d)", ANNOT_FORMAT_VERSION);
	if (strcmp(v, "1") != 0) {
		char sh[160];
		return fail_pos(p, STORE_EVERSION, (unsigned long)p->ev.start_mark.line + 1,
		                (unsigned long)p->ev.start_mark.column + 1, "annotation file format %s "
		                "is newer than this glosa understands (%d)",
		                show(sh, v, strlen(v)), ANNOT_FORMAT_VERSION);
	}
	p->saw_version = true;
	return true;
}

static bool read_top(struct parse *p)
{
	yaml_mark_t at = p->ev.start_mark;
	unsigned seen = 0;
	int k;

	while ((k = next_key(p, &top_ks, &seen)) >= 0) {
		bool ok = k == T_VERSION ? read_version(p)
		        : k == T_ARTICLE ? read_article(p)
		        : k == T_POSITION ? read_pos(p, "position", &p->set->position, &p->set->percent)
		        : read_highlights(p);
		if (!ok)
			return false;
		if (k == T_POSITION)
			p->set->has_position = true;
	}
	if (k == -1)
		return false;
	return missing(p, at, seen, &top_ks, 1u << T_VERSION);
}

static bool read_stream(struct parse *p)
{
	yaml_mark_t doc;

	if (!next(p) || !next(p)) /* stream start, then a document or the end */
		return false;
	if (p->ev.type == YAML_STREAM_END_EVENT)
		return fail_pos(p, STORE_EPARSE, 1, 1, "empty file (expected glosa annotations)");
	doc = p->ev.start_mark;
	if (!next(p))
		return false;
	if (p->ev.type != YAML_MAPPING_START_EVENT) {
		if (is_null(p))
			return fail_at(p, doc, "empty document (expected glosa annotations)");
		return fail_at(p, p->ev.start_mark, "the file is not a mapping (expected "
		               "glosa-annotations, article, position and highlights)");
	}
	if (!read_top(p) || !next(p) || !next(p)) /* document end, stream end */
		return false;
	if (p->ev.type == YAML_DOCUMENT_START_EVENT)
		return fail_at(p, p->ev.start_mark, "more than one document");
	return true;
}

struct id_at {
	const char *id;
	size_t i;
};

static int id_at_cmp(const void *pa, const void *pb)
{
	const struct id_at *a = pa, *b = pb;
	int c = strcmp(a->id, b->id);

	return c ? c : a->i < b->i ? -1 : a->i > b->i;
}

/* Two highlights with one id: refuse, the file says two things at once. */
static bool check_ids(struct parse *p)
{
	const struct annot_set *s = p->set;
	struct id_at *v = xreallocarray(NULL, s->n ? s->n : 1, sizeof *v);
	size_t i;
	bool ok = true;

	for (i = 0; i < s->n; i++)
		v[i] = (struct id_at){ s->hl[i].id, i };
	qsort(v, s->n, sizeof *v, id_at_cmp);
	for (i = 1; i < s->n && ok; i++)
		if (strcmp(v[i].id, v[i - 1].id) == 0)
			ok = fail_at(p, p->id_at[v[i].i], "duplicate highlight id '%s' (also at %lu:%lu)",
			             v[i].id, (unsigned long)p->id_at[v[i - 1].i].line + 1,
			             (unsigned long)p->id_at[v[i - 1].i].column + 1);
	free(v);
	return ok;
}

/* Where a newer glosa's file says its version when it is not the first key
 * (a file sorted by a tool): found by a second, lenient pass over the keys
 * of the top-level mapping. */
static void find_newer_version(struct parse *p)
{
	struct parse q;
	struct store_error qerr;
	bool top_map = false, key_next = false, done = false;

	memset(&q, 0, sizeof q);
	memset(&qerr, 0, sizeof qerr);
	q.src = p->src;
	q.len = p->len;
	q.err = &qerr;
	if (!yaml_parser_initialize(&q.parser))
		return;
	yaml_parser_set_input_string(&q.parser, (const unsigned char *)p->src, p->len);
	while (!done && q.depth <= MAX_DEPTH && yaml_parser_parse(&q.parser, &q.ev)) {
		yaml_event_type_t t = q.ev.type;
		bool version = top_map && q.depth == 1 && key_next && t == YAML_SCALAR_EVENT
		               && strcmp(sval(&q), top_keys[T_VERSION]) == 0;
		yaml_event_delete(&q.ev);
		if (version) {
			if (!read_version(&q) && qerr.kind == STORE_EVERSION)
				*p->err = qerr;
			break;
		}
		switch (t) {
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (q.depth == 0) {
				top_map = t == YAML_MAPPING_START_EVENT;
				key_next = true;
			}
			q.depth++;
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			done = --q.depth == 0;
			key_next ^= q.depth == 1;
			break;
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT:
			key_next ^= q.depth == 1;
			break;
		default:
			done = t == YAML_STREAM_END_EVENT;
			break;
		}
	}
	if (q.have_ev)
		yaml_event_delete(&q.ev);
	yaml_parser_delete(&q.parser);
}

int store_parse(const char *data, size_t len, struct annot_set *set, struct store_error *err)
{
	struct parse p;
	const uint8_t *bad;
	bool ok;

	memset(err, 0, sizeof *err);
	annot_set_release(set);
	memset(&p, 0, sizeof p);
	p.src = data ? data : "";
	p.len = data ? len : 0;
	p.set = set;
	p.err = err;
	bad = u8_check((const uint8_t *)p.src, p.len);
	if (bad) {
		size_t off = (size_t)((const char *)bad - p.src);
		position_of(p.src, p.len, off, &err->line, &err->column);
		err->kind = STORE_EPARSE;
		snprintf(err->message, sizeof err->message, "invalid UTF-8 at byte offset %zu", off);
		return -1;
	}
	if (!yaml_parser_initialize(&p.parser)) {
		err->kind = STORE_EPARSE;
		err->line = err->column = 1;
		snprintf(err->message, sizeof err->message, "out of memory while parsing YAML");
		return -1;
	}
	yaml_parser_set_input_string(&p.parser, (const unsigned char *)p.src, p.len);
	ok = read_stream(&p) && check_ids(&p);
	if (p.have_ev)
		yaml_event_delete(&p.ev);
	yaml_parser_delete(&p.parser);
	free(p.id_at);
	if (ok)
		return 0;
	if (!p.saw_version && err->kind == STORE_EPARSE)
		find_newer_version(&p);
	annot_set_release(set);
	return -1;
}

/* ---- Writing ---------------------------------------------------------- */

struct emit {
	yaml_emitter_t e;
	struct strbuf out;
	struct strbuf fix;  /* a scalar made valid UTF-8 */
	bool failed;
};

static int write_out(void *data, unsigned char *buf, size_t size)
{
	strbuf_add(&((struct emit *)data)->out, buf, size);
	return 1;
}

/* Emit ev (yaml_emitter_emit frees it even on failure); stop at the first
 * failure. */
static bool emit(struct emit *m, yaml_event_t *ev, int initialized)
{
	if (m->failed || !initialized || !yaml_emitter_emit(&m->e, ev))
		m->failed = true;
	return !m->failed;
}

/* A scalar: plain for our own tokens, double-quoted for reader text. In
 * memory text is expected to be UTF-8 (libyaml refuses anything else);
 * invalid bytes are written as U+FFFD rather than refusing to save a note. */
static bool scalar(struct emit *m, const char *s, bool quoted)
{
	yaml_scalar_style_t style = quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE;
	yaml_event_t ev;
	size_t n = strlen(s), i = 0;

	if (m->failed)
		return false;
	if (yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)n, 1, 1, style))
		return emit(m, &ev, 1);
	strbuf_reset(&m->fix);
	while (i < n) {
		uint32_t uc;
		i += (size_t)text_decode(s + i, n - i, &uc);
		strbuf_add_uc(&m->fix, uc);
	}
	return emit(m, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)m->fix.buf,
	            (int)m->fix.len, 1, 1, style));
}

static bool map_start(struct emit *m, bool flow)
{
	yaml_event_t ev;

	return emit(m, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	            flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE));
}

static bool map_end(struct emit *m)
{
	yaml_event_t ev;

	return emit(m, &ev, yaml_mapping_end_event_initialize(&ev));
}

static bool seq_start(struct emit *m, bool flow)
{
	yaml_event_t ev;

	return emit(m, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
	            flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

static bool seq_end(struct emit *m)
{
	yaml_event_t ev;

	return emit(m, &ev, yaml_sequence_end_event_initialize(&ev));
}

/* key: "text", when text is present. */
static bool pair_text(struct emit *m, const char *key, const char *text)
{
	if (!text || !*text)
		return !m->failed;
	return scalar(m, key, false) && scalar(m, text, true);
}

static bool pair_plain(struct emit *m, const char *key, const char *token)
{
	return scalar(m, key, false) && scalar(m, token, false);
}

/* key: {section: "2.1", block: 3, offset: 0}, and ", percent: 40" when
 * percent >= 0 (more than 100 is written as 100: the file must read back). */
static bool pair_pos(struct emit *m, const char *key, const struct hl_pos *pos, int percent)
{
	char num[16];

	if (!scalar(m, key, false) || !map_start(m, true))
		return false;
	scalar(m, "section", false);
	scalar(m, pos->section ? pos->section : "", true);
	snprintf(num, sizeof num, "%lu", (unsigned long)pos->block);
	pair_plain(m, "block", num);
	snprintf(num, sizeof num, "%lu", (unsigned long)pos->offset);
	pair_plain(m, "offset", num);
	if (percent >= 0) {
		snprintf(num, sizeof num, "%d", percent < 100 ? percent : 100);
		pair_plain(m, "percent", num);
	}
	return map_end(m);
}

static bool is_palette(const char *color)
{
	unsigned i;

	for (i = 0; i < ANNOT_NCOLORS; i++)
		if (strcmp(color, annot_colors[i]) == 0)
			return true;
	return false;
}

static bool emit_highlight(struct emit *m, const struct highlight *h)
{
	size_t i;

	map_start(m, false);
	pair_plain(m, "id", h->id);
	if (h->deleted) {
		pair_plain(m, "updated", h->updated);
		pair_plain(m, "deleted", "true");
		return map_end(m);
	}
	pair_plain(m, "created", h->created);
	pair_plain(m, "updated", h->updated);
	pair_text(m, "author", h->author);
	if (h->color && *h->color) {
		scalar(m, "color", false);
		scalar(m, h->color, !is_palette(h->color));
	}
	pair_pos(m, "start", &h->start, -1);
	pair_pos(m, "end", &h->end, -1);
	scalar(m, "quote", false);
	map_start(m, false);
	scalar(m, "exact", false);
	scalar(m, h->exact ? h->exact : "", true);
	scalar(m, "prefix", false);
	scalar(m, h->prefix ? h->prefix : "", true);
	scalar(m, "suffix", false);
	scalar(m, h->suffix ? h->suffix : "", true);
	map_end(m);
	pair_text(m, "note", h->note);
	if (h->ntags) {
		scalar(m, "tags", false);
		seq_start(m, true);
		for (i = 0; i < h->ntags; i++)
			scalar(m, h->tags[i] ? h->tags[i] : "", true);
		seq_end(m);
	}
	return map_end(m);
}

static bool emit_set(struct emit *m, const struct annot_set *s)
{
	yaml_event_t ev;
	size_t i;

	emit(m, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	emit(m, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	map_start(m, false);
	pair_plain(m, "glosa-annotations", "1");
	if ((s->article_id && *s->article_id) || (s->article_title && *s->article_title)
	    || (s->article_author && *s->article_author)
	    || (s->article_path && *s->article_path) || (s->fingerprint && *s->fingerprint)) {
		scalar(m, "article", false);
		map_start(m, false);
		pair_text(m, "id", s->article_id);
		pair_text(m, "title", s->article_title);
		pair_text(m, "author", s->article_author);
		pair_text(m, "path", s->article_path);
		pair_text(m, "fingerprint", s->fingerprint);
		map_end(m);
	}
	if (s->has_position)
		pair_pos(m, "position", &s->position, s->percent);
	scalar(m, "highlights", false);
	seq_start(m, s->n == 0);
	for (i = 0; i < s->n; i++)
		emit_highlight(m, &s->hl[i]);
	seq_end(m);
	map_end(m);
	emit(m, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit(m, &ev, yaml_stream_end_event_initialize(&ev));
	return !m->failed && yaml_emitter_flush(&m->e);
}

/* Replace the unsafe code points libyaml wrote raw (see the top). Only
 * non-ASCII bytes need a look: libyaml escapes every ASCII control. */
static void escape_unsafe(struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *u = (const unsigned char *)out->buf;
	size_t i, n = out->len, done = 0;

	for (i = 0; i < n;) {
		uint32_t uc;
		int k;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		k = text_decode(out->buf + i, n - i, &uc);
		if (text_uc_unsafe(uc)) {
			if (!sb.len)
				strbuf_grow(&sb, n + 64);
			strbuf_add(&sb, out->buf + done, i - done);
			strbuf_addf(&sb, uc > 0xFFFF ? "\\U%08X" : "\\u%04X", (unsigned)uc);
			done = i + (size_t)k;
		}
		i += (size_t)k;
	}
	if (!done)
		return;
	strbuf_add(&sb, out->buf + done, n - done);
	strbuf_release(out);
	*out = sb;
}

/* The fields the reader cannot fix by hand must be right before writing,
 * or the file would not read back. */
static bool check_set(const struct annot_set *s, struct store_error *err)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct highlight *h = &s->hl[i];
		const char *bad = !valid_id(h->id) ? "id"
		                : !valid_time(h->updated) ? "updated time"
		                : !h->deleted && !valid_time(h->created) ? "created time" : NULL;
		if (bad) {
			char sh[160];
			err->kind = STORE_EIO;
			err->errnum = EINVAL;
			snprintf(err->message, sizeof err->message, "highlight %s has an invalid %s",
			         show(sh, h->id, strnlen(h->id, sizeof h->id)), bad);
			return false;
		}
	}
	return true;
}

int store_emit(const struct annot_set *set, char **data, size_t *len, struct store_error *err)
{
	struct annot_set sorted = *set;
	struct emit m;
	bool ok;

	memset(err, 0, sizeof *err);
	*data = NULL;
	*len = 0;
	if (!check_set(set, err))
		return -1;
	/* Document order without touching the caller's set: sort a shallow
	 * copy of the array (the strings stay the caller's). */
	sorted.hl = set->n ? xreallocarray(NULL, set->n, sizeof *sorted.hl) : NULL;
	if (set->n)
		memcpy(sorted.hl, set->hl, set->n * sizeof *sorted.hl);
	annot_sort(&sorted);
	memset(&m, 0, sizeof m);
	m.out = (struct strbuf)STRBUF_INIT;
	m.fix = (struct strbuf)STRBUF_INIT;
	if (!yaml_emitter_initialize(&m.e)) {
		free(sorted.hl);
		err->kind = STORE_EIO;
		err->errnum = ENOMEM;
		snprintf(err->message, sizeof err->message, "out of memory while writing YAML");
		return -1;
	}
	yaml_emitter_set_output(&m.e, write_out, &m);
	yaml_emitter_set_unicode(&m.e, 1);
	yaml_emitter_set_width(&m.e, -1);
	yaml_emitter_set_indent(&m.e, 2);
	ok = emit_set(&m, &sorted);
	if (!ok) {
		err->kind = STORE_EIO;
		err->errnum = EINVAL;
		snprintf(err->message, sizeof err->message, "cannot write YAML: %s",
		         m.e.problem ? m.e.problem : "emitter error");
	}
	yaml_emitter_delete(&m.e);
	free(sorted.hl);
	strbuf_release(&m.fix);
	if (!ok) {
		strbuf_release(&m.out);
		return -1;
	}
	escape_unsafe(&m.out);
	*data = strbuf_detach(&m.out, len);
	return 0;
}
