/*
 * sync.h - what the store keeps for offline sync, and the SQL side of bundles:
 * offices and their keys, what each peer has acknowledged, the signed heads of
 * every origin's hash chain, the log of bundles; building a bundle's payload (an
 * SQLite database serialized from memory) and applying one in one transaction.
 * The envelope (encryption, signatures of the file) is sync/envelope.c's; the
 * policy (who may send what) comes in as callbacks from sync/bundle.c.
 */
#ifndef BANTU_STORE_SYNC_H
#define BANTU_STORE_SYNC_H

#include "store/store.h"

#define OFFICE_CODE_MAX 16
#define PK_SIZE 32
#define SIG_SIZE 64

/* An office's status here. */
#define OFFICE_SELF "self"
#define OFFICE_PROVINCE "province"   /* the province this office trusts (district side) */
#define OFFICE_APPROVED "approved"   /* a district the province approved, or known through it */
#define OFFICE_PENDING "pending"     /* sent a bundle, not approved yet */
#define OFFICE_REVOKED "revoked"

struct office_row {
	char code[OFFICE_CODE_MAX];
	char name[128];
	uint8_t sign_pk[PK_SIZE];
	uint8_t box_pk[PK_SIZE];
	char status[12];
	uint8_t cert[SIG_SIZE];      /* the province's signature over code and keys */
	bool has_cert;
	int64_t last_heard;          /* ms: when we last imported its bundle, 0 never */
	int64_t last_sent;           /* ms: when we last wrote it a bundle, 0 never */
};

bool store_office_get(struct store *st, const char *code, struct office_row *out);
bool store_office_put(struct store *st, const struct office_row *o, struct err *e);
/* Calls fn for every office, ordered by code. */
void store_office_each(struct store *st, void (*fn)(const struct office_row *o, void *arg),
		       void *arg);

/* Ops waiting for a peer (not acknowledged by it). */
int64_t store_pending_for(struct store *st, const char *peer);

/* Signs the head of an origin's chain: message bytes -> 64-byte signature. */
typedef void (*head_sign_fn)(const uint8_t *msg, size_t len, uint8_t sig[SIG_SIZE], void *arg);

/* The bytes a chain head's signature covers. */
#define HEAD_MSG_SIZE (10 + 8 + 8 + 32)
void head_message(int64_t origin, int64_t seq, const uint8_t hash[32], uint8_t out[HEAD_MSG_SIZE]);

struct bundle_build_stats {
	int64_t ops;
	int64_t origins;
};

/*
 * Builds the payload for peer: every op it has not acknowledged, the signed
 * heads of their chains (this replica's own head signed now with sign()), this
 * office's acknowledgements, and the offices listed by include_office (keys,
 * certificates, revocations). The caller frees *out with store_bundle_free.
 */
bool store_bundle_build(struct store *st, const char *peer, head_sign_fn sign, void *sign_arg,
			bool (*include_office)(const struct office_row *o, void *arg), void *inc_arg,
			uint8_t **out, size_t *len, struct bundle_build_stats *stats,
			struct err *e);
void store_bundle_free(uint8_t *payload);

/* What a payload's manifest says. */
struct bundle_manifest {
	int format;
	int schema;
	char from[OFFICE_CODE_MAX];
	char to[OFFICE_CODE_MAX];
	int64_t created;
};

/* The policy a bundle is applied under, from sync/bundle.c. */
struct bundle_policy {
	/* The signing key of an office as trusted here (own table, or an office row in
	 * this very bundle certified by our province), or false when unknown. */
	bool (*office_key)(const char *code, uint8_t pk[PK_SIZE], void *arg);
	/* Whether a signature over msg by pk is valid. */
	bool (*verify)(const uint8_t *msg, size_t len, const uint8_t sig[SIG_SIZE],
		       const uint8_t pk[PK_SIZE], void *arg);
	/* An office row the bundle carries: the callback decides (certificate,
	 * revocation) and may store it; called inside the transaction. */
	bool (*office_row)(struct store *st, const struct office_row *o, void *arg, struct err *e);
	void *arg;
	/* At the province: ops first received here stamped after this HLC (its
	 * clock plus the drift when the import began) are refused by a decision of
	 * the province (store_decide_clock), kept in the log; 0: no limit. */
	int64_t refuse_after_hlc;
	/* The sender is our province: its signed wall time (the manifest's created)
	 * is kept, for store_province_time. */
	bool from_province;
};

/* The province's wall time as signed in the newest bundle received from it, and
 * this computer's clock when that bundle was imported (ms); false when none. */
bool store_province_time(struct store *st, int64_t *signed_ms, int64_t *seen_ms);

struct bundle_summary {
	int64_t ops_new, ops_known, ops_refused;
	int64_t records_added, records_changed;
	int64_t conflicts;         /* unresolved conflicts after the import */
	char refused_why[256];     /* the first reason, when ops were refused */
	char warning[400];         /* something not kept (an office's bad name), or "" */
};

/*
 * Reads the manifest of a payload (after the envelope was opened). False with
 * e when it is not a bundle this version can read ("made by a newer Bantu").
 */
bool store_bundle_manifest(const uint8_t *payload, size_t len, struct bundle_manifest *m,
			   struct err *e);

/*
 * Applies a payload from peer `from` in one transaction: verifies every
 * origin's chain and its signed head before writing anything, applies every
 * op through store_apply_op (the program rules' verdict keeps a refused op in
 * the log, out of the tables, counted in the summary with a reason), records the peer's acknowledgements, and logs the bundle.
 * Idempotent. False with e when nothing was applied.
 */
bool store_bundle_apply(struct store *st, const uint8_t *payload, size_t len, const char *from,
			const char *file, const struct bundle_policy *policy,
			struct bundle_summary *sum, struct err *e);

/* The bundles sent and received, newest first, up to limit. */
struct bundle_log_entry {
	const char *direction;   /* "in" or "out" */
	const char *peer;
	const char *file;
	int64_t at;              /* ms */
	int64_t ops_new, ops_known, ops_refused;
};
void store_bundle_history(struct store *st, int limit,
			  void (*fn)(const struct bundle_log_entry *b, void *arg), void *arg);

/* Logs a bundle written (direction "out"). */
bool store_bundle_log_out(struct store *st, const char *peer, const char *file, int64_t ops,
			  struct err *e);

#endif
