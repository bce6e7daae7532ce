package io.raftkv.kv.cli;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.proto.Compare;
import io.raftkv.kv.proto.Compare.CompareResult;
import io.raftkv.kv.proto.Compare.CompareTarget;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.TxnRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * etcdctl's transaction syntax, as {@code etcdctl txn} reads it from standard input: compares, one
 * a line, up to a blank line; then the success requests up to a blank line; then the failure
 * requests up to a blank line or the end of input.
 *
 * <pre>
 *   value("k") = "v"        create("k") = "0"      mod("k") &gt; "3"      version("k") != "1"
 *   lease("k") = "694d7b5a9e1c3f0b"   (targets may be shortened: c, m, ver, val)
 *   put k v [--lease=ID]    get k [--prefix]       del k [--prefix]
 * </pre>
 *
 * Words may be double-quoted, with backslash escapes inside quotes.
 */
public final class TxnScript {
    private TxnScript() {
    }

    /** Reads the three parts from {@code in}; prompts (if not null) go before each part, as etcdctl -i prints them. */
    public static TxnRequest read(BufferedReader in, java.io.PrintStream prompts) throws IOException, UsageException {
        TxnRequest.Builder txn = TxnRequest.newBuilder();
        prompt(prompts, "compares:");
        for (String line : section(in)) {
            txn.addCompare(compare(line));
        }
        prompt(prompts, "success requests (get, put, del):");
        for (String line : section(in)) {
            txn.addSuccess(op(line));
        }
        prompt(prompts, "failure requests (get, put, del):");
        for (String line : section(in)) {
            txn.addFailure(op(line));
        }
        return txn.build();
    }

    private static void prompt(java.io.PrintStream prompts, String text) {
        if (prompts != null) {
            prompts.println(text);
        }
    }

    private static List<String> section(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null && !line.isBlank()) {
            lines.add(line.trim());
        }
        return lines;
    }

    /** One compare: {@code target("key") op "operand"}. */
    public static Compare compare(String line) throws UsageException {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open <= 0 || close < open) {
            throw new UsageException("txn compare '" + line + "': must be target(\"key\") op \"value\"");
        }
        CompareTarget target = switch (line.substring(0, open).trim()) {
            case "c", "create", "createrevision", "create_revision" -> CompareTarget.CREATE;
            case "m", "mod", "modrevision", "mod_revision" -> CompareTarget.MOD;
            case "ver", "version" -> CompareTarget.VERSION;
            case "val", "value" -> CompareTarget.VALUE;
            case "lease" -> CompareTarget.LEASE;
            default -> throw new UsageException("txn compare '" + line + "': unknown target '"
                    + line.substring(0, open).trim() + "' (create, mod, version, value, lease)");
        };
        List<String> keyWords = words(line.substring(open + 1, close), line);
        List<String> rest = words(line.substring(close + 1), line);
        if (keyWords.size() != 1 || rest.size() != 2) {
            throw new UsageException("txn compare '" + line + "': must be target(\"key\") op \"value\"");
        }
        CompareResult result = switch (rest.get(0)) {
            case "=", "==" -> CompareResult.EQUAL;
            case "!=" -> CompareResult.NOT_EQUAL;
            case "<" -> CompareResult.LESS;
            case ">" -> CompareResult.GREATER;
            default -> throw new UsageException("txn compare '" + line + "': unknown operator '" + rest.get(0)
                    + "' (=, !=, <, >)");
        };
        String operand = rest.get(1);
        Compare.Builder compare = Compare.newBuilder().setKey(Bytes.of(keyWords.get(0))).setTarget(target)
                .setResult(result);
        switch (target) {
            case VALUE -> compare.setValue(Bytes.of(operand));
            case LEASE -> compare.setLease(EtcdctlArgs.leaseId("txn compare '" + line + "': lease", operand));
            default -> {
                long number;
                try {
                    number = Long.parseLong(operand);
                } catch (NumberFormatException notANumber) {
                    throw new UsageException("txn compare '" + line + "': '" + operand + "' must be a whole number");
                }
                switch (target) {
                    case CREATE -> compare.setCreateRevision(number);
                    case MOD -> compare.setModRevision(number);
                    default -> compare.setVersion(number);
                }
            }
        }
        return compare.build();
    }

    /** One request: {@code put k v [--lease=ID]}, {@code get k [--prefix]} or {@code del k [--prefix]}. */
    public static RequestOp op(String line) throws UsageException {
        List<String> words = words(line, line);
        if (words.isEmpty()) {
            throw new UsageException("txn request '" + line + "' is empty");
        }
        String verb = words.get(0);
        List<String> rest = words.subList(1, words.size());
        try {
            switch (verb) {
                case "put" -> {
                    EtcdctlArgs args = EtcdctlArgs.parse(rest, Set.of("--lease"), Set.of(), 0);
                    List<String> kv = args.positional(2, 2, "put KEY VALUE");
                    PutRequest.Builder put = PutRequest.newBuilder().setKey(Bytes.of(kv.get(0))).setValue(Bytes.of(kv.get(1)));
                    if (args.value("--lease") != null) {
                        put.setLease(EtcdctlArgs.leaseId("--lease", args.value("--lease")));
                    }
                    return RequestOp.newBuilder().setRequestPut(put).build();
                }
                case "get" -> {
                    EtcdctlArgs args = EtcdctlArgs.parse(rest, Set.of(), Set.of("--prefix"), 0);
                    ByteString key = Bytes.of(args.positional(1, 1, "get KEY").get(0));
                    RangeRequest.Builder get = RangeRequest.newBuilder().setKey(key);
                    if (args.isSet("--prefix")) {
                        get.setRangeEnd(KeyInterval.prefixEnd(key));
                    }
                    return RequestOp.newBuilder().setRequestRange(get).build();
                }
                case "del", "delete" -> {
                    EtcdctlArgs args = EtcdctlArgs.parse(rest, Set.of(), Set.of("--prefix"), 0);
                    ByteString key = Bytes.of(args.positional(1, 1, "del KEY").get(0));
                    DeleteRangeRequest.Builder del = DeleteRangeRequest.newBuilder().setKey(key);
                    if (args.isSet("--prefix")) {
                        del.setRangeEnd(KeyInterval.prefixEnd(key));
                    }
                    return RequestOp.newBuilder().setRequestDeleteRange(del).build();
                }
                default -> throw new UsageException("unknown verb '" + verb + "' (put, get, del)");
            }
        } catch (UsageException bad) {
            throw new UsageException("txn request '" + line + "': " + bad.getMessage());
        }
    }

    /** Splits on blanks; a double-quoted word keeps its blanks and takes \" \\ \n \t escapes. */
    static List<String> words(String text, String line) throws UsageException {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            StringBuilder word = new StringBuilder();
            if (c == '"') {
                i++;
                boolean closed = false;
                while (i < text.length()) {
                    char d = text.charAt(i++);
                    if (d == '"') {
                        closed = true;
                        break;
                    }
                    if (d == '\\' && i < text.length()) {
                        char e = text.charAt(i++);
                        word.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
                    } else {
                        word.append(d);
                    }
                }
                if (!closed) {
                    throw new UsageException("txn line '" + line + "': unterminated quote");
                }
            } else {
                while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                    word.append(text.charAt(i++));
                }
            }
            words.add(word.toString());
        }
        return words;
    }
}
