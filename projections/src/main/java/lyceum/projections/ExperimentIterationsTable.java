package lyceum.projections;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import lyceum.events.ExperimentEvent;
import lyceum.events.ExperimentEvent.Evaluated;
import lyceum.events.ExperimentEvent.ExperimentFailed;
import lyceum.events.ExperimentEvent.ExperimentFinished;
import lyceum.events.ExperimentEvent.ExperimentStarted;
import lyceum.events.ExperimentEvent.IterationCompleted;
import lyceum.events.ExperimentEvent.IterationStarted;
import lyceum.events.ExperimentEvent.ModelTrained;
import lyceum.events.ExperimentEvent.PhaseProgressed;
import lyceum.events.ExperimentEvent.ProblemsRegistered;
import lyceum.events.ExperimentEvent.SamplingFinished;
import lyceum.events.ExperimentEvent.TrainingSkipped;
import lyceum.events.ExperimentEvent.TrainingStarted;
import org.apache.pekko.Done;

/**
 * Read model of experiment status: one row per experiment (state, iteration, phase, progress, latest
 * accuracy) and one per iteration (models, counters, accuracy). Every event sets columns to values it
 * carries, so a repeated event writes the same values again.
 */
public final class ExperimentStatusTable {

  static final String STATUS = "experiment_status";
  static final String ITERATIONS = "experiment_iterations";

  private final CqlSession session;
  private final PreparedStatement started;
  private final PreparedStatement registered;
  private final PreparedStatement progress;
  private final PreparedStatement accuracy;
  private final PreparedStatement finished;
  private final PreparedStatement failed;
  private final PreparedStatement iterationStarted;
  private final PreparedStatement samplingFinished;
  private final PreparedStatement trainingStarted;
  private final PreparedStatement modelTrained;
  private final PreparedStatement trainingSkipped;
  private final PreparedStatement evaluated;
  private final PreparedStatement completed;
  private final PreparedStatement selectStatus;
  private final PreparedStatement selectIterations;

  private ExperimentStatusTable(CqlSession session, List<PreparedStatement> s) {
    this.session = session;
    this.started = s.get(0);
    this.registered = s.get(1);
    this.progress = s.get(2);
    this.accuracy = s.get(3);
    this.finished = s.get(4);
    this.failed = s.get(5);
    this.iterationStarted = s.get(6);
    this.samplingFinished = s.get(7);
    this.trainingStarted = s.get(8);
    this.modelTrained = s.get(9);
    this.trainingSkipped = s.get(10);
    this.evaluated = s.get(11);
    this.completed = s.get(12);
    this.selectStatus = s.get(13);
    this.selectIterations = s.get(14);
  }

  static List<String> ddl(String keyspace) {
    return List.of(
        """
        CREATE TABLE IF NOT EXISTS %s.%s (
          experiment_id text PRIMARY KEY,
          name text,
          config_hash text,
          code_version text,
          started_at timestamp,
          state text,
          iteration int,
          phase text,
          watermark int,
          counters map<text, bigint>,
          problems_per_split map<text, int>,
          latest_accuracy map<text, double>,
          latest_accuracy_iteration int,
          final_model_version text,
          failure text)"""
            .formatted(keyspace, STATUS),
        """
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
          PRIMARY KEY ((experiment_id), iteration))"""
            .formatted(keyspace, ITERATIONS));
  }

  static CompletionStage<ExperimentStatusTable> prepare(CqlSession session, String keyspace) {
    String status = "UPDATE " + keyspace + "." + STATUS + " SET ";
    String byExperiment = " WHERE experiment_id = ?";
    String iteration = "UPDATE " + keyspace + "." + ITERATIONS + " SET ";
    String byIteration = " WHERE experiment_id = ? AND iteration = ?";
    return Cql.prepare(
            session,
            status + "name = ?, config_hash = ?, code_version = ?, started_at = ?, state = ?"
                + byExperiment,
            status + "problems_per_split = ?" + byExperiment,
            status + "iteration = ?, phase = ?, watermark = ?, counters = ?" + byExperiment,
            status + "latest_accuracy = ?, latest_accuracy_iteration = ?, phase = ?" + byExperiment,
            status + "state = ?, final_model_version = ?" + byExperiment,
            status + "state = ?, failure = ?" + byExperiment,
            iteration + "started = ?, sampling_model_version = ?" + byIteration,
            iteration + "sampling_counters = ?" + byIteration,
            iteration + "dataset_hash = ?, example_count = ?, base_model_version = ?" + byIteration,
            iteration + "model_version = ?, checkpoint_path = ?, trainer_node = ?" + byIteration,
            iteration + "model_version = ?, training_skipped = ?" + byIteration,
            iteration + "model_version = ?, accuracy_by_split = ?, evaluation_counters = ?"
                + byIteration,
            iteration + "completed = ?" + byIteration,
            "SELECT * FROM " + keyspace + "." + STATUS + byExperiment,
            "SELECT * FROM " + keyspace + "." + ITERATIONS + byExperiment)
        .thenApply(statements -> new ExperimentStatusTable(session, statements));
  }

