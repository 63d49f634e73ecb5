#!/bin/sh
# tests/cli/roles.sh - the one table of rights (src/model/rights.h), walked: every
# command of the table x the four roles (and a database without accounts) is
# allowed or refused as `bantu help roles` says; every command of `bantu --help`
# has a row; the man page carries the same table. Then the PIN on the command
# line: a change needs it (--pin-file, or refused), a wrong one counts toward the
# lock, a locked account is refused; restore is the admin's, keeps the database it
# replaces and refuses another office's backup; demo refuses real records.
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$T_TMP" || exit 1

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
ops() { sql "$1" "SELECT count(*) FROM op"; }

# ---- the table, and every command in it ----
run "$BANTU" --lang en help roles
expect_eq "help roles: exit 0" "$rc" 0
table=$out
expect_match "the table heads the four roles" "$table" 'operator +petugas +pimpinan +admin +CLI'
cmds=$("$BANTU" --help | sed -n 's/^  bantu \([a-z-]*\).*/\1/p')
missing=""
for c in $cmds; do
	printf '%s\n' "$table" | grep -q "^$c\( \|$\)" || missing="$missing $c"
done
expect_eq "every command of bantu --help has a row in the table" "$missing" ""
run "$BANTU" help roles --man
man_block=$(sed -n '/^\.\\" BEGIN ROLES/,/^\.\\" END ROLES/p' "$top/man/bantu.1" | sed '1d;$d')
if [ "$man_block" = "$out" ]; then t_ok "man/bantu.1 has the table of rights (make man)"
else t_fail "man/bantu.1 has the table of rights (run make man)" "$(printf '%s\n' "$out" | diff - "$top/man/bantu.1")"; fi

# ---- an office with the four roles, a few demo records ----
printf '4001\n' >ad.pin; printf '4002\n' >op.pin; printf '4003\n' >pt.pin; printf '4004\n' >pm.pin
run "$BANTU" --db a.db init --office 18.71 --admin ad <ad.pin
expect_eq "init --admin ad: exit 0" "$rc" 0
"$BANTU" --db a.db --officer ad --pin-file ad.pin officer add op --role operator <op.pin >/dev/null
"$BANTU" --db a.db --officer ad --pin-file ad.pin officer add pt --role petugas <pt.pin >/dev/null
"$BANTU" --db a.db --officer ad --pin-file ad.pin officer add pm --role pimpinan <pm.pin >/dev/null
run "$BANTU" --db a.db --officer ad --pin-file ad.pin demo --umkm 3 --koperasi 1
expect_eq "the admin's demo on a new database: exit 0" "$rc" 0
"$BANTU" --db free.db init --office 18.72 >/dev/null
"$BANTU" --db free.db demo --umkm 2 --koperasi 0 >/dev/null

# The arguments that run a row: harmless ones (a missing file, an unknown record)
# that pass the check of rights and fail, if at all, in the command itself.
args_of() {
	case $1 in
	import-csv) echo "import-csv umkm missing.csv" ;;
	"export-csv --aktif") echo "export-csv warung --aktif" ;;
	"export-csv --tayang") echo "export-csv produk --tayang" ;;
	"export-csv --nominatif") echo "export-csv stimulus --nominatif" ;;
	"export-csv --surat") echo "export-csv prakerja --surat 1" ;;
	export-csv) echo "export-csv koperasi" ;;
	report) echo "report umkm" ;;
	summary) echo "summary stimulus" ;;
	"check --repair") echo "check --repair" ;;
	check) echo "check" ;;
	delete) echo "delete umkm 18.71-U-999999 --reason test" ;;
	set) echo "set umkm 18.71-U-999999 catatan=test" ;;
	backup) echo "backup -o bk-$2.db" ;;
	restore) echo "restore missing-backup.db --db $3 --force" ;;
	demo) echo "demo --umkm 0 --koperasi 0" ;;
	"bundle export") echo "bundle export --to 99.99" ;;
	"bundle import") echo "bundle import missing.bantu" ;;
	bundle) echo "bundle frob" ;;
	"keys export") echo "keys export -o keys-$2.pub" ;;
	keys) echo "keys fingerprint" ;;
	"duplicates merge") echo "duplicates merge 18.71-U-999998 18.71-U-999999" ;;
	"duplicates distinct") echo "duplicates distinct 18.71-U-999998 18.71-U-999999" ;;
	duplicates) echo "duplicates list" ;;
	"conflicts resolve") echo "conflicts resolve umkm 18.71-U-999999 nama_usaha X" ;;
	conflicts) echo "conflicts list" ;;
	"office approve") echo "office approve 18.99 0000" ;;
	"office revoke") echo "office revoke 18.99" ;;
	"office trust") echo "office trust missing.pub" ;;
	office) echo "office list" ;;
	purge) echo "purge umkm 18.71-U-999999 --reason test" ;;
	"officer passwd") echo "officer passwd $2" ;;
	"officer list") echo "officer list" ;;
	officer) echo "officer disable nobody" ;;
	activity) echo "activity" ;;
	"settings set") echo "settings set programs.none 1" ;;
	settings) echo "settings show" ;;
	*) echo "" ;;
	esac
}
refusal='may not|PIN|locked|disabled|--officer USERNAME'

