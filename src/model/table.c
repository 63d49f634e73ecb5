/* table.c - tables of figures (see table.h). */
#include "model/table.h"

#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/format.h"
#include "core/i18n.h"
#include "model/region.h"
#include "store/region.h"

struct table *table_new(const char *title, size_t ncols)
{
	struct table *t = xcalloc(1, sizeof(*t));
	t->title = xstrdup(title);
	t->ncols = ncols;
	t->heads = xcalloc(ncols, sizeof(char *));
	t->kinds = xcalloc(ncols, sizeof(enum col_kind));
	return t;
}

void table_free(struct table *t)
{
	if (!t)
		return;
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++)
			free(t->rows[r].cells[c].text);
		free(t->rows[r].cells);
		free(t->rows[r].code);
	}
	for (size_t c = 0; c < t->ncols; c++)
		free(t->heads[c]);
	free(t->heads);
	free(t->kinds);
	free(t->rows);
	free(t->title);
	free(t);
}

void table_col(struct table *t, size_t col, const char *head, enum col_kind kind)
{
	if (col >= t->ncols)
		return;
	free(t->heads[col]);
	t->heads[col] = xstrdup(head);
	t->kinds[col] = kind;
}

size_t table_add_row(struct table *t, const char *code)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->rows = xrealloc(t->rows, t->cap * sizeof(*t->rows));
	}
	struct table_row *r = &t->rows[t->nrows];
	r->code = code ? xstrdup(code) : NULL;
	r->total = false;
	r->cells = xcalloc(t->ncols, sizeof(struct table_cell));
	return t->nrows++;
}

void table_set_text(struct table *t, size_t row, size_t col, const char *text)
{
	if (row >= t->nrows || col >= t->ncols)
		return;
	free(t->rows[row].cells[col].text);
	t->rows[row].cells[col].text = text ? xstrdup(text) : NULL;
}

void table_set_num(struct table *t, size_t row, size_t col, int64_t v)
{
	if (row < t->nrows && col < t->ncols) {
		t->rows[row].cells[col].num = v;
		t->rows[row].cells[col].blank = false;
	}
}

void table_set_blank(struct table *t, size_t row, size_t col)
{
	if (row < t->nrows && col < t->ncols) {
		t->rows[row].cells[col].num = 0;
		t->rows[row].cells[col].blank = true;
	}
}

void table_add_num(struct table *t, size_t row, size_t col, int64_t v)
{
	if (row < t->nrows && col < t->ncols)
		t->rows[row].cells[col].num += v;
}

long table_find_row(const struct table *t, const char *code)
{
	for (size_t r = 0; code && r < t->nrows; r++)
		if (t->rows[r].code && str_eq(t->rows[r].code, code))
			return (long)r;
	return -1;
}

void table_add_total(struct table *t, const char *label)
{
	size_t n = t->nrows;
	size_t row = table_add_row(t, NULL);
	t->rows[row].total = true;
	table_set_text(t, row, 0, label);
	for (size_t c = 0; c < t->ncols; c++) {
		if (t->kinds[c] != COL_COUNT && t->kinds[c] != COL_MONEY)
			continue;
		int64_t sum = 0;
		bool any = false;
		for (size_t r = 0; r < n; r++) {
			if (t->rows[r].total || t->rows[r].cells[c].blank)
				continue;
			sum += t->rows[r].cells[c].num;
			any = true;
		}
		/* A column blank in every row (no quota anywhere) is blank in total too. */
		if (any || n == 0)
			table_set_num(t, row, c, sum);
		else
			table_set_blank(t, row, c);
	}
}

char *table_cell_text(const struct table *t, size_t row, size_t col)
{
	const struct table_cell *c = &t->rows[row].cells[col];
	char buf[64];
	if (c->blank && t->kinds[col] != COL_TEXT)
		return xstrdup("");
	switch (t->kinds[col]) {
	case COL_TEXT:
		return xstrdup(c->text ? c->text : "");
	case COL_COUNT:
		return xstrdup(number_format(c->num, buf, sizeof(buf)));
	case COL_MONEY:
		return xstrdup(money_format(c->num, buf, sizeof(buf)));
	case COL_PERCENT:
		return xasprintf("%lld,%lld%%", (long long)(c->num / 10), (long long)(llabs(c->num) % 10));
	}
	return xstrdup("");
}

struct kab_rows {
	struct table *t;
	size_t n;
};

static void add_kab(const char *code, const char *name, void *arg)
{
	struct kab_rows *k = arg;
	size_t row = table_add_row(k->t, code);
	table_set_text(k->t, row, 0, name);
	k->n++;
}

static int cmp_code(const void *a, const void *b)
{
	const struct table_row *x = a, *y = b;
	return strcmp(x->code ? x->code : "", y->code ? y->code : "");
}

