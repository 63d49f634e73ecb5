/*
 * store.h - the SQLite database: schema and migrations, the op log, the hybrid
 * logical clock, the field-level fold into the visible tables, and every query.
 * This layer is the only one with SQL; all of it uses bound parameters.
 *
 * The write path (DESIGN.md): a save of a form is one op carrying every field it
 * changed, with the value each replaced. Ops are identified by (origin replica,
 * sequence), hashed and chained per origin, kept with INSERT OR IGNORE and never
 * deleted. The visible tables are a fold over the ops: per (record, field) the op
 * with the greatest (hlc, origin) wins. Local and imported ops share one path
 * (store_apply_op).
 */
#ifndef BANTU_STORE_H
#define BANTU_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util.h"
#include "store/entity.h"

struct store;

enum store_open_flags {
	STORE_CREATE = 1,    /* make the file when missing (bantu init) */
	STORE_READONLY = 2,
};

/*
 * Opens (and with STORE_CREATE creates) the database at path, in WAL mode with
 * foreign keys on, and brings the schema up to date. NULL and e on failure
 * ("PATH: not a Bantu database", "PATH: database is locked", ...).
 */
struct store *store_open(const char *path, int flags, struct err *e);
void store_close(struct store *st);
const char *store_path(const struct store *st);

/*
 * Long work (building and applying bundles) reports its progress here: fn(done,
 * total, arg) every few thousand changes; NULL turns it off. The screens draw a
 * progress bar with it; it must not touch the database.
 */
void store_progress(struct store *st, void (*fn)(int64_t done, int64_t total, void *arg),
		    void *arg);

/* Bulk work (imports, demo data): a larger page cache (64 MB instead of 16 MB),
 * so a big transaction does not spill to the WAL page by page. */
void store_bulk(struct store *st, bool on);

/* True once store_init_office has run on this database. */
bool store_is_initialised(const struct store *st);

/*
 * Makes this database an office's replica: office code and name, a new random
 * replica id. Refuses a database already initialised.
 */
bool store_init_office(struct store *st, const char *office_code, const char *office_name,
		       struct err *e);
const char *store_office_code(const struct store *st);
const char *store_office_name(const struct store *st);
int64_t store_replica_id(const struct store *st);

/* Meta values (small settings of this database), owned by the caller. */
char *store_meta_get(struct store *st, const char *key);
bool store_meta_set(struct store *st, const char *key, const char *value, struct err *e);

/*
 * Transactions. store_begin opens a write transaction (BEGIN IMMEDIATE, so a
 * second writer fails at once with "database is locked" rather than mid-way).
 * Nested begins are counted; only the outermost commits. store_rollback undoes
 * the whole outermost transaction.
 */
bool store_begin(struct store *st, struct err *e);
bool store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st);

/* The hybrid logical clock: 48-bit milliseconds, 16-bit counter. */
int64_t store_hlc_now(struct store *st);
/* Highest HLC seen; and whether the wall clock is behind it (a laptop whose
 * clock is wrong). */
int64_t store_hlc_max(const struct store *st);
bool store_clock_behind(struct store *st);
/* Whether the wall clock is more than a year ahead of every change seen (a wrong
 * date that would make this laptop win every conflict). */
bool store_clock_ahead(struct store *st);
/* Milliseconds of an HLC. */
static inline int64_t hlc_ms(int64_t hlc) { return hlc >> 16; }

/* How far another office's clock may be ahead of this one's (sync.clock_drift_minutes;
 * a day when unset): what ops received teach this clock stops there, and the
 * province refuses bundles of ops stamped further ahead. */
#define STORE_CLOCK_DRIFT_DEFAULT_MS ((int64_t)86400 * 1000)
void store_set_clock_drift(struct store *st, int64_t ms);
int64_t store_clock_drift(const struct store *st);
/* The drift is a province setting (model/shared_settings.c): fn gives it (ms)
 * again each time an op of entity pengaturan is folded, so ops received after
 * the province's change are held to it. */
void store_set_clock_drift_source(int64_t (*fn)(struct store *st));
/* An op's clock received from another office: the clock follows it, but never
 * beyond this computer's wall clock plus the drift (a district whose clock said
 * 2099 must not move every later change here to 2099). */
void store_hlc_seen(struct store *st, int64_t hlc);

