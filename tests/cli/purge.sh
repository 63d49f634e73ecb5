#!/bin/sh
# tests/cli/purge.sh - the right to erasure end to end: the province purges an
# owner's personal data; after one exchange of bundles neither office holds the
# NIK, name, phone or address anywhere in its database files (tables, search
# index, op log, WAL), an edit the district made before it saw the purge is
# scrubbed on arrival, hash chains still verify and `bantu check` passes on both.
# Only an admin at the province may purge; a reason is required.
. "$(dirname "$0")/../lib.sh"
fx=$(cd "$(dirname "$0")/fixtures" && pwd)
cd "$T_TMP" || exit 1

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
b() { "$BANTU" --lang en "$@"; }

NIK=1871015205900001
NAME="Sri Wahyuni"
ADDR="Jl. Kartini 1"
PHONE=81234567890      # stored +6281234567890; the search index also has 081234567890
NEWPHONE=81299998888   # the district's edit made before it saw the purge

# raw_has DB TEXT: whether TEXT occurs in the bytes of DB or its -wal / -shm.
raw_has() {
	for f in "$1" "$1-wal" "$1-shm"; do
		[ -f "$f" ] && grep -aqF -- "$2" "$f" && return 0
	done
	return 1
}
# gone WHAT DB: none of the purged values are in DB's files, its tables, its op
# log or its search index.
gone() {
	for v in "$NIK" "$NAME" "$ADDR" "$PHONE" "$NEWPHONE"; do
		if raw_has "$2" "$v"; then
			t_fail "$1: '$v' is nowhere in the database files" \
				"$(for f in "$2" "$2-wal"; do [ -f "$f" ] && grep -caF -- "$v" "$f"; done)"
			return
		fi
	done
	t_ok "$1: NIK, name, address and phones are nowhere in the database files"
	expect_eq "$1: the search index finds no NIK" \
		"$(sql "$2" "SELECT count(*) FROM umkm_fts WHERE umkm_fts MATCH '$NIK'")" 0
	expect_eq "$1: no op holds the NIK" \
		"$(sql "$2" "SELECT count(*) FROM op WHERE instr(fields, '$NIK') > 0")" 0
	expect_eq "$1: the record keeps its business name" \
		"$(sql "$2" "SELECT nama_usaha FROM umkm WHERE reg_no = '$REG'")" "Keripik Sri"
	expect_eq "$1: its personal fields are empty" \
		"$(sql "$2" "SELECT count(*) FROM umkm WHERE reg_no = '$REG' AND nik IS NULL
			AND nama_pemilik IS NULL AND telepon IS NULL AND alamat IS NULL
			AND jenis_kelamin IS NULL")" 1
	run b --db "$2" check
	expect_eq "$1: bantu check passes (chains and fold)" "$rc" 0
}

# ---- two offices; the district registers, the province receives ----
b --db p.db init --office 18 >/dev/null 2>&1 || t_fail "init province"
b --db p.db keys export -o prov.keys >/dev/null 2>&1
b --db d.db init --office 18.71 --province-key prov.keys >/dev/null 2>&1 || t_fail "init district"
run b --db d.db import-csv umkm "$fx/umkm_good.csv"
expect_eq "the district imports 3 UMKM" "$rc" 0
# An edit: the op log then holds the old address too.
sed 's/Jl. Kartini 1,/Jl. Kartini 2,/' "$fx/umkm_good.csv" >edit.csv
ADDR2="Jl. Kartini 2"
run b --db d.db import-csv umkm edit.csv
expect_match "an edit of the address" "$out" '1 updated'
REG=$(sql d.db "SELECT reg_no FROM umkm WHERE nik = '$NIK'")
b --db d.db bundle export --to 18 -o d1.bundle >/dev/null 2>&1
fp=$(b --db d.db keys fingerprint)
b --db p.db bundle import d1.bundle >/dev/null 2>&1
b --db p.db office approve 18.71 "$fp" >/dev/null 2>&1
run b --db p.db bundle import d1.bundle
expect_eq "the province receives the district's records" "$rc" 0
if raw_has p.db "$NIK"; then t_ok "before the purge the province holds the NIK (the grep sees it)"
else t_fail "before the purge the province holds the NIK (the grep sees it)"; fi

# ---- who may purge ----
run b --db d.db purge umkm "$REG" --reason "permintaan pemilik"
expect_eq "a district office may not purge: exit 1" "$rc" 1
expect_match "the district is told only the province may" "$err" 'only the province office may purge'
run b --db p.db purge umkm "$REG" --reason "  "
expect_eq "a purge without a reason: exit 1" "$rc" 1
expect_match "the reason is asked for" "$err" 'say why'
run b --db p.db purge umkm "$REG"
expect_eq "purge without --reason: usage, exit 2" "$rc" 2
run b --db p.db purge umkm 18.71-U-999999 --reason x
expect_eq "purge of a record that does not exist: exit 1" "$rc" 1

