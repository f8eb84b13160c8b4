CREATE INDEX items_v_idx ON items (v);
