#include "config.h"

/* Highlights in memory: order, merge, ids, times, copies. */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "glosa/annot.h"
#include "glosa/xalloc.h"
#include "tap.h"

/* A highlight with the given id, start and updated time (full fields so
 * that copies and releases have something to do). */
static struct highlight make(const char *id, const char *section, uint32_t block,
                             uint32_t offset, const char *updated)
{
	struct highlight h;

	memset(&h, 0, sizeof h);
	snprintf(h.id, sizeof h.id, "%s", id);
	snprintf(h.created, sizeof h.created, "2026-01-01T00:00:00Z");
	snprintf(h.updated, sizeof h.updated, "%s", updated);
	h.color = xstrdup("green");
	hl_pos_set(&h.start, section, block, offset);
	hl_pos_set(&h.end, section, block, offset + 5);
	h.exact = xstrdup(id);
	h.prefix = xstrdup("before ");
	h.suffix = xstrdup(" after");
	h.note = xstrdup("a note");
	h.ntags = 2;
	h.tags = xmalloc(2 * sizeof *h.tags);
	h.tags[0] = xstrdup("one");
	h.tags[1] = xstrdup("two");
	return h;
}

static void add(struct annot_set *s, const char *id, const char *section, uint32_t block,
                uint32_t offset, const char *updated, bool deleted)
{
	struct highlight h = make(id, section, block, offset, updated);

	h.deleted = deleted;
	annot_add(s, &h);
	highlight_release(&h);
}

static void test_section_cmp(void)
{
	ok(annot_section_cmp("2.9", "2.10") < 0, "2.9 before 2.10");
	ok(annot_section_cmp("2.10", "2.9") > 0, "2.10 after 2.9");
	ok(annot_section_cmp("9", "10") < 0, "9 before 10");
	ok(annot_section_cmp("2", "2.1") < 0, "2 before 2.1");
	ok(annot_section_cmp("2.1", "2") > 0, "2.1 after 2");
	ok(annot_section_cmp("2.1", "3") < 0, "2.1 before 3");
	is_int(annot_section_cmp("2.1.3", "2.1.3"), 0, "equal sections");
	ok(annot_section_cmp("", "1") < 0, "no section first");
	ok(annot_section_cmp(NULL, "1") < 0 && annot_section_cmp(NULL, "") == 0, "NULL is empty");
	ok(annot_section_cmp("99999999999999999999", "100000000000000000000") < 0,
	   "numbers longer than 64 bits");
	ok(annot_section_cmp("02", "2") != 0 && annot_section_cmp("02", "3") < 0,
	   "leading zeros: a total order, by value first");
}

static void test_sort(void)
{
	struct annot_set s = ANNOT_SET_INIT;
	static const char *const want[] = {
		"000000000000000c", "0000000000000003", "0000000000000004", "0000000000000002",
		"0000000000000005", "0000000000000001", "0000000000000006", "0000000000000007",
		"0000000000000008", "000000000000000a", "000000000000000b",
	};
	size_t i;
	bool all = true;

	add(&s, "000000000000000b", "1", 0, 0, "2026-01-01T00:00:00Z", true);
	add(&s, "0000000000000001", "2.10", 0, 0, "2026-01-01T00:00:00Z", false);
	add(&s, "0000000000000002", "2.9", 1, 0, "2026-01-01T00:00:00Z", false);
	add(&s, "0000000000000003", "2.9", 0, 7, "2026-01-01T00:00:00Z", false);
	add(&s, "0000000000000004", "2.9", 0, 8, "2026-01-01T00:00:00Z", false);
	add(&s, "000000000000000a", "0", 0, 0, "2026-01-01T00:00:00Z", true);
	add(&s, "0000000000000005", "2.9", 1, 0, "2026-01-01T00:00:00Z", false); /* tie: by id */
	add(&s, "0000000000000008", "10", 0, 0, "2026-01-01T00:00:00Z", false);
	add(&s, "0000000000000007", "3", 2, 0, "2026-01-01T00:00:00Z", false);
	add(&s, "0000000000000006", "3", 0, 0, "2026-01-01T00:00:00Z", false);
	add(&s, "000000000000000c", "1", 4, 4, "2026-01-01T00:00:00Z", false);
	annot_sort(&s);
	is_int((long long)s.n, 11, "eleven highlights");
	for (i = 0; i < s.n && i < 11; i++)
		if (strcmp(s.hl[i].id, want[i]) != 0) {
			all = false;
			printf("# position %zu: got %s, want %s\n", i, s.hl[i].id, want[i]);
		}
	ok(all, "document order: 1 < 2.9 < 2.10 < 3 < 10, block, offset, id; tombstones last by id");
	ok(s.hl[9].deleted && s.hl[10].deleted && !s.hl[8].deleted, "tombstones at the end");
	is_str(s.hl[0].exact, "000000000000000c", "strings move with their highlight");
	annot_sort(&s);
	is_str(s.hl[5].id, "0000000000000001", "sorting again changes nothing");
	annot_set_release(&s);
}

