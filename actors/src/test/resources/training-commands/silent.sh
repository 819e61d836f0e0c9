#!/bin/sh
# A trainer that succeeds without saying where its checkpoint is.
mkdir -p "$1/model"
echo "done"
