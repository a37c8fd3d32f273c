#include "config.h"

/* The config file: where it is looked for, labels read and folded, and
 * every kind of trouble reported as PATH:LINE:COLUMN with the defaults (a
 * file that is not YAML we accept) or the rest of the file (one bad entry)
 * still used. Fixtures are in tests/data/config. */

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unistr.h>

#include "glosa/config.h"
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"
#include "tap.h"

static char tmp_root[] = "/tmp/glosa-config-XXXXXX";

static char *fixture(const char *name)
{
	const char *data = getenv("DATA") ? getenv("DATA") : "tests/data";
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/config/%s", data, name);
	return strbuf_detach(&sb, NULL);
}

static char *in_tmp(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", tmp_root, name);
	return strbuf_detach(&sb, NULL);
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* want is the expected problems with every "@" replaced by the file's
 * path. */
static void check_problems(const struct config *cfg, const char *path, const char *want,
                           const char *what)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *want; want++)
		if (*want == '@')
			strbuf_addstr(&sb, path);
		else
			strbuf_addch(&sb, *want);
	is_str(cfg->problems, sb.buf, "%s: problems", what);
	strbuf_release(&sb);
}

static bool no_labels(const struct config *cfg)
{
	unsigned c;

	for (c = 0; c < ANNOT_NCOLORS; c++)
		if (cfg->labels[c])
			return false;
	return true;
}

/* Load fixture name; check its problems; cfg is left loaded. */
static void load_fixture(struct config *cfg, const char *name, const char *want)
{
	char *path = fixture(name);

	config_load(cfg, path);
	check_problems(cfg, path, want, name);
	free(path);
}

static void test_missing_and_empty(void)
{
	struct config cfg;
	char *path = in_tmp("no-such.yaml");

	config_load(&cfg, path);
	ok(no_labels(&cfg) && cfg.problems[0] == '\0' && cfg.path == NULL,
	   "a missing file: defaults, no problems, no path");
	ok(config_label(&cfg, "yellow") == NULL, "and no label");
	config_release(&cfg);
	free(path);

	load_fixture(&cfg, "empty.yaml", "");
	ok(no_labels(&cfg) && cfg.path != NULL, "an empty file: defaults, and it was read");
	config_release(&cfg);
	load_fixture(&cfg, "comments.yaml", "");
	ok(no_labels(&cfg), "a file of comments: defaults");
	config_release(&cfg);

	path = in_tmp("dashes.yaml");
	write_file(path, "---\n", 4);
	config_load(&cfg, path);
	ok(no_labels(&cfg) && cfg.problems[0] == '\0', "a document with nothing in it");
	config_release(&cfg);
	write_file(path, "labels:\n", 8);
	config_load(&cfg, path);
	ok(no_labels(&cfg) && cfg.problems[0] == '\0', "labels with nothing under it");
	config_release(&cfg);
	free(path);
}

