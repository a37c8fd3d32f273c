#include "config.h"

/* The reader's settings file (config.h), read with libyaml's event API.
 *
 * Two kinds of trouble, told apart on purpose:
 *   - the file is not YAML we accept (a syntax error, invalid UTF-8, an
 *     anchor, alias or tag, nesting past 64 levels, a top level that is
 *     not a mapping): nothing from it is used, every setting keeps its
 *     default, and the one message says where;
 *   - the YAML is fine but an entry is not (an unknown key or colour, a
 *     value of the wrong kind, a key given twice, a label with a control
 *     character): that entry is reported and skipped, the rest is used.
 * A label has its white space folded (runs of spaces, tabs and line
 * breaks become one space, none at either end) and at most LABEL_MAX
 * characters; a longer one is cut at a character boundary (never inside a
 * combining sequence) and reported. An empty or null label is no label.
 * Nothing here prints. */

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unigbrk.h>
#include <unistr.h>
#include <yaml.h>

#include "glosa/config.h"
#include "glosa/files.h"
#include "glosa/markup.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"
#include "glosa/yaml_strict.h"

#define MAX_BYTES ((size_t)1 << 20)
#define LABEL_MAX 40 /* characters (code points) */
#define COLOURS "yellow, green, blue, red, purple"

struct cparse {
	yaml_parser_t parser;
	yaml_event_t ev;        /* the current event, valid while have_ev */
	bool have_ev, fatal;
	int depth;
	const char *src;
	size_t len;
	struct config *cfg;
	char *labels[ANNOT_NCOLORS];  /* kept only if the whole file is read */
	char *name;
	yaml_mark_t label_at[ANNOT_NCOLORS];
	bool have_label[ANNOT_NCOLORS];
};

/* ---- Problems ----------------------------------------------------------- */

/* Append "PATH:LINE:COLUMN: message" (no position when line is 0) as a
 * line of cfg->problems. Room is always kept for a last line saying that
 * more did not fit; a first line too long by itself is cut. */
__attribute__((format(printf, 5, 6)))
static void problem(struct config *cfg, const char *path, unsigned long line,
                    unsigned long col, const char *fmt, ...)
{
	static const char more[] = "(more problems not shown)";
	const size_t keep = sizeof more; /* '\n' and the notice */
	struct strbuf sb = STRBUF_INIT;
	size_t used = strlen(cfg->problems), room = sizeof cfg->problems - 1 - used;
	va_list ap;

	if (used)
		strbuf_addch(&sb, '\n');
	if (line)
		strbuf_addf(&sb, "%s:%lu:%lu: ", path, line, col);
	else
		strbuf_addf(&sb, "%s: ", path);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (used >= sizeof more - 1 && strcmp(cfg->problems + used - (sizeof more - 1), more) == 0)
		goto out;
	if (sb.len + keep <= room) {
		memcpy(cfg->problems + used, sb.buf, sb.len + 1);
	} else if (!used) {
		size_t cut = room - keep - 3;
		while (cut && (sb.buf[cut] & 0xC0) == 0x80)
			cut--;
		memcpy(cfg->problems, sb.buf, cut);
		memcpy(cfg->problems + cut, "\xe2\x80\xa6", 4);
	} else {
		memcpy(cfg->problems + used, "\n", 1);
		memcpy(cfg->problems + used + 1, more, sizeof more);
	}
out:
	strbuf_release(&sb);
}

#define problem_at(p, mark, ...) problem((p)->cfg, (p)->cfg->path, \
                                         (unsigned long)(mark).line + 1, \
                                         (unsigned long)(mark).column + 1, __VA_ARGS__)

/* Text from the file in a message: at most 40 characters, unsafe ones
 * made visible. */
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

/* 1-based line and column (code points, as libyaml counts them) of byte
 * off of src, for reader errors, where libyaml's mark is not set. */
static void position_of(const char *src, size_t len, size_t off,
                        unsigned long *line, unsigned long *col)
{
	size_t i = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

	*line = *col = 1;
	while (i < off && i < len) {
		uint32_t uc;
		int k = text_decode(src + i, len - i, &uc);
		if (uc == '\n' || (uc == '\r' && !(i + 1 < len && src[i + 1] == '\n'))
		    || uc == 0x85 || uc == 0x2028 || uc == 0x2029) {
			++*line;
			*col = 1;
		} else if (uc != '\r') {
			++*col;
		}
		i += (size_t)k;
	}
}

/* The file is not YAML we accept: say where, and use none of it. */
#define fatal_at(p, mark, ...) (problem_at(p, mark, __VA_ARGS__), (p)->fatal = true, false)

