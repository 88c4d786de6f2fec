package dev.persona.engine;

/**
 * Argon2id cost parameters, stored in the workspace header so that a vault created on a fast
 * machine still opens on a slow one.
 */
public record KdfParams(int memoryKiB, int iterations, int parallelism) {
  /** The strongest setting calibration tries (DESIGN §3). */
  public static final KdfParams DEFAULT = new KdfParams(256 * 1024, 3, 4);

  /** Calibration never goes below this. */
  public static final KdfParams FLOOR = new KdfParams(64 * 1024, 3, 4);

  public KdfParams {
    if (parallelism < 1 || iterations < 1 || memoryKiB < 8 * parallelism) {
      throw new PersonaException(
          PersonaException.Category.BAD_INPUT,
          "field=kdf memoryKiB="
              + memoryKiB
              + " iterations="
              + iterations
              + " parallelism="
              + parallelism);
    }
  }

  /**
   * A cost so small that a test suite can init hundreds of vaults. Never use it for real data: it
   * gives no protection against guessing.
   */
  public static KdfParams testOnlyTiny() {
    return new KdfParams(64, 1, 1);
  }
}
