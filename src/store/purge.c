/*
 * purge.c - the right to erasure (UU 27/2022): a purge op names fields of one
 * record; applying it (here or on any office that imports it) replaces every
 * value of those fields in the record's ops by {"purged":"HASH"}, where HASH is
 * the BLAKE2b-256 of the value the op hash is computed over, so chains and op
 * ids still verify; the visible row and its search text lose the values. Ops
 * of the record that arrive later (from an office that had not yet seen the
 * purge) are stored with markers only. The table purged(entity, record, field)
 * is derived from the purge ops, like the visible tables.
 */
#include "private.h"

#include <sodium.h>
#include <stdlib.h>

#include "core/i18n.h"

bool purge_load(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM purged LIMIT 1", NULL);
	st->any_purged = s && sqlite3_step(s) == SQLITE_ROW;
	if (s)
		sqlite3_reset(s);
	return st->any_purged;
}

/* The purged field names of a record, NULL-ended (free with free_names), or NULL. */
static char **purged_names(struct store *st, const char *entity, const struct rid *id,
			   struct err *e, bool *failed)
{
	*failed = false;
	sqlite3_stmt *s = store_stmt(st, "SELECT field FROM purged WHERE entity = ? AND record = ?"
				     " ORDER BY field", e);
	if (!s) {
		*failed = true;
		return NULL;
	}
	sqlite3_bind_text(s, 1, entity, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, id->b, 16, SQLITE_STATIC);
	char **v = NULL;
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xrealloc(v, (n + 2) * sizeof(*v));
		v[n++] = xstrdup((const char *)sqlite3_column_text(s, 0));
		v[n] = NULL;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_fail(st, e, "purge");
		*failed = true;
	}
	return v;
}

static void free_names(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static bool listed(char *const *names, const char *f)
{
	for (size_t i = 0; names && names[i]; i++)
		if (str_eq(names[i], f))
			return true;
	return false;
}


/*
 * Copies fields into *out (hashes of scrubbed values in *hashes, 64 bytes a
 * field) with the values of the named fields replaced by markers. Returns the
 * number of values scrubbed.
 */
static size_t scrub_fields(const struct op_field *f, size_t n, char *const *names,
			   struct op_field **out, uint8_t **hashes)
{
	size_t count = 0;
	*out = xcalloc(n ? n : 1, sizeof(**out));
	*hashes = xcalloc(n ? n : 1, 64);
	for (size_t i = 0; i < n; i++) {
		struct op_field *o = &(*out)[i];
		*o = f[i];
		if (!listed(names, f[i].name))
			continue;
		if (f[i].value) {
			op_value_hash(f[i].value, f[i].salt, 'v', *hashes + 64 * i);
			o->value = NULL;
			o->value_hash = *hashes + 64 * i;
			count++;
		}
		if (f[i].old) {
			op_value_hash(f[i].old, f[i].salt, 'o', *hashes + 64 * i + 32);
			o->old = NULL;
			o->old_hash = *hashes + 64 * i + 32;
			count++;
		}
		/* The salt goes with the values: without it the hashes left behind
		 * cannot be matched against guesses. */
		if (o->salt && !o->value && !o->old) {
			o->salt = NULL;
			count++;
		}
	}
	return count;
}

/*
 * Records that copy a person's values from the business they name (or were
 * keyed for her): the entity, its reference to the business, and the fields
 * that hold the person (the model's personal fields of that entity; a unit test
 * checks the two agree). A purge of the business erases these fields of every
 * record that names it: those already here when the purge is applied, and those
 * that arrive later from an office that had not yet seen it (their ops are
 * stored scrubbed). The rule is a function of the op set alone: a record that
 * names the purged business never holds her personal data again, whichever
 * office made it and when. A person who comes back is registered anew (a new
 * business record, made on purpose); records naming the new one are untouched.
 */
static const struct copy_rule {
	const char *entity, *ref, *fields;
} copy_rules[] = {
	{ "stimulus", "penerima", "nama_pemilik,nik,nomor_rekening,nama_rekening" },
	{ "prakerja", "penerima", "nama,nik,alamat,telepon,email" },
	{ "peserta", "umkm", "telepon" },
	{ NULL, NULL, NULL },
};

/* The personal fields of the registry (the model's PD_PERSONAL and
 * PD_IDENTIFIER fields); the programs' are their copy fields above. */
static const struct copy_rule personal_rules[] = {
	{ "umkm", NULL, "nama_pemilik,nik,jenis_kelamin,telepon,alamat" },
	{ "koperasi", NULL, "nik_koperasi,ketua,telepon,alamat" },
	{ NULL, NULL, NULL },
};

static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; p && *p;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len + (c ? 1 : 0);
	}
	return false;
}

