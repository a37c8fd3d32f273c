#include "config.h"

/* The store's emission cache (src/store_cache.h) and how a save notices
 * another writer:
 *   - for random sets of highlights (any script, control and bidi
 *     characters, invalid UTF-8, multi-line notes, empty and absent
 *     strings, tags, tombstones, positions that name nothing), changed at
 *     random round after round (colour, note, tags, times, a move that
 *     reorders, a delete, an undelete, new and dropped highlights), the
 *     cached emission equals store_emit byte for byte, every round;
 *   - one change re-emits one highlight, and an unchanged set none;
 *   - in_order says truly whether the set was in document order;
 *   - an invalid highlight is refused as store_emit refuses it;
 *   - a save notices a change on disk that keeps the size, the inode and
 *     the modification time (an in-place rewrite, the time put back), and
 *     merges instead of overwriting it;
 *   - the cache warmed while a file is parsed (src/store_warm.c): after
 *     opening a file of glosa's own or of another style, the first save
 *     emits only the changed highlight and writes store_emit's bytes; a
 *     file that breaks after hundreds of highlights, and a store closed
 *     at once, stop the worker cleanly. */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glosa/annot.h"
#include "glosa/store.h"
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"
#include "../../src/store_cache.h"
#include "../../src/store_warm.h"
#include "tap.h"

/* ---- Random highlights --------------------------------------------------- */

static unsigned long rng = 88172645463325252UL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Pieces of text that stress the emitter and the escaper. */
static const char *const bits[] = {
	"word", " ", "yes", "null", "~", "- item", "# not a comment", ": colon", "\"quoted\"",
	"'single'", "back\\slash", "\n", "\r\n", "\t", "line one\nline two\n", "  lead", "trail  ",
	"\xc3\xa9t\xc3\xa9", "\xce\xb1\xce\xb2\xce\xb3", "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9",
	"\xe6\xbc\xa2\xe5\xad\x97", "\xf0\x9f\x98\x80", ("\xe2\x80\xae" "bidi"), "\xe2\x80\x8f",
	"\xe2\x81\xa6", "\xe2\x80\xa8", "\xc2\x85", "\x01\x02\x1b[31m", "\x7f", "\xef\xbb\xbf",
	"\xff\xfe bad", "\xc3", "{flow: map}", "[a, b]", "&anchor", "*alias", "!tag", "%",
	"@", "`", "|", ">", "...", "---", "0x1F", "1e3", "2026-11-28",
};

static char *rand_text(bool allow_null)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned k, n = rnd(6);

	if (allow_null && rnd(5) == 0)
		return NULL;
	for (k = 0; k < n; k++)
		strbuf_addstr(&sb, bits[rnd(sizeof bits / sizeof *bits)]);
	return strbuf_detach(&sb, NULL);
}

static const char *const sections[] = { "1", "2", "2.1", "2.10", "2.9", "10", "", "A.1", "3.2.1" };

static void rand_pos(struct hl_pos *p)
{
	free(p->section);
	p->section = rnd(8) ? xstrdup(sections[rnd(sizeof sections / sizeof *sections)]) : NULL;
	p->block = rnd(4) ? rnd(20) : 4000000000u; /* sometimes nowhere: an orphan */
	p->offset = rnd(300);
}

static void rand_time(char out[ANNOT_TIME_LEN + 1])
{
	snprintf(out, ANNOT_TIME_LEN + 1, "2026-%02u-%02uT%02u:%02u:%02uZ", 1 + rnd(12), 1 + rnd(28),
	         rnd(24), rnd(60), rnd(60));
}

static void rand_tags(struct highlight *h)
{
	size_t i;

	for (i = 0; i < h->ntags; i++)
		free(h->tags[i]);
	free(h->tags);
	h->ntags = rnd(3) ? 0 : 1 + rnd(3);
	h->tags = h->ntags ? xcalloc(h->ntags, sizeof *h->tags) : NULL;
	for (i = 0; i < h->ntags; i++)
		h->tags[i] = rand_text(false);
}

