/* duties.c - segregation of duties (see duties.h). The programs where a
 * decision or payment rests on record fields:
 *   stimulus: approving or paying (status disetujui, dicairkan) rests on the
 *     beneficiary, amount, bank, account, holder and payment method;
 *   restrukturisasi: the lender's decision (keputusan) rests on the debtor and
 *     the loan's figures;
 *   apd_bayar: a payment to a producer rests on its order (producer, quantity,
 *     unit price) and the order's deliveries (quantities received, rejected).
 * A change counts when an op changes such a field of an existing record (the
 * record's first op enters it; entering is not changing); a decision (any
 * move to a decided state) starts afresh. */
#include "model/duties.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/i18n.h"
#include "model/rules.h"
#include "store/opscan.h"

static const char *const stimulus_decides[] = { "disetujui", "dicairkan", NULL };
static const char *const stimulus_decided[] = { "disetujui", "ditolak", "dicairkan", NULL };
static const char *const order_basis[] = { "produsen", "jumlah", "harga_satuan", NULL };
static const char *const delivery_basis[] = { "pesanan", "jumlah_diterima", "jumlah_ditolak",
					      NULL };

static bool in_list(const char *const *set, const char *v)
{
	for (size_t i = 0; set && v && set[i]; i++)
		if (str_eq(set[i], v))
			return true;
	return false;
}

static const char *op_value(const struct op *op, const char *field, bool *has)
{
	for (size_t k = 0; k < op->nfields; k++)
		if (str_eq(op->fields[k].name, field)) {
			*has = true;
			return op->fields[k].value;
		}
	*has = false;
	return NULL;
}

struct scan {
	const struct op *me;            /* the deciding op: its office and officer */
	const char *const *basis;       /* the fields the decision rests on */
	const char *status;             /* the status field, NULL: no decision resets */
	const char *const *decided;     /* states that are a decision (NULL: any value) */
	bool first_seen;
	bool touched;
};

static bool same_officer(const struct op *a, const struct op *b)
{
	return !str_empty(a->officer) && str_eq(a->officer, b->officer) &&
	       str_eq(a->office ? a->office : "", b->office ? b->office : "");
}

static void scan_op(const struct op *op, void *arg)
{
	struct scan *s = arg;
	bool creation = !s->first_seen;
	s->first_seen = true;
	if (!creation && same_officer(op, s->me))
		for (size_t k = 0; k < op->nfields; k++)
			if (in_list(s->basis, op->fields[k].name) &&
			    !str_eq(op->fields[k].value ? op->fields[k].value : "",
				    op->fields[k].old ? op->fields[k].old : ""))
				s->touched = true;
	bool has;
	const char *v = s->status ? op_value(op, s->status, &has) : NULL;
	if (s->status && has && !str_empty(v) && (!s->decided || in_list(s->decided, v)))
		s->touched = false; /* a decision: what came before it was decided on */
}

/* Whether the officer of in->op changed one of basis on record id (of entity)
 * before the op, since its last decision. */
static bool touched(struct store *st, const char *entity, const struct rid *id,
		    const struct op *me, struct scan *s)
{
	s->me = me;
	s->first_seen = false;
	s->touched = false;
	struct err e = { 0 };
	return store_ops_before(st, entity, id, me, scan_op, s, &e) && s->touched;
}

/* The op's own change of a basis field of an existing record (the payment
 * method is chosen when paying: entering it is part of the payment). */
static bool changes_basis(const struct verdict_in *in, const char *const *basis)
{
	if (!in->exists)
		return false;
	for (size_t k = 0; k < in->op->nfields; k++) {
		int i = entity_field_index(in->ent, in->op->fields[k].name);
		if (i >= 0 && str_eq(in->op->fields[k].name, "cara_bayar") && str_empty(in->values[i]))
			continue;
		if (i >= 0 && in_list(basis, in->op->fields[k].name) &&
		    !str_eq(in->op->fields[k].value ? in->op->fields[k].value : "",
			    in->values[i] ? in->values[i] : ""))
			return true;
	}
	return false;
}

static bool apd_payment(struct store *st, const struct verdict_in *in)
{
	const struct op *op = in->op;
	bool has_amount, has_order;
	op_value(op, "jumlah", &has_amount);
	const char *ref = op_value(op, "pesanan", &has_order);
	if (!has_amount && !has_order)
		return false;
	if (!has_order) {
		int i = entity_field_index(in->ent, "pesanan");
		ref = i >= 0 ? in->values[i] : NULL;
	}
	struct record order;
	if (str_empty(ref) || !ref_get(st, ref, &order))
		return false;
	struct scan s = { .basis = order_basis };
	bool bad = touched(st, "apd_pesanan", &order.id, op, &s);
	record_release(&order);
	const struct entity_meta *dm = registry_meta("apd_penerimaan");
	struct rid ids[256];
	int n = bad || !dm ? 0 : store_find_by_field(st, dm->ent, "pesanan", ref, NULL, ids, 256);
	for (int i = 0; i < n && !bad; i++) {
		struct scan d = { .basis = delivery_basis };
		bad = touched(st, "apd_penerimaan", &ids[i], op, &d);
	}
	return bad;
}

bool duties_refuse(struct store *st, const struct verdict_in *in, char *why, size_t n)
{
	const struct op *op = in->op;
	const struct entity_meta *m = registry_meta(op->entity);
	if (!m || str_empty(op->officer))
		return false;
	const char *who = op->officer;
	if (str_eq(op->entity, "apd_bayar")) {
		if (!apd_payment(st, in))
			return false;
		snprintf(why, n, _("%s changed the order or its deliveries this payment rests on;"
				   " another officer pays it"), who);
		return true;
	}
	const char *sf = m->status_field;
	bool stimulus = str_eq(op->entity, "stimulus");
	if (!sf || (!stimulus && !str_eq(op->entity, "restrukturisasi")))
		return false;
	bool has;
	const char *to = op_value(op, sf, &has);
	int si = entity_field_index(in->ent, sf);
	const char *cur = si >= 0 ? in->values[si] : NULL;
	if (!has || str_empty(to) || str_eq(to, cur ? cur : "") ||
	    (stimulus && !in_list(stimulus_decides, to)))
		return false;
	const char *const *basis = rules_frozen_fields(m);
	struct scan s = { .basis = basis, .status = sf,
			  .decided = stimulus ? stimulus_decided : NULL };
	if (!changes_basis(in, basis) && !(in->exists && touched(st, op->entity, &op->record, op, &s)))
		return false;
	snprintf(why, n, _("%s changed what this decision rests on since the last decision;"
			   " another officer decides or pays it"), who);
	return true;
}
