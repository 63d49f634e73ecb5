#!/bin/sh
# tests/cli/backup.sh - `bantu backup` and `bantu restore`: a verified single-file
# copy (mode 0600) with the office's keys beside it, nothing left behind when the
# folder is gone; restore refuses to overwrite, gives a new replica id and keeps the
# office; after one exchange with the province (district first, then the
# province's reply) the restored office holds every op the province received from
# the old laptop, even those made after the backup, with no duplicate and `bantu
# check` clean everywhere. And a backup taken while a bulk import runs in another
# process is one consistent snapshot that restores and syncs (BANTU_TEST_BULK:
# the import's size, 40000 UMKM; tests/valgrind.sh makes it smaller).
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
b() { "$BANTU" --lang en "$@"; }
mode() { stat -c %a "$1" 2>/dev/null; }
# ops DB [ORIGIN]: the set of op keys (origin, seq) of the office 18.71, sorted.
opset() { sql "$1" "SELECT origin || ':' || seq || ':' || hex(hash) FROM op WHERE office = '18.71' ORDER BY 1"; }
checked() {
	run b --db "$1" check
	if [ "$rc" -eq 0 ]; then t_ok "$2: bantu check is clean"; else t_fail "$2: bantu check is clean" "$out" "$err"; fi
}

# ---- a province and a district that have exchanged bundles both ways ----
b --db p.db init --office 18 >/dev/null
b --db p.db keys export -o prov.keys >/dev/null
b --db d.db init --office 18.71 --province-key prov.keys >/dev/null
b --db d.db demo --umkm 30 --koperasi 2 >/dev/null
b --db d.db bundle export --to 18 -o d1.bundle >/dev/null
b --db p.db bundle import d1.bundle >/dev/null 2>&1
b --db p.db office approve 18.71 "$(b --db d.db keys fingerprint)" >/dev/null
run b --db p.db bundle import d1.bundle
expect_eq "setup: the province imports the district's first bundle" "$rc" 0
b --db p.db demo --umkm 3 --koperasi 0 >/dev/null
b --db p.db bundle export --to 18.71 -o p1.bundle >/dev/null
run b --db d.db bundle import p1.bundle
expect_eq "setup: the district imports the province's reply" "$rc" 0

# ---- backup ----
b --db d.db demo --umkm 4 --koperasi 0 >/dev/null     # made, not yet sent: only in the backup
run b --db d.db backup -o bk.db
expect_eq "backup -o exits 0" "$rc" 0
expect_match "backup says it was verified, with the counts" "$out" "^bk.db: backup written and verified \\([0-9]+ records, $(sql d.db 'SELECT count(*) FROM op') ops\\)"
expect_eq "the backup file is mode 0600" "$(mode bk.db)" 600
expect_eq "the key file beside it is mode 0600" "$(mode bk.db.keys)" 600
expect_eq "the key file is the office's" "$(cmp -s bk.db.keys d.db.keys && echo same)" same
if [ ! -e bk.db.tmp ] && [ ! -e bk.db-wal ]; then t_ok "no temporary or WAL file is left"
else t_fail "no temporary or WAL file is left" "$(ls)"; fi
expect_eq "the backup is one file (journal mode delete)" "$(sql bk.db 'PRAGMA journal_mode')" delete
expect_eq "the backup passes integrity_check" "$(sql bk.db 'PRAGMA integrity_check')" ok
expect_eq "the backup holds the same ops" "$(opset bk.db)" "$(opset d.db)"
run b --db d.db backup -o gone/usb/bk.db
if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -q 'USB stick removed' && [ ! -e gone ]; then
	t_ok "backup to a folder that is gone: exit 1, says so, writes nothing"
else t_fail "backup to a folder that is gone: exit 1, says so, writes nothing" "exit $rc" "$err"; fi
run b --db d.db backup
expect_eq "backup without -o is a usage error" "$rc" 2

# ---- the old laptop goes on, sends to the province, then dies ----
b --db d.db demo --umkm 6 --koperasi 1 >/dev/null
b --db d.db bundle export --to 18 -o d2.bundle >/dev/null
run b --db p.db bundle import d2.bundle
expect_eq "the province imports the old laptop's last bundle" "$rc" 0

# ---- restore ----
run b --db r.db restore nothere.db
expect_eq "restore of a missing file exits 1" "$rc" 1
echo "not a database" >junk.db
run b --db r.db restore junk.db
if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -q 'damaged' && [ ! -e r.db ] && [ ! -e r.db.tmp ]; then
	t_ok "restore of a file that is not a database: 'damaged', nothing written"
else t_fail "restore of a file that is not a database: 'damaged', nothing written" "exit $rc" "$err" "$(ls r.db* 2>&1)"; fi
sqlite3 other.db 'CREATE TABLE t(a)'
run b --db r.db restore other.db
if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -q 'not a backup' && [ ! -e r.db ]; then
	t_ok "restore of another SQLite database: 'not a backup', nothing written"
else t_fail "restore of another SQLite database: 'not a backup', nothing written" "exit $rc" "$err"; fi
run b --db d.db restore bk.db
if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -q 'already there'; then
	t_ok "restore refuses to overwrite an existing database"
