#!/bin/sh
# --highlights and --export from the command line: the JSON read back by
# an independent parser (Python's json module) and checked for the W3C
# Web Annotation fields, the Markdown checked for front matter and block
# quotes, -o FILE, the same bytes on every run, the annotation file and
# the article never touched.
. "$(dirname "$0")/lib.sh"
D="$DATA/export"
ART="$D/article.yaml"
ANN="$TMPD/annotations.yaml"
cp "$D/annotations.yaml" "$ANN"
# Colour labels from a config file of our own, never the reader's.
XDG_CONFIG_HOME="$TMPD/config"
export XDG_CONFIG_HOME
mkdir -p "$XDG_CONFIG_HOME/glosa"
printf 'labels:\n  yellow: key idea\n  red: disagree\n' > "$XDG_CONFIG_HOME/glosa/config.yaml"

# py NAME SCRIPT: run a Python check of $TMPD/out.json, or skip it.
py() {
	if [ -z "$PYTHON" ]; then
		n=$((n + 1))
		echo "ok $n - $1 # SKIP python3 not found"
		return
	fi
	"$PYTHON" -c "$2" "$TMPD/out.json" > "$TMPD/py.err" 2>&1
	ok $? "$1"
	diag < "$TMPD/py.err"
}
PYTHON=$(command -v python3 || true)

# ---- JSON --------------------------------------------------------------
"$GLOSA" --export=json --annotations "$ANN" "$ART" > "$TMPD/out.json" 2> "$TMPD/err"; rc=$?
[ $rc -eq 0 ] && [ -s "$TMPD/out.json" ] && [ ! -s "$TMPD/err" ]
ok $? "--export=json exits 0 and writes JSON (rc $rc)"
diag < "$TMPD/err"

py "the JSON parses, as a W3C AnnotationCollection with one embedded page" '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["@context"] == "http://www.w3.org/ns/anno.jsonld", d["@context"]
assert d["type"] == "AnnotationCollection", d["type"]
assert d["id"] == "urn:glosa:export-fixture", d["id"]
assert d["label"] == "Export: a \"fixture\" # with \\ specials", d["label"]
page = d["first"]
assert page["type"] == "AnnotationPage" and page["id"].startswith("urn:glosa:")
assert page["startIndex"] == 0
assert d["total"] == len(page["items"]) == 6, (d["total"], len(page["items"]))
'

py "every annotation has id, type, created, modified, body and target" '
import json, re, sys
items = json.load(open(sys.argv[1], encoding="utf-8"))["first"]["items"]
when = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
ids = set()
for a in items:
    assert a["id"].startswith("urn:glosa:export-fixture:"), a["id"]
    ids.add(a["id"])
    assert a["type"] == "Annotation"
    assert when.match(a["created"]) and when.match(a["modified"]), a["id"]
    for b in a.get("body", []):
        assert b["type"] == "TextualBody" and isinstance(b["value"], str), b
        assert b["purpose"] in ("commenting", "tagging", "classifying"), b
    t = a["target"]
    assert t["source"] == "https://example.org/export?a=1&b=2", t["source"]
    assert isinstance(t["selector"], list) and t["selector"], a["id"]
assert len(ids) == len(items), "ids are not unique"
assert sum(1 for a in items if "body" in a) == 5, "one highlight has no note or tag"
'

py "notes, tags and colour labels are bodies with their purpose" '
import json, sys
items = json.load(open(sys.argv[1], encoding="utf-8"))["first"]["items"]
first = items[0]["body"]
note = [b for b in first if b["purpose"] == "commenting"]
assert len(note) == 1 and note[0]["format"] == "text/plain", first
assert note[0]["value"].startswith("A note over several lines.\nThe second line"), note
assert [b["value"] for b in first if b["purpose"] == "tagging"] == ["idea", "two words"]
assert [b["value"] for b in first if b["purpose"] == "classifying"] == ["key idea"]
second = [b["value"] for b in items[1]["body"] if b["purpose"] == "commenting"][0]
assert "\t" in second and "\x1b[31m" in second and "\"quotes\" and \\ backslash" in second
'

py "both selectors on placed highlights, positions in code points; the orphan last, quote only" '
import json, sys
items = json.load(open(sys.argv[1], encoding="utf-8"))["first"]["items"]
starts = []
for a in items:
    sel = {s["type"]: s for s in a["target"]["selector"]}
    q = sel["TextQuoteSelector"]
    assert isinstance(q["exact"], str) and q["exact"], a["id"]
    p = sel.get("TextPositionSelector")
    if p is None:
        continue
    assert p["end"] - p["start"] == len(q["exact"]), (a["id"], p, len(q["exact"]))
    starts.append(p["start"])
assert starts == sorted(starts) and len(starts) == 5, starts
orphan = items[-1]
assert [s["type"] for s in orphan["target"]["selector"]] == ["TextQuoteSelector"]
assert orphan["target"]["selector"][0]["exact"].startswith("Zygomorphic")
owl = [a for a in items if "BMP" in a["target"]["selector"][0]["exact"]][0]
assert owl["target"]["selector"][0]["exact"] == "\U0001F989 and CJK \u6f22\u5b57 beyond the BMP \U0001D11E"
'