# ---- the purge at the province ----
ops_before=$(sql p.db 'SELECT count(*) FROM op')
run b --db p.db purge umkm "$REG" --reason "permintaan pemilik (UU 27/2022)"
expect_eq "the province purges: exit 0" "$rc" 0
expect_match "it says what was erased" "$out" "personal data erased .*NIK"
expect_eq "the purge is one op" "$(sql p.db 'SELECT count(*) FROM op')" $((ops_before + 1))
for v in "$NIK" "$NAME" "$ADDR" "$ADDR2" "$PHONE"; do
	if raw_has p.db "$v"; then t_fail "province: '$v' is gone from the files right after the purge"
	else t_ok "province: '$v' is gone from the files right after the purge"; fi
done
expect_match "the op log keeps the hash of each erased value" \
	"$(sql p.db "SELECT fields FROM op WHERE fields LIKE '%\"nik\",{\"purged\":%'")" '"nik",\{"purged":"[0-9a-f]{64}"\}'
run b --db p.db check
expect_eq "province: bantu check passes after the purge" "$rc" 0
run b --db p.db export-csv umkm
expect_no_match "the export no longer holds the NIK" "$out" "$NIK"

# ---- meanwhile the district, not yet aware, changes the phone ----
sed "s/,081234567890,/,0$NEWPHONE,/" edit.csv >edit2.csv
run b --db d.db import-csv umkm edit2.csv
expect_match "the district edits the phone before it sees the purge" "$out" '1 updated'

# ---- one exchange ----
b --db d.db bundle export --to 18 -o d2.bundle >/dev/null 2>&1
run b --db p.db bundle import d2.bundle
expect_eq "the province imports the district's edit" "$rc" 0
b --db p.db bundle export --to 18.71 -o p1.bundle >/dev/null 2>&1
if grep -aqF "$NIK" p1.bundle; then t_fail "the bundle carries no NIK in clear"
else t_ok "the bundle carries no NIK in clear"; fi
run b --db d.db bundle import p1.bundle
expect_eq "the district imports the purge" "$rc" 0

gone "province" p.db
gone "district" d.db
expect_eq "both offices hold the same op log" \
	"$(sql p.db 'SELECT hex(hash), fields FROM op ORDER BY origin, seq' | cksum)" \
	"$(sql d.db 'SELECT hex(hash), fields FROM op ORDER BY origin, seq' | cksum)"

# ---- a third office that never saw the values: the purged ops verify ----
b --db e.db init --office 18.72 --province-key prov.keys >/dev/null 2>&1
b --db e.db bundle export --to 18 -o e1.bundle >/dev/null 2>&1
b --db p.db bundle import e1.bundle >/dev/null 2>&1
b --db p.db office approve 18.72 "$(b --db e.db keys fingerprint)" >/dev/null 2>&1
b --db p.db bundle import e1.bundle >/dev/null 2>&1
b --db p.db bundle export --to 18.72 -o p2.bundle >/dev/null 2>&1
run b --db e.db bundle import p2.bundle
expect_eq "18.72 imports the district's ops as the province holds them (markers): exit 0" "$rc" 0
expect_match "  every op is new there" "$out" "$(sql p.db 'SELECT count(*) FROM op') changes new"
expect_eq "  the same op log as the province" \
	"$(sql e.db 'SELECT hex(hash), fields FROM op ORDER BY origin, seq' | cksum)" \
	"$(sql p.db 'SELECT hex(hash), fields FROM op ORDER BY origin, seq' | cksum)"
gone "18.72" e.db

# ---- an altered marker breaks the chain ----
cp p.db t.db
sqlite3 t.db "UPDATE op SET fields = substr(fields, 1, instr(fields, '\"purged\":\"') + 9)
	|| (CASE substr(fields, instr(fields, '\"purged\":\"') + 10, 1) WHEN '0' THEN '1' ELSE '0' END)
	|| substr(fields, instr(fields, '\"purged\":\"') + 11)
	WHERE (origin, seq) = (SELECT origin, seq FROM op WHERE fields LIKE '%purged%' ORDER BY origin, seq LIMIT 1)"
run b --db t.db check
expect_eq "a purged value's hash altered: bantu check exits 1" "$rc" 1
expect_match "it names the op as altered" "$err" 'office 18.71, op [0-9]+ has been altered'

# ---- the markers are salted: no plain BLAKE2b of the NIK is left to match ----
h=$(printf '%s' "$NIK" | b2sum -l 256 | cut -d' ' -f1)
expect_eq "no marker is the plain BLAKE2b of the NIK (a guess cannot be checked)" \
	"$(sql d.db "SELECT count(*) FROM op WHERE instr(fields, '$h') > 0")" 0
# ---- a purged value written back (check finds it) ----
h=$(sql d.db "SELECT fields FROM op WHERE fields LIKE '%\"nik\",{\"purged\":%' LIMIT 1" |
	grep -o '"nik",{"purged":"[0-9a-f]*"' | head -1 | sed 's/.*"purged":"//; s/"$//')
cp d.db t.db
sqlite3 t.db "UPDATE op SET fields = replace(fields, '{\"purged\":\"$h\"}', '\"$NIK\"')"
expect_eq "the NIK written back into the op log by hand" \
	"$(sql t.db "SELECT count(*) FROM op WHERE instr(fields, '$NIK') > 0")" 1
reported_purged=$(b --db t.db check 2>&1)
expect_match "bantu check reports the purged NIK held again, with office and op" \
	"$reported_purged" 'office 18\.71, op [0-9]+ still holds the purged nik'