bool purge_personal(const char *entity, const char *field)
{
	for (size_t i = 0; personal_rules[i].entity; i++)
		if (str_eq(personal_rules[i].entity, entity))
			return in_list(personal_rules[i].fields, field);
	return in_list(purge_copy_fields(entity, NULL), field);
}

const char *purge_personal_fields(const char *entity)
{
	for (size_t i = 0; personal_rules[i].entity; i++)
		if (str_eq(personal_rules[i].entity, entity))
			return personal_rules[i].fields;
	return purge_copy_fields(entity, NULL);
}

const char *purge_copy_fields(const char *entity, const char **ref)
{
	for (size_t i = 0; copy_rules[i].entity; i++)
		if (str_eq(copy_rules[i].entity, entity)) {
			if (ref)
				*ref = copy_rules[i].ref;
			return copy_rules[i].fields;
		}
	return NULL;
}

static char **split_names(const char *list);

/* Whether the reference "entity:hex" names a record with purged fields. */
static int names_purged(struct store *st, const char *ref, struct err *e)
{
	const char *colon = ref ? strchr(ref, ':') : NULL;
	struct rid id;
	if (!colon || !rid_from_hex(colon + 1, &id))
		return 0;
	char ent[32];
	size_t len = (size_t)(colon - ref);
	if (len >= sizeof(ent))
		return 0;
	memcpy(ent, ref, len);
	ent[len] = '\0';
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM purged WHERE entity = ? AND record = ?"
				     " LIMIT 1", e);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, ent, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 2, id.b, 16, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(st, e, "purge");
		return -1;
	}
	return rc == SQLITE_ROW;
}

static bool mark_purged(struct store *st, const char *entity, const struct rid *id,
			char *const *names, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT OR IGNORE INTO purged(entity, record, field)"
				     " VALUES (?, ?, ?)", e);
	bool ok = s != NULL;
	for (size_t i = 0; ok && names[i]; i++) {
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, entity, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(s, 2, id->b, 16, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 3, names[i], -1, SQLITE_TRANSIENT);
		ok = sqlite3_step(s) == SQLITE_DONE || store_fail(st, e, "purge");
	}
	if (s)
		sqlite3_reset(s);
	if (ok)
		st->any_purged = true;
	return ok;
}

/* The op makes or moves a copy record onto a purged business: its copy fields
 * become purged (marked), and their names returned; NULL otherwise. */
static char **copy_of_purged(struct store *st, const struct op *op, struct err *e,
			     bool *failed)
{
	const char *ref_field = NULL;
	const char *fields = purge_copy_fields(op->entity, &ref_field);
	*failed = false;
	if (!fields)
		return NULL;
	for (size_t i = 0; i < op->nfields; i++) {
		if (!str_eq(op->fields[i].name, ref_field) || !op->fields[i].value)
			continue;
		int r = names_purged(st, op->fields[i].value, e);
		if (r < 0) {
			*failed = true;
			return NULL;
		}
		if (r == 0)
			return NULL;
		char **names = split_names(fields);
		if (!mark_purged(st, op->entity, &op->record, names, e)) {
			*failed = true;
			for (size_t k = 0; names[k]; k++)
				free(names[k]);
			free(names);
			return NULL;
		}
		return names;
	}
	return NULL;
}