"$GLOSA" --export=json --annotations "$ANN" "$ART" > "$TMPD/out2.json"
cmp -s "$TMPD/out.json" "$TMPD/out2.json"
ok $? "--export=json gives the same bytes on every run"
LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TMPD/out.json"
ok $(( ! $? )) "the JSON holds no raw control character"

# ---- Markdown ----------------------------------------------------------
"$GLOSA" --export=markdown --annotations "$ANN" "$ART" > "$TMPD/out.md"; rc=$?
[ $rc -eq 0 ] && [ "$(sed -n 1p "$TMPD/out.md")" = "---" ]
ok $? "--export=markdown starts with front matter (rc $rc)"
sed -n '2,/^---$/p' "$TMPD/out.md" > "$TMPD/fm"
grep -qx 'title: "Export: a \\"fixture\\" # with \\\\ specials"' "$TMPD/fm" &&
	grep -qx 'author: "Ana Pérez, Jonas Brandt"' "$TMPD/fm" &&
	grep -qx 'date: "2026-11-28"' "$TMPD/fm" &&
	grep -qx 'source: "https://example.org/export?a=1&b=2"' "$TMPD/fm" &&
	grep -qx 'id: "export-fixture"' "$TMPD/fm"
rc=$?
ok $rc "the front matter has title, author, date, source and id, double-quoted"
[ $rc -eq 0 ] || diag < "$TMPD/fm"
if [ -n "$PYTHON" ] && "$PYTHON" -c 'import yaml' 2>/dev/null; then
	sed '$d' "$TMPD/fm" | "$PYTHON" -c '
import sys, yaml
d = yaml.safe_load(sys.stdin)
assert d["title"] == "Export: a \"fixture\" # with \\ specials", d
assert d["author"] == "Ana Pérez, Jonas Brandt" and d["id"] == "export-fixture", d
' > "$TMPD/py.err" 2>&1
	ok $? "the front matter parses as YAML with the same values"
	diag < "$TMPD/py.err"
else
	n=$((n + 1))
	echo "ok $n - the front matter parses as YAML # SKIP no python3 yaml module"
fi
[ "$(grep -c '^## ' "$TMPD/out.md")" -eq 4 ] &&
	grep -qx '## 1 First things' "$TMPD/out.md" &&
	grep -qx '## 2.1 Nested ünïcode' "$TMPD/out.md" &&
	grep -qx '## Not found in the article' "$TMPD/out.md"
ok $? "a heading per section with highlights, and one for the orphans"
[ "$(grep -c '^> ' "$TMPD/out.md")" -eq 7 ]
ok $? "every line of every quoted passage is a '> ' line"
grep -qx '> \\# Not a heading, - not a list: and \\\*stars\\\* with \\\\ backslash and \\`ticks\\`.' "$TMPD/out.md"
ok $? "a passage starting with a hash sign stays a quote, its specials escaped"
grep -qx '— Ana Pérez \*key idea\* #idea #two-words' "$TMPD/out.md"
ok $? "who made it, the colour label and the tags follow the note"
"$GLOSA" --export=markdown --annotations "$ANN" "$ART" | cmp -s - "$TMPD/out.md"
ok $? "--export=markdown gives the same bytes on every run"

# ---- --highlights --------------------------------------------------------
"$GLOSA" --highlights --annotations "$ANN" "$ART" > "$TMPD/out.txt"; rc=$?
[ $rc -eq 0 ] && grep -qx '1 First things · yellow (key idea) · 2026-11-28 · by Ana Pérez' "$TMPD/out.txt"
ok $? "--highlights: section, colour, label, date and author (rc $rc)"
grep -qx '(not found in the article) · yellow (key idea) · 2026-11-27' "$TMPD/out.txt"
ok $? "--highlights: the orphan is marked"
LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$TMPD/out.txt"
ok $(( ! $? )) "--highlights: no control character reaches the terminal"

# ---- -o FILE ---------------------------------------------------------------
"$GLOSA" --export=json -o "$TMPD/file.json" --annotations "$ANN" "$ART" > "$TMPD/stdout"; rc=$?
[ $rc -eq 0 ] && [ ! -s "$TMPD/stdout" ] && cmp -s "$TMPD/file.json" "$TMPD/out.json"
ok $? "-o FILE writes the export there and nothing to standard output"
"$GLOSA" --export=markdown --output="$TMPD/file.md" --annotations "$ANN" "$ART"
cmp -s "$TMPD/file.md" "$TMPD/out.md"
ok $? "--output=FILE for Markdown too"
"$GLOSA" --export=json -o "$TMPD/no/such/dir/x.json" --annotations "$ANN" "$ART" 2> "$TMPD/err"; rc=$?
[ $rc -ne 0 ] && grep -q "x.json" "$TMPD/err"
ok $? "an -o FILE that cannot be written fails with a message (rc $rc)"

# ---- nothing else ---------------------------------------------------------
cmp -s "$ANN" "$D/annotations.yaml" && [ ! -e "$ANN.bak" ] && [ ! -e "$ANN.lock" ]
ok $? "the annotation file is never written by an export"
"$GLOSA" --export=json --annotations "$TMPD/none.yaml" "$ART" > "$TMPD/empty.json"; rc=$?
[ $rc -eq 0 ] && grep -q '"total": 0,' "$TMPD/empty.json" && [ ! -e "$TMPD/none.yaml" ]
ok $? "no annotations: an empty collection, and no file created"

finish
