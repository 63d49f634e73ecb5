#!/bin/sh
# tests/cli/purge_sticks.sh - a purge that sticks (issue 20, "Purge undone by
# offline copies"): the province purges a person; a district that had not yet
# seen the purge refers her to Kartu Prakerja and enrols her business in a class
# (both records copy her NIK, name, address and phone); after the exchange her
# values are in neither office's database files (db, -wal, -shm), the copies'
# other fields stay, hash chains verify and `check` passes on both. A person who
# comes back is registered anew: a referral for the new record keeps its values.
. "$(dirname "$0")/../lib.sh"
fx=$(cd "$(dirname "$0")/fixtures" && pwd)
cd "$T_TMP" || exit 1
export BANTU_TODAY=2020-06-25

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
b() { "$BANTU" --lang en "$@"; }
q() { b "$@" >/dev/null 2>&1 || t_fail "$*"; }
exchange() { q --db "$1.db" bundle export --to "$2" -o x.bundle; q --db "$3.db" bundle import x.bundle; }

NIK=1871015205900001
NAME="Sri Wahyuni"
ADDR="Jl. Kartini 1"
PHONE=81234567890     # stored +6281234567890
MAIL=sri.wahyuni@example.id

raw_has() {
	for f in "$1" "$1-wal" "$1-shm"; do
		[ -f "$f" ] && grep -aqF -- "$2" "$f" && return 0
	done
	return 1
}
# gone WHAT DB: none of her values are in DB's files; the copies keep the rest.
gone() {
	for v in "$NIK" "$NAME" "$ADDR" "$PHONE" "$MAIL"; do
		if raw_has "$2" "$v"; then
			t_fail "$1: '$v' is nowhere in the database files" \
				"$(sql "$2" "SELECT entity, fields FROM op WHERE instr(fields, '$v') > 0" | head -3)"
			return
		fi
	done
	t_ok "$1: her NIK, name, address, phone and e-mail are nowhere in the database files"
	expect_eq "$1: the referral stays, without her" \
		"$(sql "$2" "SELECT count(*) FROM prakerja WHERE nama_usaha = 'Keripik Sri' AND nik IS NULL
			AND nama IS NULL AND telepon IS NULL AND email IS NULL AND alamat IS NULL")" 1
	expect_eq "$1: the enrolment stays, without her phone" \
		"$(sql "$2" "SELECT count(*) FROM peserta WHERE nama_usaha = 'Keripik Sri' AND telepon IS NULL")" 1
	run b --db "$2" check
	expect_eq "$1: bantu check passes (chains, fold, purged values)" "$rc" 0
}

q --db p.db init --office 18
q --db p.db keys export -o prov.keys
q --db d.db init --office 18.71 --province-key prov.keys
q --db d.db bundle export --to 18 -o d0.bundle
b --db p.db bundle import d0.bundle >/dev/null 2>&1
q --db p.db office approve 18.71 "$(b --db d.db keys fingerprint)"
q --db p.db import-csv umkm "$fx/umkm_good.csv"
REG=$(sql p.db "SELECT reg_no FROM umkm WHERE nik = '$NIK'")
printf 'judul,topik,platform,tanggal,jam,pelatih,kapasitas\nPemasaran Digital,pemasaran digital,zoom,20/06/2020,09.00,Bu Ani,10\n' >k.csv
q --db p.db import-csv pelatihan k.csv
T=$(sql p.db "SELECT reg_no FROM kelas")
exchange p 18.71 d
expect_eq "the district holds her record" "$(sql d.db "SELECT count(*) FROM umkm WHERE nik = '$NIK'")" 1

# ---- the province purges her; the district, not yet aware, refers and enrols her ----
run b --db p.db purge umkm "$REG" --reason "permintaan pemilik (UU 27/2022)"
expect_eq "the province purges her: exit 0" "$rc" 0
printf 'penerima,alasan,telepon,email,tanggal_rujukan\n%s,usaha berhenti,0%s,%s,01/06/2020\n' "$REG" "$PHONE" "$MAIL" >j.csv
run b --db d.db import-csv prakerja j.csv
expect_match "the district refers her to Kartu Prakerja" "$out" '1 added'
printf 'kelas,umkm\n%s,%s\n' "$T" "$REG" >e.csv
run b --db d.db import-csv peserta e.csv
expect_match "... and enrols her business in a class" "$out" '1 added'
expect_eq "the referral copied her NIK and name" \
	"$(sql d.db "SELECT nik || '/' || nama FROM prakerja")" "$NIK/$NAME"

# ---- the exchange, both ways ----
exchange d 18 p
exchange p 18.71 d
gone "province" p.db
gone "district" d.db
h=$(printf '%s' "$NIK" | b2sum -l 256 | cut -d' ' -f1)
for db in p.db d.db; do
	expect_eq "$db: no purge marker is the plain BLAKE2b of the NIK (salted, the salt erased)" \
		"$(sql $db "SELECT count(*) FROM op WHERE instr(fields, '$h') > 0")" 0
done
expect_eq "both offices hold the same op log" \
	"$(sql p.db 'SELECT hex(hash), fields FROM op ORDER BY origin, seq' | cksum)" \
	"$(sql d.db 'SELECT hex(hash), fields FROM op ORDER BY origin, seq' | cksum)"

# ---- a later edit of the referral, at the district: scrubbed too ----
printf 'penerima,nama,alasan,telepon,tanggal_rujukan\n%s,,usaha berhenti,0%s,01/06/2020\n' "$REG" "$PHONE" >j2.csv
b --db d.db import-csv prakerja j2.csv >/dev/null 2>&1
if raw_has d.db "$PHONE"; then t_fail "a phone keyed again on her referral is not kept"
else t_ok "a phone keyed again on her referral is not kept"; fi

# ---- she comes back: a new record, made on purpose, keeps its values ----
sed -n '1p;2p' "$fx/umkm_good.csv" | sed 's/^Keripik Sri,/Keripik Sri Baru,/' >again.csv
run b --db p.db import-csv umkm again.csv
expect_match "the province registers her anew" "$out" '1 added'
NEW=$(sql p.db "SELECT reg_no FROM umkm WHERE nama_usaha = 'Keripik Sri Baru'")
printf 'penerima,alasan,telepon,tanggal_rujukan\n%s,usaha berhenti,0%s,02/06/2020\n' "$NEW" "$PHONE" >j3.csv
run b --db p.db import-csv prakerja j3.csv
exchange p 18.71 d
expect_eq "a referral for the new record keeps her NIK (not a copy of the purged one)" \
	"$(sql d.db "SELECT count(*) FROM prakerja WHERE nik = '$NIK'")" 1
run b --db d.db check
expect_eq "check passes at the district" "$rc" 0
