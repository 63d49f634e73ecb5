/*
 * decision.c - the province's decisions that refuse other offices' changes,
 * kept as ops (entity DECISION_ENTITY, one well-known record) so that they are
 * signed in the province's chain and travel in every bundle like any other
 * change. Two kinds:
 *
 *   revoke: [kind=revoke, office=CODE, cutoff="ORIGIN:SEQ ..."]: the office was
 *           revoked; of its changes only those of the listed origins up to
 *           their seq (what the province held then) are accepted.
 *   clock:  [kind=clock, office=CODE, origin=ORIGIN, seqs="A-B ...",
 *           drift=MINUTES]: those changes were stamped more than the drift
 *           after the province's clock when it first received them.
 *
 * A change such a decision names is refused by the fold (decision_refuses) on
 * every office, whichever route it took; a decision that arrives after the
 * changes it names folds their records again without them. Only a decision
 * made by a province office (a code without a dot) counts. Whether a change
 * is refused is therefore a function of the op set alone.
 */
#include "private.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/i18n.h"
#include "store/account.h"

/* The record every decision op is made on (found through the op_record index). */
static const struct rid decision_record = { { 0, 0, 0, 0, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0,
					      0xde, 0xc1 } };

static const struct field_def decision_fields[] = {
	{ "kind", FT_TEXT }, { "office", FT_TEXT }, { "cutoff", FT_TEXT },
	{ "origin", FT_TEXT }, { "seqs", FT_TEXT }, { "drift", FT_TEXT },
};
/* Not in entity_all: no table, no fold; its ops are kept in the log only. */
static const struct entity_def decision_entity = {
	.name = DECISION_ENTITY,
	.table = NULL,
	.fields = decision_fields,
	.nfields = sizeof(decision_fields) / sizeof(decision_fields[0]),
};

struct cut {
	int64_t origin, seq;
};
struct decision {
	bool revoke;
	char office[24];
	struct cut *cuts;      /* revoke: accepted origins and how far */
	size_t ncuts;
	int64_t origin;        /* clock */
	struct cut *ranges;    /* clock: [origin = from, seq = to] */
	size_t nranges;
	long drift;            /* clock: minutes */
};

bool decision_is_op(const struct op *op)
{
	return op->entity && str_eq(op->entity, DECISION_ENTITY);
}

void decision_forget(struct store *st)
{
	for (size_t i = 0; i < st->ndec; i++) {
		free(st->dec[i].cuts);
		free(st->dec[i].ranges);
	}
	free(st->dec);
	st->dec = NULL;
	st->ndec = 0;
	st->dec_loaded = false;
}

static const char *field_of(const struct op_field *f, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (f[i].name && str_eq(f[i].name, name))
			return f[i].value;
	return NULL;
}

/* "A:B A:B ..." or "A-B A-B ...": pairs; false when malformed. */
static bool parse_pairs(const char *s, char sep, struct cut **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!s)
		return true;
	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		char *end;
		long long a = strtoll(s, &end, 10);
		long long b = a;
		if (end == s)
			return false;
		if (*end == sep) {
			const char *p = end + 1;
			b = strtoll(p, &end, 10);
			if (end == p)
				return false;
		}
		if (*end && *end != ' ')
			return false;
		*out = xrealloc(*out, (*n + 1) * sizeof(**out));
		(*out)[(*n)++] = (struct cut){ a, b };
		s = end;
	}
	return true;
}

static bool province_code(const char *office)
{
	return office && *office && !strchr(office, '.');
}

