package org.wadi.scheduler.kubernetes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entry point (deploy/kubernetes/entrypoint.sh) run as a worker pod runs it: the bundle
 * locations the scheduler passes become jars of the distribution's system/ folder, in order, and
 * the worker launcher is started with them; a bundle not in the image fails with its name. The
 * java command is a stand-in script that prints what it was given.
 */
class EntrypointTest {

    @TempDir
    Path home;

    Path script() {
        return Path.of(System.getProperty("manifests.dir", "../../deploy/kubernetes")).resolve("entrypoint.sh");
    }

    record Result(int code, String out) {
    }

    Result run(String bundles) throws Exception {
        Path java = Files.createDirectories(home.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"args: $*\"\nwhile [ $# -gt 1 ]; do shift; done\ncat \"$1\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("sh", script().toString()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("WADI_HOME", home.toString(), "JAVA_HOME", home.resolve("jdk").toString(),
                "JAVA_OPTS", "-Xmx256m", "WADI_WORKER_ID", "wkr_1", "WADI_WORKER_BUNDLES", bundles));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the entry point did not end");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    Path jar(String relative) throws Exception {
        Path jar = home.resolve("system").resolve(relative);
        Files.createDirectories(jar.getParent());
        return Files.writeString(jar, "jar");
    }

    @Test
    void mvnLocationsBecomeJarsOfTheSystemFolderInOrder() throws Exception {
        Path a = jar("org/wadi/wadi-spi/0.1.0/wadi-spi-0.1.0.jar");
        Path b = jar("org/apache/felix/org.apache.felix.scr/2.2.6/org.apache.felix.scr-2.2.6.jar");
        Path c = jar("org/wadi/wadi-x/1/wadi-x-1-extra.jar");
        Result r = run("mvn:org.wadi/wadi-spi/0.1.0\nmvn:org.apache.felix/org.apache.felix.scr/2.2.6\n"
                + "mvn:org.wadi/wadi-x/1/jar/extra\n");
        assertEquals(0, r.code(), r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals("args: -Xmx256m -cp " + home + "/lib/worker/* org.wadi.launcher.WorkerMain --bundles "
                + lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1), lines.get(0));
        assertEquals(List.of(a.toString(), b.toString(), c.toString()), lines.subList(1, lines.size()));
    }

    @Test
    void aBundleMissingFromTheImageIsNamed() throws Exception {
        jar("org/wadi/wadi-spi/0.1.0/wadi-spi-0.1.0.jar");
        Result r = run("mvn:org.wadi/wadi-spi/0.1.0\nmvn:org.wadi/wadi-connector-x/9");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("bundle mvn:org.wadi/wadi-connector-x/9 is not in this image"), r.out());
        assertTrue(!r.out().contains("args:"), "no worker started: " + r.out());
    }
}