static bool parser_error(struct cparse *p)
{
	const yaml_parser_t *y = &p->parser;
	const char *what = y->problem ? y->problem : "cannot parse the YAML";
	unsigned long line, col;

	p->fatal = true;
	if (y->error == YAML_MEMORY_ERROR) {
		problem(p->cfg, p->cfg->path, 0, 0, "out of memory while parsing YAML");
	} else if (y->error == YAML_READER_ERROR) {
		position_of(p->src, p->len, y->problem_offset, &line, &col);
		if (y->problem_value >= 0)
			problem(p->cfg, p->cfg->path, line, col, "%s (found U+%04X)", what,
			        (unsigned)y->problem_value);
		else
			problem(p->cfg, p->cfg->path, line, col, "%s", what);
	} else if (y->context) {
		problem_at(p, y->problem_mark, "%s (%s)", what, y->context);
	} else {
		problem_at(p, y->problem_mark, "%s", what);
	}
	return false;
}

/* ---- Events ------------------------------------------------------------- */

/* Move to the next event, refusing aliases, anchors, tags and deep
 * nesting before anyone looks at it. */
static bool next(struct cparse *p)
{
	yaml_event_t *e = &p->ev;
	const char *tag;
	enum yaml_strict bad;
	char sh[160];

	if (p->have_ev)
		yaml_event_delete(e);
	p->have_ev = false;
	if (!yaml_parser_parse(&p->parser, e))
		return parser_error(p);
	p->have_ev = true;
	bad = yaml_strict_check(e, &p->depth, &tag);
	if (bad == YAML_STRICT_ANCHOR)
		return fatal_at(p, e->start_mark, "anchors and aliases are not allowed");
	if (tag)
		return fatal_at(p, e->start_mark, "tag '%s' is not allowed (the config file uses "
		                "no tags)", show(sh, tag, strlen(tag)));
	if (bad == YAML_STRICT_DEEP)
		return fatal_at(p, e->start_mark, "nesting deeper than %d levels", YAML_STRICT_DEPTH);
	return true;
}

static bool is_scalar(const struct cparse *p)
{
	return p->ev.type == YAML_SCALAR_EVENT;
}

static const char *sval(const struct cparse *p)
{
	return (const char *)p->ev.data.scalar.value;
}

static bool is_null(const struct cparse *p)
{
	const char *v = sval(p);

	return is_scalar(p) && p->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE
	    && (v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0
	        || strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0);
}

/* The current event starts a node: move to its last event. */
static bool skip_node(struct cparse *p)
{
	int depth = p->depth;

	if (p->ev.type != YAML_MAPPING_START_EVENT && p->ev.type != YAML_SEQUENCE_START_EVENT)
		return true;
	while (p->depth >= depth)
		if (!next(p))
			return false;
	return true;
}

/* Skip the current node, the wrong kind of value for what, and say so
 * (unless the file turns out not to be YAML we accept on the way). */
static bool wrong(struct cparse *p, const char *what, const char *expected)
{
	char sh[160];
	yaml_mark_t mark = p->ev.start_mark;
	const char *q = is_scalar(p) ? "'" : "";
	const char *kind = p->ev.type == YAML_MAPPING_START_EVENT ? "a mapping"
	                 : p->ev.type == YAML_SEQUENCE_START_EVENT ? "a list"
	                 : show(sh, sval(p), p->ev.data.scalar.length);

	if (!skip_node(p))
		return false;
	problem_at(p, mark, "wrong value for %s: %s%s%s (expected %s)", what, q, kind, q, expected);
	return true;
}

/* ---- Labels ------------------------------------------------------------- */

/* The label of colour c from the current scalar: folded, checked, cut. */
static void take_label(struct cparse *p, unsigned c)
{
	const char *v = sval(p), *name = annot_colors[c];
	size_t n = p->ev.data.scalar.length, i = 0, cps = 0;
	struct strbuf sb = STRBUF_INIT;
	const uint8_t *g, *end;

	if (strlen(v) != n) {
		problem_at(p, p->ev.start_mark, "the label for '%s' contains a NUL character "
		           "(ignored)", name);
		return;
	}
	while (i < n) {
		uint32_t uc;
		int k = text_decode(v + i, n - i, &uc);
		if (uc == ' ' || uc == '\t' || uc == '\n' || uc == '\r') {
			if (sb.len && sb.buf[sb.len - 1] != ' ')
				strbuf_addch(&sb, ' ');
		} else if (text_uc_unsafe(uc)) {
			problem_at(p, p->ev.start_mark, "the label for '%s' contains the control "
			           "character U+%04X (ignored)", name, (unsigned)uc);
			strbuf_release(&sb);
			return;
		} else {
			strbuf_add(&sb, v + i, (size_t)k);
		}
		i += (size_t)k;
	}
	if (sb.len && sb.buf[sb.len - 1] == ' ')
		strbuf_truncate(&sb, sb.len - 1);
	/* Whole characters with their combining marks, up to LABEL_MAX. */
	g = (const uint8_t *)sb.buf;
	end = g + sb.len;
	while (g < end) {
		const uint8_t *nx = u8_grapheme_next(g, end);
		size_t k = u8_mbsnlen(g, (size_t)(nx - g));
		if (cps + k > LABEL_MAX)
			break;
		cps += k;
		g = nx;
	}
	if (g < end) {
		char sh[160];
		strbuf_truncate(&sb, (size_t)(g - (const uint8_t *)sb.buf));
		if (sb.len && sb.buf[sb.len - 1] == ' ')
			strbuf_truncate(&sb, sb.len - 1);
		problem_at(p, p->ev.start_mark, "the label for '%s' is longer than %d "
		           "characters (cut to '%s')", name, LABEL_MAX, show(sh, sb.buf, sb.len));
	}
	if (sb.len)
		p->labels[c] = strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
}

