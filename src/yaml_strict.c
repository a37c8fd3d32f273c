#include "config.h"

#include <stdbool.h>
#include <stddef.h>

#include "glosa/yaml_strict.h"

enum yaml_strict yaml_strict_check(const yaml_event_t *e, int *depth, const char **tag)
{
	const yaml_char_t *anchor = NULL, *t = NULL;
	bool opens = false;

	switch (e->type) {
	case YAML_ALIAS_EVENT:
		*tag = NULL;
		return YAML_STRICT_ANCHOR;
	case YAML_SCALAR_EVENT:
		anchor = e->data.scalar.anchor;
		t = e->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = e->data.sequence_start.anchor;
		t = e->data.sequence_start.tag;
		opens = true;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = e->data.mapping_start.anchor;
		t = e->data.mapping_start.tag;
		opens = true;
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		--*depth;
		break;
	default:
		break;
	}
	*tag = (const char *)t;
	if (anchor)
		return YAML_STRICT_ANCHOR;
	if (opens && ++*depth > YAML_STRICT_DEPTH)
		return YAML_STRICT_DEEP;
	return YAML_STRICT_OK;
}

/* Told the encoding is UTF-8, libyaml refuses a UTF-16 mark's first
 * byte, as invalid UTF-8 at byte 0. Without a mark it settles on UTF-8 by
 * itself, and skips a UTF-8 mark without counting it as a column (it
 * would count it when told), so the encoding is set only for a UTF-16
 * mark. */
void yaml_strict_input(yaml_parser_t *parser, const char *src, size_t len)
{
	const unsigned char *u = (const unsigned char *)src;

	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING);
	yaml_parser_set_input_string(parser, u, len);
}
