/* oplog.c - ops: canonical encoding and hash, the fold, saving, history. */
#include "private.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"

#define CLK_SIZE CLOCK_SIZE /* per field: hlc (8, big-endian) then origin (8, big-endian) */

/* ---- field encoding: [["name","value","old","base"], ...], null for empty,
 * trailing nulls left out ---- */

static void json_string(struct strbuf *out, const char *s)
{
	if (!s) {
		strbuf_adds(out, "null");
		return;
	}
	strbuf_addch(out, '"');
	/* Runs of characters that need no escape go in at once. */
	const unsigned char *run = (const unsigned char *)s, *p = run;
	for (; *p; p++) {
		if (*p != '"' && *p != '\\' && *p >= 0x20)
			continue;
		strbuf_add(out, run, (size_t)(p - run));
		if (*p < 0x20) {
			strbuf_addf(out, "\\u%04x", *p);
		} else {
			strbuf_addch(out, '\\');
			strbuf_addch(out, *p);
		}
		run = p + 1;
	}
	strbuf_add(out, run, (size_t)(p - run));
	strbuf_addch(out, '"');
}

/* A value, or the marker of a purged one: {"purged":"64 hex digits"}. */
static void json_value(struct strbuf *out, const char *s, const uint8_t *purged)
{
	if (!purged) {
		json_string(out, s);
		return;
	}
	strbuf_adds(out, "{\"" OP_PURGED_KEY "\":\"");
	for (int k = 0; k < 32; k++)
		strbuf_addf(out, "%02x", purged[k]);
	strbuf_adds(out, "\"}");
}

static bool clock_is_zero(const uint8_t *c)
{
	for (int i = 0; i < CLOCK_SIZE; i++)
		if (c[i])
			return false;
	return true;
}

void op_fields_encode(struct strbuf *out, const struct op_field *f, size_t n)
{
	strbuf_addch(out, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addch(out, ',');
		strbuf_addch(out, '[');
		json_string(out, f[i].name);
		strbuf_addch(out, ',');
		json_value(out, f[i].value, f[i].value_hash);
		/* Trailing nulls are left out: a new record's op is mostly [name,value]. */
		bool base = !clock_is_zero(f[i].base);
		if (f[i].old || f[i].old_hash || base || f[i].salt) {
			strbuf_addch(out, ',');
			json_value(out, f[i].old, f[i].old_hash);
		}
		if (base) {
			strbuf_adds(out, ",\"");
			for (int k = 0; k < CLOCK_SIZE; k++)
				strbuf_addf(out, "%02x", f[i].base[k]);
			strbuf_addch(out, '"');
		} else if (f[i].salt) {
			strbuf_adds(out, ",null");
		}
		if (f[i].salt) {   /* [name, value, old, base, salt] */
			strbuf_adds(out, ",\"");
			for (int k = 0; k < OP_SALT_SIZE; k++)
				strbuf_addf(out, "%02x", f[i].salt[k]);
			strbuf_addch(out, '"');
		}
		strbuf_addch(out, ']');
	}
	strbuf_addch(out, ']');
}

static void put_utf8(char **w, unsigned cp)
{
	char *o = *w;
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	*w = o;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * Parses a JSON string or null at *p, writing the decoded text at *w. With
 * purged non-NULL, also the marker of a purged value: *val is then NULL and
 * *purged points at its 32-byte hash, written at *w.
 */
static int json_parse_value(const char **p, char **w, const char **val,
			    const uint8_t **purged)
{
	const char *s = *p;
	while (*s == ' ')
		s++;
	if (purged)
		*purged = NULL;
	static const char mark[] = "{\"" OP_PURGED_KEY "\":\"";
	if (purged && strncmp(s, mark, sizeof(mark) - 1) == 0) {
		s += sizeof(mark) - 1;
		uint8_t *h = (uint8_t *)*w;
		for (int k = 0; k < 32; k++) {
			unsigned v;
			char two[5] = { '0', '0', s[0], s[0] ? s[1] : 0, 0 };
			if (!s[0] || !s[1] || hex4(two, &v) < 0)
				return -1;
			h[k] = (uint8_t)v;
			s += 2;
		}
		if (s[0] != '"' || s[1] != '}')
			return -1;
		*val = NULL;
		*purged = h;
		*w += 32;
		*p = s + 2;
		return 0;
	}
	if (strncmp(s, "null", 4) == 0) {
		*val = NULL;
		*p = s + 4;
		return 0;
	}
	if (*s != '"')
		return -1;
	s++;
	*val = *w;
	char *o = *w;
	while (*s && *s != '"') {
		if (*s != '\\') {
			*o++ = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case '"': case '\\': case '/': *o++ = *s++; break;
		case 'b': *o++ = '\b'; s++; break;
		case 'f': *o++ = '\f'; s++; break;
		case 'n': *o++ = '\n'; s++; break;
		case 'r': *o++ = '\r'; s++; break;
		case 't': *o++ = '\t'; s++; break;
		case 'u': {
			unsigned cp;
			if (hex4(s + 1, &cp) < 0)
				return -1;
			s += 5;
			if (cp >= 0xd800 && cp < 0xdc00 && s[0] == '\\' && s[1] == 'u') {
				unsigned lo;
				if (hex4(s + 2, &lo) < 0)
					return -1;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				s += 6;
			}
			put_utf8(&o, cp);
			break;
		}
		default:
			return -1;
		}
	}
	if (*s != '"')
		return -1;
	*o++ = '\0';
	*w = o;
	*p = s + 1;
	return 0;
}

int op_fields_decode(const char *json, struct op_field **fields, char **buf)
{
	size_t len = strlen(json);
	*buf = xmalloc(len * 2 + 16);
	char *w = *buf;
	size_t cap = 8, n = 0;
	struct op_field *f = xmalloc(cap * sizeof(*f));
	const char *p = json;
	if (*p++ != '[')
		goto fail;
	while (*p == ' ')
		p++;
	if (*p == ']') {
		*fields = f;
		return 0;
	}
	for (;;) {
		if (*p++ != '[')
			goto fail;
		if (n == cap) {
			cap *= 2;
			f = xrealloc(f, cap * sizeof(*f));
		}
		const char *base = NULL, *salt = NULL;
		memset(f[n].base, 0, CLOCK_SIZE);
		f[n].old = NULL;
		f[n].old_hash = NULL;
		f[n].salt = NULL;
		if (json_parse_value(&p, &w, &f[n].name, NULL) < 0 || !f[n].name || *p++ != ',' ||
		    json_parse_value(&p, &w, &f[n].value, &f[n].value_hash) < 0)
			goto fail;
		if (*p == ',' && (p++, json_parse_value(&p, &w, &f[n].old, &f[n].old_hash) < 0))
			goto fail;
		if (*p == ',' && (p++, json_parse_value(&p, &w, &base, NULL) < 0))
			goto fail;
		if (*p == ',' && (p++, json_parse_value(&p, &w, &salt, NULL) < 0 || !salt))
			goto fail;
		if (*p++ != ']')
			goto fail;
		if (salt) {
			/* The salt's bytes over its hex text (32 digits: room for 16). */
			if (strlen(salt) != 2 * OP_SALT_SIZE)
				goto fail;
			uint8_t *sb = (uint8_t *)salt;
			for (int k = 0; k < OP_SALT_SIZE; k++) {
				unsigned v;
				char two[5] = { '0', '0', salt[2 * k], salt[2 * k + 1], 0 };
				if (hex4(two, &v) < 0)
					goto fail;
				sb[k] = (uint8_t)v;
			}
			f[n].salt = sb;
		}
		if (base) {
			if (strlen(base) != 2 * CLOCK_SIZE)
				goto fail;
			for (int k = 0; k < CLOCK_SIZE; k++) {
				unsigned v;
				char two[5] = { '0', '0', base[2 * k], base[2 * k + 1], 0 };
				if (hex4(two, &v) < 0)
					goto fail;
				f[n].base[k] = (uint8_t)v;
			}
		}
		n++;
		if (*p == ']')
			break;
		if (*p++ != ',')
			goto fail;
	}
	*fields = f;
	return (int)n;
fail:
	free(f);
	free(*buf);
	*buf = NULL;
	*fields = NULL;
	return -1;
}

/* ---- hash ---- */

static void hash_u64(crypto_generichash_state *h, uint64_t v)
{
	uint8_t b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> (56 - 8 * i));
	crypto_generichash_update(h, b, 8);
}

