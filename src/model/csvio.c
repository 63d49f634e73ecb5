/* csvio.c - registry import from and export to CSV. */
#include "model/csvio.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

#include "core/outfile.h"
#include "core/csv.h"
#include "core/format.h"
#include "core/i18n.h"
#include "model/auth.h"

/* Lower-case letters and digits only: "Nama Usaha" -> "namausaha". */
static char *header_key(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (isalnum(*p))
			strbuf_addch(&sb, tolower(*p));
	return strbuf_detach(&sb);
}

/* Other names offices give their columns. */
static const struct {
	const char *alias;
	const char *field;
} aliases[] = {
	{ "kabupaten", "kabupaten_kota" }, { "kabkota", "kabupaten_kota" },
	{ "kota", "kabupaten_kota" }, { "kelurahan", "desa" }, { "desakelurahan", "desa" },
	{ "jk", "jenis_kelamin" }, { "lp", "jenis_kelamin" }, { "hp", "telepon" },
	{ "nohp", "telepon" }, { "nomorhp", "telepon" }, { "notelp", "telepon" },
	{ "telp", "telepon" }, { "wa", "telepon" }, { "whatsapp", "telepon" },
	{ "nikpemilik", "nik" }, { "noregistrasi", "reg_no" }, { "nomorregistrasi", "reg_no" },
	{ "pemilik", "nama_pemilik" }, { "namakoperasi", "nama_koperasi" },
	{ "statususaha", "status_usaha" },
};

static int field_for_header(const struct entity_meta *m, const char *header)
{
	char *key = header_key(header);
	int found = -1;
	for (size_t i = 0; i < m->nfields && found < 0; i++) {
		const struct field_meta *f = &m->fields[i];
		char *a = header_key(f->name), *b = header_key(f->label), *c = header_key(_(f->label));
		if (str_eq(key, a) || str_eq(key, b) || str_eq(key, c))
			found = (int)i;
		free(a);
		free(b);
		free(c);
	}
	for (size_t i = 0; i < ARRAY_SIZE(aliases) && found < 0; i++)
		if (str_eq(key, aliases[i].alias)) {
			const struct field_meta *f = registry_field(m, aliases[i].field);
			if (f)
				found = (int)(f - m->fields);
		}
	free(key);
	return found;
}

bool csv_exported_field(const struct field_meta *f)
{
	return f->kind != FK_READONLY || str_eq(f->name, FIELD_REG_NO);
}

struct importer {
	struct store *st;
	const struct entity_meta *m;
	const struct import_options *o;
	struct import_summary *sum;
	const char *path;
	void (*report)(const char *line, void *arg);
	void *arg;
	int *col_field;      /* per CSV column: field index in m->fields, or -1 */
	size_t ncols;
	int *field_col;      /* per field: CSV column, or -1 */
	struct strbuf rejects;  /* rejected rows not yet written to rejects_file */
	struct outfile rejects_file;
	bool rejects_open;      /* rejects_file holds a temporary file */
	bool rejects_failed;    /* a write failed: rejects_err says why */
	struct err rejects_err;
	char delim;
};

/* The rejected rows go to the rejects file's temporary file as they come, a
 * chunk at a time (memory bounded, as the reading is, whatever the file's
 * size); it replaces the target only when the import ends well. */
#define REJECTS_CHUNK (64 * 1024)

static void flush_rejects(struct importer *im)
{
	if (im->rejects_failed || !im->rejects.len)
		return;
	if (!im->rejects_open) {
		if (!outfile_open(&im->rejects_file, im->o->rejects_path, 0, &im->rejects_err)) {
			im->rejects_failed = true;
			return;
		}
		im->rejects_open = true;
	}
	if (fwrite(im->rejects.buf, 1, im->rejects.len, im->rejects_file.f) != im->rejects.len) {
		err_set(&im->rejects_err, 1, "%s: %s", im->o->rejects_path, strerror(errno));
		im->rejects_failed = true;
	}
	strbuf_reset(&im->rejects);
}