/*
 * One field an op sets: its new value, the value it replaced (NULL = empty) and
 * that value's clock (base: hlc then origin, big-endian; zero when the field was
 * never set). Two ops on one field with the same base were made without either
 * seeing the other: a conflict when their values differ.
 */
#define CLOCK_SIZE 16
struct op_field {
	const char *name;
	const char *value;
	const char *old;
	uint8_t base[CLOCK_SIZE];
	/* Set when the value (old) was purged (right to erasure): value (old) is then
	 * NULL and this is the BLAKE2b-256 of the erased text, which the op hash is
	 * computed over, so the chain still verifies. Stored as {"purged":"HEX"}. */
	const uint8_t *value_hash;
	const uint8_t *old_hash;
	/* A personal field's 16 random bytes (NULL: none, as in ops made before
	 * them): its value and old value enter the op hash as BLAKE2b keyed with
	 * the salt, and a purge drops the salt with the values, so the marker and
	 * the op hash left behind cannot be matched by trying NIKs. */
	const uint8_t *salt;
};
#define OP_SALT_SIZE 16

struct op {
	int64_t origin;      /* replica id */
	int64_t seq;         /* 1, 2, ... per origin */
	int64_t hlc;
	const char *entity;
	struct rid record;
	const char *office;  /* office code of the origin */
	const char *officer; /* who made the change */
	const struct op_field *fields;
	size_t nfields;
	uint8_t prev[32];    /* hash of the origin's previous op (zero for the first) */
	uint8_t hash[32];
};

/* The key of a purged value's marker in the op log: {"purged":"HEX"}. */
#define OP_PURGED_KEY "purged"

/*
 * Purges (right to erasure, UU 27/2022) fields (NULL-ended names of ent's
 * fields) of record id: one op of this replica, carried by bundles like any
 * other, which on every office that applies it replaces the values of those
 * fields in every op of the record (also in ops that arrive later) by the
 * marker of their hash, and empties them in the visible table and the search
 * index. The hash chains still verify. One transaction; after it the search
 * index is compacted and the WAL truncated (secure_delete zeroes freed space).
 */
bool store_purge(struct store *st, const struct entity_def *ent, const struct rid *id,
		 const char *const *fields, const char *reason, const char *officer,
		 struct err *e);

/* The fields a record of entity copies from the business its reference *ref
 * names ("nik,nama,..."), erased whenever that business is purged (purge.c); NULL:
 * none. */
const char *purge_copy_fields(const char *entity, const char **ref);
/* The personal fields of entity as the store knows them ("nik,nama,..."),
 * salted in the op log; NULL: none. */
const char *purge_personal_fields(const char *entity);
/* The fields of a record purged so far, comma-separated (caller frees), or NULL. */
char *store_purged_fields(struct store *st, const struct entity_def *ent, const struct rid *id);

/* The op's hash (BLAKE2b-256 over its canonical bytes, chained to prev). */
void op_compute_hash(const struct op *op, uint8_t out[32]);
/* The hash a value (tag 'v') or old value ('o') enters the op hash through:
 * BLAKE2b-256 of the text, keyed with the field's salt when it has one (then
 * over the tag and the text). What a purge keeps as the value's marker. */
void op_value_hash(const char *v, const uint8_t *salt, char tag, uint8_t out[32]);

/*
 * Applies one op: stores it (INSERT OR IGNORE on (origin, seq)) and, when new,
 * folds it into the visible tables. Returns 1 when new, 0 when already known,
 * -1 on error. The caller holds the transaction.
 */
int store_apply_op(struct store *st, const struct op *op, struct err *e);

/*
 * Saves a record as this replica: compares rec with the stored record, makes
 * one op with the fields that differ, applies it, in one transaction (or inside
 * the caller's). A new record (zero id) gets its id and reg_no here, written
 * back into rec. Returns 1 when saved, 0 when nothing changed, -1 on error
 * (nothing written).
 */
int store_save(struct store *st, struct record *rec, const char *officer, struct err *e);

/* Reads a record; false when there is none (e may be NULL). out is initialised
 * on success and must be released. */
bool store_get(struct store *st, const struct entity_def *ent, const struct rid *id,
	       struct record *out, struct err *e);

/* A record's history: one call per field an op set, oldest first. Strings are
 * valid during the call only. */
