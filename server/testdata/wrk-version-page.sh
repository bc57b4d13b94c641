#!/bin/bash
# Usage: BIN=/path/to/lifa bash server/testdata/wrk-version-page.sh
# Measure the version page of 公司法 2023 with wrk against `lifa serve --demo`; RSS with ps; server CPU per request from /proc.
set -e
BIN=${BIN:?set BIN to a lifa binary built with go build}
DIR=$(mktemp -d /tmp/c2run.XXXX)
$BIN serve --demo --addr 127.0.0.1:18095 --data $DIR >$DIR/out 2>/dev/null &
PID=$!
trap "kill $PID 2>/dev/null; rm -rf $DIR" EXIT
for i in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:18095/healthz && break; sleep 0.2; done
VID=$(curl -s http://127.0.0.1:18095/api/v1/regulations | python3 -c "import json,sys; print([r for r in json.load(sys.stdin)['regulations'] if '公司法' in r['title']][0]['latest']['id'])")
sleep 1
echo "version $VID; RSS after start+demo: $(ps -o rss= -p $PID) KB; load: $(cut -d' ' -f1-3 /proc/loadavg)"
curl -s -o /dev/null http://127.0.0.1:18095/versions/$VID
for c in ${CONNS:-16 4}; do
  for r in $(seq 1 ${RUNS:-5}); do
    T0=$(awk '{print $14+$15}' /proc/$PID/stat)
    OUT=$(wrk -t2 -c$c -d${DUR:-8}s --latency $EXTRA http://127.0.0.1:18095/versions/$VID)
    T1=$(awk '{print $14+$15}' /proc/$PID/stat)
    N=$(echo "$OUT" | awk '/requests in/{print $1}')
    echo "$OUT" | awk -v c=$c -v n=$N -v t=$((T1-T0)) -v l="$(cut -d' ' -f1 /proc/loadavg)" '/Requests\/sec/{rps=$2} / 50%/{p50=$2} / 99%/{p99=$2} END{cpu=t*10000/n; print "c="c, "rps="rps, "p50="p50, "p99="p99, "server_cpu_us/req=" cpu, "load=" l}'
  done
done
echo "RSS after load: $(ps -o rss= -p $PID) KB"