size_t table_add_kabupaten_rows(struct table *t, struct store *st, const char *only)
{
	struct kab_rows k = { t, 0 };
	size_t first = t->nrows;
	if (only) {
		char *name = store_region_name(st, only);
		add_kab(only, name ? name : only, &k);
		free(name);
		return k.n;
	}
	char prov[REGION_CODE_MAX];
	const char *office = store_office_code(st);
	if (!office)
		return 0;
	if (region_code_level(office) == REGION_PROVINSI)
		str_copy(prov, office, sizeof(prov));
	else if (!region_parent_code(office, prov))
		return 0;
	store_region_list(st, REGION_KABKOTA, prov, "", 1000, add_kab, &k);
	qsort(t->rows + first, k.n, sizeof(*t->rows), cmp_code);
	return k.n;
}

void tables_add(struct tables *ts, struct table *t)
{
	if (ts->n == ts->cap) {
		ts->cap = ts->cap ? ts->cap * 2 : 4;
		ts->v = xrealloc(ts->v, ts->cap * sizeof(*ts->v));
	}
	ts->v[ts->n++] = t;
}

void tables_release(struct tables *ts)
{
	for (size_t i = 0; i < ts->n; i++)
		table_free(ts->v[i]);
	free(ts->v);
	ts->v = NULL;
	ts->n = ts->cap = 0;
}

/* Characters (not bytes) of UTF-8 text: the width of a cell in a text table. */
static int utf8_chars(const char *s)
{
	int n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xc0) != 0x80;
	return n;
}

char *table_line_text(const struct table *t, size_t line, size_t col)
{
	if (line == 0)
		return xstrdup(t->heads[col] ? t->heads[col] : "");
	return table_cell_text(t, line - 1, col);
}

int *table_widths(const struct table *t, int (*width)(const char *s))
{
	int *w = xcalloc(t->ncols, sizeof(int));
	for (size_t r = 0; r <= t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++) {
			char *s = table_line_text(t, r, c);
			int n = width(s);
			if (n > w[c])
				w[c] = n;
			free(s);
		}
	return w;
}

static void pad(FILE *out, int n)
{
	for (int i = 0; i < n; i++)
		fputc(' ', out);
}

void tables_write_text(const struct tables *ts, FILE *out)
{
	for (size_t i = 0; i < ts->n; i++) {
		const struct table *t = ts->v[i];
		if (i)
			fputc('\n', out);
		fprintf(out, "%s\n", t->title);
		for (int j = utf8_chars(t->title); j > 0; j--)
			fputc('=', out);
		fputc('\n', out);
		int *w = table_widths(t, utf8_chars);
		for (size_t r = 0; r <= t->nrows; r++) {
			for (size_t c = 0; c < t->ncols; c++) {
				char *s = table_line_text(t, r, c);
				int fill = w[c] - utf8_chars(s);
				bool right = t->kinds[c] != COL_TEXT;
				if (c)
					fputs("  ", out);
				if (right)
					pad(out, fill);
				fputs(s, out);
				if (!right && c + 1 < t->ncols)
					pad(out, fill);
				free(s);
			}
			fputc('\n', out);
		}
		free(w);
	}
}

void tables_write_csv(const struct tables *ts, FILE *out)
{
	struct strbuf line = STRBUF_INIT;
	for (size_t i = 0; i < ts->n; i++) {
		const struct table *t = ts->v[i];
		if (i)
			fputc('\n', out);
		const char **cells = xcalloc(t->ncols + 1, sizeof(char *));
		cells[0] = t->title;
		csv_write_row(&line, cells, 1, ',');
		for (size_t c = 0; c < t->ncols; c++)
			cells[c] = t->heads[c] ? t->heads[c] : "";
		csv_write_row(&line, cells, t->ncols, ',');
		for (size_t r = 0; r < t->nrows; r++) {
			char **own = xcalloc(t->ncols, sizeof(char *));
			for (size_t c = 0; c < t->ncols; c++) {
				const struct table_cell *cell = &t->rows[r].cells[c];
				own[c] = t->kinds[c] == COL_TEXT ? xstrdup(cell->text ? cell->text : "")
					: cell->blank ? xstrdup("")
					: t->kinds[c] == COL_PERCENT
					? xasprintf("%lld.%lld", (long long)(cell->num / 10),
						    (long long)llabs(cell->num % 10))
					: xasprintf("%lld", (long long)cell->num);
				cells[c] = own[c];
			}
			csv_write_row(&line, cells, t->ncols, ',');
			for (size_t c = 0; c < t->ncols; c++)
				free(own[c]);
			free(own);
		}
		free(cells);
		fputs(strbuf_str(&line), out);
		strbuf_reset(&line);
	}
	strbuf_release(&line);
}
