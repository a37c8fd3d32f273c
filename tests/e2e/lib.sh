# Shared helpers for the end-to-end tests: TAP output and a private tmux
# server that runs the real binary in a real terminal. Source it.
#   GLOSA  the binary under test (set by make check)
#   TOUR   the tour article, DATA the test data folder

n=0
failed=0
SESSIONS=0
SOCK="glosa-e2e-$$-0"
TMPD=$(mktemp -d)
# Never touch the real ~/.local/share: annotations go to the test's folder.
XDG_DATA_HOME="$TMPD/data"
export XDG_DATA_HOME

ok() { # ok STATUS NAME: STATUS 0 passes
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

diag() { sed 's/^/# /'; }

tm() { tmux -L "$SOCK" -f /dev/null "$@"; }

cleanup() {
	_i=0
	while [ "$_i" -le "$SESSIONS" ]; do
		tmux -L "glosa-e2e-$$-$_i" kill-server 2>/dev/null
		_i=$((_i + 1))
	done
	rm -rf "$TMPD"
}
trap cleanup EXIT

# start COLS ROWS COMMAND...: a shell in a COLSxROWS terminal running
# COMMAND, then printing its exit status, then waiting.
start() {
	cols=$1 rows=$2
	shift 2
	# A fresh server each time: reusing a socket races with the old
	# server's exit.
	tm kill-server 2>/dev/null
	SESSIONS=$((SESSIONS + 1))
	SOCK="glosa-e2e-$$-$SESSIONS"
	printf '%s\n' "$*" > "$TMPD/cmd"
	tm new-session -d -x "$cols" -y "$rows" \
		"env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 PS1='\$ ' \
		 XDG_DATA_HOME='$XDG_DATA_HOME' EDITOR='${EDITOR:-vi}' VISUAL= \
		 bash --norc --noprofile -c '. $TMPD/cmd; echo \"[exit \$?]\"; sleep 600'"
	tm set-option -g status off >/dev/null
}

screen() { tm capture-pane -p -t 0 2>/dev/null; }

keys() { tm send-keys -t 0 "$@"; }   # named keys: Space Enter Escape PageDown ...
type_text() { tm send-keys -t 0 -l "$1"; }

# wait_for TEXT [SECONDS]: poll the screen until it shows TEXT (fixed string).
wait_for() {
	_t=$(( ${2:-5} * 20 ))
	while [ "$_t" -gt 0 ]; do
		if screen | grep -qF -- "$1"; then return 0; fi
		sleep 0.05
		_t=$((_t - 1))
	done
	return 1
}

# wait_gone TEXT [SECONDS]: poll until the screen no longer shows TEXT.
wait_gone() {
	_t=$(( ${2:-5} * 20 ))
	while [ "$_t" -gt 0 ]; do
		if ! screen | grep -qF -- "$1"; then return 0; fi
		sleep 0.05
		_t=$((_t - 1))
	done
	return 1
}

# settle: wait until two captures a moment apart agree.
settle() {
	_prev=""
	_i=0
	while [ "$_i" -lt 40 ]; do
		_cur=$(screen)
		if [ -n "$_prev" ] && [ "$_cur" = "$_prev" ]; then return 0; fi
		_prev=$_cur
		sleep 0.05
		_i=$((_i + 1))
	done
}

top_line() { screen | sed -n 1p; }
status_line() { screen | tail -n 1; }
# row N (1-based) of the screen
row() { screen | sed -n "${1}p"; }

# after_script: $TMPD/after.sh, for a shell to run once glosa has exited:
# it prints the terminal modes glosa left ("[modes echo icanon ]") and
# keeps glosa's exit status.
after_script() {
	cat > "$TMPD/after.sh" <<'EOF'
s=$?
m=$(stty -a | tr ' ;' '\n\n' | grep -x -e echo -e icanon -e -echo -e -icanon | tr '\n' ' ')
echo "[modes $m]"
(exit $s)
EOF
}

finish() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
	exit $?
}
