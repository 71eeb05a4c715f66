package org.wadi.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.defaults.DefaultSqlSessionFactory;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;
import org.wadi.store.Checkpoint;
import org.wadi.store.CheckpointOperator;
import org.wadi.store.CheckpointState;
import org.wadi.store.CheckpointStore;
import org.wadi.store.ControllerLock;
import org.wadi.store.Job;
import org.wadi.store.JobControl;
import org.wadi.store.JobLogLevel;
import org.wadi.store.JobLogMessage;
import org.wadi.store.JobLogStore;
import org.wadi.store.JobTransition;
import org.wadi.store.Page;
import org.wadi.store.Pipeline;
import org.wadi.store.PipelineStore;
import org.wadi.store.ConnectionProfile;
import org.wadi.store.ConnectionStore;
import org.wadi.store.ConnectionTable;
import org.wadi.store.Udf;
import org.wadi.store.UdfStore;

/**
 * {@link PipelineStore}, {@link CheckpointStore} and {@link JobLogStore} with MyBatis over
 * PostgreSQL: an external database when {@code database.url} is set, else an embedded PostgreSQL
 * started and stopped with this component. The schema is migrated at activation; every method is one transaction; writes send
 * a {@code NOTIFY} on {@value #CHANNEL} that every store sharing the database hears.
 *
 * <p>{@link #activeJobs()} returns the jobs not in a final state, and Stopped jobs whose desired
 * state says running again (a pipeline whose {@code stop} went back to {@code none}).
 */
@Component(service = {PipelineStore.class, CheckpointStore.class, JobLogStore.class, UdfStore.class,
        ConnectionStore.class}, immediate = true,
        configurationPid = "org.wadi.store", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StoreConfig.class)
