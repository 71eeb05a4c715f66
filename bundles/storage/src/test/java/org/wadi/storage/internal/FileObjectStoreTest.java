package org.wadi.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.storage.ObjectStore;

class FileObjectStoreTest extends ObjectStoreContract {

    @TempDir
    Path dir;

    @Override
    protected ObjectStore newStore() throws IOException {
        Path root = dir.resolve("store");
        return new FileObjectStore(root.toUri().toString(), root);
    }

    private Path root() {
        return ((FileObjectStore) store).root();
    }

    private List<Path> everythingOnDisk() throws IOException {
        try (Stream<Path> walk = Files.walk(root())) {
            return walk.filter(p -> !p.equals(root())).toList();
        }
    }

    @Test
    void keysAreFilesUnderTheRoot() throws IOException {
        store.put("job_1/checkpoints/0000000001/source_1/0", new byte[] {7});
        assertTrue(Files.isRegularFile(root().resolve("job_1/checkpoints/0000000001/source_1/0")));
        assertEquals(7, Files.readAllBytes(root().resolve("job_1/checkpoints/0000000001/source_1/0"))[0]);
    }

    @Test
    void failedPutsLeaveNoTemporaryFiles() throws IOException {
        assertThrows(IOException.class, () -> store.put("a/k", TestData.failingAfter(LARGE, 1, 1000), LARGE));
        assertThrows(IOException.class, () -> store.put("a/k", TestData.stream(10, 1), 20));
        try (Stream<Path> walk = Files.walk(root())) {
            assertEquals(List.of(), walk.filter(Files::isRegularFile).toList());
        }
    }

    @Test
    void leftoversOfACrashAreInvisibleAndDeletedWithTheirPrefix() throws IOException {
        store.put("epoch/1/state", new byte[] {1});
        // what a process killed during a put leaves behind
        Files.write(root().resolve("epoch/1/.state.123456.tmp"), new byte[] {9});
        assertEquals(List.of("epoch/1/state"), store.list(""));
        assertEquals(1, store.deletePrefix("epoch/"));
        assertEquals(List.of(), everythingOnDisk(), "files and now empty folders are gone");
    }

    @Test
    void deletingRemovesEmptyFoldersButNotTheRoot() throws IOException {
        store.put("a/b/c/d", new byte[] {1});
        store.put("a/x", new byte[] {1});
        store.delete("a/b/c/d");
        assertEquals(List.of(root().resolve("a"), root().resolve("a/x")), everythingOnDisk().stream().sorted().toList());
        store.delete("a/x");
        assertEquals(List.of(), everythingOnDisk());
        assertTrue(Files.isDirectory(root()));

        store.put("p/q/1", new byte[] {1});
        store.put("p/qr", new byte[] {1});
        store.put("p/s/1", new byte[] {1});
        assertEquals(2, store.deletePrefix("p/q"));
        assertEquals(List.of(root().resolve("p"), root().resolve("p/s"), root().resolve("p/s/1")),
                everythingOnDisk().stream().sorted().toList());
    }

    @Test
    void aKeyCannotAlsoBeAFolder() throws IOException {
        store.put("a/b", new byte[] {1});
        IOException e = assertThrows(IOException.class, () -> store.put("a/b/c", new byte[] {1}));
        assertTrue(e.getMessage().contains("already an object"), e.getMessage());
        store.put("x/y/z", new byte[] {1});
        assertThrows(IOException.class, () -> store.put("x/y", new byte[] {1}));
        assertFalse(store.exists("x/y"));
    }

    @Test
    void refusesAFileAsItsRoot() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        IOException e = assertThrows(IOException.class, () -> new FileObjectStore(file.toUri().toString(), file));
        assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
    }
}
