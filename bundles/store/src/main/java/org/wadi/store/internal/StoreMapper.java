package org.wadi.store.internal;

import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.wadi.spi.job.JobState;
import org.wadi.spi.job.StopMode;
import org.wadi.store.Checkpoint;
import org.wadi.store.CheckpointOperator;
import org.wadi.store.CheckpointState;
import org.wadi.store.Job;
import org.wadi.store.JobControl;
import org.wadi.store.JobLogMessage;
import org.wadi.store.JobTransition;
import org.wadi.store.Pipeline;

/** The store's SQL, in {@code StoreMapper.xml} next to this interface. */
interface StoreMapper {

    int insertPipeline(Pipeline pipeline);

    int insertJob(Job job);

    int insertHistory(@Param("jobId") String jobId, @Param("from") JobState from, @Param("to") JobState to,
            @Param("reason") String reason);

    boolean pipelineExists(String id);

    List<Pipeline> listPipelines(@Param("after") String startingAfter, @Param("limit") int limit);

    Pipeline getPipeline(String id);

    int setStop(@Param("id") String id, @Param("stop") StopMode stop);

    int setRunningDesiredOfCurrentJob(@Param("pipelineId") String pipelineId, @Param("desired") boolean desired);

    int deletePipeline(String id);

    int requestRestart(@Param("id") String id, @Param("force") boolean force, @Param("ignoreState") boolean ignoreState);

    int rescale(@Param("id") String id, @Param("parallelism") int parallelism, @Param("planJson") String planJson);

    JobControl jobControl(String jobId);

    int restartTaken(@Param("jobId") String jobId, @Param("nonce") long nonce);

    List<Job> jobsForPipeline(String pipelineId);

    /** The newest job of each pipeline of {@code pipelineIds} (not empty) that has one. */
    List<Job> latestJobs(@Param("pipelineIds") List<String> pipelineIds);

    Job getJob(String id);

    List<Job> allJobs();

    /** Rows of {@code state} and {@code count}. */
    List<StateCount> jobCountsByState();

    List<Job> activeJobs();

    int transition(@Param("job") Job job, @Param("from") JobState from);

    List<JobTransition> history(String jobId);

    int insertCheckpoint(@Param("jobId") String jobId, @Param("runId") long runId, @Param("epoch") long epoch,
            @Param("startedAt") Instant startedAt, @Param("stopping") boolean stopping,
            @Param("storageUrl") String storageUrl);

    int finishCheckpoint(@Param("jobId") String jobId, @Param("epoch") long epoch,
            @Param("state") CheckpointState state, @Param("finishedAt") Instant finishedAt, @Param("bytes") long bytes,
            @Param("failure") String failure);

    int failInProgressCheckpoints(@Param("jobId") String jobId, @Param("finishedAt") Instant finishedAt,
            @Param("reason") String reason);

    int insertCheckpointOperators(@Param("operators") List<CheckpointOperator> operators);

    List<Checkpoint> checkpoints(String jobId);

    Checkpoint latestCompletedCheckpoint(String jobId);

    Checkpoint checkpoint(@Param("jobId") String jobId, @Param("epoch") long epoch);

    long lastCheckpointEpoch(String jobId);

    List<CheckpointOperator> checkpointOperators(@Param("jobId") String jobId, @Param("epoch") long epoch);

    int deleteCheckpointsBefore(@Param("jobId") String jobId, @Param("epoch") long epoch);

    int insertJobLogMessages(@Param("messages") List<JobLogMessage> messages);

    /** Deletes the job's messages beyond the newest {@code keep}. */
    int trimJobLogMessages(@Param("jobId") String jobId, @Param("keep") int keep);

    /** The job's messages older than sequence number {@code before} (null: from the newest), newest first. */
    List<JobLogMessage> jobLogMessages(@Param("jobId") String jobId, @Param("before") Long before,
            @Param("limit") int limit);

    /** {@code pg_notify} on the change channel; delivered to listeners when the transaction commits. */
    void notifyChange(@Param("channel") String channel, @Param("payload") String payload);
}
