#!/bin/sh
# tests/cli/prog4.sh - programs 1, 2 and 5 on the command line: the demo fills them,
# every export (warung, warung --aktif, warung-laporan, produk, produk --tayang,
# pelatihan, peserta) against the database, and `bantu summary warung|produk|pelatihan`
# as text and CSV, for the province and one kabupaten/kota.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1
export BANTU_TODAY=2020-05-20

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
# rows TEXT: CSV data rows (lines after the header; no field here spans lines).
rows() { printf '%s\n' "$1" | sed 1d | grep -c .; }
db=p.db

expect_ok "init" "$BANTU" --db $db init --office 18
expect_ok "demo" "$BANTU" --db $db demo --umkm 300 --koperasi 20 --seed 5
expect_eq "demo: 226 warung points (the default target)" \
	"$(sql $db 'select count(*) from warung')" 226
expect_eq "demo: 12 classes" "$(sql $db 'select count(*) from kelas')" 12
expect_match "demo: a few hundred products" "$(sql $db 'select count(*) from produk')" '^[23][0-9][0-9]$'
expect_match "demo: products in every state" \
	"$(sql $db 'select group_concat(status) from (select distinct status from produk order by status)')" \
	'^diajukan,dikurasi,diturunkan,tayang$'
run "$BANTU" --db $db check
expect_eq "check after the demo" "$rc" 0

# ---- exports ----
run "$BANTU" --db $db export-csv warung
expect_eq "export-csv warung exits 0" "$rc" 0
expect_eq "export-csv warung: one row per point" "$(rows "$out")" 226
expect_match "export-csv warung: header" "$(printf '%s\n' "$out" | head -1)" \
	'^nama,operator,nama_operator,alamat,kabupaten_kota,.*,status,alasan_nonaktif,reg_no$'
expect_match "export-csv warung: the operator as its registration no." \
	"$(printf '%s\n' "$out" | sed -n 2p)" ',18-[UK]-[0-9]{6},'

active=$(sql $db "select count(*) from warung where status = 'aktif' and deleted = 0")
run "$BANTU" --db $db export-csv warung --aktif
expect_eq "export-csv warung --aktif exits 0" "$rc" 0
expect_eq "warung --aktif: the public directory's columns" "$(printf '%s\n' "$out" | head -1)" \
	'kabupaten_kota,kecamatan,nama,alamat,jualan,pengiriman,jam_buka,whatsapp,kecamatan_layanan,reg_no'
expect_eq "warung --aktif: active points only" "$(rows "$out")" "$active"
expect_match "warung --aktif: fewer than all (some are inactive)" "$active" '^(1[0-9][0-9]|2[01][0-9]|22[0-5])$'
expect_eq "warung --aktif: every row has a WhatsApp number" \
	"$(printf '%s\n' "$out" | sed 1d | grep -c ',+628[0-9]*,')" "$active"
expect_match "warung --aktif: kabupaten/kota by name" "$(printf '%s\n' "$out" | sed -n 2p)" \
	'^Kabupaten Lampung Selatan,'
expect_match "warung --aktif: what it sells, readable" "$out" '"[a-z ]+,[a-z ,]+"'
first_kabs=$(printf '%s\n' "$out" | sed 1d | cut -d, -f1 | uniq | wc -l | tr -d ' ')
expect_eq "warung --aktif: grouped by kabupaten/kota (15 groups)" "$first_kabs" 15

run "$BANTU" --db $db export-csv warung-laporan
expect_eq "export-csv warung-laporan exits 0" "$rc" 0
expect_eq "warung-laporan: one row per report" "$(rows "$out")" \
	"$(sql $db 'select count(*) from warung_laporan')"
expect_match "warung-laporan: the point by its registration no., the week as a date" \
	"$(printf '%s\n' "$out" | sed -n 2p)" '^18-W-[0-9]{6},.*,[0-9]{2}/[0-9]{2}/2020,'

run "$BANTU" --db $db export-csv produk
expect_eq "export-csv produk: every product" "$(rows "$out")" "$(sql $db 'select count(*) from produk')"
run "$BANTU" --db $db export-csv produk --tayang -o katalog.csv
expect_eq "produk --tayang -o exits 0" "$rc" 0
live=$(sql $db "select count(*) from produk where status = 'tayang'")
expect_eq "produk --tayang: live products only" "$(rows "$(cat katalog.csv)")" "$live"
expect_match "produk --tayang: the catalogue's columns" "$(head -1 katalog.csv)" \
	'^reg_no,nama,kategori,deskripsi,harga,satuan,nama_usaha,kabupaten_kota,tanggal_tayang,link_website,.*,reg_no_umkm$'
