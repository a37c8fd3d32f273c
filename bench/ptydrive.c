/* bench/ptydrive: drive a full-screen program through a pseudo-terminal
 * and time how long it takes to answer, the way a reader feels it.
 *
 *   ptydrive [-s COLSxROWS] [-q QUIET_MS] [-f FIRST_QUIET_MS] [-t TIMEOUT_MS]
 *            [-l LABEL] [-r RAWFILE] STEP... -- PROGRAM [ARG...]
 *
 * The program starts on a new pseudo-terminal of the given size (default
 * 80x24) with TERM=xterm-256color and without LINES and COLUMNS (so that
 * it asks the terminal for its size). Then the STEPs, in order:
 *
 *   send BYTES                      send, wait until quiet, not measured
 *   key NAME COUNT BYTES            send BYTES COUNT times: COUNT samples
 *   alt NAME1 BYTES1 NAME2 BYTES2 COUNT
 *                                   alternate the two, COUNT samples of each
 *   resize NAME COUNT COLSxROWS COLSxROWS
 *                                   alternate the sizes (TIOCSWINSZ on the
 *                                   master: the kernel sends SIGWINCH),
 *                                   COUNT samples in all
 *   expect TEXT                     the next key, alt or resize step is
 *                                   only over once TEXT has been output
 *   quit BYTES                      send and wait for the program to exit
 *                                   (default at the end: "q"); the time
 *                                   to the exit is the sample "quit"
 *
 * BYTES may use \n \r \t \e \\ and \xHH.
 *
 * What is measured. The driver reads everything the program writes as it
 * comes. A response is over when the output has been quiet for QUIET_MS
 * (default 50) after its last byte; the time of a sample is from just
 * before the key is written to the moment that last byte was read, so
 * the quiet window itself is never counted. The first screen ("first") is
 * the same measured from just before the fork, with a longer quiet window
 * (FIRST_QUIET_MS, default 300), so that a program that pauses between
 * setting up the terminal and drawing is not cut short. A key that gets
 * no output at all within TIMEOUT_MS (default 10000) is counted as
 * "noout" and gives no sample: every step should change the screen.
 * A program may answer in two parts with a silence between them (less
 * echoes the Enter that ends a search, then searches); "expect TEXT"
 * makes the response end only at the first quiet window after TEXT has
 * been output (TIMEOUT_MS still applies, from the key).
 *
 * Output: one line per kind of sample on standard output,
 *   LABEL.NAME n=N median=MS p99=MS max=MS noout=K bytes=B
 * (B: bytes of output per sample, on average)
 * (p99 by nearest rank: the ceil(0.99 n)-th smallest), then
 *   LABEL.maxrss KB            (peak resident memory, from wait4)
 * With -r, every sample is also appended to RAWFILE as "LABEL.NAME MS",
 * and "LABEL.maxrss KB". With PTYDRIVE_LOG=FILE in the environment, all
 * the program's output is written to FILE (to see what it drew). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"

struct series {
	char name[64];
	double *v;
	size_t n, cap;
	size_t noout;
	unsigned long long bytes; /* output bytes over all samples */
};

struct drv {
	int master;
	pid_t pid;
	bool exited;
	int status;
	struct rusage ru;
	double quiet, first_quiet, timeout;
	const char *label;
	FILE *raw;
	struct series *ser;
	size_t nser;
	unsigned long long bytes;
	const char *expect;     /* the response must contain this, or NULL */
	FILE *log;              /* everything the program wrote, or NULL */
	unsigned long long mark; /* bytes before the current step */
};

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static struct series *series_get(struct drv *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nser; i++)
		if (strcmp(d->ser[i].name, name) == 0)
			return &d->ser[i];
	d->ser = realloc(d->ser, (d->nser + 1) * sizeof *d->ser);
	if (!d->ser)
		die("realloc");
	memset(&d->ser[d->nser], 0, sizeof *d->ser);
	snprintf(d->ser[d->nser].name, sizeof d->ser[d->nser].name, "%s", name);
	return &d->ser[d->nser++];
}

