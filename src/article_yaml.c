#include "config.h"

/* The YAML article loader (article-format.md, version 1). It pulls libyaml
 * events one at a time and checks each against the format as it arrives,
 * building the model through the article_add_* functions; the first problem
 * stops the parse, so hostile input (deep nesting, aliases) costs nothing.
 *
 * libyaml refuses raw control characters anywhere in a stream, but the
 * format says they load (the display layer makes them visible). So before
 * parsing, each one (C0 but NUL, tab, LF, CR; DEL; C1 but NEL) is replaced
 * by a placeholder code point from a private-use window the input does not
 * use, and scalars are mapped back as they are read. A placeholder is one
 * character like the original, so libyaml's line and column marks stay
 * right. */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unistr.h>
#include <yaml.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

#define MAX_DEPTH 64
#define MAX_FILE_BYTES ((size_t)256 << 20) /* far past any article */
#define CORE_TAG "tag:yaml.org,2002:"
#define PH_FIRST 0xF0000u  /* placeholder windows: planes 15 and 16 */
#define PH_WINDOWS 512u    /* of 256 code points each */
#define COUNT(a) ((unsigned)(sizeof (a) / sizeof *(a)))

struct loader {
	yaml_parser_t parser;
	yaml_event_t ev;    /* the current event, valid while have_ev */
	bool have_ev;
	bool failed;        /* err is filled; later problems are ignored */
	int depth;          /* open mappings and sequences */
	const char *src;    /* the caller's bytes, for positions */
	size_t srclen;
	char *subst;        /* src with placeholders, or NULL */
	size_t substlen;
	uint32_t ph_base;   /* first placeholder code point, 0 when none */
	struct strbuf val;  /* the current scalar with placeholders undone */
	struct article *a;
	struct load_error *err;
};

/* The keys valid in one kind of mapping; the context names it in errors. */
struct keyset {
	const char *context;
	const char *const *keys;
	unsigned n;
};

enum { A_TITLE, A_SUBTITLE, A_AUTHOR, A_DATE, A_LANG, A_ID, A_SOURCE, A_SUMMARY, A_SECTIONS };
static const char *const article_keys[] = {
	"title", "subtitle", "author", "date", "lang", "id", "source", "summary", "sections",
};
static const struct keyset article_ks = { "article", article_keys, COUNT(article_keys) };

enum { S_TITLE, S_BLOCKS, S_SECTIONS };
static const char *const section_keys[] = { "title", "blocks", "sections" };
static const struct keyset section_ks = { "section", section_keys, COUNT(section_keys) };

enum { L_TITLE, L_ORDERED, L_ITEMS };
static const char *const list_keys[] = { "title", "ordered", "items" };
static const struct keyset list_ks = { "list", list_keys, COUNT(list_keys) };

/* Block keys: the five kinds in enum block_kind order, then modifiers. */
enum { B_BY = 5, B_TITLE = 6, B_NKEYS = 7 };
static const char *const block_keys[] = {
	"paragraph", "quote", "list", "code", "aside", "by", "title",
};
#define KINDS "paragraph, quote, list, code, aside"

/* ---- Errors ---------------------------------------------------------- */

__attribute__((format(printf, 4, 5)))
static bool fail_pos(struct loader *l, unsigned long line, unsigned long col,
                     const char *fmt, ...)
{
	va_list ap;

	if (l->failed)
		return false;
	l->failed = true;
	l->err->line = line;
	l->err->column = col;
	va_start(ap, fmt);
	vsnprintf(l->err->message, sizeof l->err->message, fmt, ap);
	va_end(ap);
	return false;
}

#define fail_at(l, mark, ...) \
	fail_pos((l), (unsigned long)(mark).line + 1, (unsigned long)(mark).column + 1, __VA_ARGS__)

/* Text from the article quoted in a message: at most 40 code points, with
 * unsafe characters made visible so a message never carries raw escapes. */
struct shown {
	char s[200];
};

static const char *show(struct shown *out, const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t cut = text_cp_to_byte(s, n, 40);

	text_sanitize(&sb, s, cut);
	if (cut < n)
		strbuf_addstr(&sb, "\xe2\x80\xa6");
	snprintf(out->s, sizeof out->s, "%s", sb.buf);
	strbuf_release(&sb);
	return out->s;
}

/* Is s a line break as libyaml counts them (LF, CR, NEL, LS, PS)? Returns
 * its length in bytes, or 0. A CR before LF is not a break of its own. */
static size_t line_break(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] == '\n')
		return 1;
	if (u[0] == '\r')
		return n > 1 && u[1] == '\n' ? 0 : 1;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0x85)
		return 2;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
		return 3;
	return 0;
}

