/* bench/gen: realistic glosa articles of any size, for the benchmarks
 * (BENCHMARKS.md). Writes into DIR:
 *
 *   article.yaml      sections three levels deep; paragraphs of varied
 *                     length, lists with captions, quotes, code, asides,
 *                     inline markup; Latin with accents, Greek, CJK, Hangul
 *                     and emoji; every YAML scalar style an author uses
 *   annotations.yaml  N highlights (annotations.md) spread through it,
 *                     positions and quotes taken from glosa's own model of
 *                     the article, so they anchor at the first rung
 *   article.txt       the article as `glosa --dump` prints it (width 80),
 *                     for the peers (less, grep)
 *
 * The same seed and size give the same bytes. Prose never puts a number
 * followed by a space at the start of a line, so in article.txt the regex
 * ^[0-9]+(\.[0-9]+)*<space> finds exactly the section headings, and the
 * word "quetzalcóatl" occurs once, in the article's last block (a search
 * that has to go through everything).
 *
 * It links libglosa for the loader and --dump: what it describes is what
 * glosa will show. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "glosa/article.h"
#include "glosa/dump.h"
#include "glosa/loader.h"
#include "glosa/store.h"
#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "glosa/xalloc.h"

#define COUNT(a) (sizeof (a) / sizeof *(a))
#define CONTEXT_CP 32  /* code points of prefix and suffix (annotations.md) */

/* ---- Random numbers: splitmix64, the whole state is the seed ---------- */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability permille / 1000. */
static bool rng_chance(struct rng *r, unsigned permille)
{
	return rng_below(r, 1000) < permille;
}

#define PICK(r, arr) ((arr)[rng_below((r), (uint32_t)COUNT(arr))])

/* ---- Vocabulary -------------------------------------------------------- */

enum lang { EN, ES, FR, DE, EL, ZH, JA, KO, NLANG };

/* Share of paragraphs in each language, per cent. */
static const unsigned lang_weight[NLANG] = { 46, 15, 8, 5, 10, 8, 6, 2 };

static const char *const words_en[] = {
	"the", "the", "the", "of", "of", "and", "and", "a", "a", "to", "in", "in",
	"is", "that", "it", "was", "for", "on", "as", "with", "his", "her", "they",
	"at", "by", "this", "from", "but", "not", "or", "which", "one", "all",
	"were", "when", "there", "what", "so", "out", "if", "about", "who", "into",
	"reader", "page", "margin", "note", "notes", "river", "memory", "letter",
	"letters", "window", "morning", "evening", "silence", "voice", "story",
	"chapter", "library", "terminal", "screen", "column", "line", "lines",
	"word", "words", "sentence", "book", "books", "city", "harbour", "winter",
	"summer", "garden", "mountain", "village", "road", "journey", "stranger",
	"friend", "mother", "father", "brother", "sister", "child", "teacher",
	"soldier", "prince", "doctor", "translator", "archive", "manuscript",
	"ink", "paper", "light", "shadow", "fire", "water", "stone", "bread",
	"wine", "salt", "glass", "door", "house", "room", "table", "lamp", "clock",
	"remembered", "wrote", "read", "walked", "waited", "listened", "answered",
	"forgot", "returned", "noticed", "carried", "opened", "closed", "crossed",
	"slowly", "quietly", "again", "never", "always", "perhaps", "almost",
	"already", "suddenly", "together", "nothing", "everything", "somewhere",
	"long", "short", "old", "new", "quiet", "bright", "narrow", "distant",
	"patient", "careful", "strange", "familiar", "heavy", "small", "last",
	"first", "whole", "own", "same", "other", "every", "each", "only",
	"between", "under", "over", "through", "after", "before", "without",
	"because", "although", "while", "until", "since", "though", "whether",
	"question", "answer", "reason", "meaning", "history", "argument", "idea",
	"passage", "translation", "gloss", "commentary", "edition", "footnote",
};

/* Loanwords and names a text in English carries with their accents; the
 * last two are decomposed (a letter plus a combining mark). */
static const char *const loanwords[] = {
	"café", "naïve", "façade", "résumé", "déjà vu", "São Paulo", "Zürich",
	"jalapeño", "Ångström", "crème brûlée", "fiancée", "Kraków", "Malmö",
	"Reykjavík", "piñata", "doppelgänger", "cafe\xcc\x81", "nai\xcc\x88ve",
};

static const char *const words_es[] = {
	"el", "el", "la", "la", "de", "de", "que", "y", "y", "en", "un", "una",
	"los", "las", "se", "del", "por", "con", "no", "su", "para", "como",
	"más", "pero", "sus", "le", "ya", "o", "este", "sí", "porque", "esta",
	"entre", "cuando", "muy", "sin", "sobre", "también", "me", "hasta", "hay",
	"donde", "quien", "desde", "todo", "nos", "durante", "todos", "uno",
	"vocación", "vocación", "vocación", "lectura", "página", "canción",
	"corazón", "árbol", "niño", "niña", "mañana", "año", "años", "jardín",
	"lección", "camión", "música", "poesía", "memoria", "ciudad", "río",
	"montaña", "ventana", "cuaderno", "pluma", "tinta", "silencio", "viaje",
	"pregunta", "respuesta", "razón", "está", "había", "según", "quizá",
	"después", "todavía", "además", "aquí", "allí", "último", "pequeño",
	"difícil", "fácil", "débil", "lápiz", "glosa", "margen", "biblioteca",
	"escribió", "leyó", "caminó", "esperó", "volvió", "recordó", "olvidó",
	"habló", "miró", "guardó", "encontró", "perdió", "abrió", "cerró",
};

