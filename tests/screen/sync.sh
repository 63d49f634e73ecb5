#!/bin/sh
# Screen tests of Sinkronisasi, Konflik and Duplikat in tmux at 80x24, with the
# keyboard alone: a district exports a bundle to a USB folder; the province
# imports it from there (refused: not approved, with the fingerprint), approves
# the district by typing the fingerprint read out over the phone, imports again
# and sees the summary. A conflict (one field edited at both offices, bundles
# exchanged) is resolved from the record's view by keeping one side; a possible
# duplicate is merged from the UMKM list. The command line checks the results.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export NO_COLOR=1
cd "$T_TMP" || exit 1
mkdir -p usb

# run CMD...: runs the command; sets $rc, $out (stdout) and $err (stderr).
run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}

# tui DB OFFICER: starts Bantu in the pane with the USB folder offered; waits for home.
tui() {
	s_type "BANTU_MEDIA_DIRS=$T_TMP/usb $BANTU --db $1 --officer $2"
	s_keys Enter
	expect_screen "$1: home menu" "Pilih dengan nomor"
}
# quit: F10, then waits until the shell runs a command again (Bantu has closed
# its database), by a marker the typed command does not show.
QUITS=0
quit() {
	s_keys F10
	QUITS=$((QUITS + 1))
	s_wait_prompt
	s_type "echo Q${QUITS}Q | tr Q Z"
	s_keys Enter
	s_wait "Z${QUITS}Z" >/dev/null || t_fail "F10 quits" "$(s_screen)"
}
# sync_screen: from home to Sinkronisasi, entry 10 (two digits).
sync_screen() {
	s_keys 1 0
	expect_screen "Sinkronisasi opens with 1 0" "Sinkronisasi - kantor"
}

# edit_cell DB REGNO COLUMN VALUE: one-row CSV of that record with one cell changed, imported.
edit_cell() {
	"$BANTU" --db "$1" export-csv umkm -o all.csv >/dev/null 2>&1
	sed -i '/^"\{0,1\}#/d' all.csv   # the personal-data notice row
	head -1 all.csv >one.csv
	awk -F, -v OFS=, -v reg="$2" -v col="$3" -v val="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		$NF == reg { $c = val; print }' all.csv >>one.csv
	expect_ok "$1: $2 $3 changed by import-csv" "$BANTU" --db "$1" import-csv umkm one.csv
}

expect_ok "province: init" "$BANTU" --db p.db init --office 18
expect_ok "province: keys export" "$BANTU" --db p.db keys export -o prov.keys
expect_ok "district: init with the province's keys" "$BANTU" --db d.db init --office 18.71 --province-key prov.keys
expect_ok "district: demo data" "$BANTU" --db d.db demo --umkm 20
# The demo fills the programs too: their records are saved once or more (moves).
d_ops=$(sql d.db "SELECT count(*) FROM op")
d_records=$(sql d.db "SELECT count(DISTINCT entity || hex(record)) FROM op")
fp=$("$BANTU" --db d.db keys fingerprint)

