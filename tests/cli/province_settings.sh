#!/bin/sh
# tests/cli/province_settings.sh - settings that program rules rest on are
# province data (issue 20): the stimulus budget set at the province travels in
# bundles and every office shows it as "province" and derives the same budget
# conflict from it; a district's change is refused where it is made and, from
# a build without the rules, on arrival (listed as refused, the same on every
# office); a district's YAML budget is ignored with a warning and changes no
# verdict; at the province a YAML value seeds the province data once, then is
# ignored with a warning when it differs.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/offices.lib"
cd "$T_TMP" || exit 1

offices 18.71 18.72
r1=$(umkm 1)
r2=$(umkm 2)
n1=$(sql 18.db "SELECT nama_usaha FROM umkm WHERE reg_no = '$r1'")
n2=$(sql 18.db "SELECT nama_usaha FROM umkm WHERE reg_no = '$r2'")
# Two applications approved at the province, Rp1.000.000 each.
csv apps.csv "penerima,jumlah_diajukan" "$r1,1000000" "$r2,1000000"
csv ver.csv "penerima,nama_usaha,jumlah_diajukan,status,tanggal_verifikasi,kelayakan" \
	"$r1,$n1,1000000,diverifikasi,01/06/2020,\"1,2,3,4,5\"" \
	"$r2,$n2,1000000,diverifikasi,01/06/2020,\"1,2,3,4,5\""
csv dec.csv "penerima,nama_usaha,jumlah_diajukan,status,jumlah_disetujui,tanggal_keputusan" \
	"$r1,$n1,1000000,disetujui,1000000,02/06/2020" "$r2,$n2,1000000,disetujui,1000000,02/06/2020"
for f in apps ver dec; do b --db 18.db import-csv stimulus $f.csv >/dev/null 2>&1; done
expect_eq "two approvals at the province" \
	"$(sql 18.db "SELECT count(*) FROM stimulus WHERE status = 'disetujui'")" 2

# ---- the province lowers the budget: province data ----
run b --db 18.db settings set programs.stimulus.budget 1.500.000
expect_eq "settings set at the province exits 0" "$rc" 0
run b --db 18.db settings show
expect_match "the province shows the budget from the province data" "$out" \
	'^programs\.stimulus\.budget +1500000 +province$'
rules() { b --db "$1.db" conflicts 2>/dev/null | sed -n '/^rule conflicts$/,$p'; }
r=$(rules 18)
expect_match "the province derives a budget conflict" "$r" '^stimulus-budget: Rp2\.000\.000 approved against a budget of Rp1\.500\.000'
send 18 18.71
send 18 18.72
run b --db 18.71.db settings
expect_match "a district shows the province's budget, from the province" "$out" \
	'^programs\.stimulus\.budget +1500000 +province$'
expect_eq "18.71 derives the same rule conflicts" "$(rules 18.71)" "$r"

# ---- a district's YAML budget is ignored, with a warning naming the key ----
printf 'programs:\n  stimulus:\n    budget: 9000000000\n' >big.yaml
run b --config big.yaml --db 18.72.db conflicts
expect_match "a district's YAML budget is ignored with a warning naming the key" "$err" \
	'warning: .*big\.yaml:3: programs\.stimulus\.budget is ignored at a district office'
expect_eq "... and the district derives the same rule conflicts" \
	"$(printf '%s\n' "$out" | sed -n '/^rule conflicts$/,$p')" "$r"
run b --config big.yaml --db 18.72.db settings
expect_match "... its settings show the province's budget" "$out" \
	'^programs\.stimulus\.budget +1500000 +province$'

# ---- a district's change: refused where it is made ----
run b --db 18.71.db settings set programs.stimulus.budget 9000000000
expect_eq "a district's settings set is refused" "$rc" 1
expect_match "... saying the province sets it" "$err" 'office 18.71 may not change programs\.stimulus\.budget'
expect_eq "... nothing written" "$(sql 18.71.db "SELECT nilai FROM pengaturan")" 1500000
# ... and, from a build without the rules, on arrival.
export BANTU_TEST_NO_RULES=1
run b --db 18.71.db settings set programs.stimulus.budget 9000000000
unset BANTU_TEST_NO_RULES
expect_eq "an adversary's build writes it" "$rc" 0
send 18.71 18
expect_match "the province refuses that change on arrival" "$out$err" \
	'refused pengaturan .*may not change a province setting \(programs\.stimulus\.budget\)'
expect_eq "... the province's budget is unchanged" "$(sql 18.db "SELECT nilai FROM pengaturan")" 1500000
send 18 18.72
expect_eq "18.72 lists the same refused change" "$(refused_list 18.72.db)" "$(refused_list 18.db)"
expect_eq "... keeps the province's budget" "$(sql 18.72.db "SELECT nilai FROM pengaturan")" 1500000
expect_eq "... and derives the same rule conflicts" "$(rules 18.72)" "$r"

# ---- at the province a YAML value seeds the province data once ----
printf 'programs:\n  stimulus:\n    quotas: { "18.71": 500000 }\n' >q.yaml
run b --config q.yaml --db 18.db settings
expect_match "a province YAML quota becomes province data, said on stderr" "$err" \
	'q\.yaml:3: programs\.stimulus\.quotas\.18\.71 = 500000 is now province data'
expect_match "... shown as province data" "$out" '^programs\.stimulus\.quotas\.18\.71 +500000 +province$'
printf 'programs:\n  stimulus:\n    quotas: { "18.71": 700000 }\n' >q2.yaml
run b --config q2.yaml --db 18.db settings
expect_match "a differing YAML value later is ignored with a warning" "$err" \
	'warning: .*q2\.yaml:3: programs\.stimulus\.quotas\.18\.71 is ignored: the province data holds 500000'
send 18 18.71
expect_eq "the quota reaches the district" \
	"$(b --db 18.71.db settings | grep '^programs.stimulus.quotas.18.71')" \
	"$(b --db 18.db settings | grep '^programs.stimulus.quotas.18.71')"
run b --db 18.db check
expect_eq "the province checks clean" "$rc" 0
