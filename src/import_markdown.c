#include "config.h"

/* Markdown to the article model: CommonMark parsed by libcmark, optional
 * YAML front matter, and the text of every block handed to the model as
 * glosa's own inline markup (written by markup_write), so that an imported
 * article says exactly what `glosa --convert` writes for it.
 *
 * The mapping, which glosa-article(5) gives to users:
 *  - Quotes: each paragraph is a quote; a last line (or a last one-line
 *    paragraph) starting with an em dash, a horizontal bar or "-- " is
 *    the quote's attribution (on a last line: a name, not starting with a
 *    small letter, unstyled).
 *  - Title: front matter's `title`; else the file's first heading when it
 *    is of level 1 and outside any quote or list (it is then no section,
 *    and what follows it goes to the preamble); else the file name. A
 *    first level-1 heading that repeats the front matter's title is the
 *    title too, not a section.
 *  - Headings make the sections: each nests under the nearest preceding
 *    heading of a lower level (a jump from 1 to 3 nests directly); a
 *    heading with no text is skipped, as if it were not there. Titles are
 *    plain text (images as "[image: ALT]").
 *  - Blocks before the first section form the preamble.
 *  - Paragraph: a paragraph; inside a block quote (at any depth, lists
 *    included): a quote. A quote's last paragraph, one line starting with
 *    an em dash, a horizontal bar or "-- ", is the attribution of the
 *    quote block just before it.
 *  - Lists: one list block per outermost list, nested lists as item
 *    levels (deeper than LEVEL_MAX shown at LEVEL_MAX), numbers from the
 *    list's start; an item's paragraphs are joined by line breaks. A code
 *    block, HTML block, rule, quote or heading inside an item ends the
 *    list block; the list goes on in a new one, numbers continuing. Text
 *    of an item after its nested list or such a block is a paragraph.
 *  - Code (fenced or indented) and HTML blocks: code, kept exactly; empty
 *    ones are dropped. Thematic break: a rule.
 *  - A GitHub table (a paragraph to CommonMark) keeps one row a line,
 *    without its delimiter row.
 *  - Inline: emphasis, strong, code spans and links map to spans; images
 *    are the text "[image: ALT]" ("[image]" without one); inline HTML is
 *    literal text; soft breaks are spaces, hard breaks line breaks.
 *
 * This file holds the entry point and the walk over libcmark's tree that
 * builds the sections and blocks; import_markdown_input.c readies the
 * bytes before the parse (front matter, the guard against quadratic
 * inputs) and import_markdown_inline.c builds each block's text and spans
 * and tells tables from paragraphs (see import_markdown.h). */

#include <cmark.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unistr.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/markup.h"
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"
#include "import_markdown.h"

/* The deepest list level kept; deeper items are shown at this one. */
#define LEVEL_MAX 15

/* ---- Blocks ------------------------------------------------------------ */

/* An open container of the walk. */
struct frame {
	enum { F_QUOTE, F_LIST, F_ITEM } kind;
	uint8_t level;       /* list, item: nesting level, at most LEVEL_MAX */
	bool ordered;        /* list, item */
	bool top;            /* list: not in an item, so a list block's own */
	bool done;           /* item: its text went to the list block */
	uint32_t number;     /* list: the next item's; item: its own */
	uint32_t paras;      /* item: paragraphs in its text */
	uint32_t list;       /* list, item: which list (a count of lists met) */
	size_t first_block;  /* quote: the first block made inside it */
};

/* The list block being gathered: its items' markup and marks. */
struct gather {
	struct strbuf src;
	size_t *end;         /* item i is src[end[i-1] .. end[i]) */
	struct list_mark *marks;
	uint32_t *list;      /* item i's list */
	size_t n, cap, marks_cap, list_cap;
};

struct md {
	struct article *a;
	uint32_t section;    /* where blocks go */
	struct frame *fr;
	size_t nfr, frcap;
	unsigned quotes;     /* open block quotes */
	struct inl ib;
	struct gather list;
	uint32_t lists;      /* lists met so far */
	struct strbuf out;   /* one text's markup */
	uint32_t head_sec[6];
	int head_level[6], nhead; /* open headings, levels increasing */
	bool seen_heading;
	size_t budget;
	enum { IN_NONE, IN_PARA, IN_ITEM, IN_HEADING } in;
};

static struct frame *top(struct md *m)
{
	return m->nfr ? &m->fr[m->nfr - 1] : NULL;
}

