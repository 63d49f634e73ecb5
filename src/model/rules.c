/* rules.c - program rules across offices: state order, authority by
 * transition, frozen decision fields, segregation of duties (see rules.h). */
#include "model/rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "model/duties.h"
#include "model/region.h"
#include "store/conflict.h"

/* ---- the table ---- */

/* Who may make a move or change a record. */
enum who {
	WHO_ANY,        /* any office */
	WHO_PROVINCE,   /* the deciding office: the province */
	WHO_OWNER,      /* the office that owns the record (its kantor field) */
};

struct program_rules {
	const char *entity;
	/* States only the province moves a record to (decide, pay); a record in
	 * one of them is decided: only the province deletes or reopens it. */
	const char *const *province_states;
	/* The fields a decision rests on: frozen once decided (a change at the
	 * province reopens the decision, at another office it is refused). */
	const char *const *frozen;
	const char *reopen_to;              /* the state a reopening goes back to */
	const char *const *reopen_clears;   /* the decision's fields a reopening empties */
	/* Once in this state the payment fields are final. */
	const char *paid_state;
	const char *const *paid_final;
	/* Records kept by their owner office (kantor), and those whose owner is the
	 * office of the record their ref_owner field names. */
	bool owner_kept;
	const char *ref_owner;
	/* Segregation of duties: moving status_field to one of these states (or,
	 * with decision_any, setting it at all) is refused to an officer who changed
	 * one of `frozen` since the record's last decision. */
	const char *const *decisions;
	bool decision_any;
	/* The fields an outcome implies (skipped with a stale outcome of the
	 * same rank as the one held). */
	const char *const *outcome;
};

static const char *const stimulus_province[] = { "disetujui", "ditolak", "dicairkan", NULL };
static const char *const stimulus_frozen[] = { "penerima", "jumlah_diajukan", "bank",
					       "nomor_rekening", "nama_rekening", "cara_bayar",
					       NULL };
static const char *const stimulus_clears[] = { "jumlah_disetujui", "tanggal_keputusan",
					       "alasan_tolak", NULL };
static const char *const stimulus_paid[] = { "penerima", "jumlah_diajukan", "bank",
					     "nomor_rekening", "nama_rekening", "cara_bayar",
					     "jumlah_disetujui", "jumlah_dibayar", "tanggal_cair",
					     "referensi_bayar", NULL };
static const char *const stimulus_decisions[] = { "disetujui", "dicairkan", NULL };
static const char *const prakerja_outcome[] = { "nomor_kartu", "gelombang", "alasan_tolak", NULL };

static const char *const restru_frozen[] = { "debitur", "plafon_awal", "baki_debet",
					     "angsuran", "tunggakan_pokok", "tunggakan_bunga",
					     NULL };

static const struct program_rules rules_table[] = {
	{ .entity = "stimulus", .province_states = stimulus_province, .frozen = stimulus_frozen,
	  .reopen_to = "diverifikasi", .reopen_clears = stimulus_clears,
	  .paid_state = "dicairkan", .paid_final = stimulus_paid,
	  .decisions = stimulus_decisions, .outcome = stimulus_clears },
	{ .entity = "prakerja", .outcome = prakerja_outcome },
	{ .entity = "produk" },
	{ .entity = "restrukturisasi", .frozen = restru_frozen, .decision_any = true },
	{ .entity = "apd_pesanan", .owner_kept = true },
	{ .entity = "apd_penerimaan", .owner_kept = true, .ref_owner = "pesanan" },
	{ .entity = "apd_penyaluran", .owner_kept = true },
	{ .entity = "apd_bayar", .ref_owner = "pesanan" },
	{ .entity = NULL },
};

static const struct program_rules *rules_of(const char *entity)
{
	for (size_t i = 0; rules_table[i].entity; i++)
		if (str_eq(rules_table[i].entity, entity))
			return &rules_table[i];
	return NULL;
}

static bool in_set(const char *const *set, const char *v)
{
	for (size_t i = 0; set && v && set[i]; i++)
		if (str_eq(set[i], v))
			return true;
	return false;
}

const char *const *rules_frozen_fields(const struct entity_meta *m)
{
	const struct program_rules *r = m ? rules_of(m->ent->name) : NULL;
	return r ? r->frozen : NULL;
}

bool rules_reopen_allowed(const struct entity_meta *m, const char *from, const char *to,
			  const char *office)
{
	const struct program_rules *r = m ? rules_of(m->ent->name) : NULL;
	return r && r->reopen_to && str_eq(to, r->reopen_to) && in_set(r->province_states, from) &&
	       rules_is_province_office(office);
}

