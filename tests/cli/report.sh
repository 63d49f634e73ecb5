#!/bin/sh
# tests/cli/report.sh - bantu report: every total of ringkasan, umkm and bulanan reconciled with
# the records `bantu export-csv` writes (computed here, independently, with Python's csv module);
# totals per kabupaten/kota add up; merged records count once; period and kabupaten filters;
# text, CSV and XLSX output (the workbook opened as the zip of XML it is); bad arguments.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1
export BANTU_LANG=en

"$BANTU" --db p.db init --office 18 >/dev/null 2>&1 || t_fail "init"
"$BANTU" --db p.db demo --umkm 1500 --koperasi 120 --seed 11 >/dev/null 2>&1 || t_fail "demo"

# Two businesses merged: each report must count the pair once, like the export.
a=$(sql p.db "SELECT reg_no FROM umkm ORDER BY rowid LIMIT 1")
b=$(sql p.db "SELECT reg_no FROM umkm ORDER BY rowid LIMIT 1 OFFSET 1")
expect_ok "merge two businesses" "$BANTU" --db p.db duplicates merge "$a" "$b"

"$BANTU" --db p.db export-csv umkm -o umkm.csv 2>/dev/null
"$BANTU" --db p.db export-csv koperasi -o koperasi.csv 2>/dev/null

# py EXPR...: a small Python program reading the exports.
cat >recon.py <<'EOF'
import csv, sys, collections
def rows(path):
    # An export holding NIKs starts with a notice row ("# DATA PRIBADI ..."): skipped.
    with open(path, newline='', encoding='utf-8') as f:
        lines = f.read().splitlines(True)
    while lines and lines[0].lstrip('"').startswith('#'):
        lines.pop(0)
    return list(csv.DictReader(lines))
def iso(d):
    dd, mm, yy = d.split('/')
    return '%s-%s-%s' % (yy, mm, dd)
what = sys.argv[1]
if what == 'count':           # count FILE [FROM TO [KAB]]
    rs = rows(sys.argv[2])
    lo = sys.argv[3] if len(sys.argv) > 3 else ''
    hi = sys.argv[4] if len(sys.argv) > 4 else ''
    kab = sys.argv[5] if len(sys.argv) > 5 else ''
    n = 0
    for r in rs:
        d = iso(r['tanggal_pendataan']) if r['tanggal_pendataan'] else ''
        if lo and (not d or d < lo): continue
        if hi and (not d or d > hi): continue
        if kab and r['kabupaten_kota'] != kab: continue
        n += 1
    print(n)
elif what == 'perkab':        # perkab FILE: "code count" lines
    c = collections.Counter(r['kabupaten_kota'] for r in rows(sys.argv[2]))
    for k in sorted(c): print(k, c[k])
elif what == 'sum':           # sum FILE FIELD
    print(sum(int(r[sys.argv[3]] or 0) for r in rows(sys.argv[2])))
elif what == 'by':            # by FILE FIELD: "value count" (empty = "-")
    c = collections.Counter(r[sys.argv[3]] or '-' for r in rows(sys.argv[2]))
    for k in sorted(c): print(k, c[k])
elif what == 'agg':           # agg FILE [sum:FIELD] [FIELD=V | FIELD!=V | FIELD?]...
    total = 0
    summed = None
    conds = []
    for a in sys.argv[3:]:
        if a.startswith('sum:'): summed = a[4:]
        elif '!=' in a: conds.append(('ne',) + tuple(a.split('!=', 1)))
        elif '=' in a: conds.append(('eq',) + tuple(a.split('=', 1)))
        elif a.endswith('?'): conds.append(('set', a[:-1], ''))
    for r in rows(sys.argv[2]):
        ok = True
        for op, f, v in conds:
            if op == 'eq': ok &= r[f] == v
            elif op == 'ne': ok &= r[f] != v
            else: ok &= r[f] != ''
        if ok: total += int(r[summed] or 0) if summed else 1
    print(total)
elif what == 'table':         # table REPORT.csv TITLE COL: "first-cell value" of a table's rows
    title, col = sys.argv[3], int(sys.argv[4])
    with open(sys.argv[2], newline='', encoding='utf-8') as f:
        lines = list(csv.reader(f))
    i = 0
    while i < len(lines):
        if lines[i] == [title]:
            i += 2
            while i < len(lines) and lines[i]:
                print(lines[i][0] + '|' + lines[i][col]); i += 1
            break
        i += 1
EOF
py() { python3 recon.py "$@"; }
# cell REPORT.csv TITLE ROWNAME COL: one figure of a report's table.
cell() { py table "$1" "$2" "$4" | awk -F'|' -v k="$3" '$1 == k { print $2 }'; }

# ---- ringkasan against the exports ----
"$BANTU" --db p.db report ringkasan --format csv -o r.csv
expect_eq "ringkasan: UMKM registered = rows exported" \
	"$(cell r.csv Summary 'UMKM registered' 1)" "$(py count umkm.csv)"
expect_eq "ringkasan: cooperatives registered = rows exported" \
	"$(cell r.csv Summary 'Cooperatives registered' 1)" "$(py count koperasi.csv)"
