/* A few TAP helpers for the unit tests: each check prints "ok N - name"
 * or "not ok N - name" with a diagnostic; tap_done prints the plan and
 * returns the exit status. Header-only so every test is one file. */
#ifndef GLOSA_TAP_H
#define GLOSA_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 2, 3)))
__attribute__((unused)) static int ok(int cond, const char *fmt, ...)
{
	va_list ap;
	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		tap_failed++;
	fflush(stdout);
	return cond;
}

__attribute__((format(printf, 3, 4)))
__attribute__((unused)) static int is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	int cond = got && want ? strcmp(got, want) == 0 : got == want;
	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond) {
		tap_failed++;
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)", want ? want : "(null)");
	}
	fflush(stdout);
	return cond;
}

__attribute__((format(printf, 3, 4)))
__attribute__((unused)) static int is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;
	int cond = got == want;
	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond) {
		tap_failed++;
		printf("#   got:  %lld\n#   want: %lld\n", got, want);
	}
	fflush(stdout);
	return cond;
}

static int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
