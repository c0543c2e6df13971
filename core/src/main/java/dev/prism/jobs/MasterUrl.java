package dev.prism.jobs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.regex.Pattern;

/**
 * A Spark master as Prism takes it, checked before anything starts: the forms Spark accepts
 * ({@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]}, {@code local-cluster[N,C,M]},
 * {@code spark://HOST:PORT[,HOST:PORT...]}, {@code yarn}, {@code k8s://URL}), N at least 1; and a
 * standalone master must answer on its port within {@link #CONNECT_MILLIS}, since Spark itself
 * waits a minute and then leaves the driver waiting for executors that never come.
 */
public final class MasterUrl {

    /** How long a standalone master's port may take to accept a connection. */
    public static final int CONNECT_MILLIS = 5000;

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?\\])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[[1-9][0-9]*,[1-9][0-9]*,[1-9][0-9]*\\]");
    private static final Pattern STANDALONE = Pattern.compile("spark://[^:/,\\s]+:[0-9]{1,5}(,[^:/,\\s]+:[0-9]{1,5})*");
    private static final Pattern OTHER = Pattern.compile("yarn|k8s://\\S+");

    private MasterUrl() {}

    /**
     * Refuses a master Spark would not take, or a standalone master none of whose addresses accepts
     * a connection, with one line naming it and saying what would be taken.
     */
    public static void check(String master) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("--master must name a Spark master (local[2], spark://HOST:PORT), got '"
                    + (master == null ? "" : master) + "'");
        }
        if (LOCAL.matcher(master).matches() || LOCAL_CLUSTER.matcher(master).matches() || OTHER.matcher(master).matches()) {
            return;
        }
        if (!STANDALONE.matcher(master).matches()) {
            throw new IllegalArgumentException("--master '" + master + "' is not a Spark master: use local, local[N] or local[*] (N >= 1 "
                    + "threads), local[N,F], spark://HOST:PORT[,HOST:PORT...], yarn or k8s://URL");
        }
        String reasons = "";
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--master '" + master + "': port " + port + " is not in 1..65535");
            }
            String why = reach(hostPort.substring(0, colon), port);
            if (why == null) {
                return;
            }
            reasons += (reasons.isEmpty() ? "" : "; ") + hostPort + ": " + why;
        }
        throw new IllegalArgumentException("--master '" + master + "': no Spark master answers (" + reasons + "); start one (for "
                + "example spark/local-cluster.sh) or check the address");
    }

    /** Null when {@code host:port} accepts a connection within the limit, else why not. */
    private static String reach(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
            return null;
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
