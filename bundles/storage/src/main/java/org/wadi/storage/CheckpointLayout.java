package org.wadi.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Where checkpoints live in an {@link ObjectStore}, and their retention:
 *
 * <pre>
 * &lt;job_id&gt;/checkpoints/&lt;epoch&gt;/&lt;operator_id&gt;/&lt;subtask&gt;   the state of one subtask
 * &lt;job_id&gt;/checkpoints/&lt;epoch&gt;/_completed                  written last: the checkpoint is whole
 * </pre>
 *
 * The epoch is zero-padded to {@value #EPOCH_DIGITS} digits so that keys sort by epoch. Each
 * subtask writes its state object; when every subtask has reported, the coordinator writes the
 * completion marker ({@link #markCompleted}). Only epochs with a marker count as completed; retention
 * deletes a checkpoint's marker first, so that an interrupted deletion never leaves a partial
 * checkpoint that looks complete.
 */
public final class CheckpointLayout {

    /** Digits of the zero-padded epoch in keys. */
    public static final int EPOCH_DIGITS = 10;

    /** Name of the completion marker inside an epoch's folder. */
    public static final String COMPLETED = "_completed";

    private static final String CHECKPOINTS = "checkpoints";

    private CheckpointLayout() {
    }

    /** {@code <job_id>/}: everything of a job. */
    public static String jobPrefix(String jobId) {
        return ObjectKeys.requireSegment("job id", jobId) + "/";
    }

    /** {@code <job_id>/checkpoints/}: every checkpoint of a job. */
    public static String checkpointsPrefix(String jobId) {
        return jobPrefix(jobId) + CHECKPOINTS + "/";
    }

    /** {@code <job_id>/checkpoints/<epoch>/}: one checkpoint. */
    public static String epochPrefix(String jobId, long epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("invalid epoch " + epoch + " of job " + jobId + ": must not be negative");
        }
        return checkpointsPrefix(jobId) + String.format(Locale.ROOT, "%0" + EPOCH_DIGITS + "d", epoch) + "/";
    }

    /** {@code <job_id>/checkpoints/<epoch>/<operator_id>/}: one operator's state at a checkpoint. */
    public static String operatorPrefix(String jobId, long epoch, String operatorId) {
        ObjectKeys.requireSegment("operator id", operatorId);
        if (operatorId.startsWith("_")) {
            throw new IllegalArgumentException("invalid operator id '" + operatorId
                    + "': ids starting with '_' are reserved for checkpoint markers");
        }
        return epochPrefix(jobId, epoch) + operatorId + "/";
    }

    /** {@code <job_id>/checkpoints/<epoch>/<operator_id>/<subtask>}: one subtask's state object. */
    public static String subtaskKey(String jobId, long epoch, String operatorId, int subtask) {
        if (subtask < 0) {
            throw new IllegalArgumentException("invalid subtask " + subtask + " of operator " + operatorId
                    + ": must not be negative");
        }
        return operatorPrefix(jobId, epoch, operatorId) + subtask;
    }

    /**
     * The subtasks of {@code operatorId} that have a state object at checkpoint {@code epoch},
     * ascending: with one object per subtask, the operator's parallelism at that checkpoint.
     * Other keys under the operator (none are written) are ignored.
     */
    public static List<Integer> subtasks(ObjectStore store, String jobId, long epoch, String operatorId) throws IOException {
        String prefix = operatorPrefix(jobId, epoch, operatorId);
        List<Integer> out = new ArrayList<>();
        for (String key : store.list(prefix)) {
            String rest = key.substring(prefix.length());
            if (!rest.isEmpty() && rest.length() <= 10 && rest.chars().allMatch(c -> c >= '0' && c <= '9')) {
                long subtask = Long.parseLong(rest);
                if (subtask <= Integer.MAX_VALUE) {
                    out.add((int) subtask);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** {@code <job_id>/checkpoints/<epoch>/_completed}: the completion marker. */
    public static String completedKey(String jobId, long epoch) {
        return epochPrefix(jobId, epoch) + COMPLETED;
    }

    /**
     * Marks a checkpoint complete, once every subtask's state is stored.
     *
     * @param metadata kept in the marker (e.g. the checkpoint's description); may be empty
     */
    public static void markCompleted(ObjectStore store, String jobId, long epoch, byte[] metadata) throws IOException {
        store.put(completedKey(jobId, epoch), metadata);
    }

    /** The epochs of a job's completed checkpoints, ascending. */
    public static List<Long> completedEpochs(ObjectStore store, String jobId) throws IOException {
        return new ArrayList<>(scan(store, jobId, true));
    }

    /** The newest completed epoch of a job, if any. */
    public static OptionalLong latestCompleted(ObjectStore store, String jobId) throws IOException {
        TreeSet<Long> completed = scan(store, jobId, true);
        return completed.isEmpty() ? OptionalLong.empty() : OptionalLong.of(completed.last());
    }

    /**
     * Keeps the newest {@code keep} completed checkpoints of a job and deletes every older epoch,
     * completed or abandoned. Epochs newer than the oldest kept one stay, even incomplete ones:
     * they may be in progress.
     *
     * @param keep how many completed checkpoints to keep, at least 1
     * @return the deleted epochs, ascending
     */
    public static List<Long> retain(ObjectStore store, String jobId, int keep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("invalid checkpoint retention " + keep + " for job " + jobId
                    + ": keep at least 1 completed checkpoint");
        }
        TreeSet<Long> completed = scan(store, jobId, true);
        if (completed.isEmpty()) {
            return List.of();
        }
        long oldestKept = completed.descendingSet().stream().limit(keep).reduce((a, b) -> b).orElseThrow();
        List<Long> deleted = new ArrayList<>();
        for (long epoch : scan(store, jobId, false).headSet(oldestKept, false)) {
            if (completed.contains(epoch)) {
                store.delete(completedKey(jobId, epoch));
            }
            store.deletePrefix(epochPrefix(jobId, epoch));
            deleted.add(epoch);
        }
        return deleted;
    }

    /** Epochs found under the job's checkpoints: all of them, or only those with a marker. */
    private static TreeSet<Long> scan(ObjectStore store, String jobId, boolean completedOnly) throws IOException {
        String prefix = checkpointsPrefix(jobId);
        TreeSet<Long> epochs = new TreeSet<>();
        for (String key : store.list(prefix)) {
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                continue;
            }
            Long epoch = parseEpoch(rest.substring(0, slash));
            if (epoch != null && (!completedOnly || rest.substring(slash + 1).equals(COMPLETED))) {
                epochs.add(epoch);
            }
        }
        return epochs;
    }

    private static Long parseEpoch(String segment) {
        if (segment.length() < EPOCH_DIGITS || !segment.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        try {
            return Long.parseLong(segment);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