struct history_entry {
	int64_t hlc;
	int64_t origin, seq;
	const char *office, *officer;
	const char *field, *old, *value;
	bool old_purged, value_purged; /* the value was erased by a purge */
	bool first_of_op;    /* the first field of its op */
};
bool store_history(struct store *st, const struct entity_def *ent, const struct rid *id,
		   void (*fn)(const struct history_entry *h, void *arg), void *arg,
		   struct err *e);

/* Lists: keyset paging, never every row. */
struct agg_where;
struct list_query {
	const struct entity_def *ent;
	const char *search;        /* prefix words over the search fields; NULL/"" = all */
	const char *kabupaten;     /* region code filters, NULL = any */
	const char *kecamatan;
	const char *status_field;  /* e.g. "status_usaha" */
	const char *status;        /* its value, NULL = any */
	bool deleted;              /* false: active records; true: deleted ones only */
	const char *const *columns;/* fields to return, NULL-terminated */
	const char *date_field;    /* a period on this field (a report's row), NULL = none */
	const char *from, *to;     /* its bounds, YYYY-MM-DD inclusive; NULL = open */
	const struct agg_where *where; /* further conditions (a report figure's), as */
	size_t nwhere;                 /* store_aggregate takes them; NULL/0 = none */
};

/* Where a page ended (or starts): opaque to callers. */
struct list_cursor {
	bool valid;
	int64_t rowid;
	char *key;        /* sort key (name) for unsearched lists; owned */
};
void list_cursor_release(struct list_cursor *c);
void list_cursor_copy(struct list_cursor *dst, const struct list_cursor *src);

struct list_row {
	struct rid id;
	char **values;    /* one per query column, NULL = empty; owned */
	struct list_cursor cursor;
};
void list_row_release(struct list_row *row, size_t ncols);

/*
 * Fills up to limit rows after (or, backward, before) the cursor (invalid
 * cursor = from the start, or the end when backward). Rows are always returned
 * in list order. Returns the count, or -1 with e.
 */
int store_list_page(struct store *st, const struct list_query *q,
		    const struct list_cursor *from, bool backward, size_t limit,
		    struct list_row *rows, struct err *e);

/* Counts matching records, stopping at cap (returns cap when there are more). */
int64_t store_list_count(struct store *st, const struct list_query *q, int64_t cap);

/* Records whose field equals value (active ones, excluding `except`), up to max;
 * ids into out. For duplicate checks. Unmerged records only, except for a
 * lookup by merged_into (the records merged into one). */
int store_find_by_field(struct store *st, const struct entity_def *ent, const char *field,
			const char *value, const struct rid *except, struct rid *out, int max);

/* Pairs of active records sharing a non-empty value of field (a NIK), in
 * rowid order; fn returns false to stop. For the duplicate review. */
bool store_same_value_pairs(struct store *st, const struct entity_def *ent, const char *field,
			    bool (*fn)(const struct rid *a, const struct rid *b, void *arg),
			    void *arg, struct err *e);

/* The record with this NIK and (case-insensitive) name, for CSV re-imports. */
bool store_find_match(struct store *st, const struct entity_def *ent, const char *key_field,
		      const char *key, const char *name, struct rid *out);

/*
 * Aggregates for summaries: per value of group (or one row when group is NULL),
 * the count of active, unmerged records and the sums of the sum fields, with
 * the records filtered by where (field cmp value; cmp one of = <> < <= > >=,
 * "has" (value is one of a list "a;b;c"), or "null" / "notnull" with value
 * unused). Field names must be the entity's.
 * fn gets the group value (NULL = empty) and the figures; returns false to stop.
 */
struct agg_where {
	const char *field;
	const char *cmp;
	const char *value;
};
struct agg_query {
	const struct entity_def *ent;
	const char *group;
	const char *const *sums;     /* NULL-ended, or NULL */
	const struct agg_where *where;
	size_t nwhere;
};
bool store_aggregate(struct store *st, const struct agg_query *q,
		     bool (*fn)(const char *group, int64_t count, const int64_t *sums, void *arg),
		     void *arg, struct err *e);

/* The same with several group fields (q->group unused): fn gets one value per
 * group field (NULL = empty), for one pass over the records where several
 * breakdowns are wanted. */
bool store_aggregate_by(struct store *st, const struct agg_query *q,
			const char *const *groups,
			bool (*fn)(const char *const *values, int64_t count, const int64_t *sums,
				   void *arg),
			void *arg, struct err *e);

