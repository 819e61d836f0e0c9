package lyceum.benchmarks;

import java.util.List;
import lyceum.events.LyceumSerializable;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * Journals a given stream of events under one persistence id through Pekko Persistence (so serialised
 * exactly as the real entities' events are), for the replay benchmark's own journal. Idempotent: events
 * already journaled under the id (a run cut short) are not written again. Untagged: replay reads by
 * persistence id only.
 */
final class JournalWriter extends EventSourcedBehavior<JournalWriter.Write, LyceumSerializable, Integer> {

    /** Journal {@code events} in chunks of {@code chunk} events (one atomic write each), reply, stop. */
    record Write(List<? extends LyceumSerializable> events, int chunk, ActorRef<Done> replyTo) {}

    private final ActorRef<Write> self;

    private JournalWriter(String persistenceId, ActorRef<Write> self) {
        super(PersistenceId.ofUniqueId(persistenceId));
        this.self = self;
    }

    static Behavior<Write> create(String persistenceId) {
        return Behaviors.setup(context -> new JournalWriter(persistenceId, context.getSelf()));
    }

    @Override
    public Integer emptyState() {
        return 0;
    }

    @Override
    public CommandHandler<Write, LyceumSerializable, Integer> commandHandler() {
        return newCommandHandlerBuilder()
                .forAnyState()
                .onCommand(Write.class, this::write)
                .build();
    }

    private Effect<LyceumSerializable, Integer> write(Integer journaled, Write w) {
        if (journaled >= w.events().size()) {
            return Effect().stop().thenReply(w.replyTo(), s -> Done.getInstance());
        }
        List<LyceumSerializable> chunk =
                List.copyOf(w.events().subList(journaled, Math.min(w.events().size(), journaled + w.chunk())));
        // The rest follows as the same command, handled once this chunk is journaled.
        return Effect().persist(chunk).thenRun(s -> self.tell(w));
    }

    @Override
    public EventHandler<Integer, LyceumSerializable> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((count, e) -> count + 1);
    }
}
