#!/bin/sh
# No leak, no memory error: --dump with highlights and a whole session in
# the reader (highlight, note, search, lists, help, the library) under
# valgrind's memcheck. Skipped in the sanitizer build (ASan and valgrind
# do not mix) and where valgrind is missing.
. "$(dirname "$0")/lib.sh"

if ! command -v valgrind >/dev/null 2>&1; then
	echo "ok 1 - valgrind # SKIP valgrind is not installed"
	echo "1..1"
	exit 0
fi
if LC_ALL=C grep -qa __asan_init "$GLOSA" 2>/dev/null; then
	echo "ok 1 - valgrind # SKIP a sanitizer build"
	echo "1..1"
	exit 0
fi
VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=9"

cp "$DATA/cli/notes.yaml" "$TMPD/a.yaml"
$VG "$GLOSA" --dump --annotations "$DATA/export/annotations.yaml" "$DATA/export/article.yaml" \
	> /dev/null 2> "$TMPD/vg1"
ok $? "--dump with highlights: no leak or memory error"
[ -s "$TMPD/vg1" ] && diag < "$TMPD/vg1"

start 80 24 "$VG --log-file='$TMPD/vg2' $GLOSA --annotations '$TMPD/n.yaml' '$TMPD/a.yaml'"
wait_for "Notes fixture" 30
keys ']' v ')' v ')' Enter
wait_for "Highlighted" 20
keys a
wait_for "Ctrl-S save" 20
type_text "una nota #idea"
keys C-s
wait_for "Note saved" 20
keys Escape /
type_text "delta"
keys Enter n H
wait_for "Highlights" 20
keys q t j Enter '?'
wait_for "glosa keys" 20
keys q L
wait_for "Library" 20
keys Escape
wait_for "Notes fixture" 20
keys q
wait_for "[exit 0]" 60
ok $? "a reading session under valgrind ends with status 0 (no error, no leak)"
[ -s "$TMPD/vg2" ] && diag < "$TMPD/vg2"

finish
