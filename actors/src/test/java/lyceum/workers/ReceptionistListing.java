package lyceum.workers;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/** Waiting for a worker to be found the way the pools and the coordinator find workers: through the receptionist. */
public final class ReceptionistListing {

    private ReceptionistListing() {}

    /** Returns once the receptionist lists {@code worker} under {@code key}. */
    public static <T> void awaitListed(ActorTestKit testKit, ServiceKey<T> key, ActorRef<T> worker) {
        TestProbe<Receptionist.Listing> listing = testKit.createTestProbe();
        listing.awaitAssert(() -> {
            testKit.system().receptionist().tell(Receptionist.find(key, listing.ref()));
            assertThat(listing.receiveMessage().getServiceInstances(key)).contains(worker);
            return null;
        });
    }
}
