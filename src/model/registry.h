/*
 * registry.h - the registry of UMKM and koperasi: what each field is to a clerk
 * (label, input kind, required, persistent), how a typed value is read and shown,
 * the rules a record must meet, and saving, deleting and restoring through the
 * store. The TUI and the command line both go through here; no curses.
 */
#ifndef BANTU_REGISTRY_H
#define BANTU_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "store/store.h"

enum field_kind {
	FK_TEXT,       /* one line of text */
	FK_LONGTEXT,   /* notes: several lines */
	FK_NIK,        /* 16 digits, checked */
	FK_NIB,        /* 13 digits */
	FK_NPWP,       /* 15 or 16 digits */
	FK_DIGITS,     /* exactly width digits (nomor induk koperasi) */
	FK_KBLI,       /* 5 digits */
	FK_PHONE,      /* mobile number, stored +62 */
	FK_MONEY,      /* whole Rupiah */
	FK_COUNT,      /* a non-negative whole number */
	FK_DATE,       /* stored YYYY-MM-DD, shown DD/MM/YYYY */
	FK_CHOICE,     /* one of choices */
	FK_MULTI,      /* several of choices, stored "a;b" */
	FK_KABKOTA,    /* region pickers: stored as codes */
	FK_KECAMATAN,
	FK_DESA,
	FK_SEX,        /* L / P */
	FK_READONLY,   /* shown, not typed (reg_no) */
	FK_REF,        /* another record (field_meta.ref names its entities): stored
			* "entity:32hex", typed as its registration no. or picked by a
			* search as you type over its name */
};

struct choice {
	const char *value;  /* stored, stable across languages ("mikro") */
	const char *label;  /* English msgid shown through gettext ("micro" -> "mikro") */
};

/* Personal data (UU 27/2022): what a purge erases and exports warn about. */
enum personal_kind {
	PD_NONE,
	PD_PERSONAL,    /* about a person (name, phone, address, sex): purged */
	PD_IDENTIFIER,  /* identifies a person (NIK, bank account): purged, and an
			 * export holding it says so in its first line */
};

struct field_meta {
	const char *name;
	const char *label;            /* English msgid */
	enum field_kind kind;
	bool required;
	bool persistent;              /* kept for the next record in heads-down entry */
	int width;                    /* longest input (characters); digits: exact length */
	const struct choice *choices; /* FK_CHOICE / FK_MULTI: {NULL, NULL}-ended */
	const char *hint;             /* English msgid: what to type */
	bool past_only;               /* dates: not after today */
	const char *ref;              /* FK_REF: entities it may name, "umkm koperasi" */
	bool derived;                 /* filled by the model (entity_meta.derive), not typed */
	enum personal_kind personal;  /* personal data: see above */
};

struct entity_meta;
struct issues;

/* A move of a record's state (entity_meta.status_field): from "" (a new record)
 * or a state to another. */
struct state_move {
	const char *from;
	const char *to;
};

/* What a program's own rules see (entity_meta.rules). */
struct rule_ctx {
	struct store *st;
	const struct entity_meta *m;
	const struct record *rec;    /* the record as it would be saved */
	const struct record *old;    /* as stored, or NULL for a new record */
	const char *officer;         /* who saves (auth_require for decisions) */
};

/* A variant of `bantu export-csv NAME`: `--aktif`, `--surat NOMOR`. */
struct export_variant {
	const char *flag;            /* "--aktif" */
	const char *arg_name;        /* "NOMOR" when the flag takes a value, or NULL */
	const char *help;            /* English msgid */
	bool (*run)(struct store *st, const struct entity_meta *m, const char *arg, FILE *out,
		    long *count, struct err *e);
};

struct entity_meta {
	const struct entity_def *ent;
	const char *title;            /* English msgid: "UMKM", "Cooperatives" */
	const struct field_meta *fields; /* the form's fields, in form order */
	size_t nfields;
	const char *status_field;     /* "status_usaha" / "status" */
	const char *match_field;      /* with the name, identifies a row on re-import */
	const char *nik_field;        /* duplicate warnings, or NULL */