public final class MyBatisPipelineStore implements PipelineStore, CheckpointStore, JobLogStore, UdfStore,
        ConnectionStore, AutoCloseable {

    /** The PostgreSQL notification channel of changes. */
    public static final String CHANNEL = "wadi_changes";

    private static final Logger LOG = LoggerFactory.getLogger(MyBatisPipelineStore.class);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String CHECK_VIOLATION = "23514";
    /** Also what PostgreSQL says of text that is not JSON, cast to jsonb. */
    private static final String INVALID_TEXT_REPRESENTATION = "22P02";
    /** Ids of job log messages: a prefix and the row's sequence number. */
    private static final Pattern LOG_ID = Pattern.compile("jlm_(\\d{1,18})");

    private final StoreSettings settings;
    private final EmbeddedPostgresServer embedded;
    private final HikariDataSource pool;
    private final SqlSessionFactory sessions;
    private final ChangeListener listener;
    /** Connections outside the pool: notifications, the controller lock. */
    private final DataSource direct;
    /** Saved connection profiles and tables, with their secrets encrypted. */
    private final ConnectionRepository connections;

    /** Activated by Declarative Services. */
    @Activate
    public MyBatisPipelineStore(StoreConfig config) {
        this(StoreSettings.from(config, System::getenv, System.getProperty("karaf.data")),
                SecretCipher.load(config.secret_key(), System::getenv, dataFolder(System.getProperty("karaf.data"))));
    }

    /** As {@link #MyBatisPipelineStore(StoreSettings, SecretCipher)} with a key for this run only (tests). */
    public MyBatisPipelineStore(StoreSettings settings) {
        this(settings, SecretCipher.random());
    }

    /**
     * Connects (starting the embedded PostgreSQL if configured), migrates, and starts listening.
     *
     * @param cipher encrypts the secret options of connection profiles and tables
     */
    MyBatisPipelineStore(StoreSettings settings, SecretCipher cipher) {
        this.settings = settings;
        EmbeddedPostgresServer pg = null;
        HikariDataSource hikari = null;
        PGSimpleDataSource directSource;
        try {
            String url = settings.url();
            if (settings.isEmbedded()) {
                pg = EmbeddedPostgresServer.start(settings.embeddedDir(), settings.embeddedPort());
                url = pg.jdbcUrl();
            }
            directSource = new PGSimpleDataSource();
            PGSimpleDataSource direct = directSource;
            direct.setURL(url);
            if (!settings.user().isEmpty()) {
                direct.setUser(settings.user());
            }
            if (!settings.password().isEmpty()) {
                direct.setPassword(settings.password());
            }
            direct.setApplicationName("wadi-store");
            hikari = pool(direct, settings.poolSize());
            Migrations.migrate(hikari);
            this.sessions = sessionFactory(hikari);
            this.listener = new ChangeListener(direct, CHANNEL);
        } catch (SQLException | RuntimeException e) {
            if (hikari != null) {
                hikari.close();
            }
            if (pg != null) {
                pg.close();
            }
            throw e instanceof RuntimeException re && !(e instanceof PersistenceException) ? re
                    : new IllegalStateException("could not open the database " + StoreSettings.redact(settings.url()) + ": " + e.getMessage(), e);
        }
        this.embedded = pg;
        this.pool = hikari;
        this.direct = directSource;
        this.connections = new ConnectionRepository(sessions, cipher);
        LOG.info("Pipeline store ready on {}", settings.isEmbedded()
                ? "the embedded PostgreSQL in " + settings.embeddedDir() : StoreSettings.redact(settings.url()));
    }

    private static HikariDataSource pool(DataSource direct, int size) {
        HikariConfig c = new HikariConfig();
        // A DataSource rather than a URL: no DriverManager, whose driver lookup does not work across bundles.
        c.setDataSource(direct);
        c.setPoolName("wadi-store");
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(Math.min(2, size));
        c.setConnectionTimeout(10_000);
        return new HikariDataSource(c);
    }

    private static SqlSessionFactory sessionFactory(DataSource dataSource) {
        Configuration c = new Configuration(new Environment("wadi", new JdbcTransactionFactory(), dataSource));
        // Classes are registered as objects, so MyBatis never looks one up by name through a class loader.
        c.getTypeAliasRegistry().registerAlias("Pipeline", Pipeline.class);
        c.getTypeAliasRegistry().registerAlias("Job", Job.class);
        c.getTypeAliasRegistry().registerAlias("JobControl", JobControl.class);
        c.getTypeAliasRegistry().registerAlias("JobTransition", JobTransition.class);
        c.getTypeAliasRegistry().registerAlias("JobState", JobState.class);
        c.getTypeAliasRegistry().registerAlias("StopMode", StopMode.class);
        c.getTypeAliasRegistry().registerAlias("Checkpoint", Checkpoint.class);
        c.getTypeAliasRegistry().registerAlias("CheckpointOperator", CheckpointOperator.class);
        c.getTypeAliasRegistry().registerAlias("CheckpointState", CheckpointState.class);
        c.getTypeAliasRegistry().registerAlias("JobLogMessage", JobLogMessage.class);
        c.getTypeAliasRegistry().registerAlias("JobLogLevel", JobLogLevel.class);
        c.getTypeAliasRegistry().registerAlias("StateCount", StateCount.class);
        c.getTypeAliasRegistry().registerAlias("Instant", Instant.class);
        c.getTypeAliasRegistry().registerAlias("Udf", Udf.class);
        c.getTypeAliasRegistry().registerAlias("ConnectionProfile", ConnectionProfile.class);
        c.getTypeAliasRegistry().registerAlias("ConnectionTable", ConnectionTable.class);
        c.getTypeHandlerRegistry().register(Instant.class, new InstantTypeHandler());
        c.getTypeHandlerRegistry().register(StopMode.class, new StopModeTypeHandler());
        c.getTypeHandlerRegistry().register(CheckpointState.class, new CheckpointStateTypeHandler());
        c.getTypeHandlerRegistry().register(JobLogLevel.class, new JobLogLevelTypeHandler());
        c.setMapUnderscoreToCamelCase(true);
        c.setCacheEnabled(false);
        // loads StoreMapper.xml from next to the interface, through the interface's class loader
        c.addMapper(StoreMapper.class);
        c.addMapper(UdfMapper.class);
        c.addMapper(ConnectionMapper.class);
        return new DefaultSqlSessionFactory(c);
    }

    /** Stops listening, closes the pool and stops the embedded PostgreSQL. */
    @Deactivate
    @Override
    public void close() {
        listener.close();
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    /** The embedded PostgreSQL, if this store started one. */
    Optional<EmbeddedPostgresServer> embedded() {
        return Optional.ofNullable(embedded);
    }

    /** The pooled data source (for tests and diagnostics). */
    DataSource dataSource() {
        return pool;
    }

    StoreSettings settings() {
        return settings;
    }

    @Override
    public void createPipeline(Pipeline pipeline, Job job) {
        requireNonNull(pipeline, "pipeline");
        requireNonNull(job, "job");
        if (!pipeline.id().equals(job.pipelineId())) {
            throw new IllegalArgumentException("job " + job.id() + " belongs to pipeline '" + job.pipelineId()
                    + "', not to the pipeline '" + pipeline.id() + "' created with it");
        }
        if (job.state() != JobState.Created) {
            throw new IllegalArgumentException("the first job " + job.id() + " of pipeline " + pipeline.id()
                    + " must be in state Created, was " + job.state());
        }
        if (pipeline.planJson() == null) {
            throw new IllegalArgumentException("pipeline " + pipeline.id() + " has no plan");
        }
        if (pipeline.stop() == null) {
            throw new IllegalArgumentException("pipeline " + pipeline.id() + " has no stop mode: expected one of none, checkpoint, graceful, immediate, force");
        }
        write(m -> {
            m.insertPipeline(pipeline);
            m.insertJob(job);
            m.insertHistory(job.id(), null, job.state(), "created");
            m.notifyChange(CHANNEL, "pipeline:" + pipeline.id());
            return true;
        }, "create pipeline " + pipeline.id() + " with job " + job.id());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code limit} is below 1, or there is no pipeline {@code startingAfter}
     */
    @Override
    public Page<Pipeline> listPipelines(String startingAfter, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("invalid limit " + limit + ": expected at least 1");
        }
        return read(m -> {
            if (startingAfter != null && !m.pipelineExists(startingAfter)) {
                throw new IllegalArgumentException("no pipeline '" + startingAfter + "' to list after (starting_after)");
            }
            // one more than asked tells whether more follow
            List<Pipeline> rows = m.listPipelines(startingAfter, limit == Integer.MAX_VALUE ? limit : limit + 1);
            boolean more = rows.size() > limit;
            return new Page<>(List.copyOf(more ? rows.subList(0, limit) : rows), more);
        });
    }

    @Override
    public Optional<Pipeline> getPipeline(String id) {
        return Optional.ofNullable(read(m -> m.getPipeline(id)));
    }

    @Override
    public boolean setStop(String pipelineId, StopMode stop) {
        requireNonNull(stop, "stop");
        return write(m -> {
            if (m.setStop(pipelineId, stop) == 0) {
                return false;
            }
            m.setRunningDesiredOfCurrentJob(pipelineId, stop == StopMode.NONE);
            m.notifyChange(CHANNEL, "pipeline:" + pipelineId);
            return true;
        }, "set stop of pipeline " + pipelineId);
    }

    @Override
    public boolean requestRestart(String pipelineId, boolean force, boolean ignoreState) {
        return write(m -> {
            if (m.requestRestart(pipelineId, force, ignoreState) == 0) {
                return false;
            }
            m.setRunningDesiredOfCurrentJob(pipelineId, true);
            m.notifyChange(CHANNEL, "pipeline:" + pipelineId);
            return true;
        }, "request a restart of pipeline " + pipelineId);
    }

    @Override
    public boolean rescale(String pipelineId, int parallelism, String planJson) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("the parallelism of pipeline " + pipelineId + " must be at least 1, was "
                    + parallelism);
        }
        requireNonNull(planJson, "planJson");
        return write(m -> {
            if (m.rescale(pipelineId, parallelism, planJson) == 0) {
                return false;
            }
            m.notifyChange(CHANNEL, "pipeline:" + pipelineId);
            return true;
        }, "rescale pipeline " + pipelineId + " to " + parallelism);
    }

    @Override
    public Optional<JobControl> jobControl(String jobId) {
        return Optional.ofNullable(read(m -> m.jobControl(jobId)));
    }

    @Override
    public boolean restartTaken(String jobId, long nonce) {
        return write(m -> m.restartTaken(jobId, nonce) > 0, "record restart " + nonce + " of job " + jobId + " as taken");
    }

    @Override
    public boolean deletePipeline(String id) {
        return write(m -> {
            if (m.deletePipeline(id) == 0) {
                return false;
            }
            m.notifyChange(CHANNEL, "pipeline:" + id);
            return true;
        }, "delete pipeline " + id);
    }

    @Override
    public List<Job> jobsForPipeline(String pipelineId) {
        return read(m -> List.copyOf(m.jobsForPipeline(pipelineId)));
    }

    @Override
    public Map<String, Job> latestJobs(java.util.Collection<String> pipelineIds) {
        requireNonNull(pipelineIds, "pipelineIds");
        List<String> ids = List.copyOf(new LinkedHashSet<>(pipelineIds));
        if (ids.isEmpty()) {
            return Map.of();
        }
        return read(m -> {
            Map<String, Job> latest = new java.util.HashMap<>();
            // in slices: one statement's parameters are limited to 32767
            for (int from = 0; from < ids.size(); from += 1000) {
                for (Job j : m.latestJobs(ids.subList(from, Math.min(ids.size(), from + 1000)))) {
                    latest.put(j.pipelineId(), j);
                }
            }
            return Map.copyOf(latest);
        });
    }

    @Override
    public Optional<Job> getJob(String id) {
        return Optional.ofNullable(read(m -> m.getJob(id)));
    }

    @Override
    public List<Job> allJobs() {
        return read(m -> List.copyOf(m.allJobs()));
    }

    @Override
    public Map<JobState, Long> jobCountsByState() {
        return read(m -> {
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            for (StateCount c : m.jobCountsByState()) {
                counts.put(c.state(), c.count());
            }
            return counts;
        });
    }

    @Override
    public List<Job> activeJobs() {
        return read(m -> List.copyOf(m.activeJobs()));
    }

    @Override
    public boolean transition(Job job, JobState from, String reason) {
        requireNonNull(job, "job");
        requireNonNull(job.state(), "job.state");
        requireNonNull(from, "from");
        requireNonNull(reason, "reason");
        return write(m -> {
            if (m.transition(job, from) == 0) {
                return false;
            }
            m.insertHistory(job.id(), from, job.state(), reason);
            m.notifyChange(CHANNEL, "job:" + job.id());
            return true;
        }, "move job " + job.id() + " from " + from + " to " + job.state());
    }

    @Override
    public List<JobTransition> history(String jobId) {
        return read(m -> List.copyOf(m.history(jobId)));
    }

    @Override
    public ControllerLock controllerLock() {
        return new AdvisoryLock(direct, AdvisoryLock.CONTROLLER_KEY);
    }

    @Override
    public AutoCloseable onChange(Runnable callback) {
        requireNonNull(callback, "callback");
        return listener.register(callback);
    }

    // ---- checkpoints

    @Override
    public void checkpointStarted(String jobId, long runId, long epoch, Instant startedAt, boolean stopping,
            String storageUrl) {
        requireNonNull(jobId, "jobId");
        requireNonNull(startedAt, "startedAt");
        requireNonNull(storageUrl, "storageUrl");
        if (epoch < 1) {
            throw new IllegalArgumentException("invalid epoch " + epoch + " for a checkpoint of job " + jobId
                    + ": epochs start at 1");
        }
        write(m -> m.insertCheckpoint(jobId, runId, epoch, startedAt, stopping, storageUrl) == 1,
                "record checkpoint " + epoch + " of job " + jobId);
    }

    @Override
    public boolean checkpointCompleted(String jobId, long epoch, Instant finishedAt, long bytes,
            List<CheckpointOperator> operators) {
        requireNonNull(finishedAt, "finishedAt");
        requireNonNull(operators, "operators");
        for (CheckpointOperator o : operators) {
            if (!o.jobId().equals(jobId) || o.epoch() != epoch) {
                throw new IllegalArgumentException("the details of " + o.operatorId() + "[" + o.subtask()
                        + "] belong to checkpoint " + o.epoch() + " of job " + o.jobId() + ", not to checkpoint "
                        + epoch + " of job " + jobId);
            }
        }
        return write(m -> {
            if (m.finishCheckpoint(jobId, epoch, CheckpointState.COMPLETED, finishedAt, bytes, null) == 0) {
                return false;
            }
            // in slices: one statement's parameters are limited to 32767
            for (int from = 0; from < operators.size(); from += 1000) {
                m.insertCheckpointOperators(operators.subList(from, Math.min(operators.size(), from + 1000)));
            }
            return true;
        }, "complete checkpoint " + epoch + " of job " + jobId);
    }

    @Override
    public boolean checkpointFailed(String jobId, long epoch, Instant finishedAt, String reason) {
        requireNonNull(finishedAt, "finishedAt");
        requireNonNull(reason, "reason");
        return write(m -> m.finishCheckpoint(jobId, epoch, CheckpointState.FAILED, finishedAt, 0, reason) > 0,
                "fail checkpoint " + epoch + " of job " + jobId);
    }

    @Override
    public int failInProgressCheckpoints(String jobId, Instant finishedAt, String reason) {
        requireNonNull(finishedAt, "finishedAt");
        requireNonNull(reason, "reason");
        int[] n = new int[1];
        write(m -> {
            n[0] = m.failInProgressCheckpoints(jobId, finishedAt, reason);
            return true;
        }, "fail the checkpoints in progress of job " + jobId);
        return n[0];
    }

    @Override
    public List<Checkpoint> checkpoints(String jobId) {
        return read(m -> List.copyOf(m.checkpoints(jobId)));
    }

    @Override
    public Optional<Checkpoint> latestCompletedCheckpoint(String jobId) {
        return Optional.ofNullable(read(m -> m.latestCompletedCheckpoint(jobId)));
    }

    @Override
    public Optional<Checkpoint> checkpoint(String jobId, long epoch) {
        return Optional.ofNullable(read(m -> m.checkpoint(jobId, epoch)));
    }

    @Override
    public long lastCheckpointEpoch(String jobId) {
        return read(m -> m.lastCheckpointEpoch(jobId));
    }

    @Override
    public List<CheckpointOperator> checkpointOperators(String jobId, long epoch) {
        return read(m -> List.copyOf(m.checkpointOperators(jobId, epoch)));
    }

    @Override
    public int deleteCheckpointsBefore(String jobId, long epoch) {
        int[] n = new int[1];
        write(m -> {
            n[0] = m.deleteCheckpointsBefore(jobId, epoch);
            return true;
        }, "delete the checkpoints of job " + jobId + " before " + epoch);
        return n[0];
    }

    // ---- job log messages

    @Override
    public void appendJobLogMessages(List<JobLogMessage> messages, int keepPerJob) {
        requireNonNull(messages, "messages");
        if (keepPerJob < 1) {
            throw new IllegalArgumentException("invalid number of log messages to keep per job: " + keepPerJob
                    + ": expected at least 1");
        }
        if (messages.isEmpty()) {
            return;
        }
        Set<String> jobs = new LinkedHashSet<>();
        messages.forEach(m -> jobs.add(m.jobId()));
        write(m -> {
            // in slices: one statement's parameters are limited to 32767
            for (int from = 0; from < messages.size(); from += 1000) {
                m.insertJobLogMessages(messages.subList(from, Math.min(messages.size(), from + 1000)));
            }
            for (String job : jobs) {
                m.trimJobLogMessages(job, keepPerJob);
            }
            return true;
        }, "record " + messages.size() + " log message(s) of job(s) " + String.join(", ", jobs));
    }

    @Override
    public Page<JobLogMessage> jobLogMessages(String jobId, String startingAfter, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("invalid limit " + limit + ": expected at least 1");
        }
        Long before = startingAfter == null ? null : logSequence(jobId, startingAfter);
        return read(m -> {
            List<JobLogMessage> rows = m.jobLogMessages(jobId, before, limit == Integer.MAX_VALUE ? limit : limit + 1);
            boolean more = rows.size() > limit;
            return new Page<>(List.copyOf(more ? rows.subList(0, limit) : rows), more);
        });
    }

    /** The sequence number in a job log message's id. */
    private static long logSequence(String jobId, String id) {
        Matcher m = LOG_ID.matcher(id);
        if (!m.matches()) {
            throw new IllegalArgumentException("no error '" + id + "' of job " + jobId
                    + " to list after (starting_after): ids look like jlm_123");
        }
        return Long.parseLong(m.group(1));
    }

    // ---- saved Java source functions (UdfStore)

    @Override
    public boolean createUdf(Udf udf) {
        requireNonNull(udf, "udf");
        return udfs(m -> m.insertUdf(udf) == 1);
    }

    @Override
    public List<Udf> listUdfs() {
        return udfs(UdfMapper::listUdfs);
    }

    @Override
    public Optional<Udf> getUdf(String id) {
        return Optional.ofNullable(udfs(m -> m.getUdf(id)));
    }

    @Override
    public boolean deleteUdf(String id) {
        return udfs(m -> m.deleteUdf(id) == 1);
    }

    private static Path dataFolder(String karafData) {
        return karafData == null || karafData.isBlank() ? null : Path.of(karafData);
    }

    // ---- saved connection profiles and tables (ConnectionStore)

    @Override
    public boolean createProfile(ConnectionProfile profile) {
        requireNonNull(profile, "profile");
        return connections.createProfile(profile);
    }

    @Override
    public List<ConnectionProfile> listProfiles() {
        return connections.listProfiles();
    }

    @Override
    public Optional<ConnectionProfile> getProfile(String id) {
        return connections.getProfile(id);
    }

    @Override
    public Optional<ConnectionProfile> findProfile(String name) {
        return connections.findProfile(name);
    }

    @Override
    public boolean deleteProfile(String id) {
        return connections.deleteProfile(id);
    }

    @Override
    public List<String> tablesUsingProfile(String profileId) {
        return connections.tablesUsingProfile(profileId);
    }

    @Override
    public boolean createTable(ConnectionTable table) {
        requireNonNull(table, "table");
        return connections.createTable(table);
    }

    @Override
    public Page<ConnectionTable> listTables(String startingAfter, int limit) {
        return connections.listTables(startingAfter, limit);
    }

    @Override
    public Optional<ConnectionTable> getTable(String id) {
        return connections.getTable(id);
    }

    @Override
    public Optional<ConnectionTable> findTable(String name) {
        return connections.findTable(name);
    }

    @Override
    public boolean deleteTable(String id) {
        return connections.deleteTable(id);
    }

    private <T> T udfs(Function<UdfMapper, T> work) {
        try (SqlSession s = sessions.openSession(false)) {
            T result = work.apply(s.getMapper(UdfMapper.class));
            s.commit(true);
            return result;
        } catch (PersistenceException e) {
            throw translate(e, "use the saved functions");
        }
    }

    private <T> T read(Function<StoreMapper, T> work) {
        try (SqlSession s = sessions.openSession(false)) {
            T result = work.apply(s.getMapper(StoreMapper.class));
            s.commit(true);
            return result;
        } catch (PersistenceException e) {
            // MyBatis's exception types are private to this bundle
            throw translate(e, "read from the database");
        }
    }

    /** Runs {@code work} in one transaction, committed if it returns true, rolled back otherwise. */
    private boolean write(Function<StoreMapper, Boolean> work, String what) {
        try (SqlSession s = sessions.openSession(false)) {
            boolean done = work.apply(s.getMapper(StoreMapper.class));
            if (done) {
                s.commit(true);
            } else {
                s.rollback(true);
            }
            return done;
        } catch (PersistenceException e) {
            throw translate(e, what);
        }
    }

    private static RuntimeException translate(PersistenceException e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    return new IllegalArgumentException("could not " + what + ": the id is taken (" + sql.getMessage() + ")", e);
                }
                if (FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
                    return new IllegalArgumentException("could not " + what + ": it refers to a missing object (" + sql.getMessage() + ")", e);
                }
                if (CHECK_VIOLATION.equals(sql.getSQLState()) || INVALID_TEXT_REPRESENTATION.equals(sql.getSQLState())) {
                    return new IllegalArgumentException("could not " + what + ": a value is invalid (" + sql.getMessage() + ")", e);
                }
                return new IllegalStateException("could not " + what + ": " + sql.getMessage(), e);
            }
        }
        return new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
    }

    private static void requireNonNull(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