static void hash_str(crypto_generichash_state *h, const char *s)
{
	crypto_generichash_update(h, (const uint8_t *)(s ? s : ""), strlen(s ? s : "") + 1);
}

/* A value enters the op hash through its own hash, so that a purged value can be
 * dropped later while the chain still verifies. */
void op_value_hash(const char *v, const uint8_t *salt, char tag, uint8_t out[32])
{
	if (!salt) {
		crypto_generichash(out, 32, (const uint8_t *)v, strlen(v), NULL, 0);
		return;
	}
	crypto_generichash_state h;
	crypto_generichash_init(&h, salt, OP_SALT_SIZE, 32);
	crypto_generichash_update(&h, (const uint8_t *)&tag, 1);
	crypto_generichash_update(&h, (const uint8_t *)v, strlen(v));
	crypto_generichash_final(&h, out, 32);
}

static void hash_value(crypto_generichash_state *h, const char *v, const uint8_t *purged,
		       const uint8_t *salt, char tag)
{
	uint8_t vh[32];
	if (purged) {
		memcpy(vh, purged, sizeof(vh));
	} else if (!v) {
		memset(vh, 0, sizeof(vh));
	} else {
		op_value_hash(v, salt, tag, vh);
	}
	crypto_generichash_update(h, vh, sizeof(vh));
}

void op_compute_hash(const struct op *op, uint8_t out[32])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	crypto_generichash_update(&h, (const uint8_t *)"bantu-op-1", 10);
	hash_u64(&h, (uint64_t)op->origin);
	hash_u64(&h, (uint64_t)op->seq);
	hash_u64(&h, (uint64_t)op->hlc);
	hash_str(&h, op->entity);
	crypto_generichash_update(&h, op->record.b, 16);
	hash_str(&h, op->office);
	hash_str(&h, op->officer);
	hash_u64(&h, op->nfields);
	for (size_t i = 0; i < op->nfields; i++) {
		hash_str(&h, op->fields[i].name);
		hash_value(&h, op->fields[i].value, op->fields[i].value_hash, op->fields[i].salt, 'v');
		hash_value(&h, op->fields[i].old, op->fields[i].old_hash, op->fields[i].salt, 'o');
		crypto_generichash_update(&h, op->fields[i].base, CLOCK_SIZE);
	}
	crypto_generichash_update(&h, op->prev, 32);
	crypto_generichash_final(&h, out, 32);
}

/* ---- the fold ---- */

