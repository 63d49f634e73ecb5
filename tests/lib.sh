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
