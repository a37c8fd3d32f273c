#include "config.h"

/* Writing the YAML form of an annotation file (annotations.md) from
 * libyaml events, every piece of reader text double-quoted so that "yes",
 * "", "- x", "#" and friends read back as they were.
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
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "glosa/store.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"
#include "glosa/yaml_write.h"

#include "store_yaml.h"

struct emit {
	struct yaml_write w; /* into out */
	struct strbuf out;
	struct strbuf fix;  /* a scalar made valid UTF-8 */
};

/* A scalar: plain for our own tokens, double-quoted for reader text. In
 * memory text is expected to be UTF-8 (libyaml refuses anything else);
 * invalid bytes are written as U+FFFD rather than refusing to save a note. */
static bool scalar(struct emit *m, const char *s, bool quoted)
{
	yaml_scalar_style_t style = quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE;
	yaml_event_t ev;
	size_t n = strlen(s), i = 0;

	if (m->w.failed)
		return false;
	if (yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)n, 1, 1, style))
		return yaml_write_event(&m->w, &ev, 1);
	strbuf_reset(&m->fix);
	while (i < n) {
		uint32_t uc;
		i += (size_t)text_decode(s + i, n - i, &uc);
		strbuf_add_uc(&m->fix, uc);
	}
	return yaml_write_event(&m->w, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)m->fix.buf,
	            (int)m->fix.len, 1, 1, style));
}

