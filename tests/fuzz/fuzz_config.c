/*
 * fuzz_config.c - fuzz target for the settings reader (src/core/config.c, libyaml
 * underneath): whatever the YAML text, loading must not crash or leak; a refusal
 * is one line starting with the file name ("fuzz.yaml:LINE:COL: ..." or
 * "fuzz.yaml: ..."); a config that loads answers every key it lists.
 *
 * In `make check`: tests/cli/fuzz_parsers.sh. Longer, by hand (libFuzzer):
 *   clang -std=c11 -D_GNU_SOURCE -DBANTU_LIBFUZZER -g -O1 -fsanitize=fuzzer,address,undefined \
 *       -Isrc tests/fuzz/fuzz_config.c build/libbantu.a -lyaml -lsqlite3 -lsodium -lm \
 *       -o build/fuzz_config_lf   (with a libbantu.a built by clang, for coverage)
 *   build/fuzz_config_lf -max_total_time=3600 tests/fuzz/corpus/config
 */
#include "core/config.h"
#include "core/util.h"

#include <stdlib.h>

#define FUZZ_NAME "config"
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void visit(const char *key, const char *value, const char *origin, void *arg)
{
	const struct config *cfg = arg;
	if (!key || !origin)
		abort();
	(void)value;
	(void)config_str(cfg, key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct err e;
	err_clear(&e);
	struct config *cfg = config_load_text(text, size, "fuzz.yaml", &e);
	if (!cfg) {
		if (!str_starts_with(e.msg, "fuzz.yaml") || strchr(e.msg, '\n'))
			abort();
	} else {
		config_each(cfg, visit, cfg);
		(void)config_str(cfg, "language");
		(void)config_int(cfg, "ui.page_size");
		config_free(cfg);
	}
	free(text);
	return 0;
}

#include "driver.h"