bool rules_is_province_office(const char *office)
{
	return office && *office && !strchr(office, '.');
}

int rules_state_rank(const struct entity_meta *m, const char *state)
{
	if (!m || !m->moves || str_empty(state))
		return 0;
	/* The longest path from a new record: diajukan 1, diverifikasi 2,
	 * disetujui and ditolak 3, dicairkan 4. */
	size_t n = 0;
	while (m->moves[n].to)
		n++;
	int rank[64] = { 0 };
	if (n > 64)
		n = 64;
	for (size_t pass = 0; pass < n; pass++) {
		bool more = false;
		for (size_t i = 0; i < n; i++) {
			int from = 0;
			if (*m->moves[i].from) {
				from = -1;
				for (size_t j = 0; j < n; j++)
					if (str_eq(m->moves[j].to, m->moves[i].from) && rank[j] > from)
						from = rank[j];
				if (from <= 0)
					continue;
			}
			if (rank[i] < from + 1) {
				rank[i] = from + 1;
				more = true;
			}
		}
		if (!more)
			break;
	}
	int best = 0;
	for (size_t i = 0; i < n; i++)
		if (str_eq(m->moves[i].to, state) && rank[i] > best)
			best = rank[i];
	return best;
}

/* ---- the verdict ---- */

static void refuse(struct verdict_out *out, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void refuse(struct verdict_out *out, const char *fmt, ...)
{
	if (out->refuse)
		return;
	out->refuse = true;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->why, sizeof(out->why), fmt, ap);
	va_end(ap);
}

static const char *value_at(const struct verdict_in *in, const char *field)
{
	int i = entity_field_index(in->ent, field);
	return i >= 0 ? in->values[i] : NULL;
}

static int op_field(const struct op *op, const char *field)
{
	for (size_t k = 0; k < op->nfields; k++)
		if (str_eq(op->fields[k].name, field))
			return (int)k;
	return -1;
}

/* A field's value after the op (the op's, or the folded one). */
static const char *after(const struct verdict_in *in, const char *field)
{
	int k = op_field(in->op, field);
	return k >= 0 ? in->op->fields[k].value : value_at(in, field);
}

/* Whether a resolving op names clk among the heads it replaces: it was made
 * seeing that value (its base is the clock rule's winner, which may be a
 * stale move the fold skipped). */
static bool resolves_clock(const struct op *op, const char *field, const uint8_t *clk)
{
	char name[96], hex[2 * CLOCK_SIZE + 1];
	snprintf(name, sizeof(name), "%s%s", RESOLVES_PREFIX, field);
	int k = op_field(op, name);
	if (k < 0 || !op->fields[k].value)
		return false;
	for (int i = 0; i < CLOCK_SIZE; i++)
		snprintf(hex + 2 * i, 3, "%02x", clk[i]);
	return strstr(op->fields[k].value, hex) != NULL;
}

static bool differs(const char *a, const char *b)
{
	return !str_eq(a ? a : "", b ? b : "");
}

/* The office that owns the record a reference names (its kantor). */
static char *owner_of_ref(struct store *st, const char *ref, bool *missing)
{
	struct record r;
	*missing = false;
	if (str_empty(ref))
		return NULL;
	if (!ref_get(st, ref, &r)) {
		*missing = true;
		return NULL;
	}
	const char *k = record_get(&r, "kantor");
	char *o = str_empty(k) ? NULL : xstrdup(k);
	record_release(&r);
	return o;
}

