/*
 * config.c - Bantu's settings from YAML (libyaml), checked against one schema table.
 *
 * Loading has two steps. read_document() turns a YAML text into a small tree of
 * nodes (scalar / list / map, each with its 1-based line and column) and frees
 * every libyaml event as soon as it is read, so no error path can leak one.
 * apply_map() then walks the tree against `schema` below and stores each value
 * in the setting of its schema row. The compiled-in defaults and the user's
 * file go through exactly the same two steps; the user's file simply comes
 * second, so it wins key by key.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <yaml.h>

#include "embed.h"
#include "i18n.h"

/* ---- The schema: every key Bantu knows ------------------------------------ */

/* How one scalar is checked (a setting's value, a list item, a map entry's
 * name or value). */
enum check_type {
	CHECK_STRING,   /* any text of at least `min` bytes */
	CHECK_NAME,     /* letters, digits, '-', '_' (an action name) */
	CHECK_ENUM,     /* one of `allowed` */
	CHECK_REGION,   /* Kemendagri code "18" or "18.71" */
	CHECK_INT,      /* whole number from `min` to `max` */
	CHECK_MONEY,    /* whole Rupiah >= 0, "2000000000" or "2.000.000.000" */
	CHECK_BOOL,     /* true/false, yes/no, ya/tidak */
};

struct check {
	enum check_type type;
	int64_t min, max;
	const char *const *allowed;   /* CHECK_ENUM: NULL-terminated */
};

/* What a key holds. */
enum shape {
	SHAPE_SCALAR,   /* one value; a user's file replaces it */
	SHAPE_LIST,     /* a list of scalars; a user's file replaces the whole list */
	SHAPE_MAP,      /* name -> scalar; a user's file adds or replaces entries */
};

struct key_spec {
	const char *path;     /* dotted: "programs.stimulus.budget" */
	enum shape shape;
	struct check value;   /* the value, each list item, or each map entry's value */
	struct check name;    /* SHAPE_MAP: each entry's name */
};

#define STRING(minlen)  { CHECK_STRING, (minlen), 0, NULL }
#define NAME            { CHECK_NAME, 0, 0, NULL }
#define ENUM(values)    { CHECK_ENUM, 0, 0, (values) }
#define REGION          { CHECK_REGION, 0, 0, NULL }
#define INT(lo, hi)     { CHECK_INT, (lo), (hi), NULL }
#define MONEY           { CHECK_MONEY, 0, INT64_MAX, NULL }
#define BOOL            { CHECK_BOOL, 0, 0, NULL }

static const char *const languages[] = { "id", "en", NULL };
static const char *const scales[] = { "mikro", "kecil", "menengah", NULL };
static const char *const roles[] = { "operator", "petugas", "pimpinan", "admin", NULL };

/*
 * Every key, in the order config_each() reports them. To add a key: add a row
 * here and the key, with its default and a comment, to config/bantu.yaml.
 * Sections ("office", "programs.stimulus") need no row: a key is a section when
 * some row's path continues it with a dot.
 */
static const struct key_spec schema[] = {
	{ "office.code",                  SHAPE_SCALAR, REGION,             {0} },
	{ "office.name",                  SHAPE_SCALAR, STRING(1),          {0} },
	{ "province",                     SHAPE_SCALAR, REGION,             {0} },
	{ "language",                     SHAPE_SCALAR, ENUM(languages),    {0} },
	{ "regions",                      SHAPE_SCALAR, STRING(1),          {0} },
	{ "keys",                         SHAPE_MAP,    STRING(1),          NAME },
	{ "ui.color",                     SHAPE_SCALAR, BOOL,               {0} },
	{ "ui.auto_advance",              SHAPE_SCALAR, BOOL,               {0} },
	{ "login.max_attempts",           SHAPE_SCALAR, INT(1, 100),        {0} },
	{ "login.idle_lock_minutes",      SHAPE_SCALAR, INT(0, 1440),       {0} },
	{ "login.idle_lock_seconds",      SHAPE_SCALAR, INT(0, 86400),      {0} },
	{ "sync.clock_drift_minutes",     SHAPE_SCALAR, INT(1, 525600),     {0} },
	{ "roles.decide",                 SHAPE_LIST,   ENUM(roles),        {0} },
	{ "registry.scales",              SHAPE_LIST,   ENUM(scales),       {0} },
	{ "programs.stimulus.budget",     SHAPE_SCALAR, MONEY,              {0} },
	{ "programs.stimulus.max_per_nik", SHAPE_SCALAR, INT(1, 100),       {0} },
	{ "programs.stimulus.quotas",     SHAPE_MAP,    MONEY,              REGION },
	{ "programs.stimulus.province_office", SHAPE_SCALAR, REGION,        {0} },
	{ "programs.stimulus.checklist",  SHAPE_LIST,   STRING(1),          {0} },
	{ "programs.warung.target_total", SHAPE_SCALAR, INT(0, 1000000),    {0} },
	{ "programs.warung.targets",      SHAPE_MAP,    INT(0, 1000000),    REGION },
	{ "programs.produk.categories",   SHAPE_LIST,   STRING(1),          {0} },
	{ "programs.pelatihan.topics",    SHAPE_LIST,   STRING(1),          {0} },
	{ "programs.apd.target_packages", SHAPE_SCALAR, INT(0, 100000000),  {0} },
	{ "programs.apd.items",           SHAPE_MAP,    STRING(1),          STRING(1) },
	{ "programs.apd.package",         SHAPE_MAP,    INT(1, 10000),      STRING(1) },
	{ "demo.weights",                 SHAPE_MAP,    INT(0, 100000000),  REGION },
};

