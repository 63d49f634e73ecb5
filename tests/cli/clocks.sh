#!/bin/sh
# tests/cli/clocks.sh - no office's clock moves another's. The clock is set with
# BANTU_NOW (seconds since 1970; the sanitizer build refuses faketime): a district
# whose clock says 2099 sends changes stamped 2099: the province refuses them
# by a decision of its own, an op that travels to every office, which refuses
# the same changes whatever its own clock; the district's later changes, its
# clock right again, apply; a province bundle from a clock in 2099 does not move a district's clock
# (its next change is stamped today and listed in today's activity); a district
# whose clock disagrees with the province's signed time warns before edits.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1
unset BANTU_NOW BANTU_TODAY

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
b() { "$BANTU" --lang en "$@"; }
Y2099=4070908800 # 01/01/2099 00:00 UTC
# own_max DB: the year of the newest op this office made itself.
own_year() {
	sql "$1" "SELECT strftime('%Y', max(hlc >> 16) / 1000, 'unixepoch') FROM op
		WHERE origin = (SELECT value FROM meta WHERE key = 'replica')"
}
this_year=$(date -u +%Y)
# own_day DB: the local day of the newest op this office made itself.
own_day() {
	sql "$1" "SELECT date(max(hlc >> 16) / 1000, 'unixepoch', 'localtime') FROM op
		WHERE origin = (SELECT value FROM meta WHERE key = 'replica')"
}

# ---- a province and an approved district ----
# umkm N: N new businesses as CSV (demo refuses a database with real records).
echo 0 >u.count
umkm() {
	U=$(cat u.count)
	printf 'nama_usaha,nama_pemilik,nik,kabupaten_kota\n' >u.csv
	i=0
	while [ "$i" -lt "$1" ]; do
		U=$((U + 1)); i=$((i + 1))
		printf 'Usaha %d,Pemilik %d,18710152059%05d,Kota Bandar Lampung\n' "$U" "$U" "$U" >>u.csv
	done
	echo "$U" >u.count
	echo u.csv
}
b --db p.db init --office 18 >/dev/null 2>&1
b --db p.db keys export -o prov.keys >/dev/null 2>&1
b --db d.db init --office 18.71 --province-key prov.keys >/dev/null 2>&1
b --db d.db bundle export --to 18 -o d0.bundle >/dev/null 2>&1
b --db p.db bundle import d0.bundle >/dev/null 2>&1
dfp=$(b --db d.db keys fingerprint)
b --db p.db office approve 18.71 "$dfp" >/dev/null 2>&1
run b --db p.db bundle import d0.bundle
expect_eq "the district is approved and its first bundle imported" "$rc" 0
b --db p.db import-csv umkm "$(umkm 2)" >/dev/null 2>&1
run b --db p.db bundle export --to 18.71 -o p1.bundle
expect_eq "the province exports (its signed wall time in the manifest)" "$rc" 0
run b --db d.db bundle import p1.bundle
expect_eq "the district imports it" "$rc" 0
expect_no_match "with right clocks no clock warning" "$err" "clock"
expect_eq "the district keeps the province's signed time" \
	"$(sql d.db "SELECT count(*) FROM meta WHERE key = 'province_time' AND value > 0")" 1

# The province as it is now, for the last part (a district started afresh).
sqlite3 p.db ".backup p0.db"
cp p.db.keys p0.db.keys

# ---- a district whose clock says 2099 ----
run env BANTU_NOW=$Y2099 "$BANTU" --lang en --db d.db import-csv umkm "$(umkm 2)"
expect_eq "the district at 2099 edits" "$rc" 0
expect_match "before the edit it warns: its clock disagrees with the province's signed time" \
	"$err" "warning: this computer's clock \\(01/01/2099 [0-9:]+\\) disagrees with the province's"
run env BANTU_NOW=$Y2099 "$BANTU" --lang en --db d.db bundle export --to 18 -o d2099.bundle
expect_eq "the district at 2099 exports" "$rc" 0
pops=$(sql p.db 'SELECT count(*) FROM op')
pumkm=$(sql p.db 'SELECT count(*) FROM umkm')
run b --db p.db bundle import d2099.bundle
expect_eq "the province imports the bundle (it can be trusted)" "$rc" 0
expect_match "... the changes stamped 2099 refused" "$out" " 2 refused"
expect_match "... with the reason" "$out" \
	"change 2 of office 18.71 .*: stamped 01/01/2099 [0-9:]+ UTC, more than 1440 minutes after the province's clock"
expect_eq "... kept in the log (the chain verifies), with the province's decision" \
	"$(sql p.db 'SELECT count(*) FROM op')" "$((pops + 3))"