static void rand_highlight(struct highlight *h)
{
	static const char *const colors[] = { "yellow", "green", "blue", "red", "purple", "teal", "" };

	memset(h, 0, sizeof *h);
	annot_new_id(h->id);
	rand_time(h->created);
	rand_time(h->updated);
	h->author = rand_text(true);
	h->color = rnd(6) ? xstrdup(colors[rnd(sizeof colors / sizeof *colors)]) : NULL;
	rand_pos(&h->start);
	rand_pos(&h->end);
	h->exact = rand_text(rnd(10) == 0);
	h->prefix = rand_text(true);
	h->suffix = rand_text(true);
	h->note = rand_text(true);
	rand_tags(h);
}

static void tombstone(struct highlight *h)
{
	char id[ANNOT_ID_LEN + 1];

	memcpy(id, h->id, sizeof id);
	highlight_release(h);
	memcpy(h->id, id, sizeof id);
	h->deleted = true;
	rand_time(h->updated);
}

/* One random change to set s. */
static void mutate(struct annot_set *s)
{
	struct highlight h, *t;
	unsigned what = rnd(9);

	if (s->n == 0 || what == 0) {
		rand_highlight(&h);
		annot_add(s, &h);
		highlight_release(&h);
		return;
	}
	t = &s->hl[rnd((unsigned)s->n)];
	if (t->deleted && what != 8) {
		rand_highlight(&h); /* brought back, as an undo does */
		memcpy(h.id, t->id, sizeof h.id);
		highlight_release(t);
		*t = h;
		return;
	}
	switch (what) {
	case 1: free(t->color); t->color = xstrdup(annot_colors[rnd(ANNOT_NCOLORS)]); break;
	case 2: free(t->note); t->note = rand_text(true); break;
	case 3: rand_tags(t); break;
	case 4: rand_time(t->updated); break;
	case 5: rand_pos(&t->start); break; /* moves it in document order */
	case 6: tombstone(t); break;
	case 7: free(t->exact); t->exact = rand_text(false); break;
	case 8: /* dropped from the set altogether */
		highlight_release(t);
		*t = s->hl[--s->n];
		break;
	}
}

/* ---- Checks -------------------------------------------------------------- */

/* Is the cache's emission of s store_emit's, byte for byte? */
static bool same_as_store_emit(struct store_cache *c, const struct annot_set *s, bool *in_order)
{
	struct store_error e1, e2;
	char *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	bool same;

	if (store_emit(s, &a, &na, &e1) != 0 || store_cache_emit(c, s, &b, &nb, in_order, &e2) != 0) {
		printf("# emit failed: %s / %s\n", e1.message, e2.message);
		free(a);
		free(b);
		return false;
	}
	same = na == nb && memcmp(a, b, na) == 0;
	if (!same) {
		size_t i = 0;
		while (i < na && i < nb && a[i] == b[i])
			i++;
		printf("# differ at byte %zu of %zu/%zu: ...%.40s... vs ...%.40s...\n", i, na, nb,
		       a + (i > 20 ? i - 20 : 0), b + (i > 20 ? i - 20 : 0));
	}
	free(a);
	free(b);
	return same;
}

/* Would annot_sort leave s as it is? */
static bool is_sorted(const struct annot_set *s)
{
	struct annot_set copy = *s;
	bool same;

	if (s->n == 0)
		return true;
	copy.hl = xreallocarray(NULL, s->n, sizeof *copy.hl);
	memcpy(copy.hl, s->hl, s->n * sizeof *copy.hl);
	annot_sort(&copy);
	same = memcmp(copy.hl, s->hl, s->n * sizeof *copy.hl) == 0;
	free(copy.hl);
	return same;
}