static const char *const words_fr[] = {
	"le", "la", "les", "de", "des", "du", "et", "et", "un", "une", "à", "en",
	"que", "qui", "dans", "pour", "pas", "sur", "avec", "ne", "se", "plus",
	"par", "mais", "où", "été", "être", "très", "déjà", "après", "même",
	"lecture", "fenêtre", "forêt", "château", "hôpital", "théâtre", "élève",
	"écrit", "lu", "mémoire", "début", "côté", "général", "première",
	"dernière", "pièce", "rivière", "lumière", "vérité", "liberté", "église",
	"leçon", "garçon", "français", "ça", "reçu", "naïf", "Noël", "où",
	"bibliothèque", "carnet", "marge", "lecteur", "lectrice", "silence",
};

static const char *const words_de[] = {
	"der", "die", "das", "und", "und", "in", "zu", "den", "nicht", "von",
	"mit", "sich", "des", "auf", "für", "ist", "im", "dem", "ein", "eine",
	"über", "Straße", "Mädchen", "Bücher", "Größe", "schön", "müde", "früh",
	"hören", "Übersetzung", "Erinnerung", "Fenster", "Seite", "Rand", "Leser",
	"Geschichte", "Wörter", "Zeitung", "Frühling", "Käse", "Brücke", "Glück",
	"natürlich", "während", "später", "Märchen", "Gedächtnis", "weiß",
};

static const char *const words_el[] = {
	"και", "και", "το", "η", "ο", "της", "του", "στο", "με", "για", "από",
	"είναι", "δεν", "που", "αυτό", "όλα", "πολύ", "ένα", "μια", "θα", "να",
	"σαν", "όταν", "εδώ", "εκεί", "πάντα", "ποτέ", "ίσως", "αλλά", "λόγος",
	"άνθρωπος", "θάλασσα", "ψυχή", "αλήθεια", "ελευθερία", "χρόνος", "φως",
	"δρόμος", "σπίτι", "γλώσσα", "βιβλίο", "ιστορία", "μνήμη", "καρδιά",
	"ουρανός", "πόλη", "νερό", "ήλιος", "νύχτα", "μέρα", "φίλος", "αγάπη",
	"σκέψη", "λέξη", "ποίημα", "τέχνη", "γνώση", "σοφία", "ομορφιά", "σελίδα",
	"γράφει", "διαβάζει", "βλέπει", "ακούει", "θυμάται", "ξέρει", "μιλάει",
	"περπατά", "ἀρετή", "ψυχῆς", "λόγου", "Ὀδυσσεύς", "περιθώριο", "σχόλιο",
};

/* Common hanzi: Chinese sentences are drawn from them. */
static const char zh_pool[] =
	"的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可"
	"主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家"
	"电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合"
	"还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明"
	"看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
	"已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边"
	"流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战"
	"书读字写记忆河海窗夜光影雨雪风花鸟鱼茶酒灯门路桥船";

static const char *const words_ja[] = {
	"読書", "ことば", "ターミナル", "記憶", "物語", "ひかり", "夜明け", "ですが",
	"のです", "という", "ゆっくり", "ページ", "メモ", "しおり", "図書館", "静か",
	"雨", "猫", "旅", "窓", "は", "が", "を", "に", "で", "と", "の", "も",
	"から", "まで", "そして", "しかし", "本", "文字", "余白", "注釈", "読む",
	"書く", "見る", "思い出す", "ました", "でした", "です", "ます", "こころ",
};

static const char *const words_ko[] = {
	"책", "기억", "바다", "읽기", "글자", "여백", "밤", "빛", "이야기", "사람",
	"도서관", "창문", "그리고", "하지만", "은", "는", "이", "가", "을", "를",
	"에서", "했다", "있다", "없다", "조용히", "천천히", "마음", "길",
};

static const char *const emoji[] = {
	"📚", "✨", "🙂", "🌍", "🔥", "☕", "🎉", "👍🏽", "👩‍🔬", "🇪🇸", "🇬🇷",
	"🇯🇵", "❤️", "🤔", "🧵", "📝", "🏳️‍🌈", "👨‍👩‍👧", "✍🏻", "🌸", "🦉", "🕯️",
};

static const char *const code_tokens[] = {
	"layout_move()", "--dump", "u8_casefold", "yaml_parser_parse", "NULL",
	"SIGWINCH", "git log --oneline", "make check", "$HOME", "malloc(3)",
	"TERM=xterm-256color", "LC_ALL=C.UTF-8", "fsync", "0x1F600", "argv[1]",
	"struct lpos", "less -R", "grep -c -i", "utf-8", "ñ", "λ", "文字",
};

static const char *const names[] = {
	"Ana Pérez", "Łukasz Wróbel", "Zoë Müller", "Νίκος Αλεξίου", "山田花子",
	"Marie-Hélène Dubois", "Søren Kjær", "José Núñez", "Amélie Laurent",
	"김민지", "Ζωή Παπαδοπούλου", "Jonas Brandt", "Chidi Okafor", "Dvořák",
	"Ingrid Ødegård", "Björk Guðmundsdóttir", "Tomás Ó Ceallaigh", "李白",
};

static const char *const aside_titles[] = {
	"Note", "Nota", "Σημείωση", "注意", "Aside", "Editor's note", "Remarque",
	"Anmerkung", "A word on sources", "Nota del traductor", "メモ",
};

static const char *const captions[] = {
	"Key points", "What to remember", "Puntos clave", "En résumé",
	"Κύρια σημεία", "要点", "Further reading", "Steps", "Pasos a seguir",
	"Zusammenfassung", "Questions for the reader",
};

/* ---- Output buffer and YAML scalars ------------------------------------ */

struct gen {
	struct rng rng;
	struct strbuf out;   /* article.yaml so far */
	size_t target;       /* stop adding sections past this many bytes */
	unsigned links;      /* counter for link targets */
};

static void indent(struct strbuf *o, int n)
{
	while (n-- > 0)
		strbuf_addch(o, ' ');
}

/* Can s be written as a one-line plain scalar in block context? Only the
 * shapes the generator makes are considered: no tabs, no line breaks. */
