package org.wadi.store.internal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL run from the binaries embedded in this bundle, with its data in a directory
 * that survives restarts. Before starting it clears what a killed server may have left: a
 * postmaster still running on the directory is stopped, a pid file naming a dead process removed.
 * Listens on localhost only, with trust authentication for the {@code postgres} user. A file
 * {@code <dir>.wadi-lock} beside the data directory is locked while it runs.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The database Wadi's tables live in. */
    public static final String DATABASE = "wadi";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    // beside the data directory, not in it: initdb wants an empty directory
    private static final String OWNER_LOCK_SUFFIX = ".wadi-lock";
    private static final Duration ORPHAN_STOP_DEADLINE = Duration.ofSeconds(15);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final FileChannel ownerChannel;
    private final FileLock ownerLock;
    private final EmbeddedPostgres postgres;
    private final Duration startTime;

    private EmbeddedPostgresServer(Path dataDir, FileChannel ownerChannel, FileLock ownerLock, EmbeddedPostgres postgres,
            Duration startTime) {
        this.dataDir = dataDir;
        this.ownerChannel = ownerChannel;
        this.ownerLock = ownerLock;
        this.postgres = postgres;
        this.startTime = startTime;
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (created and initialised if needed) and makes sure the
     * {@value #DATABASE} database exists.
     *
     * @param port the port, or 0 for a free one
     * @throws IllegalStateException if another live process of Wadi owns the directory
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        long t0 = System.nanoTime();
        Path dir = dataDir.toAbsolutePath().normalize();
        FileChannel channel = null;
        FileLock lock = null;
        try {
            Files.createDirectories(dir);
            // Held for our whole life: proves to a later start that a postmaster found on the
            // directory is an orphan (its JVM died and released the lock), not a live server's.
            channel = FileChannel.open(dir.resolveSibling(dir.getFileName() + OWNER_LOCK_SUFFIX),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("embedded PostgreSQL data directory " + dir
                        + " is in use by another running Wadi server; stop it, or set database.embedded.dir to another directory"
                        + " or database.url to a shared database");
            }
            clearLeftovers(dir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.toFile())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setServerConfig("listen_addresses", "localhost")
                    .start();
            try {
                ensureDatabase(pg);
            } catch (SQLException | RuntimeException e) {
                pg.close();
                throw e;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            LOG.info("Embedded PostgreSQL started on port {} with data in {} in {} ms", pg.getPort(), dir, took.toMillis());
            return new EmbeddedPostgresServer(dir, channel, lock, pg, took);
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof IllegalStateException ise) {
                throw ise;
            }
            throw new IllegalStateException("could not start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return postgres.getPort();
    }

    /** The data directory. */
    public Path dataDir() {
        return dataDir;
    }

    /** How long {@link #start} took. */
    public Duration startTime() {
        return startTime;
    }

    /** JDBC URL of the {@value #DATABASE} database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE + "?user=postgres";
    }

    /** Stops PostgreSQL (fast shutdown) and releases the directory. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL in {}: {}", dataDir, e.getMessage());
        } finally {
            try {
                ownerLock.release();
            } catch (IOException e) {
                LOG.debug("Releasing the lock of {}", dataDir, e);
            }
            closeQuietly(ownerChannel);
        }
    }

    private static void ensureDatabase(EmbeddedPostgres pg) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, DATABASE);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    /**
     * Deals with the {@code postmaster.pid} of a previous run. Called while holding the owner lock,
     * so no live Wadi server uses the directory: a postmaster still running on it is an orphan of a
     * killed server.
     */
    static void clearLeftovers(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            if (Files.exists(pidFile)) {
                LOG.warn("Removing unreadable {}", pidFile);
                Files.deleteIfExists(pidFile);
            }
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isPresent() && isPostmasterOf(process.get(), dir)) {
            stopOrphan(process.get(), dir);
        }
        // Whatever is left names no postmaster of ours: a dead process, or one the id was reused for.
        if (Files.deleteIfExists(pidFile)) {
            LOG.info("Removed the stale {} (process {} is not a postmaster of this directory)", pidFile, pid.get());
        }
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            return pid > 0 ? Optional.of(pid) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code p} is a PostgreSQL server on {@code dir}: a postmaster works in its data
     * directory, which tells it apart from another PostgreSQL (the system's, say) that was given
     * the same process id after ours died.
     */
    static boolean isPostmasterOf(ProcessHandle p, Path dir) {
        Path proc = Path.of("/proc", Long.toString(p.pid()));
        if (Files.isDirectory(proc)) {
            try {
                String comm = Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8).trim();
                Path cwd = proc.resolve("cwd").toRealPath();
                return comm.equals("postgres") && cwd.equals(dir.toRealPath());
            } catch (IOException e) {
                // gone meanwhile, or not ours to inspect
                return false;
            }
        }
        return p.info().command().map(c -> Path.of(c).getFileName().toString().startsWith("postgres")).orElse(false);
    }

    private static void stopOrphan(ProcessHandle postmaster, Path dir) {
        LOG.warn("PostgreSQL process {} left running on {} by a previous server that did not stop cleanly: stopping it",
                postmaster.pid(), dir);
        List<ProcessHandle> children = postmaster.children().toList();
        postmaster.destroy(); // SIGTERM: a smart shutdown, quick as the dead server's clients are gone
        if (awaitExit(postmaster, ORPHAN_STOP_DEADLINE)) {
            LOG.info("Stopped the orphaned PostgreSQL process {}", postmaster.pid());
        } else {
            LOG.warn("PostgreSQL process {} did not stop within {} s: killing it", postmaster.pid(), ORPHAN_STOP_DEADLINE.toSeconds());
            postmaster.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            awaitExit(postmaster, ORPHAN_STOP_DEADLINE);
        }
        // Backends still attached to the old shared memory would keep the new postmaster from starting.
        for (ProcessHandle child : children) {
            if (!awaitExit(child, Duration.ofSeconds(5))) {
                child.destroyForcibly();
                awaitExit(child, Duration.ofSeconds(5));
            }
        }
        if (postmaster.isAlive()) {
            throw new IllegalStateException("could not stop PostgreSQL process " + postmaster.pid() + " left running on " + dir
                    + "; stop it by hand (kill " + postmaster.pid() + ")");
        }
    }

    private static boolean awaitExit(ProcessHandle p, Duration deadline) {
        try {
            p.onExit().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        } catch (ExecutionException e) {
            return !p.isAlive();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("Closing {}", c, e);
            }
        }
    }
}
