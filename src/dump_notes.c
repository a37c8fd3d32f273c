/* --dump with the reader's highlights: each passage between [[ and ]],
 * a note as a numbered mark [n] after it and as a footnote after its
 * block, orphans listed at the end. Done by building a copy of the
 * article with the marks in its text, so that it wraps like any text. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/dump.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

struct insertion {
	uint32_t unit, byte;
	int order;          /* ends (0) before starts (1) at one place */
	uint64_t other;     /* where the highlight's other end is */
	char text[24];
};

struct marks {
	struct insertion *ins;
	size_t n, cap;
};

static void add_ins(struct marks *m, uint32_t unit, uint32_t byte, int order,
                    uint64_t other, const char *text)
{
	XGROW(m->ins, m->cap, m->n + 1);
	m->ins[m->n] = (struct insertion){ unit, byte, order, other, "" };
	snprintf(m->ins[m->n].text, sizeof m->ins[m->n].text, "%s", text);
	m->n++;
}

static int ins_cmp(const void *x, const void *y)
{
	const struct insertion *a = x, *b = y;

	if (a->unit != b->unit)
		return a->unit < b->unit ? -1 : 1;
	if (a->byte != b->byte)
		return a->byte < b->byte ? -1 : 1;
	if (a->order != b->order)
		return a->order - b->order;
	/* Nested at one place: the inner one closes first and opens last,
	 * so that [[ ]] always pair up. */
	if (a->other != b->other)
		return a->other > b->other ? -1 : 1;
	return 0;
}

/* Copy text t of src into dst with the insertions of unit u. */
static struct text_ref copy_text(struct article *dst, const struct article *src,
                                 struct text_ref t, const struct insertion *ins, size_t n,
                                 uint32_t *map_items, size_t nitems)
{
	const char *s = article_str(src, t);
	const struct span *sp = article_spans(src, t);
	struct strbuf out = STRBUF_INIT;
	struct span *spans = xcalloc(t.span_count + 1, sizeof *spans);
	size_t k = 0, i, it = 0;
	uint32_t pos;
	struct text_ref r;

	/* Walk the text once, inserting marks and shifting span offsets. */
	for (pos = 0; pos <= t.len; pos++) {
		/* A list item starts before any mark opened at its start. */
		while (it < nitems && map_items[it] == pos)
			map_items[it++] = (uint32_t)out.len;
		while (k < n && ins[k].byte == pos)
			strbuf_addstr(&out, ins[k++].text);
		for (i = 0; i < t.span_count; i++) {
			if (sp[i].start == pos)
				spans[i].start = (uint32_t)out.len;
			if (sp[i].end == pos)
				spans[i].end = (uint32_t)out.len;
		}
		if (pos < t.len)
			strbuf_addch(&out, s[pos]);
	}
	for (i = 0; i < t.span_count; i++) {
		spans[i].attr = sp[i].attr;
		spans[i].url_len = sp[i].url_len;
		spans[i].url_off = sp[i].url_len ?
			article_intern(dst, src->arena + sp[i].url_off, sp[i].url_len) : 0;
	}
	r = article_add_spanned(dst, out.buf, out.len, spans, t.span_count);
	free(spans);
	strbuf_release(&out);
	return r;
}

static struct text_ref copy_plain(struct article *dst, const struct article *src,
                                  struct text_ref t)
{
	return copy_text(dst, src, t, NULL, 0, NULL, 0);
}

/* Notes are numbered in document order; footnotes go after the block
 * where their highlight ends. */
struct note {
	uint32_t unit;
	int number;
	const char *text;
};

static struct article *annotated_copy(const struct article *a, const struct notebook *nb,
                                      struct marks *m, struct note **notes, size_t *nnotes)
{
	struct article *b = article_new();
	size_t i, k = 0, nn = 0;
	uint32_t s, j, u;

	*notes = xcalloc(nb->set.n + 1, sizeof **notes);
	for (i = 0; i < nb->set.n; i++) {
		const struct highlight *h = &nb->set.hl[i];
		char end[24] = "]]";
		if (h->deleted || !h->at.placed)
			continue;
		if (h->note && *h->note) {
			(*notes)[nn] = (struct note){ h->at.eu, (int)nn + 1, h->note };
			snprintf(end, sizeof end, "]][%zu]", ++nn);
		}
		add_ins(m, h->at.su, h->at.sb, 1, (uint64_t)h->at.eu << 32 | h->at.eb, "[[");
		add_ins(m, h->at.eu, h->at.eb, 0, (uint64_t)h->at.su << 32 | h->at.sb, end);
	}
	*nnotes = nn;
	qsort(m->ins, m->n, sizeof *m->ins, ins_cmp);

