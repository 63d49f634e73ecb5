/*
 * rights.c - the table of who may run which command or screen action (see
 * rights.h).
 */
#include "model/rights.h"


static const struct right table[R_COUNT] = {
#define RIGHT_ROW(id, kind, cmd, sub, action, pin) { id, kind, cmd, sub, action, pin },
	RIGHTS_TABLE(RIGHT_ROW)
#undef RIGHT_ROW
};

const struct right *rights_get(enum right_id id)
{
	return id < R_COUNT ? &table[id] : NULL;
}

/* Whether arg is the option opt ("--nominatif" or "--nominatif=..."). */
static bool is_option(const char *arg, const char *opt)
{
	size_t n = strlen(opt);
	return strncmp(arg, opt, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

const struct right *rights_for_argv(int argc, char **argv)
{
	if (argc < 1)
		return NULL;
	const struct right *whole = NULL;
	for (size_t i = 0; i < R_COUNT; i++) {
		const struct right *r = &table[i];
		if (r->kind == RIGHT_SCREEN || !str_eq(r->command, argv[0]))
			continue;
		if (!r->sub) {
			if (!whole)
				whole = r;
			continue;
		}
		if (r->sub[0] == '-') {
			for (int k = 1; k < argc; k++) {
				if (str_eq(argv[k], "--"))
					break;
				if (is_option(argv[k], r->sub))
					return r;
			}
		} else if (argc > 1 && str_eq(argv[1], r->sub)) {
			return r;
		}
	}
	return whole;
}

bool rights_role_allows(const struct right *rt, enum auth_role role)
{
	return rt->kind == RIGHT_NO_DB || auth_role_allows(role, rt->action);
}

bool rights_require(struct store *st, const char *officer, enum right_id id, struct err *e)
{
	const struct right *rt = rights_get(id);
	return !rt || rt->kind == RIGHT_NO_DB || auth_require(st, officer, rt->action, e);
}

bool rights_may(struct store *st, const char *officer, enum right_id id)
{
	return rights_require(st, officer, id, NULL);
}

/* The row's name: "bundle export", "export-csv --nominatif", "screen: Laporan". */
static void row_name(const struct right *r, char *buf, size_t size)
{
	if (r->kind == RIGHT_SCREEN)
		snprintf(buf, size, "screen: %s", r->sub);
	else
		snprintf(buf, size, "%s%s%s", r->command, r->sub ? " " : "", r->sub ? r->sub : "");
}

static void roff_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '-' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
}

void rights_print(FILE *f, bool roff)
{
	if (roff) {
		fputs(".\\\" Generated from src/model/rights.h by bantu help roles --man"
		      " (make man); do not edit.\n.PP\n.nf\n", f);
	}
	char line[160];
	snprintf(line, sizeof(line), "%-24s %-8s %-8s %-8s %-8s %s", "COMMAND OR ACTION",
		 "operator", "petugas", "pimpinan", "admin", "CLI");
	if (roff)
		roff_text(f, line);
	else
		fputs(line, f);
	fputc('\n', f);
	for (size_t i = 0; i < R_COUNT; i++) {
		const struct right *r = &table[i];
		char name[96];
		row_name(r, name, sizeof(name));
		int n = snprintf(line, sizeof(line), "%-24s", name);
		for (int role = 0; role < ROLE_COUNT && n > 0 && (size_t)n < sizeof(line); role++)
			n += snprintf(line + n, sizeof(line) - (size_t)n, " %-8s",
				      rights_role_allows(r, (enum auth_role)role) ? "yes" : "no");
		if (n > 0 && (size_t)n < sizeof(line))
			snprintf(line + n, sizeof(line) - (size_t)n, " %s",
				 r->kind == RIGHT_NO_DB ? "-" : r->kind == RIGHT_SCREEN ? "login"
				 : r->pin ? "pin" : "name");
		if (roff)
			roff_text(f, line);
		else
			fputs(line, f);
		fputc('\n', f);
	}
	if (roff)
		fputs(".fi\n", f);
}
