CREATE OR REPLACE FUNCTION order_total_cents(p_order_id integer)
RETURNS bigint
LANGUAGE sql
STABLE
AS $$
    SELECT coalesce(sum(quantity * unit_price_cents), 0)::bigint
    FROM order_items
    WHERE order_id = p_order_id;  -- a ';' inside the body must not split the statement
$$;

CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    NEW.updated_at := clock_timestamp();
    RETURN NEW;
END;
$body$;

CREATE TRIGGER orders_touch_updated_at BEFORE UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