int purge_incoming(struct store *st, const struct op *op, struct op *out,
		   struct op_field **fields, uint8_t **hashes, struct err *e)
{
	*fields = NULL;
	*hashes = NULL;
	bool failed;
	char **names = purged_names(st, op->entity, &op->record, e, &failed);
	if (failed) {
		free_names(names);
		return -1;
	}
	if (!names)
		names = copy_of_purged(st, op, e, &failed);
	if (failed)
		return -1;
	if (!names)
		return 0;
	size_t n = scrub_fields(op->fields, op->nfields, names, fields, hashes);
	free_names(names);
	if (n == 0) {
		free(*fields);
		free(*hashes);
		*fields = NULL;
		*hashes = NULL;
		return 0;
	}
	*out = *op;
	out->fields = *fields;
	return 1;
}

/* Splits "a,b,c" into a NULL-ended list (free with free_names). */
static char **split_names(const char *list)
{
	char **v = xcalloc(1, sizeof(*v));
	size_t n = 0;
	for (const char *p = list ? list : ""; *p;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		if (len) {
			v = xrealloc(v, (n + 2) * sizeof(*v));
			v[n] = xmalloc(len + 1);
			memcpy(v[n], p, len);
			v[n][len] = '\0';
			v[++n] = NULL;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return v;
}

struct stored_op {
	int64_t origin, seq;
	char *fields;
};

/* Erases the named fields of one record: marked purged, scrubbed in every op of
 * the record, the row and its search text. */
static bool purge_record(struct store *st, const struct entity_def *ent, const struct rid *id,
			 char *const *names, struct err *e)
{
	bool ok = mark_purged(st, ent->name, id, names, e);
	if (!ok)
		return false;
	st->purge_done = true;

	/* Every op of the record, read first and rewritten after. */
	struct stored_op *v = NULL;
	size_t n = 0;
	sqlite3_stmt *s = store_stmt(st, "SELECT origin, seq, fields FROM op WHERE record = ?"
				     " AND entity = ?", e);
	ok = s != NULL;
	if (ok) {
		sqlite3_bind_blob(s, 1, id->b, 16, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, ent->name, -1, SQLITE_STATIC);
		int rc;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n].origin = sqlite3_column_int64(s, 0);
			v[n].seq = sqlite3_column_int64(s, 1);
			v[n].fields = xstrdup((const char *)sqlite3_column_text(s, 2));
			n++;
		}
		sqlite3_reset(s);
		ok = rc == SQLITE_DONE || store_fail(st, e, "purge");
	}
	for (size_t i = 0; ok && i < n; i++) {
		struct op_field *f = NULL, *scrubbed = NULL;
		char *buf = NULL;
		uint8_t *hashes = NULL;
		int nf = op_fields_decode(v[i].fields, &f, &buf);
		if (nf < 0)
			continue; /* unreadable: bantu check reports it */
		if (scrub_fields(f, (size_t)nf, names, &scrubbed, &hashes) > 0) {
			struct strbuf json = STRBUF_INIT;
			op_fields_encode(&json, scrubbed, (size_t)nf);
			sqlite3_stmt *u = store_stmt(st, "UPDATE op SET fields = ?"
						     " WHERE origin = ? AND seq = ?", e);
			ok = u != NULL;
			if (ok) {
				sqlite3_bind_text(u, 1, json.buf, (int)json.len, SQLITE_STATIC);
				sqlite3_bind_int64(u, 2, v[i].origin);
				sqlite3_bind_int64(u, 3, v[i].seq);
				ok = sqlite3_step(u) == SQLITE_DONE || store_fail(st, e, "purge");
				sqlite3_reset(u);
				sqlite3_clear_bindings(u);
			}
			strbuf_release(&json);
		}
		free(scrubbed);
		free(hashes);
		free(f);
		free(buf);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].fields);
	free(v);
	return ok && fold_scrub(st, ent, id, names, e);
}

/* The records here that copy the purged record's person (copy_rules): each
 * loses its copy fields. Deleted ones too. */
