#!/bin/sh
# Hostile input: every file of the bad-input collection (tests/data/bad,
# outcomes in its EXPECT manifest), huge generated articles with time and
# memory bounds, and files that are not files: a directory, a FIFO, a
# device, an unreadable file, a file that vanished. Nothing may crash
# (status >= 128), hang, eat memory, or let a control character from the
# article reach the output.
. "$(dirname "$0")/lib.sh"
B="$DATA/bad"

# A sanitizer build is slower and bigger: widen the bounds.
slow=1
if LC_ALL=C grep -qa __asan_init "$GLOSA" 2>/dev/null; then slow=8; fi
TIME=/usr/bin/time
[ -x "$TIME" ] && "$TIME" -f %M true >/dev/null 2>&1 || TIME=

ESC=$(printf '\033')
# Raw C0 (but tab and newline), DEL, C1 (as UTF-8), and the bidi controls
# U+061C U+200E U+200F U+202A-U+202E U+2066-U+2069.
UNSAFE="$(printf '[\001-\010\013-\037\177]')\|$(printf '\302[\200-\237]')\|$(printf '\342\200[\216\217\252-\256]')\|$(printf '\342\201[\246-\251]')\|$(printf '\330\234')"

# unsafe FILE...: does any file hold a raw control character?
unsafe() { LC_ALL=C grep -q "$UNSAFE" "$@"; }

# widest FILE: the widest line in columns
widest() { LC_ALL=C.UTF-8 wc -L < "$1"; }

# run SECONDS ARGS...: glosa with a time limit; stdout to $TMPD/out,
# stderr to $TMPD/err, status in $rc.
run() {
	_s=$(( $1 * slow ))
	shift
	timeout -k 2 "$_s" "$GLOSA" "$@" > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
}

# peak KB ARGS...: glosa's peak resident memory in KB ($kb; empty when
# GNU time is missing), status in $rc; the end of the output is appended to $TMPD/err.
peak() {
	_s=$(( $1 * slow ))
	shift
	if [ -n "$TIME" ]; then
		timeout -k 2 "$_s" "$TIME" -o "$TMPD/time" -f %M "$GLOSA" "$@" > "$TMPD/out" 2> "$TMPD/err"
		rc=$?
		tail -n 2 "$TMPD/out" >> "$TMPD/err"
		kb=$(tail -n 1 "$TMPD/time")
		case $kb in *[!0-9]*|'') kb=;; esac
	else
		timeout -k 2 "$_s" "$GLOSA" "$@" > "$TMPD/out" 2> "$TMPD/err"
		rc=$?
		tail -n 2 "$TMPD/out" >> "$TMPD/err"
		kb=
	fi
}

# within KB LIMIT: a peak within the limit (any peak when unmeasured or
# under ASan, whose shadow memory is not the program's).
within() { [ -z "$1" ] || [ "$slow" -ne 1 ] || [ "$1" -le "$2" ]; }

# todo STATUS NAME: a known bug; automake counts it as an expected failure
# (and as an unexpected pass, to be noticed, once it is fixed).
todo() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2 # TODO known bug"; else echo "not ok $n - $2 # TODO known bug"; fi
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# ---- The collection --------------------------------------------------

grep -v '^#' "$B/EXPECT" | grep -v '^[[:space:]]*$' > "$TMPD/expect"
count=$(wc -l < "$TMPD/expect")
[ "$count" -ge 40 ] && [ "$(find "$B" -maxdepth 1 -type f ! -name EXPECT ! -name "*.annotations" | wc -l)" -eq "$count" ]
ok $? "the collection has $count files, each listed in EXPECT"

