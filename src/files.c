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

int files_read_regular(const char *path, size_t max, char **data, size_t *len,
                       struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	char *buf = NULL;
	size_t n = 0, cap;
	int e = 0;

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return errno;
	if (fstat(fd, st) < 0) {
		e = errno;
		goto out;
	}
	if (!S_ISREG(st->st_mode)) {
		e = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
		goto out;
	}
	if ((uintmax_t)st->st_size > max) {
		e = EFBIG;
		goto out;
	}
	cap = (size_t)st->st_size + 4097;
	buf = xmalloc(cap);
	for (;;) {
		ssize_t r;
		if (n + 1 >= cap) {
			if (n >= max) {
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

