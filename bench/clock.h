/* What the bench programs share: a monotonic clock in milliseconds and
 * the comparison qsort needs to take medians. Header-only: each program
 * is one file. */
#ifndef GLOSA_BENCH_CLOCK_H
#define GLOSA_BENCH_CLOCK_H

#include <time.h>

static inline double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

#endif
