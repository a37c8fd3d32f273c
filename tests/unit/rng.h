/* The unit tests' random cases: a small linear congruential generator
 * (its top bits), so that every run on every machine makes the same
 * cases. A test may define TEST_RNG_SEED before including this. */
#ifndef GLOSA_TEST_RNG_H
#define GLOSA_TEST_RNG_H

#ifndef TEST_RNG_SEED
#define TEST_RNG_SEED 12345
#endif

static unsigned long test_rng_state = TEST_RNG_SEED;

/* A number in [0, n). */
__attribute__((unused)) static unsigned rnd(unsigned n)
{
	test_rng_state = test_rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)((test_rng_state >> 33) % n);
}

#endif