static bool plain_ok(const char *s)
{
	size_t n = strlen(s);
	unsigned char c = (unsigned char)s[0];

	if (n == 0 || s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80))
		return false;
	if (strstr(s, ": ") || strstr(s, " #") || strchr(s, '\n'))
		return false;
	/* Words YAML 1.1 would read as something else than a string. */
	if (!strcmp(s, "yes") || !strcmp(s, "no") || !strcmp(s, "on") ||
	    !strcmp(s, "off") || !strcmp(s, "true") || !strcmp(s, "false") ||
	    !strcmp(s, "null") || !strcmp(s, "y") || !strcmp(s, "n"))
		return false;
	return true;
}

/* A double-quoted scalar, escaping what YAML requires and every control
 * or line-separator character. */
static void y_dquote(struct strbuf *o, const char *s, size_t n)
{
	size_t i = 0;

	strbuf_addch(o, '"');
	while (i < n) {
		uint32_t uc;
		int k = text_decode(s + i, n - i, &uc);
		if (uc == '"' || uc == '\\') {
			strbuf_addch(o, '\\');
			strbuf_addch(o, (char)uc);
		} else if (uc == '\n') {
			strbuf_addstr(o, "\\n");
		} else if (uc == '\t') {
			strbuf_addstr(o, "\\t");
		} else if (uc < 0x20 || uc == 0x7F) {
			strbuf_addf(o, "\\x%02X", (unsigned)uc);
		} else if ((uc >= 0x80 && uc < 0xA0) || uc == 0x2028 || uc == 0x2029 ||
		           uc == 0xFEFF) {
			strbuf_addf(o, "\\u%04X", (unsigned)uc);
		} else {
			strbuf_add(o, s + i, (size_t)k);
		}
		i += (size_t)k;
	}
	strbuf_addch(o, '"');
}

/* A block scalar (">" folded or "|" literal) of prose: s has no line
 * breaks and single spaces; lines are broken at spaces near 72 bytes, so
 * that folding them (YAML for ">", the loader for "|") gives s back. */
static void y_block(struct strbuf *o, const char *s, int ind, char style)
{
	size_t n = strlen(s), pos = 0;

	strbuf_addch(o, style);
	strbuf_addch(o, '\n');
	while (pos < n) {
		size_t end = pos + 72, cut;
		if (end >= n) {
			cut = n;
		} else {
			cut = end;
			while (cut > pos && s[cut] != ' ')
				cut--;
			if (cut == pos) { /* no space: the next one, or the end */
				const char *sp = strchr(s + end, ' ');
				cut = sp ? (size_t)(sp - s) : n;
			}
		}
		indent(o, ind);
		strbuf_add(o, s + pos, cut - pos);
		strbuf_addch(o, '\n');
		pos = cut < n ? cut + 1 : n;
	}
}

/* Text after "key: " or "- ", in a style an author might pick: a plain
 * line, a double-quoted line, or a folded or literal block whose lines
 * are indented by ind. Ends the line. */
static void y_text(struct gen *g, const char *s, int ind, bool blocks_ok)
{
	unsigned r = rng_below(&g->rng, 100);

	if (blocks_ok && r < 30) {
		y_block(&g->out, s, ind, '>');
		return;
	}
	if (blocks_ok && r < 36) {
		y_block(&g->out, s, ind, '|');
		return;
	}
	if (r < 80 && plain_ok(s))
		strbuf_addstr(&g->out, s);
	else
		y_dquote(&g->out, s, strlen(s));
	strbuf_addch(&g->out, '\n');
}

/* ---- Prose ------------------------------------------------------------- */

/* Upper-case the first letter of the word just appended at from, for the
 * scripts that have case and whose capitals are one fixed distance away:
 * ASCII, Latin-1 lower-case letters, and the basic Greek alphabet. */
static void capitalise(struct strbuf *o, size_t from)
{
	unsigned char *p = (unsigned char *)o->buf + from;

	if (p[0] >= 'a' && p[0] <= 'z') {
		p[0] = (unsigned char)(p[0] - 32);
	} else if (p[0] == 0xC3 && p[1] >= 0xA0 && p[1] <= 0xBE && p[1] != 0xB7) {
		p[1] = (unsigned char)(p[1] - 0x20);
	} else if (p[0] == 0xCE && p[1] >= 0xB1 && p[1] <= 0xBF) {
		p[1] = (unsigned char)(p[1] - 0x20);
	} else if (p[0] == 0xCF && p[1] >= 0x80 && p[1] <= 0x89 && p[1] != 0x82) {
		p[0] = 0xCE;
		p[1] = (unsigned char)(p[1] + 0x20);
	}
}

static const char *word(struct gen *g, enum lang l)
{
	struct rng *r = &g->rng;

	switch (l) {
	case EN: return rng_chance(r, 25) ? PICK(r, loanwords) : PICK(r, words_en);
	case ES: return PICK(r, words_es);
	case FR: return PICK(r, words_fr);
	case DE: return PICK(r, words_de);
	case EL: return PICK(r, words_el);
	case KO: return PICK(r, words_ko);
	default: return PICK(r, words_en);
	}
}

/* Numbers in prose are always followed by punctuation, never by a space
 * (see the top of the file). */
static void number(struct gen *g, struct strbuf *o)
{
	static const char *const tails[] = { ",", "%", "º", ";", "s", "th", "km" };
	strbuf_addf(o, "%d%s", rng_range(&g->rng, 2, 2026), PICK(&g->rng, tails));
}

/* Open one inline markup span (returns its closer), or none (""). */
static const char *markup_open(struct gen *g, struct strbuf *o, bool *is_code)
{
	unsigned r = rng_below(&g->rng, 1000);

	*is_code = false;
	if (r < 35) {
		strbuf_addch(o, '*');
		return "*";
	}
	if (r < 55) {
		strbuf_addstr(o, "**");
		return "**";
	}
	if (r < 75) {
		strbuf_addch(o, '`');
		*is_code = true;
		return "`";
	}
	if (r < 92) {
		strbuf_addch(o, '[');
		return "]";
	}
	return "";
}

