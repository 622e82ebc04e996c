#!/usr/bin/env bash
# The hottest methods of a JDK Flight Recorder file: the jdk.ExecutionSample events counted by their
# top frame (where the CPU was), by their first frame outside the JDK (which library or Loket code
# got there), and by the Loket methods on their stack (which step of the flow it was spent under).
# Used by bench/run.sh --profile; usable on its own:
#
#   bench/jfr-top.sh target/bench/hub.jfr [FROM TO [N]]
#
# FROM and TO (HH:MM:SS.mmm, the local time jfr prints) keep only the samples of that window,
# e.g. the measured payment window written in target/bench/result.json.
set -euo pipefail
JFR=${1:?usage: bench/jfr-top.sh FILE.jfr [FROM TO [N]]}
FROM=${2:-}
TO=${3:-}
N=${4:-15}
SAMPLES="${JFR%.jfr}-samples.txt"

jfr print --events jdk.ExecutionSample --stack-depth 128 "$JFR" > "$SAMPLES"

# Per sample kept: "T\t<top frame>", "A\t<first frame not in java., javax., jdk., sun., com.sun.>",
# and "L\t<method>" once for every Loket (id.loket.) method anywhere on its stack.
frames() {
  awk -v from="$FROM" -v to="$TO" '
    function inwindow(t) {
      if (from == "" || to == "") return 1
      if (from <= to) return t >= from && t < to
      return t >= from || t < to            # the window crossed midnight
    }
    /^jdk\.ExecutionSample/   { keep = 0; top = ""; app = ""; delete seen; next }
    /^ *startTime = /         { keep = inwindow($3); next }
    /^ *stackTrace = \[/      { stack = 1; next }
    stack && /^ *\]/ {
      stack = 0
      if (keep && top != "") {
        print "T\t" top
        print "A\t" (app == "" ? "(JDK only)" : app)
        for (m in seen) print "L\t" m
      }
      next
    }
    stack {
      f = $0; sub(/^ +/, "", f); sub(/ +line: .*$/, "", f)
      if (f == "..." || f == "") next
      if (top == "") top = f
      if (app == "" && f !~ /^(java|javax|jdk|sun|com\.sun)\./) app = f
      if (f ~ /^id\.loket\./) seen[f] = 1
    }' "$SAMPLES"
}

frames > "$SAMPLES.frames"
TOTAL=$(grep -c '^T' "$SAMPLES.frames" || true)
if [ "$TOTAL" -eq 0 ]; then
  echo "no execution samples${FROM:+ between $FROM and $TO} in $JFR"
  exit 0
fi
table() {
  grep "^$1"$'\t' "$SAMPLES.frames" | cut -f2 | sort | uniq -c | sort -rn | head -n "$N" \
    | awk -v total="$TOTAL" '{ n = $1; $1 = ""; sub(/^ /, ""); printf "  %6d  %5.1f%%  %s\n", n, 100 * n / total, $0 }' \
    || true   # head closes the pipe early on purpose
}
echo "Top $N methods by samples where they were the top frame (${TOTAL} samples${FROM:+, $FROM to $TO}):"
table T
echo
echo "Top $N first frames outside the JDK (the library or Loket code that led there):"
table A
echo
echo "Top $N Loket methods anywhere on the stack (share of samples under them):"
table L
echo
rm -f "$SAMPLES.frames"
echo "(all samples as text: $SAMPLES)"
