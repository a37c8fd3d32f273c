/* The Markdown export, for notes apps: YAML front matter (written by
 * libyaml), the title and a heading per section, each passage a block
 * quote followed by its note, author, colour label and tags, and every
 * piece of the reader's text escaped so that CommonMark, Obsidian and
 * Logseq show it as the plain text it is. The list it walks is built in
 * export.c. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "glosa/export.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/yaml_write.h"

#include "export_priv.h"

/* Does s start a character reference ("&amp;", "&#233;")? */
static bool entity_at(const char *s, size_t n)
{
	size_t i = 1;

	while (i < n && (is_alnum(s[i]) || (i == 1 && s[i] == '#')))
		i++;
	return i > 1 && i < n && s[i] == ';';
}

/* Append s[0..n) (one line, sanitised) so that CommonMark, Obsidian and
 * Logseq show it as the same plain text: a backslash before every
 * character that could start markup (emphasis, code, links, HTML, tags,
 * math, ==highlights==, %%comments%%, strikethrough, ^block-ids,
 * properties::) and, when the text
 * starts a line, before whatever would make it a heading, list item,
 * quote, table or thematic break. */
static void md_escape(struct strbuf *out, const char *s, size_t n, bool line_start)
{
	size_t i = 0, start, digits;

	/* Paragraphs drop leading spaces anyway; four would start code. */
	for (; line_start && i < n && s[i] == ' '; i++)
		if (i < 3)
			strbuf_addch(out, ' ');
	start = digits = i;
	while (line_start && digits < n && s[digits] >= '0' && s[digits] <= '9')
		digits++;
	for (; i < n; i++) {
		char c = s[i], next = i + 1 < n ? s[i + 1] : '\0';
		bool esc = strchr("\\`*[]<#~$^", c) != NULL;

		if (c == '_') /* inside a word it never emphasises */
			esc = !(i > 0 && is_alnum(s[i - 1]) && is_alnum(next));
		else if (c == '=' || c == '%' || c == ':') /* Logseq: "key:: value" */
			esc = next == c;
		else if (c == '&')
			esc = entity_at(s + i, n - i);
		else if (c == '.' || c == ')') /* "1." or "1)" starting a line */
			esc = i == digits && digits > start;
		if (line_start && i == start && strchr("-+=>|:", c))
			esc = true;
		if (esc)
			strbuf_addch(out, '\\');
		strbuf_addch(out, c);
	}
}

/* s sanitised and escaped; line_start: it begins a line. A tag keeps one
 * word: its spaces become '-'. */
static void md_text(struct strbuf *out, const char *s, size_t n, bool line_start, bool tag)
{
	struct strbuf clean = STRBUF_INIT;

	text_sanitize(&clean, s, n);
	for (size_t i = 0; tag && i < clean.len; i++)
		if (clean.buf[i] == ' ')
			clean.buf[i] = '-';
	md_escape(out, clean.buf, clean.len, line_start);
	strbuf_release(&clean);
}

/* The passage as a block quote (each of its lines a paragraph of it),
 * the note as paragraphs, then the colour label and the tags. */
static void md_item(struct strbuf *out, const struct item *e, const struct config *cfg)
{
	const struct highlight *h = e->h;
	const char *label = export_label_of(cfg, h->color);
	const char *s = e->q.exact, *line;
	char *note = export_note_of(h);
	size_t n;
	bool any = false;

	while (export_next_line(&s, &line, &n)) {
		if (n == 0)
			continue;
		strbuf_addstr(out, any ? ">\n> " : "> ");
		md_text(out, line, n, true, false);
		strbuf_addch(out, '\n');
		any = true;
	}
	if (!any)
		strbuf_addstr(out, ">\n");
	if (note)
		strbuf_addch(out, '\n');
	for (s = note; export_next_line(&s, &line, &n); strbuf_addch(out, '\n'))
		md_text(out, line, n, true, false);
	free(note);
	if (label || h->ntags || has(h->author))
		strbuf_addch(out, '\n');
	if (has(h->author)) {
		strbuf_addstr(out, "— ");
		md_text(out, h->author, strlen(h->author), false, false);
		if (label || h->ntags)
			strbuf_addch(out, ' ');
	}
	if (label) {
		strbuf_addch(out, '*');
		md_text(out, label, strlen(label), false, false);
		strbuf_addch(out, '*');
	}
	for (size_t i = 0; i < h->ntags; i++) {
		strbuf_addstr(out, label || i ? " #" : "#");
		md_text(out, h->tags[i], strlen(h->tags[i]), false, true);
	}
	if (label || h->ntags || has(h->author))
		strbuf_addch(out, '\n');
}

