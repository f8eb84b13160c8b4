-- Hotfix after V10: reports filter the audit log by account.
CREATE INDEX audit_log_account_id_idx ON audit_log (account_id);
