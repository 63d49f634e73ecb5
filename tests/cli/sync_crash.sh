#!/bin/sh
# tests/cli/sync_crash.sh - a bundle import killed (kill -9) at random moments, many
# times: after each kill the database passes `bantu check` and holds all of the
# bundle or none of it (its ops and its records), and importing the bundle again
# completes it. The bundle holds a few thousand ops (demo --umkm 3000 at a
# district), so the import lasts long enough to be hit in the middle; the kill
# delays are spread over the measured duration of a whole import.
# Environment: BANTU_CRASH_ITER (default 50; 200 or more by hand) iterations; BANTU_CRASH_UMKM (default
# 3000, 1500 for a sanitizer build, which runs three times slower: its import of
# 1500 still lasts longer than the normal build's of 3000) records in the bundle.
. "$(dirname "$0")/../lib.sh"
cd "$T_TMP" || exit 1

b() { "$BANTU" --lang en "$@"; }
# The kills are timed by a measured import: under tests/valgrind.sh every run of
# bantu here must be of the same kind (all under valgrind), not only the first
# of each shape of command line.
export VALGRIND_ALL=1
iters=${BANTU_CRASH_ITER:-50}
case "$BANTU" in */build-san/*) umkm=1500 ;; *) umkm=3000 ;; esac
umkm=${BANTU_CRASH_UMKM:-$umkm}
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# rand N: a random number in 0..N-1.
rand() { echo $(($(od -An -N4 -tu4 /dev/urandom | tr -d ' ') % $1)); }
# ops DB / records DB: what the database holds.
ops() { sql "$1" 'SELECT count(*) FROM op'; }
records() { sql "$1" 'SELECT (SELECT count(*) FROM umkm) + (SELECT count(*) FROM koperasi)'; }

# ---- a province, a district with thousands of UMKM, its bundle; the district approved ----
b --db p.db init --office 18 >/dev/null 2>&1
b --db p.db keys export -o prov.keys >/dev/null 2>&1
b --db d.db init --office 18.71 --province-key prov.keys >/dev/null 2>&1
b --db d.db demo --umkm "$umkm" >/dev/null 2>&1
b --db p.db demo --umkm 50 --koperasi 5 >/dev/null 2>&1
b --db d.db bundle export --to 18 -o big.bundle >/dev/null 2>&1
b --db p.db bundle import big.bundle >/dev/null 2>&1
if b --db p.db office approve 18.71 "$(b --db d.db keys fingerprint)" >/dev/null 2>&1; then
	t_ok "setup: the province approves the district"
else
	t_fail "setup: the province approves the district"
	echo "1..$T_N"
	exit 1
fi
# The pristine copy, made while nothing runs (no WAL left after a clean exit).
if [ -e p.db-wal ] && [ -s p.db-wal ]; then
	t_fail "setup: the province's database is idle (no WAL)" "$(ls -l p.db*)"
fi
cp p.db pristine.db
restore() { rm -f p.db p.db-wal p.db-shm; cp pristine.db p.db; }

before=$(ops p.db)
before_rec=$(records p.db)
# The duration of a whole import: the longer of two (a loaded machine, or one
# running valgrind, varies from one run to the next).
t0=$(now_ms)
b --db p.db bundle import big.bundle >/dev/null 2>&1
t1=$(now_ms)
full=$(ops p.db)
full_rec=$(records p.db)
dur=$((t1 - t0))
restore
t0=$(now_ms)
b --db p.db bundle import big.bundle >/dev/null 2>&1
t1=$(now_ms)
[ $((t1 - t0)) -gt "$dur" ] && dur=$((t1 - t0))
if [ "$((full - before))" -ge "$umkm" ] && [ "$(ops p.db)" = "$full" ]; then
	t_ok "a whole import adds $((full - before)) ops in $dur ms"
else t_fail "a whole import adds the bundle's ops" "before $before, after $full, again $(ops p.db)"; fi
[ "$dur" -ge 1 ] || dur=1

# ---- kill -9 at random moments ----
i=0 none=0 all=0 running=0 midwrite=0 reimported=0
bad_check=0 bad_count=0 bad_redo=0 first=""
span=$((dur * 12 / 10 + 2))
start=$(now_ms)
while [ "$i" -lt "$iters" ]; do
	i=$((i + 1))
	restore
	# A quarter of the kills anywhere in the import, half in its second half,
	# where the records are written and the transaction commits, and a quarter
	# around its end (so that a few kills land after the commit even when a run
	# is slower than the measured one).
	case $((i % 4)) in
	0) d=$(rand "$span") ;;
	3) d=$((dur * 9 / 10 + $(rand $((dur * 7 / 10 + 2))))) ;;
	*) d=$((dur / 2 + $(rand $((dur * 7 / 10 + 2))))) ;;
	esac
	"$BANTU" --lang en --db p.db bundle import big.bundle >/dev/null 2>&1 &
	pid=$!
	sleep "$((d / 1000)).$(printf '%03d' $((d % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	killed=$? # 137: the import was still running
	wal=0
	[ -f p.db-wal ] && wal=$(wc -c <p.db-wal | tr -d ' ')
	if ! out=$(b --db p.db check 2>&1); then
		bad_check=$((bad_check + 1))
		[ -n "$first" ] || first="iteration $i (killed after $d ms): check failed: $out"
		continue
	fi
	n=$(ops p.db)
	r=$(records p.db)
	if [ "$n" = "$before" ] && [ "$r" = "$before_rec" ]; then
		none=$((none + 1))
		[ "$killed" -eq 137 ] && running=$((running + 1))
		[ "$wal" -gt 0 ] && midwrite=$((midwrite + 1))
	elif [ "$n" = "$full" ] && [ "$r" = "$full_rec" ]; then
		all=$((all + 1))
	else
		bad_count=$((bad_count + 1))
		[ -n "$first" ] || first="iteration $i (killed after $d ms): $n ops, $r records; wanted $before/$before_rec or $full/$full_rec"
		continue
	fi
	# Importing again completes it (after a kill that left nothing; and every
	# fourth time after one that left all, which must then add nothing).
	if [ "$n" = "$before" ] || [ $((i % 4)) -eq 0 ]; then
		reimported=$((reimported + 1))
		if ! out=$(b --db p.db bundle import big.bundle 2>&1) || [ "$(ops p.db)" != "$full" ] ||
		   [ "$(records p.db)" != "$full_rec" ]; then
			bad_redo=$((bad_redo + 1))
			[ -n "$first" ] || first="iteration $i (killed after $d ms): import again: $out; $(ops p.db) ops"
		fi
	fi
done
took=$(($(now_ms) - start))
echo "# $iters kills in $took ms: $none left nothing ($running killed while running, $midwrite with a WAL left: during the commit), $all left all; $reimported imported again"

if [ "$bad_check" -eq 0 ]; then t_ok "after each of $iters kills, bantu check passes"
else t_fail "after each of $iters kills, bantu check passes" "$bad_check failed" "$first"; fi
if [ "$bad_count" -eq 0 ]; then t_ok "after each kill the database holds all of the bundle or none ($none none, $all all)"
else t_fail "after each kill the database holds all of the bundle or none" "$bad_count partial" "$first"; fi
if [ "$bad_redo" -eq 0 ]; then t_ok "importing again after a kill completes it ($reimported times)"
else t_fail "importing again after a kill completes it" "$bad_redo failed" "$first"; fi
# The kills landed on both sides of the commit. Half of them fall in the second
# half of an import's measured duration, where it applies the ops: those that left
# nothing were killed inside the transaction. (The import writes to the WAL only
# as it commits, its page cache being large: a WAL left behind, counted above,
# means a kill during the commit itself, a window too short to require.)
if [ "$running" -gt 0 ] && [ "$all" -gt 0 ]; then t_ok "kills landed before the commit ($running) and after it ($all)"
else t_fail "kills landed before and after the commit" "$running killed before, $all after"; fi
echo "1..$T_N"