static size_t u8_len(unsigned char b)
{
	return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

static size_t bom_len(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* 1-based line and column (in code points, a BOM not counted, as libyaml
 * counts) of byte off in src, whose bytes before off are valid UTF-8. */
static void position_of(const char *src, size_t len, size_t off,
                        unsigned long *line, unsigned long *col)
{
	size_t i = bom_len(src, len);

	*line = *col = 1;
	if (i > off)
		i = 0;
	while (i < off) {
		size_t br = line_break(src + i, len - i);
		if (br) {
			++*line;
			*col = 1;
			i += br;
		} else {
			++*col;
			i += u8_len((unsigned char)src[i]);
		}
	}
}

/* The byte in src at 0-based line and column, or -1. */
static int char_at(const char *src, size_t len, size_t line, size_t col)
{
	size_t i = bom_len(src, len);

	while (i < len && (line > 0 || col > 0)) {
		size_t br = line_break(src + i, len - i);
		if (br && line > 0) {
			line--;
			i += br;
		} else if (br) {
			return -1;
		} else {
			if (line == 0)
				col--;
			i += u8_len((unsigned char)src[i]);
		}
	}
	return i < len ? (unsigned char)src[i] : -1;
}

static bool is_raw_control(uint32_t uc)
{
	return (uc < 0x20 && uc != 0 && uc != '\t' && uc != '\n' && uc != '\r')
	    || uc == 0x7F || (uc >= 0x80 && uc < 0xA0 && uc != 0x85);
}

/* The offset in src of byte off of the text libyaml was given. */
static size_t source_offset(const struct loader *l, size_t off)
{
	size_t i = 0, t = 0;

	if (!l->subst)
		return off;
	while (i < l->srclen) {
		uint32_t uc;
		int k = text_decode(l->src + i, l->srclen - i, &uc);
		size_t tk = is_raw_control(uc) ? 4 : (size_t)k;
		if (t + tk > off)
			break;
		t += tk;
		i += (size_t)k;
	}
	return i;
}

static bool parser_error(struct loader *l)
{
	const yaml_parser_t *p = &l->parser;
	const char *problem = p->problem ? p->problem : "cannot parse the YAML";
	const char *hint = "";
	unsigned long line, col;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return fail_pos(l, 0, 0, "out of memory while parsing YAML");
	case YAML_READER_ERROR:
		position_of(l->src, l->srclen, source_offset(l, p->problem_offset), &line, &col);
		if (p->problem_value >= 0)
			return fail_pos(l, line, col, "%s (found U+%04X)", problem,
			                (unsigned)p->problem_value);
		return fail_pos(l, line, col, "%s", problem);
	default:
		break;
	}
	if (char_at(l->src, l->srclen, p->problem_mark.line, p->problem_mark.column) == '\t')
		hint = "; indent with spaces, not tabs";
	else if (strcmp(problem, "mapping values are not allowed in this context") == 0)
		hint = "; put text that contains ': ' in quotes";
	if (p->context)
		return fail_at(l, p->problem_mark, "%s (%s)%s", problem, p->context, hint);
	return fail_at(l, p->problem_mark, "%s%s", problem, hint);
}

/* ---- Control characters ---------------------------------------------- */

/* Mark the placeholder window of uc as taken. */
static void take_window(unsigned char *used, uint32_t uc)
{
	if (uc >= PH_FIRST && uc <= 0x10FFFF)
		used[(uc - PH_FIRST) >> 8] = 1;
}

/* Replace raw control characters (see the top of the file). The windows
 * that the input uses, literally or through \U escapes in double-quoted
 * scalars, are avoided; if all are taken, libyaml will refuse the input. */
static void protect_controls(struct loader *l)
{
	unsigned char used[PH_WINDOWS] = { 0 };
	const char *s = l->src;
	size_t n = l->srclen, i, w, controls = 0;
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < n;) {
		uint32_t uc;
		int k = text_decode(s + i, n - i, &uc);
		controls += is_raw_control(uc);
		take_window(used, uc);
		if (uc == '\\' && i + 10 <= n && s[i + 1] == 'U') {
			char hex[9], *end;
			memcpy(hex, s + i + 2, 8);
			hex[8] = '\0';
			uc = (uint32_t)strtoul(hex, &end, 16);
			if (end == hex + 8)
				take_window(used, uc);
		}
		i += (size_t)k;
	}
	if (controls == 0)
		return;
	for (w = PH_WINDOWS; w-- > 0;)
		if (!used[w])
			break;
	if (w == (size_t)-1)
		return;
	l->ph_base = PH_FIRST + (uint32_t)(w << 8);
	strbuf_grow(&sb, n + 3 * controls);
	for (i = 0; i < n;) {
		uint32_t uc;
		int k = text_decode(s + i, n - i, &uc);
		if (is_raw_control(uc))
			strbuf_add_uc(&sb, l->ph_base + uc);
		else
			strbuf_add(&sb, s + i, (size_t)k);
		i += (size_t)k;
	}
	l->subst = strbuf_detach(&sb, &l->substlen);
}

