CREATE TABLE audit_log (
    id bigserial PRIMARY KEY,
    account_id integer,
    actor_id integer,
    action varchar(50) NOT NULL,
    payload text,
    created_at timestamp NOT NULL DEFAULT now()
);

-- Keep the audit trail of the demo data.
INSERT INTO audit_log (account_id, action, payload)
SELECT account_id, 'order.created', 'order ' || id FROM orders;

CREATE INDEX audit_log_created_at_idx ON audit_log (created_at);
