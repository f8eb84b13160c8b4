DROP INDEX items_old_idx ON items;
