/* Unicode text as glosa shows it: one width function for everything
 * measured and drawn, and the rule for which code points never reach the
 * terminal. Built on libunistring. */
#ifndef GLOSA_TEXT_H
#define GLOSA_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "glosa/strbuf.h"

/* Columns taken by code point uc as glosa draws it: 0 for combining
 * marks, 2 for wide characters, 1 for the visible symbol that replaces an
 * unsafe code point. */
int text_uc_width(uint32_t uc);
/* True when uc must not be sent to a terminal raw: C0 and C1 controls,
 * DEL, bidirectional controls, line and paragraph separators. */
bool text_uc_unsafe(uint32_t uc);
/* Replace each unsafe code point in sb from byte from on by its escape,
 * \uXXXX or \UXXXXXXXX, which means the same inside a double-quoted
 * YAML scalar: for what libyaml's emitter writes raw (bidi controls) but
 * no terminal showing the file should get. ASCII is left alone (libyaml
 * escapes its controls). */
void text_escape_unsafe(struct strbuf *sb, size_t from);
/* The visible symbol drawn for an unsafe code point (U+2400 block for C0
 * and DEL, U+FFFD for the rest). */
uint32_t text_uc_symbol(uint32_t uc);

/* Display width of s[0..n) (UTF-8; invalid bytes count as one column). */
size_t text_width(const char *s, size_t n);
/* Append s[0..n) to out with every unsafe code point replaced by its
 * symbol and every invalid byte by U+FFFD. */
void text_sanitize(struct strbuf *out, const char *s, size_t n);
/* The same, returning the width of what it appended (text_width of it),
 * measured in the same pass. */
size_t text_sanitize_width(struct strbuf *out, const char *s, size_t n);
/* The same, for drawing on a terminal: also leaves out a ZERO WIDTH
 * JOINER between emoji, since terminals disagree on how wide the joined
 * picture is and the cursor would no longer be where curses thinks;
 * without it every terminal draws the parts side by side. */
void text_sanitize_terminal(struct strbuf *out, const char *s, size_t n);
/* Is uc a joiner, after prev, that a terminal is not given? */
bool text_drop_joiner(uint32_t prev, uint32_t uc);
/* Decode one code point at s (n > 0 bytes left); invalid sequences give
 * U+FFFD. Returns the number of bytes consumed (at least 1). */
int text_decode(const char *s, size_t n, uint32_t *uc);
/* Number of code points in s[0..n). */
size_t text_codepoints(const char *s, size_t n);
/* Byte offset of code point cp in s[0..n) (n when cp is past the end). */
size_t text_cp_to_byte(const char *s, size_t n, size_t cp);

#endif
