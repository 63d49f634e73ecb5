#!/bin/sh
# tests/cli/chain.sh - `bantu check` verifies every office's hash chain: an op
# deleted (in the middle, or the last ones), altered, or reordered by editing the
# SQLite file directly is reported with the office and the op's position (seq),
# for this office's own chain and for another office's received in a bundle.
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

# reported WHAT DB REGEX: bantu check on DB exits 1 and a line of stderr matches REGEX.
reported() {
	run b --db "$2" check
	if [ "$rc" -ne 1 ]; then
		t_fail "$1: check exits 1" "exit $rc" "$err"
	elif ! printf '%s\n' "$err" | grep -Eq -- "$3"; then
		t_fail "$1: reported as /$3/" "$err"
	else
		t_ok "$1: reported ($(printf '%s\n' "$err" | grep -E -- "$3" | head -1 | cut -c1-80))"
	fi
}

b --db p.db init --office 18 >/dev/null 2>&1
b --db p.db keys export -o prov.keys >/dev/null 2>&1
b --db d.db init --office 18.71 --province-key prov.keys >/dev/null 2>&1
# demo first: it adds to a database of demo records only
b --db d.db demo --umkm 5 --koperasi 0 >/dev/null 2>&1
b --db d.db import-csv umkm "$fx/umkm_good.csv" >/dev/null 2>&1
b --db d.db bundle export --to 18 -o d.bundle >/dev/null 2>&1
b --db p.db bundle import d.bundle >/dev/null 2>&1
b --db p.db office approve 18.71 "$(b --db d.db keys fingerprint)" >/dev/null 2>&1
run b --db p.db bundle import d.bundle
expect_eq "the province holds the district's chain" "$rc" 0
run b --db d.db check
expect_eq "the untouched district database passes" "$rc" 0
run b --db p.db check
expect_eq "the untouched province database passes" "$rc" 0
D=$(sql d.db "SELECT value FROM meta WHERE key = 'replica'")
n=$(sql d.db "SELECT max(seq) FROM op WHERE origin = $D")

# ---- this office's own chain (the district) ----
cp d.db t.db
sqlite3 t.db "DELETE FROM op WHERE origin = $D AND seq = 3"
reported "own chain: op 3 deleted" t.db 'office 18\.71: ops 3 to 3 are missing'

cp d.db t.db
sqlite3 t.db "DELETE FROM op WHERE origin = $D AND seq >= $((n - 1))"
reported "own chain: the last two ops deleted" t.db "office 18\\.71: ops $((n - 1)) to $n are missing"

cp d.db t.db
k=$(sql d.db "SELECT seq FROM op WHERE origin = $D AND fields LIKE '%Keripik Sri%' ORDER BY seq LIMIT 1")
sqlite3 t.db "UPDATE op SET fields = replace(fields, 'Keripik Sri', 'Keripik Sari') WHERE origin = $D AND seq = $k"
reported "own chain: op $k (an imported one) altered" t.db "office 18\\.71, op $k has been altered"

cp d.db t.db
sqlite3 t.db "UPDATE op SET seq = -1 WHERE origin = $D AND seq = 2;
	UPDATE op SET seq = 2 WHERE origin = $D AND seq = 3;
	UPDATE op SET seq = 3 WHERE origin = $D AND seq = -1"
reported "own chain: ops 2 and 3 swapped, op 2 reported" t.db 'office 18\.71, op 2 (has been altered|does not follow)'
reported "own chain: ops 2 and 3 swapped, op 3 reported" t.db 'office 18\.71, op 3 (has been altered|does not follow)'

# ---- another office's chain, as received (the province) ----
cp p.db t.db
sqlite3 t.db "DELETE FROM op WHERE origin = $D AND seq = 2"
reported "received chain: op 2 deleted" t.db 'office 18\.71: ops 2 to 2 are missing'

cp p.db t.db
sqlite3 t.db "DELETE FROM op WHERE origin = $D AND seq = $n"
reported "received chain: its last op deleted (below the signed head)" t.db "office 18\\.71: ops $n to $n are missing"

cp p.db t.db
sqlite3 t.db "UPDATE op SET officer = 'mallory' WHERE origin = $D AND seq = 2"
reported "received chain: op 2's officer altered" t.db 'office 18\.71, op 2 has been altered'

cp p.db t.db
sqlite3 t.db "UPDATE op SET hlc = hlc + 1 WHERE origin = $D AND seq = 4"
reported "received chain: op 4's time altered" t.db 'office 18\.71, op 4 has been altered'

cp p.db t.db
sqlite3 t.db "UPDATE op SET seq = -1 WHERE origin = $D AND seq = 4;
	UPDATE op SET seq = 4 WHERE origin = $D AND seq = 5;
	UPDATE op SET seq = 5 WHERE origin = $D AND seq = -1"
reported "received chain: ops 4 and 5 swapped" t.db 'office 18\.71, op 4 (has been altered|does not follow)'

# Swapping two ops' contents but keeping each row's seq, prev and hash (a
# reorder that rewrites the key columns) breaks the hashes as well.
cp p.db t.db
sqlite3 t.db "CREATE TEMP TABLE s AS SELECT seq, fields FROM op WHERE origin = $D AND seq IN (2, 3);
	UPDATE op SET fields = (SELECT fields FROM s WHERE s.seq = 5 - op.seq)
	WHERE origin = $D AND seq IN (2, 3)"
reported "received chain: the contents of ops 2 and 3 exchanged" t.db 'office 18\.71, op [23] has been altered'
