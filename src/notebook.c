#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/notebook.h"
#include "glosa/xalloc.h"

static char *text_dup(const struct article *a, struct text_ref r)
{
	return r.len ? xstrndup(article_str(a, r), r.len) : NULL;
}

/* The article's text for anchoring, built on first need: opening an
 * article with no highlights should cost nothing here. */
static struct anchor_text *text_of(struct notebook *nb)
{
	if (!nb->text)
		nb->text = anchor_text_new(nb->a);
	return nb->text;
}

static void place_all(struct notebook *nb)
{
	size_t i;

	nb->orphans = 0;
	for (i = 0; i < nb->set.n; i++) {
		struct highlight *h = &nb->set.hl[i];
		if (h->deleted) {
			h->at.placed = false;
			continue;
		}
		if (anchor_place(text_of(nb), h) == ANCHOR_ORPHAN)
			nb->orphans++;
	}
}

static void set_article_fields(struct notebook *nb, const char *article_path)
{
	struct annot_set *s = &nb->set;

	free(s->article_id);
	s->article_id = text_dup(nb->a, nb->a->id);
	free(s->article_title);
	s->article_title = text_dup(nb->a, nb->a->title);
	if (article_path) {
		char *real = realpath(article_path, NULL);
		free(s->article_path);
		s->article_path = real ? real : xstrdup(article_path);
	}
	free(s->article_author);
	s->article_author = text_dup(nb->a, nb->a->authors);
	/* The fingerprint hashes the whole text: computed for the first save
	 * (in idle time from notebook_open on). */
	free(s->fingerprint);
	s->fingerprint = NULL;
}

/* notebook_open; writable: the notebook will save, so prepare the first
 * save (the fingerprint, the highlights' YAML) on background threads. */
static int open_notebook_file(struct notebook *nb, const struct article *a, const char *path,
                              const char *article_path, struct store_error *err, bool writable)
{
	int rc;

	memset(nb, 0, sizeof *nb);
	nb->a = a;
	nb->set = (struct annot_set)ANNOT_SET_INIT;
	if (!path) {
		set_article_fields(nb, article_path);
		return 0;
	}
	nb->has_store = true;
	rc = writable ? store_open(&nb->store, path, &nb->set, err)
	              : store_open_read_only(&nb->store, path, &nb->set, err);
	if (rc != 0 && err->kind == STORE_EIO &&
	    (err->errnum == ENOTDIR || err->errnum == ENOENT)) {
		/* There is no file (a folder on its path is not one): nothing to
		 * lose, so write when that is mended; the save says why it fails. */
		snprintf(nb->status, sizeof nb->status, "%s", err->message);
	} else if (rc != 0) {
		/* Whatever is wrong with the file, it is not ours to overwrite. */
		nb->read_only = true;
		annot_set_release(&nb->set);
		nb->set = (struct annot_set)ANNOT_SET_INIT;
		snprintf(nb->status, sizeof nb->status, "%s; highlights will not be saved",
		         err->message);
		set_article_fields(nb, article_path);
		return -1;
	}
	set_article_fields(nb, article_path);
	/* The first save needs the fingerprint; hash it meanwhile. */
	if (writable)
		nb->fp = store_fingerprint_start(a);
	else
		nb->read_only = true;
	place_all(nb);
	return 0;
}

int notebook_open(struct notebook *nb, const struct article *a, const char *path,
                  const char *article_path, struct store_error *err)
{
	return open_notebook_file(nb, a, path, article_path, err, true);
}

int notebook_open_read_only(struct notebook *nb, const struct article *a, const char *path,
                            const char *article_path, struct store_error *err)
{
	return open_notebook_file(nb, a, path, article_path, err, false);
}