while read -r file status mode text; do
	why=
	case $mode in
	check) # --check reports on standard output, one line per article
		run 10 --check "$B/$file"
		cat "$TMPD/out" >> "$TMPD/err"
		: > "$TMPD/out"
		;;
	dump) run 10 --dump --width 60 "$B/$file" ;;
	notes)
		notes="$TMPD/notes.yaml" # a copy: the source tree may be read-only
		cp "$B/${file%.yaml}.annotations" "$notes"
		: > "$TMPD/all"
		for m in --dump --highlights --export=markdown; do
			run 10 "$m" --width 60 --annotations="$notes" "$B/$file"
			cat "$TMPD/out" "$TMPD/err" >> "$TMPD/all"
			[ "$rc" -eq "$status" ] || break
		done
		cp "$TMPD/all" "$TMPD/out"
		: > "$TMPD/err"
		;;
	*) why="unknown mode $mode" ;;
	esac
	if [ -z "$why" ]; then
		if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then why="took more than $((10 * slow)) s"
		elif [ "$rc" -ge 128 ]; then why="killed by signal $((rc - 128))"
		elif [ "$rc" -ne "$status" ]; then why="exit $rc, expected $status"
		elif [ "$status" -eq 0 ] && ! grep -qF -- "$text" "$TMPD/out"; then why="output lacks '$text'"
		elif [ "$status" -ne 0 ] && ! grep -qF -- "$text" "$TMPD/err"; then why="message lacks '$text'"
		elif [ "$status" -ne 0 ] && ! grep -qF -- "$file" "$TMPD/err"; then why="message does not name the file"
		elif [ "$status" -ne 0 ] && [ -s "$TMPD/out" ]; then why="wrote to standard output"
		elif unsafe "$TMPD/out" "$TMPD/err"; then why="raw control characters in the output"
		elif [ "$mode" = dump ] && [ "$(widest "$TMPD/out")" -gt 60 ]; then why="a line wider than 60 columns"
		fi
	fi
	[ -z "$why" ]
	ok $? "$file: exit $status, '$text'${why:+ ($why)}"
	[ -z "$why" ] || { echo "exit $rc"; head -c 600 "$TMPD/err"; } | diag
done < "$TMPD/expect"

# The terminal path (no --dump): standard output is not a terminal here,
# so glosa prints like less, through the same sanitising.
fails=
for f in esc-title-cursor esc-paragraph-osc52 esc-heading-osc0 esc-dcs esc-code-block raw-controls raw-c1 bidi-overrides; do
	run 10 "$B/$f.yaml"
	{ [ "$rc" -eq 0 ] && ! unsafe "$TMPD/out"; } || fails="$fails $f"
done
[ -z "$fails" ]
ok $? "printing without --dump is just as safe${fails:+ (failed:$fails)}"

# ---- Huge articles, generated ----------------------------------------

# A 50 MB single-line paragraph.
{
	printf 'title: Big\nsections:\n  - title: One\n    blocks:\n      - '
	yes 'lorem ipsum dolor sit amet vocación Straße 中文' | head -c 52428800 | tr '\n' ' '
	printf 'the end\n'
} > "$TMPD/para50.yaml"
size=$(( $(wc -c < "$TMPD/para50.yaml") / 1024 ))
peak 30 --dump --width 60 "$TMPD/para50.yaml"
[ "$rc" -eq 0 ] && within "$kb" $((size * 6))
ok $? "a 50 MB single-line paragraph: exit 0 in 30 s, peak ${kb:-?} KB <= 6x its ${size} KB (exit $rc)"
rm -f "$TMPD/para50.yaml"

# 100,000 sections.
awk 'BEGIN { print "title: Many"; print "sections:";
	for (i = 1; i <= 100000; i++) { print "  - title: Section " i; print "    blocks: [Text of section " i ".]" } }' \
	> "$TMPD/sec100k.yaml"
size=$(( $(wc -c < "$TMPD/sec100k.yaml") / 1024 ))
peak 20 --dump --width 60 "$TMPD/sec100k.yaml"
[ "$rc" -eq 0 ] && within "$kb" $((size * 6 + 20000))
ok $? "100,000 sections: exit 0 in 20 s, peak ${kb:-?} KB (file ${size} KB; exit $rc)"
run 20 --toc "$TMPD/sec100k.yaml"
[ "$rc" -eq 0 ] && [ "$(wc -l < "$TMPD/out")" -eq 100000 ] && tail -n 1 "$TMPD/out" | grep -qx "100000 Section 100000"
ok $? "100,000 sections: --toc lists them all"

