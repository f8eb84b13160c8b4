ALTER TABLE payments ADD CONSTRAINT payments_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id);
CREATE INDEX payments_paid_at_idx ON payments (paid_at);
ALTER TABLE payments ADD CONSTRAINT payments_amount_chk CHECK (amount_cents >= 0);
