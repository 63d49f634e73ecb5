#!/bin/sh
# tests/cli/i18n.sh - messages: every msgid of the sources has a Bahasa Indonesia
# translation in po/id/*.po; choice labels translate to their stored values; --help and
# errors are Indonesian by default and English with --lang en.
# Run from the repository root (tests/run.sh does).
. "$(dirname "$0")/../lib.sh"

# run CMD...: runs the command; sets $rc, $out (stdout) and $err (stderr).
run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}

# ---- (a) every msgid has a translation ----
have_gettext_tools=yes
for tool in xgettext msgcat msgmerge msgattrib msgexec awk; do
	command -v "$tool" >/dev/null 2>&1 || have_gettext_tools=no
done
if [ "$have_gettext_tools" = no ]; then
	T_N=$((T_N + 1)); echo "ok $T_N - # SKIP xgettext missing"
	T_N=$((T_N + 1)); echo "ok $T_N - # SKIP xgettext missing"
else
	pot=$T_TMP/bantu.pot
	joined=$T_TMP/joined.po
	find src/ -name '*.c' -o -name '*.h' | LC_ALL=C sort >"$T_TMP/files"
	if ! xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 -o "$pot" \
		--files-from="$T_TMP/files" 2>"$T_TMP/.err"; then
		t_fail "xgettext reads the sources" "$(cat "$T_TMP/.err")"
	elif ! [ -s "$pot" ] || ! grep -q '^msgid "[^"]' "$pot"; then
		t_fail "xgettext finds the msgids of src/" "no messages in $(wc -l <"$T_TMP/files") files"
	elif ! msgcat --use-first -o "$joined" po/id/*.po 2>"$T_TMP/.err"; then
		t_fail "po/id/*.po join" "$(cat "$T_TMP/.err")"
	else
		# Messages without a usable translation: empty or fuzzy in the joined catalogue
		# (msgcat writes no file when there are none).
		: >"$T_TMP/missing.po"
		msgmerge -q --no-fuzzy-matching -o "$T_TMP/merged.po" "$joined" "$pot" || exit 1
		{
			msgattrib --untranslated --no-obsolete "$T_TMP/merged.po"
			msgattrib --only-fuzzy --no-obsolete "$T_TMP/merged.po"
		} | msgcat --use-first -o "$T_TMP/missing.po" - 2>/dev/null
		# One line per message: where xgettext found it, then the msgid.
		missing=$(awk '
			function unq(s) { sub(/^"/, "", s); sub(/"$/, "", s); return s }
			/^#:/ { refs = refs substr($0, 4) " "; next }
			/^msgid / { inid = 1; id = unq(substr($0, 7)); next }
			/^"/ && inid { id = id unq($0); next }
			/^msgstr/ { if (inid && id != "") print refs "| " id; inid = 0; id = ""; refs = "" }
			/^$/ { refs = "" }
		' "$T_TMP/missing.po" | LC_ALL=C sort)
		total=$(grep -c '^msgid ' "$pot")
		if [ -z "$missing" ]; then
			t_ok "all $((total - 1)) msgids of src/ have an Indonesian translation"
		else
			n=$(printf '%s\n' "$missing" | wc -l | tr -d ' ')
			t_fail "all msgids of src/ have an Indonesian translation: $n missing" \
				"by file: $(printf '%s\n' "$missing" | sed 's/:[0-9]* .*//' | uniq -c | awk '{ printf "%s%s (%s)", (NR > 1 ? ", " : ""), $2, $1 }')"
			printf '%s\n' "$missing" | sed 's/^/#     /'
		fi

		# Choice labels translate to the value stored, so CSV files may use either
		# language: { "mikro", N_("micro") } needs msgstr "mikro" (codes like L/P aside).
		# shellcheck disable=SC2016
		msgexec -i "$joined" sh -c \
			'printf "%s\t%s\n" "$MSGEXEC_MSGID" "$(cat)"' >"$T_TMP/pairs" 2>/dev/null
		bad=
		grep -o '{ *"[^"]*", *N_("[^"]*") *}' src/model/registry.c \
			| sed 's/{ *"\([^"]*\)", *N_("\([^"]*\)") *}/\1	\2/' >"$T_TMP/choices"
		nchoices=$(wc -l <"$T_TMP/choices" | tr -d ' ')
		tab=$(printf '\t')
		while IFS="$tab" read -r value label; do
			[ "${#value}" -le 1 ] && continue
			got=$(awk -F '\t' -v id="$label" '$1 == id { print $2; exit }' "$T_TMP/pairs")
			[ "$got" = "$value" ] || bad="$bad${bad:+
}'$label' -> '$got', wanted the stored value '$value'"
		done <"$T_TMP/choices"
		if [ -z "$bad" ] && [ "$nchoices" -gt 0 ]; then
			t_ok "choice labels translate to their stored values ($nchoices choices)"
		else
			t_fail "choice labels translate to their stored values"
			printf '%s\n' "$bad" | sed 's/^/#   /'
		fi
	fi
fi

# ---- (b) --help: Indonesian by default, English with --lang en ----
run "$BANTU" --help
expect_eq "--help exits 0" "$rc" 0
expect_match "--help is Indonesian by default" "$out" '^Perintah:'
expect_match "--help: usage line is Indonesian" "$out" '^Cara pakai: bantu'
expect_no_match "--help by default has no English headings" "$out" '^(Commands|Usage):'
expect_no_match "--help does not print the catalogue header (gettext of \"\")" "$out" \
	'Project-Id-Version|Content-Type'
