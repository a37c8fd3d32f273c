/* Small file-system helpers shared by the store, the library and the
 * config: where the XDG base directories are, and reading a whole file. */
#ifndef GLOSA_FILES_H
#define GLOSA_FILES_H

#include <stddef.h>
#include <sys/stat.h>

/* $var when it is an absolute path (a relative one is ignored, as the XDG
 * spec says), else $HOME (or the password database's home) followed by
 * fallback; then rest. malloc'd; NULL when there is no home. */
char *files_xdg_path(const char *var, const char *fallback, const char *rest);

/* Everything left to read from fd, at most max bytes, into a malloc'd
 * NUL-terminated buffer sized first for hint bytes (a file's size, or a
 * guess for a stream). Returns 0 or an errno value (EFBIG past max). */
int files_read_fd(int fd, size_t hint, size_t max, char **data, size_t *len);

/* The whole regular file at path, at most max bytes, into a malloc'd
 * NUL-terminated buffer, and its stat. Returns 0 or an errno value
 * (EISDIR; EINVAL for anything not a regular file; EFBIG past max). */
int files_read_regular(const char *path, size_t max, char **data, size_t *len,
                       struct stat *st);

#endif
