#!/bin/sh
# The reading view, driven through tmux as a person would: open the tour,
# scroll, jump between sections, use the contents pane, search, resize,
# read the help, quit.
. "$(dirname "$0")/lib.sh"

start 80 24 "$GLOSA"
wait_for "A tour of glosa"
ok $? "the tour opens with its title"
s=$(screen)
echo "$s" | grep -q "Reading long articles in the terminal"
ok $? "the subtitle is shown"
status_line | grep -q "A tour of glosa.*[0-9]%"
ok $? "the status line shows the title and a percentage"
echo "$s" | head -1 | grep -q "A tour of glosa"
ok $? "the title is on the first row"

# Line by line
first=$(row 1)
second=$(row 2)
keys j
settle
[ "$(row 1)" = "$second" ]
ok $? "j scrolls one line"
keys k
settle
[ "$(row 1)" = "$first" ]
ok $? "k scrolls back"
keys Down Down Up
settle
[ "$(row 1)" = "$second" ]
ok $? "arrow keys scroll"

# Pages
keys g
settle
last=$(row 23)
keys Space
settle
[ "$(row 1)" = "$last" ]
ok $? "Space pages down keeping one line of context"
keys b
settle
[ "$(row 1)" = "$first" ]
ok $? "b pages back up"
keys C-d
settle
[ "$(row 1)" = "$(echo "$s" | sed -n 12p)" ] || [ "$(row 1)" = "$(echo "$s" | sed -n 13p)" ]
ok $? "Ctrl-D scrolls half a page"
keys C-u
settle
[ "$(row 1)" = "$first" ]
ok $? "Ctrl-U scrolls back half a page"
keys G
settle
status_line | grep -q " 100%$"
ok $? "G goes to the end (100%)"
screen | grep -q "Help, and when you are done\|q"
ok $? "the end of the tour is on screen"
keys g
settle
[ "$(row 1)" = "$first" ]
ok $? "g returns to the start"

# Sections
keys ']'
settle
row 1 | grep -q "^ *1 What glosa is"
ok $? "] puts section 1 at the top"
status_line | grep -q "│ 1 What glosa is"
ok $? "the status line names the current section"
keys ']' ']'
settle
row 1 | grep -q "2.1 Line by line, page by page"
ok $? "] twice more reaches 2.1"
keys '['
settle
row 1 | grep -q "^ *2 Getting around"
ok $? "[ goes back to 2"

# Table of contents
keys t
wait_for "Contents"
ok $? "t opens the contents pane"
screen | grep -q "▸.*2 Getting around"
ok $? "the current section is marked in the pane"
screen | grep -q "2.2.1 Section by section"
ok $? "the pane shows nested numbers"
keys j j j j j j Enter
settle
row 1 | grep -q "^ *3 The table of contents"
ok $? "moving down six entries and Enter jumps to section 3"
screen | grep -q "Contents"
ok $(( ! $? )) "Enter closes the pane"
keys Tab
wait_for "Contents"
keys Escape
wait_gone "Contents"
ok $? "Tab opens and Esc closes the pane"
keys t
wait_for "Contents"
keys Down Down Up Right
wait_gone "Contents"
settle
row 1 | grep -q "^ *4 Searching"
ok $? "the arrows move in the pane and Right jumps (from 3, Down Down Up: 4)"

# Search, ignoring accents and case
keys g /
wait_for "/"
type_text "vocacion"
wait_for "vocación"
ok $? "typing vocacion finds vocación as you type"
status_line | grep -q "^/vocacion"
ok $? "the prompt shows the pattern"
keys Enter
settle
row 1 | grep -q "Searching always ignores case and accents"
ok $? "Enter keeps the view at the first match"
tm capture-pane -e -p -t 0 | sed -n 1p | grep -q "$(printf '\033')\[7m[^ ]*vocacion"
ok $? "the current match is marked in reverse video"
tm capture-pane -e -p -t 0 | sed -n 2p | grep -q "$(printf '\033')\[[0-9;]*7m[^ ]*vocación"
ok $? "every visible match is marked"
keys n n
settle
row 1 | grep -q "Español: ¿Te has preguntado"
ok $? "n n goes to the third match, scrolling to it"
keys n
wait_for "Search wrapped to the top"
ok $? "n past the last match wraps with a message"
row 1 | grep -q "Searching always ignores case and accents"
ok $? "and shows the first match again"
keys N
wait_for "Search wrapped to the bottom"
ok $? "N before the first match wraps backwards"
keys Escape
settle
tm capture-pane -e -p -t 0 | sed '$d' | grep -q "$(printf '\033')\[[0-9;]*7m"
ok $(( ! $? )) "Esc clears the match marks"
keys n
settle
tm capture-pane -e -p -t 0 | sed '$d' | grep -q "$(printf '\033')\[[0-9;]*7m"
ok $? "n after Esc still knows the pattern"
keys Escape
keys /
type_text "vocacionX"
keys BSpace Left Left Right
type_text "i"
keys C-w
type_text "strasse"
wait_for "Straße"
ok $? "Backspace, arrows and Ctrl-W edit the prompt (no crash)"
keys Escape
settle
keys /
type_text "STRASSE"
wait_for "Straße"
ok $? "STRASSE finds Straße"
keys Escape
settle
keys /
type_text "zzqqxx"
wait_for "Pattern not found"
ok $? "a missing pattern says so"
keys Escape Escape