/* Counts active records of an entity. */
int64_t store_count(struct store *st, const struct entity_def *ent);

/* Iterates active (or all) records in id order; for CSV export. fn returns false
 * to stop. */
bool store_each(struct store *st, const struct entity_def *ent, bool include_deleted,
		bool (*fn)(const struct record *rec, void *arg), void *arg, struct err *e);

/*
 * Integrity: PRAGMA integrity_check, foreign_key_check, every search index read
 * through, every origin's hash chain, a rebuild of the fold from the op log
 * compared with the visible tables, and registration numbers held twice.
 * Calls report for each problem found (a line of text); returns the count, or
 * -1 when the check itself failed.
 */
int store_check(struct store *st, void (*report)(const char *msg, void *arg), void *arg,
		struct err *e);

/*
 * The parts of store_check that say whether the file is intact and
 * self-consistent (integrity, the search indexes, chains, purged values, the
 * fold), without the findings a person settles (registration numbers shared by
 * two records): what a backup must pass before it is restored.
 */
int store_verify(struct store *st, void (*report)(const char *msg, void *arg), void *arg,
		 struct err *e);

/*
 * `bantu check --repair`: rebuilds what is derived from the op log (the visible
 * tables, their search indexes, the conflict suspects) in one transaction. The
 * op log itself is never changed: damage there stays for check to name.
 */
bool store_repair(struct store *st, struct err *e);

/*
 * Registration numbers (regno.c). The live record (neither deleted nor merged)
 * numbered reg_no: 1 and *out; 0 when there is none; -1 and e naming both
 * (id, name, office) when two live records share it, which two replicas of one
 * office restored from one backup can bring about.
 */
int store_find_reg_no(struct store *st, const struct entity_def *ent, const char *reg_no,
		      struct rid *out, struct err *e);
/* Whether any record (deleted or merged too) holds reg_no. */
bool store_regno_taken(struct store *st, const struct entity_def *ent, const char *reg_no);
/* After a restore: this replica numbers from a block of its own, above every
 * number of the office the copy holds (the caller holds the transaction). */
bool store_regno_new_block(struct store *st, struct err *e);
/* Calls fn for each number two live records share; returns their count, -1 on
 * error. */
int store_regno_collisions(struct store *st, void (*fn)(const char *msg, void *arg), void *arg,
			   struct err *e);

/*
 * For tests only: fold by arrival order (the last op applied wins) instead of
 * the (hlc, origin) rule, to show that the convergence test catches a wrong
 * merge rule.
 */
void store_test_arrival_order(struct store *st, bool on);

/* Ops in the log. */
int64_t store_op_count(struct store *st);

/*
 * What a backup is, read from it without writing anything (store_backup_verify):
 * its office, that office's public signing key as the copy holds it (to match the
 * key file beside the backup), and whether the copy was verified in place
 * (false: an older schema, verified after its upgrade in the restored copy).
 */
struct backup_identity {
	char office[32];
	uint8_t sign_pk[32];
	bool has_sign_pk;
	bool verified;
};

/*
 * Verifies a backup file before anything is made from it, writing nothing (the
 * file opened read-only, immutable): SQLite's integrity check, a Bantu database
 * of a schema this Bantu knows, and store_verify (every op's hash and chain, the
 * tables and search indexes against the op log). A record changed with the
 * sqlite3 shell, or a flipped byte, fails here. e says what is wrong, naming the
 * first problem.
 */
bool store_backup_verify(const char *backup, struct backup_identity *id, struct err *e);

/*
 * Program rules in the fold (issue 20). The store knows no rule: the model
 * registers a verdict hook that judges each op on a record of an entity it
 * wants, given the record's folded values just before the op in (hlc, origin,
 * seq) order. An op it refuses stays in the log (chains verify, later ops
 * apply) but leaves the tables as if it had not been made, and is listed in
 * op_refused with its reason; a field it skips (a stale state that would move
 * the record back) is left out while the op's other fields apply. Ops of such
 * entities that arrive out of clock order make the store fold their record
 * again from its ops in order, so the result is a function of the op set alone.
 */
