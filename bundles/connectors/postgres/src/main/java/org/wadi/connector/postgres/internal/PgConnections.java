package org.wadi.connector.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens connections with the embedded PostgreSQL driver, called directly (no {@code DriverManager},
 * which does not see drivers inside OSGi bundles). Every session runs in UTC, so that
 * {@code timestamptz} values read and written carry no local offset, and batched inserts are
 * rewritten into multi-row statements.
 */
final class PgConnections {

    private PgConnections() {
    }

    /** A plain connection. */
    static Connection open(String url, String username, String password) throws SQLException {
        return connect(url, username, password, false);
    }

    /** A logical-replication connection ({@code replication=database}), for slots and the change stream. */
    static Connection replication(String url, String username, String password) throws SQLException {
        return connect(url, username, password, true);
    }

    private static Connection connect(String url, String username, String password, boolean replication)
            throws SQLException {
        Properties props = new Properties();
        if (username != null) {
            props.setProperty("user", username);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "wadi");
        props.setProperty("options", "-c TimeZone=UTC -c bytea_output=hex -c DateStyle=ISO");
        // JDBC batches of inserts are sent as multi-row INSERTs (a URL parameter may still say otherwise)
        props.setProperty("reWriteBatchedInserts", "true");
        if (replication) {
            props.setProperty("replication", "database");
            props.setProperty("assumeMinServerVersion", "10");
            props.setProperty("preferQueryMode", "simple");
        }
        Connection c = new org.postgresql.Driver().connect(url, props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL URL (jdbc:postgresql://host:port/database): " + redact(url));
        }
        return c;
    }

    /** The URL without a {@code password=} parameter's value, for messages. */
    static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /** {@code "name"}, with inner quotes doubled. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** A possibly schema-qualified table name ({@code schema.table}), each part quoted. */
    static String qualified(String schema, String table) {
        return (schema == null ? "" : quote(schema) + ".") + quote(table);
    }
}
