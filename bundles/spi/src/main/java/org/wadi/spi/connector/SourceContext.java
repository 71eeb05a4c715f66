package org.wadi.spi.connector;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** What the runtime gives a source when it opens. */
@ProviderType
public interface SourceContext {

    TaskInfo task();

    /** The file roots to resolve every local path through. */
    FileAccess files();

    /**
     * The state this subtask wrote at the checkpoint the job restores from ({@link Source#snapshot}),
     * or {@code null} on a fresh start. After a change of parallelism, subtask {@code j} receives
     * the state of old subtask {@code j % old parallelism}: a source must record in its own state
     * what it needs to notice that (its lane, the old parallelism) and fail clearly if it cannot
     * go on from there.
     */
    byte[] restoredState();

    /**
     * The states every subtask of this source wrote at the checkpoint the job restores from, in
     * old subtask order (an old subtask that stored nothing is left out), whatever the parallelism
     * then and now; empty on a fresh start. A source that reads splits (Kafka partitions, shards,
     * the Nexmark generator's lanes) merges them and resumes the splits it owns now, so that it
     * can restore at another parallelism with nothing lost and nothing read twice.
     */
    default List<byte[]> restoredStates() {
        byte[] own = restoredState();
        return own == null ? List.of() : List.of(own);
    }

    /**
     * Reports a record the source dropped as bad input ({@code bad_data = 'drop'}): the runtime
     * counts it for the subtask ({@code wadi_source_bad_records_dropped_total}) and reports the
     * count, with the last reason, in the job's errors every few seconds. Cheap; call it once per
     * dropped record, from the source's thread. The default (a context without a runtime) ignores it.
     *
     * @param where the record's place, e.g. {@code "nats table 'orders', subject orders.eu"}
     * @param reason why it could not be read
     * @since 1.5
     */
    default void badData(String where, String reason) {
    }
}
