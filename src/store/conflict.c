/* conflict.c - the conflict list, computed from the ops of suspect records. */
#include "store/conflict.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "private.h"

/* One op's part in a field. */
struct entry {
	uint8_t clock[CLOCK_SIZE];
	uint8_t base[CLOCK_SIZE];
	int64_t hlc, origin;
	char *value, *office, *officer;
	bool head;
};

/* Every op of one record, decoded. */
struct record_ops {
	const struct entity_def *ent;
	struct rid id;
	struct op_field **fields;  /* per op */
	int *nfields;
	char **bufs;
	int64_t *hlc, *origin;
	char **office, **officer;
	size_t n, cap;
};

static void clock_of(int64_t hlc, int64_t origin, uint8_t out[CLOCK_SIZE])
{
	for (int i = 0; i < 8; i++) {
		out[i] = (uint8_t)((uint64_t)hlc >> (56 - 8 * i));
		out[8 + i] = (uint8_t)((uint64_t)origin >> (56 - 8 * i));
	}
}

static void record_ops_release(struct record_ops *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->fields[i]);
		free(r->bufs[i]);
		free(r->office[i]);
		free(r->officer[i]);
	}
	free(r->fields);
	free(r->nfields);
	free(r->bufs);
	free(r->hlc);
	free(r->origin);
	free(r->office);
	free(r->officer);
	memset(r, 0, sizeof(*r));
}

static bool load_ops(struct store *st, const struct entity_def *ent, const struct rid *id,
		     struct record_ops *r, struct err *e)
{
	memset(r, 0, sizeof(*r));
	r->ent = ent;
	r->id = *id;
	/* A change the rules refused is in no conflict: it was never in the tables. */
	sqlite3_stmt *s = store_stmt(st, "SELECT hlc, origin, office, officer, fields FROM op"
				     " WHERE record = ? AND entity = ? AND NOT EXISTS (SELECT 1 FROM"
				     " op_refused r WHERE r.origin = op.origin AND r.seq = op.seq)"
				     " ORDER BY hlc, origin", e);
	if (!s)
		return false;
	sqlite3_bind_blob(s, 1, id->b, 16, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, ent->name, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 8;
			r->fields = xrealloc(r->fields, r->cap * sizeof(*r->fields));
			r->nfields = xrealloc(r->nfields, r->cap * sizeof(*r->nfields));
			r->bufs = xrealloc(r->bufs, r->cap * sizeof(*r->bufs));
			r->hlc = xrealloc(r->hlc, r->cap * sizeof(*r->hlc));
			r->origin = xrealloc(r->origin, r->cap * sizeof(*r->origin));
			r->office = xrealloc(r->office, r->cap * sizeof(*r->office));
			r->officer = xrealloc(r->officer, r->cap * sizeof(*r->officer));
		}
		size_t i = r->n;
		int n = op_fields_decode((const char *)sqlite3_column_text(s, 4), &r->fields[i], &r->bufs[i]);
		if (n < 0)
			continue;
		r->nfields[i] = n;
		r->hlc[i] = sqlite3_column_int64(s, 0);
		r->origin[i] = sqlite3_column_int64(s, 1);
		r->office[i] = xstrdup((const char *)sqlite3_column_text(s, 2));
		r->officer[i] = xstrdup((const char *)sqlite3_column_text(s, 3));
		r->n++;
	}
	sqlite3_reset(s);
	return true;
}

static bool hex_clock(const char *p, uint8_t out[CLOCK_SIZE])
{
	for (int k = 0; k < CLOCK_SIZE; k++) {
		unsigned v = 0;
		for (int j = 0; j < 2; j++) {
			char c = p[2 * k + j];
			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v |= (unsigned)(c - 'a' + 10);
			else
				return false;
		}
		out[k] = (uint8_t)v;
	}
	return true;
}

/* Whether clock c was replaced by some op on field f (as its base, or listed in
 * a resolving op's _resolves.f). */
static bool replaced(const struct record_ops *r, const char *f, const uint8_t c[CLOCK_SIZE])
{
	size_t plen = strlen(RESOLVES_PREFIX);
	for (size_t i = 0; i < r->n; i++) {
		for (int k = 0; k < r->nfields[i]; k++) {
			const struct op_field *of = &r->fields[i][k];
			if (str_eq(of->name, f)) {
				if (memcmp(of->base, c, CLOCK_SIZE) == 0)
					return true;
			} else if (strncmp(of->name, RESOLVES_PREFIX, plen) == 0 &&
				   str_eq(of->name + plen, f) && of->value) {
				for (const char *p = of->value; strlen(p) >= 2 * CLOCK_SIZE;) {
					uint8_t x[CLOCK_SIZE];
					if (hex_clock(p, x) && memcmp(x, c, CLOCK_SIZE) == 0)
						return true;
					p += 2 * CLOCK_SIZE;
					if (*p != ',')
						break;
					p++;
				}
			}
		}
	}
	return false;
}

