-- The other records a match found besides the one it took (the most recently modified wins): the sync log's
-- "had duplicates" filter. Outcomes stored before this migration have none, and stay out of that filter.
ALTER TABLE outcome ADD COLUMN IF NOT EXISTS also_matched VARCHAR(8000);