bool fold_target_init(struct store *st, struct fold_target *t, const struct entity_def *ent,
		      const char *table, bool with_search, struct err *e)
{
	memset(t, 0, sizeof(*t));
	t->ent = ent;
	t->table = xstrdup(table);
	t->with_search = with_search;
	t->main = str_starts_with(table, "main.");
	struct strbuf cols = STRBUF_INIT, sql = STRBUF_INIT;
	entity_columns(ent, &cols, NULL);
	strbuf_addf(&sql, "SELECT %s, clk, rowid, search_text FROM %s WHERE id = ?", cols.buf, table);
	t->sel = store_prepare(st, sql.buf, e);
	strbuf_reset(&sql);
	strbuf_addf(&sql, "INSERT INTO %s(id, %s, search_text, clk) VALUES (?", table, cols.buf);
	for (size_t i = 0; i < ent->nfields + 2; i++)
		strbuf_adds(&sql, ", ?");
	strbuf_adds(&sql, ")");
	t->ins = t->sel ? store_prepare(st, sql.buf, e) : NULL;
	strbuf_reset(&sql);
	strbuf_addf(&sql, "UPDATE %s SET ", table);
	for (size_t i = 0; i < ent->nfields; i++)
		strbuf_addf(&sql, "%s = ?, ", ent->fields[i].name);
	strbuf_adds(&sql, "search_text = ?, clk = ? WHERE id = ?");
	t->upd = t->ins ? store_prepare(st, sql.buf, e) : NULL;
	if (t->upd && with_search)
		t->suspect = store_prepare(st, "INSERT OR IGNORE INTO conflict_suspect(entity, record)"
					   " VALUES (?, ?)", e);
	strbuf_release(&sql);
	strbuf_release(&cols);
	return t->upd != NULL && (!with_search || t->suspect != NULL);
}

void fold_target_release(struct fold_target *t)
{
	sqlite3_finalize(t->sel);
	sqlite3_finalize(t->ins);
	sqlite3_finalize(t->upd);
	sqlite3_finalize(t->suspect);
	free(t->table);
	memset(t, 0, sizeof(*t));
}

static void clk_encode(uint8_t *dst, int64_t hlc, int64_t origin)
{
	for (int i = 0; i < 8; i++) {
		dst[i] = (uint8_t)((uint64_t)hlc >> (56 - 8 * i));
		dst[8 + i] = (uint8_t)((uint64_t)origin >> (56 - 8 * i));
	}
}

/*
 * A row's field clocks, packed: a count k, the k distinct clocks (16 bytes each,
 * in order of first use), then one byte per field: 0 for never set, else the
 * 1-based number of its clock. A record saved once costs 1 + 16 + nfields bytes
 * instead of 16 per field. Fields added by a later schema read as never set.
 */
static void clk_pack(const uint8_t *clk, size_t nf, struct strbuf *out)
{
	uint8_t idx[256] = { 0 };
	uint8_t k = 0;
	struct strbuf clocks = STRBUF_INIT;
	for (size_t i = 0; i < nf && i < sizeof(idx); i++) {
		const uint8_t *c = clk + i * CLK_SIZE;
		if (clock_is_zero(c))
			continue;
		uint8_t j;
		for (j = 0; j < k; j++)
			if (memcmp(clocks.buf + (size_t)j * CLK_SIZE, c, CLK_SIZE) == 0)
				break;
		if (j == k) {
			strbuf_add(&clocks, c, CLK_SIZE);
			k++;
		}
		idx[i] = (uint8_t)(j + 1);
	}
	strbuf_addch(out, k);
	if (k)
		strbuf_add(out, clocks.buf, clocks.len);
	strbuf_add(out, idx, nf);
	strbuf_release(&clocks);
}

static void clk_unpack(const void *blob, int len, size_t nf, uint8_t *clk)
{
	const uint8_t *b = blob;
	memset(clk, 0, nf * CLK_SIZE);
	if (!b || len < 1)
		return;
	size_t k = b[0];
	size_t head = 1 + k * CLK_SIZE;
	if ((size_t)len < head)
		return;
	for (size_t i = 0; i < nf && head + i < (size_t)len; i++) {
		size_t j = b[head + i];
		if (j >= 1 && j <= k)
			memcpy(clk + i * CLK_SIZE, b + 1 + (j - 1) * CLK_SIZE, CLK_SIZE);
	}
}

/* The text the search index holds: the search fields, and a phone number also
 * in its 08... form, so clerks find "0812..." as they wrote it. */
static char *search_text(const struct entity_def *ent, char **values)
{
	if (!ent->search_fields)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; ent->search_fields[i]; i++) {
		int idx = entity_field_index(ent, ent->search_fields[i]);
		const char *v = idx >= 0 ? values[idx] : NULL;
		if (str_empty(v))
			continue;
		if (sb.len)
			strbuf_addch(&sb, ' ');
		strbuf_adds(&sb, v);
		if (str_starts_with(v, "+62"))
			strbuf_addf(&sb, " 0%s", v + 3);
	}
	return strbuf_detach(&sb);
}

static void bind_value(sqlite3_stmt *s, int col, const struct field_def *f, const char *v)
{
	if (str_eq(f->name, FIELD_DELETED)) {
		sqlite3_bind_int64(s, col, v ? strtoll(v, NULL, 10) : 0);
	} else if (!v) {
		sqlite3_bind_null(s, col);
	} else if (f->type == FT_INT) {
		sqlite3_bind_int64(s, col, strtoll(v, NULL, 10));
	} else {
		/* Static: every caller resets the statement before v goes. */
		sqlite3_bind_text(s, col, v, -1, SQLITE_STATIC);
	}
}

/* Equal strings, NULL equal to NULL only. */
static bool same(const char *a, const char *b)
{
	if (!a || !b)
		return !a && !b;
	return strcmp(a, b) == 0;
}

#define FOLD_SMALL 64 /* fields held on the stack by the fold */

/* ---- program rules in the fold (store_set_verdict) ---- */

static store_verdict_fn verdict_fn;
static bool (*verdict_wants)(const struct entity_def *ent);

void store_set_verdict(store_verdict_fn fn, bool (*wants)(const struct entity_def *ent))
{
	verdict_fn = fn;
	verdict_wants = wants;
}

const char *store_last_refusal(const struct store *st)
{
	return st->last_refusal;
}

static bool judged(const struct entity_def *ent)
{
	return verdict_fn && verdict_wants && verdict_wants(ent);
}

