package lyceum.projections.iterations;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.Evaluated;
import lyceum.events.ExperimentEvent.IterationCompleted;
import lyceum.events.ExperimentEvent.IterationStarted;
import lyceum.events.ExperimentEvent.ModelTrained;
import lyceum.events.ExperimentEvent.SamplingFinished;
import lyceum.events.ExperimentEvent.TrainingSkipped;
import lyceum.events.ExperimentEvent.TrainingStarted;
import lyceum.events.IterationCounts;
import lyceum.projections.shared.Cql;
import lyceum.projections.shared.PreparedTable;
import lyceum.projections.shared.TaggedProjections;
import org.apache.pekko.Done;

/**
 * Read model of an experiment's iterations: one row per iteration (models, counters, accuracy), the
 * iterations the metrics read side computes. An experiment's status is not kept here: `lyceum status`
 * and `run` read it from the coordinator's own events ({@code ExperimentActor.Status}). Every event sets
 * columns to values it carries, so a repeated event writes the same values again.
 */
public final class ExperimentIterationsTable extends PreparedTable {

    public static final String ITERATIONS = "experiment_iterations";

    private static final int ITERATION_STARTED = 0;
    private static final int SAMPLING_FINISHED = 1;
    private static final int TRAINING_STARTED = 2;
    private static final int MODEL_TRAINED = 3;
    private static final int TRAINING_SKIPPED = 4;
    private static final int EVALUATED = 5;
    private static final int COMPLETED = 6;
    private static final int SELECT_ITERATIONS = 7;

    private ExperimentIterationsTable(CqlSession session, List<PreparedStatement> statements) {
        super(session, statements);
    }

    public static List<String> ddl(String keyspace) {
        return List.of("""
        CREATE TABLE IF NOT EXISTS %s.%s (
          experiment_id text,
          iteration int,
          started boolean,
          sampling_model_version text,
          sampling_counters map<text, bigint>,
          dataset_hash text,
          example_count int,
          base_model_version text,
          model_version text,
          checkpoint_path text,
          trainer_node text,
          training_skipped text,
          accuracy_by_split map<text, double>,
          evaluation_counters map<text, bigint>,
          completed boolean,
          PRIMARY KEY ((experiment_id), iteration))""".formatted(keyspace, ITERATIONS));
    }

    public static CompletionStage<ExperimentIterationsTable> prepare(CqlSession session, String keyspace) {
        String byExperiment = " WHERE experiment_id = ?";
        String iteration = "UPDATE " + keyspace + "." + ITERATIONS + " SET ";
        String byIteration = " WHERE experiment_id = ? AND iteration = ?";
        return Cql.prepare(
                        session,
                        iteration + "started = ?, sampling_model_version = ?" + byIteration,
                        iteration + "sampling_counters = ?" + byIteration,
                        iteration + "dataset_hash = ?, example_count = ?, base_model_version = ?" + byIteration,
                        iteration + "model_version = ?, checkpoint_path = ?, trainer_node = ?" + byIteration,
                        iteration + "model_version = ?, training_skipped = ?" + byIteration,
                        iteration + "model_version = ?, accuracy_by_split = ?, evaluation_counters = ?" + byIteration,
                        iteration + "completed = ?" + byIteration,
                        "SELECT * FROM " + keyspace + "." + ITERATIONS + byExperiment)
                .thenApply(statements -> new ExperimentIterationsTable(session, statements));
    }

    /** Applies one experiment event to its iteration's row. */
    public CompletionStage<Done> apply(ExperimentEvent event) {
        String id = event.experimentId();
        if (event instanceof IterationStarted e) {
            return write(ITERATION_STARTED, true, e.samplingModelVersion(), id, e.iteration());
        } else if (event instanceof SamplingFinished e) {
            return write(SAMPLING_FINISHED, columns(e.counters()), id, e.iteration());
        } else if (event instanceof TrainingStarted e) {
            return write(TRAINING_STARTED, e.datasetHash(), e.exampleCount(), e.baseModelVersion(), id, e.iteration());
        } else if (event instanceof ModelTrained e) {
            return write(MODEL_TRAINED, e.modelVersion(), e.checkpointPath(), e.trainerNode(), id, e.iteration());
        } else if (event instanceof TrainingSkipped e) {
            return write(TRAINING_SKIPPED, e.modelVersion(), e.reason(), id, e.iteration());
        } else if (event instanceof Evaluated e) {
            return write(EVALUATED, e.modelVersion(), e.accuracyBySplit(), columns(e.counters()), id, e.iteration());
        } else if (event instanceof IterationCompleted e) {
            return write(COMPLETED, true, id, e.iteration());
        }
        return TaggedProjections.skip();
    }

    /** The counts as the counter columns hold them: "samples", "held-out.greedy" and so on, none zero. */
    private static Map<String, Long> columns(IterationCounts counts) {
        Map<String, Long> columns = new TreeMap<>();
        putPositive(columns, "problems", counts.problems());
        putPositive(columns, "failed", counts.failed());
        putPositive(columns, "samples", counts.samples());
        counts.splits().forEach((split, c) -> {
            putPositive(columns, split + ".problems", c.problems());
            putPositive(columns, split + ".greedy", c.greedy());
            putPositive(columns, split + ".greedy-correct", c.greedyCorrect());
            putPositive(columns, split + ".samples", c.samples());
            putPositive(columns, split + ".refined", c.refined());
        });
        return columns;
    }

    private static void putPositive(Map<String, Long> columns, String key, long count) {
        if (count > 0) {
            columns.put(key, count);
        }
    }

    /** Blocking read, in iteration order. */
    public List<IterationStatus> iterations(String experimentId) {
        List<IterationStatus> iterations = new ArrayList<>();
        for (Row row : readNow(SELECT_ITERATIONS, experimentId)) {
            iterations.add(new IterationStatus(
                    row.getInt("iteration"),
                    row.getString("sampling_model_version"),
                    row.getMap("sampling_counters", String.class, Long.class),
                    row.getString("dataset_hash"),
                    nullableInt(row, "example_count"),
                    row.getString("model_version"),
                    row.getString("checkpoint_path"),
                    row.getString("training_skipped"),
                    row.getMap("accuracy_by_split", String.class, Double.class),
                    row.getBoolean("completed")));
        }
        return iterations;
    }

    private static Integer nullableInt(Row row, String column) {
        return row.isNull(column) ? null : row.getInt(column);
    }
}
