/* The article model: metadata, a tree of sections, blocks, and inline
 * spans, all text kept in one append-only arena and referred to by offset.
 * It knows nothing of files, YAML or the screen: loaders build it through
 * the article_add_* functions and article_finish, everything else reads it.
 *
 * Reading order is a flat list of "units" (title, subtitle, byline,
 * summary, then for each section in preorder its heading and its blocks);
 * layout, search and annotations address text as (unit, byte offset). */
#ifndef GLOSA_ARTICLE_H
#define GLOSA_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARTICLE_NONE UINT32_MAX

/* Inline attributes; a span carries the union of those in force. */
enum span_attr {
	SPAN_EM = 1,
	SPAN_STRONG = 2,
	SPAN_CODE = 4,
	SPAN_LINK = 8,
};

/* A run of text [start, end) (byte offsets into its text) with one
 * combination of attributes. Spans of a text are sorted and disjoint. */
struct span {
	uint32_t start, end;
	uint32_t url_off, url_len; /* arena range of the link target */
	uint8_t attr;
};

/* A piece of rendered text: arena bytes [off, off+len), valid UTF-8, no
 * markup characters, and its spans. len == 0 means absent or empty. */
struct text_ref {
	uint32_t off, len;
	uint32_t span_first, span_count;
};

enum block_kind {
	BLOCK_PARAGRAPH,
	BLOCK_QUOTE,
	BLOCK_LIST,
	BLOCK_CODE,
	BLOCK_ASIDE,
	BLOCK_RULE,  /* a thematic break: no text, drawn as a centred ornament */
};

struct block {
	enum block_kind kind;
	/* The addressable text. Lists: the items joined by '\n'; code: the
	 * lines exactly as written, joined by '\n', without a final newline. */
	struct text_ref text;
	/* Quote attribution ("by"), list caption or aside title; not
	 * addressable, shown as decoration. */
	struct text_ref label;
	/* List items: item_count start offsets (bytes into text) in
	 * article.items[item_first...], and for each its mark in
	 * article.item_marks[item_first...]: nesting level and number. */
	uint32_t item_first, item_count;
	uint32_t section;
	bool ordered;
};

struct section {
	struct text_ref title; /* empty only for the preamble */
	uint32_t parent;     /* ARTICLE_NONE for a top-level section */
	uint32_t depth;      /* 1 for a top-level section */
	uint32_t end;        /* one past this section's last descendant */
	uint32_t block_first, block_count; /* its own blocks, not its children's */
	uint32_t number_off, number_len;   /* "2.1.3" in the arena */
	uint32_t unit;       /* its heading's unit; the preamble's: the unit before its first block */
	/* The blocks before the first heading (an article's top-level
	 * `blocks`, a Markdown file's text before its first heading): always
	 * section 0 when present, numbered "0", with no heading, no title and
	 * no place in the table of contents. */
	bool preamble;
};

/* A list item's place: level 0 for a top-level item, 1 for an item of a
 * list nested in it, and so on; numbered items show number ("3." for 3,
 * and 0 is a number too), the others a bullet. */
struct list_mark {
	uint32_t number;
	uint8_t level;
	bool numbered;
};

enum unit_kind {
	UNIT_TITLE,
	UNIT_SUBTITLE,
	UNIT_BYLINE,  /* authors and date, composed by article_finish */
	UNIT_SUMMARY,
	UNIT_HEADING, /* index is a section */
	UNIT_BLOCK,   /* index is a block */
};

struct unit {
	enum unit_kind kind;
	uint32_t index;
	uint32_t section; /* the section it belongs to, ARTICLE_NONE before the first */
};

struct article {
	char *arena;
	size_t arena_len, arena_cap;

	struct section *sections; /* preorder */
	size_t nsections, sections_cap;
	struct block *blocks;     /* reading order after article_finish */
	size_t nblocks, blocks_cap;
	struct span *spans;
	size_t nspans, spans_cap;
	uint32_t *items;
	struct list_mark *item_marks; /* parallel to items */
	size_t nitems, items_cap;
	struct unit *units;       /* built by article_finish */
	size_t nunits;
	/* unit_bytes[i]: text bytes in units before i; unit_bytes[nunits] is
	 * the total. Gives reading progress without laying anything out. */
	uint64_t *unit_bytes;

