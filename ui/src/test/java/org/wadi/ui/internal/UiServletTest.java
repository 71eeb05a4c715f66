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
        assertEquals("/ui/assets/app.js", UiServlet.fileFor("/assets/app.js"));
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
            if (!m.group(1).startsWith("data:")) {
                refs.add(m.group(1));
            }
        }
        assertFalse(refs.isEmpty(), "index.html references no script or style sheet");
        for (String ref : refs) {
            assertNotNull(UiServlet.class.getResource(UiServlet.fileFor(ref.startsWith("/") ? ref : "/" + ref)),
                    "index.html references " + ref + ", which is not under " + UiServlet.ROOT);
        }
    }

    @Test
    void applicationRoutesFallBackToTheIndexPage() {
        assertEquals(UiServlet.INDEX, UiServlet.resolve("/pipelines/pl_123", f -> false));
        assertEquals(UiServlet.INDEX, UiServlet.resolve("/functions", f -> false));
        assertEquals("/ui/assets/x.js", UiServlet.resolve("/assets/x.js", f -> true));
        assertNull(UiServlet.resolve("/assets/missing.js", f -> false), "a missing file is a 404, not the page");
        assertNull(UiServlet.resolve("/../x", f -> true));
    }

    @Test
    void apiPathsAreNotTheUis() {
        assertTrue(UiServlet.isApi("/api"));
        assertTrue(UiServlet.isApi("/api/v2/pipelines"));
        assertFalse(UiServlet.isApi("/apix"));
        assertFalse(UiServlet.isApi("/pipelines"));
        assertFalse(UiServlet.isApi(null));
    }

    @Test
    void theBuiltApplicationCallsTheApi() throws IOException {
        String html = read("/");
        Matcher m = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(html);
        assertTrue(m.find(), "index.html loads no script from /assets");
        String js = read(m.group(1));
        assertTrue(js.contains("/api/v1") && js.contains("/pipelines/validate_query"), "the script does not call the API");
    }

    private static String read(String path) throws IOException {
        String file = UiServlet.fileFor(path);
        try (InputStream in = UiServlet.class.getResourceAsStream(file)) {
            assertNotNull(in, file + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
