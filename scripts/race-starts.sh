#!/usr/bin/env bash
# Racing starts (docs/reliability.md): N times, two `train` processes start together on one --out
# (different schemes and seeds). Counts trials in which both were accepted (exit 0), which must be 0,
# and checks that the folder holds the winner's complete run with a log of one run.
# Usage: scripts/race-starts.sh [N] [mecmarl executable]
set -u
N=${1:-100}
M=${2:-src/MecMarl.Cli/bin/Release/net10.0/mecmarl}
work=$(mktemp -d)
cat > "$work/tiny.json" <<'JSON'
{ "network": { "sbsCount": 3, "uesPerCell": 3 }, "channel": { "channels": 4 },
  "environment": { "slotsPerEpisode": 10 },
  "training": { "episodes": 4, "actorHidden": [16], "criticHidden": [16], "batchSize": 8,
    "bufferCapacity": 200, "learningStarts": 16, "checkpointEveryEpisodes": 2 },
  "schemes": { "f-drl": { "aggregation": { "periodEpisodes": 2 } } },
  "evaluation": { "episodes": 2 } }
JSON
both=0; one=0; bad=0; inuse=0; late=0; other=0
for i in $(seq 1 "$N"); do
  out="$work/run$i"
  "$M" train --scheme f-drl --seed 5 --config "$work/tiny.json" --out "$out" --threads 1 >/dev/null 2>"$work/a.err" & pa=$!
  "$M" train --scheme ma-drl --seed 7 --config "$work/tiny.json" --out "$out" --threads 1 >/dev/null 2>"$work/b.err" & pb=$!
  wait $pa; ca=$?; wait $pb; cb=$?
  if [ $ca -eq 0 ] && [ $cb -eq 0 ]; then both=$((both+1));
  elif [ $((ca+cb)) -eq 2 ] && [ $ca -ne $cb ]; then
    one=$((one+1))
    if grep -q "in use by another mecmarl process (PID [0-9][0-9]*)" "$work/a.err" "$work/b.err"; then inuse=$((inuse+1))
    elif grep -q "already holds a run" "$work/a.err" "$work/b.err"; then late=$((late+1))
    else other=$((other+1)); echo "trial $i: loser said:"; cat "$work/a.err" "$work/b.err"; fi
    starts=$(grep -c " started " "$out/train.log")
    grep -q '"status": "complete"' "$out/run.json" && [ "$starts" -eq 1 ] || bad=$((bad+1))
  else bad=$((bad+1)); echo "trial $i: exit codes $ca $cb"; cat "$work/a.err" "$work/b.err"; fi
done
echo "racing starts: $N, both accepted: $both, one accepted: $one (loser refused as in use naming a PID: $inuse, as already a run: $late, otherwise: $other), other outcomes or damaged folders: $bad"
rm -rf "$work"
[ $both -eq 0 ] && [ $bad -eq 0 ]
