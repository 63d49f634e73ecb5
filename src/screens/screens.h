/*
 * screens.h - the screens of the TUI, one file each; pushed with tui_push.
 * The argument each open() takes is given here.
 */
#ifndef BANTU_SCREENS_H
#define BANTU_SCREENS_H

#include "model/program.h"
#include "model/registry.h"
#include "tui/screen.h"
#include "tui/widgets.h"

/* The home menu; arg unused. */
extern const struct screen_ops screen_home;
/* A registry list (UMKM or koperasi); arg: const struct entity_meta *. */
extern const struct screen_ops screen_registry;
/* One record: its fields and history; arg: struct record_arg *. */
extern const struct screen_ops screen_record;
/* The add / edit form; arg: struct record_arg * (zero id: a new record). */
extern const struct screen_ops screen_entry;
/* The keys of the screen below; arg unused. */
extern const struct screen_ops screen_help;
/* The list's filters; arg: struct filter_arg *. */
extern const struct screen_ops screen_filter;

/* Sinkronisasi: the offices, bundles to and from folders, approvals, history; arg unused. */
extern const struct screen_ops screen_sync;
/* Konflik: unresolved conflicts; arg: struct record_arg * (one record) or NULL (all). */
extern const struct screen_ops screen_conflict;
/* Duplikat: possible duplicate businesses, side by side; arg unused. */
extern const struct screen_ops screen_duplicate;

/* A program's menu: its lists, its own screens, its summary; arg: const struct program *. */
extern const struct screen_ops screen_program;
/* A program's summary tables, filtered by kabupaten/kota; arg: const struct program *. */
extern const struct screen_ops screen_summary;

/* Warung Pesan Kirim: a week's reports keyed in a grid; arg: the program. */
extern const struct screen_ops screen_warung_grid;
/* Pelatihan Online: a class's attendance on a fast list; arg: the program. */
extern const struct screen_ops screen_pelatihan_hadir;

/* Laporan: the dashboard of headline figures; arg unused. */
extern const struct screen_ops screen_report;
/* One figure per kabupaten/kota with bars; arg: struct figure_arg *. */
extern const struct screen_ops screen_figure;
/* A list opened already filtered (from a report row); arg: struct list_arg *. */
extern const struct screen_ops screen_registry_in;

/* A report's period and kabupaten/kota (YYYY-MM-DD and a code; NULL = none),
 * owned strings; shared by the dashboard and the figure it opens. */
struct report_filter_arg {
	char *kabupaten, *from, *to;
	const char *period_label;  /* the date the period is of (a list's), or NULL: a report's */
};
struct figure;
struct figure_arg {
	const struct figure *fig;
	const struct report_filter_arg *f;
};
struct list_arg {
	const struct entity_meta *meta;
	const char *kabupaten;   /* code, or NULL */
	const char *status;      /* a value of the meta's status field, or NULL */
	const char *date_field;  /* the field a period applies to (the figure's), or NULL */
	const char *from, *to;   /* the period, YYYY-MM-DD inclusive; NULL = open */
	const char *title;       /* English msgid of the list's title (the figure's), or NULL */
	const struct agg_where *where; /* the figure's conditions (static), or NULL */
	size_t nwhere;
};
/* The prompts' answer ids of a report filter. */
enum { REPORT_ANS_KAB = 40, REPORT_ANS_FROM, REPORT_ANS_TO };
struct report_params;
void report_filter_params(const struct report_filter_arg *f, struct tui *t,
			  struct report_params *p);
/* "01/05/2020-31/05/2020, Kota Metro", or "whole province, all time". */
void report_filter_text(const struct report_filter_arg *f, struct store *st, char *out,
			size_t size);
/* Reads a prompt's answer (which: REPORT_ANS_*) into f; false, message shown, when bad. */
bool report_filter_answer(struct report_filter_arg *f, struct tui *t, int which,
			  const char *text);
void report_filter_release(struct report_filter_arg *f);
/* The filter's keys: ACT_FILTER asks the kabupaten/kota, ACT_PERIOD the period's
 * start (REPORT_ANS_*); false for any other action. */
bool report_filter_key(const struct report_filter_arg *f, struct tui *t, enum action a);
/* An answer to those prompts (or a screen's other answer: NONE): reads it into
 * f, asks the period's end after its start; DONE when the filter is complete
 * and the screen recomputes, REFUSED (message set) when the prompt asks again. */
enum report_step { REPORT_STEP_NONE, REPORT_STEP_DONE, REPORT_STEP_REFUSED };
enum report_step report_filter_step(struct report_filter_arg *f, struct tui *t, int id, bool yes,
				    const char *text);
/* Stimulus: the budget meter over applications waiting for a decision or a
 * payment; arg: const struct program *. */
extern const struct screen_ops screen_stimulus_approval;
/* Kartu Prakerja: mark referrals and forward them with one letter; arg: const struct program *. */
extern const struct screen_ops screen_prakerja_batch;
/* Login (arg NULL) at the start once accounts exist; the idle lock (arg
 * &screen_login_lock) over the stack, unlocked by the same officer's PIN. */
extern const struct screen_ops screen_login;
extern const int screen_login_lock;
/* What the officer's role cannot do, as a mask of ROLE_NO_* (taken when a
 * screen opens), and a list of actions without those (into buf, cap entries
 * with the ACT_NONE end): screens do not offer what the model would refuse. */
enum { ROLE_NO_EDIT = 1, ROLE_NO_DELETE = 2, ROLE_NO_ADMIN = 4 };
unsigned role_limits(struct tui *t);
const enum action *role_filter(const enum action *list, unsigned limits, enum action *buf,
			       size_t cap);
/* A key of an action in list that the role's limits took away: says why on the
 * message line (TUI_REDRAW); else TUI_UNHANDLED. */
int role_refusal(struct tui *t, const enum action *list, unsigned limits, const struct tui_key *k);
/* Pengaturan: accounts, office, language, settings in effect, keys; arg unused. */
extern const struct screen_ops screen_settings;
/* Accounts of this database (admin); arg unused. */
extern const struct screen_ops screen_accounts;
/* The settings in effect and where each came from; arg unused. */
extern const struct screen_ops screen_config;

/* The answer id the filter screen gives the list when its filters changed. */
#define ANSWER_FILTER 100

struct record_arg {
	const struct entity_meta *meta;
	struct rid id;
};

/* Filter values, region codes and a status value (NULL = any); owned by the list. */
struct filter_arg {
	const struct entity_meta *meta;
	char **kabupaten, **kecamatan, **status;
};

#endif
