#!/bin/sh
# tests/cli/output_paths.sh - an output option (-o of export-csv, report, keys
# export, backup, bundle export; --rejects) never writes over the open database,
# its -wal, -shm or .keys (whatever the spelling: ./dir/../kantor.db, a hard or a
# symbolic link), nor over anything that is not a regular file (a folder, a FIFO,
# a symbolic link such as one to /dev/null); a symbolic link planted at FILE.tmp is
# refused, not followed; a crash's regular FILE.tmp does not block. Each refusal
# exits 1, names the file and why, and leaves the database and its keys as they
# were. "-o -" writes to standard output where the format allows (CSV, text,
# public keys); not a workbook, backup or bundle. A normal write still works.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
b() { "$BANTU" --lang en "$@"; }
ino() { stat -c %i "$1" 2>/dev/null; }

b --db p.db init --office 18 >/dev/null
b --db p.db keys export -o p.keys >/dev/null
b --db kantor.db init --office 18.71 --province-key p.keys >/dev/null
b --db kantor.db demo --umkm 3 --koperasi 0 >/dev/null
cp kantor.db.keys keys.orig
db_ino=$(ino kantor.db)
ops=$(sql kantor.db "SELECT count(*) FROM op")
mkdir dir folder
ln kantor.db hard.db
ln -s kantor.db link.db
ln -s /dev/null devnull
mkfifo fifo

# refused WHAT REASON_REGEX CMD...: exit 1, the message names the target and why.
refused() {
	what=$1 why=$2
	shift 2
	run "$@"
	if [ "$rc" -eq 1 ] && printf '%s\n' "$err" | grep -Eq -- "$why"; then t_ok "refused: $what"
	else t_fail "refused: $what" "exit $rc: $*" "$err"; fi
}
db='that is the open database'
refused "export-csv -o the database" "^bantu: kantor.db: not written: $db" b --db kantor.db export-csv umkm -o kantor.db
refused "export-csv -o ./dir/../kantor.db (another spelling)" "dir/../kantor.db: not written: $db" \
	b --db kantor.db export-csv umkm -o ./dir/../kantor.db
refused "export-csv -o a hard link to the database" "hard.db: not written: $db" b --db kantor.db export-csv umkm -o hard.db
refused "export-csv -o a symbolic link to the database" "link.db: not written: $db" b --db kantor.db export-csv umkm -o link.db
refused "export-csv -o the database's -wal (not there yet)" "kantor.db-wal: not written: that is the open database's write-ahead log" \
	b --db kantor.db export-csv umkm -o dir/../kantor.db-wal
refused "report -o the database's -shm" "kantor.db-shm: not written: that is the open database's shared memory" \
	b --db kantor.db report ringkasan -o kantor.db-shm
refused "keys export -o the office's secret keys" "kantor.db.keys: not written: that is the office's secret keys" \
	b --db kantor.db keys export -o kantor.db.keys
refused "backup -o the database by another spelling" "\\./kantor.db: not written: $db" b --db kantor.db backup -o ./kantor.db
refused "report --format xlsx -o the database" "kantor.db: not written: $db" \
	b --db kantor.db report ringkasan --format xlsx -o "$T_TMP/kantor.db"
refused "import-csv --rejects the database's keys (before importing)" "kantor.db.keys: not written" \
	b --db kantor.db import-csv umkm keys.orig --rejects kantor.db.keys
refused "bundle export -o the database's keys by a symbolic link" "keys.link: not written: that is the office's secret keys" \
	sh -c "ln -s kantor.db.keys keys.link && exec \"\$0\" --lang en --db kantor.db bundle export --to 18 -o keys.link" "$BANTU"
refused "bundle export -o - (a bundle needs a file)" "standard output" b --db kantor.db bundle export --to 18 -o -
expect_eq "... no bundle was logged as sent" "$(sql kantor.db 'SELECT count(*) FROM bundle_log')" 0
refused "export-csv -o a folder" "folder: not written: it is a folder" b --db kantor.db export-csv umkm -o folder
refused "export-csv -o a FIFO" "fifo: not written: it is a FIFO" b --db kantor.db export-csv umkm -o fifo
refused "export-csv -o a symbolic link to /dev/null" "devnull: not written: it is a symbolic link" \
	b --db kantor.db export-csv umkm -o devnull
