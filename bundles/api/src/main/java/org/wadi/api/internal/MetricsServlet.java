package org.wadi.api.internal;

import java.io.IOException;
import java.io.OutputStream;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.wadi.controller.ServerMetrics;

/**
 * {@code GET /metrics} on the API's port: the server's Prometheus metrics in the text exposition
 * format, for a Prometheus server to scrape. Registered only while the controller offers them.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern(MetricsServlet.PATH)
@HttpWhiteboardServletName("wadi-metrics")
public class MetricsServlet extends HttpServlet {

    static final String PATH = "/metrics";
    private static final long serialVersionUID = 1L;

    private final transient ServerMetrics metrics;
    private final transient Authenticator authenticator;

    @Activate
    public MetricsServlet(@Reference ServerMetrics metrics, @Reference Authenticator authenticator) {
        this.metrics = metrics;
        this.authenticator = authenticator;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!authenticator.check(request, response)) {
            return;
        }
        response.setContentType(ServerMetrics.TEXT_FORMAT);
        // a scrape must see the values of now, never a cached copy
        response.setHeader("Cache-Control", "no-store");
        try (OutputStream out = response.getOutputStream()) {
            metrics.writeText(out);
        }
    }
}