#define NKEYS ARRAY_SIZE(schema)

/* ---- Settings in effect --------------------------------------------------- */

struct entry {          /* one name -> value of a SHAPE_MAP setting */
	char *name;
	char *value;
	char *origin;       /* NULL: "default" */
};

struct setting {
	bool set;
	char *text;         /* scalar in canonical form; a list joined with ", " */
	int64_t num;        /* CHECK_INT / CHECK_MONEY value, CHECK_BOOL 0 or 1 */
	char **items;       /* SHAPE_LIST */
	size_t nitems;
	struct entry *entries; /* SHAPE_MAP */
	size_t nentries;
	char *origin;       /* NULL: "default" */
};

struct config {
	struct setting set[NKEYS];
};

/* ---- A YAML document as a tree -------------------------------------------- */

enum node_kind { NODE_SCALAR, NODE_LIST, NODE_MAP };

struct node {
	enum node_kind kind;
	char *text;          /* NODE_SCALAR; "" for a plain null (empty, ~, null) */
	bool null;           /* NODE_SCALAR that YAML reads as null */
	size_t line, col;    /* 1-based */
	struct node *kids;   /* NODE_LIST: items; NODE_MAP: key, value, key, value... */
	size_t nkids, cap;
};

#define MAX_DEPTH 32

/* A text being read: its name for messages and the libyaml parser. */
struct reader {
	const char *name;
	const char *text;
	size_t len;
	yaml_parser_t parser;
	struct err *e;
};

/* Sets e (code 2) to "NAME:LINE:COL: what"; returns false. */
static bool fail_at(struct err *e, const char *name, size_t line, size_t col,
		    const char *fmt, ...) PRINTF_LIKE(5, 6);

static bool fail_at(struct err *e, const char *name, size_t line, size_t col,
		    const char *fmt, ...)
{
	struct strbuf what = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&what, fmt, ap);
	va_end(ap);
	err_set(e, 2, "%s:%zu:%zu: %s", name, line, col, strbuf_str(&what));
	strbuf_release(&what);
	return false;
}

static void node_release(struct node *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		node_release(&n->kids[i]);
	free(n->kids);
	free(n->text);
	memset(n, 0, sizeof(*n));
}

static struct node *node_add_kid(struct node *n)
{
	if (n->nkids == n->cap) {
		n->cap = n->cap ? 2 * n->cap : 8;
		n->kids = xrealloc(n->kids, n->cap * sizeof(*n->kids));
	}
	struct node *kid = &n->kids[n->nkids++];
	memset(kid, 0, sizeof(*kid));
	return kid;
}

/* Line and column (1-based) of a byte offset in the text being read. */
static void offset_position(const struct reader *r, size_t offset, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < offset && i < r->len; i++) {
		if (r->text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)r->text[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* Reads the next event into ev; on a syntax error reports it and returns false
 * (ev then holds nothing to delete). */
static bool next_event(struct reader *r, yaml_event_t *ev)
{
	if (yaml_parser_parse(&r->parser, ev))
		return true;
	const yaml_parser_t *p = &r->parser;
	size_t line, col;
	if (p->error == YAML_MEMORY_ERROR) {
		fputs("bantu: out of memory\n", stderr);
		abort();
	}
	if (p->error == YAML_READER_ERROR) {
		offset_position(r, p->problem_offset, &line, &col);
	} else {
		line = p->problem_mark.line + 1;
		col = p->problem_mark.column + 1;
	}
	const char *problem = p->problem ? p->problem : "?";
	if (p->context)
		return fail_at(r->e, r->name, line, col, _("syntax error: %s %s"),
			       p->context, problem);
	return fail_at(r->e, r->name, line, col, _("syntax error: %s"), problem);
}

static bool scalar_is_null(const yaml_event_t *ev)
{
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || ev->data.scalar.tag)
		return false;
	const char *v = (const char *)ev->data.scalar.value;
	return str_eq(v, "") || str_eq(v, "~") || str_eq(v, "null") || str_eq(v, "Null") ||
	       str_eq(v, "NULL");
}

static bool read_node(struct reader *r, yaml_event_t *ev, struct node *out, int depth);

/* Reads the items of a list or the keys and values of a map until its end event. */
static bool read_children(struct reader *r, struct node *out, yaml_event_type_t end, int depth)
{
	for (;;) {
		yaml_event_t ev;
		if (!next_event(r, &ev))
			return false;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			return true;
		}
		if (!read_node(r, &ev, node_add_kid(out), depth + 1))
			return false;
	}
}

/* Turns the node that starts with ev into out; always deletes ev. */
static bool read_node(struct reader *r, yaml_event_t *ev, struct node *out, int depth)
{
	out->line = ev->start_mark.line + 1;
	out->col = ev->start_mark.column + 1;
	yaml_event_type_t type = ev->type;
	if (type == YAML_SCALAR_EVENT) {
		out->kind = NODE_SCALAR;
		out->null = scalar_is_null(ev);
		out->text = out->null ? xstrdup("")
				      : xstrndup((const char *)ev->data.scalar.value,
						 ev->data.scalar.length);
	}
	yaml_event_delete(ev);

	if (depth > MAX_DEPTH)
		return fail_at(r->e, r->name, out->line, out->col, _("nesting is too deep"));
	switch (type) {
	case YAML_SCALAR_EVENT:
		return true;
	case YAML_SEQUENCE_START_EVENT:
		out->kind = NODE_LIST;
		return read_children(r, out, YAML_SEQUENCE_END_EVENT, depth);
	case YAML_MAPPING_START_EVENT:
		out->kind = NODE_MAP;
		return read_children(r, out, YAML_MAPPING_END_EVENT, depth);
	case YAML_ALIAS_EVENT:
		return fail_at(r->e, r->name, out->line, out->col,
			       _("aliases (*name) are not allowed in settings"));
	default:
		return fail_at(r->e, r->name, out->line, out->col, _("syntax error: unexpected event"));
	}
}