/* The current scalar's bytes (placeholders undone), valid until the next
 * call or event. */
static const char *scalar_value(struct loader *l, size_t *len)
{
	const char *v = (const char *)l->ev.data.scalar.value;
	size_t n = l->ev.data.scalar.length, i;

	*len = n;
	if (!l->ph_base)
		return v;
	strbuf_reset(&l->val);
	for (i = 0; i < n;) {
		uint32_t uc;
		int k = text_decode(v + i, n - i, &uc);
		if (uc >= l->ph_base && uc < l->ph_base + 0xA0 && is_raw_control(uc - l->ph_base))
			strbuf_add_uc(&l->val, uc - l->ph_base);
		else
			strbuf_add(&l->val, v + i, (size_t)k);
		i += (size_t)k;
	}
	*len = l->val.len;
	return l->val.buf;
}

/* ---- Events ----------------------------------------------------------- */

static bool is_start(yaml_event_type_t t)
{
	return t == YAML_MAPPING_START_EVENT || t == YAML_SEQUENCE_START_EVENT;
}

static const char *kind_name(yaml_event_type_t t)
{
	return t == YAML_MAPPING_START_EVENT ? "a mapping"
	     : t == YAML_SEQUENCE_START_EVENT ? "a sequence" : "a string";
}

/* Only tag:yaml.org,2002: str, int, bool, null, float, timestamp (on
 * scalars), seq and map, each on its own kind of node. */
static bool check_tag(struct loader *l, const char *tag)
{
	static const char *const scalar_tags[] = {
		"str", "int", "bool", "null", "float", "timestamp",
	};
	yaml_event_type_t t = l->ev.type;
	size_t plen = strlen(CORE_TAG), i;
	struct shown sh;
	bool fits;

	if (strncmp(tag, CORE_TAG, plen) != 0)
		return fail_at(l, l->ev.start_mark, "tag '%s' is not allowed (only core YAML tags)",
		               show(&sh, tag, strlen(tag)));
	tag += plen;
	if (strcmp(tag, "seq") == 0) {
		fits = t == YAML_SEQUENCE_START_EVENT;
	} else if (strcmp(tag, "map") == 0) {
		fits = t == YAML_MAPPING_START_EVENT;
	} else {
		for (i = 0; i < COUNT(scalar_tags); i++)
			if (strcmp(tag, scalar_tags[i]) == 0)
				break;
		if (i == COUNT(scalar_tags))
			return fail_at(l, l->ev.start_mark, "tag '!!%s' is not allowed (only core YAML tags)",
			               show(&sh, tag, strlen(tag)));
		fits = t == YAML_SCALAR_EVENT;
	}
	if (!fits)
		return fail_at(l, l->ev.start_mark, "tag '!!%s' cannot be used on %s", tag, kind_name(t));
	return true;
}

/* Move to the next event, refusing aliases, anchors, foreign tags and deep
 * nesting before anyone looks at it. */
static bool next(struct loader *l)
{
	yaml_event_t *e = &l->ev;
	const yaml_char_t *anchor = NULL, *tag = NULL;

	if (l->have_ev)
		yaml_event_delete(e);
	l->have_ev = false;
	if (!yaml_parser_parse(&l->parser, e))
		return parser_error(l);
	l->have_ev = true;
	switch (e->type) {
	case YAML_ALIAS_EVENT:
		return fail_at(l, e->start_mark, "anchors and aliases are not allowed");
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
		l->depth--;
		break;
	default:
		break;
	}
	if (anchor)
		return fail_at(l, e->start_mark, "anchors and aliases are not allowed");
	if (tag && !check_tag(l, (const char *)tag))
		return false;
	if (is_start(e->type) && ++l->depth > MAX_DEPTH)
		return fail_at(l, e->start_mark, "nesting deeper than %d levels", MAX_DEPTH);
	return true;
}