static void test_merge(void)
{
	struct annot_set a = ANNOT_SET_INIT, b = ANNOT_SET_INIT;
	long i;

	a.article_title = xstrdup("mine");
	b.article_title = xstrdup("theirs");
	b.has_position = true;
	hl_pos_set(&b.position, "4", 1, 1);
	add(&a, "00000000000000a1", "1", 0, 0, "2026-01-01T10:00:00Z", false); /* b newer */
	add(&b, "00000000000000a1", "1", 0, 9, "2026-01-01T10:00:01Z", false);
	add(&a, "00000000000000a2", "1", 1, 0, "2026-01-02T00:00:00Z", false); /* a newer */
	add(&b, "00000000000000a2", "1", 1, 9, "2026-01-01T00:00:00Z", false);
	add(&a, "00000000000000a3", "1", 2, 0, "2026-01-01T00:00:00Z", false); /* tie */
	add(&b, "00000000000000a3", "1", 2, 9, "2026-01-01T00:00:00Z", false);
	add(&a, "00000000000000a4", "1", 3, 0, "2026-01-01T00:00:00Z", false); /* b deleted later */
	add(&b, "00000000000000a4", "1", 3, 0, "2026-01-01T00:00:05Z", true);
	add(&a, "00000000000000a5", "1", 4, 0, "2026-01-01T00:00:00Z", true);  /* a deleted */
	add(&b, "00000000000000a5", "1", 4, 9, "1999-01-01T00:00:00Z", false);
	add(&a, "00000000000000a6", "1", 5, 0, "2026-01-01T00:00:00Z", false); /* same-second delete */
	add(&b, "00000000000000a6", "1", 5, 0, "2026-01-01T00:00:00Z", true);
	add(&a, "00000000000000a7", "1", 6, 0, "2026-01-01T00:00:00Z", true);  /* undone delete */
	add(&b, "00000000000000a7", "1", 6, 9, "2026-01-01T00:00:09Z", false);
	add(&b, "00000000000000b1", "9", 0, 0, "2026-01-01T00:00:00Z", false); /* only in b */
	add(&b, "00000000000000b2", "9", 0, 0, "2026-01-01T00:00:00Z", true);  /* tombstone only in b */
	a.hl[0].at = (struct hl_place){ true, 1, 2, 3, 4 };

	annot_merge(&a, &b);
	is_int((long long)a.n, 9, "union by id");
	i = annot_find(&a, "00000000000000a1");
	ok(i >= 0 && a.hl[i].start.offset == 9 && strcmp(a.hl[i].updated, "2026-01-01T10:00:01Z") == 0,
	   "newer in other wins");
	ok(i >= 0 && a.hl[i].at.placed && a.hl[i].at.eb == 4, "its placement is kept");
	i = annot_find(&a, "00000000000000a2");
	ok(i >= 0 && a.hl[i].start.offset == 0, "newer in s stays");
	i = annot_find(&a, "00000000000000a3");
	ok(i >= 0 && a.hl[i].start.offset == 0, "a tie goes to s");
	i = annot_find(&a, "00000000000000a4");
	ok(i >= 0 && a.hl[i].deleted, "a newer tombstone wins");
	i = annot_find(&a, "00000000000000a5");
	ok(i >= 0 && a.hl[i].deleted, "an older live copy does not bring a deleted highlight back");
	i = annot_find(&a, "00000000000000a6");
	ok(i >= 0 && a.hl[i].deleted, "a tombstone wins a tie with a live copy");
	i = annot_find(&a, "00000000000000a7");
	ok(i >= 0 && !a.hl[i].deleted && a.hl[i].start.offset == 9, "a newer live copy beats an old tombstone");
	ok(annot_find(&a, "00000000000000b1") >= 0, "new highlights are added");
	i = annot_find(&a, "00000000000000b2");
	ok(i >= 0 && a.hl[i].deleted, "new tombstones are added");
	is_str(a.article_title, "mine", "article fields kept from s");
	ok(!a.has_position, "position kept from s");
	annot_merge(&a, &b);
	is_int((long long)a.n, 9, "merging again adds nothing");
	annot_set_release(&b);
	annot_merge(&a, &b);
	is_int((long long)a.n, 9, "merging an empty set changes nothing");
	annot_set_release(&a);
}

