#!/bin/sh
# The reader keeps rendered rows and scrolls what the screen already
# shows: after any sequence of moves, resizes, searches, caret moves,
# selections, highlights and overlays, the screen must be exactly what a
# full repaint draws at the same place (Ctrl-L renders everything again),
# colours and attributes included, and what a newly opened reader draws
# there. And a search typed before the idle build of the search index is
# over finds what it should.
. "$(dirname "$0")/lib.sh"
ESC=$(printf '\033')

# The screen as cells: every byte with the colours and attributes it is
# drawn in, written the same way however the terminal got there. tmux's
# capture-pane -e writes attribute changes relative to the cell before
# (across lines too), and tells blanks that were written from cells that
# were cleared; both look the same, so blanks in the default look at the
# end of a row are dropped.
cells() {
	tm capture-pane -e -p -t 0 | LC_ALL=C awk '
	function reset() { b = d = it = u = rv = 0; fg = bg = "-" }
	function sgr(p,    a, k, i) {
		k = split(p == "" ? "0" : p, a, ";")
		for (i = 1; i <= k; i++) {
			c = a[i] + 0
			if (c == 0) reset()
			else if (c == 1) b = 1; else if (c == 2) d = 1
			else if (c == 3) it = 1; else if (c == 4) u = 1
			else if (c == 7) rv = 1
			else if (c == 22) b = d = 0; else if (c == 23) it = 0
			else if (c == 24) u = 0; else if (c == 27) rv = 0
			else if (c == 38 || c == 48) {
				v = a[i + 1] == 5 ? a[i + 2] : a[i + 2] "," a[i + 3] "," a[i + 4]
				i += a[i + 1] == 5 ? 2 : 4
				if (c == 38) fg = v; else bg = v
			}
			else if (c == 39) fg = "-"; else if (c == 49) bg = "-"
			else if (c >= 30 && c <= 37 || c >= 90 && c <= 97) fg = c
			else if (c >= 40 && c <= 47 || c >= 100 && c <= 107) bg = c
		}
	}
	BEGIN { reset() }
	{
		n = 0
		line = $0
		while (length(line) > 0) {
			if (substr(line, 1, 2) == "\033[") {
				match(line, /^\033\[[0-9;:]*[A-Za-z]/)
				seq = substr(line, 3, RLENGTH - 3)
				if (substr(line, RLENGTH, 1) == "m") sgr(seq)
				line = substr(line, RLENGTH + 1)
				continue
			}
			n++
			ch[n] = substr(line, 1, 1)
			st[n] = b d it u rv "/" fg "/" bg
			line = substr(line, 2)
		}
		while (n > 0 && ch[n] == " " && st[n] == "00000/-/-") n--
		out = ""; last = ""
		for (i = 1; i <= n; i++) {
			if (st[i] != last) out = out "{" st[i] "}"
			last = st[i]
			out = out ch[i]
		}
		print out
	}'
}

# The text rows (the status line may carry a message that any key
# clears, Ctrl-L included).
rows_e() { cells | sed '$d'; }

# same_as_repaint NAME: the screen now equals a full repaint.
same_as_repaint() {
	settle
	rows_e > "$TMPD/before"
	keys C-l
	sleep 0.1
	settle
	rows_e > "$TMPD/after"
	if cmp -s "$TMPD/before" "$TMPD/after"; then
		ok 0 "$1"
	else
		ok 1 "$1"
		diff "$TMPD/before" "$TMPD/after" | cat -v | head -n 20 | diag
	fi
}

# same_status_as_repaint NAME: the status line (no message on it) too.
same_status_as_repaint() {
	settle
	cells | tail -n 1 > "$TMPD/before"
	keys C-l
	sleep 0.1
	settle
	cells | tail -n 1 > "$TMPD/after"
	cmp -s "$TMPD/before" "$TMPD/after"
	ok $? "$1"
}

# press KEY COUNT: the key COUNT times, one at a time as a reader would.
press() {
	_k=$1 _c=$2
	while [ "$_c" -gt 0 ]; do
		keys "$_k"
		_c=$((_c - 1))
	done
}

start 80 24 "$GLOSA '$TOUR'"
wait_for "%"
ok $? "the tour opens"

press j 30
same_as_repaint "30 j: the scrolled screen equals a repaint"
same_status_as_repaint "30 j: the status line equals a repaint"
press k 7
same_as_repaint "then 7 k"
press Space 3
keys b
same_as_repaint "Space three times and b"
keys C-d
keys j
keys C-u
keys k
same_as_repaint "Ctrl-D, j, Ctrl-U, k"
keys G
press k 5
same_as_repaint "G then 5 k (the end of the article)"
same_status_as_repaint "G then 5 k: the status line (percentage, section) equals a repaint"
keys g
press j 3
same_as_repaint "g then 3 j (the start, the title block)"
press ']' 4
press j 2
same_as_repaint "] four times, then 2 j"

# Resizes: another width lays out again; the rows kept for the old width
# must not come back at the new one, and must come back right at the old.
tm resize-window -t 0 -x 70 -y 20
sleep 0.2
press j 5
same_as_repaint "resized to 70x20, then 5 j"
tm resize-window -t 0 -x 80 -y 24
sleep 0.2
press k 3
same_as_repaint "back to 80x24, then 3 k"
same_status_as_repaint "back to 80x24: the status line equals a repaint"
tm resize-window -t 0 -x 100 -y 30
sleep 0.2
same_as_repaint "resized to 100x30"
tm resize-window -t 0 -x 15 -y 4
wait_for "Too small"
ok $? "a tiny terminal shows the notice"
tm resize-window -t 0 -x 80 -y 24
wait_gone "Too small"
press j 2
same_as_repaint "from too small back to 80x24, then 2 j"

# Search matches: marks appear, move with n, and vanish with Escape.
keys /
type_text "the"
keys Enter
sleep 0.2
tm capture-pane -e -p -t 0 | sed '$d' | grep -q "${ESC}\[[0-9;]*7m"
ok $? "matches of a search are marked"
same_as_repaint "a search: the marks equal a repaint"
press n 3
press j 4
same_as_repaint "n three times, then 4 j"
keys N
same_as_repaint "N"
keys Escape
sleep 0.1
same_as_repaint "Escape hides the marks"
tm capture-pane -e -p -t 0 | sed '$d' | grep -q "${ESC}\[[0-9;]*7m"
[ $? -ne 0 ]
ok $? "no reverse video is left of the marks"

# Caret mode, a selection, a highlight and its note marker.
keys v
wait_for "-- CARET --"
ok $? "v enters caret mode"
press j 3
same_as_repaint "the caret moved 3 lines down"
keys v
press l 12
same_as_repaint "a selection of 12 characters"
keys Enter
wait_for "Highlighted"
ok $? "Enter highlights the selection"
same_as_repaint "the new highlight equals a repaint"
keys a
wait_for "Ctrl-S save"
type_text "a note"
keys C-s
wait_for "Note saved"
ok $? "a note is saved"
screen | grep -q "✎"
ok $? "its marker is in the margin"
same_as_repaint "the note marker equals a repaint"
press j 25
press k 25
same_as_repaint "the caret 25 lines down and back"
keys Escape
sleep 0.1
same_as_repaint "out of caret mode"
same_status_as_repaint "out of caret mode: the status line equals a repaint"

# Overlays draw over the rows the reader keeps.
keys t
wait_for "Contents"
keys Escape
sleep 0.1
same_as_repaint "after the contents pane"
keys '?'
sleep 0.2
keys q
sleep 0.1
same_as_repaint "after the help screen"

# A newly opened reader at the same place draws the same screen: a
# section heading at the top (where the saved position puts it back),
# reached by scrolling away and back.
keys g
press ']' 3
press j 6
press k 6
settle
cells > "$TMPD/scrolled"
keys q
wait_for "[exit 0]"
start 80 24 "$GLOSA '$TOUR'"
wait_for "%"
settle
cells > "$TMPD/fresh"
cmp -s "$TMPD/scrolled" "$TMPD/fresh"
ok $? "a new reader at the same place draws the same screen, status line included"
cmp -s "$TMPD/scrolled" "$TMPD/fresh" || diff "$TMPD/scrolled" "$TMPD/fresh" | cat -v | head -n 20 | diag
keys q
wait_for "[exit 0]"

# A long article (a few MiB), searched at once: the keys are typed before
# the first screen, so the search comes before the idle build of the
# index is over and has to finish it.
BIG="$TMPD/big.yaml"
awk 'BEGIN {
	print "title: A long article"
	print "sections:"
	for (s = 0; s < 300; s++) {
		printf "  - title: Part %d\n    blocks:\n", s
		for (b = 0; b < 40; b++)
			printf "      - Paragraph %d.%d of filler text, Straße und Größe, vocación y canción, with enough words to wrap over more than one line of the screen.\n", s, b
	}
	print "  - title: The end"
	print "    blocks:"
	print "      - The only QUETZALCÓATL is here."
}' > "$BIG"
start 80 24 "$GLOSA '$BIG'"
keys /
type_text "quetzalcoatl"
keys Enter
wait_for "The only QUETZALCÓATL is here." 20
ok $? "a search typed before the index is built finds the only match"
tm capture-pane -e -p -t 0 | sed '$d' | grep -q "${ESC}\[[0-9;]*7m[^ ]*QUETZALC"
ok $? "the match is marked"
keys n
wait_for "Search wrapped to the top"
ok $? "n finds it again, wrapping"
keys g
keys n
wait_for "The only QUETZALCÓATL is here."
ok $? "n from the top finds it"
same_as_repaint "the long article, at its end, equals a repaint"
keys /
type_text "canción"
keys Enter
sleep 0.3
screen | grep -q "Pattern not found"
[ $? -ne 0 ]
ok $? "a second search finds its match (the index is whole)"
keys q
wait_for "[exit 0]"
ok $? "glosa exits cleanly"

finish
