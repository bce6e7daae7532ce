package io.raftkv.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RaftConfigTest {

    private static final List<Long> THREE = List.of(1L, 2L, 3L);

    /** Builds a config from a valid three-node one with one change, expecting a rejection. */
    private static IllegalArgumentException rejected(long nodeId, List<Long> members,
                                                     UnaryOperator<RaftConfig.Builder> change) {
        return assertThrows(IllegalArgumentException.class,
                () -> change.apply(RaftConfig.builder(nodeId, members)).build());
    }

    private static IllegalArgumentException rejected(UnaryOperator<RaftConfig.Builder> change) {
        return rejected(1, THREE, change);
    }

    /** The message names the field and the rule, so a user can fix the right thing. */
    private static void assertNames(IllegalArgumentException e, String field, String rule) {
        String message = e.getMessage();
        assertTrue(message.contains(field), () -> "message should name field " + field + ": " + message);
        assertTrue(message.contains(rule), () -> "message should state rule '" + rule + "': " + message);
    }

    @Test
    void validConfigBuildsWithDefaults() {
        RaftConfig config = RaftConfig.builder(2, THREE).build();

        assertEquals(2, config.nodeId());
        assertEquals(THREE, config.members());
        assertTrue(config.electionTimeoutTicks() > 2 * config.heartbeatIntervalTicks());
    }

    @Test
    void validConfigKeepsEveryFieldSet() {
        RaftConfig config = RaftConfig.builder(3, THREE)
                .electionTimeoutTicks(7).heartbeatIntervalTicks(3).tickIntervalMillis(5)
                .preVote(false).checkQuorum(false).maxInflightAppends(1).maxInflightBytes(2)
                .maxAppendBytes(3).maxUncommittedBytes(4).maxPendingReads(5).build();

        assertEquals(new RaftConfig(3, THREE, 7, 3, 5, false, false, 1, 2, 3, 4, 5), config);
    }

    @Test
    void membersAreCopiedSoLaterChangesToTheCallersListDoNotLeakIn() {
        List<Long> members = new ArrayList<>(THREE);
        RaftConfig config = RaftConfig.builder(1, members).build();
        members.add(4L);

        assertEquals(THREE, config.members());
    }

    @Test
    void forNodeKeepsEverythingButTheNodeId() {
        RaftConfig config = RaftConfig.builder(1, THREE).electionTimeoutTicks(20).build();

        RaftConfig other = config.forNode(3);

        assertEquals(3, other.nodeId());
        assertEquals(config, new RaftConfig(1, other.members(), other.electionTimeoutTicks(),
                other.heartbeatIntervalTicks(), other.tickIntervalMillis(), other.preVote(),
                other.checkQuorum(), other.maxInflightAppends(), other.maxInflightBytes(),
                other.maxAppendBytes(), other.maxUncommittedBytes(), other.maxPendingReads()));
    }

    @Test
    void forNodeOutsideTheMembersIsRejected() {
        RaftConfig config = RaftConfig.builder(1, THREE).build();

        assertNames(assertThrows(IllegalArgumentException.class, () -> config.forNode(9)), "nodeId", "not in members");
    }

    @Test
    void emptyMembersAreRejected() {
        assertNames(rejected(1, List.of(), b -> b), "members", "must not be empty");
    }

    @Test
    void nullMembersAreRejectedAsEmpty() {
        assertNames(rejected(1, null, b -> b), "members", "must not be empty");
    }

    @Test
    void duplicateMemberIsRejected() {
        assertNames(rejected(1, List.of(1L, 2L, 2L), b -> b), "members", "must be distinct");
    }

    @Test
    void nonPositiveMemberIdIsRejected() {
        assertNames(rejected(1, List.of(1L, 0L), b -> b), "members", "must be positive");
        assertNames(rejected(1, List.of(1L, -2L), b -> b), "members", "must be positive");
    }

    @Test
    void nullMemberIdIsRejectedLikeAnyOtherBadIdNotWithANullPointerException() {
        assertNames(rejected(1, Arrays.asList(1L, null), b -> b), "members", "must be positive");
    }

    @Test
    void nonPositiveNodeIdIsRejected() {
        assertNames(rejected(0, THREE, b -> b), "nodeId", "must be positive");
        assertNames(rejected(-1, THREE, b -> b), "nodeId", "must be positive");
    }

    @Test
    void nodeIdNotInMembersIsRejected() {
        assertNames(rejected(4, THREE, b -> b), "nodeId", "not in members");
    }

    @ParameterizedTest(name = "electionTimeoutTicks={0}, heartbeatIntervalTicks={1}")
    @CsvSource({"2, 1", "1, 1", "0, 1", "-5, 1", "10, 5", "9, 5"})
    void electionTimeoutNotLargerThanTwiceTheHeartbeatIsRejected(int electionTicks, int heartbeatTicks) {
        IllegalArgumentException e = rejected(b -> b.electionTimeoutTicks(electionTicks).heartbeatIntervalTicks(heartbeatTicks));

        assertNames(e, "electionTimeoutTicks", "larger than twice heartbeatIntervalTicks");
    }

    @Test
    void electionTimeoutJustLargerThanTwiceTheHeartbeatIsAccepted() {
        RaftConfig config = RaftConfig.builder(1, THREE).electionTimeoutTicks(11).heartbeatIntervalTicks(5).build();

        assertEquals(11, config.electionTimeoutTicks());
    }

    @Test
    void hugeHeartbeatIntervalDoesNotOverflowPastTheElectionTimeoutRule() {
        IllegalArgumentException e = rejected(b -> b.heartbeatIntervalTicks(Integer.MAX_VALUE).electionTimeoutTicks(10));

        assertNames(e, "electionTimeoutTicks", "larger than twice heartbeatIntervalTicks");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "heartbeatIntervalTicks, 0", "heartbeatIntervalTicks, -1",
            "tickIntervalMillis, 0", "tickIntervalMillis, -1",
            "maxInflightAppends, 0", "maxInflightAppends, -1",
            "maxInflightBytes, 0", "maxInflightBytes, -1",
            "maxAppendBytes, 0", "maxAppendBytes, -1",
            "maxUncommittedBytes, 0", "maxUncommittedBytes, -1",
            "maxPendingReads, 0", "maxPendingReads, -1"})
    void limitBelowOneIsRejected(String field, int value) {
        IllegalArgumentException e = rejected(b -> set(b, field, value));

        assertNames(e, field, "at least 1");
    }

    @ParameterizedTest(name = "{0}=1")
    @CsvSource({"tickIntervalMillis", "maxInflightAppends", "maxInflightBytes", "maxAppendBytes",
            "maxUncommittedBytes", "maxPendingReads"})
    void limitOfOneIsAccepted(String field) {
        RaftConfig config = set(RaftConfig.builder(1, THREE), field, 1).build();

        assertEquals(1, config.nodeId());
    }

    private static RaftConfig.Builder set(RaftConfig.Builder b, String field, int value) {
        switch (field) {
            case "heartbeatIntervalTicks": return b.heartbeatIntervalTicks(value);
            case "tickIntervalMillis": return b.tickIntervalMillis(value);
            case "maxInflightAppends": return b.maxInflightAppends(value);
            case "maxInflightBytes": return b.maxInflightBytes(value);
            case "maxAppendBytes": return b.maxAppendBytes(value);
            case "maxUncommittedBytes": return b.maxUncommittedBytes(value);
            case "maxPendingReads": return b.maxPendingReads(value);
            default: throw new IllegalArgumentException("no such limit field: " + field);
        }
    }

    @ParameterizedTest(name = "{0} members need {1}")
    @CsvSource({"1, 1", "2, 2", "3, 2", "4, 3", "5, 3", "6, 4", "7, 4"})
    void quorumIsAMajorityOfTheMembers(int memberCount, int expectedQuorum) {
        List<Long> members = new ArrayList<>();
        for (long id = 1; id <= memberCount; id++) {
            members.add(id);
        }

        assertEquals(expectedQuorum, RaftConfig.builder(1, members).build().quorum());
    }
}
