package io.raftkv.kv.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.TxnRequest;
import io.raftkv.raft.runtime.IndeterminateStateException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ElectionTest {
    private static final String NAME = "/services/scheduler/leader";

    private final RecipeFixture fixture = new RecipeFixture();

    private Election candidate(long ttlSeconds) {
        return new Election(fixture.session(ttlSeconds), NAME);
    }

    private String leaderValue(Election election) {
        return fixture.now(election.leader()).map(kv -> kv.getValue().toStringUtf8()).orElse("<none>");
    }

    @Test
    void campaignProclaimAndResignAreObservedInOrder() {
        Election first = candidate(60);
        Election second = candidate(60);
        List<String> observed = new ArrayList<>();
        LeaderObserver observer = second.observe(leader -> observed.add(leader.getValue().toStringUtf8()));

        FencingToken firstToken = fixture.now(first.campaign("node-1"));
        CompletableFuture<FencingToken> secondCampaign = second.campaign("node-2");
        fixture.pending(secondCampaign, "the second candidate, while the first leads");
        fixture.now(first.proclaim("node-1 at v2"));
        assertEquals("node-1 at v2", leaderValue(second));

        assertTrue(fixture.now(first.resign()));
        FencingToken secondToken = fixture.now(secondCampaign);
        fixture.now(second.proclaim("node-2 at v2"));

        assertTrue(firstToken.isOlderThan(secondToken));
        assertEquals(List.of("node-1", "node-1 at v2", "node-2", "node-2 at v2"), observed,
                "each leader and each new value once, in order; the second's candidacy alone is not a leader change");
        observer.close();
        fixture.now(observer.stopped());
        fixture.now(second.proclaim("node-2 at v3"));
        assertEquals(4, observed.size(), "a closed observer hears nothing more");
        assertTrue(fixture.service.openWatches().isEmpty());
    }

    @Test
    void anObserverStartsWithTheCurrentLeader() {
        Election leader = candidate(60);
        fixture.now(leader.campaign("node-1"));
        List<KeyValue> observed = new ArrayList<>();

        leader.observe(observed::add);
        fixture.scheduler.runDue();

        assertEquals(1, observed.size());
        assertEquals(leader.key(), observed.get(0).getKey());
    }

    @Test
    void theLeaderIsTheFirstCandidateCreatedAndThereIsNoneWithoutCandidates() {
        Election first = candidate(60);
        Election second = candidate(60);
        assertEquals("<none>", leaderValue(first));

        fixture.now(first.campaign("node-1"));
        second.campaign("node-2");
        fixture.scheduler.runDue();

        assertEquals(first.key(), fixture.now(second.leader()).orElseThrow().getKey());
    }

    @Test
    void proclaimFailsClearlyOnceLeadershipIsLostAndWritesNothing() {
        Election leader = candidate(3);
        Election next = candidate(60);
        fixture.now(leader.campaign("node-1"));
        CompletableFuture<FencingToken> nextCampaign = next.campaign("node-2");

        fixture.cutKeepAlives(leader.session());
        fixture.within(3_000, nextCampaign);

        RecipeException refused = fixture.failure(RecipeException.class, leader.proclaim("node-1 still"));
        assertEquals(RecipeException.Reason.NOT_ELECTION_LEADER, refused.reason());
        assertTrue(refused.getMessage().contains(leader.key().toStringUtf8()), refused.getMessage());
        assertFalse(fixture.get(leader.key()).isPresent(), "the lost leader's key did not come back");
        assertEquals("node-2", leaderValue(next));
        assertFalse(fixture.now(leader.resign()), "resigning a lost leadership deletes nothing");
    }

    @Test
    void proclaimWithoutHavingWonIsRefused() {
        Election candidate = candidate(60);

        RecipeException refused = fixture.failure(RecipeException.class, candidate.proclaim("me"));

        assertEquals(RecipeException.Reason.NOT_ELECTION_LEADER, refused.reason());
        assertTrue(fixture.keysUnder(NAME + "/").isEmpty());
    }

    @Test
    void campaigningAgainAfterALostAnswerKeepsTheKeyAndTakesTheNewValue() {
        Election candidate = candidate(60);
        fixture.service.applyThenLoseAnswer(request -> request instanceof TxnRequest);
        fixture.failure(IndeterminateStateException.class, candidate.campaign("first try"));
        long created = fixture.get(candidate.key()).orElseThrow().getCreateRevision();
        fixture.service.heal();

        FencingToken token = fixture.now(candidate.campaign("second try"));

        assertEquals(created, token.revision());
        assertEquals("second try", leaderValue(candidate));
        assertEquals(1, fixture.keysUnder(NAME + "/").size());
    }
}
