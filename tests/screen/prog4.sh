#!/bin/sh
# Screen tests of programs 1, 2 and 5 at 80x24, keyboard only: a warung point whose
# operator is picked by typing part of its name (and typed as a registration no.), the
# operator's record view listing its part in the programs, a week's reports keyed in
# the grid, a product moved along its states (a skipped state refused), a class with
# three participants picked by name (a fourth refused: full) and their attendance
# marked on the fast list (refused before a class's date).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.lib"
export BANTU_TODAY=2020-05-20 NO_COLOR=1
db=$T_TMP/g.db

expect_ok "init" "$BANTU" --db "$db" init --office 18
expect_ok "demo" "$BANTU" --db "$db" demo --umkm 120 --koperasi 6 --seed 11
# Businesses whose name no other business starts with: the first hit of a search.
names=$(sql "$db" "SELECT nama_usaha FROM umkm u WHERE (SELECT count(*) FROM umkm v
	WHERE v.nama_usaha = u.nama_usaha OR v.nama_usaha LIKE u.nama_usaha || ' %') = 1
	ORDER BY rowid LIMIT 5")
op=$(printf '%s\n' "$names" | sed -n 1p)
b1=$(printf '%s\n' "$names" | sed -n 2p)
b2=$(printf '%s\n' "$names" | sed -n 3p)
b3=$(printf '%s\n' "$names" | sed -n 4p)
b4=$(printf '%s\n' "$names" | sed -n 5p)
op_reg=$(sql "$db" "SELECT reg_no FROM umkm WHERE nama_usaha = '$op'")
b4_reg=$(sql "$db" "SELECT reg_no FROM umkm WHERE nama_usaha = '$b4'")

s_start
s_type "$BANTU --db g.db"; s_keys Enter
expect_screen "home" "Warung Pesan Kirim"

# ---- a warung point: the operator picked by typing part of its name ----
s_keys 3
expect_screen "the program's menu" "Laporan mingguan: isian per minggu"
s_keys 1
expect_screen "the points' list" "Titik warung"
s_keys F5
expect_screen "a new point" "Titik warung: data baru"
s_type "Warung Uji Layar"; s_keys Enter
op_first=$(printf '%s' "$op" | cut -d' ' -f1-2)
s_type "$op_first"
expect_screen "typing part of the name lists the operator" "($op_reg)"
s_type "${op#"$op_first"}"
expect_screen "the whole name: still there" "$op ($op_reg)"
s_keys Enter
s_type "Jl. Layar No. 1"; s_keys Enter
s_type "metro"; s_keys Enter; s_type "metro pusat"; s_keys Enter; s_keys Enter
s_type "0812 3456 7890"; s_keys Enter; s_keys Enter
s_type "1;3"; s_keys Enter; s_type "1"; s_keys Enter
s_type "07.00-17.00"; s_keys Enter; s_type "01052020"
s_keys F2
expect_screen "the point is saved" "Tersimpan: 18-W-000227."
s_type "uji layar"
expect_screen "found by its name" "Warung Uji Layar"
s_keys Enter
expect_screen "its record: the operator named with its registration no." "$op ($op_reg)"
scr=$(s_screen)
expect_match "its record: active by default" "$scr" "Status +aktif"
expect_match "its record: the WhatsApp number" "$scr" '\+6281234567890'
# Another operator typed as a registration no.; a number of no record refused.
s_keys F6
expect_screen "edit the point" "Titik warung: ubah 18-W-000227"
s_keys Tab C-u; s_type "18-U-999999"; s_keys Tab
expect_screen "an unknown registration no. is refused" "18-U-999999"
s_keys C-u; s_type "$b4_reg"; s_keys F2
expect_screen "the registration no. names the operator" "$b4 ($b4_reg)"
s_keys Escape Escape Escape
expect_screen "back home" "Data UMKM"

# ---- the operator's record view lists its part in the programs ----
s_keys 1 Enter
expect_screen "the UMKM list" "Cari:"
s_type "$b4"; s_keys Enter
expect_screen "the operator's record" "UMKM: $b4 ($b4_reg"
s_keys PgDn
expect_screen "its part in the programs" "Keikutsertaan dalam program"
expect_screen "... lists the new point" "18-W-000227  Warung Uji Layar  aktif"
s_keys Escape Escape Escape