rows=$(printf '%s\n' "$table" | awk 'NR > 1 && ($NF == "pin" || $NF == "name")')
nrows=0
printf '%s\n' "$rows" >rows.txt
while IFS= read -r line; do
	nrows=$((nrows + 1))
	name=$(printf '%s\n' "$line" | awk '{ NF -= 5; print }')
	how=$(printf '%s\n' "$line" | awk '{ print $NF }')
	if [ -z "$(args_of "$name" x a.db)" ]; then
		t_fail "row '$name' has arguments in this test"
		continue
	fi
	i=0
	ran=""
	for who in op pt pm ad; do
		i=$((i + 1))
		# Under valgrind (BANTU_ROLES_SAMPLE, tests/valgrind.sh) each row is
		# walked for one role, a different one row by row: the whole matrix
		# runs in the plain and sanitizer runs.
		if [ -n "${BANTU_ROLES_SAMPLE:-}" ] && [ $(((nrows + i) % 4)) -ne 0 ]; then
			continue
		fi
		want=$(printf '%s\n' "$line" | awk -v i="$i" '{ print $(NF - 5 + i) }')
		# A row that asks the PIN runs with it for the first role allowed; the
		# others (Argon2 is slow on purpose) show they pass the role's check by
		# being asked for the PIN next.
		pin="--pin-file $who.pin"
		if [ "$how" = pin ] && [ "$want" = yes ] && [ -n "$ran" ]; then
			pin=""
		fi
		# officer passwd reads the new PIN (the same again) from standard input.
		# shellcheck disable=SC2046,SC2086
		run "$BANTU" --lang en --db a.db --officer $who $pin \
			$(args_of "$name" $who a.db) <$who.pin
		if [ "$want" = yes ] && [ -z "$pin" ]; then
			expect_match "$name as $who: allowed, then asked for the PIN" "$rc:$err" \
				"^1:.*needs the PIN of officer '$who'.*--pin-file"
		elif [ "$want" = yes ]; then
			ran=$who
			if printf '%s\n' "$err" | grep -Eq "$refusal"; then
				t_fail "$name as $who: allowed" "$err"
			else
				t_ok "$name as $who: allowed"
			fi
		elif [ "$rc" = 1 ] && printf '%s\n' "$err" | grep -Eq "$who \([a-z]+\) may not"; then
			t_ok "$name as $who: refused"
		else
			t_fail "$name as $who: refused" "rc=$rc $err"
		fi
	done
	# Without accounts nothing asks.
	# shellcheck disable=SC2046
	run "$BANTU" --lang en --db free.db $(args_of "$name" free free.db) </dev/null
	if printf '%s\n' "$err" | grep -Eq "$refusal"; then t_fail "$name without accounts: allowed" "$err"
	else t_ok "$name without accounts: allowed"; fi
done <rows.txt
expect_match "the walk covered the commands" "$nrows" '^[0-9][0-9]+$'
expect_eq "no account is locked by the walk" "$(sql a.db "SELECT count(*) FROM account WHERE locked OR failures")" 0

