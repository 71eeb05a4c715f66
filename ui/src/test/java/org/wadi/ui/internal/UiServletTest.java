package org.wadi.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class UiServletTest {

    @Test
    void theRootServesTheIndexPage() {
        assertEquals("/ui/index.html", UiServlet.fileFor(null));
        assertEquals("/ui/index.html", UiServlet.fileFor("/"));
        assertEquals("/ui/app.js", UiServlet.fileFor("/app.js"));
    }

    @Test
    void pathsOutsideTheUiFolderAreRefused() {
        assertNull(UiServlet.fileFor("/../org/wadi/ui/internal/UiServlet.class"));
        assertNull(UiServlet.fileFor("/a/../../x"));
        assertNull(UiServlet.fileFor("//etc/passwd"));
        assertNull(UiServlet.fileFor("/assets/"));
    }

    @Test
    void contentTypesFollowTheExtension() {
        assertTrue(UiServlet.contentType("/ui/index.html").startsWith("text/html"));
        assertTrue(UiServlet.contentType("/ui/app.js").startsWith("text/javascript"));
        assertEquals("application/octet-stream", UiServlet.contentType("/ui/LICENSE"));
    }

    @Test
    void everyFileThePageReferencesIsInTheBundle() throws IOException {
        String html = read("/");
        List<String> refs = new ArrayList<>();
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            refs.add(m.group(1));
        }
        assertFalse(refs.isEmpty(), "index.html references no script or style sheet");
        for (String ref : refs) {
            assertNotNull(UiServlet.class.getResource(UiServlet.fileFor("/" + ref)),
                    "index.html references " + ref + ", which is not under " + UiServlet.ROOT);
        }
    }

    @Test
    void thePageReadsPipelinesFromTheApi() throws IOException {
        String js = read("/app.js");
        assertTrue(js.contains("'/api/v1'") && js.contains("/pipelines"), "app.js does not call /api/v1/pipelines");
    }

    private static String read(String path) throws IOException {
        String file = UiServlet.fileFor(path);
        try (InputStream in = UiServlet.class.getResourceAsStream(file)) {
            assertNotNull(in, file + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