/* A sentence of words separated by spaces (every script but CJK), with
 * inline markup, punctuation, now and then a number, an emoji or an
 * escaped asterisk. */
static void sentence_spaced(struct gen *g, struct strbuf *o, enum lang l, int lo, int hi)
{
	struct rng *r = &g->rng;
	int n = rng_range(r, lo, hi), i = 0;
	bool question = rng_chance(r, 120);

	if (question && l == ES)
		strbuf_addstr(o, "¿");
	while (i < n) {
		bool is_code;
		const char *close;
		int span, k;
		if (i)
			strbuf_addch(o, ' ');
		if (i && rng_chance(r, 15)) {
			number(g, o);
			i++;
			continue;
		}
		close = markup_open(g, o, &is_code);
		span = *close ? rng_range(r, 1, 3) : 1;
		if (span > n - i)
			span = n - i;
		for (k = 0; k < span; k++) {
			size_t at = o->len;
			if (k)
				strbuf_addch(o, ' ');
			at = o->len;
			strbuf_addstr(o, is_code ? PICK(r, code_tokens) : word(g, l));
			if (i == 0 && k == 0 && !is_code)
				capitalise(o, at);
		}
		if (*close == ']')
			strbuf_addf(o, "](https://example.org/%s/%u)", l == EN ? "notes" : "notas",
			            g->links++);
		else
			strbuf_addstr(o, close);
		i += span;
		if (i < n && !*close && rng_chance(r, 70))
			strbuf_addch(o, ',');
		if (i < n && rng_chance(r, 4))
			strbuf_addstr(o, " \\*"); /* a literal asterisk */
	}
	if (question)
		strbuf_addch(o, '?');
	else
		strbuf_addstr(o, rng_chance(r, 30) ? "…" : rng_chance(r, 30) ? "!" : ".");
	if (rng_chance(r, 25)) {
		strbuf_addch(o, ' ');
		strbuf_addstr(o, PICK(r, emoji));
	}
}

/* A Japanese word, or one to three hanzi. */
static void cjk_word(struct gen *g, struct strbuf *o, enum lang l)
{
	struct rng *r = &g->rng;
	int k, m;

	if (l == JA) {
		strbuf_addstr(o, PICK(r, words_ja));
		return;
	}
	m = rng_range(r, 1, 3);
	for (k = 0; k < m; k++) /* every hanzi in the pool is 3 bytes */
		strbuf_add(o, zh_pool + 3 * rng_below(r, (uint32_t)(sizeof zh_pool - 1) / 3), 3);
}

/* A sentence in Chinese or Japanese: no spaces, CJK punctuation, and now
 * and then markup or a Latin word. */
static void sentence_cjk(struct gen *g, struct strbuf *o, enum lang l, int lo, int hi)
{
	static const char *const latin[] = { "glosa", "UTF-8", "Unicode", "Emacs" };
	struct rng *r = &g->rng;
	int n = rng_range(r, lo, hi), i;

	for (i = 0; i < n; i++) {
		bool strong = rng_chance(r, 20);
		if (strong)
			strbuf_addstr(o, "**");
		cjk_word(g, o, l);
		if (strong)
			strbuf_addstr(o, "**");
		if (rng_chance(r, 15))
			strbuf_addstr(o, PICK(r, latin));
		if (i + 1 < n && rng_chance(r, 90))
			strbuf_addstr(o, l == JA ? "、" : "，");
	}
	strbuf_addstr(o, rng_chance(r, 100) ? "？" : rng_chance(r, 50) ? "！" : "。");
	if (rng_chance(r, 20))
		strbuf_addstr(o, PICK(r, emoji));
}

static void sentence(struct gen *g, struct strbuf *o, enum lang l, int lo, int hi)
{
	if (l == ZH || l == JA)
		sentence_cjk(g, o, l, lo, hi);
	else
		sentence_spaced(g, o, l, lo, hi);
}

static enum lang pick_lang(struct gen *g)
{
	unsigned r = rng_below(&g->rng, 100), acc = 0;
	int l;

	for (l = 0; l < NLANG; l++) {
		acc += lang_weight[l];
		if (r < acc)
			return (enum lang)l;
	}
	return EN;
}

/* A paragraph's text: one to twenty-odd sentences, mostly in one
 * language, now and then with a sentence in another. */
static void paragraph(struct gen *g, struct strbuf *o, int max_sentences)
{
	struct rng *r = &g->rng;
	enum lang l = pick_lang(g);
	unsigned shape = rng_below(r, 100);
	int n = shape < 30 ? rng_range(r, 1, 2) : shape < 85 ? rng_range(r, 3, 6)
	      : shape < 97 ? rng_range(r, 7, 12) : rng_range(r, 13, 24);
	int i;

	if (n > max_sentences)
		n = max_sentences;
	for (i = 0; i < n; i++) {
		enum lang sl = rng_chance(r, 60) ? pick_lang(g) : l;
		bool cjk = sl == ZH || sl == JA;
		if (i && !(cjk && (l == ZH || l == JA)))
			strbuf_addch(o, ' ');
		if (cjk)
			sentence(g, o, sl, 4, 14);
		else
			sentence(g, o, sl, 4, 22);
	}
}

