/*
 * cli.c - the command line. Global options (--db, --config, --lang, --officer)
 * come before the command, as with git. Errors go to stderr as one line saying
 * what and where; exit status 0 success, 1 failure, 2 usage or configuration.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "core/csv.h"
#include "core/format.h"
#include "core/i18n.h"
#include "core/outfile.h"
#include "core/safetext.h"
#include "core/util.h"
#include "model/auth.h"
#include "model/csvio.h"
#include "model/demo.h"
#include "model/duplicates.h"
#include "model/invariants.h"
#include "model/program.h"
#include "model/prog4.h"
#include "model/region.h"
#include "model/registry.h"
#include "model/rights.h"
#include "store/account.h"
#include "report/report.h"
#include "store/conflict.h"
#include "store/region.h"
#include "sync/backup.h"
#include "sync/bundle.h"
#include "sync/clockwarn.h"
#include "cli/settings_cmd.h"
#include "model/shared_settings.h"
#include "tui/tui.h"

#define EXIT_USAGE 2

struct command {
	const char *name;
	int (*run)(struct app *app, int argc, char **argv);
	bool needs_db;            /* opens an existing, initialised database */
	const char *usage;        /* English msgid */
};

static void fail(const char *fmt, ...) PRINTF_LIKE(1, 2);
static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct strbuf msg = STRBUF_INIT, shown = STRBUF_INIT;
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	strbuf_add_safe(&shown, msg.buf); /* it may quote stored text */
	fprintf(stderr, "bantu: %s\n", strbuf_str(&shown));
	strbuf_release(&msg);
	strbuf_release(&shown);
}

/* Commands parse their options with opterr = 0: a bad one gets this one line. */
static int usage_error(const char *cmd, const char *usage)
{
	fail(_("usage: bantu %s %s"), cmd, *usage ? _(usage) : "");
	return EXIT_USAGE;
}


/* Before a command makes local edits: a wrong date makes wrong clocks. */
static void when_text(int64_t ms, char *buf, size_t size)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(buf, size, "%d/%m/%Y %H:%M", &tm))
		snprintf(buf, size, "?");
}

static void warn_clock(struct app *app)
{
	int64_t now, prov;
	char a[32], b[32];
	switch (sync_clock_check(app->st, &now, &prov)) {
	case CLOCK_PROVINCE:
		when_text(now, a, sizeof(a));
		when_text(prov, b, sizeof(b));
		fprintf(stderr, "bantu: ");
		fprintf(stderr, _("warning: this computer's clock (%s) disagrees with the province's"
				  " (%s, signed in its last bundle); set the date"), a, b);
		fprintf(stderr, "\n");
		break;
	case CLOCK_BEHIND:
		fprintf(stderr, "bantu: %s\n",
			_("warning: this computer's clock is behind changes already recorded; set the date"));
		break;
	case CLOCK_AHEAD:
		fprintf(stderr, "bantu: %s\n",
			_("warning: this computer's clock is more than a year ahead of every change"
			  " recorded; check the date"));
		break;
	case CLOCK_OK:
		break;
	}
}

/* ---- PINs ---- */

/* Reads one line from f without its newline; NULL at end of file. */
static char *read_line(FILE *f)
{
	char buf[256];
	if (!fgets(buf, sizeof(buf), f))
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	char *s = xstrdup(buf);
	sodium_memzero(buf, sizeof(buf));
	return s;
}

/*
 * A PIN for username: from the terminal without echo, asked twice; or, when
 * standard input is not a terminal, its first line. NULL with a message.
 */
static char *read_pin(const char *username)
{
	if (!isatty(STDIN_FILENO)) {
		char *pin = read_line(stdin);
		if (!pin)
			fail(_("no PIN for '%s' on standard input"), username);
		return pin;
	}
	struct termios old, quiet;
	bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
	char *pin = NULL, *again = NULL;
	for (int round = 0; round < 2; round++) {
		fprintf(stderr, round == 0 ? _("New PIN for %s: ") : _("The PIN again: "), username);
		fflush(stderr);
		if (tty) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		}
		char *s = read_line(stdin);
		if (tty)
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
		if (round == 0)
			pin = s;
		else
			again = s;
		if (!s)
			break;
	}
	if (!pin || !again || !str_eq(pin, again)) {
		fail("%s", _("the two PINs differ; nothing was changed"));
		if (pin)
			sodium_memzero(pin, strlen(pin));
		free(pin);
		pin = NULL;
	}
	if (again) {
		sodium_memzero(again, strlen(again));
		free(again);
	}
	return pin;
}

static void free_pin(char *pin)
{
	if (pin) {
		sodium_memzero(pin, strlen(pin));
		free(pin);
	}
}

/* The open database's files, which no output option may write over. */
static void protect_db_files(const char *db)
{
	static const char *const what[][2] = {
		{ "", N_("the open database") },
		{ "-wal", N_("the open database's write-ahead log") },
		{ "-shm", N_("the open database's shared memory") },
		{ "-journal", N_("the open database's journal") },
		{ ".keys", N_("the office's secret keys") },
	};
	/* SQLite names the -wal and -shm after the file a symbolic link leads to. */
	char *real = realpath(db, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(what); i++) {
		char *p = xasprintf("%s%s", db, what[i][0]);
		outfile_protect(p, _(what[i][1]));
		free(p);
		if (real && !str_eq(real, db)) {
			p = xasprintf("%s%s", real, what[i][0]);
			outfile_protect(p, _(what[i][1]));
			free(p);
		}
	}
	free(real);
}

/* ---- rights: the table of model/rights.h, and the officer's PIN ---- */

static const char *pin_file;      /* --pin-file: FILE, or "-" for standard input */

/* The officer's PIN: from --pin-file, else asked at the terminal without echo.
 * NULL with a message when there is none. */
static char *officer_pin(const char *officer, const char *what)
{
	if (pin_file) {
		FILE *f = str_eq(pin_file, "-") ? stdin : fopen(pin_file, "r");
		if (!f) {
			fail("--pin-file %s: %s", pin_file, strerror(errno));
			return NULL;
		}
		char *pin = read_line(f);
		if (f != stdin)
			fclose(f);
		if (!pin)
			fail(_("--pin-file %s: no PIN in it (one line)"), pin_file);
		return pin;
	}
	if (!isatty(STDIN_FILENO)) {
		fail(_("'%s' changes data: it needs the PIN of officer '%s'; type it at a terminal,"
		       " or give --pin-file FILE (- for standard input)"), what, officer);
		return NULL;
	}
	struct termios old, quiet;
	bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
	fprintf(stderr, _("PIN of %s: "), officer);
	fflush(stderr);
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *pin = read_line(stdin);
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	if (!pin)
		fail(_("no PIN for '%s'"), officer);
	return pin;
}

/*
 * Whether the officer may run the command line argv (argv[0] the command) on st:
 * its row in the rights table, the officer's role, and the PIN when the row asks
 * one (a wrong PIN counts toward the lock, as at the screens' login). Always true
 * on a database without accounts. False with the message printed.
 */
static bool authorize(struct app *app, struct store *st, int argc, char **argv)
{
	const struct right *rt = rights_for_argv(argc, argv);
	struct err e = { 0 };
	if (!rt) {
		fail("%s: no row in the table of rights (src/model/rights.h)", argv[0]);
		return false;
	}
	if (!auth_accounts_exist(st) || rt->kind == RIGHT_NO_DB)
		return true;
	if (!rights_require(st, app->officer, rt->id, &e)) {
		fail("%s", e.msg);
		return false;
	}
	if (!rt->pin)
		return true;
	char *pin = officer_pin(app->officer, argv[0]);
	if (!pin)
		return false;
	int delay_ms = 0;
	enum auth_login rc = auth_login(st, app->officer, pin, &delay_ms, &e);
	free_pin(pin);
	if (rc != LOGIN_OK) {
		fail(_("%s; nothing was done"), e.msg);
		return false;
	}
	return true;
}

/* bantu help [roles [--man]]: the summary of commands, or the table of rights. */
static void print_help(FILE *f);
static int cmd_help(struct app *app, int argc, char **argv)
{
	(void)app;
	if (argc == 1) {
		print_help(stdout);
		return 0;
	}
	if (str_eq(argv[1], "roles") && (argc == 2 || (argc == 3 && str_eq(argv[2], "--man")))) {
		rights_print(stdout, argc == 3);
		return 0;
	}
	return usage_error("help", "[roles [--man]]");
}

/* ---- init ---- */

/* The database's folder, as for the default path under $XDG_DATA_HOME. */
static void make_db_dir(const char *db_path)
{
	char *dir = xstrdup(db_path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1; *p; p++)
			if (*p == '/') {
				*p = '\0';
				mkdir(dir, 0700);
				*p = '/';
			}
		mkdir(dir, 0700);
	}
	free(dir);
}

