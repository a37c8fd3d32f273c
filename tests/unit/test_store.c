#include "config.h"

/* The annotation store: SHA-256, the YAML form both ways (every awkward
 * string round-trips, no raw control character reaches the file, every
 * file in tests/data/annotations/bad is refused with the line, column and
 * message its first line states), and saving that never loses or
 * overwrites a note: newer or broken files, a folder that is a file, a
 * full disk (RLIMIT_FSIZE), a directory in NAME's place or the lock's or
 * the backup's, fsync, rename and link failing (injected), a file system
 * without hard links. Runs as root too: no failure here relies on
 * permissions (as root, the read-only folder case runs in a child that
 * becomes nobody). */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <unistr.h>

#include "glosa/loader.h"
#include "glosa/yaml_pipe.h"
#include "glosa/store.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"
#include "tap.h"

/* Room for the read-only case's longer folder name (copied in by the child). */
static char tmp_root[64] = "/tmp/glosa-store-XXXXXX";

/* ---- Failure injection ------------------------------------------------- */

/* The store's calls to fsync, rename and link land here (the test binary
 * defines them, so the static library's references resolve to these):
 * while inject names one of them, it fails with inject_errno. */
static const char *inject;
static int inject_errno;

static bool injected(const char *what)
{
	if (!inject || strcmp(inject, what) != 0)
		return false;
	errno = inject_errno;
	return true;
}

int fsync(int fd)
{
	return injected("fsync") ? -1 : (int)syscall(SYS_fsync, fd);
}

int rename(const char *from, const char *to)
{
	return injected("rename") ? -1 : renameat(AT_FDCWD, from, AT_FDCWD, to);
}

int link(const char *from, const char *to)
{
	return injected("link") ? -1 : linkat(AT_FDCWD, from, AT_FDCWD, to, 0);
}

/* ---- Helpers ------------------------------------------------------------ */

static char *path_in(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", tmp_root, name);
	return strbuf_detach(&sb, NULL);
}

static char *read_bytes(const char *path, size_t *len)
{
	char *data;

	if (loader_read_file(path, &data, len) != 0)
		return NULL;
	return data;
}

static void write_bytes(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(1);
	}
}

static bool file_equals(const char *path, const char *data, size_t len)
{
	size_t n;
	char *got = read_bytes(path, &n);
	bool same = got && n == len && memcmp(got, data, len) == 0;

	free(got);
	return same;
}

/* Files in tmp_root whose name starts with prefix. */
static int count_files(const char *prefix)
{
	DIR *d = opendir(tmp_root);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	if (d)
		closedir(d);
	return n;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	chmod(path, 0700);
	return remove(path);
}

static void rm_rf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool eq_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool eq_pos(const struct hl_pos *a, const struct hl_pos *b)
{
	return eq_text(a->section, b->section) && a->block == b->block && a->offset == b->offset;
}

/* The first field in which a and b differ, or NULL (NULL and "" are the
 * same absent string). */
static const char *diff_hl(const struct highlight *a, const struct highlight *b)
{
	size_t i;

	if (strcmp(a->id, b->id) != 0)
		return "id";
	if (strcmp(a->updated, b->updated) != 0)
		return "updated";
	if (a->deleted != b->deleted)
		return "deleted";
	if (a->deleted)
		return NULL;
	if (strcmp(a->created, b->created) != 0)
		return "created";
	if (!eq_text(a->color, b->color))
		return "color";
	if (!eq_pos(&a->start, &b->start))
		return "start";
	if (!eq_pos(&a->end, &b->end))
		return "end";
	if (!eq_text(a->exact, b->exact))
		return "exact";
	if (!eq_text(a->prefix, b->prefix))
		return "prefix";
	if (!eq_text(a->suffix, b->suffix))
		return "suffix";
	if (!eq_text(a->note, b->note))
		return "note";
	if (a->ntags != b->ntags)
		return "number of tags";
	for (i = 0; i < a->ntags; i++)
		if (!eq_text(a->tags[i], b->tags[i]))
			return "a tag";
	return NULL;
}

static const char *diff_set(const struct annot_set *a, const struct annot_set *b)
{
	static char why[64]; /* test diagnostics only */
	size_t i;

	if (!eq_text(a->article_id, b->article_id))
		return "article id";
	if (!eq_text(a->article_title, b->article_title))
		return "article title";
	if (!eq_text(a->article_author, b->article_author))
		return "article author";
	if (!eq_text(a->article_path, b->article_path))
		return "article path";
	if (!eq_text(a->fingerprint, b->fingerprint))
		return "fingerprint";
	if (a->has_position != b->has_position || (a->has_position && !eq_pos(&a->position, &b->position)))
		return "position";
	if (a->has_position && a->percent != b->percent)
		return "percent";
	if (a->n != b->n)
		return "number of highlights";
	for (i = 0; i < a->n; i++) {
		const char *d = diff_hl(&a->hl[i], &b->hl[i]);
		if (d) {
			snprintf(why, sizeof why, "highlight %zu: %s", i, d);
			return why;
		}
	}
	return NULL;
}

static void copy_set(struct annot_set *dst, const struct annot_set *src)
{
	size_t i;

	*dst = (struct annot_set)ANNOT_SET_INIT;
	dst->article_id = src->article_id ? xstrdup(src->article_id) : NULL;
	dst->article_title = src->article_title ? xstrdup(src->article_title) : NULL;
	dst->article_author = src->article_author ? xstrdup(src->article_author) : NULL;
	dst->article_path = src->article_path ? xstrdup(src->article_path) : NULL;
	dst->fingerprint = src->fingerprint ? xstrdup(src->fingerprint) : NULL;
	dst->has_position = src->has_position;
	dst->percent = src->percent;
	hl_pos_set(&dst->position, src->position.section, src->position.block, src->position.offset);
	for (i = 0; i < src->n; i++)
		annot_add(dst, &src->hl[i]);
}

static struct highlight make_hl(unsigned k, const char *text)
{
	struct highlight h;

	memset(&h, 0, sizeof h);
	snprintf(h.id, sizeof h.id, "%016x", k);
	snprintf(h.created, sizeof h.created, "2026-11-28T17:02:%02uZ", k % 60);
	snprintf(h.updated, sizeof h.updated, "2026-11-28T17:05:%02uZ", k % 60);
	h.color = xstrdup(annot_colors[k % ANNOT_NCOLORS]);
	hl_pos_set(&h.start, "2.1", k, k % 7);
	hl_pos_set(&h.end, "2.1", k + 1, 12);
	h.exact = xstrdup(text);
	h.prefix = xstrdup(text);
	h.suffix = xstrdup(text);
	h.note = xstrdup(text);
	h.ntags = 2;
	h.tags = xmalloc(2 * sizeof *h.tags);
	h.tags[0] = xstrdup(text);
	h.tags[1] = xstrdup("idea");
	return h;
}

static void add_hl(struct annot_set *s, unsigned k, const char *text)
{
	struct highlight h = make_hl(k, text);

	annot_add(s, &h);
	highlight_release(&h);
}

/* ---- SHA-256 ------------------------------------------------------------ */

static const char *hex(const uint8_t h[32], char out[65])
{
	int i;

	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
	return out;
}

/* sha256_init/update/final over the same bytes cut into pieces of every
 * awkward size (empty, 1, 63, 64, 65, ...) give what sha256 gives. */
static void sha256_pieces(const char *how)
{
	static const size_t cuts[] = { 0, 1, 3, 63, 64, 65, 127, 128, 200, 1000 };
	unsigned char *buf = xmalloc(5000);
	uint8_t want[32], got[32];
	size_t i, n, k, at, bad = 0, tries = 0;

	for (i = 0; i < 5000; i++)
		buf[i] = (unsigned char)(i * 7 + i / 13);
	for (n = 0; n <= 5000; n += n < 300 ? 1 : 97) {
		sha256(buf, n, want);
		for (k = 0; k < sizeof cuts / sizeof *cuts; k++) {
			struct sha256_ctx c;
			size_t step = cuts[k], j = k;
			sha256_init(&c);
			for (at = 0; at < n;) {
				/* pieces of step, then of the next cut, in turn */
				size_t take = cuts[j++ % (sizeof cuts / sizeof *cuts)];
				if (take == 0)
					take = step ? step : 1;
				if (take > n - at)
					take = n - at;
				sha256_update(&c, buf + at, take);
				sha256_update(&c, buf + at + take, 0);
				at += take;
			}
			sha256_final(&c, got);
			tries++;
			bad += memcmp(want, got, 32) != 0;
		}
	}
	ok(bad == 0, "sha256 (%s) in pieces: %zu ways to cut 0..5000 bytes agree", how, tries);
	free(buf);
}

