-- The order of the sections in the site's navigation, which editors set.
ALTER TABLE sections ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE sections SET position = id;