static void heading(struct gen *g, struct strbuf *o)
{
	struct rng *r = &g->rng;
	enum lang l = pick_lang(g);
	int n, i;

	if (l == ZH || l == JA) {
		n = rng_range(r, 2, 5);
		for (i = 0; i < n; i++)
			cjk_word(g, o, l);
		return;
	}
	n = rng_range(r, 2, 7);
	for (i = 0; i < n; i++) {
		size_t at;
		if (i)
			strbuf_addch(o, ' ');
		at = o->len;
		strbuf_addstr(o, word(g, l));
		if (i == 0 || rng_chance(r, 300))
			capitalise(o, at);
		if (i == 1 && n > 3 && rng_chance(r, 120))
			strbuf_addch(o, ':');
	}
	if (rng_chance(r, 40)) {
		strbuf_addch(o, ' ');
		strbuf_addstr(o, PICK(r, emoji));
	}
}

/* A code listing: C, shell, Python or YAML, the first line not indented
 * (a literal block takes its indentation from it), some lines wider than
 * any terminal. Lines are joined by '\n', no final newline. */
static void code(struct gen *g, struct strbuf *o)
{
	struct rng *r = &g->rng;
	static const char *const c_body[] = {
		"    size_t n = strlen(s), i;",
		"    for (i = 0; i < n; i++) {",
		"        if (s[i] == '*' && s[i + 1] == '*')",
		"            return i; /* found the closing marker: ¡por fin! */",
		"    }",
		"    total += width(s + i, n - i); // 全角 counts as two columns",
		"    fprintf(stderr, \"%s:%lu:%lu: %s\\n\", name, line, col, msg);",
		"    assert(layout_move(l, &p, 1) == 1 && \"the line after the last one is not there, which is exactly what this very long line wants to show when it is clipped\");",
		"",
		"    return -1;",
	};
	static const char *const sh_body[] = {
		"$ glosa --dump --width 72 article.yaml | less -R",
		"$ grep -c -i 'vocación' article.txt",
		"# comments start with a hash: they are code here, not YAML",
		"$ LC_ALL=C.UTF-8 make -j2 check",
		"10 PRINT \"HOLA, MUNDO\": GOTO 10",
		"$ printf '%s\\n' 'λόγος' | iconv -f UTF-8 -t UTF-16LE | xxd | head -n 3",
		"key: value   # looks like YAML, stays text",
		"- item: not a list either",
	};
	static const char *const py_body[] = {
		"def fold(text: str) -> str:",
		"    \"\"\"Case- and accent-insensitive: 'Straße' -> 'strasse'.\"\"\"",
		"    return ''.join(c for c in unicodedata.normalize('NFKD', text.casefold())",
		"                   if unicodedata.category(c) != 'Mn')",
		"",
		"for i, line in enumerate(open('article.txt', encoding='utf-8'), 1):",
		"    print(f'{i:6d} {line.rstrip()}')  # 行番号",
	};
	unsigned kind = rng_below(r, 3);
	int n = rng_range(r, 3, 18), i;

	if (kind == 0) {
		strbuf_addf(o, "static int count_%s(const char *s)\n{", PICK(r, words_en));
		for (i = 0; i < n; i++) {
			strbuf_addch(o, '\n');
			strbuf_addstr(o, PICK(r, c_body));
		}
		strbuf_addstr(o, "\n}");
	} else {
		const char *const *body = kind == 1 ? sh_body : py_body;
		size_t nb = kind == 1 ? COUNT(sh_body) : COUNT(py_body);
		for (i = 0; i < n; i++) {
			const char *line = body[rng_below(r, (uint32_t)nb)];
			if (i == 0)
				while (*line == ' ')
					line++;
			if (i == 0 && !*line)
				line = "# (empty)";
			if (i)
				strbuf_addch(o, '\n');
			strbuf_addstr(o, line);
		}
	}
}

/* ---- Blocks and sections ----------------------------------------------- */

static void emit_prose_block(struct gen *g, const char *key, int ind, int max_sentences)
{
	struct strbuf t = STRBUF_INIT;

	paragraph(g, &t, max_sentences);
	strbuf_addstr(&g->out, key);
	y_text(g, t.buf, ind, true);
	strbuf_release(&t);
}

/* One block; its "- " is at column ind. */
static void emit_block(struct gen *g, int ind)
{
	struct rng *r = &g->rng;
	struct strbuf *o = &g->out, t = STRBUF_INIT;
	unsigned kind = rng_below(r, 100);
	int i, n;

	indent(o, ind);
	strbuf_addstr(o, "- ");
	if (kind < 58) {
		emit_prose_block(g, "", ind + 2, 30);
	} else if (kind < 63) {
		emit_prose_block(g, "paragraph: ", ind + 4, 30);
	} else if (kind < 73) {
		bool long_form = rng_chance(r, 550);
		int item_ind = long_form ? ind + 6 : ind + 4;
		strbuf_addstr(o, "list:\n");
		if (long_form) {
			if (rng_chance(r, 800)) {
				indent(o, ind + 4);
				strbuf_addstr(o, "title: ");
				y_text(g, PICK(r, captions), ind + 6, false);
			}
			if (rng_chance(r, 500)) {
				indent(o, ind + 4);
				strbuf_addstr(o, "ordered: true\n");
			}
			indent(o, ind + 4);
			strbuf_addstr(o, "items:\n");
		}
		n = rng_range(r, 2, rng_chance(r, 100) ? 14 : 6);
		for (i = 0; i < n; i++) {
			strbuf_reset(&t);
			sentence(g, &t, pick_lang(g), 3, rng_chance(r, 200) ? 30 : 10);
			indent(o, item_ind);
			strbuf_addstr(o, "- ");
			y_text(g, t.buf, item_ind + 2, true);
		}
	} else if (kind < 83) {
		emit_prose_block(g, "quote: ", ind + 4, 6);
		if (rng_chance(r, 700)) {
			indent(o, ind + 2);
			strbuf_addstr(o, "by: ");
			y_text(g, PICK(r, names), ind + 4, false);
		}
	} else if (kind < 91) {
		code(g, &t);
		strbuf_addstr(o, "code: |\n");
		for (i = 0; (size_t)i < t.len;) {
			const char *nl = memchr(t.buf + i, '\n', t.len - (size_t)i);
			size_t end = nl ? (size_t)(nl - t.buf) : t.len;
			if (end > (size_t)i)
				indent(o, ind + 4);
			strbuf_add(o, t.buf + i, end - (size_t)i);
			strbuf_addch(o, '\n');
			i = (int)end + 1;
		}
	} else {
		emit_prose_block(g, "aside: ", ind + 4, 5);
		if (rng_chance(r, 750)) {
			indent(o, ind + 2);
			strbuf_addstr(o, "title: ");
			y_text(g, PICK(r, aside_titles), ind + 4, false);
		}
	}
	strbuf_release(&t);
}