static void push(struct md *m, struct frame f)
{
	XGROW(m->fr, m->frcap, m->nfr + 1);
	m->fr[m->nfr++] = f;
}

static void write_markup(struct md *m)
{
	strbuf_reset(&m->out);
	/* false: the spans could not be said in markup; the text stays. */
	(void)markup_write(m->ib.text.buf, m->ib.text.len, m->ib.spans, m->ib.nspans,
	                   m->ib.urls.buf, &m->out);
}

/* Put the text of item f into the list block being gathered. */
static void gather_item(struct md *m, struct frame *f)
{
	struct gather *g = &m->list;

	write_markup(m);
	strbuf_add(&g->src, m->out.buf, m->out.len);
	XGROW(g->end, g->cap, g->n + 1);
	XGROW(g->marks, g->marks_cap, g->n + 1);
	XGROW(g->list, g->list_cap, g->n + 1);
	g->end[g->n] = g->src.len;
	g->list[g->n] = f->list;
	g->marks[g->n++] = (struct list_mark){ f->ordered ? f->number : 0, f->level, f->ordered };
	f->done = true;
	md_inl_reset(&m->ib);
}

/* A list block of the gathered items [from, to), levels made relative to
 * the first one's. Ordered when its top-level items are numbered. */
static void list_block(struct md *m, size_t from, size_t to)
{
	struct gather *g = &m->list;
	struct text_src *src = xmalloc((to - from) * sizeof *src);
	uint8_t base = g->marks[from].level;
	uint32_t b;
	size_t i;

	for (i = from; i < to; i++) {
		size_t start = i ? g->end[i - 1] : 0;
		src[i - from] = (struct text_src){ g->src.buf + start, g->end[i] - start };
		g->marks[i].level = (uint8_t)(g->marks[i].level - base);
		/* Never more than one deeper than the item before: true of
		 * what the walk gathers, and what the model requires. */
		if (i > from && g->marks[i].level > g->marks[i - 1].level + 1)
			g->marks[i].level = (uint8_t)(g->marks[i - 1].level + 1);
	}
	b = article_add_block(m->a, m->section, BLOCK_LIST);
	m->a->blocks[b].ordered = g->marks[from].numbered;
	article_set_list(m->a, b, src, g->marks + from, to - from);
	free(src);
}

/* Make the list blocks gathered so far: one, unless the list was cut by a
 * code block (say) inside a nested list. What follows the cut starts at
 * that level; where the items go back out to a shallower level, or on to
 * another list at the same level, a new list block starts, so that every
 * level of a block holds the items of one list (as glosa-article(5) can
 * say, and with their numbers). */
static void flush_list(struct md *m)
{
	struct gather *g = &m->list;
	size_t i, from = 0;

	for (i = 1; i <= g->n; i++) {
		if (i < g->n && (g->marks[i].level > g->marks[from].level ||
		                 (g->marks[i].level == g->marks[from].level &&
		                  g->list[i] == g->list[from])))
			continue;
		list_block(m, from, i);
		from = i;
	}
	g->n = 0;
	strbuf_reset(&g->src);
}

/* A block that no list item can hold: the list block ends before it. */
static void break_list(struct md *m)
{
	struct frame *f = top(m);

	if (f && f->kind == F_ITEM && !f->done)
		gather_item(m, f);
	flush_list(m);
}

static void add_text_block(struct md *m, enum block_kind kind)
{
	uint32_t b;
	struct text_ref r;

	if (m->ib.text.len == 0)
		return;
	write_markup(m);
	b = article_add_block(m->a, m->section, kind);
	r = article_add_markup(m->a, m->out.buf, m->out.len);
	m->a->blocks[b].text = r;
}

/* Bytes of the dash that starts an attribution, or 0. */
static size_t dash_len(const char *s, size_t n)
{
	if (n >= 3 && (memcmp(s, "\xE2\x80\x94", 3) == 0 || memcmp(s, "\xE2\x80\x95", 3) == 0))
		return 3;
	if (n >= 3 && memcmp(s, "-- ", 3) == 0)
		return 3;
	return 0;
}

/* Is the paragraph just read, the last of quote q, an attribution? Then
 * it labels the quote block before it. */
static bool attribution(struct md *m, const struct frame *q)
{
	struct article *a = m->a;
	const char *s = m->ib.text.buf;
	size_t n = m->ib.text.len, k = dash_len(s, n);
	struct block *b;
	struct text_ref label;

	if (k == 0 || m->ib.lines > 0 || a->nblocks <= q->first_block)
		return false;
	b = &a->blocks[a->nblocks - 1];
	if (b->kind != BLOCK_QUOTE || b->section != m->section || b->label.len)
		return false;
	while (k < n && s[k] == ' ')
		k++;
	if (k == n)
		return false;
	label = article_add_folded(a, s + k, n - k);
	a->blocks[a->nblocks - 1].label = label;
	return true;
}

