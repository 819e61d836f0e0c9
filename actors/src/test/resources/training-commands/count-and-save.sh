#!/bin/sh
# A small external trainer: counts the training set's records and writes a checkpoint recording them.
# Usage: count-and-save.sh DATA OUTPUT BASE BASE_PATH
set -eu
data="$1"
output="$2"
base="$3"
base_path="$4"
count=$(grep -c '"completion"' "$data")
echo "training on $count examples from base '$base'"
echo "progress goes to stderr too" >&2
mkdir -p "$output/model"
printf '{"examples": %s, "base": "%s", "base_path": "%s"}\n' "$count" "$base" "$base_path" > "$output/model/config.json"
grep -o '"sampleId":"[^"]*"' "$data" > "$output/model/samples.txt"
echo "loss=2.5"
echo "loss=0.75"
echo "checkpoint=$output/model"
