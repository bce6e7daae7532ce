package io.raftkv.simulator.check.linearizability.kv;

import static io.raftkv.simulator.check.linearizability.kv.KvHistory.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.simulator.check.linearizability.CheckResult;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** etcd semantics for one key, each rule shown holding and broken. */
class KvModelTest {

    private static void linearizable(KvHistory history) {
        CheckResult result = history.check();
        assertInstanceOf(CheckResult.Linearizable.class, result, () -> result.toString());
    }

    private static CheckResult.NotLinearizable notLinearizable(KvHistory history) {
        return assertInstanceOf(CheckResult.NotLinearizable.class, history.check());
    }

    /** k = a at revision 2, then k = b at revision 3: version 2, created at 2, last written at 3. */
    private static KvHistory twoPuts() {
        return new KvHistory()
                .put(1, "k", "a", 0, 10, 2)
                .put(1, "k", "b", 20, 30, 3);
    }

    @Test
    void putsCountVersionsAndKeepTheCreateRevision() {
        linearizable(twoPuts().get(2, "k", 40, 50, 3, key("b", 2, 2, 3, 0)));
    }

    @Test
    void aSkippedVersionIsNotLinearizable() {
        CheckResult.NotLinearizable failure = notLinearizable(twoPuts().get(2, "k", 40, 50, 3, key("b", 3, 2, 3, 0)));
        assertTrue(failure.explanation().contains("state after it: Present[value=b, version=2, createRevision=2, "
                + "modRevision=3, lease=0, floor=3]"), failure.explanation());
    }

    @Test
    void aMovedCreateRevisionIsNotLinearizable() {
        notLinearizable(twoPuts().get(2, "k", 40, 50, 3, key("b", 2, 3, 3, 0)));
    }

    @Test
    void aWriteMustCreateARevisionAboveTheKeysModRevision() {
        notLinearizable(new KvHistory()
                .put(1, "k", "a", 0, 10, 5)
                .put(1, "k", "b", 20, 30, 5));
        notLinearizable(new KvHistory()
                .put(1, "k", "a", 0, 10, 5)
                .delete(1, "k", 20, 30, 4, 1));
    }

    @Test
    void aReadClaimingARevisionPastAConcurrentWriteMustSeeIt() {
        KvHistory history = new KvHistory()
                .put(1, "k", "a", 0, 10, 2)
                .put(1, "k", "b", 20, 100, 8);
        linearizable(history.copy().get(2, "k", 30, 40, 7, key("a", 1, 2, 2, 0)));
        notLinearizable(history.copy().get(2, "k", 30, 40, 10, key("a", 1, 2, 2, 0)));
    }

    @Test
    void readsOfAKeyCannotGoBackInRevision() {
        notLinearizable(new KvHistory()
                .put(1, "k", "a", 0, 10, 2)
                .get(2, "k", 20, 30, 9, key("a", 1, 2, 2, 0))
                .get(2, "k", 40, 50, 8, key("a", 1, 2, 2, 0)));
    }

    @Test
    void aReadMustSeeTheValueAndLeaseExactly() {
        KvHistory history = new KvHistory().putWithLease(1, "k", "a", 7, 0, 10, 2);
        linearizable(history.copy().get(2, "k", 20, 30, 2, key("a", 1, 2, 2, 7)));
        notLinearizable(history.copy().get(2, "k", 20, 30, 2, key("a", 1, 2, 2, 0)));
        notLinearizable(history.copy().get(2, "k", 20, 30, 2, key("x", 1, 2, 2, 7)));
    }

    @Test
    void twoClientsBothAcquiringTheLockIsNotLinearizable() {
        CheckResult.NotLinearizable failure = notLinearizable(new KvHistory()
                .lock(1, "lock", 11, 0, 50, 2)
                .lock(2, "lock", 12, 10, 60, 3));
        assertEquals(1, failure.longestPrefix().size());
        assertTrue(failure.explanation().contains("impossible from this state"), failure.explanation());
    }

    @Test
    void theLockCanBeTakenAgainOnceTheHoldersLeaseIsRevoked() {
        linearizable(new KvHistory()
                .lock(1, "lock", 11, 0, 10, 2)
                .lockHeld(2, "lock", 12, 20, 30, 2, key("client-1", 1, 2, 2, 11))
                .revoke(1, 11, "lock", 40, 50, 3)
                .lock(2, "lock", 12, 60, 70, 4)
                .get(3, "lock", 80, 90, 4, key("client-2", 1, 4, 4, 12)));
    }

    @Test
    void aFailedLockMustReportTheActualHolder() {
        notLinearizable(new KvHistory()
                .lock(1, "lock", 11, 0, 10, 2)
                .lockHeld(2, "lock", 12, 20, 30, 2, key("client-3", 1, 2, 2, 11)));
        notLinearizable(new KvHistory()
                .lockHeld(2, "lock", 12, 20, 30, 2, key("client-3", 1, 2, 2, 11)));
    }