else t_fail "restore refuses to overwrite an existing database" "exit $rc" "$err"; fi
run b --db r.db restore bk.db
expect_eq "restore exits 0" "$rc" 0
expect_match "restore says so, with a new replica id" "$out" "^r.db: restored from bk.db .* new replica id"
expect_eq "the restored database is mode 0600" "$(mode r.db)" 600
expect_eq "the restored key file is mode 0600" "$(mode r.db.keys)" 600
old=$(sql d.db "SELECT value FROM meta WHERE key = 'replica'")
new=$(sql r.db "SELECT value FROM meta WHERE key = 'replica'")
if [ -n "$new" ] && [ "$new" != "$old" ]; then t_ok "the restored database has a new replica id"
else t_fail "the restored database has a new replica id" "old $old new $new"; fi
expect_eq "the office code stays" "$(sql r.db "SELECT value FROM meta WHERE key = 'office_code'")" 18.71
expect_eq "the restored fingerprint is the office's" "$(b --db r.db keys fingerprint)" "$(b --db d.db keys fingerprint)"
checked r.db "the restored database"
cp r.db r2.db
run b --db r2.db restore --force bk.db
expect_eq "restore --force overwrites" "$rc" 0
run b restore bk.db --db r4.db
expect_eq "restore FILE --db PATH (the option after the command) exits 0" "$rc" 0
expect_eq "and makes the database there" "$(sql r4.db "SELECT value FROM meta WHERE key = 'office_code'")" 18.71

# New work on the restored laptop, then one exchange: the district sends first.
b --db r.db demo --umkm 5 --koperasi 0 >/dev/null
run b --db r.db bundle export --to 18 -o r1.bundle
expect_eq "the restored office exports to the province" "$rc" 0
run b --db p.db bundle import r1.bundle
expect_eq "the province imports it" "$rc" 0
expect_match "its new ops are new there, nothing refused" "$out" "5 changes new, .* 0 refused"
run b --db p.db bundle export --to 18.71 -o p2.bundle
run b --db r.db bundle import p2.bundle
expect_eq "the restored office imports the province's reply" "$rc" 0
expect_eq "the restored office holds every op the province has of office 18.71" \
	"$(opset r.db)" "$(opset p.db)"
dops=$(opset d.db)
missing=$(printf '%s\n' "$dops" | while read -r k; do printf '%s\n' "$(opset r.db)" | grep -qx "$k" || echo "$k"; done)
expect_eq "ops the old laptop made after the backup came back" "$missing" ""
expect_eq "the restored laptop's changes are under its new replica id" \
	"$(sql r.db "SELECT count(*) FROM op WHERE origin = $new")" 5
expect_eq "the old replica's chain is whole, to the old laptop's last op" \
	"$(sql r.db "SELECT count(*), max(seq) FROM op WHERE origin = $old")" \
	"$(sql d.db "SELECT count(*), max(seq) FROM op WHERE origin = $old")"
expect_eq "the registries are equal" "$(b --db r.db export-csv umkm | cksum)" "$(b --db p.db export-csv umkm | cksum)"
checked p.db "the province"
checked r.db "the restored office after the exchange"
run b --db p.db bundle import r1.bundle
expect_match "a re-import is all known" "$out" "0 changes new"

# ---- backup while a bulk import runs in another process ----
before=$(sql r.db 'SELECT count(*) FROM op')
b --db r.db demo --umkm "${BANTU_TEST_BULK:-40000}" --koperasi 0 >/dev/null 2>&1 &
pid=$!
sleep 0.3
run b --db r.db backup -o live.db
brc=$rc
wait $pid
after=$(sql r.db 'SELECT count(*) FROM op')
expect_eq "backup during a bulk import exits 0" "$brc" 0
got=$(sql live.db 'SELECT count(*) FROM op')
if [ "$got" = "$before" ] || [ "$got" = "$after" ]; then
	t_ok "the copy is one snapshot: before or after the import ($got of $before/$after ops)"
else t_fail "the copy is one snapshot" "$got ops; before $before after $after"; fi
b --db r.db bundle export --to 18 -o r2.bundle >/dev/null
b --db p.db bundle import r2.bundle >/dev/null
run b --db r3.db restore live.db
expect_eq "the live copy restores" "$rc" 0
b --db r3.db demo --umkm 2 --koperasi 0 >/dev/null
b --db r3.db bundle export --to 18 -o r3.bundle >/dev/null
run b --db p.db bundle import r3.bundle
expect_eq "the province imports the twice-restored office's bundle" "$rc" 0
b --db p.db bundle export --to 18.71 -o p3.bundle >/dev/null
run b --db r3.db bundle import p3.bundle
expect_eq "and it imports the reply" "$rc" 0
expect_eq "no lost op: it holds every op of the office the province has" "$(opset r3.db)" "$(opset p.db)"
expect_eq "no duplicate record: registries equal" \
	"$(b --db r3.db export-csv umkm | cksum)" "$(b --db p.db export-csv umkm | cksum)"
checked r3.db "after restore and sync"
