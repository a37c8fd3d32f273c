#!/bin/sh
# Markdown and plain text opened as they are (issue 5): the format chosen
# by extension and content or by --format, standard input, --convert, and
# a reader session on a Markdown file: contents, a highlight, reopening.
. "$(dirname "$0")/lib.sh"

MD="$TMPD/field-notes.md"
cat > "$MD" <<'MD'
---
author: Ana Pérez
date: 2026-11-28
---
# Field notes

Written on the *first* day.

## The river

The water was high and **brown**, and the `gauge` read 4.2 m.

- boots
  - rubber
- rope

## La vocación

> A calling is patient.
>
> — Somebody wise

---

Last line.
MD

TXT="$TMPD/interview.txt"
cat > "$TXT" <<'TXT'
An interview with the baker

Opening

We met at dawn, when the ovens were already warm and the street was
still dark.

What did you learn first?

That bread cannot be hurried.
TXT

# --- the format -----------------------------------------------------------

"$GLOSA" --toc "$MD" > "$TMPD/toc" 2> "$TMPD/err"
printf '1 The river\n2 La vocación\n' | cmp -s - "$TMPD/toc"
ok $? "a .md file: its headings are the contents, the first # heading the title"
"$GLOSA" --dump --width 60 "$MD" > "$TMPD/dump"
grep -q "^Field notes$" "$TMPD/dump" && grep -q "^Ana Pérez · 2026-11-28$" "$TMPD/dump"
ok $? "title from the heading, author and date from the front matter"
grep -q "^  • boots$" "$TMPD/dump" && grep -q "^    ◦ rubber$" "$TMPD/dump"
ok $? "a nested list is indented under its item"
grep -q "^  │ A calling is patient\.$" "$TMPD/dump" && grep -q "— Somebody wise" "$TMPD/dump"
ok $? "a quote with its attribution"
grep -q "^ *\* \* \*$" "$TMPD/dump"
ok $? "a thematic break"
"$GLOSA" --toc "$TXT" > "$TMPD/toc"
printf '1 Opening\n2 What did you learn first?\n' | cmp -s - "$TMPD/toc"
ok $? "a .txt file: short lines alone are headings, one ending in ?"
"$GLOSA" --dump --width 40 "$TXT" | grep -q "^We met at dawn, when the ovens were$"
ok $? "hard-wrapped lines are joined and wrapped again"

cp "$MD" "$TMPD/noext"
"$GLOSA" --toc "$TMPD/noext" | grep -q "^1 The river$"
ok $? "no extension: Markdown recognised by its content"
"$GLOSA" --toc - < "$MD" | grep -q "^2 La vocación$"
ok $? "Markdown on standard input"
"$GLOSA" --toc - < "$TXT" | grep -q "^1 Opening$"
ok $? "plain text on standard input"
"$GLOSA" --toc - < "$TOUR" | grep -q "^1 "
ok $? "a YAML article on standard input (its # comments are not headings)"
printf '# Building\n\nThe walls are made of\nblocks: big ones.\n' | "$GLOSA" --dump - | head -1 | grep -qx "Building"
ok $? "Markdown with a line 'blocks: ...' is not taken for YAML"
printf 'Note: read this\nsections: three\n' | "$GLOSA" --dump - > /dev/null 2>&1
ok $? "nor is text whose first word ends in a colon"
printf -- '---\ntitle: T\nsections:\n  - title: S\n' | "$GLOSA" --toc - | grep -qx "1 S"
ok $? "a YAML article that starts with ---"
"$GLOSA" --format=text --toc "$MD" > "$TMPD/toc2"
! grep -q "^1 The river$" "$TMPD/toc2"
ok $? "--format=text reads a .md file as text"
"$GLOSA" --format=markdown --dump "$TXT" | grep -q "^An interview with the baker"
ok $? "--format=markdown reads a .txt file as Markdown"
"$GLOSA" --format=rst "$MD" > /dev/null 2> "$TMPD/err"
rc=$?
[ "$rc" -eq 64 ] && grep -q "invalid format 'rst' (expected yaml, markdown or text)" "$TMPD/err"
ok $? "an unknown --format is a usage error (exit $rc)"

