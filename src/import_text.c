#include "config.h"

/* The plain-text importer: a file with no markup at all, its structure
 * guessed from its layout. Every piece of text is escaped before it goes
 * through the markup parser, so a '*' or a '`' in the file shows as it
 * is. Widths are display columns (text_width), tabs stop every 8 columns,
 * a chunk is a run of lines between blank lines, and a line "standing
 * alone" is a chunk of one line.
 *
 * The rules (glosa-article(5) copies them):
 *
 * Title. The first non-empty line is the title, without an Emacs mode
 *   line ("-*- outline -*-"), without the row of = - ~ or the like under
 *   (or over and under) it, and without the "***" or "==" around it. It is
 *   not the title, and the file's name without its extension is used
 *   instead, when it is wider than 100 columns, holds a web address,
 *   starts with a bullet or begins a list, starts with "Copyright" or "©",
 *   has more than six words and ends in sentence punctuation (see
 *   Headings), ends in ':' and the next line is not blank, or begins a
 *   paragraph: the next line is not blank, not a list item and not a
 *   byline, and either the first line ends in sentence punctuation or the
 *   next line starts with a small letter.
 * Subtitle and author. When one to three lines follow the title directly
 *   and a blank line follows them, each at most 60 columns wide, not a
 *   list item and not ending in sentence punctuation other than '.', they
 *   are the subtitle (joined with spaces), except a line "by Name" or "por
 *   Name" (the name starting with a capital, at most 8 words), which names
 *   the author. A byline right under the title is taken even when a
 *   paragraph follows it.
 * Headings. Headings are all at one level. A line standing alone is a
 *   heading when it is at most 100 columns wide; starts with a letter or
 *   digit, or with ¿ ¡ " “ « ‘ „ ( or ', but not with a small letter;
 *   holds a letter (or is a date in digits: "2024-03-01"); holds no "://"
 *   and no '@'; does not start with "Copyright" and is not a quotation
 *   with its attribution (see Quotations); holds no sentence break (". ")
 *   unless it has at most 8 words ("Глава 2. Дорога"); does not end in
 *   ']'; and, looking at its last character before any closing quote or
 *   bracket, either
 *   - does not end in sentence punctuation (. ! … : ; , and their Chinese,
 *     Japanese, Arabic and Indic forms), so "Capítulo 1: Los orígenes" is
 *     a heading and "It rained." is not; a trailing " -" is dropped; or
 *   - ends in a question mark ("¿Qué es la vocación?"), does not begin
 *     with a speaker's label ("Q:"), and the next chunk is a paragraph
 *     (not a list item, not underlined, not a line standing alone that
 *     could be a heading itself); or
 *   - is written in capitals and ends in ':' ("KNOWN BUGS:"; the colon is
 *     dropped); or
 *   - is numbered ("1. Introduction", "2.3 Method", "4) Results") and ends
 *     in '.' with at most 8 words and 60 columns ("0. Definitions.").
 *   Such a line is a paragraph instead when the paragraph before it ends
 *   in ':'; when it is one of three or more such lines in a row (short
 *   notes, not headings); when only such lines follow it to the end of the
 *   file; when the next chunk is indented 4 or more columns past the
 *   running text (see Code), or is a web address alone, or is indented 2
 *   or more columns and is verbatim (see Code): then the line introduces
 *   what follows; or when it is numbered and the next chunk is the next
 *   item of the same list ("1. Milk." then "2. Eggs.").
 *   These are headings whatever their punctuation: a line underlined (or
 *   over- and underlined) with a row of 3 or more of one of = - ~ ^ * # +
 *   or _, at least half and at most twice (plus 4) as wide as the line,
 *   which does not end in . ! , ; or …; a line standing alone between
 *   decorations of two or more of * = # ~ - or + ("*** Warning ***");
 *   an outline heading standing alone at the left margin, two or more
 *   '*' and a space ("** Bug fixes"; a single "* Title" only when the
 *   next chunk is not a "*" item; the stars and a final ':' are dropped);
 *   a line in capitals directly followed by lines indented 2 or more
 *   columns deeper ("NAME" over an indented paragraph); and, after a
 *   heading numbered "N." or "N)", a chunk starting "N+1." whose first
 *   sentence is at most 8 words and 60 columns: that sentence (with its
 *   number) is the heading and the rest its first paragraph ("2. Grant of
 *   License. Subject to...").
 * Centred lines. A line standing alone, indented 8 or more spaces, whose
 *   middle is within an eighth of the page width of the page's middle (the
 *   page being the wrap width, see Paragraphs, at most 100 columns, and 72
 *   when it is unknown or under 60) is a heading when it qualifies as
 *   one, else a paragraph; never code. Licenses centre their headings so.
 * Rules. A line of 3 or more of one of - * _ = ~ # + (spaces allowed
 *   between them: "* * *") that underlines nothing is a thematic break.
 * Code. A chunk all of whose lines are indented 4 or more columns past the
 *   running text (at first the least-indented line of the file, then the
 *   indentation of the last paragraph or list), and does not start with a
 *   list item, is code, together with the chunks after it indented as far
 *   and the blank lines between them. So is such a line directly under a
 *   line ending in ':', with the lines after it. After a paragraph ending
 *   in ':', a chunk indented 2 or more columns is code too when it is
 *   verbatim: some line holds a run of three spaces (columns lined up), or
 *   it has 2 to 8 lines that are not hard-wrapped prose (see Paragraphs).
 *   The indentation of its least-indented line is removed from every line
 *   (a tab straddling it becomes the spaces left over); tabs after it, and
 *   blank lines, are kept.
 * Lists. A line starting with a bullet (• - * · + ◦ ‣ ▪ ● ○ ■ □ ► ▸), a
 *   number of up to three digits or a small letter followed by '.' or ')'
 *   or between parentheses ("1." "2)" "(3)" "a)" "(b)"), then a space and
 *   some text, is a list item. Numbered and lettered items make an ordered
 *   list, shown with the numbers written (a letter by its place: b = 2).
 *   Lines indented deeper than an item continue it; so does a line at its
 *   indentation that carries on hard-wrapped text (the line before is
 *   full, see Paragraphs, or it starts with a small letter after a line
 *   not ending a sentence), and then every following line of the chunk.
 *   An item indented 2 or more columns deeper than the one before and
 *   starting with a bullet, 1 or a starts a nested list (8 levels at
 *   most). The list goes on with items of the same bullet, or with the
 *   next number (or the same one), also after a blank line; a different
 *   bullet starts another list. After a blank line, a line indented deeper
 *   than the last item and at least to its text (but less than 4 columns
 *   past it) is another paragraph of that item. A bullet line ends a
 *   paragraph directly above it; a numbered line does so only when it is
 *   numbered 1 (or a) or the line above ends in ':', and "(1)" never does.
 * Captions. A one-line paragraph ending in ':' directly followed by list
 *   items is that list's caption (the colon dropped).
 * Quotations. A paragraph starting with an opening quote mark (" “ « ‘ „
 *   ‹ 「 『) followed by an attribution is a quotation. The attribution is
 *   its last line, or a line standing alone right after it, beginning with
 *   — – ― or (followed by a space) - or --, as in "— Oscar Wilde"; or it
 *   follows a closing quote mark and a space on the last line ("“…” —
 *   Oscar Wilde"). The name starts with no small letter and is at most 80
 *   columns wide. When the whole text is one quotation the outer marks are
 *   dropped.
 * Speakers. In a paragraph that starts with a speaker's label (up to
 *   three words, the first starting with a capital, and a colon: "Q:",
 *   "Ana:", "INTERVIEWER:"; or "Q." "A." "P." "R."), each line starting
 *   with a label begins a new paragraph.
 * Paragraphs. Other lines up to a blank line are a paragraph. Its lines
 *   are joined with spaces when it is hard-wrapped prose: at least three
 *   quarters of its line breaks are "full" (the line, a space and the next
 *   line's first word would pass 90% of the wrap width) and that width is
 *   40 columns or more. The wrap width is the larger of the paragraph's
 *   widest line and the file's: 90% of the lines followed by another
 *   non-blank line are no wider (unknown with fewer than three such
 *   lines). Otherwise (a poem, an address) every line break is kept. A
 *   line ending in a letter and '-' is joined to the next without a space.
 */

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/markup.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

