#!/bin/sh
# A trainer that fails the way real ones do: a message on stderr and a non-zero exit code.
echo "loading $1"
echo "CUDA out of memory while allocating 2.00 GiB" >&2
exit 3