static void test_random_sets(void)
{
	int set_no, round, bad = 0, order_wrong = 0, rounds = 0;

	for (set_no = 0; set_no < 20; set_no++) {
		struct annot_set s = ANNOT_SET_INIT;
		struct store_cache *c = store_cache_new();
		unsigned n = set_no == 0 ? 0 : rnd(60), k;

		s.article_id = rnd(2) ? rand_text(true) : NULL;
		s.article_title = rand_text(true);
		s.article_path = rand_text(true);
		s.fingerprint = rnd(2) ? xstrdup("sha256:00ff") : NULL;
		s.has_position = rnd(2);
		if (s.has_position)
			rand_pos(&s.position);
		s.percent = rnd(3) ? (int)rnd(120) : -1;
		for (k = 0; k < n; k++) {
			struct highlight h;
			rand_highlight(&h);
			if (rnd(8) == 0)
				tombstone(&h);
			annot_add(&s, &h);
			highlight_release(&h);
		}
		for (round = 0; round < 25; round++) {
			bool in_order, sorted_before = is_sorted(&s);
			rounds++;
			if (!same_as_store_emit(c, &s, &in_order))
				bad++;
			if (in_order && !sorted_before)
				order_wrong++;
			/* As store_save does after a save. */
			if (!in_order)
				annot_sort(&s);
			mutate(&s);
			if (rnd(3) == 0)
				mutate(&s);
		}
		ok(store_cache_fallbacks(c) == 0, "set %d: never fell back to the whole file", set_no);
		store_cache_free(c);
		annot_set_release(&s);
	}
	is_int(bad, 0, "%d rounds of random sets and changes: the cache writes store_emit's bytes",
	       rounds);
	is_int(order_wrong, 0, "in_order is never claimed for a set out of order");
}

/* A fixed set of n highlights with text in several scripts. */
static void make_set(struct annot_set *s, unsigned n)
{
	unsigned k;

	for (k = 0; k < n; k++) {
		struct highlight h;
		rand_highlight(&h);
		annot_add(s, &h);
		highlight_release(&h);
	}
	annot_sort(s);
}

static void test_reuse(void)
{
	struct annot_set s = ANNOT_SET_INIT;
	struct store_cache *c = store_cache_new();
	struct highlight h;
	bool in_order;
	unsigned long before;

	make_set(&s, 200);
	ok(same_as_store_emit(c, &s, &in_order), "200 highlights: the first emission");
	is_int((long long)store_cache_emitted(c), 200, "emits every highlight once");
	ok(!in_order, "and, the cache being empty, cannot vouch for the order");
	before = store_cache_emitted(c);
	ok(same_as_store_emit(c, &s, &in_order), "unchanged: the same bytes");
	is_int((long long)(store_cache_emitted(c) - before), 0, "and nothing is emitted again");
	ok(in_order, "the set is known to be in order");

	free(s.hl[100].color);
	s.hl[100].color = xstrdup("a colour of one's own");
	before = store_cache_emitted(c);
	ok(same_as_store_emit(c, &s, &in_order), "one colour changed: the same bytes as store_emit");
	is_int((long long)(store_cache_emitted(c) - before), 1, "and only that highlight is emitted");
	ok(in_order, "a colour does not move it");

	free(s.hl[7].note);
	s.hl[7].note = xstrdup("a note\nover \xe2\x80\xae two lines");
	free(s.article_title);
	s.article_title = xstrdup("A new title \x1b[2J");
	before = store_cache_emitted(c);
	ok(same_as_store_emit(c, &s, &in_order), "a note and the title changed: the same bytes");
	is_int((long long)(store_cache_emitted(c) - before), 1, "one highlight emitted (the head is always)");

	rand_highlight(&h);
	hl_pos_set(&h.start, "0", 0, 0); /* first in document order */
	annot_add(&s, &h);
	highlight_release(&h);
	before = store_cache_emitted(c);
	ok(same_as_store_emit(c, &s, &in_order), "a new highlight, appended out of order: the same bytes");
	is_int((long long)(store_cache_emitted(c) - before), 1, "only it is emitted");
	ok(!in_order, "and the set is said to be out of order");
	annot_sort(&s);

	memcpy(s.hl[3].id, "not an id", 10);
	{
		struct store_error e1, e2;
		char *a = NULL, *b = NULL;
		size_t na, nb;
		int r1 = store_emit(&s, &a, &na, &e1), r2 = store_cache_emit(c, &s, &b, &nb, &in_order, &e2);
		ok(r1 != 0 && r2 != 0 && !b, "an invalid id is refused by both");
		is_str(e2.message, e1.message, "with the same message");
		free(a);
	}
	store_cache_free(c);
	annot_set_release(&s);
}

