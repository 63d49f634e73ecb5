#!/bin/sh
# tests/cli/csv_import.sh - bantu import-csv / export-csv: delimiters, BOM, CRLF, quoting, header
# variants, regions, money, dates, NIKs, rejected rows and --rejects, --dry-run, re-import,
# Windows-1252 input, duplicate NIKs, broken files, and the export/import round trip.
. "$(dirname "$0")/../lib.sh"
fx=$(cd "$(dirname "$0")/fixtures" && pwd)
cd "$T_TMP" || exit 1
# The summaries are matched in English; core.sh and i18n.sh test the default language.
export BANTU_LANG=en

# run CMD...: runs the command; sets $rc, $out (stdout) and $err (stderr).
run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
# newdb NAME: a fresh database for Kota Bandar Lampung.
newdb() {
	rm -f "$1" "$1-wal" "$1-shm"
	"$BANTU" --db "$1" init --office 18.71 >/dev/null 2>&1 || t_fail "init $1"
}
count() { sql "$1" "SELECT count(*) FROM $2"; }
# field DB NIK COLUMN: one column of the UMKM with that NIK.
field() { sql "$1" "SELECT $3 FROM umkm WHERE nik='$2'"; }

# ---- a good comma file ----
newdb a.db
run "$BANTU" --db a.db import-csv umkm "$fx/umkm_good.csv"
expect_eq "good comma file: exit 0" "$rc" 0
expect_match "good comma file: summary says 3 added" "$out$err" '3 added'
expect_eq "good comma file: 3 UMKM saved" "$(count a.db umkm)" 3
expect_eq "good comma file: 3 ops" "$(count a.db op)" 3
expect_eq "region by name 'Kota Bandar Lampung' stored as 18.71" "$(field a.db 1871015205900001 kabupaten_kota)" 18.71
expect_eq "region by code '18.71' stored as 18.71" "$(field a.db 1871011205900002 kabupaten_kota)" 18.71
expect_eq "region by short name 'bandar lampung' stored as 18.71" "$(field a.db 1871014708850003 kabupaten_kota)" 18.71
expect_eq "kecamatan by name 'Kedaton' stored as 18.71.01" "$(field a.db 1871015205900001 kecamatan)" 18.71.01
expect_eq "kecamatan by name 'Tanjungkarang Pusat' stored as 18.71.06" "$(field a.db 1871011205900002 kecamatan)" 18.71.06
expect_eq "kecamatan by code '18.71.01' stored as 18.71.01" "$(field a.db 1871014708850003 kecamatan)" 18.71.01
expect_eq "money 'Rp 2.500.000' is 2500000" "$(field a.db 1871015205900001 omzet_sebelum)" 2500000
expect_eq "money '1.000.000,00' is 1000000" "$(field a.db 1871015205900001 omzet_sesudah)" 1000000
expect_eq "money '2500000' is 2500000" "$(field a.db 1871011205900002 omzet_sebelum)" 2500000
expect_eq "money '500.000' is 500000" "$(field a.db 1871014708850003 omzet_sesudah)" 500000
expect_eq "date 12/05/2020 is 12 May 2020" "$(field a.db 1871015205900001 tanggal_pendataan)" 2020-05-12
expect_eq "date 1-6-2020 is 1 June 2020" "$(field a.db 1871011205900002 tanggal_pendataan)" 2020-06-01
expect_eq "NIK with spaces '1871 0147 0885 0003' stored as 16 digits" \
	"$(sql a.db "SELECT count(*) FROM umkm WHERE nik='1871014708850003'")" 1
expect_eq "quoted field with an embedded comma" "$(field a.db 1871014708850003 alamat)" "Jl. Pagar Alam 7, Kedaton"
expect_eq "quoted field with doubled quotes and an embedded newline" \
	"$(field a.db 1871014708850003 catatan)" 'kata "Rina": buka lagi
bulan depan'
run "$BANTU" --db a.db check
expect_eq "check after the import exits 0" "$rc" 0

