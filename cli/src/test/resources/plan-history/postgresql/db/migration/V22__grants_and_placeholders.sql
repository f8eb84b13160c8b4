-- Placeholders are filled in by Flyway (flyway.placeholders.schema, flyway.placeholders.reporting_role).
GRANT SELECT ON ${schema}.orders TO ${reporting_role};
GRANT SELECT ON ${schema}.monthly_revenue TO ${reporting_role};

CREATE TABLE ${flyway:defaultSchema}.report_exports (
    id bigserial PRIMARY KEY,
    account_id integer NOT NULL REFERENCES ${schema}.accounts (id),
    format varchar(10) NOT NULL DEFAULT 'csv',
    requested_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX report_exports_account_id_idx ON ${flyway:defaultSchema}.report_exports (account_id);
