/* Private to the plain-text importer: what its four files share.
 * import_text.c holds the rules, the entry point and the building of the
 * article (title, headings, paragraphs, quotations, code);
 * import_text_lines.c cuts the file into lines and chunks, finds its wrap
 * width and says what a line could be (a rule, a list item, a heading)
 * and whether a chunk is prose; import_text_lists.c reads a list;
 * import_text_chars.c reads a piece of text: its characters, words and
 * the phrases the rules look for. Not a module header: include it from
 * those files only. */
#ifndef GLOSA_IMPORT_TEXT_H
#define GLOSA_IMPORT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glosa/article.h"

#define TAB_WIDTH 8
#define HEADING_MAX 100  /* widest heading, title or caption */
#define SHORT_MAX 60     /* widest subtitle line or dotted numbered heading */
#define SHORT_WORDS 8    /* most words in a dotted numbered heading */
#define CREDIT_MAX 80    /* widest tx_attribution */
#define WRAP_MIN 40      /* text this narrow is never taken for wrapped prose */

/* One line of the prepared text. Content is the line without its
 * indentation and trailing white space. */
struct line {
	size_t off, len;  /* tx_content */
	size_t raw;       /* start of the line, indentation included */
	unsigned indent;  /* columns of indentation */
	unsigned width;   /* display width of the tx_content */
	uint32_t chunk;   /* its run of non-blank lines */
	bool blank, tab;  /* tab: the indentation holds a tab */
};

/* A run of non-blank lines [first, end). */
struct chunk {
	size_t first, end;
	unsigned min_indent;
	uint32_t run;        /* heading candidates in a row from here (0: not one) */
	bool content_after;  /* something other than candidates follows the run */
};

/* A piece of a paragraph: a line's content, or part of it. */
struct seg {
	const char *s;
	size_t n;
	unsigned endcol;  /* column just past its last character */
	unsigned indent;
};

/* A list item's marker at the start of a line (see tx_parse_marker). */
enum mark { MARK_NONE, MARK_BULLET, MARK_NUMBER, MARK_LETTER };

struct marker {
	enum mark kind;
	uint32_t number;  /* the ordinal written (a = 1); 0 for a bullet */
	char style;       /* '.', ')' or '('; for a bullet, which one */
	size_t skip;      /* tx_content bytes before the item's text */
	unsigned col;     /* column of the item's text */
};

/* What kind of heading a line could be (see tx_heading_kind). */
enum head { HEAD_NO, HEAD_PLAIN, HEAD_CAPS, HEAD_NUMBERED, HEAD_QUESTION, HEAD_OUTLINE };

/* One import: the prepared text cut into lines and chunks, the article
 * being built, and what the rules remember from one block to the next. */
struct importer {
	const char *buf;
	struct line *lines;
	size_t n;
	struct chunk *chunks;
	size_t nchunks;
	struct article *a;
	uint32_t section;
	unsigned wrap;    /* the file's wrap width; 0 when it shows none */
	unsigned center;  /* the width centred headings are centred in */
	unsigned ctx;     /* indentation of the running text */
	bool prev_colon;  /* the last block was a paragraph ending in ':' */
	bool num_set;     /* the last numbered heading: number, column, style */
	uint32_t num_last;
	unsigned num_indent;
	char num_style;
};

/* ---- import_text_chars.c: characters, words and phrases ---- */

/* The first code point of s[0..n); 0 when n is 0. */
uint32_t tx_first_uc(const char *s, size_t n);
/* The last code point of s[0..n) (n > 0); where it starts in *at unless
 * at is NULL. */
uint32_t tx_last_uc(const char *s, size_t n, size_t *at);
/* White space of any kind, the byte order mark included. */
bool tx_is_space_uc(uint32_t uc);
/* A question mark, in any script. */
bool tx_is_question(uint32_t uc);
/* ':' or the full-width colon. */
bool tx_is_colon(uint32_t uc);
/* Punctuation that ends a sentence or a clause; not the question mark. */
bool tx_is_sentence_end(uint32_t uc);
/* What a heading may start with besides a letter or digit (¿ ¡ " “ « ‘ „ ( '). */
bool tx_is_opener(uint32_t uc);
/* The closing mark of a quotation opened by uc, or 0 if uc opens none. */
uint32_t tx_quote_pair(uint32_t uc);
/* The last code point of s[0..n) that is not a closing quote or bracket
 * (0 when there is none). */
