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
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"

#define MAX_FILE_BYTES ((size_t)256 << 20) /* as store.c */

/* The store's folder (store_default_path): $XDG_DATA_HOME/glosa/annotations
 * or ~/.local/share/glosa/annotations; NULL when there is no home. A
 * relative XDG_DATA_HOME is ignored, as the XDG spec says. */
static char *default_dir(void)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	struct strbuf sb = STRBUF_INIT;

	if (xdg && xdg[0] == '/') {
		strbuf_addstr(&sb, xdg);
	} else {
		if (!home || !*home) {
			struct passwd *pw = getpwuid(getuid());
			home = pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : NULL;
		}
		if (!home)
			return NULL;
		strbuf_addstr(&sb, home);
		strbuf_addstr(&sb, "/.local/share");
	}
	strbuf_addstr(&sb, "/glosa/annotations");
	return strbuf_detach(&sb, NULL);
}

static bool is_annotation_file(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".yaml") == 0
	    && !strstr(name, ".unsaved-");
}

/* The whole regular file at path, at most MAX_FILE_BYTES, and its stat.
 * 0 or an errno value (EISDIR, EINVAL for anything not a regular file). */
static int read_file(const char *path, char **data, size_t *len, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK), e = 0;
	size_t n = 0, cap;
	char *buf = NULL;

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return errno;
	if (fstat(fd, st) < 0)
		e = errno;
	else if (!S_ISREG(st->st_mode))
		e = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
	else if ((uintmax_t)st->st_size > MAX_FILE_BYTES)
		e = EFBIG;
	if (e)
		goto out;
	cap = (size_t)st->st_size + 4097;
	buf = xmalloc(cap);
	for (;;) {
		ssize_t r;
		if (n + 1 >= cap) {
			if (n >= MAX_FILE_BYTES) {
				e = EFBIG;
				goto out;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return e;
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
	rc = read_file(e->file, &data, &len, &st);
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
	char *own = dir ? NULL : default_dir();
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
