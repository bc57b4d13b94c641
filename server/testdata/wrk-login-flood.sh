#!/bin/bash
# The version page of 公司法 2023 with wrk (4 connections), idle and under a
# 32-connection flood of wrong sign-ins — from one address (throttled: 429) and
# from many addresses through a trusted proxy (each a new address and name: only
# the bound on password hashes computed at once holds).
# Usage: BIN=/path/to/lifa bash server/testdata/wrk-login-flood.sh   (RUNS=5 DUR=8)
set -e
BIN=${BIN:?set BIN to a lifa binary built with go build}
DIR=$(mktemp -d /tmp/lflood.XXXX)
$BIN serve --demo --addr 127.0.0.1:18096 --data $DIR --trusted-proxies 127.0.0.1 >$DIR/out 2>/dev/null &
PID=$!
trap "kill $PID 2>/dev/null; rm -rf $DIR" EXIT
for i in $(seq 1 200); do curl -s http://127.0.0.1:18096/healthz | grep -q '"search":"ready"' && break; sleep 0.2; done
VID=$(curl -s http://127.0.0.1:18096/api/v1/regulations | python3 -c "import json,sys; print([r for r in json.load(sys.stdin)['regulations'] if '公司法' in r['title']][0]['latest']['id'])")
URL=http://127.0.0.1:18096/versions/$VID
cat >$DIR/login.lua <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local many = os.getenv("MANY") == "1"
local n = 0
request = function()
  n = n + 1
  local h = {["Content-Type"] = "application/json"}
  if many then h["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0,255), math.random(0,255), math.random(0,255)) end
  return wrk.format("POST", "/api/v1/login", h, string.format('{"name":"u%d-%d","password":"guess-%d"}', math.random(1,1e9), n, n))
end
LUA
curl -s -o /dev/null $URL
p99() { wrk -t1 -c4 -d${DUR:-8}s --latency $URL | awk '/ 99%/{print $2}'; }
for r in $(seq 1 ${RUNS:-5}); do
  IDLE=$(p99)
  wrk -t1 -c32 -d$(( ${DUR:-8} + 2 ))s -s $DIR/login.lua http://127.0.0.1:18096 >$DIR/f1 & W=$!; sleep 1
  ONE=$(p99); wait $W
  MANY=1 wrk -t1 -c32 -d$(( ${DUR:-8} + 2 ))s -s $DIR/login.lua http://127.0.0.1:18096 >$DIR/f2 & W=$!; sleep 1
  MANYP=$(p99); wait $W
  echo "run $r: version page p99 idle $IDLE; flood from one address $ONE ($(awk '/Requests\/sec/{print $2}' $DIR/f1) sign-ins/s); from many addresses $MANYP ($(awk '/Requests\/sec/{print $2}' $DIR/f2) sign-ins/s)"
done
