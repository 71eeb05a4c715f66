package org.wadi.ui.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * Serves the web UI (a single-page application built into this bundle's {@value #ROOT} folder) at
 * the root of the HTTP server. A path that names a file of the build gets that file; any other path
 * without a file extension gets {@code index.html}, so the application's own routes
 * ({@code /pipelines/pl_…}) load the application, which then shows the page. Paths under
 * {@code /api} are never the UI's: they get the API's JSON 404. Its pattern {@code /*} is the least
 * specific one, so the REST API under {@code /api/v1/*} and {@code /metrics} keep their own servlets.
 *
 * <p>A servlet rather than a Whiteboard resource registration because the resource servlet answers
 * {@code /} with 403 (no welcome files in the Whiteboard specification).
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardServletName("wadi-ui")
public class UiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Where the files are inside this bundle. */
    static final String ROOT = "/ui";

    static final String INDEX = ROOT + "/index.html";

    /** Vite names the files under this folder by their content's hash: they never change. */
    private static final String ASSETS = ROOT + "/assets/";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "woff2", "font/woff2");

    /**
     * Files are only read: a method HttpServlet does not know (PATCH, or any other a client makes
     * up) gets 405 like POST, PUT and DELETE do, not HttpServlet's 501.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws javax.servlet.ServletException, IOException {
        String method = request.getMethod();
        if (java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE").contains(method)) {
            super.service(request, response);
            return;
        }
        response.setHeader("Allow", "GET, HEAD, OPTIONS");
        response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (isApi(path)) {
            byte[] body = "{\"error\":\"no such endpoint\"}".getBytes(StandardCharsets.UTF_8);
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("application/json");
            response.getOutputStream().write(body);
            return;
        }
        String file = resolve(path, f -> UiServlet.class.getResource(f) != null);
        URL url = file == null ? null : UiServlet.class.getResource(file);
        if (url == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(contentType(file));
        response.setHeader("Cache-Control", file.startsWith(ASSETS) ? "public, max-age=31536000, immutable" : "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = url.openStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    /** Whether a request path belongs to the REST API rather than the UI. */
    static boolean isApi(String pathInfo) {
        return pathInfo != null && (pathInfo.equals("/api") || pathInfo.startsWith("/api/"));
    }

    /**
     * The file of the bundle that answers a request path: the file itself when {@code exists}, else
     * {@code index.html} for an application route (no extension in its last segment), else
     * {@code null}.
     */
    static String resolve(String pathInfo, java.util.function.Predicate<String> exists) {
        String file = fileFor(pathInfo);
        if (file == null) {
            return null;
        }
        if (exists.test(file)) {
            return file;
        }
        String last = file.substring(file.lastIndexOf('/') + 1);
        return last.contains(".") ? null : INDEX;
    }

    /**
     * The resource inside the bundle for a request path, or {@code null} when the path is not one
     * of ours (it climbs out of {@value #ROOT} or names a folder).
     */
    static String fileFor(String pathInfo) {
        String path = pathInfo == null || pathInfo.isEmpty() || pathInfo.equals("/") ? "/index.html" : pathInfo;
        if (path.contains("..") || path.contains("\\") || path.contains("//") || path.endsWith("/")) {
            return null;
        }
        return ROOT + path;
    }

    static String contentType(String file) {
        int dot = file.lastIndexOf('.');
        String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }
}