#include "import_text.h"

/* ---- Building the article --------------------------------------------- */

/* Append the pieces as markup: joined with spaces when they are
 * hard-wrapped prose, else with hard line breaks. */
static void add_segs(const struct importer *p, const struct seg *segs, size_t n,
                     struct strbuf *out)
{
	size_t i;
	bool joined = tx_is_prose(p, segs, n);

	for (i = 0; i < n; i++) {
		markup_escape(segs[i].s, segs[i].n, out);
		if (i + 1 == n)
			break;
		if (!joined)
			strbuf_addstr(out, "\\\n");
		else if (!tx_hyphen_join(segs[i].s, segs[i].n, segs[i + 1].s, segs[i + 1].n))
			strbuf_addch(out, '\n');
	}
}

static void add_heading(struct importer *p, const char *s, size_t n, unsigned indent)
{
	uint32_t sec = article_add_section(p->a, ARTICLE_NONE);

	p->a->sections[sec].title = article_add_folded(p->a, s, n);
	p->section = sec;
	if (indent < p->ctx)
		p->ctx = indent;
	p->prev_colon = false;
}

/* Heading line i (title bytes [ts, ts + tn) of its content). */
static void heading_line(struct importer *p, size_t i, size_t ts, size_t tn)
{
	struct marker m;

	add_heading(p, tx_content(p, i) + ts, tn, p->lines[i].indent);
	if (tx_parse_marker(p, i, &m) && m.kind == MARK_NUMBER) {
		p->num_set = true;
		p->num_last = m.number;
		p->num_indent = p->lines[i].indent;
		p->num_style = m.style;
	}
}