static void test_labels(void)
{
	struct config cfg;
	char *path = fixture("good.yaml");

	load_fixture(&cfg, "good.yaml", "");
	is_str(cfg.path, path, "the file read is named");
	is_str(config_label(&cfg, "yellow"), "key idea", "yellow: a plain label");
	is_str(config_label(&cfg, "green"), "example to keep", "green: white space folded");
	is_str(config_label(&cfg, "blue"), "folded over lines", "blue: a folded block, folded");
	is_str(config_label(&cfg, "red"), "disagree", "red");
	ok(config_label(&cfg, "purple") == NULL, "purple: null is no label");
	ok(config_label(&cfg, "teal") == NULL && config_label(&cfg, NULL) == NULL,
	   "a colour outside the palette, or none, has no label");
	is_str(cfg.labels[3], "disagree", "labels[] in palette order");
	config_release(&cfg);
	ok(cfg.path == NULL && no_labels(&cfg), "released");
	config_release(&cfg); /* twice is harmless */
	free(path);

	load_fixture(&cfg, "labels.yaml",
	             "@:2:11: the label for 'yellow' is longer than 40 characters "
	             "(cut to '0123456789012345678901234567890123456789')\n"
	             "@:3:10: the label for 'green' is longer than 40 characters "
	             "(cut to 'ñandú pingüino ñandú pingüino ñandú ping')\n"
	             "@:4:9: the label for 'blue' is longer than 40 characters "
	             "(cut to 'xe\xcc\x81""e\xcc\x81""e\xcc\x81""e\xcc\x81""e\xcc\x81""e\xcc\x81"
	             "e\xcc\x81""e\xcc\x81""e\xcc\x81""e\xcc\x81""e\xcc\x81""e\xcc\x81""e\xcc\x81"
	             "e\xcc\x81""e\xcc\x81""e\xcc\x81""e\xcc\x81""e\xcc\x81""e\xcc\x81')\n"
	             "@:5:8: the label for 'red' contains the control character U+001B (ignored)\n"
	             "@:6:11: the label for 'purple' contains the control character U+202E "
	             "(ignored)");
	is_str(config_label(&cfg, "yellow"), "0123456789012345678901234567890123456789",
	       "a long label is cut to 40 characters");
	ok(config_label(&cfg, "green") && strlen(config_label(&cfg, "green")) == 48,
	   "characters, not bytes");
	ok(config_label(&cfg, "blue") && strlen(config_label(&cfg, "blue")) == 1 + 19 * 3,
	   "never inside a combining sequence (39 characters, not 40)");
	ok(!config_label(&cfg, "red") && !config_label(&cfg, "purple"),
	   "labels with control characters are not used");
	config_release(&cfg);
}

static void test_bad_entries(void)
{
	struct config cfg;

	load_fixture(&cfg, "unknown-key.yaml",
	             "@:3:1: unknown key 'nom' (expected labels or name)\n"
	             "@:4:1: unknown key 'colours' (expected labels or name)");
	is_str(config_label(&cfg, "yellow"), "key idea", "unknown keys: the rest is used");
	ok(config_label(&cfg, "red") == NULL, "nothing from the unknown key");
	config_release(&cfg);

	{
		/* name: who makes the highlights */
		char path[] = "/tmp/glosa-cfg-name-XXXXXX";
		int fd = mkstemp(path);
		FILE *f = fdopen(fd, "w");
		fputs("name: \"  Ana   Pérez \"\nlabels: {red: disagree}\n", f);
		fclose(f);
		config_load(&cfg, path);
		is_str(cfg.name, "Ana Pérez", "name is read, white space folded");
		is_str(config_author(&cfg), "Ana Pérez", "and recorded as the author");
		is_str(cfg.problems, "", "with no problems");
		config_release(&cfg);
		unlink(path);
		config_load(&cfg, "/nonexistent/glosa/config.yaml");
		ok(config_author(&cfg) != NULL, "without a name, the login name (%s)",
		   config_author(&cfg) ? config_author(&cfg) : "");
		config_release(&cfg);
	}

	load_fixture(&cfg, "unknown-colour.yaml",
	             "@:3:3: unknown colour 'teal' (expected one of yellow, green, blue, red, purple)\n"
	             "@:4:3: unknown colour 'Red' (expected one of yellow, green, blue, red, purple)");
	ok(config_label(&cfg, "red") == NULL && strcmp(config_label(&cfg, "green"), "example") == 0
	   && strcmp(config_label(&cfg, "yellow"), "key idea") == 0,
	   "unknown colours skipped (names are lower case), the others used");
	config_release(&cfg);

	load_fixture(&cfg, "wrong-types.yaml",
	             "@:2:11: wrong value for 'yellow': a list (expected a label, a string)\n"
	             "@:3:10: wrong value for 'green': a mapping (expected a label, a string)\n"
	             "@:4:5: a key in labels is not a string");
	ok(!config_label(&cfg, "yellow") && !config_label(&cfg, "green") && !config_label(&cfg, "blue"),
	   "wrong types are skipped");
	is_str(config_label(&cfg, "red"), "42", "a plain number is a label like any text");
	is_str(config_label(&cfg, "purple"), "yes", "and so is yes");
	config_release(&cfg);

	load_fixture(&cfg, "labels-is-a-list.yaml",
	             "@:1:9: wrong value for 'labels': a list (expected a mapping from colour to "
	             "label, like 'red: disagree')");
	ok(no_labels(&cfg), "labels as a list: defaults");
	config_release(&cfg);

	load_fixture(&cfg, "duplicates.yaml",
	             "@:3:3: duplicate colour 'red' (the first, at 2:3, is used)\n"
	             "@:4:1: duplicate key 'labels' (the first, at 1:1, is used)");
	is_str(config_label(&cfg, "red"), "one", "duplicates: the first wins");
	config_release(&cfg);
}

