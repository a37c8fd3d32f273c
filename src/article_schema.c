#include "config.h"

/* The schema walk of the YAML article loader: the article mapping, its
 * sections (in preorder, however deep) and their blocks, each checked
 * against article-format.md as its events arrive and added to the model
 * through the article_add_* functions. The events themselves come from
 * article_yaml.c. */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "glosa/article.h"
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"

#include "article_yaml.h"

enum { A_TITLE, A_SUBTITLE, A_AUTHOR, A_DATE, A_LANG, A_ID, A_SOURCE, A_SUMMARY, A_SECTIONS,
       A_BLOCKS };
static const char *const article_keys[] = {
	"title", "subtitle", "author", "date", "lang", "id", "source", "summary", "sections",
	"blocks",
};
static const struct keyset article_ks = { "article", article_keys, COUNT(article_keys) };
/* The same keys but the content ones, which come from the Markdown. */
static const struct keyset front_matter_ks = { "front matter", article_keys, A_SECTIONS };

enum { S_TITLE, S_BLOCKS, S_SECTIONS };
static const char *const section_keys[] = { "title", "blocks", "sections" };
static const struct keyset section_ks = { "section", section_keys, COUNT(section_keys) };

enum { L_TITLE, L_ORDERED, L_ITEMS, L_START };
static const char *const list_keys[] = { "title", "ordered", "items", "start" };
static const struct keyset list_ks = { "list", list_keys, COUNT(list_keys) };

/* Block keys: the six kinds in enum block_kind order, then modifiers. */
enum { B_BY = 6, B_TITLE = 7, B_NKEYS = 8 };
static const char *const block_keys[] = {
	"paragraph", "quote", "list", "code", "aside", "rule", "by", "title",
};
#define KINDS "paragraph, quote, list, code, aside, rule"

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
	struct list_mark *marks;     /* parallel to item_end */
	size_t nitems, items_cap;
};

/* Nested lists may go as deep as YAML nesting allows (64 levels). */
#define MAX_START 999999999u

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
				return loader_unknown_key_at(l, m, key, n, name, cands, nc,
				                      "title, ordered and items go under 'list'");
	snprintf(hint, sizeof hint, "a %s block takes no other keys", name);
	return loader_unknown_key_at(l, m, key, n, name, cands, nc, nc == 1 ? hint : NULL);
}

static bool read_list(struct loader *l, struct block_acc *b, unsigned level, bool *ordered);

/* An entry of items that is a mapping: {list: ...}, a list nested in the
 * item before it. */
static bool read_nested(struct loader *l, struct block_acc *b, unsigned level, size_t first)
{
	yaml_mark_t start = l->ev.start_mark;
	static const char *const keys[] = { "list" };
	unsigned seen = 0;
	bool ordered = false;

	if (b->nitems == first)
		return loader_fail_at(l, start, "nested list before any item "
		                      "(expected an item first, the one the list belongs to)");
	for (;;) {
		if (!loader_next(l))
			return false;
		if (l->ev.type == YAML_MAPPING_END_EVENT)
			break;
		if (loader_read_key(l, keys, 1, &seen) < 0) {
			if (l->failed)
				return false;
			return loader_unknown_key(l, "list item", keys, 1,
			                          "an item is a string, or 'list' for a nested list");
		}
		if (!read_list(l, b, level + 1, &ordered))
			return false;
	}
	if (!seen)
		return loader_fail_at(l, start, "empty mapping in items (expected a string, "
		                      "or 'list' for a nested list)");
	return true;
}

static bool read_items(struct loader *l, struct block_acc *b, unsigned level)
{
	size_t first = b->nitems;

	for (;;) {
		const char *s = "";
		size_t n = 0;
		if (!loader_next(l))
			return false;
		if (l->ev.type == YAML_SEQUENCE_END_EVENT)
			return true;
		if (l->ev.type == YAML_MAPPING_START_EVENT) {
			if (!read_nested(l, b, level, first))
				return false;
			continue;
		}
		if (l->ev.type != YAML_SCALAR_EVENT)
			return loader_wrong_type(l, "list item", "a string, or a mapping with 'list'");
		if (!loader_is_null(l))
			s = loader_scalar_value(l, &n);
		strbuf_add(&b->items, s, n);
		{
			size_t cap = b->items_cap;
			XGROW(b->item_end, b->items_cap, b->nitems + 1);
			/* Only when the capacity grew: a realloc an item would be
			 * quadratic where realloc copies (as under ASan). */
			if (b->items_cap != cap || !b->marks)
				b->marks = xrealloc(b->marks, b->items_cap * sizeof *b->marks);
		}
		b->marks[b->nitems] = (struct list_mark){ 0, (uint8_t)level, false };
		b->item_end[b->nitems++] = b->items.len;
	}
}