static void verdict(struct store *st, const struct verdict_in *in, struct verdict_out *out)
{
	const struct op *op = in->op;
	/* Province settings (model/shared_settings.c): the province's alone. */
	if (str_eq(op->entity, entity_pengaturan.name)) {
		if (!rules_is_province_office(op->office))
			refuse(out, _("office %s may not change a province setting (%s)"),
			       op->office ? op->office : "?", after(in, "kunci") ? after(in, "kunci") : "?");
		return;
	}
	const struct entity_meta *m = registry_meta(op->entity);
	const struct program_rules *r = rules_of(op->entity);
	if (!m || !r)
		return;
	const char *office = op->office ? op->office : "";
	bool province = rules_is_province_office(office);
	const char *label = _(m->title);

	/* Fields only the province writes. */
	for (size_t k = 0; !province && k < op->nfields; k++)
		if (entity_province_only(op->entity, op->fields[k].name)) {
			refuse(out, _("office %s may not change %s of a %s (the province office"
				      " decides)"), office, op->fields[k].name, label);
			return;
		}

	/* Records kept by the office that owns them. */
	if (r->owner_kept) {
		const char *kantor = after(in, "kantor");
		if (!str_empty(kantor) && !str_eq(kantor, office)) {
			refuse(out, _("office %s may not record %s for the stock of office %s"),
			       office, label, kantor);
			return;
		}
	}
	if (r->ref_owner) {
		bool missing;
		char *owner = owner_of_ref(st, after(in, r->ref_owner), &missing);
		if (missing)
			out->recheck = true; /* the order comes later in this bundle */
		bool bad = owner && !str_eq(owner, office);
		if (bad)
			refuse(out, _("office %s may not record %s on an order of office %s"), office,
			       label, owner);
		free(owner);
		if (bad)
			return;
	}

	const char *sf = m->status_field;
	int si = sf ? entity_field_index(in->ent, sf) : -1;
	const char *cur = si >= 0 && in->exists ? in->values[si] : NULL;
	bool decided = in_set(r->province_states, cur);

	/* Deleting (or restoring) a decided record is the province's. */
	int kd = op_field(op, FIELD_DELETED);
	if (kd >= 0 && decided && !province) {
		refuse(out, _("only the province office deletes or restores a decided %s"), label);
		return;
	}

	/* Frozen decision fields; final payment fields. */
	bool frozen_changed = false;
	for (size_t k = 0; k < op->nfields; k++) {
		const char *f = op->fields[k].name;
		if (!differs(op->fields[k].value, value_at(in, f)))
			continue;
		if (r->paid_state && str_eq(cur, r->paid_state) && in_set(r->paid_final, f)) {
			refuse(out, _("%s of a paid %s is final; a correction is a new record at the"
				      " province office"), f, label);
			return;
		}
		if (decided && in_set(r->frozen, f))
			frozen_changed = true;
	}
	if (frozen_changed && !province) {
		refuse(out, _("office %s may not change what the decision on a %s rests on"), office,
		       label);
		return;
	}

	/* Segregation of duties (model/duties.c); a district's decision is
	 * refused below as the province's. */
	char why[sizeof(out->why)];
	if ((province || !r->province_states) && duties_refuse(st, in, why, sizeof(why))) {
		refuse(out, "%s", why);
		return;
	}

	/* The state: forward by merge, back only by a deliberate reopening. */
	int ks = sf ? op_field(op, sf) : -1;
	if (ks < 0 || si < 0)
		return;
	const char *to = op->fields[ks].value;
	char res[64];
	snprintf(res, sizeof(res), RESOLVES_PREFIX "%s", sf);
	bool resolving = op_field(op, res) >= 0;
	if (resolving && !province && (in_set(r->province_states, to) || in_set(r->province_states, cur))) {
		refuse(out, _("only the province office settles the decision on a %s"), label);
		return;
	}
	if (!differs(to, cur))
		return;
	int rank_to = rules_state_rank(m, to), rank_cur = rules_state_rank(m, cur);
	bool stale = in->exists &&
		     memcmp(op->fields[ks].base, in->clk + (size_t)si * CLOCK_SIZE, CLOCK_SIZE) != 0 &&
		     !resolves_clock(op, sf, in->clk + (size_t)si * CLOCK_SIZE);
	if (cur && rank_to < rank_cur) {
		if (stale) {
			/* Made without seeing the current state: never moves it back. */
			out->skip[ks] = true;
			return;
		}
		if (!province)
			refuse(out, _("only the province office reopens a %s (from %s back to %s)"),
			       label, cur, to ? to : "-");
		return;
	}
	if (in_set(r->province_states, to) && !province) {
		refuse(out, _("office %s may not move a %s to %s (the province office decides)"),
		       office, label, to);
		return;
	}
	/* Made without seeing another outcome of the same rank (disetujui against
	 * ditolak): the first in clock order holds meanwhile with the fields it
	 * implies; the pair is a rule conflict (model/invariants.c). A resolve of
	 * the status is a deliberate move. */
	if (stale && cur && rank_to == rank_cur && !resolving) {
		out->skip[ks] = true;
		for (size_t k = 0; k < op->nfields; k++)
			out->skip[k] = out->skip[k] || in_set(r->outcome, op->fields[k].name);
	}
}

