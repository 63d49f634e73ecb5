#!/bin/sh
# tests/cli/bounded_input.sh - bounded input: a settings file over its cap is
# refused with a clear message; 40,000 keys load without the quadratic duplicate
# check (a duplicate still named with its first line); a CSV with too many
# columns or an over-long field is refused, nothing imported; one stray byte in a
# UTF-8 file rejects only its row (naming the line), the others stay UTF-8.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1
b() { "$BANTU" --lang en "$@"; }
expect_ok "init" b --db d.db init --office 18

# ---- settings ----
awk 'BEGIN { for (i = 0; i < 70000; i++) printf "# a comment line to make the file big %d\n", i }' >big.yaml
out=$(b --config big.yaml --db d.db check 2>&1); rc=$?
expect_eq "a settings file over 1 MiB: exit 2" "$rc" 2
expect_match "... saying why" "$out" "big.yaml: the settings file is too large \(over 1024 KiB"
awk 'BEGIN { print "programs:\n  apd:\n    items:"; for (i = 0; i < 40000; i++) printf "      k%d: x\n", i }' >keys.yaml
# 40,000 different keys, then one given again: all checked (once quadratic: seconds,
# minutes under valgrind), the duplicate named with its first line.
echo "      k7: y" >>keys.yaml
out=$(b --config keys.yaml --db d.db check 2>&1)
expect_match "a key given twice after 40,000 others: named, with its first line" "$out" \
	"keys.yaml:40004:7: duplicate key 'programs.apd.items.k7' \(first at line 11\)"

# ---- CSV limits ----
awk 'BEGIN { print "nama_usaha,nama_pemilik,nik,kabupaten_kota";
	print "Toko Satu,Sari,1871016505900001,Kota Metro";
	for (i = 0; i < 2000; i++) printf "x,"; print "x" }' >wide.csv
out=$(b --db d.db import-csv umkm wide.csv 2>&1); rc=$?
expect_eq "a row of 2001 columns: exit 1" "$rc" 1
expect_match "... saying so" "$out" "wide.csv:line 3: more than 1024 columns .*nothing was imported"
expect_eq "... nothing imported" "$(sql d.db 'SELECT count(*) FROM umkm')" 0
awk 'BEGIN { print "nama_usaha,nama_pemilik,nik,kabupaten_kota";
	print "Toko Satu,Sari,1871016505900001,Kota Metro";
	printf "Toko Dua,\""; for (i = 0; i < 7000; i++) printf "0123456789"; print "\",1871016505900002,Kota Metro" }' >long.csv
out=$(b --db d.db import-csv umkm long.csv 2>&1); rc=$?
expect_eq "a field of 70,000 bytes: exit 1" "$rc" 1
expect_match "... saying so" "$out" "long.csv:line 3: column 2 is longer than 64 KiB"
expect_eq "... nothing imported" "$(sql d.db 'SELECT count(*) FROM umkm')" 0

# ---- one stray byte in a UTF-8 file ----
printf 'nama_usaha,nama_pemilik,nik,kabupaten_kota\nCaf\303\251 Ayu,Sari,1871016505900001,Kota Metro\nWarung \351,Budi,1871016505900002,Kota Metro\nToko \342\202\254,Ani,1871016505900003,Kota Metro\n' >stray.csv
out=$(b --db d.db import-csv umkm stray.csv 2>&1); rc=$?
expect_eq "the stray byte's row rejected: exit 1" "$rc" 1
expect_match "... naming its line" "$out" "stray.csv:3: line 3: bytes that are not UTF-8"
expect_eq "the other rows read as UTF-8, exactly" \
	"$(sql d.db 'SELECT group_concat(hex(nama_usaha), " ") FROM (SELECT nama_usaha FROM umkm ORDER BY nik)')" \
	"$(printf 'Caf\303\251 Ayu' | od -An -tx1 | tr -d ' \n' | tr a-f A-F) $(printf 'Toko \342\202\254' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"

# ---- a rejects file as large as the input: written as it goes ----
# 60,000 rows, every one rejected (a 5-digit NIK): the rejects file holds them all,
# and the import's peak memory stays that of a one-row file (the rejected rows
# were once kept in memory to the end: 13 MB more here). Measured on the plain
# build only (a sanitizer's or valgrind's memory is its own).
awk 'BEGIN { print "nama_usaha,nama_pemilik,nik,kabupaten_kota,alamat";
	for (i = 0; i < 60000; i++) printf "Toko Nomor %d yang panjang namanya,Pemilik %d,12345,Kota Metro,Jalan Panjang Sekali Nomor %d RT 01 RW 02\n", i, i, i }' >bad.csv
head -2 bad.csv >bad1.csv
out=$(b --db d.db import-csv umkm bad.csv --rejects rej.csv 2>&1); rc=$?
expect_eq "60,000 rows rejected: exit 1" "$rc" 1
expect_eq "... every one in the rejects file (notice, header, rows)" "$(wc -l <rej.csv | tr -d ' ')" 60002
expect_match "... with its reason" "$(sed -n 3p rej.csv)" '^Toko Nomor 0 yang panjang namanya,.*,nik: '
case "$BANTU" in
*/build/bantu)
	/usr/bin/time -f '%M' -o one.kb "$BANTU" --db d.db import-csv umkm bad1.csv --rejects r1.csv >/dev/null 2>&1
	/usr/bin/time -f '%M' -o all.kb "$BANTU" --db d.db import-csv umkm bad.csv --rejects r2.csv >/dev/null 2>&1
	one=$(tail -1 one.kb) all=$(tail -1 all.kb)
	if [ "$all" -lt $((one + 4096)) ]; then
		t_ok "... in memory bounded by a row: peak ${all} KB, ${one} KB for one row"
	else t_fail "... in memory bounded by a row" "peak ${all} KB, ${one} KB for one row"; fi ;;
esac

echo "1..$T_N"
