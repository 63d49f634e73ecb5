#!/bin/sh
# tests/cli/state_backwards.sh - a state merges forward (issue 20): the province
# approves an application; the district, not having seen it, verifies it later
# (its clock wins): after the exchange both offices hold it approved, with its
# amount and decision date, on the bank list; the district's stale move is
# skipped, not refused. A deliberate move back (a reopening) is the province's:
# a district's is refused.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/offices.lib"
cd "$T_TMP" || exit 1

offices 18.71
r1=$(umkm 1)
n1=$(sql 18.db "SELECT nama_usaha FROM umkm WHERE reg_no = '$r1'")
csv apps.csv "penerima,jumlah_diajukan" "$r1,1000000"
run b --db 18.71.db import-csv stimulus apps.csv
expect_match "the district proposes S1" "$out" '1 added'
send 18.71 18
csv ver.csv "penerima,nama_usaha,jumlah_diajukan,status,tanggal_verifikasi,kelayakan" \
	"$r1,$n1,1000000,diverifikasi,01/06/2020,\"1,2,3,4,5\""
csv dec.csv "penerima,nama_usaha,jumlah_diajukan,status,jumlah_disetujui,tanggal_keputusan" \
	"$r1,$n1,1000000,disetujui,1000000,02/06/2020"
run b --db 18.db import-csv stimulus ver.csv
expect_match "the province verifies S1" "$out" '1 updated'
run b --db 18.db import-csv stimulus dec.csv
expect_match "the province approves S1" "$out" '1 updated'
run b --db 18.71.db import-csv stimulus ver.csv
expect_match "the district verifies S1 later, not having seen the approval" "$out" '1 updated'
send 18 18.71
send 18.71 18
for d in 18 18.71; do
	expect_eq "office $d: S1 approved, with its amount and decision date" \
		"$(sql $d.db "SELECT status, jumlah_disetujui, tanggal_keputusan FROM stimulus")" \
		"disetujui|1000000|2020-06-02"
	run b --db $d.db export-csv stimulus --nominatif
	expect_match "office $d: S1 on the bank list" "$out" "1000000"
	run b --db $d.db check
	expect_eq "office $d checks clean" "$rc" 0
done
same_tables "both offices hold the same applications" stimulus 18.db 18.71.db
expect_eq "a stale move is skipped, not refused" "$(refused_list 18.db)$(refused_list 18.71.db)" ""

# A deliberate move back by the district (it has seen the approval) is refused
# where it is made, and would be on arrival.
csv back.csv "penerima,nama_usaha,jumlah_diajukan,status,jumlah_disetujui,tanggal_keputusan" \
	"$r1,$n1,1000000,diverifikasi,,"
run b --db 18.71.db import-csv stimulus back.csv
expect_match "a district cannot reopen S1" "$out$err" '1 rejected'
expect_eq "... S1 stays approved" "$(sql 18.71.db "SELECT status FROM stimulus")" disetujui
# The province reopens it: a move of its own that later moves build on.
run b --db 18.db import-csv stimulus back.csv
expect_match "the province reopens S1" "$out" '1 updated'
send 18 18.71
expect_eq "the reopening reaches the district" "$(sql 18.71.db "SELECT status FROM stimulus")" \
	diverifikasi