# ---- semicolons, BOM, CRLF, header variants, quoting ----
newdb b.db
printf '\357\273\277No;Nama Usaha;NAMA_PEMILIK;N.I.K.;Kabupaten/Kota;Kecamatan;Omzet Sebelum;Tanggal Pendataan;Catatan\r\n' >semi.csv
printf '1;"Toko; Maju";"Ani ""Si Cepat""";"1871 0152 0590 0001";bandar lampung;18.71.06;"2.500.000,00";12/05/2020;"baris satu\r\nbaris dua"\r\n' >>semi.csv
printf '2;Warung Ibu;Siti;1871.0152.0590.0003;KOTA BANDAR LAMPUNG;kedaton;Rp2.000.000;1-6-2020;\r\n' >>semi.csv
run "$BANTU" --db b.db import-csv umkm semi.csv
expect_eq "semicolon file with BOM and CRLF: exit 0" "$rc" 0
expect_eq "semicolon file: 2 UMKM saved" "$(count b.db umkm)" 2
expect_eq "BOM is not part of the first header ('No' ignored, 'Nama Usaha' read)" \
	"$(field b.db 1871015205900001 nama_usaha)" "Toko; Maju"
expect_match "a 'No' column is ignored with a notice naming it" "$err" "'No'"
expect_match "the notice says it is a notice/ignored" "$err" '[Ii]gnored|diabaikan|notice|catatan'
expect_eq "header 'NAMA_PEMILIK' and doubled quotes" "$(field b.db 1871015205900001 nama_pemilik)" 'Ani "Si Cepat"'
expect_eq "NIK with dots '1871.0152.0590.0003' stored as 16 digits" "$(field b.db 1871015205900003 nama_usaha)" "Warung Ibu"
expect_eq "region 'KOTA BANDAR LAMPUNG' (upper case) stored as 18.71" "$(field b.db 1871015205900003 kabupaten_kota)" 18.71
expect_eq "kecamatan 'kedaton' (lower case) stored as 18.71.01" "$(field b.db 1871015205900003 kecamatan)" 18.71.01
expect_eq "money 'Rp2.000.000' is 2000000" "$(field b.db 1871015205900003 omzet_sebelum)" 2000000
if [ "$(field b.db 1871015205900001 catatan | tr -d '\r')" = "baris satu
baris dua" ]; then t_ok "quoted field with an embedded CRLF newline"
else t_fail "quoted field with an embedded CRLF newline" "$(field b.db 1871015205900001 catatan | od -c)"; fi
expect_eq "no carriage return stored at the end of the last column" \
	"$(sql b.db "SELECT count(*) FROM umkm WHERE instr(coalesce(tanggal_pendataan,'')||coalesce(catatan,'')||nama_usaha, char(13)) > 0 AND nik='1871015205900003'")" 0

# ---- bad rows ----
newdb c.db
run "$BANTU" --db c.db import-csv umkm "$fx/umkm_bad.csv" --rejects rej.csv
expect_eq "a file with bad rows: exit 1" "$rc" 1
expect_eq "the good rows are imported" \
	"$(sql c.db 'SELECT nama_usaha FROM umkm ORDER BY nama_usaha' | tr '\n' ' ')" "Good One Good Two "
expect_match "summary: 2 added, 4 rejected" "$out$err" '2 added.*4 rejected'
expect_match "a wrong NIK length is rejected with its line number (3)" "$err" 'umkm_bad\.csv:3: .*NIK'
expect_match "an invalid date 31/04/2020 is rejected with its line number (4)" "$err" 'umkm_bad\.csv:4: .*31/04/2020'
expect_match "an unknown kecamatan is rejected with its line number (5)" "$err" 'umkm_bad\.csv:5: .*Atlantis'
line6=$(printf '%s\n' "$err" | grep 'umkm_bad\.csv:6:')
expect_match "a row with three faults: NIK reason given" "$line6" 'NIK'
expect_match "a row with three faults: date reason given" "$line6" '31/04/2020'
expect_match "a row with three faults: kecamatan reason given" "$line6" 'Atlantis'
expect_no_match "good rows are not reported as rejected" "$err" 'umkm_bad\.csv:(2|7):'
if [ -f rej.csv ]; then t_ok "--rejects writes the file"; else t_fail "--rejects writes the file"; fi
expect_match "--rejects: first the personal-data notice (it holds NIKs)" "$(head -n 1 rej.csv)" '^"?# PERSONAL DATA: .*NIK'
expect_eq "--rejects: header plus a reason column" "$(sed -n 2p rej.csv | tr -d '\r')" \
	"nama_usaha,nama_pemilik,nik,kabupaten_kota,kecamatan,tanggal_pendataan,reason"
expect_eq "--rejects: 4 bad rows" "$(tail -n +3 rej.csv | wc -l | tr -d ' ')" 4
expect_match "--rejects: each row keeps its values and says why" "$(grep '^Bad Date,' rej.csv)" '^Bad Date,Citra,1871015205900013,18.71,Kedaton,31/04/2020,.*30'
# fix the rejects and import them again
sed -e 's/187101120590012/1871011205900012/' -e 's/31\/04\/2020/30\/04\/2020/' -e 's/Atlantis/Kedaton/' \
	-e 's/,12345,/,1871015205900015,/' rej.csv >fixed.csv
run "$BANTU" --db c.db import-csv umkm fixed.csv
expect_eq "the fixed rejects file imports: exit 0" "$rc" 0
expect_eq "the fixed rejects file adds the 4 rows" "$(count c.db umkm)" 6
run "$BANTU" --db c.db check
expect_eq "check after the rejects round exits 0" "$rc" 0

# ---- --dry-run ----
newdb d.db
run "$BANTU" --db d.db import-csv umkm "$fx/umkm_good.csv" --dry-run
expect_eq "--dry-run of a good file: exit 0" "$rc" 0
expect_eq "--dry-run saves no UMKM" "$(count d.db umkm)" 0
expect_eq "--dry-run saves no ops" "$(count d.db op)" 0
run "$BANTU" --db d.db import-csv umkm "$fx/umkm_bad.csv" --dry-run
expect_eq "--dry-run of a file with bad rows: exit 1" "$rc" 1
expect_eq "--dry-run of a file with bad rows saves nothing" "$(count d.db umkm)/$(count d.db op)" 0/0

# ---- re-import ----
run "$BANTU" --db a.db import-csv umkm "$fx/umkm_good.csv"
expect_eq "re-importing the same file: exit 0" "$rc" 0
expect_match "re-importing the same file: 0 added, 3 unchanged" "$out$err" '0 added.*3 unchanged'
expect_eq "re-importing the same file: row count unchanged" "$(count a.db umkm)" 3
expect_eq "re-importing the same file: no new ops" "$(count a.db op)" 3
run "$BANTU" --db b.db import-csv umkm semi.csv
expect_eq "re-importing the semicolon/BOM/CRLF file: nothing added" "$(count b.db umkm)/$(count b.db op)" 2/2
sed 's/Jl\. Teuku Umar 5/Jl. Teuku Umar 9/' "$fx/umkm_good.csv" >changed.csv
run "$BANTU" --db a.db import-csv umkm changed.csv
expect_eq "one changed cell: exit 0" "$rc" 0
expect_match "one changed cell: 1 updated, 2 unchanged" "$out$err" '0 added.*1 updated.*2 unchanged'
expect_eq "one changed cell: the record holds the new value" "$(field a.db 1871011205900002 alamat)" "Jl. Teuku Umar 9"
expect_eq "one changed cell: the other records keep theirs" "$(field a.db 1871015205900001 alamat)" "Jl. Kartini 1"
expect_eq "one changed cell: exactly one new op" "$(count a.db op)" 4
expect_eq "one changed cell: row count unchanged" "$(count a.db umkm)" 3
expect_eq "one changed cell: the new op is for that record" \
	"$(sql a.db "SELECT count(*) FROM op WHERE record=(SELECT id FROM umkm WHERE nik='1871011205900002')")" 2
expect_match "one changed cell: the new op sets only alamat" \
	"$(sql a.db 'SELECT fields FROM op ORDER BY seq DESC LIMIT 1')" 'alamat'
expect_no_match "one changed cell: the new op sets nothing else" \
	"$(sql a.db 'SELECT fields FROM op ORDER BY seq DESC LIMIT 1')" 'nama_usaha|omzet|tanggal'
run "$BANTU" --db a.db check
expect_eq "check after the update exits 0" "$rc" 0

# ---- Windows-1252 ----
newdb w.db
printf 'nama_usaha,nama_pemilik,nik,kabupaten_kota,alamat\r\nCaf\351 Sari,Jos\351,1871011205900021,18.71,Jl. \223Kutip\224 3\r\n' >cp1252.csv
run "$BANTU" --db w.db import-csv umkm cp1252.csv
expect_eq "a Windows-1252 file imports: exit 0" "$rc" 0
expect_match "a Windows-1252 file: the summary says so" "$out$err" '1252'
expect_eq "Windows-1252 'Caf\\xe9 Sari' stored as UTF-8 'Café Sari'" \
	"$(field w.db 1871011205900021 "hex(nama_usaha)")" "$(printf 'Caf\303\251 Sari' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
expect_eq "Windows-1252 'Jos\\xe9' stored as UTF-8 'José'" "$(field w.db 1871011205900021 nama_pemilik)" "$(printf 'Jos\303\251')"
expect_eq "Windows-1252 curly quotes stored as UTF-8 U+201C/U+201D" \
	"$(field w.db 1871011205900021 alamat)" "$(printf 'Jl. \342\200\234Kutip\342\200\235 3')"
expect_eq "no mojibake ('Ã') in the database" \
	"$(sql w.db "SELECT count(*) FROM umkm WHERE nama_usaha||nama_pemilik||alamat LIKE '%$(printf '\303\203')%'")" 0
run "$BANTU" --db w.db import-csv umkm cp1252.csv
expect_eq "re-importing the Windows-1252 file adds nothing" "$(count w.db umkm)/$(count w.db op)" 1/1

# ---- duplicate NIK ----
newdb n.db
printf 'nama_usaha,nama_pemilik,nik,kabupaten_kota\nToko A,Ani,1871015205900031,18.71\nToko B,Ani,1871015205900031,18.71\n' >dup.csv
run "$BANTU" --db n.db import-csv umkm dup.csv
expect_eq "two businesses with the same NIK: exit 0" "$rc" 0
expect_eq "two businesses with the same NIK: both imported" "$(count n.db umkm)" 2
expect_match "two businesses with the same NIK: a warning naming the other record" "$err" '[Ww]arning|[Pp]eringatan'
expect_match "the duplicate-NIK warning names the other business" "$err" 'Toko [AB]'

# ---- broken files ----
newdb e.db
: >empty.csv
run "$BANTU" --db e.db import-csv umkm empty.csv
expect_eq "an empty file: exit 1" "$rc" 1
expect_match "an empty file: the message names the file" "$err" 'empty\.csv'
expect_eq "an empty file: nothing saved" "$(count e.db umkm)/$(count e.db op)" 0/0
printf 'Toko C,Ani,1871015205900041,18.71\nToko D,Ani,1871015205900042,18.71\n' >nohdr.csv
run "$BANTU" --db e.db import-csv umkm nohdr.csv
expect_eq "a file without a header: exit 1" "$rc" 1
expect_eq "a file without a header: nothing saved" "$(count e.db umkm)/$(count e.db op)" 0/0
printf 'nama_usaha,nik,kabupaten_kota\nToko E,1871015205900043,18.71\nToko F,1871015205900044,18.71\n' >noreq.csv
run "$BANTU" --db e.db import-csv umkm noreq.csv --rejects noreq-rej.csv
expect_eq "a header without nama_pemilik: exit 1" "$rc" 1
expect_eq "a header without nama_pemilik: nothing saved" "$(count e.db umkm)/$(count e.db op)" 0/0
expect_match "a header without nama_pemilik: the message names the missing column" "$err" 'noreq\.csv:1: .*nama_pemilik'
expect_match "a header without nama_pemilik: the summary rejects both rows" "$out$err" '2 rejected'
expect_eq "a header without nama_pemilik: both rows in the rejects file" "$(grep -v '^"\{0,1\}#' noreq-rej.csv | tail -n +2 | wc -l | tr -d ' ')" 2
printf 'nama_usaha,nama_pemilik,nik,kabupaten_kota\n"Toko G,Ani,1871015205900045,18.71\n' >unclosed.csv
run "$BANTU" --db e.db import-csv umkm unclosed.csv
if [ "$rc" -ne 0 ]; then t_ok "a quote never closed: exit non-zero"; else t_fail "a quote never closed: exit non-zero"; fi
expect_match "a quote never closed: the message gives the line" "$err" 'unclosed\.csv:2'
expect_eq "a quote never closed: nothing saved" "$(count e.db umkm)" 0
run "$BANTU" --db e.db import-csv umkm "$T_TMP/no-such.csv"
if [ "$rc" -ne 0 ]; then t_ok "a missing file: exit non-zero"; else t_fail "a missing file: exit non-zero"; fi
expect_match "a missing file: the message names it" "$err" 'no-such\.csv'

# ---- export, then import into a new database: the same registry ----
"$BANTU" --db a.db import-csv umkm semi.csv >/dev/null 2>&1
"$BANTU" --db a.db import-csv umkm cp1252.csv >/dev/null 2>&1
run "$BANTU" --db a.db export-csv umkm -o u1.csv
expect_eq "export-csv umkm -o FILE: exit 0" "$rc" 0
expect_match "export-csv umkm: the first line says the file holds NIKs (personal data)" \
	"$(head -n 1 u1.csv)" '^"?# PERSONAL DATA: this file holds Owner.s NIK of persons'
expect_eq "export-csv umkm: the header follows" "$(sed -n 2p u1.csv | tr -d '\r')" \
	"nama_usaha,nama_pemilik,nik,jenis_kelamin,telepon,alamat,kabupaten_kota,kecamatan,desa,kbli,sektor,skala,nib,npwp,omzet_sebelum,omzet_sesudah,tenaga_kerja_sebelum,tenaga_kerja_sesudah,dampak,status_usaha,tanggal_pendataan,catatan,reg_no"
run "$BANTU" --db a.db export-csv umkm
expect_eq "export-csv umkm to stdout equals the -o file" "$out" "$(cat u1.csv)"
newdb r.db
run "$BANTU" --db r.db import-csv umkm u1.csv
expect_eq "round trip umkm: the export imports with exit 0" "$rc" 0
expect_eq "round trip umkm: the same number of records" "$(count r.db umkm)" "$(count a.db umkm)"
"$BANTU" --db r.db export-csv umkm -o u2.csv 2>/dev/null
if cmp -s u1.csv u2.csv; then t_ok "round trip umkm: identical export"
else t_fail "round trip umkm: identical export" "$(diff u1.csv u2.csv | head -10)"; fi

newdb k.db
run "$BANTU" --db k.db import-csv koperasi "$fx/koperasi.csv"
expect_eq "import koperasi: exit 0" "$rc" 0
expect_eq "import koperasi: 2 saved" "$(count k.db koperasi)" 2
expect_eq "import koperasi: kecamatan by name" \
	"$(sql k.db "SELECT kecamatan FROM koperasi WHERE nama_koperasi='KSP Maju Bersama'")" 18.71.06
run "$BANTU" --db k.db import-csv koperasi "$fx/koperasi.csv"
expect_eq "re-importing koperasi adds nothing" "$(count k.db koperasi)/$(count k.db op)" 2/2
printf 'nama_koperasi,ketua\nKoperasi Tanpa Kota,Pak A\n' >kop-noreq.csv
run "$BANTU" --db k.db import-csv koperasi kop-noreq.csv
expect_eq "koperasi without kabupaten_kota: exit 1" "$rc" 1
expect_match "koperasi without kabupaten_kota: the message names the column" "$err" 'kabupaten_kota'
"$BANTU" --db k.db export-csv koperasi -o k1.csv 2>/dev/null
newdb k2.db
run "$BANTU" --db k2.db import-csv koperasi k1.csv
expect_eq "round trip koperasi: the export imports with exit 0" "$rc" 0
"$BANTU" --db k2.db export-csv koperasi -o k2.csv 2>/dev/null
if cmp -s k1.csv k2.csv; then t_ok "round trip koperasi: identical export"
else t_fail "round trip koperasi: identical export" "$(diff k1.csv k2.csv | head -10)"; fi
run "$BANTU" --db k2.db check
expect_eq "check after the koperasi round trip exits 0" "$rc" 0
expect_match "export-csv koperasi: the first line names the NIK column" "$(head -n 1 k1.csv)" '^"?# PERSONAL DATA: .*NIK'

# ---- the personal-data notice as a spreadsheet saves it back: semicolons ----
# (Excel pads the notice row with delimiters; the header decides the delimiter.)
newdb g.db
"$BANTU" --db g.db import-csv umkm "$fx/umkm_good.csv" >/dev/null 2>&1
"$BANTU" --db g.db export-csv umkm -o g.csv 2>/dev/null
{ head -n 1 g.csv | tr -d '"' | sed 's/$/;;;;;/'; sed -n '2,$p' g.csv | tr ',' ';'; } >u-semi.csv
newdb r3.db
run "$BANTU" --db r3.db import-csv umkm u-semi.csv
expect_eq "an export re-saved with semicolons and a padded notice row: exit 0" "$rc" 0
expect_match "  it is read with ';' and every row is added" "$out" "3 added"
printf '# a comment row\n# another\nnama_usaha,nama_pemilik,nik,kabupaten_kota\nToko A,Ani,1871015205900001,18.71\n' >comment.csv
newdb r4.db
run "$BANTU" --db r4.db import-csv umkm comment.csv
expect_eq "rows starting with '#' before the header are skipped" "$(count r4.db umkm)" 1
