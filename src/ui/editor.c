#include "config.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "glosa/loader.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"
#include "ui.h"

#define HINT "Ctrl-S save · Esc cancel · Ctrl-O $EDITOR"

static long find(struct reader *r, const char *id)
{
	return r->nb ? annot_find(&r->nb->set, id) : -1;
}

void editor_open(struct editor *e, struct reader *r, const char *id)
{
	long i = find(r, id);
	const char *note = i >= 0 && r->nb->set.hl[i].note ? r->nb->set.hl[i].note : "";

	memset(e, 0, sizeof *e);
	snprintf(e->id, sizeof e->id, "%s", id);
	textedit_init(&e->te, note);
	e->original = xstrdup(note);
}

void editor_close(struct editor *e)
{
	textedit_release(&e->te);
	free(e->original);
	e->original = NULL;
}

/* The box: at most 72 columns and 14 rows, centred. */
static void geometry(const struct reader *r, int *y0, int *x0, int *h, int *w)
{
	*w = r->cols - 4 < 72 ? r->cols - 4 : 72;
	*h = r->rows - 4 < 14 ? r->rows - 4 : 14;
	if (*w < 10)
		*w = r->cols;
	if (*h < 4)
		*h = r->rows;
	*y0 = (r->rows - *h) / 2;
	*x0 = (r->cols - *w) / 2;
}

void editor_draw(struct editor *e, struct reader *r)
{
	int y0, x0, h, w, inner, body, row, col, y;
	struct te_row *rows;
	size_t n, k;

	geometry(r, &y0, &x0, &h, &w);
	inner = w - 4;
	body = h - 3;
	n = textedit_rows(&e->te, inner, &rows);
	textedit_cursor(&e->te, inner, &row, &col);
	if (row < e->scroll)
		e->scroll = row;
	if (row >= e->scroll + body)
		e->scroll = row - body + 1;
	for (y = 0; y < h; y++)
		screen_fill(y0 + y, x0, w, false);
	screen_draw_text(y0, x0, "┌─ Note ", strlen("┌─ Note "), STYLE_DECO, false, w);
	for (y = 8; y < w - 1; y++)
		screen_draw_text(y0, x0 + y, "─", 3, STYLE_DECO, false, 1);
	screen_draw_text(y0, x0 + w - 1, "┐", 3, STYLE_DECO, false, 1);
	for (y = 1; y < h - 1; y++) {
		screen_draw_text(y0 + y, x0, "│", 3, STYLE_DECO, false, 1);
		screen_draw_text(y0 + y, x0 + w - 1, "│", 3, STYLE_DECO, false, 1);
	}
	for (y = 0; y < body; y++) {
		k = (size_t)(e->scroll + y);
		if (k < n)
			screen_draw_text(y0 + 1 + y, x0 + 2, e->te.text.buf + rows[k].start,
			                 rows[k].end - rows[k].start, STYLE_TEXT, false, inner);
	}
	screen_draw_text(y0 + h - 2, x0 + 2, e->confirming ? "Discard the changes? (y/n)" : HINT,
	                 strlen(e->confirming ? "Discard the changes? (y/n)" : HINT),
	                 e->confirming ? STYLE_H2 : STYLE_ATTRIB, false, inner);
	screen_draw_text(y0 + h - 1, x0, "└", 3, STYLE_DECO, false, 1);
	for (y = 1; y < w - 1; y++)
		screen_draw_text(y0 + h - 1, x0 + y, "─", 3, STYLE_DECO, false, 1);
	screen_draw_text(y0 + h - 1, x0 + w - 1, "┘", 3, STYLE_DECO, false, 1);
	free(rows);
	move(y0 + 1 + row - e->scroll, x0 + 2 + (col < inner ? col : inner - 1));
	curs_set(1);
}

/* #words written in a note become tags of its highlight too. */
static void add_hash_tags(struct reader *r, const char *id, const char *note)
{
	long i = find(r, id);
	const struct highlight *h;
	char **tags = NULL, **old;
	size_t n = 0, k, j;
	const char *p;
	bool added = false;

	if (i < 0)
		return;
	h = &r->nb->set.hl[i];
	for (k = 0; k < h->ntags; k++) {
		tags = xreallocarray(tags, n + 1, sizeof *tags);
		tags[n++] = xstrdup(h->tags[k]);
	}
	for (p = note; (p = strchr(p, '#')) != NULL; p++) {
		size_t len;
		if (p > note && p[-1] != ' ' && p[-1] != '\n' && p[-1] != '\t')
			continue;
		len = strcspn(p + 1, " \t\n,.;:!?#()[]\"'");
		if (len == 0)
			continue;
		for (j = 0; j < n; j++)
			if (strlen(tags[j]) == len && strncmp(tags[j], p + 1, len) == 0)
				break;
		if (j < n)
			continue;
		tags = xreallocarray(tags, n + 1, sizeof *tags);
		tags[n++] = xstrndup(p + 1, len);
		added = true;
	}
	if (added)
		notebook_set_tags(r->nb, (size_t)i, (const char *const *)tags, n);
	old = tags;
	tags_free(old, n);
}

