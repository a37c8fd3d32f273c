#include "config.h"

/* Reading an annotation file, the event level: libyaml's events pulled one
 * at a time, each refused at once if it is an anchor, alias or tag or
 * nests past 64 levels; the keys of a mapping checked (no duplicate or
 * unknown ones); and every error worded with a line and a column.
 * store_parse.c walks the format over these. */

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "glosa/store.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"

#include "store_yaml.h"

/* ---- Errors ----------------------------------------------------------- */

bool parse_fail_pos(struct parse *p, enum store_errkind kind, unsigned long line,
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

/* Text from the file quoted in a message: at most 40 code points, unsafe
 * characters made visible. */
const char *parse_show(char out[160], const char *s, size_t n)
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
void parse_position(const char *src, size_t len, size_t off,
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
		return parse_fail_pos(p, STORE_EPARSE, 1, 1, "out of memory while parsing YAML");
	if (y->error == YAML_READER_ERROR) {
		parse_position(p->src, p->len, y->problem_offset, &line, &col);
		if (y->problem_value >= 0)
			return parse_fail_pos(p, STORE_EPARSE, line, col, "%s (found U+%04X)", problem,
			                (unsigned)y->problem_value);
		return parse_fail_pos(p, STORE_EPARSE, line, col, "%s", problem);
	}
	if (y->context)
		return parse_fail_at(p, y->problem_mark, "%s (%s)", problem, y->context);
	return parse_fail_at(p, y->problem_mark, "%s", problem);
}

/* ---- Events ----------------------------------------------------------- */

/* Move to the next event, refusing aliases, anchors, tags and deep nesting
 * before anyone looks at it. */
bool parse_next(struct parse *p)
{
	yaml_event_t *e = &p->ev;
	const char *tag;
	enum yaml_strict bad;
	char sh[160];

	if (p->have_ev && !p->pipe)
		yaml_event_delete(e);
	p->have_ev = false;
	if (p->cancel && atomic_load_explicit(p->cancel, memory_order_relaxed))
		return parse_fail_pos(p, STORE_EPARSE, 1, 1, "cancelled");
	if (!(p->pipe ? event_pipe_next(p->pipe, e) : yaml_parser_parse(&p->parser, e)))
		return parser_error(p);
	p->have_ev = true;
	bad = yaml_strict_check(e, &p->depth, &tag);
	if (bad == YAML_STRICT_ANCHOR)
		return parse_fail_at(p, e->start_mark, "anchors and aliases are not allowed");
	if (tag)
		return parse_fail_at(p, e->start_mark, "tag '%s' is not allowed (annotation files use no tags)",
		               parse_show(sh, tag, strlen(tag)));
	if (bad == YAML_STRICT_DEEP)
		return parse_fail_at(p, e->start_mark, "nesting deeper than %d levels",
		                     YAML_STRICT_DEPTH);
	return true;
}

bool parse_is_null(const struct parse *p)
{
	const char *v = parse_sval(p);

	return parse_is_plain(p) && (v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0
	                       || strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0);
}

/* "wrong value for WHAT: <what the file has> (expected EXPECTED)". */
bool parse_wrong(struct parse *p, const char *what, const char *expected)
{
	char sh[160];

	if (p->ev.type == YAML_MAPPING_START_EVENT)
		return parse_fail_at(p, p->ev.start_mark, "wrong value for %s: a mapping (expected %s)",
		               what, expected);
	if (p->ev.type == YAML_SEQUENCE_START_EVENT)
		return parse_fail_at(p, p->ev.start_mark, "wrong value for %s: a list (expected %s)",
		               what, expected);
	if (parse_is_null(p))
		return parse_fail_at(p, p->ev.start_mark, "wrong value for %s: nothing (expected %s)",
		               what, expected);
	parse_show(sh, parse_sval(p), p->ev.data.scalar.length);
	if (parse_is_plain(p))
		return parse_fail_at(p, p->ev.start_mark, "wrong value for %s: '%s' (expected %s)",
		               what, sh, expected);
	return parse_fail_at(p, p->ev.start_mark, "wrong value for %s: the quoted string \"%s\" "
	               "(expected %s)", what, sh, expected);
}

/* The same for the value of key. */
bool parse_wrong_key(struct parse *p, const char *key, const char *expected)
{
	char what[40];

	snprintf(what, sizeof what, "'%s'", key);
	return parse_wrong(p, what, expected);
}

/* The current event is a key of a mapping with keys ks: returns its
 * index, or -1 after an error (not a string, unknown, repeated). */
static int read_key(struct parse *p, const struct keyset *ks, unsigned *seen)
{
	struct strbuf list = STRBUF_INIT;
	char sh[160];
	unsigned i;

	if (!parse_is_scalar(p)) {
		parse_fail_at(p, p->ev.start_mark, "a key in %s is not a string", ks->context);
		return -1;
	}
	for (i = 0; i < ks->n; i++)
		if (strcmp(ks->keys[i], parse_sval(p)) == 0 && strlen(ks->keys[i]) == p->ev.data.scalar.length)
			break;
	if (i < ks->n && (*seen & 1u << i)) {
		parse_fail_at(p, p->ev.start_mark, "duplicate key '%s' in %s", ks->keys[i], ks->context);
		return -1;
	}
	if (i < ks->n) {
		*seen |= 1u << i;
		return (int)i;
	}
	for (i = 0; i < ks->n; i++)
		strbuf_addf(&list, "%s%s", i ? ", " : "", ks->keys[i]);
	parse_fail_at(p, p->ev.start_mark, "unknown key '%s' in %s (expected one of: %s)",
	        parse_show(sh, parse_sval(p), p->ev.data.scalar.length), ks->context, list.buf);
	strbuf_release(&list);
	return -1;
}

/* Next key of the current mapping: its index, -2 at the end, -1 on error. */
int parse_next_key(struct parse *p, const struct keyset *ks, unsigned *seen)
{
	if (!parse_next(p))
		return -1;
	if (p->ev.type == YAML_MAPPING_END_EVENT)
		return -2;
	return read_key(p, ks, seen);
}

bool parse_missing(struct parse *p, yaml_mark_t at, unsigned seen, const struct keyset *ks,
                    unsigned need)
{
	unsigned i;

	for (i = 0; i < ks->n; i++)
		if ((need & 1u << i) && !(seen & 1u << i))
			return parse_fail_at(p, at, "missing required key '%s' in %s", ks->keys[i], ks->context);
	return true;
}