static int cmd_init(struct app *app, int argc, char **argv)
{
	static const char usage[] = "--office CODE [--name NAME] [--province-key FILE] [--admin USERNAME]";
	static const struct option opts[] = {
		{ "office", required_argument, NULL, 'f' },
		{ "name", required_argument, NULL, 'n' },
		{ "province-key", required_argument, NULL, 'p' },
		{ "admin", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 },
	};
	const char *office = NULL, *name = NULL, *province_key = NULL, *admin = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f')
			office = optarg;
		else if (c == 'n')
			name = optarg;
		else if (c == 'p')
			province_key = optarg;
		else if (c == 'a')
			admin = optarg;
		else
			return usage_error("init", usage);
	}
	if (optind < argc)
		return usage_error("init", _(usage));
	if (!office)
		office = config_str(app->cfg, "office.code");
	int level = region_code_level(office);
	if (level != REGION_PROVINSI && level != REGION_KABKOTA) {
		fail(_("office code '%s' must be a province (18) or a kabupaten/kota (18.71)"),
		     office ? office : "");
		return EXIT_USAGE;
	}
	char province[3] = { office[0], office[1], '\0' };
	struct err e = { 0 };
	if (name && !name_check(_("office name"), name, &e)) {
		fail("--name: %s", e.msg);
		return EXIT_USAGE;
	}
	/* The admin's PIN before anything is written: a refused PIN makes nothing. */
	char *admin_pin = NULL;
	if (admin) {
		if (!auth_username_acceptable(admin, &e)) {
			fail("--admin: %s", e.msg);
			return EXIT_USAGE;
		}
		admin_pin = read_pin(admin);
		if (!admin_pin)
			return 1;
		if (!auth_pin_acceptable(admin_pin, &e)) {
			fail("%s", e.msg);
			free_pin(admin_pin);
			return 1;
		}
	}

	make_db_dir(app->db_path);

	bool existed = access(app->db_path, F_OK) == 0;
	struct store *st = store_open(app->db_path, STORE_CREATE, &e);
	if (!st) {
		fail("%s", e.msg);
		free_pin(admin_pin);
		return 1;
	}
	if (store_is_initialised(st)) {
		fail(_("%s: already set up for office %s"), app->db_path, store_office_code(st));
		store_close(st);
		free_pin(admin_pin);
		return 1;
	}
	long n = -1;
	char *office_name = NULL;
	if (store_begin(st, &e)) {
		n = region_load(st, province, config_str(app->cfg, "regions"), &e);
		if (n > 0 && store_region_level(st, office) != level) {
			err_set(&e, 1, _("office code %s is not a region of province %s"), office, province);
			n = -1;
		}
		if (n > 0) {
			if (name)
				office_name = xstrdup(name);
			else if (str_eq(office, config_str(app->cfg, "office.code")))
				office_name = xstrdup(config_str(app->cfg, "office.name"));
			else {
				char *rn = store_region_name(st, office);
				office_name = xasprintf(_("Cooperatives & SME Office of %s"), rn ? rn : office);
				free(rn);
			}
		}
		if (n > 0 && store_commit(st, &e)) {
			if (!store_init_office(st, office, office_name, &e) ||
			    !sync_init_keys(st, app->db_path, province_key, &e) ||
			    (admin && !auth_account_add(st, NULL, admin, admin, "admin", admin_pin, &e)))
				n = -1;
		} else {
			store_rollback(st);
			n = -1;
		}
	}
	if (n < 0) {
		fail("%s", e.msg);
		store_close(st);
		if (!existed) {
			char *wal = xasprintf("%s-wal", app->db_path), *shm = xasprintf("%s-shm", app->db_path);
			char *keys = sync_key_path(app->db_path);
			remove(app->db_path);
			remove(wal);
			remove(shm);
			remove(keys);
			free(wal);
			free(shm);
			free(keys);
		}
		free(office_name);
		free_pin(admin_pin);
		return e.code == EXIT_USAGE ? EXIT_USAGE : 1;
	}
	printf(_("%s: set up for office %s (%s), %ld regions loaded\n"), app->db_path, office,
	       office_name, n);
	if (admin)
		printf(_("account '%s' (admin) made; the screens now start with a login\n"), admin);
	free_pin(admin_pin);
	free(office_name);
	store_close(st);
	return 0;
}

/* ---- check ---- */

static void print_problem(const char *msg, void *arg)
{
	(void)arg;
	struct safe_pool sp = { 0 };
	fprintf(stderr, "bantu check: %s\n", str_safe(&sp, msg));
	safe_pool_release(&sp);
}

/* Warns when a file holding personal data or keys is open to other users. */
static void warn_exposed(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0 || !(sb.st_mode & 077))
		return;
	fprintf(stderr, "bantu check: ");
	fprintf(stderr, _("warning: %s can be read by other users (mode %03o); run: chmod 600 %s"),
		path, (unsigned)(sb.st_mode & 0777), path);
	fputc('\n', stderr);
}

static void check_permissions(struct app *app)
{
	static const char *const suffix[] = { "", "-wal", "-shm", NULL };
	for (size_t i = 0; suffix[i]; i++) {
		char *p = xasprintf("%s%s", app->db_path, suffix[i]);
		warn_exposed(p);
		free(p);
	}
	char *keys = sync_key_path(app->db_path);
	warn_exposed(keys);
	free(keys);
}

static void check_cycle(const struct conflict *c, void *arg)
{
	if (!c->merge_cycle)
		return;
	struct strbuf names = STRBUF_INIT;
	for (size_t i = 0; i < c->nsides; i++) {
		struct rid m = c->record;
		struct record rec;
		if (c->sides[i].value)
			rid_from_hex(c->sides[i].value, &m);
		const char *reg = NULL;
		if (store_get(arg, c->ent, &m, &rec, NULL)) {
			reg = record_get(&rec, FIELD_REG_NO);
			strbuf_addf(&names, "%s%s", i ? " -> " : "", reg ? reg : "?");
			record_release(&rec);
		}
	}
	struct safe_pool sp = { 0 };
	fprintf(stderr, _("bantu check: note: %s records merged into each other (%s -> ...);"
			  " the first is shown; review with 'bantu conflicts'\n"),
		c->ent->name, str_safe(&sp, strbuf_str(&names)));
	safe_pool_release(&sp);
	strbuf_release(&names);
}

static void count_rule_conflict(const struct rule_conflict *c, void *arg)
{
	(void)c;
	(void)arg;
}

static int cmd_check(struct app *app, int argc, char **argv)
{
	bool repair = argc == 2 && str_eq(argv[1], "--repair");
	if (argc > 2 || (argc == 2 && !repair))
		return usage_error("check", "[--repair]");
	struct err e = { 0 };
	if (repair) {
		/* The database was opened read-only for the check (cli_main). */
		store_close(app->st);
		app->st = store_open(app->db_path, 0, &e);
		if (!app->st || !store_repair(app->st, &e)) {
			fail(_("check --repair: %s; nothing was changed"), e.msg);
			return 1;
		}
		printf(_("%s: the tables and search indexes were rebuilt from the op log\n"),
		       app->db_path);
	}
	int problems = store_check(app->st, print_problem, NULL, &e);
	if (problems < 0) {
		fail("%s", e.msg);
		return 1;
	}
	check_permissions(app);
	/* Merge cycles are no damage (each office merged the other way first), but
	 * a person must choose: named here, listed by `bantu conflicts`. */
	store_conflicts(app->st, NULL, NULL, check_cycle, app->st, NULL);
	/* Rule conflicts are for a person to settle, not damage: counted, not failed. */
	int rules = invariants_each(app->st, count_rule_conflict, NULL, &e);
	if (rules > 0)
		fprintf(stderr, ngettext("bantu check: %d rule conflict open (bantu conflicts lists it)\n",
					 "bantu check: %d rule conflicts open (bantu conflicts lists them)\n",
					 (unsigned long)rules), rules);
	int refused = store_refused_each(app->st, NULL, NULL, &e);
	if (refused > 0) /* data for a person, not damage: counted, not failed */
		fprintf(stderr, ngettext("bantu check: %d change refused by the program rules"
					 " (see 'bantu conflicts')\n",
					 "bantu check: %d changes refused by the program rules"
					 " (see 'bantu conflicts')\n", (unsigned long)refused), refused);
	if (store_clock_behind(app->st))
		fprintf(stderr, "bantu check: %s\n",
			_("warning: this computer's clock is behind changes already recorded; set the date"));
	if (problems > 0) {
		fprintf(stderr, ngettext("bantu check: %d problem found\n",
					 "bantu check: %d problems found\n", (unsigned long)problems),
			problems);
		return 1;
	}
	printf(_("%s: ok (%lld UMKM, %lld cooperatives, %lld ops)\n"), app->db_path,
	       (long long)store_count(app->st, &entity_umkm),
	       (long long)store_count(app->st, &entity_koperasi),
	       (long long)store_op_count(app->st));
	return 0;
}

/* ---- import-csv / export-csv ---- */

static void print_line(const char *line, void *arg)
{
	(void)arg;
	struct safe_pool sp = { 0 };
	fprintf(stderr, "%s\n", str_safe(&sp, line));
	safe_pool_release(&sp);
}

