#!/bin/sh
# A test double of a real trainer: records the argv it was given and what lies beside its data file,
# then reports a checkpoint holding that record. Usage: test-double-argv.sh OUTPUT DATA [ARG...]
set -eu
output="$1"
data="$2"
mkdir -p "$output/model"
for arg in "$@"; do
  printf '%s\n' "$arg" >> "$output/model/argv.txt"
done
ls "$(dirname "$data")" > "$output/model/beside-data.txt"
head -n 1 "$data" > "$output/model/first-line.json"
echo "checkpoint=$output/model"
