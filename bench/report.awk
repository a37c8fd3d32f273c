# bench/report.awk: the table of `make bench` from its raw samples.
# Input: "KEY VALUE" lines sorted by KEY, then numerically by VALUE
# (sort -k1,1 -k2,2g), KEY being SIZE.WHAT[.NAME]; -v sizes="1M 10M 50M"
# gives the order of the sizes. Times are in ms, maxrss in KiB.
# Portable awk (mawk): no asort, no gensub.

{ n[$1]++; v[$1, n[$1]] = $2 + 0 }

function has(k) { return (k in n) && n[k] > 0 }
function med(k,  m) {
	if (!has(k)) return -1
	m = n[k]
	return m % 2 ? v[k, (m + 1) / 2] : (v[k, m / 2] + v[k, m / 2 + 1]) / 2
}
# p99 by nearest rank: the ceil(0.99 n)-th smallest.
function p99(k,  m, r) {
	if (!has(k)) return -1
	m = n[k]
	r = int((99 * m + 99) / 100)
	return v[k, r]
}
function top(k) { return has(k) ? v[k, n[k]] : -1 }
function ms(x) {
	if (x < 0) return "n/a"
	if (x < 10) return sprintf("%.2f ms", x)
	if (x < 100) return sprintf("%.1f ms", x)
	return sprintf("%.0f ms", x)
}
function ratio(a, b) { return (a < 0 || b <= 0) ? "n/a" : sprintf("%.2f×", a / b) }
function mib(kib) { return kib < 0 ? "n/a" : sprintf("%.1f MiB", kib / 1024) }
# Bytes of a size label: 10M, 512K, 1G (powers of 1024).
function bytes(s,  u, x) {
	u = toupper(substr(s, length(s), 1))
	x = s + 0
	if (u == "K") return x * 1024
	if (u == "M") return x * 1048576
	if (u == "G") return x * 1073741824
	return x
}
function row(size, op, gm, gp, peer, pm, pp, target, verdict) {
	printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", size, op,
	       ms(gm), ms(gp), peer, ms(pm), ms(pp), ratio(gm, pm), ratio(gp, pp), target, verdict)
	if (verdict ~ /^MISSED/) missed++
	if (verdict ~ /^met/) met++
}

# A row without a peer: glosa's median and p99 only.
function arow(size, op, k, target, verdict) {
	printf("| %s | %s | %s | %s | — | | | | | %s | %s |\n", size, op, ms(med(k)), ms(p99(k)),
	       target, verdict)
	if (verdict ~ /^MISSED/) missed++
	if (verdict ~ /^met/) met++
}

