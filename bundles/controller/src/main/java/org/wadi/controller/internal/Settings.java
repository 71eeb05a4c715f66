package org.wadi.controller.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * The controller's settings as plain values: {@link ControllerConfig} with the environment's
 * {@code WADI_*} overrides applied, so that the rest of the code (and the tests) need no OSGi.
 */
public record Settings(
        String grpcHost,
        int grpcPort,
        String advertisedHost,
        Duration pollInterval,
        String scheduler,
        int workerSlots,
        Duration compilingTimeout,
        Duration schedulingTimeout,
        Duration stoppingTimeout,
        Duration finishingTimeout,
        Duration startupGrace,
        int outputQueueSize,
        String checkpointStorageUrl,
        int checkpointRetention,
        Duration checkpointTimeout,
        int restartMax,
        Duration restartBackoffInitial,
        Duration restartBackoffMax,
        Duration restartResetAfter,
        int jobLogRatePerMinute,
        int jobLogRetention,
        String pushgatewayUrl) {

    /** The checkpoint interval of pipelines that store none. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    /** Settings with the checkpoint defaults: the storage provider's URL, keep 3, 2 minutes' timeout. */
    public Settings(String grpcHost, int grpcPort, String advertisedHost, Duration pollInterval, String scheduler,
            int workerSlots, Duration compilingTimeout, Duration schedulingTimeout, Duration stoppingTimeout,
            Duration finishingTimeout, Duration startupGrace, int outputQueueSize) {
        this(grpcHost, grpcPort, advertisedHost, pollInterval, scheduler, workerSlots, compilingTimeout,
                schedulingTimeout, stoppingTimeout, finishingTimeout, startupGrace, outputQueueSize, "", 3,
                Duration.ofMinutes(2));
    }

    /** Settings with the restart defaults (Arroyo's): 20 restarts, 0.5 s to 60 s backoff, reset after 2 minutes. */
    public Settings(String grpcHost, int grpcPort, String advertisedHost, Duration pollInterval, String scheduler,
            int workerSlots, Duration compilingTimeout, Duration schedulingTimeout, Duration stoppingTimeout,
            Duration finishingTimeout, Duration startupGrace, int outputQueueSize, String checkpointStorageUrl,
            int checkpointRetention, Duration checkpointTimeout) {
        this(grpcHost, grpcPort, advertisedHost, pollInterval, scheduler, workerSlots, compilingTimeout,
                schedulingTimeout, stoppingTimeout, finishingTimeout, startupGrace, outputQueueSize, checkpointStorageUrl,
                checkpointRetention, checkpointTimeout, 20, Duration.ofMillis(500), Duration.ofMinutes(1),
                Duration.ofMinutes(2));
    }

    /** Settings with the job log defaults: 60 worker messages per job and minute, 1000 kept per job. */
    public Settings(String grpcHost, int grpcPort, String advertisedHost, Duration pollInterval, String scheduler,
            int workerSlots, Duration compilingTimeout, Duration schedulingTimeout, Duration stoppingTimeout,
            Duration finishingTimeout, Duration startupGrace, int outputQueueSize, String checkpointStorageUrl,
            int checkpointRetention, Duration checkpointTimeout, int restartMax, Duration restartBackoffInitial,
            Duration restartBackoffMax, Duration restartResetAfter) {
        this(grpcHost, grpcPort, advertisedHost, pollInterval, scheduler, workerSlots, compilingTimeout,
                schedulingTimeout, stoppingTimeout, finishingTimeout, startupGrace, outputQueueSize, checkpointStorageUrl,
                checkpointRetention, checkpointTimeout, restartMax, restartBackoffInitial, restartBackoffMax,
                restartResetAfter, 60, 1000, "");
    }

    /** These settings with other restart limits (for tests). */
    public Settings withRestarts(int max, Duration backoffInitial, Duration backoffMax, Duration resetAfter) {
        return new Settings(grpcHost, grpcPort, advertisedHost, pollInterval, scheduler, workerSlots, compilingTimeout,
                schedulingTimeout, stoppingTimeout, finishingTimeout, startupGrace, outputQueueSize, checkpointStorageUrl,
                checkpointRetention, checkpointTimeout, max, backoffInitial, backoffMax, resetAfter,
                jobLogRatePerMinute, jobLogRetention, pushgatewayUrl);
    }

    /** These settings with another Pushgateway ({@code ""}: none). */
    public Settings withPushgatewayUrl(String url) {
        return new Settings(grpcHost, grpcPort, advertisedHost, pollInterval, scheduler, workerSlots, compilingTimeout,
                schedulingTimeout, stoppingTimeout, finishingTimeout, startupGrace, outputQueueSize, checkpointStorageUrl,
                checkpointRetention, checkpointTimeout, restartMax, restartBackoffInitial, restartBackoffMax,
                restartResetAfter, jobLogRatePerMinute, jobLogRetention, url);
    }

    public Settings {
        pushgatewayUrl = pushgatewayUrl == null ? "" : pushgatewayUrl.trim();
        if (!pushgatewayUrl.isEmpty()) {
            checkPushgatewayUrl(pushgatewayUrl);
        }
        if (workerSlots < 1) {
            throw new IllegalArgumentException("worker.slots must be at least 1, was " + workerSlots);
        }
        if (outputQueueSize < 1) {
            throw new IllegalArgumentException("controller.output.queue.size must be at least 1, was " + outputQueueSize);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("controller.poll.interval.ms must be positive, was " + pollInterval.toMillis());
        }
        if (checkpointRetention < 1) {
            throw new IllegalArgumentException("checkpoint.retention must be at least 1 (completed checkpoints kept), was "
                    + checkpointRetention);
        }
        if (checkpointTimeout.isNegative() || checkpointTimeout.isZero()) {
            throw new IllegalArgumentException("checkpoint.timeout.ms must be positive, was " + checkpointTimeout.toMillis());
        }
        if (restartMax < 0) {
            throw new IllegalArgumentException("controller.restart.max must be 0 (never restart) or more, was " + restartMax);
        }
        if (restartBackoffInitial.isNegative()) {
            throw new IllegalArgumentException("controller.restart.backoff.initial.ms must not be negative, was "
                    + restartBackoffInitial.toMillis());
        }
        if (restartBackoffMax.compareTo(restartBackoffInitial) < 0) {
            throw new IllegalArgumentException("controller.restart.backoff.max.ms must be at least controller.restart.backoff.initial.ms ("
                    + restartBackoffInitial.toMillis() + "), was " + restartBackoffMax.toMillis());
        }
        if (restartResetAfter.isNegative()) {
            throw new IllegalArgumentException("controller.restart.reset.after.ms must not be negative, was "
                    + restartResetAfter.toMillis());
        }
        if (jobLogRatePerMinute < 1) {
            throw new IllegalArgumentException("controller.job.log.rate.per.minute must be at least 1, was "
                    + jobLogRatePerMinute);
        }
        if (jobLogRetention < 1) {
            throw new IllegalArgumentException("controller.job.log.retention must be at least 1 (messages kept per job), was "
                    + jobLogRetention);
        }
    }

    /** The defaults of {@link ControllerConfig}. */
    public static Settings defaults() {
        return new Settings("127.0.0.1", 5116, "", Duration.ofMillis(500), "process", 16,
                Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofSeconds(10), 1_000);
    }

    /**
     * Reads the configuration, letting {@code WADI_<KEY>} variables of {@code env} override it;
     * the scheduler may also be named by plain {@code SCHEDULER}, as in Arroyo.
     */
    public static Settings from(ControllerConfig c, Function<String, String> env) {
        Overrides o = new Overrides(env);
        String scheduler = o.string("scheduler", c.scheduler());
        if (env.apply("WADI_SCHEDULER") == null && env.apply("SCHEDULER") != null && !env.apply("SCHEDULER").isBlank()) {
            scheduler = env.apply("SCHEDULER").trim();
        }
        return new Settings(
                o.string("controller.grpc.host", c.controller_grpc_host()),
                o.integer("controller.grpc.port", c.controller_grpc_port()),
                o.string("controller.grpc.advertised.host", c.controller_grpc_advertised_host()),
                o.millis("controller.poll.interval.ms", c.controller_poll_interval_ms()),
                scheduler,
                o.integer("worker.slots", c.worker_slots()),
                o.millis("controller.compiling.timeout.ms", c.controller_compiling_timeout_ms()),
                o.millis("controller.scheduling.timeout.ms", c.controller_scheduling_timeout_ms()),
                o.millis("controller.stopping.timeout.ms", c.controller_stopping_timeout_ms()),
                o.millis("controller.finishing.timeout.ms", c.controller_finishing_timeout_ms()),
                o.millis("controller.startup.grace.ms", c.controller_startup_grace_ms()),
                o.integer("controller.output.queue.size", c.controller_output_queue_size()),
                o.string("checkpoint.storage.url", c.checkpoint_storage_url()),
                o.integer("checkpoint.retention", c.checkpoint_retention()),
                o.millis("checkpoint.timeout.ms", c.checkpoint_timeout_ms()),
                o.integer("controller.restart.max", c.controller_restart_max()),
                o.millis("controller.restart.backoff.initial.ms", c.controller_restart_backoff_initial_ms()),
                o.millis("controller.restart.backoff.max.ms", c.controller_restart_backoff_max_ms()),
                o.millis("controller.restart.reset.after.ms", c.controller_restart_reset_after_ms()),
                o.integer("controller.job.log.rate.per.minute", c.controller_job_log_rate_per_minute()),
                o.integer("controller.job.log.retention", c.controller_job_log_retention()),
                o.string("pushgateway.url", c.pushgateway_url()));
    }

    /** A Pushgateway's address is {@code http(s)://host:port}, perhaps with a path prefix. */
    private static void checkPushgatewayUrl(String url) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getScheme() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("pushgateway.url (" + Overrides.variable("pushgateway.url")
                    + ") must be the Pushgateway's address, http://host:port or https://host:port, was '" + url + "'");
        }
    }

    /**
     * How long to wait before restart number {@code restart} (1 for the first): the initial backoff,
     * doubled for each restart before it, at most the maximum.
     */
    public Duration restartBackoff(int restart) {
        long initial = restartBackoffInitial.toMillis();
        long max = restartBackoffMax.toMillis();
        long ms = initial;
        for (int i = 1; i < restart && ms < max; i++) {
            ms = Math.min(max, ms * 2);
        }
        return Duration.ofMillis(Math.min(ms, max));
    }

    /** The host workers connect to. */
    public String workerFacingHost() {
        if (!advertisedHost.isBlank()) {
            return advertisedHost;
        }
        return grpcHost.equals("0.0.0.0") || grpcHost.equals("::") || grpcHost.isBlank() ? "127.0.0.1" : grpcHost;
    }

    /** Applies {@code WADI_<KEY>} environment overrides to configured values. */
    static final class Overrides {
        private final Function<String, String> env;

        Overrides(Function<String, String> env) {
            this.env = env;
        }

        static String variable(String key) {
            return "WADI_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
        }

        String string(String key, String configured) {
            String v = env.apply(variable(key));
            return v == null || v.isBlank() ? configured : v.trim();
        }

        int integer(String key, int configured) {
            String v = env.apply(variable(key));
            if (v == null || v.isBlank()) {
                return configured;
            }
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(variable(key) + " must be an integer, was '" + v + "'");
            }
        }

        Duration millis(String key, long configured) {
            String v = env.apply(variable(key));
            if (v == null || v.isBlank()) {
                return Duration.ofMillis(configured);
            }
            try {
                return Duration.ofMillis(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(variable(key) + " must be a number of milliseconds, was '" + v + "'");
            }
        }
    }
}
