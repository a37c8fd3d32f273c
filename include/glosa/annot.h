/* Highlights and notes in memory: the data of one annotation file
 * (annotations.md), with no I/O and no screen. store.c reads and writes
 * it; anchor.c places it in an article; the UI edits it.
 *
 * Ownership: every char * in these structs is malloc'd and owned by the
 * struct that holds it; annot_set_release and highlight_release free them.
 * NULL and "" both mean absent for optional strings. */
#ifndef GLOSA_ANNOT_H
#define GLOSA_ANNOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ANNOT_FORMAT_VERSION 1
#define ANNOT_ID_LEN 16        /* hex digits */
#define ANNOT_TIME_LEN 20      /* "2026-11-28T17:02:11Z" */
#define ANNOT_CONTEXT 32       /* code points of prefix and suffix */

/* The palette, in the order of keys 1-5. Colours read from a file that
 * are not in it are kept as they are. */
#define ANNOT_NCOLORS 5
extern const char *const annot_colors[ANNOT_NCOLORS]; /* yellow green blue red purple */

/* A position in the article: section number ("2.1"), block index within
 * the section, offset in code points of the block's rendered text. */
struct hl_pos {
	char *section;
	uint32_t block;
	uint32_t offset;
};

/* Where a highlight was found in the open article: from (su, sb) to
 * (eu, eb), units and byte offsets into their text, end exclusive. Not
 * stored; set by anchor_place. */
struct hl_place {
	bool placed;
	uint32_t su, sb, eu, eb;
};

struct highlight {
	char id[ANNOT_ID_LEN + 1];
	char created[ANNOT_TIME_LEN + 1];
	char updated[ANNOT_TIME_LEN + 1];
	bool deleted;              /* a tombstone: only id and updated count */
	char *author;              /* who made it (config name or login) */
	char *color;
	struct hl_pos start, end;  /* end is exclusive */
	char *exact, *prefix, *suffix;
	char *note;
	char **tags;
	size_t ntags;
	struct hl_place at;
};

struct annot_set {
	char *article_id, *article_title, *article_path, *fingerprint;
	char *article_author;      /* authors joined by ", "; for the library */
	bool has_position;
	struct hl_pos position;    /* where reading stopped */
	int percent;               /* how far it was read, -1 unknown */
	struct highlight *hl;
	size_t n, cap;
};

#define ANNOT_SET_INIT { NULL, NULL, NULL, NULL, NULL, false, { NULL, 0, 0 }, -1, NULL, 0, 0 }

void annot_set_release(struct annot_set *s);
void highlight_release(struct highlight *h);
/* A deep copy of src into dst (dst is overwritten, not released). */
void highlight_copy(struct highlight *dst, const struct highlight *src);
void hl_pos_set(struct hl_pos *p, const char *section, uint32_t block, uint32_t offset);

/* Append a deep copy of h; returns its index. */
size_t annot_add(struct annot_set *s, const struct highlight *h);
/* Index of the highlight with this id, or -1. */
long annot_find(const struct annot_set *s, const char *id);
/* Put the highlights in document order (by start: section numbers
 * compared number by number, then block, then offset; then by id), with
 * tombstones last by id. Two copies of a file then diff cleanly. */
void annot_sort(struct annot_set *s);
/* Merge other into s by id: for each id the copy with the newer updated
 * time wins (a tombstone too); ties go to s, except that a tombstone beats
 * a live copy of the same time (a delete in the same second as an edit). Highlights only in other are
 * added. Article fields and position are kept from s. */
void annot_merge(struct annot_set *s, const struct annot_set *other);

/* A new random id (ANNOT_ID_LEN hex digits, from getrandom). */
void annot_new_id(char out[ANNOT_ID_LEN + 1]);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void annot_now(char out[ANNOT_TIME_LEN + 1]);
/* Compare two section numbers ("2.10" after "2.9"); <0, 0, >0. */
int annot_section_cmp(const char *a, const char *b);

#endif
