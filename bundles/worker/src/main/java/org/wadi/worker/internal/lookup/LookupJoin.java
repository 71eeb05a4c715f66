package org.wadi.worker.internal.lookup;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorException;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.FileAccess;
import org.wadi.spi.connector.LookupContext;
import org.wadi.spi.connector.LookupSource;
import org.wadi.spi.connector.TaskInfo;
import org.wadi.spi.plan.JoinType;
import org.wadi.spi.plan.LookupJoinOperator;
import org.wadi.spi.types.Schema;
import org.wadi.worker.internal.expr.PlanException;
import org.wadi.worker.internal.runtime.Lifecycle;
import org.wadi.worker.internal.runtime.RowOutput;
import org.wadi.worker.internal.runtime.Snapshottable;
import org.wadi.worker.internal.runtime.TaskFailure;
import org.wadi.worker.internal.state.StateReader;
import org.wadi.worker.internal.state.StateWriter;

/**
 * The runtime operator of a {@link LookupJoinOperator}: opened and closed with its task. Input rows
 * wait in a buffer of {@value #BATCH} until it is full or the task flushes; then the keys that the
 * cache cannot answer are looked up in one {@link LookupSource#lookup} call and the rows go on in
 * their input order, joined (INNER drops rows without a match, LEFT pads them with NULLs). Every
 * control element (watermark, barrier, flush, finish) first empties the buffer, so no row is
 * reordered after one that followed it; a checkpoint's {@link #snapshot} does the same, so that
 * every row before the barrier reaches the operators after it before they take their snapshots.
 * The cache ({@link LookupCache}) is bounded by the table's {@value #CACHE_MAX_BYTES} and its
 * entries expire after {@value #CACHE_TTL}; without either option nothing is cached beyond one
 * batch. It is not checkpointed: a restored job looks the keys up again.
 */
public final class LookupJoin implements RowOutput, Lifecycle, Snapshottable {