/*
 * Parses text into root. An empty text (or one with only comments) gives an
 * empty map. Returns false with e set on a syntax error or a second document.
 */
static bool read_document(const char *text, size_t len, const char *name, struct node *root,
			  struct err *e)
{
	struct reader r = { .name = name, .text = text, .len = len, .e = e };
	memset(root, 0, sizeof(*root));
	root->kind = NODE_MAP;
	root->line = root->col = 1;
	if (!yaml_parser_initialize(&r.parser)) {
		fputs("bantu: out of memory\n", stderr);
		abort();
	}
	yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);

	bool ok = true, have_doc = false;
	while (ok) {
		yaml_event_t ev;
		if (!next_event(&r, &ev)) {
			ok = false;
			break;
		}
		yaml_event_type_t type = ev.type;
		size_t line = ev.start_mark.line + 1, col = ev.start_mark.column + 1;
		if (type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (type == YAML_DOCUMENT_START_EVENT && have_doc) {
			yaml_event_delete(&ev);
			ok = fail_at(e, name, line, col, _("only one YAML document is allowed"));
			break;
		}
		if (type == YAML_DOCUMENT_START_EVENT)
			have_doc = true;
		if (type == YAML_STREAM_START_EVENT || type == YAML_DOCUMENT_START_EVENT ||
		    type == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		/* The document's one node. */
		node_release(root);
		ok = read_node(&r, &ev, root, 0);
	}
	yaml_parser_delete(&r.parser);
	if (!ok)
		node_release(root);
	return ok;
}

/* ---- Checking values -------------------------------------------------------- */

/* Appends text for a message: control characters become '?', and a long text is
 * cut (at a character boundary) and ends with "...". */
static void add_shown(struct strbuf *sb, const char *text)
{
	size_t n = strlen(text), max = 60;
	bool cut = n > max;
	if (cut) {
		n = max;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		strbuf_addch(sb, c < 0x20 || c == 0x7F ? '?' : c);
	}
	if (cut)
		strbuf_adds(sb, "...");
}

/* A text safe to put in a message; caller frees. */
static char *shown(const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	add_shown(&sb, text);
	return strbuf_detach(&sb);
}

static bool parse_int(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	if (neg)
		s++;
	if (*s == '\0')
		return false;
	uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned d = (unsigned)(*s - '0');
		if (v > (limit - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return true;
}

/* Rupiah: digits ("2000000000"), or digits grouped in threes by dots
 * ("2.000.000.000": a first group of 1-3 digits, then groups of exactly 3). */
static bool parse_money(const char *s, int64_t *out)
{
	char digits[24];
	size_t n = 0, group = 0, groups = 0;
	for (const char *p = s;; p++) {
		if (*p == '.' || *p == '\0') {
			if (group == 0 || (groups > 0 && group != 3) || (groups == 0 && *p && group > 3))
				return false;
			groups++;
			group = 0;
			if (*p == '\0')
				break;
			continue;
		}
		if (*p < '0' || *p > '9' || n + 1 >= sizeof(digits))
			return false;
		digits[n++] = *p;
		group++;
	}
	digits[n] = '\0';
	return parse_int(digits, out);
}

static bool region_valid(const char *s)
{
	size_t n = strlen(s);
	if (n != 2 && n != 5)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (i == 2 ? s[i] != '.' : (s[i] < '0' || s[i] > '9'))
			return false;
	}
	if (s[0] == '0' || (s[0] == '1' && s[1] == '0'))   /* provinces are 11-99 */
		return false;
	return n == 2 || !(s[3] == '0' && s[4] == '0');     /* kabupaten/kota 01-99 */
}

static bool name_valid(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	}
	return true;
}

static int bool_value(const char *s)
{
	static const char *const yes[] = { "true", "yes", "ya" };
	static const char *const no[] = { "false", "no", "tidak" };
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

/*
 * Checks one scalar. On success returns true with *canon (caller frees) the
 * value as stored and *num its number (0 for text). On failure appends to why
 * what was expected, in the user's language.
 */
static bool check_value(const struct check *c, const char *text, char **canon, int64_t *num,
			struct strbuf *why)
{
	int64_t v = 0;
	switch (c->type) {
	case CHECK_STRING:
		if (strlen(text) < (size_t)c->min) {
			strbuf_adds(why, _("expected a text that is not empty"));
			return false;
		}
		break;
	case CHECK_NAME:
		if (!name_valid(text)) {
			strbuf_adds(why, _("expected a name of letters, digits, '-' and '_'"));
			return false;
		}
		break;
	case CHECK_ENUM: {
		bool found = false;
		for (const char *const *a = c->allowed; *a; a++)
			found = found || str_eq(*a, text);
		if (!found) {
			struct strbuf list = STRBUF_INIT;
			for (const char *const *a = c->allowed; *a; a++)
				strbuf_addf(&list, "%s%s", a == c->allowed ? "" : ", ", *a);
			strbuf_addf(why, _("expected one of: %s"), strbuf_str(&list));
			strbuf_release(&list);
			return false;
		}
		break;
	}
	case CHECK_REGION:
		if (!region_valid(text)) {
			strbuf_adds(why, _("expected a Kemendagri region code such as 18 or 18.71"));
			return false;
		}
		break;
	case CHECK_INT:
		if (!parse_int(text, &v) || v < c->min || v > c->max) {
			strbuf_addf(why, _("expected a whole number from %lld to %lld"),
				    (long long)c->min, (long long)c->max);
			return false;
		}
		*canon = xasprintf("%lld", (long long)v);
		*num = v;
		return true;
	case CHECK_MONEY:
		if (!parse_money(text, &v)) {
			strbuf_adds(why, _("expected whole Rupiah such as 2000000000 or 2.000.000.000"));
			return false;
		}
		*canon = xasprintf("%lld", (long long)v);
		*num = v;
		return true;
	case CHECK_BOOL: {
		int b = bool_value(text);
		if (b < 0) {
			strbuf_adds(why, _("expected true or false (yes/no, ya/tidak)"));
			return false;
		}
		*canon = xstrdup(b ? "true" : "false");
		*num = b;
		return true;
	}
	}
	*canon = xstrdup(text);
	*num = 0;
	return true;
}

/* ---- Storing values --------------------------------------------------------- */

static void entry_release(struct entry *en)
{
	free(en->name);
	free(en->value);
	free(en->origin);
}

static void setting_release(struct setting *s)
{
	free(s->text);
	for (size_t i = 0; i < s->nitems; i++)
		free(s->items[i]);
	free(s->items);
	for (size_t i = 0; i < s->nentries; i++)
		entry_release(&s->entries[i]);
	free(s->entries);
	free(s->origin);
	memset(s, 0, sizeof(*s));
}

/* Adds or replaces a map entry; takes value and origin. */
/*
 * A set of names (not copied) with an index each, by open addressing: the checks
 * for a key given twice and the lookups of map entries take linear time, not
 * quadratic (a file of 40,000 keys took seconds).
 */
struct name_index {
	const char **names;   /* NULL: a free slot */
	size_t *idx;
	size_t mask;
};

static void name_index_init(struct name_index *h, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	h->names = xcalloc(cap, sizeof(*h->names));
	h->idx = xcalloc(cap, sizeof(*h->idx));
	h->mask = cap - 1;
}

static void name_index_release(struct name_index *h)
{
	free(h->names);
	free(h->idx);
}

/* The slot of name: where it is, or the free slot where it would go. */
static size_t name_index_slot(const struct name_index *h, const char *name)
{
	uint64_t x = UINT64_C(14695981039346656037);  /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		x = (x ^ *p) * UINT64_C(1099511628211);
	size_t i = (size_t)x & h->mask;
	while (h->names[i] && !str_eq(h->names[i], name))
		i = (i + 1) & h->mask;
	return i;
}

/* Adds name with index i unless it is there; returns the index it has. Holds at
 * most the n names it was made for. */
static size_t name_index_add(struct name_index *h, const char *name, size_t i)
{
	size_t slot = name_index_slot(h, name);
	if (!h->names[slot]) {
		h->names[slot] = name;
		h->idx[slot] = i;
	}
	return h->idx[slot];
}

/* Sets entry name of s to value; h indexes s's entries by name and has room
 * for the new ones. */
static void map_put(struct setting *s, struct name_index *h, const char *name, char *value,
		    char *origin)
{
	struct entry *en;
	size_t slot = name_index_slot(h, name);
	if (h->names[slot]) {
		en = &s->entries[h->idx[slot]];
	} else {
		s->entries = xrealloc(s->entries, (s->nentries + 1) * sizeof(*s->entries));
		en = &s->entries[s->nentries];
		en->name = xstrdup(name);
		en->value = NULL;
		en->origin = NULL;
		h->names[slot] = en->name;
		h->idx[slot] = s->nentries++;
	}
	free(en->value);
	en->value = value;
	free(en->origin);
	en->origin = origin;
}

/* ---- Applying a document to the settings ------------------------------------ */

/* A loading pass: the settings being filled and where the values come from. */
struct loader {
	struct config *cfg;
	const char *name;     /* for messages and origins; NULL: no position (command line) */
	const char *origin;   /* when set, the origin of every value ("command line") */
	bool defaults;        /* origins stay "default" */
	struct err *e;
};

/* The origin of a value whose key is k: NULL (default), the loader's fixed
 * origin, or "FILE:LINE". Caller frees. */
static char *origin_of(const struct loader *L, const struct node *k)
{
	if (L->defaults)
		return NULL;
	if (L->origin)
		return xstrdup(L->origin);
	return xasprintf("%s:%zu", L->name, k->line);
}

static const char *kind_name(const struct node *n)
{
	switch (n->kind) {
	case NODE_LIST:
		return _("a list");
	case NODE_MAP:
		return _("a map");
	case NODE_SCALAR:
		break;
	}
	return _("a single value");
}

static int schema_find(const char *path)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (str_eq(schema[i].path, path))
			return (int)i;
	return -1;
}

/* True when path is a section: some key continues it with a dot. */
static bool is_section(const char *path)
{
	size_t n = strlen(path);
	for (size_t i = 0; i < NKEYS; i++)
		if (strncmp(schema[i].path, path, n) == 0 && schema[i].path[n] == '.')
			return true;
	return false;
}

/*
 * The known key closest to an unknown path: a sibling (same section) within a
 * small edit distance, else a key elsewhere with the same last name
 * ("max_attempts" -> "login.max_attempts"). Caller frees; NULL when none.
 */
static char *suggest_key(const char *path)
{
	const char *dot = strrchr(path, '.');
	size_t plen = dot ? (size_t)(dot - path) + 1 : 0;   /* "programs.stimulus." */
	const char *leaf = path + plen;
	size_t leaf_len = strlen(leaf);
	size_t best = leaf_len < 4 ? 1 : leaf_len < 8 ? 2 : 3;
	char *found = NULL;

	for (size_t i = 0; i < NKEYS; i++) {
		const char *k = schema[i].path;
		if (strncmp(k, path, plen) != 0)
			continue;
		const char *end = strchr(k + plen, '.');
		char *cand = end ? xstrndup(k, (size_t)(end - k)) : xstrdup(k);
		size_t d = str_edit_distance(leaf, cand + plen);
		if (d <= best && (!found || d < best)) {
			free(found);
			found = cand;
			best = d;
		} else {
			free(cand);
		}
	}
	if (found)
		return found;
	for (size_t i = 0; i < NKEYS; i++) {
		const char *k = schema[i].path, *last = strrchr(k, '.');
		if (last && str_eq(last + 1, leaf))
			return xstrdup(k);
	}
	return NULL;
}

/* The message for an unknown key, with a suggestion when one is close. Caller frees. */
static char *unknown_key_message(const char *path)
{
	char *hint = suggest_key(path);
	char *p = shown(path);
	char *msg = hint ? xasprintf(_("unknown key '%s'; did you mean '%s'?"), p, hint)
			 : xasprintf(_("unknown key '%s'"), p);
	free(p);
	free(hint);
	return msg;
}

static bool fail_node(const struct loader *L, const struct node *n, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static bool fail_node(const struct loader *L, const struct node *n, const char *fmt, ...)
{
	struct strbuf what = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&what, fmt, ap);
	va_end(ap);
	if (L->name)
		fail_at(L->e, L->name, n->line, n->col, "%s", strbuf_str(&what));
	else
		err_set(L->e, 2, "%s", strbuf_str(&what));
	strbuf_release(&what);
	return false;
}

/* A value that failed its check: "bad value 'fr' for 'language': expected ...". */
static bool fail_value(const struct loader *L, const struct node *n, const char *path,
		       const char *why)
{
	char *v = shown(n->text), *p = shown(path);
	fail_node(L, n, _("bad value '%s' for '%s': %s"), v, p, why);
	free(v);
	free(p);
	return false;
}

static bool fail_kind(const struct loader *L, const struct node *n, const char *path,
		      const char *expected)
{
	char *p = shown(path);
	/* TRANSLATORS: "'office.name' must be a single value, not a list" */
	fail_node(L, n, _("'%s' must be %s, not %s"), p, expected, kind_name(n));
	free(p);
	return false;
}

/* Checks a map's keys: each a scalar, none twice. path names the map ("" for the file). */
static bool check_map_keys(const struct loader *L, const struct node *map, const char *path)
{
	struct name_index h;
	name_index_init(&h, map->nkids / 2);
	bool ok = true;
	for (size_t i = 0; ok && i < map->nkids; i += 2) {
		const struct node *k = &map->kids[i];
		if (k->kind != NODE_SCALAR) {
			ok = fail_node(L, k, _("a key must be a single name, not %s"), kind_name(k));
			break;
		}
		size_t j = name_index_add(&h, k->text, i);
		if (j != i) {
			char *full = xasprintf("%s%s%s", path, *path ? "." : "", k->text);
			char *p = shown(full);
			ok = fail_node(L, k, _("duplicate key '%s' (first at line %zu)"), p,
				       map->kids[j].line);
			free(p);
			free(full);
		}
	}
	name_index_release(&h);
	return ok;
}

static bool check_scalar_node(const struct loader *L, const struct node *n, const char *path,
			      const struct check *c, char **canon, int64_t *num)
{
	if (n->kind != NODE_SCALAR)
		return fail_kind(L, n, path, _("a single value"));
	struct strbuf why = STRBUF_INIT;
	bool ok = check_value(c, n->text, canon, num, &why);
	if (!ok)
		fail_value(L, n, path, strbuf_str(&why));
	strbuf_release(&why);
	return ok;
}

static bool apply_scalar(struct loader *L, size_t idx, const struct node *k,
			 const struct node *v)
{
	const struct key_spec *ks = &schema[idx];
	char *canon = NULL;
	int64_t num = 0;
	if (!check_scalar_node(L, v, ks->path, &ks->value, &canon, &num))
		return false;
	struct setting *s = &L->cfg->set[idx];
	setting_release(s);
	s->set = true;
	s->text = canon;
	s->num = num;
	s->origin = origin_of(L, k);
	return true;
}

static bool apply_list(struct loader *L, size_t idx, const struct node *k, const struct node *v)
{
	const struct key_spec *ks = &schema[idx];
	if (!(v->kind == NODE_LIST || (v->kind == NODE_SCALAR && v->null)))
		return fail_kind(L, v, ks->path, _("a list"));
	size_t n = v->kind == NODE_LIST ? v->nkids : 0;
	char **items = xcalloc(n + 1, sizeof(*items));
	struct strbuf joined = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		int64_t num;
		if (!check_scalar_node(L, &v->kids[i], ks->path, &ks->value, &items[i], &num)) {
			for (size_t j = 0; j < i; j++)
				free(items[j]);
			free(items);
			strbuf_release(&joined);
			return false;
		}
		strbuf_addf(&joined, "%s%s", i ? ", " : "", items[i]);
	}
	struct setting *s = &L->cfg->set[idx];
	setting_release(s);
	s->set = true;
	s->items = items;
	s->nitems = n;
	s->text = strbuf_detach(&joined);
	if (!s->text)
		s->text = xstrdup("");
	s->origin = origin_of(L, k);
	return true;
}