run "$BANTU" --lang en --help
expect_eq "--lang en --help exits 0" "$rc" 0
expect_match "--lang en --help is English" "$out" '^Commands:'
expect_no_match "--lang en --help has no Indonesian" "$out" '^(Perintah|Cara pakai):'
run env BANTU_LANG=en "$BANTU" --help
expect_match "BANTU_LANG=en --help is English" "$out" '^Commands:'

# ---- (c) errors from commands: Indonesian by default, English with --lang en ----
run "$BANTU" --db "$T_TMP/none.db" check
expect_eq "check on a missing database exits 1" "$rc" 1
expect_match "check on a missing database: Indonesian error" "$err" \
	'none\.db: basis data tidak ada; buat dengan .bantu init --office KODE.'
expect_no_match "check on a missing database: no English by default" "$err" 'no database here'
run "$BANTU" --lang en --db "$T_TMP/none.db" check
expect_eq "--lang en check on a missing database exits 1" "$rc" 1
expect_match "--lang en check on a missing database: English error" "$err" \
	"none\.db: no database here; make one with 'bantu init --office CODE'"
if [ -f "$T_TMP/none.db" ]; then t_fail "check did not create none.db"; else t_ok "check did not create none.db"; fi

run "$BANTU" --db "$T_TMP/none.db" frobnicate
expect_eq "unknown command exits 2" "$rc" 2
expect_match "unknown command: Indonesian error" "$err" "perintah 'frobnicate' tidak dikenal; lihat bantu --help"
run "$BANTU" --lang en --db "$T_TMP/none.db" frobnicate
expect_match "--lang en unknown command: English error" "$err" "unknown command 'frobnicate'; see bantu --help"

run "$BANTU" --db "$T_TMP/x.db" init --office abc
expect_eq "init with a bad office code exits 2" "$rc" 2
expect_match "init with a bad office code: Indonesian error" "$err" "kode dinas 'abc' harus kode provinsi"
run "$BANTU" --lang en --db "$T_TMP/x.db" init --office abc
expect_match "--lang en init with a bad office code: English error" "$err" "office code 'abc' must be a province"

# The po files are joined keeping the first translation of a msgid: one English text
# translated two ways in two modules would show the wrong one in one of them.
po_dir=$(cd "$(dirname "$0")/../../po/id" && pwd)
twice=$(python3 - "$po_dir" <<'PY'
import glob, re, sys, collections
seen = collections.defaultdict(dict)
for f in sorted(glob.glob(sys.argv[1] + '/*.po')):
    text = open(f, encoding='utf-8').read()
    for m in re.finditer(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)', text, re.M):
        mid = ''.join(re.findall(r'"(.*)"', m.group(1)))
        if mid:
            seen[mid][f.rsplit('/', 1)[1]] = ''.join(re.findall(r'"(.*)"', m.group(2)))
for mid, tr in sorted(seen.items()):
    if len(set(tr.values())) > 1:
        print('%r: %s' % (mid, ', '.join('%s %r' % kv for kv in sorted(tr.items()))))
PY
)
if [ -z "$twice" ]; then
	t_ok "no msgid is translated two ways in po/id"
else
	t_fail "no msgid is translated two ways in po/id" "$twice"
fi

# ---- (d) counts: one thing in the singular in English, the same word in Indonesian ----
"$BANTU" --db "$T_TMP/one.db" init --office 18 >/dev/null 2>&1 || t_fail "init one.db"
"$BANTU" --db "$T_TMP/one.db" demo --umkm 1 --koperasi 0 >/dev/null 2>&1 || t_fail "demo of one UMKM"
run "$BANTU" --db "$T_TMP/one.db" --lang en export-csv umkm -o "$T_TMP/one.csv"
expect_match "--lang en: '1 record written', not '1 records'" "$err" ": 1 record written$"
run "$BANTU" --db "$T_TMP/one.db" export-csv umkm -o "$T_TMP/one.csv"
expect_match "Indonesian: '1 data ditulis'" "$err" ": 1 data ditulis$"
run "$BANTU" --db "$T_TMP/one.db" demo --umkm 2 --koperasi 0
run "$BANTU" --db "$T_TMP/one.db" --lang en export-csv umkm -o "$T_TMP/one.csv"
expect_match "--lang en: '3 records written'" "$err" ": 3 records written$"

# ---- (e) every command's usage line, when misused, is in Bahasa Indonesia ----
untranslated=""
for c in init import-csv export-csv report summary check backup restore demo bundle keys \
	duplicates conflicts office purge officer activity; do
	run "$BANTU" --db "$T_TMP/one.db" "$c" --no-such-option
	case "$err" in
	*"cara pakai: bantu $c"*) ;;
	*) untranslated="$untranslated
$c: $err"; continue ;;
	esac
	if printf '%s\n' "$err" | grep -Eq '\b(FILE|NAME|CODE|ENTITY|RECORD|USERNAME|DATE|OFFICE|VALUE|ROLE|TEXT|VARIANT)\b'; then
		untranslated="$untranslated
$c: $err"
	fi
done
if [ -z "$untranslated" ]; then
	t_ok "every command's usage error is in Bahasa Indonesia, its placeholders too"
else
	t_fail "every command's usage error is in Bahasa Indonesia, its placeholders too" "$untranslated"
fi
run "$BANTU" --db "$T_TMP/one.db" report ringkasan --format pdf
expect_match "report --format pdf: says which formats there are" "$err" "format itu tidak ada; text, csv atau xlsx"

exit 0
