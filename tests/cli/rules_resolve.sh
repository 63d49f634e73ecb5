#!/bin/sh
# tests/cli/rules_resolve.sh - `conflicts resolve` goes through the same rules
# as a save (issue 20): state moves, authority, what each state needs. After a
# concurrent change of an application's status (the province verifies and
# approves while the district verifies), a district resolving the status to
# paid out or back to verified is refused, and so is the province paying
# without the payment; resolving to the value shown is allowed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/offices.lib"
cd "$T_TMP" || exit 1

offices 18.71
r1=$(umkm 1)
n1=$(sql 18.db "SELECT nama_usaha FROM umkm WHERE reg_no = '$r1'")
csv apps.csv "penerima,jumlah_diajukan" "$r1,1000000"
run b --db 18.71.db import-csv stimulus apps.csv
send 18.71 18
s1=$(sql 18.db "SELECT reg_no FROM stimulus")
csv ver.csv "penerima,nama_usaha,jumlah_diajukan,status,tanggal_verifikasi,kelayakan" \
	"$r1,$n1,1000000,diverifikasi,01/06/2020,\"1,2,3,4,5\""
csv dec.csv "penerima,nama_usaha,jumlah_diajukan,status,jumlah_disetujui,tanggal_keputusan" \
	"$r1,$n1,1000000,disetujui,1000000,02/06/2020"
b --db 18.db import-csv stimulus ver.csv >/dev/null 2>&1
b --db 18.db import-csv stimulus dec.csv >/dev/null 2>&1
b --db 18.71.db import-csv stimulus ver.csv >/dev/null 2>&1
send 18 18.71
send 18.71 18
run b --db 18.71.db conflicts
# The district's late verification was skipped (a state merges forward): no
# ordinary status conflict is shown; its two heads can still be resolved.
expect_no_match "the skipped stale state is no status conflict" "$out" "^stimulus .* status$"

before=$(sql 18.71.db "SELECT count(*) FROM op")
run b --db 18.71.db conflicts resolve stimulus "$s1" status dicairkan
expect_eq "a district resolving the status to paid out is refused" "$rc" 1
expect_match "... by the rules (the province pays; a payment needs its fields)" "$err" \
	'province|payment|paid'
run b --db 18.71.db conflicts resolve stimulus "$s1" status diverifikasi
expect_eq "a district resolving it back to verified (a reopening) is refused" "$rc" 1
expect_eq "... nothing written" "$(sql 18.71.db "SELECT count(*) FROM op")" "$before"
expect_eq "... the application stays approved" \
	"$(sql 18.71.db "SELECT status FROM stimulus")" disetujui
run b --db 18.db conflicts resolve stimulus "$s1" status dicairkan
expect_eq "the province paying through a resolution, without the payment, is refused" "$rc" 1
expect_match "... by what a payment needs" "$err" 'paid out|Amount paid|Payment'
run b --db 18.db conflicts resolve stimulus "$s1" status disetujui
expect_eq "the province keeps the approval: resolved" "$rc" 0
send 18 18.71
run b --db 18.71.db conflicts
expect_no_match "the conflict is gone at the district too" "$out" "status$"
