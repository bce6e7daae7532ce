package io.raftkv.simulator.architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of Java's lexical structure to check imports and calls line by line: comments and
 * the contents of string, char and text-block literals are blanked out (newlines kept, so line
 * numbers stay right), so that a Javadoc or a log message that mentions a banned call is not one.
 */
final class JavaSource {
    private JavaSource() {}

    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+(?:\\.\\*)?)\\s*;");

    record Import(int line, String name, boolean isStatic) {
        /** The package part: the segments before the first capitalised one (a class), or before {@code .*}. */
        String packageName() {
            String[] segments = name.split("\\.");
            StringBuilder result = new StringBuilder();
            for (int i = 0; i < segments.length; i++) {
                boolean last = i == segments.length - 1;
                if (segments[i].equals("*") || Character.isUpperCase(segments[i].charAt(0)) || (last && !isStatic)) {
                    break;
                }
                result.append(result.length() == 0 ? "" : ".").append(segments[i]);
            }
            return result.toString();
        }
    }

    private enum State { CODE, LINE_COMMENT, BLOCK_COMMENT, STRING, CHAR, TEXT_BLOCK }

    /** The source with comments and literal contents replaced by spaces; same length and lines. */
    static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source.length());
        State state = State.CODE;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            char next = i + 1 < source.length() ? source.charAt(i + 1) : '\0';
            switch (state) {
                case CODE:
                    if (c == '/' && next == '/') {
                        state = State.LINE_COMMENT;
                    } else if (c == '/' && next == '*') {
                        state = State.BLOCK_COMMENT;
                        out.append("  ");
                        i += 2;
                        continue;
                    } else if (source.startsWith("\"\"\"", i)) {
                        state = State.TEXT_BLOCK;
                        out.append("\"\"\"");
                        i += 3;
                        continue;
                    } else if (c == '"') {
                        state = State.STRING;
                        out.append(c);
                        i++;
                        continue;
                    } else if (c == '\'') {
                        state = State.CHAR;
                        out.append(c);
                        i++;
                        continue;
                    }
                    break;
                case LINE_COMMENT:
                    if (c == '\n') {
                        state = State.CODE;
                    }
                    break;
                case BLOCK_COMMENT:
                    if (c == '*' && next == '/') {
                        state = State.CODE;
                        out.append("  ");
                        i += 2;
                        continue;
                    }
                    break;
                case STRING:
                case CHAR:
                    char quote = state == State.STRING ? '"' : '\'';
                    if (c == '\\') {
                        out.append(blank(c)).append(blank(next));
                        i += 2;
                        continue;
                    }
                    if (c == quote || c == '\n') {
                        state = State.CODE;
                        out.append(c);
                        i++;
                        continue;
                    }
                    break;
                case TEXT_BLOCK:
                    if (c == '\\') {
                        out.append(blank(c)).append(blank(next));
                        i += 2;
                        continue;
                    }
                    if (source.startsWith("\"\"\"", i)) {
                        state = State.CODE;
                        out.append("\"\"\"");
                        i += 3;
                        continue;
                    }
                    break;
                default:
                    throw new IllegalStateException("unknown state " + state);
            }
            out.append(state == State.CODE ? c : blank(c));
            i++;
        }
        return out.toString();
    }

    private static char blank(char c) {
        return c == '\n' || c == '\r' ? c : ' ';
    }

    static Optional<String> packageOf(String code) {
        Matcher matcher = PACKAGE.matcher(code);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    static List<Import> imports(String code) {
        List<Import> imports = new ArrayList<>();
        String[] lines = lines(code);
        for (int i = 0; i < lines.length; i++) {
            Matcher matcher = IMPORT.matcher(lines[i]);
            if (matcher.find()) {
                imports.add(new Import(i + 1, matcher.group(2), matcher.group(1) != null));
            }
        }
        return imports;
    }

    static String[] lines(String code) {
        return code.split("\n", -1);
    }
}