/* Whether the log holds an op on this record later in clock order than op. */
static int later_op(struct store *st, const struct op *op, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM op WHERE record = ? AND hlc >= ?"
				     " AND NOT (hlc = ? AND origin <= ?) LIMIT 1", e);
	if (!s)
		return -1;
	sqlite3_bind_blob(s, 1, op->record.b, 16, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, op->hlc);
	sqlite3_bind_int64(s, 3, op->hlc);
	sqlite3_bind_int64(s, 4, op->origin);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, e, "fold"), -1;
	return rc == SQLITE_ROW;
}

static bool note_refused(struct store *st, const struct op *op, const char *why, struct err *e)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT OR REPLACE INTO op_refused(origin, seq, entity,"
				     " record, why) VALUES (?,?,?,?,?)", e);
	if (!s)
		return false;
	sqlite3_bind_int64(s, 1, op->origin);
	sqlite3_bind_int64(s, 2, op->seq);
	sqlite3_bind_text(s, 3, op->entity, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 4, op->record.b, 16, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, why, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE || store_fail(st, e, "fold");
}

/* The state of a row being folded. */
struct fold_row {
	char **values;
	bool *owned;
	uint8_t *clk;
	bool exists;    /* a row is stored */
	bool any;       /* a field was ever set (a row to write) */
	bool changed;
	bool suspect;
};

/*
 * Folds one op into row r: the rules' verdict first (when judged), then per
 * field the greater clock wins. copy: the op's values are copied (they do not
 * outlive the call).
 */
static bool fold_step(struct store *st, struct fold_target *t, const struct op *op,
		      struct fold_row *r, bool judge, bool copy, struct err *e)
{
	const struct entity_def *ent = t->ent;
	bool skip_small[FOLD_SMALL];
	bool *skip = NULL;
	/* The province's decisions (revocation cut-off, clock) refuse a change of
	 * any entity, whatever the record holds (decision.c). */
	char dwhy[240];
	if (st->ndec || !st->dec_loaded) {
		if (decision_refuses(st, op, dwhy, sizeof(dwhy))) {
			str_copy(st->last_refusal, dwhy, sizeof(st->last_refusal));
			return !t->main || note_refused(st, op, dwhy, e);
		}
	}
	judge = judge && judged(ent);
	if (judge) {
		skip = op->nfields <= FOLD_SMALL ? skip_small : xcalloc(op->nfields, sizeof(bool));
		memset(skip, 0, op->nfields * sizeof(bool));
		struct verdict_in in = { ent, op, r->values, r->clk, r->exists || r->any };
		struct verdict_out out = { .refuse = false, .skip = skip };
		out.why[0] = '\0';
		verdict_fn(st, &in, &out);
		if (out.recheck && t->main) {
			if (st->nrecheck == st->caprecheck) {
				st->caprecheck = st->caprecheck ? 2 * st->caprecheck : 16;
				st->recheck = xrealloc(st->recheck, st->caprecheck * sizeof(*st->recheck));
			}
			st->recheck[st->nrecheck++] = (struct recheck){ ent->name, op->record };
		}
		if (out.refuse) {
			if (!out.why[0])
				str_copy(out.why, "refused", sizeof(out.why));
			str_copy(st->last_refusal, out.why, sizeof(st->last_refusal));
			bool ok = !t->main || note_refused(st, op, out.why, e);
			if (skip != skip_small)
				free(skip);
			return ok;
		}
	}
	uint8_t mine[CLK_SIZE];
	clk_encode(mine, op->hlc, op->origin);
	for (size_t k = 0; k < op->nfields; k++) {
		int idx = entity_field_index(ent, op->fields[k].name);
		if (idx < 0)
			continue; /* a field this version does not know: kept in the log */
		uint8_t *c = r->clk + (size_t)idx * CLK_SIZE;
		/* An op that did not replace the value now in place either came before
		 * it or did not see it: the record goes on the list to examine. */
		if (memcmp(op->fields[k].base, c, CLK_SIZE) != 0)
			r->suspect = true;
		if (skip && skip[k])
			continue;
		if (memcmp(mine, c, CLK_SIZE) <= 0 && !st->arrival_order)
			continue;
		memcpy(c, mine, CLK_SIZE);
		if (r->owned[idx])
			free(r->values[idx]);
		const char *v = op->fields[k].value;
		r->values[idx] = copy && v ? xstrdup(v) : (char *)v;
		r->owned[idx] = copy && v;
		r->changed = true;
		r->any = true;
	}
	if (skip && skip != skip_small)
		free(skip);
	return true;
}

/* Folds a record again from its ops in clock order (an op of a judged record
 * arrived out of order, a decision refuses one of its ops, or check rebuilds it). */
static bool refold(struct store *st, struct fold_target *t, const struct rid *id,
		   struct fold_row *r, struct err *e)
{
	size_t nf = t->ent->nfields;
	for (size_t i = 0; i < nf; i++) {
		if (r->owned[i])
			free(r->values[i]);
		r->values[i] = NULL;
		r->owned[i] = false;
	}
	memset(r->clk, 0, nf * CLK_SIZE);
	r->any = false;
	if (t->main) {
		sqlite3_stmt *d = store_stmt(st, "DELETE FROM op_refused WHERE record = ?", e);
		if (!d)
			return false;
		sqlite3_bind_blob(d, 1, id->b, 16, SQLITE_STATIC);
		int rc = sqlite3_step(d);
		sqlite3_reset(d);
		if (rc != SQLITE_DONE)
			return store_fail(st, e, "fold");
	}
	/* Not the statement cache: a rule the verdict reads may use it meanwhile. */
	sqlite3_stmt *s = store_prepare(st, "SELECT origin, seq, hlc, office, officer, fields FROM op"
					" WHERE record = ? AND entity = ? ORDER BY hlc, origin, seq", e);
	if (!s)
		return false;
	sqlite3_bind_blob(s, 1, id->b, 16, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, t->ent->name, -1, SQLITE_STATIC);
	int rc;
	bool ok = true;
	while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct op_field *f = NULL;
		char *buf = NULL;
		int n = op_fields_decode((const char *)sqlite3_column_text(s, 5), &f, &buf);
		if (n < 0)
			continue;
		struct op op = {
			.origin = sqlite3_column_int64(s, 0),
			.seq = sqlite3_column_int64(s, 1),
			.hlc = sqlite3_column_int64(s, 2),
			.entity = t->ent->name,
			.record = *id,
			.office = (const char *)sqlite3_column_text(s, 3),
			.officer = (const char *)sqlite3_column_text(s, 4),
			.fields = f,
			.nfields = (size_t)n,
		};
		ok = fold_step(st, t, &op, r, !st->arrival_order, true, e);
		free(f);
		free(buf);
	}
	if (ok && rc != SQLITE_DONE)
		ok = store_fail(st, e, "fold");
	sqlite3_finalize(s);
	r->changed = true;
	return ok;
}