/* The value of labels: a mapping from palette colour to label. */
static bool read_labels(struct cparse *p)
{
	char sh[160];
	unsigned c;

	if (!next(p))
		return false;
	if (is_null(p))
		return true;
	if (p->ev.type != YAML_MAPPING_START_EVENT)
		return wrong(p, "'labels'", "a mapping from colour to label, like 'red: disagree'");
	for (;;) {
		if (!next(p))
			return false;
		if (p->ev.type == YAML_MAPPING_END_EVENT)
			return true;
		if (!is_scalar(p)) {
			problem_at(p, p->ev.start_mark, "a key in labels is not a string");
			if (!skip_node(p) || !next(p) || !skip_node(p))
				return false;
			continue;
		}
		for (c = 0; c < ANNOT_NCOLORS; c++)
			if (strcmp(sval(p), annot_colors[c]) == 0
			    && strlen(annot_colors[c]) == p->ev.data.scalar.length)
				break;
		if (c == ANNOT_NCOLORS) {
			problem_at(p, p->ev.start_mark, "unknown colour '%s' (expected one of "
			           COLOURS ")", show(sh, sval(p), p->ev.data.scalar.length));
		} else if (p->have_label[c]) {
			problem_at(p, p->ev.start_mark, "duplicate colour '%s' (the first, at "
			           "%lu:%lu, is used)", annot_colors[c],
			           (unsigned long)p->label_at[c].line + 1,
			           (unsigned long)p->label_at[c].column + 1);
			c = ANNOT_NCOLORS;
		} else {
			p->have_label[c] = true;
			p->label_at[c] = p->ev.start_mark;
		}
		if (!next(p))
			return false;
		if (c == ANNOT_NCOLORS) {
			if (!skip_node(p))
				return false;
		} else if (!is_scalar(p)) {
			snprintf(sh, sizeof sh, "'%s'", annot_colors[c]);
			if (!wrong(p, sh, "a label, a string"))
				return false;
		} else if (!is_null(p)) {
			take_label(p, c);
		}
	}
}

/* name: who makes the highlights, recorded in each (white space folded,
 * no control characters). */
static bool read_name(struct cparse *p)
{
	struct strbuf sb = STRBUF_INIT;

	if (!next(p))
		return false;
	if (!is_scalar(p))
		return wrong(p, "'name'", "a string");
	if (is_null(p))
		return true;
	if (text_width(sval(p), p->ev.data.scalar.length) == 0 ||
	    strlen(sval(p)) != p->ev.data.scalar.length) {
		problem_at(p, p->ev.start_mark, "'name' is empty (ignored)");
		return true;
	}
	for (size_t i = 0; i < p->ev.data.scalar.length;) {
		uint32_t uc;
		int k = text_decode(sval(p) + i, p->ev.data.scalar.length - i, &uc);
		if (text_uc_unsafe(uc) && uc != '\t' && uc != '\n') {
			problem_at(p, p->ev.start_mark, "'name' contains the control character "
			           "U+%04X (ignored)", (unsigned)uc);
			strbuf_release(&sb);
			return true;
		}
		i += (size_t)k;
	}
	markup_fold_ws(sval(p), p->ev.data.scalar.length, &sb);
	free(p->name);
	p->name = strbuf_detach(&sb, NULL);
	return true;
}

/* ---- The file ----------------------------------------------------------- */

