/* Helper threads (the YAML parser's, the second half of --dump, the
 * annotation store's background emitting and hashing): started
 * so that signals keep going where glosa's handlers expect them. */
#ifndef GLOSA_THREAD_H
#define GLOSA_THREAD_H

#include <pthread.h>
#include <stdbool.h>

/* pthread_create(t, NULL, fn, arg), with every asynchronous signal
 * blocked in the new thread: SIGWINCH, SIGTERM, SIGINT... are handled on
 * the threads that were there (the UI's main loop). Crash signals (SIGSEGV,
 * SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS) stay open: a blocked
 * one would kill the process without the handler that restores the
 * terminal. false when no thread starts. */
bool thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