int notebook_save(struct notebook *nb)
{
	struct store_error err;

	if (!nb->has_store || nb->read_only)
		return -1;
	if (!nb->pending && !nb->dirty)
		return 0; /* nothing new since the last save */
	if (!nb->set.fingerprint) {
		nb->set.fingerprint = nb->fp ? store_fingerprint_finish(nb->fp) : store_fingerprint(nb->a);
		nb->fp = NULL;
	}
	if (store_make_dirs(nb->store.path, &err) != 0 ||
	    store_save(&nb->store, &nb->set, &err) != 0) {
		nb->dirty = true;
		snprintf(nb->status, sizeof nb->status, "Not saved (will retry): %s", err.message);
		return -1;
	}
	nb->dirty = false;
	nb->pending = false;
	nb->status[0] = '\0';
	/* The merge may have brought highlights from another glosa; else
	 * every highlight is where it was (annot_sort moves them whole). */
	if (nb->store.merged) {
		place_all(nb);
	} else {
		size_t i;
		nb->orphans = 0; /* a deleted orphan, an undone delete */
		for (i = 0; i < nb->set.n; i++)
			nb->orphans += !nb->set.hl[i].deleted && !nb->set.hl[i].at.placed;
	}
	return 0;
}

/* Save the set in dir/BASE.unsaved-TIME.yaml; the path, or NULL. */
static char *save_copy(struct notebook *nb, const char *dir, const char *base,
                       struct store_error *err)
{
	struct store other;
	struct annot_set empty = ANNOT_SET_INIT;
	char stamp[ANNOT_TIME_LEN + 1], *path;
	size_t i;

	annot_now(stamp);
	for (i = 0; stamp[i]; i++)
		if (stamp[i] == ':')
			stamp[i] = '.';
	path = xmalloc(strlen(dir) + strlen(base) + sizeof stamp + 32);
	sprintf(path, "%s/%s.unsaved-%s.yaml", dir, base, stamp);
	memset(&other, 0, sizeof other);
	if (store_open(&other, path, &empty, err) != 0 ||
	    store_save(&other, &nb->set, err) != 0) {
		free(path);
		path = NULL;
	}
	annot_set_release(&empty);
	store_close(&other);
	return path;
}

char *notebook_save_elsewhere(struct notebook *nb)
{
	struct store_error err;
	char *dir, *base, *slash, *path = NULL;
	const char *tmp = getenv("TMPDIR");
	size_t i, live = 0, len;

	if (!nb->has_store || (!nb->read_only && !nb->dirty))
		return NULL;
	for (i = 0; i < nb->set.n; i++)
		live += !nb->set.hl[i].deleted;
	if (nb->read_only && (live == 0 || nb->nundo == 0))
		return NULL; /* nothing new was made here */
	dir = xstrdup(nb->store.path);
	slash = strrchr(dir, '/');
	base = xstrdup(slash ? slash + 1 : dir);
	len = strlen(base);
	if (len > 5 && strcmp(base + len - 5, ".yaml") == 0)
		base[len - 5] = '\0';
	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	/* Beside the file; if that folder is the trouble (full, read-only),
	 * in the temporary folder. */
	path = save_copy(nb, slash && slash == dir ? "/" : dir, base, &err);
	if (!path)
		path = save_copy(nb, tmp && *tmp ? tmp : "/tmp", base, &err);
	if (!path)
		snprintf(nb->status, sizeof nb->status, "%s", err.message);
	free(dir);
	free(base);
	return path;
}

void notebook_set_author(struct notebook *nb, const char *author)
{
	free(nb->author);
	nb->author = author ? xstrdup(author) : NULL;
}

void notebook_close(struct notebook *nb)
{
	size_t i;

	if (nb->has_store && !nb->read_only) {
		bool nothing_new = !nb->pending && !nb->dirty;
		notebook_save(nb);
		/* Nothing to write, but the library orders by when an article was
		 * last opened (the file's time): touch it, cheaply. */
		if (nothing_new && nb->store.exists)
			utimensat(AT_FDCWD, nb->store.path, NULL, 0);
	}
	store_fingerprint_drop(nb->fp);
	annot_set_release(&nb->set);
	if (nb->has_store)
		store_close(&nb->store);
	for (i = 0; i < nb->nundo; i++) {
		highlight_release(&nb->undo[i].before);
		highlight_release(&nb->undo[i].after);
	}
	free(nb->undo);
	free(nb->author);
	if (nb->text)
		anchor_text_free(nb->text);
	memset(nb, 0, sizeof *nb);
}

struct tag_list {
	const char *const *tags;
	size_t n;
};

static void tombstone(struct highlight *h, const char *id)
{
	memset(h, 0, sizeof *h);
	snprintf(h->id, sizeof h->id, "%s", id);
	h->deleted = true;
}

