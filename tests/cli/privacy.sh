#!/bin/sh
# tests/cli/privacy.sh - files holding personal data or keys are created readable
# by their owner only (even under a permissive umask), and `bantu check` warns,
# naming the file and the fix, when one of them is readable by others.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
b() { "$BANTU" --lang en "$@"; }
mode() { stat -c %a "$1" 2>/dev/null; }

umask 022
run b --db a.db init --office 18.71
expect_eq "init under umask 022: exit 0" "$rc" 0
expect_eq "the database is mode 600" "$(mode a.db)" 600
expect_eq "the secret key file is mode 600" "$(mode a.db.keys)" 600
# The -wal and -shm files exist while a connection is open: hold one open (a
# reader in a transaction) until the files have been looked at.
hold_db a.db "BEGIN; SELECT count(*) FROM op;"
b --db a.db demo --umkm 3 --koperasi 0 >/dev/null 2>&1
if [ -f a.db-wal ]; then expect_eq "the -wal file is mode 600" "$(mode a.db-wal)" 600
else t_fail "the -wal file exists while a reader holds the database"; fi
if [ -f a.db-shm ]; then expect_eq "the -shm file is mode 600" "$(mode a.db-shm)" 600
else t_fail "the -shm file exists while a reader holds the database"; fi
release_db "COMMIT;"

run b --db a.db check
expect_eq "check: exit 0" "$rc" 0
expect_no_match "check: no warning about files when they are private" "$err" 'other users'

chmod 644 a.db
run b --db a.db check
expect_eq "check with the database mode 644: still exit 0 (a warning)" "$rc" 0
expect_match "check warns that the database is readable by others, with the fix" "$err" \
	'warning: a\.db can be read by other users \(mode 644\); run: chmod 600 a\.db'
chmod 600 a.db
chmod 640 a.db.keys
run b --db a.db check
expect_match "check warns about the key file (mode 640)" "$err" 'a\.db\.keys can be read by other users \(mode 640\)'
expect_no_match "  and not about the database (600 again)" "$err" 'a\.db can be read'
chmod 600 a.db.keys
run b --db a.db check
expect_no_match "after chmod 600 no warning" "$err" 'other users'
