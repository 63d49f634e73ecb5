/* sync.c - offices, acknowledgements, chain heads; bundle payloads built and applied. */
#include "store/sync.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "private.h"
#include "store/conflict.h"

#define PAYLOAD_FORMAT 2 /* 2: op fields may hold purged-value markers */
#define PAYLOAD_MAX ((sqlite3_int64)1 << 31) /* as the envelope's cap */

static int64_t now_ms(void)
{
	return clock_now_ms();
}

static void blob_copy(sqlite3_stmt *s, int col, uint8_t *dst, size_t n, bool *has)
{
	bool ok = sqlite3_column_bytes(s, col) == (int)n;
	if (ok)
		memcpy(dst, sqlite3_column_blob(s, col), n);
	else
		memset(dst, 0, n);
	if (has)
		*has = ok;
}

static void office_from_row(sqlite3_stmt *s, struct office_row *o)
{
	memset(o, 0, sizeof(*o));
	str_copy(o->code, (const char *)sqlite3_column_text(s, 0), sizeof(o->code));
	str_copy(o->name, sqlite3_column_type(s, 1) == SQLITE_NULL ? "" :
		 (const char *)sqlite3_column_text(s, 1), sizeof(o->name));
	blob_copy(s, 2, o->sign_pk, PK_SIZE, NULL);
	blob_copy(s, 3, o->box_pk, PK_SIZE, NULL);
	str_copy(o->status, (const char *)sqlite3_column_text(s, 4), sizeof(o->status));
	blob_copy(s, 5, o->cert, SIG_SIZE, &o->has_cert);
	o->last_heard = sqlite3_column_int64(s, 6);
	o->last_sent = sqlite3_column_int64(s, 7);
}

#define OFFICE_COLS "code, name, sign_pk, box_pk, status, cert, last_heard, last_sent"

bool store_office_get(struct store *st, const char *code, struct office_row *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " OFFICE_COLS " FROM office WHERE code = ?", NULL);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	bool found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		office_from_row(s, out);
	sqlite3_reset(s);
	return found;
}

bool store_office_put(struct store *st, const struct office_row *o, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT OR REPLACE INTO office(" OFFICE_COLS ")"
				     " VALUES (?,?,?,?,?,?,?,?)", e);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, o->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, o->name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, o->sign_pk, PK_SIZE, SQLITE_STATIC);
	sqlite3_bind_blob(s, 4, o->box_pk, PK_SIZE, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, o->status, -1, SQLITE_STATIC);
	if (o->has_cert)
		sqlite3_bind_blob(s, 6, o->cert, SIG_SIZE, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, o->last_heard);
	sqlite3_bind_int64(s, 8, o->last_sent);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE || store_fail(st, e, "office");
}

void store_office_each(struct store *st, void (*fn)(const struct office_row *o, void *arg),
		       void *arg)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT " OFFICE_COLS " FROM office ORDER BY code", -1, &s,
			       NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct office_row o;
		office_from_row(s, &o);
		fn(&o, arg);
	}
	sqlite3_finalize(s);
}


static void put_u64(uint8_t *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (56 - 8 * i));
}

void head_message(int64_t origin, int64_t seq, const uint8_t hash[32], uint8_t out[HEAD_MSG_SIZE])
{
	memcpy(out, "bantu-head", 10);
	put_u64(out + 10, (uint64_t)origin);
	put_u64(out + 18, (uint64_t)seq);
	memcpy(out + 26, hash, 32);
}

/* ---- the payload database ---- */

/* Built as schema "bundle" attached to the store's connection, so that the ops
 * are copied by one INSERT ... SELECT per batch rather than row by row. */
static const char payload_schema[] =
	"CREATE TABLE bundle.manifest(key TEXT PRIMARY KEY, value TEXT);"
	"CREATE TABLE bundle.op(origin INTEGER NOT NULL, seq INTEGER NOT NULL, hlc INTEGER NOT NULL,"
	" entity TEXT NOT NULL, record BLOB NOT NULL, office TEXT NOT NULL, officer TEXT NOT NULL,"
	" fields TEXT NOT NULL, prev BLOB NOT NULL, hash BLOB NOT NULL, PRIMARY KEY(origin, seq))"
	" WITHOUT ROWID;"
	"CREATE TABLE bundle.head(origin INTEGER PRIMARY KEY, office TEXT NOT NULL,"
	" seq INTEGER NOT NULL, hash BLOB NOT NULL, sig BLOB NOT NULL);"
	"CREATE TABLE bundle.ack(origin INTEGER PRIMARY KEY, seq INTEGER NOT NULL);"
	"CREATE TABLE bundle.office(code TEXT PRIMARY KEY, name TEXT, sign_pk BLOB, box_pk BLOB,"
	" status TEXT NOT NULL, cert BLOB);";

/* Each origin held and its last seq, by skipping from origin to origin along the
 * op table's key (a GROUP BY would read every op). */
#define ORIGIN_LAST \
	"WITH RECURSIVE o(x) AS (SELECT min(origin) FROM op UNION ALL" \
	" SELECT (SELECT min(origin) FROM op WHERE origin > x) FROM o WHERE x IS NOT NULL)" \
	" SELECT x AS origin, (SELECT max(seq) FROM op WHERE origin = x) AS last FROM o" \
	" WHERE x IS NOT NULL"

/* What peer has not acknowledged, per origin: ops (ack, last]. An origin's ops are
 * a whole chain (imports refuse gaps), so their count is last - ack. */
int64_t store_pending_for(struct store *st, const char *peer)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT coalesce(sum(max(l.last - coalesce(a.seq, 0), 0)), 0) FROM (" ORIGIN_LAST ") l"
		" LEFT JOIN peer_ack a ON a.peer = ? AND a.origin = l.origin", NULL);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, peer, -1, SQLITE_STATIC);
	int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	return n;
}

