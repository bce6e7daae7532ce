package io.raftkv.kv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.proto.Compare;
import io.raftkv.kv.proto.Compare.CompareResult;
import io.raftkv.kv.proto.Compare.CompareTarget;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.TxnRequest;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TxnScriptTest {
    @Test
    void readsEtcdctlsThreeParts() throws Exception {
        String script = """
                create("/k") = "0"
                value("/k") != "a b"
                mod("/k") > "3"
                version("/k") < "2"

                put /k "hello world"
                get /k --prefix

                del /k
                """;
        TxnRequest txn = TxnScript.read(new BufferedReader(new StringReader(script)), null);
        assertEquals(List.of(
                Compare.newBuilder().setKey(Bytes.of("/k")).setTarget(CompareTarget.CREATE)
                        .setResult(CompareResult.EQUAL).setCreateRevision(0).build(),
                Compare.newBuilder().setKey(Bytes.of("/k")).setTarget(CompareTarget.VALUE)
                        .setResult(CompareResult.NOT_EQUAL).setValue(Bytes.of("a b")).build(),
                Compare.newBuilder().setKey(Bytes.of("/k")).setTarget(CompareTarget.MOD)
                        .setResult(CompareResult.GREATER).setModRevision(3).build(),
                Compare.newBuilder().setKey(Bytes.of("/k")).setTarget(CompareTarget.VERSION)
                        .setResult(CompareResult.LESS).setVersion(2).build()), txn.getCompareList());
        assertEquals(2, txn.getSuccessCount());
        assertEquals("hello world", txn.getSuccess(0).getRequestPut().getValue().toStringUtf8());
        assertEquals(KeyInterval.prefixEnd(Bytes.of("/k")), txn.getSuccess(1).getRequestRange().getRangeEnd());
        assertEquals(1, txn.getFailureCount());
        assertEquals("/k", txn.getFailure(0).getRequestDeleteRange().getKey().toStringUtf8());
    }

    @Test
    void missingPartsAreEmpty() throws Exception {
        TxnRequest txn = TxnScript.read(new BufferedReader(new StringReader("\nput a b\n")), null);
        assertEquals(0, txn.getCompareCount());
        assertEquals(1, txn.getSuccessCount());
        assertEquals(0, txn.getFailureCount());
    }

    @Test
    void leaseComparesAndPutsTakeHexIds() throws Exception {
        assertEquals(0x694d7b5a9e1c3f0bL, TxnScript.compare("lease(\"k\") = \"694d7b5a9e1c3f0b\"").getLease());
        RequestOp put = TxnScript.op("put k v --lease=0x10");
        assertEquals(16, put.getRequestPut().getLease());
    }

    @Test
    void badLinesAreNamed() {
        assertTrue(assertThrows(UsageException.class, () -> TxnScript.compare("size(\"k\") = \"1\"")).getMessage()
                .contains("unknown target 'size'"));
        assertTrue(assertThrows(UsageException.class, () -> TxnScript.compare("mod(\"k\") >= \"1\"")).getMessage()
                .contains("unknown operator '>='"));
        assertTrue(assertThrows(UsageException.class, () -> TxnScript.compare("mod(\"k\") = \"x\"")).getMessage()
                .contains("'x' must be a whole number"));
        assertTrue(assertThrows(UsageException.class, () -> TxnScript.compare("value(\"k) = \"x\"")).getMessage()
                .contains("value(\"k) = \"x\""));
        assertTrue(assertThrows(UsageException.class, () -> TxnScript.op("cas k v")).getMessage()
                .contains("unknown verb 'cas'"));
        assertTrue(assertThrows(UsageException.class, () -> TxnScript.op("put k")).getMessage()
                .contains("put KEY VALUE"));
        assertTrue(assertThrows(UsageException.class, () -> TxnScript.op("get k --rev=3")).getMessage()
                .contains("unknown flag '--rev'"));
    }

    @Test
    void flagsTakeBothSpellingsAndRefuseUnknownOnes() throws Exception {
        EtcdctlArgs args = EtcdctlArgs.parse(List.of("k", "--rev=5", "--limit", "2", "--prefix"),
                Set.of("--rev", "--limit"), Set.of("--prefix"), 0);
        assertEquals(List.of("k"), args.positional());
        assertEquals(5, args.number("--rev", 0, 0));
        assertEquals(2, args.number("--limit", 0, 0));
        assertTrue(args.isSet("--prefix"));
        assertTrue(assertThrows(UsageException.class, () -> EtcdctlArgs.parse(List.of("--bogus"), Set.of(), Set.of(), 0))
                .getMessage().contains("--bogus"));
        assertTrue(assertThrows(UsageException.class, () -> EtcdctlArgs.parse(List.of("--rev"), Set.of("--rev"),
                Set.of(), 0)).getMessage().contains("--rev needs a value"));
        EtcdctlArgs bad = EtcdctlArgs.parse(List.of("--rev=x"), Set.of("--rev"), Set.of(), 0);
        assertTrue(assertThrows(UsageException.class, () -> bad.number("--rev", 0, 0)).getMessage()
                .contains("--rev 'x'"));
        EtcdctlArgs lock = EtcdctlArgs.parse(List.of("name", "--ttl=5", "ls", "--color"), Set.of("--ttl"), Set.of(), 2);
        assertEquals(List.of("name", "ls", "--color"), lock.positional());
        assertEquals(5, lock.number("--ttl", 10, 1));
    }

    @Test
    void endpointsAreHostPortsOrHttpUrls() throws Exception {
        assertEquals(List.of(InetSocketAddress.createUnresolved("127.0.0.1", 2379),
                        InetSocketAddress.createUnresolved("node2", 22379)),
                EtcdctlArgs.endpoints("127.0.0.1:2379,http://node2:22379"));
        assertTrue(assertThrows(UsageException.class, () -> EtcdctlArgs.endpoints("https://a:1")).getMessage()
                .contains("--endpoints"));
        assertTrue(assertThrows(UsageException.class, () -> EtcdctlArgs.endpoints("nohost")).getMessage()
                .contains("'nohost'"));
        assertEquals(0x694d7b5a9e1c3f0bL, EtcdctlArgs.leaseId("id", "694d7b5a9e1c3f0b"));
        assertThrows(UsageException.class, () -> EtcdctlArgs.leaseId("id", "xyz"));
    }
}
