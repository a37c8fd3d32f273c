/* Writing YAML through libyaml's event emitter into a strbuf, for every
 * writer of glosa's (the annotation store, --convert): events are made
 * and emitted one by one, and the first failure stops the rest, so that a
 * writer can emit a whole document and look once at the end. */
#ifndef GLOSA_YAML_WRITE_H
#define GLOSA_YAML_WRITE_H

#include <stdbool.h>

#include <yaml.h>

#include "glosa/strbuf.h"

struct yaml_write {
	yaml_emitter_t em;
	bool failed;
	bool unmade;  /* the failure: libyaml could not make an event */
};

/* An emitter appending to *out, which the caller owns: UTF-8 written as
 * is, lines never folded. false when libyaml has no memory. */
bool yaml_write_open(struct yaml_write *w, struct strbuf *out);
void yaml_write_close(struct yaml_write *w);
/* Emit ev if made is true (libyaml frees it, even on failure); once
 * anything failed, emit nothing (an event made then is deleted). Returns
 * whether nothing has failed. */
bool yaml_write_event(struct yaml_write *w, yaml_event_t *ev, int made);
/* Collections, block or flow, without anchor or tag. */
bool yaml_write_map_start(struct yaml_write *w, bool flow);
bool yaml_write_map_end(struct yaml_write *w);
bool yaml_write_seq_start(struct yaml_write *w, bool flow);
bool yaml_write_seq_end(struct yaml_write *w);
/* Write out what libyaml still holds; false once anything failed. */
bool yaml_write_flush(struct yaml_write *w);

#endif
