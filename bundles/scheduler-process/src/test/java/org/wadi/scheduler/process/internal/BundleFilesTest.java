package org.wadi.scheduler.process.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.scheduler.SchedulerException;

class BundleFilesTest {

    @TempDir
    Path home;

    private Path touch(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "jar");
    }

    @Test
    void mvnLocationsAreFoundInTheSystemRepository() throws Exception {
        Path plain = touch(home.resolve("system/com/fasterxml/jackson/core/jackson-core/2.21.2/jackson-core-2.21.2.jar"));
        Path typed = touch(home.resolve("system/org/wadi/wadi-worker/0.1.0-SNAPSHOT/wadi-worker-0.1.0-SNAPSHOT.jar"));
        Path classified = touch(home.resolve("system/org/example/thing/1.0/thing-1.0-osgi.jar"));
        Path otherType = touch(home.resolve("system/org/example/thing/1.0/thing-1.0.bundle"));
        BundleFiles files = new BundleFiles(List.of(home.resolve("system")));

        assertEquals(plain, files.jar("jackson-core", "mvn:com.fasterxml.jackson.core/jackson-core/2.21.2"));
        assertEquals(typed, files.jar("wadi-worker", "mvn:org.wadi/wadi-worker/0.1.0-SNAPSHOT/jar"));
        assertEquals(classified, files.jar("thing", "mvn:org.example/thing/1.0/jar/osgi"));
        assertEquals(classified, files.jar("thing", "mvn:org.example/thing/1.0//osgi"));
        assertEquals(otherType, files.jar("thing", "mvn:org.example/thing/1.0/bundle"));
        assertEquals(plain, files.jar("jackson-core", "mvn:https://repo.example/maven2!com.fasterxml.jackson.core/jackson-core/2.21.2"));
    }

    @Test
    void laterRepositoriesAreTriedInOrder() throws Exception {
        Path inSecond = touch(home.resolve("repo2/org/example/thing/1.0/thing-1.0.jar"));
        BundleFiles files = new BundleFiles(List.of(home.resolve("system"), home.resolve("repo2")));

        assertEquals(inSecond, files.jar("thing", "mvn:org.example/thing/1.0"));
    }

    @Test
    void fileLocationsAreTakenAsTheyAre() throws Exception {
        Path dropped = touch(home.resolve("deploy/my-connector.jar"));
        BundleFiles files = new BundleFiles(List.of(home.resolve("system")));

        assertEquals(dropped, files.jar("my-connector", dropped.toUri().toString()));
        assertEquals(dropped, files.jar("my-connector", "file:" + dropped));
        assertEquals(dropped, files.jar("my-connector", "reference:" + dropped.toUri()));
    }

    @Test
    void aMissingJarNamesTheBundleAndWhereItLooked() {
        BundleFiles files = new BundleFiles(List.of(home.resolve("system")));

        SchedulerException e = assertThrows(SchedulerException.class, () -> files.jar("thing", "mvn:org.example/thing/2.0"));
        assertTrue(e.getMessage().startsWith("the jar of bundle thing (mvn:org.example/thing/2.0) is not in the server's repository; tried ["
                + home.resolve("system/org/example/thing/2.0/thing-2.0.jar")), e.getMessage());
        SchedulerException gone = assertThrows(SchedulerException.class, () -> files.jar("x", "file:/nowhere/x.jar"));
        assertEquals("the jar of bundle x is gone: /nowhere/x.jar (installed from file:/nowhere/x.jar)", gone.getMessage());
    }

    @Test
    void unsupportedLocationsListTheSupportedForms() {
        BundleFiles files = new BundleFiles(List.of(home.resolve("system")));

        SchedulerException e = assertThrows(SchedulerException.class, () -> files.jar("x", "http://example.org/x.jar"));
        assertEquals("bundle x was installed from 'http://example.org/x.jar', which a worker cannot install; "
                + "supported locations: mvn:group/artifact/version[/type[/classifier]], file:/path", e.getMessage());
        SchedulerException bad = assertThrows(SchedulerException.class, () -> files.jar("x", "mvn:org.example/x"));
        assertEquals("bundle x has the location 'mvn:org.example/x', which is not mvn:group/artifact/version[/type[/classifier]]",
                bad.getMessage());
    }
}
