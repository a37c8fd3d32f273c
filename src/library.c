#include "config.h"

/* The library (library.h): one entry per annotation file in the folder,
 * read with store_parse and never written. Which files count: NAME.yaml,
 * where NAME does not start with a dot (hidden files are other tools')
 * and is not a copy glosa made when it could not save
 * (BASE.unsaved-TIME.yaml, a second file of the same article). The
 * store's NAME.yaml.bak, NAME.yaml.lock and NAME.yaml.tmpXXXXXX do not end
 * in .yaml. Only regular files (or links to them) are read. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glosa/annot.h"
#include "glosa/library.h"
#include "glosa/store.h"
#include "glosa/files.h"
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"

#define MAX_FILE_BYTES ((size_t)256 << 20) /* as store.c */

static bool is_annotation_file(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".yaml") == 0
	    && !strstr(name, ".unsaved-");
}

/* Take s's string (NULL and "" are both absent). */
static char *take(char **s)
{
	char *v = *s && **s ? *s : NULL;

	if (!v)
		free(*s);
	*s = NULL;
	return v;
}

/* Fill e from the file dir/name. false when the file is not one to list
 * (gone since the folder was read, a folder, a FIFO...). */
static bool load_entry(struct library_entry *e, const char *dir, const char *name)
{
	struct annot_set set = ANNOT_SET_INIT;
	struct store_error err;
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	char *data;
	size_t len, i;
	int rc;

	memset(e, 0, sizeof *e);
	e->percent = -1;
	strbuf_addf(&sb, "%s%s%s", dir, dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
	e->file = strbuf_detach(&sb, NULL);
	rc = files_read_regular(e->file, MAX_FILE_BYTES, &data, &len, &st);
	if (rc == ENOENT || rc == EISDIR || rc == EINVAL) {
		free(e->file);
		e->file = NULL;
		return false;
	}
	if (rc) {
		/* Listed all the same: the reader should know it is there. */
		if (stat(e->file, &st) == 0)
			e->opened = st.st_mtime;
		e->title = xstrdup(name);
		strbuf_addf(&sb, "%s: cannot read: %s", e->file, strerror(rc));
		e->error = strbuf_detach(&sb, NULL);
		return true;
	}
	e->opened = st.st_mtime;
	if (store_parse(data, len, &set, &err) != 0) {
		e->title = xstrdup(name);
		if (err.line)
			strbuf_addf(&sb, "%s:%lu:%lu: %s", e->file, err.line, err.column,
			            err.message);
		else
			strbuf_addf(&sb, "%s: %s", e->file, err.message);
		e->error = strbuf_detach(&sb, NULL);
		free(data);
		return true;
	}
	free(data);
	e->title = take(&set.article_title);
	e->author = take(&set.article_author);
	e->path = take(&set.article_path);
	e->article_id = take(&set.article_id);
	e->percent = set.has_position ? set.percent : -1;
	for (i = 0; i < set.n; i++)
		e->highlights += !set.hl[i].deleted;
	e->article_gone = e->path && stat(e->path, &st) != 0;
	annot_set_release(&set);
	return true;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Newest opened first; then by title (the file's name when it has none);
 * then by file, so that the order never depends on the folder's. */
static int entry_cmp(const void *pa, const void *pb)
{
	const struct library_entry *a = pa, *b = pb;
	int c;

	if (a->opened != b->opened)
		return a->opened > b->opened ? -1 : 1;
	c = strcmp(a->title ? a->title : base_name(a->file),
	           b->title ? b->title : base_name(b->file));
	return c ? c : strcmp(a->file, b->file);
}

int library_load(struct library *lib, const char *dir)
{
	/* The store's folder (see store_default_path). */
	char *own = dir ? NULL : files_xdg_path("XDG_DATA_HOME", "/.local/share",
	                                        "/glosa/annotations");
	size_t cap = 0;
	struct dirent *d;
	DIR *folder;
	int e = 0;

	lib->e = NULL;
	lib->n = 0;
	if (!dir)
		dir = own;
	if (!dir)
		return 0; /* no home: no folder, an empty library */
	folder = opendir(dir);
	if (!folder) {
		e = errno == ENOENT ? 0 : errno;
		free(own);
		return e;
	}
	for (;;) {
		errno = 0;
		d = readdir(folder);
		if (!d) {
			e = errno;
			break;
		}
		if (!is_annotation_file(d->d_name))
			continue;
		XGROW(lib->e, cap, lib->n + 1);
		if (load_entry(&lib->e[lib->n], dir, d->d_name))
			lib->n++;
	}
	closedir(folder);
	free(own);
	if (e) {
		library_release(lib);
		return e;
	}
	if (lib->n > 1)
		qsort(lib->e, lib->n, sizeof *lib->e, entry_cmp);
	return 0;
}

void library_release(struct library *lib)
{
	size_t i;

	for (i = 0; i < lib->n; i++) {
		struct library_entry *e = &lib->e[i];
		free(e->file);
		free(e->title);
		free(e->author);
		free(e->path);
		free(e->article_id);
		free(e->error);
	}
	free(lib->e);
	lib->e = NULL;
	lib->n = 0;
}
