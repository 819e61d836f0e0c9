package lyceum.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.auth.AuthenticationException;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password authentication on the embedded node. Lyceum logs in as its own superuser role, whose
 * credentials its data directory holds ({@link CassandraCredentials}). On a node without that role (a
 * first start, or a data directory of a Lyceum that ran Cassandra without authentication) Cassandra
 * creates its default superuser cassandra/cassandra; this logs in as that once, creates Lyceum's role
 * and then drops the default one, so no well-known login remains.
 *
 * <p>One instance per wait for a starting node: {@link #login()} is called until it returns a version.
 */
final class CassandraRoles {

    static final CassandraCredentials DEFAULT_SUPERUSER = new CassandraCredentials("cassandra", "cassandra");

    /** How long the default superuser may keep refusing before the node counts as locked to us. */
    private static final Duration DEFAULT_ROLE_WAIT = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(CassandraRoles.class);

    private final CassandraServerSettings settings;
    private final CassandraCredentials credentials;
    private final boolean generated;
    private long firstRefusal = -1;

    CassandraRoles(CassandraServerSettings settings) {
        this.settings = settings;
        Optional<CassandraCredentials> recorded = CassandraCredentials.read(settings.dataDir());
        this.generated = recorded.isEmpty();
        this.credentials = recorded.orElseGet(CassandraCredentials::generate);
        if (generated) {
            // Before the role exists: a crash in between leaves credentials the next start creates the role for.
            credentials.write(settings.dataDir());
            log.info(
                    "Generated Cassandra credentials for role {} in {}",
                    credentials.username(),
                    CassandraCredentials.path(settings.dataDir()));
        }
    }

    /**
     * Logs in with Lyceum's credentials, creating its role first where needed.
     *
     * @return the node's release_version once logged in; empty while the node is not ready for it
     * @throws CassandraStartException when neither Lyceum's role nor the default superuser accepts a login
     */
    Optional<String> login() {
        if (!generated) {
            Attempt own = attempt(credentials, CassandraRoles::version);
            if (!(own instanceof Attempt.Refused)) {
                return own.loggedIn();
            }
        }
        Attempt setup = attempt(DEFAULT_SUPERUSER, this::createLyceumRole);
        if (setup instanceof Attempt.Refused refused) {
            // Cassandra creates the default superuser moments after it answers CQL; wait for it a while.
            long now = System.nanoTime();
            firstRefusal = firstRefusal < 0 ? now : firstRefusal;
            if (now - firstRefusal > DEFAULT_ROLE_WAIT.toNanos()) {
                throw new CassandraStartException("the embedded Cassandra in "
                        + settings.dataDir()
                        + " refuses the credentials in "
                        + CassandraCredentials.path(settings.dataDir())
                        + " and has no default superuser to create them with ("
                        + refused.reason()
                        + "). Restore that file from a backup, or stop the node and delete "
                        + settings.dataDir()
                        + " to start with an empty database.");
            }
            return Optional.empty();
        }
        if (setup instanceof Attempt.NotYet) {
            return Optional.empty();
        }
        Attempt own = attempt(credentials, session -> {
            session.execute("DROP ROLE IF EXISTS " + DEFAULT_SUPERUSER.username());
            return version(session);
        });
        own.loggedIn()
                .ifPresent(v -> log.info(
                        "Cassandra role {} created (credentials in {}); default superuser {} dropped",
                        credentials.username(),
                        CassandraCredentials.path(settings.dataDir()),
                        DEFAULT_SUPERUSER.username()));
        return own.loggedIn();
    }

    private String createLyceumRole(CqlSession session) {
        Row authenticator = session.execute("SELECT value FROM system_views.settings WHERE name = 'authenticator'")
                .one();
        if (authenticator != null
                && !String.valueOf(authenticator.getString("value")).contains("PasswordAuthenticator")) {
            // A node launched by a Lyceum that ran Cassandra without authentication, and still running.
            throw new CassandraStartException("the running Cassandra of "
                    + settings.dataDir()
                    + " does not require a password (it was started by an older Lyceum); stop it with"
                    + " `lyceum cassandra stop`, and the next start enables authentication");
        }
        String password = "'" + credentials.password().replace("'", "''") + "'";
        session.execute("CREATE ROLE IF NOT EXISTS " + credentials.username() + " WITH PASSWORD = " + password
                + " AND SUPERUSER = true AND LOGIN = true");
        // The role may exist from an interrupted setup with credentials generated since.
        session.execute("ALTER ROLE " + credentials.username() + " WITH PASSWORD = " + password);
        return "";
    }

    private static String version(CqlSession session) {
        return session.execute("SELECT release_version FROM system.local").one().getString("release_version");
    }

    private Attempt attempt(CassandraCredentials login, Function<CqlSession, String> work) {
        CassandraClientSettings client = new CassandraClientSettings(
                true,
                List.of(settings.contactPoint()),
                CassandraServerSettings.DATACENTER,
                Optional.of(login.username()),
                Optional.of(login.password()),
                Optional.empty());
        try (CqlSession session = CqlSessions.openLight(client)) {
            return new Attempt.In(work.apply(session));
        } catch (CassandraUnreachableException e) {
            return authenticationFailure(e.getCause())
                    .<Attempt>map(Attempt.Refused::new)
                    .orElseGet(() -> new Attempt.NotYet());
        } catch (DriverException e) {
            return new Attempt.NotYet();
        }
    }

    /** The server's refusal of a login, if that is why no node could be reached. */
    static Optional<String> authenticationFailure(Throwable failure) {
        if (failure instanceof AllNodesFailedException all) {
            return all.getAllErrors().values().stream()
                    .flatMap(List::stream)
                    .filter(AuthenticationException.class::isInstance)
                    .map(Throwable::getMessage)
                    .findFirst();
        }
        return Optional.empty();
    }

    private sealed interface Attempt {
        default Optional<String> loggedIn() {
            return this instanceof In in ? Optional.of(in.release()) : Optional.empty();
        }

        record In(String release) implements Attempt {}

        record Refused(String reason) implements Attempt {}

        record NotYet() implements Attempt {}
    }
}
