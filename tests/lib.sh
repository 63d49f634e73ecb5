# tests/lib.sh - helpers for command-line and screen tests; sourced by tests/cli/*.sh.
# Each check prints one TAP line: "ok N - what" or "not ok N - what" with details.
# $BANTU is the binary under test (set by tests/run.sh).
set -u
: "${BANTU:=$(cd "$(dirname "$0")/../.." && pwd)/build/bantu}"
T_N=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/bantu-test.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT
export HOME="$T_TMP/home" XDG_CONFIG_HOME="$T_TMP/config" XDG_DATA_HOME="$T_TMP/data"
mkdir -p "$HOME"
unset BANTU_LANG LANGUAGE

t_ok() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; }
t_fail() {
	T_N=$((T_N + 1))
	echo "not ok $T_N - $1"
	shift
	for line in "$@"; do printf '#   %s\n' "$line"; done
}

# expect_ok WHAT CMD...: the command exits 0.
expect_ok() {
	what=$1; shift
	if out=$("$@" 2>&1); then t_ok "$what"; else t_fail "$what" "exit $?: $*" "$out"; fi
}

# expect_status WHAT STATUS CMD...: the command exits with STATUS.
expect_status() {
	what=$1; want=$2; shift 2
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" -eq "$want" ]; then t_ok "$what"; else t_fail "$what" "exit $rc, wanted $want: $*" "$out"; fi
}

# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then t_ok "$1"; else t_fail "$1" "got:  $2" "want: $3"; fi
}

# expect_match WHAT TEXT REGEX (grep -E)
expect_match() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then t_ok "$1"; else t_fail "$1" "no match for /$3/ in:" "$2"; fi
}

# expect_no_match WHAT TEXT REGEX
expect_no_match() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then t_fail "$1" "unexpected /$3/ in:" "$2"; else t_ok "$1"; fi
}

# sql DB QUERY: runs a read-only query with the sqlite3 shell.
sql() { sqlite3 -batch -noheader -cmd ".timeout 5000" "$1" "$2"; }

# db_state DB [TABLE...]: a checksum of every row of every table of DB but the
# TABLEs named, to show that a refused command wrote nothing (the sqlite3 shell
# reads it: no bantu process, so this costs little under valgrind).
db_state() {
	ds_db=$1
	shift
	ds_script=
	for ds_t in $(sql "$ds_db" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
		case " $* " in *" $ds_t "*) continue ;; esac
		ds_script="$ds_script SELECT '$ds_t'; SELECT * FROM \"$ds_t\";"
	done
	sql "$ds_db" "$ds_script" | cksum
}

# hold_db DB SQL / release_db SQL: another process (the sqlite3 shell, fed through
# a FIFO) runs SQL on DB (say "BEGIN IMMEDIATE; ...": a lock, or "BEGIN; SELECT
# ...": a reader) and keeps it until release_db runs its SQL and ends it, however
# long the steps in between take (under valgrind, seconds). One at a time.
hold_db() {
	rm -f "$T_TMP/.hold.fifo"
	mkfifo "$T_TMP/.hold.fifo"
	sqlite3 "$1" <"$T_TMP/.hold.fifo" >/dev/null 2>&1 &
	T_HOLDER=$!
	exec 7>"$T_TMP/.hold.fifo"
	echo "$2" >&7
	# Until the shell has run it: a lock shows as a write the tests can't make.
	sleep 0.5
}
release_db() {
	echo "$1" >&7
	exec 7>&-
	wait "$T_HOLDER"
	rm -f "$T_TMP/.hold.fifo"
}

# fuzz_corpus TARGET RUNS CORPUS_WHAT MUTATIONS_WHAT: a fuzz target with a valid-* /
# invalid-* seed corpus (tests/fuzz/fuzz_TARGET.c, tests/fuzz/corpus/TARGET): builds
# it with tests/fuzz/build.sh against the library of the build under test (the
# directory of $BANTU), wants 3 or more valid-* files, runs the corpus as it is (what
# it checks: CORPUS_WHAT), then RUNS mutations of it with seed $FUZZ_SEED (default:
# the date) (MUTATIONS_WHAT). Four checks; the driver's summary line is shown.
fuzz_corpus() {
	fz_target=$1 fz_runs=$2
	fz_build=$(dirname "$BANTU")
	fz_drv=$T_TMP/fuzz_$fz_target
	fz_corpus=tests/fuzz/corpus/$fz_target
	fz_seed=${FUZZ_SEED:-$(date +%Y%m%d)}
	if out=$(sh tests/fuzz/build.sh "$fz_build" "$fz_drv" "$fz_target" 2>&1); then
		t_ok "fuzz driver builds against $fz_build/libbantu.a"
	else
		t_fail "fuzz driver builds against $fz_build/libbantu.a" "$out"
		return 0
	fi
	n=$(find "$fz_corpus" -type f -name 'valid-*' | wc -l | tr -d ' ')
	if [ "$n" -ge 3 ]; then t_ok "seed corpus has $n valid files"
	else t_fail "seed corpus has valid files" "found $n in $fz_corpus"; fi
	if out=$("$fz_drv" -n 0 "$fz_corpus" 2>&1); then
		t_ok "corpus: $3"
	else
		t_fail "corpus: $3" "$out"
	fi
	if out=$("$fz_drv" -n "$fz_runs" -s "$fz_seed" "$fz_corpus" 2>&1); then
		t_ok "$fz_runs mutations of the corpus: $4 ($(printf '%s' "$out" | tail -1))"
	else
		t_fail "$fz_runs mutations of the corpus (FUZZ_SEED=$fz_seed): $4" \
			"$(printf '%s\n' "$out" | tail -30)"
	fi
}
