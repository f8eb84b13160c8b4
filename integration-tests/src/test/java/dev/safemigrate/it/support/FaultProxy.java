package dev.safemigrate.it.support;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a real PostgreSQL or MySQL/MariaDB server that counts the statements the clients send
 * ("steps": PostgreSQL {@code Q} simple queries and {@code E} executes, MySQL {@code COM_QUERY} and
 * {@code COM_STMT_EXECUTE}), over all its connections in order, and injects one fault at a chosen step:
 *
 * <ul>
 *   <li>{@link Fault#CUT_BEFORE}: both sockets closed, step k never reaches the server;</li>
 *   <li>{@link Fault#CUT_AFTER}: step k forwarded, then both sockets closed before any reply reaches the client
 *       (the server may have run and committed it: the client cannot know);</li>
 *   <li>{@link Fault#TERMINATE}: step k forwarded, then the backend terminated from a direct connection
 *       ({@code pg_terminate_backend}, {@code KILL}); replies are held back until the kill was sent, so the
 *       connection dies at step k whether or not the step finished first.</li>
 * </ul>
 *
 * It learns each connection's backend id from the server's greeting (PostgreSQL {@code BackendKeyData},
 * MySQL's initial handshake). The clients must not use TLS (PostgreSQL {@code sslmode=disable&gssEncMode=disable},
 * Connector/J {@code useSSL=false}): the proxy reads the protocol in the clear.
 */
public final class FaultProxy implements AutoCloseable {

    public enum Protocol { POSTGRESQL, MYSQL }

    public enum Fault { CUT_BEFORE, CUT_AFTER, TERMINATE }

    /** Ends a backend by its id, from a connection that does not go through the proxy. */
    @FunctionalInterface
    public interface Killer {
        void kill(long backendId) throws Exception;
    }

    private static final int PG_SSL_REQUEST = 80877103;
    private static final int PG_GSSENC_REQUEST = 80877104;

    private final Protocol protocol;
    private final String host;
    private final int port;
    private final Killer killer;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();

    // guarded by this
    private int steps;
    private int generation;
    private Fault fault;
    private int faultStep;
    private boolean fired;
    private final List<String> stepLog = new ArrayList<>();
    private Throwable killFailure;

    public FaultProxy(Protocol protocol, String host, int port, Killer killer) throws IOException {
        this.protocol = protocol;
        this.host = host;
        this.port = port;
        this.killer = killer;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile(
            "^(jdbc:(?:safemigrate:)?([a-z]+)://)([^/?:]+)(?::(\\d+))?(.*)$");

    /** A proxy in front of the server a JDBC URL names ({@code jdbc:[safemigrate:]postgresql|mysql|mariadb://host[:port]…}). */
    public static FaultProxy inFrontOf(String jdbcUrl, Killer killer) throws IOException {
        java.util.regex.Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:<scheme>://host URL");
        }
        boolean pg = m.group(2).equals("postgresql");
        int port = m.group(4) != null ? Integer.parseInt(m.group(4)) : pg ? 5432 : 3306;
        return new FaultProxy(pg ? Protocol.POSTGRESQL : Protocol.MYSQL, m.group(3), port, killer);
    }

    /**
     * {@code jdbcUrl} pointed at this proxy; PostgreSQL: TLS and GSS encryption off (the proxy reads the protocol;
     * the MySQL URLs of the tests already say {@code useSSL=false}, and MariaDB Connector/J 3 does not use TLS
     * unless asked).
     */
    public String throughProxy(String jdbcUrl) {
        java.util.regex.Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a jdbc:<scheme>://host URL");
        }
        String url = m.group(1) + "127.0.0.1:" + port() + m.group(5);
        if (protocol == Protocol.POSTGRESQL) {
            url += (url.indexOf('?') < 0 ? "?" : "&") + "sslmode=disable&gssEncMode=disable";
        }
        return url;
    }

    /** The local port clients connect to (on 127.0.0.1). */
    public int port() {
        return listener.getLocalPort();
    }

    /** Counts from zero again with no fault armed (a clean run). */
    public synchronized void reset() {
        steps = 0;
        fault = null;
        faultStep = 0;
        fired = false;
        killFailure = null;
        stepLog.clear();
        generation++;
        pairs.removeIf(p -> p.closed);
    }

    /** Counts from zero again; the fault is injected at global step {@code step} (1-based). */
    public synchronized void arm(Fault fault, int step) {
        reset();
        this.fault = fault;
        this.faultStep = step;
    }

    /** The steps counted since the last {@link #reset()} or {@link #arm}. */
    public synchronized int steps() {
        return steps;
    }

    /** Whether the armed fault was injected. */
    public synchronized boolean fired() {
        return fired;
    }

    /** What each counted step was (its SQL text, literals masked), in order. */
    public synchronized List<String> stepLog() {
        return List.copyOf(stepLog);
    }

    /** A failure of the killer, if a TERMINATE could not be sent. */
    public synchronized Throwable killFailure() {
        return killFailure;
    }

    /** Backend ids of every connection seen since the last reset (learned from the server's greeting). */
    public synchronized List<Long> backendIds() {
        List<Long> ids = new ArrayList<>();
        for (Pair p : pairs) {
            if (p.backendId >= 0 && p.generation == generation) {
                ids.add(p.backendId);
            }
        }
        return ids;
    }

    /** How many client connections are still open through the proxy. */
    public int openConnections() {
        int open = 0;
        for (Pair p : pairs) {
            open += p.closed ? 0 : 1;
        }
        return open;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(host, port);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Pair pair;
                synchronized (this) {
                    pair = new Pair(client, server, generation);
                }
                pairs.add(pair);
                pair.start();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    e.printStackTrace();
                }
            }
        }
    }

    /** What the client→server pump does with step k. */
    private enum Action { FORWARD, CUT_BEFORE, CUT_AFTER, TERMINATE }

    private synchronized Action countStep(String text) {
        steps++;
        stepLog.add(text);
        if (fault != null && !fired && steps == faultStep) {
            fired = true;
            return Action.valueOf(fault.name());
        }
        return Action.FORWARD;
    }

    private synchronized void killFailed(Throwable t) {
        killFailure = t;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Pair p : pairs) {
            p.close();
        }
    }

    /** One client connection and its server connection, pumped by two threads. */
    private final class Pair {
        final Socket client;
        final Socket server;
        /** Held by the client pump while it injects a fault; the server pump writes to the client under it. */
        final Object replyGate = new Object();
        volatile boolean muted;
        volatile boolean closed;
        volatile long backendId = -1;
        final int generation;
        /** PostgreSQL: prepared statement name → text, portal name → text, to describe an Execute. */
        final Map<String, String> statements = new HashMap<>();
        final Map<String, String> portals = new HashMap<>();

        Pair(Socket client, Socket server, int generation) {
            this.generation = generation;
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread up = new Thread(this::clientToServer, "fault-proxy-up");
            Thread down = new Thread(this::serverToClient, "fault-proxy-down");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        void close() {
            closed = true;
            closeQuietly(client);
            closeQuietly(server);
        }

        private void clientToServer() {
            try (DataInputStream in = new DataInputStream(client.getInputStream());
                 OutputStream out = new BufferedOutputStream(server.getOutputStream(), 65536)) {
                if (protocol == Protocol.POSTGRESQL) {
                    pgClient(in, out);
                } else {
                    mysqlClient(in, out);
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                close();
            }
        }

        private void pgClient(DataInputStream in, OutputStream out) throws IOException {
            // Untyped messages first: SSL/GSS requests (refused by the server with one byte 'N', then another
            // untyped message follows), the StartupMessage or a CancelRequest.
            while (true) {
                int length = in.readInt();
                byte[] body = readBody(in, length - 4);
                writeInt(out, length);
                out.write(body);
                out.flush();
                int code = length >= 8 ? toInt(body, 0) : 0;
                if (code != PG_SSL_REQUEST && code != PG_GSSENC_REQUEST) {
                    break;
                }
                throw new IOException("the proxy reads the PostgreSQL protocol in the clear: use sslmode=disable"
                        + " and gssEncMode=disable");
            }
            boolean completing = false; // forwarding the rest of step k's exchange, up to its Sync/Flush
            Action pending = null;
            while (true) {
                if (in.available() == 0) {
                    out.flush();
                }
                int type = in.read();
                if (type < 0) {
                    return;
                }
                int length = in.readInt();
                byte[] body = readBody(in, length - 4);
                boolean step = type == 'Q' || type == 'E';
                if (completing && step) {
                    // step k's exchange is over: the fault happens before this next step
                    fault(out, pending);
                    return;
                }
                if (type == 'P') {
                    String[] parts = cstrings(body, 2);
                    statements.put(parts[0], parts[1]);
                } else if (type == 'B') {
                    String[] parts = cstrings(body, 2);
                    portals.put(parts[0], statements.getOrDefault(parts[1], "?"));
                }
                if (step && !completing) {
                    String text = type == 'Q' ? cstrings(body, 1)[0] : portals.getOrDefault(cstrings(body, 1)[0], "?");
                    Action action = countStep(describe(text));
                    if (action == Action.CUT_BEFORE) {
                        close();
                        return;
                    }
                    if (action == Action.CUT_AFTER) {
                        muted = true;
                    }
                    if (action == Action.TERMINATE || action == Action.CUT_AFTER) {
                        pending = action;
                        completing = true;
                        if (action == Action.TERMINATE) {
                            synchronized (replyGate) {
                                muted = true; // replies wait until the kill was sent (see fault)
                            }
                        }
                    }
                }
                out.write(type);
                writeInt(out, length);
                out.write(body);
                if (completing && (type == 'Q' || type == 'S' || type == 'H')) {
                    fault(out, pending);
                    return;
                }
            }
        }

        private void mysqlClient(DataInputStream in, OutputStream out) throws IOException {
            byte[] header = new byte[4];
            while (true) {
                if (in.available() == 0) {
                    out.flush();
                }
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    return;
                }
                int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
                int sequence = header[3] & 0xff;
                byte[] body = readBody(in, length);
                boolean step = sequence == 0 && length > 0 && (body[0] == 0x03 || body[0] == 0x17);
                Action action = Action.FORWARD;
                if (step) {
                    String text = body[0] == 0x03
                            ? new String(body, 1, body.length - 1, StandardCharsets.UTF_8) : "COM_STMT_EXECUTE";
                    action = countStep(describe(text));
                }
                if (action == Action.CUT_BEFORE) {
                    close();
                    return;
                }
                if (action != Action.FORWARD) {
                    synchronized (replyGate) {
                        muted = true;
                    }
                }
                out.write(header);
                out.write(body);
                if (action != Action.FORWARD) {
                    fault(out, action);
                    return;
                }
            }
        }

        /** Step k is written (not yet flushed): cut or kill. Replies are muted meanwhile. */
        private void fault(OutputStream out, Action action) throws IOException {
            out.flush();
            if (action == Action.CUT_AFTER) {
                close();
                return;
            }
            // TERMINATE: the kill goes out while the replies are held back; then they flow again, so the client
            // sees what the server sent, its reply to step k if that finished first, and the connection's end.
            try {
                killer.kill(backendId);
            } catch (Throwable t) {
                killFailed(t);
            }
            synchronized (replyGate) {
                muted = false;
                replyGate.notifyAll();
            }
            // keep forwarding whatever the client still sends until the server closes the connection
            byte[] buffer = new byte[8192];
            InputStream in = client.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }

        private void serverToClient() {
            try (InputStream raw = server.getInputStream(); OutputStream out = client.getOutputStream()) {
                DataInputStream in = new DataInputStream(raw);
                byte[] greeting = protocol == Protocol.POSTGRESQL ? pgUntilBackendKey(in) : mysqlHandshake(in);
                send(out, greeting, greeting.length);
                byte[] buffer = new byte[65536];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    send(out, buffer, n);
                }
            } catch (IOException e) {
                // either side went away
            } finally {
                // the server ended the connection (or the client): the client sees its end
                close();
            }
        }

        private void send(OutputStream out, byte[] data, int length) throws IOException {
            synchronized (replyGate) {
                while (muted && !closed) {
                    try {
                        replyGate.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
                if (closed) {
                    throw new SocketException("closed by the proxy");
                }
                out.write(data, 0, length);
                out.flush();
            }
        }

        /** Reads the server's messages up to and including BackendKeyData (or an error), learning the pid. */
        private byte[] pgUntilBackendKey(DataInputStream in) throws IOException {
            java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
            while (true) {
                int type = in.read();
                if (type < 0) {
                    throw new EOFException();
                }
                int length = in.readInt();
                byte[] body = readBody(in, length - 4);
                seen.write(type);
                writeInt(seen, length);
                seen.write(body);
                if (type == 'K') {
                    backendId = toInt(body, 0);
                    return seen.toByteArray();
                }
                if (type == 'E' || type == 'Z') {
                    return seen.toByteArray(); // an error, or no key (a cancel connection gets none)
                }
            }
        }

        /** Reads the initial handshake packet: protocol version, NUL-terminated server version, connection id. */
        private byte[] mysqlHandshake(DataInputStream in) throws IOException {
            byte[] header = new byte[4];
            in.readFully(header);
            int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
            byte[] body = readBody(in, length);
            if (body.length > 0 && body[0] == 10) {
                int nul = 1;
                while (nul < body.length && body[nul] != 0) {
                    nul++;
                }
                if (nul + 4 < body.length) {
                    backendId = (body[nul + 1] & 0xffL) | (body[nul + 2] & 0xffL) << 8 | (body[nul + 3] & 0xffL) << 16
                            | (body[nul + 4] & 0xffL) << 24;
                }
            }
            byte[] packet = new byte[4 + body.length];
            System.arraycopy(header, 0, packet, 0, 4);
            System.arraycopy(body, 0, packet, 4, body.length);
            return packet;
        }
    }

    /** The SQL of a step for the log: string and number literals masked (they may be bind values inlined). */
    public static String describe(String sql) {
        String masked = sql.replaceAll("'(?:[^']|'')*'", "'?'").replaceAll("\\$\\d+", "?").replaceAll("\\b\\d+\\b", "?").replaceAll("\\s+", " ");
        return masked.length() > 90 ? masked.substring(0, 90) + "…" : masked;
    }

    private static byte[] readBody(DataInputStream in, int length) throws IOException {
        if (length < 0 || length > (1 << 30)) {
            throw new IOException("implausible message length " + length);
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }

    /** The first {@code count} NUL-terminated strings of a message body. */
    private static String[] cstrings(byte[] body, int count) {
        String[] out = new String[count];
        int start = 0;
        for (int i = 0; i < count; i++) {
            int end = start;
            while (end < body.length && body[end] != 0) {
                end++;
            }
            out[i] = new String(body, start, end - start, StandardCharsets.UTF_8);
            start = end + 1;
        }
        return out;
    }

    private static int toInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static void writeInt(OutputStream out, int v) throws IOException {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