	b->title = copy_plain(b, a, a->title);
	b->subtitle = copy_plain(b, a, a->subtitle);
	b->date = copy_plain(b, a, a->date);
	b->summary = copy_plain(b, a, a->summary);
	if (a->authors.len)
		article_add_author(b, article_str(a, a->authors), a->authors.len);
	for (s = 0; s < a->nsections; s++) {
		const struct section *sec = &a->sections[s];
		uint32_t ns = sec->preamble ? article_add_preamble(b)
		                            : article_add_section(b, sec->parent);
		b->sections[ns].title = copy_plain(b, a, sec->title);
		for (j = 0; j < sec->block_count; j++) {
			const struct block *blk = &a->blocks[sec->block_first + j];
			uint32_t nbk = article_add_block(b, ns, blk->kind);
			size_t first;
			struct text_ref t;
			uint32_t *items = NULL;
			u = sec->unit + 1 + j;
			while (k < m->n && m->ins[k].unit < u)
				k++;
			first = k;
			while (k < m->n && m->ins[k].unit == u)
				k++;
			b->blocks[nbk].ordered = blk->ordered;
			b->blocks[nbk].label = copy_plain(b, a, blk->label);
			if (blk->kind == BLOCK_LIST) {
				items = xmalloc((blk->item_count + 1) * sizeof *items);
				memcpy(items, a->items + blk->item_first, blk->item_count * sizeof *items);
			}
			t = copy_text(b, a, blk->text, m->ins + first, k - first, items,
			              blk->kind == BLOCK_LIST ? blk->item_count : 0);
			if (blk->kind == BLOCK_LIST)
				article_set_item_starts(b, nbk, t, items, a->item_marks + blk->item_first,
				                        blk->item_count);
			else
				b->blocks[nbk].text = t;
			free(items);
			for (i = 0; i < nn; i++) {
				if ((*notes)[i].unit != u)
					continue;
				struct strbuf sb = STRBUF_INIT;
				uint32_t p = article_add_block(b, ns, BLOCK_PARAGRAPH);
				strbuf_addf(&sb, "[%d] %s", (*notes)[i].number, (*notes)[i].text);
				b->blocks[p].text = article_add_folded(b, sb.buf, sb.len);
				strbuf_release(&sb);
			}
		}
	}
	article_finish(b);
	return b;
}

static int print_orphans(const struct notebook *nb, FILE *out)
{
	size_t i;
	bool first = true;

	for (i = 0; i < nb->set.n; i++) {
		const struct highlight *h = &nb->set.hl[i];
		struct strbuf sb = STRBUF_INIT;
		if (h->deleted || h->at.placed)
			continue;
		if (first)
			strbuf_addstr(&sb, "Highlights that could not be placed:\n\n");
		first = false;
		strbuf_addstr(&sb, "[[");
		if (h->exact)
			text_sanitize(&sb, h->exact, strlen(h->exact));
		strbuf_addstr(&sb, "]]\n");
		if (h->note && *h->note) {
			strbuf_addstr(&sb, "    ");
			text_sanitize(&sb, h->note, strlen(h->note));
			strbuf_addch(&sb, '\n');
		}
		strbuf_addch(&sb, '\n');
		if (fwrite(sb.buf, 1, sb.len, out) != sb.len) {
			strbuf_release(&sb);
			return -1;
		}
		strbuf_release(&sb);
	}
	return 0;
}

int dump_article_notes(const struct article *a, const struct notebook *nb, int width,
                       bool color, FILE *out)
{
	struct marks m = { NULL, 0, 0 };
	struct note *notes = NULL;
	size_t nnotes = 0;
	struct article *b;
	int rc;

	if (!nb || nb->set.n == 0)
		return dump_article(a, width, color, out);
	b = annotated_copy(a, nb, &m, &notes, &nnotes);
	rc = dump_article(b, width, color, out);
	if (rc == 0 && print_orphans(nb, out) != 0)
		rc = EIO;
	if (rc == 0 && fflush(out) != 0)
		rc = EIO;
	article_free(b);
	free(m.ins);
	free(notes);
	return rc;
}
