/*
 * fuzz_input.c - fuzz target for every parser of what a clerk types: dates and
 * money (src/core/format.c), NIK, NIB, NPWP, KBLI and phone numbers
 * (src/model/validate.c), and registry_parse for every field of the UMKM and
 * koperasi forms (src/model/registry.c). The first byte of an input picks the
 * parser ('d' date, 'm' money, 'n' NIK, 'b' NIB, 'w' NPWP, 'k' KBLI, 'p' phone,
 * 'r' registry: the second byte picks the field), the rest (to the first NUL) is
 * the text typed. Contracts: never crash or leak; a refusal is one non-empty
 * line; what is accepted is well-formed (UTF-8 in, UTF-8 out) (digits of the right length, "+62..."),
 * and a money amount or date formatted and parsed again is the same value.
 *
 * In `make check`: tests/cli/fuzz_parsers.sh; longer by hand as fuzz_csv.c says.
 */
#include "core/csv.h"
#include "core/format.h"
#include "core/util.h"
#include "model/registry.h"
#include "model/validate.h"

#include <ctype.h>
#include <stdlib.h>

#define FUZZ_NAME "input"
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void refused(const struct err *e)
{
	if (!e->msg[0] || strchr(e->msg, '\n'))
		abort();
}

static void digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		abort();
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			abort();
}

static struct store *mem_store(void)
{
	static struct store *st;
	static bool tried;
	if (!tried) {
		tried = true;
		struct err e;
		err_clear(&e);
		st = store_open(":memory:", STORE_CREATE, &e); /* kept to the end */
	}
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char sel = (char)data[0];
	size_t skip = sel == 'r' ? 2 : 1;
	if (size < skip)
		return 0;
	char *in = xmalloc(size - skip + 1);
	memcpy(in, data + skip, size - skip);
	in[size - skip] = '\0';
	struct err e;
	err_clear(&e);
	char out[32];
	switch (sel) {
	case 'd': {
		struct date d;
		if (date_parse(in, &d, &e)) {
			if (!date_valid(d.year, d.month, d.day))
				abort();
			char buf[32];
			struct date again;
			if (!date_parse(date_format(&d, buf, sizeof(buf)), &again, NULL) ||
			    date_cmp(&d, &again) != 0)
				abort();
		} else {
			refused(&e);
		}
		break;
	}
	case 'm': {
		int64_t v;
		if (money_parse(in, &v, &e)) {
			char buf[64];
			int64_t again;
			if (v < 0 || !money_parse(money_format(v, buf, sizeof(buf)), &again, NULL) ||
			    again != v)
				abort();
		} else {
			refused(&e);
		}
		break;
	}
	case 'n':
		if (nik_check(in, out, NULL, &e))
			digits(out, 16);
		else
			refused(&e);
		break;
	case 'b':
		if (nib_check(in, out, &e))
			digits(out, 13);
		else
			refused(&e);
		break;
	case 'w':
		if (npwp_check(in, out, &e)) {
			if (strlen(out) != 15)
				digits(out, 16);
			else
				digits(out, 15);
		} else {
			refused(&e);
		}
		break;
	case 'k':
		if (kbli_check(in, out, &e))
			digits(out, 5);
		else
			refused(&e);
		break;
	case 'p':
		if (phone_check(in, out, &e)) {
			if (!str_starts_with(out, "+62"))
				abort();
			digits(out + 3, strlen(out + 3));
		} else {
			refused(&e);
		}
		break;
	case 'r': {
		struct store *st = mem_store();
		if (!st)
			abort();
		const struct entity_meta *m = data[1] & 0x80 ? &meta_koperasi : &meta_umkm;
		const struct field_meta *f = &m->fields[(data[1] & 0x7f) % m->nfields];
		struct record rec;
		registry_new(st, m, &rec);
		char *val = NULL;
		if (registry_parse(st, &rec, f, in, &val, &e)) {
			/* Typed text is UTF-8 (the line editor, the CSV reader): so is the value. */
			if (val && utf8_valid(in, strlen(in)) && !utf8_valid(val, strlen(val)))
				abort();
		} else {
			refused(&e);
		}
		free(val);
		record_release(&rec);
		break;
	}
	default:
		break;
	}
	free(in);
	return 0;
}

#include "driver.h"
