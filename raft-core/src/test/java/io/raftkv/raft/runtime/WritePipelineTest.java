package io.raftkv.raft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.message.HeartbeatResponse;
import io.raftkv.raft.message.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class WritePipelineTest {
    private final WritePipeline pipeline = new WritePipeline();
    private final Message ack = new HeartbeatResponse(2, 1, 1, 0);

    @Test
    void messagesWithoutAWriteOfTheirOwnWaitBehindTheNewestWrite() {
        WritePipeline.Write write = pipeline.begin(Entry.normal(3, 1, ByteString.EMPTY), List.of());
        assertTrue(pipeline.holdBehindNewest(List.of(ack)));
        assertEquals(List.of(ack), write.messagesAfterPersist);
    }

    @Test
    void withNoWriteInFlightMessagesNeedNotWait() {
        assertFalse(pipeline.holdBehindNewest(List.of(ack)));
    }

    @Test
    void aLaterAcknowledgementCompletesEveryEarlierWriteInOrder() {
        WritePipeline.Write first = pipeline.begin(Entry.normal(1, 1, ByteString.EMPTY), List.of(ack));
        WritePipeline.Write second = pipeline.begin(Entry.normal(2, 1, ByteString.EMPTY), List.of());
        WritePipeline.Write third = pipeline.begin(Entry.normal(3, 1, ByteString.EMPTY), List.of());
        assertEquals(List.of(first, second), pipeline.completeThrough(second));
        assertEquals(List.of(), pipeline.completeThrough(first), "an acknowledgement that arrives late completes nothing");
        assertEquals(1, pipeline.size());
        assertEquals(List.of(third), pipeline.completeThrough(third));
    }

    @Test
    void aHardStateOnlyWriteCarriesNoEntries() {
        WritePipeline.Write write = pipeline.begin(null, List.of(ack));
        assertFalse(write.hasEntries());
        assertEquals(List.of(write), pipeline.completeThrough(write));
        assertEquals(0, pipeline.size());
    }
}