static void heading_done(struct md *m, int level)
{
	struct article *a = m->a;
	struct text_ref title;
	uint32_t s, parent;

	if (m->ib.text.len == 0)
		return;
	title = article_add_folded(a, m->ib.text.buf, m->ib.text.len);
	if (!m->seen_heading && level == 1 && m->nfr == 0 &&
	    (a->title.len == 0 || (a->title.len == title.len &&
	     memcmp(article_str(a, a->title), article_str(a, title), title.len) == 0))) {
		/* The title; or the front matter's title said again, which
		 * would show twice. */
		a->title = title;
		m->seen_heading = true;
		return;
	}
	m->seen_heading = true;
	while (m->nhead > 0 && m->head_level[m->nhead - 1] >= level)
		m->nhead--;
	parent = m->nhead ? m->head_sec[m->nhead - 1] : ARTICLE_NONE;
	s = article_add_section(a, parent);
	a->sections[s].title = title;
	m->head_sec[m->nhead] = s;
	m->head_level[m->nhead++] = level;
	m->section = s;
}

static void literal_block(struct md *m, cmark_node *node)
{
	const char *lit = cmark_node_get_literal(node);
	size_t n = lit ? strlen(lit) : 0;
	uint32_t b;
	struct text_ref r;

	break_list(m);
	if (n == 0 || (n == 1 && lit[0] == '\n'))
		return;
	b = article_add_block(m->a, m->section, BLOCK_CODE);
	r = article_add_plain(m->a, lit, n);
	m->a->blocks[b].text = r;
}

static void list_enter(struct md *m, cmark_node *node)
{
	struct frame *p = top(m);
	struct frame f = { .kind = F_LIST };

	f.ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
	f.list = m->lists++;
	f.number = f.ordered ? (uint32_t)cmark_node_get_list_start(node) : 0;
	if (p && p->kind == F_ITEM) {
		if (!p->done)
			gather_item(m, p);
		f.level = p->level < LEVEL_MAX ? (uint8_t)(p->level + 1) : LEVEL_MAX;
	} else {
		flush_list(m);
		f.top = true;
	}
	push(m, f);
}

static void paragraph_enter(struct md *m, cmark_node *node)
{
	struct frame *f = top(m);

	if (f && f->kind == F_ITEM && !f->done) {
		if (f->paras++ > 0)
			m->ib.breaks++;
		m->in = IN_ITEM;
	} else {
		if (f && f->kind == F_ITEM)
			break_list(m); /* after the item's nested list or code */
		md_inl_reset(&m->ib);
		m->in = IN_PARA;
	}
	m->ib.table = md_is_table(node);
	m->ib.row = 0;
}

/* The last paragraph of a quote whose last line is "— Name": the lines
 * before it are the quote, that line its attribution ("> To be...\n>
 * — Shakespeare", without a blank "> " line between). */
static bool last_line_attribution(struct md *m)
{
	struct inl *ib = &m->ib;
	const char *s = ib->text.buf;
	size_t n = ib->text.len, at = ib->line_start, k, cut;
	struct strbuf label = STRBUF_INIT;
	uint32_t b;

	if (at == 0 || at >= n)
		return false;
	while (at < n && (s[at] == ' ' || s[at] == '\n'))
		at++;
	k = dash_len(s + at, n - at);
	if (k == 0)
		return false;
	while (at + k < n && s[at + k] == ' ')
		k++;
	if (at + k >= n)
		return false;
	/* A name, not a sentence going on: "— it is..." is not one. */
	{
		ucs4_t uc;
		u8_mbtouc(&uc, (const uint8_t *)s + at + k, n - at - k);
		if (uc_is_general_category(uc, UC_CATEGORY_Ll))
			return false;
	}
	/* Every span must end before the line: a styled attribution is
	 * left as it is. */
	for (cut = 0; cut < ib->nspans; cut++)
		if (ib->spans[cut].end > ib->line_start)
			return false;
	strbuf_add(&label, s + at + k, n - at - k);
	cut = ib->line_start;
	while (cut > 0 && (s[cut - 1] == ' ' || s[cut - 1] == '\n'))
		cut--;
	strbuf_truncate(&ib->text, cut);
	b = (uint32_t)m->a->nblocks;
	add_text_block(m, BLOCK_QUOTE);
	if (m->a->nblocks > b)
		m->a->blocks[b].label = article_add_folded(m->a, label.buf, label.len);
	strbuf_release(&label);
	return true;
}

