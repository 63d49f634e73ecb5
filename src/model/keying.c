/* keying.c - the model's answers to a form while a clerk keys (see keying.h). */
#include "model/keying.h"

#include <stdlib.h>

#include "core/i18n.h"
#include "model/region.h"
#include "model/validate.h"

#define SEX_FIELD "jenis_kelamin"

/* The sex a valid NIK says ("L"/"P"), or NULL when it cannot say. */
static const char *sex_of_nik(const struct entity_meta *m, const struct record *rec)
{
	struct nik_info info;
	char norm[17];
	struct err e;
	if (!m->nik_field || !registry_field(m, SEX_FIELD) ||
	    !nik_check(record_get(rec, m->nik_field), norm, &info, &e))
		return NULL;
	return info.female ? "P" : "L";
}

bool keying_fill(struct store *st, const struct entity_meta *m, struct record *rec,
		 const char *field)
{
	(void)st;
	if (!m->nik_field || !str_eq(field, m->nik_field))
		return false;
	const char *sex = sex_of_nik(m, rec);
	if (!sex || str_eq(record_get(rec, SEX_FIELD), sex))
		return false;
	record_set(rec, SEX_FIELD, sex);
	return true;
}

bool keying_settled(struct store *st, const struct entity_meta *m, const struct record *rec,
		    const struct field_meta *f)
{
	if (str_eq(f->name, SEX_FIELD)) {
		const char *sex = sex_of_nik(m, rec);
		return sex && str_eq(record_get(rec, SEX_FIELD), sex);
	}
	if (f->kind == FK_KABKOTA) {
		const char *office = store_office_code(st);
		return region_code_level(office) == REGION_KABKOTA &&
		       str_eq(record_get(rec, f->name), office);
	}
	return false;
}

int keying_same_nik(struct store *st, const struct entity_meta *m, const struct record *rec,
		    struct strbuf *out)
{
	struct nik_info info;
	char norm[17];
	struct err e;
	if (!m->nik_field || !nik_check(record_get(rec, m->nik_field), norm, &info, &e))
		return 0;
	struct rid others[3];
	int n = store_find_by_field(st, m->ent, m->nik_field, record_get(rec, m->nik_field),
				    &rec->id, others, 3);
	for (int i = 0; i < n; i++) {
		char *d = registry_describe(st, m, &others[i]);
		if (i)
			strbuf_addf(out, "; %s", d);
		else
			strbuf_addf(out, _("this NIK is already registered: %s"), d);
		free(d);
	}
	return n;
}
