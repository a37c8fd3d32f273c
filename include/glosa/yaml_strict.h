/* The strict reading every YAML file of glosa's gets (articles,
 * annotation files, the configuration): no aliases or anchors, since an
 * alias bomb costs nothing to write, and no nesting past
 * YAML_STRICT_DEPTH, since libyaml 0.2.5 has no limit and deep flow
 * nesting takes it quadratic time. Each reader keeps its own messages and
 * its own rule for tags. */
#ifndef GLOSA_YAML_STRICT_H
#define GLOSA_YAML_STRICT_H

#include <yaml.h>

#define YAML_STRICT_DEPTH 64

enum yaml_strict {
	YAML_STRICT_OK,
	YAML_STRICT_ANCHOR, /* an alias, or a node with an anchor */
	YAML_STRICT_DEEP,   /* a collection past YAML_STRICT_DEPTH levels */
};

/* Look at event e, just parsed: count the collections it opens or closes
 * in *depth, put its tag (or NULL) in *tag, and say what is wrong with
 * it, an anchor first. A reader checks the tag before YAML_STRICT_DEEP. */
enum yaml_strict yaml_strict_check(const yaml_event_t *e, int *depth, const char **tag);

/* Give parser the len bytes at src as its input, to be read as UTF-8
 * whatever they start with: left to itself libyaml reads a file that
 * starts with a UTF-16 byte order mark as UTF-16, and glosa's files are
 * UTF-8 (a UTF-8 byte order mark is still skipped). */
void yaml_strict_input(yaml_parser_t *parser, const char *src, size_t len);

#endif