static const struct entity_meta *entity_arg(const char *cmd, const char *name)
{
	const struct entity_meta *m = registry_meta(name);
	if (!m) {
		struct strbuf known = STRBUF_INIT;
		for (size_t i = 0; meta_all[i]; i++)
			strbuf_addf(&known, "%s%s", i ? ", " : "",
				    meta_all[i]->csv_name ? meta_all[i]->csv_name : meta_all[i]->ent->name);
		fail(_("%s: unknown entity '%s' (one of: %s)"), cmd, name, known.buf);
		strbuf_release(&known);
	}
	return m;
}

/* Every export variant's flag, as a long option whose value is 1000 + its
 * index in the list `variants` (filled alongside). */
#define MAX_VARIANTS 32
static size_t variant_options(struct option *opts, size_t at,
			      const struct export_variant **variants)
{
	size_t n = 0;
	for (size_t i = 0; meta_all[i]; i++)
		for (size_t k = 0; meta_all[i]->exports && meta_all[i]->exports[k].flag; k++) {
			const struct export_variant *v = &meta_all[i]->exports[k];
			bool seen = false;
			for (size_t j = 0; j < n; j++)
				seen |= str_eq(variants[j]->flag, v->flag);
			if (seen || n >= MAX_VARIANTS)
				continue;
			variants[n] = v;
			opts[at + n] = (struct option){ v->flag + 2, v->arg_name ? required_argument
							: no_argument, NULL, 1000 + (int)n };
			n++;
		}
	opts[at + n] = (struct option){ NULL, 0, NULL, 0 };
	return n;
}

static int cmd_import(struct app *app, int argc, char **argv)
{
	static const char usage[] = "ENTITY FILE [--dry-run] [--rejects OUT.csv]";
	static const struct option opts[] = {
		{ "dry-run", no_argument, NULL, 'd' },
		{ "rejects", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_options o = { .officer = app->officer };
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'd')
			o.dry_run = true;
		else if (c == 'r')
			o.rejects_path = optarg;
		else
			return usage_error("import-csv", usage);
	}
	if (argc - optind != 2)
		return usage_error("import-csv", usage);
	const struct entity_meta *m = entity_arg("import-csv", argv[optind]);
	if (!m)
		return EXIT_USAGE;
	const char *path = argv[optind + 1];
	warn_clock(app);
	struct import_summary s;
	struct err e = { 0 };
	if (!csv_import(app->st, m, path, &o, &s, print_line, NULL, &e)) {
		fail(_("%s; nothing was imported"), e.msg);
		return 1;
	}
	if (!str_eq(s.encoding, "UTF-8"))
		printf(_("%s: not UTF-8; read as %s\n"), path, s.encoding);
	printf(_("%s: %ld rows: %ld added, %ld updated, %ld unchanged, %ld rejected%s\n"), path,
	       s.rows, s.added, s.updated, s.unchanged, s.rejected,
	       o.dry_run ? _(" (dry run: nothing saved)") : "");
	if (s.rejected && o.rejects_path)
		printf(_("rejected rows written to %s\n"), o.rejects_path);
	return s.rejected ? 1 : 0;
}

static int cmd_export(struct app *app, int argc, char **argv)
{
	static const char usage[] = "ENTITY [--VARIANT [VALUE]] [-o FILE]";
	struct option opts[MAX_VARIANTS + 2] = {
		{ "output", required_argument, NULL, 'o' },
	};
	const struct export_variant *variants[MAX_VARIANTS];
	variant_options(opts, 1, variants);
	const char *out = NULL;
	const struct export_variant *variant = NULL;
	const char *variant_arg = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'o') {
			out = optarg;
		} else if (c >= 1000 && !variant) {
			variant = variants[c - 1000];
			variant_arg = optarg;
		} else {
			return usage_error("export-csv", usage);
		}
	}
	if (argc - optind != 1)
		return usage_error("export-csv", usage);
	const struct entity_meta *m = entity_arg("export-csv", argv[optind]);
	if (!m)
		return EXIT_USAGE;
	if (variant) {
		/* The flag must be one of this entity's own. */
		const struct export_variant *own = NULL;
		for (size_t k = 0; m->exports && m->exports[k].flag; k++)
			if (str_eq(m->exports[k].flag, variant->flag))
				own = &m->exports[k];
		if (!own) {
			fail(_("export-csv: %s has no %s"), argv[optind], variant->flag);
			return EXIT_USAGE;
		}
		variant = own;
	}
	struct err e = { 0 };
	struct outfile of;
	if (!outfile_open(&of, out ? out : "-", OUTFILE_STDOUT, &e)) {
		fail("%s", e.msg);
		return e.code == 2 ? EXIT_USAGE : 1;
	}
	long n = 0;
	bool ok = variant ? variant->run(app->st, m, variant_arg, of.f, &n, &e)
			  : csv_export(app->st, m, of.f, &n, &e);
	if (out && outfile_is_stdout(&of))
		out = NULL;
	if (ok)
		ok = outfile_commit(&of, &e);
	else
		outfile_abort(&of);
	if (!ok) {
		fail("%s", e.msg);
		return 1;
	}
	if (out)
		fprintf(stderr, ngettext("%s: %ld record written\n", "%s: %ld records written\n",
					 (unsigned long)n), out, n);
	return 0;
}

/* ---- summary ---- */

static int cmd_summary(struct app *app, int argc, char **argv)
{
	static const char usage[] = "PROGRAM [--kabupaten CODE|NAME] [--format text|csv]";
	static const struct option opts[] = {
		{ "kabupaten", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kab = NULL, *format = "text";
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'k')
			kab = optarg;
		else if (c == 'f')
			format = optarg;
		else
			return usage_error("summary", usage);
	}
	if (!str_eq(format, "text") && !str_eq(format, "csv")) {
		fail(_("summary: --format %s: not a format here; text or csv"), format);
		return EXIT_USAGE;
	}
	if (argc - optind != 1)
		return usage_error("summary", usage);
	const struct program *p = program_find(argv[optind]);
	if (!p || !p->summary) {
		struct strbuf known = STRBUF_INIT;
		for (size_t i = 0; program_all[i]; i++)
			strbuf_addf(&known, "%s%s", i ? ", " : "", program_all[i]->name);
		fail(_("summary: unknown program '%s' (one of: %s)"), argv[optind], known.buf);
		strbuf_release(&known);
		return EXIT_USAGE;
	}
	struct err e = { 0 };
	char code[REGION_CODE_MAX];
	if (kab && !region_resolve(app->st, REGION_KABKOTA, NULL, kab, code, &e)) {
		fail("%s", e.msg);
		return EXIT_USAGE;
	}
	struct summary_filter f = { .kabupaten = kab ? code : NULL };
	struct tables ts = { 0 };
	bool ok = p->summary(app->st, &f, &ts, &e);
	if (ok && str_eq(format, "csv"))
		tables_write_csv(&ts, stdout);
	else if (ok)
		tables_write_text(&ts, stdout);
	tables_release(&ts);
	if (!ok) {
		fail("%s", e.msg);
		return 1;
	}
	return 0;
}

/* ---- report ---- */

/* A date option (DD/MM/YYYY or YYYY-MM-DD) into ISO form. */
static bool date_option(const char *opt, const char *text, char iso[DATE_BUFSZ])
{
	struct date d;
	struct err e = { 0 };
	if (!date_parse(text, &d, &e)) {
		fail("%s: %s", opt, e.msg);
		return false;
	}
	date_format_iso(&d, iso, DATE_BUFSZ);
	return true;
}