	struct text_ref title, subtitle, date, lang, id, source, summary;
	struct text_ref authors;  /* joined with ", " */
	struct text_ref byline;   /* composed by article_finish */
	size_t nauthors;
	/* An importer found no title and made one of the file's name: not
	 * a name that tells the article from others (open.c then gives it
	 * an id from its path, for its annotations). */
	bool title_from_name;
};

/* A source string handed to article_set_items. */
struct text_src {
	const char *s;
	size_t len;
};

/* An empty article; free with article_free. */
struct article *article_new(void);
void article_free(struct article *a);

/* Copy len bytes into the arena; returns their offset. */
uint32_t article_intern(struct article *a, const char *s, size_t len);
/* Text with inline markup (*em* **strong** `code` [text](url), backslash
 * escapes), white space folded: paragraphs, quotes, list items, asides. */
struct text_ref article_add_markup(struct article *a, const char *src, size_t len);
/* Text with white space folded and no markup: titles, labels, names. */
struct text_ref article_add_folded(struct article *a, const char *src, size_t len);
/* Text kept exactly as given: code. A final newline is dropped. */
struct text_ref article_add_plain(struct article *a, const char *src, size_t len);

/* A new section, last child of parent (ARTICLE_NONE: top level). Sections
 * must be added in preorder (a parent before its children). */
uint32_t article_add_section(struct article *a, uint32_t parent);
/* The preamble section (see struct section), made on first call; must be
 * called before any other section is added. Returns its index, 0. */
uint32_t article_add_preamble(struct article *a);
/* A new block of section (which must exist: content before a first
 * heading goes in a section the loader makes for it); blocks of one
 * section keep the order they are added in, whatever order sections are
 * added in. */
uint32_t article_add_block(struct article *a, uint32_t section, enum block_kind kind);
/* Set a list block's items (each parsed as markup) and its joined text:
 * all at level 0, numbered 1, 2, ... when the block is ordered (now or by
 * the time article_finish runs). */
void article_set_items(struct article *a, uint32_t block,
                       const struct text_src *items, size_t n);
/* The same with each item's mark given (nested lists); a level is at most
 * one more than the previous item's (the first item's is 0). */
void article_set_list(struct article *a, uint32_t block, const struct text_src *items,
                      const struct list_mark *marks, size_t n);
/* Text with its spans given (already parsed, e.g. copied from another
 * article): start/end index s; url_off/url_len must index this arena. */
struct text_ref article_add_spanned(struct article *a, const char *s, size_t len,
                                    const struct span *spans, size_t nspans);
/* Set a list block's text and item starts (byte offsets into text);
 * marks as in article_set_list, or NULL for the default ones. */
void article_set_item_starts(struct article *a, uint32_t block, struct text_ref text,
                             const uint32_t *starts, const struct list_mark *marks,
                             size_t n);
/* Append an author (white space folded); authors are joined with ", ". */
void article_add_author(struct article *a, const char *s, size_t len);

/* Put blocks in reading order, number the sections, build the units.
 * Call once, after the last article_add_*. */
void article_finish(struct article *a);

static inline const char *article_str(const struct article *a, struct text_ref r)
{
	return a->arena + r.off;
}
/* The spans of r; NULL when the article has none at all. */
static inline const struct span *article_spans(const struct article *a, struct text_ref r)
{
	return a->spans ? a->spans + r.span_first : NULL;
}
/* Is s a section with a heading (not ARTICLE_NONE, not the preamble)? */
static inline bool article_section_has_heading(const struct article *a, uint32_t s)
{
	return s != ARTICLE_NONE && !a->sections[s].preamble;
}
static inline const char *section_number(const struct article *a, const struct section *s)
{
	return a->arena + s->number_off;
}

/* Is s[0..n) a date as articles write it: YYYY-MM-DD, a day that
 * exists? */
bool article_date_valid(const char *s, size_t n);
/* Does section s's title begin with a number of its own ("2.3 Method",
 * "0. Definitions.")? Then the view does not add glosa's number. */
bool article_section_own_number(const struct article *a, const struct section *s);
/* The text of unit i (a heading's is its section title). */
struct text_ref article_unit_text(const struct article *a, uint32_t i);
/* The section whose number is "2.1", or ARTICLE_NONE. */
uint32_t article_find_section(const struct article *a, const char *number);
/* The unit of block b. */
uint32_t article_block_unit(const struct article *a, uint32_t b);

#endif