refused "backup -o a folder" "folder: not written: it is a folder" b --db kantor.db backup -o folder
ln -s "$T_TMP/victim" out.csv.tmp
refused "a symbolic link planted at out.csv.tmp" "out.csv: not written: out.csv.tmp is there.*symbolic link; not followed" \
	b --db kantor.db export-csv umkm -o out.csv
if [ ! -e victim ] && [ -L out.csv.tmp ] && [ ! -e out.csv ]; then t_ok "... the link was not followed (nothing at its target), nor removed"
else t_fail "... the link was not followed, nor removed" "$(ls -l)"; fi

# After all that, the database and its keys are as they were.
expect_eq "the database is the same file" "$(ino kantor.db)" "$db_ino"
expect_eq "its ops are all there" "$(sql kantor.db 'SELECT count(*) FROM op')" "$ops"
expect_eq "its key file is unchanged" "$(cmp -s kantor.db.keys keys.orig && echo same)" same
if [ ! -e kantor.db-wal ] || [ "$(head -c 4 kantor.db-wal | od -An -tx1 | tr -d ' ')" != "$(printf 'nama' | od -An -tx1 | tr -d ' ')" ]; then
	t_ok "no CSV was written as the -wal"; else t_fail "no CSV was written as the -wal"; fi
[ -p fifo ] && [ -d folder ] && [ -L devnull ] && t_ok "the FIFO, folder and link are left as they were" \
	|| t_fail "the FIFO, folder and link are left as they were" "$(ls -l)"
run b --db kantor.db check
expect_eq "bantu check is clean" "$rc" 0

# ---- standard output ----
run b --db kantor.db export-csv umkm -o -
expect_match "export-csv -o - writes the CSV to standard output" "$(printf '%s\n' "$out" | head -1)" '^"?# PERSONAL DATA'
[ ! -e ./- ] && t_ok "... and no file named -" || t_fail "... and no file named -"
run b --db kantor.db report ringkasan --format csv -o -
expect_eq "report --format csv -o -: exit 0" "$rc" 0
expect_match "... the table on standard output" "$out" '^[^,]+,[^,]+,'
run b --db kantor.db keys export -o -
expect_match "keys export -o - writes the public keys to standard output" "$out" '^bantu-office-keys 1'
expect_no_match "... and no secret key" "$out" 'sign_sk|box_sk'
refused "backup -o - (a database is not a stream)" "standard output" b --db kantor.db backup -o -
run b --db kantor.db report ringkasan --format xlsx -o -
expect_eq "report --format xlsx -o -: a usage error" "$rc" 2
expect_match "... saying a workbook cannot go there" "$err" "workbook .* cannot go to standard output"
[ ! -e ./- ] && t_ok "no file named - was made" || t_fail "no file named - was made" "$(ls -l)"

# ---- a normal write, over a crash's leftover FILE.tmp ----
echo "half a file" >ok.csv.tmp
run b --db kantor.db export-csv umkm -o ok.csv
expect_eq "export-csv -o ok.csv with a regular ok.csv.tmp left by a crash: exit 0" "$rc" 0
expect_eq "... all the records written" "$(grep -c '18.71-U-' ok.csv)" 3
expect_eq "... the leftover is not touched" "$(cat ok.csv.tmp)" "half a file"
run b --db kantor.db export-csv umkm -o ok.csv
expect_eq "written again over itself: exit 0" "$rc" 0
left=$(ls | grep -Ev '^(ok|out).csv.tmp$' | grep '\.tmp' || true)
expect_eq "no temporary file of its own is left" "$left" ""
run b --db kantor.db backup -o bk.db
expect_eq "backup -o bk.db works" "$rc" 0
expect_eq "the key file is intact" "$(cmp -s kantor.db.keys keys.orig && echo same)" same
