#!/bin/sh
# tests/cli/segregation.sh - segregation of duties (issue 19, Money): an officer
# may not approve or pay an application, record a restructuring decision or pay
# an APD order whose basis (payment details; the loan's figures; the order and
# its deliveries) they changed since its last decision. The rule is part of the
# program rules: refused where it is made (bantu set, import) and, from a build
# without the rules, on arrival, with the reason. Another officer may.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/offices.lib"
cd "$T_TMP" || exit 1

offices 18.71
r1=$(umkm 1)
n1=$(sql 18.db "SELECT nama_usaha FROM umkm WHERE reg_no = '$r1'")
csv apps.csv "penerima,jumlah_diajukan,bank,nomor_rekening,nama_rekening" \
	"$r1,1000000,BRI,1111111111,$n1"
run b --db 18.71.db import-csv stimulus apps.csv
expect_match "the district proposes S1" "$out" '1 added'

# ---- restructuring at the district: the officer who changed the figures ----
csv r.csv "debitur,jenis_kreditur,nama_kreditur,fasilitas,plafon_awal,baki_debet,kolektibilitas,penundaan_bulan,tanggal_surat,nomor_surat" \
	"$r1,bpr,BPR Tanjung,kur,50000000,30000000,lancar,6,01/06/2020,500/1/2020"
run b --db 18.71.db --officer dodi import-csv restrukturisasi r.csv
expect_match "dodi records a restructuring case" "$out" '1 added'
case=$(sql 18.71.db "SELECT reg_no FROM restrukturisasi")
run b --db 18.71.db --officer dodi set restrukturisasi "$case" baki_debet=25000000
expect_eq "dodi changes its outstanding principal" "$rc" 0
decide="keputusan=disetujui seluruhnya"
run b --db 18.71.db --officer dodi set restrukturisasi "$case" "$decide" tanggal_keputusan=10/06/2020
expect_eq "dodi's decision on it is refused" "$rc" 1
expect_match "... saying why" "$err" 'dodi changed what this decision rests on since the last decision; another officer decides'
expect_eq "... nothing saved" "$(sql 18.71.db "SELECT coalesce(keputusan, '-') FROM restrukturisasi")" -
BANTU_TEST_NO_RULES=1 run b --db 18.71.db --officer dodi set restrukturisasi "$case" "$decide" \
	tanggal_keputusan=10/06/2020
expect_eq "an adversary's build saves it" "$rc" 0
send 18.71 18
expect_match "the province refuses dodi's decision on arrival, with the reason" "$out" \
	'refused restrukturisasi .*dodi changed what this decision rests on'
expect_eq "... the case undecided at the province, its new figure kept" \
	"$(sql 18.db "SELECT coalesce(keputusan, '-') || '/' || baki_debet FROM restrukturisasi")" "-/25000000"

# ---- accounts at the province: ani and budi decide ----
for who in boss:4001 ani:4002 budi:4003; do printf '%s\n' "${who#*:}" >"${who%%:*}.pin"; done
b --db 18.db officer add boss --role admin <boss.pin >/dev/null || t_fail "add boss"
for who in ani budi; do
	b --db 18.db --officer boss --pin-file boss.pin officer add $who --role admin <$who.pin \
		>/dev/null || t_fail "add $who"
done
as() { who=$1; shift; run b --db 18.db --officer "$who" --pin-file "$who.pin" "$@"; }
s1=$(sql 18.db "SELECT reg_no FROM stimulus")
as ani set stimulus "$s1" status=diverifikasi tanggal_verifikasi=01/06/2020 kelayakan=1,2,3,4,5
expect_eq "ani verifies S1" "$rc" 0
as ani set stimulus "$s1" nomor_rekening=9999999999 nama_rekening=Penipu
expect_eq "ani changes its account" "$rc" 0
approve="status=disetujui"
as ani set stimulus "$s1" $approve jumlah_disetujui=1000000 tanggal_keputusan=02/06/2020
expect_eq "ani's approval is refused" "$rc" 1
expect_match "... with a clear message" "$err" \
	'ani changed what this decision rests on since the last decision; another officer decides or pays it'
csv dec.csv "penerima,nama_usaha,jumlah_diajukan,status,jumlah_disetujui,tanggal_keputusan" \
	"$r1,$n1,1000000,disetujui,1000000,02/06/2020"
as ani import-csv stimulus dec.csv
expect_match "... also by import" "$out$err" '1 rejected'
expect_eq "... S1 still verified" "$(sql 18.db "SELECT status FROM stimulus")" diverifikasi
as budi set stimulus "$s1" $approve jumlah_disetujui=1000000 tanggal_keputusan=02/06/2020
expect_eq "budi's approval works" "$rc" 0
as ani set stimulus "$s1" status=dicairkan cara_bayar=transfer jumlah_dibayar=1000000 \
	tanggal_cair=03/06/2020 referensi_bayar=TRF-1
expect_eq "ani may pay: her change came before the last decision" "$rc" 0

# ---- APD: the officer who changed a delivery does not pay the order ----
csv o.csv "produsen,barang,jumlah,harga_satuan,tanggal_pesan,tanggal_jatuh_tempo" \
	"$r1,masker kain,100,5000,01/06/2020,30/06/2020"
as ani import-csv apd-pesanan o.csv
order=$(sql 18.db "SELECT reg_no FROM apd_pesanan")
csv g.csv "pesanan,tanggal,jumlah_diterima" "$order,10/06/2020,60"
as ani import-csv apd-penerimaan g.csv
expect_match "ani records a delivery of 60" "$out" '1 added'
as ani set apd-penerimaan "$(sql 18.db "SELECT reg_no FROM apd_penerimaan")" jumlah_diterima=50
expect_eq "ani changes it to 50" "$rc" 0
csv p.csv "pesanan,tanggal,jumlah" "$order,11/06/2020,250000"
as ani import-csv apd-pembayaran p.csv
expect_match "ani's payment of the order is refused" "$out$err" '1 rejected'
expect_match "... saying why" "$out$err" 'ani changed the order or its deliveries this payment rests on'
as budi import-csv apd-pembayaran p.csv
expect_match "budi's payment works" "$out" '1 added'
as boss check
expect_eq "the province checks clean" "$rc" 0