for w in 16 20 24 40; do
	"$GLOSA" --dump --width $w "$DATA/articles/nested-narrow.yaml" > "$TMPD/nn"
	# (at 16 columns words break inside; none may be lost)
	tr -d ' \n' < "$TMPD/nn" | grep -q "bbbbccccddddeeeeffffgggg" &&
	[ "$(wc -L < "$TMPD/nn")" -le $w ]
	ok $? "a deep list with a long number at width $w: every word shown, no line too wide"
done

# Escape sequences in Markdown and text never reach the output.
printf '# T \033]0;owned\007\n\nText \033[2J with \033P+q\033\\ and \302\233 C1.\n' > "$TMPD/esc.md"
cp "$TMPD/esc.md" "$TMPD/esc.txt"
for f in "$TMPD/esc.md" "$TMPD/esc.txt"; do
	"$GLOSA" --dump "$f" > "$TMPD/out" 2>&1
	! LC_ALL=C grep -q "$(printf '\033')" "$TMPD/out" && ! LC_ALL=C grep -q "$(printf '\302\233')" "$TMPD/out" &&
	grep -q "␛" "$TMPD/out"
	ok $? "$(basename "$f"): control characters shown as symbols, never sent"
done

# --- errors ---------------------------------------------------------------

printf '# Title\n\nbad \377 byte\n' > "$TMPD/bad.md"
"$GLOSA" --check "$TMPD/bad.md" > "$TMPD/out" 2>&1
rc=$?
[ "$rc" -eq 65 ] && grep -q "bad.md:3:5: invalid UTF-8 at byte offset 13" "$TMPD/out"
ok $? "invalid UTF-8 in Markdown: file:line:column and byte offset (exit $rc)"
printf -- '---\ntitle: T\ntittle: x\n---\n# H\n' > "$TMPD/fm.md"
"$GLOSA" --check "$TMPD/fm.md" > "$TMPD/out" 2>&1
rc=$?
[ "$rc" -eq 65 ] && grep -q "fm.md:3:1: unknown key 'tittle' in front matter" "$TMPD/out"
ok $? "a front matter error at its line in the file (exit $rc)"

# --- --convert ------------------------------------------------------------

for f in "$MD" "$TXT" "$TOUR"; do
	"$GLOSA" --convert "$f" > "$TMPD/conv.yaml" 2> "$TMPD/err" &&
	"$GLOSA" --dump --width 70 "$f" > "$TMPD/d1" &&
	"$GLOSA" --dump --width 70 "$TMPD/conv.yaml" > "$TMPD/d2" &&
	cmp -s "$TMPD/d1" "$TMPD/d2"
	ok $? "--convert $(basename "$f"): the YAML renders the same --dump"
done
"$GLOSA" --convert "$MD" | grep -q "^title: Field notes$"
ok $? "--convert writes readable YAML"
"$GLOSA" --convert -o "$TMPD/out.yaml" "$MD" && "$GLOSA" --check "$TMPD/out.yaml"
ok $? "--convert -o FILE writes a valid article"

# --- reading a Markdown file ---------------------------------------------

