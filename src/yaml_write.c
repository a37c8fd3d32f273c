#include "config.h"

#include <string.h>

#include "glosa/yaml_write.h"

static int write_out(void *data, unsigned char *buf, size_t size)
{
	strbuf_add(data, buf, size);
	return 1;
}

bool yaml_write_open(struct yaml_write *w, struct strbuf *out)
{
	memset(w, 0, sizeof *w);
	if (!yaml_emitter_initialize(&w->em))
		return false;
	yaml_emitter_set_output(&w->em, write_out, out);
	yaml_emitter_set_unicode(&w->em, 1);
	yaml_emitter_set_width(&w->em, -1);
	return true;
}

void yaml_write_close(struct yaml_write *w)
{
	yaml_emitter_delete(&w->em);
}

bool yaml_write_event(struct yaml_write *w, yaml_event_t *ev, int made)
{
	if (w->failed) {
		if (made)
			yaml_event_delete(ev);
	} else if (!made) {
		w->failed = w->unmade = true;
	} else if (!yaml_emitter_emit(&w->em, ev)) {
		w->failed = true;
	}
	return !w->failed;
}

bool yaml_write_map_start(struct yaml_write *w, bool flow)
{
	yaml_event_t ev;

	return yaml_write_event(w, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	                        flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE));
}

bool yaml_write_map_end(struct yaml_write *w)
{
	yaml_event_t ev;

	return yaml_write_event(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

bool yaml_write_seq_start(struct yaml_write *w, bool flow)
{
	yaml_event_t ev;

	return yaml_write_event(w, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
	                        flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

bool yaml_write_seq_end(struct yaml_write *w)
{
	yaml_event_t ev;

	return yaml_write_event(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

bool yaml_write_flush(struct yaml_write *w)
{
	if (!w->failed && !yaml_emitter_flush(&w->em))
		w->failed = true;
	return !w->failed;
}
