# libFuzzer targets (issue 6): ./configure --enable-fuzzing, then
#   make fuzz                  build every target and run each FUZZ_SECONDS
#   make fuzz FUZZ_SECONDS=30  (CI)    make fuzz FUZZ_TARGETS=fuzz_markup
#   make fuzz-build            build only
# The targets are built with clang -fsanitize=fuzzer,address,undefined
# from the core sources (libglosa_a_SOURCES) by their own rules, so the
# normal build is untouched. Corpora grow in tests/fuzz/out/NAME.corpus/ (seeded
# from tests/fuzz/corpus/NAME/); a crash is saved there as crash-* and
# stops `make fuzz`: turn it into a regression test in make check.
# Include this after EXTRA_DIST.

FUZZ_SECONDS = 60
FUZZ_ALL = fuzz_loader fuzz_store fuzz_markup fuzz_layout fuzz_search fuzz_config \
	fuzz_markdown fuzz_text
FUZZ_TARGETS = $(FUZZ_ALL)
FUZZ_FLAGS = -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_DIR = tests/fuzz

EXTRA_DIST += $(FUZZ_DIR)/fuzz.mk $(FUZZ_DIR)/README $(FUZZ_DIR)/corpus \
	$(FUZZ_DIR)/yaml.dict $(FUZZ_DIR)/markup.dict \
	$(FUZZ_DIR)/fuzz_loader.c $(FUZZ_DIR)/fuzz_store.c $(FUZZ_DIR)/fuzz_markup.c \
	$(FUZZ_DIR)/fuzz_layout.c $(FUZZ_DIR)/fuzz_search.c $(FUZZ_DIR)/fuzz_config.c \
	$(FUZZ_DIR)/fuzz_markdown.c $(FUZZ_DIR)/fuzz_text.c $(FUZZ_DIR)/fuzz_import.h \
	$(FUZZ_DIR)/markdown.dict

if ENABLE_FUZZING
FUZZ_CPPFLAGS = -I$(top_builddir) -I$(top_srcdir)/include -I$(top_srcdir)/src \
	-DGLOSA_DATADIR='"$(pkgdatadir)"' $(YAML_CFLAGS) $(CMARK_CFLAGS)

# The core, compiled once with coverage and sanitizers (no fuzzer main).
$(FUZZ_DIR)/out/libglosa-fuzz.a: $(libglosa_a_SOURCES:%=$(top_srcdir)/%)
	@mkdir -p $(FUZZ_DIR)/out/obj
	$(AM_V_GEN)objs=; for f in $(libglosa_a_SOURCES); do \
	  o=$(FUZZ_DIR)/out/obj/`echo $$f | sed 's|/|_|g; s|\.c$$|.o|'`; \
	  $(FUZZ_CC) -std=c11 $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link,address,undefined \
	    $(FUZZ_CPPFLAGS) -c -o $$o $(top_srcdir)/$$f || exit 1; \
	  objs="$$objs $$o"; \
	done; rm -f $@; $(AR) cr $@ $$objs && $(RANLIB) $@

FUZZ_LINK = $(FUZZ_CC) -std=c11 $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined \
	$(FUZZ_CPPFLAGS) -o $@ $(top_srcdir)/$(FUZZ_DIR)/`basename $@`.c \
	$(FUZZ_DIR)/out/libglosa-fuzz.a $(YAML_LIBS) $(CMARK_LIBS) $(UNISTRING_LIBS) $(LIBS)
$(FUZZ_DIR)/out/fuzz_loader: $(FUZZ_DIR)/fuzz_loader.c $(FUZZ_DIR)/out/libglosa-fuzz.a
	$(AM_V_CCLD)$(FUZZ_LINK)
$(FUZZ_DIR)/out/fuzz_store: $(FUZZ_DIR)/fuzz_store.c $(FUZZ_DIR)/out/libglosa-fuzz.a
	$(AM_V_CCLD)$(FUZZ_LINK)
$(FUZZ_DIR)/out/fuzz_markup: $(FUZZ_DIR)/fuzz_markup.c $(FUZZ_DIR)/out/libglosa-fuzz.a
	$(AM_V_CCLD)$(FUZZ_LINK)
$(FUZZ_DIR)/out/fuzz_layout: $(FUZZ_DIR)/fuzz_layout.c $(FUZZ_DIR)/out/libglosa-fuzz.a
	$(AM_V_CCLD)$(FUZZ_LINK)
$(FUZZ_DIR)/out/fuzz_search: $(FUZZ_DIR)/fuzz_search.c $(FUZZ_DIR)/out/libglosa-fuzz.a
	$(AM_V_CCLD)$(FUZZ_LINK)
$(FUZZ_DIR)/out/fuzz_config: $(FUZZ_DIR)/fuzz_config.c $(FUZZ_DIR)/out/libglosa-fuzz.a
	$(AM_V_CCLD)$(FUZZ_LINK)
$(FUZZ_DIR)/out/fuzz_markdown: $(FUZZ_DIR)/fuzz_markdown.c $(FUZZ_DIR)/fuzz_import.h \
		$(FUZZ_DIR)/out/libglosa-fuzz.a
	$(AM_V_CCLD)$(FUZZ_LINK)
$(FUZZ_DIR)/out/fuzz_text: $(FUZZ_DIR)/fuzz_text.c $(FUZZ_DIR)/fuzz_import.h \
		$(FUZZ_DIR)/out/libglosa-fuzz.a
	$(AM_V_CCLD)$(FUZZ_LINK)

fuzz-build:
	@for t in $(FUZZ_TARGETS); do \
	  $(MAKE) $(AM_MAKEFLAGS) --no-print-directory $(FUZZ_DIR)/out/$$t || exit 1; done

# -max_len per target: articles and annotation files are bigger than a
# line of markup or a search pattern.
fuzz: fuzz-build
	@for t in $(FUZZ_TARGETS); do \
	  case $$t in \
	    fuzz_loader|fuzz_store|fuzz_config) len=16384; dict=yaml.dict;; \
	    fuzz_layout) len=8192; dict=markup.dict;; \
	    fuzz_markup) len=4096; dict=markup.dict;; \
	    fuzz_markdown|fuzz_text) len=8192; dict=markdown.dict;; \
	    *) len=1024; dict=markup.dict;; \
	  esac; \
	  mkdir -p $(FUZZ_DIR)/out/$$t.corpus; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_DIR)/out/$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$$len \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -dict=$(top_srcdir)/$(FUZZ_DIR)/$$dict \
	    -artifact_prefix=$(FUZZ_DIR)/out/$$t- \
	    $(FUZZ_DIR)/out/$$t.corpus $(top_srcdir)/$(FUZZ_DIR)/corpus/$$t \
	    > $(FUZZ_DIR)/out/$$t.log 2>&1 || { tail -60 $(FUZZ_DIR)/out/$$t.log; exit 1; }; \
	  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' $(FUZZ_DIR)/out/$$t.log; \
	done
else
fuzz fuzz-build:
	@echo "make fuzz: configure with --enable-fuzzing (needs clang)" >&2; exit 1
endif

clean-local: clean-fuzz
clean-fuzz:
	rm -rf $(FUZZ_DIR)/out

.PHONY: fuzz fuzz-build clean-fuzz
