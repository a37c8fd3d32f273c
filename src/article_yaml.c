#include "config.h"

/* The YAML article loader (article-format.md, version 1). It pulls libyaml
 * events one at a time and checks each against the format as it arrives,
 * building the model through the article_add_* functions; the first problem
 * stops the parse, so hostile input (deep nesting, aliases) costs nothing.
 * Large inputs are parsed on a second thread (yaml_pipe.c), which runs
 * at most a ring of batches (about 4,000 events) ahead: still a bound.
 *
 * This file holds the entry point and the event level: the filter every
 * event passes (no aliases, anchors, foreign tags, deep nesting), typed
 * scalars, and keys with their "did you mean" messages. The schema walk is
 * in article_schema.c, positions and control characters in
 * article_input.c. */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/strbuf.h"
#include "glosa/yaml_strict.h"

#include "article_yaml.h"

#define CORE_TAG "tag:yaml.org,2002:"

/* ---- Events ----------------------------------------------------------- */

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
		return loader_fail_at(l, l->ev.start_mark, "tag '%s' is not allowed (only core YAML tags)",
		               loader_show(&sh, tag, strlen(tag)));
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
			return loader_fail_at(l, l->ev.start_mark, "tag '!!%s' is not allowed (only core YAML tags)",
			               loader_show(&sh, tag, strlen(tag)));
		fits = t == YAML_SCALAR_EVENT;
	}
	if (!fits)
		return loader_fail_at(l, l->ev.start_mark, "tag '!!%s' cannot be used on %s", tag, kind_name(t));
	return true;
}

/* Move to the next event, refusing aliases, anchors, foreign tags and deep
 * nesting before anyone looks at it. */
bool loader_next(struct loader *l)
{
	yaml_event_t *e = &l->ev;
	const char *tag;
	enum yaml_strict bad;

	if (l->have_ev && !l->pipe)
		yaml_event_delete(e);
	l->have_ev = false;
	if (!(l->pipe ? event_pipe_next(l->pipe, e) : yaml_parser_parse(&l->parser, e)))
		return loader_parser_error(l);
	l->have_ev = true;
	bad = yaml_strict_check(e, &l->depth, &tag);
	if (bad == YAML_STRICT_ANCHOR)
		return loader_fail_at(l, e->start_mark, "anchors and aliases are not allowed");
	if (tag && !check_tag(l, tag))
		return false;
	if (bad == YAML_STRICT_DEEP)
		return loader_fail_at(l, e->start_mark, "nesting deeper than %d levels",
		                      YAML_STRICT_DEPTH);
	return true;
}

bool loader_is_null(struct loader *l)
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
bool loader_scalar_bool(struct loader *l, bool *out)
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
	if (loader_is_null(l))
		return "an empty value";
	return kind_name(l->ev.type);
}

bool loader_wrong_type(struct loader *l, const char *what, const char *expected)
{
	return loader_fail_at(l, l->ev.start_mark, "wrong type for %s: %s (expected %s)",
	               what, node_desc(l), expected);
}

bool loader_wrong_type_key(struct loader *l, const char *key, const char *expected)
{
	return loader_fail_at(l, l->ev.start_mark, "wrong type for '%s': %s (expected %s)",
	               key, node_desc(l), expected);
}