  /** Applies one experiment event to both tables. */
  public CompletionStage<Done> apply(ExperimentEvent event) {
    String id = event.experimentId();
    if (event instanceof ExperimentStarted e) {
      return write(
          Cql.bind(started, e.name(), e.configHash(), e.codeVersion(),
              Instant.ofEpochMilli(e.startedAtEpochMillis()), "RUNNING", id));
    } else if (event instanceof ProblemsRegistered e) {
      return write(Cql.bind(registered, e.problemsPerSplit(), id));
    } else if (event instanceof IterationStarted e) {
      return write(
          Cql.bind(progress, e.iteration(), "STARTED", 0, Map.<String, Long>of(), id),
          Cql.bind(iterationStarted, true, e.samplingModelVersion(), id, e.iteration()));
    } else if (event instanceof PhaseProgressed e) {
      return write(
          Cql.bind(progress, e.iteration(), e.phase().name(), e.watermark(), e.counters(), id));
    } else if (event instanceof SamplingFinished e) {
      int problems = e.counters().getOrDefault("problems", 0L).intValue();
      return write(
          Cql.bind(progress, e.iteration(), ExperimentEvent.Phase.SAMPLING.name(), problems,
              e.counters(), id),
          Cql.bind(samplingFinished, e.counters(), id, e.iteration()));
    } else if (event instanceof TrainingStarted e) {
      return write(
          Cql.bind(progress, e.iteration(), ExperimentEvent.Phase.TRAINING.name(), 0,
              Map.<String, Long>of(), id),
          Cql.bind(trainingStarted, e.datasetHash(), e.exampleCount(), e.baseModelVersion(), id,
              e.iteration()));
    } else if (event instanceof ModelTrained e) {
      return write(
          Cql.bind(modelTrained, e.modelVersion(), e.checkpointPath(), e.trainerNode(), id,
              e.iteration()));
    } else if (event instanceof TrainingSkipped e) {
      return write(Cql.bind(trainingSkipped, e.modelVersion(), e.reason(), id, e.iteration()));
    } else if (event instanceof Evaluated e) {
      return write(
          Cql.bind(accuracy, e.accuracyBySplit(), e.iteration(),
              ExperimentEvent.Phase.EVALUATING.name(), id),
          Cql.bind(evaluated, e.modelVersion(), e.accuracyBySplit(), e.counters(), id,
              e.iteration()));
    } else if (event instanceof IterationCompleted e) {
      return write(Cql.bind(completed, true, id, e.iteration()));
    } else if (event instanceof ExperimentFinished e) {
      return write(Cql.bind(finished, "FINISHED", e.finalModelVersion(), id));
    } else if (event instanceof ExperimentFailed e) {
      return write(Cql.bind(failed, "FAILED", e.reason(), id));
    } else if (event instanceof ExperimentEvent.ExperimentCancelled e) {
      return write(Cql.bind(failed, "CANCELLED", "cancelled by " + e.by() + ": " + e.reason(), id));
    }
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  private CompletionStage<Done> write(BoundStatement... statements) {
    CompletionStage<Done> all = CompletableFuture.completedFuture(Done.getInstance());
    for (BoundStatement statement : statements) {
      all = all.thenCompose(ignored -> Cql.write(session, statement));
    }
    return all;
  }

  /** Blocking read, for the CLI. */
  public Optional<ExperimentStatus> status(String experimentId) {
    Row row = session.execute(Cql.bind(selectStatus, experimentId)).one();
    if (row == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ExperimentStatus(
            experimentId,
            row.getString("name"),
            row.getString("config_hash"),
            row.getString("code_version"),
            row.getInstant("started_at"),
            row.getString("state"),
            nullableInt(row, "iteration"),
            row.getString("phase"),
            nullableInt(row, "watermark"),
            row.getMap("counters", String.class, Long.class),
            row.getMap("problems_per_split", String.class, Integer.class),
            row.getMap("latest_accuracy", String.class, Double.class),
            nullableInt(row, "latest_accuracy_iteration"),
            row.getString("final_model_version"),
            row.getString("failure")));
  }

  /** Blocking read, in iteration order. */
  public List<IterationStatus> iterations(String experimentId) {
    List<IterationStatus> iterations = new ArrayList<>();
    for (Row row : session.execute(Cql.bind(selectIterations, experimentId))) {
      iterations.add(
          new IterationStatus(
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