/* A map setting: checks every entry, then adds or replaces them one by one
 * (entries the document does not name keep their value). */
static bool apply_entries(struct loader *L, size_t idx, const struct node *key,
			  const struct node *v)
{
	const struct key_spec *ks = &schema[idx];
	struct setting *s = &L->cfg->set[idx];
	if (v->kind == NODE_SCALAR && v->null) {
		s->set = true;
		return true;
	}
	if (v->kind != NODE_MAP)
		return fail_kind(L, v, ks->path, _("a map"));
	if (!check_map_keys(L, v, ks->path))
		return false;
	/* Check every entry before storing any. */
	for (size_t i = 0; i < v->nkids; i += 2) {
		const struct node *k = &v->kids[i], *val = &v->kids[i + 1];
		char *full = xasprintf("%s.%s", ks->path, k->text);
		char *canon = NULL;
		int64_t num;
		struct strbuf why = STRBUF_INIT;
		bool ok = check_value(&ks->name, k->text, &canon, &num, &why);
		if (!ok) {
			char *name = shown(k->text), *p = shown(ks->path);
			fail_node(L, k, _("bad name '%s' in '%s': %s"), name, p, strbuf_str(&why));
			free(name);
			free(p);
		} else {
			free(canon);
			canon = NULL;
			ok = check_scalar_node(L, val, full, &ks->value, &canon, &num);
		}
		strbuf_release(&why);
		free(full);
		free(canon);
		if (!ok)
			return false;
	}
	struct name_index h;
	name_index_init(&h, s->nentries + v->nkids / 2);
	for (size_t i = 0; i < s->nentries; i++)
		name_index_add(&h, s->entries[i].name, i);
	for (size_t i = 0; i < v->nkids; i += 2) {
		const struct node *k = &v->kids[i], *val = &v->kids[i + 1];
		char *canon = NULL;
		int64_t num;
		struct strbuf why = STRBUF_INIT;
		check_value(&ks->value, val->text, &canon, &num, &why);  /* passed above */
		strbuf_release(&why);
		map_put(s, &h, k->text, canon, origin_of(L, k));
	}
	name_index_release(&h);
	s->set = true;
	free(s->origin);
	s->origin = origin_of(L, key);
	return true;
}