int64_t store_refused_count(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM op_refused", NULL);
	int64_t n = s && sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	if (s)
		sqlite3_reset(s);
	return n;
}

int store_refused_each(struct store *st, void (*fn)(const struct refused_op *r, void *arg),
		       void *arg, struct err *e)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT r.origin, r.seq, op.hlc, r.entity, r.record, op.office, op.officer, r.why"
		" FROM op_refused r JOIN op ON op.origin = r.origin AND op.seq = r.seq"
		" ORDER BY op.hlc, r.origin, r.seq", e);
	if (!s)
		return -1;
	int n = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct refused_op r = {
			.origin = sqlite3_column_int64(s, 0),
			.seq = sqlite3_column_int64(s, 1),
			.hlc = sqlite3_column_int64(s, 2),
			.entity = (const char *)sqlite3_column_text(s, 3),
			.office = (const char *)sqlite3_column_text(s, 5),
			.officer = (const char *)sqlite3_column_text(s, 6),
			.why = (const char *)sqlite3_column_text(s, 7),
		};
		if (sqlite3_column_bytes(s, 4) == 16)
			memcpy(r.record.b, sqlite3_column_blob(s, 4), 16);
		if (fn)
			fn(&r, arg);
		n++;
	}
	if (rc != SQLITE_DONE)
		n = store_fail(st, e, "refused") ? n : -1;
	sqlite3_finalize(s);
	return n;
}

bool store_recheck(struct store *st, struct err *e)
{
	bool ok = true;
	/* Each once: a refold may ask again (its record still missing). */
	size_t n = st->nrecheck;
	struct recheck *v = st->recheck;
	st->recheck = NULL;
	st->nrecheck = st->caprecheck = 0;
	for (size_t i = 0; ok && i < n; i++) {
		struct fold_target *t = fold_for(st, v[i].entity);
		/* An op older than every other: fold_apply folds the record again. */
		struct op none = { .entity = v[i].entity, .record = v[i].id, .hlc = -1 };
		if (t)
			ok = fold_apply(st, t, &none, e);
	}
	free(v);
	free(st->recheck);
	st->recheck = NULL;
	st->nrecheck = st->caprecheck = 0;
	return ok;
}

bool fold_again(struct store *st, struct fold_target *t, const struct rid *id, struct err *e)
{
	struct op none = { .entity = t->ent->name, .record = *id, .hlc = -1 };
	return fold_apply(st, t, &none, e);
}