/* Record a change of highlight id from before (NULL: did not exist) to
 * the state it has now; drops anything that could be redone. */
static void record(struct notebook *nb, const char *id, const struct highlight *before)
{
	struct undo_step *st;
	long i = annot_find(&nb->set, id);
	size_t k;

	for (k = nb->redo_top; k < nb->nundo; k++) {
		highlight_release(&nb->undo[k].before);
		highlight_release(&nb->undo[k].after);
	}
	nb->nundo = nb->redo_top;
	XGROW(nb->undo, nb->undo_cap, nb->nundo + 1);
	st = &nb->undo[nb->nundo++];
	nb->redo_top = nb->nundo;
	snprintf(st->id, sizeof st->id, "%s", id);
	if (before)
		highlight_copy(&st->before, before);
	else
		tombstone(&st->before, id);
	if (i >= 0)
		highlight_copy(&st->after, &nb->set.hl[i]);
	else
		tombstone(&st->after, id);
}

static void changed(struct notebook *nb)
{
	nb->pending = true;
	notebook_save(nb);
}

size_t notebook_add(struct notebook *nb, struct text_range r, const char *color)
{
	struct highlight h;
	char id[ANNOT_ID_LEN + 1];
	long i;

	memset(&h, 0, sizeof h);
	annot_new_id(h.id);
	h.author = nb->author ? xstrdup(nb->author) : NULL;
	annot_now(h.created);
	memcpy(h.updated, h.created, sizeof h.updated);
	h.color = xstrdup(color ? color : annot_colors[0]);
	anchor_describe(text_of(nb), r, &h);
	annot_add(&nb->set, &h);
	memcpy(id, h.id, sizeof id);
	highlight_release(&h);
	record(nb, id, NULL);
	changed(nb);
	i = annot_find(&nb->set, id);
	return i < 0 ? 0 : (size_t)i;
}

/* Apply a change to highlight i, recording it for undo. */
static void modify(struct notebook *nb, size_t i, void (*fn)(struct highlight *, const void *),
                   const void *arg)
{
	struct highlight before;
	char id[ANNOT_ID_LEN + 1];

	highlight_copy(&before, &nb->set.hl[i]);
	memcpy(id, before.id, sizeof id);
	fn(&nb->set.hl[i], arg);
	annot_now(nb->set.hl[i].updated);
	record(nb, id, &before);
	highlight_release(&before);
	changed(nb);
}

static void do_delete(struct highlight *h, const void *arg)
{
	char id[ANNOT_ID_LEN + 1];

	(void)arg;
	memcpy(id, h->id, sizeof id);
	highlight_release(h);
	tombstone(h, id);
}

static void do_color(struct highlight *h, const void *arg)
{
	free(h->color);
	h->color = xstrdup(arg);
}

static void do_note(struct highlight *h, const void *arg)
{
	free(h->note);
	h->note = arg && *(const char *)arg ? xstrdup(arg) : NULL;
}

static void do_tags(struct highlight *h, const void *arg)
{
	const struct tag_list *t = arg;
	size_t i;

	for (i = 0; i < h->ntags; i++)
		free(h->tags[i]);
	free(h->tags);
	h->tags = t->n ? xcalloc(t->n, sizeof *h->tags) : NULL;
	for (i = 0; i < t->n; i++)
		h->tags[i] = xstrdup(t->tags[i]);
	h->ntags = t->n;
}

void notebook_set_tags(struct notebook *nb, size_t i, const char *const *tags, size_t n)
{
	struct tag_list t = { tags, n };
	modify(nb, i, do_tags, &t);
}

void notebook_delete(struct notebook *nb, size_t i)
{
	modify(nb, i, do_delete, NULL);
}

void notebook_set_color(struct notebook *nb, size_t i, const char *color)
{
	modify(nb, i, do_color, color);
}

void notebook_set_note(struct notebook *nb, size_t i, const char *note)
{
	modify(nb, i, do_note, note);
}

/* Put highlight id in state want (copied, with a fresh updated time so
 * that it wins any merge with what is on disk). */