/* Applies the settings of a map whose keys start with prefix ("" or "programs."). */
static bool apply_map(struct loader *L, const struct node *map, const char *prefix)
{
	struct strbuf section = STRBUF_INIT;
	strbuf_add(&section, prefix, prefix[0] ? strlen(prefix) - 1 : 0);
	bool ok = check_map_keys(L, map, strbuf_str(&section));
	strbuf_release(&section);

	for (size_t i = 0; ok && i < map->nkids; i += 2) {
		const struct node *k = &map->kids[i], *v = &map->kids[i + 1];
		if (strchr(k->text, '.')) {
			char *p = shown(k->text);
			ok = fail_node(L, k, _("a key may not contain a dot: write '%s' as nested keys"),
				       p);
			free(p);
			break;
		}
		char *path = xasprintf("%s%s", prefix, k->text);
		int idx = schema_find(path);
		if (idx >= 0 && schema[idx].shape == SHAPE_SCALAR) {
			ok = apply_scalar(L, (size_t)idx, k, v);
		} else if (idx >= 0 && schema[idx].shape == SHAPE_LIST) {
			ok = apply_list(L, (size_t)idx, k, v);
		} else if (idx >= 0) {
			ok = apply_entries(L, (size_t)idx, k, v);
		} else if (is_section(path)) {
			if (v->kind == NODE_MAP) {
				char *sub = xasprintf("%s.", path);
				ok = apply_map(L, v, sub);
				free(sub);
			} else if (!(v->kind == NODE_SCALAR && v->null)) {
				ok = fail_kind(L, v, path, _("a map"));
			}
		} else {
			char *msg = unknown_key_message(path);
			ok = fail_node(L, k, "%s", msg);
			free(msg);
		}
		free(path);
	}
	return ok;
}

