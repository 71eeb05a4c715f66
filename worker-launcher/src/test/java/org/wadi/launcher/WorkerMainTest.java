package org.wadi.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.felix.framework.Felix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.launcher.testbundle.TestActivator;

/** Launches {@link WorkerMain} as a real process with a tiny bundle built here. */
class WorkerMainTest {

    @TempDir
    Path tmp;

    Path testBundle() throws Exception {
        Path jar = tmp.resolve("test-bundle.jar");
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "wadi.test.bundle");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", TestActivator.class.getName());
        a.putValue("Import-Package", "org.osgi.framework");
        String entry = TestActivator.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry(entry));
            out.write(TestActivator.class.getClassLoader().getResourceAsStream(entry).readAllBytes());
            out.closeEntry();
        }
        return jar;
    }

    static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    Process launch(String jobId, Path workerTmp, Path... bundles) throws Exception {
        Path list = tmp.resolve("bundles.txt");
        Files.write(list, java.util.Arrays.stream(bundles).map(Path::toString).toList());
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = location(WorkerMain.class) + java.io.File.pathSeparator + location(Felix.class);
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xss512k", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + workerTmp, "-cp", cp, WorkerMain.class.getName(), "--bundles", list.toString());
        pb.environment().put("WADI_WORKER_ID", "wkr_launch");
        pb.environment().put("WADI_JOB_ID", jobId);
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve("out.txt").toFile());
        return pb.start();
    }

    String output(Process p) throws Exception {
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the worker process exits");
        return Files.readString(tmp.resolve("out.txt"));
    }

    @Test
    void startsTheBundlesPassesTheEnvironmentAndExitsWhenTheFrameworkStops() throws Exception {
        Path workerTmp = Files.createDirectories(tmp.resolve("worker-tmp"));
        Process p = launch("job_1", workerTmp, testBundle());
        String out = output(p);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("test bundle started for wkr_launch"), out);
        assertTrue(out.contains("test bundle stopped"), out);
        try (var left = Files.list(workerTmp)) {
            assertEquals(List.of(), left.toList(), "the framework storage is deleted");
        }
    }

    @Test
    void aBundleThatFailsToStartIsNamedAndExitsOne() throws Exception {
        Path bundle = testBundle();
        Process p = launch("fail", Files.createDirectories(tmp.resolve("worker-tmp")), bundle);
        String out = output(p);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("worker: bundle " + bundle + " (wadi.test.bundle): "), out);
        assertTrue(out.contains("refusing to start"), out);
    }

    @Test
    void aMissingBundleFileIsNamed() throws Exception {
        Path missing = tmp.resolve("missing.jar");
        Process p = launch("job_1", Files.createDirectories(tmp.resolve("worker-tmp")), missing);
        String out = output(p);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("worker: bundle " + missing + ": no such file"), out);
    }

    @Test
    void sigtermStopsTheFrameworkAndCleansUp() throws Exception {
        Path workerTmp = Files.createDirectories(tmp.resolve("worker-tmp"));
        Process p = launch("stay", workerTmp, testBundle());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(tmp.resolve("out.txt")).contains("test bundle started")) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "the bundle starts");
            Thread.sleep(20);
        }
        p.destroy(); // SIGTERM
        String out = output(p);
        assertTrue(out.contains("test bundle stopped"), out);
        try (var left = Files.list(workerTmp)) {
            assertEquals(List.of(), left.toList(), "the framework storage is deleted");
        }
    }

    @Test
    void badArgumentsPrintUsage() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        assertEquals(2, WorkerMain.run(new String[0], java.util.Map.of(), new java.io.PrintStream(buf)));
        assertTrue(buf.toString().startsWith("usage: WorkerMain --bundles"));
    }
}