static bool emit_scalar(struct yaml_write *w, const char *s, size_t n, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	return yaml_write_event(w, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL,
	                        (yaml_char_t *)s, (int)n, 1, 1, style));
}

/* The YAML front matter between "---" lines, written by libyaml: keys
 * plain, values double-quoted and sanitised; absent values left out. */
static int front_matter(struct strbuf *out, const struct article *a, const struct notebook *nb)
{
	const char *path = export_article_path(nb);
	const struct { const char *key, *s; size_t n; } kv[] = {
		{ "title", article_str(a, a->title), a->title.len },
		{ "author", article_str(a, a->authors), a->authors.len },
		{ "date", article_str(a, a->date), a->date.len },
		{ "source", a->source.len ? article_str(a, a->source) : path,
		  a->source.len ? a->source.len : path ? strlen(path) : 0 },
		{ "id", article_str(a, a->id), a->id.len },
	};
	struct strbuf v = STRBUF_INIT;
	struct yaml_write w;
	yaml_event_t ev;
	bool ok;

	if (!yaml_write_open(&w, out))
		return ENOMEM;
	strbuf_addstr(out, "---\n");
	yaml_emitter_set_break(&w.em, YAML_LN_BREAK);
	ok = yaml_write_event(&w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING)) &&
	     yaml_write_event(&w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1)) &&
	     yaml_write_map_start(&w, false);
	for (size_t i = 0; ok && i < sizeof kv / sizeof *kv; i++) {
		if (kv[i].n == 0)
			continue;
		strbuf_reset(&v);
		text_sanitize(&v, kv[i].s, kv[i].n);
		ok = emit_scalar(&w, kv[i].key, strlen(kv[i].key), YAML_PLAIN_SCALAR_STYLE) &&
		     emit_scalar(&w, v.buf, v.len, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	}
	ok = ok && yaml_write_map_end(&w) &&
	     yaml_write_event(&w, &ev, yaml_document_end_event_initialize(&ev, 1)) &&
	     yaml_write_event(&w, &ev, yaml_stream_end_event_initialize(&ev)) &&
	     yaml_write_flush(&w);
	yaml_write_close(&w);
	strbuf_release(&v);
	if (!ok)
		return EINVAL;
	strbuf_addstr(out, "---\n");
	return 0;
}

int export_markdown(const struct article *a, const struct notebook *nb,
                    const struct config *cfg, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct items it;
	uint32_t section = ARTICLE_NONE;
	int rc;

	export_items_collect(&it, a, nb);
	rc = front_matter(&sb, a, nb);
	if (rc == 0 && a->title.len) {
		strbuf_addstr(&sb, "\n# ");
		md_text(&sb, article_str(a, a->title), a->title.len, false, false);
		strbuf_addch(&sb, '\n');
	}
	for (size_t i = 0; rc == 0 && i < it.n; i++) {
		const struct item *e = &it.v[i];
		if (i == it.placed) {
			strbuf_addstr(&sb, "\n## Not found in the article\n");
		} else if (i < it.placed && e->section != section &&
		           article_section_has_heading(a, e->section)) {
			const struct section *s = &a->sections[section = e->section];
			strbuf_addstr(&sb, "\n## ");
			md_text(&sb, section_number(a, s), s->number_len, false, false);
			strbuf_addch(&sb, ' ');
			md_text(&sb, article_str(a, s->title), s->title.len, false, false);
			strbuf_addch(&sb, '\n');
		}
		strbuf_addch(&sb, '\n');
		md_item(&sb, e, cfg);
	}
	if (rc == 0)
		rc = export_write_all(out, &sb);
	export_items_release(&it);
	strbuf_release(&sb);
	return rc;
}