NOTES="$TMPD/notes.yaml"
start 80 24 "$GLOSA --annotations '$NOTES' '$MD'"
wait_for "Field notes"
ok $? "the reader opens a Markdown file"
keys ']'
wait_for "│ 1 The river"
ok $? "] from the text before the first heading goes to the first section"
keys '[' '['
settle
top_line | grep -q "Field notes"
ok $? "[ back past it returns to the top of the article"
keys / && type_text "vocacion" && keys Enter
settle
! status_line | grep -q "not found" &&
tm capture-pane -e -p -t 0 | grep -q "$(printf '\033')\[[0-9;]*m[^ ]*vocación"
ok $? "search finds vocación typed vocacion in a Markdown article, and marks it"
keys n
wait_for "Search wrapped"
ok $? "n goes on to the only match again, wrapping"
keys g
settle
keys t
wait_for "Contents"
screen | grep -q "La vocación"
ok $? "its contents pane lists the headings"
keys j j Enter
wait_for "La vocación"
status_line | grep -q "2 La vocación"
ok $? "a jump from the contents lands on the section"
keys v
wait_for "-- CARET --"
keys v ')' Enter
wait_for "Highlighted"
ok $? "a passage of the Markdown article is highlighted"
grep -q 'exact: "A calling is patient."' "$NOTES"
ok $? "and kept in the annotation file"
keys q
wait_for "[exit 0]"
start 80 24 "$GLOSA --annotations '$NOTES' '$MD'"
wait_for "Field notes"
"$GLOSA" --annotations "$NOTES" --dump "$MD" | grep -q "\[\[A calling is patient\.\]\]"
ok $? "reopened, the highlight is still there"
keys q
wait_for "[exit 0]"
ok $? "q quits with status 0"

# Two files named alike, with no title of their own, keep their own
# highlights (their identity is their path, not their name).
mkdir -p "$TMPD/one" "$TMPD/two"
printf 'First folder notes. They say one thing.\n' > "$TMPD/one/notes.md"
printf 'Second folder notes. They say another.\n' > "$TMPD/two/notes.md"
"$GLOSA" --convert "$TMPD/one/notes.md" | grep -q "^id: \"\{0,1\}file:.*/one/notes.md"
ok $? "a file titled by its name gets an id from its path"
start 80 24 "$GLOSA '$TMPD/one/notes.md'"
wait_for "First folder"
keys v
wait_for "-- CARET --"
keys v ')' Enter
wait_for "Highlighted"
keys q
wait_for "[exit 0]"
"$GLOSA" --dump "$TMPD/one/notes.md" | grep -q "\[\[First folder notes\.\]\]" &&
! "$GLOSA" --dump "$TMPD/two/notes.md" | grep -q "\[\["
ok $? "a highlight in one/notes.md does not appear in two/notes.md"
printf 'Just text.\n' > "$TMPD/$(printf 'bad\377name').md"
"$GLOSA" --convert "$TMPD/$(printf 'bad\377name').md" > "$TMPD/out" 2> "$TMPD/err"
rc=$?
[ "$rc" -eq 0 ] && grep -q "^title: \"\{0,1\}bad.name" "$TMPD/out"
ok $? "a file name that is not UTF-8 makes a title with U+FFFD (exit $rc)"

# A highlight in the text before the first heading: no section to name.
start 80 24 "$GLOSA --annotations '$TMPD/pre.yaml' '$MD'"
wait_for "Field notes"
keys v
wait_for "-- CARET --"
keys v ')' Enter
wait_for "Highlighted"
keys H
wait_for "Highlights · 1"
screen | grep -q "^▌ *yellow · " && grep -q 'section: "0"' "$TMPD/pre.yaml"
ok $? "a highlight before the first heading: section 0 in the file, no section in H"
keys q q
wait_for "[exit 0]"

# A link's target is shown when the caret is on it.
printf '# Links\n\n[Start here](https://example.org/a_(b)) and \033]0;x\007 go.\n' > "$TMPD/links.md"
start 80 24 "$GLOSA --annotations '$TMPD/links.yaml' '$TMPD/links.md'"
wait_for "Start here"
keys v
wait_for "-- CARET --"
status_line | grep -q "link: https://example.org/a_(b%29"
ok $? "the caret on a link shows its target on the status line"
keys w w w
settle
status_line | grep -q "link:"
ok $(( ! $? )) "and only on the link"
keys q
wait_for "[exit 0]"

finish