    /** The table option bounding the cache's estimated size, in bytes (a whole number). */
    public static final String CACHE_MAX_BYTES = "lookup.cache.max_bytes";
    /** The table option saying how long a cached row is used, as {@code <number><unit>} (ms, s, m, h, d). */
    public static final String CACHE_TTL = "lookup.cache.ttl";
    /** How many input rows one lookup call covers at most. */
    static final int BATCH = 512;
    /** The cache's bound when only {@value #CACHE_TTL} is given. */
    static final long DEFAULT_MAX_BYTES = 64L << 20;

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-z]*)");

    private final ConnectorTable table;
    private final LookupSource source;
    private final TaskInfo task;
    private final FileAccess files;
    private final RowOutput next;
    private final int[] keys;
    private final int[] lookupKeys;
    private final boolean inner;
    /** Input columns copied to the front of the output: all but {@code _op} and {@code _timestamp}. */
    private final int leading;
    private final int tableWidth;
    /** The input's {@code _op} column, or -1. */
    private final int opColumn;
    private final int timestampColumn;
    private final int outputWidth;
    /** {@code null} when nothing is cached beyond one batch. */
    private final LookupCache cache;

    private final Object[][] pending = new Object[BATCH][];
    /** Per pending row, its answer ({@link LookupCache#MISS} for none) or {@code null} while unknown. */
    private final Object[][] answers = new Object[BATCH][];
    /** Per pending row, its cache key, or {@code null} for a NULL key. */
    private final Object[] pendingKeys = new Object[BATCH];
    private int count;
    /** The keys of one lookup call: distinct, with their position in the call. */
    private final Map<Object, Integer> asked = new HashMap<>();
    private final Object[][] askKeys = new Object[BATCH][];
    private boolean opened;

    LookupJoin(String operatorId, LookupJoinOperator spec, LookupSource source, TaskInfo task, FileAccess files,
            RowOutput next, LongSupplier nanoClock) throws PlanException {
        this.table = spec.table();
        this.source = source;
        this.task = task;
        this.files = files;
        this.next = next;
        this.keys = spec.keys().stream().mapToInt(Integer::intValue).toArray();
        this.lookupKeys = spec.lookupKeys().stream().mapToInt(Integer::intValue).toArray();
        this.inner = spec.type() == JoinType.INNER;
        Schema input = spec.input().withTimestamp();
        this.timestampColumn = input.size() - 1;
        this.opColumn = input.isUpdating() ? input.size() - 2 : -1;
        this.leading = opColumn >= 0 ? opColumn : timestampColumn;
        this.tableWidth = table.schema().size();
        this.outputWidth = leading + tableWidth + (opColumn >= 0 ? 2 : 1);
        for (int k : keys) {
            if (k < 0 || k >= leading) {
                throw new PlanException("lookup join " + operatorId + ": input key column " + k + " is not one of the "
                        + leading + " input columns", "internal");
            }
        }
        for (int k : lookupKeys) {
            if (k < 0 || k >= tableWidth) {
                throw new PlanException("lookup join " + operatorId + ": key column " + k + " is not one of the "
                        + tableWidth + " columns of table '" + table.name() + "'", "internal");
            }
        }
        if (spec.output() != null && spec.output().size() != outputWidth) {
            throw new PlanException("lookup join " + operatorId + ": the output schema has " + spec.output().size()
                    + " columns, but the input and table '" + table.name() + "' give " + outputWidth, "internal");
        }
        this.cache = cacheOf(table, nanoClock);
    }

    /** The operator for {@code spec}, looking up through {@code connector}'s lookup source, emitting into {@code next}. */
    public static LookupJoin create(String operatorId, LookupJoinOperator spec, Connector connector, TaskInfo task,
            FileAccess files, RowOutput next) throws PlanException {
        LookupSource source;
        try {
            source = connector.createLookup(spec.table());
        } catch (ConnectorException | RuntimeException e) {
            throw new PlanException("lookup table '" + spec.table().name() + "' could not be created: "
                    + describe(e), "user", e);
        }
        return new LookupJoin(operatorId, spec, source, task, files, next, System::nanoTime);
    }

    private static LookupCache cacheOf(ConnectorTable table, LongSupplier nanoClock) throws PlanException {
        String max = table.option(CACHE_MAX_BYTES);
        String ttl = table.option(CACHE_TTL);
        if (max == null && ttl == null) {
            return null;
        }
        long maxBytes;
        try {
            maxBytes = max == null ? DEFAULT_MAX_BYTES : Long.parseLong(max.trim());
        } catch (NumberFormatException e) {
            maxBytes = -1;
        }
        if (maxBytes < 0) {
            throw new PlanException("Invalid value '" + max + "' for option '" + CACHE_MAX_BYTES + "' of lookup table '"
                    + table.name() + "': expected a whole number of bytes", "user");
        }
        return new LookupCache(maxBytes, ttl == null ? Long.MAX_VALUE : ttlNanos(table.name(), ttl), nanoClock);
    }

    /** A {@value #CACHE_TTL} value: a whole number with a unit (ms, s, m, h, d; none means seconds). */
    static long ttlNanos(String tableName, String text) throws PlanException {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        long unit = !m.matches() ? -1 : switch (m.group(2)) {
            case "ms", "millis", "millisecond", "milliseconds" -> 1_000_000L;
            case "", "s", "sec", "secs", "second", "seconds" -> 1_000_000_000L;
            case "m", "min", "mins", "minute", "minutes" -> 60_000_000_000L;
            case "h", "hour", "hours" -> 3_600_000_000_000L;
            case "d", "day", "days" -> 86_400_000_000_000L;
            default -> -1;
        };
        if (unit < 0) {
            throw new PlanException("Invalid value '" + text + "' for option '" + CACHE_TTL + "' of lookup table '"
                    + tableName + "': expected a duration such as 500ms, 30s, 5m or 1h", "user");
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public void open() throws Exception {
        LookupContext context = new LookupContext() {
            @Override
            public TaskInfo task() {
                return task;
            }

            @Override
            public FileAccess files() {
                return files;
            }
        };
        try {
            source.open(context);
        } catch (Exception e) {
            // the task closes only what opened
            try {
                source.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new TaskFailure("lookup table '" + table.name() + "' could not be opened: " + describe(e), "user", e);
        }
        opened = true;
    }

    @Override
    public void collect(Object[] row) {
        pending[count++] = row;
        if (count == BATCH) {
            drain();
        }
    }

    @Override
    public void watermark(long watermark) {
        drain();
        next.watermark(watermark);
    }

    @Override
    public void barrier(long epoch, boolean thenStop) {
        drain();
        next.barrier(epoch, thenStop);
    }

    @Override
    public void flush() {
        drain();
        next.flush();
    }

    @Override
    public void finish() {
        drain();
        next.finish();
    }

    /** Passes the buffered rows on before the operators after this one take their snapshots; keeps no state. */
    @Override
    public StateWriter snapshot(long epoch) {
        drain();
        return null;
    }

    @Override
    public void restore(StateReader state) {
        // nothing is checkpointed: the cache is rebuilt by lookups
    }

    /** Looks up what the buffered rows need and passes them on, in order. */
    private void drain() {
        int n = count;
        if (n == 0) {
            return;
        }
        count = 0;
        int ask = 0;
        for (int i = 0; i < n; i++) {
            Object key = keyOf(pending[i]);
            pendingKeys[i] = key;
            if (key == null) {
                answers[i] = LookupCache.MISS;
                continue;
            }
            Object[] cached = cache == null ? null : cache.get(key);
            answers[i] = cached;
            if (cached == null && !asked.containsKey(key)) {
                asked.put(key, ask);
                askKeys[ask++] = lookupValues(pending[i]);
            }
        }
        if (ask > 0) {
            Object[][] found = lookup(ask);
            for (int i = 0; i < n; i++) {
                if (answers[i] == null) {
                    Object[] row = found[asked.get(pendingKeys[i])];
                    answers[i] = row == null ? LookupCache.MISS : row;
                }
            }
            if (cache != null) {
                for (Map.Entry<Object, Integer> e : asked.entrySet()) {
                    Object[] row = found[e.getValue()];
                    cache.put(e.getKey(), row == null ? LookupCache.MISS : row);
                }
            }
            asked.clear();
            Arrays.fill(askKeys, 0, ask, null);
        }
        for (int i = 0; i < n; i++) {
            Object[] in = pending[i];
            Object[] match = answers[i];
            pending[i] = null;
            answers[i] = null;
            pendingKeys[i] = null;
            if (match == LookupCache.MISS && inner) {
                continue;
            }
            next.collect(join(in, match == LookupCache.MISS ? null : match));
        }
    }

    private Object[][] lookup(int ask) {
        Object[][] found;
        try {
            found = source.lookup(askKeys, ask);
        } catch (Exception e) {
            throw new TaskFailure("lookup in table '" + table.name() + "' failed: " + describe(e), "user", e);
        }
        if (found == null || found.length < ask) {
            throw new TaskFailure("lookup in table '" + table.name() + "' failed: connector '" + table.connector()
                    + "' answered " + (found == null ? "nothing" : found.length + " rows") + " for " + ask + " keys",
                    "internal", null);
        }
        for (int i = 0; i < ask; i++) {
            if (found[i] != null && found[i].length < tableWidth) {
                throw new TaskFailure("lookup in table '" + table.name() + "' failed: connector '" + table.connector()
                        + "' answered a row of " + found[i].length + " values for its " + tableWidth + " columns",
                        "internal", null);
            }
        }
        return found;
    }

    /** The cache key of a row: its one key value, or the list of them; {@code null} when one is NULL (never matches). */
    private Object keyOf(Object[] row) {
        if (keys.length == 1) {
            return row[keys[0]];
        }
        Object[] values = new Object[keys.length];
        for (int k = 0; k < keys.length; k++) {
            Object v = row[keys[k]];
            if (v == null) {
                return null;
            }
            values[k] = v;
        }
        return List.of(values);
    }

    /** The key values of a row in the table's key-column order, as {@link LookupSource#lookup} takes them. */
    private Object[] lookupValues(Object[] row) {
        Object[] values = new Object[keys.length];
        for (int k = 0; k < keys.length; k++) {
            values[k] = row[keys[k]];
        }
        return values;
    }

    /** The output row: the input's leading columns, the table's (NULLs without a match), {@code _op}, {@code _timestamp}. */
    private Object[] join(Object[] in, Object[] match) {
        Object[] out = new Object[outputWidth];
        System.arraycopy(in, 0, out, 0, leading);
        if (match != null) {
            System.arraycopy(match, 0, out, leading, tableWidth);
            for (int k = 0; k < lookupKeys.length; k++) {
                // the row's key equals the input's by definition, even where the external value lacks it
                if (out[leading + lookupKeys[k]] == null) {
                    out[leading + lookupKeys[k]] = in[keys[k]];
                }
            }
        }
        int at = leading + tableWidth;
        if (opColumn >= 0) {
            out[at++] = in[opColumn];
        }
        out[at] = in[timestampColumn];
        return out;
    }

    @Override
    public void close() throws Exception {
        if (opened) {
            opened = false;
            source.close();
        }
    }

    /** How an exception from connector code reads for users. */
    private static String describe(Throwable t) {
        if (t instanceof ConnectorException && t.getMessage() != null) {
            return t.getMessage();
        }
        return t.getMessage() == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

}
