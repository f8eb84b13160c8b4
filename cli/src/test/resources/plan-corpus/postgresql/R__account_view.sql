CREATE OR REPLACE VIEW active_accounts AS SELECT id, email_address FROM accounts WHERE NOT legacy_flag;
