package lyceum.projections;

import java.util.List;
import java.util.Set;
import lyceum.events.LyceumSerializable;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/** Journals given events under one persistence id with one tag, as the real entities would. */
public final class TaggedWriter extends EventSourcedBehavior<TaggedWriter.Persist, LyceumSerializable, Integer> {

    /** Journals {@code events} in one write and replies when they are stored. */
    public record Persist(List<LyceumSerializable> events, ActorRef<Done> replyTo) {}

    private final String tag;

    private TaggedWriter(String persistenceId, String tag) {
        super(PersistenceId.ofUniqueId(persistenceId));
        this.tag = tag;
    }

    public static Behavior<Persist> create(String persistenceId, String tag) {
        return new TaggedWriter(persistenceId, tag);
    }

    @Override
    public Integer emptyState() {
        return 0;
    }

    @Override
    public CommandHandler<Persist, LyceumSerializable, Integer> commandHandler() {
        return newCommandHandlerBuilder()
                .forAnyState()
                .onCommand(
                        Persist.class,
                        p -> Effect().persist(p.events()).thenReply(p.replyTo(), s -> Done.getInstance()))
                .build();
    }

    @Override
    public EventHandler<Integer, LyceumSerializable> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((count, e) -> count + 1);
    }

    @Override
    public Set<String> tagsFor(LyceumSerializable event) {
        return Set.of(tag);
    }
}