static int cmd_report(struct app *app, int argc, char **argv)
{
	/* The same words as the command table's line: one translation. */
	static const char usage[] = "NAME [--dari DATE] [--sampai DATE] [--kabupaten CODE] "
				    "[--format text|csv|xlsx] [-o FILE]";
	static const struct option opts[] = {
		{ "dari", required_argument, NULL, 'f' },
		{ "sampai", required_argument, NULL, 't' },
		{ "kabupaten", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *kab = NULL, *format = "text", *out = NULL;
	char from[DATE_BUFSZ] = "", to[DATE_BUFSZ] = "";
	int c;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': if (!date_option("--dari", optarg, from)) return EXIT_USAGE; break;
		case 't': if (!date_option("--sampai", optarg, to)) return EXIT_USAGE; break;
		case 'k': kab = optarg; break;
		case 'F': format = optarg; break;
		case 'o': out = optarg; break;
		default: return usage_error("report", usage);
		}
	}
	bool xlsx = str_eq(format, "xlsx");
	if (!xlsx && !str_eq(format, "text") && !str_eq(format, "csv")) {
		fail(_("report: --format %s: not a format here; text, csv or xlsx"), format);
		return EXIT_USAGE;
	}
	if (argc - optind != 1)
		return usage_error("report", usage);
	if (*from && *to && strcmp(from, to) > 0) {
		fail(_("report: --dari %s is after --sampai %s"), from, to);
		return EXIT_USAGE;
	}
	const char *name = argv[optind];
	struct err e = { 0 };
	char code[REGION_CODE_MAX];
	if (kab && !region_resolve(app->st, REGION_KABKOTA, NULL, kab, code, &e)) {
		fail("%s", e.msg);
		return EXIT_USAGE;
	}
	struct report_params p = {
		.f = { .kabupaten = kab ? code : NULL, .from = *from ? from : NULL,
		       .to = *to ? to : NULL },
		.cfg = app->cfg,
	};
	struct tables ts = { 0 };
	if (!report_build(app->st, name, &p, &ts, &e)) {
		tables_release(&ts);
		fail("%s", e.msg);
		return e.code == 2 ? EXIT_USAGE : 1;
	}
	bool ok = true;
	char *deflt = NULL;
	if (xlsx && str_eq(out, "-")) {
		tables_release(&ts);
		fail("%s", _("report: a workbook (--format xlsx) cannot go to standard output;"
			     " name a file with -o"));
		return EXIT_USAGE;
	}
	if (xlsx) {
		if (!out) {
			struct date today = date_today();
			char iso[DATE_BUFSZ];
			out = deflt = xasprintf("laporan-%s-%s.xlsx", name,
						date_format_iso(&today, iso, sizeof(iso)));
		}
		const struct report_def *r = report_find(name);
		const struct program *prog = program_find(name);
		ok = report_write_xlsx(&ts, r ? _(r->title) : prog ? _(prog->title) : name, out, &e);
		if (ok)
			fprintf(stderr, _("%s: written\n"), out);
	} else {
		struct outfile of;
		ok = outfile_open(&of, out ? out : "-", OUTFILE_STDOUT, &e);
		if (ok) {
			if (str_eq(format, "csv"))
				tables_write_csv(&ts, of.f);
			else
				tables_write_text(&ts, of.f);
			ok = outfile_commit(&of, &e);
		}
	}
	free(deflt);
	tables_release(&ts);
	if (!ok) {
		fail("%s", e.msg);
		return 1;
	}
	return 0;
}

/* ---- demo ---- */

static void demo_progress(long done, long total, void *arg)
{
	(void)arg;
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r%ld / %ld", done, total);
}

static int cmd_demo(struct app *app, int argc, char **argv)
{
	static const char usage[] = "[--umkm N] [--koperasi N] [--seed N]";
	static const struct option opts[] = {
		{ "umkm", required_argument, NULL, 'u' },
		{ "koperasi", required_argument, NULL, 'k' },
		{ "seed", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	long n_umkm = 1683, n_kop = 80;
	unsigned long long seed = 2020;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		char *end;
		errno = 0;
		long v = (c == 'u' || c == 'k' || c == 's') ? strtol(optarg, &end, 10) : -1;
		if (c == -1 || v < 0 || errno || *end || (c != 's' && v > 10000000))
			return usage_error("demo", usage);
		if (c == 'u')
			n_umkm = v;
		else if (c == 'k')
			n_kop = v;
		else
			seed = (unsigned long long)v;
	}
	if (optind < argc)
		return usage_error("demo", usage);
	struct err e = { 0 };
	if (!demo_allowed(app->st, &e)) {
		fail("%s", e.msg);
		return 1;
	}
	warn_clock(app);
	store_bulk(app->st, true);
	long n = demo_fill(app->st, app->cfg, n_umkm, n_kop, seed, demo_progress, NULL,
			   app->officer, &e);
	store_bulk(app->st, false);
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	if (n < 0) {
		fail("%s", e.msg);
		return 1;
	}
	printf(_("%s: %ld demo records added (%ld UMKM, %ld cooperatives)\n"), app->db_path, n,
	       n_umkm, n_kop);
	return 0;
}

/* ---- backup, restore ---- */

static int cmd_backup(struct app *app, int argc, char **argv)
{
	static const char usage[] = "-o FILE";
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 'o')
			out = optarg;
		else
			return usage_error("backup", usage);
	}
	if (optind < argc || !out)
		return usage_error("backup", usage);
	struct err e = { 0 };
	struct backup_summary sum;
	bool with_keys = false;
	if (!sync_backup(app->st, app->db_path, out, &sum, &with_keys, &e)) {
		fail("%s", e.msg);
		return 1;
	}
	printf(_("%s: backup written and verified (%lld records, %lld ops)\n"), out,
	       (long long)sum.records, (long long)sum.ops);
	if (with_keys)
		printf(_("%s.keys: the office's secret keys; keep them apart from the backup\n"), out);
	else
		fprintf(stderr, "bantu: %s\n", _("warning: this database has no key file beside it;"
						  " the backup holds no keys"));
	return 0;
}

static int cmd_restore(struct app *app, int argc, char **argv)
{
	static const char usage[] = "FILE [--db PATH] [--force [--other-office]]";
	static const struct option opts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "other-office", no_argument, NULL, 'o' },
		{ "db", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	bool force = false, other_office = false;
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f')
			force = true;
		else if (c == 'd')
			app->db_path = optarg; /* also after the command, where it reads naturally */
		else if (c == 'o')
			other_office = true;
		else
			return usage_error("restore", usage);
	}
	if (optind + 1 != argc)
		return usage_error("restore", usage);
	const char *file = argv[optind];
	struct err e = { 0 };
	struct backup_summary sum;
	bool with_keys = false;
	/* A database already there: its admin restores over it (with the PIN), and
	 * a backup of another office replaces it only when asked. */
	char office[REGION_CODE_MAX] = "";
	if (force && access(app->db_path, F_OK) == 0) {
		struct store *old = store_open(app->db_path, 0, NULL);
		bool ok = true;
		if (old && store_is_initialised(old)) {
			str_copy(office, store_office_code(old), sizeof(office));
			const char *who = app->officer;
			ok = (auth_officer_ok(old, who, &e) || (fail("%s", e.msg), false)) &&
			     authorize(app, old, argc, argv);
		}
		store_close(old);
		if (!ok)
			return 1;
	}
	make_db_dir(app->db_path);
	char *replaced = NULL;
	if (!sync_restore(file, app->db_path, force, other_office || !*office ? NULL : office,
			  &replaced, &sum, &with_keys, &e)) {
		fail("%s", e.msg);
		free(replaced);
		return 1;
	}
	printf(_("%s: restored from %s (%lld records, %lld ops) with a new replica id\n"),
	       app->db_path, file, (long long)sum.records, (long long)sum.ops);
	if (replaced)
		printf(_("%s: the database replaced, kept (remove it when no longer needed)\n"),
		       replaced);
	free(replaced);
	if (!with_keys)
		fprintf(stderr, "bantu: %s\n", _("warning: no key file beside the backup; put the"
						  " office's key file beside the database before the"
						  " next bundle"));
	return 0;
}

/* ---- keys, office, bundle ---- */

static int cmd_keys(struct app *app, int argc, char **argv)
{
	static const char usage[] = "export -o FILE | fingerprint";
	struct err e = { 0 };
	if (argc == 2 && str_eq(argv[1], "fingerprint")) {
		char fp[FINGERPRINT_SIZE];
		if (!sync_fingerprint(app->st, fp, &e)) {
			fail("%s", e.msg);
			return 1;
		}
		puts(fp);
		return 0;
	}
	if (argc == 4 && str_eq(argv[1], "export") && (str_eq(argv[2], "-o") || str_eq(argv[2], "--output"))) {
		if (!sync_keys_export(app->st, argv[3], &e)) {
			fail("%s", e.msg);
			return 1;
		}
		fprintf(stderr, _("%s: public keys of office %s written\n"), argv[3],
			store_office_code(app->st));
		return 0;
	}
	return usage_error("keys", usage);
}

static void print_office(const struct office_row *o, void *arg)
{
	struct store *st = arg;
	struct office_keys k;
	memset(&k, 0, sizeof(k));
	str_copy(k.code, o->code, sizeof(k.code));
	memcpy(k.sign_pk, o->sign_pk, PK_SIZE);
	memcpy(k.box_pk, o->box_pk, PK_SIZE);
	char fp[FINGERPRINT_SIZE];
	office_fingerprint(&k, fp);
	struct safe_pool sp = { 0 };
	printf("%-8s %-9s %s  %lld\t%s\n", str_safe(&sp, o->code), str_safe(&sp, o->status), fp,
	       (long long)(str_eq(o->status, OFFICE_SELF) ? 0 : store_pending_for(st, o->code)),
	       str_safe(&sp, o->name));
	safe_pool_release(&sp);
}

