package org.wadi.scheduler.process.internal;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The process scheduler's settings as plain values.
 *
 * @param java the java executable
 * @param jvmOptions options before the class path
 * @param classpath the workers' class path (the launcher, Felix and SLF4J)
 * @param launcherDir the folder the class path points into, checked before a start, or null not to check
 * @param mainClass the launcher's main class
 * @param workerBundles symbolic names of the worker bundle set, in install order
 * @param repositories folders laid out as Maven repositories where {@code mvn:} bundles are found
 * @param workDir where the bundle lists of running workers are written
 * @param logDir where each worker's output goes, one file per worker
 * @param fileRoots {@code WADI_FILE_ROOTS} for workers, or null to pass the server's own environment on
 * @param stopTimeout how long a worker may take to end when stopped before its process is killed
 * @param standby how many idle, warmed-up worker processes are kept ready
 * @param idleTimeout how long a worker process beyond the standby ones stays idle before it exits
 */
public record ProcessSettings(
        Path java,
        List<String> jvmOptions,
        String classpath,
        Path launcherDir,
        String mainClass,
        List<String> workerBundles,
        List<Path> repositories,
        Path workDir,
        Path logDir,
        String fileRoots,
        Duration stopTimeout,
        int standby,
        Duration idleTimeout) {

    public static final String DEFAULT_JVM_OPTIONS =
            "-Xmx512m -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -Xshare:auto";
    public static final String MAIN_CLASS = "org.wadi.launcher.WorkerMain";

    public ProcessSettings {
        jvmOptions = List.copyOf(jvmOptions);
        workerBundles = List.copyOf(workerBundles);
        repositories = List.copyOf(repositories);
        if (standby < 0) {
            throw new IllegalArgumentException(variable("worker.standby") + " must be 0 or more, was " + standby);
        }
    }

    /**
     * The settings inside Karaf: java from {@code java.home}, class path {@code ${karaf.home}/lib/worker/*},
     * bundles from {@code ${karaf.home}/system} (and {@code karaf.default.repository}), logs under
     * {@code ${karaf.data}/log/workers}.
     *
     * @param property a framework property by name
     * @param env an environment variable by name
     */
    public static ProcessSettings inKaraf(ProcessSchedulerConfig config, Function<String, String> property,
            Function<String, String> env) {
        String home = property.apply("karaf.home");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("the framework property karaf.home is not set: the process scheduler runs inside Karaf");
        }
        Path karafHome = Path.of(home);
        String data = property.apply("karaf.data");
        Path karafData = data == null || data.isBlank() ? karafHome.resolve("data") : Path.of(data);

        String javaSetting = override(env, "worker.java", config.worker_java());
        Path javaExe = javaSetting.isBlank()
                ? Path.of(System.getProperty("java.home"), "bin", "java")
                : Path.of(javaSetting);
        String options = override(env, "worker.jvm.options", config.worker_jvm_options());
        String bundlesOverride = env.apply(variable("worker.bundles"));
        // a .cfg file gives one comma-separated string where Config Admin would give an array
        List<String> bundles = bundlesOverride == null || bundlesOverride.isBlank()
                ? Arrays.stream(config.worker_bundles()).flatMap(b -> split(b, ",").stream()).toList()
                : split(bundlesOverride, ",");
        Duration stopTimeout = Duration.ofMillis(number(env, "worker.stop.timeout.ms", config.worker_stop_timeout_ms()));
        int standby = (int) number(env, "worker.standby", config.worker_standby());
        Duration idleTimeout = Duration.ofMillis(number(env, "worker.idle.timeout.ms", config.worker_idle_timeout_ms()));

        List<Path> repositories = new ArrayList<>();
        repositories.add(karafHome.resolve("system"));
        String defaultRepo = property.apply("karaf.default.repository");
        if (defaultRepo != null && !defaultRepo.isBlank()) {
            Path p = karafHome.resolve(defaultRepo);
            if (!repositories.contains(p)) {
                repositories.add(p);
            }
        }
        String fileRoots = property.apply("wadi.file.roots");
        Path lib = karafHome.resolve("lib").resolve("worker");
        return new ProcessSettings(javaExe, split(options, "\\s+"), lib + File.separator + "*", lib, MAIN_CLASS,
                bundles, repositories, karafData.resolve("workers"), karafData.resolve("log").resolve("workers"),
                fileRoots, stopTimeout, standby, idleTimeout);
    }

    private static long number(Function<String, String> env, String key, long configured) {
        String v = override(env, key, Long.toString(configured));
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > Integer.MAX_VALUE && key.equals("worker.standby")) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable(key) + " (" + key.replace('.', '_') + " in"
                    + " etc/org.wadi.scheduler.process.cfg) must be a whole number, 0 or more, was '" + v + "'");
        }
    }

    private static List<String> split(String value, String separator) {
        return Arrays.stream(value.trim().split(separator)).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static String variable(String key) {
        return "WADI_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static String override(Function<String, String> env, String key, String configured) {
        String v = env.apply(variable(key));
        return v == null || v.isBlank() ? (configured == null ? "" : configured) : v.trim();
    }
}
