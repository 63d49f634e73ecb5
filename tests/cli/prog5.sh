#!/bin/sh
# tests/cli/prog5.sh - the stimulus and Kartu Prakerja programs on the command
# line: demo data in both, `export-csv stimulus` and its --nominatif payment list,
# `export-csv prakerja --surat NOMOR`, `summary stimulus|prakerja` (text and CSV),
# import-csv of applications through the program's rules, and a district that
# writes a decision (its settings wrongly name it the deciding office): the
# province refuses its whole bundle as province-only, changing nothing.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
lines() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l | tr -d ' '; fi; }
b() { "$BANTU" --lang en "$@"; }

run b --db p.db init --office 18
run b --db p.db demo --umkm 300 --koperasi 30
expect_eq "demo at the province exits 0" "$rc" 0
napp=$(sql p.db "SELECT count(*) FROM stimulus WHERE deleted = 0")
nref=$(sql p.db "SELECT count(*) FROM prakerja WHERE deleted = 0")
if [ "$napp" -gt 20 ] && [ "$nref" -gt 20 ]; then t_ok "demo fills both programs ($napp applications, $nref referrals)"
else t_fail "demo fills both programs" "$napp applications, $nref referrals"; fi
for s in diajukan diverifikasi disetujui ditolak dicairkan; do
	n=$(sql p.db "SELECT count(*) FROM stimulus WHERE status = '$s'")
	if [ "$n" -gt 0 ]; then t_ok "demo has applications $s ($n)"; else t_fail "demo has applications $s"; fi
done

# ---- export-csv stimulus ----
run b --db p.db export-csv stimulus
expect_eq "export-csv stimulus exits 0" "$rc" 0
expect_match "its first row says it holds NIKs and account numbers" "$(printf '%s\n' "$out" | head -1)" '^# PERSONAL DATA: .*NIK.*Account no'
out=$(printf '%s\n' "$out" | grep -v '^#')
expect_match "its header names the fields" "$(printf '%s\n' "$out" | head -1)" '^penerima,nama_usaha,nama_pemilik,nik,kabupaten_kota,.*jumlah_disetujui'
expect_eq "one row per application" "$(($(lines "$out") - 1))" "$napp"
expect_match "the beneficiary is its registration no." "$(printf '%s\n' "$out" | sed -n 2p)" '^18(\.[0-9]+)?-[UK]-[0-9]+,'

# ---- --nominatif ----
run b --db p.db export-csv stimulus --nominatif
expect_eq "export-csv stimulus --nominatif exits 0" "$rc" 0
expect_match "its first row says it holds NIKs and account numbers" "$(printf '%s\n' "$out" | head -1)" \
	'^"?# PERSONAL DATA: this file holds .*NIK.*Account no\. of persons'
out=$(printf '%s\n' "$out" | tail -n +2)
expect_eq "then the bank's header" "$(printf '%s\n' "$out" | head -1)" "No,Nama Pemilik,NIK,Nama Usaha,Bank,Nomor Rekening,Nama Rekening,Jumlah"
want=$(sql p.db "SELECT count(*) FROM stimulus WHERE deleted = 0 AND status = 'disetujui'")
expect_eq "one row per approved, unpaid application" "$(($(lines "$out") - 1))" "$want"
sum=$(printf '%s\n' "$out" | tail -n +2 | awk -F, '{ s += $NF } END { print s + 0 }')
expect_eq "the amounts are the approved ones" "$sum" \
	"$(sql p.db "SELECT coalesce(sum(jumlah_disetujui), 0) FROM stimulus WHERE deleted = 0 AND status = 'disetujui'")"
expect_match "rows are numbered from 1" "$(printf '%s\n' "$out" | sed -n 2p)" '^1,'
run b --db p.db export-csv prakerja --nominatif
expect_eq "--nominatif is not a prakerja variant (usage)" "$rc" 2

# ---- prakerja --surat ----
letter="560/101/DKUKM/V/2020"
run b --db p.db export-csv prakerja --surat "$letter"
expect_eq "export-csv prakerja --surat exits 0" "$rc" 0
expect_match "its first row says it holds NIKs" "$(printf '%s\n' "$out" | head -1)" '^"?# PERSONAL DATA: .*NIK'
out=$(printf '%s\n' "$out" | tail -n +2)
expect_eq "then the letter list's header" "$(printf '%s\n' "$out" | head -1)" "Nama,NIK,Alamat,Telepon,Alasan"
want=$(sql p.db "SELECT count(*) FROM prakerja WHERE deleted = 0 AND nomor_surat = '$letter'")
expect_eq "one row per referral sent with the letter" "$(($(lines "$out") - 1))" "$want"
nik=$(sql p.db "SELECT nik FROM prakerja WHERE nomor_surat = '$letter' LIMIT 1")
expect_match "the list names the NIK" "$out" ",$nik,"
run b --db p.db export-csv prakerja --surat 999/NONE
expect_eq "a letter no referral went with: exit 1" "$rc" 1
expect_match "... saying so" "$err" "no referral was forwarded with letter 999/NONE"
run b --db p.db export-csv prakerja -o all.csv
expect_eq "export-csv prakerja exits 0" "$rc" 0
expect_match "the referrals' first row says it holds NIKs" "$(head -1 all.csv)" '^# PERSONAL DATA: .*NIK'
expect_eq "every referral" "$(($(grep -vc '^#' all.csv) - 1))" "$nref"