static int cmd_office(struct app *app, int argc, char **argv)
{
	static const char usage[] = "list | approve CODE FINGERPRINT | revoke CODE | trust FILE";
	struct err e = { 0 };
	bool ok;
	if (argc == 2 && str_eq(argv[1], "list")) {
		store_office_each(app->st, print_office, app->st);
		return 0;
	} else if (argc == 4 && str_eq(argv[1], "approve")) {
		ok = sync_office_approve(app->st, app->db_path, argv[2], argv[3], &e);
		if (ok)
			printf(_("office %s approved; the next bundle to it carries its certificate\n"),
			       argv[2]);
	} else if (argc == 3 && str_eq(argv[1], "trust")) {
		ok = sync_trust_province(app->st, argv[2], &e);
		if (ok)
			printf(_("%s: the province's keys are trusted\n"), argv[2]);
	} else if (argc == 3 && str_eq(argv[1], "revoke")) {
		ok = sync_office_revoke(app->st, argv[2], &e);
		if (ok)
			printf(_("office %s revoked; its later bundles will be refused, and its"
				 " changes after the cut-off on every office\n"), argv[2]);
	} else {
		return usage_error("office", usage);
	}
	if (!ok)
		fail("%s", e.msg);
	return ok ? 0 : 1;
}

static int cmd_bundle_export(struct app *app, int argc, char **argv)
{
	static const char *const usage = N_("export --to OFFICE [-o FILE]");
	static const struct option opts[] = {
		{ "to", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *to = NULL, *out = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == 't')
			to = optarg;
		else if (c == 'o')
			out = optarg;
		else
			return usage_error("bundle", usage);
	}
	if (!to || optind != argc)
		return usage_error("bundle", usage);
	struct err e = { 0 };
	struct bundle_build_stats stats;
	char *written = NULL;
	if (!sync_export(app->st, app->db_path, to, out, NULL, &written, &stats, &e)) {
		fail("%s", e.msg);
		return 1;
	}
	printf(_("%s: %lld changes for office %s\n"), written, (long long)stats.ops, to);
	free(written);
	return 0;
}

static void print_refused(const struct refused_op *r, void *arg);

static int cmd_bundle_import(struct app *app, int argc, char **argv)
{
	if (argc != 2)
		return usage_error("bundle", N_("import FILE"));
	struct err e = { 0 };
	struct bundle_summary s;
	if (!sync_import(app->st, app->db_path, argv[1], &s, &e)) {
		fail(_("%s; nothing was imported"), e.msg);
		return 1;
	}
	printf(_("%s: %lld changes new, %lld already known, %lld refused; %lld records added,"
		 " %lld changed; %lld conflicts to review\n"),
	       argv[1], (long long)s.ops_new, (long long)s.ops_known, (long long)s.ops_refused,
	       (long long)s.records_added, (long long)s.records_changed, (long long)s.conflicts);
	if (s.ops_refused > 0)
		store_refused_each(app->st, print_refused, app->st, &e);
	if (s.warning[0])
		fprintf(stderr, _("bantu: warning: %s\n"), s.warning); /* shown safely */
	warn_clock(app);
	return 0;
}

static int cmd_bundle(struct app *app, int argc, char **argv)
{
	if (argc >= 2 && str_eq(argv[1], "export"))
		return cmd_bundle_export(app, argc - 1, argv + 1);
	if (argc >= 2 && str_eq(argv[1], "import"))
		return cmd_bundle_import(app, argc - 1, argv + 1);
	return usage_error("bundle", N_("export --to OFFICE [-o FILE] | import FILE"));
}

/* ---- conflicts ---- */

static void hlc_text(int64_t hlc, char *buf, size_t size)
{
	time_t t = (time_t)(hlc_ms(hlc) / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, size, "%d/%m/%Y %H:%M:%S", &tm);
}

static void print_conflict(const struct conflict *c, void *arg)
{
	struct store *st = arg;
	char hex[RID_HEX];
	rid_to_hex(&c->record, hex);
	struct record rec;
	char *label = NULL;
	if (store_get(st, c->ent, &c->record, &rec, NULL)) {
		const char *name = record_get(&rec, c->ent->name_field);
		const char *reg = record_get(&rec, FIELD_REG_NO);
		label = xasprintf("%s (%s)", reg ? reg : hex, name ? name : "?");
		record_release(&rec);
	}
	struct safe_pool sp = { 0 };
	printf("%s %s %s %s%s\n", c->ent->name, hex, label ? str_safe(&sp, label) : "",
	       str_safe(&sp, c->field),
	       c->merge_cycle ? _(": merged into each other; * is shown, the others merged into it")
			      : "");
	free(label);
	for (size_t i = 0; i < c->nsides && c->merge_cycle; i++) {
		/* Each member, and the merge into it: resolving with its number keeps it. */
		char when[32], mh[RID_HEX];
		struct rid m = c->record;
		if (c->sides[i].value)
			rid_from_hex(c->sides[i].value, &m);
		rid_to_hex(&m, mh);
		const char *reg = NULL;
		if (store_get(st, c->ent, &m, &rec, NULL)) {
			reg = record_get(&rec, FIELD_REG_NO);
			printf("  %s %-24s %s %s ", i == 0 ? "*" : " ", reg ? str_safe(&sp, reg) : mh,
			       str_safe(&sp, c->sides[i].office), str_safe(&sp, c->sides[i].officer));
			record_release(&rec);
		}
		hlc_text(c->sides[i].hlc, when, sizeof(when));
		printf("%s\n", when);
	}
	for (size_t i = 0; i < c->nsides && !c->merge_cycle; i++) {
		char when[32];
		hlc_text(c->sides[i].hlc, when, sizeof(when));
		printf("  %s %-24s %s %s %s\n", i == 0 ? "*" : " ",
		       c->sides[i].value ? str_safe(&sp, c->sides[i].value) : "-",
		       str_safe(&sp, c->sides[i].office), str_safe(&sp, c->sides[i].officer), when);
	}
	safe_pool_release(&sp);
}

/* A change the program rules refused (issue 20): kept in the log, not in the tables. */
static void print_refused(const struct refused_op *r, void *arg)
{
	struct store *st = arg;
	char hex[RID_HEX];
	rid_to_hex(&r->record, hex);
	const struct entity_def *ent = entity_find(r->entity);
	struct record rec;
	char *reg = NULL;
	if (ent && store_get(st, ent, &r->record, &rec, NULL)) {
		const char *v = record_get(&rec, FIELD_REG_NO);
		reg = v ? xstrdup(v) : NULL;
		record_release(&rec);
	}
	char when[32];
	hlc_text(r->hlc, when, sizeof(when));
	struct safe_pool sp = { 0 };
	printf(_("refused %s %s %s: change %lld of office %s (%s, %s): %s\n"),
	       str_safe(&sp, r->entity), hex, reg ? str_safe(&sp, reg) : "-", (long long)r->seq,
	       str_safe(&sp, r->office), str_safe(&sp, r->officer), when, str_safe(&sp, r->why));
	safe_pool_release(&sp);
	free(reg);
}

/* A record named by its id or registration number: 1; 0 when there is none; -1
 * (said here) when two live records share the number. */
static int record_arg(struct store *st, const struct entity_def *ent, const char *arg,
		      struct rid *out)
{
	if (strlen(arg) == 32 && rid_from_hex(arg, out))
		return 1;
	struct err e = { 0 };
	int n = store_find_reg_no(st, ent, arg, out, &e);
	if (n < 0)
		fail("%s", e.msg);
	return n;
}

/* A rule conflict (model/invariants.h): what is wrong, its records ('=' the
 * one the suggestion keeps, '!' those held back until it is settled), what to do. */
static void print_rule_conflict(const struct rule_conflict *c, void *arg)
{
	(void)arg;
	printf("%s: %s\n", c->name, c->what);
	for (size_t i = 0; i < c->nrecords; i++)
		printf("  %c %-14s %s\n", c->records[i].keep ? '=' : c->records[i].blocked ? '!' : ' ',
		       c->records[i].m->ent->name, c->records[i].label);
	printf("  %s %s\n", _("to do:"), c->todo);
}