static void load(struct store *st)
{
	if (st->dec_loaded)
		return;
	st->dec_loaded = true;
	sqlite3_stmt *s = store_stmt(st, "SELECT office, fields FROM op WHERE record = ?"
				     " AND entity = '" DECISION_ENTITY "' ORDER BY hlc, origin, seq",
				     NULL);
	if (!s)
		return;
	sqlite3_bind_blob(s, 1, decision_record.b, 16, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (!province_code((const char *)sqlite3_column_text(s, 0)))
			continue; /* only the province decides */
		struct op_field *f = NULL;
		char *buf = NULL;
		int n = op_fields_decode((const char *)sqlite3_column_text(s, 1), &f, &buf);
		const char *kind = n > 0 ? field_of(f, n, "kind") : NULL;
		const char *office = n > 0 ? field_of(f, n, "office") : NULL;
		struct decision d = { 0 };
		bool ok = kind && office && strlen(office) < sizeof(d.office);
		if (ok) {
			str_copy(d.office, office, sizeof(d.office));
			if (str_eq(kind, "revoke")) {
				d.revoke = true;
				ok = parse_pairs(field_of(f, n, "cutoff"), ':', &d.cuts, &d.ncuts);
			} else if (str_eq(kind, "clock")) {
				const char *o = field_of(f, n, "origin"), *dr = field_of(f, n, "drift");
				d.origin = o ? strtoll(o, NULL, 10) : 0;
				d.drift = dr ? strtol(dr, NULL, 10) : 0;
				ok = d.origin && parse_pairs(field_of(f, n, "seqs"), '-', &d.ranges,
							     &d.nranges);
			} else {
				ok = false; /* a kind a newer Bantu knows */
			}
		}
		if (ok) {
			st->dec = xrealloc(st->dec, (st->ndec + 1) * sizeof(*st->dec));
			st->dec[st->ndec++] = d;
		} else {
			free(d.cuts);
			free(d.ranges);
		}
		free(f);
		free(buf);
	}
	sqlite3_reset(s);
}

bool decision_refuses(struct store *st, const struct op *op, char *why, size_t n)
{
	load(st);
	if (!st->ndec || decision_is_op(op))
		return false;
	for (size_t i = 0; i < st->ndec; i++) {
		const struct decision *d = &st->dec[i];
		if (d->revoke) {
			if (!op->office || !str_eq(op->office, d->office))
				continue;
			int64_t cut = 0;
			for (size_t k = 0; k < d->ncuts; k++)
				if (d->cuts[k].origin == op->origin)
					cut = d->cuts[k].seq;
			if (op->seq <= cut)
				continue;
			snprintf(why, n, _("office %s revoked at change %lld"), d->office,
				 (long long)cut);
			return true;
		}
		if (op->origin != d->origin)
			continue;
		for (size_t k = 0; k < d->nranges; k++)
			if (op->seq >= d->ranges[k].origin && op->seq <= d->ranges[k].seq) {
				char when[32];
				time_t t = (time_t)(hlc_ms(op->hlc) / 1000);
				struct tm tm;
				gmtime_r(&t, &tm);
				strftime(when, sizeof(when), "%d/%m/%Y %H:%M UTC", &tm);
				snprintf(why, n, _("stamped %s, more than %ld minutes after the"
						   " province's clock when it arrived there"),
					 when, d->drift);
				return true;
			}
	}
	return false;
}

/* Folds again every record touched by a change the decisions now refuse. */
static bool refold_refused(struct store *st, const char *sql, int64_t a, int64_t b,
			   const char *text, struct err *e)
{
	sqlite3_stmt *s = store_prepare(st, sql, e);
	if (!s)
		return false;
	if (text)
		sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	else {
		sqlite3_bind_int64(s, 1, a);
		sqlite3_bind_int64(s, 2, b);
	}
	struct todo {
		char *entity;
		struct rid id;
	} *v = NULL;
	size_t nv = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct op op = {
			.origin = sqlite3_column_int64(s, 0),
			.seq = sqlite3_column_int64(s, 1),
			.hlc = sqlite3_column_int64(s, 2),
			.entity = (const char *)sqlite3_column_text(s, 3),
			.office = (const char *)sqlite3_column_text(s, 5),
		};
		char why[8];
		if (sqlite3_column_bytes(s, 4) != 16 || !fold_for(st, op.entity) ||
		    !decision_refuses(st, &op, why, sizeof(why)))
			continue;
		memcpy(op.record.b, sqlite3_column_blob(s, 4), 16);
		bool seen = false;
		for (size_t i = 0; i < nv && !seen; i++)
			seen = str_eq(v[i].entity, op.entity) && !memcmp(v[i].id.b, op.record.b, 16);
		if (seen)
			continue;
		v = xrealloc(v, (nv + 1) * sizeof(*v));
		v[nv].entity = xstrdup(op.entity);
		v[nv++].id = op.record;
	}
	bool ok = rc == SQLITE_DONE || store_fail(st, e, "decision");
	sqlite3_finalize(s);
	for (size_t i = 0; i < nv; i++) {
		if (ok)
			ok = fold_again(st, fold_for(st, v[i].entity), &v[i].id, e);
		free(v[i].entity);
	}
	free(v);
	return ok;
}