/* ---- A change on disk that looks like no change -------------------------- */

static char tmp_root[] = "/tmp/glosa-cache-XXXXXX";

static void test_same_size_same_time(void)
{
	struct annot_set mine = ANNOT_SET_INIT, other = ANNOT_SET_INIT, back = ANNOT_SET_INIT;
	struct store st, st2;
	struct store_error err;
	struct highlight h;
	struct stat before, after;
	struct timespec times[2];
	char path[128], *data;
	size_t len;
	FILE *f;
	char *p;
	long i;

	snprintf(path, sizeof path, "%s/notes.yaml", tmp_root);
	ok(store_open(&st, path, &mine, &err) == 0, "disk: open a new file");
	make_set(&mine, 3);
	for (i = 0; i < 3; i++) {
		free(mine.hl[i].color);
		mine.hl[i].color = xstrdup("red");
		memcpy(mine.hl[i].updated, "2026-01-01T00:00:00Z", ANNOT_TIME_LEN + 1);
		memcpy(mine.hl[i].created, "2026-01-01T00:00:00Z", ANNOT_TIME_LEN + 1);
	}
	ok(store_save(&st, &mine, &err) == 0, "disk: first save");

	/* Another program rewrites one colour in place, same length and
	 * same inode, a later time, then puts the modification time back. */
	stat(path, &before);
	f = fopen(path, "r+");
	fseek(f, 0, SEEK_END);
	len = (size_t)ftell(f);
	rewind(f);
	data = xmalloc(len + 1);
	if (fread(data, 1, len, f) != len)
		len = 0;
	data[len] = '\0';
	p = strstr(data, "color: red");
	memcpy(p, "color: tan", 10);
	p = strstr(data, "updated: 2026-01-01T00:00:00Z");
	memcpy(p, "updated: 2026-01-02", 19);
	rewind(f);
	fwrite(data, 1, len, f);
	fclose(f);
	free(data);
	times[0] = before.st_atim;
	times[1] = before.st_mtim;
	utimensat(AT_FDCWD, path, times, 0);
	stat(path, &after);
	ok(after.st_size == before.st_size && after.st_ino == before.st_ino
	   && after.st_mtim.tv_sec == before.st_mtim.tv_sec
	   && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec,
	   "disk: the other change kept size, inode and modification time");

	/* This copy changes another highlight and saves. */
	i = mine.n - 1;
	while (i >= 0 && strcmp(mine.hl[i].color, "red") != 0)
		i--;
	rand_highlight(&h);
	annot_add(&mine, &h);
	highlight_release(&h);
	ok(store_save(&st, &mine, &err) == 0, "disk: this copy saves a new highlight");
	ok(st.merged, "disk: the save saw the other change and merged");
	ok(store_open(&st2, path, &back, &err) == 0, "disk: the file reads back");
	for (i = 0; i < (long)back.n && strcmp(back.hl[i].color ? back.hl[i].color : "", "tan"); i++)
		;
	ok(i < (long)back.n, "disk: the other program's colour survived");
	is_int((long long)back.n, 4, "disk: and this copy's new highlight is there too");
	store_close(&st2);
	store_close(&st);
	annot_set_release(&mine);
	annot_set_release(&other);
	annot_set_release(&back);
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		printf("# cannot write %s\n", path);
}

/* Does path hold store_emit(set)'s bytes exactly? */
static bool file_is_emit_of(const char *path, const struct annot_set *set)
{
	struct store_error err;
	char *want, *got = NULL;
	size_t nwant, ngot = 0;
	FILE *f = fopen(path, "r");
	bool same;

	if (!f || store_emit(set, &want, &nwant, &err) != 0)
		return false;
	got = xmalloc(nwant + 2);
	ngot = fread(got, 1, nwant + 1, f);
	fclose(f);
	same = ngot == nwant && memcmp(got, want, nwant) == 0;
	free(got);
	free(want);
	return same;
}