static void emit_title(struct gen *g, int ind)
{
	struct strbuf t = STRBUF_INIT;

	heading(g, &t);
	indent(&g->out, ind);
	strbuf_addstr(&g->out, "- title: ");
	y_text(g, t.buf, ind + 4, false);
	strbuf_release(&t);
}

static void emit_blocks(struct gen *g, int ind, int n)
{
	int i;

	if (n == 0)
		return;
	indent(&g->out, ind);
	strbuf_addstr(&g->out, "blocks:\n");
	for (i = 0; i < n; i++)
		emit_block(g, ind + 2);
}

/* A section at depth (1 to 3) whose "- " is at column ind, with its
 * subsections. Stops adding subsections once the target size is met. */
static void emit_section(struct gen *g, int depth, int ind)
{
	struct rng *r = &g->rng;
	int nsub, i;

	emit_title(g, ind);
	if (depth == 1)
		emit_blocks(g, ind + 2, rng_range(r, 1, 3));
	else if (depth == 2)
		emit_blocks(g, ind + 2, rng_range(r, rng_chance(r, 200) ? 0 : 1, 6));
	else
		emit_blocks(g, ind + 2, rng_range(r, 2, 8));
	if (depth == 3)
		return;
	nsub = depth == 1 ? rng_range(r, 3, 7) : rng_range(r, 0, 4);
	if (nsub == 0)
		return;
	indent(&g->out, ind + 2);
	strbuf_addstr(&g->out, "sections:\n");
	for (i = 0; i < nsub && (i == 0 || g->out.len < g->target); i++)
		emit_section(g, depth + 1, ind + 4);
}

static void emit_article(struct gen *g, const char *id)
{
	struct strbuf *o = &g->out, t = STRBUF_INIT;
	int i;

	strbuf_addstr(o, "# Generated by bench/gen for glosa's benchmarks: do not edit.\n");
	strbuf_addstr(o, "title: ");
	heading(g, &t);
	y_text(g, t.buf, 2, false);
	strbuf_addstr(o, "subtitle: A book-length article for measuring glosa\n");
	strbuf_addstr(o, "author:\n");
	for (i = 0; i < 3; i++) {
		strbuf_addstr(o, "  - ");
		strbuf_addstr(o, names[(i * 5 + rng_below(&g->rng, 5)) % COUNT(names)]);
		strbuf_addch(o, '\n');
	}
	strbuf_addstr(o, "date: 2026-11-28\nlang: en\n");
	strbuf_addf(o, "id: %s\n", id);
	strbuf_addf(o, "source: https://example.org/bench/%s\n", id);
	strbuf_addstr(o, "summary: ");
	strbuf_reset(&t);
	paragraph(g, &t, 4);
	y_text(g, t.buf, 2, true);
	strbuf_addstr(o, "sections:\n");
	do
		emit_section(g, 1, 2);
	while (o->len < g->target);
	/* The last section: one block with the only "quetzalcóatl". */
	strbuf_addstr(o, "  - title: Colofón\n    blocks:\n      - >\n"
	                 "        Here the article ends, and with it the long road of the\n"
	                 "        feathered serpent, quetzalcóatl, who was read to the last page.\n");
	strbuf_release(&t);
}