static bool build_fail(struct store *st, struct err *e)
{
	return err_set(e, 1, "bundle: %s", sqlite3_errmsg(st->db));
}

/* One statement on the store's connection, run to its end. */
static bool build_exec(struct store *st, const char *sql, struct err *e)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK || build_fail(st, e);
}

static bool manifest_put(struct store *st, const char *key, const char *value, struct err *e)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(st->db, "INSERT INTO bundle.manifest(key, value) VALUES (?, ?)", -1,
			       &s, NULL) != SQLITE_OK)
		return build_fail(st, e);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE || build_fail(st, e);
}

struct office_copy {
	sqlite3_stmt *ins;
	bool (*include)(const struct office_row *o, void *arg);
	void *arg;
	bool ok;
};

static void copy_office(const struct office_row *o, void *arg)
{
	struct office_copy *c = arg;
	if (!c->ok || !c->include || !c->include(o, c->arg))
		return;
	sqlite3_bind_text(c->ins, 1, o->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->ins, 2, o->name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(c->ins, 3, o->sign_pk, PK_SIZE, SQLITE_STATIC);
	sqlite3_bind_blob(c->ins, 4, o->box_pk, PK_SIZE, SQLITE_STATIC);
	sqlite3_bind_text(c->ins, 5, o->status, -1, SQLITE_STATIC);
	if (o->has_cert)
		sqlite3_bind_blob(c->ins, 6, o->cert, SIG_SIZE, SQLITE_STATIC);
	else
		sqlite3_bind_null(c->ins, 6);
	c->ok = sqlite3_step(c->ins) == SQLITE_DONE;
	sqlite3_reset(c->ins);
}

#define BUILD_BATCH 8192 /* ops per INSERT ... SELECT: the progress bar's step */

struct op_range {
	int64_t origin, from, to; /* seqs from..to, both included */
};

/* The ops for peer, per origin: after what it acknowledged; other origins only up
 * to the head whose signature we hold, ours up to now (signed below). */
static bool pending_ranges(struct store *st, const char *peer, struct op_range **out, size_t *n,
			   int64_t *total, struct err *e)
{
	sqlite3_stmt *s = NULL;
	*out = NULL;
	*n = 0;
	*total = 0;
	if (sqlite3_prepare_v2(st->db,
			       "SELECT l.origin, coalesce(a.seq, 0) + 1,"
			       " CASE WHEN l.origin = ?2 THEN l.last ELSE min(l.last, coalesce(h.seq, 0)) END"
			       " FROM (" ORIGIN_LAST ") l"
			       " LEFT JOIN peer_ack a ON a.peer = ?1 AND a.origin = l.origin"
			       " LEFT JOIN chain_head h ON h.origin = l.origin ORDER BY l.origin",
			       -1, &s, NULL) != SQLITE_OK)
		return build_fail(st, e);
	sqlite3_bind_text(s, 1, peer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, store_replica_id(st));
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct op_range r = { sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
				      sqlite3_column_int64(s, 2) };
		if (r.to < r.from)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof(**out));
		}
		(*out)[(*n)++] = r;
		*total += r.to - r.from + 1;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return build_fail(st, e);
	}
	return true;
}

