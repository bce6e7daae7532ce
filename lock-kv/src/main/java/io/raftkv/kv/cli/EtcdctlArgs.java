package io.raftkv.kv.cli;

import io.raftkv.kv.node.NodeConfigException;
import io.raftkv.kv.node.NodeUrls;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One etcdctl-style command line: positional arguments and flags. Value flags are written
 * {@code --flag=value} or {@code --flag value}; switches ({@code --prefix}) take no value.
 * {@code --endpoints} is accepted by every command. Unknown flags fail naming them.
 */
public final class EtcdctlArgs {
    public static final String DEFAULT_ENDPOINT = "127.0.0.1:2379";

    private final List<String> positional;
    private final Map<String, String> values;

    private EtcdctlArgs(List<String> positional, Map<String, String> values) {
        this.positional = positional;
        this.values = values;
    }

    /**
     * Parses {@code args} for a command that takes the value flags {@code valueFlags} and the
     * switches {@code switches} (names with their dashes). A lone {@code --} ends the flags; so
     * does reaching {@code stopAfterPositionals} positionals when it is above 0 (2 for {@code lock
     * NAME command args...}, whose command keeps its own flags).
     */
    public static EtcdctlArgs parse(List<String> args, Set<String> valueFlags, Set<String> switches,
                                    int stopAfterPositionals) throws UsageException {
        List<String> positional = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        boolean flagsOver = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (flagsOver || !arg.startsWith("--") || (stopAfterPositionals > 0 && positional.size() >= stopAfterPositionals)) {
                positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                flagsOver = true;
                continue;
            }
            int equals = arg.indexOf('=');
            String flag = equals > 0 ? arg.substring(0, equals) : arg;
            String value;
            if (switches.contains(flag)) {
                value = equals > 0 ? arg.substring(equals + 1) : "true";
                if (!value.equals("true") && !value.equals("false")) {
                    throw new UsageException(flag + " '" + value + "': takes no value (or true/false)");
                }
            } else if (valueFlags.contains(flag) || flag.equals("--endpoints")) {
                if (equals < 0 && i + 1 >= args.size()) {
                    throw new UsageException(flag + " needs a value");
                }
                value = equals > 0 ? arg.substring(equals + 1) : args.get(++i);
            } else {
                throw new UsageException("unknown flag '" + flag + "'");
            }
            if (values.put(flag, value) != null) {
                throw new UsageException(flag + " is given twice");
            }
        }
        return new EtcdctlArgs(positional, values);
    }

    public List<String> positional() {
        return positional;
    }

    /** The positionals, checked to number between {@code min} and {@code max}; {@code usage} names them. */
    public List<String> positional(int min, int max, String usage) throws UsageException {
        if (positional.size() < min || positional.size() > max) {
            throw new UsageException("expected " + usage + ", got " + positional.size() + " argument(s)"
                    + (positional.isEmpty() ? "" : " " + positional));
        }
        return positional;
    }

    public boolean isSet(String flag) {
        return "true".equals(values.get(flag));
    }

    public String value(String flag) {
        return values.get(flag);
    }

    public long number(String flag, long fallback, long min) throws UsageException {
        String value = values.get(flag);
        if (value == null) {
            return fallback;
        }
        try {
            long number = Long.parseLong(value);
            if (number < min) {
                throw new UsageException(flag + " '" + value + "': must be at least " + min);
            }
            return number;
        } catch (NumberFormatException notANumber) {
            throw new UsageException(flag + " '" + value + "': must be a whole number");
        }
    }

    /** The {@code --endpoints} list, each {@code host:port} or {@code http://host:port}, unresolved. */
    public List<InetSocketAddress> endpoints() throws UsageException {
        return endpoints(values.getOrDefault("--endpoints", DEFAULT_ENDPOINT));
    }

    static List<InetSocketAddress> endpoints(String list) throws UsageException {
        List<InetSocketAddress> endpoints = new ArrayList<>();
        for (String entry : list.split(",", -1)) {
            String text = entry.trim();
            String url = text.contains("://") ? text : "http://" + text;
            try {
                URI uri = NodeUrls.parse("--endpoints", url);
                if (uri.getPort() <= 0) {
                    throw new UsageException("--endpoints '" + list + "': endpoint '" + text + "' needs a port");
                }
                endpoints.add(InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()));
            } catch (NodeConfigException bad) {
                throw new UsageException("--endpoints '" + list + "': endpoint '" + text
                        + "' must be host:port or http://host:port");
            }
        }
        return endpoints;
    }

    /** A lease id as etcdctl takes it: hexadecimal, with or without 0x. */
    public static long leaseId(String what, String text) throws UsageException {
        String hex = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        try {
            if (hex.isEmpty() || hex.length() > 16) {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(hex, 16);
        } catch (NumberFormatException notHex) {
            throw new UsageException(what + " '" + text + "': must be a lease ID in hexadecimal");
        }
    }
}