/* The fingerprint's hex digits, from the library's SHA-256. */
static void sha256_hex(const char *data, size_t len, char out[65])
{
	uint8_t h[32];
	int i;

	sha256(data, len, h);
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* ---- Highlights -------------------------------------------------------- */

/* The article's text as one stream: every unit's text joined by '\n' in
 * reading order (what annotations quote), with where each unit starts. */
struct stream {
	struct strbuf text;
	size_t *ustart;
};

static void stream_build(struct stream *s, const struct article *a)
{
	uint32_t u;

	s->text = (struct strbuf)STRBUF_INIT;
	s->ustart = xmalloc((a->nunits + 1) * sizeof *s->ustart);
	for (u = 0; u < a->nunits; u++) {
		struct text_ref t = article_unit_text(a, u);
		if (u)
			strbuf_addch(&s->text, '\n');
		s->ustart[u] = s->text.len;
		strbuf_add(&s->text, article_str(a, t), t.len);
	}
	s->ustart[a->nunits] = s->text.len;
}

/* Byte offset n code points before (back) or after off in s. */
static size_t cp_step(const struct strbuf *s, size_t off, size_t n, bool back)
{
	while (n-- > 0) {
		if (back) {
			if (off == 0)
				break;
			do
				off--;
			while (off > 0 && ((unsigned char)s->buf[off] & 0xC0) == 0x80);
		} else {
			uint32_t uc;
			if (off >= s->len)
				break;
			off += (size_t)text_decode(s->buf + off, s->len - off, &uc);
		}
	}
	return off;
}

struct hl {
	uint32_t b1, o1, b2, o2; /* blocks and byte offsets into their text, end exclusive */
};

static bool is_space_at(const char *s, size_t i)
{
	return s[i] == ' ' || s[i] == '\n';
}

/* One highlight inside block text t[lo, hi) (bytes, on code point
 * boundaries): starts at a word if one starts near, spans a few words. */
static bool pick_range(struct rng *r, const char *t, size_t lo, size_t hi, uint32_t *s, uint32_t *e)
{
	size_t start, end, span = hi - lo, k;

	if (span < 2)
		return false;
	start = lo + rng_below(r, (uint32_t)(span / 2 + 1));
	while (start > lo && ((unsigned char)t[start] & 0xC0) == 0x80)
		start--;
	for (k = start; k < hi && k < start + 24; k++) /* to the next word */
		if (k > lo && is_space_at(t, k - 1) && !is_space_at(t, k)) {
			start = k;
			break;
		}
	while (start < hi && is_space_at(t, start))
		start++;
	end = start + (size_t)rng_range(r, 6, 90);
	if (end > hi)
		end = hi;
	while (end < hi && ((unsigned char)t[end] & 0xC0) == 0x80)
		end++;
	for (k = end; k > start + 4; k--) /* back to the end of a word */
		if (k < hi && is_space_at(t, k) && !is_space_at(t, k - 1)) {
			end = k;
			break;
		}
	while (end > start && is_space_at(t, end - 1))
		end--;
	if (end <= start)
		return false;
	*s = (uint32_t)start;
	*e = (uint32_t)end;
	return true;
}

/* Choose up to n highlights spread evenly through the blocks, in document
 * order, never overlapping; about 3 in 100 run into the next block of the
 * same section. Returns how many. */
static size_t choose_highlights(struct rng *r, const struct article *a, size_t n, struct hl **out)
{
	uint32_t *elig = xmalloc((a->nblocks + 1) * sizeof *elig);
	size_t ne = 0, k = 0, nh = 0, b;
	struct hl *v = xmalloc((n + 1) * sizeof *v);

	for (b = 0; b < a->nblocks; b++)
		if (a->blocks[b].text.len >= 24)
			elig[ne++] = (uint32_t)b;
	while (k < n && ne) {
		size_t e = (size_t)((uint64_t)k * ne / n), m = 0, j;
		uint32_t bl = elig[e];
		const struct block *blk = &a->blocks[bl];
		const char *t = article_str(a, blk->text);
		size_t len = blk->text.len;
		while (k + m < n && (size_t)((uint64_t)(k + m) * ne / n) == e)
			m++;
		for (j = 0; j < m; j++) {
			size_t lo = len * j / m, hi = len * (j + 1) / m;
			struct hl h = { bl, 0, bl, 0 };
			while (lo > 0 && lo < len && ((unsigned char)t[lo] & 0xC0) == 0x80)
				lo++;
			while (hi < len && ((unsigned char)t[hi] & 0xC0) == 0x80)
				hi++;
			if (!pick_range(r, t, lo, hi, &h.o1, &h.o2))
				continue;
			/* The last one of the block may run into the next block. */
			if (j + 1 == m && bl + 1 < a->nblocks &&
			    a->blocks[bl + 1].section == blk->section &&
			    (e + 1 >= ne || elig[e + 1] != bl + 1) &&
			    a->blocks[bl + 1].text.len > 0 && rng_chance(r, 30)) {
				const struct block *nx = &a->blocks[bl + 1];
				size_t end = (size_t)rng_range(r, 1, 40);
				const char *nt = article_str(a, nx->text);
				if (end > nx->text.len)
					end = nx->text.len;
				while (end < nx->text.len && ((unsigned char)nt[end] & 0xC0) == 0x80)
					end++;
				h.b2 = bl + 1;
				h.o2 = (uint32_t)end;
			}
			v[nh++] = h;
		}
		k += m;
	}
	free(elig);
	*out = v;
	return nh;
}

static void y_pos(FILE *f, const struct article *a, uint32_t b, uint32_t byte)
{
	const struct block *blk = &a->blocks[b];
	const struct section *s = &a->sections[blk->section];

	fprintf(f, "{section: \"%.*s\", block: %u, offset: %zu}", (int)s->number_len,
	        section_number(a, s), b - s->block_first,
	        text_codepoints(article_str(a, blk->text), byte));
}

static void y_quoted(FILE *f, const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	y_dquote(&sb, s, n);
	fwrite(sb.buf, 1, sb.len, f);
	strbuf_release(&sb);
}

static void fmt_time(char out[21], time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int write_annotations(struct gen *g, const char *path, const char *article_path,
                             const struct article *a, size_t n, size_t *written)
{
	static const char *const colors[] = { "yellow", "yellow", "yellow", "green", "blue",
	                                      "red", "purple" };
	static const char *const tags[] = { "idea", "question", "quote", "todo",
	                                    "vocabulario", "λέξη", "重要" };
	struct rng *r = &g->rng;
	struct stream st;
	struct hl *hs;
	size_t nh, i;
	char fp[65];
	FILE *f = fopen(path, "w");
	time_t t0 = 1798761600; /* 2027-01-01T00:00:00Z */

	if (!f)
		return errno;
	stream_build(&st, a);
	sha256_hex(st.text.buf, st.text.len, fp);
	nh = choose_highlights(r, a, n, &hs);
	fprintf(f, "glosa-annotations: 1\narticle:\n  id: ");
	y_quoted(f, article_str(a, a->id), a->id.len);
	fprintf(f, "\n  title: ");
	y_quoted(f, article_str(a, a->title), a->title.len);
	fprintf(f, "\n  path: ");
	y_quoted(f, article_path, strlen(article_path));
	fprintf(f, "\n  fingerprint: sha256:%s\n", fp);
	fprintf(f, "position: ");
	if (a->nblocks)
		y_pos(f, a, hs && nh ? hs[nh / 2].b1 : 0, 0);
	fprintf(f, "\nhighlights:\n");
	for (i = 0; i < nh; i++) {
		const struct hl *h = &hs[i];
		size_t s = st.ustart[article_block_unit(a, h->b1)] + h->o1;
		size_t e = st.ustart[article_block_unit(a, h->b2)] + h->o2;
		size_t ps = cp_step(&st.text, s, CONTEXT_CP, true);
		size_t se = cp_step(&st.text, e, CONTEXT_CP, false);
		char created[21], updated[21];
		time_t tc = t0 + (time_t)(i * 397) + rng_below(r, 300);
		fmt_time(created, tc);
		fmt_time(updated, tc + (rng_chance(r, 300) ? rng_below(r, 86400) : 0));
		fprintf(f, "  - id: %016llx\n", (unsigned long long)rng_next(r));
		fprintf(f, "    created: %s\n    updated: %s\n", created, updated);
		fprintf(f, "    color: %s\n", PICK(r, colors));
		fprintf(f, "    start: ");
		y_pos(f, a, h->b1, h->o1);
		fprintf(f, "\n    end: ");
		y_pos(f, a, h->b2, h->o2);
		fprintf(f, "\n    quote:\n      exact: ");
		y_quoted(f, st.text.buf + s, e - s);
		fprintf(f, "\n      prefix: ");
		y_quoted(f, st.text.buf + ps, s - ps);
		fprintf(f, "\n      suffix: ");
		y_quoted(f, st.text.buf + e, se - e);
		fputc('\n', f);
		if (rng_chance(r, 250)) {
			struct strbuf note = STRBUF_INIT;
			int lines = rng_range(r, 1, 3), l;
			fprintf(f, "    note: |\n");
			for (l = 0; l < lines; l++) {
				strbuf_reset(&note);
				sentence(g, &note, pick_lang(g), 3, 14);
				fprintf(f, "      %s\n", note.buf);
			}
			strbuf_release(&note);
		}
		if (rng_chance(r, 100))
			fprintf(f, "    tags: [%s, %s]\n", tags[i % COUNT(tags)], PICK(r, tags));
	}
	free(hs);
	free(st.ustart);
	strbuf_release(&st.text);
	*written = nh;
	if (ferror(f) | (fclose(f) != 0))
		return errno ? errno : EIO;
	return 0;
}

/* ---- Command line ------------------------------------------------------ */

static void usage(FILE *out)
{
	fputs("Usage: gen --size SIZE [--seed N] [--highlights N] [--width N] --out DIR\n"
	      "Write DIR/article.yaml (about SIZE bytes; K, M, G suffixes are powers of\n"
	      "1024), DIR/annotations.yaml (N highlights, default 10000) and\n"
	      "DIR/article.txt (glosa --dump at --width, default 80).\n", out);
}

static bool parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return false;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || v == 0 || v > ((unsigned long long)1 << 32))
		return false;
	*out = (size_t)v;
	return true;
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return errno;
	if (fwrite(data, 1, len, f) != len) {
		int e = errno;
		fclose(f);
		return e ? e : EIO;
	}
	return fclose(f) ? errno : 0;
}

