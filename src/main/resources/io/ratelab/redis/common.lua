-- Shared prelude of every RateLab limit script (prepended by RedisScript).
-- ARGV[1]: now in ticks, or "" to read the server's clock (TIME, in microseconds: one tick = 1 us).
-- ARGV[2]: ticks per millisecond (for PEXPIRE); ARGV[3]: extra TTL in ms; ARGV[4]: permits; ARGV[5..]: parameters.
-- Every number is a whole count of ticks; Lua numbers are doubles, exact below 2^53 (285 years of microseconds).
local now
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end
local ticksPerMs = tonumber(ARGV[2])
local extraTtlMs = tonumber(ARGV[3])
local k = tonumber(ARGV[4])
local key = KEYS[1]
local function int(x) return string.format('%d', x) end
local function ttl(resetTicks) return math.max(1, math.ceil(resetTicks / ticksPerMs) + extraTtlMs) end