# ---- summaries ----
run b --db p.db summary stimulus
expect_eq "summary stimulus exits 0" "$rc" 0
expect_match "it has the budget" "$out" 'Budget +Rp2\.000\.000\.000'
approved=$(sql p.db "SELECT coalesce(sum(jumlah_disetujui), 0) FROM stimulus WHERE deleted = 0 AND status IN ('disetujui', 'dicairkan')")
run b --db p.db summary stimulus --format csv
expect_eq "summary stimulus --format csv exits 0" "$rc" 0
total=$(printf '%s\n' "$out" | grep '^Total,' | head -1 | cut -d, -f4)
expect_eq "the CSV total approved is the database's" "$total" "$approved"
# Quotas: a kabupaten/kota without one shows none (not "Rp0", a quota of nothing);
# one with a quota shows it and what is left of it; the total adds the quotas set.
metro=$(printf '%s\n' "$out" | grep '^Kota Metro,')
expect_match "no quota set: quota and quota left blank" "$metro" ',,$'
expect_match "... and blank in the total too" "$(printf '%s\n' "$out" | grep '^Total,' | head -1)" ',,$'
printf 'programs:\n  stimulus:\n    quotas: { "18.72": 50000000 }\n' >quota.yaml
run b --config quota.yaml --db p.db summary stimulus --format csv
metro_approved=$(sql p.db "SELECT coalesce(sum(jumlah_disetujui), 0) FROM stimulus WHERE deleted = 0
	AND status IN ('disetujui', 'dicairkan') AND kabupaten_kota = '18.72'")
expect_match "a quota set: shown, and what is left of it" "$(printf '%s\n' "$out" | grep '^Kota Metro,')" \
	",50000000,$((50000000 - metro_approved))\$"
expect_match "... others still blank" "$(printf '%s\n' "$out" | grep '^Kota Bandar Lampung,')" ',,$'
expect_match "... the total: the quotas set" "$(printf '%s\n' "$out" | grep '^Total,' | head -1)" \
	",50000000,$((50000000 - metro_approved))\$"
run b --db p.db summary prakerja --format csv
expect_eq "summary prakerja exits 0" "$rc" 0
expect_match "the funnel's header" "$(printf '%s\n' "$out" | sed -n 2p)" 'recorded,forwarded to Disnaker,registered,accepted,refused'
fwd=$(sql p.db "SELECT count(*) FROM prakerja WHERE deleted = 0 AND status = 'diteruskan'")
expect_eq "the funnel counts those forwarded" "$(printf '%s\n' "$out" | grep '^Total,' | cut -d, -f3)" "$fwd"
run b --db p.db summary prakerja --kabupaten 18.71
expect_eq "summary prakerja --kabupaten 18.71 exits 0" "$rc" 0
expect_eq "one kabupaten/kota and the total" "$(printf '%s\n' "$out" | grep -c 'Kota Bandar Lampung\|^Total')" 2

# ---- import-csv of applications goes through the rules ----
taken=$(sql p.db "SELECT u.reg_no FROM umkm u JOIN stimulus s ON s.nik = u.nik WHERE s.status <> 'ditolak' LIMIT 1")
free=$(sql p.db "SELECT reg_no FROM umkm WHERE nik NOT IN (SELECT nik FROM stimulus WHERE nik IS NOT NULL) LIMIT 1")
printf 'penerima,jumlah_diajukan,tanggal_pengajuan\n%s,1500000,04/05/2020\n%s,1000000,04/05/2020\n' "$taken" "$free" >apps.csv
run b --db p.db import-csv stimulus apps.csv --rejects rej.csv
expect_match "import-csv: one added, one refused" "$out$err" '1 (added|ditambahkan).*1 (rejected|ditolak)|added: 1.*rejected: 1'
expect_match "the refusal names the first stimulus" "$(cat rej.csv 2>/dev/null)" 'already has a stimulus: .*-S-'
expect_eq "the new application is diajukan" \
	"$(sql p.db "SELECT s.status FROM stimulus s JOIN umkm u ON s.nik = u.nik WHERE u.reg_no = '$free'")" diajukan

# ---- a district writing a decision: the province refuses those changes ----
# (issue 20: a district running a build without the rules, BANTU_TEST_NO_RULES;
# the bundle can be trusted, so it is applied and the decisions refused, kept
# in the log, left out of the tables)
run b --db p.db keys export -o prov.keys
run b --db d.db init --office 18.71 --province-key prov.keys
expect_eq "a district 18.71" "$rc" 0
printf 'programs:\n  stimulus:\n    province_office: "18.71"\n' >wrong.yaml
export BANTU_TEST_NO_RULES=1
run b --config wrong.yaml --db d.db demo --umkm 120 --koperasi 0 --seed 99
unset BANTU_TEST_NO_RULES
expect_eq "demo at a district whose settings name it the deciding office" "$rc" 0
n=$(sql d.db "SELECT count(*) FROM stimulus WHERE jumlah_disetujui IS NOT NULL")
if [ "$n" -gt 0 ]; then t_ok "the district wrote decisions ($n)"; else t_fail "the district wrote decisions"; fi
run b --db d.db bundle export --to 18 -o d.bundle
dfp=$(b --db d.db keys fingerprint)
b --db p.db bundle import d.bundle >/dev/null 2>&1
run b --db p.db office approve 18.71 "$dfp"
expect_eq "the province approves 18.71" "$rc" 0
before=$(sql p.db "SELECT count(*) FROM op")
run b --db p.db bundle import d.bundle
expect_eq "the bundle with decisions is imported (exit 0)" "$rc" 0
expect_match "... its decisions refused" "$out" 'refused stimulus .*province office'
if [ "$(sql p.db "SELECT count(*) FROM op")" -gt "$before" ]; then
	t_ok "... and kept in the log"; else t_fail "... and kept in the log"; fi
expect_eq "... no district decision at the province" \
	"$(sql p.db "SELECT count(*) FROM stimulus WHERE kantor_pengusul = '18.71' AND jumlah_disetujui IS NOT NULL")" 0
# A district with the default settings: its demo is the registry alone; it
# proposes (import-csv through the rules) and its bundle is accepted.
run b --db e.db init --office 18.72 --province-key prov.keys
run b --db e.db demo --umkm 40 --koperasi 0
expect_eq "a district's demo makes no program records" "$(sql e.db "SELECT count(*) FROM stimulus")" 0
r1=$(sql e.db "SELECT reg_no FROM umkm ORDER BY reg_no LIMIT 1")
r2=$(sql e.db "SELECT reg_no FROM umkm WHERE nik <> (SELECT nik FROM umkm WHERE reg_no = '$r1') ORDER BY reg_no LIMIT 1")
printf 'penerima,jumlah_diajukan\n%s,1000000\n%s,2000000\n' "$r1" "$r2" >e-apps.csv
run b --db e.db import-csv stimulus e-apps.csv
expect_match "the district proposes two applications" "$out" ': 2 rows: 2 added'
printf 'penerima,jumlah_diajukan,status,jumlah_disetujui\n%s,1000000,disetujui,1000000\n' "$r2" >e-dec.csv
run b --db e.db import-csv stimulus e-dec.csv
expect_match "an import cannot make the district decide" "$out" '0 added.*1 rejected'
run b --db e.db bundle export --to 18 -o e.bundle
efp=$(b --db e.db keys fingerprint)
b --db p.db bundle import e.bundle >/dev/null 2>&1
b --db p.db office approve 18.72 "$efp" >/dev/null 2>&1
run b --db p.db bundle import e.bundle
expect_eq "its bundle is imported" "$rc" 0
expect_eq "its applications reach the province" \
	"$(sql p.db "SELECT count(*) FROM stimulus WHERE kantor_pengusul = '18.72'")" 2
run b --db p.db check
expect_eq "the province's database checks clean" "$rc" 0

# ---- purge: the copies an application keeps go with the business's ----
row=$(sql p.db "SELECT s.reg_no, u.reg_no, u.nik, s.nomor_rekening FROM stimulus s JOIN umkm u
	ON s.penerima = 'umkm:' || lower(hex(u.id)) WHERE s.nomor_rekening IS NOT NULL LIMIT 1")
sreg=$(echo "$row" | cut -d'|' -f1) ureg=$(echo "$row" | cut -d'|' -f2)
nik=$(echo "$row" | cut -d'|' -f3) acct=$(echo "$row" | cut -d'|' -f4)
expect_match "an application with an account number to purge" "$nik/$acct" '^[0-9]{16}/.+'
run b --db p.db purge umkm "$ureg" --reason "permintaan pemilik"
expect_eq "purge exits 0" "$rc" 0
expect_eq "the application keeps no NIK, name nor account" \
	"$(sql p.db "SELECT coalesce(nik,'') || coalesce(nama_pemilik,'') || coalesce(nomor_rekening,'') FROM stimulus WHERE reg_no = '$sreg'")" ""
expect_eq "the NIK is nowhere in the database, op log included" \
	"$(sqlite3 p.db .dump | grep -c "$nik")" 0
expect_eq "the account number neither" "$(sqlite3 p.db .dump | grep -c -- "$acct")" 0
run b --db p.db check
expect_eq "the database checks clean after the purge" "$rc" 0
echo "1..$T_N"