END {
	split("line page end start section next resize", keys, " ")
	name["line"] = "scroll a line (j)"
	name["page"] = "page down (Space)"
	name["end"] = "jump to the end (G)"
	name["start"] = "jump to the start (g)"
	name["section"] = "next section (]; less: n after /^[0-9]+(\\.[0-9]+)* )"
	name["next"] = "search next (n)"
	name["resize"] = "resize 80x24 ↔ 70x20 (SIGWINCH)"

	print "| size | operation | glosa median | glosa p99 | peer | peer median | peer p99 | ratio median | ratio p99 | target | verdict |"
	print "|---|---|--:|--:|---|--:|--:|--:|--:|---|---|"
	ns = split(sizes, sz, " ")
	for (i = 1; i <= ns; i++) {
		s = sz[i]
		b = bytes(s)
		big = b >= 10 * 1048576
		mb = med(s ".meta.yaml_bytes") / 1048576
		label = sprintf("%s (%.1f MiB, %d highlights)", s, mb, med(s ".meta.highlights"))

		# Opening: the first screen, against the floor and against less.
		gf = med(s ".glosa.first"); fl = med(s ".floor")
		if (b >= 50 * 1048576) { t = "≤ 2× floor"; lim = 2 }
		else if (big) { t = "≤ 1.5× floor"; lim = 1.5 }
		else { t = "—"; lim = 0 }
		verdict = lim ? (gf <= lim * fl ? "met" : "MISSED") : "—"
		row(label, "first screen vs libyaml floor", gf, p99(s ".glosa.first"),
		    "floor (parse only)", fl, p99(s ".floor"), t, verdict)
		row(s, "first screen vs less", gf, p99(s ".glosa.first"), "less",
		    med(s ".less.first"), p99(s ".less.first"), "—", "—")

		row(s, "load only: glosa --check", med(s ".check"), p99(s ".check"),
		    "floor (parse only)", fl, p99(s ".floor"), "—", "—")

		gd = med(s ".dump")
		t = (big && b < 50 * 1048576) ? "≤ 2× floor" : "—"
		verdict = t == "—" ? "—" : (gd <= 2 * fl ? "met" : "MISSED")
		row(s, "glosa --dump > /dev/null", gd, p99(s ".dump"), "floor (parse only)", fl,
		    p99(s ".floor"), t, verdict)

		gs = med(s ".glosa.search"); gr = med(s ".grep")
		t = (big && b < 50 * 1048576) ? "≤ 3× grep" : "—"
		verdict = t == "—" ? "—" : (gs <= 3 * gr ? "met" : "MISSED")
		row(s, "first search, whole article (fold + find)", gs, p99(s ".glosa.search"),
		    "grep -c -i", gr, p99(s ".grep"), t, verdict)
		row(s, "first search, whole article", gs, p99(s ".glosa.search"), "less /",
		    med(s ".less.search"), p99(s ".less.search"), "—", "—")

		for (j = 1; j <= 7; j++) {
			k = keys[j]
			gm = med(s ".glosa." k); gp = p99(s ".glosa." k)
			lm = med(s ".less." k); lp = p99(s ".less." k)
			# The issue's targets are on medians ("medians, same run"),
			# but for the explicit "p99 under 10 ms".
			why = ""
			if (big && gp >= 10) why = why " p99 ≥ 10 ms;"
			if (lm > 0 && gm > 1.5 * lm) why = why " median > 1.5× less;"
			if (k == "resize" && b >= 50 * 1048576 && gm >= 100) why = why " ≥ 100 ms;"
			t = big ? "p99 < 10 ms, median ≤ 1.5× less" : "median ≤ 1.5× less"
			if (k == "resize" && b >= 50 * 1048576) t = t ", < 100 ms"
			verdict = why == "" ? "met" : "MISSED:" why
			if (!has(s ".glosa." k)) verdict = "n/a"
			row(s, name[k] " ×" n[s ".glosa." k], gm, gp, "less", lm, lp, t, verdict)
			# The bare ncurses pager (bench/curses_pager.c): what ncurses's
			# screen update alone costs on the same key. No target.
			if (has(s ".curses." k))
				row(s, name[k] ": the same against a bare ncurses pager", gm, gp,
				    "curses_pager", med(s ".curses." k), p99(s ".curses." k), "—", "—")
		}

		# Annotations (bench/annot_bench): notebook_open of a fresh copy;
		# the first change, saved at once, a second after opening (the
		# target row) and straight after opening (save0: the store's
		# background work not done); a second change. No peer: the
		# targets are absolute.
		ak = s ".annot.load"
		if (has(ak)) {
			am = med(ak)
			verdict = am < 200 ? "met" : "MISSED"
			row(s, sprintf("annotation load + anchor, %d highlights ×%d", med(s ".meta.highlights"), n[ak]),
			    am, p99(ak), "floor (annotations.yaml, parse only)", med(s ".afloor"),
			    p99(s ".afloor"), "< 200 ms", verdict)
			am = med(s ".annot.save")
			verdict = am < 50 ? "met" : "MISSED"
			arow(s, "annotation save after one change, 1 s after opening ×" n[s ".annot.save"],
			     s ".annot.save", "< 50 ms", verdict)
			if (has(s ".annot.save0"))
				arow(s, "annotation save after one change, straight after opening ×" n[s ".annot.save0"],
				     s ".annot.save0", "—", "—")
			arow(s, "annotation save, a second change ×" n[s ".annot.save2"], s ".annot.save2",
			     "—", "—")
		} else {
			printf("| %s | annotation load + anchor | n/a | | | | | | | < 200 ms | n/a |\n", s)
			printf("| %s | annotation save after one change | n/a | | | | | | | < 50 ms | n/a |\n", s)
		}

		# Peak memory: the reading session (every key, the search index
		# built) and --dump, against the article's size.
		rs = top(s ".glosa.maxrss"); rd = top(s ".dump.maxrss"); rl = top(s ".less.maxrss")
		per = rs / 1024 / mb
		printf("| %s | peak RSS, reading session | %s | %.2f× article | less | %s | | | | ≤ 4× article | %s |\n",
		       s, mib(rs), per, mib(rl), per <= 4 ? "met" : "MISSED")
		if (per <= 4) met++; else missed++
		per = rd / 1024 / mb
		printf("| %s | peak RSS, --dump | %s | %.2f× article | floor | %s | | | | ≤ 4× article | %s |\n",
		       s, mib(rd), per, mib(top(s ".floor.maxrss")), per <= 4 ? "met" : "MISSED")
		if (per <= 4) met++; else missed++
		# The same above the fixed cost of a session or a --dump of the
		# tour (a few KiB): what the article itself costs. Not counted.
		if (has("base.glosa.maxrss") && has("base.dump.maxrss")) {
			fs = top("base.glosa.maxrss"); fd = top("base.dump.maxrss")
			per = (rs - fs) / 1024 / mb
			printf("| %s | peak RSS above a session on the tour (%s) | %s | %.2f× article | | | | | | ≤ 4× article | (%s) |\n",
			       s, mib(fs), mib(rs - fs), per, per <= 4 ? "met" : "missed")
			per = (rd - fd) / 1024 / mb
			printf("| %s | peak RSS above --dump of the tour (%s) | %s | %.2f× article | | | | | | ≤ 4× article | (%s) |\n",
			       s, mib(fd), mib(rd - fd), per, per <= 4 ? "met" : "missed")
		}
	}
	printf("\n%d rows meet their targets, %d miss them (rows in parentheses not counted).\n", met, missed)
	print "Times are wall-clock medians; p99 by nearest rank. Key rows: samples of one session."
}
