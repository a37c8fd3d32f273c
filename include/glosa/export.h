/* Highlights out of glosa, without the interface: a plain listing
 * (--highlights), Markdown for notes apps (--export=markdown) and a W3C
 * Web Annotation collection in JSON-LD (--export=json). Deterministic:
 * the same article and annotations give the same bytes. */
#ifndef GLOSA_EXPORT_H
#define GLOSA_EXPORT_H

#include <stdio.h>

#include "glosa/annot.h"
#include "glosa/article.h"
#include "glosa/config.h"
#include "glosa/notebook.h"

/* Each writes to out and returns 0, or an errno value when writing
 * failed. nb holds the article's highlights, placed (orphans included,
 * marked as such); labels gives the reader's names for colours. */
int export_listing(const struct article *a, const struct notebook *nb,
                   const struct config *cfg, FILE *out);
int export_markdown(const struct article *a, const struct notebook *nb,
                    const struct config *cfg, FILE *out);
int export_json(const struct article *a, const struct notebook *nb,
                const struct config *cfg, FILE *out);

#endif