/* Reads a YAML text and applies it to cfg. */
static bool load_text(struct config *cfg, const char *text, size_t len, const char *name,
		      bool defaults, struct err *e)
{
	struct node root;
	if (!read_document(text, len, name, &root, e))
		return false;
	struct loader L = { .cfg = cfg, .name = name, .defaults = defaults, .e = e };
	bool ok;
	if (root.kind == NODE_MAP)
		ok = apply_map(&L, &root, "");
	else if (root.kind == NODE_SCALAR && root.null)
		ok = true;
	else
		ok = fail_node(&L, &root, _("the settings must be a map, not %s"), kind_name(&root));
	node_release(&root);
	return ok;
}

static struct config *load_defaults(struct err *e)
{
	struct config *cfg = xcalloc(1, sizeof(*cfg));
	size_t len;
	const char *text = embed_config(&len);
	if (!load_text(cfg, text, len, "<defaults>", true, e)) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
}

/* ---- Public API ------------------------------------------------------------- */

/* The user's file when no path is given: $XDG_CONFIG_HOME/bantu/bantu.yaml (an
 * absolute XDG_CONFIG_HOME only, as the XDG spec says), else
 * $HOME/.config/bantu/bantu.yaml. NULL when neither can be named. Caller frees. */
static char *user_config_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (!str_empty(xdg) && xdg[0] == '/')
		return xasprintf("%s/bantu/bantu.yaml", xdg);
	const char *home = getenv("HOME");
	if (!str_empty(home))
		return xasprintf("%s/.config/bantu/bantu.yaml", home);
	return NULL;
}

