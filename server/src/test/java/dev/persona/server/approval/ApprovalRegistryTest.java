package dev.persona.server.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.server.transport.ClientSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApprovalRegistryTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  /** An approver that records what it is asked and answers only when the test says so. */
  private static final class ScriptedApprover implements Approver {
    final List<ApprovalRegistry.Pending> asked = new CopyOnWriteArrayList<>();
    final AtomicReference<Consumer<Boolean>> answer = new AtomicReference<>();
    final AtomicInteger cancelled = new AtomicInteger();

    @Override
    public Prompt ask(final ApprovalRegistry.Pending pending, final Consumer<Boolean> reply) {
      asked.add(pending);
      answer.set(reply);
      return cancelled::incrementAndGet;
    }
  }

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  private ApprovalRegistry registry(final long timeoutMs) {
    return new ApprovalRegistry(SystemEpochClock.INSTANCE, scheduler, timeoutMs);
  }

  @Test
  void shouldLetTheApproverAllowAndIgnoreALaterCliAnswer() {
    final ApprovalRegistry registry = registry(60_000);
    final ScriptedApprover approver = new ScriptedApprover();
    registry.approver(approver);
    final List<Boolean> decisions = new CopyOnWriteArrayList<>();
    registry.request("ssh.sign", "deploy", "github.com", ClientSession.local(), decisions::add);
    assertEquals(1, approver.asked.size());
    final ApprovalRegistry.Pending pending = approver.asked.get(0);
    assertEquals("github.com", pending.destination());
    approver.answer.get().accept(true);
    assertFalse(registry.decide(pending.id(), false, 0), "already decided");
    assertEquals(List.of(true), decisions);
    assertTrue(registry.pending().isEmpty());
  }

  @Test
  void shouldWithdrawThePromptWhenTheCliDecidesFirstAndIgnoreItsLateAnswer() {
    final ApprovalRegistry registry = registry(60_000);
    final ScriptedApprover approver = new ScriptedApprover();
    registry.approver(approver);
    final List<Boolean> decisions = new CopyOnWriteArrayList<>();
    registry.request("item.reveal", "db", ClientSession.local(), decisions::add);
    assertTrue(registry.decide(approver.asked.get(0).id(), false, 0));
    assertEquals(1, approver.cancelled.get(), "the prompt is withdrawn");
    approver.answer.get().accept(true);
    assertEquals(List.of(false), decisions, "the first answer wins");
  }

  @Test
  void shouldWithdrawThePromptAndDenyOnTimeout() throws Exception {
    final ApprovalRegistry registry = registry(50);
    final ScriptedApprover approver = new ScriptedApprover();
    registry.approver(approver);
    final List<Boolean> decisions = new CopyOnWriteArrayList<>();
    registry.request("ssh.sign", "deploy", ClientSession.local(), decisions::add);
    final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (decisions.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(List.of(false), decisions);
    assertEquals(1, approver.cancelled.get());
  }

  @Test
  void shouldWithdrawAPromptThatArrivesAfterItsRequestWasDecided() {
    final ApprovalRegistry registry = registry(60_000);
    final AtomicInteger cancelled = new AtomicInteger();
    final List<Boolean> decisions = new CopyOnWriteArrayList<>();
    // The approver answers synchronously, before ask() has even returned its prompt.
    registry.approver(
        (pending, reply) -> {
          reply.accept(true);
          return cancelled::incrementAndGet;
        });
    registry.request("ssh.sign", "deploy", ClientSession.local(), decisions::add);
    assertEquals(List.of(true), decisions);
    assertEquals(1, cancelled.get());
  }

  @Test
  void shouldNotAskAnyoneWhenAGrantAnswers() {
    final ApprovalRegistry registry = registry(60_000);
    final ScriptedApprover approver = new ScriptedApprover();
    registry.approver(approver);
    registry.grant("deploy", null, 60_000);
    final List<Boolean> decisions = new CopyOnWriteArrayList<>();
    registry.request("ssh.sign", "deploy", ClientSession.local(), decisions::add);
    assertEquals(List.of(true), decisions);
    assertTrue(approver.asked.isEmpty());
  }

  @Test
  void shouldRememberAnAllowForThePolicyTimeButNeverADenial() {
    final ApprovalRegistry registry = registry(60_000);
    final ScriptedApprover approver = new ScriptedApprover();
    registry.approver(approver);
    final List<ApprovalRegistry.Outcome> outcomes = new CopyOnWriteArrayList<>();
    final ClientSession caller = ClientSession.local();
    registry.ask("ssh.sign", "deny-me", null, 60_000, caller, outcomes::add);
    assertTrue(registry.decide(approver.asked.get(0).id(), false, 0));
    registry.ask("ssh.sign", "deny-me", null, 60_000, caller, outcomes::add);
    assertEquals(2, approver.asked.size(), "a denial is not remembered by the policy time");

    registry.ask("ssh.sign", "deploy", null, 60_000, caller, outcomes::add);
    assertTrue(registry.decide(approver.asked.get(2).id(), true, 0));
    registry.ask("ssh.sign", "deploy", null, 60_000, caller, outcomes::add);
    assertEquals(3, approver.asked.size(), "the allow was remembered: nobody asked again");
    final ApprovalRegistry.Outcome last = outcomes.get(outcomes.size() - 1);
    assertTrue(last.allowed());
    assertEquals(null, last.approvalId());
  }
}