static int cmd_conflicts(struct app *app, int argc, char **argv)
{
	static const char usage[] = "[list] | resolve ENTITY RECORD FIELD VALUE";
	struct err e = { 0 };
	if (argc == 1 || (argc == 2 && str_eq(argv[1], "list"))) {
		int n = store_conflicts(app->st, NULL, NULL, print_conflict, app->st, &e);
		if (n < 0) {
			fail("%s", e.msg);
			return 1;
		}
		int rf = store_refused_each(app->st, print_refused, app->st, &e);
		if (rf < 0) {
			fail("%s", e.msg);
			return 1;
		}
		printf("\n%s\n", _("rule conflicts"));
		int r = invariants_each(app->st, print_rule_conflict, NULL, &e);
		if (r < 0) {
			fail("%s", e.msg);
			return 1;
		}
		fflush(stdout); /* the count after the list, also when both go to one file */
		fprintf(stderr, ngettext("%d conflict; * marks the value shown\n",
					 "%d conflicts; * marks the value shown\n", (unsigned long)n), n);
		fprintf(stderr, ngettext("%d rule conflict; ! marks the records held back until it"
					 " is settled\n",
					 "%d rule conflicts; ! marks the records held back until"
					 " they are settled\n", (unsigned long)r), r);
		if (rf > 0)
			fprintf(stderr, ngettext("%d change refused by the program rules\n",
						 "%d changes refused by the program rules\n",
						 (unsigned long)rf), rf);
		return 0;
	}
	if (argc == 6 && str_eq(argv[1], "resolve")) {
		const struct entity_def *ent = entity_find(argv[2]);
		struct rid id;
		if (!ent) {
			fail(_("conflicts: unknown entity '%s'"), argv[2]);
			return EXIT_USAGE;
		}
		int found = record_arg(app->st, ent, argv[3], &id);
		if (found <= 0) {
			if (found == 0)
				fail(_("conflicts: no %s record '%s' (give its id or registration number)"),
				     argv[2], argv[3]);
			return 1;
		}
		/* The value as a clerk would type it: read into its stored form. */
		char *value = xstrdup(argv[5]);
		const struct entity_meta *m = registry_meta(ent->name);
		const struct field_meta *f = m ? registry_field(m, argv[4]) : NULL;
		struct record rec;
		if (f && store_get(app->st, ent, &id, &rec, NULL)) {
			free(value);
			bool parsed = registry_parse(app->st, &rec, f, argv[5], &value, &e);
			record_release(&rec);
			if (!parsed) {
				fail("%s: %s", argv[4], e.msg);
				return 1;
			}
		}
		warn_clock(app);
		bool ok = registry_resolve(app->st, ent, &id, argv[4], value, app->officer, &e);
		free(value);
		if (!ok) {
			fail("%s", e.msg);
			return 1;
		}
		printf(_("%s %s: %s set to '%s'; the conflict is resolved\n"), argv[2], argv[3],
		       argv[4], argv[5]);
		return 0;
	}
	return usage_error("conflicts", usage);
}

/* ---- duplicates ---- */

static void print_pair(const struct dup_pair *p, void *arg)
{
	(void)arg;
	char ha[RID_HEX], hb[RID_HEX];
	rid_to_hex(&p->a, ha);
	rid_to_hex(&p->b, hb);
	const char *nik = record_get(p->ra, "nik");
	struct safe_pool sp = { 0 };
#define SAFE_OR_DASH(v) ((v) ? str_safe(&sp, (v)) : "-")
	printf("%s %s\n", _("NIK"), SAFE_OR_DASH(nik));
	printf("  %s %s %s\n", ha, SAFE_OR_DASH(record_get(p->ra, FIELD_REG_NO)),
	       SAFE_OR_DASH(record_get(p->ra, "nama_usaha")));
	printf("  %s %s %s\n", hb, SAFE_OR_DASH(record_get(p->rb, FIELD_REG_NO)),
	       SAFE_OR_DASH(record_get(p->rb, "nama_usaha")));
#undef SAFE_OR_DASH
	safe_pool_release(&sp);
}

static int cmd_duplicates(struct app *app, int argc, char **argv)
{
	static const char usage[] = "[list] | merge KEEP DROP | distinct RECORD RECORD";
	struct err e = { 0 };
	if (argc == 1 || (argc == 2 && str_eq(argv[1], "list"))) {
		int n = dup_list(app->st, print_pair, NULL, &e);
		if (n < 0) {
			fail("%s", e.msg);
			return 1;
		}
		fflush(stdout);
		fprintf(stderr, ngettext("%d possible duplicate to review\n",
					 "%d possible duplicates to review\n", (unsigned long)n), n);
		return 0;
	}
	if (argc == 4 && (str_eq(argv[1], "merge") || str_eq(argv[1], "distinct"))) {
		struct rid a, b;
		for (int i = 2; i < 4; i++) {
			int found = record_arg(app->st, &entity_umkm, argv[i], i == 2 ? &a : &b);
			if (found <= 0) {
				if (found == 0)
					fail(_("duplicates: no UMKM record '%s' (give its id or"
					       " registration number)"), argv[i]);
				return 1;
			}
		}
		bool ok = str_eq(argv[1], "merge")
			? dup_merge(app->st, &meta_umkm, &a, &b, app->officer, &e)
			: dup_distinct(app->st, &meta_umkm, &a, &b, app->officer, &e);
		if (!ok) {
			fail("%s", e.msg);
			return 1;
		}
		if (str_eq(argv[1], "merge"))
			printf(_("%s merged into %s\n"), argv[3], argv[2]);
		else
			printf(_("%s and %s marked as different businesses\n"), argv[2], argv[3]);
		return 0;
	}
	return usage_error("duplicates", usage);
}

/* ---- purge and delete: ENTITY RECORD --reason TEXT ---- */

/* A record named on the command line with the reason for erasing it: 1 with
 * *m, *id and *reason set; otherwise the exit status, the message said (a
 * number two live records share is refused, naming both). */
static int record_reason_args(struct app *app, const char *cmd, int argc, char **argv,
			      const struct entity_meta **m, struct rid *id, const char **reason)
{
	static const char usage[] = "ENTITY RECORD --reason TEXT";
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	*reason = NULL;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'r')
			*reason = optarg;
		else
			return -usage_error(cmd, usage);
	}
	if (argc - optind != 2 || !*reason)
		return -usage_error(cmd, usage);
	*m = entity_arg(cmd, argv[optind]);
	if (!*m)
		return -EXIT_USAGE;
	int found = record_arg(app->st, (*m)->ent, argv[optind + 1], id);
	if (found <= 0) {
		if (found == 0)
			fail(_("%s: no %s record '%s' (give its id or registration number)"), cmd,
			     (*m)->ent->name, argv[optind + 1]);
		return -1;
	}
	return 1;
}

static int cmd_purge(struct app *app, int argc, char **argv)
{
	const struct entity_meta *m;
	struct rid id;
	const char *reason;
	int r = record_reason_args(app, "purge", argc, argv, &m, &id, &reason);
	if (r <= 0)
		return -r;
	const char *rec = argv[optind + 1];
	struct err e = { 0 };
	warn_clock(app);
	if (!registry_purge(app->st, m, &id, reason, app->officer, &e)) {
		fail(_("purge: %s; nothing was changed"), e.msg);
		return 1;
	}
	const char **fields = registry_personal_fields(m);
	struct strbuf names = STRBUF_INIT;
	for (size_t i = 0; fields[i]; i++)
		strbuf_addf(&names, "%s%s", i ? ", " : "", registry_field_label(m, fields[i]));
	free(fields);
	printf(_("%s %s: personal data erased (%s); the other offices erase it at their next"
		 " bundle import\n"), m->ent->name, rec, names.buf);
	strbuf_release(&names);
	return 0;
}

/* delete: a record tombstoned through the save path (its rules, its authority),
 * e.g. to settle a rule conflict from a script. */
static int cmd_delete(struct app *app, int argc, char **argv)
{
	const struct entity_meta *m;
	struct rid id;
	const char *reason;
	int r = record_reason_args(app, "delete", argc, argv, &m, &id, &reason);
	if (r <= 0)
		return -r;
	struct err e = { 0 };
	warn_clock(app);
	if (!registry_delete(app->st, m, &id, reason, app->officer, &e)) {
		fail(_("delete: %s; nothing was changed"), e.msg);
		return 1;
	}
	printf(_("%s %s deleted\n"), m->ent->name, argv[optind + 1]);
	return 0;
}

/* bantu set ENTITY RECORD FIELD=VALUE...: a change as the screen's form makes
 * it (derive, validation, state moves, the program rules) in one save. */
static int cmd_set(struct app *app, int argc, char **argv)
{
	static const char usage[] = "ENTITY RECORD FIELD=VALUE...";
	if (argc < 4)
		return usage_error("set", usage);
	const struct entity_meta *m = entity_arg("set", argv[1]);
	if (!m)
		return EXIT_USAGE;
	struct rid id;
	struct record rec;
	if (record_arg(app->st, m->ent, argv[2], &id) <= 0 ||
	    !store_get(app->st, m->ent, &id, &rec, NULL)) {
		fail(_("set: no %s record '%s' (give its id or registration number)"),
		     m->ent->name, argv[2]);
		return 1;
	}
	struct err e = { 0 };
	int rc = 0;
	for (int i = 3; i < argc && !rc; i++) {
		const char *eq = strchr(argv[i], '=');
		char *name = eq ? xstrndup(argv[i], (size_t)(eq - argv[i])) : NULL;
		const struct field_meta *f = name ? registry_field(m, name) : NULL;
		char *v = NULL;
		if (!f || f->derived || f->kind == FK_READONLY) {
			fail(_("set: '%s' is not a field of %s that can be set (FIELD=VALUE); nothing"
			       " was changed"), argv[i], m->ent->name);
			rc = EXIT_USAGE;
		} else if (!registry_parse(app->st, &rec, f, eq + 1, &v, &e)) {
			fail(_("set: %s: %s; nothing was changed"), f->name, e.msg);
			rc = 1;
		} else {
			record_set(&rec, f->name, v);
		}
		free(v);
		free(name);
	}
	struct issues is = { 0 };
	enum save_result r = rc ? SAVE_UNCHANGED
				: (warn_clock(app), registry_save(app->st, m, &rec, app->officer, true, &is, &e));
	for (size_t i = 0; i < is.n; i++)
		if (is.v[i].severity == ISSUE_ERROR || r == SAVE_DONE)
			fprintf(stderr, "%s: %s%s%s\n", argv[2],
				is.v[i].field >= 0 ? _(m->fields[is.v[i].field].label) : "",
				is.v[i].field >= 0 ? ": " : "", is.v[i].msg);
	if (r == SAVE_ERROR)
		fail(_("set: %s; nothing was changed"), e.msg);
	else if (r == SAVE_INVALID)
		fail(_("set: %s %s not saved; nothing was changed"), m->ent->name, argv[2]);
	else if (!rc)
		printf(r == SAVE_DONE ? _("%s %s saved\n") : _("%s %s unchanged\n"), m->ent->name,
		       argv[2]);
	issues_release(&is);
	record_release(&rec);
	return rc ? rc : r < 0;
}

