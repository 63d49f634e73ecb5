#!/bin/sh
# tests/cli/prog6.sh - programs 4 and 7 on the command line: APD orders, deliveries
# and distributions imported from CSV with their rules (over the open quantity,
# over the stock: refused, nothing written), the exports apd-pesanan (with the
# order's state and amounts computed), apd-penerimaan, apd-penyaluran,
# apd-pembayaran and restrukturisasi, and both summaries as text and CSV.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1
export BANTU_TODAY=2020-06-20
db=$T_TMP/p.db
B() { "$BANTU" --db "$db" "$@"; }

expect_ok "init" B init --office 18
cat >u.csv <<'EOF'
nama_usaha,nama_pemilik,nik,kabupaten_kota
Konveksi Sari,Sari,1871016505900001,Kota Bandar Lampung
EOF
expect_ok "a producer" B import-csv umkm u.csv
reg_u=$(sql "$db" "SELECT reg_no FROM umkm")

# ---- an order, a partial delivery, a distribution ----
cat >o.csv <<EOF
produsen,barang,jumlah,harga_satuan,tanggal_pesan,tanggal_jatuh_tempo
$reg_u,masker kain,100,5000,01/06/2020,30/06/2020
$reg_u,masker kain,0,5000,01/06/2020,30/06/2020
EOF
expect_status "an order of zero is refused (the other imported)" 1 B import-csv apd-pesanan o.csv
expect_eq "one order" "$(sql "$db" "SELECT count(*) FROM apd_pesanan")" 1
reg_a=$(sql "$db" "SELECT reg_no FROM apd_pesanan")
expect_eq "the order names its producer's kabupaten/kota" \
	"$(sql "$db" "SELECT nama_produsen || '/' || kabupaten_kota FROM apd_pesanan")" "Konveksi Sari/18.71"

cat >g.csv <<EOF
pesanan,tanggal,jumlah_diterima,jumlah_ditolak
$reg_a,10/06/2020,60,5
EOF
expect_ok "a partial delivery" B import-csv apd-penerimaan g.csv
cat >g2.csv <<EOF
pesanan,tanggal,jumlah_diterima,jumlah_ditolak
$reg_a,12/06/2020,50,0
EOF
out=$(B import-csv apd-penerimaan g2.csv 2>&1)
expect_match "a delivery above what is open is refused" "$out" "45"
expect_eq "... and nothing written" "$(sql "$db" "SELECT count(*) FROM apd_penerimaan")" 1

cat >d.csv <<'EOF'
tempat,tanggal,barang,jumlah,kelompok,kabupaten_kota
Pasar Tugu,15/06/2020,masker kain,56,pedagang pasar,Kota Bandar Lampung
EOF
out=$(B import-csv apd-penyaluran d.csv 2>&1)
expect_match "a distribution above the stock is refused" "$out" "masker kain.*55"
cat >d.csv <<'EOF'
tempat,tanggal,barang,jumlah,kelompok,kabupaten_kota
Pasar Tugu,15/06/2020,masker kain,50,pedagang pasar,Kota Bandar Lampung
Puskesmas Kedaton,15/06/2020,paket,1,tenaga kesehatan,Kota Bandar Lampung
EOF
out=$(B import-csv apd-penyaluran d.csv 2>&1)
expect_match "a package without its other items is refused" "$out" "face shield"
expect_eq "the distribution within the stock is kept" \
	"$(sql "$db" "SELECT group_concat(jumlah) FROM apd_penyaluran")" 50

# ---- exports ----
out=$(B export-csv apd-pesanan)
expect_match "apd-pesanan: header" "$out" "^produsen,nama_produsen,kabupaten_kota,barang,jumlah,harga_satuan,"
expect_match "apd-pesanan: the state, accepted and owed are computed" "$out" \
	"^$reg_u,Konveksi Sari,18.71,masker kain,100,5000,01/06/2020,30/06/2020,sebagian diterima,55,5,275000,0,"
