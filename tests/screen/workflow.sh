#!/bin/sh
# Screen tests of heads-down entry and the registry's other paths, with TERM=vt100
# (no F5..F10 there: the Ctrl keys of the action table) and no colour:
# save-and-next keeps place and date, a duplicate NIK warns once, Esc on a changed
# form asks, delete with a reason and restore, the deleted view, filters, F1 help,
# the koperasi form, and the curses state restored after Ctrl-C.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export BANTU_TODAY=2020-05-20 NO_COLOR=1
S_TERM=vt100

expect_ok "init" "$BANTU" --db "$T_TMP/w.db" init --office 18.71
s_start
s_type "$BANTU --db w.db"; s_keys Enter
expect_screen "home on a vt100" "Data UMKM"
s_keys 1 Enter
expect_screen "UMKM list" "Cari:"
s_keys C-a
expect_screen "new form with C-a" "data baru"
s_type "Warung Sri"; s_keys Enter; s_type "Sri"; s_keys Enter
# The NIK decides the sex and the district office its kabupaten/kota: both passed over.
s_type "1871016505900001"; s_keys Enter Enter
s_type "ked"; s_keys Enter
s_keys C-n
expect_screen "save and next (C-n)" "Tersimpan: 18.71-U-000001"
scr=$(s_screen)
expect_match "next record keeps the kabupaten" "$scr" "Kota Bandar Lampung"
expect_match "next record keeps the kecamatan" "$scr" "Kedamaian"
expect_match "next record keeps the date" "$scr" "20/05/2020"
expect_no_match "next record starts with an empty name" "$scr" "Warung Sri"

s_type "Toko Budi"; s_keys Enter; s_type "Budi"; s_keys Enter
s_type "1871016505900001"
s_keys C-s
expect_screen "the same NIK warns before saving" "Tetap simpan?"
expect_screen "the warning names the other record" "sudah terdaftar: Warung Sri"
s_keys y
expect_screen "saved after the warning" "Tersimpan: 18.71-U-000002"
expect_screen "back in the list" "2 data"

s_keys C-a
s_type "Setengah"
s_keys Escape
expect_screen "Esc on a changed form asks" "Buang perubahan pada data ini?"
s_keys y
expect_screen "discarded, back in the list" "2 data"

s_type "toko"
expect_screen "found" "Toko Budi"
s_keys Enter
expect_screen "record view" "Toko Budi (18.71-U-000002"
s_keys C-d
expect_screen "delete asks for a reason" "Mengapa data ini dihapus?"
s_type "   "; s_keys Enter
expect_screen "a blank reason: asked again, the reason for it in the prompt" "tuliskan alasan data ini dihapus"
expect_match "... nothing deleted" "$(s_screen)" "Mengapa data ini dihapus?"
s_keys C-u; s_type "data ganda"; s_keys Enter
expect_screen "deleted with its reason" "Terhapus: data ganda"
s_keys Escape
expect_screen "the deleted record leaves the list" "Tidak ada yang cocok"
s_keys C-u C-t
expect_screen "the deleted view" "data terhapus"
expect_screen "lists the deleted record" "Toko Budi"
s_keys C-r
expect_screen "restore asks" "Pulihkan Toko Budi"
s_keys y
expect_screen "restored" "Dipulihkan."
s_keys C-t
expect_screen "back to active records" "2 data"

s_keys C-f
expect_screen "filter screen" "saring daftar"
s_keys C-u; s_type "bandar"; s_keys Enter; s_type "tel"; s_keys Enter C-s
expect_screen "filter by kecamatan: nothing there" "0 data"
expect_screen "the filter is shown" "Saringan: Kota Bandar Lampung"
s_keys F1
expect_screen "F1 help lists the keys" "Tombol di layar ini"
expect_screen "help shows the filter key" "F4, C-f"
expect_match "a help too long for its line goes on under itself" "$(s_screen)" \
	"^...[x│]                  yang belum disimpan"
s_keys Escape Escape
expect_screen "home again" "Pilih dengan nomor"
# "1" waits for a second digit (10-12); a screen's key after it opens entry 1 and
# goes to it: 1 C-a (F5 on a terminal with F-keys) is a new UMKM form.
s_keys 1 C-a
expect_screen "1 then C-a: a new UMKM form" "UMKM: data baru"
s_keys Escape
expect_screen "the form left, the UMKM list" "Cari:"
s_keys Escape
expect_screen "home once more" "Pilih dengan nomor"
s_keys 2
expect_screen "koperasi list" "Cari:"
s_keys C-a
expect_screen "koperasi form" "Nama koperasi"
s_keys Escape Escape 1 2
expect_screen "12 opens Pengaturan from home" "Akun petugas"
s_keys C-c
expect_screen "Ctrl-C quits to the shell" "PROMPT$"
s_type "s=\$(stty -a | tr ' ;' '\n\n' | grep -x -e echo -e icanon | tr '\n' ,); echo \"R=\$s\""
s_keys Enter
scr=$(s_wait "R=i")
expect_match "terminal restored after Ctrl-C" "$scr" "R=icanon,echo,"