static void paragraph_exit(struct md *m, cmark_node *node)
{
	struct frame *f = top(m);
	bool own = m->in == IN_PARA; /* else an item's: it stays for the item */

	m->in = IN_NONE;
	m->ib.table = false;
	if (!own)
		return;
	if (f && f->kind == F_QUOTE && !cmark_node_next(node) && attribution(m, f))
		return;
	if (f && f->kind == F_QUOTE && !cmark_node_next(node) && m->ib.lines > 0 &&
	    last_line_attribution(m))
		return;
	add_text_block(m, m->quotes ? BLOCK_QUOTE : BLOCK_PARAGRAPH);
}

static void block_node(struct md *m, cmark_node *node, cmark_event_type ev)
{
	bool enter = ev == CMARK_EVENT_ENTER;
	struct frame *f;

	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_PARAGRAPH:
		if (enter)
			paragraph_enter(m, node);
		else
			paragraph_exit(m, node);
		break;
	case CMARK_NODE_HEADING:
		if (enter) {
			break_list(m);
			md_inl_reset(&m->ib);
			m->ib.plain = true;
			m->in = IN_HEADING;
		} else {
			m->in = IN_NONE;
			heading_done(m, cmark_node_get_heading_level(node));
		}
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		if (enter) {
			break_list(m);
			push(m, (struct frame){ .kind = F_QUOTE, .first_block = m->a->nblocks });
			m->quotes++;
		} else {
			m->nfr--;
			m->quotes--;
		}
		break;
	case CMARK_NODE_LIST:
		if (enter) {
			list_enter(m, node);
		} else if (m->fr[--m->nfr].top) {
			flush_list(m);
		}
		break;
	case CMARK_NODE_ITEM:
		if (enter) {
			struct frame *l = top(m);
			struct frame it = { .kind = F_ITEM, .level = l->level,
			                    .ordered = l->ordered, .list = l->list };
			it.number = l->ordered ? l->number++ : 0;
			md_inl_reset(&m->ib);
			push(m, it);
		} else {
			f = top(m);
			if (!f->done)
				gather_item(m, f);
			m->nfr--;
		}
		break;
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK:
		literal_block(m, node);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		break_list(m);
		article_add_block(m->a, m->section, BLOCK_RULE);
		break;
	default:
		break;
	}
}

static void walk(struct md *m, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (t >= CMARK_NODE_FIRST_INLINE && t <= CMARK_NODE_LAST_INLINE) {
			if (m->in != IN_NONE)
				md_inl_node(&m->ib, node, ev);
		} else {
			block_node(m, node, ev);
		}
	}
	cmark_iter_free(it);
	flush_list(m);
}

struct article *article_load_markdown(const char *data, size_t len, const char *name,
                                      struct load_error *err)
{
	struct md m = { .in = IN_NONE };
	size_t n, body, dn;
	char *buf = import_prepare(data, len, &n, err), *defused;
	cmark_node *doc;

	if (!buf)
		return NULL;
	m.a = article_new();
	article_add_preamble(m.a);
	if (!md_front_matter(m.a, buf, n, &body, err)) {
		article_free(m.a);
		free(buf);
		return NULL;
	}
	defused = md_defuse_images(buf + body, n - body, &dn);
	doc = defused ? cmark_parse_document(defused, dn, CMARK_OPT_DEFAULT)
	              : cmark_parse_document(buf + body, n - body, CMARK_OPT_DEFAULT);
	free(defused);
	m.ib.text = m.ib.urls = m.ib.scratch = m.list.src = m.out = (struct strbuf)STRBUF_INIT;
	m.ib.budget = &m.budget;
	m.budget = 2 * n + 65536;
	if (doc) {
		walk(&m, doc);
		cmark_node_free(doc);
	}
	if (m.a->title.len == 0)
		import_title_from_name(m.a, name);
	article_finish(m.a);
	strbuf_release(&m.ib.text);
	strbuf_release(&m.ib.urls);
	strbuf_release(&m.ib.scratch);
	strbuf_release(&m.list.src);
	strbuf_release(&m.out);
	free(m.ib.spans);
	free(m.list.end);
	free(m.list.marks);
	free(m.list.list);
	free(m.fr);
	free(buf);
	return m.a;
}
