#!/bin/sh
# bench/run.sh: what `make bench` runs (see BENCHMARKS.md). For each size:
# generate the article, time the libyaml floor, `glosa --dump` and
# `grep -c -i`, then drive glosa and less through a pseudo-terminal, and
# print one table at the end. Settings come from the environment (the
# Makefile passes its BENCH_* variables):
#
#   GLOSA             the glosa binary (default ./glosa)
#   BENCH_BIN         folder holding gen, floor, ptydrive, timeit, annot_bench (./bench)
#   BENCH_SRCDIR      folder holding this script and report.awk
#   BENCH_DIR         where articles and raw samples go (bench/out)
#   BENCH_SIZES       article sizes (1M 10M 50M; K, M, G are powers of 1024)
#   BENCH_SEED        generator seed (1)
#   BENCH_HIGHLIGHTS  highlights in annotations.yaml (10000)
#   BENCH_KEYS        samples per kind of key (200)
#   BENCH_RUNS        fresh starts per program, runs of the timed commands (5)
#   BENCH_QUIET       quiet window in ms that ends a response (50)
set -eu

GLOSA=${GLOSA:-./glosa}
BENCH_BIN=${BENCH_BIN:-./bench}
BENCH_SRCDIR=${BENCH_SRCDIR:-$(dirname "$0")}
BENCH_DIR=${BENCH_DIR:-bench/out}
BENCH_SIZES=${BENCH_SIZES:-1M 10M 50M}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_HIGHLIGHTS=${BENCH_HIGHLIGHTS:-10000}
BENCH_KEYS=${BENCH_KEYS:-200}
BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_QUIET=${BENCH_QUIET:-50}

# Both programs see the same, plain environment: UTF-8, no user settings
# for less, no history file written.
LC_ALL=C.UTF-8
LESSHISTFILE=-
export LC_ALL LESSHISTFILE
unset LESS LESSOPEN LESSCLOSE LESSKEY LESSSECURE LANG LANGUAGE 2>/dev/null || true

LESS_BIN=$(command -v less || true)
if [ -z "$LESS_BIN" ]; then
	echo "bench: less is not installed (Debian: apt-get install less); its columns stay empty" >&2
fi

mkdir -p "$BENCH_DIR"
# glosa keeps highlights and the reading position under $XDG_DATA_HOME:
# every run starts from an empty folder of its own, so that no run starts
# where the last one stopped, and the reader's own files are never touched.
XDG_DATA_HOME=$(cd "$BENCH_DIR" && pwd)/xdg
export XDG_DATA_HOME
fresh() { rm -rf "$XDG_DATA_HOME" && mkdir -p "$XDG_DATA_HOME"; }
raw=$BENCH_DIR/raw.txt
: >"$raw"
: >"$BENCH_DIR/sessions.txt"
K=$BENCH_KEYS
Q=$BENCH_QUIET
drive() { # drive LABEL STEP... -- PROGRAM ARG...
	label=$1
	shift
	fresh
	"$BENCH_BIN/ptydrive" -s 80x24 -q "$Q" -l "$label" -r "$raw" "$@" \
		>>"$BENCH_DIR/sessions.txt" ||
		echo "bench: a $label session failed; see $BENCH_DIR/sessions.txt" >&2
}

