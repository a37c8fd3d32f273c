#!/bin/sh
# Coming back to highlights: the highlights view (order, sort, filter,
# jump, edit, recolour, delete, undo, tags, orphans) and the library
# (several articles, one moved away, one broken file, no-argument start).
. "$(dirname "$0")/lib.sh"
A1="$TMPD/notes.yaml"
A2="$TMPD/small.yaml"
cp "$DATA/cli/notes.yaml" "$A1"
cp "$DATA/cli/small.yaml" "$A2"
ANN="$XDG_DATA_HOME/glosa/annotations"

# An empty library: glosa alone opens the tour.
start 80 24 "$GLOSA"
wait_for "A tour of glosa"
screen | grep -q "Reading long articles in the terminal"
ok $? "with an empty library, glosa opens the tour"
keys q
wait_for "[exit 0]"
ok $? "glosa exits with status 0"

start 100 30 "$GLOSA '$A1'"
wait_for "Notes fixture"
keys ']' v ')' v ')' Enter
wait_for "Highlighted"
keys ')' ')' a
wait_for "Ctrl-S save"
type_text "Una idea sobre el ñandú #idea"
keys C-s
wait_for "Note saved"
keys Escape H
wait_for "Highlights · 2"
ok $? "H opens the highlights view with both"
first=$(screen | grep -n "Beta sentence two" | cut -d: -f1)
second=$(screen | grep -n "Delta paragraph" | cut -d: -f1)
[ -n "$first" ] && [ -n "$second" ] && [ "$first" -lt "$second" ]
ok $? "in reading order"
screen | grep -q "✎ Una idea sobre el ñandú #idea$"
ok $? "with the start of the note"
screen | grep -q "1 First · yellow"
ok $? "the section and the colour"
keys s
wait_for "newest first"
first=$(screen | grep -n "Beta sentence two" | cut -d: -f1)
second=$(screen | grep -n "Delta paragraph" | cut -d: -f1)
[ "$second" -lt "$first" ]
ok $? "s sorts newest first"
keys s /
type_text "NANDU"
wait_for "Highlights · 1 matching"
ok $? "/ filters by the note, ignoring case and accents"
keys Escape /
type_text "#idea"
wait_for "Highlights · 1 matching"
ok $? "and by tag"
keys Escape /
type_text "beta"
wait_for "Highlights · 1 matching"
ok $? "and by quote"
keys Enter
settle
keys Enter
wait_gone "Highlights ·"
ok $? "Enter shows the highlight in the text"
status_line | grep -q "highlight (yellow)"
ok $? "with the caret on it"
keys H
wait_for "Highlights · 2"
keys c
wait_for "Colour: green"
ok $? "c recolours from the list"
keys x
wait_for "Highlights · 1"
ok $? "x deletes from the list"
keys u
wait_for "Highlights · 2"
ok $? "u brings it back"
keys T
wait_for "Tags:"
type_text " #method"
keys Enter
wait_for "Tags saved"
grep -q '"method"' "$ANN"/*.yaml
ok $? "T edits the tags, saved in the file"
keys q q
wait_for "[exit 0]"
ok $? "glosa exits with status 0"

start 100 30 "$GLOSA '$A2'"
wait_for "A small article"
keys ']' v Enter q
wait_for "[exit 0]"
ok $? "glosa exits with status 0"

# The library, from glosa alone
start 100 30 "$GLOSA"
wait_for "Library"
ok $? "glosa alone opens the library when it has articles"
screen | grep -q "Notes fixture" && screen | grep -q "A small article" && screen | grep -q "A tour of glosa"
ok $? "listing every article read and the tour"
a=$(screen | grep -n "A small article" | cut -d: -f1)
b=$(screen | grep -n "Notes fixture" | cut -d: -f1)
[ "$a" -lt "$b" ]
ok $? "newest opened first"
screen | grep -q "2 highlights"
ok $? "with the number of highlights"
keys /
type_text "notes"
settle
keys Enter Enter
wait_for "Delta paragraph"
ok $? "/ filters and Enter opens the article"
keys L
wait_for "Library"
ok $? "L goes back to the library"
keys Escape
wait_for "Delta paragraph"
ok $? "Esc in the library returns to the article"
keys L
wait_for "Library"
keys q
wait_for "[exit 0]"
ok $? "glosa exits with status 0"

# The article moves away; a broken file appears.
mv "$A1" "$TMPD/moved.yaml"
printf 'glosa-annotations: 1\nhighlights: [\n' > "$ANN/broken.yaml"
cp "$ANN/broken.yaml" "$TMPD/broken.orig"
start 160 30 "$GLOSA --library"
wait_for "Library"
screen | grep -q "article missing"
ok $? "a moved article is marked missing"
screen | grep -q "broken: .*broken.yaml:[0-9]*:[0-9]*"
ok $? "a broken file is listed with its error"
keys g
target=$(screen | grep -n "Notes fixture" | cut -d: -f1)
k=$(screen | grep -n "▌" | cut -d: -f1)
while [ "$k" -lt "$target" ]; do keys j; k=$((k + 3)); done
settle
keys Enter
wait_for "Show its highlights"
ok $? "opening it says the article is gone and offers the highlights"
keys y
wait_for "Not found in the article"
ok $? "its highlights are listed, as not found"
screen | grep -q "Beta sentence two"
ok $? "with their quotes"
keys q q
wait_for "[exit 0]"
ok $? "glosa exits with status 0"
cmp -s "$ANN/broken.yaml" "$TMPD/broken.orig"
ok $? "the broken file is never rewritten"

finish
