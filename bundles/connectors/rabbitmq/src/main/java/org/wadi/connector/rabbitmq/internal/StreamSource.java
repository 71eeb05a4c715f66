package org.wadi.connector.rabbitmq.internal;

import com.rabbitmq.stream.Consumer;
import com.rabbitmq.stream.ConsumerFlowStrategy;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.MessageHandler;
import com.rabbitmq.stream.NoOffsetException;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.Resource;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wadi.formats.PayloadDecoder;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TaskInfo;

/**
 * Reads a RabbitMQ stream exactly once across checkpoints, as Arroyo's {@code rabbitmq} source
 * does, through the Streams protocol. Each subtask subscribes to the whole stream (no server-side
 * offset tracking: positions live in the checkpoint) from {@code source.offset} on a fresh start
 * or after its checkpointed offset on a restore, and emits the messages of its lane
 * ({@link StreamPosition}), so that the job can restore at another parallelism with nothing lost
 * and nothing repeated. Messages arrive on the client's threads into a queue bounded by the
 * consumer's credits: a credit is given back once half of a chunk's messages are polled. The
 * event time of a row is the time the broker stored its chunk.
 */
final class StreamSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(StreamSource.class);
    /** The most messages one poll handles, and how long it waits for the first. */
    static final int MAX_PER_POLL = 4096;
    static final long FIRST_WAIT_MILLIS = 50;
    /** How long a fresh start at last or next waits for the last chunk of a non-empty stream. */
    static final long PROBE_MILLIS = 2_000;
    /** The pause after which the last chunk is taken as fully received. */
    static final long PROBE_QUIET_MILLIS = 200;

    private record Delivery(MessageHandler.Context context, Message message) {
    }

    private final String table;
    private final RabbitmqConfig config;
    private final PayloadDecoder decoder;
    private final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private volatile String failure;
    private volatile boolean closing;
    private Environment environment;
    private Consumer consumer;
    private StreamPosition base;
    /** The last sequence (offset + 1) dealt with. */
    private long position;

    StreamSource(String table, RabbitmqConfig config, PayloadDecoder decoder) {
        this.table = table;
        this.config = config;
        this.decoder = decoder;
    }

    @Override
    public void open(SourceContext context) throws ConnectorException {
        TaskInfo task = context.task();
        base = StreamPosition.restore(table, config.stream(), task.parallelism(), task.subtaskIndex(),
                context.restoredStates());
        boolean restored = !context.restoredStates().isEmpty();
        String name = "wadi_" + task.jobId() + "_" + task.operatorId() + "_" + task.subtaskIndex();
        environment = RabbitmqClients.environment(config, table, name);
        OffsetSpecification start;
        try {
            if (!environment.streamExists(config.stream())) {
                throw new ConnectorException("rabbitmq table '" + table + "': stream '" + config.stream()
                        + "' does not exist at " + config.address() + " (create it first, e.g. rabbitmq-streams"
                        + " add_stream " + config.stream() + ")");
            }
            start = restored ? OffsetSpecification.offset(base.startOffset()) : freshStart();
            consumer = environment.consumerBuilder().stream(config.stream()).offset(start).noTrackingStrategy()
                    .listeners(this::stateChanged)
                    .flow().strategy(ConsumerFlowStrategy.creditWhenHalfMessagesProcessed(1)).builder()
                    .messageHandler((ctx, message) -> deliveries.add(new Delivery(ctx, message)))
                    .build();
        } catch (ConnectorException e) {
            close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new ConnectorException("rabbitmq table '" + table + "': interrupted while opening", e);
        } catch (RuntimeException e) {
            close();
            throw new ConnectorException("rabbitmq table '" + table + "': cannot read stream '" + config.stream()
                    + "' at " + config.address() + ": " + RabbitmqClients.message(e), e);
        }
        position = base.position();
        LOG.info("rabbitmq table '{}': subtask {} of {} reads stream '{}' from {}", table, task.subtaskIndex(),
                task.parallelism(), config.stream(), start);
    }

    /**
     * Where a fresh start begins. For {@code last} the position moves to the start of the stream's
     * last chunk, for {@code next} past its last message, so that a subtask that sees no message
     * before its first checkpoint restores from there and not from the start of the stream.
     */
    private OffsetSpecification freshStart() throws InterruptedException {
        if (config.offset().equals("first")) {
            return OffsetSpecification.first();
        }
        boolean last = config.offset().equals("last");
        long[] chunk = lastChunk();
        if (chunk != null) {
            base = base.skippingBefore(last ? chunk[0] + 1 : chunk[1] + 2);
        }
        return last ? OffsetSpecification.last() : OffsetSpecification.next();
    }

    /**
     * The first and last offsets of the stream's last chunk, or {@code null} when the stream is
     * empty: a short-lived consumer at {@code last} receives that chunk at once (the statistics of
     * RabbitMQ 3.11 give the chunk's start only, and older brokers have none).
     */
    private long[] lastChunk() throws InterruptedException {
        try {
            environment.queryStreamStats(config.stream());
        } catch (NoOffsetException empty) {
            return null;
        } catch (RuntimeException e) {
            if (!olderThan311(e)) {
                throw e;
            }
        }
        LinkedBlockingQueue<Long> offsets = new LinkedBlockingQueue<>();
        Consumer probe = environment.consumerBuilder().stream(config.stream()).offset(OffsetSpecification.last())
                .noTrackingStrategy().messageHandler((ctx, message) -> offsets.offer(ctx.offset())).build();
        try {
            Long first = offsets.poll(PROBE_MILLIS, TimeUnit.MILLISECONDS);
            if (first == null) {
                return null;
            }
            long max = first;
            for (Long o = offsets.poll(PROBE_QUIET_MILLIS, TimeUnit.MILLISECONDS); o != null;
                    o = offsets.poll(PROBE_QUIET_MILLIS, TimeUnit.MILLISECONDS)) {
                max = Math.max(max, o);
            }
            return new long[] {first, max};
        } finally {
            probe.close();
        }
    }

    static boolean olderThan311(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedOperationException) {
                return true;
            }
        }
        return false;
    }

    private void stateChanged(Resource.Context context) {
        if (context.currentState() == Resource.State.CLOSED && !closing) {
            failure = "the broker closed the consumer of stream '" + config.stream() + "' (was the stream deleted?)";
        }
    }

    @Override
    public SourceStatus poll(Collector out) throws ConnectorException {
        int handled = 0;
        try {
            while (handled < MAX_PER_POLL) {
                Delivery d = handled == 0 ? deliveries.poll(FIRST_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                        : deliveries.poll();
                if (d == null) {
                    break;
                }
                handled++;
                long sequence = d.context().offset() + 1;
                if (sequence > position) {
                    position = sequence;
                    if (base.owns(sequence)) {
                        decoder.decode(body(d.message()), d.context().timestamp() * 1_000_000L, key -> null,
                                "stream '" + config.stream() + "' offset " + (sequence - 1), out);
                    }
                }
                d.context().processed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException("rabbitmq table '" + table + "': interrupted while reading", e);
        }
        if (handled == 0 && failure != null) {
            throw new ConnectorException("rabbitmq table '" + table + "': " + failure);
        }
        return handled == 0 ? SourceStatus.IDLE : SourceStatus.ACTIVE;
    }

    /** The payload: an AMQP data section (as AMQP 0-9-1 and Streams producers write), or a string value. */
    static byte[] body(Message message) {
        try {
            byte[] bytes = message.getBodyAsBinary();
            return bytes == null ? new byte[0] : bytes;
        } catch (RuntimeException notBinary) {
            Object body = message.getBody();
            return body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public byte[] snapshot(long epoch) {
        return base.at(position).encode();
    }

    @Override
    public void close() {
        closing = true;
        RabbitmqClients.close(consumer);
        RabbitmqClients.close(environment);
        if (decoder.dropped() > 0) {
            LOG.warn("rabbitmq table '{}': dropped {} messages that could not be decoded", table, decoder.dropped());
        }
    }
}