# Sections nested 10,000 deep (flow style, so the file stays small).
awk 'BEGIN { printf "title: T\nsections: ";
	for (i = 0; i < 10000; i++) printf "[{title: x, sections: ";
	printf "[]"; for (i = 0; i < 10000; i++) printf "}]"; print "" }' > "$TMPD/nest.yaml"
peak 5 --check "$TMPD/nest.yaml"
[ "$rc" -eq 65 ] && grep -q "nesting deeper than 64 levels" "$TMPD/err" && within "$kb" 20000
ok $? "sections nested 10,000 deep: refused at 64 levels (exit $rc, peak ${kb:-?} KB)"
# 100,000 flow sequences opened, never closed.
awk 'BEGIN { printf "title: T\nsummary: "; for (i = 0; i < 100000; i++) printf "["; print "" }' > "$TMPD/open.yaml"
peak 5 --check "$TMPD/open.yaml"
[ "$rc" -eq 65 ] && within "$kb" 20000
ok $? "100,000 unclosed [ in a value: refused quickly (exit $rc, peak ${kb:-?} KB)"

# A 100,000-item list and a 200,000-line code block.
awk 'BEGIN { print "title: T\nsections:\n  - title: One\n    blocks:\n      - list:";
	for (i = 0; i < 100000; i++) print "          - item " i;
	print "      - code: |"; for (i = 0; i < 200000; i++) print "          line " i }' > "$TMPD/long.yaml"
run 20 --dump --width 60 "$TMPD/long.yaml"
[ "$rc" -eq 0 ] && grep -q "line 199999" "$TMPD/out" && [ "$(widest "$TMPD/out")" -le 60 ]
ok $? "a 100,000-item list and a 200,000-line code block (exit $rc)"

# Inline markup that never closes: each opener must not rescan the rest
# of the paragraph (a linear parser takes well under a second).
para() { printf 'title: T\nsections:\n  - title: One\n    blocks:\n      - "'; awk "BEGIN { for (i = 0; i < $1; i++) printf \"$2\" }"; printf '"\n'; }
para 200000 '[' > "$TMPD/brackets.yaml"
run 5 --dump "$TMPD/brackets.yaml"
ok $([ "$rc" -eq 0 ]; echo $?) "200,000 unclosed [ in a paragraph: done in 5 s (exit $rc)"
para 100000 '*a ' > "$TMPD/stars.yaml"
run 5 --dump "$TMPD/stars.yaml"
ok $([ "$rc" -eq 0 ]; echo $?) "100,000 unclosed * in a paragraph: done in 5 s (exit $rc)"
para 100000 '`' > "$TMPD/ticks.yaml"
run 5 --dump "$TMPD/ticks.yaml"
[ "$rc" -eq 0 ]
ok $? "100,000 backticks in a paragraph: done in 5 s (exit $rc)"
para 500000 'word *em* ' > "$TMPD/spans.yaml"
run 5 --dump --width 60 "$TMPD/spans.yaml"
ok $([ "$rc" -eq 0 ]; echo $?) "a 5 MB paragraph with 500,000 emphasised words: laid out in 5 s (exit $rc)"
rm -f "$TMPD"/brackets.yaml "$TMPD"/stars.yaml "$TMPD"/ticks.yaml "$TMPD"/spans.yaml

# ---- Not regular files -----------------------------------------------

run 5 --dump "$B"
[ "$rc" -eq 66 ] && grep -q "Is a directory" "$TMPD/err"
ok $? "a directory: exit 66, 'Is a directory' (exit $rc)"

