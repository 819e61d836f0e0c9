package lyceum.problem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lyceum.events.ProblemEvent.Accepted;
import lyceum.events.ProblemEvent.Hinted;
import lyceum.events.ProblemEvent.ReferenceScored;
import lyceum.events.ProblemEvent.RequestKind;
import lyceum.events.ProblemEvent.SampleFailed;
import lyceum.events.ProblemEvent.Sampled;
import lyceum.events.SampleId;

/** What the journal says about one iteration's sampling of one problem; changed only by its events. */
final class IterationJournal {
    int round;
    /** Samples keyed by (round, index), in order. */
    final TreeMap<Long, Sampled> samples = new TreeMap<>();
    /** Hints by round, in slot order: sample i of a round is conditioned on hint i modulo their number. */
    final Map<Integer, List<Hinted>> hints = new HashMap<>();

    final List<Accepted> accepted = new ArrayList<>();
    boolean decided;
    /** Sample requests journaled as failed, by (round, index); feedback requests by (round, slot). */
    final Map<Long, SampleFailed> failed = new HashMap<>();

    final Map<Long, SampleFailed> feedbackFailed = new HashMap<>();
    /** The reference rationale's score under this iteration's sampling model, or null before it is journaled. */
    ReferenceScored reference;
    /** The server's message of the permanent failure that ended this iteration's sampling, or null. */
    String permanentFailure;

    static long key(int round, int index) {
        return ((long) round << 32) | index;
    }

    void sampled(Sampled e) {
        samples.put(key(e.round(), e.index()), e);
    }

    void hinted(Hinted e) {
        hints.computeIfAbsent(e.round(), r -> new ArrayList<>()).add(e);
    }

    void accepted(Accepted e) {
        accepted.add(e);
        decided = true;
    }

    void failed(SampleFailed e) {
        (e.kind() == RequestKind.FEEDBACK ? feedbackFailed : failed).put(key(e.round(), e.index()), e);
        if (e.permanent() && permanentFailure == null) {
            permanentFailure = e.cause();
        }
    }

    /** Decided, or ended by a permanent failure: nothing more is asked or journaled for it. */
    boolean ended() {
        return decided || permanentFailure != null;
    }

    /** Whether the request for sample (round, index) is answered in the journal, by a sample or a failure. */
    boolean holds(int round, int index) {
        return samples.containsKey(key(round, index)) || failed.containsKey(key(round, index));
    }

    List<Sampled> sampleList() {
        return List.copyOf(samples.values());
    }

    int correct() {
        return (int) samples.values().stream().filter(Sampled::correct).count();
    }

    int correctInRound(int r) {
        return (int) samples.values().stream()
                .filter(s -> s.round() == r && s.correct())
                .count();
    }

    int failedCount() {
        return failed.size() + feedbackFailed.size();
    }

    int feedbackFailedIn(int round) {
        return (int)
                feedbackFailed.values().stream().filter(f -> f.round() == round).count();
    }

    List<Hinted> hints(int round) {
        return hints.getOrDefault(round, List.of());
    }

    /** The hint sample (round, index) is conditioned on, or null. */
    Hinted hintFor(int round, int index) {
        List<Hinted> inRound = hints(round);
        return inRound.isEmpty() ? null : inRound.get(index % inRound.size());
    }

    Sampled sample(String sampleId) {
        SampleId id = SampleId.parse(sampleId);
        return samples.get(key(id.round(), id.index()));
    }
}