static bool same_value(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	return strcmp(a, b) == 0;
}

/* The heads of field f, winner first; returns their count (sides owned by caller). */
static size_t field_heads(const struct record_ops *r, const char *f, struct conflict_side **out)
{
	size_t n = 0, cap = 4;
	struct conflict_side *sides = xmalloc(cap * sizeof(*sides));
	/* Ops are in (hlc, origin) order: walk backwards for newest first. */
	for (size_t i = r->n; i-- > 0;) {
		for (int k = 0; k < r->nfields[i]; k++) {
			const struct op_field *of = &r->fields[i][k];
			if (!str_eq(of->name, f))
				continue;
			uint8_t c[CLOCK_SIZE];
			clock_of(r->hlc[i], r->origin[i], c);
			if (replaced(r, f, c))
				continue;
			if (n == cap) {
				cap *= 2;
				sides = xrealloc(sides, cap * sizeof(*sides));
			}
			sides[n].hlc = r->hlc[i];
			sides[n].origin = r->origin[i];
			sides[n].value = of->value;
			sides[n].office = r->office[i];
			sides[n].officer = r->officer[i];
			n++;
		}
	}
	*out = sides;
	return n;
}

static const char *(*state_field_of)(const struct entity_def *ent);

void store_set_state_field(const char *(*state_field)(const struct entity_def *ent))
{
	state_field_of = state_field;
}

/* Calls fn for each conflicted field of one record; returns their count. */
static int record_conflicts(const struct record_ops *r,
			    void (*fn)(const struct conflict *c, void *arg), void *arg)
{
	int count = 0;
	const char *state = state_field_of ? state_field_of(r->ent) : NULL;
	for (size_t fi = 0; fi < r->ent->nfields; fi++) {
		const char *f = r->ent->fields[fi].name;
		if (state && str_eq(f, state))
			continue;
		struct conflict_side *sides;
		size_t n = field_heads(r, f, &sides);
		bool differ = false;
		for (size_t i = 1; i < n && !differ; i++)
			differ = !same_value(sides[0].value, sides[i].value);
		if (differ) {
			count++;
			if (fn) {
				struct conflict c = { r->ent, r->id, f, sides, n, false };
				fn(&c, arg);
			}
		}
		free(sides);
	}
	return count;
}

/* Whether some field of the record has two or more heads (even with equal values:
 * a later op replacing only one of them makes a conflict without being flagged). */
static bool has_open_heads(const struct record_ops *r)
{
	for (size_t fi = 0; fi < r->ent->nfields; fi++) {
		struct conflict_side *sides;
		size_t n = field_heads(r, r->ent->fields[fi].name, &sides);
		free(sides);
		if (n >= 2)
			return true;
	}
	return false;
}

int store_conflicts(struct store *st, const struct entity_def *ent, const struct rid *record,
		    void (*fn)(const struct conflict *c, void *arg), void *arg, struct err *e)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT entity, record FROM conflict_suspect WHERE (?1 IS NULL OR entity = ?1)"
		" AND (?2 IS NULL OR record = ?2) ORDER BY entity, record", e);
	if (!s)
		return -1;
	if (ent)
		sqlite3_bind_text(s, 1, ent->name, -1, SQLITE_STATIC);
	if (record)
		sqlite3_bind_blob(s, 2, record->b, 16, SQLITE_STATIC);
	int count = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const struct entity_def *re = entity_find((const char *)sqlite3_column_text(s, 0));
		if (!re || sqlite3_column_bytes(s, 1) != 16)
			continue;
		struct rid id;
		memcpy(id.b, sqlite3_column_blob(s, 1), 16);
		struct record_ops r;
		if (!load_ops(st, re, &id, &r, e)) {
			sqlite3_finalize(s);
			return -1;
		}
		count += record_conflicts(&r, fn, arg);
		record_ops_release(&r);
	}
	sqlite3_finalize(s);
	int cycles = merge_cycle_conflicts(st, ent, record, fn, arg, e);
	return cycles < 0 ? -1 : count + cycles;
}

