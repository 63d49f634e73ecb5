#!/bin/sh
# tests/run.sh BUILD [SANBUILD] - runs every test and prints one line "N passed, N failed".
#   unit tests (cmocka, TAP output), command-line tests (tests/cli/*.sh) and screen tests
#   (tests/screen/*.sh, tmux) against BUILD; unit and command-line tests again against
#   SANBUILD (ASan+UBSan) when given. Exit status 1 when anything failed.
# Environment: TESTS=pattern runs only the suites whose file name contains it;
# SCREENS=no leaves out the screen tests; JOBS=N (default: the number of
# processors) runs the suites N at a time, each taken by the next free worker (a
# screen test has its own tmux server and waits for what it expects, so screens run
# beside the others). The longest suites start first, as tests/durations lists
# them (seconds under valgrind, the run where the order matters most; a suite not
# listed counts as long). Each report line shows the suite's seconds; the slowest
# are listed again before the total. TIMES=FILE also writes every suite's seconds
# to FILE (how tests/durations is refreshed: see HACKING.md).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
work=$(mktemp -d "${TMPDIR:-/tmp}/bantu-run.XXXXXX")
trap 'rm -rf "$work"' EXIT

# run_suite NAME CMD...: runs a TAP producer, counts its ok / not ok lines; appends
# its report line (and what failed) to $out and its counts to $counts.
run_suite() {
	name=$1
	shift
	log=$out.log
	t0=$(date +%s)
	"$@" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - t0))
	echo "$secs $name" >>"$times"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc" >>"$log"
	fi
	{
		if [ "$f" -gt 0 ]; then
			printf 'FAIL %-40s %3d passed, %d failed (%ds)\n' "$name" "$p" "$f" "$secs"
			grep -v '^ok ' "$log" | head -60 | sed 's/^/    /'
		else
			printf 'ok   %-40s %3d passed (%ds)\n' "$name" "$p" "$secs"
		fi
	} >>"$out"
	echo "$p $f" >>"$counts"
	rm -f "$log"
}

# The suites: "BUILD KIND FILE" lines, in order; kind unit, cli or screen.
list() {
	build=$1 screens=$2
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] && echo "$build unit $t"
	done
	for t in tests/cli/*.sh; do
		[ -f "$t" ] && echo "$build cli $t"
	done
	if [ "$screens" = yes ]; then
		for t in tests/screen/*.sh; do
			[ -f "$t" ] && echo "$build screen $t"
		done
	fi
}

# run_one BUILD KIND FILE
run_one() {
	export BANTU="$top/$1/bantu"
	export BANTU_LOCALEDIR="$top/$1/locale"
	BANTU_SUITE=$2/$(basename "$3" .sh)
	export BANTU_SUITE   # the wrapper of tests/valgrind.sh samples per suite
	case $2 in
	unit) run_suite "$1/$(basename "$3")" env CMOCKA_MESSAGE_OUTPUT=TAP "$3" ;;
	cli) run_suite "$1/cli/$(basename "$3" .sh)" sh "$3" ;;
	screen) run_suite "$1/screen/$(basename "$3" .sh)" sh "$3" ;;
	esac
}

# worker N: takes the suites no other worker has taken (mkdir is the claim).
worker() {
	out=$work/out.$1 counts=$work/counts.$1 times=$work/times.$1
	: >"$out"
	: >"$counts"
	: >"$times"
	i=0
	while read -r b kind file; do
		i=$((i + 1))
		mkdir "$work/claim.$i" 2>/dev/null || continue
		run_one "$b" "$kind" "$file"
	done <"$work/suites"
}

# PINs hashed at Argon2's least cost (a test hook: src/model/auth.c); test_auth
# covers the interactive cost and the hash made again at a login without it.
export BANTU_TEST_PIN_COST=min
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
{
	list "$1" "${SCREENS:-yes}"
	[ $# -ge 2 ] && list "$2" no
} | while read -r b kind file; do
	case $kind in
	unit) name=$b/$(basename "$file") ;;
	*) name=$b/$kind/$(basename "$file" .sh) ;;
	esac
	case "$name" in *"${TESTS:-}"*) echo "$b $kind $file" ;; esac
done >"$work/suites.listed"

# Longest first: each suite's seconds from tests/durations ("SECONDS KIND/NAME"),
# 9999 for one not listed; ties keep the listed order.
awk 'FILENAME == ARGV[1] { d[$2] = $1; next }
	{ n = split($3, p, "/"); f = p[n]; sub(/\.sh$/, "", f)
	  k = $2 "/" f; printf "%d %d %s\n", (k in d) ? d[k] : 9999, FNR, $0 }' \
	tests/durations "$work/suites.listed" | sort -k1,1nr -k2,2n | cut -d' ' -f3- >"$work/suites"

jobs=${JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -ge 1 ] 2>/dev/null || jobs=1
n=0
while [ "$n" -lt "$jobs" ]; do
	worker "$n" &
	n=$((n + 1))
done
wait
# Each worker's reports, in the order it ran its suites.
n=0
while [ "$n" -lt "$jobs" ]; do
	cat "$work/out.$n"
	n=$((n + 1))
done
# The slowest suites, and every suite's seconds for TIMES.
cat "$work"/times.* | sort -k1,1nr >"$work/times"
echo "slowest:$(head -8 "$work/times" | awk '{ printf " %s %ds", $2, $1 }')"
if [ -n "${TIMES:-}" ]; then cp "$work/times" "$TIMES"; fi

pass=0 fail=0
for c in "$work"/counts.*; do
	while read -r p f; do
		pass=$((pass + p))
		fail=$((fail + f))
	done <"$c"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
