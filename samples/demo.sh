#!/bin/sh
# Builds ipmerge (installing what is missing on Debian 12, as root) and runs
# the incident repair on the shipped samples: the broken host's dump on
# stdin, Docker's reference and the port-9999 overlay as layers.
set -eu
cd "$(dirname "$0")/.."
top=$(pwd)
sh .ci/install-deps --build-only
[ -x configure ] || ./bootstrap >/dev/null
mkdir -p build
# The build's progress goes to stderr: stdout is the merged ruleset only.
(cd build && { [ -f Makefile ] || "$top/configure" -q; } && make -s -j"$(nproc 2>/dev/null || echo 2)") >&2
echo "== ipmerge samples/docker-ref.rules samples/policy-9999.rules < samples/broken-host.rules" >&2
build/ipmerge samples/docker-ref.rules samples/policy-9999.rules < samples/broken-host.rules
