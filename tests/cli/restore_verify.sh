#!/bin/sh
# tests/cli/restore_verify.sh - `bantu restore` verifies a backup before it makes
# anything: a record changed with the sqlite3 shell, an op changed, a byte
# flipped, or a key file that is not the office's is refused with what is wrong,
# the database already there (restore --force) unchanged and nothing new beside
# it; a backup of a newer or unknown schema says so; a good restore leaves no
# -wal or -shm of its temporary file.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
b() { "$BANTU" --lang en "$@"; }
files() { ls -A | tr '\n' ' '; }

b --db d.db init --office 18.71 >/dev/null
b --db d.db demo --umkm 12 --koperasi 1 >/dev/null
b --db d.db backup -o bk.db >/dev/null

# ---- a good restore ----
run b --db r.db restore bk.db
expect_eq "a sound backup restores" "$rc" 0
expect_eq "no temporary file, -wal or -shm is left beside it" \
	"$(ls r.db* | tr '\n' ' ')" "r.db r.db.keys "
run b --db r.db check
expect_eq "the restored database passes check" "$rc" 0
b --db r.db demo --umkm 2 --koperasi 0 >/dev/null
live=$(cksum <r.db)

# refused TAG BACKUP REGEX: restore --force of BACKUP over r.db is refused with a
# message matching REGEX, r.db unchanged, no file made.
refused() {
	was=$(files)
	run b --db r.db restore --force "$2"
	if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -Eq -- "$3" &&
		[ "$(cksum <r.db)" = "$live" ] && [ "$(files)" = "$was" ]; then
		t_ok "$1: refused ($3), the database there unchanged, nothing written"
	else
		t_fail "$1: refused, the database there unchanged, nothing written" "exit $rc" "$err" \
			"before: $was" "after:  $(files)"
	fi
}
copy() { cp bk.db "$1"; cp bk.db.keys "$1.keys"; }

copy t1.db
sqlite3 t1.db "UPDATE umkm SET nama_usaha = 'Toko Palsu' WHERE rowid = 3"
refused "a business's name changed with sqlite3" t1.db \
	"t1.db: the backup fails verification \\(.*umkm: record [0-9A-F]{32} differs from what the op log gives"

copy t2.db
sqlite3 t2.db "UPDATE op SET fields = replace(fields, '[\"nama_usaha\",\"', '[\"nama_usaha\",\"X') WHERE seq = 2"
expect_match "setup: the op was changed" "$(sql t2.db 'SELECT fields FROM op WHERE seq = 2')" '"nama_usaha","X'
refused "an op's field changed with sqlite3" t2.db "fails verification \\(.*op 2 has been altered"

copy t3.db
name=$(sql t3.db "SELECT nama_usaha FROM umkm ORDER BY rowid LIMIT 1")
# In the op's JSON (quoted there only): a page SQLite's integrity check passes.
at=$(grep -boa -- "\"$name\"" t3.db | head -1 | cut -d: -f1)
printf 'Q' | dd of=t3.db bs=1 seek="$((at + 1))" conv=notrunc 2>/dev/null
expect_eq "setup: SQLite's integrity check passes the flipped byte" "$(sql t3.db 'PRAGMA integrity_check')" ok
refused "a byte flipped in an op" t3.db "fails verification \\(.*has been altered"

copy t4.db
b --db other.db init --office 18.71 >/dev/null
cp other.db.keys t4.db.keys
refused "a key file of another key pair of the same office" t4.db \
	"t4.db.keys: these are not the keys of office 18.71"

copy t5.db
sqlite3 t5.db "PRAGMA user_version = 99"
refused "a backup of a newer schema" t5.db "t5.db: a backup made by a newer Bantu \\(schema 99"
copy t6.db
sqlite3 t6.db "PRAGMA user_version = -1"
refused "a backup of an unknown format" t6.db "t6.db: a backup of an unknown format"
sqlite3 t7.db "CREATE TABLE t(a)"
refused "another program's SQLite file" t7.db "t7.db: not a backup of an office's database"
echo "not a database" >t8.db
refused "a file that is no database" t8.db "t8.db: the backup is damaged"

run b --db r.db check
expect_eq "the database there still passes check" "$rc" 0
