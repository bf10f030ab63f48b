-- Issue 19 (journeys, review): a person's traits merge key by key by event time, as
-- ClickHouse's `person_traits` does, so `trait_times` keeps each key's time (the identify call
-- that set its value) as a JSON object, key → ms. `traits_at` stays the latest of them.
-- The traits merged before kept one time per person: each of their keys gets that time (what
-- was known; an older call for one of them arriving later is then ignored, as before).
ALTER TABLE people ADD COLUMN trait_times TEXT NOT NULL DEFAULT '{}';
UPDATE people SET trait_times = (SELECT json_group_object(key, people.traits_at) FROM json_each(people.traits))
  WHERE traits_at IS NOT NULL AND traits != '{}';
