#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "glosa/files.h"
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"

char *files_xdg_path(const char *var, const char *fallback, const char *rest)
{
	const char *xdg = getenv(var), *home = getenv("HOME");
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
		strbuf_addstr(&sb, fallback);
	}
	strbuf_addstr(&sb, rest);
	return strbuf_detach(&sb, NULL);
}

int files_read_fd(int fd, size_t hint, size_t max, char **data, size_t *len)
{
	/* Room to see the end of a file of the size hinted without growing;
	 * never more than max and the byte that shows max is passed. */
	size_t n = 0, cap = hint < max ? hint + 4097 : max + 2;
	char *buf;
	int e = 0;

	*data = NULL;
	*len = 0;
	if (cap > max + 2)
		cap = max + 2;
	buf = xmalloc(cap);
	for (;;) {
		ssize_t r;
		if (n + 1 >= cap) {
			cap = cap * 2 < max + 2 ? cap * 2 : max + 2;
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			e = EFBIG;
			break;
		}
	}
	if (e) {
		free(buf);
		return e;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

int files_read_regular(const char *path, size_t max, char **data, size_t *len,
                       struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	int e = 0;

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return errno;
	if (fstat(fd, st) < 0)
		e = errno;
	else if (!S_ISREG(st->st_mode))
		e = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
	else if ((uintmax_t)st->st_size > max)
		e = EFBIG;
	else
		e = files_read_fd(fd, (size_t)st->st_size, max, data, len);
	close(fd);
	return e;
}
