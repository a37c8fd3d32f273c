/* Render: one display line turned into safe text and styled segments,
 * exactly as it is shown, decoration included. The reading view draws the
 * segments with curses attributes; --dump prints them. Every byte of the
 * text is safe to send to a terminal (see text_sanitize) and the line is
 * never wider than the layout's width. */
#ifndef GLOSA_RENDER_H
#define GLOSA_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "glosa/layout.h"
#include "glosa/strbuf.h"

/* What a segment is, for choosing its look. */
enum style {
	STYLE_TEXT,
	STYLE_TITLE,
	STYLE_SUBTITLE,
	STYLE_BYLINE,
	STYLE_SUMMARY,
	STYLE_H1,
	STYLE_H2,
	STYLE_H3,      /* depth 3 and deeper */
	STYLE_NUMBER,  /* a heading's number */
	STYLE_QUOTE,
	STYLE_ATTRIB,  /* a quote's attribution */
	STYLE_CAPTION, /* a list's caption */
	STYLE_CODE,
	STYLE_ASIDE,
	STYLE_ASIDE_TITLE,
	STYLE_DECO,    /* bars, bullets, numbers, box lines, rules */
	STYLE_CLIP,    /* the marker of a clipped code line */
};

/* Marks laid over a unit's text: search matches, highlights, the
 * selection and the caret. */
enum mark_kind {
	MARK_MATCH = 1,
	MARK_CURRENT = 2,    /* the current search match */
	MARK_HIGHLIGHT = 4,  /* a highlight, in its colour */
	MARK_SELECTION = 8,
	MARK_CARET = 16,
	MARK_OVERLAP = 32,   /* set by render where highlights overlap */
};

#define MARK_NO_COLOR 255

struct render_mark {
	uint32_t start, end; /* bytes of the unit text */
	uint8_t kind;
	uint8_t color;       /* highlights: palette index, MARK_NO_COLOR if unknown */
};

struct render_seg {
	uint32_t off, len;   /* bytes of rline.text */
	uint16_t width;      /* columns */
	uint8_t style;       /* enum style */
	uint8_t attr;        /* enum span_attr bits */
	uint8_t mark;        /* enum mark_kind bits */
	uint8_t color;       /* of the newest highlight over it (the last mark) */
};

/* A rendered line. Initialise with RLINE_INIT, reuse across calls, free
 * with rline_release. */
struct rline {
	struct strbuf text;
	struct render_seg *segs;
	size_t nsegs, cap;
	int width;           /* total columns */
};
#define RLINE_INIT { STRBUF_INIT, NULL, 0, 0, 0 }

/* Render line p of the layout into out, with marks over the unit's text
 * (any order, may overlap; of overlapping highlights the later one's
 * colour shows). */
void render_line(struct layout *l, struct lpos p, const struct render_mark *marks,
                 size_t nmarks, struct rline *out);
void rline_release(struct rline *r);

/* How a segment looks, independent of the output device: the reading
 * view maps it to curses attributes and colour pairs, --dump --color to
 * SGR sequences. fg is a colour index (enum look_color), LOOK_DEFAULT for
 * the terminal's own. */
enum look_color {
	LOOK_DEFAULT = -1,
	LOOK_RED = 1, LOOK_GREEN = 2, LOOK_YELLOW = 3, LOOK_BLUE = 4,
	LOOK_MAGENTA = 5, LOOK_CYAN = 6,
};
/* hl is the highlight palette index behind the text (-1: none); a device
 * without colour shows a highlight underlined. */
struct look {
	unsigned bold : 1, italic : 1, underline : 1, dim : 1, reverse : 1;
	int fg;
	int hl;
};
struct look render_look(uint8_t style, uint8_t attr, uint8_t mark, uint8_t color);
/* Background of highlight palette colour i: a soft 256-colour shade, and
 * the nearest of the eight basic colours. */
int render_hl_color256(int i);
int render_hl_color8(int i);

#endif
