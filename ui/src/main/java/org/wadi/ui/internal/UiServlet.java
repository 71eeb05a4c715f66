package org.wadi.ui.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
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
 * Serves the web UI's static files (this bundle's {@value #ROOT} folder) at the root of the HTTP
 * server, {@code index.html} for {@code /}. Its pattern {@code /*} is the least specific one, so
 * the REST API under {@code /api/v1/*} and {@code /metrics} keep their own servlets: the container
 * picks the longest matching prefix.
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

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String file = fileFor(request.getPathInfo());
        URL url = file == null ? null : UiServlet.class.getResource(file);
        if (url == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setContentType(contentType(file));
        // the files change with every release and are small: let browsers revalidate
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = url.openStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
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
