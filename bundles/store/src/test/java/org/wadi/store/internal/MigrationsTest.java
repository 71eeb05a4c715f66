package org.wadi.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    @Test
    void theIndexListsEveryScriptInOrder() throws IOException, URISyntaxException {
        Path folder = Path.of(MigrationsTest.class.getClassLoader().getResource(Migrations.INDEX).toURI()).getParent();
        List<String> scripts;
        try (Stream<Path> files = Files.list(folder)) {
            scripts = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
        }
        List<String> indexed = Migrations.load(MigrationsTest.class.getClassLoader()).stream().map(Migrations.Migration::file).toList();
        assertEquals(scripts, indexed, "every V<n>__*.sql must be listed in " + Migrations.INDEX);
    }

    private static int version(String file) {
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }
}
