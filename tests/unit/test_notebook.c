/* The notebook: highlights added, recoloured, annotated, deleted, undone
 * and redone, every change saved at once, a failed save kept in memory
 * and retried, a broken file left alone, the reading position kept. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glosa/article.h"
#include "glosa/loader.h"
#include "glosa/notebook.h"
#include "glosa/store.h"
#include "tap.h"

#define S(x) x, strlen(x)

static struct article *make(void)
{
	struct article *a = article_new();
	uint32_t s, b;

	a->title = article_add_folded(a, S("Notes test"));
	s = article_add_section(a, ARTICLE_NONE);
	a->sections[s].title = article_add_folded(a, S("One"));
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, S("The first paragraph has a sentence. And another."));
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, S("La vocación de un niño ñandú."));
	article_finish(a);
	return a;
}

static char *slurp(const char *path)
{
	char *data = NULL;
	size_t len;
	return loader_read_file(path, &data, &len) == 0 ? data : NULL;
}

static size_t live(const struct notebook *nb)
{
	size_t i, n = 0;
	for (i = 0; i < nb->set.n; i++)
		n += !nb->set.hl[i].deleted;
	return n;
}

int main(void)
{
	char dir[] = "/tmp/glosa-nb-XXXXXX";
	char path[256], blocker[256], *before, *after;
	struct article *a = make();
	struct notebook nb;
	struct store_error err;
	uint32_t u1, u2, unit, byte;
	size_t i;
	long at;

	if (!mkdtemp(dir))
		return 99;
	snprintf(path, sizeof path, "%s/notes.yaml", dir);
	u1 = article_block_unit(a, 0);
	u2 = article_block_unit(a, 1);

	is_int(notebook_open(&nb, a, path, NULL, &err), 0, "a missing file opens empty");
	notebook_set_author(&nb, "Ana Pérez");
	i = notebook_add(&nb, (struct text_range){ u1, 4, u1, 9 }, "green");
	is_str(nb.set.hl[i].author, "Ana Pérez", "a new highlight records who made it");
	is_str(nb.set.hl[i].exact, "first", "the highlight quotes the text");
	is_str(nb.set.hl[i].color, "green", "in its colour");
	ok(access(path, F_OK) == 0, "the file is written at once");
	{
		char *fp = store_fingerprint(a);
		is_str(nb.set.fingerprint, fp, "with the article's fingerprint");
		ok(nb.fp == NULL, "the fingerprint job is done with");
		free(fp);
	}
	at = notebook_at(&nb, u1, 6);
	is_int(at, (long long)i, "notebook_at finds it");
	is_int(notebook_at(&nb, u1, 9), -1, "the end is exclusive");
	notebook_set_note(&nb, (size_t)at, "a note\nwith two lines");
	notebook_set_color(&nb, (size_t)notebook_at(&nb, u1, 6), "red");
	notebook_set_position(&nb, u2, 3, 40);
	notebook_close(&nb);

	{
		/* Read-only (--dump, --export): the highlights, no save, no
		 * background work for one, the file untouched. */
		struct stat st1, st2;
		stat(path, &st1);
		is_int(notebook_open_read_only(&nb, a, path, NULL, &err), 0, "opened read-only");
		at = notebook_at(&nb, u1, 6);
		ok(at >= 0 && nb.read_only && !nb.fp && !nb.store.warm,
		   "read-only: the highlight is there, nothing prepared for a save");
		notebook_set_position(&nb, u2, 0, 0);
		notebook_close(&nb);
		stat(path, &st2);
		ok(st1.st_ino == st2.st_ino && st1.st_mtim.tv_nsec == st2.st_mtim.tv_nsec &&
		   st1.st_mtim.tv_sec == st2.st_mtim.tv_sec, "read-only: the file is not rewritten");
	}
	is_int(notebook_open(&nb, a, path, NULL, &err), 0, "reopened");
	at = notebook_at(&nb, u1, 6);
	ok(at >= 0, "the highlight is found again");
	is_str(at >= 0 ? nb.set.hl[at].note : NULL, "a note\nwith two lines", "with its note");
	is_str(at >= 0 ? nb.set.hl[at].color : NULL, "red", "and its colour");
	is_str(at >= 0 ? nb.set.hl[at].author : NULL, "Ana Pérez", "and its author");
	ok(notebook_position(&nb, &unit, &byte) && unit == u2 && byte == 3,
	   "the reading position comes back");
	{
		/* Closing where it opened writes nothing. */
		struct stat st1, st2;
		stat(path, &st1);
		notebook_set_position(&nb, u2, 3, 40);
		is_int(notebook_save(&nb), 0, "an unchanged position saves nothing, without error");
		stat(path, &st2);
		ok(st1.st_ino == st2.st_ino && st1.st_mtim.tv_nsec == st2.st_mtim.tv_nsec &&
		   st1.st_mtim.tv_sec == st2.st_mtim.tv_sec, "and the file is not rewritten");
	}

	notebook_set_color(&nb, (size_t)at, "green");
	at = notebook_at(&nb, u1, 6);
	notebook_delete(&nb, (size_t)at);
	is_int((long long)live(&nb), 0, "deleted");
	ok(notebook_undo(&nb), "u undoes the delete");
	at = notebook_at(&nb, u1, 6);
	ok(at >= 0 && strcmp(nb.set.hl[at].note, "a note\nwith two lines") == 0,
	   "the note is back with it");
	ok(notebook_undo(&nb), "u again undoes the colour change");
	at = notebook_at(&nb, u1, 6);
	is_str(at >= 0 ? nb.set.hl[at].color : NULL, "red", "red again");
	ok(!notebook_undo(&nb), "the history starts with this session");
	ok(notebook_redo(&nb), "Ctrl-R again redoes the colour change");
	at = notebook_at(&nb, u1, 6);
	is_str(at >= 0 ? nb.set.hl[at].color : NULL, "green", "green once more");
	ok(notebook_redo(&nb), "and the delete");
	is_int((long long)live(&nb), 0, "deleted again");
	ok(!notebook_redo(&nb), "nothing more to redo");
	notebook_close(&nb);

	/* A failed save: the folder is a file. Nothing is lost; it retries. */
	snprintf(blocker, sizeof blocker, "%s/blocked", dir);
	snprintf(path, sizeof path, "%s/blocked/notes.yaml", dir);
	fclose(fopen(blocker, "w"));
	notebook_open(&nb, a, path, NULL, &err);
	notebook_add(&nb, (struct text_range){ u2, 3, u2, 12 }, "yellow");
	ok(nb.status[0] != '\0', "a failed save is reported (%s)", nb.status);
	ok(nb.dirty, "and remembered as unsaved");
	is_int((long long)live(&nb), 1, "the highlight stays in memory");
	{
		/* Were glosa to quit now, the highlight would go to a copy. */
		char *elsewhere;
		setenv("TMPDIR", dir, 1);
		elsewhere = notebook_save_elsewhere(&nb);
		ok(elsewhere && strncmp(elsewhere, dir, strlen(dir)) == 0 &&
		   strstr(elsewhere, "/notes.unsaved-"),
		   "unsaved at exit: a copy goes to $TMPDIR when the folder is the trouble (%s)",
		   elsewhere ? elsewhere : "");
		ok(elsewhere && access(elsewhere, R_OK) == 0, "and exists");
		if (elsewhere)
			unlink(elsewhere);
		free(elsewhere);
	}
	unlink(blocker);
	notebook_add(&nb, (struct text_range){ u2, 15, u2, 19 }, "blue");
	is_str(nb.status, "", "the next change saves");
	notebook_close(&nb);
	notebook_open(&nb, a, path, NULL, &err);
	is_int((long long)live(&nb), 2, "both highlights reached the file");
	at = notebook_at(&nb, u2, 5);
	is_str(at >= 0 ? nb.set.hl[at].exact : NULL, "vocación", "with their text");
	notebook_close(&nb);

	/* A broken file: read-only, never written. */
	snprintf(path, sizeof path, "%s/broken.yaml", dir);
	{
		FILE *f = fopen(path, "w");
		fputs("glosa-annotations: 1\nhighlights: [\n", f);
		fclose(f);
	}
	before = slurp(path);
	ok(notebook_open(&nb, a, path, NULL, &err) != 0, "a broken file is an error");
	ok(err.line > 0, "with a line (%lu:%lu: %s)", err.line, err.column, err.message);
	ok(nb.read_only, "the notebook is read-only");
	notebook_add(&nb, (struct text_range){ u1, 4, u1, 9 }, "green");
	is_int((long long)live(&nb), 1, "new highlights are kept in memory");
	{
		char *elsewhere = notebook_save_elsewhere(&nb);
		struct notebook nb2;
		ok(elsewhere && strstr(elsewhere, "broken.unsaved-"),
		   "and saved beside the broken file at the end (%s)", elsewhere ? elsewhere : "");
		is_int(elsewhere ? notebook_open(&nb2, a, elsewhere, NULL, &err) : -1, 0,
		       "that file opens");
		is_int(elsewhere ? (long long)live(&nb2) : 0, 1, "and holds the new highlight");
		if (elsewhere)
			notebook_close(&nb2);
		free(elsewhere);
	}
	notebook_close(&nb);
	after = slurp(path);
	ok(before && after && strcmp(before, after) == 0, "the broken file is untouched");
	free(before);
	free(after);

	/* In memory only */
	notebook_open(&nb, a, NULL, NULL, &err);
	notebook_add(&nb, (struct text_range){ u1, 4, u1, 9 }, "green");
	is_int((long long)live(&nb), 1, "without a file, highlights live in memory");
	notebook_close(&nb);

	article_free(a);
	{
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return 99;
	}
	return tap_done();
}