/* Move to a value that must be a string; an empty value gives "". */
bool loader_want_text(struct loader *l, const char *key, const char **s, size_t *n)
{
	if (!loader_next(l))
		return false;
	if (l->ev.type != YAML_SCALAR_EVENT)
		return loader_wrong_type_key(l, key, "a string");
	if (loader_is_null(l)) {
		*s = "";
		*n = 0;
	} else {
		*s = loader_scalar_value(l, n);
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

bool loader_key_is_typo(const char *key, size_t n, const char *const *cands, unsigned nc)
{
	unsigned i;

	if (n < 4)
		return false;
	for (i = 0; i < nc; i++) {
		size_t m = strlen(cands[i]);
		if (m + 1 >= n && n + 1 >= m && edit_distance(key, n, cands[i], m) <= 1)
			return true;
	}
	return false;
}

/* "unknown key" at m, with a suggestion from cands, else with hint, else
 * with cands listed. */
bool loader_unknown_key_at(struct loader *l, yaml_mark_t m, const char *key, size_t n,
                           const char *context, const char *const *cands, unsigned nc,
                           const char *hint)
{
	const char *near = suggest(key, n, cands, nc);
	struct strbuf list = STRBUF_INIT;
	struct shown sh;
	unsigned i;

	loader_show(&sh, key, n);
	if (near)
		return loader_fail_at(l, m, "unknown key '%s' in %s (did you mean '%s'?)", sh.s, context, near);
	if (hint)
		return loader_fail_at(l, m, "unknown key '%s' in %s (%s)", sh.s, context, hint);
	for (i = 0; i < nc; i++)
		strbuf_addf(&list, "%s%s", i ? ", " : "", cands[i]);
	loader_fail_at(l, m, "unknown key '%s' in %s (expected one of: %s)", sh.s, context, list.buf);
	strbuf_release(&list);
	return false;
}

/* The same for the current event. */
bool loader_unknown_key(struct loader *l, const char *context, const char *const *cands,
                        unsigned nc, const char *hint)
{
	size_t n;
	const char *key = loader_scalar_value(l, &n);

	return loader_unknown_key_at(l, l->ev.start_mark, key, n, context, cands, nc, hint);
}

static int find_key(struct loader *l, const char *const *keys, unsigned n)
{
	size_t len;
	const char *k = loader_scalar_value(l, &len);
	unsigned i;

	for (i = 0; i < n; i++)
		if (strlen(keys[i]) == len && memcmp(keys[i], k, len) == 0)
			return (int)i;
	return -1;
}

/* The current event is a key: check it is a string, is not repeated
 * (seen), and is one of ks; returns its index, or -1 after an error. */
int loader_read_key(struct loader *l, const char *const *keys, unsigned n, unsigned *seen)
{
	int i;

	if (l->ev.type != YAML_SCALAR_EVENT) {
		loader_wrong_type(l, "key", "a string");
		return -1;
	}
	i = find_key(l, keys, n);
	if (i >= 0 && (*seen & 1u << i)) {
		loader_fail_at(l, l->ev.start_mark, "duplicate key '%s'", keys[i]);
		return -1;
	}
	if (i >= 0)
		*seen |= 1u << i;
	return i;
}

int loader_read_known_key(struct loader *l, const struct keyset *ks, unsigned *seen)
{
	int i = loader_read_key(l, ks->keys, ks->n, seen);

	if (i < 0 && !l->failed)
		loader_unknown_key(l, ks->context, ks->keys, ks->n, NULL);
	return i;
}

bool loader_skip_value(struct loader *l)
{
	int depth = 0;

	do {
		if (!loader_next(l))
			return false;
		if (l->ev.type == YAML_MAPPING_START_EVENT || l->ev.type == YAML_SEQUENCE_START_EVENT)
			depth++;
		else if (l->ev.type == YAML_MAPPING_END_EVENT || l->ev.type == YAML_SEQUENCE_END_EVENT)
			depth--;
	} while (depth > 0);
	return true;
}

/* ---- Loading ---------------------------------------------------------- */

/* Parse l->subst, else l->src, into l->a, on a second thread when piped
 * (if one starts). False with the error recorded. */
static bool parse(struct loader *l, bool piped)
{
	bool ok;

	if (!yaml_parser_initialize(&l->parser))
		return loader_fail_pos(l, 0, 0, "out of memory while parsing YAML");
	if (l->subst)
		yaml_strict_input(&l->parser, l->subst, l->substlen);
	else
		yaml_strict_input(&l->parser, l->src, l->srclen);
	l->pipe = piped ? event_pipe_start(&l->parser) : NULL;
	ok = loader_read_stream(l);
	if (l->pipe)
		event_pipe_stop(l->pipe); /* frees the current event too */
	else if (l->have_ev)
		yaml_event_delete(&l->ev);
	l->pipe = NULL;
	l->have_ev = false;
	yaml_parser_delete(&l->parser);
	return ok;
}

/* After a failed parse of the raw bytes: what the input scan finds comes
 * first, as if it had run before the parse. Invalid UTF-8 is then the
 * error, whatever the parse said; raw control characters mean that the
 * bytes libyaml must see are others (with placeholders): the article must
 * be parsed again (false). */
static bool scan_verdict(struct loader *l, bool *ok)
{
	loader_scan(l);
	if (!l->scan.bad && l->scan.controls == 0)
		return true;
	l->failed = false;
	memset(l->err, 0, sizeof *l->err);
	if (!loader_protect_controls(l)) {
		*ok = false;
		return true;
	}
	article_free(l->a);
	l->a = article_new();
	l->depth = 0;
	return false;
}

/* Parse data into a (a new article when a is NULL); front matter reads
 * only the article's details. Returns the article, or NULL. */
static struct article *load(struct article *a, const char *data, size_t len, bool front_matter,
                            struct load_error *err)
{
	struct loader l;
	bool ok;

	memset(err, 0, sizeof *err);
	memset(&l, 0, sizeof l);
	l.val = (struct strbuf)STRBUF_INIT;
	l.src = data ? data : "";
	l.srclen = data ? len : 0;
	l.err = err;
	l.front_matter = front_matter;
	l.a = a ? a : article_new();
	if (a) {
		/* A caller's article (front matter) cannot be started over:
		 * scan first (UTF-8 and control characters in one pass). */
		ok = loader_protect_controls(&l) && parse(&l, false);
	} else {
		/* libyaml's reader, reading UTF-8 (yaml_strict_input), refuses
		 * invalid UTF-8 and every raw control character the scan
		 * looks for, and a parse that succeeds has read every byte:
		 * only a failed one needs the scan, to tell what the failure
		 * was. */
		bool piped = event_pipe_worth(l.srclen);
		ok = parse(&l, piped);
		if (!ok && !scan_verdict(&l, &ok))
			ok = parse(&l, piped);
	}
	free(l.subst);
	strbuf_release(&l.val);
	if (!ok) {
		if (!a)
			article_free(l.a);
		return NULL;
	}
	return l.a;
}

struct article *article_load_yaml(const char *data, size_t len, struct load_error *err)
{
	struct article *a = load(NULL, data, len, false, err);

	if (a)
		article_finish(a);
	return a;
}

bool article_load_front_matter(struct article *a, const char *yaml, size_t len,
                               unsigned long first_line, struct load_error *err)
{
	if (load(a, yaml, len, true, err))
		return true;
	if (err->line > 0)
		err->line += first_line - 1;
	return false;
}