# ---- a week's reports in the grid ----
s_keys 3
expect_screen "the warung menu again" "Laporan mingguan: isian per minggu"
s_keys 3
expect_screen "the grid opens on this week" "Minggu mulai: 18/05/2020"
s_keys F4
expect_screen "F4 asks the kabupaten/kota" "Kabupaten/kota (nama atau kode):"
s_type "kota metro"; s_keys Enter
expect_screen "then the week" "kosong: minggu ini"
s_type "20052020"; s_keys Enter
expect_screen "the grid of Kota Metro" "Kabupaten/kota: Kota Metro   Minggu mulai: 18/05/2020"
points=$(sql "$db" "SELECT count(*) FROM warung WHERE kabupaten_kota = '18.72' AND status = 'aktif'")
expect_screen "one row per active point" "$points titik"
s_type "12"; s_keys Enter; s_type "350000"; s_keys Enter
s_type "x"; s_keys Enter
expect_screen "a word where a number belongs: refused" "Pesanan: 'x' bukan bilangan bulat"
s_keys C-u; s_type "8"; s_keys Enter
s_keys F2
expect_screen "a half-filled row: nothing saved, the reason shown" "Omzet wajib diisi"
expect_eq "nothing was written" \
	"$(sql "$db" "SELECT count(*) FROM warung_laporan WHERE minggu = '2020-05-18'")" 0
s_type "Rp 200.000"; s_keys F2
expect_screen "the week's reports are saved" "2 laporan tersimpan"
expect_eq "two reports of the week in the database" \
	"$(sql "$db" "SELECT count(*) FROM warung_laporan WHERE minggu = '2020-05-18'")" 2
expect_eq "with the orders keyed" \
	"$(sql "$db" "SELECT sum(pesanan) || '/' || sum(omzet) FROM warung_laporan WHERE minggu = '2020-05-18'")" \
	"20/550000"
s_keys Escape
expect_screen "back to the warung menu" "Laporan mingguan: isian per minggu"
s_keys 2
# (the menu says "Laporan mingguan" too: wait for the list's heading)
scr=$(s_wait "Nama titik")
expect_match "... its week column headed 'Minggu', not a label cut ('Minggu (hari Seninn')" \
	"$scr" "^Nama titik +Minggu +Kabupaten/kota +No. registrasi *$"
s_keys Escape Escape

# ---- a product along its states ----
s_keys 4
expect_screen "the marketing menu" "Produk"
s_keys 1
expect_screen "the products' list" "Nama produk"
s_keys F5
s_type "Kopi Uji Layar"; s_keys Enter
s_type "$op"; s_keys Enter
# (the picker lists "$op (18-U-...)" while the keys arrive: wait for the
# business name, which shows in its own field only once the business is chosen)
scr=$(s_wait "$(printf '%-28s%s' 'Nama usaha' "$op")")
expect_match "the chosen business whole, its registration number too" "$scr" "^UMKM \* +$op \(18-U-[0-9]{6}\) *$"
expect_match "its name shows before the save" "$scr" "^Nama usaha +[A-Z]"
expect_match "and its kecamatan" "$scr" "^Kecamatan +[A-Z]"
s_type "2"; s_type "Kopi bubuk"; s_keys Enter
s_type "30000"; s_keys Enter; s_type "pcs"; s_keys Enter
s_type "1"; s_keys Enter; s_type "https://umkm.lampungprov.go.id/p/9"
s_keys F2
expect_screen "the product is saved" "Tersimpan: 18-P-"
s_type "kopi uji layar"; s_keys Enter
expect_screen "its record: submitted" "Tahap                      diajukan"
s_keys F6
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do s_keys Tab; done
s_keys C-u; s_type "3"; s_keys F2
expect_screen "submitted -> live skips curation: refused" \
	"Tahap tidak dapat berpindah dari diajukan ke tayang"