static int save(struct editor *e, struct reader *r)
{
	long i = find(r, e->id);

	if (i < 0) {
		reader_say(r, true, "The highlight is gone; the note was not saved");
	} else if (strcmp(e->te.text.buf, e->original) != 0) {
		add_hash_tags(r, e->id, e->te.text.buf);
		i = find(r, e->id);
		notebook_set_note(r->nb, (size_t)i, e->te.text.buf);
		if (r->nb->status[0])
			reader_say(r, true, "%s", r->nb->status);
		else
			reader_say(r, false, "Note saved");
	}
	editor_close(e);
	return UI_CLOSE | UI_REDRAW;
}

int editor_key(struct editor *e, struct reader *r, int ch, bool is_key)
{
	int y0, x0, h, w;
	bool changed;

	geometry(r, &y0, &x0, &h, &w);
	w -= 4;
	if (e->confirming) {
		e->confirming = false;
		if (!is_key && (ch == 'y' || ch == 'Y')) {
			reader_say(r, false, "Note not changed");
			editor_close(e);
			return UI_CLOSE | UI_REDRAW;
		}
		return UI_REDRAW;
	}
	if (is_key) {
		const char *name = keyname(ch);
		if (name && strcmp(name, "kLFT5") == 0)
			textedit_word_left(&e->te);
		else if (name && strcmp(name, "kRIT5") == 0)
			textedit_word_right(&e->te);
		else switch (ch) {
		case KEY_LEFT:      textedit_left(&e->te); break;
		case KEY_RIGHT:     textedit_right(&e->te); break;
		case KEY_UP:        textedit_up(&e->te, w); break;
		case KEY_DOWN:      textedit_down(&e->te, w); break;
		case KEY_HOME:      textedit_home(&e->te, w); break;
		case KEY_END:       textedit_end(&e->te, w); break;
		case KEY_BACKSPACE: textedit_backspace(&e->te); break;
		case KEY_DC:        textedit_delete(&e->te); break;
		case KEY_ENTER:     textedit_insert(&e->te, '\n'); break;
		default:            return UI_NONE;
		}
		return UI_REDRAW;
	}
	switch (ch) {
	case 19: /* Ctrl-S */
		return save(e, r);
	case 27: /* Esc */
	case 3:
		changed = strcmp(e->te.text.buf, e->original) != 0;
		if (changed) {
			e->confirming = true;
			return UI_REDRAW;
		}
		editor_close(e);
		return UI_CLOSE | UI_REDRAW;
	case 15: /* Ctrl-O */
		editor_external(r, e->id, e);
		return UI_REDRAW;
	case 127: case 8:
		textedit_backspace(&e->te);
		return UI_REDRAW;
	case 23: /* Ctrl-W */
		textedit_delete_word(&e->te);
		return UI_REDRAW;
	case 1:  textedit_home(&e->te, w); return UI_REDRAW;
	case 5:  textedit_end(&e->te, w); return UI_REDRAW;
	case '\r': case '\n':
		textedit_insert(&e->te, '\n');
		return UI_REDRAW;
	}
	if (ch == '\t' || (ch >= 0x20 && ch != 0x7F && !(ch >= 0x80 && ch < 0xA0) &&
	                   ch <= 0x10FFFF && !text_uc_unsafe((uint32_t)ch)))
		textedit_insert(&e->te, (uint32_t)ch);
	return UI_REDRAW;
}

/* Run the editor on path with the interface suspended; its exit status,
 * or -1 when it could not be run. */
static int run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	struct sigaction ign, old_int, old_quit;
	char *cmd;
	pid_t pid;
	int status = -1;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	/* As git does: the variable may hold arguments, the file comes last. */
	cmd = xmalloc(strlen(ed) + 8);
	sprintf(cmd, "%s \"$1\"", ed);
	screen_pause();
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	screen_resume();
	free(cmd);
	if (pid < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void editor_external(struct reader *r, const char *id, struct editor *e)
{
	long i = find(r, id);
	const char *text = e ? e->te.text.buf : (i >= 0 && r->nb->set.hl[i].note ?
	                                          r->nb->set.hl[i].note : "");
	char path[] = "/tmp/glosa-note-XXXXXX";
	char *data = NULL;
	size_t len = 0;
	FILE *f;
	int fd, rc;

	if (i < 0) {
		reader_say(r, true, "No highlight to write a note for");
		return;
	}
	fd = mkstemp(path);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		reader_say(r, true, "Cannot make a temporary file: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	fputs(text, f);
	if (*text)
		fputc('\n', f);
	if (fclose(f) != 0) {
		reader_say(r, true, "Cannot write a temporary file: %s", strerror(errno));
		unlink(path);
		return;
	}
	rc = run_editor(path);
	if (rc != 0) {
		reader_say(r, true, "The editor failed (status %d); the note is unchanged", rc);
	} else if (loader_read_file(path, &data, &len) != 0) {
		reader_say(r, true, "Cannot read the note back; it is unchanged");
	} else {
		while (len > 0 && data[len - 1] == '\n')
			data[--len] = '\0';
		if (e) {
			textedit_release(&e->te);
			textedit_init(&e->te, data);
		} else if (strcmp(data, text) != 0) {
			add_hash_tags(r, id, data);
			i = find(r, id);
			notebook_set_note(r->nb, (size_t)i, data);
			if (r->nb->status[0])
				reader_say(r, true, "%s", r->nb->status);
			else
				reader_say(r, false, "Note saved");
		}
	}
	free(data);
	unlink(path);
}