int store_field_heads_each(struct store *st, const struct entity_def *ent, const char *field,
			   void (*fn)(const struct rid *id, const struct conflict_side *sides,
				      size_t n, void *arg),
			   void *arg, struct err *e)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT record FROM conflict_suspect WHERE entity = ?"
					" ORDER BY record", e);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, ent->name, -1, SQLITE_STATIC);
	int count = 0;
	while (count >= 0 && sqlite3_step(s) == SQLITE_ROW) {
		if (sqlite3_column_bytes(s, 0) != 16)
			continue;
		struct rid id;
		memcpy(id.b, sqlite3_column_blob(s, 0), 16);
		struct record_ops r;
		if (!load_ops(st, ent, &id, &r, e)) {
			count = -1;
			break;
		}
		struct conflict_side *sides;
		size_t n = field_heads(&r, field, &sides);
		if (n >= 2) {
			fn(&id, sides, n, arg);
			count++;
		}
		free(sides);
		record_ops_release(&r);
	}
	sqlite3_finalize(s);
	return count;
}

bool store_conflicts_tidy(struct store *st, struct err *e)
{
	sqlite3_stmt *s = store_prepare(st, "SELECT entity, record FROM conflict_suspect", e);
	if (!s)
		return false;
	struct strbuf gone = STRBUF_INIT;   /* records to drop: entity index byte + 16 id bytes */
	while (sqlite3_step(s) == SQLITE_ROW) {
		const struct entity_def *re = entity_find((const char *)sqlite3_column_text(s, 0));
		if (!re || sqlite3_column_bytes(s, 1) != 16)
			continue;
		struct rid id;
		memcpy(id.b, sqlite3_column_blob(s, 1), 16);
		struct record_ops r;
		if (!load_ops(st, re, &id, &r, e))
			break;
		if (!has_open_heads(&r)) {
			uint8_t idx = 0;
			while (entity_all[idx] != re)
				idx++;
			strbuf_addch(&gone, idx);
			strbuf_add(&gone, id.b, 16);
		}
		record_ops_release(&r);
	}
	sqlite3_finalize(s);
	sqlite3_stmt *d = store_stmt(st, "DELETE FROM conflict_suspect WHERE entity = ? AND record = ?", e);
	bool ok = d != NULL;
	for (size_t off = 0; ok && off + 17 <= gone.len; off += 17) {
		sqlite3_bind_text(d, 1, entity_all[(uint8_t)gone.buf[off]]->name, -1, SQLITE_STATIC);
		sqlite3_bind_blob(d, 2, gone.buf + off + 1, 16, SQLITE_STATIC);
		ok = sqlite3_step(d) == SQLITE_DONE || store_fail(st, e, "conflicts");
		sqlite3_reset(d);
	}
	strbuf_release(&gone);
	return ok;
}

bool store_resolve(struct store *st, const struct entity_def *ent, const struct rid *record,
		   const char *field, const char *value, const char *officer, struct err *e)
{
	int fi = entity_field_index(ent, field);
	if (fi < 0)
		return err_set(e, 1, "unknown field %s", field);
	struct record_ops r;
	if (!load_ops(st, ent, record, &r, e))
		return false;
	struct conflict_side *sides;
	size_t n = field_heads(&r, field, &sides);
	bool ok = n >= 2;
	/* No two heads of merged_into: a merge cycle holding the record, maybe. */
	if (!ok && str_eq(field, FIELD_MERGED_INTO)) {
		int rc = merge_cycle_resolve(st, ent, record, value, officer, e);
		if (rc >= 0) {
			free(sides);
			record_ops_release(&r);
			return rc == 1;
		}
	}
	if (!ok) {
		err_set(e, 1, _("there is no conflict on %s of this record"), field);
	} else {
		struct strbuf others = STRBUF_INIT;
		for (size_t i = 1; i < n; i++) {
			uint8_t c[CLOCK_SIZE];
			clock_of(sides[i].hlc, sides[i].origin, c);
			if (others.len)
				strbuf_addch(&others, ',');
			for (int k = 0; k < CLOCK_SIZE; k++)
				strbuf_addf(&others, "%02x", c[k]);
		}
		char *pseudo = xasprintf(RESOLVES_PREFIX "%s", field);
		struct op_field f[2];
		memset(f, 0, sizeof(f));
		f[0].name = field;
		f[0].value = str_empty(value) ? NULL : value;
		f[0].old = sides[0].value;
		clock_of(sides[0].hlc, sides[0].origin, f[0].base);
		f[1].name = pseudo;
		f[1].value = others.buf;
		ok = store_begin(st, e);
		if (ok) {
			ok = store_local_op(st, ent, record, f, 2, officer, e) &&
			     store_conflicts_tidy(st, e);
			if (ok)
				ok = store_commit(st, e);
			else
				store_rollback(st);
		}
		free(pseudo);
		strbuf_release(&others);
	}
	free(sides);
	record_ops_release(&r);
	return ok;
}
