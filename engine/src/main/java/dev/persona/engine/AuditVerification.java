package dev.persona.engine;

/**
 * The result of walking the audit chain.
 *
 * @param intact true when every link, the head and (when unlocked) every seal checked out
 * @param entries how many events were walked
 * @param firstBadSeq sequence of the first broken entry, or -1
 * @param anchoredSeq highest sequence covered by the keyed anchor that was checked, or -1 when the
 *     vault was locked and only the unkeyed hash chain could be checked
 * @param problem key=value description of the first problem, or empty
 */
public record AuditVerification(
    boolean intact, long entries, long firstBadSeq, long anchoredSeq, String problem) {}
