package io.raftkv.kv.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KvException;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.ResponseHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The server side of etcd's Lock and Election: the recipes' queue with leases the caller keeps. */
class LeaseRecipesTest {
    private static final ByteString LOCK = Bytes.of("/locks/job");
    private static final ByteString ELECTION = Bytes.of("/elections/e");

    private final RecipeFixture fixture = new RecipeFixture();
    private final LeaseRecipes recipes = new LeaseRecipes(fixture.client);

    private long lease() {
        return fixture.now(fixture.client.leases().grant(60)).getID();
    }

    private static String keyOf(ByteString name, long lease) {
        return name.toStringUtf8() + "/" + Long.toHexString(lease);
    }

    @Test
    void locksAreGrantedInOrderAndACancelledWaiterLeavesTheQueue() {
        long first = lease();
        long second = lease();
        long third = lease();
        LeaseRecipes.Held held = fixture.now(recipes.lock(LOCK, first));
        assertEquals(keyOf(LOCK, first), held.key().toStringUtf8());
        assertEquals(first, held.lease());
        assertTrue(held.header().getRevision() >= held.revision());

        CompletableFuture<LeaseRecipes.Held> secondWaits = recipes.lock(LOCK, second);
        CompletableFuture<LeaseRecipes.Held> thirdWaits = recipes.lock(LOCK, third);
        fixture.pending(secondWaits, "the second lock, while the first holds");
        fixture.pending(thirdWaits, "the third lock, while the first holds");
        assertEquals(3, fixture.keysUnder("/locks/job/").size());

        thirdWaits.cancel(false);
        fixture.scheduler.runDue();
        assertEquals(2, fixture.keysUnder("/locks/job/").size(), "the cancelled waiter's key is gone");

        fixture.now(recipes.unlock(held.key()));
        LeaseRecipes.Held next = fixture.now(secondWaits);
        assertEquals(keyOf(LOCK, second), next.key().toStringUtf8());
        assertTrue(next.revision() > held.revision());
    }

    @Test
    void aLockWithALeaseThatIsGoneIsRefused() {
        long gone = lease();
        fixture.now(fixture.client.leases().revoke(gone));
        KvException refused = fixture.failure(KvException.class, recipes.lock(LOCK, gone));
        assertEquals(KvError.Code.LEASE_NOT_FOUND, refused.code());
        assertTrue(fixture.keysUnder("/locks/job/").isEmpty());
    }

    @Test
    void aWaiterWhoseLeaseGoesFailsWhenItsTurnComes() {
        long first = lease();
        long second = lease();
        LeaseRecipes.Held held = fixture.now(recipes.lock(LOCK, first));
        CompletableFuture<LeaseRecipes.Held> waiting = recipes.lock(LOCK, second);
        fixture.pending(waiting, "the second lock");

        fixture.now(fixture.client.leases().revoke(second));
        fixture.now(recipes.unlock(held.key()));
        RecipeException lost = fixture.failure(RecipeException.class, waiting);
        assertEquals(RecipeException.Reason.SESSION_EXPIRED, lost.reason());
    }

    @Test
    void proclaimAndResignActOnlyForTheLeadershipTheyName() {
        long first = lease();
        long second = lease();
        LeaseRecipes.Held won = fixture.now(recipes.campaign(ELECTION, first, Bytes.of("a")));
        assertEquals("a", leaderValue());
        CompletableFuture<LeaseRecipes.Held> next = recipes.campaign(ELECTION, second, Bytes.of("b"));
        fixture.pending(next, "the second candidate");

        RecipeException wrongRevision = fixture.failure(RecipeException.class,
                recipes.proclaim(ELECTION, won.key(), won.revision() + 100, first, Bytes.of("x")));
        assertEquals(RecipeException.Reason.NOT_ELECTION_LEADER, wrongRevision.reason());
        RecipeException wrongLease = fixture.failure(RecipeException.class,
                recipes.proclaim(ELECTION, won.key(), won.revision(), second, Bytes.of("x")));
        assertEquals(RecipeException.Reason.NOT_ELECTION_LEADER, wrongLease.reason());
        assertEquals("a", leaderValue());

        fixture.now(recipes.proclaim(ELECTION, won.key(), won.revision(), first, Bytes.of("a2")));
        assertEquals("a2", leaderValue());

        // Resigning with a wrong revision deletes nothing.
        fixture.now(recipes.resign(ELECTION, won.key(), won.revision() + 100, first));
        fixture.pending(next, "the second candidate, after a resign that named another leadership");
        fixture.now(recipes.resign(ELECTION, won.key(), won.revision(), first));
        LeaseRecipes.Held runnerUp = fixture.now(next);
        assertEquals(keyOf(ELECTION, second), runnerUp.key().toStringUtf8());
        assertEquals("b", leaderValue());

        RecipeException over = fixture.failure(RecipeException.class,
                recipes.proclaim(ELECTION, won.key(), won.revision(), first, Bytes.of("late")));
        assertEquals(RecipeException.Reason.NOT_ELECTION_LEADER, over.reason());
        fixture.now(recipes.resign(ELECTION, won.key(), won.revision(), first)); // over already: no error
        assertEquals("b", leaderValue());
    }

    @Test
    void leaderIsEmptyWithoutCandidatesAndObserveReportsEachLeaderWithAHeader() {
        LeaseRecipes.Leader nobody = fixture.now(recipes.leader(ELECTION));
        assertTrue(nobody.kv().isEmpty());
        assertTrue(nobody.header().getRevision() > 0);

        List<KeyValue> leaders = new ArrayList<>();
        List<ResponseHeader> headers = new ArrayList<>();
        LeaderObserver observer = recipes.observe(ELECTION, (kv, header) -> {
            leaders.add(kv);
            headers.add(header);
        });
        long first = lease();
        LeaseRecipes.Held won = fixture.now(recipes.campaign(ELECTION, first, Bytes.of("a")));
        fixture.now(recipes.proclaim(ELECTION, won.key(), won.revision(), first, Bytes.of("a2")));
        fixture.scheduler.runDue();

        assertEquals(List.of("a", "a2"), leaders.stream().map(kv -> kv.getValue().toStringUtf8()).toList());
        for (int i = 0; i < leaders.size(); i++) {
            assertTrue(headers.get(i).getRevision() >= leaders.get(i).getModRevision());
        }
        observer.close();
        fixture.now(observer.stopped());
        assertFalse(observer.stopped().isCompletedExceptionally());
    }

    private String leaderValue() {
        return fixture.now(recipes.leader(ELECTION)).kv().map(kv -> kv.getValue().toStringUtf8()).orElse("<none>");
    }
}