static bool is_null(struct loader *l)
{
	const yaml_event_t *e = &l->ev;
	const char *v = (const char *)e->data.scalar.value;
	size_t n = e->data.scalar.length;

	if (e->type != YAML_SCALAR_EVENT)
		return false;
	if (e->data.scalar.tag)
		return strcmp((const char *)e->data.scalar.tag, CORE_TAG "null") == 0;
	if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return n == 0 || (n == 1 && v[0] == '~') || (n == 4 && (memcmp(v, "null", 4) == 0
	       || memcmp(v, "Null", 4) == 0 || memcmp(v, "NULL", 4) == 0));
}

/* A YAML 1.1 boolean: plain or tagged !!bool, never quoted. */
static bool scalar_bool(struct loader *l, bool *out)
{
	static const char *const yes[] = {
		"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
	};
	static const char *const no[] = {
		"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
	};
	const yaml_event_t *e = &l->ev;
	const char *v = (const char *)e->data.scalar.value;
	size_t i;

	if (e->type != YAML_SCALAR_EVENT)
		return false;
	if (e->data.scalar.tag ? strcmp((const char *)e->data.scalar.tag, CORE_TAG "bool") != 0
	                       : e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (i = 0; i < COUNT(yes); i++) {
		if (strlen(yes[i]) == e->data.scalar.length && strcmp(v, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strlen(no[i]) == e->data.scalar.length && strcmp(v, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* What the current node is, for "wrong type" messages. */
static const char *node_desc(struct loader *l)
{
	if (is_null(l))
		return "an empty value";
	return kind_name(l->ev.type);
}

static bool wrong_type(struct loader *l, const char *what, const char *expected)
{
	return fail_at(l, l->ev.start_mark, "wrong type for %s: %s (expected %s)",
	               what, node_desc(l), expected);
}

static bool wrong_type_key(struct loader *l, const char *key, const char *expected)
{
	return fail_at(l, l->ev.start_mark, "wrong type for '%s': %s (expected %s)",
	               key, node_desc(l), expected);
}

/* Move to a value that must be a string; an empty value gives "". */
static bool want_text(struct loader *l, const char *key, const char **s, size_t *n)
{
	if (!next(l))
		return false;
	if (l->ev.type != YAML_SCALAR_EVENT)
		return wrong_type_key(l, key, "a string");
	if (is_null(l)) {
		*s = "";
		*n = 0;
	} else {
		*s = scalar_value(l, n);
	}
	return true;
}

/* ---- Keys ------------------------------------------------------------- */

static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
	size_t row[32], i, j;

	if (nb >= sizeof row / sizeof *row)
		return SIZE_MAX;
	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= nb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[nb];
}

/* The candidate within 2 edits of key (and closer than its length), if any. */
static const char *suggest(const char *key, size_t n, const char *const *cands, unsigned nc)
{
	const char *best = NULL;
	size_t best_d = 3;
	unsigned i;

	for (i = 0; i < nc; i++) {
		size_t m = strlen(cands[i]), d;
		if (n > m + 2 || m > n + 2)
			continue;
		d = edit_distance(key, n, cands[i], m);
		if (d < best_d && d < n) {
			best = cands[i];
			best_d = d;
		}
	}
	return best;
}

/* "unknown key" at m, with a suggestion from cands, else with hint, else
 * with cands listed. */
static bool unknown_key_at(struct loader *l, yaml_mark_t m, const char *key, size_t n,
                           const char *context, const char *const *cands, unsigned nc,
                           const char *hint)
{
	const char *near = suggest(key, n, cands, nc);
	struct strbuf list = STRBUF_INIT;
	struct shown sh;
	unsigned i;

	show(&sh, key, n);
	if (near)
		return fail_at(l, m, "unknown key '%s' in %s (did you mean '%s'?)", sh.s, context, near);
	if (hint)
		return fail_at(l, m, "unknown key '%s' in %s (%s)", sh.s, context, hint);
	for (i = 0; i < nc; i++)
		strbuf_addf(&list, "%s%s", i ? ", " : "", cands[i]);
	fail_at(l, m, "unknown key '%s' in %s (expected one of: %s)", sh.s, context, list.buf);
	strbuf_release(&list);
	return false;
}

/* The same for the current event. */
static bool unknown_key(struct loader *l, const char *context, const char *const *cands,
                        unsigned nc, const char *hint)
{
	size_t n;
	const char *key = scalar_value(l, &n);

	return unknown_key_at(l, l->ev.start_mark, key, n, context, cands, nc, hint);
}

static int find_key(struct loader *l, const char *const *keys, unsigned n)
{
	size_t len;
	const char *k = scalar_value(l, &len);
	unsigned i;

	for (i = 0; i < n; i++)
		if (strlen(keys[i]) == len && memcmp(keys[i], k, len) == 0)
			return (int)i;
	return -1;
}

/* The current event is a key: check it is a string, is not repeated
 * (seen), and is one of ks; returns its index, or -1 after an error. */
static int read_key(struct loader *l, const char *const *keys, unsigned n, unsigned *seen)
{
	int i;

	if (l->ev.type != YAML_SCALAR_EVENT) {
		wrong_type(l, "key", "a string");
		return -1;
	}
	i = find_key(l, keys, n);
	if (i >= 0 && (*seen & 1u << i)) {
		fail_at(l, l->ev.start_mark, "duplicate key '%s'", keys[i]);
		return -1;
	}
	if (i >= 0)
		*seen |= 1u << i;
	return i;
}

static int read_known_key(struct loader *l, const struct keyset *ks, unsigned *seen)
{
	int i = read_key(l, ks->keys, ks->n, seen);

	if (i < 0 && !l->failed)
		unknown_key(l, ks->context, ks->keys, ks->n, NULL);
	return i;
}

/* ---- Blocks ----------------------------------------------------------- */

/* A block mapping read so far; committed to the article at its end. */
struct block_acc {
	int kind;                    /* enum block_kind, -1 before a kind key */
	struct strbuf text;          /* paragraph, quote, code, aside */
	struct strbuf label;         /* by, aside title, list caption */
	yaml_mark_t mod_mark[2];     /* where by and title were, if seen */
	unsigned seen;
	bool ordered;
	struct strbuf items;         /* list items, concatenated */
	size_t *item_end;
	size_t nitems, items_cap;
};

static bool modifier_fits(int kind, int key)
{
	return (key == B_BY && kind == BLOCK_QUOTE) || (key == B_TITLE && kind == BLOCK_ASIDE);
}

/* Error for key (at m) that a block of this kind cannot have. */
static bool block_key_error(struct loader *l, yaml_mark_t m, const char *key, size_t n, int kind)
{
	const char *name = block_keys[kind], *cands[2] = { name, NULL };
	unsigned nc = 1, i;
	char hint[64];

	if (kind == BLOCK_QUOTE)
		cands[nc++] = "by";
	if (kind == BLOCK_ASIDE)
		cands[nc++] = "title";
	if (kind == BLOCK_LIST)
		for (i = 0; i < COUNT(list_keys); i++)
			if (strlen(list_keys[i]) == n && memcmp(list_keys[i], key, n) == 0)
				return unknown_key_at(l, m, key, n, name, cands, nc,
				                      "title, ordered and items go under 'list'");
	snprintf(hint, sizeof hint, "a %s block takes no other keys", name);
	return unknown_key_at(l, m, key, n, name, cands, nc, nc == 1 ? hint : NULL);
}

static bool read_items(struct loader *l, struct block_acc *b)
{
	for (;;) {
		const char *s = "";
		size_t n = 0;
		if (!next(l))
			return false;
		if (l->ev.type == YAML_SEQUENCE_END_EVENT)
			return true;
		if (l->ev.type != YAML_SCALAR_EVENT)
			return wrong_type(l, "list item", "a string");
		if (!is_null(l))
			s = scalar_value(l, &n);
		strbuf_add(&b->items, s, n);
		XGROW(b->item_end, b->items_cap, b->nitems + 1);
		b->item_end[b->nitems++] = b->items.len;
	}
}

/* The value of 'list': a sequence of strings or {title, ordered, items}. */
static bool read_list(struct loader *l, struct block_acc *b)
{
	yaml_mark_t start;
	unsigned seen = 0;

	if (!next(l))
		return false;
	if (l->ev.type == YAML_SEQUENCE_START_EVENT)
		return read_items(l, b);
	if (l->ev.type != YAML_MAPPING_START_EVENT)
		return wrong_type_key(l, "list", "a list of strings or a mapping with items");
	start = l->ev.start_mark;
	for (;;) {
		const char *s;
		size_t n;
		if (!next(l))
			return false;
		if (l->ev.type == YAML_MAPPING_END_EVENT)
			break;
		switch (read_known_key(l, &list_ks, &seen)) {
		case L_TITLE:
			if (!want_text(l, "title", &s, &n))
				return false;
			strbuf_add(&b->label, s, n);
			break;
		case L_ORDERED:
			if (!next(l))
				return false;
			if (!scalar_bool(l, &b->ordered))
				return wrong_type_key(l, "ordered", "true or false");
			break;
		case L_ITEMS:
			if (!next(l))
				return false;
			if (l->ev.type != YAML_SEQUENCE_START_EVENT)
				return wrong_type_key(l, "items", "a list of strings");
			if (!read_items(l, b))
				return false;
			break;
		default:
			return false;
		}
	}
	if (!(seen & 1u << L_ITEMS))
		return fail_at(l, start, "missing required key 'items' in list");
	return true;
}

static void commit_block(struct loader *l, struct block_acc *b, uint32_t section)
{
	struct article *a = l->a;
	uint32_t i = article_add_block(a, section, (enum block_kind)b->kind);
	struct text_ref text = { 0, 0, 0, 0 }, label;

	switch (b->kind) {
	case BLOCK_CODE:
		text = article_add_plain(a, b->text.buf, b->text.len);
		break;
	case BLOCK_LIST: {
		struct text_src *src = xmalloc((b->nitems + 1) * sizeof *src);
		size_t k, start = 0;
		for (k = 0; k < b->nitems; k++) {
			src[k].s = b->items.buf + start;
			src[k].len = b->item_end[k] - start;
			start = b->item_end[k];
		}
		article_set_items(a, i, src, b->nitems);
		free(src);
		a->blocks[i].ordered = b->ordered;
		break;
	}
	default:
		text = article_add_markup(a, b->text.buf, b->text.len);
		break;
	}
	if (b->kind != BLOCK_LIST)
		a->blocks[i].text = text;
	if (b->label.len) {
		label = article_add_folded(a, b->label.buf, b->label.len);
		a->blocks[i].label = label;
	}
}

static bool read_block_keys(struct loader *l, struct block_acc *b)
{
	for (;;) {
		const char *s;
		size_t n;
		int k, m;
		if (!next(l))
			return false;
		if (l->ev.type == YAML_MAPPING_END_EVENT)
			return true;
		k = read_key(l, block_keys, B_NKEYS, &b->seen);
		if (k < 0 && l->failed)
			return false;
		if (k < 0 && b->kind < 0)
			return unknown_key(l, "block", block_keys, B_NKEYS, "expected one of: " KINDS);
		if (k < 0 || (k >= B_BY && b->kind >= 0 && !modifier_fits(b->kind, k))) {
			s = scalar_value(l, &n);
			return block_key_error(l, l->ev.start_mark, s, n, b->kind);
		}
		if (k >= B_BY) {
			b->mod_mark[k - B_BY] = l->ev.start_mark;
			if (!want_text(l, block_keys[k], &s, &n))
				return false;
			strbuf_add(&b->label, s, n);
			continue;
		}
		if (b->kind >= 0)
			return fail_at(l, l->ev.start_mark, "block has two kinds '%s' and '%s' "
			               "(expected exactly one of " KINDS ")",
			               block_keys[b->kind], block_keys[k]);
		b->kind = k;
		/* A modifier met before the kind is reported where it was. */
		for (m = B_BY; m < B_NKEYS; m++)
			if ((b->seen & 1u << m) && !modifier_fits(k, m))
				return block_key_error(l, b->mod_mark[m - B_BY], block_keys[m],
				                       strlen(block_keys[m]), k);
		if (k == BLOCK_LIST) {
			if (!read_list(l, b))
				return false;
		} else {
			if (!want_text(l, block_keys[k], &s, &n))
				return false;
			strbuf_add(&b->text, s, n);
		}
	}
}

/* The current event starts a block mapping. */
static bool read_block(struct loader *l, uint32_t section)
{
	struct block_acc b = { .kind = -1, .text = STRBUF_INIT, .label = STRBUF_INIT,
	                       .items = STRBUF_INIT };
	yaml_mark_t start = l->ev.start_mark;
	bool ok = read_block_keys(l, &b);

	if (ok && b.kind < 0)
		ok = fail_at(l, start, "block has no kind (expected one of " KINDS ")");
	if (ok)
		commit_block(l, &b, section);
	strbuf_release(&b.text);
	strbuf_release(&b.label);
	strbuf_release(&b.items);
	free(b.item_end);
	return ok;
}

static bool read_blocks(struct loader *l, uint32_t section)
{
	if (!next(l))
		return false;
	if (is_null(l))
		return true;
	if (l->ev.type != YAML_SEQUENCE_START_EVENT)
		return wrong_type_key(l, "blocks", "a list of blocks");
	for (;;) {
		if (!next(l))
			return false;
		if (l->ev.type == YAML_SEQUENCE_END_EVENT)
			return true;
		if (l->ev.type == YAML_SCALAR_EVENT) {
			const char *s = "";
			size_t n = 0;
			uint32_t i;
			struct text_ref r;
			if (!is_null(l))
				s = scalar_value(l, &n);
			i = article_add_block(l->a, section, BLOCK_PARAGRAPH);
			r = article_add_markup(l->a, s, n);
			l->a->blocks[i].text = r;
		} else if (l->ev.type == YAML_MAPPING_START_EVENT) {
			if (!read_block(l, section))
				return false;
		} else {
			return wrong_type(l, "block", "a string or a mapping");
		}
	}
}

/* ---- Sections and the article ---------------------------------------- */

static bool read_sections(struct loader *l, uint32_t parent, yaml_mark_t key);

/* The current event starts a section mapping. The section is created now
 * so that subsections, whenever they come, follow it in preorder. */
static bool read_section(struct loader *l, uint32_t parent)
{
	uint32_t idx = article_add_section(l->a, parent);
	yaml_mark_t start = l->ev.start_mark;
	unsigned seen = 0;

	for (;;) {
		yaml_mark_t key;
		const char *s;
		size_t n;
		struct text_ref r;
		if (!next(l))
			return false;
		if (l->ev.type == YAML_MAPPING_END_EVENT)
			break;
		key = l->ev.start_mark;
		switch (read_known_key(l, &section_ks, &seen)) {
		case S_TITLE:
			if (!want_text(l, "title", &s, &n))
				return false;
			r = article_add_folded(l->a, s, n);
			if (!r.len)
				return fail_at(l, key, "section title is empty");
			l->a->sections[idx].title = r;
			break;
		case S_BLOCKS:
			if (!read_blocks(l, idx))
				return false;
			break;
		case S_SECTIONS:
			if (!read_sections(l, idx, key))
				return false;
			break;
		default:
			return false;
		}
	}
	if (!(seen & 1u << S_TITLE))
		return fail_at(l, start, "missing required key 'title' in section");
	return true;
}

/* The value of 'sections': at least one section at the top level. */
static bool read_sections(struct loader *l, uint32_t parent, yaml_mark_t key)
{
	bool top = parent == ARTICLE_NONE;
	yaml_mark_t start;
	size_t n;

	if (!next(l))
		return false;
	if (is_null(l)) {
		if (top)
			return fail_at(l, key, "'sections' is empty (expected at least one section)");
		return true;
	}
	if (l->ev.type != YAML_SEQUENCE_START_EVENT)
		return wrong_type_key(l, "sections", "a list of sections");
	start = l->ev.start_mark;
	for (n = 0;; n++) {
		if (!next(l))
			return false;
		if (l->ev.type == YAML_SEQUENCE_END_EVENT)
			break;
		if (l->ev.type != YAML_MAPPING_START_EVENT)
			return wrong_type(l, "section", "a mapping with a title");
		if (!read_section(l, parent))
			return false;
	}
	if (top && n == 0)
		return fail_at(l, start, "'sections' is empty (expected at least one section)");
	return true;
}

static bool is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]))
			return false;
	return true;
}

static bool read_authors(struct loader *l)
{
	bool list;

	if (!next(l))
		return false;
	list = l->ev.type == YAML_SEQUENCE_START_EVENT;
	if (!list && l->ev.type != YAML_SCALAR_EVENT)
		return wrong_type_key(l, "author", "a string or a list of strings");
	do {
		const char *s;
		size_t n;
		if (list) {
			if (!next(l))
				return false;
			if (l->ev.type == YAML_SEQUENCE_END_EVENT)
				break;
			if (l->ev.type != YAML_SCALAR_EVENT)
				return wrong_type(l, "author", "a string");
		}
		if (is_null(l))
			continue;
		s = scalar_value(l, &n);
		if (!is_blank(s, n))
			article_add_author(l->a, s, n);
	} while (list);
	return true;
}

/* YYYY-MM-DD, a day that exists. */
static bool valid_date(const char *s, size_t n)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, i;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = atoi(s);
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	return !(m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)));
}