s_keys C-u; s_type "2"
s_keys F2
expect_screen "curated needs the curator's note" "produk yang dikurasi perlu catatan kurator"
s_type "Foto jelas"; s_keys F2
expect_screen "curated" "Tahap                      dikurasi"
s_keys F6
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do s_keys Tab; done
s_keys C-u; s_type "3"; s_keys F2
expect_screen "live" "Tahap                      tayang"
s_keys End
expect_screen "the history: the move to curated" "Tahap: diajukan -> dikurasi"
expect_screen "the history: the move to live, dated" "Tayang sejak: (kosong) -> 20/05/2020"
# The list filtered by the business's kabupaten/kota (copied into the product).
kab=$(sql "$db" "SELECT r.name FROM umkm u JOIN region r ON r.code = u.kabupaten_kota WHERE u.nama_usaha = '$op'")
n_kab=$(sql "$db" "SELECT count(*) FROM produk p JOIN umkm u ON p.umkm = 'umkm:' || lower(hex(u.id))
	WHERE u.kabupaten_kota = (SELECT kabupaten_kota FROM umkm WHERE nama_usaha = '$op')")
s_keys Escape C-u F4
expect_screen "F4: the products' filter" "Produk: saring daftar"
s_type "$kab"; s_keys Enter F2
expect_screen "filtered by kabupaten/kota" "Saringan: $kab"
expect_screen "... counting that kabupaten/kota's products" " $n_kab data"
s_type "kopi uji"
expect_screen "the product is there" "Kopi Uji Layar"
s_keys Escape Escape Escape

# ---- a class, three participants, attendance ----
s_keys 7
expect_screen "the training menu" "Kehadiran"
s_keys 1
expect_screen "the classes' list" "Judul kelas"
s_keys F5
s_type "Kelas Uji Layar"; s_keys Enter
s_type "1"; s_type "1"; s_type "20052020"  # a complete date moves on by itself
s_type "09.00"; s_keys Enter; s_type "Rina"; s_keys Enter; s_type "3"
s_keys F2
expect_screen "the class is saved" "Tersimpan: 18-T-000013."
s_keys Escape 2
expect_screen "the participants' list" "Peserta"
s_keys F5
s_type "uji layar"
expect_screen "the class found by typing part of its title" "Kelas Uji Layar (18-T-000013)"
s_keys Enter
for b in "$b1" "$b2" "$b3"; do
	s_type "$b"
	expect_screen "'$b' found as typed" "$b (18-U-"
	s_keys Enter F3
	expect_screen "'$b' enrolled (save and next keeps the class)" "Tersimpan: 18-E-"
done
s_type "$b4"; s_keys Enter F3
expect_screen "a fourth participant: the class is full" "kelas penuh: 3 dari 3 tempat terisi"
s_keys Escape
expect_screen "leaving the unsaved form asks" "Buang perubahan"
s_keys y Escape
s_keys 3
expect_screen "the attendance screen asks for the class" "Kelas (ketik sebagian judul):"
s_type "uji layar"; s_keys Enter
expect_screen "its three participants" "3 peserta, 0 hadir"
expect_match "... the status bar names the space bar as the hint does" "$(s_screen)" "Spasi Tandai"
s_keys Space Space Space
expect_screen "Space marks present, moving down" "3 peserta, 3 hadir"
# The last row keeps the selection; Up goes to the second.
s_keys Up Space
expect_screen "Space again: absent" "3 peserta, 2 hadir"
expect_screen "... marked [-]" "[-]"
s_keys F2
expect_screen "attendance saved" "Kehadiran tersimpan: 3 berubah"
expect_eq "attendance in the database" \
	"$(sql "$db" "SELECT group_concat(kehadiran, ',') FROM (SELECT kehadiran FROM peserta WHERE judul_kelas = 'Kelas Uji Layar' ORDER BY nama_usaha COLLATE NOCASE)")" \
	"hadir,tidak hadir,hadir"
# A class still to come: attendance refused.
s_keys Escape
day=$(sql "$db" "SELECT tanggal FROM kelas WHERE judul = 'Sertifikat PIRT dan Halal'" |
	sed 's/\(....\)-\(..\)-\(..\)/\3\/\2\/\1/')
s_keys C-u; s_type "sertifikat pirt"; s_keys Enter
expect_screen "a class to come" "Sertifikat PIRT dan Halal  ($day)"
s_keys Space F2
expect_screen "attendance before the class date: refused" "kehadiran baru bisa dicatat mulai tanggal kelas ($day)"
s_keys Escape
expect_screen "leaving with unsaved marks asks" "Buang kehadiran"
s_keys y Escape Escape F10
s_wait 'PROMPT$' >/dev/null
expect_ok "bantu check after the screens" "$BANTU" --db "$db" check
