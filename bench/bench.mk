# Benchmarks (issue 7): `make bench`, see BENCHMARKS.md. Never built by
# `make` or `make check`: the programs are EXTRA_PROGRAMS, built only as
# prerequisites of `bench`. Override any setting on the command line:
#
#   make bench BENCH_SIZES=1M BENCH_KEYS=50
BENCH_SIZES = 1M 10M 50M
BENCH_SEED = 1
BENCH_HIGHLIGHTS = 10000
BENCH_KEYS = 200
BENCH_RUNS = 5
BENCH_QUIET = 50
BENCH_DIR = bench/out
# The glosa measured (e.g. a copy, so that a rebuild during the run does not
# change it); `make bench` still builds ./glosa first.
BENCH_GLOSA = ./glosa$(EXEEXT)

EXTRA_PROGRAMS = bench/gen bench/floor bench/ptydrive bench/timeit bench/annot_bench \
	bench/search_bench bench/curses_pager

# The generator links the core: what it describes is what glosa shows.
bench_gen_SOURCES = bench/gen.c
bench_gen_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS)
bench_gen_LDADD = $(CORE_LIBS)

bench_floor_SOURCES = bench/floor.c
bench_floor_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS)
bench_floor_LDADD = $(YAML_LIBS)

bench_ptydrive_SOURCES = bench/ptydrive.c
bench_ptydrive_LDADD = -lutil

bench_timeit_SOURCES = bench/timeit.c
bench_timeit_LDADD =

# The annotation rows: load + anchor and save, through the library.
bench_annot_bench_SOURCES = bench/annot_bench.c
bench_annot_bench_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS)
bench_annot_bench_LDADD = $(CORE_LIBS)

# The keys' second reference: the least an ncurses pager does per key.
bench_curses_pager_SOURCES = bench/curses_pager.c
bench_curses_pager_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSESW_CFLAGS)
bench_curses_pager_LDADD = $(NCURSESW_LIBS)

# Not run by `make bench`: the first search without the terminal, for
# profiling (`make bench/search_bench`; see BENCHMARKS.md).
bench_search_bench_SOURCES = bench/search_bench.c
bench_search_bench_LDADD = $(CORE_LIBS)

EXTRA_DIST += bench/gen.c bench/floor.c bench/ptydrive.c bench/timeit.c bench/annot_bench.c \
	bench/search_bench.c bench/curses_pager.c bench/clock.h \
	bench/run.sh bench/report.awk BENCHMARKS.md
CLEANFILES += $(EXTRA_PROGRAMS)

BENCH_TOOLS = bench/gen$(EXEEXT) bench/floor$(EXEEXT) \
	bench/ptydrive$(EXEEXT) bench/timeit$(EXEEXT) bench/annot_bench$(EXEEXT) \
	bench/curses_pager$(EXEEXT)

.PHONY: bench bench-clean
bench: glosa$(EXEEXT) $(BENCH_TOOLS)
	GLOSA='$(BENCH_GLOSA)' BENCH_BIN=./bench BENCH_SRCDIR='$(srcdir)/bench' \
	BENCH_DIR='$(BENCH_DIR)' BENCH_SIZES='$(BENCH_SIZES)' BENCH_SEED='$(BENCH_SEED)' \
	BENCH_HIGHLIGHTS='$(BENCH_HIGHLIGHTS)' BENCH_KEYS='$(BENCH_KEYS)' \
	BENCH_RUNS='$(BENCH_RUNS)' BENCH_QUIET='$(BENCH_QUIET)' \
	$(SHELL) '$(srcdir)/bench/run.sh'

# Generated articles and samples (about 1.5 times the sizes benchmarked).
bench-clean:
	-rm -rf '$(BENCH_DIR)'
clean-local: bench-clean