{
	model=$(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
	mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
	echo "machine: $(nproc) CPUs ($model), $mem RAM, $(uname -sr)"
	echo "glosa: $("$GLOSA" --version); less: $(${LESS_BIN:-false} --version 2>/dev/null | head -n 1)"
	echo "start: $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
} >"$BENCH_DIR/machine.txt"

# What any session costs whatever the article (the program, its
# libraries, ncurses's screens, the row cache), measured on the built-in
# tour (a few KiB): the memory rows are also given above it.
tour=$BENCH_SRCDIR/../assets/tour.yaml
if [ -r "$tour" ]; then
	echo "bench: fixed costs: --dump and a short session on the tour" >&2
	"$BENCH_BIN/timeit" -n 1 -l base.dump -r "$raw" -- "$GLOSA" --dump "$tour" >/dev/null
	drive base.glosa \
		key line 20 j \
		key page 20 ' ' \
		alt end G start g 20 \
		resize resize 20 70x20 80x24 \
		quit q -- "$GLOSA" "$tour"
fi

for size in $BENCH_SIZES; do
	d=$BENCH_DIR/$size
	echo "bench: $size: generating" >&2
	"$BENCH_BIN/gen" --size "$size" --seed "$BENCH_SEED" --highlights "$BENCH_HIGHLIGHTS" \
		--out "$d" >&2
	yaml=$d/article.yaml
	txt=$d/article.txt
	echo "$size.meta.yaml_bytes $(wc -c <"$yaml")" >>"$raw"
	echo "$size.meta.txt_bytes $(wc -c <"$txt")" >>"$raw"
	echo "$size.meta.highlights $(grep -c '^  - id: ' "$d/annotations.yaml")" >>"$raw"

	# Fresh starts, interleaved so that every program meets the same
	# moments of a busy machine: the floor, glosa --check (load only),
	# glosa --dump, grep, then glosa and less in the pseudo-terminal: the
	# first screen, then a search that has to go through the whole
	# article (its only match is in the last block). glosa searches as the
	# pattern is typed; less when Enter is pressed. The response ends at
	# the first quiet window after "last page" (on the screen that shows
	# the match) has been drawn.
	echo "bench: $size: $BENCH_RUNS rounds of floor, --check, --dump, grep, annotations floor, fresh starts" >&2
	i=0
	while [ "$i" -lt "$BENCH_RUNS" ]; do
		fresh
		"$BENCH_BIN/timeit" -n 1 -l "$size.floor" -r "$raw" -- \
			"$BENCH_BIN/floor" "$yaml" >/dev/null
		"$BENCH_BIN/timeit" -n 1 -l "$size.check" -r "$raw" -- \
			"$GLOSA" --check "$yaml" >/dev/null
		"$BENCH_BIN/timeit" -n 1 -l "$size.dump" -r "$raw" -- \
			"$GLOSA" --dump "$yaml" >/dev/null
		"$BENCH_BIN/timeit" -n 1 -l "$size.grep" -r "$raw" -- \
			grep -c -i 'quetzalcóatl' "$txt" >/dev/null
		"$BENCH_BIN/timeit" -n 1 -l "$size.afloor" -r "$raw" -- \
			"$BENCH_BIN/floor" "$d/annotations.yaml" >/dev/null
		drive "$size.glosa" send / expect 'last page' key search 1 quetzalcoatl \
			quit '\rq' -- "$GLOSA" "$yaml"
		if [ -n "$LESS_BIN" ]; then
			drive "$size.less" send '/quetzalcóatl' expect 'last page' key search 1 '\r' \
				quit q -- "$LESS_BIN" -i "$txt"
		fi
		i=$((i + 1))
	done

	# The annotation rows, through the library (bench/annot_bench.c):
	# notebook_open of a fresh copy of annotations.yaml (read, parse,
	# anchor all highlights), then one change (saved at once), straight
	# after opening and, from another fresh copy, a second after; then a
	# second change.
	echo "bench: $size: $BENCH_RUNS rounds of annotation load + anchor and save" >&2
	"$BENCH_BIN/annot_bench" -n "$BENCH_RUNS" -l "$size.annot" -r "$raw" \
		-d "$XDG_DATA_HOME" "$yaml" "$d/annotations.yaml" >&2 ||
		echo "bench: annot_bench failed at $size" >&2

	# One reading session per program, $K keys of each kind.
	echo "bench: $size: glosa, $K keys of each kind" >&2
	drive "$size.glosa" \
		key line "$K" j \
		key page "$K" ' ' \
		alt end G start g "$K" \
		key section "$K" ']' \
		send '/vocacion\r' \
		key next "$K" n \
		resize resize "$K" 70x20 80x24 \
		quit q -- "$GLOSA" "$yaml"
	if [ -n "$LESS_BIN" ]; then
		# less has no "next section": a search for the headings' pattern
		# (a section number, then a space, at the start of a line), then n.
		echo "bench: $size: less, $K keys of each kind" >&2
		drive "$size.less" \
			key line "$K" j \
			key page "$K" ' ' \
			alt end G start g "$K" \
			send '/^[0-9]+(\.[0-9]+)* \r' \
			key section "$K" n \
			send g \
			send '/vocación\r' \
			key next "$K" n \
			resize resize "$K" 70x20 80x24 \
			quit q -- "$LESS_BIN" -i "$txt"
	fi
	# The least an ncurses program does for the same keys (it has no
	# sections and no search): how much of a key is ncurses's own update.
	echo "bench: $size: bare ncurses pager, $K keys of each kind" >&2
	drive "$size.curses" \
		key line "$K" j \
		key page "$K" ' ' \
		alt end G start g "$K" \
		resize resize "$K" 70x20 80x24 \
		quit q -- "$BENCH_BIN/curses_pager" "$txt"
done

echo "end: $(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" \
	>>"$BENCH_DIR/machine.txt"
sort -k1,1 -k2,2g "$raw" >"$BENCH_DIR/sorted.txt"
cat "$BENCH_DIR/machine.txt"
echo
awk -v sizes="$BENCH_SIZES" -f "$BENCH_SRCDIR/report.awk" "$BENCH_DIR/sorted.txt" |
	tee "$BENCH_DIR/table.md"
