#!/bin/sh
# Terminal safety, part two, through a real pseudo-terminal (tmux): Ctrl-Z
# stops glosa and gives the terminal back as it was (alternate screen left,
# cursor visible, keypad and mouse reporting off); fg brings back the same
# view fully redrawn (the article, the help, the contents pane, and after a
# resize while stopped, the layout for the new size) with the mouse modes
# it had (as after $EDITOR, which shares the code); and a crash (SIGSEGV,
# SIGABRT) restores the terminal before glosa dies of the signal.
#
# Job control needs an interactive shell: each test starts a fresh tmux
# server running `bash -i` and types commands into it, as a person would.
. "$(dirname "$0")/lib.sh"
mkdir -p "$TMPD/home"
ESC=$(printf '\033')

# jshell COLS ROWS: a fresh terminal running an interactive bash, its
# prompt "PROMPT$ ", with a data folder of its own (no reading position
# saved by one test changes where the next starts).
jshell() {
	tm kill-server 2>/dev/null
	SESSIONS=$((SESSIONS + 1))
	SOCK="glosa-e2e-$$-$SESSIONS"
	tm new-session -d -x "$1" -y "$2" \
		"env -i PATH='$PATH' HOME='$TMPD/home' HISTFILE= TERM=xterm-256color \
		 LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_DATA_HOME='$XDG_DATA_HOME/$SESSIONS' \
		 PS1='PROMPT\$ ' bash --norc --noprofile -i"
	tm set-option -g status off >/dev/null
	wait_for 'PROMPT$' 10
}

# run TEXT: type a command line into the shell.
run() { type_text "$1"; keys Enter; }

# attrs: the screen's text, then its colours and attributes (a lost
# reverse-video selection is a difference too) with blanks and line ends
# squeezed out: tmux writes an attribute change before or after blank
# cells depending on how the row was drawn, which the eye cannot see.
attrs() {
	tm capture-pane -p -t 0 2>/dev/null
	tm capture-pane -p -e -t 0 2>/dev/null | tr -d ' \n'
}

# modes: what tmux knows of the terminal: alternate screen, cursor
# visible, keypad (application keypad, application cursor keys), mouse
# reporting (any mode, button-motion mode 1002, SGR encoding).
modes() {
	tm display -p -t 0 '#{alternate_on} #{cursor_flag} #{keypad_flag} #{keypad_cursor_flag} #{mouse_any_flag} #{mouse_button_flag} #{mouse_sgr_flag}'
}
SHELL_MODES="0 1 0 0 0 0 0"
GLOSA_MODES="1 0 1 1 1 1 1"          # mouse on: presses and drag motion
GLOSA_NOMOUSE="1 0 1 1 0 0 0"        # --no-mouse

# wait_modes WANT [SECONDS]: poll until modes says WANT.
wait_modes() {
	_t=$(( ${2:-10} * 20 ))
	while [ "$_t" -gt 0 ]; do
		[ "$(modes)" = "$1" ] && return 0
		sleep 0.05
		_t=$((_t - 1))
	done
	echo "modes: $(modes), want $1" | diag
	return 1
}

# last_line: the last line of the screen that is not blank.
last_line() { screen | grep -v '^ *$' | tail -n 1; }

# stopped: glosa is stopped and the shell prompt is back under the job
# message, with the terminal as the shell had it.
stopped() {
	_t=200
	while [ "$_t" -gt 0 ]; do
		if screen | grep -q '^\[1\]+ *Stopped' && [ "$(last_line)" = 'PROMPT$' ]; then
			break
		fi
		sleep 0.05
		_t=$((_t - 1))
	done
	[ "$_t" -gt 0 ] && wait_modes "$SHELL_MODES"
	_r=$?
	[ $_r -eq 0 ] || screen | diag
	return $_r
}

# resumed WANT_MODES: fg, and wait for the screen to come back and settle.
resumed() {
	run fg
	wait_modes "$1" && wait_status
}

