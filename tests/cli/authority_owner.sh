#!/bin/sh
# tests/cli/authority_owner.sh - only the office that owns an order records its
# deliveries and payments (issue 20). A district running a build without the
# rules (an adversary's: BANTU_TEST_NO_RULES) records a delivery and a payment
# on the province's order; the province accepts the bundle (it can be
# trusted), refuses those two changes with their reason, keeps them in the log,
# leaves its tables as if they had not been made, and still applies the
# district's later changes. Another district, sent them by the province,
# derives the same refusals.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/offices.lib"
cd "$T_TMP" || exit 1

offices 18.71 18.72
r1=$(umkm 1)
csv o.csv "produsen,barang,jumlah,harga_satuan,tanggal_pesan,tanggal_jatuh_tempo" \
	"$r1,masker kain,100,5000,01/06/2020,30/06/2020"
run b --db 18.db import-csv apd-pesanan o.csv
expect_match "the province orders 100" "$out" '1 added'
order=$(sql 18.db "SELECT reg_no FROM apd_pesanan")
send 18 18.71
csv g.csv "pesanan,tanggal,jumlah_diterima" "$order,10/06/2020,60"
csv p.csv "pesanan,tanggal,jumlah" "$order,11/06/2020,300000"
run b --db 18.71.db import-csv apd-penerimaan g.csv
expect_match "a district's own build refuses a delivery on the province's order" "$out$err" \
	'1 rejected'
export BANTU_TEST_NO_RULES=1
run b --db 18.71.db import-csv apd-penerimaan g.csv
expect_match "the adversary's build records it" "$out" '1 added'
run b --db 18.71.db import-csv apd-pembayaran p.csv
expect_match "... and a payment" "$out" '1 added'
unset BANTU_TEST_NO_RULES
csv u.csv "nama_usaha,nama_pemilik,nik,kabupaten_kota" \
	"Konveksi Sari,Sari,1871016505900001,Kota Bandar Lampung"
run b --db 18.71.db import-csv umkm u.csv
expect_match "then the district registers a business" "$out" '1 added'

send 18.71 18
expect_match "the province imports the bundle, two changes refused" "$out" ' 2 refused'
expect_match "... each listed with its reason" "$out" \
	'refused apd_penerimaan .*office 18\.71 may not record .* on an order of office 18'
expect_eq "no delivery at the province" "$(sql 18.db "SELECT count(*) FROM apd_penerimaan")" 0
expect_eq "no payment at the province" "$(sql 18.db "SELECT count(*) FROM apd_bayar")" 0
expect_eq "both kept in the log" \
	"$(sql 18.db "SELECT count(*) FROM op WHERE entity IN ('apd_penerimaan', 'apd_bayar')")" 2
expect_eq "the district's later business arrives" \
	"$(sql 18.db "SELECT count(*) FROM umkm WHERE nama_usaha = 'Konveksi Sari'")" 1
run b --db 18.db check
expect_eq "check passes (refusals are counted, not failed)" "$rc" 0
expect_match "... and counts them" "$err" '2 changes refused'
run b --db 18.db conflicts
expect_match "conflicts lists them" "$out" 'refused apd_bayar'

send 18 18.72
expect_eq "another district, sent them by the province, derives the same refusals" \
	"$(refused_list 18.72.db)" "$(refused_list 18.db)"
expect_eq "... and its tables are as if they had not been made" \
	"$(sql 18.72.db "SELECT count(*) FROM apd_penerimaan") $(sql 18.72.db "SELECT count(*) FROM apd_bayar")" "0 0"
same_tables "... the same orders as the province" apd_pesanan 18.db 18.72.db
run b --db 18.72.db check
expect_eq "... and checks clean" "$rc" 0

# A receipt into another office's stock (kantor=18.72) is refused where it is made.
csv k.csv "pesanan,tanggal,jumlah_diterima,kantor" "$order,10/06/2020,60,18.72"
run b --db 18.db import-csv apd-penerimaan k.csv
expect_match "a delivery into another office's stock is refused" "$out$err" '1 rejected'
