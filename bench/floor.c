/* bench/floor: the floor for loading an article. Reads the file into
 * memory the way glosa does (one read of the whole file), runs libyaml's
 * event parser over it and throws every event away: no checking, no
 * model, no layout. Whatever glosa does on top of this is glosa's cost.
 *
 *   floor FILE     exit 0 when the YAML parses, 65 when it does not;
 *                  -v prints the number of events on standard error */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

static int read_all(const char *path, unsigned char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	unsigned char *buf;
	size_t n = 0;

	if (fd < 0)
		return errno;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return e;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return ENOMEM;
	}
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int e = r < 0 ? errno : EIO;
			free(buf);
			close(fd);
			return e;
		}
		n += (size_t)r;
	}
	close(fd);
	*data = buf;
	*len = n;
	return 0;
}

int main(int argc, char **argv)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	unsigned char *data = NULL;
	size_t len = 0, events = 0;
	int verbose = argc == 3 && strcmp(argv[1], "-v") == 0, rc;
	const char *path = argv[argc - 1];

	if (argc != 2 + verbose) {
		fputs("Usage: floor [-v] FILE\n", stderr);
		return 64;
	}
	rc = read_all(path, &data, &len);
	if (rc) {
		fprintf(stderr, "floor: %s: %s\n", path, strerror(rc));
		return 66;
	}
	if (!yaml_parser_initialize(&parser)) {
		fputs("floor: out of memory\n", stderr);
		return 71;
	}
	yaml_parser_set_input_string(&parser, data, len);
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			fprintf(stderr, "floor: %s:%lu:%lu: %s\n", path,
			        (unsigned long)parser.problem_mark.line + 1,
			        (unsigned long)parser.problem_mark.column + 1,
			        parser.problem ? parser.problem : "parse error");
			return 65;
		}
		events++;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	free(data);
	if (verbose)
		fprintf(stderr, "%zu events\n", events);
	return 0;
}
