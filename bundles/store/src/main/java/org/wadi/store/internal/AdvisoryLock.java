package org.wadi.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.store.ControllerLock;

/**
 * {@link ControllerLock} as {@code pg_try_advisory_lock} on a dedicated connection, outside the
 * pool: the lock lives exactly as long as that session, so PostgreSQL frees it when the holder's
 * process dies or its connection breaks. While held, every {@link #hold} checks the session with a
 * bounded round trip; a failure drops the connection and reports the lock lost.
 */
final class AdvisoryLock implements ControllerLock {

    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLock.class);
    /**
     * The advisory lock key of the active controller: "wadictl" in ASCII. It must differ from the
     * migrations' key ({@link Migrations}), or a standby would wait forever to migrate.
     */
    static final long CONTROLLER_KEY = 0x7761646963746CL;
    /** How long the session check may take before the session counts as broken. */
    private static final int CHECK_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final long key;
    private Connection connection;
    private boolean held;

    AdvisoryLock(DataSource dataSource, long key) {
        this.dataSource = dataSource;
        this.key = key;
    }

    @Override
    public boolean hold() {
        try {
            if (connection == null) {
                connection = dataSource.getConnection();
                connection.setAutoCommit(true);
                // a database that stops answering must not hold the check: the socket read gives up
                connection.setNetworkTimeout(Runnable::run, CHECK_TIMEOUT_SECONDS * 2 * 1000);
            }
            if (held) {
                try (Statement s = connection.createStatement()) {
                    s.setQueryTimeout(CHECK_TIMEOUT_SECONDS);
                    s.execute("SELECT 1");
                }
                return true;
            }
            try (PreparedStatement s = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                s.setQueryTimeout(CHECK_TIMEOUT_SECONDS);
                s.setLong(1, key);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    held = r.getBoolean(1);
                }
            }
            if (held) {
                LOG.info("This server holds the controller lock (advisory lock {})", key);
            }
            return held;
        } catch (SQLException e) {
            if (held) {
                LOG.warn("The session holding the controller lock broke ({}); this server's controller stops acting",
                        e.getMessage());
            } else {
                LOG.debug("Could not try the controller lock", e);
            }
            drop();
            return false;
        }
    }

    private void drop() {
        held = false;
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close(); // ends the session: PostgreSQL frees the lock if it still held it
            } catch (SQLException e) {
                LOG.debug("Closing the controller lock's connection failed", e);
            }
        }
    }

    @Override
    public void close() {
        drop();
    }
}