static bool purge_copies(struct store *st, const struct entity_def *ent, const struct rid *id,
			 struct err *e)
{
	char hex[RID_HEX];
	rid_to_hex(id, hex);
	char *ref = xasprintf("%s:%s", ent->name, hex);
	bool ok = true;
	for (size_t r = 0; ok && copy_rules[r].entity; r++) {
		const struct entity_def *ce = entity_find(copy_rules[r].entity);
		if (!ce)
			continue;
		char *sql = xasprintf("SELECT id FROM %s WHERE %s = ?", ce->table, copy_rules[r].ref);
		sqlite3_stmt *s = store_stmt(st, sql, e);
		free(sql);
		struct rid *ids = NULL;
		size_t n = 0;
		ok = s != NULL;
		if (ok) {
			sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
			int rc;
			while ((rc = sqlite3_step(s)) == SQLITE_ROW)
				if (sqlite3_column_bytes(s, 0) == 16) {
					ids = xrealloc(ids, (n + 1) * sizeof(*ids));
					memcpy(ids[n++].b, sqlite3_column_blob(s, 0), 16);
				}
			sqlite3_reset(s);
			ok = rc == SQLITE_DONE || store_fail(st, e, "purge");
		}
		char **names = split_names(copy_rules[r].fields);
		for (size_t i = 0; ok && i < n; i++)
			ok = purge_record(st, ce, &ids[i], names, e);
		free_names(names);
		free(ids);
	}
	free(ref);
	return ok;
}

bool purge_apply(struct store *st, const struct op *op, struct err *e)
{
	const struct entity_def *ent = entity_find(op->entity);
	if (!ent)
		return true;
	const char *list = NULL;
	for (size_t i = 0; i < op->nfields; i++)
		if (str_eq(op->fields[i].name, FIELD_PURGE))
			list = op->fields[i].value;
	char **names = split_names(list);
	bool ok = purge_record(st, ent, &op->record, names, e) &&
		  purge_copies(st, ent, &op->record, e);
	free_names(names);
	return ok;
}

bool purge_compact(struct store *st, struct err *e)
{
	for (size_t i = 0; entity_all[i]; i++) {
		const struct entity_def *ent = entity_all[i];
		if (!ent->search_fields)
			continue;
		char *sql = xasprintf("INSERT INTO %s_fts(%s_fts) VALUES ('optimize')", ent->table,
				      ent->table);
		bool ok = store_exec(st, sql, e);
		free(sql);
		if (!ok)
			return false;
	}
	return true;
}

char *store_purged_fields(struct store *st, const struct entity_def *ent, const struct rid *id)
{
	bool failed;
	char **names = purged_names(st, ent->name, id, NULL, &failed);
	if (!names)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; names[i]; i++) {
		if (i)
			strbuf_addch(&sb, ',');
		strbuf_adds(&sb, names[i]);
	}
	free_names(names);
	return strbuf_detach(&sb);
}

bool store_purge(struct store *st, const struct entity_def *ent, const struct rid *id,
		 const char *const *fields, const char *reason, const char *officer,
		 struct err *e)
{
	struct strbuf list = STRBUF_INIT;
	for (size_t i = 0; fields && fields[i]; i++) {
		if (entity_field_index(ent, fields[i]) < 0) {
			strbuf_release(&list);
			return err_set(e, 1, _("%s has no field %s"), ent->name, fields[i]);
		}
		if (list.len)
			strbuf_addch(&list, ',');
		strbuf_adds(&list, fields[i]);
	}
	if (!list.len) {
		strbuf_release(&list);
		return err_set(e, 1, _("no fields to purge"));
	}
	if (!store_begin(st, e)) {
		strbuf_release(&list);
		return false;
	}
	struct record cur;
	bool ok = store_get(st, ent, id, &cur, e);
	if (ok) {
		record_release(&cur);
		struct op_field f[2];
		memset(f, 0, sizeof(f));
		f[0].name = FIELD_PURGE;
		f[0].value = list.buf;
		f[1].name = FIELD_PURGE_REASON;
		f[1].value = str_empty(reason) ? NULL : reason;
		ok = store_local_op(st, ent, id, f, 2, officer, e);
	}
	strbuf_release(&list);
	if (!ok) {
		store_rollback(st);
		return false;
	}
	return store_commit(st, e);
}
