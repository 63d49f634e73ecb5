/*
 * opread.c - the ops of a bundle payload, read in order by a second thread a
 * batch ahead of the thread applying them: each row copied out of the payload,
 * its shape checked, its fields decoded and its hash computed. The applier
 * (store/sync.c) still makes every decision and every check in op order; this
 * only does the work that needs nothing but the op itself. Without the thread
 * (it could not be made) each batch is read when it is wanted.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "private.h"

#define READ_BATCH 256 /* ops a batch */
#define READ_RING 3    /* batches: one applied, one read, one waiting */

#define ARENA_BLOCK (1u << 20)

/* The texts of a batch's ops, in blocks kept from batch to batch. */
struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	char data[];
};

struct read_batch {
	struct read_op op[READ_BATCH];
	size_t n;
	bool last;    /* the statement is done (or failed: rc) */
	int rc;
	struct arena_block *blocks, *cur;
};

static char *arena_alloc(struct read_batch *b, size_t n)
{
	while (b->cur && b->cur->cap - b->cur->used < n)
		b->cur = b->cur->next;
	if (!b->cur) {
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		struct arena_block *k = xmalloc(sizeof(*k) + cap);
		k->used = 0;
		k->cap = cap;
		/* At the end of the list, so that every block is tried again next batch. */
		k->next = NULL;
		struct arena_block **at = &b->blocks;
		while (*at)
			at = &(*at)->next;
		*at = k;
		b->cur = k;
	}
	char *p = b->cur->data + b->cur->used;
	b->cur->used += n;
	return p;
}

static void arena_reset(struct read_batch *b)
{
	for (struct arena_block *k = b->blocks; k; k = k->next)
		k->used = 0;
	b->cur = b->blocks;
}

static void arena_free(struct read_batch *b)
{
	while (b->blocks) {
		struct arena_block *k = b->blocks;
		b->blocks = k->next;
		free(k);
	}
	b->cur = NULL;
}

struct op_reader {
	sqlite3_stmt *s;
	const struct read_known *known;
	size_t nknown;
	struct read_batch *b[READ_RING];
	bool full[READ_RING];
	int take;                    /* the batch the applier reads next */
	size_t at;                   /* its next op */
	bool threaded, stop;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* What a payload names goes into messages and tables: an office code is 1-15
 * letters, digits, '.', '-', '_'; an entity or field name lower-case letters,
 * digits, '_' and '.'; an officer printable text. Anything else is refused. */
bool payload_code_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 15)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == '.' || c == '-' || c == '_'))
			return false;
	}
	return true;
}

bool payload_name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '_' || c == '.'))
			return false;
	}
	return true;
}

bool payload_text_ok(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return s != NULL && strlen(s) <= 200;
}

static void op_clear(struct read_op *r)
{
	free(r->fields);
	free(r->fbuf);
	memset(r, 0, sizeof(*r));
}

/* Ops up to here of this origin are held by the store already (begin_origin's
 * view before the import): no need to decode or hash them. */
static int64_t known_through(const struct op_reader *rd, int64_t origin)
{
	for (size_t i = 0; i < rd->nknown; i++)
		if (rd->known[i].origin == origin)
			return rd->known[i].through;
	return 0;
}

/* Decodes the fields and computes the hash of r, unless malformed. */
void read_op_prepare(struct read_op *r)
{
	if (r->bad_shape || r->malformed || r->prepared)
		return;
	if (!r->fields_json) { /* not copied: the reader took the op for known */
		r->malformed = true;
		return;
	}
	struct op_field *f = NULL;
	char *buf = NULL;
	int n = op_fields_decode(r->fields_json, &f, &buf);
	if (n < 0) {
		r->malformed = true;
		return;
	}
	r->fields = f;
	r->fbuf = buf;
	r->op.fields = f;
	r->op.nfields = (size_t)n;
	for (int k = 0; k < n; k++)
		if (!payload_name_ok(f[k].name)) {
			r->malformed = true;
			return;
		}
	op_compute_hash(&r->op, r->computed);
	r->prepared = true;
}

/* Copies the row s is on into r, its texts into b's arena; the fields only when
 * the op is not known already. */