struct verdict_in {
	const struct entity_def *ent;
	const struct op *op;
	char *const *values;   /* ent->nfields folded values before the op; NULL unset */
	const uint8_t *clk;    /* their clocks, CLOCK_SIZE each, zero when unset */
	bool exists;           /* the record has a row (an earlier op made it) */
};
struct verdict_out {
	bool refuse;
	char why[240];
	bool *skip;            /* per op field, all false on entry */
	bool recheck;          /* judged without a record it rests on (not yet
				* arrived): the record is folded again at the end
				* of the import */
};
typedef void (*store_verdict_fn)(struct store *st, const struct verdict_in *in,
				 struct verdict_out *out);
/* wants: whether ops of an entity are judged (others keep the plain fold). */
void store_set_verdict(store_verdict_fn fn, bool (*wants)(const struct entity_def *ent));

/* Folds again the records whose verdicts waited for a record that had not yet
 * arrived (verdict_out.recheck); a bundle import calls it before COMMIT. */
bool store_recheck(struct store *st, struct err *e);

/*
 * The province's decisions that refuse other offices' changes (store/decision.c),
 * recorded as ops of this replica (entity DECISION_ENTITY) that travel in every
 * bundle: every office refuses the changes they name, also ones it had applied
 * before (their records folded again), listed with the refused changes.
 * store_decide_revoke: office's changes beyond the seq of each of its origins
 * held here now (the cut-off; a later origin's all). store_decide_clock: those
 * changes of origin (seqs ascending) were stamped beyond this clock plus the
 * drift when they arrived. The caller holds the transaction.
 */
#define DECISION_ENTITY "_decision"
bool store_decide_revoke(struct store *st, const char *office, struct err *e);
bool store_decide_clock(struct store *st, const char *office, int64_t origin,
			const int64_t *seqs, size_t n, struct err *e);
/* The cut-off of office's origin under its revocation(s), -1 when not revoked. */
int64_t store_revoked_at(struct store *st, const char *office, int64_t origin);

/* A change refused by the rules (derived: the same on every office with the
 * same ops). */
struct refused_op {
	int64_t origin, seq, hlc;
	const char *entity;
	struct rid record;
	const char *office, *officer;
	const char *why;
};
/* Calls fn for each refused change, oldest first; the count, or -1. */
int store_refused_each(struct store *st, void (*fn)(const struct refused_op *r, void *arg),
		       void *arg, struct err *e);
/* The reason of the last op this process applied, when the rules refused it
 * ("" otherwise): a local save reports it and writes nothing. */
const char *store_last_refusal(const struct store *st);
/* The refused changes held (for a bundle's summary: after minus before). */
int64_t store_refused_count(struct store *st);

/*
 * Backup and restore (backup.c). What a copy holds: its ops, active records, and
 * a BLAKE2b digest of every origin's chain head (origin, last seq, its hash).
 */
struct backup_summary {
	int64_t ops;
	int64_t records;
	uint8_t heads[32];
};

/*
 * A consistent copy of the open database while others may write to it (SQLite's
 * online backup, inside one read transaction), written to OUT.tmp (mode 0600),
 * made a single file (no WAL), fsynced, reopened and verified (integrity_check,
 * the same ops and chain heads as the snapshot), then renamed to out. On any
 * failure nothing is left at out or OUT.tmp. sum (may be NULL) gets the copy's.
 */
bool store_backup(struct store *st, const char *out, struct backup_summary *sum, struct err *e);

/*
 * Makes a working database at db_path from the backup file: checks the backup
 * (a Bantu database set up for an office, integrity_check), copies it through
 * DB.tmp, gives the copy a new replica id (the office code stays) so changes
 * made after the backup on the old laptop and here never share an op key, and
 * renames it into place. Refuses an existing db_path unless keep_as is given:
 * then the database there (with its -wal) is moved to keep_as first, never
 * removed. With expect_office, a backup of another office is refused.
 * *old_replica gets the backup's replica id.
 */
bool store_restore(const char *backup, const char *db_path, const char *keep_as,
		   const char *expect_office, int64_t *old_replica,
		   const struct backup_identity *verified, struct backup_summary *sum,
		   struct err *e);

/*
 * After a restore: the old replica's chain is now another origin of this office;
 * keep its head, signed by this office's key (sign: as for bundles), so the ops
 * of it the province has not acknowledged travel in the next bundle.
 */
bool store_adopt_origin(struct store *st, int64_t origin,
			void (*sign)(const uint8_t *msg, size_t len, uint8_t sig[64], void *arg),
			void *sign_arg, struct err *e);

#endif