static void test_not_accepted(void)
{
	struct config cfg;
	struct strbuf sb = STRBUF_INIT;
	char *path;
	int i;

	load_fixture(&cfg, "malformed.yaml",
	             "@:4:1: found unexpected end of stream (while scanning a quoted scalar)");
	ok(no_labels(&cfg), "malformed YAML: defaults, even for what came before the error");
	config_release(&cfg);
	load_fixture(&cfg, "alias.yaml", "@:2:11: anchors and aliases are not allowed");
	ok(no_labels(&cfg), "an anchor: defaults");
	config_release(&cfg);
	load_fixture(&cfg, "tag.yaml",
	             "@:3:8: tag 'tag:yaml.org,2002:str' is not allowed (the config file uses no tags)");
	ok(no_labels(&cfg), "a tag: defaults");
	config_release(&cfg);
	load_fixture(&cfg, "not-a-mapping.yaml",
	             "@:1:1: the file is not a mapping (expected 'labels:' and the colours under it)");
	ok(no_labels(&cfg), "a list: defaults");
	config_release(&cfg);

	path = in_tmp("more.yaml");
	write_file(path, "labels: {red: x}\n--- {}\n", 24);
	config_load(&cfg, path);
	check_problems(&cfg, path, "@:2:1: more than one document (only the first is read)",
	               "two documents");
	is_str(config_label(&cfg, "red"), "x", "two documents: the first is used");
	config_release(&cfg);

	write_file(path, "labels:\n  red: \"ca\xf1on\"\n", 24);
	config_load(&cfg, path);
	check_problems(&cfg, path, "@:2:11: invalid UTF-8 (the byte 0xF1)",
	               "invalid UTF-8");
	ok(no_labels(&cfg), "invalid UTF-8: defaults");
	config_release(&cfg);

	write_file(path, "labels:\n  red: a\x07" "b\n", 19);
	config_load(&cfg, path);
	check_problems(&cfg, path, "@:2:9: control characters are not allowed (found U+0007)",
	               "a raw control character");
	ok(no_labels(&cfg), "a raw control character: defaults");
	config_release(&cfg);

	strbuf_addstr(&sb, "labels: {red: x, blue: ");
	for (i = 0; i < 100; i++)
		strbuf_addch(&sb, '[');
	write_file(path, sb.buf, sb.len);
	config_load(&cfg, path);
	check_problems(&cfg, path, "@:1:86: nesting deeper than 64 levels", "100 nested lists");
	ok(no_labels(&cfg), "deep nesting: defaults");
	config_release(&cfg);

	/* A file bigger than any config file. */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "labels: {red: x}\n");
	while (sb.len <= (1u << 20))
		strbuf_addstr(&sb, "# padding padding padding padding padding padding padding\n");
	write_file(path, sb.buf, sb.len);
	config_load(&cfg, path);
	check_problems(&cfg, path, "@: cannot read the config file: it is bigger than 1 MiB",
	               "a 1 MiB file");
	ok(no_labels(&cfg) && cfg.path == NULL, "too big: defaults");
	config_release(&cfg);
	free(path);

	/* A folder or a FIFO (which must not block) in its place. */
	config_load(&cfg, tmp_root);
	check_problems(&cfg, tmp_root, "@: cannot read the config file: Is a directory",
	               "a folder");
	config_release(&cfg);
	path = in_tmp("fifo.yaml");
	if (mkfifo(path, 0600) == 0) {
		config_load(&cfg, path);
		check_problems(&cfg, path, "@: cannot read the config file: not a regular file",
		               "a FIFO");
		config_release(&cfg);
	} else {
		ok(0, "mkfifo: %s", strerror(errno));
	}
	free(path);
	strbuf_release(&sb);
}

