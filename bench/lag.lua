-- wrk script for bench/run.sh: GET /v3/kafka/<cluster>/consumer/<group>/lag over every scenario group
-- (bench-g00000 … ), each connection walking the groups from its own random start.
local groups = tonumber(os.getenv("BENCH_GROUPS") or "1")
local cluster = os.getenv("BENCH_CLUSTER") or "local"
local next_group = 0

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16))
  next_group = math.random(0, groups - 1)
end

function request()
  next_group = (next_group + 1) % groups
  return wrk.format("GET", string.format("/v3/kafka/%s/consumer/bench-g%05d/lag", cluster, next_group))
end