	/* Program records (issues 4 and 5); unset for the registry. */
	const char *list_second;      /* the list's second column (default: owner / chair) */
	const char *list_third;       /* the third (default: kabupaten/kota or kecamatan) */
	const char *ref_field;        /* the FK_REF naming the business the record is part
				       * of: listed in that business's record view */
	const struct state_move *moves; /* allowed moves of status_field, {NULL,NULL}-ended:
					 * a record changes state only along these */
	/* Fills derived fields (the business's name and kabupaten/kota copied from the
	 * record named by ref_field) before validation; inside the save's transaction. */
	void (*derive)(struct store *st, const struct entity_meta *m, struct record *rec);
	/* The program's own rules, after the generic ones; inside the save's
	 * transaction, so totals read here cannot change before the write. */
	void (*rules)(const struct rule_ctx *c, struct issues *out);
	const struct export_variant *exports; /* {NULL}-ended, or NULL */
	const char *csv_name;         /* `bantu export-csv NAME` when not ent->name */
	/* A field whose value the model computes when it is read (an APD order's state
	 * from its deliveries and today's date, the amount owed): its stored form
	 * (caller frees), or NULL to use the stored value. Lists, record views and
	 * CSV exports ask it; NULL when the program has none. */
	char *(*computed)(struct store *st, const struct entity_meta *m, const struct rid *id,
			  const char *field);
};

/*
 * Choices a clerk is offered from a list in the settings (programs.produk.
 * categories): values as listed, a default's translated label kept; defaults
 * when the list is absent or empty. The copies live in *owned (replaced at each
 * call, freed by choices_release) so they outlive the config.
 */
struct config;
struct owned_choices {
	struct choice *v;
	size_t n;
};
const struct choice *choices_from_config(const struct config *cfg, const char *key,
					 const struct choice *defaults,
					 struct owned_choices *owned);
void choices_release(struct owned_choices *owned);

extern const struct entity_meta meta_umkm;
extern const struct entity_meta meta_koperasi;
/* Every entity a clerk keys: the registry first, then the programs' records. */
extern const struct entity_meta *const meta_all[];
/* By entity name or CSV name ("warung-laporan"); NULL when none. */
const struct entity_meta *registry_meta(const char *entity);
const struct field_meta *registry_field(const struct entity_meta *m, const char *name);
/* The date a list of m's records is limited to a period by: the first date the clerk
 * keys (the registry's date recorded, a report's week, an application's date), or
 * NULL when m has none. */
const struct field_meta *registry_period_field(const struct entity_meta *m);
/* A field's label in the user's language, also for the fields every record has
 * (deleted, its reason, merged into); the name itself for others. m may be NULL. */
const char *registry_field_label(const struct entity_meta *m, const char *field);

/*
 * Starts a new record with its defaults: the date recorded is today, and at a
 * district office the kabupaten/kota is the office's own. rec is initialised.
 */
void registry_new(struct store *st, const struct entity_meta *m, struct record *rec);

/*
 * Reads a value as typed into its stored form ("12052020" -> "2020-05-12",
 * "Rp 2.500.000" -> "2500000", "0812 3456 7890" -> "+6281234567890",
 * "bandar lampung" -> "18.71"). rec gives context (a kecamatan is looked up in
 * the record's kabupaten). Empty input gives *out = NULL and true. On error:
 * false, e says what is wrong in the user's language. *out: caller frees.
 */
bool registry_parse(struct store *st, const struct record *rec, const struct field_meta *f,
		    const char *input, char **out, struct err *e);

/* Shows a stored value as a clerk reads it ("2020-05-12" -> "12/05/2020",
 * region codes -> names, choices -> labels). Caller frees; NULL in, "" out. */
char *registry_display(struct store *st, const struct field_meta *f, const char *value);
/* The same for a narrow list column: a kabupaten as "Kab. Lampung Tengah"
 * (region_short_name). Caller frees. */
char *registry_display_short(struct store *st, const struct field_meta *f, const char *value);

enum issue_severity { ISSUE_WARNING = 1, ISSUE_ERROR = 2 };

struct issue {
	int field;                /* index in entity_meta.fields, or -1 for the record */
	enum issue_severity severity;
	char msg[300];
};

struct issues {
	struct issue *v;
	size_t n, cap;
};
void issues_add(struct issues *is, int field, enum issue_severity sev, const char *fmt, ...)
	PRINTF_LIKE(4, 5);