expect_eq "the merged pair counts once (1500 made, 1499 counted)" "$(py count umkm.csv)" 1499

# Per kabupaten/kota: each row equals the export's count, and the rows add up to the total.
got=$(py table r.csv 'UMKM registered' 1 | grep -v '^Total|')
names=$(echo "$got" | cut -d'|' -f1)
sum=$(echo "$got" | cut -d'|' -f2 | awk '{ s += $1 } END { print s }')
expect_eq "ringkasan: UMKM per kabupaten/kota add up to the total" "$sum" \
	"$(cell r.csv 'UMKM registered' Total 1)"
want=$(py perkab umkm.csv | while read -r code n; do
	name=$(sql p.db "SELECT name FROM region WHERE code='$code'"); echo "$name|$n"; done | sort)
expect_eq "ringkasan: every kabupaten/kota's UMKM count = the export's" \
	"$(echo "$got" | grep -v '|0$' | sort)" "$want"

# ---- every program's headline figure against its records as exported ----
for e in warung produk stimulus apd-penyaluran peserta prakerja restrukturisasi; do
	"$BANTU" --db p.db export-csv $e -o $e.csv 2>/dev/null || t_fail "export-csv $e"
done
fig() { cell r.csv Summary "$1" 1; }
expect_eq "ringkasan: warung points active" "$(fig 'Warung Pesan Kirim points active')" \
	"$(py agg warung.csv status=aktif)"
expect_eq "ringkasan: warung target (226 in all)" "$(cell r.csv Summary 'Warung Pesan Kirim points active' 2)" 226
expect_eq "ringkasan: products live" "$(fig 'Products live')" "$(py agg produk.csv status=tayang)"
expect_eq "ringkasan: stimulus approved (Rp)" "$(fig 'Stimulus approved (Rp)')" \
	"$(py agg stimulus.csv sum:jumlah_disetujui jumlah_disetujui? status!=ditolak)"
expect_eq "ringkasan: stimulus paid (Rp)" "$(fig 'Stimulus paid (Rp)')" \
	"$(py agg stimulus.csv sum:jumlah_dibayar status=dicairkan)"
expect_eq "ringkasan: the budget is the stimulus target" "$(cell r.csv Summary 'Stimulus paid (Rp)' 2)" 2000000000
expect_eq "ringkasan: APD packages distributed" "$(fig 'PPE packages distributed')" \
	"$(py agg apd-penyaluran.csv sum:jumlah barang=paket)"
expect_eq "ringkasan: training participants" "$(fig 'Training participants')" "$(py agg peserta.csv)"
expect_eq "ringkasan: training completed" "$(fig 'Training completed (certificate)')" \
	"$(py agg peserta.csv nomor_sertifikat?)"
expect_eq "ringkasan: prakerja referrals" "$(fig 'Kartu Prakerja referrals')" "$(py agg prakerja.csv)"
expect_eq "ringkasan: prakerja accepted" "$(fig 'Kartu Prakerja accepted')" "$(py agg prakerja.csv status=diterima)"
expect_eq "ringkasan: restructuring facilitated" "$(fig 'Restructuring cases facilitated')" \
	"$(py agg restrukturisasi.csv)"
expect_eq "ringkasan: restructuring decided" "$(fig 'Restructuring cases decided')" \
	"$(py agg restrukturisasi.csv keputusan?)"
expect_eq "ringkasan: restructuring approved" "$(fig 'Restructuring cases approved')" \
	"$(py agg restrukturisasi.csv keputusan? keputusan!=ditolak)"
n=$(fig 'Warung Pesan Kirim points active')
expect_match "the programs are filled (demo)" "$n" '^[1-9][0-9]*$'
expect_eq "ringkasan: stimulus per kabupaten/kota adds up" \
	"$(py table r.csv 'Stimulus approved (Rp)' 1 | grep -v '^Total|' | cut -d'|' -f2 | awk '{ s += $1 } END { print s }')" \
	"$(fig 'Stimulus approved (Rp)')"

# ---- the period and the kabupaten/kota ----
"$BANTU" --db p.db report ringkasan --dari 01/05/2020 --sampai 30/06/2020 --format csv -o rp.csv
expect_eq "ringkasan --dari/--sampai: UMKM recorded in the period" \
	"$(cell rp.csv Summary 'UMKM registered' 1)" "$(py count umkm.csv 2020-05-01 2020-06-30)"
"$BANTU" --db p.db report ringkasan --kabupaten 18.71 --format csv -o rk.csv
expect_eq "ringkasan --kabupaten 18.71: UMKM of Kota Bandar Lampung" \
	"$(cell rk.csv Summary 'UMKM registered' 1)" "$(py count umkm.csv '' '' 18.71)"
"$BANTU" --db p.db report ringkasan --kabupaten "kota metro" --format csv -o rm.csv
expect_eq "ringkasan --kabupaten by name" \
	"$(cell rm.csv Summary 'UMKM registered' 1)" "$(py count umkm.csv '' '' 18.72)"

