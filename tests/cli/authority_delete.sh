#!/bin/sh
# tests/cli/authority_delete.sh - authority by deletion (issue 20): a district
# deletes an application the province approved. Its own build refuses (only
# the province deletes a decided application); an adversary's build (without
# the rules) writes the delete and sends it: the province refuses that change on
# arrival and lists it, and the approval stays on the bank list and in the totals.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/offices.lib"
cd "$T_TMP" || exit 1

offices 18.71
r1=$(umkm 1)
n1=$(sql 18.db "SELECT nama_usaha FROM umkm WHERE reg_no = '$r1'")
csv apps.csv "penerima,jumlah_diajukan,bank,nomor_rekening,nama_rekening" \
	"$r1,1000000,BRI,1111111111,$n1"
b --db 18.71.db import-csv stimulus apps.csv >/dev/null 2>&1
send 18.71 18
csv ver.csv "penerima,nama_usaha,jumlah_diajukan,status,tanggal_verifikasi,kelayakan" \
	"$r1,$n1,1000000,diverifikasi,01/06/2020,\"1,2,3,4,5\""
csv dec.csv "penerima,nama_usaha,jumlah_diajukan,status,jumlah_disetujui,tanggal_keputusan" \
	"$r1,$n1,1000000,disetujui,1000000,02/06/2020"
b --db 18.db import-csv stimulus ver.csv >/dev/null 2>&1
b --db 18.db import-csv stimulus dec.csv >/dev/null 2>&1
send 18 18.71
s1=$(sql 18.db "SELECT reg_no FROM stimulus")
expect_eq "S1 approved at the district" "$(sql 18.71.db "SELECT status FROM stimulus")" disetujui

run b --db 18.71.db delete stimulus "$s1" --reason "salah input"
expect_eq "the district's delete of the approved application is refused" "$rc" 1
expect_match "... saying the province deletes decided ones" "$err" 'only the province office deletes'
BANTU_TEST_NO_RULES=1 run b --db 18.71.db delete stimulus "$s1" --reason "salah input"
expect_eq "an adversary's build writes the delete" "$rc" 0
send 18.71 18
expect_match "the province refuses the delete on arrival" "$out" \
	'refused stimulus .*only the province office deletes or restores a decided'
run b --db 18.db conflicts
expect_match "... and lists it" "$out" 'refused stimulus'
expect_eq "the approval stays" "$(sql 18.db "SELECT deleted || '/' || status FROM stimulus")" "0/disetujui"
run b --db 18.db export-csv stimulus --nominatif
expect_match "... on the bank list" "$out" '1111111111'
run b --db 18.db summary stimulus --format csv
expect_match "... and in the totals" "$out" '1000000'
