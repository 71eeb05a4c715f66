package org.wadi.api.internal;

import static org.wadi.api.service.ApiException.badRequest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wadi.api.service.ApiException;
import org.wadi.spi.plan.DataflowPlan;
import org.wadi.spi.plan.PlanNode;
import org.wadi.storage.CheckpointLayout;
import org.wadi.storage.NoSuchObjectException;
import org.wadi.storage.ObjectStore;
import org.wadi.storage.StorageProvider;
import org.wadi.store.CheckpointRef;

/**
 * The {@code state_url} of a pipeline request: the URL of a completed checkpoint, {@code <checkpoint
 * storage URL>/<job_id>/checkpoints/<epoch>} (a trailing {@code /} and an unpadded epoch are
 * accepted). It is checked against the storage itself, which the workers will read: the checkpoint
 * must be complete (its completion marker is there), readable, and every operator that stored
 * state in it must be an operator of the new plan (operators of the plan without state in it start
 * empty). The checkpoint stays usable after its pipeline was deleted: deleting a pipeline leaves
 * its checkpoints' objects in the storage.
 */
final class StateUrls {

    private static final Pattern FORM = Pattern.compile("(?<root>.+?)/+(?<job>[^/]+)/checkpoints/(?<epoch>\\d{1,18})/?");
    static final String EXPECTED = "<checkpoint storage URL>/<job_id>/checkpoints/<epoch>, e.g. "
            + "file:///var/wadi/checkpoints/job_abc/checkpoints/0000000003 (GET /api/v1/pipelines/{id}/jobs/{job_id}"
            + "/checkpoints shows the state_url of each completed checkpoint)";

    private StateUrls() {
    }

    /** The state URL of checkpoint {@code epoch} of {@code jobId} in the storage at {@code storageUrl}. */
    static String of(String storageUrl, String jobId, long epoch) {
        String root = storageUrl.endsWith("/") ? storageUrl.substring(0, storageUrl.length() - 1) : storageUrl;
        String prefix = CheckpointLayout.epochPrefix(jobId, epoch);
        return root + "/" + prefix.substring(0, prefix.length() - 1);
    }

    /**
     * Parses a state URL.
     *
     * @throws ApiException 400 naming the URL and the expected form
     */
    static CheckpointRef parse(String stateUrl) {
        String url = stateUrl.trim();
        Matcher m = FORM.matcher(url);
        if (!m.matches()) {
            throw badRequest("state_url '" + stateUrl + "' is not the URL of a checkpoint: expected " + EXPECTED);
        }
        long epoch = Long.parseLong(m.group("epoch"));
        if (epoch < 1) {
            throw badRequest("state_url '" + stateUrl + "' names epoch 0: checkpoint epochs start at 1");
        }
        return new CheckpointRef(m.group("root"), m.group("job"), epoch);
    }

    /**
     * Checks that the checkpoint can be restored by a job running {@code plan}.
     *
     * @param storage the storage service, or {@code null} when none is registered
     * @throws ApiException 400 when it cannot, saying why; 503 without a storage service
     */
    static void check(StorageProvider storage, String stateUrl, CheckpointRef ref, DataflowPlan plan) {
        if (storage == null) {
            throw new ApiException(ApiException.Kind.UNAVAILABLE, "state_url cannot be checked now: the checkpoint "
                    + "storage service is not available (is the wadi-storage bundle started?)");
        }
        String where = "state_url '" + stateUrl + "'";
        try (ObjectStore store = storage.open(ref.storageUrl())) {
            if (!store.exists(CheckpointLayout.completedKey(ref.jobId(), ref.epoch()))) {
                throw badRequest(where + ": there is no completed checkpoint " + ref.epoch() + " of job '" + ref.jobId()
                        + "' in " + ref.storageUrl() + " (it never completed, or retention removed it)");
            }
            Set<String> withState = operatorsWithState(store, ref);
            Set<String> planned = new TreeSet<>();
            for (PlanNode n : plan.nodes()) {
                planned.add(n.id());
            }
            List<String> missing = new ArrayList<>();
            for (String operator : withState) {
                if (!planned.contains(operator)) {
                    missing.add(operator);
                }
            }
            if (!missing.isEmpty()) {
                throw badRequest(where + ": checkpoint " + ref.epoch() + " of job '" + ref.jobId() + "' holds the state of "
                        + (missing.size() == 1 ? "operator " : "operators ") + String.join(", ", missing)
                        + ", which the new pipeline's plan does not have (its operators: " + String.join(", ", planned)
                        + "); start from a checkpoint of the same query, or without state_url");
            }
        } catch (IllegalArgumentException e) {
            throw badRequest(where + ": " + e.getMessage());
        } catch (IOException e) {
            throw badRequest(where + ": the checkpoint cannot be read from " + ref.storageUrl() + ": " + e.getMessage());
        }
    }

    /** The operators that stored a non-empty state object for the checkpoint. */
    private static Set<String> operatorsWithState(ObjectStore store, CheckpointRef ref) throws IOException {
        String prefix = CheckpointLayout.epochPrefix(ref.jobId(), ref.epoch());
        Set<String> operators = new TreeSet<>();
        for (String key : store.list(prefix)) {
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || rest.startsWith("_")) {
                continue; // the completion marker
            }
            String operator = rest.substring(0, slash);
            if (!operators.contains(operator) && nonEmpty(store, key)) {
                operators.add(operator);
            }
        }
        return operators;
    }

    private static boolean nonEmpty(ObjectStore store, String key) throws IOException {
        try (InputStream in = store.getStream(key)) {
            return in.read() >= 0;
        } catch (NoSuchObjectException e) {
            return false; // deleted meanwhile: retention, checked again by the workers
        }
    }
}
