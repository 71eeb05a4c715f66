package org.wadi.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wadi.api.service.ApiException;
import org.wadi.api.service.Pipeline;
import org.wadi.api.service.PipelinePatch;
import org.wadi.api.service.PipelinePost;
import org.wadi.api.service.PreviewPost;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.SinkOperator;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.StorageProvider;
import org.wadi.storage.internal.FileObjectStore;
import org.wadi.store.CheckpointRef;

/** Preview pipelines and pipelines started from a checkpoint ({@code state_url}), over a real file storage. */
class PreviewsAndStateUrlsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.123456Z");
    private static final String SQL = "INSERT INTO out SELECT user, n FROM events";

    @TempDir
    Path dir;

    private final FakeStore store = new FakeStore();
    private final FakePlanner planner = new FakePlanner();

    private DefaultPipelineService service(StorageProvider storage) {
        return new DefaultPipelineService(planner, store, ApiSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC),
                storage);
    }

    private StorageProvider files() {
        String url = dir.toUri().toString();
        return new StorageProvider() {
            @Override
            public ObjectStore open(String at) throws IOException {
                if (!at.equals(url) && !at.equals(url.substring(0, url.length() - 1))) {
                    throw new IOException("no storage at " + at);
                }
                return new FileObjectStore(url, dir);
            }

            @Override
            public String defaultUrl() {
                return url;
            }
        };
    }

    private String storageUrl() {
        String url = dir.toUri().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A completed checkpoint of job_old at epoch 3: source_1 with state, calc_9 stateless, plus {@code extra}. */
    private String checkpoint(boolean completed, String extraOperatorWithState) throws IOException {
        try (ObjectStore s = files().open(storageUrl())) {
            s.put(CheckpointLayout.subtaskKey("job_old", 3, "source_1", 0), "offset 41".getBytes(StandardCharsets.UTF_8));
            s.put(CheckpointLayout.subtaskKey("job_old", 3, "source_1", 1), new byte[0]);
            s.put(CheckpointLayout.subtaskKey("job_old", 3, "calc_9", 0), new byte[0]);
            if (extraOperatorWithState != null) {
                s.put(CheckpointLayout.subtaskKey("job_old", 3, extraOperatorWithState, 0), new byte[] {1});
            }
            if (completed) {
                CheckpointLayout.markCompleted(s, "job_old", 3, new byte[0]);
            }
        }
        return StateUrls.of(storageUrl(), "job_old", 3);
    }

    private static String badRequest(Runnable call) {
        ApiException e = assertThrows(ApiException.class, call::run);
        assertEquals(ApiException.Kind.BAD_REQUEST, e.kind(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aPreviewRunsAtParallelismOneWithPreviewSinksAndATimeToLive() {
        Pipeline p = service(null).preview(new PreviewPost(SQL));

        assertEquals("preview", p.name());
        assertTrue(p.preview());
        org.wadi.store.Pipeline stored = store.pipelines.get(p.id());
        assertEquals(1, stored.parallelism());
        assertEquals(60_000_000L, stored.ttlMicros());
        DataflowPlan plan = PlanCodec.fromJson(stored.planJson());
        assertTrue(plan.nodes().stream().allMatch(n -> n.parallelism() == 1));
        SinkOperator sink = (SinkOperator) plan.node("sink_2").orElseThrow().operator();
        assertEquals("preview", sink.table().connector());
        assertEquals("out", sink.table().name(), "the sink keeps its table's name");
        assertEquals(FakePlanner.ROWS.visible(), sink.table().schema());
        assertEquals("impulse", ((org.wadi.spi.plan.SourceOperator) plan.node("source_1").orElseThrow().operator())
                .table().connector(), "sources are untouched");
        assertEquals(1, store.jobsForPipeline(p.id()).size());
    }

    @Test
    void aPreviewWithSinksEnabledWritesToItsSinks() {
        Pipeline p = service(null).preview(new PreviewPost(SQL, null, true));
        DataflowPlan plan = PlanCodec.fromJson(store.pipelines.get(p.id()).planJson());
        assertEquals("blackhole", ((SinkOperator) plan.node("sink_2").orElseThrow().operator()).table().connector());
        assertTrue(p.preview());
    }

    @Test
    void previewTrueInAPipelinePostMakesAPreviewToo() {
        Pipeline p = service(null).create(new PipelinePost("mine", SQL, 8L, null, null, true));
        assertTrue(p.preview());
        org.wadi.store.Pipeline stored = store.pipelines.get(p.id());
        assertEquals(1, stored.parallelism());
        assertEquals("preview",
                ((SinkOperator) PlanCodec.fromJson(stored.planJson()).node("sink_2").orElseThrow().operator()).table()
                        .connector());
        assertEquals("pipeline '" + p.id() + "' is a preview, which runs at parallelism 1: its parallelism cannot be changed",
                badRequest(() -> service(null).patch(p.id(), new PipelinePatch(null, 2L, null))));
        assertFalse(service(null).create(new PipelinePost("plain", SQL, 2)).preview());
    }

    @Test
    void aPreviewNeedsAQuery() {
        assertEquals("query must not be empty", badRequest(() -> service(null).preview(new PreviewPost(" "))));
        assertTrue(badRequest(() -> service(null).preview(null)).startsWith("request body is required"));
    }

    @Test
    void aPipelineStartsFromACompletedCheckpointWhoseStatefulOperatorsItHas() throws IOException {
        String url = checkpoint(true, null);
        assertTrue(url.endsWith("/job_old/checkpoints/0000000003"), url);

        Pipeline p = service(files()).create(new PipelinePost("next", SQL, 2L, null, null, null, url));

        assertEquals(Optional.of(new CheckpointRef(storageUrl(), "job_old", 3)),
                store.pipelines.get(p.id()).initialState());
        assertFalse(p.preview());
        // a trailing slash and an unpadded epoch name the same checkpoint
        Pipeline q = service(files()).create(new PipelinePost("again", SQL, 2L, null, null, null,
                storageUrl() + "/job_old/checkpoints/3/"));
        assertEquals(store.pipelines.get(p.id()).initialState(), store.pipelines.get(q.id()).initialState());
    }

    @Test
    void aStateUrlIsRefusedWhenItsCheckpointDoesNotFitOrCannotBeRead() throws IOException {
        DefaultPipelineService service = service(files());
        assertTrue(badRequest(() -> service.create(new PipelinePost("p", SQL, 1L, null, null, null, "s3://bucket")))
                .startsWith("state_url 's3://bucket' is not the URL of a checkpoint: expected <checkpoint storage URL>"
                        + "/<job_id>/checkpoints/<epoch>"));
        assertEquals("state_url 'file:///x/job_a/checkpoints/0' names epoch 0: checkpoint epochs start at 1",
                badRequest(() -> service.create(new PipelinePost("p", SQL, 1L, null, null, null,
                        "file:///x/job_a/checkpoints/0"))));

        String incomplete = checkpoint(false, null);
        assertEquals("state_url '" + incomplete + "': there is no completed checkpoint 3 of job 'job_old' in "
                + storageUrl() + " (it never completed, or retention removed it)",
                badRequest(() -> service.create(new PipelinePost("p", SQL, 1L, null, null, null, incomplete))));

        String other = checkpoint(true, "window_5");
        assertEquals("state_url '" + other + "': checkpoint 3 of job 'job_old' holds the state of operator window_5,"
                + " which the new pipeline's plan does not have (its operators: sink_2, source_1); start from a"
                + " checkpoint of the same query, or without state_url",
                badRequest(() -> service.create(new PipelinePost("p", SQL, 1L, null, null, null, other))));

        String elsewhere = "file:///nowhere/job_old/checkpoints/3";
        assertEquals("state_url '" + elsewhere + "': the checkpoint cannot be read from file:///nowhere: no storage at"
                + " file:///nowhere",
                badRequest(() -> service.create(new PipelinePost("p", SQL, 1L, null, null, null, elsewhere))));
        assertTrue(store.pipelines.isEmpty(), "nothing stored for a refused state_url");
    }

    @Test
    void withoutAStorageServiceAStateUrlCannotBeCheckedNow() {
        ApiException e = assertThrows(ApiException.class, () -> service(null).create(
                new PipelinePost("p", SQL, 1L, null, null, null, "file:///x/job_a/checkpoints/2")));
        assertEquals(ApiException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().startsWith("state_url cannot be checked now"), e.getMessage());
    }

    @Test
    void completedCheckpointsShowTheirStateUrl() {
        org.wadi.store.Checkpoint done = new org.wadi.store.Checkpoint("job_a", 1, 12,
                org.wadi.store.CheckpointState.COMPLETED, NOW, NOW, 10, null, false, "s3://bucket/wadi/", NOW);
        assertEquals("s3://bucket/wadi/job_a/checkpoints/0000000012", DefaultJobService.stateUrl(done));
        assertEquals(new CheckpointRef("s3://bucket/wadi", "job_a", 12), StateUrls.parse(DefaultJobService.stateUrl(done)));
        org.wadi.store.Checkpoint running = new org.wadi.store.Checkpoint("job_a", 1, 13,
                org.wadi.store.CheckpointState.IN_PROGRESS, NOW, null, 0, null, false, "s3://bucket/wadi", null);
        assertEquals(null, DefaultJobService.stateUrl(running));
    }
}