expect_eq "... and out of the tables" "$(sql p.db 'SELECT count(*) FROM umkm')" "$pumkm"
expect_eq "the decision is an op of the province naming them" \
	"$(sql p.db "SELECT office, fields LIKE '%\"clock\"%' FROM op WHERE entity = '_decision'")" "18|1"
expect_eq "the province's clock moved no further than its own" \
	"$(sql p.db "SELECT (value >> 16) / 1000 <= strftime('%s','now') + 60 FROM meta WHERE key = 'hlc_max'")" 1
b --db p.db import-csv umkm "$(umkm 1)" >/dev/null 2>&1
expect_eq "the province's next change is stamped this year" "$(own_year p.db)" "$this_year"

# The district sets its clock right: its next change is stamped today (the
# province's signed time shows its 2099 clock was wrong) and applies.
run b --db d.db import-csv umkm "$(umkm 1)"
expect_eq "the district, its clock right again, registers a business, stamped this year" \
	"$(sql d.db "SELECT strftime('%Y', (hlc >> 16) / 1000, 'unixepoch') FROM op
		WHERE origin = (SELECT value FROM meta WHERE key = 'replica') ORDER BY seq DESC LIMIT 1")" \
	"$this_year"
run b --db d.db bundle export --to 18 -o d3.bundle
run b --db p.db bundle import d3.bundle
expect_match "the province applies the district's later change, sanely stamped" "$out" \
	"1 changes new, .* 0 refused"
run b --db p.db bundle export --to 18.71 -o p3.bundle
run b --db d.db bundle import p3.bundle
expect_eq "the decision reaches the district: its 2099 changes folded out there too" \
	"$(sql d.db 'SELECT count(*) FROM umkm')" "$(sql p.db 'SELECT count(*) FROM umkm')"
expect_eq "... and listed as refused the same" \
	"$(sql d.db 'SELECT origin, seq, why FROM op_refused ORDER BY origin, seq')" \
	"$(sql p.db 'SELECT origin, seq, why FROM op_refused ORDER BY origin, seq')"
run b --db d.db check
expect_eq "the district checks clean" "$rc" 0

# ---- a province bundle from a clock in 2099 does not move the district's ----
# The drift is a province setting (issue 20): an hour, set before the 2099
# changes, so a district that receives them holds them to it.
b --db p0.db settings set sync.clock_drift_minutes 60 >/dev/null 2>&1 || t_fail "settings set drift"
run env BANTU_NOW=$Y2099 "$BANTU" --lang en --db p0.db import-csv umkm "$(umkm 1)"
run env BANTU_NOW=$Y2099 "$BANTU" --lang en --db p0.db bundle export --to 18.71 -o p2099.bundle
expect_eq "the province at 2099 exports" "$rc" 0
# The district set its clock right and drops its own wrong changes with a fresh
# copy. Its clock: noon tomorrow (after every change the province made at the
# real time, so only the drift the province set, an hour, holds its clock).
noon=$(date -d "$(date -d tomorrow +%F) 12:00" +%s)
bd() { env BANTU_NOW="$noon" "$BANTU" --lang en --db d.db "$@"; }
rm -f d.db d.db-wal d.db-shm
mv d.db.keys d.keys.save
bd init --office 18.71 --province-key prov.keys >/dev/null 2>&1
mv d.keys.save d.db.keys
run bd bundle import p2099.bundle
expect_eq "the district imports the province's bundle (districts take what the province sends)" "$rc" 0
expect_match "and warns that its clock disagrees with the province's signed time" \
	"$err" "warning: this computer's clock .* disagrees with the province's \\(01/01/2099"
expect_eq "the district's clock moved no further than its wall clock plus the drift" \
	"$(sql d.db "SELECT (value >> 16) / 1000 FROM meta WHERE key = 'hlc_max'")" "$((noon + 3600))"
bd import-csv umkm "$(umkm 1)" >/dev/null 2>&1
expect_eq "the district's next change is stamped on its own day" "$(own_day d.db)" "$(date -d "@$noon" +%F)"
run bd activity
expect_match "and listed in today's activity" "$out" "^1[23]:[0-9:]+  18.71  .*umkm 18.71-U-000001"

# ---- the hook ----
export BANTU_NOW=nonsense
b --db x.db init --office 18.72 >/dev/null 2>&1
b --db x.db import-csv umkm "$(umkm 1)" >/dev/null 2>&1
unset BANTU_NOW
expect_eq "a BANTU_NOW that is not a number is ignored: the real clock" "$(own_day x.db)" "$(date +%F)"
echo "1..$T_N"
