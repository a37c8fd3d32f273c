/* The exports against golden files: a fixture article with highlights in
 * several sections, a multi-line note, tags, an orphan, a tombstone,
 * non-ASCII text and YAML/JSON/Markdown-special characters. The files
 * are compared byte for byte; GLOSA_UPDATE_GOLDEN=1 rewrites them (then
 * read the diff). Checks that do not trust the golden files follow: the
 * position selectors counted again here, every quote line a block quote,
 * no control character in the listing, the same bytes twice. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glosa/export.h"
#include "glosa/loader.h"
#include "glosa/notebook.h"
#include "glosa/strbuf.h"
#include "glosa/xalloc.h"
#include "tap.h"

typedef int export_fn(const struct article *, const struct notebook *,
                      const struct config *, FILE *);

/* The output of fn as a malloc'd string; NULL when it failed. */
static char *run(export_fn *fn, const struct article *a, const struct notebook *nb,
                 const struct config *cfg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (!f)
		return NULL;
	rc = fn(a, nb, cfg, f);
	fclose(f);
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static char *slurp(const char *path)
{
	char *data = NULL;
	size_t len;

	return loader_read_file(path, &data, &len) == 0 ? data : NULL;
}

static void golden(const char *dir, const char *name, const char *got)
{
	char path[1024];
	char *want;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (getenv("GLOSA_UPDATE_GOLDEN") && got) {
		FILE *f = fopen(path, "w");
		ok(f && fputs(got, f) >= 0 && fclose(f) == 0, "%s rewritten", name);
		return;
	}
	want = slurp(path);
	if (!ok(got && want && strcmp(got, want) == 0, "%s matches its golden file", name)) {
		printf("# compare: GLOSA_UPDATE_GOLDEN=1 make check TESTS=tests/unit/test_export"
		       " && git diff %s\n", path);
		if (got)
			printf("# got:\n%s\n", got);
	}
	free(want);
}

static struct article *load(const char *path)
{
	char *data = slurp(path);
	struct load_error err;
	struct article *a;

	if (!data)
		return NULL;
	a = article_load_yaml(data, strlen(data), &err);
	free(data);
	return a;
}

/* Code points in s[0..n), counted by hand (not with text.c). */
static size_t count_cp(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* The position selectors: the stream rebuilt here, each quote found in
 * it, its code point offsets looked for in the JSON. */
static void check_positions(const struct article *a, const struct notebook *nb,
                            const char *json)
{
	struct strbuf stream = STRBUF_INIT;
	size_t u, i;

	for (u = 0; u < a->nunits; u++) {
		struct text_ref r = article_unit_text(a, (uint32_t)u);
		if (u)
			strbuf_addch(&stream, '\n');
		strbuf_add(&stream, article_str(a, r), r.len);
	}
	for (i = 0; i < nb->set.n; i++) {
		const struct highlight *h = &nb->set.hl[i];
		char want[160];
		const char *at;
		size_t start, end;

		if (h->deleted || !h->at.placed)
			continue;
		at = strstr(stream.buf, h->exact);
		if (!ok(at != NULL, "%s: its quote is in the stream", h->id))
			continue;
		start = count_cp(stream.buf, (size_t)(at - stream.buf));
		snprintf(want, sizeof want, "\"start\": %zu,\n", start);
		ok(strstr(json, want) != NULL, "%s: TextPositionSelector start %zu", h->id, start);
		end = start + count_cp(h->exact, strlen(h->exact));
		snprintf(want, sizeof want, "\"end\": %zu\n", end);
		ok(strstr(json, want) != NULL, "%s: and end %zu", h->id, end);
	}
	strbuf_release(&stream);
}

static void check_markdown(const char *md)
{
	const char *s = md, *nl;
	bool in_quote = false, bad = false;
	int quotes = 0;

	static const char head[] = "---\ntitle: \"Export: a \\\"fixture\\\" # with \\\\ specials\"\n";

	ok(strncmp(md, head, strlen(head)) == 0,
	   "Markdown: front matter first, the title double-quoted and escaped");
	ok(strstr(md, "\nid: \"export-fixture\"\n---\n") != NULL, "Markdown: front matter ends");
	/* A block quote is "> " lines with ">" lines between paragraphs. */
	for (; *s; s = nl + 1) {
		nl = strchr(s, '\n');
		if (!nl)
			break;
		if (strncmp(s, "> ", 2) == 0 || (nl - s == 1 && *s == '>')) {
			quotes += !in_quote;
			in_quote = true;
		} else {
			bad |= in_quote && nl != s; /* a quote ends with a blank line */
			in_quote = false;
		}
	}
	is_int(quotes, 6, "Markdown: six block quotes (five placed, one orphan)");
	ok(!bad, "Markdown: every quote line starts with '>'");
	ok(strstr(md, "> \\# Not a heading, - not a list: and \\*stars\\* with \\\\ backslash") != NULL,
	   "Markdown: a quote starting with '#' stays a quote, specials escaped");
	ok(strstr(md, "> \\- dash item\n>\n> 1\\. numbered\n") != NULL,
	   "Markdown: list markers at line starts escaped, one paragraph per line");
	ok(strstr(md, "\n## Not found in the article\n") != NULL, "Markdown: orphans under their heading");
}

static void check_listing(const char *s)
{
	bool ctl = false;

	for (; *s; s++)
		ctl |= (unsigned char)*s < 0x20 && *s != '\n';
	ok(!ctl, "listing: no control character reaches the terminal");
}

/* An article with no id and no source: the JSON names it by fingerprint
 * and by its file, percent-encoded. */
static void no_id(void)
{
	struct article *a = article_new();
	struct notebook nb;
	struct store_error err;
	uint32_t s, b;
	char *out;

	a->title = article_add_folded(a, "Bare", 4);
	s = article_add_section(a, ARTICLE_NONE);
	a->sections[s].title = article_add_folded(a, "Only", 4);
	b = article_add_block(a, s, BLOCK_PARAGRAPH);
	a->blocks[b].text = article_add_markup(a, "Some text.", 10);
	article_finish(a);
	notebook_open(&nb, a, NULL, "/no such dir/ä b.yaml", &err);
	notebook_add(&nb, (struct text_range){ article_block_unit(a, 0), 5,
	                                       article_block_unit(a, 0), 9 }, "teal");
	notebook_set_note(&nb, 0, "== not highlight ==\n:: x\nkey:: value\n    indented\n___\n"
	                  "&amp; &#233; R&D\nx^2 $5 %%c%% ~~s~~ [[w]] ![[e]] <b> a_b _c_\n1) one");
	out = run(export_json, a, &nb, NULL);
	ok(out && strstr(out, "\"id\": \"urn:glosa:sha256:"), "no id: the fingerprint names it");
	ok(out && strstr(out, "\"source\": \"file:///no%20such%20dir/%C3%A4%20b.yaml\""),
	   "no source: the file, as a file: IRI");
	ok(out && !strstr(out, "styleClass"), "a colour outside the palette has no style");
	ok(out && strstr(out, "\"exact\": \"text\""), "quoted from the text");
	free(out);
	out = run(export_markdown, a, &nb, NULL);
	ok(out && strstr(out, "source: \"/no such dir/ä b.yaml\"\n"), "Markdown: the file as source");
	ok(out && !strstr(out, "\nid:"), "Markdown: no id when the article has none");
	is_str(out ? strstr(out, "> text\n\n") : NULL,
	       "> text\n\n\\== not highlight \\==\n\\:: x\nkey\\:: value\n   indented\n\\_\\_\\_\n"
	       "\\&amp; \\&\\#233; R&D\nx\\^2 \\$5 \\%%c\\%% \\~\\~s\\~\\~ \\[\\[w\\]\\] "
	       "!\\[\\[e\\]\\] \\<b> a_b \\_c\\_\n1\\) one\n",
	       "Markdown: notes escaped for CommonMark, Obsidian and Logseq");
	free(out);
	nb.read_only = true;
	notebook_close(&nb);
	article_free(a);
}

static void empty(const struct article *a)
{
	struct notebook nb;
	struct store_error err;
	char *out;

	notebook_open(&nb, a, NULL, NULL, &err);
	out = run(export_listing, a, &nb, NULL);
	is_str(out, "", "no highlights: an empty listing");
	free(out);
	out = run(export_json, a, &nb, NULL);
	ok(out && strstr(out, "\"total\": 0,") && strstr(out, "\"items\": []"),
	   "no highlights: an empty collection");
	free(out);
	out = run(export_markdown, a, &nb, NULL);
	ok(out && strstr(out, "---\n\n# Export: a \"fixture\" \\# with \\\\ specials\n") &&
	   !strstr(out, "##"), "no highlights: front matter and title only");
	free(out);
	nb.read_only = true;
	notebook_close(&nb);
}

int main(void)
{
	const char *data = getenv("DATA") ? getenv("DATA") : "tests/data";
	char dir[1024], tmp[] = "/tmp/glosa-export-XXXXXX", path[1100], *src, *out, *again;
	char yellow[] = "key idea", red[] = "disagree *strongly*: yes";
	struct config cfg = { { yellow, NULL, NULL, red, NULL }, NULL, NULL, "" };
	struct notebook nb;
	struct store_error err;
	struct article *a;
	FILE *full;

	snprintf(dir, sizeof dir, "%s/export", data);
	snprintf(path, sizeof path, "%s/article.yaml", dir);
	a = load(path);
	if (!ok(a != NULL, "the fixture article loads") || !mkdtemp(tmp))
		return tap_done();
	/* A copy of the annotations, so that nothing can touch the fixture. */
	snprintf(path, sizeof path, "%s/annotations.yaml", dir);
	src = slurp(path);
	snprintf(path, sizeof path, "%s/annotations.yaml", tmp);
	{
		FILE *f = fopen(path, "w");
		ok(src && f && fputs(src, f) >= 0 && fclose(f) == 0, "the annotations are copied");
		free(src);
	}
	is_int(notebook_open(&nb, a, path, NULL, &err), 0, "the annotations open");
	nb.read_only = true;
	is_int((long long)nb.orphans, 1, "one highlight is an orphan");

	out = run(export_listing, a, &nb, &cfg);
	golden(dir, "listing.txt", out);
	if (out)
		check_listing(out);
	free(out);

	out = run(export_markdown, a, &nb, &cfg);
	golden(dir, "export.md", out);
	if (out)
		check_markdown(out);
	again = run(export_markdown, a, &nb, &cfg);
	ok(out && again && strcmp(out, again) == 0, "Markdown: the same bytes twice");
	free(out);
	free(again);

	out = run(export_json, a, &nb, &cfg);
	golden(dir, "export.json", out);
	if (out) {
		check_positions(a, &nb, out);
		ok(strstr(out, "\"value\": \"disagree *strongly*: yes\",\n") != NULL,
		   "JSON: the colour label as a classifying body");
		ok(strstr(out, "fine\\u2028after") && strstr(out, "\\u001b[31m") != NULL,
		   "JSON: U+2028 and ESC escaped");
		ok(strstr(out, "\"exact\": \"🦉 and CJK 漢字 beyond the BMP 𝄞\"") != NULL,
		   "JSON: other non-ASCII as UTF-8");
		ok(!strstr(out, "0d0d0d0d0d0d0d00"), "JSON: the tombstone is not exported");
	}
	again = run(export_json, a, &nb, &cfg);
	ok(out && again && strcmp(out, again) == 0, "JSON: the same bytes twice");
	free(out);
	free(again);

	full = fopen("/dev/full", "w");
	if (full) {
		ok(export_json(a, &nb, &cfg, full) != 0, "a failed write is reported");
		fclose(full);
	}
	notebook_close(&nb);
	ok(unlink(path) == 0 && rmdir(tmp) == 0, "nothing else was written");

	empty(a);
	no_id();
	article_free(a);
	return tap_done();
}
