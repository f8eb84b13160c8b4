-- Naming clean-up agreed in the architecture review.
ALTER TABLE users RENAME COLUMN full_name TO display_name;
ALTER TABLE audit_log RENAME TO audit_events;
ALTER TABLE audit_events RENAME COLUMN actor_id TO user_id;
