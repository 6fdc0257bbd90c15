-- Up Migration
-- Keep a row's vector in the row. With the default target (~2 KB) a 384-d vector plus its texts
-- crosses the threshold and the vector is moved to TOAST, so an exact scan of a user's rows
-- fetched every vector from there again (bench/search: ~30,000 buffer hits per query, and the
-- largest single cost of a search). Rows past 8 KB (1536-d vectors with long texts) still move
-- their largest column out.
ALTER TABLE media_embeddings SET (toast_tuple_target = 8160);

-- Down Migration
ALTER TABLE media_embeddings RESET (toast_tuple_target);