/*
 * Reads the settings file at path, refusing one over CONFIG_MAX_BYTES before
 * reading it whole (a settings file is a few kilobytes; a huge one is a mistake
 * or an attack on memory). NULL with e set on failure. Caller frees.
 */
static char *read_settings(const char *path, size_t *len, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		err_set(e, 2, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct strbuf sb = STRBUF_INIT;
	char chunk[65536];
	size_t n;
	bool big = false;
	while (!big && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		strbuf_add(&sb, chunk, n);
		big = sb.len > CONFIG_MAX_BYTES;
	}
	bool bad = !big && ferror(f);
	int saved = errno;
	fclose(f);
	if (big || bad) {
		if (big)
			err_set(e, 2, _("%s: the settings file is too large (over %d KiB; a settings"
					" file is a few kilobytes)"), path, CONFIG_MAX_BYTES / 1024);
		else
			err_set(e, 2, "%s: %s", path, strerror(saved));
		strbuf_release(&sb);
		return NULL;
	}
	*len = sb.len;
	return strbuf_detach(&sb);
}

/*
 * Loads the defaults, then the user's file: path when not NULL (it must exist),
 * else user_config_path() when that file exists. Returns NULL with e set
 * (code 2) on any error. Prints nothing.
 */
struct config *config_load(const char *path, struct err *e)
{
	char *found = NULL;
	if (!path) {
		struct stat st;
		found = user_config_path();
		if (found && stat(found, &st) != 0) {
			free(found);
			found = NULL;
		}
		path = found;
	}
	struct config *cfg = load_defaults(e);
	if (cfg && path) {
		size_t len;
		char *text = read_settings(path, &len, e);
		if (!text || !load_text(cfg, text, len, path, false, e)) {
			if (e)
				e->code = 2;
			config_free(cfg);
			cfg = NULL;
		}
		free(text);
	}
	free(found);
	return cfg;
}

/* Loads the defaults, then text as if it were the user's file called name. */
struct config *config_load_text(const char *text, size_t len, const char *name, struct err *e)
{
	struct config *cfg = load_defaults(e);
	if (cfg && !load_text(cfg, text, len, name, false, e)) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
}

/* Frees cfg and every string it handed out. NULL is fine. */
void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	for (size_t i = 0; i < NKEYS; i++)
		setting_release(&cfg->set[i]);
	free(cfg);
}

static const struct setting *find(const struct config *cfg, const char *key, enum shape shape)
{
	int idx = key ? schema_find(key) : -1;
	if (!cfg || idx < 0 || schema[idx].shape != shape || !cfg->set[idx].set)
		return NULL;
	return &cfg->set[idx];
}

/* A scalar's value in canonical form (numbers as plain digits, booleans as
 * true/false); a list's items joined with ", ". NULL when unknown or unset. */
const char *config_str(const struct config *cfg, const char *key)
{
	const struct setting *s = find(cfg, key, SHAPE_SCALAR);
	if (!s)
		s = find(cfg, key, SHAPE_LIST);
	return s ? s->text : NULL;
}

/* An integer or money setting; 0 when unknown, unset or not a number. */
int64_t config_int(const struct config *cfg, const char *key)
{
	const struct setting *s = find(cfg, key, SHAPE_SCALAR);
	return s ? s->num : 0;
}

/* A boolean setting; false when unknown, unset or not a boolean. */
bool config_bool(const struct config *cfg, const char *key)
{
	int idx = key ? schema_find(key) : -1;
	const struct setting *s = find(cfg, key, SHAPE_SCALAR);
	return s && schema[idx].value.type == CHECK_BOOL && s->num != 0;
}

/* A list's items (owned by cfg) and their count; NULL and 0 when unknown or unset. */
const char *const *config_list(const struct config *cfg, const char *key, size_t *n)
{
	const struct setting *s = find(cfg, key, SHAPE_LIST);
	if (n)
		*n = s ? s->nitems : 0;
	return s ? (const char *const *)s->items : NULL;
}

/* Number of entries of a map setting; 0 when unknown or empty. */
size_t config_map_size(const struct config *cfg, const char *key)
{
	const struct setting *s = find(cfg, key, SHAPE_MAP);
	return s ? s->nentries : 0;
}

/* Entry i's name (defaults' order first, then entries the user's file added). */
const char *config_map_key(const struct config *cfg, const char *key, size_t i)
{
	const struct setting *s = find(cfg, key, SHAPE_MAP);
	return s && i < s->nentries ? s->entries[i].name : NULL;
}

