package dev.safemigrate.config;

import java.sql.SQLException;

/**
 * A {@code safemigrate.*} key that does not exist, or a value it does not accept. SQLSTATE 08001:
 * the connection is refused before anything reaches the database.
 */
public final class InvalidSettingException extends SQLException {
    private static final long serialVersionUID = 1L;

    InvalidSettingException(String message) {
        super(message, "08001");
    }
}
