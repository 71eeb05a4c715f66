package org.wadi.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wadi.rpc.Rpc;
import org.wadi.rpc.WorkerMessage;
import org.wadi.worker.internal.runtime.RuntimeOptions;

/** The pooled worker process's side of the scheduler protocol, against a controller in the test. */
class WorkerHostTest {

    private final WorkerTest.FakeController controller = new WorkerTest.FakeController();
    private final ConnectorRegistry registry = new ConnectorRegistry();
    private final CountDownLatch exited = new CountDownLatch(1);
    /** Whether the controller had seen the worker's session end when the process began to exit. */
    private volatile Boolean sessionEndedBeforeExit;
    private Server server;
    private Writer commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private int port;
    private WorkerHost host;

    @BeforeEach
    void start() throws IOException {
        server = Rpc.startServer(new InetSocketAddress("127.0.0.1", 0), controller);
        PipedOutputStream toHost = new PipedOutputStream();
        PipedInputStream hostIn = new PipedInputStream(toHost, 65536);
        // the host replies from several threads: lines are collected as they come
        PrintStream hostOut = new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    replies.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
        commands = new OutputStreamWriter(toHost, StandardCharsets.UTF_8);
        port = server.getPort();
        host = new WorkerHost(null, config -> new Worker(config, registry,
                new FileRoots(System.getProperty("java.io.tmpdir")), RuntimeOptions.DEFAULTS),
                hostIn, hostOut, this::exit, "s3cret");
        host.start();
    }

    @AfterEach
    void stop() {
        host.close();
        server.shutdownNow();
    }

    /** The process's exit: it stops the framework, which a worker must not outlive as "finished". */
    private void exit() {
        try {
            controller.sessionEnds.get(controller.sessionEnds.size() - 1).get(10, TimeUnit.SECONDS);
            sessionEndedBeforeExit = true;
        } catch (Exception e) {
            sessionEndedBeforeExit = false;
        }
        exited.countDown();
    }

    private void send(String line) throws IOException {
        commands.write(line + "\n");
        commands.flush();
    }

    /** The next reply, without its prefix; other lines fail the test. */
    private String reply() throws InterruptedException {
        String line = replies.poll(30, TimeUnit.SECONDS);
        assertTrue(line != null && line.startsWith("@wadi s3cret "), "a reply: " + line);
        return line.substring("@wadi s3cret ".length());
    }

    private String assign(String workerId) {
        return "assign " + workerId + " job_1 3 127.0.0.1:" + port + " 2 -";
    }

    @Test
    void runsOneAssignedWorkerAfterAnotherAndExitsWhenItsInputEnds() throws Exception {
        assertEquals("ready", reply());

        send(assign("wkr_one"));
        assertEquals("running wkr_one", reply());
        WorkerMessage register = controller.next(WorkerMessage::hasRegister);
        assertEquals("wkr_one", register.getRegister().getWorkerId());
        assertEquals(3, register.getRegister().getRunId());
        assertEquals(2, register.getRegister().getSlots());

        send(assign("wkr_two"));
        assertEquals("refused wkr_two busy with wkr_one", reply());

        send("release wkr_other"); // not its worker: ignored
        send("release wkr_one");
        assertEquals("idle wkr_one", reply());

        send(assign("wkr_two"));
        assertEquals("running wkr_two", reply());
        assertEquals("wkr_two", controller.next(m -> m.hasRegister() && !m.getRegister().getWorkerId().equals("wkr_one"))
                .getRegister().getWorkerId());

        commands.close();
        assertTrue(exited.await(30, TimeUnit.SECONDS), "the process exits when the scheduler is gone");
        assertEquals(Boolean.TRUE, sessionEndedBeforeExit,
                "the running worker's session ended (cancelled) before the process began to exit");
    }

    @Test
    void aWorkerThatEndsByItselfLeavesTheProcessIdle() throws Exception {
        assertEquals("ready", reply());
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);

        send(assign("wkr_lost")); // its controller is gone: the session breaks and the worker ends
        assertEquals("running wkr_lost", reply());
        assertEquals("idle wkr_lost", reply());

        send("exit");
        assertTrue(exited.await(30, TimeUnit.SECONDS));
    }

    @Test
    void assignmentsAreParsedStrictly() {
        WorkerHost.Assignment a = WorkerHost.Assignment.parse("assign wkr_a job_1 7 10.0.0.1:5116 4 /tmp/p.plugins");
        assertEquals(new WorkerHost.Assignment("wkr_a", "job_1", 7, "10.0.0.1:5116", 4, Path.of("/tmp/p.plugins")), a);
        assertNull(WorkerHost.Assignment.parse("assign wkr_a job_1 7 h:1 4 -").plugins());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkerHost.Assignment.parse("assign wkr_a job_1 seven h:1 4 -"));
        assertEquals("bad run id or slots in 'assign wkr_a job_1 seven h:1 4 -'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WorkerHost.Assignment.parse("assign wkr_a"));
    }
}
