#!/usr/bin/env bash
# Crash consistency (docs/reliability.md): N rounds; each trains a tiny run of SCHEME while killing it
# (SIGKILL) at random moments K times (restarting with --resume, or with --out when the kill came
# before run.json), lets it finish, and compares episodes.csv (without wall time), policy.ckpt and
# evaluation.json with an uninterrupted run. Prints kills survived and rounds identical.
# Usage: scripts/kill-resume.sh [N rounds] [K kills per round] [scheme] [mecmarl executable]
set -u
N=${1:-20}; K=${2:-25}; SCHEME=${3:-ma-drl}
M=${4:-src/MecMarl.Cli/bin/Release/net10.0/mecmarl}
work=$(mktemp -d)
tiny="$(cd "$(dirname "$0")" && pwd)/tiny.json"   # the tiny config both kill-resume scripts use
"$M" train --scheme "$SCHEME" --seed 7 --config "$tiny" --out "$work/ref" --threads 1 >/dev/null 2>&1 || { echo "reference run failed"; exit 1; }
curve() { sed 's/,[^,]*$//' "$1/episodes.csv"; }
kills=0; same=0; differ=0
for r in $(seq 1 "$N"); do
  out="$work/r$r"
  for k in $(seq 1 "$K"); do
    if [ -f "$out/run.json" ]; then args=(train --resume "$out" --threads 1);
    else args=(train --scheme "$SCHEME" --seed 7 --config "$tiny" --out "$out" --threads 1); fi
    "$M" "${args[@]}" >/dev/null 2>>"$work/errors.txt" & pid=$!
    sleep "0.$(printf '%03d' $((RANDOM % 1000)))"
    if kill -9 $pid 2>/dev/null; then kills=$((kills+1)); fi
    wait $pid 2>/dev/null
  done
  if [ -f "$out/run.json" ]; then "$M" train --resume "$out" --threads 1 >/dev/null 2>>"$work/errors.txt";
  else "$M" train --scheme "$SCHEME" --seed 7 --config "$tiny" --out "$out" --threads 1 >/dev/null 2>>"$work/errors.txt"; fi
  if [ "$(curve "$work/ref")" == "$(curve "$out")" ] && cmp -s "$work/ref/policy.ckpt" "$out/policy.ckpt" \
     && cmp -s "$work/ref/evaluation.json" "$out/evaluation.json" && ! ls -a "$out" | grep -q 'tmp'; then same=$((same+1));
  else differ=$((differ+1)); echo "round $r differs"; fi
  rm -rf "$out"
done
echo "kill-resume ($SCHEME): rounds $N, SIGKILLs $kills, rounds bit-identical $same, rounds differing or unresumable $differ"
grep -v "^$" "$work/errors.txt" | sort | uniq -c | sort -rn | head -5
rm -rf "$work"
[ $differ -eq 0 ]