/* The standard vectors (FIPS 180-4 examples) and the padding edges. */
static void sha256_vectors(const char *how)
{
	static const struct { size_t n; const char *want; } xs[] = {
		{ 1, "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881" },
		{ 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072" },
		{ 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e" },
		{ 63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2" },
		{ 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c" },
		{ 119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c" },
		{ 120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98" },
	};
	uint8_t h[32];
	char out[65], *buf;
	size_t i;

	sha256("", 0, h);
	is_str(hex(h, out), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	       "sha256 (%s) of the empty string", how);
	sha256("abc", 3, h);
	is_str(hex(h, out), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	       "sha256 (%s) of abc", how);
	sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, h);
	is_str(hex(h, out), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	       "sha256 (%s) of the 448-bit message", how);
	buf = xmalloc(1000000);
	memset(buf, 'a', 1000000);
	sha256(buf, 1000000, h);
	is_str(hex(h, out), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "sha256 (%s) of a million a", how);
	memset(buf, 'x', 200);
	for (i = 0; i < sizeof xs / sizeof *xs; i++) {
		sha256(buf, xs[i].n, h);
		is_str(hex(h, out), xs[i].want, "sha256 (%s) of %zu x (padding edge)", how, xs[i].n);
	}
	free(buf);
	sha256_pieces(how);
}

/* Both implementations: the CPU's SHA instructions where it has them, and
 * the portable code. */
static void test_sha256(void)
{
	sha256_vectors("as chosen");
	setenv("GLOSA_SHA256_PORTABLE", "1", 1);
	sha256_vectors("portable");
	unsetenv("GLOSA_SHA256_PORTABLE");
}

/* ---- Round trip --------------------------------------------------------- */

static const char *const awkward[] = {
	"Español: ¿qué tal? ñandú, pingüino, ÁÉÍÓÚ",
	"中文字符，日本語のテキスト、한국어",
	"العربية: هذا نص عربي\u200f مع علامة",
	"emoji \U0001F469\u200D\U0001F4BB family \U0001F468\u200D\U0001F469\u200D\U0001F467 flag \U0001F3F3\uFE0F\u200D\U0001F308",
	"line one\nline two\n\nline four\n",
	"\ttabbed\tinside\t",
	"  leading spaces", "trailing spaces  ", " ", "\n", "\n\n",
	"- x", "-", "key: value", ":", "a:b", "# not a comment", "text # with hash",
	"&a", "*b", "!tag", "!!str", "---", "...", "--- x", "'", "''", "\"", "\"\"", "\\", "\\n",
	"yes", "no", "Yes", "NO", "on", "off", "true", "false", "null", "Null", "~", "",
	"0", "1", "-1", "0x1F", "1e3", ".inf", ".nan", "2026-11-28", "2026-11-28T17:02:11Z",
	"@at", "`tick", "%percent", "|", ">", "|-", "{a: b}", "[x, y]", ",", "?", "? x", "=",
	"<<", "\r\n", "\r", "x\r\ny",
	"\x01\x02\x1b[31mred\x1b[0m\x7f", "nel\xc2\x85 csi\xc2\x9b",
	"ls\u2028ps\u2029", "rlo\u202e lro\u202d pdf\u202c lrm\u200e rlm\u200f alm\u061c",
	"isolates\u2066\u2067\u2068\u2069", "bom\ufeff inside", "\ufeff at start",
	"nbsp\u00a0 zwsp\u200b zwj\u200d", "max \U0010FFFF", "pua \U000F0041",
	"combining e\u0301 and \u0301 alone",
};

/* The file as cat would show it: no C0 (but newline), DEL, C1, bidi
 * controls, line or paragraph separators. */
static bool no_raw_controls(const char *s, size_t n, size_t *where)
{
	size_t i = 0;

	while (i < n) {
		uint32_t uc;
		int k = text_decode(s + i, n - i, &uc);
		if (uc != '\n' && text_uc_unsafe(uc)) {
			*where = i;
			return false;
		}
		i += (size_t)k;
	}
	return true;
}

static void round_trip(const struct annot_set *in, const char *what)
{
	struct annot_set sorted, out = ANNOT_SET_INIT;
	struct store_error err;
	char *data = NULL;
	size_t len = 0, at = 0;
	const char *d;

	copy_set(&sorted, in);
	annot_sort(&sorted);
	if (!ok(store_emit(in, &data, &len, &err) == 0, "%s: emitted", what)) {
		printf("#   %s\n", err.message);
		annot_set_release(&sorted);
		return;
	}
	ok(u8_check((const uint8_t *)data, len) == NULL, "%s: valid UTF-8", what);
	if (!ok(no_raw_controls(data, len, &at), "%s: no raw control characters", what))
		printf("#   at byte %zu: ...%.20s\n", at, data + (at > 10 ? at - 10 : 0));
	if (ok(store_parse(data, len, &out, &err) == 0, "%s: parsed back", what)) {
		d = diff_set(&sorted, &out);
		if (!ok(d == NULL, "%s: equal field by field", what))
			printf("#   differs in %s\n", d);
	} else {
		printf("#   %lu:%lu: %s\n", err.line, err.column, err.message);
	}
	free(data);
	annot_set_release(&out);
	annot_set_release(&sorted);
}

static void test_round_trip(void)
{
	struct annot_set s = ANNOT_SET_INIT;
	struct strbuf big = STRBUF_INIT, all = STRBUF_INIT;
	struct highlight h;
	size_t i, bad = 0;
	unsigned k;

	/* Each awkward string alone in every text field. */
	for (i = 0; i < sizeof awkward / sizeof *awkward; i++) {
		struct annot_set one = ANNOT_SET_INIT, back = ANNOT_SET_INIT;
		struct store_error err;
		char *data = NULL;
		size_t len = 0, at;
		one.article_title = xstrdup(awkward[i]);
		one.article_id = xstrdup(awkward[i]);
		one.article_author = xstrdup(awkward[i]);
		one.article_path = xstrdup(awkward[i]);
		one.has_position = true;
		one.percent = (int)(i % 101);
		hl_pos_set(&one.position, awkward[i], 1, 2);
		add_hl(&one, 1, awkward[i]);
		free(one.hl[0].color);
		one.hl[0].color = xstrdup(awkward[i]);
		if (store_emit(&one, &data, &len, &err) != 0 || !no_raw_controls(data, len, &at)
		    || store_parse(data, len, &back, &err) != 0 || diff_set(&one, &back)) {
			printf("# string %zu does not round-trip: %s\n", i, err.message);
			bad++;
		}
		free(data);
		annot_set_release(&one);
		annot_set_release(&back);
	}
	is_int((long long)bad, 0, "%zu awkward strings round-trip in every field",
	       sizeof awkward / sizeof *awkward);

	/* All of them at once, with a 100 KB note, tombstones, odd colours,
	 * extreme positions, empty notes and tags. */
	s.article_id = xstrdup("glosa-tour");
	s.article_title = xstrdup("A tour of glosa: \"quotes\" & more");
	s.article_path = xstrdup("/home/ana/artículos/tour.yaml");
	s.article_author = xstrdup("Ana Pérez, 王小明");
	s.fingerprint = xstrdup("sha256:4f1c");
	s.has_position = true;
	s.percent = 100;
	hl_pos_set(&s.position, "2.10", 3, 0);
	for (i = 0; i < sizeof awkward / sizeof *awkward; i++) {
		add_hl(&s, (unsigned)i + 1, awkward[i]);
		strbuf_addstr(&all, awkward[i]);
	}
	while (big.len < 100 * 1024)
		strbuf_add(&big, all.buf, all.len);
	h = make_hl(1000, "big");
	free(h.note);
	h.note = strbuf_detach(&big, NULL);
	annot_add(&s, &h);
	highlight_release(&h);
	h = make_hl(1001, "");
	free(h.note);
	h.note = xstrdup("");
	free(h.color);
	h.color = xstrdup("chartreuse: #7fff00");
	hl_pos_set(&h.start, "", UINT32_MAX, UINT32_MAX);
	hl_pos_set(&h.end, "999.999.999", 0, 0);
	for (k = 0; k < h.ntags; k++)
		free(h.tags[k]);
	free(h.tags);
	h.tags = NULL;
	h.ntags = 0;
	annot_add(&s, &h);
	highlight_release(&h);
	memset(&h, 0, sizeof h);
	snprintf(h.id, sizeof h.id, "00000000000000ff");
	snprintf(h.updated, sizeof h.updated, "2026-12-01T00:00:00Z");
	h.deleted = true;
	annot_add(&s, &h);
	memset(&h, 0, sizeof h);
	snprintf(h.id, sizeof h.id, "0000000000000000");
	snprintf(h.updated, sizeof h.updated, "2026-12-02T00:00:00Z");
	h.deleted = true;
	annot_add(&s, &h);
	round_trip(&s, "everything at once");
	strbuf_release(&all);
	annot_set_release(&s);

	s = (struct annot_set)ANNOT_SET_INIT;
	round_trip(&s, "an empty set");
}

static void test_emit_shape(void)
{
	struct annot_set s = ANNOT_SET_INIT;
	struct highlight h;
	struct store_error err;
	char *data;
	size_t len;
	static const char want[] =
		"glosa-annotations: 1\n"
		"article:\n"
		"  id: \"glosa-tour\"\n"
		"  title: \"A tour of glosa\"\n"
		"  path: \"/home/ana/articles/tour.yaml\"\n"
		"  fingerprint: \"sha256:4f1c\"\n"
		"position: {section: \"2.1\", block: 3, offset: 0}\n"
		"highlights:\n"
		"- id: 7c9e6f1a2b3d4e5f\n"
		"  created: 2026-11-28T17:02:11Z\n"
		"  updated: 2026-11-28T17:05:40Z\n"
		"  color: yellow\n"
		"  start: {section: \"2\", block: 3, offset: 45}\n"
		"  end: {section: \"2\", block: 4, offset: 12}\n"
		"  quote:\n"
		"    exact: \"the passage as the reader saw it\"\n"
		"    prefix: \"up to 32 code points before it\"\n"
		"    suffix: \"\"\n"
		"  note: \"Free text, several lines,\\nany script: \xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a \\u200F.\"\n"
		"  tags: [\"idea\"]\n"
		"- id: 0123456789abcdef\n"
		"  updated: 2026-11-29T00:00:00Z\n"
		"  deleted: true\n";

	s.article_id = xstrdup("glosa-tour");
	s.article_title = xstrdup("A tour of glosa");
	s.article_path = xstrdup("/home/ana/articles/tour.yaml");
	s.fingerprint = xstrdup("sha256:4f1c");
	s.has_position = true;
	hl_pos_set(&s.position, "2.1", 3, 0);
	memset(&h, 0, sizeof h);
	snprintf(h.id, sizeof h.id, "0123456789abcdef");
	snprintf(h.updated, sizeof h.updated, "2026-11-29T00:00:00Z");
	h.deleted = true;
	annot_add(&s, &h); /* first in memory, last in the file */
	h = make_hl(0, "");
	snprintf(h.id, sizeof h.id, "7c9e6f1a2b3d4e5f");
	snprintf(h.created, sizeof h.created, "2026-11-28T17:02:11Z");
	snprintf(h.updated, sizeof h.updated, "2026-11-28T17:05:40Z");
	hl_pos_set(&h.start, "2", 3, 45);
	hl_pos_set(&h.end, "2", 4, 12);
	free(h.exact);
	free(h.prefix);
	free(h.suffix);
	free(h.note);
	h.exact = xstrdup("the passage as the reader saw it");
	h.prefix = xstrdup("up to 32 code points before it");
	h.suffix = NULL;
	h.note = xstrdup("Free text, several lines,\nany script: \xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a \u200f.");
	free(h.tags[0]);
	h.tags[0] = xstrdup("idea");
	h.ntags = 1;
	free(h.tags[1]);
	annot_add(&s, &h);
	h.ntags = 1;
	highlight_release(&h);
	ok(store_emit(&s, &data, &len, &err) == 0, "emit the example of annotations.md");
	is_str(data, want, "the file has the documented shape, key order and quoting");
	free(data);

	/* An id that is not one would not read back: refused, not written. */
	snprintf(s.hl[1].id, sizeof s.hl[1].id, "not an id");
	ok(store_emit(&s, &data, &len, &err) == -1, "an invalid id is not written");
	is_str(err.message, "highlight not an id has an invalid id", "and says why");
	annot_set_release(&s);

	/* Invalid UTF-8 in memory is written as U+FFFD rather than lost. */
	s = (struct annot_set)ANNOT_SET_INIT;
	add_hl(&s, 1, "bad \xff byte");
	ok(store_emit(&s, &data, &len, &err) == 0 && strstr(data, "\"bad \xef\xbf\xbd byte\""),
	   "invalid UTF-8 is written as U+FFFD");
	free(data);
	annot_set_release(&s);
}

/* ---- Article author and reading percent -------------------------------- */

/* "ok", or "L:C: message" of parsing src into *set. */
static const char *parse_str(const char *src, struct annot_set *set, char out[700])
{
	struct store_error err;

	if (store_parse(src, strlen(src), set, &err) == 0)
		return "ok";
	snprintf(out, 700, "%lu:%lu: %s", err.line, err.column, err.message);
	return out;
}

static void test_author_percent(void)
{
	struct annot_set s = ANNOT_SET_INIT, back = ANNOT_SET_INIT;
	struct store_error err;
	char *data = NULL, msg[700];
	size_t len = 0;
	static const char want[] =
		"glosa-annotations: 1\n"
		"article:\n"
		"  id: \"glosa-tour\"\n"
		"  title: \"A tour of glosa\"\n"
		"  author: \"Ana P\xc3\xa9rez, \\\"Bo\\\" Li\"\n"
		"  path: \"/a/tour.yaml\"\n"
		"position: {section: \"2.1\", block: 3, offset: 0, percent: 42}\n"
		"highlights: []\n";
	static const char hdr[] = "glosa-annotations: 1\n";
	static const struct { const char *body, *want, *what; } bad[] = {
		{ "position: {section: \"1\", block: 0, offset: 0, percent: 101}\n",
		  "2:56: wrong value for 'percent': '101' (expected a whole number from 0 to 100)",
		  "a percent over 100" },
		{ "position: {section: \"1\", block: 0, offset: 0, percent: -1}\n",
		  "2:56: wrong value for 'percent': '-1' (expected a whole number)", "a negative percent" },
		{ "position: {section: \"1\", block: 0, offset: 0, percent: 4.5}\n",
		  "2:56: wrong value for 'percent': '4.5' (expected a whole number)", "a fraction" },
		{ "position: {section: \"1\", block: 0, offset: 0, percent: \"40\"}\n",
		  "2:56: wrong value for 'percent': the quoted string \"40\" (expected a whole number)",
		  "a quoted percent" },
		{ "position: {section: \"1\", block: 0, offset: 0, percent: 4, percent: 5}\n",
		  "2:59: duplicate key 'percent' in position", "percent twice" },
		{ "highlights:\n- id: 00000000000000a1\n  created: 2026-11-28T17:02:11Z\n"
		  "  updated: 2026-11-28T17:02:11Z\n"
		  "  start: {section: \"1\", block: 0, offset: 0, percent: 3}\n",
		  "6:46: unknown key 'percent' in start (expected one of: section, block, offset)",
		  "percent only in the reading position" },
		{ "article:\n  author: {name: Ana}\n",
		  "3:11: wrong value for 'author': a mapping (expected a string)", "an author mapping" },
		{ "article:\n  author: [Ana, Bo]\n",
		  "3:11: wrong value for 'author': a list (expected a string)", "a list of authors" },
		{ "article:\n  author: Ana\n  author: Bo\n",
		  "4:3: duplicate key 'author' in article", "author twice" },
	};
	size_t i;

	/* Written after the title, percent last in the position. */
	s.article_id = xstrdup("glosa-tour");
	s.article_title = xstrdup("A tour of glosa");
	s.article_author = xstrdup("Ana P\xc3\xa9rez, \"Bo\" Li");
	s.article_path = xstrdup("/a/tour.yaml");
	s.has_position = true;
	s.percent = 42;
	hl_pos_set(&s.position, "2.1", 3, 0);
	ok(store_emit(&s, &data, &len, &err) == 0, "emit author and percent");
	is_str(data, want, "author after the title, percent inside the position");
	is_str(parse_str(data, &back, msg), "ok", "and it reads back");
	ok(back.percent == 42 && back.article_author
	   && strcmp(back.article_author, s.article_author) == 0, "with the same author and percent");
	free(data);

	/* Percent 0 is a value; more than 100 in memory is written as 100. */
	s.percent = 0;
	store_emit(&s, &data, &len, &err);
	ok(data && strstr(data, "offset: 0, percent: 0}"), "percent 0 is written");
	free(data);
	s.percent = 250;
	store_emit(&s, &data, &len, &err);
	ok(data && strstr(data, "percent: 100}") && strcmp(parse_str(data, &back, msg), "ok") == 0
	   && back.percent == 100, "a percent over 100 in memory is written as 100 and reads back");
	free(data);

	/* Unknown percent, no position, no author: nothing written. */
	s.percent = -1;
	free(s.article_author);
	s.article_author = xstrdup("");
	store_emit(&s, &data, &len, &err);
	ok(data && !strstr(data, "percent") && !strstr(data, "author"),
	   "percent -1 and an empty author are not written");
	free(data);
	s.percent = 30;
	s.has_position = false;
	store_emit(&s, &data, &len, &err);
	ok(data && !strstr(data, "percent") && !strstr(data, "position"),
	   "no percent without a position");
	free(data);
	annot_set_release(&s);

	/* An author alone is enough for an article mapping. */
	s.article_author = xstrdup("Bo");
	store_emit(&s, &data, &len, &err);
	is_str(data, "glosa-annotations: 1\narticle:\n  author: \"Bo\"\nhighlights: []\n",
	       "an article with only an author");
	free(data);
	annot_set_release(&s);

	/* Absent on reading: NULL and -1 (older files). */
	is_str(parse_str("glosa-annotations: 1\narticle: {title: T}\n"
	                 "position: {section: \"1\", block: 0, offset: 0}\n", &back, msg), "ok",
	       "a file without author or percent");
	ok(back.article_author == NULL && back.percent == -1 && back.has_position,
	   "author NULL, percent -1");
	is_str(parse_str("glosa-annotations: 1\narticle:\n  author: ~\n"
	                 "position:\n  percent: 7\n  section: \"1\"\n  block: 0\n  offset: 0\n",
	                 &back, msg), "ok", "null author, block-style position, percent first");
	ok(back.article_author == NULL && back.percent == 7, "author NULL, percent 7");
	is_str(parse_str("glosa-annotations: 1\narticle: {author: 1984}\n", &back, msg), "ok",
	       "a plain author that looks like a number");
	is_str(back.article_author, "1984", "is a string");

	/* A save that merges with a file changed by someone else keeps this
	 * copy's author and percent (and owns them once: a sanitizer or
	 * valgrind run catches a shared pointer). */
	{
		static const char mine[] = "glosa-annotations: 1\narticle: {author: \"Ana\"}\n"
			"position: {section: \"1\", block: 0, offset: 0, percent: 10}\nhighlights: []\n";
		static const char theirs[] = "glosa-annotations: 1\narticle: {author: \"Bo\"}\n"
			"position: {section: \"1\", block: 0, offset: 0, percent: 90}\nhighlights: []\n";
		char *path = path_in("author-merge.yaml");
		struct store st;
		write_bytes(path, mine, sizeof mine - 1);
		ok(store_open(&st, path, &back, &err) == 0, "merge: opened");
		write_bytes(path, theirs, sizeof theirs - 1);
		back.percent = 20;
		ok(store_save(&st, &back, &err) == 0, "merge: saved over a changed file");
		ok(back.article_author && strcmp(back.article_author, "Ana") == 0 && back.percent == 20,
		   "merge: author and percent kept from this copy");
		data = read_bytes(path, &len);
		ok(data && strstr(data, "author: \"Ana\"") && strstr(data, "percent: 20}"),
		   "merge: and written");
		free(data);
		annot_set_release(&back);
		store_close(&st);
		free(path);
	}

	/* Strict like the rest: the line and column of the bad value. */
	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct strbuf src = STRBUF_INIT;
		strbuf_addstr(&src, hdr);
		strbuf_addstr(&src, bad[i].body);
		is_str(parse_str(src.buf, &back, msg), bad[i].want, "refused: %s", bad[i].what);
		ok(back.article_author == NULL && back.percent == -1, "%s: set left empty", bad[i].what);
		strbuf_release(&src);
	}
	annot_set_release(&back);
}

/* ---- Fixtures --------------------------------------------------------- */

/* tests/data/annotations/SUB/NAME.yaml, in name order. */
static char **fixtures(const char *sub, size_t *n)
{
	const char *data = getenv("DATA") ? getenv("DATA") : "tests/data";
	struct strbuf dir = STRBUF_INIT;
	char **names = NULL;
	size_t cap = 0;
	struct dirent *e;
	DIR *d;

	*n = 0;
	strbuf_addf(&dir, "%s/annotations/%s", data, sub);
	d = opendir(dir.buf);
	while (d && (e = readdir(d))) {
		size_t len = strlen(e->d_name);
		struct strbuf p = STRBUF_INIT;
		if (len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		strbuf_addf(&p, "%s/%s", dir.buf, e->d_name);
		XGROW(names, cap, *n + 1);
		names[(*n)++] = strbuf_detach(&p, NULL);
	}
	if (d)
		closedir(d);
	strbuf_release(&dir);
	if (*n)
		qsort(names, *n, sizeof *names, cmp_names);
	return names;
}

static void free_fixtures(char **names, size_t n)
{
	while (n)
		free(names[--n]);
	free(names);
}

/* Each file in bad/ (or newer/) starts with "# error: L:C: MESSAGE" (or
 * "# newer: ...") and must fail with exactly that. */
static void check_refused(const char *sub, const char *tag, enum store_errkind kind, size_t at_least)
{
	size_t n, i;
	char **names = fixtures(sub, &n);

	ok(n >= at_least, "%zu files in annotations/%s", n, sub);
	for (i = 0; i < n; i++) {
		struct annot_set s = ANNOT_SET_INIT;
		struct store_error err;
		const char *base = strrchr(names[i], '/') + 1;
		size_t len, taglen = strlen(tag);
		char *data = read_bytes(names[i], &len), got[700], want[700];
		char *eol = data ? strchr(data, '\n') : NULL;
		int r;
		if (!data || !eol || strncmp(data, tag, taglen) != 0) {
			ok(0, "%s: starts with '%s'", base, tag);
			free(data);
			continue;
		}
		snprintf(want, sizeof want, "-1 %d %.*s", kind, (int)(eol - data - (long)taglen),
		         data + taglen);
		r = store_parse(data, len, &s, &err);
		snprintf(got, sizeof got, "%d %d %lu:%lu: %s", r, err.kind, err.line, err.column, err.message);
		is_str(got, want, "%s/%s", sub, base);
		ok(s.n == 0 && s.hl == NULL && s.article_title == NULL && !s.has_position,
		   "%s/%s: set left empty", sub, base);
		free(data);
	}
	free_fixtures(names, n);
}

/* "R KIND L:C: message" of parsing data[0..len) into *set, libyaml on a
 * second thread or not. */
static void parse_outcome(const char *data, size_t len, bool piped, struct annot_set *set,
                          char out[700])
{
	struct store_error err;
	int r;

	event_pipe_set_min(piped ? 0 : SIZE_MAX);
	r = store_parse(data, len, set, &err);
	event_pipe_set_min((size_t)256 << 10);
	if (r == 0)
		snprintf(out, 700, "ok %zu", set->n);
	else
		snprintf(out, 700, "%d %d %lu:%lu: %s", r, err.kind, err.line, err.column, err.message);
}

/* A large file (libyaml then parses on a second thread), whole and
 * damaged at its start, middle and end: the same set, or the same error,
 * as parsed on one thread; and the UTF-8 check, now made only when a
 * parse fails, still names the byte. */
static void test_piped_parse(void)
{
	struct annot_set s = ANNOT_SET_INIT, one = ANNOT_SET_INIT, two = ANNOT_SET_INIT;
	struct store_error err;
	char *data = NULL, *bad, got1[700], got2[700];
	size_t len = 0, i, k;
	static const char *const texts[] = { "plain", "vocaci\xc3\xb3n \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac",
	                                      "two\nlines\n", "\"quoted\" and \\ back" };
	static const char *const damage[] = { "\xff", "\xc3(", "\xed\xa0\x80", "\x01", "\"", "- ",
	                                      ": :", "&a ", "\t" };

	s.article_id = xstrdup("piped");
	for (k = 0; k < 3000; k++)
		add_hl(&s, (unsigned)k, texts[k % 4]);
	ok(store_emit(&s, &data, &len, &err) == 0 && len > ((size_t)256 << 10),
	   "3000 highlights make a file past the thread's 256 KiB (%zu bytes)", len);
	parse_outcome(data, len, true, &one, got1);
	parse_outcome(data, len, false, &two, got2);
	is_str(got1, "ok 3000", "parsed on two threads");
	is_str(got2, "ok 3000", "parsed on one thread");
	ok(!diff_set(&one, &two) && !diff_set(&one, &s), "the same set both ways, as emitted");
	for (i = 0; i < sizeof damage / sizeof *damage; i++) {
		size_t at[] = { 0, len / 2, len - 3 };
		for (k = 0; k < 3; k++) {
			size_t dl = strlen(damage[i]);
			bad = xmalloc(len + dl);
			memcpy(bad, data, at[k]);
			memcpy(bad + at[k], damage[i], dl);
			memcpy(bad + at[k] + dl, data + at[k], len - at[k]);
			parse_outcome(bad, len + dl, true, &one, got1);
			parse_outcome(bad, len + dl, false, &two, got2);
			is_str(got1, got2, "damage %zu at %zu: the same outcome on two threads", i, at[k]);
			if (i < 3)
				ok(strstr(got1, "invalid UTF-8 at byte offset") != NULL,
				   "damage %zu at %zu: named as invalid UTF-8 (%s)", i, at[k], got1);
			free(bad);
		}
	}
	/* A UTF-16 byte order mark: refused, not read as UTF-16. */
	{
		static const char u16[] = "\xff\xfeg\0l\0o\0s\0a\0-\0a\0n\0n\0o\0t\0a\0t\0"
		                          "i\0o\0n\0s\0:\0 \0001\0\n\0";
		parse_outcome(u16, sizeof u16 - 1, false, &one, got1);
		snprintf(got2, sizeof got2, "-1 %d 1:1: invalid UTF-8 at byte offset 0", STORE_EPARSE);
		is_str(got1, got2,
		       "a file in UTF-16 with its byte order mark is refused");
	}
	annot_set_release(&one);
	annot_set_release(&two);
	annot_set_release(&s);
	free(data);
}

static void test_fixtures(void)
{
	struct annot_set s = ANNOT_SET_INIT;
	struct store_error err;
	char *data, *path;
	const char *dir = getenv("DATA") ? getenv("DATA") : "tests/data";
	size_t len;
	long i;

	check_refused("bad", "# error: ", STORE_EPARSE, 40);
	check_refused("newer", "# newer: ", STORE_EVERSION, 4);

	path = xmalloc(strlen(dir) + 64);
	sprintf(path, "%s/annotations/good/example.yaml", dir);
	data = read_bytes(path, &len);
	ok(data && store_parse(data, len, &s, &err) == 0, "the example of annotations.md parses");
	free(data);
	ok(s.n == 1 && strcmp(s.hl[0].id, "7c9e6f1a2b3d4e5f") == 0 && strcmp(s.hl[0].color, "yellow") == 0
	   && s.hl[0].start.block == 3 && s.hl[0].start.offset == 45 && strcmp(s.hl[0].end.section, "2") == 0
	   && s.hl[0].end.block == 4 && s.hl[0].end.offset == 12, "example: ids, colour, positions");
	ok(s.n == 1 && strcmp(s.hl[0].note, "Free text, several lines, any script.\n") == 0
	   && s.hl[0].ntags == 1 && strcmp(s.hl[0].tags[0], "idea") == 0
	   && strcmp(s.hl[0].suffix, "up to 32 code points after it") == 0, "example: text, note, tags");
	ok(s.has_position && strcmp(s.position.section, "2.1") == 0 && s.position.block == 3
	   && strcmp(s.fingerprint, "sha256:4f1c\xe2\x80\xa6") == 0
	   && strcmp(s.article_path, "/home/ana/articles/tour.yaml") == 0, "example: article and position");

	sprintf(path, "%s/annotations/good/hand-written.yaml", dir);
	data = read_bytes(path, &len);
	ok(data && store_parse(data, len, &s, &err) == 0, "a hand-written file in other styles parses");
	free(data);
	i = annot_find(&s, "00000000000000d1");
	ok(i >= 0 && strcmp(s.hl[i].exact, "folded into one line\n") == 0 && strcmp(s.hl[i].prefix, "") == 0
	   && strcmp(s.hl[i].note, "a \"quoted\" note\twith a tab, \xc3\xa9 and \xf0\x9f\x98\x80") == 0
	   && strcmp(s.hl[i].start.section, "1.2") == 0 && s.hl[i].start.block == 7
	   && s.hl[i].start.offset == 4 && strcmp(s.hl[i].color, "teal") == 0,
	   "hand-written: any key order, folded, single and double quotes");
	ok(i >= 0 && s.hl[i].ntags == 3 && strcmp(s.hl[i].tags[1], "second: with colon") == 0
	   && strcmp(s.hl[i].tags[2], "") == 0, "hand-written: block list of tags");
	i = annot_find(&s, "00000000000000d3");
	ok(i >= 0 && s.hl[i].note == NULL && s.hl[i].ntags == 0 && s.hl[i].color == NULL,
	   "hand-written: null note, empty tags, no colour");
	i = annot_find(&s, "00000000000000d2");
	ok(i >= 0 && s.hl[i].deleted, "hand-written: a tombstone");
	ok(strcmp(s.article_title, "It's a \"title\"") == 0 && s.article_id == NULL
	   && strcmp(s.position.section, "3") == 0 && s.position.offset == 17,
	   "hand-written: article and block-style position");

	sprintf(path, "%s/annotations/good/crlf-bom.yaml", dir);
	data = read_bytes(path, &len);
	ok(data && store_parse(data, len, &s, &err) == 0 && s.n == 1
	   && strcmp(s.hl[0].note, "two lines\nwith CRLF\n") == 0, "a file with a BOM and CRLF lines");
	free(data);
	free(path);
	annot_set_release(&s);
}

/* ---- Where -------------------------------------------------------------- */

static struct article *load(const char *yaml)
{
	struct load_error le;
	struct article *a = article_load_yaml(yaml, strlen(yaml), &le);

	if (!a)
		printf("# article: %lu:%lu: %s\n", le.line, le.column, le.message);
	return a;
}

/* store_fingerprint_start/finish give store_fingerprint's value whether
 * the thread finished, was stopped at once, or never ran (a small
 * article); drop stops it cleanly. */
static void test_fingerprint_job(void)
{
	struct strbuf y = STRBUF_INIT;
	struct article *big, *small = load("title: T\nsections: [{title: One, blocks: [Hi]}]\n");
	char *want, *got;
	int k;

	strbuf_addstr(&y, "title: Big\nsections:\n");
	for (k = 0; k < 200; k++) { /* over 1 MiB of text: the thread runs */
		int b;
		strbuf_addf(&y, "- title: Section %d\n  blocks:\n", k);
		for (b = 0; b < 50; b++)
			strbuf_addf(&y, "  - \"Block %d.%d: %s\"\n", k, b,
			            "the quick brown fox jumps over the lazy dog, \u00e9t\u00e9, "
			            "\u03b1\u03b2\u03b3, \u6f22\u5b57; the quick brown fox jumps over "
			            "the lazy dog again and again and again, and then once more.");
	}
	big = load(y.buf);
	strbuf_release(&y);
	if (!big || !small) {
		ok(0, "fingerprint job: test articles load");
		return;
	}
	want = store_fingerprint(big);
	got = store_fingerprint_finish(store_fingerprint_start(big));
	is_str(got, want, "fingerprint job: finished at once, the same value");
	free(got);
	{
		struct store_fingerprint_job *j = store_fingerprint_start(big);
		usleep(200000);
		got = store_fingerprint_finish(j);
		is_str(got, want, "fingerprint job: finished later, the same value");
		free(got);
	}
	store_fingerprint_drop(store_fingerprint_start(big));
	store_fingerprint_drop(NULL);
	ok(1, "fingerprint job: dropped, running or not");
	free(want);
	want = store_fingerprint(small);
	got = store_fingerprint_finish(store_fingerprint_start(small));
	is_str(got, want, "fingerprint job: a small article, the same value");
	free(got);
	free(want);
	article_free(big);
	article_free(small);
}

static void check_path(const struct article *a, const char *want, const char *what)
{
	struct store_error err;
	char *p = store_default_path(a, &err);

	is_str(p, want, "default path: %s", what);
	free(p);
}

static void test_default_path(void)
{
	struct article *with_id = load("title: A Tour\nid: 'Glosa Tour: 2nd édition!'\n"
	                               "sections: [{title: One}]\n");
	struct article *no_id = load("title: A Tour of Glosa\nauthor: [Ana Pérez, Bo Li]\n"
	                             "date: 2026-11-28\nsections: [{title: One}]\n");
	struct article *cjk = load("title: 日本語の記事\nsections: [{title: One}]\n");
	struct article *cjk_id = load("title: x\nid: 記事\nsections: [{title: One}]\n");
	struct article *longt = load("title: Aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee "
	                             "ffffffffff gggggggggg hhhhhhhhhh\nsections: [{title: One}]\n");
	char *xdg = getenv("XDG_DATA_HOME") ? xstrdup(getenv("XDG_DATA_HOME")) : NULL;
	char *home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	char want[512], h8[65];
	uint8_t h[32];
	const char *key = "A Tour of Glosa\nAna Pérez, Bo Li\n2026-11-28";

	if (!with_id || !no_id || !cjk || !cjk_id || !longt) {
		ok(0, "test articles load");
		return;
	}
	setenv("XDG_DATA_HOME", "/data/xdg", 1);
	setenv("HOME", "/home/ana", 1);
	check_path(with_id, "/data/xdg/glosa/annotations/glosa-tour-2nd-dition.yaml",
	           "XDG_DATA_HOME set, the id slugged");
	sha256(key, strlen(key), h);
	hex(h, h8);
	snprintf(want, sizeof want, "/data/xdg/glosa/annotations/a-tour-of-glosa-%.8s.yaml", h8);
	check_path(no_id, want, "no id: title slug and hash of title, authors, date");
	unsetenv("XDG_DATA_HOME");
	check_path(with_id, "/home/ana/.local/share/glosa/annotations/glosa-tour-2nd-dition.yaml",
	           "XDG_DATA_HOME unset: HOME/.local/share");
	setenv("XDG_DATA_HOME", "", 1);
	check_path(with_id, "/home/ana/.local/share/glosa/annotations/glosa-tour-2nd-dition.yaml",
	           "XDG_DATA_HOME empty: HOME/.local/share");
	setenv("XDG_DATA_HOME", "relative/dir", 1);
	check_path(with_id, "/home/ana/.local/share/glosa/annotations/glosa-tour-2nd-dition.yaml",
	           "a relative XDG_DATA_HOME is ignored (XDG spec)");
	unsetenv("XDG_DATA_HOME");
	key = "日本語の記事\n\n";
	sha256(key, strlen(key), h);
	hex(h, h8);
	snprintf(want, sizeof want, "/home/ana/.local/share/glosa/annotations/article-%.8s.yaml", h8);
	check_path(cjk, want, "a title with no ASCII letters");
	sha256("記事", strlen("記事"), h);
	hex(h, h8);
	snprintf(want, sizeof want, "/home/ana/.local/share/glosa/annotations/article-%.8s.yaml", h8);
	check_path(cjk_id, want, "an id with no ASCII letters");
	{
		struct store_error err;
		char *p = store_default_path(longt, &err);
		const char *base = p ? strrchr(p, '/') + 1 : "";
		ok(p && strlen(base) <= 64 + 1 + 8 + 5 && strncmp(base, "aaaaaaaaaa-bbbbbbbbbb-", 22) == 0,
		   "a long title is cut: %s", base);
		free(p);
	}
	if (xdg)
		setenv("XDG_DATA_HOME", xdg, 1);
	if (home)
		setenv("HOME", home, 1);
	else
		unsetenv("HOME");
	free(xdg);
	free(home);
	article_free(with_id);
	article_free(no_id);
	article_free(cjk);
	article_free(cjk_id);
	article_free(longt);
}

static void test_fingerprint_and_dirs(void)
{
	struct article *a = load("title: T\nsections: [{title: One, blocks: [Hello, World]}]\n");
	struct article *b = load("title: T\nsections: [{title: One, blocks: [Hello, World!]}]\n");
	struct strbuf joined = STRBUF_INIT;
	struct store_error err;
	char *fa, *fb, *p, want[80], h64[65];
	uint8_t h[32];
	uint32_t i;
	struct stat st;

	if (!a || !b) {
		ok(0, "test articles load");
		return;
	}
	for (i = 0; i < a->nunits; i++) {
		struct text_ref r = article_unit_text(a, i);
		if (i)
			strbuf_addch(&joined, '\n');
		strbuf_add(&joined, article_str(a, r), r.len);
	}
	sha256(joined.buf, joined.len, h);
	snprintf(want, sizeof want, "sha256:%s", hex(h, h64));
	fa = store_fingerprint(a);
	fb = store_fingerprint(b);
	is_str(fa, want, "fingerprint: sha256 of the units joined by newlines");
	is_str(joined.buf, "T\nOne\nHello\nWorld", "  (the units of the test article)");
	ok(strcmp(fa, fb) != 0, "an edit changes the fingerprint");
	free(fa);
	free(fb);
	strbuf_release(&joined);
	article_free(a);
	article_free(b);

	p = path_in("d1/d2/d3/file.yaml");
	ok(store_make_dirs(p, &err) == 0, "store_make_dirs creates the folders");
	free(p);
	p = path_in("d1/d2/d3");
	ok(stat(p, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700, "with mode 0700");
	free(p);
	p = path_in("d1/d2/d3/file.yaml");
	ok(store_make_dirs(p, &err) == 0, "and is happy when they exist");
	free(p);
	p = path_in("d1/plain");
	write_bytes(p, "x", 1);
	free(p);
	p = path_in("d1/plain/sub/file.yaml");
	ok(store_make_dirs(p, &err) == -1 && err.kind == STORE_EIO && err.errnum == ENOTDIR,
	   "a file in the way is an error: %s", err.message);
	free(p);
}

/* ---- Saving ------------------------------------------------------------- */

static void test_save(void)
{
	char *path = path_in("basic.yaml"), *bak = path_in("basic.yaml.bak");
	struct annot_set set = ANNOT_SET_INIT, back = ANNOT_SET_INIT;
	struct store st, st2;
	struct store_error err;
	char *v1, *v2;
	size_t n1, n2;
	struct stat sb;

	ok(store_open(&st, path, &set, &err) == 0 && !st.exists && set.n == 0,
	   "a missing file opens as an empty set");
	add_hl(&set, 9, "nine");
	add_hl(&set, 3, "three");
	ok(store_save(&st, &set, &err) == 0, "first save");
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600, "a new file has mode 0600");
	ok(set.n == 2 && strcmp(set.hl[0].id, "0000000000000003") == 0, "the set is sorted after a save");
	ok(access(bak, F_OK) != 0, "no backup of nothing");
	v1 = read_bytes(path, &n1);
	ok(store_open(&st2, path, &back, &err) == 0 && diff_set(&set, &back) == NULL,
	   "what was saved reads back");
	store_close(&st2);
	add_hl(&set, 5, "five");
	ok(store_save(&st, &set, &err) == 0, "second save");
	ok(file_equals(bak, v1, n1), ".bak holds the previous version");
	v2 = read_bytes(path, &n2);
	chmod(path, 0640);
	add_hl(&set, 7, "seven");
	ok(store_save(&st, &set, &err) == 0, "third save");
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0640, "the file's mode is kept");
	ok(file_equals(bak, v2, n2), ".bak follows");
	is_int(count_files("basic.yaml.tmp") + count_files("basic.yaml.bak.new"), 0,
	       "no temporary files left");
	ok(store_open(&st2, path, &back, &err) == 0 && back.n == 4, "four highlights on disk");
	store_close(&st2);

	/* Two stores on one file, as two glosa processes. */
	ok(store_open(&st2, path, &back, &err) == 0, "a second store opens the file");
	add_hl(&set, 11, "only in the first");
	ok(store_save(&st, &set, &err) == 0, "the first saves");
	add_hl(&back, 12, "only in the second");
	ok(store_save(&st2, &back, &err) == 0, "the second saves after it");
	ok(back.n == 6 && annot_find(&back, "000000000000000b") >= 0,
	   "the second's set now holds the first's highlight too");
	/* The first deletes 11; the second, which still has it, saves again. */
	{
		long i = annot_find(&set, "000000000000000b");
		char id[ANNOT_ID_LEN + 1];
		memcpy(id, set.hl[i].id, sizeof id);
		highlight_release(&set.hl[i]);
		memcpy(set.hl[i].id, id, sizeof id);
		snprintf(set.hl[i].updated, sizeof set.hl[i].updated, "2030-01-01T00:00:00Z");
		set.hl[i].deleted = true;
	}
	ok(store_save(&st, &set, &err) == 0, "the first deletes one");
	ok(store_save(&st2, &back, &err) == 0, "the second, which still had it, saves");
	{
		long i = annot_find(&back, "000000000000000b");
		ok(i >= 0 && back.hl[i].deleted, "the deleted highlight stays deleted");
	}
	store_close(&st2);
	store_close(&st);
	annot_set_release(&set);
	annot_set_release(&back);
	free(v1);
	free(v2);
	free(path);
	free(bak);
}

/* The file at path must not have changed, the set must equal before, and
 * the error must be the usual one. */
static void check_failed(const char *what, int r, const struct store_error *err, const char *path,
                         int errnum, const char *old, size_t oldlen,
                         const struct annot_set *set, const struct annot_set *before)
{
	char want[600];
	const char *d = diff_set(set, before);

	snprintf(want, sizeof want, "cannot save annotations to %s: %s", path, strerror(errnum));
	is_int(r, -1, "%s: the save fails", what);
	is_str(err->message, want, "%s: message", what);
	ok(err->kind == STORE_EIO && err->errnum == errnum, "%s: kind and errno", what);
	if (old)
		ok(file_equals(path, old, oldlen), "%s: the old file is intact byte for byte", what);
	if (!ok(d == NULL, "%s: nothing in memory changed", what))
		printf("#   differs in %s\n", d);
}

/* A store at name with a saved file of two highlights and one more only in
 * memory. */
static void setup(const char *name, char **path, struct store *st, struct annot_set *set,
                  char **old, size_t *oldlen, struct annot_set *before)
{
	struct store_error err;

	*path = path_in(name);
	*set = (struct annot_set)ANNOT_SET_INIT;
	store_open(st, *path, set, &err);
	add_hl(set, 1, "one");
	add_hl(set, 2, "two");
	if (store_save(st, set, &err) != 0)
		printf("# setup %s: %s\n", name, err.message);
	*old = read_bytes(*path, oldlen);
	add_hl(set, 3, "three, with a long note to make the file grow well past the limit");
	free(set->hl[set->n - 1].note);
	set->hl[set->n - 1].note = xmalloc(20001);
	memset(set->hl[set->n - 1].note, 'n', 20000);
	set->hl[set->n - 1].note[20000] = '\0';
	copy_set(before, set);
}

static void finish(const char *what, const char *base, struct store *st, struct annot_set *set,
                   char *path, char *old, struct annot_set *before)
{
	struct store_error err;
	struct annot_set back = ANNOT_SET_INIT;
	struct store st2;
	char prefix[128];

	snprintf(prefix, sizeof prefix, "%s.tmp", base);
	is_int(count_files(prefix), 0, "%s: no temporary file left", what);
	snprintf(prefix, sizeof prefix, "%s.bak.new", base);
	is_int(count_files(prefix), 0, "%s: no backup link left", what);
	if (!ok(store_save(st, set, &err) == 0, "%s: once the cause is gone, the save succeeds", what))
		printf("#   %s\n", err.message);
	ok(store_open(&st2, path, &back, &err) == 0 && back.n == before->n,
	   "%s: and everything is on disk", what);
	store_close(&st2);
	annot_set_release(&back);
	store_close(st);
	annot_set_release(set);
	annot_set_release(before);
	free(path);
	free(old);
}

/* Saving into a folder the user may not write to. */
static void read_only_folder(void)
{
	struct annot_set set = ANNOT_SET_INIT, before;
	struct store st;
	struct store_error err;
	char *path, *old, *aux;
	size_t oldlen;
	int r;

	aux = path_in("ro");
	mkdir(aux, 0700);
	free(aux);
	setup("ro/ro.yaml", &path, &st, &set, &old, &oldlen, &before);
	aux = path_in("ro");
	chmod(aux, 0555);
	r = store_save(&st, &set, &err);
	check_failed("read-only folder", r, &err, path, EACCES, old, oldlen, &set, &before);
	chmod(aux, 0700);
	free(aux);
	finish("read-only folder", "ro/ro.yaml", &st, &set, path, old, &before);
}

static void test_failures(void)
{
	struct annot_set set, before;
	struct store st;
	struct store_error err;
	char *path, *old, *aux;
	size_t oldlen;
	int r;

	/* The folder is a regular file (a broken sync, a typo). */
	path = path_in("notadir/a.yaml");
	aux = path_in("notadir");
	set = (struct annot_set)ANNOT_SET_INIT;
	store_open(&st, path, &set, &err);
	add_hl(&set, 1, "one");
	copy_set(&before, &set);
	write_bytes(aux, "not a folder\n", 13);
	r = store_save(&st, &set, &err);
	check_failed("folder is a file", r, &err, path, ENOTDIR, NULL, 0, &set, &before);
	ok(file_equals(aux, "not a folder\n", 13), "folder is a file: the file is untouched");
	unlink(aux);
	mkdir(aux, 0700);
	free(aux);
	finish("folder is a file", "notadir", &st, &set, path, NULL, &before);

	/* A full disk: RLIMIT_FSIZE below the new file's size (works as root). */
	setup("full.yaml", &path, &st, &set, &old, &oldlen, &before);
	{
		struct rlimit saved, small;
		void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
		getrlimit(RLIMIT_FSIZE, &saved);
		small = saved;
		small.rlim_cur = 8192;
		setrlimit(RLIMIT_FSIZE, &small);
		r = store_save(&st, &set, &err);
		setrlimit(RLIMIT_FSIZE, &saved);
		signal(SIGXFSZ, was);
	}
	check_failed("disk full", r, &err, path, EFBIG, old, oldlen, &set, &before);
	finish("disk full", "full.yaml", &st, &set, path, old, &before);

	/* A directory where the file should be. */
	path = path_in("isdir.yaml");
	set = (struct annot_set)ANNOT_SET_INIT;
	store_open(&st, path, &set, &err);
	add_hl(&set, 1, "one");
	copy_set(&before, &set);
	mkdir(path, 0700);
	aux = path_in("isdir.yaml/inside");
	write_bytes(aux, "mine\n", 5);
	r = store_save(&st, &set, &err);
	check_failed("a directory in its place", r, &err, path, EISDIR, NULL, 0, &set, &before);
	ok(file_equals(aux, "mine\n", 5), "a directory in its place: its contents untouched");
	unlink(aux);
	free(aux);
	rmdir(path);
	finish("a directory in its place", "isdir.yaml", &st, &set, path, NULL, &before);

	/* The lock file cannot be made. */
	setup("nolock.yaml", &path, &st, &set, &old, &oldlen, &before);
	unlink(st.lock_path);
	mkdir(st.lock_path, 0700);
	r = store_save(&st, &set, &err);
	check_failed("lock is a directory", r, &err, path, EISDIR, old, oldlen, &set, &before);
	rmdir(st.lock_path); /* the next save makes it again */
	finish("lock is a directory", "nolock.yaml", &st, &set, path, old, &before);

	/* The backup cannot be replaced. */
	setup("nobak.yaml", &path, &st, &set, &old, &oldlen, &before);
	aux = path_in("nobak.yaml.bak");
	mkdir(aux, 0700);
	{
		char *inside = path_in("nobak.yaml.bak/x");
		write_bytes(inside, "x", 1);
		r = store_save(&st, &set, &err);
		check_failed("backup is a directory", r, &err, path, EISDIR, old, oldlen, &set, &before);
		unlink(inside);
		free(inside);
	}
	rmdir(aux);
	{
		char *keep = xstrdup(old);
		size_t keeplen = oldlen;
		finish("backup is a directory", "nobak.yaml", &st, &set, path, old, &before);
		ok(file_equals(aux, keep, keeplen), "backup is a directory: then .bak holds the old file");
		free(keep);
	}
	free(aux);

	/* The disk reports an error when the file is synced. */
	setup("eio.yaml", &path, &st, &set, &old, &oldlen, &before);
	inject = "fsync";
	inject_errno = EIO;
	r = store_save(&st, &set, &err);
	inject = NULL;
	check_failed("fsync fails", r, &err, path, EIO, old, oldlen, &set, &before);
	finish("fsync fails", "eio.yaml", &st, &set, path, old, &before);

	/* The final rename fails. */
	setup("norename.yaml", &path, &st, &set, &old, &oldlen, &before);
	inject = "rename";
	inject_errno = EIO;
	r = store_save(&st, &set, &err);
	inject = NULL;
	check_failed("rename fails", r, &err, path, EIO, old, oldlen, &set, &before);
	finish("rename fails", "norename.yaml", &st, &set, path, old, &before);

	/* Making the backup link fails. */
	setup("nolink.yaml", &path, &st, &set, &old, &oldlen, &before);
	inject = "link";
	inject_errno = EIO;
	r = store_save(&st, &set, &err);
	inject = NULL;
	check_failed("link fails", r, &err, path, EIO, old, oldlen, &set, &before);
	finish("link fails", "nolink.yaml", &st, &set, path, old, &before);

	/* A file system without hard links (FAT, some network and FUSE ones):
	 * the save works, and the backup is a copy. */
	setup("fat.yaml", &path, &st, &set, &old, &oldlen, &before);
	inject = "link";
	inject_errno = EPERM;
	r = store_save(&st, &set, &err);
	inject = NULL;
	is_int(r, 0, "no hard links: the save works");
	aux = path_in("fat.yaml.bak");
	ok(file_equals(aux, old, oldlen), "no hard links: .bak is a copy of the old file");
	free(aux);
	is_int(count_files("fat.yaml.tmp") + count_files("fat.yaml.bak.new"), 0,
	       "no hard links: no temporary file left");
	finish("no hard links", "fat.yaml", &st, &set, path, old, &before);

	/* A read-only folder only stops someone who is not root: as root, a
	 * child process becomes nobody for this case. Its TAP lines continue
	 * our numbering; it exits with how many it printed (and 128 when one
	 * failed), so that the counts stay right. */
	if (geteuid() == 0) {
		int before_n = tap_n, status = 0;
		char ro_root[] = "/tmp/glosa-store-ro-XXXXXX";
		pid_t pid;
		if (!mkdtemp(ro_root) || chown(ro_root, 65534, 65534) != 0) {
			ok(0, "read-only folder: cannot prepare a folder for nobody");
			return;
		}
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			if (setgid(65534) != 0 || setuid(65534) != 0)
				_exit(0xFF);
			strcpy(tmp_root, ro_root);
			read_only_folder();
			fflush(stdout);
			_exit((tap_n - before_n) | (tap_failed ? 128 : 0));
		}
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status) == 0xFF) {
			ok(0, "read-only folder: the child could not become nobody");
		} else {
			tap_n += WEXITSTATUS(status) & 127;
			tap_failed += (WEXITSTATUS(status) & 128) ? 1 : 0;
		}
		rm_rf(ro_root);
	} else {
		read_only_folder();
	}
}

/* A file this glosa cannot read is never overwritten. */
static void test_never_overwrite(void)
{
	static const char newer[] = "glosa-annotations: 2\nhighlights:\n- {id: x, future: yes}\n";
	static const char broken[] = "glosa-annotations: 1\nhighlights: [\n";
	struct annot_set set = ANNOT_SET_INIT, before;
	struct store st;
	struct store_error err;
	char *path = path_in("newer.yaml"), want[600];

	write_bytes(path, newer, sizeof newer - 1);
	ok(store_open(&st, path, &set, &err) == -1 && err.kind == STORE_EVERSION && st.broken,
	   "a newer file: store_open refuses it");
	snprintf(want, sizeof want, "%s:1:20: annotation file format 2 is newer than this glosa "
	         "understands (1)", path);
	is_str(err.message, want, "a newer file: the message names file, line and column");
	add_hl(&set, 1, "new in memory");
	ok(store_save(&st, &set, &err) == -1 && err.kind == STORE_EVERSION, "a newer file: save refuses");
	snprintf(want, sizeof want, "cannot save annotations to %s: %s:1:20: annotation file format 2 "
	         "is newer than this glosa understands (1)", path, path);
	is_str(err.message, want, "a newer file: and says why");
	ok(file_equals(path, newer, sizeof newer - 1), "a newer file: untouched byte for byte");
	is_int(count_files("newer.yaml.tmp") + count_files("newer.yaml.bak"), 0,
	       "a newer file: no backup or temporary file beside it");
	ok(set.n == 1, "a newer file: the new highlight is still in memory");
	store_close(&st);
	annot_set_release(&set);
	free(path);

	path = path_in("broken.yaml");
	write_bytes(path, broken, sizeof broken - 1);
	ok(store_open(&st, path, &set, &err) == -1 && err.kind == STORE_EPARSE && st.broken
	   && err.line == 3 && err.column == 1, "a broken file: store_open says where");
	add_hl(&set, 1, "new in memory");
	ok(store_save(&st, &set, &err) == -1, "a broken file: save refuses");
	ok(file_equals(path, broken, sizeof broken - 1), "a broken file: untouched byte for byte");
	store_close(&st);
	annot_set_release(&set);

	/* Valid when opened, broken by someone else before the save. */
	unlink(path);
	ok(store_open(&st, path, &set, &err) == 0, "broken later: open");
	add_hl(&set, 1, "one");
	ok(store_save(&st, &set, &err) == 0, "broken later: first save");
	write_bytes(path, broken, sizeof broken - 1);
	add_hl(&set, 2, "two");
	copy_set(&before, &set);
	snprintf(want, sizeof want, "cannot save annotations to %s: %s:3:1: did not find expected "
	         "node content (while parsing a flow node)", path, path);
	ok(store_save(&st, &set, &err) == -1 && err.kind == STORE_EPARSE && err.line == 3,
	   "broken later: save refuses");
	is_str(err.message, want, "broken later: and says where");
	ok(file_equals(path, broken, sizeof broken - 1), "broken later: untouched byte for byte");
	ok(diff_set(&set, &before) == NULL, "broken later: nothing lost in memory");
	ok(store_save(&st, &set, &err) == -1 && file_equals(path, broken, sizeof broken - 1),
	   "broken later: a retry refuses too");
	/* Fixed by hand, with a highlight of its own: the next save merges. */
	{
		static const char fixed[] = "glosa-annotations: 1\nhighlights:\n"
			"- id: 00000000000000ee\n  updated: 2026-01-01T00:00:00Z\n  deleted: true\n";
		write_bytes(path, fixed, sizeof fixed - 1);
		ok(store_save(&st, &set, &err) == 0 && set.n == 3 && !st.broken,
		   "fixed by hand: the save merges and succeeds");
	}
	store_close(&st);
	annot_set_release(&set);
	annot_set_release(&before);
	free(path);
}

int main(void)
{
	if (!mkdtemp(tmp_root)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_sha256();
	test_round_trip();
	test_emit_shape();
	test_author_percent();
	test_fixtures();
	test_piped_parse();
	test_default_path();
	test_fingerprint_and_dirs();
	test_fingerprint_job();
	test_save();
	test_failures();
	test_never_overwrite();
	rm_rf(tmp_root);
	return tap_done();
}
