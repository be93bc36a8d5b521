/** CLI exit codes of DOMAIN.md. */
export const EXIT = { ok: 0, fail: 1, badInput: 2, inconclusive: 3, infra: 4 } as const;
