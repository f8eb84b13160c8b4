--liquibase formatted sql

--changeset erin:7-report-view
CREATE VIEW ${schema}.order_counts AS
SELECT customer_id, count(*) AS n FROM ${schema}.orders GROUP BY customer_id;
UPDATE ${schema}.orders SET state = 'new' WHERE state IS NULL;

--changeset erin:8-pg-only dbms:postgresql
COMMENT ON TABLE ${schema}.orders IS 'orders placed by customers'
--rollback COMMENT ON TABLE ${schema}.orders IS NULL
