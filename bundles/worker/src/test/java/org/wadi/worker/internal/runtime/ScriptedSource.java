package org.wadi.worker.internal.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.wadi.spi.connector.Collector;
import org.wadi.spi.connector.Connector;
import org.wadi.spi.connector.ConnectorMetadata;
import org.wadi.spi.connector.ConnectorTable;
import org.wadi.spi.connector.Source;
import org.wadi.spi.connector.SourceContext;
import org.wadi.spi.connector.SourceStatus;
import org.wadi.spi.connector.TableRequest;

/**
 * {@code scripted}: subtask i emits the rows given for it ({@link #rows}), {@code per_poll} a poll,
 * then, if {@link #hold} is not released yet, polls IDLE until it is, then finishes.
 */
public final class ScriptedSource implements Connector {

    public final Map<Integer, List<Object[]>> rows = new ConcurrentHashMap<>();
    public final CountDownLatch hold = new CountDownLatch(1);

    public ScriptedSource(boolean holdAtEnd) {
        if (!holdAtEnd) {
            hold.countDown();
        }
    }

    @Override
    public ConnectorMetadata metadata() {
        return new ConnectorMetadata("scripted", "Scripted", null, null, true, false, false, false, false, true, null,
                null);
    }

    @Override
    public ConnectorTable table(TableRequest request) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Source createSource(ConnectorTable table) {
        int perPoll = Integer.parseInt(table.options().getOrDefault("per_poll", "3"));
        return new Source() {
            List<Object[]> mine;
            int next;

            @Override
            public void open(SourceContext context) {
                mine = rows.getOrDefault(context.task().subtaskIndex(), List.of());
            }

            @Override
            public SourceStatus poll(Collector out) {
                if (next >= mine.size()) {
                    return hold.getCount() == 0 ? SourceStatus.FINISHED : SourceStatus.IDLE;
                }
                for (int k = 0; k < perPoll && next < mine.size(); k++) {
                    out.collect(mine.get(next++));
                }
                return SourceStatus.ACTIVE;
            }
        };
    }
}
