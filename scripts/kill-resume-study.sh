#!/usr/bin/env bash
# Crash consistency of studies (docs/reliability.md): N rounds; each runs a tiny `reproduce` or
# `sweep` while killing it (SIGKILL) at random moments K times, running the same command again after
# each kill, lets it finish, and compares its results with an uninterrupted run: for reproduce
# summary.json and summary.md (training wall times aside) and every run's episodes.csv (wall time
# aside) and policy.ckpt; for sweep sweep.csv and sweep_summary.csv (wall times aside).
# Prints kills sent and rounds identical.
# Usage: scripts/kill-resume-study.sh [reproduce|sweep] [N rounds] [K kills per round] [mecmarl executable]
set -u
MODE=${1:-reproduce}; N=${2:-10}; K=${3:-10}
M=${4:-src/MecMarl.Cli/bin/Release/net10.0/mecmarl}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tiny="$(cd "$(dirname "$0")" && pwd)/tiny.json"   # the tiny config both kill-resume scripts use
case "$MODE" in
  reproduce) cmd() { exec "$M" reproduce --config "$tiny" --episodes 12 --schemes ma-drl,f-drl,full-offload \
                        --seeds 1,2 --threads 1 --out "$1"; } ;;
  sweep) cmd() { exec "$M" sweep --config "$tiny" --vary network.sbsCount=2,3 --schemes f-drl,il-drl,full-offload \
                    --episodes 12 --seeds 1 --jobs 2 --out "$1"; } ;;
  *) echo "mode must be reproduce or sweep"; exit 2 ;;
esac
# What must be identical: wall-clock fields and columns removed.
digest() {
  local d=$1
  if [ "$MODE" = reproduce ]; then
    grep -v -i -E '"(wall|train)[A-Za-z]*Seconds"|wallS' "$d/summary.json"
    grep -v -i 'wall' "$d/summary.md"
    for f in $(cd "$d" && find . -name episodes.csv | sort); do echo "$f"; sed 's/,[^,]*$//' "$d/$f"; done
    for f in $(cd "$d" && find . -name policy.ckpt | sort); do echo "$f"; cksum < "$d/$f"; done
  else
    for f in sweep.csv sweep_summary.csv; do
      awk -F, 'NR==1{for(i=1;i<=NF;i++) skip[i]=(tolower($i) ~ /wall/)} {for(i=1;i<=NF;i++) if(!skip[i]) printf "%s,", $i; print ""}' "$d/$f"
    done
  fi
}
(cmd "$work/ref") >/dev/null 2>&1 || { echo "reference $MODE failed"; exit 1; }
ref=$(digest "$work/ref")
[ "$(echo "$ref" | wc -l)" -gt 10 ] || { echo "reference results missing"; exit 1; }
kills=0; same=0; differ=0
for r in $(seq 1 "$N"); do
  out="$work/r$r"
  for k in $(seq 1 "$K"); do
    cmd "$out" >/dev/null 2>>"$work/errors.txt" & pid=$!
    sleep "$((RANDOM % 3)).$(printf '%03d' $((RANDOM % 1000)))"
    if kill -9 $pid 2>/dev/null; then kills=$((kills+1)); fi
    wait $pid 2>/dev/null
  done
  (cmd "$out") >/dev/null 2>>"$work/errors.txt"
  if [ "$ref" == "$(digest "$out")" ] && [ -z "$(find "$out" -name '*.tmp*' -o -name '.*.tmp')" ]; then same=$((same+1));
  else differ=$((differ+1)); echo "round $r differs"; diff <(echo "$ref") <(digest "$out") | head -5
       find "$out" -name '*.tmp*' -o -name '.*.tmp' | sed "s|^$out/|left: |"; fi
  rm -rf "$out"
done
echo "kill-resume ($MODE): rounds $N, SIGKILLs $kills, rounds identical $same, rounds differing or unresumable $differ"
grep -v "^$" "$work/errors.txt" | sort | uniq -c | sort -rn | head -5
[ $differ -eq 0 ]
