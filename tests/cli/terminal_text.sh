#!/bin/sh
# tests/cli/terminal_text.sh - text that reaches a terminal: names of officers and
# offices with escape sequences are refused where they enter (--officer, init
# --name, an account's name); a name or value smuggled into a database (here by
# sqlite3, as a bundle from a bad office could) is printed with its controls shown
# escaped (\x1b, \u009b) by activity (and --csv), officer list, office list,
# conflicts and check; an office name arriving in a bundle is checked like one
# entering here (not kept, with a warning); C1 controls in a CSV import become spaces like C0 ones.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1
b() { "$BANTU" --lang en "$@"; }
ESC=$(printf '\033')
BEL=$(printf '\007')
CSI=$(printf '\302\233')   # U+009B, a C1 control: CSI on many terminals
evil="x${ESC}]0;pwned${BEL}${ESC}[2Jy"
# raw TEXT: true when TEXT holds an ESC, BEL or C1 CSI byte as it is.
raw() { printf '%s' "$1" | LC_ALL=C grep -q "$ESC\|$BEL\|$CSI"; }
# safe WHAT TEXT: the text holds no raw control.
safe() { if raw "$2"; then t_fail "$1" "raw controls in:" "$(printf '%s' "$2" | od -c | head -5)"; else t_ok "$1"; fi; }

# ---- refused where they enter ----
expect_ok "init" b --db d.db init --office 18
cat >u.csv <<EOF2
nama_usaha,nama_pemilik,nik,kabupaten_kota
Toko${CSI}Satu,Sari,1871016505900001,Kota Bandar Lampung
EOF2
out=$(b --db d.db --officer "$evil" import-csv umkm u.csv 2>&1); rc=$?
expect_eq "--officer with escape sequences: refused (exit 1)" "$rc" 1
expect_match "... saying so" "$out" "officer name 'x\\\\x1b\\]0;pwned\\\\x07\\\\x1b\\[2Jy' holds a control character"
safe "... and the message shows them escaped" "$out"
expect_eq "... nothing imported" "$(sql d.db 'SELECT count(*) FROM umkm')" 0
long=$(printf 'a%.0s' $(seq 1 65))
out=$(b --db d.db --officer "$long" import-csv umkm u.csv 2>&1)
expect_match "--officer of 65 characters: refused" "$out" "too long: 65 characters, at most 64"
out=$(b --db e.db init --office 18 --name "Dinas${ESC}[2J" 2>&1); rc=$?
expect_eq "init --name with an escape: usage error" "$rc" 2
safe "... shown safely" "$out"
if [ ! -e e.db ]; then t_ok "... no database made"; else t_fail "... no database made"; fi
out=$(echo 123456 | b --db d.db officer add boss --name "Bos${CSI}" --role admin 2>&1); rc=$?
expect_eq "an account name with a C1 control: refused" "$rc" 1
expect_eq "... no account" "$(sql d.db 'SELECT count(*) FROM account')" 0

# ---- C1 in a CSV import is treated like C0: a space ----
expect_ok "import (the C1 in the name)" b --db d.db --officer sari import-csv umkm u.csv
expect_eq "the C1 control became a space" "$(sql d.db 'SELECT nama_usaha FROM umkm')" "Toko Satu"

# ---- smuggled in: printed safely ----
sql d.db "UPDATE op SET officer = '$evil'; UPDATE office SET name = 'Kantor$CSI$ESC[2J';
	  UPDATE umkm SET nama_usaha = 'Toko$ESC[31m'" 2>/dev/null
out=$(b --db d.db activity 2>&1)
expect_match "activity: the officer shown escaped" "$out" 'x\\x1b\]0;pwned\\x07\\x1b\[2Jy'
safe "activity: no raw control" "$out"
out=$(b --db d.db activity --csv 2>&1)
expect_match "activity --csv: the officer shown escaped" "$out" 'x\\x1b\]0;pwned\\x07\\x1b\[2Jy'
safe "activity --csv: no raw control" "$out"
out=$(b --db d.db office list 2>&1)
expect_match "office list: the name shown escaped" "$out" 'Kantor\\u009b\\x1b\[2J'
safe "office list: no raw control" "$out"
out=$(b --db d.db check 2>&1)
safe "check: no raw control" "$out"
expect_ok "an admin account" sh -c "echo 123456 | '$BANTU' --db d.db officer add admin --role admin"
sql d.db "UPDATE account SET name = 'Adm$ESC[2J$CSI'" 2>/dev/null
out=$(b --db d.db --officer admin officer list 2>&1)
expect_match "officer list: the name shown escaped" "$out" 'Adm\\x1b\[2J\\u009b'
safe "officer list: no raw control" "$out"

# ---- conflicts: the same field changed at two offices ----
b --db p.db init --office 18 >/dev/null 2>&1
b --db p.db keys export -o prov.keys >/dev/null 2>&1
b --db k.db init --office 18.71 --province-key prov.keys >/dev/null 2>&1
cat >v.csv <<'EOF2'
nama_usaha,nama_pemilik,nik,kabupaten_kota,alamat
Toko Dua,Dewi,1871016505900002,Kota Bandar Lampung,Jl. Satu
EOF2
b --db k.db import-csv umkm v.csv >/dev/null 2>&1
b --db k.db bundle export --to 18 -o k1.bundle >/dev/null 2>&1
b --db p.db bundle import k1.bundle >/dev/null 2>&1
b --db p.db office approve 18.71 "$(b --db k.db keys fingerprint)" >/dev/null 2>&1
expect_ok "the province has the district's record" b --db p.db bundle import k1.bundle
sed 's/Jl. Satu/Jl. Dua/' v.csv >v2.csv
sed 's/Jl. Satu/Jl. Tiga/' v.csv >v3.csv
b --db k.db import-csv umkm v2.csv >/dev/null 2>&1
b --db p.db import-csv umkm v3.csv >/dev/null 2>&1
b --db p.db bundle export --to 18.71 -o p1.bundle >/dev/null 2>&1
expect_ok "the district imports the province's change" b --db k.db bundle import p1.bundle
# An office name arriving in a bundle is checked as one entering here: a bad one
# (here smuggled into the district's own row) is not kept, and the import says so.
sql k.db "UPDATE office SET name = '$evil' WHERE status = 'self'" 2>/dev/null
b --db k.db bundle export --to 18 -o k2.bundle >/dev/null 2>&1
out=$(b --db p.db bundle import k2.bundle 2>&1); rc=$?
expect_eq "a bundle carrying an office name with escapes still imports" "$rc" 0
expect_match "... saying the name is not kept" "$out" \
	"warning: office 18.71 has a name that is not valid: office name 'x\\\\x1b\\]0;pwned"
safe "... shown safely" "$out"
expect_eq "... the name is not stored" "$(sql p.db "SELECT count(*) FROM office WHERE name LIKE '%pwned%'")" 0
sql k.db "UPDATE op SET officer = '$evil'; UPDATE umkm SET nama_usaha = 'Toko$ESC[2J'" 2>/dev/null
out=$(b --db k.db conflicts 2>&1)
expect_match "conflicts: the record's name shown escaped" "$out" 'Toko\\x1b\[2J'
expect_match "conflicts: the officer shown escaped" "$out" 'x\\x1b\]0;pwned\\x07\\x1b\[2Jy'
safe "conflicts: no raw control" "$out"

echo "1..$T_N"
