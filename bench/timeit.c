/* bench/timeit: wall time and peak memory of a command, run several
 * times. Standard output goes to /dev/null (or -o FILE), standard input
 * comes from /dev/null. Each run is one sample: the time from fork to the
 * child's exit, its maximum resident set size from wait4.
 *
 *   timeit [-n RUNS] [-o FILE] [-l NAME] [-r RAWFILE] -- COMMAND [ARG...]
 *
 * Prints "NAME runs=N median=MS min=MS max=MS cpu=MS maxrss_kb=KB" on
 * standard output (cpu: the median of user + system time, which a busy
 * machine disturbs less than wall time); with -r, appends "NAME MS" (wall)
 * and "NAME.cpu MS" per run and "NAME.maxrss KB" to RAWFILE. Exits 1 when the command fails (not 0 or, for grep -c, 1). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

int main(int argc, char **argv)
{
	const char *out = "/dev/null", *name = "run", *raw = NULL;
	int runs = 5, i, c;
	double *t, *cpu;
	long maxrss = 0;
	FILE *rf = NULL;

	while ((c = getopt(argc, argv, "+n:o:l:r:")) != -1) {
		switch (c) {
		case 'n': runs = atoi(optarg); break;
		case 'o': out = optarg; break;
		case 'l': name = optarg; break;
		case 'r': raw = optarg; break;
		default: goto usage;
		}
	}
	if (optind < argc && strcmp(argv[optind], "--") == 0)
		optind++;
	if (optind >= argc || runs < 1)
		goto usage;
	if (raw && !(rf = fopen(raw, "a"))) {
		fprintf(stderr, "timeit: %s: %s\n", raw, strerror(errno));
		return 1;
	}
	t = calloc((size_t)runs, sizeof *t);
	cpu = calloc((size_t)runs, sizeof *cpu);
	if (!t || !cpu) {
		perror("timeit");
		return 1;
	}
	for (i = 0; i < runs; i++) {
		struct rusage ru;
		int status;
		double t0 = now_ms();
		pid_t pid = fork();
		if (pid < 0) {
			perror("timeit: fork");
			return 1;
		}
		if (pid == 0) {
			int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0666);
			int in = open("/dev/null", O_RDONLY);
			if (fd < 0 || in < 0) {
				perror(out);
				_exit(127);
			}
			dup2(fd, STDOUT_FILENO);
			dup2(in, STDIN_FILENO);
			execvp(argv[optind], argv + optind);
			perror(argv[optind]);
			_exit(127);
		}
		if (wait4(pid, &status, 0, &ru) < 0) {
			perror("timeit: wait4");
			return 1;
		}
		t[i] = now_ms() - t0;
		cpu[i] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		         (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
		if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
			fprintf(stderr, "timeit: %s failed (status %d)\n", argv[optind], status);
			return 1;
		}
		if (rf)
			fprintf(rf, "%s %.3f\n%s.cpu %.3f\n", name, t[i], name, cpu[i]);
	}
	if (rf) {
		fprintf(rf, "%s.maxrss %ld\n", name, maxrss);
		fclose(rf);
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
	printf("%s runs=%d median=%.2f min=%.2f max=%.2f cpu=%.2f maxrss_kb=%ld\n", name, runs,
	       runs % 2 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2, t[0],
	       t[runs - 1], runs % 2 ? cpu[runs / 2] : (cpu[runs / 2 - 1] + cpu[runs / 2]) / 2,
	       maxrss);
	free(t);
	free(cpu);
	return 0;
usage:
	fputs("Usage: timeit [-n RUNS] [-o FILE] [-l NAME] [-r RAWFILE] -- COMMAND [ARG...]\n",
	      stderr);
	return 64;
}
