/* Private to the YAML article loader: what its three files share.
 * article_input.c turns libyaml's input and complaints into positions and
 * messages; article_yaml.c pulls checked events, typed scalars and keys
 * and holds the entry point; article_schema.c walks the article, its
 * sections and blocks. Not a module header: include it from those files
 * only. */
#ifndef GLOSA_ARTICLE_YAML_H
#define GLOSA_ARTICLE_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/strbuf.h"
#include "glosa/yaml_pipe.h"

#define COUNT(a) ((unsigned)(sizeof (a) / sizeof *(a)))

#define LOADER_PH_WINDOWS 512u /* placeholder windows of 256 code points */

/* The scan of the input for invalid UTF-8 and raw control characters
 * (article_input.c): src[0..pos) is scanned, all of it unless bad. */
struct input_scan {
	size_t pos;
	size_t controls;     /* raw control characters met */
	bool bad;            /* src[pos] starts an ill-formed sequence */
	unsigned char used[LOADER_PH_WINDOWS]; /* windows the input uses */
};

/* One parse. The first problem fills err and sets failed; later problems
 * are ignored, so every caller can simply return false. */
struct loader {
	yaml_parser_t parser;
	yaml_event_t ev;    /* the current event, valid while have_ev and only until
	                     * the next loader_next (piped, its strings are freed
	                     * then): copy what is kept */
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
	bool front_matter;  /* a Markdown file's: the details, no content */
	struct input_scan scan;
	struct event_pipe *pipe; /* libyaml on its own thread, or NULL */
};

/* The keys valid in one kind of mapping; the context names it in errors. */
struct keyset {
	const char *context;
	const char *const *keys;
	unsigned n;
};

/* Text from the article quoted in a message: at most 40 code points, with
 * unsafe characters made visible so a message never carries raw escapes. */
struct shown {
	char s[200];
};

/* ---- article_input.c: errors, positions, control characters ---- */

/* Record the first problem at 1-based line and col; always false. */
__attribute__((format(printf, 4, 5)))
bool loader_fail_pos(struct loader *l, unsigned long line, unsigned long col,
                     const char *fmt, ...);
#define loader_fail_at(l, mark, ...) \
	loader_fail_pos((l), (unsigned long)(mark).line + 1, (unsigned long)(mark).column + 1, \
	                __VA_ARGS__)
/* s[0..n) as quoted in a message, in out (which it returns). */
const char *loader_show(struct shown *out, const char *s, size_t n);
/* 1-based line and column, as libyaml counts, of byte off of src. */
void loader_position(const char *src, size_t len, size_t off,
                     unsigned long *line, unsigned long *col);
/* Record libyaml's parser error, with a hint where one helps; false. */
bool loader_parser_error(struct loader *l);
/* Scan all of src once (see struct input_scan). */
void loader_scan(struct loader *l);
/* Finish the scan: false (l->failed) when src is not valid UTF-8, with
 * the first bad byte; when it has raw control characters, set l->subst
 * and l->ph_base. */
bool loader_protect_controls(struct loader *l);
/* The current scalar's bytes, placeholders undone; valid until the next
 * call or event. */
const char *loader_scalar_value(struct loader *l, size_t *len);

/* ---- article_yaml.c: events, scalars and keys ---- */

/* Move to the next event, refusing aliases, anchors, foreign tags and
 * deep nesting. */
bool loader_next(struct loader *l);
/* Is the current event a null scalar? */
bool loader_is_null(struct loader *l);
/* A YAML 1.1 boolean in *out; false when the current event is none. */
bool loader_scalar_bool(struct loader *l, bool *out);
/* "wrong type" errors for the current node, as what or as key's value. */
bool loader_wrong_type(struct loader *l, const char *what, const char *expected);
bool loader_wrong_type_key(struct loader *l, const char *key, const char *expected);
/* Move to a value that must be a string; an empty value gives "". */
bool loader_want_text(struct loader *l, const char *key, const char **s, size_t *n);
/* "unknown key" at m (or at the current event), with a suggestion from
 * cands, else with hint, else with cands listed; false. */
bool loader_unknown_key_at(struct loader *l, yaml_mark_t m, const char *key, size_t n,
                           const char *context, const char *const *cands, unsigned nc,
                           const char *hint);
bool loader_unknown_key(struct loader *l, const char *context, const char *const *cands,
                        unsigned nc, const char *hint);
/* The current event as a key of keys[0..n), not repeated (seen): its
 * index, or -1 (an error only if l->failed). */
int loader_read_key(struct loader *l, const char *const *keys, unsigned n, unsigned *seen);
/* Is key (not one of cands) one edit away from one of them: a typo, not
 * a key of its own? */
bool loader_key_is_typo(const char *key, size_t n, const char *const *cands, unsigned nc);
/* Skip the value after the current key, however deep (nesting is still
 * bounded by loader_next). */
bool loader_skip_value(struct loader *l);
/* The same for a keyset, an unknown key being an error too. */
int loader_read_known_key(struct loader *l, const struct keyset *ks, unsigned *seen);

/* ---- article_schema.c: the article ---- */

/* Read the whole stream into l->a: one document, one article mapping. */
bool loader_read_stream(struct loader *l);

#endif