static bool build_ops(struct store *st, const char *peer, head_sign_fn sign, void *sign_arg,
		      struct bundle_build_stats *stats, struct err *e)
{
	struct op_range *r = NULL;
	size_t nr = 0;
	int64_t total = 0;
	if (!pending_ranges(st, peer, &r, &nr, &total, e))
		return false;
	sqlite3_stmt *cp = NULL, *hd = NULL, *head_ins = NULL;
	bool ok = false;
	if (sqlite3_prepare_v2(st->db,
			       "INSERT INTO bundle.op SELECT origin, seq, hlc, entity, record, office,"
			       " officer, fields, prev, hash FROM main.op"
			       " WHERE origin = ? AND seq BETWEEN ? AND ?", -1, &cp, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(st->db, "INSERT INTO bundle.head VALUES (?,?,?,?,?)", -1, &head_ins,
			       NULL) != SQLITE_OK) {
		build_fail(st, e);
		goto out;
	}
	for (size_t i = 0; i < nr; i++) {
		stats->origins++;
		for (int64_t from = r[i].from; from <= r[i].to; from += BUILD_BATCH) {
			int64_t to = from + BUILD_BATCH - 1 < r[i].to ? from + BUILD_BATCH - 1 : r[i].to;
			sqlite3_bind_int64(cp, 1, r[i].origin);
			sqlite3_bind_int64(cp, 2, from);
			sqlite3_bind_int64(cp, 3, to);
			int rc = sqlite3_step(cp);
			sqlite3_reset(cp);
			if (rc != SQLITE_DONE) {
				build_fail(st, e);
				goto out;
			}
			stats->ops += sqlite3_changes(st->db);
			store_report(st, stats->ops, total);
		}
	}
	/* Heads: ours signed now, the others as their offices signed them. */
	if (sqlite3_prepare_v2(st->db,
		"SELECT origin, office, seq, hash, sig FROM main.chain_head WHERE origin <> ?1"
		" UNION ALL SELECT origin, office, seq, hash, NULL FROM"
		" (SELECT origin, office, seq, hash FROM main.op WHERE origin = ?1 ORDER BY seq DESC LIMIT 1)",
		-1, &hd, NULL) != SQLITE_OK) {
		build_fail(st, e);
		goto out;
	}
	sqlite3_bind_int64(hd, 1, store_replica_id(st));
	int rc;
	while ((rc = sqlite3_step(hd)) == SQLITE_ROW) {
		int64_t origin = sqlite3_column_int64(hd, 0);
		int64_t seq = sqlite3_column_int64(hd, 2);
		uint8_t hash[32], sig[SIG_SIZE];
		blob_copy(hd, 3, hash, 32, NULL);
		if (sqlite3_column_type(hd, 4) == SQLITE_NULL) {
			uint8_t msg[HEAD_MSG_SIZE];
			head_message(origin, seq, hash, msg);
			sign(msg, sizeof(msg), sig, sign_arg);
		} else {
			blob_copy(hd, 4, sig, SIG_SIZE, NULL);
		}
		sqlite3_bind_int64(head_ins, 1, origin);
		sqlite3_bind_text(head_ins, 2, (const char *)sqlite3_column_text(hd, 1), -1,
				  SQLITE_TRANSIENT);
		sqlite3_bind_int64(head_ins, 3, seq);
		sqlite3_bind_blob(head_ins, 4, hash, 32, SQLITE_TRANSIENT);
		sqlite3_bind_blob(head_ins, 5, sig, SIG_SIZE, SQLITE_TRANSIENT);
		if (sqlite3_step(head_ins) != SQLITE_DONE) {
			build_fail(st, e);
			goto out;
		}
		sqlite3_reset(head_ins);
	}
	ok = rc == SQLITE_DONE || build_fail(st, e);
out:
	free(r);
	sqlite3_finalize(cp);
	sqlite3_finalize(hd);
	sqlite3_finalize(head_ins);
	return ok;
}

/* The payload's manifest, ops and heads, acknowledgements and offices, written into
 * the attached schema "bundle" in one transaction: one snapshot of the store. */
static bool build_all(struct store *st, const char *peer, head_sign_fn sign, void *sign_arg,
		      bool (*include_office)(const struct office_row *o, void *arg), void *inc_arg,
		      struct bundle_build_stats *stats, struct err *e)
{
	if (!build_exec(st, "PRAGMA bundle.page_size=4096; PRAGMA bundle.journal_mode=OFF;"
			" BEGIN", e))
		return false;
	bool ok = build_exec(st, payload_schema, e);
	char num[32];
	snprintf(num, sizeof(num), "%d", PAYLOAD_FORMAT);
	ok = ok && manifest_put(st, "format", num, e);
	snprintf(num, sizeof(num), "%d", store_schema_version(st));
	ok = ok && manifest_put(st, "schema", num, e);
	ok = ok && manifest_put(st, "from", store_office_code(st), e);
	ok = ok && manifest_put(st, "to", peer, e);
	snprintf(num, sizeof(num), "%lld", (long long)now_ms());
	ok = ok && manifest_put(st, "created", num, e);
	ok = ok && build_ops(st, peer, sign, sign_arg, stats, e);
	ok = ok && build_exec(st, "INSERT INTO bundle.ack(origin, seq) " ORIGIN_LAST, e);
	if (ok) {
		struct office_copy c = { NULL, include_office, inc_arg, true };
		if (sqlite3_prepare_v2(st->db, "INSERT INTO bundle.office VALUES (?,?,?,?,?,?)", -1,
				       &c.ins, NULL) != SQLITE_OK)
			ok = build_fail(st, e);
		else
			store_office_each(st, copy_office, &c);
		sqlite3_finalize(c.ins);
		ok = ok && (c.ok || build_fail(st, e));
	}
	if (ok)
		return build_exec(st, "COMMIT", e);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return false;
}

bool store_bundle_build(struct store *st, const char *peer, head_sign_fn sign, void *sign_arg,
			bool (*include_office)(const struct office_row *o, void *arg), void *inc_arg,
			uint8_t **out, size_t *len, struct bundle_build_stats *stats,
			struct err *e)
{
	memset(stats, 0, sizeof(*stats));
	if (st->txn_depth > 0)
		return err_set(e, 1, "bundle: built inside a transaction");
	/* The payload is built in a buffer of our own, lent to SQLite's memdb as a
	 * growable image it does not free when detached: the finished database is
	 * then the payload itself, without copying tens of megabytes twice. */
	unsigned char *img = sqlite3_malloc64(4096);
	if (!img)
		return err_set(e, 1, "bundle: out of memory");
	if (sqlite3_exec(st->db, "ATTACH ':memory:' AS bundle", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_free(img);
		return build_fail(st, e);
	}
	bool ok = sqlite3_deserialize(st->db, "bundle", img, 0, 4096,
				      SQLITE_DESERIALIZE_RESIZEABLE) == SQLITE_OK;
	if (!ok) {
		sqlite3_free(img); /* not taken: deserialize failed */
		build_fail(st, e);
	} else {
		sqlite3_int64 limit = PAYLOAD_MAX;
		sqlite3_file_control(st->db, "bundle", SQLITE_FCNTL_SIZE_LIMIT, &limit);
		ok = build_all(st, peer, sign, sign_arg, include_office, inc_arg, stats, e);
	}
	/* The image as it stands (memdb may have moved it while growing); detaching
	 * leaves it to us. */
	sqlite3_int64 size = 0;
	unsigned char *done = sqlite3_serialize(st->db, "bundle", &size, SQLITE_SERIALIZE_NOCOPY);
	if (sqlite3_exec(st->db, "DETACH bundle", NULL, NULL, NULL) != SQLITE_OK && ok)
		ok = build_fail(st, e);
	if (ok && (!done || size <= 0))
		ok = err_set(e, 1, "bundle: out of memory");
	if (!ok) {
		sqlite3_free(done);
		return false;
	}
	*out = done;
	*len = (size_t)size;
	return true;
}

void store_bundle_free(uint8_t *payload)
{
	sqlite3_free(payload);
}

/* ---- reading a payload ---- */

/* Opens a payload read-only, in defensive mode, without copying it. */
static sqlite3 *payload_open(const uint8_t *payload, size_t len, struct err *e)
{
	sqlite3 *db = NULL;
	/* Serialized: the ops are read by a second thread (store/opread.c). */
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		err_set(e, 1, "bundle: out of memory");
		return NULL;
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	if (sqlite3_deserialize(db, "main", (unsigned char *)payload, (sqlite3_int64)len,
				(sqlite3_int64)len, SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
		err_set(e, 1, _("the bundle's contents cannot be read"));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_stmt *s = NULL;
	bool ok = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &s, NULL) == SQLITE_OK &&
		  sqlite3_step(s) == SQLITE_ROW && str_eq((const char *)sqlite3_column_text(s, 0), "ok");
	sqlite3_finalize(s);
	if (!ok) {
		err_set(e, 1, _("the bundle's contents are damaged"));
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

static bool read_manifest(sqlite3 *db, struct bundle_manifest *m, struct err *e)
{
	memset(m, 0, sizeof(*m));
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, "SELECT key, value FROM manifest", -1, &s, NULL) != SQLITE_OK)
		return err_set(e, 1, _("the bundle has no manifest"));
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(s, 0);
		const char *v = (const char *)sqlite3_column_text(s, 1);
		if (!v)
			continue;
		if (str_eq(k, "format"))
			m->format = atoi(v);
		else if (str_eq(k, "schema"))
			m->schema = atoi(v);
		else if (str_eq(k, "from"))
			str_copy(m->from, payload_code_ok(v) ? v : "?", sizeof(m->from));
		else if (str_eq(k, "to"))
			str_copy(m->to, payload_code_ok(v) ? v : "?", sizeof(m->to));
		else if (str_eq(k, "created"))
			m->created = strtoll(v, NULL, 10);
	}
	sqlite3_finalize(s);
	if (m->format < 1 || !*m->from || !*m->to)
		return err_set(e, 1, _("the bundle's manifest is incomplete"));
	if (!payload_code_ok(m->from) || !payload_code_ok(m->to))
		return err_set(e, 1, _("the bundle's manifest is malformed"));
	if (m->format > PAYLOAD_FORMAT)
		return err_set(e, 1, _("the bundle was made by a newer Bantu (format %d); upgrade Bantu"),
			       m->format);
	return true;
}

bool store_bundle_manifest(const uint8_t *payload, size_t len, struct bundle_manifest *m,
			   struct err *e)
{
	sqlite3 *db = payload_open(payload, len, e);
	if (!db)
		return false;
	bool ok = read_manifest(db, m, e);
	sqlite3_close(db);
	return ok;
}

/* ---- applying a payload ---- */

struct applier {
	struct store *st;
	const struct bundle_policy *pol;
	struct bundle_summary *sum;
	sqlite3 *db;
	int64_t origin;          /* the origin whose ops are being read */
	char office[OFFICE_CODE_MAX];
	int64_t head_seq;
	uint8_t head_hash[32];
	uint8_t expect_prev[32];
	int64_t expect_seq;
	int64_t last_seq;
	uint8_t last_hash[32];
	bool own_origin;         /* the origin is this replica: only copies of our ops may come */
	int64_t known_through;   /* ops of the origin up to here are held already */
	struct read_known *known; /* per origin, known_through as the import began */
	size_t nknown;
};

/* Our hash of (origin, seq), when we have that op. */
static bool have_op_hash(struct store *st, int64_t origin, int64_t seq, uint8_t hash[32])
{
	sqlite3_stmt *s = store_stmt(st, "SELECT hash FROM op WHERE origin = ? AND seq = ?", NULL);
	if (!s)
		return false;
	sqlite3_bind_int64(s, 1, origin);
	sqlite3_bind_int64(s, 2, seq);
	bool found = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32;
	if (found)
		memcpy(hash, sqlite3_column_blob(s, 0), 32);
	sqlite3_reset(s);
	return found;
}

/* Starts an origin: finds and verifies its signed head. */
static bool begin_origin(struct applier *a, int64_t origin, const char *office, int64_t first_seq,
			 struct err *e)
{
	a->origin = origin;
	str_copy(a->office, office, sizeof(a->office));
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(a->db, "SELECT office, seq, hash, sig FROM head WHERE origin = ?", -1,
			       &s, NULL) != SQLITE_OK)
		return err_set(e, 1, _("the bundle has no chain heads"));
	sqlite3_bind_int64(s, 1, origin);
	bool found = sqlite3_step(s) == SQLITE_ROW;
	uint8_t sig[SIG_SIZE];
	bool shaped = found && sqlite3_column_bytes(s, 2) == 32 && sqlite3_column_bytes(s, 3) == SIG_SIZE &&
		      str_eq((const char *)sqlite3_column_text(s, 0), office);
	if (shaped) {
		a->head_seq = sqlite3_column_int64(s, 1);
		memcpy(a->head_hash, sqlite3_column_blob(s, 2), 32);
		memcpy(sig, sqlite3_column_blob(s, 3), SIG_SIZE);
	}
	sqlite3_finalize(s);
	if (!shaped)
		return err_set(e, 1, _("the changes of office %s come without their signed head"), office);
	uint8_t pk[PK_SIZE];
	if (!a->pol->office_key(office, pk, a->pol->arg))
		return err_set(e, 1, _("the bundle holds changes of office %s, which is not known here"),
			       office);
	uint8_t msg[HEAD_MSG_SIZE];
	head_message(origin, a->head_seq, a->head_hash, msg);
	if (!a->pol->verify(msg, sizeof(msg), sig, pk, a->pol->arg))
		return err_set(e, 1, _("the changes of office %s are not signed by its key"), office);
	/* An origin belongs to one office for good, and our own origin to us. */
	sqlite3_stmt *own = store_stmt(a->st, "SELECT office FROM op WHERE origin = ? LIMIT 1", e);
	if (!own)
		return false;
	sqlite3_bind_int64(own, 1, origin);
	bool clash = sqlite3_step(own) == SQLITE_ROW &&
		     !str_eq((const char *)sqlite3_column_text(own, 0), office);
	sqlite3_reset(own);
	if (clash)
		return err_set(e, 1, _("the bundle holds changes of office %s under another office's"
				       " identity"), office);
	a->own_origin = origin == store_replica_id(a->st);
	/* When we hold the signed head itself, every change of this origin up to it is
	 * ours already (the hash chain binds them): count them without reading them. */
	uint8_t held[32];
	a->known_through = have_op_hash(a->st, origin, a->head_seq, held) &&
			   memcmp(held, a->head_hash, 32) == 0 ? a->head_seq : 0;
	a->expect_seq = first_seq;
	if (first_seq == 1) {
		memset(a->expect_prev, 0, 32);
	} else if (!have_op_hash(a->st, origin, first_seq - 1, a->expect_prev)) {
		return err_set(e, 1, _("changes %lld and after of office %s come without the ones"
				       " before them; import the older bundles first"),
			       (long long)first_seq, office);
	}
	return true;
}

static bool end_origin(struct applier *a, struct err *e)
{
	if (!a->origin)
		return true;
	if (a->last_seq != a->head_seq || memcmp(a->last_hash, a->head_hash, 32) != 0)
		return err_set(e, 1, _("the changes of office %s do not end at their signed head"),
			       a->office);
	/* Keep the signed head, to relay it with these ops. */
	if (a->origin != store_replica_id(a->st)) {
		sqlite3_stmt *s = NULL;
		if (sqlite3_prepare_v2(a->db, "SELECT sig FROM head WHERE origin = ?", -1, &s, NULL) !=
		    SQLITE_OK)
			return err_set(e, 1, _("the bundle has no chain heads"));
		sqlite3_bind_int64(s, 1, a->origin);
		bool ok = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 0) == SIG_SIZE;
		sqlite3_stmt *u = ok ? store_stmt(a->st,
			"INSERT INTO chain_head(origin, office, seq, hash, sig) VALUES (?,?,?,?,?)"
			" ON CONFLICT(origin) DO UPDATE SET office = excluded.office, seq = excluded.seq,"
			" hash = excluded.hash, sig = excluded.sig"
			" WHERE excluded.seq > chain_head.seq AND excluded.office = chain_head.office",
			e) : NULL;
		if (u) {
			sqlite3_bind_int64(u, 1, a->origin);
			sqlite3_bind_text(u, 2, a->office, -1, SQLITE_STATIC);
			sqlite3_bind_int64(u, 3, a->head_seq);
			sqlite3_bind_blob(u, 4, a->head_hash, 32, SQLITE_STATIC);
			sqlite3_bind_blob(u, 5, sqlite3_column_blob(s, 0), SIG_SIZE, SQLITE_TRANSIENT);
			ok = sqlite3_step(u) == SQLITE_DONE || store_fail(a->st, e, "bundle");
			sqlite3_reset(u);
		}
		sqlite3_finalize(s);
		if (!ok)
			return false;
	}
	a->origin = 0;
	return true;
}

