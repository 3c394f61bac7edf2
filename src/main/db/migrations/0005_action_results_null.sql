-- A decision without a result (a rejection) was stored as the JSON text 'null'; it is SQL NULL from
-- now on, and the rows written before are made the same, so `result IS NULL` finds them all.
UPDATE actions SET result = NULL WHERE result = 'null';
