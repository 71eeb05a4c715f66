package org.wadi.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wadi.rpc.RegisterWorker;
import org.wadi.rpc.Rpc;
import org.wadi.rpc.WorkerMessage;
import org.wadi.spi.scheduler.SchedulerException;
import org.wadi.spi.scheduler.WorkerHandle;
import org.wadi.spi.scheduler.WorkerRequest;
import org.wadi.worker.internal.runtime.RuntimeOptions;

class EmbeddedSchedulerTest {

    final WorkerTest.FakeController controller = new WorkerTest.FakeController();
    final EmbeddedScheduler scheduler = new EmbeddedScheduler(new ConnectorRegistry(),
            new FileRoots(System.getProperty("java.io.tmpdir")), RuntimeOptions.DEFAULTS);
    Server server;

    @AfterEach
    void tearDown() {
        scheduler.deactivate();
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Test
    void startsWorkersThatRegisterAndStopsThem() throws Exception {
        server = Rpc.startServer(new InetSocketAddress("127.0.0.1", 0), controller);
        scheduler.startWorkers(new WorkerRequest("job_e", 7, "127.0.0.1:" + server.getPort(), 1, 16, List.of(), Map.of()));
        RegisterWorker r = controller.next(WorkerMessage::hasRegister).getRegister();
        assertEquals("job_e", r.getJobId());
        assertEquals(7, r.getRunId());
        assertEquals(16, r.getSlots());
        assertTrue(r.getWorkerId().startsWith("wkr_"), r.getWorkerId());
        List<WorkerHandle> handles = scheduler.workers("job_e");
        assertEquals(1, handles.size());
        assertEquals(r.getWorkerId(), handles.get(0).workerId());
        assertTrue(handles.get(0).alive());
        assertEquals(List.of(), scheduler.workers("job_other"));

        scheduler.stopWorkers("job_e", 7, false);
        controller.workerCompleted.get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!scheduler.workers("job_e").isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the stopped worker is forgotten");
            Thread.sleep(5);
        }
    }

    @Test
    void rejectsARequestForNoWorkers() {
        SchedulerException e = assertThrows(SchedulerException.class, () -> scheduler.startWorkers(
                new WorkerRequest("job_e", 1, "127.0.0.1:1", 0, 16, List.of(), Map.of())));
        assertTrue(e.getMessage().contains("at least one worker"), e.getMessage());
    }
}