bool fold_apply(struct store *st, struct fold_target *t, const struct op *op, struct err *e)
{
	const struct entity_def *ent = t->ent;
	size_t nf = ent->nfields;
	/* The row's values: copies of the stored ones (owned) or the op's (borrowed). */
	char *values_small[FOLD_SMALL];
	bool owned_small[FOLD_SMALL];
	uint8_t clk_small[FOLD_SMALL * CLK_SIZE];
	bool small = nf <= FOLD_SMALL;
	char **values = small ? values_small : xcalloc(nf, sizeof(char *));
	bool *owned = small ? owned_small : xcalloc(nf, sizeof(bool));
	uint8_t *clk = small ? clk_small : xcalloc(nf, CLK_SIZE);
	if (small) {
		memset(values_small, 0, sizeof(values_small));
		memset(owned_small, 0, sizeof(owned_small));
		memset(clk_small, 0, sizeof(clk_small));
	}
	struct fold_row r = { values, owned, clk, false, false, false, false };
	bool ok = false;
	int64_t rowid = 0;
	char *old_text = NULL;
	st->last_refusal[0] = '\0';

	sqlite3_bind_blob(t->sel, 1, op->record.b, 16, SQLITE_STATIC);
	int rc = sqlite3_step(t->sel);
	if (rc == SQLITE_ROW) {
		r.exists = true;
		for (size_t i = 0; i < nf; i++)
			if (sqlite3_column_type(t->sel, (int)i) != SQLITE_NULL) {
				values[i] = xstrdup((const char *)sqlite3_column_text(t->sel, (int)i));
				owned[i] = true;
			}
		clk_unpack(sqlite3_column_blob(t->sel, (int)nf), sqlite3_column_bytes(t->sel, (int)nf),
			   nf, clk);
		rowid = sqlite3_column_int64(t->sel, (int)nf + 1);
		old_text = xstrdup((const char *)sqlite3_column_text(t->sel, (int)nf + 2));
	} else if (rc != SQLITE_DONE) {
		sqlite3_reset(t->sel);
		store_fail(st, e, "fold");
		goto out;
	}
	sqlite3_reset(t->sel);

	bool judge = judged(ent) && !st->arrival_order;
	/* hlc -1: no op, the record is folded again (store_recheck, fold_again). */
	int later = op->hlc < 0 ? 1 : judge ? later_op(st, op, e) : 0;
	if (later < 0)
		goto out;
	if (later) {
		/* An op older than one already folded: the record is folded again
		 * from its ops in order (this one is in the log already). */
		if (!refold(st, t, &op->record, &r, e))
			goto out;
	} else if (!fold_step(st, t, op, &r, judge, false, e)) {
		goto out;
	}
	if (r.suspect && t->suspect) {
		sqlite3_bind_text(t->suspect, 1, ent->name, -1, SQLITE_STATIC);
		sqlite3_bind_blob(t->suspect, 2, op->record.b, 16, SQLITE_STATIC);
		rc = sqlite3_step(t->suspect);
		sqlite3_reset(t->suspect);
		if (rc != SQLITE_DONE) {
			store_fail(st, e, "fold");
			goto out;
		}
	}
	/* Folded again with every op refused: the row goes, as if never made. */
	if (r.changed && r.exists && !r.any) {
		char *sql = xasprintf("DELETE FROM %s WHERE id = ?", t->table);
		sqlite3_stmt *d = store_stmt(st, sql, e);
		free(sql);
		if (!d)
			goto out;
		sqlite3_bind_blob(d, 1, op->record.b, 16, SQLITE_STATIC);
		rc = sqlite3_step(d);
		sqlite3_reset(d);
		if (rc != SQLITE_DONE) {
			store_fail(st, e, "fold");
			goto out;
		}
		if (t->suspect && ent->search_fields && old_text)
			store_fts_queue(st, ent, rowid, old_text, NULL);
		ok = true;
		goto out;
	}
	/* No field this version knows (a purge, a future field), or a refused op
	 * on a record not yet made: no row to make. */
	if (!r.changed || (!r.exists && !r.any)) {
		ok = true;
		goto out;
	}

	bool exists = r.exists;
	sqlite3_stmt *s = exists ? t->upd : t->ins;
	int col = 1;
	if (!exists)
		sqlite3_bind_blob(s, col++, op->record.b, 16, SQLITE_STATIC);
	for (size_t i = 0; i < nf; i++)
		bind_value(s, col++, &ent->fields[i], values[i]);
	char *text = t->with_search ? search_text(ent, values) : NULL;
	if (text)
		sqlite3_bind_text(s, col++, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, col++);
	struct strbuf packed = STRBUF_INIT;
	clk_pack(clk, nf, &packed);
	sqlite3_bind_blob(s, col++, packed.buf, (int)packed.len, SQLITE_TRANSIENT);
	strbuf_release(&packed);
	if (exists)
		sqlite3_bind_blob(s, col++, op->record.b, 16, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (rc != SQLITE_DONE) {
		free(text);
		store_fail(st, e, "fold");
		goto out;
	}
	if (!exists) {
		rowid = sqlite3_last_insert_rowid(st->db);
		st->fold_created = true;
	}
	if (t->suspect && ent->search_fields && !same(old_text, text))
		store_fts_queue(st, ent, rowid, old_text, text);
	free(text);
	ok = true;
out:
	free(old_text);
	for (size_t i = 0; i < nf; i++)
		if (owned[i])
			free(values[i]);
	if (!small) {
		free(values);
		free(owned);
		free(clk);
	}
	return ok;
}

bool fold_scrub(struct store *st, const struct entity_def *ent, const struct rid *id,
		char *const *fields, struct err *e)
{
	struct fold_target *t = fold_for(st, ent->name);
	size_t nf = ent->nfields;
	char **values = xcalloc(nf, sizeof(char *));
	bool ok = false, changed = false;
	int64_t rowid = 0;
	char *old_text = NULL, *text = NULL;
	sqlite3_bind_blob(t->sel, 1, id->b, 16, SQLITE_STATIC);
	int rc = sqlite3_step(t->sel);
	if (rc == SQLITE_ROW) {
		for (size_t i = 0; i < nf; i++)
			if (sqlite3_column_type(t->sel, (int)i) != SQLITE_NULL)
				values[i] = xstrdup((const char *)sqlite3_column_text(t->sel, (int)i));
		rowid = sqlite3_column_int64(t->sel, (int)nf + 1);
		old_text = xstrdup((const char *)sqlite3_column_text(t->sel, (int)nf + 2));
	}
	sqlite3_reset(t->sel);
	if (rc != SQLITE_ROW) {
		ok = rc == SQLITE_DONE || store_fail(st, e, "purge");
		goto out;
	}
	for (size_t k = 0; fields[k]; k++) {
		int idx = entity_field_index(ent, fields[k]);
		if (idx >= 0 && values[idx]) {
			free(values[idx]);
			values[idx] = NULL;
			changed = true;
		}
	}
	if (!changed) {
		ok = true;
		goto out;
	}
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "UPDATE %s SET ", t->table);
	for (size_t i = 0; i < nf; i++)
		strbuf_addf(&sql, "%s%s = ?", i ? ", " : "", ent->fields[i].name);
	strbuf_adds(&sql, ", search_text = ? WHERE id = ?");
	sqlite3_stmt *u = store_stmt(st, sql.buf, e);
	strbuf_release(&sql);
	if (!u)
		goto out;
	int col = 1;
	for (size_t i = 0; i < nf; i++)
		bind_value(u, col++, &ent->fields[i], values[i]);
	text = search_text(ent, values);
	if (text)
		sqlite3_bind_text(u, col++, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(u, col++);
	sqlite3_bind_blob(u, col++, id->b, 16, SQLITE_STATIC);
	rc = sqlite3_step(u);
	sqlite3_reset(u);
	sqlite3_clear_bindings(u);
	if (rc != SQLITE_DONE) {
		store_fail(st, e, "purge");
		goto out;
	}
	if (ent->search_fields && !same(old_text, text))
		store_fts_queue(st, ent, rowid, old_text, text);
	ok = true;
out:
	free(text);
	free(old_text);
	for (size_t i = 0; i < nf; i++)
		free(values[i]);
	free(values);
	return ok;
}

bool fold_read_clocks(struct store *st, struct fold_target *t, const struct rid *id,
		      uint8_t *clk)
{
	(void)st;
	size_t nf = t->ent->nfields;
	memset(clk, 0, nf * CLK_SIZE);
	sqlite3_bind_blob(t->sel, 1, id->b, 16, SQLITE_STATIC);
	bool found = sqlite3_step(t->sel) == SQLITE_ROW;
	if (found) {
		clk_unpack(sqlite3_column_blob(t->sel, (int)nf), sqlite3_column_bytes(t->sel, (int)nf),
			   nf, clk);
	}
	sqlite3_reset(t->sel);
	return found;
}

struct fold_target *fold_for(struct store *st, const char *entity)
{
	for (size_t i = 0; entity_all[i]; i++)
		if (str_eq(entity_all[i]->name, entity))
			return &st->fold[i];
	return NULL;
}

static bool is_purge_op(const struct op *op)
{
	for (size_t i = 0; i < op->nfields; i++)
		if (str_eq(op->fields[i].name, FIELD_PURGE))
			return true;
	return false;
}

static int apply_op(struct store *st, const struct op *op, struct err *e);

int store_apply_op(struct store *st, const struct op *op, struct err *e)
{
	if (!st->any_purged)
		return apply_op(st, op, e);
	/* A value of a field purged on this record (an office that had not yet
	 * seen the purge edited it): stored as its marker only. */
	struct op scrubbed;
	struct op_field *fields = NULL;
	uint8_t *hashes = NULL;
	int rc = purge_incoming(st, op, &scrubbed, &fields, &hashes, e);
	if (rc >= 0)
		rc = apply_op(st, rc > 0 ? &scrubbed : op, e);
	free(fields);
	free(hashes);
	return rc;
}

static int apply_op(struct store *st, const struct op *op, struct err *e)
{
	struct strbuf json = STRBUF_INIT;
	op_fields_encode(&json, op->fields, op->nfields);
	sqlite3_stmt *s = st->op_insert;
	sqlite3_bind_int64(s, 1, op->origin);
	sqlite3_bind_int64(s, 2, op->seq);
	sqlite3_bind_int64(s, 3, op->hlc);
	sqlite3_bind_text(s, 4, op->entity, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 5, op->record.b, 16, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, op->office ? op->office : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, op->officer ? op->officer : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, json.buf, (int)json.len, SQLITE_STATIC);
	sqlite3_bind_blob(s, 9, op->prev, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 10, op->hash, 32, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	strbuf_release(&json);
	if (rc != SQLITE_DONE) {
		store_fail(st, e, "op log");
		return -1;
	}
	if (sqlite3_changes(st->db) == 0)
		return 0;
	st->last_refusal[0] = '\0';
	struct fold_target *t = fold_for(st, op->entity);
	if (t && !fold_apply(st, t, op, e))
		return -1;
	if (t && t->ent == &entity_pengaturan)
		store_clock_drift_refresh(st); /* the drift may be the setting changed */
	/* A refused change (a far-future stamp) does not move this clock. */
	if (!st->last_refusal[0])
		store_hlc_seen(st, op->hlc);
	merge_note(st, op);
	if (t && is_purge_op(op) && !purge_apply(st, op, e))
		return -1;
	if (!t && decision_is_op(op) && !decision_apply(st, op, e))
		return -1;
	return 1;
}

static char *next_reg_no(struct store *st, const struct entity_def *ent, struct err *e)
{
	char key[64];
	snprintf(key, sizeof(key), "regno.%s", ent->name);
	char *cur = store_meta_get(st, key);
	long long n = cur ? strtoll(cur, NULL, 10) + 1 : 1;
	free(cur);
	/* Never a number a record already holds (one received from another replica
	 * of this office): regno.c. */
	char *reg = xasprintf("%s-%c-%06lld", store_office_code(st), ent->reg_prefix, n);
	while (store_regno_taken(st, ent, reg)) {
		free(reg);
		reg = xasprintf("%s-%c-%06lld", store_office_code(st), ent->reg_prefix, ++n);
	}
	char num[32];
	snprintf(num, sizeof(num), "%lld", n);
	if (!store_meta_set(st, key, num, e)) {
		free(reg);
		return NULL;
	}
	return reg;
}

static bool local_op(struct store *st, const struct entity_def *ent, const struct rid *id,
		     const struct op_field *fields, size_t n, const char *officer, struct err *e);

bool store_local_op(struct store *st, const struct entity_def *ent, const struct rid *id,
		    const struct op_field *fields, size_t n, const char *officer, struct err *e)
{
	/* Personal fields get a fresh salt each (purge.c: purge_personal). */
	struct op_field *salted = NULL;
	uint8_t *salts = NULL;
	for (size_t i = 0; i < n; i++) {
		if (fields[i].salt || (!fields[i].value && !fields[i].old) ||
		    !purge_personal(ent->name, fields[i].name))
			continue;
		if (!salted) {
			salted = xcalloc(n, sizeof(*salted));
			memcpy(salted, fields, n * sizeof(*salted));
			salts = xcalloc(n, OP_SALT_SIZE);
		}
		randombytes_buf(salts + i * OP_SALT_SIZE, OP_SALT_SIZE);
		salted[i].salt = salts + i * OP_SALT_SIZE;
	}
	bool ok = local_op(st, ent, id, salted ? salted : fields, n, officer, e);
	free(salted);
	free(salts);
	return ok;
}

static bool local_op(struct store *st, const struct entity_def *ent, const struct rid *id,
		     const struct op_field *fields, size_t n, const char *officer, struct err *e)
{
	/* Later than every value it replaces, even one stamped beyond what the clock
	 * learns from other offices (store_hlc_seen): an edit never loses to what
	 * it edited. */
	int64_t hlc = store_hlc_now(st);
	for (size_t i = 0; i < n; i++) {
		int64_t base = 0;
		for (int k = 0; k < 8; k++)
			base = (int64_t)((uint64_t)base << 8 | fields[i].base[k]);
		if (base >= hlc)
			hlc = base + 1;
	}
	struct op op = {
		.origin = st->replica,
		.seq = st->next_seq,
		.hlc = hlc,
		.entity = ent->name,
		.record = *id,
		.office = store_office_code(st),
		.officer = officer ? officer : "",
		.fields = fields,
		.nfields = n,
	};
	memcpy(op.prev, st->last_hash, 32);
	op_compute_hash(&op, op.hash);
	int rc = store_apply_op(st, &op, e);
	if (rc == 0)
		err_set(e, 1, _("%s: change %lld of this office is already recorded; nothing was saved"),
			st->path, (long long)op.seq);
	if (rc != 1)
		return false;
	if (st->last_refusal[0])
		return err_set(e, 1, "%s", st->last_refusal); /* the caller rolls back */
	st->next_seq++;
	memcpy(st->last_hash, op.hash, 32);
	return true;
}

int store_save(struct store *st, struct record *rec, const char *officer, struct err *e)
{
	const struct entity_def *ent = rec->ent;
	if (!store_is_initialised(st)) {
		err_set(e, 1, _("%s: database not set up; run 'bantu init --office CODE'"), st->path);
		return -1;
	}
	if (!store_begin(st, e))
		return -1;
	struct record cur = { 0 };
	bool have = !rid_is_zero(&rec->id) && store_get(st, ent, &rec->id, &cur, NULL);
	struct rid id = rid_is_zero(&rec->id) ? rid_new() : rec->id;
	char *regno = NULL;
	int reg_idx = entity_field_index(ent, FIELD_REG_NO);
	if (!have && reg_idx >= 0 && str_empty(rec->values[reg_idx])) {
		regno = next_reg_no(st, ent, e);
		if (!regno)
			goto fail;
	}

	uint8_t *clk = xcalloc(ent->nfields, CLK_SIZE);
	if (have)
		fold_read_clocks(st, fold_for(st, ent->name), &id, clk);
	struct op_field *f = xcalloc(ent->nfields, sizeof(*f));
	size_t n = 0;
	for (size_t i = 0; i < ent->nfields; i++) {
		const char *v = (int)i == reg_idx && regno ? regno : rec->values[i];
		const char *old = have ? cur.values[i] : NULL;
		if (same(v, old))
			continue;
		f[n].name = ent->fields[i].name;
		f[n].value = v;
		f[n].old = old;
		memcpy(f[n].base, clk + i * CLK_SIZE, CLK_SIZE);
		n++;
	}
	int result = 0;
	if (n > 0) {
		if (!store_local_op(st, ent, &id, f, n, officer, e)) {
			free(f);
			free(clk);
			goto fail;
		}
		result = 1;
	}
	free(f);
	free(clk);
	if (!store_commit(st, e))
		goto fail_committed;
	rec->id = id;
	if (regno)
		record_set_i(rec, reg_idx, regno);
	free(regno);
	if (have)
		record_release(&cur);
	return result;
fail:
	store_rollback(st);
fail_committed:
	free(regno);
	if (have)
		record_release(&cur);
	return -1;
}

bool store_get(struct store *st, const struct entity_def *ent, const struct rid *id,
	       struct record *out, struct err *e)
{
	struct fold_target *t = fold_for(st, ent->name);
	sqlite3_bind_blob(t->sel, 1, id->b, 16, SQLITE_STATIC);
	int rc = sqlite3_step(t->sel);
	if (rc != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			store_fail(st, e, "read");
		else
			err_set(e, 1, _("no such record"));
		sqlite3_reset(t->sel);
		return false;
	}
	record_init(out, ent);
	out->id = *id;
	for (size_t i = 0; i < ent->nfields; i++) {
		if (sqlite3_column_type(t->sel, (int)i) == SQLITE_NULL)
			continue;
		const char *v = (const char *)sqlite3_column_text(t->sel, (int)i);
		if (str_eq(ent->fields[i].name, FIELD_DELETED) && str_eq(v, "0"))
			continue;
		out->values[i] = xstrdup(v);
	}
	sqlite3_reset(t->sel);
	return true;
}

bool store_history(struct store *st, const struct entity_def *ent, const struct rid *id,
		   void (*fn)(const struct history_entry *h, void *arg), void *arg,
		   struct err *e)
{
	sqlite3_stmt *s = store_prepare(st,
		"SELECT origin, seq, hlc, office, officer, fields FROM op"
		" WHERE record = ? AND entity = ? ORDER BY hlc, origin", e);
	if (!s)
		return false;
	sqlite3_bind_blob(s, 1, id->b, 16, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, ent->name, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct op_field *f;
		char *buf;
		int n = op_fields_decode((const char *)sqlite3_column_text(s, 5), &f, &buf);
		if (n < 0)
			continue;
		for (int i = 0; i < n; i++) {
			struct history_entry h = {
				.origin = sqlite3_column_int64(s, 0),
				.seq = sqlite3_column_int64(s, 1),
				.hlc = sqlite3_column_int64(s, 2),
				.office = (const char *)sqlite3_column_text(s, 3),
				.officer = (const char *)sqlite3_column_text(s, 4),
				.field = f[i].name,
				.old = f[i].old,
				.value = f[i].value,
				.old_purged = f[i].old_hash != NULL,
				.value_purged = f[i].value_hash != NULL,
				.first_of_op = i == 0,
			};
			fn(&h, arg);
		}
		free(f);
		free(buf);
	}
	bool ok = rc == SQLITE_DONE;
	if (!ok)
		store_fail(st, e, "history");
	sqlite3_finalize(s);
	return ok;
}

void store_test_arrival_order(struct store *st, bool on)
{
	st->arrival_order = on;
}

int64_t store_op_count(struct store *st)
{
	sqlite3_stmt *s = NULL;
	int64_t n = -1;
	if (sqlite3_prepare_v2(st->db, "SELECT count(*) FROM op", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}