/* Entry i's value in canonical form; NULL when out of range. */
const char *config_map_value(const struct config *cfg, const char *key, size_t i)
{
	const struct setting *s = find(cfg, key, SHAPE_MAP);
	return s && i < s->nentries ? s->entries[i].value : NULL;
}

/* The value of the entry called name, or NULL. */
const char *config_map_get(const struct config *cfg, const char *key, const char *name)
{
	const struct setting *s = find(cfg, key, SHAPE_MAP);
	for (size_t i = 0; s && i < s->nentries; i++)
		if (str_eq(s->entries[i].name, name))
			return s->entries[i].value;
	return NULL;
}

/* "default", "FILE:LINE" or "command line" for a known key; NULL for an unknown one. */
const char *config_origin(const struct config *cfg, const char *key)
{
	int idx = key ? schema_find(key) : -1;
	if (!cfg || idx < 0)
		return NULL;
	const char *o = cfg->set[idx].origin;
	return o ? o : "default";
}

/* Calls fn for every setting in effect in schema order; a map gives one call per
 * entry, named "map.entry". */
void config_each(const struct config *cfg,
		 void (*fn)(const char *key, const char *value, const char *origin, void *arg),
		 void *arg)
{
	if (!cfg || !fn)
		return;
	for (size_t i = 0; i < NKEYS; i++) {
		const struct setting *s = &cfg->set[i];
		if (!s->set)
			continue;
		if (schema[i].shape != SHAPE_MAP) {
			fn(schema[i].path, s->text, s->origin ? s->origin : "default", arg);
			continue;
		}
		for (size_t j = 0; j < s->nentries; j++) {
			const struct entry *en = &s->entries[j];
			char *name = xasprintf("%s.%s", schema[i].path, en->name);
			fn(name, en->value, en->origin ? en->origin : "default", arg);
			free(name);
		}
	}
}

/* Splits "a, b,c" into trimmed items of list; "" (or only spaces) gives none. */
static void split_list(const char *value, struct node *list)
{
	char *copy = xstrdup(value);
	if (*str_trim(copy) != '\0') {
		for (const char *p = value;;) {
			const char *comma = strchr(p, ',');
			size_t n = comma ? (size_t)(comma - p) : strlen(p);
			struct node *item = node_add_kid(list);
			item->kind = NODE_SCALAR;
			item->text = str_trim(xstrndup(p, n));
			item->line = item->col = 1;
			if (!comma)
				break;
			p = comma + 1;
		}
	}
	free(copy);
}

/*
 * Sets key from the command line (--lang en) after loading, checked as a file's
 * value would be: a list takes comma-separated items ("mikro, kecil"), a map is
 * set one entry at a time ("keys.save" = "F3"). The origin becomes "command
 * line". Returns false with e set (code 2, no position in the message) and cfg
 * unchanged when the key is unknown or the value bad.
 */
bool config_set(struct config *cfg, const char *key, const char *value, struct err *e)
{
	if (!cfg || !key || !value)
		return err_set(e, 2, "%s", _("no setting given"));
	int idx = schema_find(key);
	size_t map_idx = NKEYS;
	for (size_t i = 0; idx < 0 && i < NKEYS; i++) {
		size_t n = strlen(schema[i].path);
		if (schema[i].shape == SHAPE_MAP && strncmp(key, schema[i].path, n) == 0 &&
		    key[n] == '.' && key[n + 1] != '\0')
			map_idx = i;
	}
	if (idx < 0 && map_idx == NKEYS && is_section(key)) {
		char *p = shown(key), *first = NULL;
		for (size_t i = 0; !first && i < NKEYS; i++)
			if (str_starts_with(schema[i].path, key) && schema[i].path[strlen(key)] == '.')
				first = xstrdup(schema[i].path);
		err_set(e, 2, _("'%s' is a section: set one of its keys, as in '%s'"), p, first);
		free(first);
		free(p);
		return false;
	}
	if (idx < 0 && map_idx == NKEYS) {
		char *msg = unknown_key_message(key);
		err_set(e, 2, "%s", msg);
		free(msg);
		return false;
	}
	if (idx >= 0 && schema[idx].shape == SHAPE_MAP) {
		char *p = shown(key);
		err_set(e, 2, _("'%s' is a map: set one entry, as in '%s.NAME'"), p, p);
		free(p);
		return false;
	}

	/* The nodes a file would have given, applied by the file's rules. */
	struct loader L = { .cfg = cfg, .name = NULL, .origin = "command line", .e = e };
	struct node k = { .kind = NODE_SCALAR, .line = 1, .col = 1 };
	struct node v = { .kind = NODE_SCALAR, .line = 1, .col = 1 };
	bool ok;
	if (map_idx < NKEYS) {
		v.kind = NODE_MAP;
		struct node *name = node_add_kid(&v), *val = node_add_kid(&v);
		name->kind = val->kind = NODE_SCALAR;
		name->text = xstrdup(key + strlen(schema[map_idx].path) + 1);
		val->text = xstrdup(value);
		ok = apply_entries(&L, map_idx, &k, &v);
	} else if (schema[idx].shape == SHAPE_LIST) {
		v.kind = NODE_LIST;
		split_list(value, &v);
		ok = apply_list(&L, (size_t)idx, &k, &v);
	} else {
		v.text = xstrdup(value);
		ok = apply_scalar(&L, (size_t)idx, &k, &v);
	}
	node_release(&v);
	return ok;
}
