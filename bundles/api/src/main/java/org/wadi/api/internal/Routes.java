package org.wadi.api.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;

/**
 * The API's routes as templates ({@code /api/v1/pipelines/{id}}), read from the resources'
 * {@code @Path} annotations, to name requests in metrics without their ids. A path is matched as
 * JAX-RS would: the template with the most literal characters wins.
 */
final class Routes {

    private static final Pattern PARAM = Pattern.compile("\\{\\s*([\\w.-]+)\\s*(?::\\s*([^}]*))?}");

    /** One template and the expression its paths match. */
    private record Route(String template, Pattern pattern, int literals) {
    }

    private final List<Route> routes;

    private Routes(List<Route> routes) {
        this.routes = routes;
    }

    /** The routes of every resource method (a method with an HTTP method annotation) of these classes. */
    static Routes of(List<Class<?>> resources) {
        Set<String> templates = new LinkedHashSet<>();
        for (Class<?> resource : resources) {
            Path base = resource.getAnnotation(Path.class);
            for (Method m : resource.getMethods()) {
                if (!isResourceMethod(m)) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                templates.add(join(base == null ? "" : base.value(), sub == null ? "" : sub.value()));
            }
        }
        List<Route> routes = new ArrayList<>();
        for (String t : templates) {
            routes.add(route(t));
        }
        routes.sort(Comparator.comparingInt(Route::literals).reversed());
        return new Routes(List.copyOf(routes));
    }

    private static boolean isResourceMethod(Method m) {
        for (Annotation a : m.getAnnotations()) {
            if (a.annotationType().isAnnotationPresent(HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }

    private static String join(String base, String sub) {
        String a = trim(base);
        String b = trim(sub);
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b;
    }

    private static String trim(String path) {
        String p = path.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static Route route(String template) {
        StringBuilder regex = new StringBuilder();
        StringBuilder shown = new StringBuilder();
        int literals = 0;
        int at = 0;
        Matcher m = PARAM.matcher(template);
        while (m.find()) {
            String literal = template.substring(at, m.start());
            regex.append(Pattern.quote(literal)).append('(').append(m.group(2) == null ? "[^/]+" : m.group(2).strip())
                    .append(')');
            shown.append(literal).append('{').append(m.group(1)).append('}');
            literals += literal.length();
            at = m.end();
        }
        String rest = template.substring(at);
        regex.append(Pattern.quote(rest));
        shown.append(rest);
        literals += rest.length();
        return new Route(ApiApplication.BASE + "/" + shown, Pattern.compile(regex.toString()), literals);
    }

    /**
     * The template of the route a request path matches, e.g. {@code /api/v1/pipelines/{id}/jobs}.
     *
     * @param path the path below the API's base ({@code pipelines/pl_1/jobs}), with or without slashes
     * @return the template, or {@code null} when no route matches
     */
    String match(String path) {
        String p = trim(path == null ? "" : path);
        for (Route r : routes) {
            if (r.pattern().matcher(p).matches()) {
                return r.template();
            }
        }
        return null;
    }
}
