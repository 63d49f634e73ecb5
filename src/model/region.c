/* region.c - region names and codes as users write them. */
#include "model/region.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/csv.h"
#include "core/embed.h"
#include "core/i18n.h"

static const char *const prefixes[] = {
	"kabupaten ", "kab. ", "kab ", "kota administrasi ", "kota ", "kecamatan ", "kec. ",
	"kec ", "desa ", "kelurahan ", "kel. ", "kel ", NULL
};

char *region_key(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	bool space = false;
	for (const unsigned char *p = (const unsigned char *)(name ? name : ""); *p; p++) {
		if (isspace(*p)) {
			space = sb.len > 0;
			continue;
		}
		if (space)
			strbuf_addch(&sb, ' ');
		space = false;
		strbuf_addch(&sb, *p < 0x80 ? tolower(*p) : *p);
	}
	char *key = strbuf_detach(&sb);
	/* "kab.lampung selatan" is written too: a dot with no space after it. */
	for (size_t i = 0; prefixes[i]; i++) {
		size_t n = strlen(prefixes[i]);
		const char *dot = strchr(prefixes[i], '.');
		if (strncmp(key, prefixes[i], n) == 0) {
			memmove(key, key + n, strlen(key + n) + 1);
			break;
		}
		if (dot && strncmp(key, prefixes[i], (size_t)(dot - prefixes[i]) + 1) == 0) {
			size_t m = (size_t)(dot - prefixes[i]) + 1;
			memmove(key, key + m, strlen(key + m) + 1);
			break;
		}
	}
	/* Spaces and punctuation are written both ways ("Tanjung Karang" and
	 * "Tanjungkarang", "Way-Kanan"): the key keeps letters and digits only. */
	char *w = key;
	for (const char *p = key; *p; p++)
		if ((unsigned char)*p >= 0x80 || isalnum((unsigned char)*p))
			*w++ = *p;
	*w = '\0';
	return key;
}

int region_code_level(const char *code)
{
	static const char *const shapes[] = { "99", "99.99", "99.99.99", "99.99.99.9999" };
	if (!code)
		return 0;
	size_t len = strlen(code);
	for (int l = 0; l < 4; l++) {
		const char *s = shapes[l];
		if (len != strlen(s))
			continue;
		bool ok = true;
		for (size_t i = 0; i < len && ok; i++)
			ok = s[i] == '.' ? code[i] == '.' : isdigit((unsigned char)code[i]);
		if (ok)
			return l + 1;
	}
	return 0;
}

bool region_parent_code(const char *code, char out[REGION_CODE_MAX])
{
	const char *dot = strrchr(code, '.');
	if (!dot || (size_t)(dot - code) >= REGION_CODE_MAX)
		return false;
	memcpy(out, code, (size_t)(dot - code));
	out[dot - code] = '\0';
	return true;
}

static int level_of(const char *name)
{
	if (str_eq(name, "provinsi"))
		return REGION_PROVINSI;
	if (str_eq(name, "kabkota"))
		return REGION_KABKOTA;
	if (str_eq(name, "kecamatan"))
		return REGION_KECAMATAN;
	if (str_eq(name, "desa_kel"))
		return REGION_DESA;
	return 0;
}

long region_load(struct store *st, const char *province, const char *source, struct err *e)
{
	struct csv_reader *r;
	const char *label = source;
	if (str_empty(source) || str_eq(source, "embedded")) {
		size_t len;
		const char *text = embed_wilayah(&len);
		r = csv_open_mem(text, len);
		label = "wilayah";
	} else {
		r = csv_open_file(source, e);
		if (!r)
			return -1;
	}
	char prefix[REGION_CODE_MAX + 1];
	snprintf(prefix, sizeof(prefix), "%s.", province);
	struct csv_row row;
	long n = 0;
	int rc;
	struct err rowerr;
	while ((rc = csv_next(r, &row, &rowerr)) != 0) {
		if (rc < 0) {
			err_set(e, 1, "%s:%s", label, rowerr.msg);
			n = -1;
			break;
		}
		if (row.nfields < 3 || str_eq(row.fields[0], "kode"))
			continue;
		const char *code = row.fields[0];
		if (!str_eq(code, province) && !str_starts_with(code, prefix))
			continue;
		int level = level_of(row.fields[2]);
		if (level == 0 || region_code_level(code) != level) {
			err_set(e, 1, _("%s:%zu: bad region row '%s'"), label, row.line, code);
			n = -1;
			break;
		}
		char parent[REGION_CODE_MAX];
		bool has_parent = region_parent_code(code, parent);
		char *key = region_key(row.fields[1]);
		bool ok = store_region_put(st, code, row.fields[1], level, has_parent ? parent : NULL,
					   key, e);
		free(key);
		if (!ok) {
			n = -1;
			break;
		}
		n++;
	}
	csv_close(r);
	if (n == 0)
		err_set(e, 1, _("no regions for province %s in %s"), province, label);
	return n == 0 ? -1 : n;
}

char *region_short_name(const char *name)
{
	static const char kab[] = "Kabupaten ";
	if (name && strncmp(name, kab, sizeof(kab) - 1) == 0 && name[sizeof(kab) - 1])
		return xasprintf("Kab. %s", name + sizeof(kab) - 1);
	return xstrdup(name ? name : "");
}

/* What kind of kabupaten/kota the user named: 'b' kabupaten, 'k' kota, 0 unsaid. */
static char kab_kind(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = text; *p && sb.len < 12; p++)
		strbuf_addch(&sb, tolower((unsigned char)*p));
	char kind = 0;
	if (str_starts_with(sb.buf, "kota"))
		kind = 'k';
	else if (str_starts_with(sb.buf, "kab"))
		kind = 'b';
	strbuf_release(&sb);
	return kind;
}

bool region_resolve(struct store *st, int level, const char *parent, const char *text,
		    char out[REGION_CODE_MAX], struct err *e)
{
	char buf[128];
	str_copy(buf, text ? text : "", sizeof(buf));
	str_trim(buf);
	if (!*buf)
		return err_set(e, 1, _("no region given"));
	if (region_code_level(buf) == level) {
		char *name = store_region_name(st, buf);
		if (!name) {
			return err_set(e, 1, _("region code %s is not known"), buf);
		}
		free(name);
		if (parent && !str_starts_with(buf, parent))
			return err_set(e, 1, _("%s is not in %s"), buf, parent);
		str_copy(out, buf, REGION_CODE_MAX);
		return true;
	}
	char *key = region_key(buf);
	char found[8][REGION_CODE_MAX];
	int n = store_region_find(st, level, parent, key, found, 8);
	free(key);
	if (n > 1 && level == REGION_KABKOTA) {
		char kind = kab_kind(buf);
		int keep = 0;
		for (int i = 0; i < n; i++) {
			int kk = atoi(found[i] + 3);
			bool is_kota = kk >= 71;
			if ((kind == 'k' && is_kota) || (kind == 'b' && !is_kota))
				str_copy(found[keep++], found[i], REGION_CODE_MAX);
		}
		if (kind)
			n = keep;
	}
	if (n == 1) {
		str_copy(out, found[0], REGION_CODE_MAX);
		return true;
	}
	if (n == 0)
		return err_set(e, 1, _("'%s' is not a known region here"), buf);
	return err_set(e, 1, _("'%s' is ambiguous (%s or %s); write the code or 'Kota'/'Kabupaten'"),
		       buf, found[0], found[1]);
}
