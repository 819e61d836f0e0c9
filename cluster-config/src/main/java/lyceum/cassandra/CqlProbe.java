package lyceum.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.Row;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.function.Supplier;

/** Cheap checks of what listens on a port, from a bare TCP connect up to a CQL query. */
final class CqlProbe {

    private static final int CONNECT_TIMEOUT_MS = 500;

    private CqlProbe() {}

    /** True when nothing else has the address: we could bind it ourselves. */
    static boolean bindable(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // Cassandra binds with SO_REUSEADDR too, so connections lingering in TIME_WAIT do not block it.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Why a TCP connection to the address fails within {@code timeoutMillis} ("Connection refused",
     * "connect timed out", "unknown host"), or empty when it succeeds.
     */
    static Optional<String> connectFailure(String host, int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            return Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.of("unknown host");
        } catch (IOException e) {
            return Optional.of(
                    e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
    }

    static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Sends a CQL OPTIONS request (protocol v4 header, no body) and expects a SUPPORTED response. Needs no
     * data centre name or credentials, so it also recognises a Cassandra that is not ours.
     */
    static boolean speaksCql(String host, int port) {
        return cqlAnswer(host, port, CONNECT_TIMEOUT_MS, 1000) == CqlAnswer.CQL;
    }

    /** What answered a CQL OPTIONS request. */
    enum CqlAnswer {
        /** a CQL SUPPORTED response */
        CQL,
        /** something else, or the connection closed before an answer: whatever listens is not Cassandra */
        NOT_CQL,
        /** no connection, or no answer in time: a busy Cassandra looks like this too */
        NONE
    }

    static CqlAnswer cqlAnswer(String host, int port, int connectTimeoutMillis, int readTimeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            socket.setSoTimeout(readTimeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0x04, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00});
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[9];
            in.readFully(header);
            boolean response = (header[0] & 0x80) != 0;
            boolean supported = header[4] == 0x06;
            return response && supported ? CqlAnswer.CQL : CqlAnswer.NOT_CQL;
        } catch (EOFException e) {
            return CqlAnswer.NOT_CQL;
        } catch (IOException e) {
            return CqlAnswer.NONE;
        }
    }

    /** The status of whatever the client settings point at (the first contact point is reported). */
    static CassandraStatus status(CassandraClientSettings configured) {
        CassandraClientSettings settings = configured.resolved();
        InetSocketAddress first = settings.addresses().get(0);
        if (settings.embedded() && !accepts(first.getHostString(), first.getPort())) {
            return CassandraStatus.down(first.getHostString(), first.getPort());
        }
        return query(first.getHostString(), first.getPort(), () -> CqlSessions.openLight(settings));
    }

    private static CassandraStatus query(String host, int port, Supplier<CqlSession> sessions) {
        try (CqlSession session = sessions.get()) {
            Row row =
                    session.execute("SELECT release_version FROM system.local").one();
            return row == null
                    ? CassandraStatus.down(host, port)
                    : new CassandraStatus(true, host, port, row.getString("release_version"));
        } catch (DriverException | IllegalStateException | CassandraUnreachableException e) {
            return CassandraStatus.down(host, port);
        }
    }
}
