package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import org.junit.jupiter.api.Test;

/** Request paths are named by the template of the route JAX-RS would take, so that ids make no new series. */
class RoutesTest {

    private final Routes routes = Routes.of(OpenApiDocument.RESOURCES);

    @Test
    void everyRouteOfTheApiIsFoundByItsTemplate() {
        assertEquals("/api/v1/ping", routes.match("ping"));
        assertEquals("/api/v1/pipelines", routes.match("/pipelines"));
        assertEquals("/api/v1/pipelines", routes.match("pipelines/"));
        assertEquals("/api/v1/pipelines/validate_query", routes.match("pipelines/validate_query"),
                "a literal segment wins over a parameter");
        assertEquals("/api/v1/pipelines/{id}", routes.match("pipelines/pl_1a2B3c4D5e"));
        assertEquals("/api/v1/pipelines/{id}/jobs/{job_id}", routes.match("pipelines/pl_1/jobs/job_2"));
        assertEquals("/api/v1/pipelines/{id}/restart", routes.match("pipelines/pl_1/restart"));
        assertEquals("/api/v1/pipelines/{id}/jobs/{job_id}/output", routes.match("pipelines/pl_1/jobs/job_2/output"));
        assertEquals("/api/v1/pipelines/{id}/jobs/{job_id}/checkpoints",
                routes.match("pipelines/pl_1/jobs/job_2/checkpoints"));
        assertEquals("/api/v1/pipelines/{id}/jobs/{job_id}/checkpoints/{epoch}/operator_checkpoint_groups",
                routes.match("pipelines/pl_1/jobs/job_2/checkpoints/12/operator_checkpoint_groups"));
        assertEquals("/api/v1/pipelines/{id}/jobs/{job_id}/errors", routes.match("pipelines/pl_1/jobs/job_2/errors"));
        assertEquals("/api/v1/jobs", routes.match("jobs"));
        assertEquals("/api/v1/api-docs/openapi.json", routes.match("api-docs/openapi.json"));
    }

    @Test
    void pathsNoRouteTakesAreNotMatched() {
        assertNull(routes.match("pipelines/pl_1/nothing/here"));
        assertNull(routes.match("secrets"));
        assertNull(routes.match(""));
    }

    /** A resource with a regular-expression parameter. */
    @Path("things")
    static class Things {
        @GET
        @Path("{n: [0-9]+}")
        public String byNumber() {
            return "";
        }

        @GET
        @Path("{name}")
        public String byName() {
            return "";
        }

        /** not a resource method: no HTTP method */
        public String helper() {
            return "";
        }
    }

    @Test
    void parameterExpressionsAreHonouredAndShownByName() {
        Routes r = Routes.of(List.of(Things.class));
        assertEquals("/api/v1/things/{n}", r.match("things/42"));
        assertEquals("/api/v1/things/{name}", r.match("things/forty-two"));
        assertNull(r.match("things"), "the class's own path has no resource method");
    }
}
