/* libFuzzer target: config.yaml (config_load reads a path, so the input
 * goes through a temporary file). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <stddef.h>
#include <stdint.h>

#include "glosa/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static void remove_file(void)
{
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	FILE *f;

	if (!path[0]) {
		snprintf(path, sizeof path, "/tmp/glosa-fuzz-config-%ld.yaml", (long)getpid());
		atexit(remove_file);
	}
	f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	config_load(&cfg, path);
	if (!memchr(cfg.problems, '\0', sizeof cfg.problems))
		abort();
	config_release(&cfg);
	return 0;
}
