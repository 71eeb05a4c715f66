package org.wadi.worker.internal.net;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution's part of the data exchange on one worker: the channels it sends to peers (one
 * connection per peer) and those it receives from them. While the execution is built, every
 * channel is declared — {@link #sender} and {@link #receiver}, with ids both sides compute alike
 * from the plan — then {@link #open} starts connecting and takes the peers' connections, and
 * {@link #close} ends them all when the execution ends.
 *
 * <p>Received elements go to their {@link Inbound} on the event loop that read them, without
 * waiting (rows still encoded: the consuming task decodes them), and their credit goes back when
 * the consumer takes them ({@link InChannel#taken}): one hand-off from the network to the task, and
 * at most a channel's credits of elements held per channel.
 */
public final class ExchangeSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSession.class);

    private final DataServer server;
    private final String key;
    private final String workerId;
    private final Map<String, String> peerAddresses;
    private final Map<String, OutConnection> out = new HashMap<>();
    private final Map<String, Map<Integer, InChannel>> in = new HashMap<>();
    private final Map<String, InConnection> inConnections = new ConcurrentHashMap<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicInteger maxBuffered = new AtomicInteger();
    private final AtomicInteger blocked = new AtomicInteger();
    // guarded by this
    private boolean opened;
    private boolean closed;

    ExchangeSession(DataServer server, String key, String workerId, Map<String, String> peerAddresses) {
        this.server = server;
        this.key = key;
        this.workerId = workerId;
        this.peerAddresses = Map.copyOf(peerAddresses);
    }

    String key() {
        return key;
    }

    public String workerId() {
        return workerId;
    }

    DataServer server() {
        return server;
    }

    /**
     * Declares channel {@code id} from this worker to {@code peer} (before {@link #open}).
     *
     * @throws IllegalArgumentException if the peer has no data address or the channel is declared twice
     */
    public synchronized OutChannel sender(String peer, int id, RowCodec codec) {
        checkBuilding();
        OutConnection c = out.get(peer);
        if (c == null) {
            String address = peerAddresses.get(peer);
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("worker " + peer + " has no data address (its registration sent none)");
            }
            c = new OutConnection(this, peer, address);
            out.put(peer, c);
        }
        return c.channel(id, codec);
    }

    /**
     * Declares channel {@code id} from {@code peer} to this worker (before {@link #open}): its
     * elements go to {@code inbound}, at most {@code credits} of them on their way or not yet taken
     * at once. The consumer reports each element it takes to the channel returned.
     */
    public synchronized InChannel receiver(String peer, int id, RowCodec codec, int credits, Inbound inbound) {
        checkBuilding();
        if (credits < 1) {
            throw new IllegalArgumentException("a channel needs at least one credit");
        }
        Map<Integer, InChannel> channels = in.computeIfAbsent(peer, p -> new HashMap<>());
        InChannel channel = new InChannel(this, peer, id, codec, credits, inbound);
        if (channels.putIfAbsent(id, channel) != null) {
            throw new IllegalArgumentException("channel " + id + " from worker " + peer + " is declared twice");
        }
        return channel;
    }

    private void checkBuilding() {
        if (opened || closed) {
            throw new IllegalStateException("the data exchange session of worker " + workerId + " is already "
                    + (closed ? "closed" : "open"));
        }
    }

    /** Every channel is declared: connects to the peers and takes their connections. */
    public void open() {
        List<OutConnection> connections;
        synchronized (this) {
            checkBuilding();
            opened = true;
            connections = new ArrayList<>(out.values());
        }
        if (!in.isEmpty()) {
            server.register(this);
        }
        for (OutConnection c : connections) {
            c.open();
        }
    }

    /** A peer's connection said HELLO for this session (any thread). */
    void accept(InConnection connection, String from) {
        Map<Integer, InChannel> channels;
        synchronized (this) {
            channels = in.get(from);
            if (closed) {
                connection.reject("the execution of worker " + workerId + " in " + key + " has ended");
                return;
            }
        }
        if (channels == null) {
            connection.reject("worker " + workerId + " expects no data from worker " + from + " in " + key);
            return;
        }
        if (inConnections.putIfAbsent(from, connection) != null) {
            connection.reject("worker " + workerId + " already has a data connection from worker " + from);
            return;
        }
        for (InChannel c : channels.values()) {
            c.connect(connection);
        }
        connection.attach(this, channels);
    }

    /**
     * A peer's connection broke while some of its channels had not ended: the peer's sending tasks
     * fail on it, and the consumers of those channels here have been failed with the reason.
     */
    void inboundBroken(String message) {
        LOG.warn("Worker {}: {}", workerId, message);
    }

    void buffered(int delta) {
        int now = buffered.addAndGet(delta);
        if (delta > 0) {
            maxBuffered.accumulateAndGet(now, Math::max);
        }
    }

    void blocked(int delta) {
        blocked.addAndGet(delta);
    }

    /** Elements received and not yet taken by their consumers (diagnostics and tests). */
    public int bufferedElements() {
        return buffered.get();
    }

    /** The most elements ever received and not yet taken at once. */
    public int maxBufferedElements() {
        return maxBuffered.get();
    }

    /** Senders waiting for credit right now. */
    public int blockedSenders() {
        return blocked.get();
    }

    /**
     * Ends every connection of this session — after what was sent on them — and takes nothing more
     * in (what was received and not taken is the consumers' to drop); senders still waiting fail.
     * Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        server.unregister(this);
        for (OutConnection c : out.values()) {
            c.close();
        }
        for (InConnection c : inConnections.values()) {
            c.close();
        }
        for (Map<Integer, InChannel> channels : in.values()) {
            for (InChannel c : channels.values()) {
                c.close();
            }
        }
    }

    @Override
    public String toString() {
        return "data exchange of worker " + workerId + " in " + key;
    }
}