static void op_copy(sqlite3_stmt *s, struct read_op *r, const struct op_reader *rd,
		    struct read_batch *b)
{
	memset(r, 0, sizeof(*r));
	r->op.origin = sqlite3_column_int64(s, 0);
	r->op.seq = sqlite3_column_int64(s, 1);
	r->op.hlc = sqlite3_column_int64(s, 2);
	bool known = r->op.seq <= known_through(rd, r->op.origin);
	const char *col[4];
	size_t len[4], total = 0;
	static const int cols[4] = { 3, 5, 6, 7 }; /* entity, office, officer, fields */
	for (int i = 0; i < 4; i++) {
		col[i] = (const char *)sqlite3_column_text(s, cols[i]);
		len[i] = col[i] ? (size_t)sqlite3_column_bytes(s, cols[i]) : 0;
		if (i < 3 || !known)
			total += len[i] + 1;
	}
	char *w = arena_alloc(b, total);
	const char *copy[4] = { NULL };
	for (int i = 0; i < 4; i++) {
		if (!col[i] || (i == 3 && known))
			continue;
		memcpy(w, col[i], len[i]);
		w[len[i]] = '\0';
		copy[i] = w;
		w += len[i] + 1;
	}
	r->op.entity = copy[0];
	r->op.office = copy[1];
	r->op.officer = copy[2];
	r->fields_json = copy[3];
	/* A text with a NUL inside would be cut at it: refused as any other
	 * malformed text. */
	bool cut = false;
	for (int i = 0; i < 4; i++)
		if (col[i] && strlen(col[i]) != len[i])
			cut = true;
	if (cut || !payload_name_ok(r->op.entity) || !payload_code_ok(r->op.office) ||
	    !payload_text_ok(r->op.officer) || !col[3] || sqlite3_column_bytes(s, 4) != 16 ||
	    sqlite3_column_bytes(s, 8) != 32 || sqlite3_column_bytes(s, 9) != 32 ||
	    r->op.origin == 0 || r->op.seq < 1) {
		r->bad_shape = true;
		return;
	}
	memcpy(r->op.record.b, sqlite3_column_blob(s, 4), 16);
	memcpy(r->op.prev, sqlite3_column_blob(s, 8), 32);
	memcpy(r->op.hash, sqlite3_column_blob(s, 9), 32);
	if (!known)
		read_op_prepare(r);
}

static void batch_fill(struct op_reader *rd, struct read_batch *b)
{
	b->n = 0;
	b->last = false;
	while (b->n < READ_BATCH) {
		int rc = sqlite3_step(rd->s);
		if (rc != SQLITE_ROW) {
			b->last = true;
			b->rc = rc;
			return;
		}
		op_copy(rd->s, &b->op[b->n++], rd, b);
	}
}

static void batch_clear(struct read_batch *b)
{
	for (size_t i = 0; i < b->n; i++)
		op_clear(&b->op[i]);
	b->n = 0;
	arena_reset(b);
}

static void *reader_run(void *arg)
{
	struct op_reader *rd = arg;
	for (int i = 0;; i = (i + 1) % READ_RING) {
		pthread_mutex_lock(&rd->mu);
		while (rd->full[i] && !rd->stop)
			pthread_cond_wait(&rd->cv, &rd->mu);
		bool stop = rd->stop;
		pthread_mutex_unlock(&rd->mu);
		if (stop)
			break;
		batch_fill(rd, rd->b[i]);
		pthread_mutex_lock(&rd->mu);
		rd->full[i] = true;
		pthread_cond_broadcast(&rd->cv);
		pthread_mutex_unlock(&rd->mu);
		if (rd->b[i]->last)
			break;
	}
	return NULL;
}

struct op_reader *op_reader_start(sqlite3_stmt *s, const struct read_known *known, size_t nknown,
				  bool thread)
{
	struct op_reader *rd = xcalloc(1, sizeof(*rd));
	rd->s = s;
	rd->known = known;
	rd->nknown = nknown;
	for (int i = 0; i < READ_RING; i++)
		rd->b[i] = xcalloc(1, sizeof(*rd->b[i]));
	pthread_mutex_init(&rd->mu, NULL);
	pthread_cond_init(&rd->cv, NULL);
	rd->threaded = thread && pthread_create(&rd->th, NULL, reader_run, rd) == 0;
	return rd;
}

struct read_op *op_reader_next(struct op_reader *rd, int *rc)
{
	for (;;) {
		struct read_batch *b = rd->b[rd->take];
		if (rd->threaded) {
			pthread_mutex_lock(&rd->mu);
			while (!rd->full[rd->take])
				pthread_cond_wait(&rd->cv, &rd->mu);
			pthread_mutex_unlock(&rd->mu);
		} else if (!rd->full[rd->take]) {
			batch_fill(rd, b);
			rd->full[rd->take] = true;
		}
		if (rd->at < b->n)
			return &b->op[rd->at++];
		if (b->last) {
			*rc = b->rc;
			return NULL;
		}
		/* This batch is done: back to the reader. */
		batch_clear(b);
		rd->at = 0;
		pthread_mutex_lock(&rd->mu);
		rd->full[rd->take] = false;
		pthread_cond_broadcast(&rd->cv);
		pthread_mutex_unlock(&rd->mu);
		rd->take = (rd->take + 1) % READ_RING;
	}
}

void op_reader_stop(struct op_reader *rd)
{
	if (!rd)
		return;
	if (rd->threaded) {
		pthread_mutex_lock(&rd->mu);
		rd->stop = true;
		pthread_cond_broadcast(&rd->cv);
		pthread_mutex_unlock(&rd->mu);
		pthread_join(rd->th, NULL);
	}
	for (int i = 0; i < READ_RING; i++) {
		batch_clear(rd->b[i]);
		arena_free(rd->b[i]);
		free(rd->b[i]);
	}
	pthread_cond_destroy(&rd->cv);
	pthread_mutex_destroy(&rd->mu);
	free(rd);
}