# Resize keeps the passage at the top
keys g ']' ']' j j j
settle
before=$(row 1 | sed 's/^ *//' | cut -c1-12)
tm resize-window -t 0 -x 40 -y 12
settle
row 1 | grep -qF -- "$before"
ok $? "resize to 40x12 keeps the top passage ($before)"
[ "$(screen | wc -L)" -le 40 ]
ok $? "no line is wider than 40 columns after the resize"
tm resize-window -t 0 -x 80 -y 24
settle
row 1 | grep -qF -- "$before"
ok $? "resize back to 80x24 keeps the top passage"
tm resize-window -t 0 -x 15 -y 4
wait_for "Too small"
ok $? "a tiny terminal shows a notice"
tm resize-window -t 0 -x 80 -y 24
wait_for "│ 2 Getting around"
ok $? "enlarging again recovers the view"

# The mouse: SGR mouse reports, as xterm sends them
keys g
settle
keys -l "$(printf '\033[<65;10;5M')"
settle
[ "$(row 1)" = "$(echo "$s" | sed -n 4p)" ]
ok $? "the mouse wheel scrolls three lines down"
keys -l "$(printf '\033[<64;10;5M')"
settle
[ "$(row 1)" = "$first" ]
ok $? "and three lines up"
keys t
wait_for "Contents"
keys -l "$(printf '\033[<0;5;8M')" -l "$(printf '\033[<0;5;8m')"
wait_gone "Contents"
ok $? "a click on an entry closes the pane"
row 1 | grep -q "2.3 The status line"
ok $? "and jumps to that section (2.3)"

# Help
keys '?'
wait_for "glosa keys"
ok $? "? opens the help"
screen | grep -q "next section heading"
ok $? "the help lists the keys"
keys q
wait_gone "glosa keys"
ok $? "q closes the help"

# Quit
keys q
wait_for "[exit 0]"
ok $? "q quits with status 0"
screen | grep -q "Contents\|%"
ok $(( ! $? )) "the terminal is left clean (alternate screen gone)"

# Other sizes: a narrow and a wide terminal
start 40 12 "$GLOSA"
wait_for "A tour of glosa"
ok $? "the tour opens at 40x12"
[ "$(screen | wc -L)" -le 40 ]
ok $? "nothing wider than 40 columns"
keys g ']'
settle
row 1 | grep -q "^ *1 What glosa is"
ok $? "] works at 40x12"
keys q
wait_for "[exit 0]"

start 200 50 "$GLOSA"
wait_for "A tour of glosa"
ok $? "the tour opens at 200x50"
[ "$(screen | sed '$d' | wc -L)" -le 141 ]
ok $? "the text column stays at most 80 wide, centred"
status_line | grep -q "A tour of glosa.*%$"
ok $? "the status line spans the wide screen"
keys q
wait_for "[exit 0]"

# glosa -: the article from a pipe, the keys from the terminal
start 80 24 "cat '$TOUR' | $GLOSA -"
wait_for "A tour of glosa"
ok $? "glosa - shows an article read from a pipe"
keys g ']'
settle
row 1 | grep -q "^ *1 What glosa is"
ok $? "keys still come from the terminal"
keys q
wait_for "[exit 0]"
ok $? "and q quits"

# A broken article never leaves curses behind
start 200 24 "$GLOSA '$DATA/cli/typo.yaml'"
wait_for "[exit 65]"
ok $? "a broken article exits 65"
screen | grep -q "typo.yaml:3:5: unknown key 'tittle'"
ok $? "with its message on the terminal, outside curses"

finish
