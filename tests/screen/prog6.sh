#!/bin/sh
# Screen tests of programs 4 and 7 at 80x24 with the keyboard alone: an APD order
# to a producer picked by typing its name, a partial delivery against the order
# (picked the same way) and the order's state in its list, a distribution above
# the office's stock refused and one within it saved; a restructuring case whose
# lender's decision is recorded later (a decision dated before the letter
# refused, then corrected).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export BANTU_TODAY=2020-06-20 NO_COLOR=1

db=$T_TMP/p.db
expect_ok "init" "$BANTU" --db "$db" init --office 18
cat >"$T_TMP/u.csv" <<'EOF'
nama_usaha,nama_pemilik,nik,kabupaten_kota
Konveksi Sari,Sari,1871016505900001,Kota Bandar Lampung
EOF
expect_ok "a producer" "$BANTU" --db "$db" import-csv umkm "$T_TMP/u.csv"

# field TEXT: types TEXT and moves to the next field.
field() { s_type "$1"; s_keys Enter; }
# pick TEXT SHOWN: types TEXT into a picker, waits for SHOWN, takes it.
pick() { s_type "$1"; s_wait "$2" >/dev/null; s_keys Enter; }

s_start
s_type "$BANTU --db p.db"; s_keys Enter
expect_screen "home" "Produksi APD"
s_keys 6
expect_screen "the APD menu" "Penerimaan APD"

# ---- an order ----
s_keys 1
expect_screen "the order list" "Pesanan APD"
s_keys F5
expect_screen "a new order" "Pesanan APD: data baru"
pick "konv" "Konveksi Sari (18-U-000001)"
pick "mas" "masker kain"
field 100; field 5000; s_type 01/06/2020; s_type 30/06/2020  # complete dates move on
s_keys F2
expect_screen "the order saved" "Tersimpan: 18-A-000001"
expect_screen "a new order is ordered (dipesan)" "dipesan"

# ---- a partial delivery ----
s_keys Escape 2
expect_screen "the delivery list" "Penerimaan APD"
s_keys F5
expect_screen "a new delivery" "Penerimaan APD: data baru"
pick "konv" "Konveksi Sari (18-A-000001)"
s_type 10/06/2020; field 60; field 5
s_keys F2
expect_screen "the delivery saved" "Tersimpan: 18-G-000001"
s_keys Escape 1
expect_screen "the order is partly received" "sebagian diterima"
s_keys Enter
expect_screen "the order's view: accepted so far" "Diterima baik              55"
expect_screen "the order's view: owed to the producer" "Rp275.000"

# ---- a distribution above the stock, then within it ----
s_keys Escape Escape 3
expect_screen "the distribution list" "Penyaluran APD"
s_keys F5
expect_screen "a new distribution" "Penyaluran APD: data baru"
field "Pasar Tugu"; s_type 15/06/2020
pick "mas" "masker kain"
field 56
pick "ped" "pedagang pasar"
pick "bandar" "Kota Bandar Lampung"
s_keys F2
expect_screen "above the stock: refused with what is left" "tidak cukup: sisa 55, diperlukan 56"
s_keys C-u; s_type 50; s_keys F2
expect_screen "within the stock: saved" "Tersimpan: 18-D-000001"
s_keys Escape 5
expect_screen "the summary" "APD per barang"
s_keys Escape Escape

# ---- a restructuring case, then the lender's decision ----
expect_screen "home again" "Restrukturisasi"
s_keys 9 1
expect_screen "the case list" "Kasus restrukturisasi"
s_keys F5
expect_screen "a new case" "Kasus restrukturisasi: data baru"
pick "konv" "Konveksi Sari (18-U-000001)"
pick "bpr" "BPR"
field "BPR Tanjung"
pick "kur" "KUR"
field 50000000; field 30000000
s_keys Enter Enter Enter
s_keys F2
expect_screen "saved without the collectibility: refused" "Kolektibilitas wajib diisi"
# The second field refused, away from the cursor: its message starts beside its
# (empty) value, not after the field's whole column, so most of it shows (here
# its end, right of the picker: "!sebutkan yang di" before).
scr=$(s_screen)
expect_match "the other message beside its empty field, readable" "$scr" \
	"^Restrukturisasi diminta .*enundaan$"
pick "kurang" "kurang lancar"
field 2; field 6; s_type 01/06/2020; field 500/1/2020
s_keys F2
expect_screen "the case saved" "Tersimpan: 18-R-000001"
s_keys Enter
expect_screen "the case's view" "Nomor surat fasilitasi     500/1/2020"
s_keys F6
expect_screen "editing the case" "ubah 18-R-000001"
i=0
while [ $i -lt 14 ]; do s_keys Tab; i=$((i + 1)); done
pick "disetujui seb" "disetujui sebagian"
s_type 31/05/2020; field 900000; field 24
s_keys F2
expect_screen "a decision before the letter is refused" "tanggal keputusan sebelum surat fasilitasi"
s_keys C-u; s_type 10/06/2020; s_keys F2
expect_screen "the decision recorded" "Tersimpan"
expect_screen "the decision in the view" "Keputusan kreditur         disetujui sebagian"
scr=$(s_screen)
expect_match "the new instalment in the view" "$scr" "Angsuran baru +Rp900.000"
s_keys F10
expect_screen "F10 quits" "PROMPT$"
s_stop
