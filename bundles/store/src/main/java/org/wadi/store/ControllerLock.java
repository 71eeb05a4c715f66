package org.wadi.store;

/**
 * The lock that elects the one active controller among the servers sharing a database: a
 * PostgreSQL session-level advisory lock held on a connection of its own. The holder acts; the
 * others poll {@link #hold} and take over once the holder's session ended (its server died or lost
 * the database). Not thread-safe: one thread polls it.
 */
public interface ControllerLock extends AutoCloseable {

    /**
     * Takes the lock if it is free, or checks that the session holding it is still alive.
     *
     * @return whether this process holds the lock now; false once its session broke (the lock is
     *     then lost: another server may hold it already), until a later call takes it again
     */
    boolean hold();

    /** Gives the lock up and closes its connection. */
    @Override
    void close();
}