void issues_clear(struct issues *is);
void issues_release(struct issues *is);
bool issues_has_errors(const struct issues *is);
/* The first error's field, or -1. */
int issues_first_error(const struct issues *is);

/*
 * Checks a record (values already in stored form): required fields, every
 * field's own rule, regions that belong together, NIK against sex and region,
 * the same NIK already registered (warning naming the other record).
 */
void registry_validate(struct store *st, const struct entity_meta *m, const struct record *rec,
		       struct issues *out);

/*
 * What a save would copy into the derived fields (a product's business name and
 * kecamatan from the UMKM it names), for a form to show before the save: derive
 * runs on a copy and only the derived fields are taken. Reads only.
 */
void registry_derive_preview(struct store *st, const struct entity_meta *m, struct record *rec);

/*
 * Everything registry_save checks, without writing: derive, registry_validate,
 * state moves and the program's rules. The caller holds the transaction when
 * the rules read totals (CSV import of program records).
 */
void registry_check(struct store *st, const struct entity_meta *m, struct record *rec,
		    const char *officer, struct issues *out);

enum save_result {
	SAVE_ERROR = -1,     /* e says why; nothing written */
	SAVE_INVALID = -2,   /* issues hold errors */
	SAVE_CONFIRM = -3,   /* issues hold warnings not yet confirmed */
	SAVE_UNCHANGED = 0,
	SAVE_DONE = 1,
};

/*
 * Validates and saves rec in one transaction. Warnings stop the save with
 * SAVE_CONFIRM unless confirm_warnings. rec->id and reg_no are filled for a new
 * record.
 */
enum save_result registry_save(struct store *st, const struct entity_meta *m,
			       struct record *rec, const char *officer, bool confirm_warnings,
			       struct issues *out, struct err *e);

/*
 * The fields of m holding personal data (personal != PD_NONE), NULL-ended;
 * caller frees the array (not the names). A program entity adds its own
 * (bank accounts) by marking them in its field_meta.
 */
const char **registry_personal_fields(const struct entity_meta *m);

/*
 * Purges (right to erasure) the personal fields of a record: only an admin
 * (auth_require AUTH_ADMIN) at the province office, with a reason. The purge
 * travels in bundles and erases the values on every office, op log included
 * (store_purge). False with e.
 */
bool registry_purge(struct store *st, const struct entity_meta *m, const struct rid *id,
		    const char *reason, const char *officer, struct err *e);

/* Tombstones a record with a reason (required), or restores it. */
bool registry_delete(struct store *st, const struct entity_meta *m, const struct rid *id,
		     const char *reason, const char *officer, struct err *e);
bool registry_restore(struct store *st, const struct entity_meta *m, const struct rid *id,
		      const char *officer, struct err *e);

/* The record's one-line description: "Warung Sri (18.71-U-000012)". Caller frees. */
/* Resolves a conflict on a field with value (store_resolve), as an admin. */
bool registry_resolve(struct store *st, const struct entity_def *ent, const struct rid *id,
		      const char *field, const char *value, const char *officer, struct err *e);

char *registry_describe(struct store *st, const struct entity_meta *m, const struct rid *id);

/*
 * References (FK_REF values "umkm:0191..."): splits one into its entity's
 * description and record id; false when malformed or of an unknown entity.
 * ref_make returns a new value for (m, id). ref_follow replaces a merged
 * business by the record it was merged into (program records follow the
 * surviving record); returns a new value, caller frees.
 */
bool ref_split(const char *value, const struct entity_meta **m, struct rid *id);
char *ref_make(const struct entity_meta *m, const struct rid *id);
char *ref_follow(struct store *st, const char *value);
/* Reads the record a reference names (following merges); false when none. */
bool ref_get(struct store *st, const char *value, struct record *out);

/*
 * Program records that name a business (FK_REF ref_field equal to the business
 * or to a record merged into it), across every entity of meta_all: fn gets each
 * record's meta and id; up to max in all. Returns the count.
 */
int registry_parts(struct store *st, const struct entity_meta *business, const struct rid *id,
		   void (*fn)(const struct entity_meta *m, const struct rid *id, void *arg),
		   void *arg, int max);

#endif
