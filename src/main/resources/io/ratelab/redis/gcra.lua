-- GCRA (Gcra's javadoc, redis-cell semantics): state TAT, the theoretical arrival time.
local T = tonumber(ARGV[5])
local L = tonumber(ARGV[6])
local dvt = L * T
local tat = tonumber(redis.call('GET', key))
if tat == nil then tat = now end
local ttl0 = math.max(0, tat - now)
if k > L then return {0, L, 0, -1, ttl0} end
local newTat = math.max(now, tat) + k * T
local allowAt = newTat - dvt
if now < allowAt then return {0, L, 0, allowAt - now, ttl0} end
local newTtl = newTat - now
redis.call('SET', key, int(newTat), 'PX', ttl(newTtl))
return {1, L, math.floor((dvt - newTtl) / T), 0, newTtl}