static void say(struct importer *im, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void say(struct importer *im, const char *fmt, ...)
{
	if (!im->report)
		return;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	im->report(sb.buf, im->arg);
	strbuf_release(&sb);
}

static void reject(struct importer *im, const struct csv_row *row, const char *reasons)
{
	im->sum->rejected++;
	say(im, "%s:%zu: %s", im->path, row->line, reasons);
	if (!im->o->rejects_path)
		return;
	size_t n = row->fields ? row->nfields : 0;
	const char **fields = xcalloc(im->ncols + 2, sizeof(char *));
	if (row->fields) {
		for (size_t i = 0; i < im->ncols; i++)
			fields[i] = i < n ? row->fields[i] : "";
		fields[im->ncols] = reasons;
		csv_write_row(&im->rejects, fields, im->ncols + 1, im->delim);
	} else {
		char *raw = xstrndup(row->raw ? row->raw : "", row->raw_len);
		fields[0] = raw;
		fields[1] = reasons;
		csv_write_row(&im->rejects, fields, 2, im->delim);
		free(raw);
	}
	free(fields);
	if (im->rejects.len >= REJECTS_CHUNK)
		flush_rejects(im);
}

static bool map_header(struct importer *im, const struct csv_row *row)
{
	const struct entity_meta *m = im->m;
	im->ncols = row->nfields;
	im->col_field = xcalloc(row->nfields ? row->nfields : 1, sizeof(int));
	im->field_col = xmalloc(m->nfields * sizeof(int));
	for (size_t i = 0; i < m->nfields; i++)
		im->field_col[i] = -1;
	struct strbuf ignored = STRBUF_INIT;
	for (size_t c = 0; c < row->nfields; c++) {
		int f = field_for_header(m, row->fields[c]);
		if (f >= 0 && !csv_exported_field(&m->fields[f]))
			f = -1;
		if (f >= 0 && im->field_col[f] >= 0) {
			say(im, _("%s:%zu: column '%s' repeats '%s'; the first is used"), im->path,
			    row->line, row->fields[c], m->fields[f].name);
			f = -1;
		} else if (f >= 0) {
			im->field_col[f] = (int)c;
		} else if (!str_empty(row->fields[c])) {
			strbuf_addf(&ignored, "%s'%s'", ignored.len ? ", " : "", row->fields[c]);
		}
		im->col_field[c] = f;
	}
	if (ignored.len)
		say(im, _("%s:%zu: notice: columns ignored (not fields of %s): %s"), im->path,
		    row->line, m->ent->name, ignored.buf);
	strbuf_release(&ignored);
	/* Without the required columns no row can be good: say so once. */
	struct strbuf missing = STRBUF_INIT;
	for (size_t i = 0; i < m->nfields; i++)
		if (m->fields[i].required && im->field_col[i] < 0)
			strbuf_addf(&missing, "%s%s", missing.len ? ", " : "", m->fields[i].name);
	bool ok = missing.len == 0;
	if (!ok)
		say(im, _("%s:%zu: the header lacks required columns: %s"), im->path, row->line,
		    missing.buf);
	strbuf_release(&missing);
	if (im->o->rejects_path) {
		/* The rejected rows hold what the file holds: the notice of an export
		 * naming the personal identifiers among its columns. */
		const char **pd = xcalloc(m->nfields + 1, sizeof(char *));
		size_t npd = 0;
		for (size_t i = 0; i < m->nfields; i++)
			if (m->fields[i].personal == PD_IDENTIFIER && im->field_col[i] >= 0)
				pd[npd++] = m->fields[i].name;
		const struct export_options eo = { .columns = pd };
		char *notice = npd ? export_notice(m, &eo) : NULL;
		if (notice) {
			const char *cell = notice;
			csv_write_row(&im->rejects, &cell, 1, im->delim);
		}
		free(notice);
		free(pd);
		const char **h = xcalloc(row->nfields + 1, sizeof(char *));
		for (size_t c = 0; c < row->nfields; c++)
			h[c] = row->fields[c];
		h[row->nfields] = _("reason");
		csv_write_row(&im->rejects, h, row->nfields + 1, im->delim);
		free(h);
	}
	return ok;
}

/* Reads one data row into rec (fields in form order, so a kecamatan is read
 * after its kabupaten). Reasons accumulate in why. */
static void read_row(struct importer *im, const struct csv_row *row, struct record *rec,
		     struct strbuf *why)
{
	const struct entity_meta *m = im->m;
	for (size_t c = im->ncols; c < row->nfields; c++)
		if (!str_empty(row->fields[c])) {
			strbuf_addf(why, _("%s%zu columns where the header has %zu"),
				    why->len ? "; " : "", row->nfields, im->ncols);
			break;
		}
	for (size_t i = 0; i < m->nfields; i++) {
		int c = im->field_col[i];
		if (c < 0 || (size_t)c >= row->nfields)
			continue;
		const struct field_meta *f = &m->fields[i];
		char *v = NULL;
		struct err e;
		if (!registry_parse(im->st, rec, f, row->fields[c], &v, &e)) {
			strbuf_addf(why, "%s%s: %s", why->len ? "; " : "", f->name, e.msg);
			continue;
		}
		record_set(rec, f->name, v);
		free(v);
	}
}

/* Finds the record this row stands for and lays the row's values over it. */
static bool merge_existing(struct importer *im, struct record *rec)
{
	const struct entity_meta *m = im->m;
	const char *key = record_get(rec, m->match_field);
	const char *name = record_get(rec, m->ent->name_field);
	struct rid id;
	if (!name || !store_find_match(im->st, m->ent, m->match_field, key, name, &id))
		return false;
	struct record cur;
	if (!store_get(im->st, m->ent, &id, &cur, NULL))
		return false;
	for (size_t i = 0; i < m->ent->nfields; i++)
		if (rec->values[i]) {
			free(cur.values[i]);
			cur.values[i] = rec->values[i];
			rec->values[i] = NULL;
		}
	record_release(rec);
	*rec = cur;
	return true;
}

static void import_row(struct importer *im, const struct csv_row *row)
{
	const struct entity_meta *m = im->m;
	struct record rec;
	record_init(&rec, m->ent);
	struct strbuf why = STRBUF_INIT;
	read_row(im, row, &rec, &why);
	bool existing = !why.len && merge_existing(im, &rec);
	struct issues is = { 0 };
	if (!why.len) {
		/* A program's record: its derived fields, state moves and rules
		 * (budgets, one per person, the province's fields) as in a form. */
		if (m->rules || m->derive || m->moves)
			registry_check(im->st, m, &rec, im->o->officer, &is);
		else
			registry_validate(im->st, m, &rec, &is);
		for (size_t k = 0; k < is.n; k++) {
			const char *fname = is.v[k].field >= 0 ? m->fields[is.v[k].field].name : "";
			if (is.v[k].severity == ISSUE_ERROR)
				strbuf_addf(&why, "%s%s%s%s", why.len ? "; " : "", fname,
					    *fname ? ": " : "", is.v[k].msg);
		}
	}
	if (why.len) {
		reject(im, row, why.buf);
	} else {
		for (size_t k = 0; k < is.n; k++)
			if (is.v[k].severity == ISSUE_WARNING) {
				im->sum->warnings++;
				say(im, _("%s:%zu: warning: %s"), im->path, row->line, is.v[k].msg);
			}
		struct err e;
		int rc = store_save(im->st, &rec, im->o->officer, &e);
		if (rc < 0)
			reject(im, row, e.msg);
		else if (rc == 0)
			im->sum->unchanged++;
		else if (existing)
			im->sum->updated++;
		else
			im->sum->added++;
	}
	issues_release(&is);
	strbuf_release(&why);
	record_release(&rec);
}

/* The end of the rejects file: written and renamed over the target when rows
 * were rejected, else dropped (the target left as it was). */
static bool finish_rejects(struct importer *im, bool keep, struct err *e)
{
	if (keep)
		flush_rejects(im);
	if (im->rejects_failed) {
		if (im->rejects_open)
			outfile_abort(&im->rejects_file);
		im->rejects_open = false;
		return err_set(e, 1, "%s", im->rejects_err.msg);
	}
	if (!im->rejects_open)
		return true;
	im->rejects_open = false;
	if (!keep) {
		outfile_abort(&im->rejects_file);
		return true;
	}
	return outfile_commit(&im->rejects_file, e);
}

bool csv_import(struct store *st, const struct entity_meta *m, const char *path,
		const struct import_options *o, struct import_summary *sum,
		void (*report)(const char *line, void *arg), void *arg, struct err *e)
{
	memset(sum, 0, sizeof(*sum));
	if (!o->dry_run && !auth_require(st, o->officer, AUTH_EDIT, e))
		return false;
	/* A rejects file that cannot be written is refused before anything is read. */
	if (o->rejects_path && !outfile_check(o->rejects_path, 0, e))
		return false;
	struct csv_reader *r = csv_open_file(path, e);
	if (!r)
		return false;
	struct importer im = {
		.st = st, .m = m, .o = o, .sum = sum, .path = path, .report = report, .arg = arg,
	};
	str_copy(sum->encoding, csv_encoding(r), sizeof(sum->encoding));
	sum->delimiter = csv_delimiter(r);
	im.delim = sum->delimiter;
	store_bulk(st, true);
	bool ok = store_begin(st, e);
	bool header = false, usable = false;
	struct csv_row row;
	struct err rowerr;
	int rc;
	while (ok && (rc = csv_next(r, &row, &rowerr)) != 0) {
		if (rc == -2) {
			/* Beyond the reader's limits: not a file to import any of. */
			ok = err_set(e, 1, _("%s:%s; nothing was imported"), path, rowerr.msg);
			break;
		}
		if (rc < 0) {
			if (!header) {
				ok = err_set(e, 1, "%s:%s", path, rowerr.msg);
				break;
			}
			sum->rows++;
			reject(&im, &row, rowerr.msg);
			continue;
		}
		/* The personal-data notice of an export (and any comment row) before
		 * the header. */
		if (!header && row.nfields >= 1 && row.fields[0] &&
		    str_trim(row.fields[0])[0] == '#')
			continue;
		if (!header) {
			header = true;
			usable = map_header(&im, &row);
			continue;
		}
		/* Spreadsheets write rows of bare delimiters for blank rows: skip them. */
		bool blank = true;
		for (size_t i = 0; i < row.nfields && blank; i++)
			blank = str_empty(row.fields[i]) || !*str_trim(row.fields[i]);
		if (blank)
			continue;
		sum->rows++;
		if (!usable) {
			reject(&im, &row, _("required columns are missing from the header"));
			continue;
		}
		import_row(&im, &row);
	}
	if (ok && !header)
		ok = err_set(e, 1, _("%s: the file is empty (no header row)"), path);
	if (o->rejects_path) {
		bool keep = ok && sum->rejected > 0;
		if (!finish_rejects(&im, keep, e) && keep)
			ok = false;
	}
	if (ok && !o->dry_run)
		ok = store_commit(st, e);
	else
		store_rollback(st);
	store_bulk(st, false);
	csv_close(r);
	free(im.col_field);
	free(im.field_col);
	strbuf_release(&im.rejects);
	return ok;
}

struct exporter {
	struct store *st;
	const struct entity_meta *m;
	FILE *out;
	struct strbuf line;
	const char **vals;
	long count;
};

static bool export_one(const struct record *rec, void *arg)
{
	struct exporter *x = arg;
	const struct entity_meta *m = x->m;
	size_t n = 0;
	char **owned = xcalloc(m->nfields, sizeof(char *));
	for (size_t i = 0; i < m->nfields; i++) {
		const struct field_meta *f = &m->fields[i];
		if (!csv_exported_field(f))
			continue;
		const char *v = record_get(rec, f->name);
		if (m->computed && (owned[i] = m->computed(x->st, m, &rec->id, f->name)))
			v = owned[i];
		if (v && f->kind == FK_DATE) {
			struct date d;
			char buf[DATE_BUFSZ];
			if (date_parse(v, &d, NULL)) {
				char *nv = xstrdup(date_format(&d, buf, sizeof(buf)));
				free(owned[i]);
				v = owned[i] = nv;
			}
		}
		if (v && f->kind == FK_REF) {
			/* The record named, by its registration no. (the surviving
			 * record of a merge): what a clerk can look up. */
			struct record ref;
			if (ref_get(x->st, v, &ref)) {
				const char *reg = record_get(&ref, FIELD_REG_NO);
				char *nv = xstrdup(reg ? reg : "");
				free(owned[i]);
				v = owned[i] = nv;
				record_release(&ref);
			}
		}
		x->vals[n++] = v ? v : "";
	}
	csv_put_row(&x->line, x->out, x->vals, n);
	for (size_t i = 0; i < m->nfields; i++)
		free(owned[i]);
	free(owned);
	x->count++;
	return !ferror(x->out);
}

static bool exported(const struct field_meta *f, const struct export_options *o)
{
	if (!csv_exported_field(f))
		return false;
	if (!o || !o->columns)
		return true;
	for (size_t i = 0; o->columns[i]; i++)
		if (str_eq(o->columns[i], f->name))
			return true;
	return false;
}

bool export_has_personal_data(const struct entity_meta *m, const struct export_options *o)
{
	for (size_t i = 0; i < m->nfields; i++)
		if (m->fields[i].personal == PD_IDENTIFIER && exported(&m->fields[i], o))
			return true;
	return false;
}

char *export_notice(const struct entity_meta *m, const struct export_options *o)
{
	if (!export_has_personal_data(m, o))
		return NULL;
	struct strbuf what = STRBUF_INIT;
	for (size_t i = 0; i < m->nfields; i++)
		if (m->fields[i].personal == PD_IDENTIFIER && exported(&m->fields[i], o))
			strbuf_addf(&what, "%s%s", what.len ? " / " : "", _(m->fields[i].label));
	char *s = xasprintf(_("# PERSONAL DATA: this file holds %s of persons (UU 27/2022)."
			      " Keep it safe and delete it when it is no longer needed."), what.buf);
	strbuf_release(&what);
	return s;
}

void export_write_notice(const struct entity_meta *m, const struct export_options *o, FILE *out)
{
	char *notice = export_notice(m, o);
	if (!notice)
		return;
	struct strbuf line = STRBUF_INIT;
	const char *cell = notice;
	csv_put_row(&line, out, &cell, 1);
	strbuf_release(&line);
	free(notice);
}

bool csv_export(struct store *st, const struct entity_meta *m, FILE *out, long *count,
		struct err *e)
{
	struct exporter x = { .st = st, .m = m, .out = out };
	x.vals = xcalloc(m->nfields, sizeof(char *));
	export_write_notice(m, NULL, out);
	size_t n = 0;
	for (size_t i = 0; i < m->nfields; i++)
		if (csv_exported_field(&m->fields[i]))
			x.vals[n++] = m->fields[i].name;
	csv_put_row(&x.line, out, x.vals, n);
	bool ok = store_each(st, m->ent, false, export_one, &x, e);
	if (ok && ferror(out))
		ok = err_set(e, 1, "%s", strerror(errno));
	if (count)
		*count = x.count;
	strbuf_release(&x.line);
	free(x.vals);
	return ok;
}

void csv_put_row(struct strbuf *line, FILE *out, const char *const *row, size_t n)
{
	strbuf_reset(line);
	csv_write_row(line, row, n, ',');
	fwrite(line->buf, 1, line->len, out);
}