/* Verifies one op against its chain and the policy, then applies it; computed is
 * the op's hash as op_compute_hash makes it. */
static bool apply_one(struct applier *a, const struct op *op, const uint8_t computed[32],
		      struct err *e)
{
	if (!str_eq(op->office, a->office))
		return err_set(e, 1, _("change %lld claims office %s in the chain of office %s"),
			       (long long)op->seq, op->office, a->office);
	if (op->seq != a->expect_seq || memcmp(op->prev, a->expect_prev, 32) != 0)
		return err_set(e, 1, _("the changes of office %s are not a whole chain (at %lld)"),
			       a->office, (long long)op->seq);
	if (memcmp(computed, op->hash, 32) != 0)
		return err_set(e, 1, _("change %lld of office %s has been altered"), (long long)op->seq,
			       a->office);
	/* A change that breaks a rule or an authority boundary is not a reason to
	 * refuse the bundle: the fold keeps it in the log, out of the tables, listed
	 * as refused (store_set_verdict), the same on every office. */
	a->st->fold_created = false;
	int rc = store_apply_op(a->st, op, e);
	if (rc < 0)
		return false;
	if (rc == 0) {
		/* Held already: it must be the very same change. */
		uint8_t have[32];
		if (have_op_hash(a->st, op->origin, op->seq, have) && memcmp(have, op->hash, 32) != 0)
			return err_set(e, 1, _("change %lld of office %s differs from the copy held here"),
				       (long long)op->seq, a->office);
		a->sum->ops_known++;
	} else if (a->own_origin) {
		return err_set(e, 1, _("the bundle holds changes in this office's own name that it"
				       " never made"));
	} else {
		a->sum->ops_new++;
		/* A refused change adds or changes no record. */
		if (!a->st->last_refusal[0] && a->st->fold_created)
			a->sum->records_added++;
		else if (!a->st->last_refusal[0])
			a->sum->records_changed++;
	}
	a->expect_seq = op->seq + 1;
	memcpy(a->expect_prev, op->hash, 32);
	a->last_seq = op->seq;
	memcpy(a->last_hash, op->hash, 32);
	return true;
}

