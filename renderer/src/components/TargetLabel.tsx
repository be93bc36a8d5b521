import type { TargetRef } from '../../../shared/domain/run.js';

/** A target's model, flagged when its answers come from the embedded simulated endpoint. */
export function TargetLabel({ target }: { target: TargetRef }) {
  return (
    <span className="target" title={`${target.name} · ${target.fingerprint}`}>
      <span className="model">{target.model}</span>
      {target.simulated && (
        <span className="badge badge-sim" title="Answers come from the embedded simulated endpoint, not a real model">
          SIMULATED
        </span>
      )}
    </span>
  );
}