static size_t parse_code(struct importer *p, size_t i, unsigned thr)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned least = UINT_MAX;
	size_t j, last = i;
	uint32_t b;

	for (j = i; j < p->n; j++) {
		if (p->lines[j].blank)
			continue;
		if (p->lines[j].indent < thr)
			break;
		last = j;
		if (p->lines[j].indent < least)
			least = p->lines[j].indent;
	}
	for (j = i; j <= last; j++) {
		const struct line *l = &p->lines[j];
		const char *r = p->buf + l->raw;
		unsigned col = 0;
		size_t k = 0;

		if (j > i)
			strbuf_addch(&sb, '\n');
		if (l->blank)
			continue;
		/* Remove `least` columns of indentation. */
		while (col < least && r + k < p->buf + l->off) {
			unsigned next = r[k] == '\t' ? (col / TAB_WIDTH + 1) * TAB_WIDTH : col + 1;
			if (r[k] != '\t' && r[k] != ' ')
				break; /* other white space: keep it */
			k++;
			if (next > least) {
				for (; next > least; next--)
					strbuf_addch(&sb, ' ');
				break;
			}
			col = next;
		}
		strbuf_add(&sb, r + k, l->off + l->len - (l->raw + k));
	}
	b = article_add_block(p->a, p->section, BLOCK_CODE);
	p->a->blocks[b].text = article_add_plain(p->a, sb.buf, sb.len);
	strbuf_release(&sb);
	p->prev_colon = false;
	return last + 1;
}

/* Count the code points uc in the pieces. */
static size_t count_uc(const struct seg *segs, size_t n, uint32_t want)
{
	size_t i, j, count = 0;
	uint32_t uc;

	for (i = 0; i < n; i++)
		for (j = 0; j < segs[i].n;) {
			j += (size_t)text_decode(segs[i].s + j, segs[i].n - j, &uc);
			count += uc == want;
		}
	return count;
}

/* Drop the marks around a paragraph that is one quotation (unless
 * nothing would be left). */
static void unquote(struct seg *segs, size_t n)
{
	struct seg *f = &segs[0], *l = &segs[n - 1], f0 = *f, l0 = *l;
	uint32_t open = tx_first_uc(f->s, f->n), close = tx_quote_pair(open), uc;
	size_t at, k;

	if (l->n == 0)
		return;
	k = (size_t)text_decode(f->s, f->n, &uc);
	if (tx_last_uc(l->s, l->n, &at) != close || (f == l && at <= k))
		return;
	if (open == close ? count_uc(segs, n, open) != 2
	                  : count_uc(segs, n, open) != 1 || count_uc(segs, n, close) != 1)
		return;
	l->n = at;
	f->s += k;
	f->n -= k;
	while (f->n > 0 && f->s[0] == ' ')
		f->s++, f->n--;
	while (l->n > 0 && l->s[l->n - 1] == ' ')
		l->n--;
	if (f->n == 0 || l->n == 0) {
		*f = f0;
		*l = l0;
	}
}

/* A paragraph from line i, skipping skip bytes of its content (the rest
 * of a run-in heading's line). Returns the next line. */
