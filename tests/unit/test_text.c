/* Width and sanitising: what reaches the terminal and how wide it is. */
#include "config.h"

#include <string.h>

#include "glosa/strbuf.h"
#include "glosa/text.h"
#include "tap.h"

static const char *san(const char *s)
{
	static struct strbuf sb = STRBUF_INIT;
	strbuf_reset(&sb);
	text_sanitize(&sb, s, strlen(s));
	return sb.buf;
}

int main(void)
{
	is_int((long long)text_width("abc", 3), 3, "ASCII is one column each");
	is_int((long long)text_width("日本", 6), 4, "CJK is two columns each");
	is_int((long long)text_width("e\xcc\x81", 3), 1, "a combining mark takes no column");
	is_int((long long)text_width("ñandú", strlen("ñandú")), 5, "precomposed accents");
	is_int((long long)text_width("\xf0\x9f\x91\x8b", 4), 2, "emoji is two columns");
	is_int((long long)text_width("a\x1b", 2), 2, "a control character shows as one symbol");
	is_int(text_uc_unsafe(0x1B), 1, "ESC is unsafe");
	is_int(text_uc_unsafe(0x9B), 1, "C1 CSI is unsafe");
	is_int(text_uc_unsafe(0x202E), 1, "RIGHT-TO-LEFT OVERRIDE is unsafe");
	is_int(text_uc_unsafe(0x2066), 1, "LEFT-TO-RIGHT ISOLATE is unsafe");
	is_int(text_uc_unsafe(0x7F), 1, "DEL is unsafe");
	{
		struct strbuf sb = STRBUF_INIT;
		strbuf_addstr(&sb, "\xE2\x80\xAEkeep\"x\xE2\x80\xAEy é\xE2\x81\xA6\t");
		text_escape_unsafe(&sb, 3);
		is_str(sb.buf, "\xE2\x80\xAEkeep\"x\\u202Ey é\\u2066\t",
		       "text_escape_unsafe: unsafe code points from the offset on become \\u "
		       "escapes; before it, ASCII and other text stay");
		strbuf_release(&sb);
	}
	is_int(text_uc_unsafe(0x2028), 1, "LINE SEPARATOR is unsafe");
	is_int(text_uc_unsafe('a'), 0, "letters are safe");
	is_int(text_uc_unsafe(0x00E9), 0, "é is safe");
	is_str(san("a\x1b[2Jb"), "a\xe2\x90\x9b[2Jb", "ESC becomes the visible ␛ symbol");
	is_str(san("x\x07y"), "x\xe2\x90\x87y", "BEL becomes ␇");
	is_str(san("\xc2\x9b" "31m"), "\xef\xbf\xbd" "31m", "C1 CSI becomes U+FFFD");
	is_str(san("abc\xe2\x80\xae" "def"), "abc\xef\xbf\xbd" "def", "bidi override replaced");
	is_str(san("\x7f"), "\xe2\x90\xa1", "DEL becomes ␡");
	is_str(san("bad\xff" "byte"), "bad\xef\xbf\xbd" "byte", "invalid byte becomes U+FFFD");
	is_str(san("café 日本 👋🏽"), "café 日本 👋🏽", "safe text passes unchanged");
	is_str(san("a 👨\u200d👩\u200d👧 family"), "a 👨\u200d👩\u200d👧 family",
	       "joiners between emoji are kept in text");
	{
		static struct strbuf sb = STRBUF_INIT;
		text_sanitize_terminal(&sb, "a 👨\u200d👩\u200d👧 family",
		                       strlen("a 👨\u200d👩\u200d👧 family"));
		is_str(sb.buf, "a 👨👩👧 family",
		       "but not drawn on a terminal (terminals disagree on their width)");
		strbuf_reset(&sb);
		text_sanitize_terminal(&sb, "क\u200dष", strlen("क\u200dष"));
		is_str(sb.buf, "क\u200dष", "a joiner in Devanagari is kept on a terminal too");
		strbuf_release(&sb);
	}
	is_int((long long)text_width("👨\u200d👩\u200d👧", strlen("👨\u200d👩\u200d👧")), 6,
	       "an emoji ZWJ sequence measures as its drawn parts");
	is_int((long long)text_codepoints("añb", 4), 3, "code points counted");
	is_int((long long)text_cp_to_byte("añb", 4, 2), 3, "code point 2 is at byte 3");
	is_int((long long)text_cp_to_byte("añb", 4, 9), 4, "past the end gives the length");
	return tap_done();
}