/* ---- officers ---- */

static void print_account(const struct account *a, void *arg)
{
	(void)arg;
	const char *state = a->disabled ? _("disabled") : a->locked ? _("locked") : _("active");
	struct safe_pool sp = { 0 };
	printf("%-16s %-9s %-8s %-9s %s\n", str_safe(&sp, a->username), str_safe(&sp, a->role),
	       str_safe(&sp, a->office), state, str_safe(&sp, a->name));
	safe_pool_release(&sp);
}

static int cmd_officer(struct app *app, int argc, char **argv)
{
	static const char usage[] = "list | add USERNAME [--name NAME] --role ROLE | passwd USERNAME"
				    " | role USERNAME ROLE | disable USERNAME | enable USERNAME";
	struct err e = { 0 };
	const char *by = app->officer;
	bool ok;
	if (argc == 2 && str_eq(argv[1], "list")) {
		if (!auth_require(app->st, by, AUTH_ADMIN, &e) ||
		    !store_account_each(app->st, print_account, NULL, &e)) {
			fail("%s", e.msg);
			return 1;
		}
		return 0;
	}
	if (argc >= 3 && str_eq(argv[1], "add")) {
		static const struct option opts[] = {
			{ "name", required_argument, NULL, 'n' },
			{ "role", required_argument, NULL, 'r' },
			{ NULL, 0, NULL, 0 },
		};
		const char *name = NULL, *role = NULL;
		int c;
		optind = 0;
		while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
			if (c == 'n')
				name = optarg;
			else if (c == 'r')
				role = optarg;
			else
				return usage_error("officer", usage);
		}
		if (!role || optind != argc - 2)
			return usage_error("officer", usage);
		const char *user = argv[1 + optind];
		enum auth_role r;
		/* Refusals that need no PIN come before asking for it. */
		if (!auth_username_acceptable(user, &e) ||
		    (!auth_role_parse(role, &r) &&
		     !err_set(&e, 1, _("unknown role '%s' (operator, petugas, pimpinan or admin)"), role)) ||
		    (auth_accounts_exist(app->st) && !auth_require(app->st, by, AUTH_ADMIN, &e))) {
			fail("%s", e.msg);
			return 1;
		}
		char *pin = read_pin(user);
		if (!pin)
			return 1;
		ok = auth_account_add(app->st, by, user, name, role, pin, &e);
		free_pin(pin);
		if (ok)
			printf(_("account '%s' (%s) added\n"), user, auth_role_name(r));
	} else if (argc == 3 && str_eq(argv[1], "passwd")) {
		struct account a;
		if (!store_account_get(app->st, argv[2], &a)) {
			fail(_("no account '%s'"), argv[2]);
			return 1;
		}
		if (!str_eq(by, argv[2]) && !auth_require(app->st, by, AUTH_ADMIN, &e)) {
			fail("%s", e.msg);
			return 1;
		}
		char *pin = read_pin(argv[2]);
		if (!pin)
			return 1;
		ok = auth_account_set_pin(app->st, by, argv[2], pin, &e);
		free_pin(pin);
		if (ok)
			printf(_("account '%s': new PIN set\n"), argv[2]);
	} else if (argc == 4 && str_eq(argv[1], "role")) {
		ok = auth_account_set_role(app->st, by, argv[2], argv[3], &e);
		if (ok)
			printf(_("account '%s' is now %s\n"), argv[2], argv[3]);
	} else if (argc == 3 && (str_eq(argv[1], "disable") || str_eq(argv[1], "enable"))) {
		bool off = str_eq(argv[1], "disable");
		ok = auth_account_set_disabled(app->st, by, argv[2], off, &e);
		if (ok)
			printf(off ? _("account '%s' disabled\n") : _("account '%s' enabled\n"), argv[2]);
	} else {
		return usage_error("officer", usage);
	}
	if (!ok)
		fail("%s", e.msg);
	return ok ? 0 : 1;
}

/* ---- activity ---- */

struct activity_out {
	struct store *st;
	bool csv;
	struct strbuf line;
	char reg[64];
};

static void activity_row(const struct activity_entry *a, void *arg)
{
	struct activity_out *o = arg;
	const struct entity_def *ent = entity_find(a->entity);
	if (a->first_of_op) {
		/* The record's registration number, once per op. */
		struct record rec;
		str_copy(o->reg, "", sizeof(o->reg));
		if (ent && store_get(o->st, ent, &a->record, &rec, NULL)) {
			const char *reg = record_get(&rec, FIELD_REG_NO);
			str_copy(o->reg, reg ? reg : "", sizeof(o->reg));
			record_release(&rec);
		}
	}
	char when[32], hex[RID_HEX];
	time_t t = (time_t)(hlc_ms(a->hlc) / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	rid_to_hex(&a->record, hex);
	const struct entity_meta *m = registry_meta(a->entity);
	/* Every stored text shown safely: it may have come in a bundle. */
	struct safe_pool sp = { 0 };
	if (o->csv) {
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		const char *f[] = { when, str_safe(&sp, a->office), str_safe(&sp, a->officer),
				    str_safe(&sp, a->entity), hex, str_safe(&sp, o->reg),
				    str_safe(&sp, a->field), a->old ? str_safe(&sp, a->old) : "",
				    a->value ? str_safe(&sp, a->value) : "" };
		strbuf_reset(&o->line);
		csv_write_row(&o->line, f, ARRAY_SIZE(f), ',');
		fputs(strbuf_str(&o->line), stdout);
		safe_pool_release(&sp);
		return;
	}
	strftime(when, sizeof(when), "%H:%M:%S", &tm);
	if (a->first_of_op)
		printf("%s  %s  %s  %s %s\n", when, str_safe(&sp, a->office),
		       str_safe(&sp, a->officer), str_safe(&sp, a->entity),
		       *o->reg ? str_safe(&sp, o->reg) : hex);
	const struct field_meta *f = m ? registry_field(m, a->field) : NULL;
	char *old = f && a->old ? registry_display(o->st, f, a->old) : xstrdup(a->old ? a->old : "-");
	char *val = f && a->value ? registry_display(o->st, f, a->value)
				  : xstrdup(a->value ? a->value : "-");
	printf("          %s: %s -> %s\n", str_safe(&sp, registry_field_label(m, a->field)),
	       str_safe(&sp, old), str_safe(&sp, val));
	free(old);
	free(val);
	safe_pool_release(&sp);
}

static int cmd_activity(struct app *app, int argc, char **argv)
{
	static const char usage[] = "[--officer USERNAME] [--date DD/MM/YYYY] [--csv]";
	static const struct option opts[] = {
		{ "officer", required_argument, NULL, 'u' },
		{ "date", required_argument, NULL, 'd' },
		{ "csv", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	const char *who = NULL, *day = NULL;
	struct activity_out o = { .st = app->st, .line = STRBUF_INIT };
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'u')
			who = optarg;
		else if (c == 'd')
			day = optarg;
		else if (c == 'c')
			o.csv = true;
		else
			return usage_error("activity", usage);
	}
	if (optind != argc)
		return usage_error("activity", usage);
	struct err e = { 0 };
	struct date d = date_today();
	if (day && !date_parse(day, &d, &e)) {
		fail("--date: %s", e.msg);
		return EXIT_USAGE;
	}
	if (!auth_require(app->st, app->officer, AUTH_REPORT, &e)) {
		fail("%s", e.msg);
		return 1;
	}
	/* The day in local time. */
	struct tm tm = { .tm_year = d.year - 1900, .tm_mon = d.month - 1, .tm_mday = d.day,
			 .tm_isdst = -1 };
	int64_t from = (int64_t)mktime(&tm) * 1000;
	struct tm tm2 = { .tm_year = d.year - 1900, .tm_mon = d.month - 1, .tm_mday = d.day + 1,
			  .tm_isdst = -1 };
	int64_t to = (int64_t)mktime(&tm2) * 1000;
	if (o.csv)
		puts("time,office,officer,entity,record,reg_no,field,old,new");
	bool ok = store_activity(app->st, who, from, to, activity_row, &o, &e);
	strbuf_release(&o.line);
	if (!ok) {
		fail("%s", e.msg);
		return 1;
	}
	return 0;
}

/* ---- dispatch ---- */

static const struct command commands[] = {
	{ "init", cmd_init, false, N_("--office CODE [--name NAME] [--province-key FILE] [--admin USERNAME]") },
	{ "import-csv", cmd_import, true, N_("ENTITY FILE [--dry-run] [--rejects OUT.csv]") },
	{ "export-csv", cmd_export, true, N_("ENTITY [--VARIANT [VALUE]] [-o FILE]") },
	{ "report", cmd_report, true, N_("NAME [--dari DATE] [--sampai DATE] [--kabupaten CODE] "
					 "[--format text|csv|xlsx] [-o FILE]") },
	{ "summary", cmd_summary, true, N_("PROGRAM [--kabupaten CODE|NAME] [--format text|csv]") },
	{ "check", cmd_check, true, "[--repair]" },
	{ "backup", cmd_backup, true, N_("-o FILE") },
	{ "restore", cmd_restore, false, N_("FILE [--db PATH] [--force [--other-office]]") },
	{ "demo", cmd_demo, true, N_("[--umkm N] [--koperasi N] [--seed N]") },
	{ "bundle", cmd_bundle, true, N_("export --to OFFICE [-o FILE] | import FILE") },
	{ "keys", cmd_keys, true, N_("export -o FILE | fingerprint") },
	{ "duplicates", cmd_duplicates, true, N_("[list] | merge KEEP DROP | distinct RECORD RECORD") },
	{ "conflicts", cmd_conflicts, true, N_("[list] | resolve ENTITY RECORD FIELD VALUE") },
	{ "office", cmd_office, true, N_("list | approve CODE FINGERPRINT | revoke CODE | trust FILE") },
	{ "purge", cmd_purge, true, N_("ENTITY RECORD --reason TEXT") },
	{ "delete", cmd_delete, true, N_("ENTITY RECORD --reason TEXT") },
	{ "set", cmd_set, true, N_("ENTITY RECORD FIELD=VALUE...") },
	{ "officer", cmd_officer, true, N_("list | add USERNAME [--name NAME] --role ROLE | passwd USERNAME"
					   " | role USERNAME ROLE | disable USERNAME | enable USERNAME") },
	{ "settings", cli_settings, true, N_("[show] | set KEY VALUE") },
	{ "activity", cmd_activity, true, N_("[--officer USERNAME] [--date DD/MM/YYYY] [--csv]") },
	{ "help", cmd_help, false, N_("[roles]") },
};

/* The one command a mistyped name is closest to (at most two edits away, and
 * fewer than half its letters), or NULL. */
static const char *nearest_command(const char *typed)
{
	const char *best = NULL;
	size_t best_d = 3;
	bool tie = false;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		size_t dist = str_edit_distance(typed, commands[i].name);
		if (dist * 2 >= strlen(commands[i].name))
			continue;
		if (dist < best_d) {
			best = commands[i].name;
			best_d = dist;
			tie = false;
		} else if (dist == best_d) {
			tie = true;
		}
	}
	return tie ? NULL : best;
}