static size_t parse_para(struct importer *p, size_t i, size_t skip)
{
	const struct chunk *c = &p->chunks[p->lines[i].chunk];
	struct seg *segs = NULL;
	size_t nsegs = 0, cap = 0, j = i, label_n = 0, first_n;
	const char *label = NULL, *first;
	struct strbuf sb = STRBUF_INIT;
	unsigned indent = UINT_MAX, thr = p->ctx + 4;
	bool speaker, quoted;
	struct marker m;
	uint32_t b;

	first = tx_content(p, i) + skip;
	first_n = p->lines[i].len - skip;
	speaker = tx_speaker_label(first, first_n) != 0;
	quoted = tx_quote_pair(tx_first_uc(first, first_n)) != 0;
	for (;;) {
		const struct line *l = &p->lines[j];
		struct seg *sg;
		XGROW(segs, cap, nsegs + 1);
		sg = &segs[nsegs++];
		sg->s = j == i ? first : p->buf + l->off;
		sg->n = j == i ? first_n : l->len;
		sg->endcol = l->indent + l->width;
		sg->indent = j == i && skip ? l->indent + tx_clamp_width(text_width(tx_content(p, j), skip))
		                            : l->indent;
		if (j > i && sg->indent < indent) /* not the first: it may be indented */
			indent = sg->indent;
		j++;
		if (j >= c->end || tx_setext_at(p, j) == 2 || tx_is_underline(p, j) || tx_is_rule(p, j))
			break;
		if (tx_parse_marker(p, j, &m)) {
			size_t an;
			bool credit = quoted && j + 1 == c->end && m.kind == MARK_BULLET &&
			              tx_attribution(tx_content(p, j), p->lines[j].len, &an);
			if (!credit && (m.kind == MARK_BULLET ||
			                (m.style != '(' && (m.number == 1 || tx_ends_colon(sg->s, sg->n)))))
				break;
		}
		if (speaker && tx_speaker_label(tx_content(p, j), p->lines[j].len))
			break;
		if (tx_ends_colon(sg->s, sg->n) && p->lines[j].indent >= thr)
			break;
	}
	/* A quotation, with its attribution? */
	if (quoted) {
		struct seg *last = &segs[nsegs - 1];
		size_t cut, next = tx_next_chunk(p, j - 1);
		if (nsegs >= 2 && (label = tx_attribution(last->s, last->n, &label_n)) != NULL) {
			nsegs--;
		} else if ((label = tx_inline_attribution(last->s, last->n, &label_n, &cut)) != NULL) {
			last->n = cut;
			while (last->n > 0 && last->s[last->n - 1] == ' ')
				last->n--;
		} else if (j == c->end && next < p->n && tx_single_line(p, next) &&
		           (label = tx_attribution(tx_content(p, next), p->lines[next].len, &label_n))) {
			j = next + 1;
		}
		if (label)
			unquote(segs, nsegs);
	}
	/* A caption: one line ending in ':' right above a list. */
	if (!label && nsegs == 1 && j == i + 1 && j < c->end && tx_ends_colon(first, first_n) &&
	    tx_parse_marker(p, j, &m) && p->lines[i].width <= HEADING_MAX) {
		size_t capn = tx_drop_colon(first, first_n);
		free(segs);
		return tx_parse_list(p, j, first, capn);
	}
	add_segs(p, segs, nsegs, &sb);
	b = article_add_block(p->a, p->section, label ? BLOCK_QUOTE : BLOCK_PARAGRAPH);
	p->a->blocks[b].text = article_add_markup(p->a, sb.buf, sb.len);
	if (label)
		p->a->blocks[b].label = article_add_folded(p->a, label, label_n);
	p->prev_colon = !label && tx_ends_colon(segs[nsegs - 1].s, segs[nsegs - 1].n);
	/* The running text's indentation: that of the lines after the first,
	 * or at most the first line's. */
	if (indent == UINT_MAX)
		indent = segs[0].indent < p->ctx ? segs[0].indent : p->ctx;
	p->ctx = indent;
	strbuf_release(&sb);
	free(segs);
	return j;
}

/* A run-in heading at i: "N. Title. Text..." after heading "N-1.".
 * Returns the bytes of the heading (0 if none); *rest is where the text
 * goes on. */
