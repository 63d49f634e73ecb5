#!/bin/sh
# Screen tests of backup and of faults, in tmux at 80x24 in Indonesian: on
# Sinkronisasi, F3 writes a backup into the USB folder offered; with the disk
# full (the test-only fault VFS of src/store/fault.c, BANTU_FAULT_WHILE: the fault
# lasts while a flag file exists) the backup fails with a message, leaves no file
# and the screen stays; once the fault is lifted F3 works and the backup restores.
# Saving a new record on a full disk keeps the form open with the message, and
# saving again after the fault is lifted stores it, once. While another process
# holds a write transaction, saving says the database is locked and the form stays.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export BANTU_TODAY=2020-05-20 NO_COLOR=1
cd "$T_TMP" || exit 1
mkdir -p usb

expect_ok "district: init" "$BANTU" --db d.db init --office 18.71
expect_ok "district: demo data" "$BANTU" --db d.db demo --umkm 5 --koperasi 0
n0=$(sql d.db 'SELECT count(*) FROM umkm')

s_start
touch full
s_type "BANTU_MEDIA_DIRS=$T_TMP/usb BANTU_FAULT_WRITES=0 BANTU_FAULT_WHILE=$T_TMP/full $BANTU --db d.db"
s_keys Enter
expect_screen "home menu" "Pilih dengan nomor"
s_keys 1 0
expect_screen "Sinkronisasi" "Sinkronisasi - kantor"
expect_screen "the status bar offers the backup key" "F3 Cadangkan"

# ---- backup on a full disk: a message, nothing written, the screen stays ----
s_keys F3
expect_screen "backup asks for a folder" "Cadangkan: pilih folder"
expect_screen "the USB folder is offered" "$T_TMP/usb"
s_keys Enter
expect_screen "backup on a full disk fails" "Pencadangan gagal"
expect_screen "and says the disk is full" "disk penuh; salinan tidak ditulis"
expect_eq "nothing is left in the USB folder" "$(ls usb | wc -l | tr -d ' ')" 0
s_keys Enter
expect_screen "the Sinkronisasi screen stays" "Sinkronisasi - kantor"

# ---- the fault lifted: the same key works ----
rm -f full
s_keys F3
expect_screen "backup asks again" "Cadangkan: pilih folder"
s_keys Enter
expect_screen "backup written and verified" "Cadangan ditulis dan diperiksa (5 data)"
expect_eq "one backup and its key file in the USB folder" \
	"$(ls usb | sed 's/-[0-9]*-[0-9]*\./-T./' | tr '\n' ' ')" "bantu-backup-18.71-T.db bantu-backup-18.71-T.db.keys "
bk=$(ls usb/*.db | head -1)
expect_eq "the backup is mode 0600" "$(stat -c %a "$bk")" 600

# ---- saving a record on a full disk: the form stays open ----
s_keys Escape
expect_screen "home again" "Pilih dengan nomor"
s_keys 1 Enter
expect_screen "UMKM list" "Cari:"
s_keys C-a
expect_screen "new form" "data baru"
s_type "Warung Penuh"; s_keys Enter; s_type "Sri"; s_keys Enter
# The NIK decides the sex and the district office its kabupaten/kota: both passed over.
s_type "1871016505900001"; s_keys Enter Enter
s_type "ked"; s_keys Enter
touch full
s_keys C-s
expect_screen "save on a full disk says so" "disk penuh; tidak ada yang disimpan"
expect_screen "the form stays open with what was typed" "Warung Penuh"
expect_eq "nothing was saved" "$(sql d.db 'SELECT count(*) FROM umkm')" "$n0"
rm -f full
s_keys C-s
expect_screen "saved once the fault is lifted" "Tersimpan: 18.71-U-000006"

# ---- another process holds the database: the form says so and stays ----
s_keys C-a
expect_screen "another new form" "data baru"
s_type "Warung Kunci"; s_keys Enter; s_type "Budi"; s_keys Enter
s_type "1871011205900002"; s_keys Enter Enter
s_type "ked"; s_keys Enter
hold_db d.db "BEGIN IMMEDIATE; INSERT INTO meta VALUES ('lock-test', 'x');"
s_keys C-s
expect_screen "save while another process writes: locked" "(terkunci); coba lagi"
expect_screen "the form stays open with what was typed" "Warung Kunci"
release_db "ROLLBACK;"
s_keys C-s
expect_screen "saved once the other process is done" "Tersimpan: 18.71-U-000007"
s_keys F10
s_type "echo Z1Z"; s_keys Enter
s_wait "Z1Z" >/dev/null
expect_eq "the record is there once" "$(sql d.db "SELECT count(*) FROM umkm WHERE nama_usaha = 'Warung Penuh'")" 1
expect_ok "bantu check is clean" "$BANTU" --db d.db check
expect_ok "the backup from the screen restores" "$BANTU" --db r.db restore "$bk"
expect_eq "the restored database has the 5 records" "$(sql r.db 'SELECT count(*) FROM umkm')" "$n0"