# ---- the PIN ----
n=$(ops a.db)
run "$BANTU" --lang en --db a.db --officer ad officer passwd ad </dev/null
expect_eq "--officer ad officer passwd ad without the PIN: exit 1" "$rc" 1
run "$BANTU" --lang en --db a.db --officer op check </dev/null
expect_eq "a read-only command needs the name only: exit 0" "$rc" 0
printf '4002\n' | "$BANTU" --lang en --db a.db --officer op --pin-file - demo --umkm 1 --koperasi 0 >/dev/null 2>&1
expect_eq "--pin-file - reads the PIN from standard input" "$(ops a.db)" "$((n + 1))"
printf 'login:\n  max_attempts: 2\n' >two.yaml
printf '9999\n' >bad.pin
run "$BANTU" --lang en --config two.yaml --db a.db --officer op --pin-file bad.pin demo --umkm 1 --koperasi 0
expect_eq "a wrong PIN: exit 1" "$rc" 1
expect_match "a wrong PIN: said, with the tries left" "$err" 'wrong username or PIN \(1 of 2'
expect_eq "a wrong PIN changes nothing" "$(ops a.db)" "$((n + 1))"
expect_eq "a wrong PIN counts, as at the login" "$(sql a.db "SELECT failures FROM account WHERE username='op'")" 1
run "$BANTU" --lang en --config two.yaml --db a.db --officer op --pin-file bad.pin demo --umkm 1 --koperasi 0
expect_match "the second wrong PIN locks the account" "$err" "locked"
run "$BANTU" --lang en --db a.db --officer op --pin-file op.pin demo --umkm 1 --koperasi 0
expect_eq "a locked account is refused with the right PIN: exit 1" "$rc" 1
run "$BANTU" --lang en --db a.db --officer op check
expect_eq "a locked account is refused for a read-only command too: exit 1" "$rc" 1
expect_match "the refusal says locked" "$err" "'op' is locked"
"$BANTU" --db a.db --officer ad --pin-file ad.pin officer passwd op <op.pin >/dev/null 2>&1
run "$BANTU" --lang en --db a.db --officer op check
expect_eq "a new PIN from the admin unlocks: exit 0" "$rc" 0

# ---- restore: the admin's, the replaced database kept, another office refused ----
run "$BANTU" --db a.db --officer ad --pin-file ad.pin backup -o a-backup.db
expect_eq "the admin backs up: exit 0" "$rc" 0
"$BANTU" --db a.db --officer op --pin-file op.pin demo --umkm 1 --koperasi 0 >/dev/null 2>&1
n=$(ops a.db)
run "$BANTU" --lang en --officer op --pin-file op.pin restore a-backup.db --db a.db --force
expect_eq "an operator's restore --force: exit 1" "$rc" 1
expect_eq "the refused restore changed nothing" "$(ops a.db)" "$n"
run "$BANTU" --lang en --officer ad restore a-backup.db --db a.db --force </dev/null
expect_eq "the admin's restore without the PIN: exit 1" "$rc" 1
run "$BANTU" --lang en --officer ad --pin-file ad.pin restore a-backup.db --db a.db --force
expect_eq "the admin's restore with the PIN: exit 0" "$rc" 0
kept=$(ls a.db.replaced-* 2>/dev/null | grep -v '\.keys$' | head -1)
expect_match "the replaced database is kept as DB.replaced-DATE" "$kept" '^a\.db\.replaced-[0-9]{8}-[0-9]{6}$'
expect_match "restore names the kept database" "$out" "a\.db\.replaced-"
expect_eq "the kept database holds what was replaced" "$(ops "$kept")" "$n"
expect_eq "its key file is kept beside it" "$(ls "$kept.keys" 2>/dev/null)" "$kept.keys"
"$BANTU" --db free.db backup -o free-backup.db >/dev/null 2>&1
run "$BANTU" --lang en --officer ad --pin-file ad.pin restore free-backup.db --db a.db --force
expect_eq "another office's backup over this office: exit 1" "$rc" 1
expect_match "the refusal names both offices and --other-office" "$err" '18\.72.*18\.71.*--other-office'
expect_eq "the accounts are still there" "$(sql a.db "SELECT count(*) FROM account")" 4

# ---- demo: only on a database of demo records ----
"$BANTU" --db a.db --officer ad export-csv umkm -o u.csv 2>/dev/null
sed '3s/,Warung [^,]*,/,Warung Nyata,/' u.csv >u2.csv
run "$BANTU" --db free.db import-csv umkm u2.csv
run "$BANTU" --lang en --db free.db demo --umkm 1 --koperasi 0
expect_eq "demo on a database with imported records: exit 1" "$rc" 1
expect_match "the refusal says why" "$err" 'not demo records'

echo "1..$T_N"