static size_t run_in(const struct importer *p, size_t i, size_t *rest)
{
	const char *s = tx_content(p, i);
	size_t n = p->lines[i].len, k;
	struct marker m;

	if (!p->num_set || !tx_parse_marker(p, i, &m) || m.kind != MARK_NUMBER ||
	    m.style != p->num_style || m.number != p->num_last + 1 ||
	    p->lines[i].indent + 1 < p->num_indent || p->lines[i].indent > p->num_indent + 1)
		return 0;
	for (k = m.skip; k < n; k++)
		if (s[k] == '.' && (k + 1 == n || s[k + 1] == ' '))
			break;
	if (k >= n || k == m.skip || text_width(s + m.skip, k - m.skip) > SHORT_MAX ||
	    tx_count_words(s + m.skip, k - m.skip) > SHORT_WORDS ||
	    !tx_has_letter(s + m.skip, k - m.skip))
		return 0;
	*rest = k + 1;
	while (*rest < n && s[*rest] == ' ')
		(*rest)++;
	return k + 1;
}

static void add_rule(struct importer *p)
{
	article_add_block(p->a, p->section, BLOCK_RULE);
	p->prev_colon = false;
}

/* One block (or heading) from line i, which is not blank. Returns the
 * next line. */
static size_t parse_block(struct importer *p, size_t i)
{
	const struct line *l = &p->lines[i];
	const struct chunk *c = &p->chunks[l->chunk];
	size_t k, ts, tn, rest;
	struct marker m;
	bool mk = tx_parse_marker(p, i, &m), single;
	unsigned thr = p->ctx + 4;
	enum head h;

	if ((k = tx_setext_at(p, i)) != 0) {
		size_t t = k == 3 ? i + 1 : i;
		heading_line(p, t, 0, p->lines[t].len);
		return i + k;
	}
	if (tx_is_rule(p, i) || tx_is_underline(p, i)) {
		add_rule(p);
		return i + 1;
	}
	if (i == c->first) {
		single = c->end == i + 1;
		h = single ? tx_heading_kind(p, i, &ts, &tn) : HEAD_NO;
		if (p->prev_colon && c->min_indent >= p->ctx + 2 && !mk && tx_chunk_is_verbatim(p, i))
			return parse_code(p, i, p->ctx + 2);
		if (single && !mk && tx_centered(p, i)) {
			if (!tx_heading_ok(p, i, h))
				return parse_para(p, i, 0);
			heading_line(p, i, ts, tn);
			return i + 1;
		}
		if (c->min_indent >= thr && !mk)
			return parse_code(p, i, thr);
		if (single && tx_heading_ok(p, i, h)) {
			heading_line(p, i, ts, tn);
			return i + 1;
		}
		if ((k = run_in(p, i, &rest)) != 0) {
			heading_line(p, i, 0, k);
			if (rest < l->len)
				return parse_para(p, i, rest);
			return i + 1;
		}
		h = tx_heading_kind(p, i, &ts, &tn);
		if (!single && h == HEAD_CAPS && !p->prev_colon &&
		    p->lines[i + 1].indent >= l->indent + 2 && !tx_parse_marker(p, i + 1, &m)) {
			heading_line(p, i, ts, tn); /* "NAME" over an indented body */
			return i + 1;
		}
	} else if (p->prev_colon && l->indent >= thr && !mk) {
		return parse_code(p, i, thr);
	}
	if (mk)
		return tx_parse_list(p, i, NULL, 0);
	return parse_para(p, i, 0);
}

/* ---- The title -------------------------------------------------------- */

/* Content of line i without an Emacs mode line ("-*- outline -*-"). */
static size_t strip_mode(const struct importer *p, size_t i)
{
	const char *s = tx_content(p, i);
	size_t n = p->lines[i].len, k;

	for (k = 0; k + 3 <= n; k++)
		if (memcmp(s + k, "-*-", 3) == 0)
			break;
	if (k + 3 > n || !tx_contains(s + k + 3, n - k - 3, "-*-"))
		return n;
	while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
		k--;
	return k;
}

/* Read the title, subtitle and author; returns the first line of the
 * body. */
