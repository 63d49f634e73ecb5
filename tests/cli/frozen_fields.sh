#!/bin/sh
# tests/cli/frozen_fields.sh - what a decision rests on is frozen once decided
# (issue 19, Money): a district's change of an approved application's account
# is refused where it is made and, from a build without the rules, on arrival
# (kept in the log, listed, the account unchanged on every office); at the
# province the same change reopens the decision (back to verification in the
# same save, off the bank list).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/offices.lib"
cd "$T_TMP" || exit 1

offices 18.71
r1=$(umkm 1)
n1=$(sql 18.db "SELECT nama_usaha FROM umkm WHERE reg_no = '$r1'")
csv apps.csv "penerima,jumlah_diajukan,bank,nomor_rekening,nama_rekening" \
	"$r1,1000000,BRI,1111111111,$n1"
run b --db 18.71.db import-csv stimulus apps.csv
send 18.71 18
csv ver.csv "penerima,nama_usaha,jumlah_diajukan,status,tanggal_verifikasi,kelayakan" \
	"$r1,$n1,1000000,diverifikasi,01/06/2020,\"1,2,3,4,5\""
csv dec.csv "penerima,nama_usaha,jumlah_diajukan,status,jumlah_disetujui,tanggal_keputusan" \
	"$r1,$n1,1000000,disetujui,1000000,02/06/2020"
b --db 18.db import-csv stimulus ver.csv >/dev/null 2>&1
b --db 18.db import-csv stimulus dec.csv >/dev/null 2>&1
send 18 18.71
expect_eq "S1 approved at the district" "$(sql 18.71.db "SELECT status FROM stimulus")" disetujui

csv acct.csv "penerima,nama_usaha,jumlah_diajukan,nomor_rekening,nama_rekening" \
	"$r1,$n1,1000000,9999999999,Penipu"
run b --db 18.71.db import-csv stimulus acct.csv
expect_match "a district's import changing the account of an approved application is refused" \
	"$out$err" '1 rejected'
expect_match "... saying it is frozen" "$out$err" 'frozen'
export BANTU_TEST_NO_RULES=1
run b --db 18.71.db import-csv stimulus acct.csv
unset BANTU_TEST_NO_RULES
expect_match "an adversary's build writes it" "$out" '1 updated'
send 18.71 18
expect_match "the province refuses that change on arrival" "$out" \
	'refused stimulus .*may not change what the decision'
expect_eq "... the account is unchanged at the province" \
	"$(sql 18.db "SELECT nomor_rekening || '/' || status FROM stimulus")" "1111111111/disetujui"
run b --db 18.db export-csv stimulus --nominatif
expect_no_match "... and the bank list pays no 9999999999" "$out" 9999999999

# At the province the change reopens the decision.
csv acct2.csv "penerima,nama_usaha,jumlah_diajukan,nomor_rekening" "$r1,$n1,1000000,2222222222"
run b --db 18.db import-csv stimulus acct2.csv
expect_match "the province changes the account" "$out" '1 updated'
expect_eq "... which sends the application back to verification, its decision emptied" \
	"$(sql 18.db "SELECT nomor_rekening || '/' || status || '/' || coalesce(jumlah_disetujui, '-') FROM stimulus")" \
	"2222222222/diverifikasi/-"
run b --db 18.db export-csv stimulus --nominatif
expect_no_match "... off the bank list until decided again" "$out" 2222222222
run b --db 18.db check
expect_eq "the province checks clean" "$rc" 0