# ---- umkm: sums and breakdowns ----
"$BANTU" --db p.db report umkm --format csv -o u.csv
expect_eq "umkm: turnover before, summed = the export's" \
	"$(cell u.csv 'UMKM per regency/city' Total 2)" "$(py sum umkm.csv omzet_sebelum)"
expect_eq "umkm: workers after, summed = the export's" \
	"$(cell u.csv 'UMKM per regency/city' Total 5)" "$(py sum umkm.csv tenaga_kerja_sesudah)"
expect_eq "umkm: by scale, the rows add up to the total" \
	"$(py table u.csv 'UMKM by scale' 1 | grep -v '^Total|' | cut -d'|' -f2 | awk '{ s += $1 } END { print s }')" \
	"$(py count umkm.csv)"
expect_eq "umkm: micro businesses = the export's" \
	"$(cell u.csv 'UMKM by scale' micro 1)" "$(py by umkm.csv skala | awk '$1 == "mikro" { print $2 }')"

# ---- bulanan: the month, the month before, the total to date ----
"$BANTU" --db p.db report bulanan --dari 15/06/2020 --format csv -o m.csv
expect_match "bulanan names its month" "$(head -1 m.csv)" "Monthly report, Jun[a-z]* 2020"
title=$(head -1 m.csv | tr -d '\r' | sed 's/^"//; s/"$//')
expect_eq "bulanan: UMKM this month (June 2020)" \
	"$(cell m.csv "$title" 'UMKM registered' 1)" "$(py count umkm.csv 2020-06-01 2020-06-30)"
expect_eq "bulanan: UMKM the month before (May 2020)" \
	"$(cell m.csv "$title" 'UMKM registered' 2)" "$(py count umkm.csv 2020-05-01 2020-05-31)"
expect_eq "bulanan: the change is this month less the month before" \
	"$(cell m.csv "$title" 'UMKM registered' 3)" \
	"$(( $(py count umkm.csv 2020-06-01 2020-06-30) - $(py count umkm.csv 2020-05-01 2020-05-31) ))"
expect_eq "bulanan: UMKM to the end of the month" \
	"$(cell m.csv "$title" 'UMKM registered' 4)" "$(py count umkm.csv '' 2020-06-30)"

# ---- text ----
out=$("$BANTU" --db p.db report ringkasan)
expect_match "text: a title underlined" "$out" "^Summary$"
expect_match "text: numbers with dot thousands" "$out" "UMKM registered +1\.499"

# ---- xlsx, opened as the zip of XML it is ----
expect_ok "xlsx written" "$BANTU" --db p.db report ringkasan --format xlsx -o r.xlsx
expect_ok "xlsx is a zip" unzip -tq r.xlsx
wb=$(unzip -p r.xlsx xl/workbook.xml)
expect_match "xlsx: a sheet per table (Summary)" "$wb" '<sheet name="Summary"'
expect_match "xlsx: UMKM registered sheet" "$wb" '<sheet name="UMKM registered"'
expect_eq "xlsx: a chart per table (every sheet but the first)" \
	"$(unzip -l r.xlsx | grep -c 'xl/charts/chart[0-9]*.xml')" \
	"$(( $(unzip -l r.xlsx | grep -c 'xl/worksheets/sheet[0-9]*.xml') - 1 ))"
styles=$(unzip -p r.xlsx xl/styles.xml)
expect_match "xlsx: Rupiah and date number formats" "$styles" 'formatCode="dd/mm/yyyy"'
expect_match "xlsx: thousands format" "$styles" 'formatCode="#,##0"'
s2=$(unzip -p r.xlsx xl/worksheets/sheet2.xml)
expect_match "xlsx: header row frozen" "$s2" 'state="frozen"'
n=$(cell r.csv Summary 'UMKM registered' 1)
expect_match "xlsx: the UMKM figure is a number cell equal to the CSV's" "$s2" "<v>$n</v>"
expect_ok "xlsx bulanan written" "$BANTU" --db p.db report bulanan --format xlsx -o m.xlsx
"$BANTU" --db p.db report umkm --format xlsx -o u.xlsx 2>/dev/null
u3=$(unzip -p u.xlsx xl/worksheets/sheet2.xml)
expect_match "xlsx umkm: turnover in Rupiah is a number" "$u3" "<v>$(cell u.csv 'UMKM per regency/city' Total 2)</v>"

# ---- bad arguments change nothing and say what ----
expect_status "unknown report: exit 2" 2 "$BANTU" --db p.db report nosuch
expect_match "unknown report: names the known ones" "$("$BANTU" --db p.db report nosuch 2>&1)" "ringkasan"
expect_status "a date that does not exist: exit 2" 2 "$BANTU" --db p.db report ringkasan --dari 31/02/2020
expect_status "--dari after --sampai: exit 2" 2 "$BANTU" --db p.db report ringkasan --dari 02/02/2020 --sampai 01/02/2020
expect_status "unknown kabupaten: exit 2" 2 "$BANTU" --db p.db report ringkasan --kabupaten atlantis
expect_status "bad format: exit 2" 2 "$BANTU" --db p.db report ringkasan --format pdf
expect_status "unwritable output: exit 1" 1 "$BANTU" --db p.db report ringkasan --format xlsx -o /nonexistent/r.xlsx
