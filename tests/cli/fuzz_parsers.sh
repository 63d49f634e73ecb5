#!/bin/sh
# tests/cli/fuzz_parsers.sh - the parsers of user input against their seed corpora
# and seeded random mutations of them: the CSV reader (tests/fuzz/fuzz_csv.c), the
# settings reader (fuzz_config.c), dates, money, NIK, NIB, NPWP, KBLI, phone and
# every form field's registry_parse (fuzz_input.c). Built by tests/fuzz/build.sh
# against the library of the build under test (build-san: ASan+UBSan). Nothing
# may crash, leak or break the targets' contracts (one-line refusals, well-formed
# values, format/parse round trips). FUZZ_RUNS (default 20000 per target) and
# FUZZ_SEED (default: a new one each day, printed on failure) tune it; a crash
# input is kept with FUZZ_SAVE (see tests/fuzz/driver.h) and goes into the corpus.
. "$(dirname "$0")/../lib.sh"

build=$(dirname "$BANTU")
runs=${FUZZ_RUNS:-20000}
seed=${FUZZ_SEED:-$(date +%Y%m%d)}

for target in csv config input; do
	drv=$T_TMP/fuzz_$target
	corpus=tests/fuzz/corpus/$target
	if out=$(sh tests/fuzz/build.sh "$build" "$drv" "$target" 2>&1); then
		t_ok "fuzz_$target builds against $build/libbantu.a"
	else
		t_fail "fuzz_$target builds against $build/libbantu.a" "$out"
		continue
	fi
	n=$(find "$corpus" -type f | wc -l | tr -d ' ')
	if [ "$n" -ge 5 ]; then t_ok "fuzz_$target: seed corpus of $n files"
	else t_fail "fuzz_$target: seed corpus" "found $n in $corpus"; fi
	if out=$("$drv" -n "$runs" -s "$seed" "$corpus" 2>&1); then
		t_ok "fuzz_$target: the corpus and $runs mutations, no crash ($(printf '%s' "$out" | tail -1))"
	else
		t_fail "fuzz_$target: $runs mutations (FUZZ_SEED=$seed): no crash" "$(printf '%s\n' "$out" | tail -30)"
	fi
done

# The regression input found by fuzzing: a date typed with a newline in it gave a
# two-line message. It is in the corpus; check the message directly too.
drv=$T_TMP/fuzz_input
if [ -x "$drv" ] && "$drv" -n 0 tests/fuzz/corpus/input/crash-date-newline >/dev/null 2>&1; then
	t_ok "regression: a date with a newline in it is refused in one line"
else t_fail "regression: a date with a newline in it is refused in one line"; fi
