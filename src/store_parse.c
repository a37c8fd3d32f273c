#include "config.h"

/* Reading the YAML form of an annotation file (annotations.md): the
 * format's walk from the top-level mapping down to each highlight, its
 * values (text, whole numbers, ids, times) checked as they arrive, then
 * the ids checked for duplicates. When a file fails before its version
 * was read, a second, lenient pass looks for a version newer than this
 * glosa, which explains the failure better. The events come from
 * store_events.c. */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>
#include <yaml.h>

#include "glosa/store.h"
#include "glosa/xalloc.h"

#include "store_yaml.h"

#define COUNT(a) ((unsigned)(sizeof (a) / sizeof *(a)))

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

/* ---- Values ----------------------------------------------------------- */

/* A string value; an empty plain value or null gives NULL. */
static bool want_text(struct parse *p, const char *key, char **out)
{
	if (!parse_next(p))
		return false;
	if (!parse_is_scalar(p))
		return parse_wrong_key(p, key, "a string");
	if (strlen(parse_sval(p)) != p->ev.data.scalar.length)
		return parse_fail_at(p, p->ev.start_mark, "'%s' contains a NUL character", key);
	free(*out);
	*out = parse_is_null(p) ? NULL : xstrdup(parse_sval(p));
	return true;
}

/* A plain whole number that fits 32 bits. */
static bool want_uint(struct parse *p, const char *key, uint32_t *out)
{
	const char *v;
	unsigned long long n = 0;
	size_t i;

	if (!parse_next(p))
		return false;
	if (!parse_is_plain(p))
		return parse_wrong_key(p, key, "a whole number");
	v = parse_sval(p);
	for (i = 0; v[i] >= '0' && v[i] <= '9' && n <= UINT32_MAX; i++)
		n = n * 10 + (unsigned)(v[i] - '0');
	if (i == 0 || v[i] || n > UINT32_MAX)
		return parse_wrong_key(p, key, "a whole number");
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
bool parse_valid_time(const char *s)
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

bool parse_valid_id(const char *s)
{
	return strlen(s) == ANNOT_ID_LEN && strspn(s, "0123456789abcdef") == ANNOT_ID_LEN;
}

/* A fixed-size token (id or time) checked by valid. */
static bool want_token(struct parse *p, const char *key, char *out, size_t size,
                       bool (*valid)(const char *), const char *expected)
{
	if (!parse_next(p))
		return false;
	if (!parse_is_scalar(p) || !valid(parse_sval(p)) || p->ev.data.scalar.length >= size)
		return parse_wrong_key(p, key, expected);
	memcpy(out, parse_sval(p), p->ev.data.scalar.length + 1);
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

	if (!parse_next(p))
		return false;
	if (p->ev.type != YAML_MAPPING_START_EVENT)
		return parse_wrong_key(p, key, "a mapping with section, block and offset");
	at = p->ev.start_mark;
	while ((k = parse_next_key(p, &ks, &seen)) >= 0) {
		bool ok;
		if (k == P_PERCENT) {
			ok = want_uint(p, "percent", &pc);
			if (ok && pc > 100)
				ok = parse_wrong_key(p, "percent", "a whole number from 0 to 100");
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
	return parse_missing(p, at, seen, &ks, 7);
}

static bool read_quote(struct parse *p, struct highlight *h)
{
	unsigned seen = 0;
	yaml_mark_t at;
	int k;

	if (!parse_next(p))
		return false;
	if (p->ev.type != YAML_MAPPING_START_EVENT)
		return parse_wrong(p, "'quote'", "a mapping with exact, prefix and suffix");
	at = p->ev.start_mark;
	while ((k = parse_next_key(p, &quote_ks, &seen)) >= 0)
		if (!want_text(p, quote_keys[k], k == Q_EXACT ? &h->exact
		               : k == Q_PREFIX ? &h->prefix : &h->suffix))
			return false;
	if (k == -1)
		return false;
	if (!h->exact)
		h->exact = xstrdup("");
	return parse_missing(p, at, seen, &quote_ks, 1u << Q_EXACT);
}

static bool read_tags(struct parse *p, struct highlight *h)
{
	size_t cap = 0;

	if (!parse_next(p))
		return false;
	if (parse_is_null(p))
		return true;
	if (p->ev.type != YAML_SEQUENCE_START_EVENT)
		return parse_wrong(p, "'tags'", "a list of strings");
	for (;;) {
		if (!parse_next(p))
			return false;
		if (p->ev.type == YAML_SEQUENCE_END_EVENT)
			return true;
		if (!parse_is_scalar(p) || strlen(parse_sval(p)) != p->ev.data.scalar.length)
			return parse_wrong(p, "a tag", "a string");
		XGROW(h->tags, cap, h->ntags + 1);
		h->tags[h->ntags++] = xstrdup(parse_sval(p));
	}
}

/* The current event starts a highlight mapping; h is zeroed. */
static bool read_highlight_keys(struct parse *p, struct highlight *h)
{
	yaml_mark_t at = p->ev.start_mark, marks[COUNT(hl_keys)];
	unsigned seen = 0, i;
	int k;

	while ((k = parse_next_key(p, &hl_ks, &seen)) >= 0) {
		bool ok = true;
		marks[k] = p->ev.start_mark;
		switch (k) {
		case H_ID:
			ok = want_token(p, "id", h->id, sizeof h->id, parse_valid_id, "16 hexadecimal digits");
			if (ok) {
				XGROW(p->id_at, p->id_cap, p->set->n + 1);
				p->id_at[p->set->n] = p->ev.start_mark;
			}
			break;
		case H_CREATED:
		case H_UPDATED:
			ok = want_token(p, hl_keys[k], k == H_CREATED ? h->created : h->updated,
			                ANNOT_TIME_LEN + 1, parse_valid_time,
			                "a UTC time like 2026-11-28T17:02:11Z");
			break;
		case H_DELETED:
			ok = parse_next(p);
			if (ok && !(parse_is_plain(p) && (strcmp(parse_sval(p), "true") == 0
			            || strcmp(parse_sval(p), "True") == 0 || strcmp(parse_sval(p), "TRUE") == 0)))
				ok = parse_wrong(p, "'deleted'", "true, or no 'deleted' key at all");
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
		return parse_missing(p, at, seen, &hl_ks, 1u << H_ID | 1u << H_CREATED | 1u << H_UPDATED
		               | 1u << H_START | 1u << H_END | 1u << H_QUOTE);
	for (i = 0; i < COUNT(hl_keys); i++)
		if ((seen & 1u << i) && i != H_ID && i != H_UPDATED && i != H_DELETED)
			return parse_fail_at(p, marks[i], "a deleted highlight has only id, updated and "
			               "deleted ('%s' found)", hl_keys[i]);
	return parse_missing(p, at, seen, &hl_ks, 1u << H_ID | 1u << H_UPDATED);
}

bool parse_highlight_items(struct parse *p)
{
	struct annot_set *s = p->set;

	for (;;) {
		struct highlight *h;
		bool ok;
		if (!parse_next(p))
			return false;
		if (p->ev.type == YAML_SEQUENCE_END_EVENT) {
			if (p->split) /* the list ended before the cut */
				store_split_cancel(p->split);
			p->split = NULL;
			return true;
		}
		if (p->split) {
			enum split_meet m = store_split_meet(p->split, p);
			if (m != SPLIT_BEFORE) {
				struct store_split *split = p->split;
				p->split = NULL;
				if (m == SPLIT_PASSED)
					store_split_cancel(split);
				else if (store_split_join(split, p)) {
					p->rest_done = true;
					return true;
				}
			}
		}
		if (p->ev.type != YAML_MAPPING_START_EVENT)
			return parse_wrong(p, "a highlight", "a mapping");
		XGROW(s->hl, s->cap, s->n + 1);
		h = &s->hl[s->n];
		memset(h, 0, sizeof *h);
		ok = read_highlight_keys(p, h);
		s->n++; /* even half read, so that it is released */
		if (!ok)
			return false;
		if (p->each)
			p->each(p->each_ctx, h);
	}
}

/* The list's body is most of a large file: parsed by two threads from
 * a line in its second half on, or else by libyaml on its own thread.
 * The few events before it (the file's head) are read here. */
static void start_body(struct parse *p)
{
	if (store_split_worth(p->len) && p->ev.data.sequence_start.style != YAML_FLOW_SEQUENCE_STYLE)
		p->split = store_split_start(p);
	if (!p->split && event_pipe_worth(p->len)) {
		yaml_event_delete(&p->ev); /* the pipe's events are its own; this one is not */
		p->have_ev = false;
		p->pipe = event_pipe_start(&p->parser);
	}
}

static bool read_highlights(struct parse *p)
{
	if (!parse_next(p))
		return false;
	if (parse_is_null(p))
		return true;
	if (p->ev.type != YAML_SEQUENCE_START_EVENT)
		return parse_wrong(p, "'highlights'", "a list of highlights");
	start_body(p); /* the key is read once: duplicates were refused */
	return parse_highlight_items(p);
}

static bool read_article(struct parse *p)
{
	struct annot_set *s = p->set;
	unsigned seen = 0;
	int k;

	if (!parse_next(p))
		return false;
	if (parse_is_null(p))
		return true;
	if (p->ev.type != YAML_MAPPING_START_EVENT)
		return parse_wrong(p, "'article'", "a mapping with id, title, path and fingerprint");
	while ((k = parse_next_key(p, &article_ks, &seen)) >= 0)
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

	if (!parse_next(p))
		return false;
	v = parse_sval(p);
	if (parse_is_plain(p))
		for (i = 0; v[i] >= '0' && v[i] <= '9'; i++)
			;
	if (!parse_is_plain(p) || i == 0 || v[i])
		return parse_wrong(p, "'glosa-annotations'", "a whole number, the format version");
	while (v[0] == '0' && v[1])
		v++;
	if (strcmp(v, "0") == 0)
		return parse_fail_at(p, p->ev.start_mark, "annotation file format 0 does not exist "
		               "(expected %d)", ANNOT_FORMAT_VERSION);
	if (strcmp(v, "1") != 0) {
		char sh[160];
		return parse_fail_pos(p, STORE_EVERSION, (unsigned long)p->ev.start_mark.line + 1,
		                (unsigned long)p->ev.start_mark.column + 1, "annotation file format %s "
		                "is newer than this glosa understands (%d)",
		                parse_show(sh, v, strlen(v)), ANNOT_FORMAT_VERSION);
	}
	p->saw_version = true;
	return true;
}

static bool read_top(struct parse *p)
{
	yaml_mark_t at = p->ev.start_mark;
	unsigned seen = 0;
	int k;

	while ((k = parse_next_key(p, &top_ks, &seen)) >= 0) {
		bool ok = k == T_VERSION ? read_version(p)
		        : k == T_ARTICLE ? read_article(p)
		        : k == T_POSITION ? read_pos(p, "position", &p->set->position, &p->set->percent)
		        : read_highlights(p);
		if (!ok)
			return false;
		if (k == T_POSITION)
			p->set->has_position = true;
		if (p->rest_done)
			break; /* the split read the rest: the highlights were last */
	}
	if (k == -1)
		return false;
	return parse_missing(p, at, seen, &top_ks, 1u << T_VERSION);
}

static bool read_stream(struct parse *p)
{
	yaml_mark_t doc;

	if (!parse_next(p) || !parse_next(p)) /* stream start, then a document or the end */
		return false;
	if (p->ev.type == YAML_STREAM_END_EVENT)
		return parse_fail_pos(p, STORE_EPARSE, 1, 1, "empty file (expected glosa annotations)");
	doc = p->ev.start_mark;
	if (!parse_next(p))
		return false;
	if (p->ev.type != YAML_MAPPING_START_EVENT) {
		if (parse_is_null(p))
			return parse_fail_at(p, doc, "empty document (expected glosa annotations)");
		return parse_fail_at(p, p->ev.start_mark, "the file is not a mapping (expected "
		               "glosa-annotations, article, position and highlights)");
	}
	if (!read_top(p))
		return false;
	if (p->rest_done)
		return true;
	if (!parse_next(p) || !parse_next(p)) /* document end, stream end */
		return false;
	if (p->ev.type == YAML_DOCUMENT_START_EVENT)
		return parse_fail_at(p, p->ev.start_mark, "more than one document");
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
			ok = parse_fail_at(p, p->id_at[v[i].i], "duplicate highlight id '%s' (also at %lu:%lu)",
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
	yaml_strict_input(&q.parser, p->src, p->len);
	while (!done && q.depth <= YAML_STRICT_DEPTH && yaml_parser_parse(&q.parser, &q.ev)) {
		yaml_event_type_t t = q.ev.type;
		bool version = top_map && q.depth == 1 && key_next && t == YAML_SCALAR_EVENT
		               && strcmp(parse_sval(&q), top_keys[T_VERSION]) == 0;
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
	return store_parse_each(data, len, set, err, NULL, NULL);
}

int store_parse_each(const char *data, size_t len, struct annot_set *set,
                     struct store_error *err, void (*each)(void *, const struct highlight *),
                     void *ctx)
{
	struct parse p;
	const uint8_t *bad;
	bool ok;

	memset(err, 0, sizeof *err);
	annot_set_release(set);
	memset(&p, 0, sizeof p);
	p.each = each;
	p.each_ctx = ctx;
	p.src = data ? data : "";
	p.len = data ? len : 0;
	p.set = set;
	p.err = err;
	if (!yaml_parser_initialize(&p.parser)) {
		err->kind = STORE_EPARSE;
		err->line = err->column = 1;
		snprintf(err->message, sizeof err->message, "out of memory while parsing YAML");
		return -1;
	}
	yaml_strict_input(&p.parser, p.src, p.len);
	/* A file of thousands of highlights: the list, most of the work, is
	 * parsed on other threads (start_body). */
	ok = read_stream(&p) && check_ids(&p);
	if (p.split)
		store_split_cancel(p.split);
	p.split = NULL;
	if (p.pipe)
		event_pipe_stop(p.pipe); /* frees the current event too */
	else if (p.have_ev)
		yaml_event_delete(&p.ev);
	p.pipe = NULL;
	p.have_ev = false;
	yaml_parser_delete(&p.parser);
	free(p.id_at);
	if (ok)
		return 0;
	/* libyaml's reader refuses ill-formed UTF-8 as u8_check does, and a
	 * parse that succeeds has read every byte: only a failed one needs
	 * the check, whose message (with the byte offset) comes first. */
	bad = u8_check((const uint8_t *)p.src, p.len);
	if (bad) {
		size_t off = (size_t)((const char *)bad - p.src);
		memset(err, 0, sizeof *err);
		parse_position(p.src, p.len, off, &err->line, &err->column);
		err->kind = STORE_EPARSE;
		snprintf(err->message, sizeof err->message, "invalid UTF-8 at byte offset %zu", off);
	} else if (!p.saw_version && err->kind == STORE_EPARSE)
		find_newer_version(&p);
	annot_set_release(set);
	return -1;
}