/* The current event starts the top-level mapping. */
static bool read_article(struct loader *l)
{
	struct article *a = l->a;
	yaml_mark_t start = l->ev.start_mark;
	unsigned seen = 0;

	for (;;) {
		yaml_mark_t key;
		const char *s;
		size_t n;
		int k;
		if (!next(l))
			return false;
		if (l->ev.type == YAML_MAPPING_END_EVENT)
			break;
		key = l->ev.start_mark;
		k = read_known_key(l, &article_ks, &seen);
		if (k < 0)
			return false;
		if (k == A_AUTHOR) {
			if (!read_authors(l))
				return false;
			continue;
		}
		if (k == A_SECTIONS) {
			if (!read_sections(l, ARTICLE_NONE, key))
				return false;
			continue;
		}
		if (!want_text(l, article_keys[k], &s, &n))
			return false;
		switch (k) {
		case A_TITLE:
			a->title = article_add_folded(a, s, n);
			if (!a->title.len)
				return fail_at(l, key, "title is empty");
			break;
		case A_SUBTITLE: a->subtitle = article_add_folded(a, s, n); break;
		case A_LANG:     a->lang = article_add_folded(a, s, n); break;
		case A_ID:       a->id = article_add_folded(a, s, n); break;
		case A_SOURCE:   a->source = article_add_folded(a, s, n); break;
		case A_SUMMARY:  a->summary = article_add_markup(a, s, n); break;
		case A_DATE: {
			struct shown sh;
			if (n && !valid_date(s, n))
				return fail_at(l, l->ev.start_mark,
				               "date '%s' is not a date (expected YYYY-MM-DD)", show(&sh, s, n));
			a->date = article_add_folded(a, s, n);
			break;
		}
		}
	}
	if (!(seen & 1u << A_TITLE))
		return fail_at(l, start, "missing required key 'title' in article");
	if (!(seen & 1u << A_SECTIONS))
		return fail_at(l, start, "missing required key 'sections' in article");
	return true;
}

