/* Highlights out of glosa: a plain listing and a W3C Web Annotation
 * collection (JSON-LD) here, Markdown for notes apps in export_md.c.
 *
 * Every export walks the same list: the placed highlights in document
 * order (where they are in the article now), then the orphans in file
 * order; tombstones never appear. A placed highlight is quoted as the
 * article reads now (anchor_describe over where it was found), so that
 * the quote, its context and its position always agree; an orphan keeps
 * the quote stored in the file. Nothing depends on the time or the
 * machine, so the same input always gives the same bytes. Everything is
 * built in memory and written at once, so a failed write is one error. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/anchor.h"
#include "glosa/export.h"
#include "glosa/json.h"
#include "glosa/store.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

#include "export_priv.h"

/* Document order: by start, then end, then id. */
static int at_cmp(const void *x, const void *y)
{
	const struct hl_place *p = &((const struct item *)x)->h->at;
	const struct hl_place *q = &((const struct item *)y)->h->at;
	uint64_t pk[2] = { (uint64_t)p->su << 32 | p->sb, (uint64_t)p->eu << 32 | p->eb };
	uint64_t qk[2] = { (uint64_t)q->su << 32 | q->sb, (uint64_t)q->eu << 32 | q->eb };

	for (int i = 0; i < 2; i++)
		if (pk[i] != qk[i])
			return pk[i] < qk[i] ? -1 : 1;
	return strcmp(((const struct item *)x)->h->id, ((const struct item *)y)->h->id);
}

void export_items_collect(struct items *it, const struct article *a, const struct notebook *nb)
{
	size_t k = 0;

	*it = (struct items){ NULL, 0, 0 };
	if (!nb || nb->set.n == 0)
		return;
	it->v = xcalloc(nb->set.n, sizeof *it->v);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < nb->set.n; i++) {
			const struct highlight *h = &nb->set.hl[i];
			struct item *e = &it->v[k];
			bool placed = h->at.placed && nb->text;
			if (h->deleted || placed != (pass == 0))
				continue;
			e->h = h;
			e->section = placed ? a->units[h->at.su].section : ARTICLE_NONE;
			if (placed) {
				struct text_range r = { h->at.su, h->at.sb, h->at.eu, h->at.eb };
				anchor_describe(nb->text, r, &e->q);
			} else {
				e->q.exact = xstrdup(h->exact ? h->exact : "");
				e->q.prefix = h->prefix ? xstrdup(h->prefix) : NULL;
				e->q.suffix = h->suffix ? xstrdup(h->suffix) : NULL;
			}
			k++;
		}
		if (pass == 0)
			qsort(it->v, it->placed = k, sizeof *it->v, at_cmp);
	}
	it->n = k;
}

void export_items_release(struct items *it)
{
	for (size_t i = 0; i < it->n; i++)
		highlight_release(&it->v[i].q);
	free(it->v);
}

/* Light tints of the palette, in the order of annot_colors, for the
 * annotation's CSS stylesheet (Web Annotation model, 4.4 Styles). */
static const char *const tints[ANNOT_NCOLORS] = {
	"#fff59d", "#a5d6a7", "#90caf9", "#ef9a9a", "#ce93d8",
};

static int palette_index(const char *c)
{
	for (int i = 0; c && i < ANNOT_NCOLORS; i++)
		if (strcmp(annot_colors[i], c) == 0)
			return i;
	return -1;
}

/* The reader's name for colour c, or NULL (config_label's rule, kept here
 * so that a NULL config or an empty label need no special case). */
const char *export_label_of(const struct config *cfg, const char *c)
{
	int i = palette_index(c);

	return cfg && i >= 0 && cfg->labels[i] && *cfg->labels[i] ? cfg->labels[i] : NULL;
}

int export_write_all(FILE *out, const struct strbuf *sb)
{
	errno = 0;
	if ((sb->len && fwrite(sb->buf, 1, sb->len, out) != sb->len) || fflush(out) != 0 ||
	    ferror(out))
		return errno ? errno : EIO;
	return 0;
}

/* Iterate over the lines of a string (split at '\n'): *line and *n get
 * the next one; *s moves past it (NULL after the last). */
bool export_next_line(const char **s, const char **line, size_t *n)
{
	const char *nl;

	if (!*s)
		return false;
	nl = strchr(*s, '\n');
	*line = *s;
	*n = nl ? (size_t)(nl - *s) : strlen(*s);
	*s = nl ? nl + 1 : NULL;
	return true;
}

/* The note without its trailing newlines and spaces (malloc'd); NULL
 * when that leaves nothing. */
char *export_note_of(const struct highlight *h)
{
	size_t n = h->note ? strlen(h->note) : 0;

	while (n > 0 && (h->note[n - 1] == '\n' || h->note[n - 1] == ' '))
		n--;
	return n ? xstrndup(h->note, n) : NULL;
}

const char *export_article_path(const struct notebook *nb)
{
	return nb && has(nb->set.article_path) ? nb->set.article_path : NULL;
}

/* ---- The listing -------------------------------------------------------- */

