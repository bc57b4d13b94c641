#!/bin/bash
# Peak and settled RSS of `lifa serve` for one upload, on a fresh server each time.
# Usage: BIN=/path/to/lifa bash server/testdata/upload-rss.sh FILE...
#   FILE ending in .txt, .md or .docx is uploaded as a version (admin token);
#   .csv or .xlsx is submitted as a meeting's opinions by a liaison (after a
#   small version and a consultation for contact points are created).
# Prints: file, HTTP status, seconds, RSS before, peak RSS (VmHWM) when the response
# came (with one view of the version page) and after what the server does next (the
# search index follows new opinions in the background), and RSS ${WAIT:-15} s later.
set -u
BIN=${BIN:?set BIN to a lifa binary built with go build}
for FILE in "$@"; do
  D=$(mktemp -d)
  $BIN serve --addr 127.0.0.1:0 --data "$D" --opinion-rate -1 >"$D/out" 2>"$D/err" &
  PID=$!
  for i in $(seq 100); do grep -q "正在监听" "$D/out" 2>/dev/null && break; sleep 0.1; done
  URL=$(grep -o 'http://[^ ]*' "$D/out"); TOK=$(grep -o 'lifa_[A-Za-z0-9_-]*' "$D/out")
  for i in $(seq 300); do curl -s "$URL/healthz" | grep -q '"search":"ready"' && break; sleep 0.1; done
  A="Authorization: Bearer $TOK"; J='Content-Type: application/json'
  curl -s -H "$A" -H "$J" -d '{"title":"某某条例","kind":"制定"}' "$URL/api/v1/regulations" >/dev/null
  case "$FILE" in
  *.csv|*.xlsx)
    { echo 某某条例; for i in 一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四 十五 十六 十七 十八 十九 二十 二十一 二十二 二十三 二十四 二十五 \
        二十六 二十七 二十八 二十九 三十 三十一 三十二 三十三 三十四 三十五 三十六 三十七 三十八 三十九 四十 四十一 四十二 四十三 四十四 四十五 \
        四十六 四十七 四十八 四十九 五十; do echo "第${i}条　本条的内容。"; done; } >"$D/small.txt"  # 50 articles: the files name 1–50
    curl -s -H "$A" -F stage=first-reading -F "file=@$D/small.txt" "$URL/api/v1/regulations/1/versions" >/dev/null
    curl -s -H "$A" -H "$J" -d '{"name":"甲联系点"}' "$URL/api/v1/contact-points" >/dev/null
    curl -s -H "$A" -H "$J" -d '{"name":"liaison1","role":"liaison","contact_point_id":1,"password":"password-123"}' "$URL/api/v1/accounts" >/dev/null
    curl -s -H "$A" -H "$J" -d '{"version_id":1,"title":"征求意见","audience":"contact_points","opens_at":"2020-01-01T00:00:00Z","closes_at":"2099-01-01T00:00:00Z"}' "$URL/api/v1/consultations" >/dev/null
    curl -s -c "$D/jar" -H "$J" -d '{"name":"liaison1","password":"password-123"}' "$URL/api/v1/login" >/dev/null
    CSRF=$(curl -s -b "$D/jar" "$URL/api/v1/me" | grep -o '"csrf":"[^"]*"' | cut -d'"' -f4)
    sleep 2; BASE=$(awk '/VmRSS/{print $2}' /proc/$PID/status)
    OUT=$(curl -s -o "$D/resp" -w '%{http_code} %{time_total}' -b "$D/jar" -H "X-CSRF-Token: $CSRF" -F consultation_id=1 \
      -F date=2026-11-01 -F place=会议室 -F participants=30 -F "file=@$FILE" "$URL/api/v1/meetings") ;;
  *)
    sleep 1; BASE=$(awk '/VmRSS/{print $2}' /proc/$PID/status)
    OUT=$(curl -s -o "$D/resp" -w '%{http_code} %{time_total}' -H "$A" -F stage=first-reading -F "file=@$FILE" "$URL/api/v1/regulations/1/versions")
    curl -s -o /dev/null "$URL/versions/1" ;;
  esac
  PEAK=$(awk '/VmHWM/{print $2}' /proc/$PID/status)
  sleep "${WAIT:-15}"
  AFTER=$(awk '/VmRSS/{print $2}' /proc/$PID/status)
  PEAK2=$(awk '/VmHWM/{print $2}' /proc/$PID/status)
  echo "$(basename "$FILE") $(stat -c %s "$FILE") bytes: status ${OUT% *}, ${OUT#* } s, RSS $((BASE/1024)) MB before," \
    "peak $((PEAK/1024)) MB by the response, $((PEAK2/1024)) MB with what follows (indexing), $((AFTER/1024)) MB ${WAIT:-15} s later"
  kill "$PID"; wait "$PID" 2>/dev/null; rm -rf "$D"
done