/* key: "text", when text is present. */
static bool pair_text(struct emit *m, const char *key, const char *text)
{
	if (!text || !*text)
		return !m->w.failed;
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

	if (!scalar(m, key, false) || !yaml_write_map_start(&m->w, true))
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
	return yaml_write_map_end(&m->w);
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

	yaml_write_map_start(&m->w, false);
	pair_plain(m, "id", h->id);
	if (h->deleted) {
		pair_plain(m, "updated", h->updated);
		pair_plain(m, "deleted", "true");
		return yaml_write_map_end(&m->w);
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
	yaml_write_map_start(&m->w, false);
	scalar(m, "exact", false);
	scalar(m, h->exact ? h->exact : "", true);
	scalar(m, "prefix", false);
	scalar(m, h->prefix ? h->prefix : "", true);
	scalar(m, "suffix", false);
	scalar(m, h->suffix ? h->suffix : "", true);
	yaml_write_map_end(&m->w);
	pair_text(m, "note", h->note);
	if (h->ntags) {
		scalar(m, "tags", false);
		yaml_write_seq_start(&m->w, true);
		for (i = 0; i < h->ntags; i++)
			scalar(m, h->tags[i] ? h->tags[i] : "", true);
		yaml_write_seq_end(&m->w);
	}
	return yaml_write_map_end(&m->w);
}

static bool emit_set(struct emit *m, const struct annot_set *s)
{
	yaml_event_t ev;
	size_t i;

	yaml_write_event(&m->w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	yaml_write_event(&m->w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	yaml_write_map_start(&m->w, false);
	pair_plain(m, "glosa-annotations", "1");
	if ((s->article_id && *s->article_id) || (s->article_title && *s->article_title)
	    || (s->article_author && *s->article_author)
	    || (s->article_path && *s->article_path) || (s->fingerprint && *s->fingerprint)) {
		scalar(m, "article", false);
		yaml_write_map_start(&m->w, false);
		pair_text(m, "id", s->article_id);
		pair_text(m, "title", s->article_title);
		pair_text(m, "author", s->article_author);
		pair_text(m, "path", s->article_path);
		pair_text(m, "fingerprint", s->fingerprint);
		yaml_write_map_end(&m->w);
	}
	if (s->has_position)
		pair_pos(m, "position", &s->position, s->percent);
	scalar(m, "highlights", false);
	yaml_write_seq_start(&m->w, s->n == 0);
	for (i = 0; i < s->n; i++)
		emit_highlight(m, &s->hl[i]);
	yaml_write_seq_end(&m->w);
	yaml_write_map_end(&m->w);
	yaml_write_event(&m->w, &ev, yaml_document_end_event_initialize(&ev, 1));
	yaml_write_event(&m->w, &ev, yaml_stream_end_event_initialize(&ev));
	return yaml_write_flush(&m->w);
}

/* The fields the reader cannot fix by hand must be right before writing,
 * or the file would not read back. */
bool emit_check_highlight(const struct highlight *h, struct store_error *err)
{
	const char *bad = !parse_valid_id(h->id) ? "id"
	                : !parse_valid_time(h->updated) ? "updated time"
	                : !h->deleted && !parse_valid_time(h->created) ? "created time" : NULL;
	char sh[160];

	if (!bad)
		return true;
	err->kind = STORE_EIO;
	err->errnum = EINVAL;
	snprintf(err->message, sizeof err->message, "highlight %s has an invalid %s",
	         parse_show(sh, h->id, strnlen(h->id, sizeof h->id)), bad);
	return false;
}

static bool check_set(const struct annot_set *s, struct store_error *err)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!emit_check_highlight(&s->hl[i], err))
			return false;
	return true;
}

/* An emitter writing into m->out with the settings of every annotation
 * file; false (err filled) when libyaml has no memory. */
static bool emit_open(struct emit *m, struct store_error *err)
{
	memset(m, 0, sizeof *m);
	m->out = (struct strbuf)STRBUF_INIT;
	m->fix = (struct strbuf)STRBUF_INIT;
	if (!yaml_write_open(&m->w, &m->out)) {
		err->kind = STORE_EIO;
		err->errnum = ENOMEM;
		snprintf(err->message, sizeof err->message, "out of memory while writing YAML");
		return false;
	}
	yaml_emitter_set_indent(&m->w.em, 2);
	return true;
}

/* Close m; when ok is false, fill err with libyaml's reason and drop
 * the output. Returns ok. */
static bool emit_close(struct emit *m, bool ok, struct store_error *err)
{
	if (!ok) {
		err->kind = STORE_EIO;
		err->errnum = EINVAL;
		snprintf(err->message, sizeof err->message, "cannot write YAML: %s",
		         m->w.em.problem ? m->w.em.problem : "emitter error");
		strbuf_release(&m->out);
	}
	yaml_write_close(&m->w);
	strbuf_release(&m->fix);
	return ok;
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
	if (!emit_open(&m, err))
		return -1;
	/* Document order without touching the caller's set: sort a shallow
	 * copy of the array (the strings stay the caller's). */
	sorted.hl = set->n ? xreallocarray(NULL, set->n, sizeof *sorted.hl) : NULL;
	if (set->n)
		memcpy(sorted.hl, set->hl, set->n * sizeof *sorted.hl);
	annot_sort(&sorted);
	ok = emit_close(&m, emit_set(&m, &sorted), err);
	free(sorted.hl);
	if (!ok)
		return -1;
	text_escape_unsafe(&m.out, 0);
	*data = strbuf_detach(&m.out, len);
	return 0;
}

/* ---- Pieces ------------------------------------------------------------ *
 *
 * A file is its head ("glosa-annotations: 1" up to "highlights:"), one
 * item per highlight ("\n- id: ...", no final newline) and "\n". An item
 * is emitted by libyaml in a document of its own, {highlights: [it]},
 * which puts it in the same context (a block sequence, indentless, the
 * value of a top-level key) as in the whole file: the emitter's state
 * where an item starts and ends is the same, so are its bytes. Every
 * piece is checked for the expected frame, and the caller falls back to
 * store_emit on any surprise; tests/unit/test_store_cache.c checks the
 * concatenation against store_emit byte for byte. */

#define FRAME_KEY "highlights:"
#define EMPTY_TAIL " []\n"

/* Emit the document {highlights: [h]} and flush it into m->out. */
static bool emit_frame(struct emit *m, const struct highlight *h)
{
	yaml_event_t ev;

	yaml_write_event(&m->w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
	yaml_write_map_start(&m->w, false);
	scalar(m, "highlights", false);
	yaml_write_seq_start(&m->w, false);
	emit_highlight(m, h);
	yaml_write_seq_end(&m->w);
	yaml_write_map_end(&m->w);
	yaml_write_event(&m->w, &ev, yaml_document_end_event_initialize(&ev, 1));
	return yaml_write_flush(&m->w);
}

/* out[from..) holds one frame, "[---\n]highlights:" ITEM "\n": keep only
 * ITEM, escaped. false when the frame is not of that shape. */
static bool cut_item(struct strbuf *out, size_t from)
{
	const size_t nkey = sizeof FRAME_KEY - 1;
	char *f = out->buf + from;
	size_t n = out->len - from;

	if (n >= 4 && memcmp(f, "---\n", 4) == 0) {
		/* libyaml marks the start of every document after the first */
		f += 4;
		n -= 4;
	}
	if (n < nkey + 4 || memcmp(f, FRAME_KEY, nkey) != 0 || memcmp(f + nkey, "\n- ", 3) != 0
	    || f[n - 1] != '\n')
		return false;
	memmove(out->buf + from, f + nkey, n - nkey - 1);
	strbuf_truncate(out, from + n - nkey - 1);
	text_escape_unsafe(out, from);
	return true;
}

int store_emit_items(const struct highlight *const *hl, size_t n, struct strbuf *out,
                     size_t *ends, struct store_error *err)
{
	struct emit m;
	yaml_event_t ev;
	bool ok = true;
	size_t i, base = out->len;

	memset(err, 0, sizeof *err);
	for (i = 0; i < n; i++)
		if (!emit_check_highlight(hl[i], err))
			return -1;
	if (!emit_open(&m, err))
		return -1;
	ok = yaml_write_event(&m.w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
	for (i = 0; ok && i < n; i++) {
		size_t from = m.out.len;
		ok = emit_frame(&m, hl[i]);
		if (ok && !cut_item(&m.out, from))
			goto surprise;
		ends[i] = base + m.out.len;
	}
	if (!emit_close(&m, ok, err))
		return -1;
	strbuf_add(out, m.out.buf, m.out.len);
	strbuf_release(&m.out);
	return 0;
surprise:
	emit_close(&m, true, err);
	strbuf_release(&m.out);
	return 1;
}

int store_emit_head(const struct annot_set *set, struct strbuf *out, struct store_error *err)
{
	struct annot_set none = *set;
	struct emit m;

	memset(err, 0, sizeof *err);
	none.hl = NULL;
	none.n = 0;
	if (!emit_open(&m, err) || !emit_close(&m, emit_set(&m, &none), err))
		return -1;
	if (m.out.len < sizeof EMPTY_TAIL - 1
	    || strcmp(m.out.buf + m.out.len - (sizeof EMPTY_TAIL - 1), EMPTY_TAIL) != 0) {
		strbuf_release(&m.out);
		return 1;
	}
	strbuf_truncate(&m.out, m.out.len - (sizeof EMPTY_TAIL - 1));
	text_escape_unsafe(&m.out, 0);
	strbuf_add(out, m.out.buf, m.out.len);
	strbuf_release(&m.out);
	return 0;
}
