-- Sliding window counter (SlidingWindowCounter's javadoc): state w = current window index, c = its count,
-- p = the previous window's count. Earliest times are found in closed form instead of the Java binary search:
-- floor(n*(W-e)/W) <= b  <=>  e >= W - floor(((b+1)*W - 1)/n).
local W = tonumber(ARGV[5])
local L = tonumber(ARGV[6])
local window = math.floor(now / W)
local mod = now - window * W
local s = redis.call('HMGET', key, 'w', 'c', 'p')
local stored = tonumber(s[1])
local vw, elapsed, cur, prev
if stored == nil then
  vw, elapsed, cur, prev = window, mod, 0, 0
elseif window <= stored then
  vw, cur, prev = stored, tonumber(s[2]), tonumber(s[3])
  if window == stored then elapsed = mod else elapsed = 0 end
else
  vw, elapsed, cur, prev = window, mod, 0, 0
  if window == stored + 1 then prev = tonumber(s[2]) end
end
local function weighted(n, e) return math.floor(n * (W - e) / W) end
local function earliest(n, budget, from)
  if n == 0 then return from end
  local e = math.max(from, W - math.floor(((budget + 1) * W - 1) / n))
  if e > W - 1 then return -1 end
  return e
end
local function resetAfter(p, c)
  local untilNext = W - elapsed
  if c == 0 then
    local clear = earliest(p, 0, elapsed)
    if clear >= 0 then return clear - elapsed end
    return untilNext
  end
  local clearNext = earliest(c, 0, 0)
  if clearNext >= 0 then return untilNext + clearNext end
  return untilNext + W
end
local function retryAfter()
  local untilNext = W - elapsed
  if cur + k <= L then
    local fits = earliest(prev, L - k - cur, elapsed)
    if fits >= 0 then return fits - elapsed end
  end
  local fitsNext = earliest(cur, L - k, 0)
  if fitsNext >= 0 then return untilNext + fitsNext end
  return untilNext + W
end
local estimate = weighted(prev, elapsed) + cur
if k > L then return {0, L, 0, -1, resetAfter(prev, cur)} end
if estimate + k > L then return {0, L, 0, retryAfter(), resetAfter(prev, cur)} end
cur = cur + k
local reset = resetAfter(prev, cur)
redis.call('HSET', key, 'w', int(vw), 'c', int(cur), 'p', int(prev))
redis.call('PEXPIRE', key, ttl(reset))
return {1, L, L - estimate - k, 0, reset}
