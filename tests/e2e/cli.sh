#!/bin/sh
# The command line without a terminal: --dump, --toc, --check, --help,
# --version, and the exit statuses of sysexits.h.
. "$(dirname "$0")/lib.sh"
D="$DATA/cli"

out=$("$GLOSA" --toc "$D/small.yaml"); rc=$?
[ $rc -eq 0 ] && [ "$out" = "$(printf '1 First\n2 Second\n  2.1 Nested')" ]
ok $? "--toc prints the numbered contents"

out=$("$GLOSA" --dump --width 40 "$D/small.yaml"); rc=$?
expected='A small article
Ana Pérez, Jonas Brandt · 2026-11-28

────────────────────────────────────────

1 First

A paragraph with emphasis and a link.

  │ Said once.
  │ — Somebody


2 Second

2.1 Nested

  • one
  • two

  make check
'
[ $rc -eq 0 ] && [ "$out" = "$(printf '%s' "$expected")" ]
ok $? "--dump --width 40 prints the laid-out text"
[ $rc -eq 0 ] || echo "$out" | diag

out=$("$GLOSA" --dump --color=always "$D/small.yaml")
printf '%s' "$out" | grep -q "$(printf '\033')\[0;3m"
ok $? "--color=always uses SGR attributes (italic for emphasis)"
out=$("$GLOSA" --dump "$D/small.yaml")
printf '%s' "$out" | grep -q "$(printf '\033')"
ok $(( ! $? )) "--dump writes no escape sequence by default"
out=$("$GLOSA" "$D/small.yaml" | head -1)
[ "$out" = "A small article" ]
ok $? "without a terminal on standard output, glosa prints the text like less"

out=$("$GLOSA" --dump "$D/hostile.yaml")
printf '%s' "$out" | LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')"
ok $(( ! $? )) "control characters from the article never reach the output"
printf '%s' "$out" | LC_ALL=C grep -q "$(printf '\302\233')\|$(printf '\342\200\256')"
ok $(( ! $? )) "C1 controls and bidi overrides never reach the output"
printf '%s' "$out" | grep -q "␛\]0;pwned␇"
ok $? "they are shown as visible symbols instead"

out=$("$GLOSA" --dump - < "$D/small.yaml" | head -1)
[ "$out" = "A small article" ]
ok $? "- reads the article from standard input"

"$GLOSA" --check "$D/small.yaml" "$D/hostile.yaml" > "$TMPD/out"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$TMPD/out" ]
ok $? "--check is silent and exits 0 on good articles"
"$GLOSA" --check "$D/small.yaml" "$D/typo.yaml" "$D/syntax.yaml" > "$TMPD/out"; rc=$?
[ $rc -eq 65 ]
ok $? "--check exits 65 on a bad article (got $rc)"
grep -qx "$D/typo.yaml:3:5: unknown key 'tittle' in section (did you mean 'title'?)" "$TMPD/out"
ok $? "--check names file, line and column with a suggestion"
[ "$(wc -l < "$TMPD/out")" -eq 2 ]
ok $? "--check prints one line per bad article"
grep -q "^$D/syntax.yaml:[0-9]*:[0-9]*: " "$TMPD/out"
ok $? "a YAML syntax error has a position too"

"$GLOSA" --dump "$D/typo.yaml" > "$TMPD/out" 2> "$TMPD/err"; rc=$?
[ $rc -eq 65 ] && [ ! -s "$TMPD/out" ] && grep -q "typo.yaml:3:5: unknown key" "$TMPD/err"
ok $? "a broken article: message on stderr, exit 65"
"$GLOSA" "$D/no-such-file.yaml" 2> "$TMPD/err"; rc=$?
[ $rc -eq 66 ] && grep -q "no-such-file.yaml: No such file or directory" "$TMPD/err"
ok $? "a missing file exits 66 with a message"
"$GLOSA" --dump "$D" 2> "$TMPD/err"; rc=$?
[ $rc -eq 66 ] && grep -q "Is a directory" "$TMPD/err"
ok $? "a directory exits 66"
"$GLOSA" --width 0 "$D/small.yaml" 2> "$TMPD/err"; rc=$?
[ $rc -eq 64 ] && grep -q "invalid width '0'" "$TMPD/err"
ok $? "a bad --width exits 64"
"$GLOSA" --frobnicate 2> "$TMPD/err"; rc=$?
[ $rc -eq 64 ] && grep -q "unknown option '--frobnicate'" "$TMPD/err"
ok $? "an unknown option exits 64"
"$GLOSA" a b 2> /dev/null; rc=$?
[ $rc -eq 64 ]
ok $? "two articles exit 64"
"$GLOSA" --check 2> /dev/null; rc=$?
[ $rc -eq 64 ]
ok $? "--check with no article exits 64"

cp "$D/small.yaml" "$TMPD/self.yaml"
"$GLOSA" --dump -o "$TMPD/self.yaml" "$TMPD/self.yaml" 2> "$TMPD/err"; rc=$?
[ $rc -eq 73 ] && cmp -s "$D/small.yaml" "$TMPD/self.yaml" && grep -q "the article itself" "$TMPD/err"
ok $? "-o never writes over the article it reads (exit 73)"
"$GLOSA" --dump -o "$TMPD/dump.txt" "$D/small.yaml"; rc=$?
[ $rc -eq 0 ] && head -1 "$TMPD/dump.txt" | grep -qx "A small article"
ok $? "-o writes the dump to a file"

out=$("$GLOSA" --help); rc=$?
[ $rc -eq 0 ] && echo "$out" | grep -q "^Usage: glosa" && echo "$out" | grep -q -- "--dump"
ok $? "--help prints usage and exits 0"
out=$("$GLOSA" --version); rc=$?
[ $rc -eq 0 ] && echo "$out" | grep -Eq "^glosa [0-9]+\.[0-9]+"
ok $? "--version prints the version"

out=$("$GLOSA" --toc); rc=$?
[ $rc -eq 0 ] && echo "$out" | grep -q "^1 What glosa is"
ok $? "with no ARTICLE the built-in tour is used"
"$GLOSA" --check "$TOUR" > "$TMPD/out"; rc=$?
[ $rc -eq 0 ]
ok $? "the tour passes --check"
[ "$("$GLOSA" --dump --width 80 "$TOUR" | wc -L)" -le 80 ]
ok $? "the tour's dump at width 80 has no line over 80 characters"

finish
