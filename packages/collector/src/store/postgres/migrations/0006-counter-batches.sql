-- Rate limits and quotas of many requests counted in one statement (store/postgres/counters.ts):
-- each instance sends the counts its concurrent requests need as arrays, and this counts them in
-- order, one row at a time (one INSERT … ON CONFLICT cannot change a key twice, and a batch
-- often holds one client's key many times). Per element, as the single statements did before:
-- a window > 0 is the rate limiter's (the window starts at the key's first request; always
-- counted; answers the count and the time left); 0 is a quota's (fixed windows on the minutes;
-- counted only while within both limits; answers whether it was).
CREATE FUNCTION touchpoint_count(p_keys text[], p_counts integer[], p_bytes bigint[], p_max_counts bigint[], p_max_bytes bigint[], p_windows bigint[])
RETURNS TABLE (taken boolean, current bigint, ttl bigint, at bigint)
LANGUAGE plpgsql AS $$
DECLARE
  t bigint;
BEGIN
  FOR i IN 1 .. coalesce(array_length(p_keys, 1), 0) LOOP
    t := (extract(epoch from clock_timestamp()) * 1000)::bigint;
    at := t;
    current := NULL;
    ttl := NULL;
    IF p_windows[i] > 0 THEN
      INSERT INTO rate_counters AS c (key, count, reset_at) VALUES (p_keys[i], 1, t + p_windows[i])
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN c.reset_at <= t THEN 1 ELSE c.count + 1 END,
        reset_at = CASE WHEN c.reset_at <= t THEN excluded.reset_at ELSE c.reset_at END
      RETURNING c.count, c.reset_at - t INTO current, ttl;
      taken := true;
    ELSIF p_counts[i] > p_max_counts[i] OR p_bytes[i] > p_max_bytes[i] THEN
      taken := false;
    ELSE
      INSERT INTO rate_counters AS c (key, count, bytes, reset_at) VALUES (p_keys[i], p_counts[i], p_bytes[i], (t / 60000 + 1) * 60000)
      ON CONFLICT (key) DO UPDATE SET
        count = CASE WHEN c.reset_at <= t THEN excluded.count ELSE c.count + excluded.count END,
        bytes = CASE WHEN c.reset_at <= t THEN excluded.bytes ELSE c.bytes + excluded.bytes END,
        reset_at = excluded.reset_at
      WHERE c.reset_at <= t OR (c.count + excluded.count <= p_max_counts[i] AND c.bytes + excluded.bytes <= p_max_bytes[i]);
      taken := FOUND;
    END IF;
    RETURN NEXT;
  END LOOP;
END
$$;