static void test_many_problems(void)
{
	struct config cfg;
	struct strbuf sb = STRBUF_INIT;
	char *path = in_tmp("many.yaml"), *last;
	int i;

	strbuf_addstr(&sb, "labels: {yellow: still read}\n");
	for (i = 0; i < 200; i++)
		strbuf_addf(&sb, "key%d: 1\n", i);
	write_file(path, sb.buf, sb.len);
	config_load(&cfg, path);
	last = strrchr(cfg.problems, '\n');
	ok(strlen(cfg.problems) < sizeof cfg.problems && last
	   && strcmp(last, "\n(more problems not shown)") == 0,
	   "200 problems: as many as fit, then a line saying so");
	ok(strncmp(cfg.problems + strlen(path), ":2:1: unknown key 'key0'", 24) == 0,
	   "the first problems are kept");
	is_str(config_label(&cfg, "yellow"), "still read", "and the label is used");
	config_release(&cfg);
	strbuf_release(&sb);
	free(path);

	/* A path too long for one line: cut, at a character boundary (a path
	 * with é about where the cut falls, at an odd and an even byte). */
	for (i = 0; i < 2; i++) {
		const char *sub = i ? "ab" : "a";
		int k;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", tmp_root, sub);
		mkdir(sb.buf, 0700);
		for (k = 0; k < 480; k++)
			strbuf_addstr(&sb, "/.");
		strbuf_addch(&sb, '/');
		for (k = 0; k < 40; k++)
			strbuf_addstr(&sb, "é");
		mkdir(sb.buf, 0700);
		strbuf_addstr(&sb, "/x.yaml");
		write_file(sb.buf, "x: 1\n", 5);
		config_load(&cfg, sb.buf);
		ok(strlen(cfg.problems) < sizeof cfg.problems
		   && strcmp(cfg.problems + strlen(cfg.problems) - 3, "…") == 0
		   && strncmp(cfg.problems, sb.buf, 990) == 0
		   && !u8_check((const uint8_t *)cfg.problems, strlen(cfg.problems)),
		   "a very long line is cut with an ellipsis, as valid UTF-8 (%s)", sub);
		config_release(&cfg);
	}
	strbuf_release(&sb);
}

static void test_default_place(void)
{
	struct config cfg;
	struct strbuf sb = STRBUF_INIT;
	char *xdg = in_tmp("xdg"), *home = in_tmp("home");

	strbuf_addf(&sb, "%s/glosa", xdg);
	if (mkdir(xdg, 0700) || mkdir(sb.buf, 0700) || mkdir(home, 0700))
		printf("Bail out! mkdir: %s\n", strerror(errno));
	strbuf_addstr(&sb, "/config.yaml");
	write_file(sb.buf, "labels:\n  red: from xdg\n", 24);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	setenv("HOME", home, 1);
	config_load(&cfg, NULL);
	is_str(config_label(&cfg, "red"), "from xdg", "$XDG_CONFIG_HOME/glosa/config.yaml");
	is_str(cfg.path, sb.buf, "its path");
	config_release(&cfg);

	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	config_load(&cfg, NULL);
	ok(no_labels(&cfg) && cfg.problems[0] == '\0' && cfg.path == NULL,
	   "a relative XDG_CONFIG_HOME is ignored; ~/.config has none: defaults, no problems");
	config_release(&cfg);

	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/.config", home);
	mkdir(sb.buf, 0700);
	strbuf_addstr(&sb, "/glosa");
	mkdir(sb.buf, 0700);
	strbuf_addstr(&sb, "/config.yaml");
	write_file(sb.buf, "labels:\n  red: from home\n", 25);
	config_load(&cfg, NULL);
	is_str(config_label(&cfg, "red"), "from home", "else ~/.config/glosa/config.yaml");
	config_release(&cfg);
	unsetenv("XDG_CONFIG_HOME");
	config_load(&cfg, NULL);
	is_str(config_label(&cfg, "red"), "from home", "also when XDG_CONFIG_HOME is unset");
	config_release(&cfg);
	strbuf_release(&sb);
	free(xdg);
	free(home);
}

int main(void)
{
	if (!mkdtemp(tmp_root)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_missing_and_empty();
	test_labels();
	test_bad_entries();
	test_not_accepted();
	test_many_problems();
	test_default_place();
	nftw(tmp_root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return tap_done();
}
