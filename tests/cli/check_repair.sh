#!/bin/sh
# tests/cli/check_repair.sh - `bantu check` reads every search index through and
# names a damaged one (a leaf page of umkm_fts_data overwritten: PRAGMA
# integrity_check does not see it, FTS5's own integrity-check does); `check
# --repair` rebuilds the tables and search indexes from the op log, after which
# check passes and imports work. check opens read-only and writes nothing: a
# read-only file in a read-only folder is checked and stays byte-identical with
# nothing made beside it; an empty file stays empty; a missing one stays missing.
. "$(dirname "$0")/../lib.sh"
fx=$(cd "$(dirname "$0")/fixtures" && pwd)
cd "$T_TMP" || exit 1

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
b() { "$BANTU" --lang en "$@"; }
sum() { cksum <"$1"; }
fts_ok() { sqlite3 "$1" "INSERT INTO umkm_fts(umkm_fts, rank) VALUES ('integrity-check', 0)" 2>&1; }

b --db d.db init --office 18.71 >/dev/null
b --db d.db demo --umkm 40 --koperasi 2 >/dev/null
before=$(b --db d.db export-csv umkm)
run b --db d.db check
expect_eq "setup: check passes on a sound database" "$rc" 0

# ---- a leaf page of the search index damaged ----
page=$(sql d.db "SELECT pgoffset || ' ' || payload FROM dbstat WHERE name = 'umkm_fts_data'
	AND pagetype = 'leaf' ORDER BY payload DESC LIMIT 1")
off=${page% *} payload=${page#* }
if [ "${payload:-0}" -gt 2048 ]; then t_ok "setup: a leaf page of umkm_fts_data holds a segment ($payload bytes)"
else t_fail "setup: a leaf page of umkm_fts_data holds a segment" "$page"; fi
# 16 bytes in the middle of the segment's blob: the b-tree stays well-formed.
printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' |
	dd of=d.db bs=1 seek=$((off + 1024)) conv=notrunc 2>/dev/null
expect_eq "setup: SQLite's integrity check does not see it" "$(sql d.db 'PRAGMA integrity_check')" ok
expect_match "setup: FTS5's integrity-check does" "$(fts_ok d.db)" "malformed"
damaged=$(sum d.db)
run b --db d.db check
if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -q "search index of umkm (umkm_fts) is damaged" &&
	printf '%s' "$err" | grep -q -- "--repair"; then
	t_ok "check fails, naming the search index and --repair"
else t_fail "check fails, naming the search index and --repair" "exit $rc" "$err"; fi
expect_eq "check changed nothing in the damaged file" "$(sum d.db)" "$damaged"

run b --db d.db check --repair
if [ "$rc" -eq 0 ] && printf '%s' "$out" | grep -q "rebuilt from the op log" &&
	printf '%s' "$out" | grep -q "ok (40 UMKM"; then
	t_ok "check --repair rebuilds, then checks: ok"
else t_fail "check --repair rebuilds, then checks: ok" "exit $rc" "$out" "$err"; fi
expect_eq "FTS5's integrity-check passes after the repair" "$(fts_ok d.db)" ""
run b --db d.db check
expect_eq "check passes after the repair" "$rc" 0
expect_eq "the records are as before the damage" "$(b --db d.db export-csv umkm)" "$before"
run b --db d.db import-csv umkm "$fx/umkm_good.csv"
expect_eq "an import works after the repair" "$rc" 0
run b --db d.db check
expect_eq "and check passes after it" "$rc" 0
run b --db d.db check --fix
expect_eq "an unknown check option is a usage error" "$rc" 2

# ---- check writes nothing ----
mkdir ro
cp d.db ro/d.db
chmod 0444 ro/d.db
chmod 0555 ro
want=$(sum ro/d.db)
run b --db ro/d.db check
expect_eq "check of a read-only file in a read-only folder exits 0" "$rc" 0
expect_eq "the file is byte-identical after" "$(sum ro/d.db)" "$want"
expect_eq "nothing is made beside it (no -wal, -shm, -journal)" "$(ls -A ro)" "d.db"
chmod 0755 ro
: >empty.db
run b --db empty.db check
if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -q "empty file, not a Bantu database"; then
	t_ok "check of an empty file: exit 1, 'an empty file, not a Bantu database'"
else t_fail "check of an empty file: exit 1, says so" "exit $rc" "$err"; fi
expect_eq "the empty file stays empty, nothing beside it" "$(wc -c <empty.db | tr -d ' ') $(ls empty.db* | tr '\n' ' ')" "0 empty.db "
run b --db none.db check
if [ "$rc" -eq 1 ] && [ -z "$(ls none.db* 2>/dev/null)" ]; then
	t_ok "check of a missing file: exit 1, no file made"
else t_fail "check of a missing file: exit 1, no file made" "exit $rc" "$(ls none.db* 2>&1)"; fi
