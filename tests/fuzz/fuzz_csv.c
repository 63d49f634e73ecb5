/*
 * fuzz_csv.c - fuzz target for the CSV reader (src/core/csv.c): whatever the
 * bytes (any delimiter, quotes, BOM, CR/LF, Windows-1252), reading must end, never
 * crash or leak, hand out only valid UTF-8 fields, give line numbers that never go
 * back, say "line N: ..." when it refuses a record; and a record read, written
 * back with csv_write_row and read again gives the same fields.
 *
 * In `make check`: tests/cli/fuzz_parsers.sh (built by tests/fuzz/build.sh, with
 * ASan+UBSan in build-san), driver in tests/fuzz/driver.h. Longer, by hand:
 *   clang -std=c11 -D_GNU_SOURCE -DBANTU_LIBFUZZER -g -O1 -fsanitize=fuzzer,address,undefined \
 *       -Isrc tests/fuzz/fuzz_csv.c src/core/csv.c src/core/util.c -o build/fuzz_csv_lf
 *   build/fuzz_csv_lf -max_total_time=3600 tests/fuzz/corpus/csv
 * A crash found becomes a file of tests/fuzz/corpus/csv/ (a regression test).
 */
#include "core/csv.h"
#include "core/util.h"

#include <stdlib.h>

#define FUZZ_NAME "csv"
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(struct csv_row *row, char delim)
{
	/* Rows of one empty field are blank lines (skipped): check rows of 2+. The
	 * delimiter is detected from the first record: write a header that has it. */
	if (row->nfields < 2)
		return;
	struct strbuf out = STRBUF_INIT;
	strbuf_addf(&out, "a%cb\n", delim);
	csv_write_row(&out, (const char *const *)row->fields, row->nfields, delim);
	char **copy = xcalloc(row->nfields, sizeof(*copy));
	for (size_t i = 0; i < row->nfields; i++)
		copy[i] = xstrdup(row->fields[i]);
	size_t n = row->nfields;
	struct csv_reader *r = csv_open_mem(out.buf ? out.buf : "", out.len);
	struct csv_row again;
	struct err e;
	err_clear(&e);
	int rc = csv_next(r, &again, &e) == 1 ? csv_next(r, &again, &e) : -1;
	if (rc != 1 || again.nfields != n)
		abort();
	for (size_t i = 0; i < n; i++)
		if (!str_eq(again.fields[i], copy[i]))
			abort();
	csv_close(r);
	for (size_t i = 0; i < n; i++)
		free(copy[i]);
	free(copy);
	strbuf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_reader *r = csv_open_mem((const char *)data, size);
	struct csv_row row;
	size_t last_line = 0;
	for (int guard = 0; guard < 100000; guard++) {
		struct err e;
		err_clear(&e);
		int rc = csv_next(r, &row, &e);
		if (rc == 0)
			break;
		if (rc < 0) {
			if (!str_starts_with(e.msg, "line ") || strchr(e.msg, '\n'))
				abort();
			continue;
		}
		if (rc != 1 || row.line < 1 || row.line < last_line)
			abort();
		last_line = row.line;
		for (size_t i = 0; i < row.nfields; i++)
			if (!row.fields[i] || !utf8_valid(row.fields[i], strlen(row.fields[i])))
				abort();
		char delim = csv_delimiter(r);
		if (delim != ',' && delim != ';')
			abort();
		/* row's fields are the reader's: copy before reading another. */
		if (row.nfields < 2)
			continue;
		struct csv_row copy = row;
		roundtrip(&copy, delim);
		if (guard == 99999)
			abort(); /* reading never ended */
	}
	csv_close(r);
	return 0;
}

#include "driver.h"
