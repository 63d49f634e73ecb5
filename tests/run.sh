#!/bin/sh
# tests/run.sh BUILD [SANBUILD] - runs every test and prints one line "N passed, N failed".
#   unit tests (cmocka, TAP output), command-line tests (tests/cli/*.sh) and screen tests
#   (tests/screen/*.sh, tmux) against BUILD; unit and command-line tests again against
#   SANBUILD (ASan+UBSan) when given. Exit status 1 when anything failed.
# Environment: TESTS=pattern runs only the suites whose file name contains it;
# SCREENS=no leaves out the screen tests (tests/valgrind.sh).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
pass=0
fail=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# run_suite NAME CMD...: runs a TAP producer, counts its ok / not ok lines.
run_suite() {
	name=$1
	shift
	case "$name" in *"${TESTS:-}"*) ;; *) return ;; esac
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -gt 0 ]; then
		printf 'FAIL %-40s %3d passed, %d failed\n' "$name" "$p" "$f"
		grep -v '^ok ' "$log" | head -60 | sed 's/^/    /'
	else
		printf 'ok   %-40s %3d passed\n' "$name" "$p"
	fi
}

run_build() {
	build=$1
	screens=$2
	export BANTU="$top/$build/bantu"
	export BANTU_LOCALEDIR="$top/$build/locale"
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		run_suite "$build/$(basename "$t")" env CMOCKA_MESSAGE_OUTPUT=TAP "$t"
	done
	for t in tests/cli/*.sh; do
		[ -f "$t" ] || continue
		run_suite "$build/cli/$(basename "$t" .sh)" sh "$t"
	done
	if [ "$screens" = yes ]; then
		for t in tests/screen/*.sh; do
			[ -f "$t" ] || continue
			run_suite "$build/screen/$(basename "$t" .sh)" sh "$t"
		done
	fi
}

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
run_build "$1" "${SCREENS:-yes}"
[ $# -ge 2 ] && run_build "$2" no

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
