package lyceum.it;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import lyceum.events.ExperimentEvent;
import lyceum.events.ProblemEvent;
import lyceum.replay.JournalReader;
import org.apache.pekko.stream.javadsl.Sink;

/** Everything the journal holds about one experiment: its own events and those of each of its problems. */
record ExperimentJournal(
    String experimentId, List<ExperimentEvent> experiment, Map<String, List<ProblemEvent>> problems) {

  static ExperimentJournal read(JournalReader reader, String experimentId) {
    List<ExperimentEvent> experiment = reader.experimentEvents(experimentId);
    List<String> persistenceIds =
        reader.await(reader.problemPersistenceIds(experimentId).runWith(Sink.seq(), reader.system()));
    String prefix = "Problem|" + experimentId + "|";
    Map<String, List<ProblemEvent>> problems = new TreeMap<>();
    for (String persistenceId : persistenceIds) {
      problems.put(
          persistenceId.substring(prefix.length()),
          reader.await(reader.problemEvents(persistenceId).runWith(Sink.seq(), reader.system())));
    }
    return new ExperimentJournal(experimentId, experiment, problems);
  }

  <T extends ExperimentEvent> List<T> experimentEvents(Class<T> type) {
    return experiment.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends ProblemEvent> Stream<T> problemEvents(Class<T> type) {
    return problems.values().stream().flatMap(List::stream).filter(type::isInstance).map(type::cast);
  }

  <T extends ProblemEvent> List<T> problemEvents(String problemId, Class<T> type) {
    return problems.getOrDefault(problemId, List.of()).stream().filter(type::isInstance).map(type::cast).toList();
  }
}
