/* Writing an article in the YAML article format (glosa-article(5)), for
 * `glosa --convert`: whatever format it was read from, loading the result
 * gives the same article (metadata, sections, blocks, texts and their
 * spans, list marks), hence the same --dump. Emitted with libyaml's event
 * emitter, keys in the order of the format's description, empty optional
 * keys left out, paragraphs as plain strings, lists in the short form
 * unless ordered or captioned, nested lists as `{list: ...}` entries
 * after their item.
 *
 * Scalars are plain where that reads back the same, literal (|) for code
 * and for text with line breaks, double-quoted otherwise (see convert.c).
 *
 * What the format cannot say is written as near as it can be:
 * - a list's top-level items are numbered from the block's first number
 *   when it is ordered, else bullets: marks there that change kind or
 *   skip a number are lost (nested levels start a new nested list);
 * - an item more than one level deeper than the one before it is raised;
 *   a list's start is at most 999999999;
 * - authors are kept joined with ", ": they go out as a list only when
 *   splitting there gives back as many names as there were;
 * - an empty article or section title becomes "Untitled", a date the
 *   loader would refuse is left out, a label on a paragraph, code or rule
 *   and text on a rule are left out;
 * - YAML nesting past the loader's 64 levels cannot be loaded (a loaded
 *   article is never written deeper than it was read). */
#ifndef GLOSA_CONVERT_H
#define GLOSA_CONVERT_H

#include "glosa/article.h"
#include "glosa/strbuf.h"

/* Append article a (finished), as a YAML article, to out. Returns 0, or
 * -1 with a message in msg and out as it was: libyaml refused an event,
 * which a loaded article (valid UTF-8 everywhere) never makes it do. */
int convert_to_yaml(const struct article *a, struct strbuf *out, char *msg, size_t msglen);

#endif
