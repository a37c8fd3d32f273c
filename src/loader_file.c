#include "config.h"

/* loader_read_file: a whole file, or standard input, read into memory for
 * the loaders, refusing directories, devices and anything past the size
 * no article comes near. */

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glosa/files.h"
#include "glosa/loader.h"

#define MAX_FILE_BYTES ((size_t)256 << 20) /* far past any article */

int loader_read_file(const char *path, char **data, size_t *len)
{
	bool use_stdin = strcmp(path, "-") == 0;
	/* O_NONBLOCK: opening a FIFO nobody writes to would wait forever. */
	int fd = use_stdin ? STDIN_FILENO
	                   : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	int err = 0;

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return errno;
	if (fstat(fd, &st) < 0) {
		err = errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		err = EISDIR;
		goto out;
	}
	/* Streams are fine (a pipe, a terminal, a socket on stdin); a block
	 * device or anything else is not an article. */
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode)
	    && !(use_stdin && S_ISSOCK(st.st_mode))) {
		err = ENOTSUP;
		goto out;
	}
	/* Back to blocking reads: a FIFO with a writer waits for its data;
	 * one with none reads as empty at once. */
	if (!use_stdin) {
		int fl = fcntl(fd, F_GETFL);
		if (fl >= 0)
			fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	}
	if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > MAX_FILE_BYTES) {
		err = EFBIG;
		goto out;
	}
	/* A stream's size is unknown: 64 KiB first. */
	err = files_read_fd(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 65536, MAX_FILE_BYTES,
	                    data, len);
out:
	if (!use_stdin)
		close(fd);
	return err;
}
