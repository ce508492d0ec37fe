-- Fixed window (FixedWindow's javadoc): state w = window index, c = its count.
local W = tonumber(ARGV[5])
local L = tonumber(ARGV[6])
local window = math.floor(now / W)
local s = redis.call('HMGET', key, 'w', 'c')
local stored = tonumber(s[1])
local count = 0
if stored ~= nil and window <= stored then count = tonumber(s[2]) end
local untilNext = W - (now - window * W)
if k > L then
  local reset = 0
  if count > 0 then reset = untilNext end
  return {0, L, 0, -1, reset}
end
if count + k > L then return {0, L, 0, untilNext, untilNext} end
count = count + k
if stored ~= nil and stored > window then window = stored end
redis.call('HSET', key, 'w', int(window), 'c', int(count))
redis.call('PEXPIRE', key, ttl(untilNext))
return {1, L, L - count, 0, untilNext}
