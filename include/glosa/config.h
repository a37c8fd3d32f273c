/* The reader's settings: $XDG_CONFIG_HOME/glosa/config.yaml
 * (~/.config/glosa/config.yaml), read with libyaml. Today it names the
 * palette colours, e.g.
 *
 *   labels:
 *     yellow: key idea
 *     red: disagree
 *
 * A missing file gives the defaults; a malformed one gives the defaults
 * and a message with its line and column; unknown keys are reported with
 * their line and ignored. Knows nothing of the screen. */
#ifndef GLOSA_CONFIG_H
#define GLOSA_CONFIG_H

#include <stddef.h>

#include "glosa/annot.h"

struct config {
	char *labels[ANNOT_NCOLORS]; /* NULL: no label for that colour */
	char *name;                  /* who makes the highlights; NULL: the login */
	char *path;                  /* the file read, or NULL */
	/* Problems found, one "PATH:LINE:COLUMN: message" per line; "" when
	 * none. The file is used as far as it is valid. */
	char problems[1024];
};

/* Read path (NULL: the default place). Never fails: problems are in
 * cfg->problems. Release with config_release. */
void config_load(struct config *cfg, const char *path);
void config_release(struct config *cfg);
/* The name to record in highlights: name from the file, else the login
 * name, else NULL. The string is the config's or static. */
const char *config_author(const struct config *cfg);
/* The label of colour c (a palette name), or NULL. */
const char *config_label(const struct config *cfg, const char *color);

#endif
