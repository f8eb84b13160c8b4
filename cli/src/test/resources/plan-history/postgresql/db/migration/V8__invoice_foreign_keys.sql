-- invoices.order_id never had its foreign key; add it in one step.
ALTER TABLE invoices ADD CONSTRAINT invoices_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id);

-- payments is bigger: add without checking, validate separately.
ALTER TABLE payments ADD CONSTRAINT payments_invoice_id_fkey
    FOREIGN KEY (invoice_id) REFERENCES invoices (id) NOT VALID;
ALTER TABLE payments VALIDATE CONSTRAINT payments_invoice_id_fkey;

ALTER TABLE users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES teams (id) NOT VALID;
