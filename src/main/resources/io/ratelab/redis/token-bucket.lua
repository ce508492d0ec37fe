-- Token bucket (TokenBucket's javadoc): state e = the time the bucket would have been empty.
local I = tonumber(ARGV[5])
local B = tonumber(ARGV[6])
local full = B * I
local e = tonumber(redis.call('GET', key))
if e == nil then e = now - full end
e = math.max(e, now - full)
if k > B then return {0, B, 0, -1, e + full - now} end
local need = k * I
if now - e < need then return {0, B, 0, e + need - now, e + full - now} end
e = e + need
redis.call('SET', key, int(e), 'PX', ttl(e + full - now))
return {1, B, math.floor((now - e) / I), 0, e + full - now}
