package lyceum.projections;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import lyceum.events.LyceumSerializable;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/** Journals given events under one persistence id with one tag, as the real entities would. */
public final class TaggedWriter extends EventSourcedBehavior<TaggedWriter.Persist, LyceumSerializable, Integer> {

    /** Journals {@code events} in one write and replies when they are stored. */
    public record Persist(List<LyceumSerializable> events, ActorRef<Done> replyTo) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String tag;

    private TaggedWriter(String persistenceId, String tag) {
        super(PersistenceId.ofUniqueId(persistenceId));
        this.tag = tag;
    }

    public static Behavior<Persist> create(String persistenceId, String tag) {
        return new TaggedWriter(persistenceId, tag);
    }

    /** Journals {@code events} through {@code writer} in one write and waits until they are stored. */
    public static void persist(ActorRef<Persist> writer, List<LyceumSerializable> events, ActorSystem<?> system)
            throws Exception {
        AskPattern.<Persist, Done>ask(writer, replyTo -> new Persist(events, replyTo), TIMEOUT, system.scheduler())
                .toCompletableFuture()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
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
