#!/bin/sh
# tests/cli/same_rank.sh - two outcomes of one rank (issue 20): two province
# laptops (the second a restored backup) take one verified application to
# disetujui and ditolak without seeing each other. On every office the first in
# clock order holds meanwhile, with the fields it implies (no refusal reason on
# an approval, no approved amount on a refusal), the pair is listed as a rule
# conflict (not as an ordinary status conflict) and the application stays off
# the bank list; a resolve at the province settles it everywhere. A stale move
# back (a district's late verification) shows as no status conflict either.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/offices.lib"
cd "$T_TMP" || exit 1

offices 18.71
r1=$(umkm 1)
n1=$(sql 18.db "SELECT nama_usaha FROM umkm WHERE reg_no = '$r1'")
csv apps.csv "penerima,jumlah_diajukan,bank,nomor_rekening,nama_rekening" \
	"$r1,1000000,BRI,1111111111,$n1"
b --db 18.71.db import-csv stimulus apps.csv >/dev/null
send 18.71 18
csv ver.csv "penerima,nama_usaha,jumlah_diajukan,status,tanggal_verifikasi,kelayakan" \
	"$r1,$n1,1000000,diverifikasi,01/06/2020,\"1,2,3,4,5\""
run b --db 18.db import-csv stimulus ver.csv
expect_match "the province verifies S1" "$out" '1 updated'
b --db 18.db backup -o 18-bk.db >/dev/null
b --db 18b.db restore 18-bk.db >/dev/null 2>&1
expect_eq "a second province laptop (a restored backup)" \
	"$(sql 18b.db "SELECT status FROM stimulus")" diverifikasi

csv yes.csv "penerima,nama_usaha,jumlah_diajukan,status,jumlah_disetujui,tanggal_keputusan" \
	"$r1,$n1,1000000,disetujui,1000000,02/06/2020"
csv no.csv "penerima,nama_usaha,jumlah_diajukan,status,alasan_tolak,tanggal_keputusan" \
	"$r1,$n1,1000000,ditolak,Sudah menerima BPUM,02/06/2020"
run b --db 18.db import-csv stimulus yes.csv
expect_match "the first laptop approves S1" "$out" '1 updated'
run b --db 18b.db import-csv stimulus no.csv
expect_match "the second, later, refuses it" "$out" '1 updated'
# The district hears both; the province hears the second laptop through it.
send 18b 18.71
send 18 18.71
send 18.71 18
for d in 18 18.71; do
	expect_eq "office $d: the approval (first in clock order) holds, with its amount, no refusal reason" \
		"$(sql $d.db "SELECT status || '/' || coalesce(jumlah_disetujui, '-') || '/' || coalesce(alasan_tolak, '-') FROM stimulus")" \
		"disetujui/1000000/-"
	run b --db $d.db conflicts
	expect_match "office $d: the pair is a rule conflict" "$out" \
		'^same-rank: disetujui \(office 18\) and ditolak \(office 18\) at once; disetujui holds'
	expect_no_match "office $d: ... not an ordinary status conflict" "$out" '^stimulus .* status$'
	run b --db $d.db export-csv stimulus --nominatif
	expect_no_match "office $d: S1 is off the bank list meanwhile" "$out" 1111111111
done
expect_eq "both offices list the same rule conflicts" \
	"$(b --db 18.db conflicts | grep -A3 same-rank)" "$(b --db 18.71.db conflicts | grep -A3 same-rank)"

s1=$(sql 18.db "SELECT reg_no FROM stimulus")
run b --db 18.71.db conflicts resolve stimulus "$s1" status disetujui
expect_eq "the district cannot settle it" "$rc" 1
run b --db 18.db conflicts resolve stimulus "$s1" status disetujui
expect_eq "the province keeps the approval" "$rc" 0
send 18 18.71
for d in 18 18.71; do
	run b --db $d.db conflicts
	expect_no_match "office $d: settled" "$out" 'same-rank'
	run b --db $d.db export-csv stimulus --nominatif
	expect_match "office $d: S1 back on the bank list" "$out" 1111111111
done

# A stale move back: the district verifies S1 late (it had not seen the decision).
b --db 18.71.db bundle export --to 18 -o stale.bundle >/dev/null
csv s2.csv "penerima,jumlah_diajukan" "$(umkm 2),500000"
b --db 18.71.db import-csv stimulus s2.csv >/dev/null
send 18.71 18
s2=$(sql 18.db "SELECT reg_no FROM stimulus WHERE reg_no <> '$s1'")
n2=$(sql 18.db "SELECT nama_usaha FROM stimulus WHERE reg_no = '$s2'")
csv v2.csv "penerima,nama_usaha,jumlah_diajukan,status,tanggal_verifikasi,kelayakan" \
	"$(umkm 2),$n2,500000,diverifikasi,01/06/2020,\"1,2,3,4,5\""
csv d2.csv "penerima,nama_usaha,jumlah_diajukan,status,jumlah_disetujui,tanggal_keputusan" \
	"$(umkm 2),$n2,500000,disetujui,500000,02/06/2020"
b --db 18.db import-csv stimulus v2.csv >/dev/null
b --db 18.db import-csv stimulus d2.csv >/dev/null
b --db 18.71.db import-csv stimulus v2.csv >/dev/null
send 18 18.71
send 18.71 18
for d in 18 18.71; do
	expect_eq "office $d: S2 stays approved" \
		"$(sql $d.db "SELECT status FROM stimulus WHERE reg_no = '$s2'")" disetujui
	run b --db $d.db conflicts
	expect_no_match "office $d: the skipped late verification is no status conflict" "$out" \
		'^stimulus .* status$'
done