static bool wants(const struct entity_def *ent)
{
	return rules_of(ent->name) != NULL || ent == &entity_pengaturan;
}

/* A program's state field: no ordinary field conflict (rules.h). */
static const char *state_field(const struct entity_def *ent)
{
	const struct entity_meta *m = rules_of(ent->name) ? registry_meta(ent->name) : NULL;
	return m && m->moves ? m->status_field : NULL;
}

void rules_install(void)
{
	/* For tests only: an office running a build without the rules (an
	 * adversary's), whose changes the others must still judge. */
	if (getenv("BANTU_TEST_NO_RULES"))
		return;
	store_set_verdict(verdict, wants);
	store_set_state_field(state_field);
}

/* ---- local saves ---- */

void rules_check_local(struct store *st, const struct entity_meta *m, struct record *rec,
		       const struct record *old, const char *officer, struct issues *out)
{
	const struct program_rules *r = rules_of(m->ent->name);
	if (!r || getenv("BANTU_TEST_NO_RULES"))
		return;
	const char *office = store_office_code(st);
	bool province = rules_is_province_office(office);
	const char *sf = m->status_field;
	const char *was = old && sf ? record_get(old, sf) : NULL;
	const char *to = sf ? record_get(rec, sf) : NULL;

	/* A frozen field changed on a decided record. */
	const struct field_meta *first = NULL;
	for (size_t i = 0; old && r->frozen && r->frozen[i]; i++)
		if (in_set(r->province_states, was) &&
		    differs(record_get(rec, r->frozen[i]), record_get(old, r->frozen[i]))) {
			first = registry_field(m, r->frozen[i]);
			break;
		}
	if (first && (!province || (r->paid_state && str_eq(was, r->paid_state)))) {
		issues_add(out, (int)(first - m->fields), ISSUE_ERROR,
			   province ? _("%s of a paid application is final; record a reversal and a"
					" new payment")
				    : _("%s is frozen once the application is decided; the province"
					" office changes it (and the decision is made again)"),
			   _(first->label));
	} else if (first && r->reopen_to && !differs(to, was)) {
		/* At the province: the decision is reopened in the same save. */
		record_set(rec, sf, r->reopen_to);
		to = record_get(rec, sf); /* the old value is freed */
		for (size_t i = 0; r->reopen_clears && r->reopen_clears[i]; i++)
			record_set(rec, r->reopen_clears[i], NULL);
		issues_add(out, (int)(first - m->fields), ISSUE_WARNING,
			   _("%s changed on a decided application: the decision is reopened (back to"
			     " %s)"), _(first->label), r->reopen_to);
	}

	/* A status moved back by hand at the province: a reopening, whose
	 * decision's fields go with it. */
	if (province && r->reopen_to && str_eq(to, r->reopen_to) && in_set(r->province_states, was))
		for (size_t i = 0; r->reopen_clears && r->reopen_clears[i]; i++)
			record_set(rec, r->reopen_clears[i], NULL);

	/* The verdict an incoming op gets, asked of this save as if it were one
	 * made by this office on the record as stored. */
	if (!issues_has_errors(out)) {
		struct op_field *f = xcalloc(m->ent->nfields, sizeof(*f));
		size_t n = 0;
		for (size_t i = 0; i < m->ent->nfields; i++) {
			const char *v = rec->values[i], *o = old ? old->values[i] : NULL;
			if (!differs(v, o))
				continue;
			f[n].name = m->ent->fields[i].name;
			f[n].value = v;
			n++;
		}
		char **none = old ? NULL : xcalloc(m->ent->nfields, sizeof(char *));
		uint8_t *clk = xcalloc(m->ent->nfields, CLOCK_SIZE);
		bool *skip = xcalloc(n + 1, sizeof(bool));
		/* After every op in the log (segregation reads them). */
		struct op op = { .origin = INT64_MAX, .seq = INT64_MAX, .hlc = INT64_MAX,
				 .entity = m->ent->name, .record = rec->id, .office = office,
				 .officer = officer ? officer : "", .fields = f, .nfields = n };
		struct verdict_in in = { m->ent, &op, old ? old->values : none, clk, old != NULL };
		struct verdict_out v = { .refuse = false, .skip = skip };
		v.why[0] = '\0';
		if (n > 0)
			verdict(st, &in, &v);
		if (v.refuse)
			issues_add(out, -1, ISSUE_ERROR, "%s", v.why);
		free(skip);
		free(clk);
		free(none);
		free(f);
	}
}