uint32_t tx_end_uc(const char *s, size_t n);
/* Does s[0..n) end in sentence punctuation, closers aside? */
bool tx_ends_sentence(const char *s, size_t n);
/* Is the last code point of s[0..n) a colon? */
bool tx_ends_colon(const char *s, size_t n);
/* The length of s[0..n) without a final colon and the white space before it. */
size_t tx_drop_colon(const char *s, size_t n);
/* Does s[0..n) start with a small letter? */
bool tx_starts_lower(const char *s, size_t n);
/* Written in capitals: two or more capitals and no small letter. */
bool tx_all_caps(const char *s, size_t n);
/* Does s[0..n) hold a letter? */
bool tx_has_letter(const char *s, size_t n);
/* The words of s[0..n), split at spaces and tabs. */
size_t tx_count_words(const char *s, size_t n);
/* Does s[0..n) hold needle? */
bool tx_contains(const char *s, size_t n, const char *needle);
/* w capped at UINT_MAX / 4, so that sums of widths cannot overflow. */
unsigned tx_clamp_width(size_t w);
/* Width of the first word of s[0..n), counted only up to limit. */
unsigned tx_first_word_width(const char *s, size_t n, unsigned limit);
/* Bytes of a speaker's label at the start of s ("Q: ", "Ana Pérez: ",
 * "A. "), the space after it included; 0 if none. */
size_t tx_speaker_label(const char *s, size_t n);
/* A copyright notice ("Copyright (C) 2007 ...", "© 2020 ..."). */
bool tx_copyright(const char *s, size_t n);
/* Does s start "2.3 " or "2.3. " (a numbered heading, not a list item)? */
bool tx_dotted_number(const char *s, size_t n);
/* The name of a line "— Name" / "- Name" (*an bytes), or NULL. */
const char *tx_attribution(const char *s, size_t n, size_t *an);
/* The name after the last closing quote mark and a dash ("“…” — Name"),
 * or NULL; *cut is the length of the line before it. */
const char *tx_inline_attribution(const char *s, size_t n, size_t *an, size_t *cut);
/* A date written in digits: "2024-03-01", "1.3.2024", "12/31/99". */
bool tx_is_date(const char *s, size_t n);
/* A heading between decorations ("*** Warning ***"), its text being
 * s[*ts, *ts + *tn). */
bool tx_decorated(const char *s, size_t n, size_t *ts, size_t *tn);
/* The length of s[0..n) without a trailing " -" or " —" (a decoration). */
size_t tx_drop_dash(const char *s, size_t n);
/* Is s[0..n) followed by t a word broken at a hyphen ("well-" "known")? */
bool tx_hyphen_join(const char *s, size_t n, const char *t, size_t tn);
/* The name of "by Name" / "por Name" (*an bytes), or NULL. */
const char *tx_byline(const char *s, size_t n, size_t *an);

/* ---- import_text_lines.c: lines, chunks and what a line is ---- */

/* Line i's content (past the last line: the empty string at the end). */
const char *tx_content(const struct importer *p, size_t i);
/* Is line i blank, or past the last line? */
bool tx_blank_at(const struct importer *p, size_t i);
/* Cut buf[0..len) into p->lines; p->buf is buf from then on. */
void tx_split_lines(struct importer *p, const char *buf, size_t len);
/* p->chunks, and which lines start a run of heading candidates. */
void tx_split_chunks(struct importer *p);
/* The file's wrap width (see Paragraphs); 0 when it shows none. */
unsigned tx_wrap_width(const struct importer *p);
/* Is line i a thematic break (3 or more of one of - * _ = ~ # +)? */
bool tx_is_rule(const struct importer *p, size_t i);
/* Is line i a row of 3 or more of one character that can underline? */
bool tx_is_underline(const struct importer *p, size_t i);
/* Does line i start a list item? Its marker in *m (zeroed when not). */
bool tx_parse_marker(const struct importer *p, size_t i, struct marker *m);
/* What kind of heading line i could be, ignoring what is around it; the
 * title is content bytes [*ts, *ts + *tn). */
enum head tx_heading_kind(const struct importer *p, size_t i, size_t *ts, size_t *tn);
/* Lines taken by an underlined heading at i: 2 (the text and its
 * underline), 3 (overline, text, underline) or 0. */
size_t tx_setext_at(const struct importer *p, size_t i);
/* Does line i stand alone (a chunk of one line)? */
bool tx_single_line(const struct importer *p, size_t i);
/* The first line of the chunk after line i's, or p->n. */
size_t tx_next_chunk(const struct importer *p, size_t i);
/* Does a line standing alone at i, of kind h, make a heading here? */
bool tx_heading_ok(const struct importer *p, size_t i, enum head h);
/* Is line i centred on the page (as licenses centre their headings)? */
bool tx_centered(const struct importer *p, size_t i);
/* Is the break between a and the line b "full": a plus b's first word
 * would not fit the wrap width w? */
bool tx_full_break(const struct seg *a, const char *b, size_t bn, unsigned w);
/* Are the pieces hard-wrapped prose (see Paragraphs)? */
bool tx_is_prose(const struct importer *p, const struct seg *segs, size_t n);
/* Does the chunk at i look like a command or a table rather than prose? */
bool tx_chunk_is_verbatim(const struct importer *p, size_t i);

/* ---- import_text_lists.c: lists ---- */

/* The list whose first item is line i, as one block captioned
 * cap[0..capn) (no caption when cap is NULL). Returns the next line. */
size_t tx_parse_list(struct importer *p, size_t i, const char *cap, size_t capn);

#endif