/* Each line of s after lead, sanitised; an empty line stays empty. */
static void plain_lines(struct strbuf *out, const char *s, const char *lead)
{
	const char *line;
	size_t n;

	while (export_next_line(&s, &line, &n)) {
		if (n) {
			strbuf_addstr(out, lead);
			text_sanitize(out, line, n);
		}
		strbuf_addch(out, '\n');
	}
}

/* "2.1 Title · colour (label) · date", the quote, the note, the tags. */
static void list_item(struct strbuf *out, const struct article *a, const struct item *e,
                      const struct config *cfg)
{
	const struct highlight *h = e->h;
	const char *label = export_label_of(cfg, h->color), *sep = "";
	char *note = export_note_of(h);

	if (!h->at.placed) {
		strbuf_addstr(out, "(not found in the article)");
		sep = " · ";
	} else if (article_section_has_heading(a, e->section)) {
		const struct section *s = &a->sections[e->section];
		text_sanitize(out, section_number(a, s), s->number_len);
		strbuf_addch(out, ' ');
		text_sanitize(out, article_str(a, s->title), s->title.len);
		sep = " · ";
	}
	if (has(h->color)) {
		strbuf_addstr(out, sep);
		text_sanitize(out, h->color, strlen(h->color));
		sep = " · ";
	}
	if (label) {
		strbuf_addstr(out, " (");
		text_sanitize(out, label, strlen(label));
		strbuf_addch(out, ')');
	}
	if (h->created[0]) {
		strbuf_addstr(out, sep);
		text_sanitize(out, h->created, strnlen(h->created, 10)); /* the date */
	}
	if (has(h->author)) {
		strbuf_addstr(out, " · by ");
		text_sanitize(out, h->author, strlen(h->author));
	}
	strbuf_addch(out, '\n');
	plain_lines(out, e->q.exact, "  > ");
	if (note)
		plain_lines(out, note, "    ");
	free(note);
	for (size_t i = 0; i < h->ntags; i++) {
		strbuf_addstr(out, i ? " #" : "    #");
		text_sanitize(out, h->tags[i], strlen(h->tags[i]));
	}
	if (h->ntags)
		strbuf_addch(out, '\n');
}

int export_listing(const struct article *a, const struct notebook *nb,
                   const struct config *cfg, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct items it;
	int rc;

	export_items_collect(&it, a, nb);
	for (size_t i = 0; i < it.n; i++) {
		if (i > 0)
			strbuf_addch(&sb, '\n');
		list_item(&sb, a, &it.v[i], cfg);
	}
	rc = export_write_all(out, &sb);
	export_items_release(&it);
	strbuf_release(&sb);
	return rc;
}

/* ---- W3C Web Annotation (JSON-LD) ---------------------------------------- */

/* Percent-encode s (RFC 3986): unreserved characters and those in keep
 * stay as they are. */
static void pct(struct strbuf *out, const char *s, const char *keep)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (is_alnum((char)c) || strchr("-._~", c) || strchr(keep, c))
			strbuf_addch(out, (char)c);
		else
			strbuf_addf(out, "%%%02X", c);
	}
}

/* Code points of the article's stream (the units' text joined by '\n',
 * as anchor.c sees it) before each unit. */
static uint64_t *unit_cps(const struct article *a)
{
	uint64_t *ucp = xcalloc(a->nunits + 1, sizeof *ucp);

	for (size_t u = 0; u < a->nunits; u++) {
		struct text_ref r = article_unit_text(a, (uint32_t)u);
		ucp[u + 1] = ucp[u] + text_codepoints(article_str(a, r), r.len) + 1;
	}
	return ucp;
}

/* The stream offset of (unit, byte), in code points. */
static long long stream_cp(const struct article *a, const uint64_t *ucp, uint32_t u, uint32_t b)
{
	struct text_ref r = article_unit_text(a, u);

	return (long long)(ucp[u] + text_codepoints(article_str(a, r), b < r.len ? b : r.len));
}

/* Key/value string pairs up to a NULL key; NULL or "" values are left
 * out. */
static void json_pairs(struct json *j, ...)
{
	const char *k, *v;
	va_list ap;

	va_start(ap, j);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		if (has(v)) {
			json_key(j, k);
			json_string(j, v);
		}
	}
	va_end(ap);
}

static void textual_body(struct json *j, const char *value, const char *purpose,
                         const char *format)
{
	json_object_begin(j);
	json_pairs(j, "type", "TextualBody", "value", value, "purpose", purpose,
	           "format", format, (char *)NULL);
	json_object_end(j);
}

struct jctx {
	struct json j;
	const struct article *a;
	const struct config *cfg;
	const char *key;     /* "urn:glosa:<article>" */
	const char *source;  /* the target's source IRI */
	uint64_t *ucp;
};

/* One annotation: the note, tags and colour label as bodies; as target
 * the article with the quote and (when placed) the position; the colour
 * as a style class (4.4 Styles) with the stylesheet that defines it. */