out=$(BANTU_TODAY=2020-07-01 B export-csv apd-pesanan)
expect_match "apd-pesanan: past due and not complete is late" "$out" ",terlambat,"
out=$(B export-csv apd-penerimaan)
expect_match "apd-penerimaan: the order by its registration no." "$out" "^$reg_a,Konveksi Sari,$reg_u,18.71,masker kain,10/06/2020,60,5,18,"
out=$(B export-csv apd-penyaluran)
expect_match "apd-penyaluran" "$out" "^Pasar Tugu,15/06/2020,masker kain,50,pedagang pasar,18.71,,18,"
cat >y.csv <<EOF
pesanan,tanggal,jumlah
$reg_a,16/06/2020,300000
EOF
out=$(B import-csv apd-pembayaran y.csv 2>&1)
expect_match "a payment above what is owed is refused" "$out" "Rp275.000"
sed -i 's/300000/275000/' y.csv
expect_ok "a payment of what is owed" B import-csv apd-pembayaran y.csv
expect_match "apd-pembayaran" "$(B export-csv apd-pembayaran)" "^$reg_a,Konveksi Sari,$reg_u,18.71,16/06/2020,275000,"

# ---- restructuring ----
cat >r.csv <<EOF
debitur,jenis_kreditur,nama_kreditur,fasilitas,plafon_awal,baki_debet,kolektibilitas,penundaan_bulan,tanggal_surat,nomor_surat,keputusan,tanggal_keputusan
$reg_u,bpr,BPR Tanjung,kur,50000000,30000000,lancar,6,01/06/2020,500/1/2020,disetujui seluruhnya,10/06/2020
$reg_u,bpr,BPR Tanjung,kur,50000000,60000000,lancar,6,,,,
$reg_u,bank umum,Bank Lampung,kur,50000000,20000000,lancar,14,,,,
$reg_u,bank umum,Bank Lampung,kur,50000000,20000000,lancar,3,10/06/2020,500/2/2020,ditolak,01/06/2020
EOF
out=$(B import-csv restrukturisasi r.csv 2>&1)
expect_match "outstanding above original refused" "$out" "r.csv:3:.*plafon awal"
expect_match "a holiday of 14 months refused" "$out" "r.csv:4:.*1 sampai 12"
expect_match "a decision before the letter refused" "$out" "r.csv:5:.*sebelum surat"
expect_eq "one case kept" "$(sql "$db" "SELECT count(*) FROM restrukturisasi")" 1
out=$(B export-csv restrukturisasi)
expect_match "restrukturisasi export" "$out" "^$reg_u,Konveksi Sari,18.71,bpr,BPR Tanjung,kur,50000000,30000000,"

# ---- summaries ----
out=$(B summary apd)
expect_match "apd summary: per item ordered, received, rejected, distributed, stock" "$out" \
	"masker kain +lembar +100 +60 +5 +50 +5"
expect_match "apd summary: per recipient group" "$out" "pedagang pasar +1 +50 +0"
expect_match "apd summary: packages against the target" "$out" "10.000 +0 +0,0%"
out=$(B summary apd --format csv --kabupaten 18.71)
expect_match "apd summary as CSV, one kabupaten" "$out" "^Kota Bandar Lampung,1,50,0"
expect_no_match "apd summary: only that kabupaten" "$out" "^Kota Metro"
out=$(BANTU_TODAY=2020-07-01 B summary apd)
expect_match "apd summary: late orders" "$out" "$reg_a +Konveksi Sari +masker kain +100 +55 +30/06/2020"
out=$(B summary restrukturisasi --format csv)
expect_match "restructuring per kabupaten/kota" "$out" "^Kota Bandar Lampung,1,30000000,1,30000000,1,1,30000000"
expect_match "restructuring per lender type" "$out" "^BPR,1,30000000,1,30000000,1,1,30000000"

# ---- the demo fills both ----
demo=$T_TMP/demo.db
expect_ok "init a demo database" "$BANTU" --db "$demo" init --office 18
expect_ok "demo" "$BANTU" --db "$demo" demo
for t in apd_pesanan apd_penerimaan apd_penyaluran restrukturisasi; do
	n=$(sql "$demo" "SELECT count(*) FROM $t")
	if [ "$n" -gt 5 ]; then t_ok "demo fills $t ($n)"; else t_fail "demo fills $t" "$n records"; fi
done
expect_ok "the demo database checks" "$BANTU" --db "$demo" check
