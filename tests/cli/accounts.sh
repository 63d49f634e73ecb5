#!/bin/sh
# tests/cli/accounts.sh - officers on the command line: init --admin (PIN on stdin),
# officer commands, --officer that must exist once accounts exist, refusals by role
# (nothing changes), the activity report, and the op chains that name every change.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
# with INPUT CMD...: run with INPUT as the first line of standard input.
with() {
	input=$1
	shift
	printf '%s\n' "$input" | "$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
ops() { sql "$1" "SELECT count(*) FROM op"; }

# ---- init --admin ----
with 12 "$BANTU" --db short.db init --office 18.71 --admin boss
expect_eq "init --admin with a 2-character PIN: exit 1" "$rc" 1
expect_match "the PIN's length is explained" "$err" 'PIN|karakter'
expect_eq "nothing is made when the PIN is refused" "$(ls short.db 2>/dev/null)" ""
run "$BANTU" --db none.db init --office 18.71 --admin boss </dev/null
expect_eq "init --admin with nothing on stdin: exit 1" "$rc" 1
run "$BANTU" --db bad.db init --office 18.71 --admin "Not Valid" </dev/null
expect_eq "init --admin with a bad username: exit 2" "$rc" 2

with 4826 "$BANTU" --db a.db init --office 18.71 --admin boss
expect_eq "init --admin boss with the PIN on stdin: exit 0" "$rc" 0
expect_match "init says the account was made" "$out" "boss"
expect_eq "the admin account is stored" "$(sql a.db "SELECT username||','||role FROM account")" "boss,admin"
expect_match "the PIN is kept as an Argon2id hash" "$(sql a.db "SELECT pin_hash FROM account")" '^\$argon2id\$'
if grep -q 4826 a.db a.db-wal 2>/dev/null; then t_fail "the PIN itself is nowhere in the database"
else t_ok "the PIN itself is nowhere in the database"; fi
expect_eq "making an account is not an op (accounts are local)" "$(ops a.db)" 0

printf '4826\n' >boss.pin
printf '1111\n' >budi.pin
printf '7777\n' >budi7.pin
printf '3333\n' >ani.pin
printf '2222\n' >sri.pin

# ---- --officer must exist ----
run "$BANTU" --db a.db check
expect_eq "a command as a system user without an account: exit 1" "$rc" 1
expect_match "the refusal names the user and --officer" "$err" "'$(id -un)'.*--officer"
run "$BANTU" --db a.db --officer nobody check
expect_eq "--officer nobody: exit 1" "$rc" 1
expect_match "--officer nobody: named in the message" "$err" "'nobody'"
run "$BANTU" --db a.db --officer boss check
expect_eq "--officer boss check: exit 0" "$rc" 0

# ---- officer commands ----
with 1111 "$BANTU" --db a.db --officer boss --pin-file boss.pin officer add budi --name "Budi Santoso" --role operator
expect_eq "admin adds an operator: exit 0" "$rc" 0
with 2222 "$BANTU" --db a.db --officer boss --pin-file boss.pin officer add sri --name "Sri Wahyuni" --role petugas
with 3333 "$BANTU" --db a.db --officer boss --pin-file boss.pin officer add ani --name "Ani" --role pimpinan
run "$BANTU" --db a.db --officer boss officer list
expect_eq "officer list: exit 0" "$rc" 0
expect_eq "officer list shows four accounts" "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 4
expect_match "officer list: username, role, office, state, name" "$out" '^budi +operator +18\.71 +[a-z]+ +Budi Santoso$'
with 9999 "$BANTU" --db a.db --officer budi --pin-file budi.pin officer add eve --role admin
expect_eq "an operator cannot add accounts: exit 1" "$rc" 1
expect_match "the refusal names officer, role and what" "$err" 'budi \(operator\)'
expect_eq "no account was added" "$(sql a.db "SELECT count(*) FROM account")" 4
with 1111 "$BANTU" --db a.db --officer boss --pin-file boss.pin officer add budi --role operator
expect_eq "a username is taken once: exit 1" "$rc" 1
with 1111 "$BANTU" --db a.db --officer boss --pin-file boss.pin officer add x --role chief
expect_eq "an unknown role: exit 1" "$rc" 1
run "$BANTU" --db a.db --officer boss --pin-file boss.pin officer disable boss
expect_eq "the only admin cannot be disabled: exit 1" "$rc" 1
run "$BANTU" --db a.db --officer boss --pin-file boss.pin officer role boss operator
expect_eq "the only admin keeps the role: exit 1" "$rc" 1

# ---- roles in the change paths ----
run "$BANTU" --db a.db --officer budi --pin-file budi.pin demo --umkm 3 --koperasi 0
expect_eq "an operator adds records: exit 0" "$rc" 0
n=$(ops a.db)
run "$BANTU" --db a.db --officer ani demo --umkm 3 --koperasi 0
expect_eq "a pimpinan cannot add records: exit 1" "$rc" 1
expect_match "the pimpinan's refusal says what" "$err" 'ani \(pimpinan\)'
expect_eq "the refused command changed nothing" "$(ops a.db)" "$n"
run "$BANTU" --db a.db --officer budi bundle export --to 18 -o x.bantu
expect_eq "an operator cannot export a bundle: exit 1" "$rc" 1
expect_match "the export refusal names the operator" "$err" 'budi \(operator\)'
run "$BANTU" --db a.db --officer sri office revoke 18.01
expect_eq "a petugas cannot revoke an office: exit 1" "$rc" 1
expect_match "the revoke refusal names the petugas" "$err" 'sri \(petugas\)'
reg=$(sql a.db "SELECT reg_no FROM umkm LIMIT 1")
run "$BANTU" --db a.db --officer sri conflicts resolve umkm "$reg" nama_usaha "Warung X"
expect_eq "a petugas cannot resolve conflicts: exit 1" "$rc" 1
expect_eq "the refused resolve changed nothing" "$(ops a.db)" "$n"

# ---- disabled accounts ----
run "$BANTU" --db a.db --officer boss --pin-file boss.pin officer disable budi
expect_eq "admin disables budi: exit 0" "$rc" 0
run "$BANTU" --db a.db --officer budi check
expect_eq "a disabled officer cannot work: exit 1" "$rc" 1
expect_match "the refusal says disabled" "$err" 'disabled|nonaktif'
run "$BANTU" --db a.db --officer boss --pin-file boss.pin officer enable budi
expect_eq "admin enables budi again: exit 0" "$rc" 0

# ---- new PIN: also unlocks ----
sqlite3 a.db "UPDATE account SET failures=5, locked=1 WHERE username='budi'"
with 7777 "$BANTU" --db a.db --officer boss --pin-file boss.pin officer passwd budi
expect_eq "admin sets a new PIN: exit 0" "$rc" 0
expect_eq "the new PIN unlocks the account" "$(sql a.db "SELECT failures||','||locked FROM account WHERE username='budi'")" "0,0"
with 8888 "$BANTU" --db a.db --officer budi --pin-file budi7.pin officer passwd sri
expect_eq "an operator cannot set another's PIN: exit 1" "$rc" 1
with 8888 "$BANTU" --db a.db --officer budi --pin-file budi7.pin officer passwd budi
expect_eq "an officer sets their own PIN: exit 0" "$rc" 0

# ---- activity ----
today=$(date +%d/%m/%Y)
run "$BANTU" --db a.db --officer sri activity --officer budi --date "$today"
expect_eq "activity of budi today: exit 0" "$rc" 0
expect_eq "activity shows budi's three saves" "$(printf '%s\n' "$out" | grep -c '  18\.71  budi  umkm ')" 3
expect_match "activity shows from what to what" "$out" 'Nama usaha: - -> '
run "$BANTU" --db a.db --officer sri activity --date "$today" --csv
expect_eq "activity --csv: header" "$(printf '%s\n' "$out" | head -1)" "time,office,officer,entity,record,reg_no,field,old,new"
expect_match "activity --csv: a row per field" "$out" ',18\.71,budi,umkm,[0-9a-f]{32},18\.71-U-[0-9]+,nama_usaha,,'
run "$BANTU" --db a.db --officer sri activity --officer ani --date "$today"
expect_eq "ani changed nothing today" "$out" ""
run "$BANTU" --db a.db --officer sri activity --date 01/01/2020
expect_eq "nothing on another day" "$out" ""
run "$BANTU" --db a.db --officer sri activity --date 31/02/2020
expect_eq "a date that does not exist: exit 2" "$rc" 2
run "$BANTU" --db a.db --officer budi activity
expect_eq "an operator makes no reports: exit 1" "$rc" 1
run "$BANTU" --db a.db --officer budi report umkm
expect_eq "an operator makes no report: exit 1" "$rc" 1
expect_match "the report refusal names the operator" "$err" 'budi \(operator\)'
run "$BANTU" --db a.db --officer ani report umkm
expect_eq "a pimpinan makes the report: exit 0" "$rc" 0

# ---- without accounts nothing asks ----
run "$BANTU" --db free.db init --office 18.72
run "$BANTU" --db free.db demo --umkm 2 --koperasi 0
expect_eq "a database without accounts needs no --officer: exit 0" "$rc" 0
run "$BANTU" --db free.db activity --csv
expect_match "the system user is named in the ops" "$out" ",$(id -un),umkm,"

# ---- every chain is checked: a deleted, an altered and a reordered op ----
origin=$(sql a.db "SELECT origin FROM op LIMIT 1")
cp a.db del.db
sqlite3 del.db "DELETE FROM op WHERE seq=2"
run "$BANTU" --db del.db --officer boss check
expect_eq "check after an op was removed: exit 1" "$rc" 1
expect_match "the removed op: office and position" "$err" '18\.71.* 2 .*(missing|hilang)|18\.71.*2 (to|sampai) 2'
cp a.db alt.db
sqlite3 alt.db "UPDATE op SET officer='mallory' WHERE seq=3"
run "$BANTU" --db alt.db --officer boss check
expect_eq "check after an op's officer was changed: exit 1" "$rc" 1
expect_match "the altered op: office and position" "$err" '18\.71.*\b3\b.*(altered|diubah)'
cp a.db ord.db
sqlite3 ord.db "UPDATE op SET seq=-2 WHERE origin=$origin AND seq=2;
	UPDATE op SET seq=2 WHERE origin=$origin AND seq=3;
	UPDATE op SET seq=3 WHERE origin=$origin AND seq=-2"
run "$BANTU" --db ord.db --officer boss check
expect_eq "check after two ops were swapped: exit 1" "$rc" 1
expect_match "the reordered ops: office and position" "$err" '18\.71.*\b2\b'
run "$BANTU" --db a.db --officer boss check
expect_eq "the original database still checks ok" "$rc" 0

echo "1..$T_N"