    @Test
    void aRevokeDeletesTheKeyOnlyIfItIsStillAttachedToTheLease() {
        KvHistory detached = new KvHistory()
                .putWithLease(1, "k", "a", 7, 0, 10, 2)
                .put(1, "k", "b", 20, 30, 3)
                .revoke(2, 7, "k", 40, 50, 3);
        linearizable(detached.copy().get(3, "k", 60, 70, 3, key("b", 2, 2, 3, 0)));
        notLinearizable(detached.copy().get(3, "k", 60, 70, 3, null));

        KvHistory attached = new KvHistory()
                .putWithLease(1, "k", "a", 7, 0, 10, 2)
                .revoke(2, 7, "k", 40, 50, 3);
        linearizable(attached.copy().get(3, "k", 60, 70, 3, null));
        notLinearizable(attached.copy().get(3, "k", 60, 70, 3, key("a", 1, 2, 2, 7)));
    }

    @Test
    void aDeleteReportsOneDeletedKeyExactlyWhenTheKeyExisted() {
        linearizable(new KvHistory()
                .delete(1, "k", 0, 10, 1, 0)
                .put(1, "k", "a", 20, 30, 2)
                .delete(1, "k", 40, 50, 3, 1)
                .get(1, "k", 60, 70, 3, null));
        notLinearizable(new KvHistory()
                .put(1, "k", "a", 20, 30, 2)
                .delete(1, "k", 40, 50, 2, 0));
    }

    @Test
    void aPutThatSaysTheKeyExistedMustFindIt() {
        notLinearizable(new KvHistory().add(1, new KvInput.Put("k", "a", 0),
                new KvOutput.PutResult(2, KvOutput.Prior.EXISTED), 0, 10));
        linearizable(new KvHistory().add(1, new KvInput.Put("k", "a", 0),
                new KvOutput.PutResult(2, KvOutput.Prior.ABSENT), 0, 10));
    }

    @Test
    void anUnknownPutSeenLaterMustHaveTakenEffectAndItsRevisionsResolve() {
        KvHistory history = new KvHistory()
                .put(1, "k", "a", 0, 10, 2)
                .unknown(2, new KvInput.Put("k", "b", 0), 20)
                .get(3, "k", 100, 110, 9, key("b", 2, 2, 6, 0));
        linearizable(history.copy());
        notLinearizable(history.copy().get(3, "k", 120, 130, 9, key("b", 2, 2, 7, 0)));
        notLinearizable(new KvHistory()
                .put(1, "k", "a", 0, 10, 5)
                .unknown(2, new KvInput.Put("k", "b", 0), 20)
                .get(3, "k", 100, 110, 9, key("b", 2, 5, 5, 0)));
    }

    @Test
    void anUnknownPutNobodySawMayNotHaveTakenEffect() {
        linearizable(new KvHistory()
                .put(1, "k", "a", 0, 10, 2)
                .unknown(2, new KvInput.Put("k", "b", 0), 20)
                .get(3, "k", 100, 110, 9, key("a", 1, 2, 2, 0))
                .put(1, "k", "c", 120, 130, 10)
                .get(3, "k", 140, 150, 10, key("c", 2, 2, 10, 0)));
    }

    @Test
    void anUnknownPutCountsAVersionIfItTookEffect() {
        notLinearizable(new KvHistory()
                .put(1, "k", "a", 0, 10, 2)
                .unknown(2, new KvInput.Put("k", "b", 0), 20)
                .put(1, "k", "c", 120, 130, 10)
                .get(3, "k", 140, 150, 10, key("c", 4, 2, 10, 0)));
        linearizable(new KvHistory()
                .put(1, "k", "a", 0, 10, 2)
                .unknown(2, new KvInput.Put("k", "b", 0), 20)
                .put(1, "k", "c", 120, 130, 10)
                .get(3, "k", 140, 150, 10, key("c", 3, 2, 10, 0)));
    }

    @Test
    void anUnknownLockOnAHeldKeyChangesNothing() {
        notLinearizable(new KvHistory()
                .lock(1, "lock", 11, 0, 10, 2)
                .unknown(2, new KvInput.CreateIfAbsent("lock", "client-2", 12), 20)
                .get(3, "lock", 100, 110, 9, key("client-2", 1, 5, 5, 12)));
    }

    @Test
    void anUnknownLockOnAFreeKeyMayBeWhatAcquiredIt() {
        linearizable(new KvHistory()
                .unknown(2, new KvInput.CreateIfAbsent("lock", "client-2", 12), 0)
                .lockHeld(1, "lock", 11, 20, 30, 4, key("client-2", 1, 3, 3, 12)));
    }

    @Test
    void aRevokeOfALeaseWithNoKeyIsLeftOut() {
        CheckResult result = new KvHistory()
                .put(1, "k", "a", 0, 10, 2)
                .revoke(2, 9, null, 20, 30, 1)
                .check();
        assertEquals(1, assertInstanceOf(CheckResult.Linearizable.class, result).partitions());
    }

    @Test
    void anAnswerOfTheWrongTypeIsABugInTheHistory() {
        KvHistory history = new KvHistory().add(1, new KvInput.Get("k"), new KvOutput.RevokeResult(2), 0, 10);
        assertThrows(IllegalArgumentException.class, history::check);
    }

    @Test
    void unknownGetsAreReadOnly() {
        KvModel model = new KvModel();
        KvState present = new KvState.Present("a", 1, Revision.exact(2), Revision.exact(2), 0, Revision.exact(4));
        for (KvState state : new KvState[] {model.initial(), present}) {
            assertEquals(Optional.of(state), model.step(state, new KvInput.Get("k"), null));
        }
        assertTrue(model.readOnly(new KvInput.Get("k")));
    }
}