/* Per origin, the seq through which the store holds its ops already, as
 * begin_origin will find it: what the reader need not decode or hash. */
static struct read_known *known_heads(struct applier *a, size_t *n)
{
	*n = 0;
	sqlite3_stmt *s = NULL;
	struct read_known *k = NULL;
	size_t cap = 0;
	if (sqlite3_prepare_v2(a->db, "SELECT origin, seq, hash FROM head", -1, &s, NULL) != SQLITE_OK)
		return NULL;
	while (sqlite3_step(s) == SQLITE_ROW) {
		uint8_t held[32];
		int64_t origin = sqlite3_column_int64(s, 0), seq = sqlite3_column_int64(s, 1);
		if (sqlite3_column_bytes(s, 2) != 32 || !have_op_hash(a->st, origin, seq, held) ||
		    memcmp(held, sqlite3_column_blob(s, 2), 32) != 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			k = xrealloc(k, cap * sizeof(*k));
		}
		k[(*n)++] = (struct read_known){ .origin = origin, .through = seq };
	}
	sqlite3_finalize(s);
	return k;
}

/*
 * At the province: the changes this bundle brings for the first time that are
 * stamped after its clock plus the drift are refused by a decision of its own
 * (one per origin, store_decide_clock), made before they are applied, which
 * travels as data: every office refuses the same changes, whatever its clock.
 * The bundle is still verified whole afterwards (a bad one rolls all back).
 */
