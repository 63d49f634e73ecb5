# gen-umkm.awk - N synthetic, valid UMKM rows as CSV in the columns of
# `bantu export-csv umkm`. A fallback for bench/run.sh while `bantu demo` is
# not available; the benchmark uses `demo` when it works.
#
#   awk -v n=100000 -v seed=1 -f bench/gen-umkm.awk data/wilayah/indonesia-2025.csv
#
# Regions are Lampung's (18.*) codes; a NIK is its kecamatan's six digits,
# DDMMYY (day + 40 for women) and a serial that is never 0000.
BEGIN {
	FS = ","
	if (!n) n = 1000
	srand(seed ? seed : 1)
	nf = split("Sri Siti Dewi Nur Rina Wati Yuni Ani Ratna Lestari Putri Indah Fitri Ayu Endang Sumiati Suparmi Kartini Yanti Rahayu Maya Lina Ida Tuti Wulan", fem, " ")
	nm = split("Budi Agus Joko Slamet Bambang Hendra Eko Dedi Rudi Andi Ahmad Muhammad Wayan Made Yusuf Hasan Imam Rahmat Teguh Hadi Sutrisno Bayu Rizki Fajar Dimas", mal, " ")
	nl = split("Saputra Wijaya Susanto Santoso Hidayat Pratama Nugroho Setiawan Kurniawan Gunawan Siregar Lubis Hasibuan Purba Sembiring Nasution Halim Rahman Syahputra Utami Wulandari Permata Anggraini Hakim Firmansyah", last, " ")
	nk = split("Warung|Toko|Kedai|Usaha|Kripik|Bengkel|Penjahit|Konveksi|Kerajinan|Catering|Laundry|Depot|Roti|Kopi|Batik|Tapis|Ternak|Tambak|Sayur|Bakso", kind, "|")
	ns = split("Berkah|Jaya|Makmur|Sejahtera|Sentosa|Barokah|Mandiri|Abadi|Lestari|Sumber Rezeki|Maju|Bersama|Indah|Murni|Sehat|Mulia|Lancar|Harapan|Karya|Bahagia", suf, "|")
	nsec = split("perdagangan|makanan dan minuman|fesyen|kerajinan|pertanian|perikanan|peternakan|industri pengolahan|jasa|lainnya", sec, "|")
	split("perdagangan|makanan dan minuman|fesyen|kerajinan|pertanian|perikanan|peternakan|industri pengolahan|jasa|lainnya", dummy, "|")
	nimp = split("penjualan menurun|bahan baku sulit|distribusi terhambat|permodalan|produksi terhenti|lainnya", imp, "|")
	split("berjalan|berjalan|berjalan|berhenti sementara|tutup", stat, "|")
	split("4711 1079 1410 3290 0111 0321 0141 1030 9601 4799", kb, " ")
	nstreet = split("Jl. Ahmad Yani|Jl. Sudirman|Jl. Diponegoro|Jl. Kartini|Jl. Teuku Umar|Jl. Imam Bonjol|Jl. Pagar Alam|Jl. Raden Intan|Jl. Gatot Subroto|Jl. Hayam Wuruk", street, "|")
	nkec = 0
}
FNR > 1 && $1 ~ /^18\.[0-9][0-9]\.[0-9][0-9]\.[0-9]+$/ {
	k = substr($1, 1, 8)
	if (!(k in ndesa)) { kec[++nkec] = k; ndesa[k] = 0 }
	desa[k, ++ndesa[k]] = $1
}
function pick(a, m) { return a[int(rand() * m) + 1] }
function pad(x, w,   s) { s = x ""; while (length(s) < w) s = "0" s; return s }
END {
	print "nama_usaha,nama_pemilik,nik,jenis_kelamin,telepon,alamat,kabupaten_kota,kecamatan,desa,kbli,sektor,skala,nib,npwp,omzet_sebelum,omzet_sesudah,tenaga_kerja_sebelum,tenaga_kerja_sesudah,dampak,status_usaha,tanggal_pendataan,catatan,reg_no"
	for (i = 1; i <= n; i++) {
		k = kec[int(rand() * nkec) + 1]
		d = desa[k, int(rand() * ndesa[k]) + 1]
		female = rand() < 0.55
		first = female ? pick(fem, nf) : pick(mal, nm)
		owner = first " " pick(last, nl)
		biz = pick(kind, nk) " " (rand() < 0.5 ? first : pick(suf, ns))
		if (rand() < 0.3) biz = biz " " pick(suf, ns)
		day = int(rand() * 28) + 1; mon = int(rand() * 12) + 1; yr = 55 + int(rand() * 45)
		serial = (cnt[k]++ % 9999) + 1
		code = k; gsub(/\./, "", code)
		nik = code pad(day + (female ? 40 : 0), 2) pad(mon, 2) pad(yr % 100, 2) pad(serial, 4)
		tel = "08" (rand() < 0.5 ? "12" : "57") pad(int(rand() * 100000000), 8)
		alamat = pick(street, nstreet) " No. " (int(rand() * 200) + 1)
		sc = rand(); skala = sc < 0.85 ? "mikro" : (sc < 0.97 ? "kecil" : "menengah")
		before = (int(rand() * 200) + 5) * 100000
		after = int(before * (0.2 + rand() * 0.8) / 1000) * 1000
		tk1 = int(rand() * 8) + 1; tk2 = int(tk1 * rand()) + 1 > tk1 ? tk1 : int(tk1 * rand()) + 1
		dam = pick(imp, nimp); if (rand() < 0.4) { d2 = pick(imp, nimp); if (d2 != dam) dam = dam ";" d2 }
		tgl = pad(int(rand() * 28) + 1, 2) "/" pad(int(rand() * 3) + 4, 2) "/2020"
		printf "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,,,%d,%d,%d,%d,\"%s\",%s,%s,,\n", \
			biz, owner, nik, female ? "P" : "L", tel, alamat, substr(k, 1, 5), k, d, \
			pad(int(rand() * 90000) + 10000, 5), pick(sec, nsec), skala, before, after, tk1, tk2, \
			dam, stat[int(rand() * 5) + 1], tgl
	}
}