/* Open path, change one colour, save: the warmed cache is used. */
static void check_warm_save(const char *name, const char *path, size_t n)
{
	struct annot_set set = ANNOT_SET_INIT;
	struct store st;
	struct store_error err;

	if (!ok(store_open(&st, path, &set, &err) == 0, "%s: opens", name)) {
		printf("# %s\n", err.message);
		return;
	}
	is_int((long long)set.n, (long long)n, "%s: %zu highlights", name, n);
	ok(st.warm != NULL, "%s: a worker was given them", name);
	if (st.warm)
		store_warm_drain(st.warm); /* else the save takes what is done */
	free(set.hl[n / 2].color);
	set.hl[n / 2].color = xstrdup("blue-green");
	annot_now(set.hl[n / 2].updated);
	ok(store_save(&st, &set, &err) == 0, "%s: the first save", name);
	is_int((long long)store_cache_emitted(st.cache), 1,
	       "%s: emits only the changed highlight (the rest were warmed)", name);
	ok(file_is_emit_of(path, &set), "%s: and writes store_emit's bytes", name);
	free(set.hl[0].note);
	set.hl[0].note = xstrdup("second");
	ok(store_save(&st, &set, &err) == 0 && file_is_emit_of(path, &set),
	   "%s: a second save too", name);
	store_close(&st);
	annot_set_release(&set);
}

static void test_warm(void)
{
	struct annot_set set = ANNOT_SET_INIT, back = ANNOT_SET_INIT;
	struct store st;
	struct store_error err;
	struct strbuf sb = STRBUF_INIT;
	char path[128], *data;
	size_t len, k;

	/* Glosa's own file. */
	snprintf(path, sizeof path, "%s/own.yaml", tmp_root);
	make_set(&set, 500);
	store_emit(&set, &data, &len, &err);
	write_file(path, data, len);
	free(data);
	check_warm_save("glosa's file", path, 500);

	/* Another style: an indented list, literal notes, single quotes. */
	snprintf(path, sizeof path, "%s/other.yaml", tmp_root);
	strbuf_addstr(&sb, "glosa-annotations: 1\nhighlights:\n");
	for (k = 0; k < 300; k++)
		strbuf_addf(&sb, "  - id: %016zx\n    created: 2026-01-01T00:00:00Z\n"
		            "    updated: 2026-01-01T00:00:00Z\n    color: 'red'\n"
		            "    start: {section: '1', block: %zu, offset: 0}\n"
		            "    end:\n      section: \"1\"\n      block: %zu\n      offset: 5\n"
		            "    quote: {exact: 'x y', prefix: '', suffix: \"\"}\n"
		            "    note: |\n      line %zu\n      and \u00e9 more\n", k + 1, k, k, k);
	write_file(path, sb.buf, sb.len);
	check_warm_save("another style", path, 300);

	/* Broken after 400 highlights: the worker is stopped, nothing kept. */
	snprintf(path, sizeof path, "%s/broken.yaml", tmp_root);
	store_emit(&set, &data, &len, &err);
	strbuf_reset(&sb);
	strbuf_add(&sb, data, len);
	free(data);
	strbuf_addstr(&sb, "- id: not-an-id\n");
	write_file(path, sb.buf, sb.len);
	ok(store_open(&st, path, &back, &err) != 0 && st.broken && back.n == 0,
	   "broken late: refused, nothing kept");
	store_close(&st);

	/* Closed at once, the worker perhaps still busy. */
	snprintf(path, sizeof path, "%s/own.yaml", tmp_root);
	for (k = 0; k < 5; k++) {
		ok(store_open(&st, path, &back, &err) == 0, "closed at once %zu: opens", k);
		store_close(&st);
	}
	strbuf_release(&sb);
	annot_set_release(&set);
	annot_set_release(&back);
}

static void remove_tree(void)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_root);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmp_root);
}

int main(void)
{
	if (!mkdtemp(tmp_root)) {
		perror("mkdtemp");
		return 1;
	}
	test_random_sets();
	test_reuse();
	test_same_size_same_time();
	test_warm();
	remove_tree();
	return tap_done();
}