# ---- the district exports to the USB folder ----
s_start
tui d.db clerk
sync_screen
expect_screen "district: the province is listed" "provinsi"
s_keys F5
expect_screen "export offers the removable media folder" "$T_TMP/usb"
expect_screen "and another folder to type" "Folder lain:"
s_keys Enter
expect_screen "district: bundle written" "perubahan untuk kantor 18 ditulis"
expect_screen "district: history shows the bundle sent" "bantu-18.71-to-18-"
bundles=$(ls usb/*.bundle 2>/dev/null | wc -l)
expect_eq "one bundle in the USB folder" "$bundles" 1
# Importing from it here finds only the bundle just written, for the province.
s_keys F6
expect_screen "district: import asks for the folder" "Impor: pilih folder"
s_keys Enter
expect_screen "district: no bundle for it, said in the picker" \
	"Tidak ada bundel untuk kantor 18.71 di $T_TMP/usb;"
expect_match "... and that the one there is for another office (the reason wraps)" "$(s_screen)" \
	"│ (1 )?bundel di sana untuk kantor lain\\. +│"
s_keys Escape
expect_screen "district: the picker left" "Terakhir dikirim"
quit

# ---- the province imports: refused, approves, imports ----
tui p.db admin
sync_screen
expect_screen "province: no office known yet" "Belum ada kantor lain"
s_keys F6
expect_screen "import asks for the folder" "Impor: pilih folder"
# A typed folder that is not there, then one without a bundle: said inside the
# picker, which stays with the text.
mkdir -p "$T_TMP/kosong"
s_type "$T_TMP/tiada"
s_keys Enter
expect_screen "a folder that is not there is said in the picker" "folder $T_TMP/tiada tidak bisa dibaca"
s_keys C-u
s_type "$T_TMP/kosong"
s_keys Enter
expect_screen "a folder without a bundle is said in the picker" "Tidak ada bundel untuk kantor 18 di $T_TMP/kosong"
scr=$(s_screen)
expect_match "... which stays open, the folder typed kept" "$scr" "Folder lain: $T_TMP/kosong"
expect_match "... its title still there" "$scr" "Impor: pilih folder"
s_keys C-u Up Enter
expect_screen "the bundles for this office in the folder" "bantu-18.71-to-18-"
s_keys Enter
expect_screen "first import refused" "Impor ditolak"
expect_screen "the refusal names the fingerprint" "$fp"
s_keys Enter
expect_screen "the pending office shows its fingerprint" "Sidik jari 18.71: $fp"
expect_screen "and that it waits for approval" "belum disetujui"
# Its name has not come yet (it travels inside the bundle): its place stands in.
expect_screen "the pending office is named by its place" "18.71   Kota Bandar Lampung  "
s_keys F7
expect_screen "approval asks for the fingerprint" "Setujui kantor"
# A fingerprint heard wrong: refused inside the prompt, which stays to correct it.
s_type "$(printf '%s' "$fp" | sed 's/.$/#/')"
s_keys Enter
expect_screen "a fingerprint that differs is refused in the prompt" "jangan setujui sebelum"
expect_match "... the office not approved" "$(sql p.db "SELECT status FROM office WHERE code = '18.71'")" "pending"
s_keys C-u
# Read out over the phone: typed in lower case, in groups with spaces.
s_type "$(printf '%s' "$fp" | tr 'A-Z-' 'a-z ')"
s_keys Enter
expect_screen "approved" "Kantor 18.71 disetujui"
s_keys F6
expect_screen "import again: folder" "Impor: pilih folder"
s_keys Enter
expect_screen "import again: bundle" "bantu-18.71-to-18-"
s_keys Enter
expect_screen "import done" "Impor selesai"
expect_screen "summary: ops new, known, refused" "Perubahan: $d_ops baru, 0 sudah ada, 0 ditolak."
expect_screen "summary: records added" "Data: $d_records ditambah, $((d_ops - d_records)) diubah."
expect_screen "summary: conflicts" "Konflik untuk ditinjau: 0."
s_keys Enter
expect_screen "history shows the bundle received" "dari"
# Its name came with the bundle; "Dinas Koperasi dan UMKM Kota Bandar Lampung" is
# wider than the column at 80 columns, so the words it shares with this office's
# name give way to the place.
expect_screen "the approved office: its place, not a cut name" "18.71   Kota Bandar Lampung  "
# A bundle cut short on the stick (pulled out while copying) is offered, saying so,
# and refused with the reason; nothing changes.
big=$(ls usb/bantu-18.71-to-18-*.bundle | head -1)
head -c 2000 "$big" >usb/bantu-18.71-to-18-99999999-999999.bundle
touch -d '2099-01-01' usb/bantu-18.71-to-18-99999999-999999.bundle   # newest: listed first
before=$(sql p.db "SELECT count(*) FROM op")
s_keys F6
expect_screen "a damaged bundle: the folder" "Impor: pilih folder"
s_keys Enter
expect_screen "a damaged bundle is listed, saying what is wrong" "bantu-18.71-to-18-99999999-999999.bundle: rusak"
s_keys Enter
expect_screen "its import is refused" "Impor ditolak"
expect_screen "... with the reason" "terpotong"
expect_eq "... and nothing changed" "$(sql p.db "SELECT count(*) FROM op")" "$before"
s_keys Enter
rm -f usb/bantu-18.71-to-18-99999999-999999.bundle
quit
expect_eq "province holds the district's 20 UMKM" "$(sql p.db 'SELECT count(*) FROM umkm')" 20
run "$BANTU" --db p.db office list
expect_match "the district is approved" "$out" "18.71.*approved"
expect_match "under its whole name" "$out" "18.71.*Dinas Koperasi dan UMKM Kota Bandar Lampung"

# ---- a conflict: the same field edited at both offices ----
edit_cell p.db 18.71-U-000001 alamat "Jl. Provinsi 1"
edit_cell d.db 18.71-U-000001 alamat "Jl. Distrik 2"
expect_ok "province -> district bundle" "$BANTU" --db p.db bundle export --to 18.71 -o p1.bundle
expect_ok "district imports it" "$BANTU" --db d.db bundle import p1.bundle
expect_ok "district -> province bundle" "$BANTU" --db d.db bundle export --to 18 -o d2.bundle
expect_ok "province imports it" "$BANTU" --db p.db bundle import d2.bundle
run "$BANTU" --db p.db conflicts
expect_match "one conflict at the province" "$err" "^1 "
expect_match "... the list names the record and field" "$out" "^umkm [0-9a-f]{32} 18.71-U-000001 \\(.*\\) alamat$"
run "$BANTU" --db p.db --lang en conflicts
expect_match "... counted in the singular in English" "$err" "^1 conflict; \\* marks the value shown$"
# Keep the value that is not shown now (the second side).
keep=$(printf '%s\n' "$out" | grep '^    ' | sed 's/^ *//; s/  .*//')
name=$(sql p.db "SELECT nama_usaha FROM umkm WHERE reg_no = '18.71-U-000001'")

tui p.db admin
sync_screen
expect_screen "Sinkronisasi counts the conflict" "Konflik belum diselesaikan: 1"
s_keys Escape
expect_screen "home" "Pilih dengan nomor"
s_keys 1 Enter
expect_screen "UMKM list" "Cari:"
s_type "$name"
expect_screen "found the record" "18.71-U-000001"
s_keys Enter
expect_screen "the record view marks the conflict" "perubahan yang berkonflik"
s_keys F4
expect_screen "Konflik for this record" "Konflik: $name"
expect_screen "both values" "Jl. Provinsi 1"
expect_screen "both values (2)" "Jl. Distrik 2"
s_keys Down
s_keys Enter
expect_screen "keeping asks first" "Pakai $keep untuk Alamat"
s_keys y
expect_screen "resolved" "Diselesaikan: Alamat sekarang $keep."
expect_screen "no conflict left" "Tidak ada konflik"
quit
run "$BANTU" --db p.db conflicts
expect_match "bantu conflicts: none remain" "$err" "^0 "
expect_eq "the value kept" "$(sql p.db "SELECT alamat FROM umkm WHERE reg_no = '18.71-U-000001'")" "$keep"

# ---- a duplicate: the same NIK and a similar name registered at the province ----
"$BANTU" --db p.db export-csv umkm -o all.csv >/dev/null 2>&1
sed -i '/^"\{0,1\}#/d' all.csv   # the personal-data notice row
head -1 all.csv >dup.csv
awk -F, -v OFS=, '$NF == "18.71-U-000002" { $1 = $1 " Jaya"; $NF = ""; print }' all.csv >>dup.csv
expect_ok "province registers the same business again" "$BANTU" --db p.db import-csv umkm dup.csv
run "$BANTU" --db p.db duplicates
expect_match "one possible duplicate" "$err" "^1 "
dupname=$(sql p.db "SELECT nama_usaha FROM umkm WHERE reg_no = '18.71-U-000002'")

tui p.db admin
s_keys 1 Enter
expect_screen "UMKM list" "Cari:"
s_keys F8
expect_screen "Duplikat from the UMKM list" "Kemungkinan duplikat"
expect_screen "the pair" "$dupname / $dupname Jaya"
expect_screen "side by side: the record kept" "18.71-U-000002: disimpan"
expect_screen "side by side: the other" "18-U-000001: digabungkan"
s_keys F5
expect_screen "merge asks first" "Gabungkan $dupname Jaya (18-U-000001) ke"
s_keys y
expect_screen "merged" "Digabung: 18-U-000001 ke 18.71-U-000002."
expect_screen "no pair left" "Tidak ada kemungkinan duplikat"
s_keys Escape
expect_screen "back in the list" "Cari:"
s_keys Escape
expect_screen "home" "Pilih dengan nomor"
sync_screen
expect_screen "Sinkronisasi: nothing left to review" "Konflik belum diselesaikan: 0 (F4)    Kemungkinan duplikat: 0 (F8)"
s_keys F4
expect_screen "Konflik from Sinkronisasi" "Tidak ada konflik"
s_keys Escape
expect_screen "back" "Sinkronisasi - kantor"
s_keys F8
expect_screen "Duplikat from Sinkronisasi" "Tidak ada kemungkinan duplikat"
s_keys Escape
expect_screen "back again" "Sinkronisasi - kantor"
s_keys F1
expect_screen "F1 help lists the export key" "F5, C-x"
s_keys Escape
quit
# No stick mounted: the folder picker says so, instead of an empty list.
s_type "BANTU_MEDIA_DIRS=$T_TMP/no-stick $BANTU --db p.db --officer admin"
s_keys Enter
expect_screen "home without a stick" "Pilih dengan nomor"
sync_screen
s_keys F5
expect_screen "export without a stick: told so, asked to type a folder" \
	"Tidak ada flashdisk di /media atau /run/media: ketik foldernya."
s_keys Escape
expect_screen "the picker closes" "Sinkronisasi - kantor"
quit
run "$BANTU" --db p.db duplicates
expect_match "bantu duplicates: none remain" "$err" "^0 "
expect_eq "the UMKM list counts the merged business once" \
	"$(sql p.db "SELECT count(*) FROM umkm WHERE nik = (SELECT nik FROM umkm WHERE reg_no = '18.71-U-000002') AND merged_into IS NULL")" 1
expect_ok "province: bantu check" "$BANTU" --db p.db check
expect_ok "district: bantu check" "$BANTU" --db d.db check
