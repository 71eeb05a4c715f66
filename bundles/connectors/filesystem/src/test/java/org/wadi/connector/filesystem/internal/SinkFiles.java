package org.wadi.connector.filesystem.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What a sink left in its folder, as readers see it. */
final class SinkFiles {

    private SinkFiles() {
    }

    /** Published files (not hidden), relative to {@code root} with {@code /}, sorted. */
    static List<String> published(Path root) {
        return list(root, false);
    }

    /** Hidden in-progress files, relative, sorted. */
    static List<String> inProgress(Path root) {
        return list(root, true);
    }

    /** Every line of every published file, in file-name order. */
    static List<String> lines(Path root) {
        List<String> out = new ArrayList<>();
        for (String f : published(root)) {
            try {
                out.addAll(Files.readAllLines(root.resolve(f)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static List<String> list(Path root, boolean hidden) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith(".") == hidden)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
