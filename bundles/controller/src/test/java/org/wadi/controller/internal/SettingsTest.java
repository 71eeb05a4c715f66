package org.wadi.controller.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    /** The configuration as Config Admin hands it over with nothing configured: the defaults. */
    private static final ControllerConfig DEFAULTS = new ControllerConfig() {
        @Override public Class<? extends Annotation> annotationType() { return ControllerConfig.class; }
        @Override public String controller_grpc_host() { return "127.0.0.1"; }
        @Override public int controller_grpc_port() { return 5116; }
        @Override public String controller_grpc_advertised_host() { return ""; }
        @Override public long controller_poll_interval_ms() { return 500; }
        @Override public String scheduler() { return "process"; }
        @Override public int worker_slots() { return 16; }
        @Override public long controller_compiling_timeout_ms() { return 60_000; }
        @Override public long controller_scheduling_timeout_ms() { return 60_000; }
        @Override public long controller_stopping_timeout_ms() { return 30_000; }
        @Override public long controller_finishing_timeout_ms() { return 300_000; }
        @Override public long controller_startup_grace_ms() { return 10_000; }
        @Override public int controller_output_queue_size() { return 1_000; }
        @Override public String checkpoint_storage_url() { return ""; }
        @Override public int checkpoint_retention() { return 3; }
        @Override public long checkpoint_timeout_ms() { return 120_000; }
        @Override public int controller_restart_max() { return 20; }
        @Override public long controller_restart_backoff_initial_ms() { return 500; }
        @Override public long controller_restart_backoff_max_ms() { return 60_000; }
        @Override public long controller_restart_reset_after_ms() { return 120_000; }
        @Override public int controller_job_log_rate_per_minute() { return 60; }
        @Override public int controller_job_log_retention() { return 1000; }
        @Override public String pushgateway_url() { return ""; }
    };

    @Test
    void defaultsMatchTheConfigurationsDefaults() {
        assertEquals(Settings.defaults(), Settings.from(DEFAULTS, Map.<String, String>of()::get));
    }

    @Test
    void environmentOverridesConfiguration() {
        Settings s = Settings.from(DEFAULTS, Map.of(
                "WADI_CONTROLLER_GRPC_PORT", "6000",
                "WADI_CONTROLLER_GRPC_HOST", "0.0.0.0",
                "WADI_WORKER_SLOTS", "4",
                "WADI_CONTROLLER_SCHEDULING_TIMEOUT_MS", "1500")::get);
        assertEquals(6000, s.grpcPort());
        assertEquals(4, s.workerSlots());
        assertEquals(Duration.ofMillis(1500), s.schedulingTimeout());
        assertEquals("127.0.0.1", s.workerFacingHost(), "a wildcard bind address is not one to connect to");
    }

    @Test
    void checkpointSettingsComeFromTheEnvironmentToo() {
        Settings s = Settings.from(DEFAULTS, Map.of(
                "WADI_CHECKPOINT_STORAGE_URL", "s3://bucket/wadi",
                "WADI_CHECKPOINT_RETENTION", "5",
                "WADI_CHECKPOINT_TIMEOUT_MS", "30000")::get);
        assertEquals("s3://bucket/wadi", s.checkpointStorageUrl());
        assertEquals(5, s.checkpointRetention());
        assertEquals(Duration.ofSeconds(30), s.checkpointTimeout());
        assertEquals("", Settings.defaults().checkpointStorageUrl(), "blank: the storage service's default URL");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Settings.from(DEFAULTS, Map.of("WADI_CHECKPOINT_RETENTION", "0")::get)).getMessage()
                .startsWith("checkpoint.retention must be at least 1"));
    }

    @Test
    void schedulerComesFromWadiSchedulerThenScheduler() {
        assertEquals("embedded", Settings.from(DEFAULTS, Map.of("SCHEDULER", "embedded")::get).scheduler());
        assertEquals("node", Settings.from(DEFAULTS, Map.of("SCHEDULER", "embedded", "WADI_SCHEDULER", "node")::get).scheduler());
    }

    @Test
    void aMalformedOverrideNamesTheVariableAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(DEFAULTS, Map.of("WADI_CONTROLLER_GRPC_PORT", "http")::get));
        assertEquals("WADI_CONTROLLER_GRPC_PORT must be an integer, was 'http'", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Settings.from(DEFAULTS, Map.of("WADI_WORKER_SLOTS", "0")::get)).getMessage().startsWith("worker.slots"));
    }

    @Test
    void restartSettingsComeFromTheEnvironmentToo() {
        Settings s = Settings.from(DEFAULTS, Map.of(
                "WADI_CONTROLLER_RESTART_MAX", "3",
                "WADI_CONTROLLER_RESTART_BACKOFF_INITIAL_MS", "100",
                "WADI_CONTROLLER_RESTART_BACKOFF_MAX_MS", "1000",
                "WADI_CONTROLLER_RESTART_RESET_AFTER_MS", "5000")::get);
        assertEquals(3, s.restartMax());
        assertEquals(Duration.ofMillis(100), s.restartBackoffInitial());
        assertEquals(Duration.ofSeconds(1), s.restartBackoffMax());
        assertEquals(Duration.ofSeconds(5), s.restartResetAfter());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Settings.from(DEFAULTS, Map.of("WADI_CONTROLLER_RESTART_MAX", "-1")::get)).getMessage()
                .startsWith("controller.restart.max must be 0"));
    }

    @Test
    void jobLogSettingsComeFromTheEnvironmentToo() {
        Settings s = Settings.from(DEFAULTS, Map.of(
                "WADI_CONTROLLER_JOB_LOG_RATE_PER_MINUTE", "10",
                "WADI_CONTROLLER_JOB_LOG_RETENTION", "50")::get);
        assertEquals(10, s.jobLogRatePerMinute());
        assertEquals(50, s.jobLogRetention());
        assertEquals(60, Settings.defaults().jobLogRatePerMinute());
        assertEquals(1000, Settings.defaults().jobLogRetention());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Settings.from(DEFAULTS, Map.of("WADI_CONTROLLER_JOB_LOG_RETENTION", "0")::get)).getMessage()
                .startsWith("controller.job.log.retention must be at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Settings.from(DEFAULTS, Map.of("WADI_CONTROLLER_JOB_LOG_RATE_PER_MINUTE", "0")::get)).getMessage()
                .startsWith("controller.job.log.rate.per.minute must be at least 1"));
    }

    @Test
    void thePushgatewayComesFromTheConfigurationOrTheEnvironment() {
        assertEquals("", Settings.from(DEFAULTS, Map.<String, String>of()::get).pushgatewayUrl());
        ControllerConfig configured = configWithPushgateway("http://pushgateway.monitoring:9091");
        assertEquals("http://pushgateway.monitoring:9091",
                Settings.from(configured, Map.<String, String>of()::get).pushgatewayUrl());
        // the variable workers and servers have always read keeps working, and wins
        assertEquals("https://push.example:9091", Settings.from(configured,
                Map.of("WADI_PUSHGATEWAY_URL", "https://push.example:9091")::get).pushgatewayUrl());
        assertEquals("http://env-only:9091", Settings.from(DEFAULTS,
                Map.of("WADI_PUSHGATEWAY_URL", "http://env-only:9091")::get).pushgatewayUrl());
    }

    @Test
    void aPushgatewayThatIsNotAnHttpAddressIsRefusedNamingTheKey() {
        for (String bad : List.of("pushgateway:9091", "ftp://host:21", "http://", "http://host:9091/?x=1")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Settings.from(configWithPushgateway(bad), Map.<String, String>of()::get), bad);
            assertTrue(e.getMessage().contains("pushgateway.url") && e.getMessage().contains("WADI_PUSHGATEWAY_URL")
                    && e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    private static ControllerConfig configWithPushgateway(String url) {
        return (ControllerConfig) java.lang.reflect.Proxy.newProxyInstance(ControllerConfig.class.getClassLoader(),
                new Class<?>[] {ControllerConfig.class}, (proxy, method, args) -> method.getName().equals("pushgateway_url")
                        ? url : method.invoke(DEFAULTS, args));
    }

    @Test
    void restartBackoffDoublesUpToTheMaximum() {
        Settings s = Settings.defaults();
        assertEquals(20, s.restartMax());
        List<Long> delays = new java.util.ArrayList<>();
        for (int restart = 1; restart <= 10; restart++) {
            delays.add(s.restartBackoff(restart).toMillis());
        }
        assertEquals(List.of(500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L, 60_000L), delays);
        assertEquals(Duration.ofMinutes(1), s.restartBackoff(1_000), "no overflow for many restarts");
        assertEquals(Duration.ofMillis(300), s.withRestarts(5, Duration.ofMillis(300), Duration.ofMillis(300),
                Duration.ZERO).restartBackoff(4), "initial equal to the maximum: constant");
    }
}