static void record(struct drv *d, const char *name, double ms, unsigned long long bytes)
{
	struct series *s = series_get(d, name);

	s->bytes += bytes;
	if (ms < 0) {
		s->noout++;
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		if (!s->v)
			die("realloc");
	}
	s->v[s->n++] = ms;
	if (d->raw)
		fprintf(d->raw, "%s.%s %.3f\n", d->label, name, ms);
}

/* Reap the child if it has exited (non-blocking unless block). */
static void reap(struct drv *d, bool block)
{
	pid_t r;

	if (d->exited)
		return;
	r = wait4(d->pid, &d->status, block ? 0 : WNOHANG, &d->ru);
	if (r == d->pid)
		d->exited = true;
}

/* Read the program's output until it has been quiet for quiet ms after
 * its last byte, or until timeout ms pass without any byte. Returns the
 * time of the last byte read, or -1 when nothing came. */
static double drain(struct drv *d, double t0, double quiet, double timeout)
{
	static char buf[65536 + 256];
	const size_t elen = d->expect ? strlen(d->expect) : 0;
	size_t carry = 0; /* bytes kept at buf's start from the last read */
	bool seen = elen == 0;
	double last = -1;

	for (;;) {
		double deadline = last < 0 || !seen ? t0 + timeout : last + quiet;
		double wait = deadline - now_ms();
		struct pollfd p = { d->master, POLLIN, 0 };
		struct timespec ts;
		int r;
		if (wait <= 0)
			break;
		ts.tv_sec = (time_t)(wait / 1e3);
		ts.tv_nsec = (long)((wait - (double)ts.tv_sec * 1e3) * 1e6);
		r = ppoll(&p, 1, &ts, NULL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("ppoll");
		if (r == 0)
			continue; /* the deadline check above ends the loop */
		ssize_t n = read(d->master, buf + carry, sizeof buf - 256);
		if (n > 0) {
			size_t have = carry + (size_t)n;
			last = now_ms();
			d->bytes += (unsigned long long)n;
			if (d->log)
				fwrite(buf + carry, 1, (size_t)n, d->log);
			if (!seen) {
				seen = memmem(buf, have, d->expect, elen) != NULL;
				carry = elen - 1 < have ? elen - 1 : have;
				if (carry > 255)
					carry = 255;
				memmove(buf, buf + have - carry, carry);
			}
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		/* EIO: the other side is closed, the program has exited. */
		reap(d, true);
		break;
	}
	if (!seen) {
		fprintf(stderr, "ptydrive: %s: \"%s\" never came\n", d->label, d->expect);
		return -1;
	}
	return last;
}

/* Send bytes and measure until quiet; -1 when no output came. */
static double hit(struct drv *d, const char *bytes, size_t n)
{
	d->mark = d->bytes;
	double t0 = now_ms(), last;
	size_t off = 0;

	while (off < n) {
		ssize_t w = write(d->master, bytes + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			die("write to the pseudo-terminal");
		off += (size_t)w;
	}
	last = drain(d, t0, d->quiet, d->timeout);
	return last < 0 ? -1 : last - t0;
}

static double do_resize(struct drv *d, int cols, int rows)
{
	struct winsize ws = { (unsigned short)rows, (unsigned short)cols, 0, 0 };
	double t0 = now_ms(), last;

	d->mark = d->bytes;
	if (ioctl(d->master, TIOCSWINSZ, &ws) < 0)
		die("TIOCSWINSZ");
	last = drain(d, t0, d->quiet, d->timeout);
	return last < 0 ? -1 : last - t0;
}

/* Undo the escapes in s; returns the length. */
static size_t unescape(const char *s, char *out)
{
	size_t n = 0;

	while (*s) {
		if (*s != '\\' || !s[1]) {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'n': out[n++] = '\n'; s++; break;
		case 'r': out[n++] = '\r'; s++; break;
		case 't': out[n++] = '\t'; s++; break;
		case 'e': out[n++] = '\033'; s++; break;
		case 'x': {
			char hex[3] = { 0, 0, 0 };
			if (s[1] && s[2]) {
				hex[0] = s[1];
				hex[1] = s[2];
				out[n++] = (char)strtol(hex, NULL, 16);
				s += 3;
			} else {
				out[n++] = 'x';
				s++;
			}
			break;
		}
		default: out[n++] = *s++; break;
		}
	}
	out[n] = '\0';
	return n;
}

static bool parse_size(const char *s, int *cols, int *rows)
{
	return sscanf(s, "%dx%d", cols, rows) == 2 && *cols > 0 && *rows > 0;
}

static void report(struct drv *d)
{
	size_t i;

	for (i = 0; i < d->nser; i++) {
		struct series *s = &d->ser[i];
		size_t p99;
		if (s->n == 0) {
			printf("%s.%s n=0 noout=%zu\n", d->label, s->name, s->noout);
			continue;
		}
		qsort(s->v, s->n, sizeof *s->v, cmp_double);
		p99 = (99 * s->n + 99) / 100 - 1; /* ceil(0.99 n) - 1 */
		printf("%s.%s n=%zu median=%.3f p99=%.3f max=%.3f noout=%zu bytes=%llu\n",
		       d->label, s->name, s->n,
		       s->n % 2 ? s->v[s->n / 2] : (s->v[s->n / 2 - 1] + s->v[s->n / 2]) / 2,
		       s->v[p99], s->v[s->n - 1], s->noout, s->bytes / (s->n + s->noout));
	}
	printf("%s.maxrss %ld\n", d->label, d->exited ? d->ru.ru_maxrss : -1L);
	if (d->raw && d->exited)
		fprintf(d->raw, "%s.maxrss %ld\n", d->label, d->ru.ru_maxrss);
}

/* Send the quit key and wait for the exit; the time to the exit is the
 * "quit" sample (a program that saves its state on the way out). */
static void quit(struct drv *d, const char *bytes, size_t n)
{
	double t0 = now_ms();

	if (write(d->master, bytes, n) < 0 && errno != EIO)
		die("write to the pseudo-terminal");
	while (!d->exited && now_ms() - t0 < 10000) {
		drain(d, now_ms(), 50, 100);
		reap(d, false);
	}
	if (!d->exited) {
		fprintf(stderr, "ptydrive: %s did not quit; killing it\n", d->label);
		kill(d->pid, SIGTERM);
		reap(d, true);
		return;
	}
	record(d, "quit", now_ms() - t0, 0);
}

static void usage(void)
{
	fputs("Usage: ptydrive [-s COLSxROWS] [-q QUIET_MS] [-f FIRST_QUIET_MS] [-t TIMEOUT_MS]\n"
	      "                [-l LABEL] [-r RAWFILE] STEP... -- PROGRAM [ARG...]\n"
	      "STEP: send BYTES | key NAME COUNT BYTES | alt NAME1 BYTES1 NAME2 BYTES2 COUNT\n"
	      "    | resize NAME COUNT COLSxROWS COLSxROWS | expect TEXT | quit BYTES\n", stderr);
	exit(64);
}

int main(int argc, char **argv)
{
	struct drv d = { .quiet = 50, .first_quiet = 300, .timeout = 10000, .label = "run" };
	int cols = 80, rows = 24, c, i, prog, first_step;
	const char *raw = NULL;
	struct winsize ws;
	bool quitted = false;
	char *k1, *k2;
	double t0, last;

	while ((c = getopt(argc, argv, "+s:q:f:t:l:r:")) != -1) {
		switch (c) {
		case 's': if (!parse_size(optarg, &cols, &rows)) usage(); break;
		case 'q': d.quiet = atof(optarg); break;
		case 'f': d.first_quiet = atof(optarg); break;
		case 't': d.timeout = atof(optarg); break;
		case 'l': d.label = optarg; break;
		case 'r': raw = optarg; break;
		default: usage();
		}
	}
	first_step = optind;
	if (strcmp(argv[optind - 1], "--") == 0) {
		prog = optind; /* getopt took the "--": there are no steps */
	} else {
		for (prog = optind; prog < argc && strcmp(argv[prog], "--") != 0; prog++)
			;
		prog++;
	}
	if (prog >= argc)
		usage();
	if (raw && !(d.raw = fopen(raw, "a")))
		die(raw);
	if (getenv("PTYDRIVE_LOG") && !(d.log = fopen(getenv("PTYDRIVE_LOG"), "w")))
		die(getenv("PTYDRIVE_LOG"));

	ws = (struct winsize){ (unsigned short)rows, (unsigned short)cols, 0, 0 };
	t0 = now_ms();
	d.pid = forkpty(&d.master, NULL, NULL, &ws);
	if (d.pid < 0)
		die("forkpty");
	if (d.pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		unsetenv("LINES");
		unsetenv("COLUMNS");
		execvp(argv[prog], argv + prog);
		perror(argv[prog]);
		_exit(127);
	}
	last = drain(&d, t0, d.first_quiet, d.timeout);
	record(&d, "first", last < 0 ? -1 : last - t0, d.bytes);

	k1 = malloc(4096);
	k2 = malloc(4096);
	for (i = first_step; i < prog - 1 && !d.exited; i++) {
		const char *step = argv[i];
		if (strcmp(step, "send") == 0 && i + 1 < prog - 1) {
			size_t n = unescape(argv[++i], k1);
			hit(&d, k1, n);
		} else if (strcmp(step, "key") == 0 && i + 3 < prog - 1) {
			const char *name = argv[i + 1];
			int count = atoi(argv[i + 2]), j;
			size_t n = unescape(argv[i + 3], k1);
			for (j = 0; j < count && !d.exited; j++) {
				double ms = hit(&d, k1, n);
				record(&d, name, ms, d.bytes - d.mark);
			}
			i += 3;
		} else if (strcmp(step, "alt") == 0 && i + 5 < prog - 1) {
			const char *n1 = argv[i + 1], *n2 = argv[i + 3];
			size_t l1 = unescape(argv[i + 2], k1), l2 = unescape(argv[i + 4], k2);
			int count = atoi(argv[i + 5]), j;
			for (j = 0; j < count && !d.exited; j++) {
				double ms = hit(&d, k1, l1);
				record(&d, n1, ms, d.bytes - d.mark);
				ms = hit(&d, k2, l2);
				record(&d, n2, ms, d.bytes - d.mark);
			}
			i += 5;
		} else if (strcmp(step, "resize") == 0 && i + 4 < prog - 1) {
			const char *name = argv[i + 1];
			int count = atoi(argv[i + 2]), j, c1, r1, c2, r2;
			if (!parse_size(argv[i + 3], &c1, &r1) || !parse_size(argv[i + 4], &c2, &r2))
				usage();
			for (j = 0; j < count && !d.exited; j++) {
				double ms = j % 2 ? do_resize(&d, c2, r2) : do_resize(&d, c1, r1);
				record(&d, name, ms, d.bytes - d.mark);
			}
			i += 4;
		} else if (strcmp(step, "expect") == 0 && i + 1 < prog - 1) {
			d.expect = argv[++i];
			continue;
		} else if (strcmp(step, "quit") == 0 && i + 1 < prog - 1) {
			size_t n = unescape(argv[++i], k1);
			quit(&d, k1, n);
			quitted = true;
		} else {
			fprintf(stderr, "ptydrive: bad step '%s'\n", step);
			usage();
		}
		d.expect = NULL;
	}
	if (!quitted)
		quit(&d, "q", 1);
	if (!d.exited)
		reap(&d, true);
	if (WIFEXITED(d.status) && WEXITSTATUS(d.status) != 0)
		fprintf(stderr, "ptydrive: %s exited with status %d\n", argv[prog],
		        WEXITSTATUS(d.status));
	report(&d);
	if (d.raw)
		fclose(d.raw);
	if (d.log)
		fclose(d.log);
	free(k1);
	free(k2);
	for (i = 0; i < (int)d.nser; i++)
		free(d.ser[i].v);
	free(d.ser);
	return d.exited && WIFEXITED(d.status) && WEXITSTATUS(d.status) == 0 ? 0 : 1;
}
