package org.wadi.worker.internal;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.rpc.ControllerGrpc;
import org.wadi.rpc.ControllerMessage;
import org.wadi.rpc.Heartbeat;
import org.wadi.rpc.Rpc;
import org.wadi.rpc.WorkerMessage;
import org.wadi.spi.plan.CalcOperator;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanCodec;
import org.wadi.spi.plan.Expr;
import org.wadi.spi.types.DataType;
import org.wadi.spi.types.Field;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.ExprCompiler;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.net.DataServer;

/**
 * What an idle pooled worker process does before it says it is ready: the first use of the
 * expression compiler (Janino loads and links hundreds of classes), the data server (Netty), the
 * plan codec (Jackson) and the controller session (gRPC) is slow, and it would otherwise fall on
 * a job's start or recovery.
 */
final class WarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

    private WarmUp() {
    }

    static void run() {
        try {
            Expr x = new Expr.InputRef(0, DataType.INT64);
            Expr s = new Expr.InputRef(1, DataType.UTF8);
            Expr plus = new Expr.Call("+", List.of(x, new Expr.Literal("1", DataType.INT64)), DataType.INT64);
            Expr filter = new Expr.Call(">", List.of(x, new Expr.Literal("0", DataType.INT64)), DataType.BOOLEAN);
            Expr upper = new Expr.Call("upper", List.of(s), DataType.UTF8);
            CalcOperator calc = new CalcOperator(Schema.of(), filter, List.of(plus, upper),
                    new Schema(List.of(Field.of("a", DataType.INT64), Field.of("b", DataType.UTF8))));
            List<Object[]> out = new ArrayList<>();
            new ExprCompiler().compile("warm_up", calc).newInstance().process(new Object[] {41L, "x"}, out::add);
        } catch (PlanException | RuntimeException | LinkageError e) {
            LOG.debug("Worker warm-up: compiling failed", e);
        }
        try {
            DataServer.open("127.0.0.1", 1_000).close();
        } catch (Exception | LinkageError e) {
            LOG.debug("Worker warm-up: the data server failed", e);
        }
        try {
            // the plan's JSON: Jackson's databinding of the plan records
            PlanCodec.fromJson(PlanCodec.toJson(new DataflowPlan(List.of(), List.of())));
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Worker warm-up: the plan codec failed", e);
        }
        grpc();
    }

    /** A session with a controller that is not there: gRPC's client and transport load, and fail at once. */
    private static void grpc() {
        ManagedChannel channel = null;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = free.getLocalPort();
            free.close();
            channel = Rpc.channel("127.0.0.1:" + port);
            CountDownLatch ended = new CountDownLatch(1);
            StreamObserver<WorkerMessage> session = ControllerGrpc.newStub(channel).workerSession(
                    new StreamObserver<ControllerMessage>() {
                        @Override
                        public void onNext(ControllerMessage value) {
                        }

                        @Override
                        public void onError(Throwable t) {
                            ended.countDown();
                        }

                        @Override
                        public void onCompleted() {
                            ended.countDown();
                        }
                    });
            session.onNext(WorkerMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setTimeMicros(1)).build());
            ended.await(5, TimeUnit.SECONDS);
        } catch (Exception | LinkageError e) {
            LOG.debug("Worker warm-up: gRPC failed", e);
        } finally {
            if (channel != null) {
                channel.shutdownNow();
            }
        }
    }
}