static bool refuse_future(struct applier *a, struct err *e)
{
	if (!a->pol->refuse_after_hlc)
		return true;
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(a->db, "SELECT origin, office, seq FROM op WHERE hlc > ?"
			       " ORDER BY origin, seq", -1, &s, NULL) != SQLITE_OK)
		return err_set(e, 1, _("the bundle has no changes table"));
	sqlite3_bind_int64(s, 1, a->pol->refuse_after_hlc);
	bool ok = true;
	int64_t origin = 0, *seqs = NULL;
	size_t n = 0, cap = 0;
	char office[OFFICE_CODE_MAX] = "";
	for (;;) {
		int rc = sqlite3_step(s);
		bool row = rc == SQLITE_ROW;
		int64_t o = row ? sqlite3_column_int64(s, 0) : 0;
		if ((!row || o != origin) && n) {
			ok = store_decide_clock(a->st, office, origin, seqs, n, e);
			n = 0;
		}
		if (!row || !ok) {
			if (ok && rc != SQLITE_DONE)
				ok = err_set(e, 1, _("the bundle's contents are damaged"));
			break;
		}
		uint8_t held[32];
		int64_t seq = sqlite3_column_int64(s, 2);
		const char *off = (const char *)sqlite3_column_text(s, 1);
		if (o == store_replica_id(a->st) || !off || have_op_hash(a->st, o, seq, held))
			continue; /* ours, or held already: judged when it first came */
		origin = o;
		str_copy(office, off, sizeof(office));
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			seqs = xrealloc(seqs, cap * sizeof(*seqs));
		}
		seqs[n++] = seq;
	}
	free(seqs);
	sqlite3_finalize(s);
	return ok;
}

static bool apply_ops(struct applier *a, struct err *e)
{
	int64_t total = 0, done = 0;
	sqlite3_stmt *s = NULL;
	if (a->st->progress && sqlite3_prepare_v2(a->db, "SELECT count(*) FROM op", -1, &s, NULL) ==
	    SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		total = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (sqlite3_prepare_v2(a->db,
			       "SELECT origin, seq, hlc, entity, record, office, officer, fields, prev, hash"
			       " FROM op ORDER BY origin, seq", -1, &s, NULL) != SQLITE_OK)
		return err_set(e, 1, _("the bundle has no changes table"));
	struct op_reader *rd = op_reader_start(s, a->known, a->nknown, sqlite3_threadsafe() != 0);
	bool ok = true;
	int rc = SQLITE_DONE;
	struct read_op *r;
	while (ok && (r = op_reader_next(rd, &rc)) != NULL) {
		store_report(a->st, ++done, total);
		struct op *op = &r->op;
		if (r->bad_shape) {
			ok = err_set(e, 1, _("the bundle holds a malformed change"));
			break;
		}
		if (op->origin != a->origin) {
			ok = end_origin(a, e) && begin_origin(a, op->origin, op->office, op->seq, e);
			if (!ok)
				break;
		}
		if (op->seq <= a->known_through) {
			if (op->seq != a->expect_seq) {
				ok = err_set(e, 1, _("the changes of office %s are not a whole chain (at %lld)"),
					     a->office, (long long)op->seq);
				break;
			}
			a->sum->ops_known++;
			a->expect_seq = op->seq + 1;
			memcpy(a->expect_prev, op->hash, 32);
			a->last_seq = op->seq;
			memcpy(a->last_hash, op->hash, 32);
			continue;
		}
		read_op_prepare(r); /* when the reader took it for known */
		if (r->malformed) {
			ok = err_set(e, 1, _("the bundle holds a malformed change"));
			break;
		}
		ok = apply_one(a, op, r->computed, e);
	}
	op_reader_stop(rd);
	if (ok && rc != SQLITE_DONE)
		ok = err_set(e, 1, _("the bundle's contents are damaged"));
	sqlite3_finalize(s);
	return ok && end_origin(a, e);
}

/*
 * A bundle that brings at least as many ops for a table as the table has rows
 * (the first exchange with a new office) fills it faster without its secondary
 * indexes: indexes_defer drops them, indexes_restore makes them again (by
 * sorting, not row by row) right after the ops, in the same transaction, before
 * anything reads them. The fold finds rows by id, whose index stays.
 */
#define DEFER_MIN_OPS 1000

struct deferred {
	char **sql;
	size_t n, cap;
};

static bool defer_table(struct store *st, const char *table, int64_t ops, struct deferred *d,
			struct err *e)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT max(rowid) FROM main.\"%s\"", table);
	sqlite3_stmt *s = store_stmt(st, sql, e);
	if (!s)
		return false;
	int64_t rows = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (ops < DEFER_MIN_OPS || ops < rows)
		return true;
	s = store_stmt(st, "SELECT name, sql FROM main.sqlite_schema WHERE type = 'index' AND tbl_name = ?"
		       " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'", e);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	size_t first = d->n;
	struct strbuf drop = STRBUF_INIT;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (d->n == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 16;
			d->sql = xrealloc(d->sql, d->cap * sizeof(*d->sql));
		}
		d->sql[d->n++] = xstrdup((const char *)sqlite3_column_text(s, 1));
		strbuf_addf(&drop, "DROP INDEX main.\"%s\";", (const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_reset(s);
	bool ok = d->n == first || store_exec(st, drop.buf, e);
	strbuf_release(&drop);
	return ok;
}

static int64_t known_of(const struct applier *a, int64_t origin)
{
	for (size_t i = 0; i < a->nknown; i++)
		if (a->known[i].origin == origin)
			return a->known[i].through;
	return 0;
}

/* Counts the ops new here per entity (those of a held chain head are not). */
static bool indexes_defer(struct applier *a, struct deferred *d, struct err *e)
{
	sqlite3_stmt *s = NULL;
	/* A payload without its op table is refused by apply_ops. */
	if (sqlite3_prepare_v2(a->db, "SELECT origin, seq, entity FROM op", -1, &s, NULL) !=
	    SQLITE_OK)
		return true;
	size_t n = 0;
	while (entity_all[n])
		n++;
	int64_t *count = xcalloc(n, sizeof(*count));
	int64_t origin = 0, through = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_int64(s, 0) != origin) {
			origin = sqlite3_column_int64(s, 0);
			through = known_of(a, origin);
		}
		if (sqlite3_column_int64(s, 1) <= through)
			continue;
		const char *entity = (const char *)sqlite3_column_text(s, 2);
		for (size_t i = 0; entity && i < n; i++)
			if (str_eq(entity_all[i]->name, entity)) {
				count[i]++;
				break;
			}
	}
	sqlite3_finalize(s);
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++)
		if (count[i] > 0)
			ok = defer_table(a->st, entity_all[i]->table, count[i], d, e);
	free(count);
	return ok;
}

