#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "glosa/xalloc.h"
#include "ui.h"

size_t tags_parse(const char *s, char ***tags)
{
	size_t n = 0, i;
	const char *p = s;

	*tags = NULL;
	while (*p) {
		size_t len;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == ',' || *p == '#')
			p++;
		len = strcspn(p, " \t\n,#");
		if (len == 0)
			break;
		for (i = 0; i < n; i++)
			if (strlen((*tags)[i]) == len && strncmp((*tags)[i], p, len) == 0)
				break;
		if (i == n) {
			*tags = xreallocarray(*tags, n + 1, sizeof **tags);
			(*tags)[n++] = xstrndup(p, len);
		}
		p += len;
	}
	return n;
}

void tags_free(char **tags, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(tags[i]);
	free(tags);
}

void tagprompt_open(struct tagprompt *t, struct reader *r, const char *id)
{
	long i = r->nb ? annot_find(&r->nb->set, id) : -1;
	size_t k;

	memset(t, 0, sizeof *t);
	t->p.text = (struct strbuf)STRBUF_INIT;
	snprintf(t->id, sizeof t->id, "%s", id);
	if (i < 0)
		return;
	for (k = 0; k < r->nb->set.hl[i].ntags; k++) {
		strbuf_addf(&t->p.text, "%s#%s", k ? " " : "", r->nb->set.hl[i].tags[k]);
	}
	t->p.cursor = t->p.text.len;
}

void tagprompt_draw(struct tagprompt *t, struct reader *r)
{
	prompt_draw(&t->p, "Tags: ", "Enter saves, Esc cancels", r->rows - 1);
}

int tagprompt_key(struct tagprompt *t, struct reader *r, int ch, bool is_key)
{
	long i;
	char **tags;
	size_t n;

	switch (prompt_key(&t->p, ch, is_key)) {
	case PROMPT_ACCEPT:
		i = r->nb ? annot_find(&r->nb->set, t->id) : -1;
		if (i < 0) {
			reader_say(r, true, "The highlight is gone");
		} else {
			n = tags_parse(t->p.text.buf, &tags);
			notebook_set_tags(r->nb, (size_t)i, (const char *const *)tags, n);
			tags_free(tags, n);
			if (r->nb->status[0])
				reader_say(r, true, "%s", r->nb->status);
			else
				reader_say(r, false, "Tags saved");
		}
		prompt_release(&t->p);
		curs_set(0);
		return UI_CLOSE | UI_REDRAW;
	case PROMPT_CANCEL:
		prompt_release(&t->p);
		curs_set(0);
		return UI_CLOSE | UI_REDRAW;
	default:
		return UI_REDRAW;
	}
}