/* One stream, one document, one mapping. */
static bool read_stream(struct loader *l)
{
	yaml_mark_t doc;

	if (!next(l) || !next(l)) /* stream start, then a document or the end */
		return false;
	if (l->ev.type == YAML_STREAM_END_EVENT)
		return fail_pos(l, 1, 1, "empty file (expected an article)");
	doc = l->ev.start_mark;
	if (!next(l))
		return false;
	if (l->ev.type != YAML_MAPPING_START_EVENT) {
		if (is_null(l))
			return fail_at(l, doc, "empty document (expected an article)");
		return fail_at(l, l->ev.start_mark,
		               "article is not a mapping (expected keys such as title and sections)");
	}
	if (!read_article(l) || !next(l) || !next(l)) /* document end, stream end */
		return false;
	if (l->ev.type == YAML_DOCUMENT_START_EVENT)
		return fail_at(l, l->ev.start_mark, "more than one document (expected one article)");
	return true;
}

struct article *article_load_yaml(const char *data, size_t len, struct load_error *err)
{
	struct loader l;
	const uint8_t *bad;
	bool ok;

	memset(err, 0, sizeof *err);
	memset(&l, 0, sizeof l);
	l.val = (struct strbuf)STRBUF_INIT;
	l.src = data ? data : "";
	l.srclen = data ? len : 0;
	l.err = err;
	bad = u8_check((const uint8_t *)l.src, l.srclen);
	if (bad) {
		size_t off = (size_t)((const char *)bad - l.src);
		position_of(l.src, l.srclen, off, &err->line, &err->column);
		snprintf(err->message, sizeof err->message, "invalid UTF-8 at byte offset %zu", off);
		return NULL;
	}
	if (!yaml_parser_initialize(&l.parser)) {
		snprintf(err->message, sizeof err->message, "out of memory while parsing YAML");
		return NULL;
	}
	protect_controls(&l);
	if (l.subst)
		yaml_parser_set_input_string(&l.parser, (const unsigned char *)l.subst, l.substlen);
	else
		yaml_parser_set_input_string(&l.parser, (const unsigned char *)l.src, l.srclen);
	l.a = article_new();
	ok = read_stream(&l);
	if (l.have_ev)
		yaml_event_delete(&l.ev);
	yaml_parser_delete(&l.parser);
	free(l.subst);
	strbuf_release(&l.val);
	if (!ok) {
		article_free(l.a);
		return NULL;
	}
	article_finish(l.a);
	return l.a;
}

/* ---- Files ------------------------------------------------------------ */

int loader_read_file(const char *path, char **data, size_t *len)
{
	bool use_stdin = strcmp(path, "-") == 0;
	int fd = use_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	char *buf = NULL;
	size_t n = 0, cap;
	struct stat st;
	int err = 0;

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return errno;
	if (fstat(fd, &st) < 0) {
		err = errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		err = EISDIR;
		goto out;
	}
	/* Streams are fine (a pipe, a terminal, a socket on stdin); a block
	 * device or anything else is not an article. */
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode)
	    && !(use_stdin && S_ISSOCK(st.st_mode))) {
		err = ENOTSUP;
		goto out;
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > MAX_FILE_BYTES) {
		err = EFBIG;
		goto out;
	}
	/* Room to see the end of a regular file without growing. */
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 4097 : 65536;
	buf = xmalloc(cap);
	for (;;) {
		ssize_t r;
		if (n + 1 >= cap) {
			if (n >= MAX_FILE_BYTES) {
				err = EFBIG;
				goto out;
			}
			cap = cap < 65536 ? 65536 : cap * 2;
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	buf = NULL;
out:
	free(buf);
	if (!use_stdin)
		close(fd);
	return err;
}
