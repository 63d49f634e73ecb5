#!/bin/sh
# tests/cli/private_files.sh - files that hold personal data are mode 0600 whatever
# the umask (022 and 000): export-csv, --nominatif, --surat, import-csv's rejects,
# report (text and xlsx), backup and its .keys, a bundle; written over an older
# file of mode 0644, the new one is 0600 too. The rejects file starts with the
# personal-data notice row, as export-csv's does, and imports back (the notice
# skipped). Public keys stay readable (0644 less the umask).
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
b() { "$BANTU" --lang en "$@"; }
mode() { stat -c %a "$1" 2>/dev/null; }

b --db p.db init --office 18 >/dev/null
b --db p.db demo --umkm 100 --koperasi 2 >/dev/null
b --db p.db keys export -o p.keys >/dev/null
b --db d.db init --office 18.71 --province-key p.keys >/dev/null
b --db d.db demo --umkm 2 --koperasi 0 >/dev/null
letter=$(sql p.db "SELECT nomor_surat FROM prakerja WHERE coalesce(nomor_surat, '') != '' LIMIT 1")

# Rows to reject: a bad NIK, a missing name.
cat >in.csv <<'EOF'
nama_usaha,nama_pemilik,nik,jenis_kelamin,kabupaten_kota,kecamatan,sektor,skala
Warung Satu,Ani,123,P,18.71,18.71.01,perdagangan,mikro
,Budi,1871010101800001,L,18.71,18.71.01,perdagangan,mikro
EOF

for um in 022 000; do
	mkdir "u$um" && cd "u$um" || exit 1
	echo old >old.csv && chmod 644 old.csv
	(
		umask "$um"
		b --db ../p.db export-csv umkm -o umkm.csv
		b --db ../p.db export-csv umkm -o old.csv
		b --db ../p.db export-csv stimulus --nominatif -o nominatif.csv
		b --db ../p.db export-csv prakerja --surat "$letter" -o surat.csv
		b --db ../p.db import-csv umkm ../in.csv --rejects rejects.csv
		b --db ../p.db report ringkasan -o laporan.txt
		b --db ../p.db report ringkasan --format csv -o laporan.csv
		b --db ../p.db report ringkasan --format xlsx -o laporan.xlsx
		b --db ../p.db backup -o backup.db
		b --db ../d.db bundle export --to 18 -o d.bundle
		b --db ../p.db keys export -o public.keys
	) >/dev/null 2>"$T_TMP/.err"
	for f in umkm.csv old.csv nominatif.csv surat.csv rejects.csv laporan.txt laporan.csv \
		 laporan.xlsx backup.db backup.db.keys d.bundle; do
		expect_eq "umask $um: $f is mode 0600" "$(mode "$f")" 600
	done
	expect_eq "umask $um: the public keys are readable (0644)" "$(mode public.keys)" 644
	left=$(ls | grep '\.tmp' || true)
	expect_eq "umask $um: no temporary file is left" "$left" ""
	cd .. || exit 1
done

# ---- the rejects file's notice ----
first=$(head -1 u022/rejects.csv)
expect_match "the rejects file starts with the personal-data notice" "$first" '^"?# PERSONAL DATA: this file holds .*NIK'
expect_eq "... the same notice as export-csv's first row" "$first" "$(head -1 u022/umkm.csv)"
expect_match "then the header, with the reason" "$(sed -n 2p u022/rejects.csv)" '^nama_usaha,.*,reason$'
expect_eq "then the two rejected rows" "$(tail -n +3 u022/rejects.csv | wc -l | tr -d ' ')" 2
run b --db p.db import-csv umkm u022/rejects.csv --dry-run
expect_match "the rejects file reads back (notice skipped): its two rows, rejected again" "$out" "2 rows: 0 added.*2 rejected"

# A file without personal identifiers: no notice.
cat >nonik.csv <<'EOF'
nama_usaha,kabupaten_kota,sektor
Warung Dua,18.71,perdagangan
EOF
b --db p.db import-csv umkm nonik.csv --rejects nonik-rejects.csv >/dev/null 2>&1
expect_match "rejects of a file without NIKs: no notice, the header first" "$(head -1 nonik-rejects.csv)" '^nama_usaha,'
