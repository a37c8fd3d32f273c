#!/bin/sh
# Highlights and notes as a reader makes them: caret mode, selection,
# colours, the note editor, undo, reopening, an edited article, --dump.
. "$(dirname "$0")/lib.sh"
NOTES="$TMPD/notes.yaml"
ART="$TMPD/article.yaml"
cp "$DATA/cli/notes.yaml" "$ART"
ESC=$(printf '\033')

start 80 24 "$GLOSA --annotations '$NOTES' '$ART'"
wait_for "Notes fixture"
keys ']'
settle
keys v
wait_for "-- CARET --"
ok $? "v enters caret mode"
keys ')' v ')' Enter
wait_for "Highlighted"
ok $? "v ) v ) Enter highlights a sentence"
grep -q 'exact: "Beta sentence two."' "$NOTES"
ok $? "the file holds exactly the sentence"
keys '(' v ')' Enter
wait_for "Already highlighted"
ok $? "highlighting the same passage again says so"
grep -c 'exact: "Beta sentence two."' "$NOTES" | grep -qx 1
ok $? "and makes no second copy"
tm capture-pane -e -p -t 0 | grep -q "${ESC}\[[0-9;]*4[0-9;]*m[^ ]*Beta sentence two"
ok $? "the highlight is drawn with a background colour"

keys ')' ')' a
wait_for "Ctrl-S save"
ok $? "a highlights the sentence under the caret and opens the note editor"
type_text "Una nota: ñandú 日本"
keys Enter
type_text "second line"
keys C-s
wait_for "Note saved"
ok $? "Ctrl-S saves the note"
grep -q 'note: "Una nota: ñandú 日本\\nsecond line"' "$NOTES"
ok $? "the note is in the file, in any script, with its newline"
grep -q 'exact: "Delta paragraph with a typo in the mddle of it."' "$NOTES"
ok $? "the annotated sentence is the next paragraph's first"
screen | grep -q "✎"
ok $? "a highlight with a note shows a marker"

keys 3
wait_for "Colour: blue"
ok $? "3 recolours the highlight under the caret"
grep -q 'color: blue' "$NOTES"
ok $? "and the file says blue"
keys x
wait_for "Highlight deleted"
ok $? "x deletes the highlight under the caret"
grep -q "deleted: true" "$NOTES"
ok $? "leaving a tombstone in the file"
keys u
wait_for "Undone"
ok $? "u undoes the delete"
grep -c 'exact: ' "$NOTES" | grep -qx 2
ok $? "both highlights are in the file again"
keys Escape
settle
status_line | grep -q "CARET"
ok $(( ! $? )) "Esc leaves caret mode"
keys j j
settle
before=$(row 1)
keys q
wait_for "[exit 0]"
ok $? "q quits"

start 80 24 "$GLOSA --annotations '$NOTES' '$ART'"
wait_for "Notes fixture"
[ "$(row 1)" = "$before" ]
ok $? "reopening returns to where reading stopped"
tm capture-pane -e -p -t 0 | grep -q "${ESC}\[[0-9;]*4[0-9;]*m[^ ]*Beta sentence two\."
ok $? "the highlights are there again"
keys q
wait_for "[exit 0]"
ok $? "glosa exits with status 0"

out=$("$GLOSA" --dump --annotations "$NOTES" "$ART")
echo "$out" | grep -q "Alpha sentence one. \[\[Beta sentence two.\]\] Gamma"
ok $? "--dump shows a highlight as [[passage]]"
echo "$out" | grep -q "\[\[Delta paragraph with a typo in the mddle of it.\]\]\[1\]"
ok $? "--dump numbers a note after its passage"
echo "$out" | grep -q "^\[1\] Una nota: ñandú 日本 second line"
ok $? "--dump prints the note as a footnote after the block"

# The article is edited: a paragraph inserted, a typo fixed in a highlight.
cp "$DATA/cli/notes-edited.yaml" "$ART"
out=$("$GLOSA" --dump --annotations "$NOTES" "$ART")
echo "$out" | grep -q "Alpha sentence one. \[\[Beta sentence two.\]\] Gamma"
ok $? "after the edit, the first highlight is found in its moved paragraph"
echo "$out" | grep -q "\[\[Delta paragraph with a typo in the middle of it.\]\]\[1\]"
ok $? "the second is found although a word inside it changed"

# Mouse: a double-click selects a word
start 80 24 "$GLOSA --annotations '$NOTES' '$ART'"
wait_for "Notes fixture"
y=$(screen | grep -n "Zeta is the last" | cut -d: -f1)
x=$(screen | sed -n "${y}p" | awk '{ print index($0, "last") }')
click="$(printf '\033[<0;%d;%dM\033[<0;%d;%dm' "$x" "$y" "$x" "$y")"
keys -l "$click"
keys -l "$click"
wait_for "SELECT"
ok $? "a double-click selects a word"
keys Enter
wait_for "Highlighted"
grep -q 'exact: "last"' "$NOTES"
ok $? "and Enter highlights exactly that word"
keys q
wait_for "[exit 0]"
ok $? "glosa exits with status 0"

# E: the note in $EDITOR (a script standing in for one)
printf '#!/bin/sh\nprintf "written in the editor\\n" > "$1"\n' > "$TMPD/ed.sh"
chmod +x "$TMPD/ed.sh"
EDITOR="$TMPD/ed.sh"
start 80 24 "$GLOSA --annotations '$NOTES' '$ART'"
EDITOR=
wait_for "Notes fixture"
keys g ']' v '}' ')'
settle
status_line | grep -q "highlight (yellow)"
ok $? "the status line names the highlight under the caret"
keys E
wait_for "Note saved"
ok $? "E runs the editor and saves what it wrote"
grep -q 'note: "written in the editor"' "$NOTES"
ok $? "the note from the editor is in the file (final newline dropped)"
keys q
wait_for "[exit 0]"
ok $? "glosa exits with status 0"

# A broken annotation file: said, the article opens, the file untouched.
printf 'glosa-annotations: 1\nhighlights: [\n' > "$TMPD/broken.yaml"
cp "$TMPD/broken.yaml" "$TMPD/broken.orig"
start 200 24 "$GLOSA --annotations '$TMPD/broken.yaml' '$ART'"
wait_for "Notes fixture"
ok $? "an article with a broken annotation file still opens"
status_line | grep -q "broken.yaml:[0-9]*:[0-9]*"
ok $? "the status line says where the file is broken"
keys ']' v Enter q
wait_for "[exit 0]"
ok $? "glosa exits with status 0"
cmp -s "$TMPD/broken.yaml" "$TMPD/broken.orig"
ok $? "and the file is never written over"

finish