static char *join(const char *dir, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", dir, name);
	return strbuf_detach(&sb, NULL);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "size", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'r' },
		{ "highlights", required_argument, NULL, 'n' },
		{ "width", required_argument, NULL, 'w' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct gen g = { { 1 }, STRBUF_INIT, 0, 0 };
	const char *out = NULL, *size_arg = NULL;
	unsigned long long seed = 1;
	long nhl = 10000, width = 80;
	char *yaml_path, *txt_path, *ann_path, *abs, id[64];
	struct load_error lerr;
	struct article *a;
	char *data;
	size_t len, written = 0;
	FILE *f;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': size_arg = optarg; break;
		case 'r': seed = strtoull(optarg, NULL, 10); break;
		case 'n': nhl = strtol(optarg, NULL, 10); break;
		case 'w': width = strtol(optarg, NULL, 10); break;
		case 'o': out = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 64;
		}
	}
	if (!out || !size_arg || !parse_size(size_arg, &g.target) || nhl < 0 ||
	    width < 1 || width > 1000 || optind != argc) {
		usage(stderr);
		return 64;
	}
	if (mkdir(out, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "gen: %s: %s\n", out, strerror(errno));
		return 73;
	}
	g.rng.s = seed * UINT64_C(0x2545F4914F6CDD1D) + 1;
	snprintf(id, sizeof id, "bench-%s-seed%llu", size_arg, seed);
	emit_article(&g, id);

	yaml_path = join(out, "article.yaml");
	txt_path = join(out, "article.txt");
	ann_path = join(out, "annotations.yaml");
	rc = write_file(yaml_path, g.out.buf, g.out.len);
	if (rc) {
		fprintf(stderr, "gen: %s: %s\n", yaml_path, strerror(rc));
		return 74;
	}
	strbuf_release(&g.out);

	/* What glosa makes of it: the model for the highlights, the dump. */
	rc = loader_read_file(yaml_path, &data, &len);
	if (rc) {
		fprintf(stderr, "gen: %s: %s\n", yaml_path, strerror(rc));
		return 66;
	}
	a = article_load_yaml(data, len, &lerr);
	free(data);
	if (!a) {
		fprintf(stderr, "gen: %s:%lu:%lu: %s (a bug in gen)\n", yaml_path, lerr.line,
		        lerr.column, lerr.message);
		return 70;
	}
	abs = realpath(yaml_path, NULL);
	rc = write_annotations(&g, ann_path, abs ? abs : yaml_path, a, (size_t)nhl, &written);
	free(abs);
	if (rc) {
		fprintf(stderr, "gen: %s: %s\n", ann_path, strerror(rc));
		return 74;
	}
	f = fopen(txt_path, "w");
	if (!f || dump_article(a, (int)width, false, f) != 0 || fclose(f) != 0) {
		fprintf(stderr, "gen: %s: %s\n", txt_path, strerror(errno));
		return 74;
	}
	printf("%s: %zu bytes, %zu sections, %zu blocks, %zu units; %zu highlights\n",
	       yaml_path, len, a->nsections, a->nblocks, a->nunits, written);
	article_free(a);
	free(yaml_path);
	free(txt_path);
	free(ann_path);
	return 0;
}
