package io.raftkv.kv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo end to end: three node JVMs spawned from this one, killed and restarted. */
class DemoCommandTest {

    @Test
    @Timeout(120)
    void theWholeStoryPlaysOutAndNoNodeProcessIsLeftBehind() {
        List<ProcessHandle> childrenBefore = ProcessHandle.current().children().toList();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = new DemoCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(new String[0]);
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(0, status, out);
        for (String step : List.of("\\(a\\) done: n\\d holds the lock with token \\d+",
                "\\(b\\) SIGKILL n\\d, the lock holder", "\\(b\\) n\\d took the lock .* token (\\d+) > (\\d+)",
                "\\(b\\) done: n\\d caught up", "\\(c\\) SIGKILL n\\d, the Raft leader in term \\d+",
                "\\(c\\) n\\d leads in term \\d+", "\\(c\\) done: under leader n\\d", "\\(d\\) done: n\\d caught up",
                "the whole story played out")) {
            assertTrue(Pattern.compile(step).matcher(out).find(), "no line like '" + step + "' in:\n" + out);
        }
        assertTrue(Pattern.compile("\\[n\\d] worker n\\d: acquired /cron/lock/job9 token=\\d+").matcher(out).find(), out);
        assertTrue(Pattern.compile("\\[n\\d] worker n\\d: lock busy: held by n\\d token=\\d+").matcher(out).find(), out);
        assertEquals(childrenBefore, ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList(),
                "node processes left behind");
    }

    @Test
    void argumentsAreRefused() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(2, new DemoCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(new String[] {"x"}));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("demo: takes no arguments (got x)"));
    }

    @Test
    void workerAndNodeLinesReadBackAsTheyWereWritten() {
        List<DemoLine> lines = List.of(new DemoLine.Acquired("n2", "/cron/lock/job9", 17),
                new DemoLine.Busy("n1", "n2", 17), new DemoLine.KeptAlive("n2", 3), new DemoLine.Leader("n3", "n1", 4),
                new DemoLine.LocalRead("n2", "/cron/lock/job9", "n1", 17, 23),
                new DemoLine.LocalRead("n2", "/cron/lock/job9", DemoLine.LocalRead.ABSENT, 0, 1));
        for (DemoLine line : lines) {
            assertEquals(line, DemoLine.parse(line.toString()).orElseThrow(), line.toString());
        }
        assertTrue(DemoLine.parse("worker n2: running job9 (token 17)").isEmpty());
    }
}