# same NAME BEFORE: the screen (with attributes) comes to be BEFORE again.
same() {
	_t=200
	while _now=$(attrs) && [ "$_now" != "$2" ] && [ "$_t" -gt 0 ]; do
		sleep 0.05
		_t=$((_t - 1))
	done
	[ "$_now" = "$2" ]
	_r=$?
	if [ $_r -ne 0 ]; then
		{ echo "--- before"; printf '%s\n' "$2"; echo "--- after fg"; printf '%s\n' "$_now"; } |
			sed "s/$ESC/\\\\e/g" | diag
	fi
	ok $_r "$1"
}

# quit_status: q, then the status the shell saw.
quit_status() {
	keys q
	wait_modes "$SHELL_MODES" >/dev/null 2>&1
	run 'echo "[exit $?]"'
	_t=200
	while [ "$_t" -gt 0 ]; do
		_s=$(screen | sed -n 's/^\[exit \([0-9]*\)\]$/\1/p' | tail -n 1)
		[ -n "$_s" ] && break
		sleep 0.05
		_t=$((_t - 1))
	done
	echo "$_s"
}

# launch ARGS...: type the glosa command and wait for the tour, settled.
launch() {
	run "'$GLOSA' $*"
	wait_status
}

# changed OLD: poll until attrs is no longer OLD, then let it settle.
changed() {
	_t=200
	while [ "$(attrs)" = "$1" ] && [ "$_t" -gt 0 ]; do
		sleep 0.05
		_t=$((_t - 1))
	done
	settle
	[ "$_t" -gt 0 ]
}

# wait_status: wait for the reader's status line (the title, the percent
# read at the end), then for the screen to settle.
wait_status() {
	_t=200
	while [ "$_t" -gt 0 ]; do
		last_line | grep -q '^ A tour of glosa .* [0-9]*%$' && settle && return 0
		sleep 0.05
		_t=$((_t - 1))
	done
	screen | diag
	return 1
}

# ---- Ctrl-Z, fg, in the article -----------------------------------------

jshell 80 24
launch "'$TOUR'"
m=$(modes)
[ "$m" = "$GLOSA_MODES" ]
ok $? "the tour is shown, alternate screen, keypad and mouse on ($m)"
before=$(attrs)
keys C-z
stopped
ok $? "Ctrl-Z stops glosa: 'Stopped', the prompt, the terminal as it was"
r=0
if screen | grep -q "Reading long articles"; then r=1; screen | diag; fi
ok $r "nothing of the article is left on the shell's screen"
resumed "$GLOSA_MODES"
ok $? "fg: alternate screen, keypad and mouse (with drag motion) on again ($(modes))"
same "fg redraws the whole article as it was" "$before"

top=$(row 2)
old=$(attrs)
keys j
changed "$old" && [ "$(row 1)" = "$top" ]
ok $? "after fg keys still work: j scrolls one line"
before=$(attrs)
keys C-z
stopped && resumed "$GLOSA_MODES"
ok $? "a second Ctrl-Z and fg"
same "and the scrolled article is redrawn as it was" "$before"
st=$(quit_status)
[ "$st" = 0 ]
ok $? "q after fg quits with status 0 (got ${st:-none})"
wait_modes "$SHELL_MODES"
ok $? "and leaves the terminal restored"

# ---- Ctrl-Z in the help screen and in the contents pane -----------------

jshell 80 24
launch "'$TOUR'"
keys '?'
wait_for "glosa keys" 10 && settle
before=$(attrs)
keys C-z
stopped
ok $? "Ctrl-Z in the help screen stops glosa, terminal restored"
run fg
wait_modes "$GLOSA_MODES" && wait_for "glosa keys" 10 && settle
same "fg redraws the help screen as it was" "$before"
keys Escape
wait_gone "glosa keys" 10 && screen | grep -q "Reading long articles"
ok $? "and Esc closes it, back to the article"
st=$(quit_status)
[ "$st" = 0 ]
ok $? "then q quits with status 0 (got ${st:-none})"