expect_eq "produk --tayang: every row has its live date and Dinas link" \
	"$(sed 1d katalog.csv | grep -c ',[0-9][0-9]/[0-9][0-9]/2020,https://umkm')" "$live"

run "$BANTU" --db $db export-csv pelatihan
expect_eq "export-csv pelatihan: the 12 classes" "$(rows "$out")" 12
run "$BANTU" --db $db export-csv peserta
expect_eq "export-csv peserta: every participant" "$(rows "$out")" "$(sql $db 'select count(*) from peserta')"
expect_match "peserta: the class and business by registration no., with the phone" \
	"$(printf '%s\n' "$out" | sed -n 2p)" '^18-T-[0-9]{6},[^,]*,18-U-[0-9]{6},[^,]*,\+628'

run "$BANTU" --db $db export-csv warung --tayang
expect_eq "a variant of another entity: exit 2" "$rc" 2
expect_match "... named" "$err" 'warung.*--tayang'
run "$BANTU" --db $db export-csv produk --aktif
expect_eq "produk --aktif: exit 2" "$rc" 2

# ---- summaries ----
run "$BANTU" --db $db summary warung
expect_eq "summary warung exits 0" "$rc" 0
expect_match "summary warung: the target table" "$out" 'Titik warung dibanding target'
expect_match "summary warung: total target 226 and the active points" "$out" \
	"^Jumlah +226 +$active "
run "$BANTU" --db $db summary warung --format csv
expect_match "summary warung --format csv: a header row" "$out" '^Kabupaten/kota,Target,Aktif,Nonaktif,Aktif/target$'
weeks=$(sql $db 'select count(distinct minggu) from warung_laporan')
expect_eq "summary warung csv: one row per week and a total" \
	"$(printf '%s\n' "$out" | grep -c '^[0-9][0-9]/[0-9][0-9]/2020,')" "$weeks"
orders=$(sql $db 'select sum(pesanan) from warung_laporan')
expect_match "summary warung csv: orders per week add up" "$out" "^Jumlah,[0-9]+,$orders,"
run "$BANTU" --db $db summary warung --kabupaten "kota metro" --format csv
metro=$(sql $db "select count(*) from warung where status = 'aktif' and kabupaten_kota = '18.72'")
expect_match "summary warung --kabupaten: that kabupaten/kota's row" "$out" "^Kota Metro,15,$metro,"
expect_no_match "summary warung --kabupaten: no other kabupaten/kota" "$out" 'Lampung Selatan'

run "$BANTU" --db $db summary produk --format csv
expect_eq "summary produk exits 0" "$rc" 0
counts=$(sql $db "select sum(status='diajukan'), sum(status='dikurasi'), sum(status='tayang'), sum(status='diturunkan') from produk" | tr '|' ',')
businesses=$(sql $db "select count(distinct umkm) from produk where status = 'tayang'")
expect_match "summary produk: per state, and businesses with a live product" "$out" \
	"^Jumlah,$counts,$businesses\$"
expect_match "summary produk: per category" "$out" '^makanan,'

run "$BANTU" --db $db summary pelatihan --format csv
expect_eq "summary pelatihan exits 0" "$rc" 0
p=$(sql $db 'select count(*) from peserta')
h=$(sql $db "select count(*) from peserta where kehadiran = 'hadir'")
c=$(sql $db 'select count(*) from peserta where nomor_sertifikat is not null')
expect_match "summary pelatihan: participants, present, certificates" "$out" "^Jumlah,$p,$h,[0-9.]+,$c,[0-9.]+$"
expect_match "summary pelatihan: classes per topic" "$out" '^pemasaran digital,[0-9]+,[0-9]+$'
run "$BANTU" --lang en --db $db summary pelatihan
expect_match "summary in English with --lang en" "$out" 'Participants per regency/city'
run "$BANTU" --db $db summary nothing
expect_eq "summary of an unknown program: exit 2" "$rc" 2
expect_match "... listing the programs" "$err" 'warung, produk, stimulus, apd, pelatihan, prakerja, restrukturisasi'
