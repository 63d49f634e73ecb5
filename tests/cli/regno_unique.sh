#!/bin/sh
# tests/cli/regno_unique.sh - registration numbers stay unique across the replicas
# of an office: a district backed up, the old laptop registers a business and
# sends it, the backup restored on a new laptop registers another: the province
# holds two different numbers (the restored replica numbers from a block of its
# own). When a collision still arrives (two laptops restored from one backup),
# check lists it and every command that takes the number refuses, naming both
# records.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
b() { "$BANTU" --lang en "$@"; }
# send FROM: FROM's bundle to the province, imported there.
send() {
	b --db "$1" bundle export --to 18 -o "$1.bundle" >/dev/null &&
		b --db p.db bundle import "$1.bundle" >/dev/null 2>&1
}
newest() { sql "$1" "SELECT reg_no FROM umkm ORDER BY rowid DESC LIMIT 1"; }
twice() { sql p.db "SELECT reg_no FROM umkm WHERE deleted = 0 GROUP BY reg_no HAVING count(*) > 1"; }

b --db p.db init --office 18 >/dev/null
b --db p.db keys export -o prov.keys >/dev/null
b --db d.db init --office 18.71 --province-key prov.keys >/dev/null
b --db d.db demo --umkm 3 --koperasi 0 >/dev/null
b --db d.db bundle export --to 18 -o d0.bundle >/dev/null
b --db p.db bundle import d0.bundle >/dev/null 2>&1
b --db p.db office approve 18.71 "$(b --db d.db keys fingerprint)" >/dev/null
run b --db p.db bundle import d0.bundle
expect_eq "setup: the province holds the district's first businesses" "$rc" 0

# ---- the issue's scenario ----
b --db d.db backup -o bk.db >/dev/null
b --db d.db demo --umkm 1 --koperasi 0 >/dev/null
old=$(newest d.db)
expect_eq "the old laptop numbers on from its own counter" "$old" "18.71-U-000004"
send d.db
b --db n.db restore bk.db >/dev/null 2>&1
b --db n.db demo --umkm 1 --koperasi 0 >/dev/null
new=$(newest n.db)
expect_eq "the restored laptop numbers from a block of its own" "$new" "18.71-U-100001"
send n.db
expect_eq "both businesses reached the province" \
	"$(sql p.db "SELECT count(*) FROM umkm WHERE reg_no IN ('$old', '$new')")" 2
expect_eq "no number is held twice at the province" "$(twice)" ""
run b --db p.db check
expect_eq "check passes at the province" "$rc" 0
b --db p.db bundle export --to 18.71 -o p1.bundle >/dev/null
b --db n.db bundle import p1.bundle >/dev/null 2>&1
# demo adds only to a database of demo records: the province's op just received
# is counted as one (the test's registrations are all demo records).
sqlite3 n.db "UPDATE meta SET value = (SELECT count(*) FROM op) WHERE key = 'demo_ops'"
b --db n.db demo --umkm 1 --koperasi 0 >/dev/null
expect_eq "the restored laptop goes on in its block" "$(newest n.db)" "18.71-U-100002"

# ---- a collision that still arrives: two laptops restored from one backup ----
b --db c1.db restore bk.db >/dev/null 2>&1
b --db c2.db restore bk.db >/dev/null 2>&1
b --db c1.db demo --umkm 1 --koperasi 0 >/dev/null
b --db c2.db demo --umkm 1 --koperasi 0 >/dev/null
send c1.db
send c2.db
dup=$(twice)
expect_eq "setup: the province now holds one number twice" "$dup" "18.71-U-100001"
ids=$(sql p.db "SELECT lower(hex(id)) FROM umkm WHERE reg_no = '$dup' ORDER BY rowid")
id1=$(echo "$ids" | sed -n 1p) id2=$(echo "$ids" | sed -n 2p)
# names both: "ID (NAME, entered at office OFFICE)" twice.
both="registration no\\. $dup is held by two records: ($id1|$id2) \\(.*, entered at office 18\\.71\\) and ($id1|$id2) \\(.*, entered at office 18\\.71\\)"
run b --db p.db check
if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -Eq "umkm: $both"; then
	t_ok "check fails, listing the collision with both records"
else t_fail "check fails, listing the collision with both records" "exit $rc" "$err"; fi
ops=$(sql p.db "SELECT count(*) FROM op")
run b --db p.db purge umkm "$dup" --reason "permintaan pemilik"
if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -Eq "$both" &&
	[ "$(sql p.db 'SELECT count(*) FROM op')" = "$ops" ]; then
	t_ok "purge by the number refuses, naming both; nothing purged"
else t_fail "purge by the number refuses, naming both; nothing purged" "exit $rc" "$err"; fi
run b --db p.db delete umkm "$dup" --reason "salah ketik"
if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -Eq "$both" &&
	[ "$(sql p.db 'SELECT count(*) FROM op')" = "$ops" ]; then
	t_ok "delete by the number refuses, naming both; nothing deleted"
else t_fail "delete by the number refuses, naming both; nothing deleted" "exit $rc" "$err"; fi
run b --db p.db conflicts resolve umkm "$dup" telepon 081234567890
if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -Eq "$both"; then
	t_ok "conflicts resolve by the number refuses, naming both"
else t_fail "conflicts resolve by the number refuses, naming both" "exit $rc" "$err"; fi
run b --db p.db duplicates distinct "$dup" 18.71-U-000001
if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -Eq "$both"; then
	t_ok "duplicates by the number refuses, naming both"
else t_fail "duplicates by the number refuses, naming both" "exit $rc" "$err"; fi
run b --db p.db purge umkm "$id1" --reason "permintaan pemilik"
expect_eq "naming the record by its id still works (purge)" "$rc" 0
