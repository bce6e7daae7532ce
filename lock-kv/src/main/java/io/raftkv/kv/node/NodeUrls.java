package io.raftkv.kv.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The URLs a node listens on and advertises, written as etcd writes them: {@code http://host:port}.
 * Port 0 means "any free port" where a node listens, and "not known yet" for another member.
 * There is no TLS yet, so {@code https} is refused rather than silently served in clear text.
 */
public final class NodeUrls {
    static final String RULE = "must be http://host:port with a port in 0..65535 and no path (no TLS yet)";

    private NodeUrls() {}

    /** Parses {@code text} as a node URL; {@code field} names it in the error. */
    public static URI parse(String field, String text) {
        if (text == null) {
            throw new NodeConfigException(field, null, "must be given");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new NodeConfigException(field, text, RULE);
        }
        check(field, uri);
        return uri;
    }

    /** Fails naming {@code field} unless {@code uri} is a node URL. */
    public static void check(String field, URI uri) {
        if (uri == null) {
            throw new NodeConfigException(field, null, "must be given");
        }
        boolean valid = "http".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() >= 0
                && uri.getPort() <= 65_535 && uri.getUserInfo() == null && uri.getQuery() == null
                && uri.getFragment() == null && (uri.getRawPath() == null || uri.getRawPath().isEmpty()
                || uri.getRawPath().equals("/"));
        if (!valid) {
            throw new NodeConfigException(field, uri, RULE);
        }
    }

    /** The socket address of {@code uri}, its host resolved now. */
    public static InetSocketAddress address(URI uri) {
        return new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    /** The URL of a socket address, as this node advertises it (say, after binding port 0). */
    public static URI of(InetSocketAddress address) {
        String host = address.getHostString();
        String literal = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + literal + ":" + address.getPort());
    }

    /**
     * {@code count} distinct ports that are free on this host now, for a cluster whose members must
     * all know each other's ports before any is bound (processes started with fixed URLs). Another
     * process may take one before it is bound; the node that binds it then fails to start, saying so.
     */
    public static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