static void restore(struct notebook *nb, const char *id, const struct highlight *want)
{
	long i = annot_find(&nb->set, id);
	struct highlight h;

	highlight_copy(&h, want);
	annot_now(h.updated);
	if (i < 0) {
		annot_add(&nb->set, &h);
	} else {
		highlight_release(&nb->set.hl[i]);
		nb->set.hl[i] = h;
		memset(&h, 0, sizeof h);
	}
	highlight_release(&h);
	i = annot_find(&nb->set, id);
	if (i >= 0 && !nb->set.hl[i].deleted)
		anchor_place(text_of(nb), &nb->set.hl[i]);
	changed(nb);
}

bool notebook_undo(struct notebook *nb)
{
	struct undo_step *st;

	if (nb->redo_top == 0)
		return false;
	st = &nb->undo[--nb->redo_top];
	restore(nb, st->id, &st->before);
	return true;
}

bool notebook_redo(struct notebook *nb)
{
	struct undo_step *st;

	if (nb->redo_top >= nb->nundo)
		return false;
	st = &nb->undo[nb->redo_top++];
	restore(nb, st->id, &st->after);
	return true;
}

void notebook_set_position(struct notebook *nb, uint32_t unit, uint32_t byte, int percent)
{
	const struct article *a = nb->a;
	const struct unit *u = &a->units[unit];
	struct hl_pos was = { NULL, nb->set.position.block, nb->set.position.offset };
	bool had = nb->set.has_position;

	was.section = nb->set.position.section ? xstrdup(nb->set.position.section) : NULL;
	if (nb->set.percent != percent)
		nb->pending = true;
	nb->set.percent = percent;
	if (u->kind == UNIT_BLOCK) {
		/* anchor_unit_to_pos overwrites the section string: free it first. */
		free(nb->set.position.section);
		nb->set.position.section = NULL;
		anchor_unit_to_pos(a, unit, byte, &nb->set.position);
	} else if (u->kind == UNIT_HEADING) {
		const struct section *s = &a->sections[u->index];
		hl_pos_set(&nb->set.position, section_number(a, s), 0, 0);
	} else {
		hl_pos_set(&nb->set.position, "", 0, 0);
	}
	nb->set.has_position = true;
	/* Only a move is worth a save: quitting where one opened costs nothing. */
	if (!had || was.block != nb->set.position.block ||
	    was.offset != nb->set.position.offset ||
	    strcmp(was.section ? was.section : "", nb->set.position.section ?
	           nb->set.position.section : "") != 0)
		nb->pending = true;
	free(was.section);
}

bool notebook_position(const struct notebook *nb, uint32_t *unit, uint32_t *byte)
{
	const struct hl_pos *p = &nb->set.position;
	uint32_t s;

	if (!nb->set.has_position || !p->section || !*p->section)
		return false;
	s = article_find_section(nb->a, p->section);
	/* The very start of a section is shown from its heading. */
	if (s != ARTICLE_NONE && p->block == 0 && p->offset == 0) {
		*unit = nb->a->sections[s].unit;
		*byte = 0;
		return true;
	}
	if (anchor_pos_to_unit(nb->a, p, unit, byte))
		return true;
	if (s == ARTICLE_NONE)
		return false;
	*unit = nb->a->sections[s].unit;
	*byte = 0;
	return true;
}

static bool covers(const struct highlight *h, uint32_t unit, uint32_t byte)
{
	const struct hl_place *p = &h->at;

	if (h->deleted || !p->placed)
		return false;
	if (unit < p->su || unit > p->eu)
		return false;
	if (unit == p->su && byte < p->sb)
		return false;
	if (unit == p->eu && byte >= p->eb)
		return false;
	return true;
}

long notebook_at(const struct notebook *nb, uint32_t unit, uint32_t byte)
{
	long best = -1;
	size_t i;

	for (i = 0; i < nb->set.n; i++) {
		if (!covers(&nb->set.hl[i], unit, byte))
			continue;
		if (best < 0 || strcmp(nb->set.hl[i].created, nb->set.hl[best].created) >= 0)
			best = (long)i;
	}
	return best;
}

const char *notebook_next_color(const char *c)
{
	size_t i;

	for (i = 0; i < ANNOT_NCOLORS; i++)
		if (c && strcmp(c, annot_colors[i]) == 0)
			return annot_colors[(i + 1) % ANNOT_NCOLORS];
	return annot_colors[0];
}

