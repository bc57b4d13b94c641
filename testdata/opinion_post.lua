-- wrk script: post public opinions as JSON, each with its own text.
-- Used by BenchmarkOpinions_LoadWrk (opinions_e2e_test.go).
-- LIFA_WRK_DELAY_MS, when set, is a pause before each connection's next
-- request: with c connections the offered load is about c*1000/delay per
-- second (a paced load instead of as many as the server can take).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
local id = tostring(math.random(1000000))
request = function()
  n = n + 1
  local body = string.format(
    '{"article": %d, "text": "wrk%s-%d：建议增加湿地保护志愿者制度，鼓励市民参与湿地巡护。", "name": "压力测试"}',
    (n % 40) + 1, id, n)
  return wrk.format(nil, nil, nil, body)
end

local pause = tonumber(os.getenv("LIFA_WRK_DELAY_MS") or "")
if pause and pause > 0 then
  delay = function()
    return pause
  end
end
