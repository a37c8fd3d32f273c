/* The reader's highlights for one open article: the annotation set, its
 * file, where each highlight sits in the text, and the undo history.
 * Every change is saved at once; a failed save keeps everything in memory,
 * is reported through notebook_status, and is retried on the next change
 * (or notebook_retry). Knows nothing of the screen. */
#ifndef GLOSA_NOTEBOOK_H
#define GLOSA_NOTEBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "glosa/anchor.h"
#include "glosa/annot.h"
#include "glosa/article.h"
#include "glosa/store.h"

struct undo_step {
	char id[ANNOT_ID_LEN + 1];
	struct highlight before, after; /* a tombstone when it did not exist */
};

struct notebook {
	const struct article *a;
	struct anchor_text *text;
	struct annot_set set;
	struct store store;
	struct store_fingerprint_job *fp; /* the fingerprint, hashed until the first save */
	char *author;          /* recorded in new highlights; NULL: none */
	bool has_store;        /* false: nothing is ever written */
	bool read_only;        /* the file is broken or too new: never written */
	bool dirty;            /* changes not yet saved (a save failed) */
	bool pending;          /* something changed since the last save */
	size_t orphans;        /* highlights that could not be placed */
	char status[600];      /* the last problem, "" when none */
	struct undo_step *undo;
	size_t nundo, undo_cap, redo_top; /* undo[0..redo_top) can be undone */
};

/* Open the annotations of article a from path (NULL: keep them in memory
 * only). Places every highlight. Returns 0; on a broken or too new file
 * returns -1 with err filled, and the notebook is still usable, read-only
 * and empty (the file is left as it is). */
int notebook_open(struct notebook *nb, const struct article *a, const char *path,
                  const char *article_path, struct store_error *err);
/* The same, read-only from the start (--dump, --export, --highlights):
 * nothing is prepared for a save that will not come. */
int notebook_open_read_only(struct notebook *nb, const struct article *a, const char *path,
                            const char *article_path, struct store_error *err);
/* Who makes the highlights from now on (copied; NULL: nobody named). */
void notebook_set_author(struct notebook *nb, const char *author);
/* Save the reading position and anything unsaved; release everything. */
void notebook_close(struct notebook *nb);

/* Add a highlight over range r in colour (a palette name). Returns its
 * index in nb->set.hl. */
size_t notebook_add(struct notebook *nb, struct text_range r, const char *color);
void notebook_delete(struct notebook *nb, size_t i);
void notebook_set_color(struct notebook *nb, size_t i, const char *color);
void notebook_set_note(struct notebook *nb, size_t i, const char *note);
/* Replace the tags of highlight i (words without '#'). */
void notebook_set_tags(struct notebook *nb, size_t i, const char *const *tags, size_t n);
/* Undo or redo the last change; false when there is none. */
bool notebook_undo(struct notebook *nb);
bool notebook_redo(struct notebook *nb);
/* Remember where reading stopped (a unit and byte) and how far through
 * the article that is (percent, -1 unknown); saved with the next save
 * and at close. */
void notebook_set_position(struct notebook *nb, uint32_t unit, uint32_t byte, int percent);
/* The stored reading position, if any, as (unit, byte). */
bool notebook_position(const struct notebook *nb, uint32_t *unit, uint32_t *byte);
/* Try to save now. 0 on success. */
int notebook_save(struct notebook *nb);
/* When the file could not be used (broken, too new) and highlights were
 * made anyway, or the last save failed: save them beside it, in
 * NAME.unsaved-TIME.yaml (or in $TMPDIR or /tmp when that folder is the
 * trouble), so that nothing is lost at exit. Returns that path
 * (malloc'd), or NULL when there was nothing to save or it failed (then
 * status says why). */
char *notebook_save_elsewhere(struct notebook *nb);

/* The visible highlight covering (unit, byte), the newest if several;
 * -1 when none. */
long notebook_at(const struct notebook *nb, uint32_t unit, uint32_t byte);
/* The next palette colour after c. */
const char *notebook_next_color(const char *c);

#endif
