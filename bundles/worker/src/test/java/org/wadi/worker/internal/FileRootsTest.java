package org.wadi.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.spi.connector.ConnectorException;

class FileRootsTest {

    @TempDir
    Path tmp;
    Path root;
    Path outside;
    FileRoots files;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(tmp.resolve("root")).toRealPath();
        outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
        files = new FileRoots(root + ":" + tmp.resolve("second"));
    }

    @Test
    void pathsInsideARootResolve() throws Exception {
        Files.writeString(root.resolve("a.csv"), "x");
        assertEquals(root.resolve("a.csv"), files.resolve(root + "/a.csv"));
        assertEquals(root.resolve("new/b.csv"), files.resolve(root + "/new/b.csv"), "files not yet created too");
        assertEquals(root.resolve("a.csv"), files.resolve(root + "/sub/../a.csv"));
        assertEquals(root.resolve("a.csv"), files.resolve("a.csv"), "relative paths are taken in the first root");
        assertEquals(tmp.toRealPath().resolve("second/c.csv"), files.resolve(tmp + "/second/c.csv"));
    }

    @Test
    void fileUrlsResolve() throws Exception {
        assertEquals(root.resolve("a.csv"), files.resolve("file://" + root + "/a.csv"));
        assertEquals(root.resolve("a.csv"), files.resolve("file:" + root + "/a.csv"));
        assertEquals(root.resolve("a b.csv"), files.resolve(root.resolve("a b.csv").toUri().toString()));
        ConnectorException e = assertThrows(ConnectorException.class, () -> files.resolve("file:///etc/passwd"));
        assertTrue(e.getMessage().startsWith("path 'file:///etc/passwd' is outside"), e.getMessage());
    }

    @Test
    void pathsOutsideEveryRootAreRejectedNamingTheRoots() {
        ConnectorException e = assertThrows(ConnectorException.class, () -> files.resolve("/etc/passwd"));
        assertEquals("path '/etc/passwd' is outside the allowed file roots [" + root + ", " + tmp.resolve("second")
                + "]; set WADI_FILE_ROOTS to allow it", e.getMessage());
        assertThrows(ConnectorException.class, () -> files.resolve(root + "/../outside/x"));
        assertThrows(ConnectorException.class, () -> files.resolve("../outside/x"));
        assertThrows(ConnectorException.class, () -> files.resolve(root + "x/y"), "a sibling sharing a prefix");
    }

    @Test
    void symbolicLinksLeadingOutAreRejected() throws Exception {
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("not-yet"));
        Files.createSymbolicLink(root.resolve("inner"), root);
        assertThrows(ConnectorException.class, () -> files.resolve(root + "/link/secret"));
        assertThrows(ConnectorException.class, () -> files.resolve(root + "/link"));
        assertThrows(ConnectorException.class, () -> files.resolve(root + "/dangling"),
                "writing through a dangling link would create a file outside");
        assertEquals(root.resolve("x"), files.resolve(root + "/inner/x"), "links inside the roots are fine");
    }

    @Test
    void configurationPrecedence() {
        assertEquals("/env", FileRoots.choose("/env", "/cfg", "/fw", "/data"));
        assertEquals("/cfg", FileRoots.choose(" ", "/cfg", "/fw", "/data"));
        assertEquals("/fw", FileRoots.choose(null, "", "/fw", "/data"));
        assertEquals("/data:" + System.getProperty("java.io.tmpdir"), FileRoots.choose(null, "", null, "/data"));
        assertEquals(System.getProperty("java.io.tmpdir"), FileRoots.choose(null, "", null, null));
    }
}