static bool is_hex_id(const char *id)
{
	return strlen(id) == ANNOT_ID_LEN && strspn(id, "0123456789abcdef") == ANNOT_ID_LEN;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_ids(void)
{
	enum { N = 5000 };
	char (*ids)[ANNOT_ID_LEN + 1] = xmalloc(N * sizeof *ids);
	size_t i, dup = 0, bad = 0;

	for (i = 0; i < N; i++) {
		annot_new_id(ids[i]);
		bad += !is_hex_id(ids[i]);
	}
	qsort(ids, N, sizeof *ids, cmp_str);
	for (i = 1; i < N; i++)
		dup += strcmp(ids[i], ids[i - 1]) == 0;
	is_int((long long)bad, 0, "ids are 16 lowercase hex digits");
	is_int((long long)dup, 0, "5000 ids, all different");
	free(ids);
}

static void test_time(void)
{
	char now[ANNOT_TIME_LEN + 1];
	time_t before, after, t;
	struct tm tm;
	char *end;

	before = time(NULL);
	annot_now(now);
	after = time(NULL);
	is_int((long long)strlen(now), ANNOT_TIME_LEN, "time is 20 characters");
	memset(&tm, 0, sizeof tm);
	end = strptime(now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	ok(end && *end == '\0', "time has the form YYYY-MM-DDTHH:MM:SSZ: %s", now);
	t = timegm(&tm);
	ok(t >= before && t <= after, "time is now, in UTC");
}

static void test_copy(void)
{
	struct highlight a = make("00000000000000ff", "2.1", 3, 4, "2026-01-01T00:00:00Z"), b;
	struct annot_set s = ANNOT_SET_INIT;
	size_t k, wrong_index = 0;

	a.at = (struct hl_place){ true, 5, 6, 7, 8 };
	highlight_copy(&b, &a);
	ok(b.exact != a.exact && strcmp(b.exact, a.exact) == 0, "exact copied deeply");
	ok(b.tags != a.tags && b.ntags == 2 && strcmp(b.tags[1], "two") == 0, "tags copied deeply");
	ok(b.start.section != a.start.section && strcmp(b.start.section, "2.1") == 0
	   && b.start.block == 3 && b.start.offset == 4, "positions copied");
	ok(b.at.placed && b.at.eb == 8, "placement copied");
	free(b.note);
	b.note = xstrdup("changed");
	is_str(a.note, "a note", "the source is independent of the copy");
	highlight_release(&b);
	ok(b.exact == NULL && b.tags == NULL && b.ntags == 0, "release clears");
	highlight_release(&b);

	highlight_release(&a);
	b = (struct highlight){ .id = "0000000000000001" };
	highlight_copy(&a, &b);
	ok(a.exact == NULL && a.note == NULL && a.tags == NULL, "copy of an empty highlight");
	highlight_release(&a);

	for (k = 0; k < 100; k++) {
		struct highlight h = make("0000000000000000", "1", (uint32_t)k, 0, "2026-01-01T00:00:00Z");
		snprintf(h.id, sizeof h.id, "%016zx", k);
		wrong_index += annot_add(&s, &h) != k;
		highlight_release(&h);
	}
	is_int((long long)wrong_index, 0, "annot_add returns the new index");
	is_int(annot_find(&s, "0000000000000042"), 0x42, "annot_find");
	is_int(annot_find(&s, "ffffffffffffffff"), -1, "annot_find of a missing id");
	hl_pos_set(&s.position, "1", 0, 0);
	hl_pos_set(&s.position, "2", 1, 1);
	is_str(s.position.section, "2", "hl_pos_set replaces the section");
	annot_set_release(&s);
	ok(s.hl == NULL && s.n == 0 && s.position.section == NULL, "annot_set_release resets");
}

int main(void)
{
	test_section_cmp();
	test_sort();
	test_merge();
	test_ids();
	test_time();
	test_copy();
	return tap_done();
}