static void print_help(FILE *f)
{
	fprintf(f, "%s\n\n", _("Bantu: offline case management for a Cooperatives & SME Office."));
	fprintf(f, "%s\n", _("Usage: bantu [--db PATH] [--config PATH] [--lang id|en] [--officer NAME]"
			      " [--pin-file FILE] [COMMAND ...]"));
	fprintf(f, "\n%s\n", _("Without a command, Bantu opens its screens on the database."));
	fprintf(f, "\n%s\n", _("Commands:"));
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  bantu %s%s%s\n", commands[i].name, *commands[i].usage ? " " : "",
			*commands[i].usage ? _(commands[i].usage) : "");
	fprintf(f, "\n%s\n", _("ENTITY is umkm or koperasi."));
	fprintf(f, "%s\n", _("Exit status: 0 success, 1 failure (or rows rejected), 2 usage or configuration error."));
	fprintf(f, "%s\n", _("See bantu(1) for more."));
}

static char *default_db_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	if (!str_empty(xdg))
		return xasprintf("%s/bantu/bantu.db", xdg);
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/share/bantu/bantu.db", str_empty(home) ? "." : home);
}

static const char *system_user(void)
{
	struct passwd *pw = getpwuid(getuid());
	if (pw && !str_empty(pw->pw_name))
		return pw->pw_name;
	const char *u = getenv("USER");
	return str_empty(u) ? "?" : u;
}

int cli_main(int argc, char **argv)
{
	/* Messages in the language asked for on the command line or in the
	 * environment before the config is read, so config errors are translated. */
	const char *lang = getenv("BANTU_LANG");
	for (int i = 1; i < argc - 1; i++)
		if (str_eq(argv[i], "--lang"))
			lang = argv[i + 1];
	i18n_init(lang);

	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "lang", required_argument, NULL, 'l' },
		{ "officer", required_argument, NULL, 'u' },
		{ "pin-file", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *cfg_path = NULL, *lang_opt = NULL, *officer = NULL;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': cfg_path = optarg; break;
		case 'l': lang_opt = optarg; break;
		case 'u': officer = optarg; break;
		case 'p': pin_file = optarg; break;
		case 'h': print_help(stdout); return 0;
		case 'V': printf("bantu %s\n", BANTU_VERSION); return 0;
		case ':':
			fail(_("option '%s' needs a value; see bantu --help"), argv[optind - 1]);
			return EXIT_USAGE;
		default:
			fail(_("unknown option '%s'; see bantu --help"), argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	struct err e = { 0 };
	struct config *cfg = config_load(cfg_path, &e);
	if (!cfg) {
		fprintf(stderr, "%s\n", e.msg);
		return EXIT_USAGE;
	}
	/* --lang, then $BANTU_LANG, then the settings files. */
	if (!lang_opt && !str_empty(getenv("BANTU_LANG")))
		lang_opt = getenv("BANTU_LANG");
	if (lang_opt && !config_set(cfg, "language", lang_opt, &e)) {
		fail("--lang: %s", e.msg);
		config_free(cfg);
		return EXIT_USAGE;
	}
	i18n_init(config_str(cfg, "language"));
	programs_configure(cfg);

	char *db_default = db ? NULL : default_db_path();
	struct app app = {
		.cfg = cfg,
		.db_path = db ? db : db_default,
		.config_path = cfg_path,
		.officer = officer ? officer : system_user(),
	};
	const struct command *cmd = NULL;
	if (optind < argc) {
		for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
			if (str_eq(argv[optind], commands[i].name))
				cmd = &commands[i];
		const char *near = cmd ? NULL : nearest_command(argv[optind]);
		if (near) {
			fail(_("unknown command '%s'; did you mean '%s'? (bantu --help lists them)"),
			     argv[optind], near);
			config_free(cfg);
			free(db_default);
			return EXIT_USAGE;
		}
		if (!cmd) {
			fail(_("unknown command '%s'; see bantu --help"), argv[optind]);
			config_free(cfg);
			free(db_default);
			return EXIT_USAGE;
		}
	}
	int rc = 0;
	if (!cmd || cmd->needs_db) {
		/* check reads only: it opens the file read-only (--repair reopens it). */
		app.st = store_open(app.db_path, cmd && cmd->run == cmd_check ? STORE_READONLY : 0, &e);
		if (app.st && !store_is_initialised(app.st)) {
			store_close(app.st);
			app.st = NULL;
			err_set(&e, 1, _("%s: not set up; run 'bantu init --office CODE'"), app.db_path);
		}
		if (!app.st) {
			fail("%s", e.msg);
			rc = 1;
		} else {
			protect_db_files(app.db_path);
		}
	}
	auth_configure(cfg);
	if (app.st) {
		/* Once accounts exist, a command works as an officer who has one; the
		 * name goes into every change: printable, not too long. */
		if (!name_check(_("officer name"), app.officer, &e) ||
		    (cmd && !auth_officer_ok(app.st, app.officer, &e))) {
			fail("%s", e.msg);
			rc = 1;
		} else if (cmd && !authorize(&app, app.st, argc - optind, argv + optind)) {
			rc = 1;
		}
		store_set_officer(app.st, app.officer);
		/* Shared settings: a YAML value seeds the province data or is
		 * ignored with a warning; the clock drift is the shared one. */
		shared_settings_start(app.st, cfg, app.officer,
				      rc == 0 && !(cmd && cmd->run == cmd_check), stderr);
	}
	if (rc == 0) {
		if (cmd) {
			int cargc = argc - optind;
			char **cargv = argv + optind;
			optind = 0; /* re-initialise getopt: commands permute their arguments */
			rc = cmd->run(&app, cargc, cargv);
		} else {
			rc = tui_run(&app);
		}
	}
	store_close(app.st);
	outfile_protect_clear();
	config_free(cfg);
	free(db_default);
	return rc;
}
