/**
 * The Redis side of the limits: one script call per admission, whatever the number of limits, so every
 * limit of a request is checked and counted atomically across instances. Mirrors rate-window.ts and
 * MemoryRateLimiter step by step (the int spec holds both to the same cases). Time is Redis's own
 * (TIME), so instances with skewed clocks still share one window.
 *
 * KEYS: key requests, account requests, key tokens, account tokens (GCRA TATs, ms), key streams,
 * account streams (sorted sets: request id scored by when its slot lapses).
 * ARGV: the four per-minute limits in KEYS' order, the two stream limits (0: none), the tokens,
 * 1 if a stream, the request id, the slot's lapse (ms).
 * Returns: refused limit (0 none, else the KEYS index), retry after (ms, -1 never), then remaining and
 * reset (ms) for each per-minute window (-1 when it has no limit).
 */
export const ADMIT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local W = 60000
local tokens = tonumber(ARGV[7])
local costs = {1, 1, tokens, tokens}
local tats = {}
local refused, retry = 0, 0
for i = 1, 4 do
  local limit = tonumber(ARGV[i])
  if limit > 0 then
    local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
    if tat < now then tat = now end
    tats[i] = tat
    local after = tat + costs[i] * W / limit
    if refused == 0 and after - now > W then
      refused = i
      if costs[i] > limit then retry = -1 else retry = math.ceil(after - now - W) end
    end
  end
end
if refused == 0 and ARGV[8] == '1' then
  for i = 5, 6 do
    local limit = tonumber(ARGV[i])
    if limit > 0 then
      redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
      if refused == 0 and redis.call('ZCARD', KEYS[i]) >= limit then
        refused = i
        retry = 1000
      end
    end
  end
end
if refused == 0 then
  for i = 1, 4 do
    local limit = tonumber(ARGV[i])
    if limit > 0 then
      tats[i] = tats[i] + costs[i] * W / limit
      redis.call('SET', KEYS[i], string.format('%.17g', tats[i]), 'PX', math.ceil(tats[i] - now) + 1000)
    end
  end
  if ARGV[8] == '1' then
    local lapse = tonumber(ARGV[10])
    for i = 5, 6 do
      if tonumber(ARGV[i]) > 0 then
        redis.call('ZADD', KEYS[i], now + lapse, ARGV[9])
        redis.call('PEXPIRE', KEYS[i], lapse)
      end
    end
  end
end
local out = {refused, retry}
for i = 1, 4 do
  local limit = tonumber(ARGV[i])
  if limit > 0 then
    local used = tats[i] - now
    out[#out + 1] = math.max(0, math.floor((W - used) * limit / W))
    out[#out + 1] = math.ceil(used)
  else
    out[#out + 1] = -1
    out[#out + 1] = -1
  end
end
return out
`;

/**
 * Corrections of earlier admissions, many in one call (they are batched off the request path). For each
 * change, 6 KEYS as ADMIT_SCRIPT's, and 7 ARGV: the four per-minute limits, the request delta (0 or -1),
 * the token delta, and the request id whose stream slot is freed ('' for none).
 */
export const CHANGE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local W = 60000
for c = 0, #KEYS / 6 - 1 do
  local k, a = c * 6, c * 7
  local deltas = {tonumber(ARGV[a + 5]), tonumber(ARGV[a + 5]), tonumber(ARGV[a + 6]), tonumber(ARGV[a + 6])}
  for i = 1, 4 do
    local limit = tonumber(ARGV[a + i])
    local delta = deltas[i]
    if limit > 0 and delta ~= 0 then
      local key = KEYS[k + i]
      local tat = redis.call('GET', key)
      if delta > 0 then
        local base = tonumber(tat or '0')
        if base < now then base = now end
        local after = base + delta * W / limit
        redis.call('SET', key, string.format('%.17g', after), 'PX', math.ceil(after - now) + 1000)
      elseif tat then
        local back = tonumber(tat) + delta * W / limit
        if back > now then
          redis.call('SET', key, string.format('%.17g', back), 'PX', math.ceil(back - now) + 1000)
        else
          redis.call('DEL', key)
        end
      end
    end
  end
  if ARGV[a + 7] ~= '' then
    redis.call('ZREM', KEYS[k + 5], ARGV[a + 7])
    redis.call('ZREM', KEYS[k + 6], ARGV[a + 7])
  end
end
return #KEYS / 6
`;