static bool read_top(struct cparse *p)
{
	bool seen = false;
	yaml_mark_t first = { 0, 0, 0 };
	char sh[160];

	for (;;) {
		if (!next(p))
			return false;
		if (p->ev.type == YAML_MAPPING_END_EVENT)
			return true;
		if (!is_scalar(p)) {
			problem_at(p, p->ev.start_mark, "a key is not a string");
			if (!skip_node(p) || !next(p) || !skip_node(p))
				return false;
		} else if (strcmp(sval(p), "labels") == 0 && p->ev.data.scalar.length == 6) {
			if (seen) {
				problem_at(p, p->ev.start_mark, "duplicate key 'labels' (the first, "
				           "at %lu:%lu, is used)", (unsigned long)first.line + 1,
				           (unsigned long)first.column + 1);
				if (!next(p) || !skip_node(p))
					return false;
				continue;
			}
			seen = true;
			first = p->ev.start_mark;
			if (!read_labels(p))
				return false;
		} else if (strcmp(sval(p), "name") == 0 && p->ev.data.scalar.length == 4) {
			if (!read_name(p))
				return false;
		} else {
			problem_at(p, p->ev.start_mark, "unknown key '%s' (expected labels or name)",
			   show(sh, sval(p), p->ev.data.scalar.length));
			if (!next(p) || !skip_node(p))
				return false;
		}
	}
}

static bool read_stream(struct cparse *p)
{
	if (!next(p) || !next(p)) /* stream start, then a document or the end */
		return false;
	if (p->ev.type == YAML_STREAM_END_EVENT)
		return true; /* empty, or only comments */
	if (!next(p))
		return false;
	if (is_null(p))
		; /* "---" alone */
	else if (p->ev.type != YAML_MAPPING_START_EVENT)
		return fatal_at(p, p->ev.start_mark, "the file is not a mapping (expected "
		                "'labels:' and the colours under it)");
	else if (!read_top(p))
		return false;
	if (!next(p) || !next(p)) /* document end, then the stream end or more */
		return false;
	if (p->ev.type == YAML_DOCUMENT_START_EVENT)
		problem_at(p, p->ev.start_mark, "more than one document (only the first is read)");
	return true;
}

static void parse(struct config *cfg, const char *src, size_t len)
{
	struct cparse p;
	const uint8_t *bad;
	unsigned c;

	memset(&p, 0, sizeof p);
	p.cfg = cfg;
	p.src = src;
	p.len = len;
	bad = u8_check((const uint8_t *)src, len);
	if (bad) {
		/* Where the bad sequence starts (libyaml points past it). */
		size_t off = (size_t)((const char *)bad - src);
		unsigned long line, col;
		position_of(src, len, off, &line, &col);
		problem(cfg, cfg->path, line, col, "invalid UTF-8 (the byte 0x%02X)", *bad);
		return;
	}
	if (!yaml_parser_initialize(&p.parser)) {
		problem(cfg, cfg->path, 0, 0, "out of memory while parsing YAML");
		return;
	}
	yaml_strict_input(&p.parser, src, len);
	read_stream(&p);
	if (p.have_ev)
		yaml_event_delete(&p.ev);
	yaml_parser_delete(&p.parser);
	for (c = 0; c < ANNOT_NCOLORS; c++) {
		if (p.fatal)
			free(p.labels[c]);
		else
			cfg->labels[c] = p.labels[c];
	}
	if (p.fatal)
		free(p.name);
	else
		cfg->name = p.name;
}

void config_load(struct config *cfg, const char *path)
{
	/* $XDG_CONFIG_HOME/glosa/config.yaml, else ~/.config/glosa/config.yaml */
	char *own = path ? NULL : files_xdg_path("XDG_CONFIG_HOME", "/.config",
	                                         "/glosa/config.yaml"), *data;
	size_t len;
	struct stat st;
	int e;

	memset(cfg, 0, sizeof *cfg);
	if (!path)
		path = own;
	if (!path)
		return;
	e = files_read_regular(path, MAX_BYTES, &data, &len, &st);
	if (e == ENOENT) {
		free(own);
		return;
	}
	if (e) {
		problem(cfg, path, 0, 0, "cannot read the config file: %s",
		        e == EFBIG ? "it is bigger than 1 MiB" : e == EINVAL ? "not a regular file"
		        : strerror(e));
		free(own);
		return;
	}
	cfg->path = own ? own : xstrdup(path);
	parse(cfg, data, len);
	free(data);
}

void config_release(struct config *cfg)
{
	unsigned c;

	for (c = 0; c < ANNOT_NCOLORS; c++)
		free(cfg->labels[c]);
	free(cfg->name);
	free(cfg->path);
	memset(cfg, 0, sizeof *cfg);
}

const char *config_label(const struct config *cfg, const char *color)
{
	unsigned c;

	if (!color)
		return NULL;
	for (c = 0; c < ANNOT_NCOLORS; c++)
		if (strcmp(color, annot_colors[c]) == 0)
			return cfg->labels[c];
	return NULL;
}

const char *config_author(const struct config *cfg)
{
	const struct passwd *pw;
	const char *login;

	if (cfg && cfg->name && *cfg->name)
		return cfg->name;
	pw = getpwuid(getuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	login = getenv("LOGNAME");
	if (!login || !*login)
		login = getenv("USER");
	return login && *login ? login : NULL;
}