/* A non-negative whole number up to MAX_START in *out. */
static bool scalar_count(struct loader *l, uint32_t *out)
{
	size_t n, i;
	const char *s;
	unsigned long v = 0;

	if (l->ev.type != YAML_SCALAR_EVENT || l->ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	s = loader_scalar_value(l, &n);
	if (n == 0 || n > 9)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	*out = (uint32_t)v;
	return true;
}

/* The value of 'list': a sequence of items or {title, ordered, start,
 * items}. Items of this list are at level; once all its keys are read,
 * they are numbered (ordered) or marked as bullets. */
static bool read_list(struct loader *l, struct block_acc *b, unsigned level, bool *ordered)
{
	yaml_mark_t start;
	unsigned seen = 0;
	size_t first = b->nitems, k;
	uint32_t number = 1;

	if (!loader_next(l))
		return false;
	if (l->ev.type == YAML_SEQUENCE_START_EVENT) {
		*ordered = false;
		if (!read_items(l, b, level))
			return false;
		goto numbered;
	}
	if (l->ev.type != YAML_MAPPING_START_EVENT)
		return loader_wrong_type_key(l, "list", "a list of strings or a mapping with items");
	start = l->ev.start_mark;
	for (;;) {
		const char *s;
		size_t n;
		if (!loader_next(l))
			return false;
		if (l->ev.type == YAML_MAPPING_END_EVENT)
			break;
		switch (loader_read_known_key(l, &list_ks, &seen)) {
		case L_TITLE:
			if (level > 0)
				return loader_fail_at(l, l->ev.start_mark,
				               "a nested list has no title (expected ordered, start or items)");
			if (!loader_want_text(l, "title", &s, &n))
				return false;
			strbuf_add(&b->label, s, n);
			break;
		case L_ORDERED:
			if (!loader_next(l))
				return false;
			if (!loader_scalar_bool(l, ordered))
				return loader_wrong_type_key(l, "ordered", "true or false");
			break;
		case L_START:
			if (!loader_next(l))
				return false;
			if (!scalar_count(l, &number)) {
				s = l->ev.type == YAML_SCALAR_EVENT ? loader_scalar_value(l, &n) : NULL;
				if (s && n > 9 && strspn(s, "0123456789") == n)
					return loader_fail_at(l, l->ev.start_mark, "'start' is too large "
					                      "(expected a whole number from 0 to 999999999)");
				return loader_wrong_type_key(l, "start", "a whole number from 0 to 999999999");
			}
			break;
		case L_ITEMS:
			if (!loader_next(l))
				return false;
			if (l->ev.type != YAML_SEQUENCE_START_EVENT)
				return loader_wrong_type_key(l, "items", "a list of strings");
			if (!read_items(l, b, level))
				return false;
			break;
		default:
			return false;
		}
	}
	if (!(seen & 1u << L_ITEMS))
		return loader_fail_at(l, start, "missing required key 'items' in list");
	if ((seen & 1u << L_START) && !*ordered) {
		if (seen & 1u << L_ORDERED)
			return loader_fail_at(l, start, "'start' numbers an ordered list "
			               "(expected ordered: true, or no start)");
		*ordered = true;
	}
numbered:
	for (k = first; k < b->nitems; k++)
		if (b->marks[k].level == level)
			b->marks[k] = (struct list_mark){ *ordered ? number++ : 0, (uint8_t)level,
			                                  *ordered };
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
		a->blocks[i].ordered = b->ordered;
		article_set_list(a, i, src, b->marks, b->nitems);
		free(src);
		break;
	}
	case BLOCK_RULE:
		break;
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
		if (!loader_next(l))
			return false;
		if (l->ev.type == YAML_MAPPING_END_EVENT)
			return true;
		k = loader_read_key(l, block_keys, B_NKEYS, &b->seen);
		if (k < 0 && l->failed)
			return false;
		if (k < 0 && b->kind < 0)
			return loader_unknown_key(l, "block", block_keys, B_NKEYS, "expected one of: " KINDS);
		if (k < 0 || (k >= B_BY && b->kind >= 0 && !modifier_fits(b->kind, k))) {
			s = loader_scalar_value(l, &n);
			return block_key_error(l, l->ev.start_mark, s, n, b->kind);
		}
		if (k >= B_BY) {
			b->mod_mark[k - B_BY] = l->ev.start_mark;
			if (!loader_want_text(l, block_keys[k], &s, &n))
				return false;
			strbuf_add(&b->label, s, n);
			continue;
		}
		if (b->kind >= 0)
			return loader_fail_at(l, l->ev.start_mark, "block has two kinds '%s' and '%s' "
			               "(expected exactly one of " KINDS ")",
			               block_keys[b->kind], block_keys[k]);
		b->kind = k;
		/* A modifier met before the kind is reported where it was. */
		for (m = B_BY; m < B_NKEYS; m++)
			if ((b->seen & 1u << m) && !modifier_fits(k, m))
				return block_key_error(l, b->mod_mark[m - B_BY], block_keys[m],
				                       strlen(block_keys[m]), k);
		if (k == BLOCK_LIST) {
			if (!read_list(l, b, 0, &b->ordered))
				return false;
		} else if (k == BLOCK_RULE) {
			if (!loader_next(l))
				return false;
			if (!loader_is_null(l))
				return loader_wrong_type_key(l, "rule", "nothing (write rule: ~)");
		} else {
			if (!loader_want_text(l, block_keys[k], &s, &n))
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
		ok = loader_fail_at(l, start, "block has no kind (expected one of " KINDS ")");
	if (ok)
		commit_block(l, &b, section);
	strbuf_release(&b.text);
	strbuf_release(&b.label);
	strbuf_release(&b.items);
	free(b.item_end);
	free(b.marks);
	return ok;
}

static bool read_blocks(struct loader *l, uint32_t section)
{
	if (!loader_next(l))
		return false;
	if (loader_is_null(l))
		return true;
	if (l->ev.type != YAML_SEQUENCE_START_EVENT)
		return loader_wrong_type_key(l, "blocks", "a list of blocks");
	for (;;) {
		if (!loader_next(l))
			return false;
		if (l->ev.type == YAML_SEQUENCE_END_EVENT)
			return true;
		if (l->ev.type == YAML_SCALAR_EVENT) {
			const char *s = "";
			size_t n = 0;
			uint32_t i;
			struct text_ref r;
			if (!loader_is_null(l))
				s = loader_scalar_value(l, &n);
			i = article_add_block(l->a, section, BLOCK_PARAGRAPH);
			r = article_add_markup(l->a, s, n);
			l->a->blocks[i].text = r;
		} else if (l->ev.type == YAML_MAPPING_START_EVENT) {
			if (!read_block(l, section))
				return false;
		} else {
			return loader_wrong_type(l, "block", "a string or a mapping");
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
		if (!loader_next(l))
			return false;
		if (l->ev.type == YAML_MAPPING_END_EVENT)
			break;
		key = l->ev.start_mark;
		switch (loader_read_known_key(l, &section_ks, &seen)) {
		case S_TITLE:
			if (!loader_want_text(l, "title", &s, &n))
				return false;
			r = article_add_folded(l->a, s, n);
			if (!r.len)
				return loader_fail_at(l, key, "section title is empty");
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
		return loader_fail_at(l, start, "missing required key 'title' in section");
	return true;
}

/* The value of 'sections': at least one section at the top level. */
static bool read_sections(struct loader *l, uint32_t parent, yaml_mark_t key)
{
	bool top = parent == ARTICLE_NONE;
	yaml_mark_t start;
	size_t n;

	if (!loader_next(l))
		return false;
	if (loader_is_null(l)) {
		if (top)
			return loader_fail_at(l, key, "'sections' is empty (expected at least one section)");
		return true;
	}
	if (l->ev.type != YAML_SEQUENCE_START_EVENT)
		return loader_wrong_type_key(l, "sections", "a list of sections");
	start = l->ev.start_mark;
	for (n = 0;; n++) {
		if (!loader_next(l))
			return false;
		if (l->ev.type == YAML_SEQUENCE_END_EVENT)
			break;
		if (l->ev.type != YAML_MAPPING_START_EVENT)
			return loader_wrong_type(l, "section", "a mapping with a title");
		if (!read_section(l, parent))
			return false;
	}
	if (top && n == 0)
		return loader_fail_at(l, start, "'sections' is empty (expected at least one section)");
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

	if (!loader_next(l))
		return false;
	list = l->ev.type == YAML_SEQUENCE_START_EVENT;
	if (!list && l->ev.type != YAML_SCALAR_EVENT)
		return loader_wrong_type_key(l, "author", "a string or a list of strings");
	do {
		const char *s;
		size_t n;
		if (list) {
			if (!loader_next(l))
				return false;
			if (l->ev.type == YAML_SEQUENCE_END_EVENT)
				break;
			if (l->ev.type != YAML_SCALAR_EVENT)
				return loader_wrong_type(l, "author", "a string");
		}
		if (loader_is_null(l))
			continue;
		s = loader_scalar_value(l, &n);
		if (!is_blank(s, n))
			article_add_author(l->a, s, n);
	} while (list);
	return true;
}

/* The current event starts the top-level mapping. */
static bool read_article(struct loader *l)
{
	struct article *a = l->a;
	yaml_mark_t start = l->ev.start_mark;
	unsigned seen = 0;
	/* Made now, whenever 'blocks' comes, so that it is section 0;
	 * article_finish drops it if it stays empty. */
	uint32_t preamble = l->front_matter ? 0 : article_add_preamble(a);
	const struct keyset *ks = l->front_matter ? &front_matter_ks : &article_ks;

	for (;;) {
		yaml_mark_t key;
		const char *s;
		size_t n;
		int k;
		if (!loader_next(l))
			return false;
		if (l->ev.type == YAML_MAPPING_END_EVENT)
			break;
		key = l->ev.start_mark;
		if (l->front_matter) {
			/* Other tools' keys (layout, tags, draft...) are theirs;
			 * one letter off ours is a typo. */
			k = loader_read_key(l, ks->keys, ks->n, &seen);
			if (k < 0 && !l->failed) {
				s = loader_scalar_value(l, &n);
				if (loader_key_is_typo(s, n, ks->keys, ks->n))
					return loader_unknown_key(l, ks->context, ks->keys, ks->n, NULL);
				if (!loader_skip_value(l))
					return false;
				continue;
			}
		} else {
			k = loader_read_known_key(l, ks, &seen);
		}
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
		if (k == A_BLOCKS) {
			if (!read_blocks(l, preamble))
				return false;
			continue;
		}
		if (!loader_want_text(l, article_keys[k], &s, &n))
			return false;
		switch (k) {
		case A_TITLE:
			a->title = article_add_folded(a, s, n);
			if (!a->title.len)
				return loader_fail_at(l, key, "title is empty");
			break;
		case A_SUBTITLE: a->subtitle = article_add_folded(a, s, n); break;
		case A_LANG:     a->lang = article_add_folded(a, s, n); break;
		case A_ID:       a->id = article_add_folded(a, s, n); break;
		case A_SOURCE:   a->source = article_add_folded(a, s, n); break;
		case A_SUMMARY:  a->summary = article_add_markup(a, s, n); break;
		case A_DATE: {
			struct shown sh;
			if (n && !article_date_valid(s, n))
				return loader_fail_at(l, l->ev.start_mark,
				               "date '%s' is not a date (expected YYYY-MM-DD)", loader_show(&sh, s, n));
			a->date = article_add_folded(a, s, n);
			break;
		}
		}
	}
	if (l->front_matter)
		return true;
	if (!(seen & 1u << A_TITLE))
		return loader_fail_at(l, start, "missing required key 'title' in article");
	if (!(seen & (1u << A_SECTIONS | 1u << A_BLOCKS)))
		return loader_fail_at(l, start, "missing required key 'sections' in article "
		                      "(or 'blocks' for an article without sections)");
	return true;
}

/* One stream, one document, one mapping. */
bool loader_read_stream(struct loader *l)
{
	yaml_mark_t doc;

	if (!loader_next(l) || !loader_next(l)) /* stream start, then a document or the end */
		return false;
	if (l->ev.type == YAML_STREAM_END_EVENT) {
		if (l->front_matter)
			return true;
		return loader_fail_pos(l, 1, 1, "empty file (expected an article)");
	}
	doc = l->ev.start_mark;
	if (!loader_next(l))
		return false;
	if (l->ev.type != YAML_MAPPING_START_EVENT) {
		if (loader_is_null(l) && l->front_matter) {
			if (!loader_next(l) || !loader_next(l))
				return false;
			if (l->ev.type != YAML_STREAM_END_EVENT)
				return loader_fail_at(l, l->ev.start_mark, "more than one document "
				                      "(expected one mapping)");
			return true;
		}
		if (loader_is_null(l))
			return loader_fail_at(l, doc, "empty document (expected an article)");
		if (l->front_matter)
			return loader_fail_at(l, l->ev.start_mark, "front matter is not a mapping "
			                      "(expected keys such as title and author)");
		return loader_fail_at(l, l->ev.start_mark,
		               "article is not a mapping (expected keys such as title and sections)");
	}
	if (!read_article(l) || !loader_next(l) || !loader_next(l)) /* document end, stream end */
		return false;
	if (l->ev.type == YAML_DOCUMENT_START_EVENT)
		return loader_fail_at(l, l->ev.start_mark, "more than one document (expected one article)");
	return true;
}
