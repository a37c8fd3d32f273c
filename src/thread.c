#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>

#include "glosa/thread.h"

bool thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	static const int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS };
	sigset_t mask, old;
	unsigned i;
	int rc;

	/* A new thread inherits the mask of the thread that creates it. */
	sigfillset(&mask);
	for (i = 0; i < sizeof crash / sizeof *crash; i++)
		sigdelset(&mask, crash[i]);
	pthread_sigmask(SIG_SETMASK, &mask, &old);
	rc = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc == 0;
}