bool decision_apply(struct store *st, const struct op *op, struct err *e)
{
	decision_forget(st);
	load(st);
	if (!province_code(op->office))
		return true;
	const char *kind = NULL, *office = NULL, *origin = NULL;
	for (size_t i = 0; i < op->nfields; i++) {
		const char *nm = op->fields[i].name;
		if (str_eq(nm, "kind"))
			kind = op->fields[i].value;
		else if (str_eq(nm, "office"))
			office = op->fields[i].value;
		else if (str_eq(nm, "origin"))
			origin = op->fields[i].value;
	}
	if (kind && office && str_eq(kind, "revoke")) {
		static const char sql[] = "SELECT origin, seq, hlc, entity, record, office FROM op"
					  " WHERE office = ?";
		return refold_refused(st, sql, 0, 0, office, e);
	}
	if (kind && origin && str_eq(kind, "clock")) {
		static const char sql[] = "SELECT origin, seq, hlc, entity, record, office FROM op"
					  " WHERE origin = ?1 AND seq >= ?2";
		return refold_refused(st, sql, strtoll(origin, NULL, 10), 1, NULL, e);
	}
	return true;
}

/* ---- making decisions (the province) ---- */

static bool make(struct store *st, const struct op_field *f, size_t n, struct err *e)
{
	if (!province_code(store_office_code(st)))
		return err_set(e, 1, _("only the province office records this decision"));
	return store_local_op(st, &decision_entity, &decision_record, f, n, store_officer(st), e);
}

bool store_decide_revoke(struct store *st, const char *office, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT origin, max(seq) FROM op WHERE office = ?"
				     " GROUP BY origin ORDER BY origin", e);
	if (!s)
		return false;
	sqlite3_bind_text(s, 1, office, -1, SQLITE_STATIC);
	struct strbuf cut = STRBUF_INIT;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		strbuf_addf(&cut, "%s%lld:%lld", cut.len ? " " : "",
			    (long long)sqlite3_column_int64(s, 0), (long long)sqlite3_column_int64(s, 1));
	sqlite3_reset(s);
	bool ok = rc == SQLITE_DONE || store_fail(st, e, "revoke");
	struct op_field f[3] = { { .name = "kind", .value = "revoke" },
				 { .name = "office", .value = office },
				 { .name = "cutoff", .value = cut.len ? cut.buf : NULL } };
	ok = ok && make(st, f, 3, e);
	strbuf_release(&cut);
	return ok;
}

int64_t store_revoked_at(struct store *st, const char *office, int64_t origin)
{
	load(st);
	int64_t best = -1;
	for (size_t i = 0; i < st->ndec; i++) {
		const struct decision *d = &st->dec[i];
		if (!d->revoke || !str_eq(d->office, office))
			continue;
		int64_t cut = 0;
		for (size_t k = 0; k < d->ncuts; k++)
			if (d->cuts[k].origin == origin)
				cut = d->cuts[k].seq;
		if (best < 0 || cut < best)
			best = cut;
	}
	return best;
}

bool store_decide_clock(struct store *st, const char *office, int64_t origin,
			const int64_t *seqs, size_t n, struct err *e)
{
	struct strbuf r = STRBUF_INIT;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j + 1 < n && seqs[j + 1] == seqs[j] + 1)
			j++;
		strbuf_addf(&r, "%s%lld-%lld", r.len ? " " : "", (long long)seqs[i], (long long)seqs[j]);
		i = j + 1;
	}
	char o[24], drift[24];
	snprintf(o, sizeof(o), "%lld", (long long)origin);
	snprintf(drift, sizeof(drift), "%lld", (long long)(store_clock_drift(st) / 60000));
	struct op_field f[5] = { { .name = "kind", .value = "clock" },
				 { .name = "office", .value = office },
				 { .name = "origin", .value = o },
				 { .name = "seqs", .value = r.buf },
				 { .name = "drift", .value = drift } };
	bool ok = make(st, f, 5, e);
	strbuf_release(&r);
	return ok;
}