static size_t parse_title(struct importer *p, const char *name)
{
	struct article *a = p->a;
	size_t t = 0, tn, k, u, an;
	struct strbuf sub = STRBUF_INIT;
	const char *s, *who = NULL;
	struct marker m;

	for (;;) {
		while (t < p->n && p->lines[t].blank)
			t++;
		if (t >= p->n)
			return t;
		if (strip_mode(p, t) > 0 || tx_is_underline(p, t))
			break;
		t++; /* a line that is only a mode line */
	}
	s = tx_content(p, t);
	tn = strip_mode(p, t);
	if ((k = tx_setext_at(p, t)) != 0) {
		size_t l = k == 3 ? t + 1 : t;
		a->title = article_add_folded(a, tx_content(p, l), p->lines[l].len);
		u = t + k;
	} else if (p->lines[t].width > HEADING_MAX || tx_is_underline(p, t) ||
	           (tx_ends_sentence(s, tn) && tx_count_words(s, tn) > 6) || tx_contains(s, tn, "://") ||
	           (tx_parse_marker(p, t, &m) && (m.kind == MARK_BULLET || tx_parse_marker(p, t + 1, &m))) ||
	           tx_copyright(s, tn) ||
	           (!tx_blank_at(p, t + 1) && !tx_parse_marker(p, t + 1, &m) &&
	            !tx_byline(tx_content(p, t + 1), p->lines[t + 1].len, &an) &&
	            ((tx_is_sentence_end(tx_end_uc(s, tn)) && !tx_is_colon(tx_end_uc(s, tn))) ||
	             tx_starts_lower(tx_content(p, t + 1), p->lines[t + 1].len))) ||
	           (!tx_blank_at(p, t + 1) && tx_ends_colon(s, tn))) {
		import_title_from_name(a, name);
		return t;
	} else {
		size_t hs, hn;
		/* "=== Title ===", "** Title": without the decoration. */
		if (tx_heading_kind(p, t, &hs, &hn) == HEAD_OUTLINE && hs + hn <= tn)
			a->title = article_add_folded(a, s + hs, hn);
		else
			a->title = article_add_folded(a, s, tn);
		u = t + 1;
	}
	/* Subtitle and author: up to three short lines, then a blank one. */
	for (k = u; k < p->n && !p->lines[k].blank && k < u + 3; k++) {
		const char *ks = tx_content(p, k);
		size_t kn = p->lines[k].len;
		if (p->lines[k].width > SHORT_MAX || tx_parse_marker(p, k, &m) || tx_is_underline(p, k) ||
		    (!tx_byline(ks, kn, &an) && tx_ends_sentence(ks, kn) && tx_end_uc(ks, kn) != '.'))
			break;
	}
	if (k > u && tx_blank_at(p, k)) {
		for (; u < k; u++) {
			const char *name_s = tx_byline(tx_content(p, u), p->lines[u].len, &an);
			if (name_s && !who) {
				who = name_s;
				article_add_author(a, name_s, an);
				continue;
			}
			if (sub.len)
				strbuf_addch(&sub, ' ');
			strbuf_add(&sub, tx_content(p, u), p->lines[u].len);
		}
		if (sub.len)
			a->subtitle = article_add_folded(a, sub.buf, sub.len);
	} else if (u < p->n && !p->lines[u].blank &&
	           (who = tx_byline(tx_content(p, u), p->lines[u].len, &an)) != NULL &&
	           p->lines[u].width <= SHORT_MAX) {
		article_add_author(a, who, an);
		u++;
	}
	strbuf_release(&sub);
	return u;
}

/* ---- The whole file --------------------------------------------------- */

struct article *article_load_text(const char *data, size_t len, const char *name,
                                  struct load_error *err)
{
	struct importer p;
	size_t blen, i, k;
	char *buf = import_prepare(data, len, &blen, err);
	unsigned least = UINT_MAX;

	if (!buf)
		return NULL;
	memset(&p, 0, sizeof p);
	tx_split_lines(&p, buf, blen);
	for (i = 0; i < p.n; i++) {
		if (!p.lines[i].blank)
			break;
	}
	if (i == p.n) {
		err->line = err->column = 1;
		snprintf(err->message, sizeof err->message, "empty file (expected some text)");
		free(p.lines);
		free(buf);
		return NULL;
	}
	p.wrap = tx_wrap_width(&p);
	p.center = p.wrap < 60 ? 72 : p.wrap > 100 ? 100 : p.wrap;
	tx_split_chunks(&p);
	p.a = article_new();
	p.section = article_add_preamble(p.a);
	i = parse_title(&p, name);
	/* The running text starts at the least-indented line of the body. */
	for (k = i; k < p.n; k++)
		if (!p.lines[k].blank && p.lines[k].indent < least)
			least = p.lines[k].indent;
	p.ctx = least == UINT_MAX ? 0 : least;
	while (i < p.n) {
		if (p.lines[i].blank)
			i++;
		else
			i = parse_block(&p, i);
	}
	/* A title line that was all decoration ("-*- x -*- y"): an article
	 * always has a title. */
	if (p.a->title.len == 0)
		import_title_from_name(p.a, name);
	article_finish(p.a);
	free(p.lines);
	free(p.chunks);
	free(buf);
	return p.a;
}