static void json_item(struct jctx *c, const struct item *e)
{
	struct json *j = &c->j;
	const struct highlight *h = e->h;
	const char *label = export_label_of(c->cfg, h->color);
	int color = palette_index(h->color);
	char cls[32] = "", css[80] = "";
	struct strbuf id = STRBUF_INIT;

	strbuf_addf(&id, "%s:", c->key);
	pct(&id, h->id, "");
	if (color >= 0) {
		snprintf(cls, sizeof cls, "glosa-%s", annot_colors[color]);
		snprintf(css, sizeof css, ".%s { background-color: %s; }", cls, tints[color]);
	}
	json_object_begin(j);
	json_pairs(j, "id", id.buf, "type", "Annotation", "motivation", "highlighting",
	           "created", h->created, "modified", h->updated, (char *)NULL);
	if (has(h->author)) {
		json_key(j, "creator");
		json_object_begin(j);
		json_pairs(j, "type", "Person", "name", h->author, (char *)NULL);
		json_object_end(j);
	}
	if (has(h->note) || h->ntags || label) {
		json_key(j, "body");
		json_array_begin(j);
		if (has(h->note))
			textual_body(j, h->note, "commenting", "text/plain");
		for (size_t i = 0; i < h->ntags; i++)
			textual_body(j, h->tags[i], "tagging", NULL);
		if (label)
			textual_body(j, label, "classifying", NULL);
		json_array_end(j);
	}
	json_key(j, "target");
	json_object_begin(j);
	json_pairs(j, "type", "SpecificResource", "source", c->source, "styleClass", cls,
	           (char *)NULL);
	json_key(j, "selector");
	json_array_begin(j);
	json_object_begin(j);
	json_pairs(j, "type", "TextQuoteSelector", "exact", e->q.exact, "prefix", e->q.prefix,
	           "suffix", e->q.suffix, (char *)NULL);
	json_object_end(j);
	if (h->at.placed) {
		json_object_begin(j);
		json_pairs(j, "type", "TextPositionSelector", (char *)NULL);
		json_key(j, "start");
		json_int(j, stream_cp(c->a, c->ucp, h->at.su, h->at.sb));
		json_key(j, "end");
		json_int(j, stream_cp(c->a, c->ucp, h->at.eu, h->at.eb));
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
	if (color >= 0) {
		json_key(j, "stylesheet");
		json_object_begin(j);
		json_pairs(j, "type", "CssStylesheet", "value", css, (char *)NULL);
		json_object_end(j);
	}
	json_object_end(j);
	strbuf_release(&id);
}

int export_json(const struct article *a, const struct notebook *nb,
                const struct config *cfg, FILE *out)
{
	struct jctx c = { .a = a, .cfg = cfg };
	struct strbuf key = STRBUF_INIT, source = STRBUF_INIT, page = STRBUF_INIT;
	const char *path = export_article_path(nb);
	struct items it;
	int rc;

	/* The article is named by its id, else by the fingerprint of its
	 * text; its source is its URL, else its file, else that name. */
	strbuf_addstr(&key, "urn:glosa:");
	if (a->id.len) {
		pct(&key, article_str(a, a->id), ":");
	} else {
		char *fp = store_fingerprint(a);
		pct(&key, fp, ":");
		free(fp);
	}
	if (a->source.len) {
		strbuf_add(&source, article_str(a, a->source), a->source.len);
	} else if (path && path[0] == '/') {
		strbuf_addstr(&source, "file://");
		pct(&source, path, "/");
	} else {
		strbuf_addstr(&source, key.buf);
	}
	strbuf_addf(&page, "%s:page-1", key.buf);
	c.key = key.buf;
	c.source = source.buf;
	c.ucp = unit_cps(a);
	export_items_collect(&it, a, nb);

	json_init(&c.j, 2);
	json_object_begin(&c.j);
	json_pairs(&c.j, "@context", "http://www.w3.org/ns/anno.jsonld", "id", key.buf,
	           "type", "AnnotationCollection", (char *)NULL);
	if (a->title.len) {
		json_key(&c.j, "label");
		json_string_n(&c.j, article_str(a, a->title), a->title.len);
	}
	json_key(&c.j, "total");
	json_int(&c.j, (long long)it.n);
	json_key(&c.j, "first");
	json_object_begin(&c.j);
	json_pairs(&c.j, "id", page.buf, "type", "AnnotationPage", (char *)NULL);
	json_key(&c.j, "startIndex");
	json_int(&c.j, 0);
	json_key(&c.j, "items");
	json_array_begin(&c.j);
	for (size_t i = 0; i < it.n; i++)
		json_item(&c, &it.v[i]);
	json_array_end(&c.j);
	json_object_end(&c.j);
	json_object_end(&c.j);

	if (!json_finish(&c.j)) {
		rc = EILSEQ; /* only invalid UTF-8 in the input can get here */
	} else {
		strbuf_addch(&c.j.out, '\n');
		rc = export_write_all(out, &c.j.out);
	}
	json_release(&c.j);
	export_items_release(&it);
	free(c.ucp);
	strbuf_release(&key);
	strbuf_release(&source);
	strbuf_release(&page);
	return rc;
}
