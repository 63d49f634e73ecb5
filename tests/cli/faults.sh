#!/bin/sh
# tests/cli/faults.sh - faults of the disk and of a second process, injected with
# the test-only VFS of src/store/fault.c (BANTU_FAULT_WRITES=N: every write after
# the first N fails; BANTU_FAULT_KIND full|readonly|ioerr): a full disk during
# import-csv, bundle import and backup at many points; read-only media; a removed
# USB stick; a database locked by another process's write transaction. Each gives
# exit 1 and a one-line message that says what happened, changes nothing
# (`bantu check` clean, same ops and records) and works once the fault is gone.
. "$(dirname "$0")/../lib.sh"
fixtures=$(cd "$(dirname "$0")/fixtures" && pwd)
cd "$T_TMP" || exit 1

run() {
	"$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	out=$(cat "$T_TMP/.out")
	err=$(cat "$T_TMP/.err")
}
b() { "$BANTU" --lang en "$@"; }
lines() { if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l | tr -d ' '; fi; }
state() { db_state "$1"; }

b --db p.db init --office 18 >/dev/null
b --db p.db keys export -o prov.keys >/dev/null 2>&1
b --db d.db init --office 18.71 --province-key prov.keys >/dev/null
b --db d.db demo --umkm 200 --koperasi 5 >/dev/null
b --db d.db bundle export --to 18 -o d1.bundle >/dev/null
b --db p.db bundle import d1.bundle >/dev/null 2>&1
b --db p.db office approve 18.71 "$(b --db d.db keys fingerprint)" >/dev/null

# faulted WHAT DB REGEX CMD...: with writes failing after N for several N, CMD
# either fails with one line matching REGEX and DB unchanged and clean, or
# succeeds; at least one N must fail.
faulted() {
	what=$1 db=$2 want=$3
	shift 3
	bad="" failed=0
	for n in 0 2 5 20 60 200 600; do
		rm -f work.db work.db-wal work.db-shm
		cp "$db" work.db
		cp "$db.keys" work.db.keys
		before=$(state work.db)
		BANTU_FAULT_WRITES=$n "$@" >"$T_TMP/.out" 2>"$T_TMP/.err"
		rc=$?
		err=$(cat "$T_TMP/.err")
		[ "$rc" -eq 0 ] && continue
		failed=$((failed + 1))
		if [ "$rc" -ne 1 ] || ! printf '%s' "$err" | grep -Eq -- "$want" || [ "$(lines "$err")" -ne 1 ]; then
			bad="$bad; n=$n: exit $rc: $err"
		elif [ "$(state work.db)" != "$before" ]; then
			bad="$bad; n=$n: the database changed"
		elif ! b --db work.db check >/dev/null 2>&1; then
			bad="$bad; n=$n: bantu check: $(b --db work.db check 2>&1 | head -2)"
		fi
	done
	if [ "$failed" -eq 0 ]; then t_fail "$what: the fault was hit" "no run failed"
	elif [ -n "$bad" ]; then t_fail "$what: one line /$want/, nothing changed, check clean" "$bad"
	else t_ok "$what: $failed fault points, each one line, nothing changed, check clean"; fi
}

faulted "disk full during import-csv" d.db 'disk is full; nothing was saved' \
	b --db work.db import-csv umkm "$fixtures/umkm_good.csv"
faulted "disk full during bundle import" p.db 'disk is full' \
	b --db work.db bundle import d1.bundle
faulted "disk full during demo data (one big save)" d.db 'disk is full' \
	b --db work.db demo --umkm 300
faulted "read-only media during import-csv" d.db 'read-only' \
	env BANTU_FAULT_KIND=readonly "$BANTU" --lang en --db work.db import-csv umkm "$fixtures/umkm_good.csv"
faulted "a removed USB stick during bundle import" p.db 'USB stick removed' \
	env BANTU_FAULT_KIND=ioerr "$BANTU" --lang en --db work.db bundle import d1.bundle

# After the fault is lifted the same import works.
before=$(sql d.db 'SELECT count(*) FROM op')
run b --db d.db import-csv umkm "$fixtures/umkm_good.csv"
expect_eq "without the fault the import works" "$rc" 0
if [ "$(sql d.db 'SELECT count(*) FROM op')" -gt "$before" ]; then t_ok "and saves its rows"
else t_fail "and saves its rows" "$before ops before and after"; fi

# ---- backup on a full disk, read-only media, a removed stick: nothing left ----
for kind in full readonly ioerr; do
	case $kind in full) want='disk is full' ;; readonly) want='read-only' ;; *) want='USB stick removed' ;; esac
	rm -f bk.db*
	BANTU_FAULT_WRITES=3 BANTU_FAULT_KIND=$kind "$BANTU" --lang en --db d.db backup -o bk.db >"$T_TMP/.out" 2>"$T_TMP/.err"
	rc=$?
	err=$(cat "$T_TMP/.err")
	if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -q "$want" && [ -z "$(ls bk.db* 2>/dev/null)" ]; then
		t_ok "backup, fault '$kind': exit 1, '$want', no file left"
	else t_fail "backup, fault '$kind': exit 1, '$want', no file left" "exit $rc" "$err" "$(ls bk.db* 2>&1)"; fi
done
run b --db d.db check
expect_eq "the database is clean after the failed backups" "$rc" 0

# ---- a database locked by another process ----
hold_db d.db "BEGIN IMMEDIATE; INSERT INTO meta VALUES ('lock-test', 'x');"
before=$(sql d.db 'SELECT count(*) FROM op')
start=$(date +%s)
run timeout 20 "$BANTU" --lang en --db d.db import-csv umkm "$fixtures/umkm_good.csv"
took=$(( $(date +%s) - start ))
if [ "$rc" -eq 1 ] && printf '%s' "$err" | grep -q 'locked' && [ "$(lines "$err")" -eq 1 ]; then
	t_ok "import while another process writes: exit 1, 'locked', one line"
else t_fail "import while another process writes: exit 1, 'locked', one line" "exit $rc" "$err"; fi
if [ "$took" -le 10 ]; then t_ok "it does not hang (${took}s)"; else t_fail "it does not hang" "${took}s"; fi
run timeout 20 "$BANTU" --lang en --db d.db backup -o during-lock.db
expect_eq "a backup works while another process holds a write transaction" "$rc" 0
release_db "ROLLBACK;"
expect_eq "nothing was imported while locked" "$(sql d.db 'SELECT count(*) FROM op')" "$before"
run b --db d.db import-csv umkm "$fixtures/umkm_good.csv"
expect_eq "once the lock is gone the import works" "$rc" 0

# ---- a database file that is read-only (for a user other than root) ----
if [ "$(id -u)" -ne 0 ]; then
	cp d.db ro.db
	chmod 0400 ro.db
	run b --db ro.db import-csv umkm "$fixtures/umkm_good.csv"
	if [ "$rc" -ne 0 ] && printf '%s' "$err" | grep -Eq 'read-only|readonly|unable to open'; then
		t_ok "a read-only database file: refused with a message"
	else t_fail "a read-only database file: refused with a message" "exit $rc" "$err"; fi
fi
