ALTER TABLE users RENAME COLUMN full_name TO display_name;
ALTER TABLE audit_log RENAME COLUMN actor_id TO user_id;