/* Makes the indexes again (when ok: else the transaction is rolled back anyway)
 * and frees d; ok when ok and every index is made. */
static bool indexes_restore(struct store *st, struct deferred *d, bool ok, struct err *e)
{
	for (size_t i = 0; i < d->n; i++) {
		ok = ok && store_exec(st, d->sql[i], e);
		free(d->sql[i]);
	}
	free(d->sql);
	memset(d, 0, sizeof(*d));
	return ok;
}

static bool apply_offices(struct applier *a, struct err *e)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(a->db, "SELECT code, name, sign_pk, box_pk, status, cert FROM office",
			       -1, &s, NULL) != SQLITE_OK)
		return err_set(e, 1, _("the bundle has no offices table"));
	bool ok = true;
	while (ok && sqlite3_step(s) == SQLITE_ROW) {
		struct office_row o;
		memset(&o, 0, sizeof(o));
		const char *code = (const char *)sqlite3_column_text(s, 0);
		const char *status = (const char *)sqlite3_column_text(s, 4);
		const char *oname = sqlite3_column_type(s, 1) == SQLITE_NULL ? "" :
				    (const char *)sqlite3_column_text(s, 1);
		/* A name is the policy's to check (a bad one is not kept, with a
		 * warning): it does not make the office malformed. */
		if (!a->pol->office_row && !payload_text_ok(oname))
			oname = "";
		if (!payload_code_ok(code) || !payload_name_ok(status) ||
		    sqlite3_column_bytes(s, 2) != PK_SIZE || sqlite3_column_bytes(s, 3) != PK_SIZE) {
			ok = err_set(e, 1, _("the bundle holds a malformed office"));
			break;
		}
		str_copy(o.code, code, sizeof(o.code));
		str_copy(o.name, oname, sizeof(o.name));
		memcpy(o.sign_pk, sqlite3_column_blob(s, 2), PK_SIZE);
		memcpy(o.box_pk, sqlite3_column_blob(s, 3), PK_SIZE);
		str_copy(o.status, status, sizeof(o.status));
		blob_copy(s, 5, o.cert, SIG_SIZE, &o.has_cert);
		if (a->pol->office_row)
			ok = a->pol->office_row(a->st, &o, a->pol->arg, e);
	}
	sqlite3_finalize(s);
	return ok;
}

static bool apply_acks(struct applier *a, const char *from, struct err *e)
{
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(a->db, "SELECT origin, seq FROM ack", -1, &s, NULL) != SQLITE_OK)
		return err_set(e, 1, _("the bundle has no acknowledgements table"));
	/* A bundle's acknowledgements are all the sender holds as it wrote them: they
	 * replace what we thought it had, even downwards. A database restored from a
	 * backup holds less than the laptop it replaces; the ops it lost (of its old
	 * replica too) then travel back in our next bundle. An older bundle imported
	 * late only makes us send again what the peer will count as known. */
	sqlite3_stmt *d = store_stmt(a->st, "DELETE FROM peer_ack WHERE peer = ?", e);
	bool ok = d != NULL;
	if (ok) {
		sqlite3_bind_text(d, 1, from, -1, SQLITE_STATIC);
		ok = sqlite3_step(d) == SQLITE_DONE || store_fail(a->st, e, "bundle");
		sqlite3_reset(d);
	}
	sqlite3_stmt *u = ok ? store_stmt(a->st,
		"INSERT INTO peer_ack(peer, origin, seq) VALUES (?, ?, ?) ON CONFLICT(peer, origin)"
		" DO UPDATE SET seq = excluded.seq", e) : NULL;
	ok = u != NULL;
	while (ok && sqlite3_step(s) == SQLITE_ROW) {
		sqlite3_bind_text(u, 1, from, -1, SQLITE_STATIC);
		sqlite3_bind_int64(u, 2, sqlite3_column_int64(s, 0));
		sqlite3_bind_int64(u, 3, sqlite3_column_int64(s, 1));
		ok = sqlite3_step(u) == SQLITE_DONE || store_fail(a->st, e, "bundle");
		sqlite3_reset(u);
	}
	sqlite3_finalize(s);
	return ok;
}

