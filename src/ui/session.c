/* An interactive session: the library and the reader, one after the
 * other, on one terminal, until the reader quits. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "glosa/library.h"
#include "glosa/open.h"
#include "glosa/strbuf.h"
#include "ui.h"

#define TOUR_ID "glosa-tour"

/* Does the library hold anything but the tour? */
static bool has_articles(const struct library *lib)
{
	size_t i;

	for (i = 0; i < lib->n; i++)
		if (!lib->e[i].article_id || strcmp(lib->e[i].article_id, TOUR_ID) != 0)
			return true;
	return false;
}

/* A stand-in for an article that is gone: its highlights can still be
 * listed (all of them as not found). */
static struct article *stand_in(const struct library_entry *e)
{
	struct article *a = article_new();
	const char *title = e->title ? e->title : e->file;
	uint32_t s, b;
	char text[600];

	a->title = article_add_folded(a, title, strlen(title));
	s = article_add_section(a, ARTICLE_NONE);
	a->sections[s].title = article_add_folded(a, "The article is gone", 19);
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	snprintf(text, sizeof text, "It was last opened from %s. Its highlights are kept in %s.",
	         e->path ? e->path : "standard input", e->file);
	a->blocks[b].text = article_add_folded(a, text, strlen(text));
	article_finish(a);
	return a;
}

/* After the reader: save, and keep what must be said once the terminal
 * is back (a copy made because the file could not be written). */
static void finish_article(struct notebook *nb, struct strbuf *said)
{
	char *elsewhere;

	notebook_save(nb);
	elsewhere = notebook_save_elsewhere(nb);
	if (elsewhere)
		strbuf_addf(said, "glosa: the annotation file %s could not be written; "
		            "your highlights are safe in %s\n", nb->store.path, elsewhere);
	else if (nb->dirty || (nb->read_only && nb->nundo))
		strbuf_addf(said, "glosa: %s\n", nb->status);
	free(elsewhere);
	notebook_close(nb);
}

/* --format applies to the article named on the command line only. */
static enum article_format format_of(const struct session_options *so, const char *path)
{
	return path && so->path && strcmp(path, so->path) == 0 ? so->format : ARTICLE_FORMAT_AUTO;
}

int ui_session(const struct session_options *so)
{
	struct ui_options ui = so->ui;
	struct library lib = { NULL, 0 };
	struct strbuf said = STRBUF_INIT;
	struct article *a = NULL;
	struct notebook nb;
	char msg[700] = "";
	bool from_library = so->library, first = true;
	char *back_path = NULL, *back_annotations = NULL; /* the article L left */
	bool can_go_back = false;
	int rc = EX_OK;

	if (!so->path && !so->library) {
		library_load(&lib, NULL);
		from_library = has_articles(&lib);
		library_release(&lib);
	}
	if (!from_library) {
		rc = open_article(so->path, so->format, &a, msg, sizeof msg);
		if (rc) {
			/* "FILE:LINE:COLUMN: what" as compilers say it; others are ours. */
			fprintf(stderr, "%s%s\n", rc == EX_DATAERR ? "" : "glosa: ", msg);
			return rc;
		}
	}
	if (!ui_begin(&ui)) {
		article_free(a);
		return EX_UNAVAILABLE;
	}
	for (;;) {
		const char *path = so->path, *annotations = so->annotations;
		bool hl_only = false;
		int what;

		if (from_library) {
			long k;
			library_load(&lib, NULL);
			k = ui_library(&lib, msg[0] ? msg : NULL, &hl_only, can_go_back);
			msg[0] = '\0';
			if (k == -1) {
				library_release(&lib);
				break;
			}
			if (k == -2) {
				path = back_path;
				annotations = back_annotations;
				if (open_article(path, format_of(so, path), &a, msg, sizeof msg) != 0) {
					library_release(&lib);
					continue;
				}
			} else if (k == (long)lib.n) {
				path = annotations = NULL; /* the tour */
			} else {
				path = lib.e[k].path;
				annotations = lib.e[k].file;
				if (!path && lib.e[k].article_id && !strcmp(lib.e[k].article_id, TOUR_ID))
					path = NULL;
			}
			if (k == -2) {
				/* the article is open again */
			} else if (hl_only) {
				a = stand_in(&lib.e[k]);
			} else if (open_article(path, format_of(so, path), &a, msg, sizeof msg) != 0) {
				library_release(&lib);
				continue;
			}
		} else if (!first) {
			break;
		}
		first = false;
		open_notebook(&nb, a, annotations, path, !hl_only);
		notebook_set_author(&nb, config_author(ui.cfg));
		ui.nb = &nb;
		what = ui_run(a, &ui, hl_only);
		/* Remember this article, so that Esc in the library comes back. */
		{
			/* path may be back_path itself: copy before freeing. */
			char *p2 = path ? strdup(path) : NULL;
			char *a2 = annotations ? strdup(annotations) : NULL;
			can_go_back = !hl_only && !(p2 && strcmp(p2, "-") == 0);
			free(back_path);
			free(back_annotations);
			back_path = p2;
			back_annotations = a2;
		}
		finish_article(&nb, &said);
		article_free(a);
		a = NULL;
		if (from_library)
			library_release(&lib);
		if (what != UI_OPEN_LIBRARY)
			break;
		from_library = true;
	}
	ui_end();
	/* Highlights are saved; now say how glosa was stopped, as shells expect. */
	if (screen_quit_signal())
		rc = 128 + screen_quit_signal();
	free(back_path);
	free(back_annotations);
	fputs(said.buf, stderr);
	strbuf_release(&said);
	return rc;
}
