/*
 * private.h - what the store's files share; not for other layers.
 */
#ifndef BANTU_STORE_PRIVATE_H
#define BANTU_STORE_PRIVATE_H

#include <sqlite3.h>

#include "store/store.h"

/* Prepared statements of one fold target (the visible table, or check's copy). */
struct fold_target {
	const struct entity_def *ent;
	char *table;            /* "main.umkm" or "temp.chk_umkm" */
	bool with_search;       /* main tables: search index and conflict suspects */
	bool main;              /* the visible table: refusals are recorded */
	sqlite3_stmt *sel, *ins, *upd, *suspect;
};

/* A change to a search index waiting for the end of the transaction. */
struct fts_pending {
	const struct entity_def *ent;
	int64_t rowid;
	char *old;    /* text to remove, or NULL */
	char *text;   /* text to add, or NULL */
};

struct store {
	sqlite3 *db;
	char *path;
	bool readonly;
	int txn_depth;
	bool txn_failed;
	char *office_code;
	char *office_name;
	char *officer;                 /* who this process works as (store_set_officer) */
	int64_t replica;
	int64_t next_seq;
	int64_t hlc_max;
	int64_t clock_drift_ms;        /* 0: STORE_CLOCK_DRIFT_DEFAULT_MS */
	uint8_t last_hash[32];
	bool hashes_loaded;
	struct fold_target *fold;      /* one per entity, main tables */
	sqlite3_stmt *op_insert;
	sqlite3_stmt *meta_set;
	bool any_purged;               /* the purged table has rows */
	bool purge_done;               /* this transaction purged: compact at commit */
	bool arrival_order;            /* test hook: the wrong merge rule */
	bool fold_created;             /* the last fold made a new row */
	struct strbuf merge_touched;   /* records whose merged_into was folded in this
					* transaction: entity index byte + 16 id bytes */
	char last_refusal[240];        /* why the rules refused the last op applied */
	struct recheck { const char *entity; struct rid id; } *recheck; /* store_recheck */
	size_t nrecheck, caprecheck;
	struct decision *dec;          /* decision.c: the province's refusals, loaded */
	size_t ndec;                   /* from the op log when first asked */
	bool dec_loaded;
	void (*progress)(int64_t done, int64_t total, void *arg);
	void *progress_arg;
	struct fts_pending *fts;
	size_t nfts, capfts;
	struct stmt_cache_entry {
		char *sql;
		sqlite3_stmt *stmt;
	} cache[64];
};

/*
 * A prepared statement for sql from the store's cache, reset and with its
 * bindings cleared; prepared on first use. Owned by the store: do not finalize.
 * NULL with e on failure.
 */
sqlite3_stmt *store_stmt(struct store *st, const char *sql, struct err *e);

/* The search index is written at commit (store_fts_flush), in one go. */
void store_fts_queue(struct store *st, const struct entity_def *ent, int64_t rowid,
		     const char *old, const char *text);
bool store_fts_flush(struct store *st, struct err *e);
void store_fts_discard(struct store *st);

/* Reports progress every 2,000 steps (and at the end) when a hook is set. */
static inline void store_report(struct store *st, int64_t done, int64_t total)
{
	if (st->progress && (done % 2000 == 0 || done == total))
		st->progress(done, total, st->progress_arg);
}

/*
 * The ops of a bundle payload, for store_bundle_apply (store/opread.c): read in
 * the order of statement s by a second thread a batch ahead, each copied out of
 * the payload, its shape checked and, unless the store holds it already (known:
 * per origin, the seq up to which it does), its fields decoded and its hash
 * computed (without thread, or when none can be made, each batch is read when
 * it is wanted). op_reader_next hands them out in order; NULL at the end with *rc
 * the statement's last result. The ops of a batch live until the next batch is
 * reached. op_reader_stop ends the thread at any point and frees everything.
 */
struct read_op {
	struct op op;
	const char *fields_json; /* NULL when the reader took the op for known */
	bool bad_shape;          /* a column of the wrong size, a bad name, code or text */
	bool malformed;          /* the fields do not decode or name a bad field */
	bool prepared;           /* fields decoded; computed is the op's hash */
	uint8_t computed[32];
	struct op_field *fields; /* owned: the decoded fields */
	char *fbuf;
};
struct read_known {
	int64_t origin, through;
};
struct op_reader;
struct op_reader *op_reader_start(sqlite3_stmt *s, const struct read_known *known, size_t nknown,
				  bool thread);
struct read_op *op_reader_next(struct op_reader *rd, int *rc);
void op_reader_stop(struct op_reader *rd);
/* Decodes and hashes an op the reader left as known (does nothing when done). */
void read_op_prepare(struct read_op *r);
bool payload_code_ok(const char *s);
bool payload_name_ok(const char *s);
bool payload_text_ok(const char *s);

/* PRAGMA user_version: the schema this database is at. */
int store_schema_version(struct store *st);

/* Prepares a statement or sets e with the SQLite message. */
sqlite3_stmt *store_prepare(struct store *st, const char *sql, struct err *e);
/* Runs SQL without parameters (schema statements). */
bool store_exec(struct store *st, const char *sql, struct err *e);
/* Sets e from the database's last error, prefixed with what. */
bool store_fail(struct store *st, struct err *e, const char *what);
/* The clock drift again from its source (store_set_clock_drift_source). */
void store_clock_drift_refresh(struct store *st);

/* Fold: prepares a target for entity ent on table (qualified name). */
/* store.c: the URI that opens path read-only writing nothing beside it (NULL:
 * open path itself; caller frees); the schema version this Bantu makes. */