static bool log_bundle(struct store *st, const char *dir, const char *peer, const char *file,
		       const struct bundle_summary *sum, int64_t ops, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO bundle_log(direction, peer, file, at, ops_new,"
				     " ops_known, ops_refused) VALUES (?,?,?,?,?,?,?)", e);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, dir, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, peer, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, file ? file : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now_ms());
	sqlite3_bind_int64(s, 5, sum ? sum->ops_new : ops);
	sqlite3_bind_int64(s, 6, sum ? sum->ops_known : 0);
	sqlite3_bind_int64(s, 7, sum ? sum->ops_refused : 0);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_fail(st, e, "bundle");
	sqlite3_stmt *u = store_stmt(st, str_eq(dir, "in")
		? "UPDATE office SET last_heard = ? WHERE code = ?"
		: "UPDATE office SET last_sent = ? WHERE code = ?", e);
	if (!u)
		return false;
	sqlite3_bind_int64(u, 1, now_ms());
	sqlite3_bind_text(u, 2, peer, -1, SQLITE_STATIC);
	rc = sqlite3_step(u);
	sqlite3_reset(u);
	return rc == SQLITE_DONE || store_fail(st, e, "bundle");
}

/* The province's signed wall time, when newer than the one kept. */
static bool keep_province_time(struct store *st, int64_t created, struct err *e)
{
	int64_t have = 0, seen = 0;
	if (created <= 0 || (store_province_time(st, &have, &seen) && have >= created))
		return true;
	char a[32], b[32];
	snprintf(a, sizeof(a), "%lld", (long long)created);
	snprintf(b, sizeof(b), "%lld", (long long)now_ms());
	return store_meta_set(st, "province_time", a, e) &&
	       store_meta_set(st, "province_time_seen", b, e);
}

bool store_province_time(struct store *st, int64_t *signed_ms, int64_t *seen_ms)
{
	char *a = store_meta_get(st, "province_time");
	char *b = store_meta_get(st, "province_time_seen");
	bool ok = a && b;
	*signed_ms = a ? strtoll(a, NULL, 10) : 0;
	*seen_ms = b ? strtoll(b, NULL, 10) : 0;
	free(a);
	free(b);
	return ok && *signed_ms > 0;
}

bool store_bundle_apply(struct store *st, const uint8_t *payload, size_t len, const char *from,
			const char *file, const struct bundle_policy *policy,
			struct bundle_summary *sum, struct err *e)
{
	memset(sum, 0, sizeof(*sum));
	sqlite3 *db = payload_open(payload, len, e);
	if (!db)
		return false;
	struct bundle_manifest m;
	bool ok = read_manifest(db, &m, e);
	if (ok && !str_eq(m.from, from))
		ok = err_set(e, 1, _("the bundle says it is from %s but is signed by %s"), m.from, from);
	if (ok && !str_eq(m.to, store_office_code(st)))
		ok = err_set(e, 1, _("the bundle is for office %s; this is office %s"), m.to,
			     store_office_code(st));
	if (!ok) {
		sqlite3_close(db);
		return false;
	}
	struct applier a = { .st = st, .pol = policy, .sum = sum, .db = db };
	store_bulk(st, true);
	ok = store_begin(st, e);
	struct deferred idx = { 0 };
	ok = ok && apply_offices(&a, e);
	if (ok)
		a.known = known_heads(&a, &a.nknown);
	int64_t refused_before = ok ? store_refused_count(st) : 0;
	ok = ok && refuse_future(&a, e);
	ok = ok && indexes_defer(&a, &idx, e) && apply_ops(&a, e) && store_recheck(st, e);
	if (ok) {
		int64_t d = store_refused_count(st) - refused_before;
		sum->ops_refused = d > 0 ? d : 0;
		if (sum->ops_refused)
			str_copy(sum->refused_why, store_last_refusal(st), sizeof(sum->refused_why));
	}
	free(a.known);
	ok = indexes_restore(st, &idx, ok, e);
	ok = ok && apply_acks(&a, from, e) && log_bundle(st, "in", from, file, sum, 0, e);
	ok = ok && (!policy->from_province || keep_province_time(st, m.created, e));
	if (ok && sum->ops_new > 0)
		ok = store_conflicts_tidy(st, e);
	if (ok) {
		int n = store_conflicts(st, NULL, NULL, NULL, NULL, e);
		ok = n >= 0;
		sum->conflicts = n;
	}
	if (ok) {
		ok = store_commit(st, e);
	} else {
		store_rollback(st);
		sum->ops_refused = 0;
	}
	store_bulk(st, false);
	sqlite3_close(db);
	return ok;
}

bool store_bundle_log_out(struct store *st, const char *peer, const char *file, int64_t ops,
			  struct err *e)
{
	if (!store_begin(st, e))
		return false;
	if (!log_bundle(st, "out", peer, file, NULL, ops, e)) {
		store_rollback(st);
		return false;
	}
	return store_commit(st, e);
}

void store_bundle_history(struct store *st, int limit,
			  void (*fn)(const struct bundle_log_entry *b, void *arg), void *arg)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT direction, peer, file, at, ops_new, ops_known,"
				     " ops_refused FROM bundle_log ORDER BY id DESC LIMIT ?", NULL);
	if (!s)
		return;
	sqlite3_bind_int(s, 1, limit);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct bundle_log_entry b = {
			.direction = (const char *)sqlite3_column_text(s, 0),
			.peer = (const char *)sqlite3_column_text(s, 1),
			.file = (const char *)sqlite3_column_text(s, 2),
			.at = sqlite3_column_int64(s, 3),
			.ops_new = sqlite3_column_int64(s, 4),
			.ops_known = sqlite3_column_int64(s, 5),
			.ops_refused = sqlite3_column_int64(s, 6),
		};
		fn(&b, arg);
	}
	sqlite3_reset(s);
}
