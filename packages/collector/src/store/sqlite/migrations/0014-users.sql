-- Placeholder for the users branch's 0014-users.sql (issue 17): migrations are numbered without
-- gaps, and 0015 comes from the keys branch. When both are merged, the users branch's file wins.
SELECT 1;