mkfifo "$TMPD/fifo"
# A writer that is there before glosa opens the FIFO (glosa does not
# wait for one that comes later): opening it read-write never blocks, so
# the writer holds it, says it is ready, writes, and closes a second
# later. It gives up after a while, so that a glosa that never reads
# fails the test instead of hanging it.
rm -f "$TMPD/ready"
timeout 20 sh -c 'exec 3<>"$2"; : > "$3"; cat "$1" >&3; sleep 1' \
	sh "$DATA/cli/small.yaml" "$TMPD/fifo" "$TMPD/ready" &
_t=200
while [ ! -e "$TMPD/ready" ] && [ "$_t" -gt 0 ]; do sleep 0.05; _t=$((_t - 1)); done
run 10 --dump "$TMPD/fifo"
wait
[ "$rc" -eq 0 ] && grep -q "A small article" "$TMPD/out"
ok $? "a FIFO with a writer is read like a pipe (exit $rc)"
run 3 --check "$TMPD/fifo"
ok $([ "$rc" -ne 124 ] && [ "$rc" -ne 137 ]; echo $?) "a FIFO nobody writes to does not hang (exit $rc)"
rm -f "$TMPD/fifo"

peak 30 --check /dev/zero
[ "$rc" -eq 66 ] && grep -q "File too large" "$TMPD/err" && within "$kb" 600000
ok $? "an endless device (/dev/zero): exit 66 'File too large', peak ${kb:-?} KB (exit $rc)"
run 5 --check /dev/null
[ "$rc" -eq 65 ] && grep -q "empty file" "$TMPD/out"
ok $? "/dev/null: an empty article, exit 65 (exit $rc)"

cp "$DATA/cli/small.yaml" "$TMPD/locked.yaml"
chmod 000 "$TMPD/locked.yaml"
if [ "$(id -u)" -ne 0 ]; then
	run 5 --check "$TMPD/locked.yaml"
	[ "$rc" -eq 66 ] && grep -q "Permission denied" "$TMPD/out"
	ok $? "an unreadable file: exit 66, 'Permission denied' (exit $rc)"
elif command -v setpriv > /dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$GLOSA" 2>/dev/null; then
	chmod 755 "$TMPD"
	timeout 5 setpriv --reuid=65534 --regid=65534 --clear-groups "$GLOSA" --check "$TMPD/locked.yaml" > "$TMPD/out" 2> "$TMPD/err"
	rc=$?
	chmod 700 "$TMPD"
	[ "$rc" -eq 66 ] && grep -q "Permission denied" "$TMPD/out"
	ok $? "an unreadable file (as nobody): exit 66, 'Permission denied' (exit $rc)"
else
	skip "an unreadable file" "root, and no setpriv to become nobody"
fi

ln -s "$TMPD/gone.yaml" "$TMPD/dangling.yaml"
run 5 --check "$TMPD/dangling.yaml"
[ "$rc" -eq 66 ] && grep -q "No such file or directory" "$TMPD/out"
ok $? "a file that vanished (a dangling link): exit 66 (exit $rc)"
# Removed while open: glosa reads it through a descriptor opened before
# the file was deleted.
cp "$DATA/cli/small.yaml" "$TMPD/doomed.yaml"
exec 3< "$TMPD/doomed.yaml"
rm "$TMPD/doomed.yaml"
timeout 5 "$GLOSA" --dump /dev/fd/3 > "$TMPD/out" 2> "$TMPD/err"; rc=$?
exec 3<&-
[ "$rc" -eq 0 ] && grep -q "A small article" "$TMPD/out"
ok $? "a file deleted while open is still read whole (exit $rc)"
# Truncated by someone else while glosa runs: a FIFO writer that stops
# in the middle of a scalar.
mkfifo "$TMPD/fifo2"
timeout 20 sh -c 'head -c 60 "$1" > "$2"' sh "$DATA/cli/small.yaml" "$TMPD/fifo2" &
run 5 --check "$TMPD/fifo2"
wait
[ "$rc" -eq 65 ] || [ "$rc" -eq 0 ]
ok $? "an article cut short mid-stream: a clear outcome, no crash (exit $rc)"
[ "$rc" -eq 0 ] || head -c 300 "$TMPD/out" | diag

finish