char *readonly_uri(const char *path);
#define STORE_APP_ID 0x42414e54 /* "BANT" in PRAGMA application_id */
int store_schema_latest(void);

bool fold_target_init(struct store *st, struct fold_target *t, const struct entity_def *ent,
		      const char *table, bool with_search, struct err *e);
void fold_target_release(struct fold_target *t);
/* Reads a record's per-field clocks (ent->nfields * CLOCK_SIZE bytes, zero when
 * unset) into clk; false when there is no such record. */
bool fold_read_clocks(struct store *st, struct fold_target *t, const struct rid *id,
		      uint8_t *clk);
/* The main table's fold target of an entity, or NULL. */
struct fold_target *fold_for(struct store *st, const char *entity);

/* Makes and applies one op of this replica (next sequence, HLC now, chained);
 * the caller holds the transaction. */
bool store_local_op(struct store *st, const struct entity_def *ent, const struct rid *id,
		    const struct op_field *fields, size_t n, const char *officer, struct err *e);

/* decision.c: the province's decisions that refuse changes (revocation cut-off,
 * clock). Whether op is a decision; whether the decisions held refuse op (why
 * set); after a decision op is stored: the records of the changes it refuses
 * are folded again; the cache dropped (at rollback and close). */
bool decision_is_op(const struct op *op);
bool decision_refuses(struct store *st, const struct op *op, char *why, size_t n);
bool decision_apply(struct store *st, const struct op *op, struct err *e);
void decision_forget(struct store *st);
/* Folds a record again from its ops in clock order (oplog.c). */
bool fold_again(struct store *st, struct fold_target *t, const struct rid *id, struct err *e);

/* Folds one op's fields into a target. */
bool fold_apply(struct store *st, struct fold_target *t, const struct op *op, struct err *e);

/* purge.c: an op about to be stored, with the values of fields already purged
 * on its record replaced by their markers. Returns 1 and fills *out (fields in
 * *fields and hashes in *hashes, both freed by the caller) when something was
 * scrubbed, 0 when the op is stored as it is, -1 on error. */
int purge_incoming(struct store *st, const struct op *op, struct op *out,
		   struct op_field **fields, uint8_t **hashes, struct err *e);
/* Whether entity.field holds personal data (purge.c: the model's personal
 * fields, which a unit test compares): its values are salted in the op log. */
bool purge_personal(const char *entity, const char *field);
/* Carries out a new purge op (one with a FIELD_PURGE field) on this database. */
bool purge_apply(struct store *st, const struct op *op, struct err *e);
/* Whether the purged table has rows (st->any_purged). */
bool purge_load(struct store *st);
/* Before COMMIT of a transaction that purged: merges the search indexes so no
 * deleted term stays in an old segment. */
bool purge_compact(struct store *st, struct err *e);
/* Empties fields (NULL-ended) of a record in its visible row and search text;
 * the clocks stay (the ops that set them now hold markers, which fold to empty). */
bool fold_scrub(struct store *st, const struct entity_def *ent, const struct rid *id,
		char *const *fields, struct err *e);

/* merge.c: merge cycles. merge_note remembers a record whose merged_into an op
 * set; merge_fixup (at commit) derives the cycles reachable from those and
 * shows each one's smallest id (its merged_into column emptied, the log's value
 * kept in merge_cycle); merge_forget drops the notes (rollback). merge_fix_all
 * derives every cycle of a fold target, with side as its merge_cycle table
 * (check's copies). */
void merge_note(struct store *st, const struct op *op);
bool merge_fixup(struct store *st, struct err *e);
void merge_forget(struct store *st);
bool merge_fix_all(struct store *st, struct fold_target *t, const char *side, struct err *e);
struct conflict;
/* Each merge cycle (of ent or all; one holding record when not NULL) as a
 * conflict on merged_into of the member shown; returns the count or -1. */
int merge_cycle_conflicts(struct store *st, const struct entity_def *ent, const struct rid *record,
			  void (*fn)(const struct conflict *c, void *arg), void *arg, struct err *e);
/* Resolves the cycle holding record: value empty keeps the member shown, else
 * the member value names (id or registration number) is kept (one op emptying
 * its merged_into). 1 done, 0 failed (e), -1 when record is in no cycle. */
int merge_cycle_resolve(struct store *st, const struct entity_def *ent, const struct rid *record,
			const char *value, const char *officer, struct err *e);

/* Op field encoding (JSON array of [name, value, old] triples). */
void op_fields_encode(struct strbuf *out, const struct op_field *f, size_t n);
/* Decodes into an array of fields whose strings point into *buf (a copy owned by
 * the caller, freed with free()). Returns the count or -1. */
int op_fields_decode(const char *json, struct op_field **fields, char **buf);

/* The SQL column list of an entity's table ("nama_usaha, nama_pemilik, ..."). */
void entity_columns(const struct entity_def *ent, struct strbuf *out, const char *prefix);

/* Indexes and the search index of an entity of schema 4 on. */
bool entity_create_indexes(struct store *st, const struct entity_def *ent, struct err *e);
/* Creates an entity's visible table (schema "main" or "temp", name). */
bool entity_create_table(struct store *st, const struct entity_def *ent, const char *schema,
			 const char *name, struct err *e);

/* The test-only fault-injection VFS (fault.c): registered when $BANTU_FAULT_WRITES
 * is set, a no-op otherwise. store_open calls it. */
void store_fault_init(void);

#endif