# The contents pane, mouse off: fg must not turn the mouse on.
jshell 80 24
launch --no-mouse "'$TOUR'"
keys t
wait_for "Contents" 10 && settle
old=$(attrs)
keys j
changed "$old" && [ "$(modes)" = "$GLOSA_NOMOUSE" ]
ok $? "the contents pane is open, j moves its selection, --no-mouse: no mouse reporting ($(modes))"
before=$(attrs)
keys C-z
stopped
ok $? "Ctrl-Z in the contents pane stops glosa, terminal restored"
run fg
wait_modes "$GLOSA_NOMOUSE" && wait_for "Contents" 10 && settle
ok $? "fg with --no-mouse leaves mouse reporting off ($(modes))"
same "fg redraws the contents pane, its selection, and the article beside it" "$before"
keys Enter
wait_gone "Contents" 10
ok $? "and Enter in the pane jumps and closes it"
st=$(quit_status)
[ "$st" = 0 ]
ok $? "then q quits with status 0 (got ${st:-none})"

# The library view has its own key loop: Ctrl-Z works there too.
jshell 80 24
launch --library
wait_for "Library" 10 && settle
before=$(attrs)
keys C-z
stopped
ok $? "Ctrl-Z in the library stops glosa, terminal restored"
run fg
wait_for "Library" 10 && settle
same "fg redraws the library as it was" "$before"
keys q
wait_for 'PROMPT\$ $' 10
run 'echo "status=$?"'
wait_for "status=0" 10
ok $? "then q quits the library with status 0"

# ---- Resized while stopped ----------------------------------------------

# What glosa shows when started at 61x17: the reference.
jshell 61 17
launch "'$TOUR'"
want=$(attrs)
st=$(quit_status)

jshell 80 24
launch "'$TOUR'"
keys C-z
stopped
tm resize-window -t 0 -x 61 -y 17
wait_for 'PROMPT$' 10
run fg
wait_modes "$GLOSA_MODES" && wait_status
same "resized while stopped: fg lays the article out for 61x17, as a fresh start does" "$want"
st=$(quit_status)
[ "$st" = 0 ]
ok $? "then q quits with status 0 (got ${st:-none})"

# ---- Back from $EDITOR ----------------------------------------------------

# The editor leaves and takes back the terminal as fg does: the same modes,
# drag motion included, must come back.
# shellcheck disable=SC2016
printf '#!/bin/sh\nprintf "written in the editor\\n" > "$1"\n' > "$TMPD/ed.sh"
chmod +x "$TMPD/ed.sh"
EDITOR="$TMPD/ed.sh"
start 80 24 "'$GLOSA' '$TOUR'"
EDITOR=
wait_status
keys v Enter
wait_for "Highlighted" 10
keys E
wait_for "Note saved" 10 && wait_modes "$GLOSA_MODES"
ok $? "back from \$EDITOR: alternate screen, keypad and mouse (with drag motion) on again ($(modes))"
screen | grep -q "Reading long articles"
ok $? "and the article is drawn again"
keys q
wait_for "[exit 0]" 10
ok $? "then q quits with status 0"

# ---- A crash restores the terminal --------------------------------------

# Without job control, so that nothing but glosa restores the terminal:
# the shell prints the modes glosa left and its exit status.
after_script

for sig in SEGV ABRT; do
	rm -f "$TMPD/pid"
	# no core file in the working directory
	start 80 24 "ulimit -c 0; sh -c 'echo \$\$ > $TMPD/pid; exec \"\$0\" \"\$@\"' '$GLOSA' '$TOUR'; . $TMPD/after.sh"
	wait_status
	_t=0
	while [ ! -s "$TMPD/pid" ] && [ $_t -lt 100 ]; do sleep 0.1; _t=$((_t + 1)); done
	[ "$(modes)" = "$GLOSA_MODES" ]
	ok $? "SIG$sig: glosa is reading, alternate screen, keypad and mouse on"
	kill -s "$sig" "$(cat "$TMPD/pid")"
	wait_for "[exit" 10
	r=0
	wait_modes "$SHELL_MODES" || r=1
	screen | grep -q "\[modes \(echo icanon\|icanon echo\) \]" || r=1
	[ $r -eq 0 ] || screen | diag
	ok $r "after SIG$sig the terminal is restored (modes, alternate screen, cursor, keypad, mouse)"
	st=$(screen | sed -n 's/.*\[exit \([0-9]*\)\].*/\1/p' | tail -n 1)
	case $sig in SEGV) want=139 ;; ABRT) want=134 ;; esac
	[ -n "$st" ] && [ "$st" -eq "$want" ]
	ok $? "after SIG$sig glosa dies of it: status $want (got ${st:-none})"
done

finish
